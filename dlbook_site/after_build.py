"""The steps that need the whole site written, run once after the build, in this order.

1. :mod:`~dlbook_site.notebooks`: the downloadable notebooks get their outputs;
2. :mod:`~dlbook_site.edition`: the student edition's page sources lose the solutions;
3. :mod:`~dlbook_site.course_kit`: the zip of the notebooks and the package (after 1
   and 2, whose files it holds);
4. :mod:`~dlbook_site.persian`: the Persian font, cut to the characters the pages show;
5. :mod:`~dlbook_site.assets`: the theme's icon fonts, cut to the icons the site shows;
6. :mod:`~dlbook_site.page_head`: the joined stylesheets, written again from the current
   sheets (after 4 and 5, whose fonts they link);
7. :mod:`~dlbook_site.cache`: each page's inputs recorded, once all else succeeded.

Each module that has a step loads this one, and a step runs only when its module is
loaded (a fixture book may load one alone). Whatever happens, the maths renderer's
process is stopped last.
"""

from __future__ import annotations

import importlib
from typing import Any

from sphinx.application import Sphinx

STEPS = (
    "notebooks",
    "edition",
    "course_kit",
    "persian",
    "assets",
    "page_head",
    "cache",
)


def steps(app: Sphinx) -> list[str]:
    """The modules whose step runs after ``app``'s build, in order."""
    return [name for name in STEPS if f"dlbook_site.{name}" in app.extensions]


def _run(app: Sphinx, exception: Exception | None) -> None:
    try:
        if exception is None and app.builder.format == "html":
            for name in steps(app):
                importlib.import_module(f"dlbook_site.{name}").after_build(app)
    finally:
        if "dlbook_site.maths" in app.extensions:
            importlib.import_module("dlbook_site.maths").stop_renderer(app)


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point."""
    # After the theme's and the other extensions' own build-finished handlers, whose
    # files the steps read: pydata-sphinx-theme rewrites pygments.css, myst-nb and
    # sphinx-exercise copy their stylesheets, all only then.
    app.connect("build-finished", _run, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
