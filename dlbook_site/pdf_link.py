"""The intro's link to the whole-book PDF, there only when the site has the PDF.

``make book`` writes the site; ``make pdf`` prints the PDF into it afterwards
(:mod:`dlbook_site.book_pdf`), so when Sphinx writes the intro it cannot know whether
a PDF will be beside it. The intro's source holds a ``<span class="book-pdf">`` with the
sentence for a site without one: how to make it. :func:`show` makes that span agree
with the site: a download link where the PDF is beside the intro, the sentence where it
is not. Sphinx does so while it writes the intro, and ``book_pdf`` again once it has
printed the PDF, after the build (the one edit of a written page that this module
makes, because only then is there a PDF), so neither edition ever links a PDF it does
not have.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata

PDF_NAME = "deep-learning-computed.pdf"
PAGE = "intro.html"
SPAN_CLASS = "book-pdf"
LINKED = f'Download it: <a href="{PDF_NAME}" download>{PDF_NAME}</a> (a few megabytes).'
UNLINKED = (
    "This copy of the website was built without it: <code>make pdf</code>, in the "
    "book's repository, prints it."
)
SPAN = re.compile(rf'(<span class="{SPAN_CLASS}">)(.*?)(</span>)', re.DOTALL)


class PdfLinkError(RuntimeError):
    """The intro has no place, or more than one, for the PDF's link."""


def with_sentence(html: str, linked: bool, where: str = PAGE) -> str:
    """``html`` (the intro, or its body) with the PDF's link in its one place if
    ``linked``, or the sentence on how to make the PDF if not."""
    places = len(SPAN.findall(html))
    if places != 1:
        raise PdfLinkError(
            f'{where} has {places} <span class="{SPAN_CLASS}"> for the PDF\'s link, '
            "not one: see intro.md"
        )
    sentence = LINKED if linked else UNLINKED
    return SPAN.sub(lambda match: match[1] + sentence + match[3], html)


def show(site: str | Path) -> bool:
    """Make the intro of the built site ``site`` link the site's PDF if it has one, and
    say how to make one if it has not (``book_pdf`` calls this once it has printed the
    PDF, after the build). Returns whether it links the PDF."""
    page = Path(site) / PAGE
    html = page.read_text(encoding="utf-8")
    linked = (Path(site) / PDF_NAME).is_file()
    updated = with_sentence(html, linked, str(page))
    if updated != html:
        page.write_text(updated, encoding="utf-8")
    return linked


def _on_the_intro(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """While Sphinx writes the intro: the link if the site has a PDF (from an earlier
    ``make pdf``), the sentence if not."""
    if pagename == PAGE.removesuffix(".html") and "body" in context:
        linked = (Path(app.outdir) / PDF_NAME).is_file()
        context["body"] = with_sentence(context["body"], linked)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.connect("html-page-context", _on_the_intro)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
