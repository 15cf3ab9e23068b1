"""The widget runtime: the part of ipywidgets' JavaScript that the book's widgets use.

The static widgets (``dlbook.widgets``) are made of a few controls from
``@jupyter-widgets/controls`` and ``@jupyter-widgets/base``.  Instead of the whole
ipywidgets HTML manager, the site serves one small bundle of those classes and a
manager of the book's own (``widget_runtime/runtime.js``), made with esbuild.

``widget_runtime/package.json`` and ``package-lock.json`` pin every npm package by exact
version, and the lockfile holds npm's SHA-512 integrity of each; ``npm ci`` checks them
when it installs them under ``_build/widget-runtime/`` (never in the repository).
A stamp over the sources makes an unchanged rebuild cost nothing and need no network.

Used as a Sphinx extension (loaded by :mod:`dlbook_site`), it builds the bundle when the
build starts and has myst-nb load ``widgets.js`` (and this module, ``widgets.css``) on
the pages that embed widget state, and only there (:mod:`dlbook_site.page_head` puts a
page's state in a file of its own, which the runtime reads).  ``python -m
dlbook_site.widget_runtime`` builds it by hand.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from dlbook_site import cache, page_head

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

SOURCES = Path(__file__).parent / "widget_runtime"
LOCKFILE = "package-lock.json"
ENTRY = "runtime.js"
# Every file the bundle is made from: their bytes make the cache key.
SOURCE_FILES = ("package.json", LOCKFILE, ENTRY, "no-html.js", "dark.css")
# Paths below the site's _static/ folder.
SCRIPT_PATH = "vendor/widget-runtime/widgets.js"
STYLE_PATH = "vendor/widget-runtime/widgets.css"
ESBUILD_OPTIONS = (
    "--bundle",
    "--minify",
    "--format=iife",
    "--target=es2020",
    "--legal-comments=none",
    # ManagerBase sanitises HTML descriptions with sanitize-html; the book has none.
    "--alias:sanitize-html=./no-html.js",
)
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"


class WidgetRuntimeError(RuntimeError):
    """The widget runtime could not be built (npm missing, ``npm ci`` or esbuild
    failed)."""


@dataclass(frozen=True)
class Bundle:
    static_root: Path  # the folder to add to Sphinx's html_static_path
    script: Path
    style: Path
    sha256: str
    gzip_bytes: int  # widgets.js + widgets.css, gzipped
    rebuilt: bool


def sources_digest(sources: str | Path = SOURCES) -> str:
    """SHA-256 over the bundle's source files and the esbuild options."""
    digest = hashlib.sha256("\0".join(ESBUILD_OPTIONS).encode() + b"\0")
    for name in SOURCE_FILES:
        digest.update(name.encode() + b"\0" + (Path(sources) / name).read_bytes())
    return digest.hexdigest()


def _run(command: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip())[-3000:]
        raise WidgetRuntimeError(
            f"{what} failed (exit status {result.returncode}) in {cwd}:\n{output}"
        )


def _install(work_dir: Path, npm: str) -> None:
    """``npm ci`` the lockfile into ``work_dir`` unless that lockfile is installed."""
    lock_digest = hashlib.sha256((work_dir / LOCKFILE).read_bytes()).hexdigest()
    installed = work_dir / "node_modules" / ".dlbook-lock.sha256"
    if installed.exists() and installed.read_text() == lock_digest:
        return
    _run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        work_dir,
        "'npm ci' of the widget runtime's pinned packages",
    )
    installed.write_text(lock_digest)


def build(work_dir: str | Path, sources: str | Path = SOURCES) -> Bundle:
    """Build ``widgets.js`` and ``widgets.css`` below ``work_dir/static``; return the
    :class:`Bundle`.

    Nothing runs when the sources are unchanged since the last build and its output
    exists.
    """
    work_dir = Path(work_dir).resolve()
    static_root = work_dir / "static"
    script, style = static_root / SCRIPT_PATH, static_root / STYLE_PATH
    stamp = work_dir / "stamp.sha256"
    wanted = sources_digest(sources)
    rebuilt = not (
        stamp.exists()
        and stamp.read_text() == wanted
        and script.exists()
        and style.exists()
    )
    if rebuilt:
        npm, node = shutil.which("npm"), shutil.which("node")
        if npm is None or node is None:
            raise WidgetRuntimeError(
                "npm and Node.js are needed to build the widget runtime (the site "
                "serves its widget JavaScript from its own files, bundled from pinned "
                "npm packages). Install Node.js with npm, then build again."
            )
        work_dir.mkdir(parents=True, exist_ok=True)
        for name in SOURCE_FILES:
            shutil.copyfile(Path(sources) / name, work_dir / name)
        _install(work_dir, npm)
        if stamp.exists():
            stamp.unlink()
        _run(
            [
                node,
                "node_modules/esbuild/bin/esbuild",
                ENTRY,
                *ESBUILD_OPTIONS,
                f"--outfile={script}",
            ],
            work_dir,
            "esbuild (bundling the widget runtime)",
        )
        stamp.write_text(wanted)
    return Bundle(
        static_root=static_root,
        script=script,
        style=style,
        sha256=hashlib.sha256(script.read_bytes()).hexdigest(),
        gzip_bytes=sum(len(gzip.compress(p.read_bytes(), 9)) for p in (script, style)),
        rebuilt=rebuilt,
    )


def _configure(app: Sphinx, config: Config) -> None:
    from sphinx.util import logging

    bundle = build(cache.work_dir(app) / "widget-runtime")
    logging.getLogger(__name__).info(
        f"[dlbook] widget runtime {'built' if bundle.rebuilt else 'cached'}: "
        f"widgets.js sha256 {bundle.sha256[:16]}, {bundle.gzip_bytes / 1e3:.0f} KB "
        "gzipped with its CSS"
    )
    config.html_static_path = [*config.html_static_path, str(bundle.static_root)]
    # myst-nb adds these scripts, after the page's widget state, only to the pages that
    # embed widget state. Like the state, the runtime waits for the page to load.
    config.nb_ipywidgets_js = {SCRIPT_PATH: {"type": page_head.AFTER_LOAD_TYPE}}


def _add_style_to_widget_pages(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    scripts = context.get("script_files", [])
    if any(
        getattr(s, "attributes", {}).get("type") == WIDGET_STATE_TYPE for s in scripts
    ):
        # The builder's own method: this page only.
        cast("StandaloneHTMLBuilder", app.builder).add_css_file(STYLE_PATH)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point (loaded by :mod:`dlbook_site`)."""
    app.connect("config-inited", _configure)
    # After myst-nb has added the page's widget state (default priority 500).
    app.connect("html-page-context", _add_style_to_widget_pages, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/widget-runtime")
    print(build(out))
