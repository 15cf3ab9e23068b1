"""The intro's link to the whole-book PDF, there only when the site has the PDF.

``make book`` writes the site; ``make pdf`` prints the PDF into it afterwards
(:mod:`dlbook_site.book_pdf`), so when Sphinx writes the intro it cannot know whether
a PDF will be beside it. The intro's source holds a ``<span class="book-pdf">`` with the
sentence for a site without one: how to make it. :func:`show` makes that span agree
with the site: a download link where the PDF is beside the intro, the sentence where it
is not. The build calls it once it has written the site, and ``book_pdf`` once it has
written the PDF, so neither edition ever links a PDF it does not have.
"""

import re
from pathlib import Path

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


def show(site):
    """Make the intro of the built site ``site`` link the site's PDF if it has one, and
    say how to make one if it has not. Returns whether it links the PDF."""
    site = Path(site)
    page = site / PAGE
    html = page.read_text(encoding="utf-8")
    places = len(SPAN.findall(html))
    if places != 1:
        raise PdfLinkError(
            f'{page} has {places} <span class="{SPAN_CLASS}"> for the PDF\'s link, '
            "not one: see intro.md"
        )
    linked = (site / PDF_NAME).is_file()
    sentence = LINKED if linked else UNLINKED
    updated = SPAN.sub(lambda match: match[1] + sentence + match[3], html)
    if updated != html:
        page.write_text(updated, encoding="utf-8")
    return linked


def _show(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    if (Path(app.outdir) / PAGE).is_file():  # the small test books have no intro
        show(app.outdir)


def setup(app):
    """Sphinx entry point."""
    app.connect("build-finished", _show)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
