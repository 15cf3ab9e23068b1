"""The Persian layer: glossary entries, numbers kept left to right, the font's subset,
and, on the built site, the bilingual glossary and every chapter's summary."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from fontTools.ttLib import TTFont

from dlbook_site import answer_boxes, persian, toc

ROOT = Path(__file__).resolve().parents[2]
MAIN_PAGES = [
    "chapters/activations",
    "chapters/backprop",
    "chapters/vanishing",
    "chapters/loss-curves",
    "chapters/optimisers",
    "chapters/mnist",
]
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
# Digits the book does not use in Persian (it uses Latin ones), and the Arabic forms of
# ye and kaf where Persian has its own.
WRONG_CHARACTERS = re.compile("[\u06f0-\u06f9\u0660-\u0669\u064a\u0643]")


ENTRIES = """
- term: learning rate
  fa: [نرخ یادگیری]
  symbol: "$\\\\eta$"
  definition: >-
    اندازهٔ گامی که گرادیان در آن ضرب می‌شود.
- term: epoch
  fa: دوره
  definition: یک گذر کامل بر همهٔ نمونه‌های آموزشی.
"""


def test_entries_are_read_with_their_persian_names_and_optional_symbol():
    rate, epoch = persian.parse_entries(ENTRIES)
    assert rate.term == "learning rate" and rate.persian == ("نرخ یادگیری",)
    assert rate.symbol == "$\\eta$"
    assert epoch.persian == ("دوره",) and epoch.symbol == ""
    assert epoch.definition == "یک گذر کامل بر همهٔ نمونه‌های آموزشی."


@pytest.mark.parametrize(
    "text, message",
    [
        ("- term: epoch\n  fa: دوره\n", "missing definition"),
        ("- term: epoch\n  fa: دوره\n  definition: x\n  sound: y\n", "unknown sound"),
        ("- term: epoch\n  fa: ''\n  definition: x\n", "an empty 'fa'"),
        ("- [unclosed", "not valid YAML"),
        ("term: epoch", "a YAML list"),
        (ENTRIES + "- term: Epoch\n  fa: دوره\n  definition: x\n", "appears twice"),
    ],
)
def test_a_malformed_entry_is_refused_with_what_is_wrong(text, message):
    with pytest.raises(persian.PersianError, match=message):
        persian.parse_entries(text)


def _isolated(block):
    return [span.astext() for span in block.findall(persian.bidi_span)]


def test_numbers_and_latin_words_in_persian_text_are_isolated_left_to_right():
    paragraph = nodes.paragraph(
        "",
        "",
        nodes.Text("شیب −0.25 است، نه 1.5e-05 یا 1/4؛ با L1 و x = (1, 2) و "),
        nodes.literal("", "step=3"),
        nodes.Text(" و 60,000 تصویر در Adagrad، RMSprop و Common mistakes."),
    )
    before = paragraph.astext()
    block = persian.persian_block("", paragraph)
    assert persian.isolate_left_to_right(block) == 11
    spans = list(block.findall(persian.bidi_span))
    assert [span.astext() for span in spans] == [
        *("−0.25", "1.5 × 10−5", "1/4", "L1", "x", "1", "2", "60,000"),
        *("Adagrad", "RMSprop", "Common mistakes"),
    ]
    assert [span.get("lang") for span in spans] == [None] * 3 + ["en"] * 2 + [
        None
    ] * 3 + ["en"] * 3
    assert all(span["dir"] == "ltr" for span in spans)
    # Only the notation changed: the power of ten, and the list's comma in "(1، 2)".
    assert block.astext() == before.replace("1.5e-05", "1.5 × 10−5").replace(
        "(1, 2)", "(1، 2)"
    )
    assert persian.isolate_left_to_right(block) == 0  # already isolated: left alone


@pytest.mark.parametrize(
    "glued, written, power",
    [
        ("-5", "−5", None),
        ("-0.025", "−0.025", None),
        ("+0.158", "+0.158", None),
        ("−6", "−6", None),
        ("6.0e-06", "6.0 × 10", "−6"),
        ("8.74e-02", "8.74 × 10", "−2"),
        ("3e-16", "3 × 10", "−16"),
        ("1e+03", "10", "3"),
        ("2.5E10", "2.5 × 10", "10"),
    ],
)
def test_a_number_in_persian_text_has_a_true_minus_and_a_power_of_ten(
    glued, written, power
):
    paragraph = nodes.paragraph("", "", nodes.Text(f"مقدار {glued} است"))
    block = persian.persian_block("", paragraph)
    assert persian.isolate_left_to_right(block) == 1
    (span,) = block.findall(persian.bidi_span)
    assert span["dir"] == "ltr" and "-" not in span.astext()
    assert span.children[0].astext() == written
    superscripts = list(span.findall(nodes.superscript))
    assert [s.astext() for s in superscripts] == ([power] if power else [])


def test_a_list_of_numbers_in_persian_text_takes_the_persian_comma():
    paragraph = nodes.paragraph(
        "",
        "",
        nodes.Text("درس این‌ها را می‌دهد: "),
        nodes.inline("", "22.5, 0.9, 15, −6, 60,000"),
        nodes.Text("؛ و "),
        nodes.math("", "x = (1, 2)"),
    )
    block = persian.persian_block("", paragraph)
    persian.isolate_left_to_right(block)
    assert "22.5، 0.9، 15، −6، 60,000" in block.astext()
    assert "," not in block.astext().replace("60,000", "").replace("(1, 2)", "")
    assert block.findall(nodes.math).__next__().astext() == "x = (1, 2)"  # maths kept


def test_a_link_with_an_english_title_is_isolated_whole():
    title = nodes.reference("", "What α = 1 and the inverted copies teach", refuri="x")
    persian_link = nodes.reference("", "واژه‌نامه", refuri="y")
    paragraph = nodes.paragraph(
        "", "", nodes.Text("ببینید: "), title, nodes.Text(" و "), persian_link
    )
    block = persian.persian_block("", paragraph)
    assert persian.isolate_left_to_right(block) == 1
    (span,) = block.findall(persian.bidi_span)
    assert (span["lang"], span["dir"]) == ("en", "ltr")
    assert span.children == [title]
    assert persian.isolate_left_to_right(block) == 0


def test_only_text_marked_persian_is_collected_for_the_font(tmp_path):
    (tmp_path / "page.html").write_text(
        '<html lang="en"><body><p>English ژ</p>'
        '<div lang="fa" dir="rtl"><p>شیب<br>تابع <span lang="en">ReLU</span> است</p>'
        "<img alt='x'></div><p>after</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "other.html").write_text("<p>no Persian here: گ</p>", "utf-8")
    characters = persian.persian_characters(tmp_path)
    assert set("شیبتابعاست") <= characters
    assert not set("ژگReLUafter") & characters


# A fixture book (tests/site/roots/test-persian): a chapter with a summary, the English
# glossary and the bilingual one, and a page in English only. It finds the font under
# the project's _build/vazirmatn: a book's work folder is its execution cache's parent.
PREPARED = {"nb_execution_cache_path": str(ROOT / "_build" / ".jupyter_cache")}


def build(app):
    app.build()
    return {
        name: BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")
        for name in ("index", "glossary-fa", "plain")
    }


@pytest.mark.sphinx("html", testroot="persian", confoverrides=PREPARED)
def test_a_summary_is_closed_persian_with_its_numbers_and_words_left_to_right(app):
    page = build(app)["index"]
    (summary,) = page.select("details.persian-summary")
    assert (summary["lang"], summary["dir"]) == ("fa", "rtl")
    assert "open" not in summary.attrs
    assert summary.summary.get_text(" ", strip=True) == (
        f"{persian.SUMMARY_LABEL} {persian.SUMMARY_LABEL_ENGLISH}"
    )
    spans = [(s.get_text(), s.get("lang")) for s in summary.p.select('span[dir="ltr"]')]
    assert spans == [("−0.25", None), ("Adam", "en")]  # a true minus sign


@pytest.mark.sphinx("html", testroot="persian", confoverrides=PREPARED)
def test_the_bilingual_glossary_links_each_term_and_the_section_teaching_it(app):
    page = build(app)["glossary-fa"]
    rows = page.select("dl.persian-glossary > dt")
    # In the English glossary's order, whatever the order of the entries.
    assert [row["id"] for row in rows] == ["fa-epoch", "fa-learning-rate"]
    rate = rows[1]
    assert rate.strong.get_text() == "نرخ یادگیری"
    hrefs = [a["href"] for a in rate.find_next_sibling("dd").select("a")]
    english = [a["href"] for a in rate.select('span[lang="en"] a')]
    assert english == ["glossary.html#term-learning-rate"]
    assert hrefs == ["index.html#sec-rate"]
    assert page.select_one(".persian-glossary-block")["dir"] == "rtl"


@pytest.mark.sphinx(
    "html", testroot="persian", srcdir="persian-other-terms", confoverrides=PREPARED
)
def test_a_term_in_only_one_of_the_glossaries_is_a_warning(app, warning):
    page = app.srcdir / "glossary-fa.md"
    page.write_text(page.read_text().replace("term: epoch", "term: weight"))
    app.build()
    assert (
        "the bilingual glossary has no entry for 'epoch', a term of 'glossary'"
        in warning.getvalue()
    )
    assert "'weight' is not a term of 'glossary'" in warning.getvalue()


@pytest.mark.sphinx(
    "html", testroot="persian", srcdir="persian-malformed", confoverrides=PREPARED
)
def test_a_malformed_bilingual_entry_is_an_error_naming_the_page(app, warning):
    page = app.srcdir / "glossary-fa.md"
    page.write_text(page.read_text().replace("  definition: یک گذر کامل.\n", ""))
    app.build()
    assert re.search(
        r"glossary-fa\.md:\d+: ERROR: entry 2 \(epoch\): missing definition",
        warning.getvalue(),
    ), warning.getvalue()


@pytest.mark.sphinx("html", testroot="persian", confoverrides=PREPARED)
def test_only_pages_showing_persian_link_its_sheet(app):
    pages = build(app)
    for name, shown in (("index", True), ("glossary-fa", True), ("plain", False)):
        hrefs = [link["href"] for link in pages[name].select('link[rel="stylesheet"]')]
        assert any(h.startswith("_static/persian.css") for h in hrefs) == shown, name


@pytest.mark.sphinx("html", testroot="persian", confoverrides=PREPARED)
def test_after_the_build_the_font_holds_only_the_characters_the_pages_show(app):
    build(app)
    shown = {ord(c) for c in "شیب است و آن را می‌بیندنرخ یادگیری اندازهٔ گام"}
    for name in persian.FONT_FILES:
        font = app.outdir / persian.FONT_DIR / name
        mapped = set(TTFont(font).getBestCmap())
        assert shown <= mapped, {chr(c) for c in shown - mapped}
        assert ord("ژ") not in mapped and ord("گ") in mapped  # "گام" is on a page
        assert font.stat().st_size < 20_000
    assert (app.outdir / persian.FONT_DIR / "OFL.txt").is_file()


# The built site.


def _soup(site, page):
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def _english_terms(site):
    """``{term: its id}`` of the English glossary."""
    terms = {}
    for dt in _soup(site, "glossary.html").select("dl.glossary > dt"):
        for permalink in dt.select("a.headerlink"):
            permalink.decompose()
        terms[dt.get_text(" ", strip=True)] = dt["id"]
    return terms


@pytest.fixture(scope="module")
def glossary_rows(site):
    return _soup(site, "glossary-fa.html").select("dl.persian-glossary > dt")


@pytest.mark.site
def test_the_bilingual_glossary_has_one_row_per_english_term_in_its_order(
    site, glossary_rows
):
    english = _english_terms(site)
    rows = [dt.select_one('[lang="en"] a').get_text() for dt in glossary_rows]
    assert len(english) >= 70
    assert sum(
        bool(ARABIC_SCRIPT.search(dt.strong.get_text())) for dt in glossary_rows
    ) > 0.9 * len(rows)
    assert sorted(rows, key=str.lower) == sorted(english, key=str.lower)
    assert len(rows) == len(set(rows))


@pytest.mark.site
def test_each_row_links_its_english_term_and_the_section_that_teaches_it(
    site, glossary_rows
):
    english = _english_terms(site)
    for dt in glossary_rows:
        term_link = dt.select_one('[lang="en"][dir="ltr"] a')
        assert term_link["href"] == f"glossary.html#{english[term_link.get_text()]}"
        assert dt["id"] == persian.entry_anchor(term_link.get_text())
        assert dt.strong.get_text().strip(), dt  # its Persian names
        definition = dt.find_next_sibling("dd")
        sentence, taught = definition.find_all("p", recursive=False)
        assert ARABIC_SCRIPT.search(sentence.get_text())
        # One sentence: no full stop followed by more words.
        assert not re.search(r"[.؟!]\s+\S", sentence.get_text()), sentence
        section = taught.select_one('[lang="en"] a')
        page, _, anchor = section["href"].partition("#")
        target = _soup(site, page)
        assert anchor and target.find(id=anchor), section["href"]


@pytest.mark.site
def test_a_row_teaches_where_the_english_glossary_says(site, glossary_rows):
    english = _soup(site, "glossary.html")
    for dt in glossary_rows[:: max(1, len(glossary_rows) // 12)]:
        term = dt.select_one('[lang="en"] a').get_text()
        english_dt = english.find(id=_english_terms(site)[term])
        english_link = english_dt.find_next_sibling("dd").select("a.reference")[-1]
        persian_link = dt.find_next_sibling("dd").select_one("p.fa-taught a")
        assert persian_link["href"] == english_link["href"], term


def _html_pages(site):
    return [site / page for page in toc.pages(ROOT)]


@pytest.mark.site
def test_every_persian_block_says_its_language_and_direction(site):
    blocks = 0
    for page in _html_pages(site):
        soup = _soup(site, page.relative_to(site))
        for block in soup.select(".persian"):
            blocks += 1
            assert block.get("lang") == "fa" and block.get("dir") == "rtl", page
        article = soup.select_one("article.bd-article")
        for text in article.find_all(string=ARABIC_SCRIPT):
            assert text.find_parent(attrs={"lang": "fa"}), (page, text)
    assert blocks >= len(MAIN_PAGES) + 2


@pytest.mark.site
@pytest.mark.parametrize("page", MAIN_PAGES)
def test_every_main_chapter_page_has_a_closed_persian_summary(site, page):
    soup = _soup(site, page + ".html")
    [summary] = soup.select("details.persian-summary")
    assert summary.get("lang") == "fa" and summary.get("dir") == "rtl"
    assert "open" not in summary.attrs
    assert summary.summary.get_text().startswith(persian.SUMMARY_LABEL)
    labels = [s.get_text() for s in summary.find_all("strong", recursive=True)]
    assert labels[:2] == ["در این فصل", "نکته‌های کلیدی"], labels
    assert "اشتباه‌های رایج" in labels
    assert len(summary.find_all("li")) >= 8


# A number as a page writes it: "−0.025", "16,667", "1/4", "8.74e-02", and in Persian
# text "6.0 × 10" with its power in a superscript.
WRITTEN_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])[-−+]?\d+(?:[.,/]\d+)*(?:[eE][-−+]?\d+| × 10[-−+]?\d+)?"
    r"(?![A-Za-z0-9_])"
)


def _value(written):
    """``(value, unit of its last digit)`` of a number as a page writes it."""
    text = written.replace("−", "-").replace(",", "")
    if "/" in text:
        numerator, denominator = text.split("/")
        return int(numerator) / int(denominator), 0.0
    text = re.sub(r"(?: × 10|[eE])([-+]?\d+)$", r"e\1", text)
    mantissa, _, power = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return float(text), 10.0 ** (int(power or 0) - decimals)


def _summary_and_english(site, page):
    soup = _soup(site, page + ".html")
    summary = soup.select_one("details.persian-summary").extract()
    for copy in soup.select(".katex-mathml"):  # KaTeX writes each formula twice
        copy.decompose()
    return summary, soup.select_one("article.bd-article").get_text(" ")


@pytest.mark.site
@pytest.mark.parametrize("page", MAIN_PAGES)
def test_a_summarys_numbers_are_the_english_pages_numbers(site, page):
    # The same glued value may be written differently in Persian ("0.0874" where the
    # English says "8.74e-02", "−5" for "-5"): it must be one of the English page's
    # numbers, to the last digit the summary shows.
    summary, english = _summary_and_english(site, page)
    numbers = [span.get_text() for span in summary.select('span[dir="ltr"]')]
    numbers = [n for n in numbers if WRITTEN_NUMBER.fullmatch(n)]
    assert numbers, "a summary without a single computed number"
    values = [_value(n)[0] for n in WRITTEN_NUMBER.findall(english) if n.count("/") < 2]
    for number in numbers:
        value, unit = _value(number)
        assert any(abs(value - v) <= unit / 2 * (1 + 1e-9) for v in values), number


def test_a_number_is_read_as_written_in_either_language():
    assert _value("8.74e-02") == pytest.approx((0.0874, 1e-4))
    assert _value("6.0 × 10−6") == pytest.approx((6e-6, 1e-7))
    assert _value("−0.025") == (-0.025, pytest.approx(1e-3))
    assert _value("16,667") == (16667, 1)
    assert _value("1/4") == (0.25, 0)
    assert WRITTEN_NUMBER.findall("is 3.0e+07, not 1/4 or −5 (L1)") == [
        *("3.0e+07", "1/4", "−5")
    ]


@pytest.mark.parametrize("page", MAIN_PAGES)
def test_a_summary_types_no_number_it_could_glue(page):
    source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    block = re.search(r"^(:{3,})\{persian-summary\}\n(.*?)^\1\s*$", source, re.M | re.S)
    assert block, f"{page}.md has no persian-summary block"
    text = re.sub(r"\{glue:[a-z]+\}`[^`]*`", "", block.group(2))
    text = re.sub(r"\$[^$]*\$|`[^`]*`", "", text)
    assert not re.search(r"\d", text), re.findall(r".{0,20}\d.{0,20}", text)


def _persian_texts(site):
    """``(page, text)`` for every Persian block of the site, without its maths and code
    (they keep their own notation)."""
    for page in _html_pages(site):
        soup = _soup(site, page.relative_to(site))
        for hidden in soup.select('[lang="fa"] .math, [lang="fa"] code'):
            hidden.decompose()
        for block in soup.select('[lang="fa"]'):
            if not block.find_parent(attrs={"lang": "fa"}):
                yield page.relative_to(site), block


@pytest.mark.site
def test_mish_is_never_the_persian_word_for_a_ewe(site):
    # «میش» means "ewe": the activation keeps its Latin name. ("همیشه" is fine.)
    ewe = re.compile("(?<![\u0600-\u06ff\u200c])میش(?![\u0600-\u06ff])")
    for page, block in _persian_texts(site):
        assert not ewe.search(block.get_text()), page
    assert not ewe.search((ROOT / "glossary-fa.md").read_text(encoding="utf-8"))


@pytest.mark.site
def test_persian_text_has_no_italics(site):
    # Persian does not slant: a browser fakes it. Emphasis is bold or «».
    for page, block in _persian_texts(site):
        slanted = block.select("em, i, cite, var, dfn")
        assert not slanted, (page, [em.get_text() for em in slanted])


@pytest.mark.site
def test_numbers_in_persian_text_are_written_as_persian_writes_them(site):
    # A list takes the Persian comma, a negative number the true minus sign, and a
    # power of ten is written out: no "22.5, 0.9", "-5" or "8.74e-02" in Persian text.
    lists = powers = 0
    for page, block in _persian_texts(site):
        for english in block.select('[lang="en"]'):
            english.decompose()  # an English title keeps its own punctuation
        text = block.get_text()
        assert not re.search(r"\d,\s|,\s[-−]?\d", text), (page, text)
        assert not re.search(r"-\d", text), (page, text)
        assert not re.search(r"\d[eE][-+−]?\d", text), (page, text)
        lists += len(re.findall(r"\d، [-−]?\d", text))
        powers += len(block.select(".fa-power sup"))
    assert lists >= 3 and powers >= 5  # the check saw what it checks


@pytest.mark.site
def test_persian_text_uses_latin_digits_and_persian_letters(site):
    for page in _html_pages(site):
        for block in _soup(site, page.relative_to(site)).select('[lang="fa"]'):
            assert not WRONG_CHARACTERS.search(block.get_text()), page


def _stylesheets(site, page):
    soup = _soup(site, page)
    return "".join(
        (site / page).parent.joinpath(link["href"].split("?")[0]).read_text("utf-8")
        for link in soup.select('link[rel="stylesheet"]')
    )


@pytest.mark.site
def test_the_font_is_linked_only_where_persian_is_shown_and_served_locally(site):
    # A page with answer boxes shows Persian in their feedback (sigmoid has boxes).
    shown = ["glossary-fa.html", "chapters/sigmoid.html"]
    for page in [*shown, *(p + ".html" for p in MAIN_PAGES)]:
        css = _stylesheets(site, page)
        urls = re.findall(r'url\("?([^")]*Vazirmatn[^")]*)"?\)', css)
        assert len(urls) == len(persian.FONT_FILES), page
        for url in urls:
            assert "://" not in url
    for page in ["intro.html", "chapters/vanishing-deep.html", "glossary.html"]:
        assert "Vazirmatn" not in _stylesheets(site, page), page
    assert (site / persian.FONT_DIR / "OFL.txt").is_file()


@pytest.mark.site
def test_the_font_holds_exactly_the_persian_characters_the_site_shows(site):
    # What the Persian blocks show, and what the answer boxes can show (their script
    # reads a Persian decimal separator, for one), as the build counts them.
    shown = {
        ord(c)
        for c in persian.persian_characters(site)
        | answer_boxes.persian_characters(site)
        if ARABIC_SCRIPT.match(c) or c in "\u200c"
    }
    for name in persian.FONT_FILES:
        font = TTFont(site / persian.FONT_DIR / name)
        mapped = set(font.getBestCmap())
        assert shown <= mapped, {chr(c) for c in shown - mapped}
        extra = {c for c in mapped - shown if ARABIC_SCRIPT.match(chr(c))}
        assert not extra, "".join(sorted(map(chr, extra)))
        assert (site / persian.FONT_DIR / name).stat().st_size < 20_000
