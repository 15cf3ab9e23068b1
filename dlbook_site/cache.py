"""Re-run a page when the code it imports changes.

Jupyter Book caches each executed page under ``_build/.jupyter_cache``, keyed on the
page's own code cells.  A page that calls :mod:`dlbook` would keep its old outputs after
a change in the package, and Sphinx would not even read it again.  This extension keeps,
for every page, a digest of what it runs with:

- the modules of the package that the page imports, followed through the imports of
  those modules (the site's machinery, :mod:`dlbook_site`, is no part of the package,
  so a change in it runs no page);
- what every page reads: the recorded runs and data in ``assets/`` and the pinned
  ``requirements.txt``;
- the profile (``DLBOOK_PROFILE``).

A page whose digest differs from the one its executed copy was made with is taken out
of the execution cache, so it is executed anew; the other pages keep their outputs.  A
change in ``assets/``, the requirements or the profile runs every page.  Two builds
share one execution cache (the instructor's edition and the student's, see
:mod:`dlbook_site.edition`), so two stamps are kept: beside the cache, the digests its
copies were executed with; beside each build's doctrees, the digests that build read
its pages with.  A page is read again when its digest differs from the second.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

from dlbook_site import settings

# Relative to the book's source folder.
# The defaults of the settings that name them (dlbook_site.settings).
INPUTS = settings.EXECUTION_INPUTS  # every page reads or runs with these
PACKAGE = settings.EXECUTION_PACKAGE  # its modules count for the pages that import them
STAMP = "dlbook-inputs.json"  # beside the execution cache, and beside the doctrees


def _files(root: Path, entries: Iterable[str]) -> Iterator[Path]:
    for entry in entries:
        path = root / entry
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if (
                not file.is_file()
                or "__pycache__" in file.parts
                or ".ipynb_checkpoints" in file.parts
            ):
                continue
            yield file


def inputs_digest(
    root: str | Path, inputs: Iterable[str] = INPUTS, profile: str = "quick"
) -> str:
    """SHA-256 over the profile's name and the names and bytes of every file under
    ``inputs`` (below ``root``).

    Bytecode and notebook checkpoints are skipped: they change without the code
    changing.
    """
    root = Path(root)
    digest = hashlib.sha256(f"profile={profile}\0".encode())
    for file in _files(root, inputs):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def imported_modules(source: str, package: str, current: str | None = None) -> set[str]:
    """The dotted names under ``package`` that Python ``source`` imports.

    ``current`` is the dotted name of the module ``source`` belongs to, for relative
    imports. A name imported from a module (``from dlbook.backprop import EXERCISE``)
    counts as that module; ``from dlbook import page`` counts as ``dlbook.page`` (a
    name that is not a module is dropped later, when no file matches it).
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level and current:
                base = current.split(".")[: -node.level]
                module = ".".join([*base, module] if module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == package or name.startswith(package + ".")}


def module_file(root: str | Path, name: str) -> Path | None:
    """The file of module ``name`` below ``root``, or None."""
    path = Path(root, *name.split("."))
    for file in (path.with_suffix(".py"), path / "__init__.py"):
        if file.is_file():
            return file
    return None


def read_notebook(path: str | Path) -> NotebookNode | None:
    """The page at ``path`` as a notebook, as myst-nb reads it; None for a page that is
    not a notebook (what myst-nb would not execute)."""
    import nbformat
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)
    if is_myst_markdown_notebook(text):
        return read_myst_markdown_notebook(text)
    return None


def code_of_page(path: str | Path) -> str | None:
    """The Python code of a page's code cells, IPython's magics turned into calls; None
    for a page that is not a notebook."""
    from IPython.core.inputtransformer2 import TransformerManager

    notebook = read_notebook(path)
    if notebook is None:
        return None
    transform = TransformerManager().transform_cell
    return "\n".join(
        transform(cell.source) for cell in notebook.cells if cell.cell_type == "code"
    )


def page_modules(root: str | Path, source: str, package: str = PACKAGE) -> list[Path]:
    """The files of every module of ``package`` that ``source`` needs: what it imports,
    what those import, and so on, with each package's ``__init__.py`` on the way."""
    root = Path(root)
    needed: dict[str, Path] = {}
    queue: list[tuple[str | None, str]] = [(None, source)]
    while queue:
        current, code = queue.pop()
        for name in imported_modules(code, package, current):
            parts = name.split(".")
            for end in range(1, len(parts) + 1):
                dotted = ".".join(parts[:end])
                file = module_file(root, dotted)
                if file is None or dotted in needed:
                    continue
                needed[dotted] = file
                package_name = dotted if file.name == "__init__.py" else None
                queue.append((package_name or dotted, file.read_text(encoding="utf-8")))
    return sorted(needed.values())


def page_digest(
    root: str | Path, source: str, shared_digest: str, package: str = PACKAGE
) -> str:
    """SHA-256 over ``shared_digest`` (what every page runs with) and the modules that
    the page's code ``source`` needs."""
    root = Path(root)
    digest = hashlib.sha256(shared_digest.encode() + b"\0")
    for file in page_modules(root, source, package):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def execution_cache_dir(app: Sphinx) -> Path:
    """The folder of the build's execution cache (jupyter-cache)."""
    return Path(
        app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache"
    )


def work_dir(app: Sphinx) -> Path:
    """The build's own folder for what it keeps between builds (the execution cache,
    KaTeX, the widget runtime): ``_build/``. The student edition shares the
    instructor build's (see :mod:`dlbook_site.edition`)."""
    return execution_cache_dir(app).parent


def _stamps(app: Sphinx) -> tuple[Path, Path]:
    """The stamp beside the execution cache, and the one beside this build's
    doctrees."""
    return work_dir(app) / STAMP, Path(app.doctreedir) / STAMP


def _read(stamp: Path) -> dict[str, str]:
    try:
        return json.loads(stamp.read_text())
    except (OSError, ValueError):
        return {}


def _shared_digest(app: Sphinx) -> str:
    return inputs_digest(
        app.srcdir, app.config.dlbook_execution_inputs, app.config.dlbook_profile
    )


def _start(app: Sphinx) -> None:
    """At the start of a build: the digest every page shares."""
    # Kept on the app for this build; Sphinx declares no such attributes.
    app.dlbook_shared_digest = _shared_digest(app)  # type: ignore[attr-defined]
    app.dlbook_page_digests = {}  # type: ignore[attr-defined]


def _forget(app: Sphinx, paths: Collection[Path]) -> None:
    """Take the executed copies of the pages at ``paths`` out of the execution cache:
    the copy made from the page's file, and any copy of the same code (jupyter-cache
    matches a page by its code, wherever it was executed)."""
    from jupyter_cache import get_cache

    folder = execution_cache_dir(app)
    if not folder.exists() or not paths:
        return
    cache = get_cache(str(folder))
    wanted = {Path(path).resolve() for path in paths}
    stale = {
        record.pk
        for record in cache.list_cache_records()
        if Path(record.uri).resolve() in wanted
    }
    for path in paths:
        try:
            stale.add(cache.match_cache_notebook(read_notebook(path)).pk)
        except KeyError:  # no copy of this code
            pass
    for pk in stale:
        cache.remove_cache(pk)


def _outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Pages whose inputs changed since the last finished build: take them out of the
    execution cache, and have Sphinx read them again (so that myst-nb executes them)."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    executed, read = (_read(stamp) for stamp in _stamps(app))
    digests: dict[str, str] = {}
    rerun: dict[str, Path] = {}
    reread: set[str] = set()
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix not in (".md", ".ipynb"):
            continue
        source = code_of_page(path)
        if source is None:
            continue
        digests[docname] = page_digest(
            app.srcdir,
            source,
            app.dlbook_shared_digest,  # type: ignore[attr-defined]
            app.config.dlbook_execution_package,
        )
        if executed.get(docname) != digests[docname]:
            rerun[docname] = path
        if read.get(docname) != digests[docname]:
            reread.add(docname)
    app.dlbook_page_digests = digests  # type: ignore[attr-defined]
    if rerun and executed:
        logger.info(
            f"[dlbook] {len(rerun)} of {len(digests)} pages run again: the code they "
            f"import, the assets, the requirements or the profile changed "
            f"({', '.join(rerun)})"
        )
    _forget(app, rerun.values())
    return sorted(reread - set(added) - set(changed))


def after_build(app: Sphinx) -> None:
    """The step after the build (:mod:`dlbook_site.after_build`), once all else
    succeeded: remember each page's digest."""
    if app.dlbook_page_digests:  # type: ignore[attr-defined]
        for stamp in _stamps(app):
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(json.dumps(app.dlbook_page_digests, indent=1) + "\n")  # type: ignore[attr-defined]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.setup_extension("dlbook_site.settings")
    app.setup_extension("dlbook_site.after_build")
    app.connect("builder-inited", _start)
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
