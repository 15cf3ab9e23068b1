"""Figures, tables and exercises numbered per chapter: "Exercise 2.1", "Fig. 4.3".

Sphinx numbers them across the whole book when the table of contents is not numbered,
so the backpropagation chapter would start at Exercise 9. Numbering the table of
contents would number every heading too. Instead, after Sphinx has numbered them, this
extension numbers them again within each chapter (its main page, then its sections, in
reading order), prefixed with the chapter's place in the table of contents.

Sphinx decides which pages to write again by comparing its new numbers with those it
kept from the last build; it must compare its own, so they are put back before it
numbers (:func:`_put_back_sphinx_numbers`) and replaced after it
(:func:`_number_per_chapter`).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from dlbook_site import toc

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

# Sphinx's env.toc_fignumbers: docname -> figure type -> figure id -> number.
FigureNumbers = dict[str, dict[str, dict[str, tuple[int, ...]]]]


def per_chapter(fignumbers: FigureNumbers, chapters: list[list[str]]) -> FigureNumbers:
    """``fignumbers`` (Sphinx's ``env.toc_fignumbers``: docname -> figure type -> id
    -> number) numbered again within each chapter. ``chapters`` lists each chapter's
    docnames, its main page first, in reading order; the n-th chapter's numbers become
    ``(n, 1)``, ``(n, 2)``, … for each figure type, in Sphinx's order."""
    renumbered = copy.deepcopy(fignumbers)
    for chapter_number, docnames in enumerate(chapters, start=1):
        counters: dict[str, int] = {}
        for docname in docnames:
            for figtype, numbers in renumbered.get(docname, {}).items():
                for figure_id, _ in sorted(numbers.items(), key=lambda item: item[1]):
                    counters[figtype] = counters.get(figtype, 0) + 1
                    numbers[figure_id] = (chapter_number, counters[figtype])
    return renumbered


def _chapters(app: Sphinx) -> list[list[str]]:
    return [
        [main.removesuffix(".html")] + [s.removesuffix(".html") for s in sections]
        for main, sections in toc.chapters(app.srcdir).items()
    ]


def _put_back_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    sphinx_numbers = getattr(env, "dlbook_sphinx_fignumbers", None)
    if sphinx_numbers is not None:
        env.toc_fignumbers = sphinx_numbers
    return []


def _number_per_chapter(app: Sphinx, env: BuildEnvironment) -> list[str]:
    # The env keeps both numberings between builds; Sphinx declares no such attributes.
    env.dlbook_sphinx_fignumbers = env.toc_fignumbers  # type: ignore[attr-defined]
    before = getattr(env, "dlbook_chapter_fignumbers", {})
    env.toc_fignumbers = per_chapter(env.toc_fignumbers, _chapters(app))
    env.dlbook_chapter_fignumbers = env.toc_fignumbers  # type: ignore[attr-defined]
    return [
        docname
        for docname, numbers in env.toc_fignumbers.items()
        if before.get(docname) != numbers
    ]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    # Sphinx's own numbering (its toctree collector) runs at the default priority, 500.
    app.connect("env-get-updated", _put_back_sphinx_numbers, priority=400)
    app.connect("env-get-updated", _number_per_chapter, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
