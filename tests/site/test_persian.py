"""The Persian layer: glossary entries, numbers kept left to right, the font's subset,
and, on the built site, the bilingual glossary and every chapter's summary."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from fontTools.ttLib import TTFont

from dlbook.site import persian, toc

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
    block = persian.persian_block("", paragraph)
    assert persian.isolate_left_to_right(block) == 11
    spans = list(block.findall(persian.bidi_span))
    assert [span.astext() for span in spans] == [
        *("−0.25", "1.5e-05", "1/4", "L1", "x", "1", "2", "60,000"),
        *("Adagrad", "RMSprop", "Common mistakes"),
    ]
    assert [span.get("lang") for span in spans] == [None] * 3 + ["en"] * 2 + [
        None
    ] * 3 + ["en"] * 3
    assert all(span["dir"] == "ltr" for span in spans)
    assert block.astext() == paragraph.astext().replace("\n", "")
    assert persian.isolate_left_to_right(block) == 0  # already isolated: left alone


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


@pytest.mark.site
@pytest.mark.parametrize("page", MAIN_PAGES)
def test_a_summarys_numbers_are_the_english_pages_numbers(site, page):
    soup = _soup(site, page + ".html")
    summary = soup.select_one("details.persian-summary")
    numbers = [span.get_text() for span in summary.select('span[dir="ltr"]')]
    numbers = [n for n in numbers if re.fullmatch(persian.NUMBER, n)]
    summary.extract()
    english = soup.select_one("article.bd-article").get_text()
    assert numbers, "a summary without a single computed number"
    for number in numbers:
        assert number in english, number


@pytest.mark.parametrize("page", MAIN_PAGES)
def test_a_summary_types_no_number_it_could_glue(page):
    source = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    block = re.search(r"^(:{3,})\{persian-summary\}\n(.*?)^\1\s*$", source, re.M | re.S)
    assert block, f"{page}.md has no persian-summary block"
    text = re.sub(r"\{glue:[a-z]+\}`[^`]*`", "", block.group(2))
    text = re.sub(r"\$[^$]*\$|`[^`]*`", "", text)
    assert not re.search(r"\d", text), re.findall(r".{0,20}\d.{0,20}", text)


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
    for page in ["glossary-fa.html", *(p + ".html" for p in MAIN_PAGES)]:
        css = _stylesheets(site, page)
        urls = re.findall(r'url\("?([^")]*Vazirmatn[^")]*)"?\)', css)
        assert len(urls) == len(persian.FONT_FILES), page
        for url in urls:
            assert "://" not in url
    for page in ["intro.html", "chapters/sigmoid.html", "glossary.html"]:
        assert "Vazirmatn" not in _stylesheets(site, page), page
    assert (site / persian.FONT_DIR / "OFL.txt").is_file()


@pytest.mark.site
def test_the_font_holds_exactly_the_persian_characters_the_site_shows(site):
    shown = {
        ord(c)
        for c in persian.persian_characters(site)
        if ARABIC_SCRIPT.match(c) or c in "\u200c"
    }
    for name in persian.FONT_FILES:
        font = TTFont(site / persian.FONT_DIR / name)
        mapped = set(font.getBestCmap())
        assert shown <= mapped, {chr(c) for c in shown - mapped}
        extra = {c for c in mapped - shown if ARABIC_SCRIPT.match(chr(c))}
        assert not extra, "".join(sorted(map(chr, extra)))
        assert (site / persian.FONT_DIR / name).stat().st_size < 20_000
