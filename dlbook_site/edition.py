"""The book's two editions: the instructor's, with every solution, and the student's,
without them.

The ``dlbook_edition`` setting chooses (or ``DLBOOK_EDITION``: see
:mod:`dlbook_site.settings`): ``instructor`` (the default, what ``make book`` builds) or
``student`` (``make student``). In the student edition:

- every solution (sphinx-exercise's ``solution-start`` … ``solution-end``) is taken out
  of the pages before they are written, so it is in neither the HTML nor the search
  index; the exercises stay;
- so is every code cell tagged ``solution-check``: a check, in the page's "How we
  checked this page" part, of what a solution computed (it would fail without it);
- the sources a reader can download (``_sources/…md`` and ``…ipynb``) lose the same
  blocks;
- the execution cache and the tools (KaTeX, the widget runtime) are the instructor
  build's, under the book's ``_build/``, so no page runs twice.

A solution's code still runs when the page is built (its numbers are asserted); only
what is shown is removed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from docutils import nodes as docutils_nodes
from sphinx.application import Sphinx
from sphinx.config import Config

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata

# A gated solution in MyST: from its start fence to its end fence, both whole.
SOLUTION_START = re.compile(r"^```\{solution-start\}.*?$", re.M)
SOLUTION_END = re.compile(r"^```\{solution-end\}[^\n]*\n```[ \t]*$\n?", re.M)
# A code cell that checks a solution: it leaves with the solutions.
SOLUTION_CHECK = "solution-check"
CHECK_CELL = re.compile(
    r"^```\{code-cell\}[^\n]*\n(?:---\n(?:(?!---\n).*\n)*?---\n|(?::[^\n]*\n)+)?"
    r"(?:.*\n)*?```[ \t]*$\n?",
    re.M,
)


class EditionError(ValueError):
    """A solution's start has no end."""


def _cut(text: str, inside: bool = False) -> tuple[str, bool]:
    """``text`` without its solution parts, and whether a solution is still open at its
    end. ``inside`` says whether one is open at its start (a notebook's solution spans
    cells)."""
    kept: list[str] = []
    position = 0
    while True:
        if inside:
            end = SOLUTION_END.search(text, position)
            if end is None:
                return "".join(kept), True
            position, inside = end.end(), False
        else:
            start = SOLUTION_START.search(text, position)
            if start is None:
                kept.append(text[position:])
                return "".join(kept), False
            kept.append(text[position : start.start()])
            position, inside = start.end(), True


def without_solutions(text: str) -> str:
    """MyST ``text`` with every ``solution-start`` … ``solution-end`` block, and every
    code cell tagged ``solution-check``, removed.

    A start with no end after it would hide the rest of the page, so it is an error.
    """
    kept, still_open = _cut(text)
    if still_open:
        raise EditionError("a solution-start has no solution-end after it")
    return CHECK_CELL.sub(
        lambda cell: "" if _checks_a_solution(cell.group(0)) else cell.group(0), kept
    )


def _checks_a_solution(cell_text: str) -> bool:
    header = cell_text.split("\n", 1)[1] if "\n" in cell_text else ""
    tags = re.search(r"^(?:tags:|:tags:)\s*\[([^\]]*)\]", header, re.M)
    if tags is None:
        return False
    return SOLUTION_CHECK in {t.strip().strip("'\"") for t in tags.group(1).split(",")}


def notebook_without_solutions(
    notebook: nbformat.NotebookNode,
) -> nbformat.NotebookNode:
    """``notebook`` with the cells (and parts of Markdown cells) of every solution
    removed."""
    kept, inside = [], False
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            checks = SOLUTION_CHECK in cell.get("metadata", {}).get("tags", [])
            if not inside and not checks:
                kept.append(cell)
            continue
        text, inside = _cut(cell.source, inside)
        if text.strip():
            cell.source = text.strip("\n")
            kept.append(cell)
    if inside:
        raise EditionError("a notebook's last solution-start has no solution-end")
    notebook.cells = kept
    return notebook


def strip_sources(site: str | Path) -> list[Path]:
    """Remove the solutions from every downloadable source under ``site/_sources``.
    Returns the files changed."""
    changed = []
    for path in sorted((Path(site) / "_sources").rglob("*")):
        if path.suffix == ".md" or path.name.endswith(".md.txt"):
            text = path.read_text(encoding="utf-8")
            stripped = without_solutions(text)
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")
                changed.append(path)
        elif path.suffix == ".ipynb":
            notebook = nbformat.read(path, as_version=4)
            before = [cell.source for cell in notebook.cells]
            notebook_without_solutions(notebook)
            if [cell.source for cell in notebook.cells] != before:
                nbformat.write(notebook, path)
                changed.append(path)
    return changed


def _configure(app: Sphinx, config: Config) -> None:
    if config.dlbook_edition == "student":
        # Share the instructor build's executed pages and tools (see
        # dlbook_site.cache.work_dir).
        config.nb_execution_cache_path = str(
            Path(app.srcdir) / "_build" / ".jupyter_cache"
        )


def _remove_solutions(
    app: Sphinx, doctree: docutils_nodes.document, docname: str
) -> None:
    if app.config.dlbook_edition != "student":
        return
    from sphinx_exercise import nodes

    kinds = (nodes.solution_node, nodes.solution_start_node, nodes.solution_end_node)
    for node in list(doctree.findall(lambda n: isinstance(n, kinds))):
        node.parent.remove(node)
    checks = f"tag_{SOLUTION_CHECK}"
    for cell in list(doctree.findall(docutils_nodes.Element)):
        if checks in cell.get("classes", []):
            cell.parent.remove(cell)


def after_build(app: Sphinx) -> None:
    """The step after the build (:mod:`dlbook_site.after_build`): in the student
    edition, the downloadable sources lose their solutions."""
    if app.config.dlbook_edition == "student":
        strip_sources(app.outdir)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.setup_extension("dlbook_site.settings")
    app.setup_extension("dlbook_site.after_build")
    # Before the other extensions read the execution cache's place.
    app.connect("config-inited", _configure, priority=100)
    app.connect("doctree-resolved", _remove_solutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
