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


def main_pages(root):
    """The HTML path of every chapter's main page: a table-of-contents entry with
    sections."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    return [
        f"{entry['file']}.html"
        for part in toc.get("parts", [])
        for entry in part.get("chapters", [])
        if entry.get("sections")
    ]


def chapters(root):
    """Each chapter's main page with its section pages, in reading order, as HTML
    paths: ``{main: [section, ...]}``."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    found = {}

    def sections(entry):
        for section in entry.get("sections", []):
            yield f"{section['file']}.html"
            yield from sections(section)

    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            if entry.get("sections"):
                found[f"{entry['file']}.html"] = list(sections(entry))
    return found
