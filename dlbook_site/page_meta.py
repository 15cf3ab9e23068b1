"""What a page tells browsers and search engines: its description.

Every page gets ``<meta name="description">``. It is the page's first paragraph of prose
(for a chapter, the paragraph that states its idea), cut at a sentence end to at most
:data:`DESCRIPTION_CHARS` characters. Sphinx's own pages (the index, search) have no
prose, so they get a fixed sentence.

sphinxext-opengraph can write this tag too (``ogp_enable_meta_description``), but
its text is the page's first 200 characters, cut mid-word ("...so the shape of that
deri..." on activations); this module keeps whole sentences. The site's icon is
Jupyter Book's ``html.favicon`` (``_config.yml``).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata

DESCRIPTION_CHARS = 160
GENERATED_PAGES = {
    "genindex": "An index of the terms and names used in the book.",
    "search": "Search the text of every chapter of the book.",
}


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the first paragraph outside admonitions, code and tables, or ''."""
    skip = (nodes.Admonition, nodes.literal_block, nodes.table, nodes.container)
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None:
            if isinstance(parent, skip):
                inside = True
                break
            parent = parent.parent
        if not inside and paragraph.astext().strip():
            return paragraph.astext()
    return ""


def description(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut after the last full sentence that fits in ``limit``.

    When even the first sentence is longer, it is cut at a word and ends with "…".
    """
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", text) if m.end() <= limit]
    if ends:
        return text[: ends[-1]]
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _add_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if pagename in GENERATED_PAGES:
        text = GENERATED_PAGES[pagename]
    elif doctree is not None:
        text = description(first_paragraph(doctree))
    else:
        return
    if not text:
        raise ValueError(
            f"{pagename}: no paragraph of prose to describe the page with; "
            "start the page with a paragraph"
        )
    tag = f'<meta name="description" content="{html.escape(text, quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.connect("html-page-context", _add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
