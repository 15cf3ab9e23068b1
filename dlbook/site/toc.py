"""The book's pages, in reading order, as the table of contents (`_toc.yml`) lists
them."""

from pathlib import Path

import yaml


def pages(root):
    """The HTML path of every page in ``root``'s ``_toc.yml``: the root, chapters and
    their sections."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def add(entries):
        for entry in entries:
            files.append(entry["file"])
            add(entry.get("sections", []))

    for part in toc.get("parts", []):
        add(part.get("chapters", []))
    return [f"{name}.html" for name in files]
