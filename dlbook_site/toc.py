"""The book's pages, in reading order, as the table of contents (`_toc.yml`) lists
them, read with sphinx-external-toc's parser (the one Jupyter Book builds with)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sphinx_external_toc.api import Document, SiteMap, TocTree
from sphinx_external_toc.parsing import parse_toc_yaml


def _site_map(root: str | Path) -> SiteMap:
    return parse_toc_yaml(Path(root) / "_toc.yml")


def _children(document: Document) -> Iterator[str]:
    """The pages a page's table of contents lists (its parts' chapters, or its
    sections), in order."""
    subtree: TocTree
    for subtree in document.subtrees:
        for item in subtree.items:
            yield str(item)


def _below(site_map: SiteMap, docname: str) -> Iterator[str]:
    """Every page under ``docname``, depth first, in reading order."""
    for child in _children(site_map[docname]):
        yield child
        yield from _below(site_map, child)


def pages(root: str | Path) -> list[str]:
    """The HTML path of every page in ``root``'s ``_toc.yml``: the root, chapters and
    their sections."""
    site_map = _site_map(root)
    names = [site_map.root.docname, *_below(site_map, site_map.root.docname)]
    return [f"{name}.html" for name in names]


def chapters(root: str | Path) -> dict[str, list[str]]:
    """Each chapter's main page (a table-of-contents entry with sections) with its
    section pages, in reading order, as HTML paths: ``{main: [section, ...]}``."""
    site_map = _site_map(root)
    found = {}
    for chapter in _children(site_map.root):
        sections = list(_below(site_map, chapter))
        if sections:
            found[f"{chapter}.html"] = [f"{name}.html" for name in sections]
    return found


def main_pages(root: str | Path) -> list[str]:
    """The HTML path of every chapter's main page: a table-of-contents entry with
    sections."""
    return list(chapters(root))
