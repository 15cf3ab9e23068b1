"""Markdown tables, the form chapters glue tables into their text in."""

import re


def _cell(value):
    """A cell's text, with any bare "|" escaped so that it cannot end the cell early."""
    return re.sub(r"(?<!\\)\|", r"\\|", str(value))


def markdown_table(header, rows):
    """A Markdown table from a header and rows of cells (each cell shown with
    ``str``)."""
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    return "\n".join(
        lines + ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    )
