"""The answer boxes on the site: their script and style, on the pages that have boxes.

A chapter's answer boxes are HTML forms in its cells' outputs
(:mod:`dlbook.answer_boxes`). While the site is built, those outputs leave the script
out (``DLBOOK_SITE_BUILD``, set here for the kernels that run the pages), and each page
that shows a box links ``answer_boxes.js`` and ``answer-boxes.css`` instead; pages
without boxes load nothing new. The boxes answer in English with a short Persian line,
so a page with boxes also links the Persian stylesheet, and the Persian font keeps the
characters of those lines.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

from dlbook import answer_boxes

SCRIPT = "answer_boxes.js"
STYLE = "answer-boxes.css"  # in dlbook_site/static
FORMS = re.compile(r'<form class="(?:self-check|backprop-numbers|run-diagnosis)\b')
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_boxes(body: str | None) -> bool:
    """Whether a page's HTML body holds an answer box."""
    return bool(FORMS.search(body or ""))


def persian_characters(site: str | Path) -> set[str]:
    """The Persian characters the boxes can show: those of the script's own lines and
    of every box's spec (its mistakes' Persian names), on the built ``site``."""
    found = set(ARABIC_SCRIPT.findall(answer_boxes.SCRIPT.read_text(encoding="utf-8")))
    for page in Path(site).rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        if has_boxes(source):
            found.update(ARABIC_SCRIPT.findall(source))
    return found


def _building_the_site(app: Sphinx, config: Config) -> None:
    # The kernels that run the pages inherit this: their boxes leave the script out.
    os.environ[answer_boxes.SITE_BUILD] = "1"
    # Sphinx copies the script (the package's: a notebook's boxes load it from there)
    # and the style into _static.
    style = Path(__file__).parent / "static" / STYLE
    config.html_static_path = [
        *config.html_static_path,
        str(answer_boxes.SCRIPT),
        str(style),
    ]


def _link_script(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if has_boxes(context.get("body")):
        # The builder's own methods: this page only (the app's would also register
        # the files for every page of later builds).
        builder = cast("StandaloneHTMLBuilder", app.builder)  # it sent this event
        builder.add_js_file(SCRIPT, defer="defer")
        builder.add_css_file(STYLE)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.connect("config-inited", _building_the_site)
    app.connect("html-page-context", _link_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
