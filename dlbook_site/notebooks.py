"""The notebooks readers download: every chapter's ``.ipynb``, with its outputs.

A chapter page's download menu links ``_sources/<page>.ipynb``, which sphinx-book-theme
copies from the notebook myst-nb writes while it reads the page. myst-nb writes that
notebook as the page's source, without outputs, so a reader who opened it offline saw
no figure or number until they ran it all. After the build, this module fills each
downloadable notebook with the outputs of its executed copy in the build's execution
cache (jupyter-cache matches them on the code cells), so the notebook opens in plain
Jupyter as the page shows it.

A filled notebook is marked (``FILLED`` in its metadata). Sphinx copies a page's
notebook again only when it writes the page again, so a later build finds the marked
ones as it left them and leaves them alone. This matters for the student edition, whose
notebooks lose their solutions after they are filled (:mod:`dlbook_site.edition`):
their code then no longer matches the run in the cache, and they must not be matched
again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SOURCES = "_sources"
# The metadata key that marks a notebook whose outputs this module filled in.
FILLED = "dlbook_outputs_from_cache"


class NotebookOutputsError(RuntimeError):
    """A downloadable notebook has no executed copy in the execution cache."""


def code_cells_with_outputs(notebook: nbformat.NotebookNode) -> int:
    """How many of ``notebook``'s code cells have outputs."""
    return sum(
        1 for cell in notebook.cells if cell.cell_type == "code" and cell.get("outputs")
    )


def fill_outputs(site: str | Path, cache_dir: str | Path) -> dict[str, int]:
    """Give every ``.ipynb`` under ``site/_sources`` the outputs of its executed copy in
    the jupyter-cache at ``cache_dir``, unless an earlier build already did. Returns
    {notebook: code cells with outputs}."""
    from jupyter_cache import get_cache

    site, cache_dir = Path(site), Path(cache_dir)
    notebooks = sorted((site / SOURCES).rglob("*.ipynb"))
    if notebooks and not cache_dir.is_dir():
        raise NotebookOutputsError(
            f"no execution cache at {cache_dir}: the notebooks to download would have "
            "no outputs (build with execute_notebooks: cache)"
        )
    cache = get_cache(cache_dir)
    filled: dict[str, int] = {}
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        if notebook.metadata.get(FILLED):
            executed = notebook
        else:
            try:
                _, executed = cache.merge_match_into_notebook(notebook)
            except KeyError:
                raise NotebookOutputsError(
                    f"{path.relative_to(site)} has no executed copy in {cache_dir}: "
                    "its code differs from every page the build ran"
                ) from None
            executed.metadata[FILLED] = True
            nbformat.write(executed, path)
        filled[path.relative_to(site).as_posix()] = code_cells_with_outputs(executed)
    return filled


def after_build(app: Sphinx) -> None:
    """The step after the build (:mod:`dlbook_site.after_build`)."""
    from sphinx.util import logging

    from dlbook_site.cache import execution_cache_dir

    filled = fill_outputs(app.outdir, execution_cache_dir(app))
    logging.getLogger(__name__).info(
        f"[dlbook] {len(filled)} downloadable notebooks have their outputs"
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.setup_extension("dlbook_site.after_build")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
