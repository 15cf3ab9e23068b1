"""The whole-book PDF: how the pages are joined, how a print fails, and the printed
PDFs of both editions (``make pdf`` writes them; ``make test`` runs it first)."""

import re
import shutil
import subprocess

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, WIDGET_PAGES

from dlbook_site import book_pdf, page_head, toc

PAGES = {"chapters/backprop.html", "glossary.html"}


@pytest.fixture
def miniature_site(tmp_path):
    """A site with the miniature page's widget state in its own file."""
    state = tmp_path / "_static" / "widget-state" / "chapters" / "backprop.js"
    state.parent.mkdir(parents=True)
    state.write_text(page_head.widget_state_script('{"state": {"w1": {"model": 1}}}'))
    return tmp_path


# A built page in miniature: the theme around an article, a hidden code cell, a widget,
# links to a page, a section, a notebook and the web.
BUILT_PAGE = """<html><head>
<link rel="stylesheet" href="../_static/site.css">
<script defer="defer" src="../_static/widget-state/chapters/backprop.js?v=1"></script>
</head><body>
<nav><a href="../glossary.html">Glossary</a></nav>
<a title="Launch on Binder" href="https://mybinder.org/v2/gh/o/r/main?urlpath=backprop">B</a>
<article class="bd-article">
<section id="backprop">
<h1>Backprop by hand<a class="headerlink" href="#backprop">#</a></h1>
<section id="the-forward-pass">
<h2>The forward pass<a class="headerlink" href="#the-forward-pass">#</a></h2>
<p>See <a href="../glossary.html#term-loss">loss</a>,
<a href="#the-forward-pass">above</a>, <a href="backprop.ipynb">the notebook</a>
and <a href="https://example.org/">a paper</a>.</p>
<details class="hide above-input"><summary>Show code</summary><pre>x = 1</pre></details>
<details class="persian persian-summary" lang="fa" dir="rtl"><summary>خلاصه</summary>
<p>متن</p></details>
<details class="how-we-checked"><summary>Open the checks</summary><pre>assert 1</pre>
</details>
<form class="self-check" data-kind="number" data-spec="{}"><label for="b">initial MSE
loss</label><input id="b"><button type="submit">Check</button></form>
<form class="backprop-numbers"><input name="x1"></form>
<label for="slider">k</label><input id="slider">
<img src="../_images/grid.png" loading="lazy">
<script type="application/vnd.jupyter.widget-view+json">{"model_id": "w1"}</script>
<script>console.log("theme")</script>
</section></section></article></body></html>"""


def test_anchors_carry_their_page():
    assert book_pdf.page_anchor("chapters/backprop.html") == "chapters-backprop"
    assert (
        book_pdf.element_anchor("glossary.html", "term-loss") == "glossary--term-loss"
    )


def test_a_joined_page_keeps_its_article_with_ids_and_links_made_local(miniature_site):
    article, state, sheets = book_pdf.page_article(
        "chapters/backprop.html", BUILT_PAGE, PAGES, miniature_site
    )
    html = str(article)
    assert article["id"] == "chapters-backprop"
    assert "book-print-page" in article["class"]
    assert 'id="chapters-backprop--the-forward-pass"' in html
    assert 'for="chapters-backprop--slider"' in html
    assert 'href="#glossary--term-loss"' in html
    assert 'href="#chapters-backprop--the-forward-pass"' in html
    assert 'href="https://example.org/"' in html
    # A PDF cannot hold the notebook: its link keeps its words and loses its target.
    assert "the notebook" in html and "backprop.ipynb" not in html
    assert 'src="/_images/grid.png"' in html and "loading" not in html
    assert "Show code" not in html and "x = 1" not in html
    # Paper cannot be clicked open: the Persian summary and the checks print open.
    assert article.select_one("details.persian-summary").has_attr("open")
    assert article.select_one("details.how-we-checked").has_attr("open")
    # A box prints as its question; a form that computes, as a note on where it works.
    assert not article.select("form")
    assert article.select_one("p.book-print-answer").get_text() == (
        "initial MSE loss ____________"
    )
    assert "console.log" not in html and "Glossary</a>" not in html
    assert state == {"w1": {"model": 1}}
    assert sheets == ["/_static/site.css"]


def test_an_off_site_stylesheet_is_kept_for_the_print_to_block_and_report(
    miniature_site,
):
    page = BUILT_PAGE.replace(
        "</head>", '<link rel="stylesheet" href="https://cdn.example/fonts.css"></head>'
    )
    _, _, sheets = book_pdf.page_article(
        "chapters/backprop.html", page, PAGES, miniature_site
    )
    assert sheets == ["/_static/site.css", "https://cdn.example/fonts.css"]


def test_a_widget_gets_a_note_that_sends_the_reader_to_the_site_and_binder(
    miniature_site,
):
    article, _, _ = book_pdf.page_article(
        "chapters/backprop.html", BUILT_PAGE, PAGES, miniature_site
    )
    note = article.select_one("p.book-print-widget-note")
    assert note.find_next_sibling("script")["type"] == book_pdf.VIEW_TYPE
    assert "chapters/backprop.html" in note.get_text()
    assert note.a["href"] == "https://mybinder.org/v2/gh/o/r/main?urlpath=backprop"


def test_a_page_without_an_article_is_refused(miniature_site):
    with pytest.raises(book_pdf.BookPdfError, match="no <article"):
        book_pdf.page_article(
            "glossary.html", "<html><body><p>x</p></body></html>", PAGES, miniature_site
        )


def test_a_page_entry_lists_its_sections_without_permalinks(miniature_site):
    article, _, _ = book_pdf.page_article(
        "chapters/backprop.html", BUILT_PAGE, PAGES, miniature_site
    )
    entry = book_pdf.page_entry(article)
    assert entry.title == "Backprop by hand"
    assert entry.anchor == "chapters-backprop"
    assert entry.children == (
        book_pdf.Entry("The forward pass", "chapters-backprop--the-forward-pass"),
    )


def test_the_contents_follow_the_table_of_contents(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n"
        "  - caption: Chapters\n    chapters:\n"
        "      - file: a\n        sections:\n          - file: b\n"
        "  - caption: About\n    chapters:\n      - file: c\n",
        encoding="utf-8",
    )
    section = book_pdf.Entry("A's section", "a--s")
    entries = {
        "intro.html": book_pdf.Entry("Intro", "intro"),
        "a.html": book_pdf.Entry("A", "a", (section,)),
        "b.html": book_pdf.Entry("B", "b"),
        "c.html": book_pdf.Entry("C", "c"),
    }
    root, chapters, about = book_pdf.book_contents(tmp_path, entries)
    assert root.title == "Intro"
    assert chapters == book_pdf.Entry(
        "Chapters", "a", (book_pdf.Entry("A", "a", (section, entries["b.html"])),)
    )
    assert about == book_pdf.Entry("About", "c", (entries["c.html"],))


def test_a_cross_reference_without_a_target_is_found():
    html = '<p id="here"><a href="#here">ok</a><a href="#gone">lost</a></p>'
    assert book_pdf._broken_references(html) == ["gone"]


def test_a_folder_that_is_not_a_built_book_is_refused(tmp_path):
    with pytest.raises(book_pdf.BookPdfError, match="make book"):
        book_pdf.joined_book(tmp_path)


def test_without_chromium_the_print_stops_says_what_to_install_and_writes_nothing(
    tmp_path,
):
    output = tmp_path / "book.pdf"
    with pytest.raises(book_pdf.BookPdfError, match="apt-get install chromium"):
        book_pdf.print_book(
            tmp_path, output, environ={"CHROMIUM": str(tmp_path / "none")}
        )
    assert list(tmp_path.iterdir()) == []


def test_the_command_reports_a_failed_print_and_exits_nonzero(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "none"))
    assert book_pdf.main([str(tmp_path), "--output", str(tmp_path / "book.pdf")]) == 1
    assert "book_pdf: Chromium prints the book" in capsys.readouterr().err
    assert not (tmp_path / "book.pdf").exists()


def test_whatever_did_not_arrive_is_a_fault():
    ready = {
        "widgets": 5,
        "broken": ["/_images/a.png"],
        "fonts": ["KaTeX_Main"],
        "katex": 0,
    }
    faults = book_pdf._faults(ready, 7, ["TypeError: x"], ["https://cdn.example/x.js"])
    assert faults == [
        "5 of 7 widgets were drawn",
        "figure /_images/a.png did not load",
        "font KaTeX_Main did not load",
        "no typeset maths in the book",
        "console error: TypeError: x",
        "off-site request (blocked): https://cdn.example/x.js",
    ]
    assert (
        book_pdf._faults(
            {"widgets": 7, "broken": [], "fonts": [], "katex": 9}, 7, [], []
        )
        == []
    )


# The printed PDFs.

# A student on a slow network downloads the whole book: it stays under this size.
PDF_BUDGET_MB = 10


@pytest.fixture(scope="module", params=["instructor", "student"])
def printed(request):
    """An edition's site and its PDF, opened; fails (never skips) when not printed."""
    site = request.getfixturevalue(
        "site" if request.param == "instructor" else "student_site"
    )
    path = site / book_pdf.PDF_NAME
    if not path.is_file():
        pytest.fail(f"no PDF at {path}: run 'make pdf' (make test does)")
    if shutil.which("pdftotext") is None:
        pytest.fail(
            "the PDF tests read the PDF with pdftotext: install poppler-utils "
            "(scripts/ensure_debian_tools.sh /usr/bin/chromium --pdftotext does)"
        )
    with pikepdf.open(path) as pdf:
        yield request.param, site, path, pdf


@pytest.fixture(scope="module")
def joined_html(printed):
    """The joined document that the edition's PDF was printed from."""
    return book_pdf.joined_book(printed[1], ROOT).html


def _text(path, first=None, last=None):
    pages = [] if first is None else ["-f", str(first), "-l", str(last)]
    command = ["pdftotext", "-layout", *pages, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _outline(pdf):
    """The bookmarks as (depth, title, page number) in order."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    rows = []

    def walk(items, depth):
        for item in items:
            rows.append((depth, item.title, pages[item.destination[0].objgen]))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
    return rows


@pytest.mark.site
def test_the_pdf_has_every_page_and_stays_small(printed):
    _, site, path, pdf = printed
    # Each page of the site starts a sheet of its own, after the title and contents.
    starts = book_pdf.destination_pages(pdf)
    pages = [starts[book_pdf.page_anchor(page)] for page in toc.pages(ROOT)]
    assert pages == sorted(pages) and len(set(pages)) == len(pages) and pages[0] > 2
    assert path.stat().st_size < PDF_BUDGET_MB * 1e6
    # The intro promises "a few megabytes, about N A4 pages": each edition is within a
    # quarter of N.
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    promised = re.search(r"about (\d+) A4 pages", intro)
    assert promised, "the intro no longer says how many pages the PDF has"
    assert abs(len(pdf.pages) - int(promised[1])) <= 0.25 * int(promised[1])
    for page in pdf.pages:
        # A4 within half a millimetre (Chromium's is 8.27 by 11.7 inches).
        width, height = (float(side) / 72 * 25.4 for side in page.mediabox[2:])
        assert abs(width - 210) < 0.5 and abs(height - 297) < 0.5
    assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
    assert not path.with_name(path.name + ".partial").exists()


@pytest.mark.site
def test_the_bookmarks_are_the_page_titles_once_each_and_in_order(printed):
    _, site, _, pdf = printed
    outline = _outline(pdf)
    titles = []
    for page in toc.pages(ROOT):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        titles.append(book_pdf.heading_title(soup.select_one("article.bd-article h1")))
    assert [title for _, title, _ in outline if title in titles] == titles
    assert [title for depth, title, _ in outline if depth == 0] == [
        "Contents",
        titles[0],
        "Chapters",
        "Study aids",
        "About this book",
    ]
    numbers = [number for _, _, number in outline]
    assert numbers == sorted(numbers)


@pytest.mark.site
def test_the_contents_give_the_page_each_line_starts_on(printed):
    _, _, path, pdf = printed
    outline = _outline(pdf)
    # Every bookmark but the contents and the parts is a line of the contents,
    # in the same order, with its page number at the end of the line.
    lines = [
        row
        for row in outline
        if row[1] not in ("Contents", "Chapters", "Study aids", "About this book")
    ]
    contents_page = next(number for _, title, number in outline if title == "Contents")
    text = _text(path, contents_page, lines[0][2] - 1)
    printed_numbers = [
        int(match.group(1))
        for line in text.splitlines()
        if not re.fullmatch(r"\s*\d+ / \d+\s*", line)
        and (match := re.search(r"\S\s{2,}(\d+)\s*$", line))
    ]
    assert printed_numbers == [number for _, _, number in lines]


@pytest.mark.site
def test_every_link_inside_the_book_lands_on_its_target(printed, joined_html):
    _, site, _, pdf = printed
    soup = BeautifulSoup(joined_html, "html.parser")
    # A heading's permalink is hidden on paper; every other link in the book is there.
    targets = {
        link["href"][1:]
        for link in soup.select('a[href^="#"]')
        if "headerlink" not in link.get("class", [])
    }
    dests = set(book_pdf.destination_pages(pdf))
    linked = set()
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            if (
                annotation.get("/Subtype") == pikepdf.Name.Link
                and "/Dest" in annotation
            ):
                linked.add(str(annotation.Dest).lstrip("/"))
    assert targets <= dests
    assert linked == targets


@pytest.mark.site
def test_the_pdf_has_the_figures_widgets_and_maths_of_the_site(printed, joined_html):
    edition, site, path, pdf = printed
    sources = set(re.findall(r'<img[^>]* src="([^"]+)"', joined_html))
    images = {
        image.objgen for page in pdf.pages for image in page.get_images().values()
    }
    assert len(images) >= len(sources)
    text = _text(path)
    assert text.count("This is the first view of an interactive figure.") == len(
        WIDGET_PAGES
    )
    assert "∂L" in text and "σ(x)" in text
    if edition == "instructor":
        assert "Solution to Exercise" in text and "instructor's edition" in text
    else:
        assert "Solution to Exercise" not in text and "student edition" in text


@pytest.mark.site
def test_the_intro_links_its_editions_pdf(printed):
    _, site, path, _ = printed
    intro = (site / "intro.html").read_text(encoding="utf-8")
    link = BeautifulSoup(intro, "html.parser").select_one(
        f'article a[href="{book_pdf.PDF_NAME}"]'
    )
    assert link is not None and link.has_attr("download")
    assert (site / link["href"]).resolve() == path.resolve()
