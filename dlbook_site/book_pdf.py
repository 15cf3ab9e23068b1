"""The whole book as one PDF, printed from the built site by Chromium.

``python -m dlbook_site.book_pdf [SITE]`` (``make pdf``) joins every page of a built
site (``_build/html`` unless told) into one document, in the order of ``_toc.yml``, and
has Debian's Chromium print it. The PDF looks like the site: the maths is the site's
KaTeX, the figures are the site's images, and each widget is drawn by the site's own
widget runtime in its first frame, under a sentence that sends the reader to the website
or Binder for the interactive version.

Joining the pages:

- each page's article is kept; the theme's navigation, buttons and scripts are not;
- every ``id`` gets its page's prefix (``chapters-backprop--the-forward-pass``), and
  every link to another page of the book becomes a link inside the PDF, so
  cross-references, citations and glossary links work on paper;
- a link to a file of the site that a PDF cannot hold (a notebook, the course kit) keeps
  its text and loses its target;
- code cells the site hides behind a toggle are left out; their outputs stay;
- the widget states of all pages become one, so the runtime draws every widget.

In front of the pages come a title page and the contents: every page and its sections,
each with the number of the PDF page it starts on. Chromium cannot number them itself,
so the book is printed twice: the first print says where each section landed, the second
carries the numbers (their boxes have a fixed width, so nothing moves; each print loads
the book afresh, as Chromium does not paginate a printed page the same way twice). The
bookmarks (the PDF's outline) follow the same contents; pikepdf writes them, with the
PDF's objects packed into compressed streams.

A print fails, and writes nothing, when anything a page needs did not arrive: a figure,
a widget, a font, the maths, a cross-reference's target. The PDF is written under a
temporary name and renamed when it is whole.
"""

from __future__ import annotations

import argparse
import functools
import html as html_text
import http.server
import io
import json
import os
import posixpath
import re
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple
from urllib.parse import urljoin, urlsplit

from dlbook_site import page_head, pdf_link, toc
from dlbook_site.pdf_link import PDF_NAME

if TYPE_CHECKING:
    import pikepdf as pikepdf_module
    from bs4 import BeautifulSoup, Tag
    from playwright.sync_api import ConsoleMessage, Page, Playwright, Route

ROOT = Path(__file__).resolve().parents[1]
PRINT_PAGE = "book-print.html"
PRINT_CSS = Path(__file__).with_name("book_pdf.css")
VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_RUNTIME = "_static/vendor/widget-runtime/widgets.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A4 with 16 mm margins: the width Chromium lays the text out in, in CSS pixels.
MARGIN_MM = 16
TEXT_WIDTH_PX = round((210 - 2 * MARGIN_MM) / 25.4 * 96)
# Seconds to wait for every widget, figure and font of the joined book.
READY_TIMEOUT_S = 180
# Prints of the book until the contents' page numbers match where the sections landed.
MAX_PRINTS = 3
CONTENTS_ANCHOR = "book-contents"
WIDGET_NOTE = (
    "This is the first view of an interactive figure. Its controls change it on the "
    "book's website (the page {page}) and in "
)
FORM_NOTE = (
    "Here the book's website has a form that computes with your own numbers. It works "
    "there (the page {page}) and in "
)
TITLE_NOTE = (
    "The book's website printed as one document. Every number in it was computed by "
    "the code beside it when the site was built. The interactive figures show their "
    "first view; on the website, or in a chapter's notebook on Binder, their controls "
    "change them."
)
EDITIONS = {
    "instructor": "The instructor's edition: every exercise with its solution.",
    "student": "The student edition: the exercises without their solutions.",
}
# Attributes that name another element by its id.
ID_REFERENCES = ("for", "aria-labelledby", "aria-describedby", "aria-controls")


class BookPdfError(RuntimeError):
    """The book could not be printed whole; no PDF was written."""


class Entry(NamedTuple):
    """One line of the contents and of the bookmarks: a part, a page or a section."""

    title: str
    anchor: str
    children: tuple[Entry, ...] = ()


class JoinedBook(NamedTuple):
    html: str
    widgets: int
    contents: tuple[Entry, ...]  # the root page, then each part of _toc.yml


def page_anchor(page: str) -> str:
    """The id of a page's start in the joined book: ``chapters/backprop.html`` ->
    ``chapters-backprop``."""
    return page.removesuffix(".html").replace("/", "-")


def element_anchor(page: str, element_id: str) -> str:
    """The id an element of ``page`` has in the joined book."""
    return f"{page_anchor(page)}--{element_id}"


def heading_title(heading: Tag) -> str:
    """A heading's text, without the site's ``#`` permalink."""
    return " ".join(heading.get_text().split()).removesuffix("#").strip()


def _site_path(page: str, url: str) -> tuple[str, str] | None:
    """The site path that ``url``, written in ``page``, points at, and its fragment; or
    None for a link off the site."""
    parts = urlsplit(urljoin(f"http://site.invalid/{page}", url))
    if parts.scheme != "http" or parts.netloc != "site.invalid":
        return None
    return parts.path.lstrip("/"), parts.fragment


def _widget_note(soup: BeautifulSoup, page: str, template: str | None = None) -> Tag:
    """The sentence above a widget's first frame: where its controls work (or, with
    ``template``, where a form works)."""
    note = soup.new_tag("p", attrs={"class": "book-print-widget-note"})
    note.append((template or WIDGET_NOTE).format(page=page))
    binder = soup.select_one('a[title="Launch on Binder"]')
    if binder:
        link = soup.new_tag("a", href=str(binder["href"]))
        link.string = "the chapter's notebook on Binder"
        note.append(link)
        note.append(".")
    else:
        note.append("the chapter's notebook.")
    return note


def page_article(
    page: str, html: str, pages: Collection[str], site: Path
) -> tuple[Tag, dict[str, Any], list[str]]:
    """The article of one built page of ``site``, ready to join: ids prefixed, links
    rewritten, hidden code left out, a note above each widget. Returns the article (a
    BeautifulSoup tag), the page's widget state (a dict, empty without widgets; read
    from the page's own file of it, see dlbook_site.page_head) and its
    stylesheets."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise BookPdfError(
            f"{page} has no <article class='bd-article'>: is it a page of the book?"
        )
    article["id"] = page_anchor(page)
    classes = article.get_attribute_list("class")
    classes.append("book-print-page")
    article["class"] = classes

    state: dict[str, Any] = {}
    for script in soup.find_all("script", src=True):
        source = urlsplit(str(script["src"])).path
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), source))
        if path.startswith(page_head.WIDGET_STATE_DIR + "/"):
            text = (Path(site) / path).read_text(encoding="utf-8")
            state.update(json.loads(page_head.widget_state_json(text))["state"])
    for hidden in article.select("details.hide.above-input"):
        hidden.decompose()
    # The intro's sentence on the PDF (a download link, or how to make one) is not for
    # the PDF itself.
    for sentence in article.select(f"span.{pdf_link.SPAN_CLASS}"):
        sentence.decompose()
    # Paper cannot be clicked open: the Persian summaries and the checks print open.
    for closed in article.select("details.persian, details.how-we-checked"):
        closed["open"] = ""
    for view in article.find_all("script", type=VIEW_TYPE):
        view.insert_before(_widget_note(soup, page))
    # Paper cannot check an answer: a box prints as its question, with room to write.
    for box in article.select("form.self-check"):
        question = soup.new_tag("p", attrs={"class": "book-print-answer"})
        label = box.label
        if label is None:
            raise BookPdfError(f"{page}: an answer box has no <label> (its question)")
        question.string = " ".join(label.get_text().split()) + " ____________"
        if box.get("id"):
            question["id"] = box["id"]  # the homework page links each box
        box.replace_with(question)
    for form in article.select("form.backprop-numbers, form.run-diagnosis"):
        note = _widget_note(soup, page, FORM_NOTE)
        if form.get("id"):
            note["id"] = form["id"]
        form.replace_with(note)
    for script in article.find_all("script"):
        if script.get("type") != VIEW_TYPE:
            script.decompose()

    for element in article.find_all(id=True):
        if element is not article:
            element["id"] = element_anchor(page, str(element["id"]))
    for element in article.find_all(
        lambda tag: any(a in tag.attrs for a in ID_REFERENCES)
    ):
        for name in ID_REFERENCES:
            if name in element.attrs:
                value = element[name]
                ids = value.split() if isinstance(value, str) else value
                element[name] = " ".join(element_anchor(page, i) for i in ids)

    for link in article.find_all("a", href=True):
        target = _site_path(page, str(link["href"]))
        if target is None:
            continue
        path, fragment = target
        if path in pages:
            link["href"] = "#" + (
                element_anchor(path, fragment) if fragment else page_anchor(path)
            )
        else:
            link.unwrap()
    for image in article.find_all(["img", "source"]):
        target = _site_path(page, str(image["src"])) if image.get("src") else None
        if target:
            image["src"] = "/" + target[0]
        image.attrs.pop("loading", None)

    sheets = []
    for link in soup.select('head link[rel="stylesheet"]'):
        href = str(link["href"])
        target = _site_path(page, href)
        # An off-site sheet is kept as it is: the print blocks it, and says so.
        sheets.append("/" + target[0] if target else href)
    return article, state, sheets


def page_entry(article: Tag) -> Entry:
    """A joined page's line in the contents: its title and its sections (``h2``)."""
    heading = article.find("h1")
    anchor = str(article["id"])
    title = heading_title(heading) if heading else anchor
    sections = tuple(
        Entry(heading_title(h2), str(h2.parent["id"]))
        for h2 in article.find_all("h2")
        if h2.parent is not None and h2.parent.name == "section" and h2.parent.get("id")
    )
    return Entry(title, anchor, sections)


def book_contents(root: str | Path, entries: Mapping[str, Entry]) -> tuple[Entry, ...]:
    """The book's contents as _toc.yml orders and nests it: the root page, then each
    part (under its caption, pointing at its first page) with its chapters; a chapter's
    own sections come before the pages nested under it. ``entries`` maps a page's HTML
    path to its :func:`page_entry`."""
    import yaml

    spec = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))

    def nest(items: list[dict[str, Any]]) -> tuple[Entry, ...]:
        nested = []
        for item in items:
            own = entries[f"{item['file']}.html"]
            nested.append(
                own._replace(children=own.children + nest(item.get("sections", [])))
            )
        return tuple(nested)

    parts = []
    for part in spec.get("parts", []):
        chapters = nest(part["chapters"])
        parts.append(Entry(part["caption"], chapters[0].anchor, chapters))
    return (entries[f"{spec['root']}.html"], *parts)


def _contents_html(contents: Sequence[Entry]) -> str:
    """The contents page: every part, page and section, each line a link with a blank
    for the page number that the second print fills in."""

    def line(entry: Entry, kind: str) -> str:
        title = html_text.escape(entry.title)
        return (
            f'<li class="book-print-contents-{kind}">'
            f'<a href="#{entry.anchor}"><span>{title}</span>'
            f'<span class="book-print-pageno" data-target="{entry.anchor}"></span></a>'
        )

    def items(entries: Iterable[Entry], depth: int) -> str:
        rows = []
        for entry in entries:
            # A page's anchor is its path; a section's carries its page's, then "--".
            kind = "section" if "--" in entry.anchor else "page"
            nested = items(entry.children, depth + 1)
            rows.append(
                line(entry, kind) + (f"<ol>{nested}</ol>" if nested else "") + "</li>"
            )
        return "".join(rows)

    root, *parts = contents
    rows = [line(root, "page") + "</li>"]
    for part in parts:
        rows.append(
            f'<li class="book-print-contents-part">'
            f"<span>{html_text.escape(part.title)}</span>"
            f"<ol>{items(part.children, 0)}</ol></li>"
        )
    return (
        f'<nav class="book-print-contents" id="{CONTENTS_ANCHOR}"><h2>Contents</h2>'
        f"<ol>{''.join(rows)}</ol></nav>"
    )


def _broken_references(html: str) -> list[str]:
    """The in-book links whose target id is nowhere in the joined book."""
    ids = set(re.findall(r' id="([^"]+)"', html))
    return sorted(set(re.findall(r' href="#([^"]+)"', html)) - ids)


def joined_book(site: str | Path, root: str | Path = ROOT) -> JoinedBook:
    """The whole book as one HTML document, for Chromium to print (a JoinedBook)."""
    site = Path(site)
    pages = toc.pages(root)
    missing = [page for page in pages if not (site / page).is_file()]
    if missing:
        raise BookPdfError(
            f"{site} is not a built book: {', '.join(missing[:3])} missing. "
            "Run 'make book' first."
        )
    articles: list[str] = []
    state: dict[str, Any] = {}
    sheets: list[str] = []
    entries: dict[str, Entry] = {}
    for page in pages:
        article, page_state, page_sheets = page_article(
            page, (site / page).read_text(encoding="utf-8"), set(pages), site
        )
        entries[page] = page_entry(article)
        articles.append(str(article))
        state.update(page_state)
        sheets += [sheet for sheet in page_sheets if sheet not in sheets]
    widgets = sum(text.count(f'type="{VIEW_TYPE}"') for text in articles)
    contents = book_contents(root, entries)

    title = html_text.escape(contents[0].title)
    edition = (
        "instructor"
        if any('class="solution' in text for text in articles)
        else "student"
    )
    head = [
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        *(f'<link rel="stylesheet" href="{sheet}">' for sheet in sheets),
        '<link rel="stylesheet" href="/_book_print.css">',
    ]
    body = [
        '<main class="bd-main"><div class="bd-content">',
        '<div class="bd-article-container">',
        f'<section class="book-print-title"><h1>{title}</h1>'
        f"<p>{TITLE_NOTE}</p><p>{EDITIONS[edition]}</p>"
        f'<p><a href="#{CONTENTS_ANCHOR}">Contents</a></p></section>',
        _contents_html(contents),
        *articles,
        "</div></div></main>",
    ]
    if state:
        document = {"version_major": 2, "version_minor": 0, "state": state}
        # As a page's own file of it would (dlbook_site.page_head), inline; "</"
        # written "<\/" so that no string in it ends the script.
        script = page_head.widget_state_script(json.dumps(document))
        body.append("<script>" + script.replace("</", "<\\/") + "</script>")
        body.append(f'<script src="/{WIDGET_RUNTIME}"></script>')
    html = (
        '<!DOCTYPE html>\n<html lang="en" data-theme="light" data-mode="light"><head>'
        + "".join(head)
        + "</head><body>"
        + "".join(body)
        + "</body></html>"
    )
    broken = _broken_references(html)
    if broken:
        raise BookPdfError(
            "cross-references with no target in the book: " + ", ".join(broken[:10])
        )
    return JoinedBook(html, widgets, contents)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, and the joined book and its print stylesheet from memory."""

    extra: ClassVar[dict[str, tuple[bytes, str]]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        body = self.extra.get(urlsplit(self.path).path)
        if body is None:
            return super().do_GET()
        content, kind = body
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(site: str | Path, html: str) -> http.server.ThreadingHTTPServer:
    handler = type(
        "Handler",
        (_Handler,),
        {
            "extra": {
                f"/{PRINT_PAGE}": (html.encode(), "text/html; charset=utf-8"),
                "/_book_print.css": (PRINT_CSS.read_bytes(), "text/css; charset=utf-8"),
            }
        },
    )
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# Run in the page once it has loaded: wait until every widget is drawn, every figure
# decoded and every font loaded, then fit what is wider than the paper.
READY_SCRIPT = """
async ([widgets, timeoutMs]) => {
  const deadline = performance.now() + timeoutMs;
  const drawn = () => [...document.querySelectorAll('.dlbook-widget')]
    .filter((host) => host.childElementCount > 0).length;
  while (drawn() < widgets) {
    if (performance.now() > deadline) return {widgets: drawn()};
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await document.fonts.ready;
  const images = [...document.images];
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  const broken = images.filter((image) => !image.complete || image.naturalWidth === 0)
    .map((image) => image.getAttribute('src'));
  const fonts = [...document.fonts].filter((font) => font.status === 'error')
    .map((font) => font.family);
  // Wide maths, tables and widgets are scaled to the text width; paper does not scroll.
  let fitted = 0;
  const wide = 'div.math, .katex-display, table, .dlbook-widget, .cell_output img';
  for (const box of document.querySelectorAll(wide)) {
    const width = box.scrollWidth, room = box.parentElement.clientWidth;
    if (width > room + 1) { box.style.zoom = room / width; fitted += 1; }
  }
  return {widgets: drawn(), broken, fonts, fitted,
          katex: document.querySelectorAll('.katex').length};
}
"""
# Writes each contents line's page number (a map from anchor to number).
FILL_PAGE_NUMBERS = """
(numbers) => {
  for (const blank of document.querySelectorAll('.book-print-pageno')) {
    blank.textContent = numbers[blank.dataset.target] ?? '';
  }
}
"""


def _chromium_path(environ: Mapping[str, str] = os.environ) -> str:
    path = environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        raise BookPdfError(
            f"Chromium prints the book, and there is none at {path}. Install Debian's: "
            "'sudo apt-get install chromium' (scripts/ensure_debian_tools.sh does it), "
            "or set CHROMIUM to the browser's path. No PDF was written."
        )
    return path


def _pdf_tools() -> tuple[ModuleType, Callable[[], AbstractContextManager[Playwright]]]:
    try:
        import pikepdf
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BookPdfError(
            "printing the book needs Playwright and pikepdf "
            f"({error.name} is missing): run 'make pdf', which installs them "
            "(requirements-pdf.txt). No PDF was written."
        ) from error
    return pikepdf, sync_playwright


def destination_pages(pdf: pikepdf_module.Pdf) -> dict[str, int]:
    """Where each named destination of an open pikepdf ``Pdf`` lands: anchor -> page
    number, counting from 1. Chromium names one for every id that a link points at."""
    index = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    dests = pdf.Root.get("/Dests")
    if dests is None:
        return {}
    return {str(name)[1:]: index[dest[0].objgen] for name, dest in dests.items()}


def _entries(contents: Iterable[Entry]) -> Iterator[Entry]:
    for entry in contents:
        yield entry
        yield from _entries(entry.children)


def _print_numbered(
    load: Callable[[], Page],
    pikepdf: ModuleType,
    contents: Sequence[Entry],
    options: dict[str, Any],
) -> bytes:
    """Print until the contents' page numbers are where their sections landed; return
    the PDF's bytes. ``load()`` opens the book afresh and returns the page: Chromium
    does not paginate a page it has printed before the same way again, so each print
    gets its own load."""
    anchors = {entry.anchor for entry in _entries(contents)}
    numbers: dict[str, int] = {}
    for _ in range(MAX_PRINTS):
        page = load()
        page.evaluate(FILL_PAGE_NUMBERS, numbers)
        printed = page.pdf(**options)
        with pikepdf.open(io.BytesIO(printed)) as pdf:
            landed = destination_pages(pdf)
        lost = sorted(anchors - landed.keys())
        if lost:
            raise BookPdfError(
                "the PDF has no destination for these contents lines: "
                + ", ".join(lost[:10])
            )
        landed = {anchor: landed[anchor] for anchor in anchors}
        if landed == numbers:
            return printed
        numbers = landed
    raise BookPdfError(
        f"the contents' page numbers still moved after {MAX_PRINTS} prints"
    )


def write_bookmarks(
    printed: bytes, contents: Sequence[Entry], path: str | Path, pikepdf: ModuleType
) -> int:
    """Write ``printed`` (PDF bytes) to ``path`` with bookmarks for the contents page
    and every line of ``contents``, opened on the bookmarks panel."""
    with pikepdf.open(io.BytesIO(printed)) as pdf:
        dests = pdf.Root.Dests

        def item(entry: Entry) -> pikepdf_module.OutlineItem:
            bookmark = pikepdf.OutlineItem(entry.title, dests[f"/{entry.anchor}"])
            bookmark.children.extend(item(child) for child in entry.children)
            return bookmark

        root, *parts = contents
        with pdf.open_outline() as outline:
            outline.root[:] = [
                pikepdf.OutlineItem("Contents", dests[f"/{CONTENTS_ANCHOR}"]),
                item(root._replace(children=())),
                *(item(part) for part in parts),
            ]
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(pdf.pages)


def print_book(
    site: str | Path,
    output: str | Path | None = None,
    root: str | Path = ROOT,
    environ: Mapping[str, str] = os.environ,
) -> tuple[Path, dict[str, Any]]:
    """Print the built site ``site`` as one PDF (``site/deep-learning-computed.pdf``
    unless ``output`` says otherwise). Returns the PDF's path and what it measured."""
    chromium = _chromium_path(environ)
    pikepdf, sync_playwright = _pdf_tools()
    site = Path(site)
    output = Path(output) if output else site / PDF_NAME
    started = time.perf_counter()
    book = joined_book(site, root)
    server = _serve(site, book.html)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    errors: list[str] = []
    offsite: list[str] = []
    partial = output.with_name(output.name + ".partial")
    options: dict[str, Any] = {
        "format": "A4",
        "margin": {
            side: f"{MARGIN_MM}mm" for side in ("top", "bottom", "left", "right")
        },
        "print_background": True,
        "display_header_footer": True,
        "header_template": "<span></span>",
        "footer_template": (
            '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
            '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
        ),
        "tagged": True,
    }
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS
            )
            page = browser.new_page(
                viewport={"width": TEXT_WIDTH_PX, "height": 1000}, color_scheme="light"
            )
            page.on("pageerror", lambda error: errors.append(str(error)))

            def console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    errors.append(message.text)

            page.on("console", console)

            def route(request_route: Route) -> None:
                if request_route.request.url.startswith(url):
                    return request_route.continue_()
                offsite.append(request_route.request.url)
                return request_route.abort()

            page.route("**/*", route)
            page.emulate_media(media="print")
            measured: dict[str, Any] = {}

            def load() -> Page:
                page.goto(
                    url + PRINT_PAGE, wait_until="load", timeout=READY_TIMEOUT_S * 1000
                )
                ready = page.evaluate(
                    READY_SCRIPT, [book.widgets, READY_TIMEOUT_S * 1000]
                )
                faults = _faults(ready, book.widgets, errors, offsite)
                if faults:
                    raise BookPdfError(
                        "the book did not print whole; no PDF was written:\n- "
                        + "\n- ".join(faults)
                    )
                measured.update(ready)
                return page

            printed = _print_numbered(load, pikepdf, book.contents, options)
            browser.close()
        pages = write_bookmarks(printed, book.contents, partial, pikepdf)
        partial.replace(output)
        pdf_link.show(site)  # the intro links the PDF now that the site has it
    finally:
        server.shutdown()
        partial.unlink(missing_ok=True)
    measured["seconds"] = round(time.perf_counter() - started, 1)
    measured["pages"] = pages
    return output, measured


def _faults(
    ready: dict[str, Any], widgets: int, errors: list[str], offsite: list[str]
) -> list[str]:
    faults: list[str] = []
    if ready["widgets"] < widgets:
        faults.append(f"{ready['widgets']} of {widgets} widgets were drawn")
    faults += [f"figure {src} did not load" for src in ready.get("broken", [])]
    faults += [f"font {family} did not load" for family in ready.get("fonts", [])]
    if "katex" in ready and ready["katex"] == 0:
        faults.append("no typeset maths in the book")
    faults += [f"console error: {error}" for error in errors]
    faults += [f"off-site request (blocked): {url}" for url in offsite]
    return faults


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument(
        "--output", help=f"where to write the PDF (default SITE/{PDF_NAME})"
    )
    args = parser.parse_args(argv)
    try:
        path, measured = print_book(args.site, args.output)
    except BookPdfError as error:
        print(f"book_pdf: {error}", file=sys.stderr)
        return 1
    size = path.stat().st_size / 1e6
    print(f"wrote {path} ({size:.1f} MB) in {measured['seconds']} s: {measured}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
