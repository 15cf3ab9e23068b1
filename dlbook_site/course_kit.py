"""The course kit: one zip that takes the course offline.

It holds every chapter as a Jupyter notebook with its outputs (the site's downloadable
``_sources`` notebooks, so the student edition's kit has no solutions either), the whole
``dlbook`` package, the shipped MNIST sample and the recorded runs in ``assets/``, the
pinned requirements, and a short README (``course_kit/README.md``): one command to set
up and open the chapters, what needs TensorFlow, and how to use the full data.

The build writes it as ``course-kit.zip`` at the top of the site; the intro links it.
Nothing built (bytecode, notebook checkpoints) goes in, and nothing of the site's
machinery (:mod:`dlbook_site`, a package of its own): the kit's ``pyproject.toml``
finds ``dlbook`` alone.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from dlbook_site import toc

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

KIT_NAME = "course-kit.zip"
FOLDER = "deep-learning-computed"  # the folder the zip unpacks into
README = Path(__file__).parent / "course_kit" / "README.md"
PROJECT_FILES = ("pyproject.toml", "requirements.txt", "requirements-lab.txt")
TREES = ("dlbook", "assets")
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


class CourseKitError(RuntimeError):
    """Something the kit must hold is missing."""


def kit_files(book_root: str | Path, site: str | Path) -> dict[str, Path]:
    """{name in the zip: file on disk}, in the order they are written."""
    book_root, site = Path(book_root), Path(site)
    files: dict[str, Path] = {"README.md": README}
    for page in toc.pages(book_root):
        if not page.startswith("chapters/"):
            continue
        notebook = site / "_sources" / Path(page).with_suffix(".ipynb")
        if not notebook.is_file():
            raise CourseKitError(f"the site has no notebook {notebook} for the kit")
        files[Path(page).with_suffix(".ipynb").as_posix()] = notebook
    for name in PROJECT_FILES:
        files[name] = book_root / name
    for tree in TREES:
        for path in sorted((book_root / tree).rglob("*")):
            parts = set(path.relative_to(book_root).parts)
            if path.is_file() and not parts & SKIPPED_PARTS and path.suffix != ".pyc":
                files[path.relative_to(book_root).as_posix()] = path
    missing = [name for name, path in files.items() if not path.is_file()]
    if missing:
        raise CourseKitError(f"the course kit is missing {', '.join(missing)}")
    return files


def write_kit(book_root: str | Path, site: str | Path) -> Path:
    """Write ``site/course-kit.zip``; return its path."""
    target = Path(site) / KIT_NAME
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as kit:
        for name, path in kit_files(book_root, site).items():
            kit.write(path, f"{FOLDER}/{name}")
    partial.replace(target)  # never a half-written kit under the real name
    return target


def after_build(app: Sphinx) -> None:
    """The step after the build (:mod:`dlbook_site.after_build`)."""
    from sphinx.util import logging

    kit = write_kit(app.srcdir, app.outdir)
    logging.getLogger(__name__).info(
        f"[dlbook] course kit: {kit.name}, {kit.stat().st_size / 1e6:.1f} MB"
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    # After the notebooks have their outputs (and, in the student edition, have lost
    # their solutions).
    app.setup_extension("dlbook_site.after_build")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
