"""Markdown tables, the form chapters glue tables into their text in."""


def markdown_table(header, rows):
    """A Markdown table from a header and rows of cells (each cell shown with ``str``)."""
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows])
