"""The Persian blocks in Chromium: right to left, in their own font, accessible, and
found by the site's search as readers type Persian."""

import urllib.parse
from pathlib import Path

import pytest
from conftest import PageRecorder

pytestmark = pytest.mark.browser

ZWNJ = "\u200c"
SUMMARY_PAGES = ["chapters/activations.html", "chapters/optimisers.html"]
ALL_SUMMARY_PAGES = [
    f"chapters/{name}.html"
    for name in ("activations", "backprop", "vanishing", "loss-curves", "optimisers")
] + ["chapters/mnist.html"]
LAYOUT_FAULTS = (Path(__file__).parent / "layout_faults.js").read_text()
PERSIAN_PAGES = [*SUMMARY_PAGES, "glossary-fa.html"]
OPEN_SUMMARIES = (
    "document.querySelectorAll('details.persian').forEach((d) => (d.open = true))"
)

# For every Persian paragraph and list item: its direction, its font, and where its
# first word sits against the box's two edges. Right-to-left text starts at the right
# edge, and so does a Latin word that opens a Persian sentence ("tanh …").
LAYOUT = """() => [...document.querySelectorAll('.persian p, .persian li')]
  .filter((element) => element.getClientRects().length)
  .filter((element) => /[\\u0600-\\u06ff]/.test(element.textContent))
  .map((element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text && !text.data.trim()) text = walker.nextNode();
    const start = text.data.search(/\\S/);
    const end = text.data.slice(start).search(/\\s|$/) + start;
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, end);
    const word = range.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {
      direction: style.direction,
      font: style.fontFamily,
      fromRight: box.right - parseFloat(style.paddingRight) - word.right,
      fromLeft: word.left - box.left - parseFloat(style.paddingLeft),
      // Only a word of the box's own text: not one inside a link, code or maths.
      first: text.parentElement === element
        || text.parentElement.tagName === 'STRONG',
      text: element.textContent.slice(0, 40),
    };
  })"""

# Numbers and Latin words inside Persian text, each isolated left to right.
ISOLATED = """() => [...document.querySelectorAll('.persian span[dir="ltr"]')]
  .filter((span) => /^[-−+]?[0-9A-Za-z]/.test(span.textContent))
  .map((span) => [span.textContent, getComputedStyle(span).direction,
                  getComputedStyle(span).unicodeBidi])"""

# How much narrower each Persian list item is than its list, in CSS pixels.
LIST_INDENTS = """() => [...document.querySelectorAll('.persian li')]
  .filter((item) => item.getClientRects().length)
  .map((item) => [
    item.parentElement.getBoundingClientRect().width
      - item.getBoundingClientRect().width,
    item.textContent.slice(0, 40),
  ])"""


@pytest.mark.parametrize("path", PERSIAN_PAGES)
def test_persian_reads_right_to_left_in_its_own_font(recorder, path):
    page = recorder.open(path)
    page.evaluate(OPEN_SUMMARIES)
    page.wait_for_timeout(300)
    lines = page.evaluate(LAYOUT)
    assert len(lines) >= 5
    for line in lines:
        assert line["direction"] == "rtl", line
        assert line["font"].strip('"').startswith("Vazirmatn"), line
        if line["first"]:  # text that opens its box starts at the right edge
            assert abs(line["fromRight"]) <= 24 < line["fromLeft"], line
    assert page.evaluate(
        "document.fonts.check('16px Vazirmatn', 'خلاصه')"
        " && [...document.fonts].some((f) => f.family === 'Vazirmatn'"
        " && f.status === 'loaded')"
    )
    isolated = page.evaluate(ISOLATED)
    assert any(text[0].isdigit() for text, _, _ in isolated)
    for text, direction, bidi in isolated:
        assert (direction, bidi) == ("ltr", "isolate"), text
    assert recorder.errors == [] and recorder.offsite == []


def test_latin_names_in_a_persian_list_read_in_the_lists_order(recorder):
    # "Adagrad، RMSprop و Adam": read from the right, the first name is the rightmost,
    # and the Persian comma sits between the first two names.
    page = recorder.open("chapters/optimisers.html")
    page.evaluate(OPEN_SUMMARIES)
    item = page.locator(".persian li", has_text="Adagrad،").first
    boxes = {
        name: item.locator(f'span[lang="en"]:text-is("{name}")').bounding_box()
        for name in ("Adagrad", "RMSprop", "Adam")
    }
    assert boxes["Adagrad"]["x"] > boxes["RMSprop"]["x"] > boxes["Adam"]["x"], boxes
    assert recorder.errors == [] and recorder.offsite == []


@pytest.mark.parametrize("path", [*ALL_SUMMARY_PAGES, "glossary-fa.html"])
def test_open_persian_text_fits_a_phone(browser, site_url, path):
    # Formulas in Persian lines do not wrap, so a long one could stick out of a phone.
    recorder = PageRecorder(browser, site_url)
    recorder.page.set_viewport_size({"width": 390, "height": 844})
    page = recorder.open(path)
    page.evaluate(OPEN_SUMMARIES)
    page.wait_for_timeout(500)
    faults = page.evaluate(LAYOUT_FAULTS)
    indents = page.evaluate(LIST_INDENTS)
    recorder.context.close()
    assert faults == []
    # A Persian list indents once, on its right: a second indent on the left would leave
    # a phone's summary a column of a few words.
    assert [indent for indent in indents if indent[0] > 25] == []


# Each English run inside Persian text (a name, a phrase, a link's English title) and
# each number written with a power of ten: on how many lines its text lies. Rectangles
# of the same line overlap vertically (a superscript's too); a new line's do not.
RUN_LINES = """() => [...document.querySelectorAll(
    '.persian [lang="en"], .persian .fa-power')]
  .filter((element) => element.getClientRects().length)
  .map((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const lines = [];
    for (const rect of range.getClientRects()) {
      if (!rect.width || !rect.height) continue;
      const line = lines.find(
        (l) => rect.top < l.bottom - 2 && rect.bottom > l.top + 2);
      if (line) {
        line.top = Math.min(line.top, rect.top);
        line.bottom = Math.max(line.bottom, rect.bottom);
      } else lines.push({top: rect.top, bottom: rect.bottom});
    }
    const box = getComputedStyle(element).display === "inline-block";
    return [element.textContent.trim().slice(0, 60), lines.length, box];
  })"""


@pytest.mark.parametrize("path", [*ALL_SUMMARY_PAGES, "glossary-fa.html"])
def test_an_english_run_in_persian_text_stays_on_one_line(browser, site_url, path):
    # Broken across a right-to-left line, "(What α = 1 and the inverted | copies teach)"
    # reads its halves in the wrong order and its brackets look reversed.
    recorder = PageRecorder(browser, site_url)
    recorder.page.set_viewport_size({"width": 390, "height": 844})
    page = recorder.open(path)
    page.evaluate(OPEN_SUMMARIES)
    page.wait_for_timeout(500)
    runs = page.evaluate(RUN_LINES)
    recorder.context.close()
    assert runs  # the summary's English label at least
    # One line each; only the glossary's titles, each set in a box of its own (an
    # inline block), may wrap inside that box, where its lines read in order.
    broken = [run for run in runs if run[1] != 1]
    if path == "glossary-fa.html":
        broken = [run for run in broken if not run[2]]
    assert broken == []


# Each signed number and each power of ten in Persian text: whether its sign stands to
# the left of its first digit, and its mantissa to the left of its power.
NUMBER_ORDER = """() => [...document.querySelectorAll('.persian span[dir="ltr"]')]
  .filter((span) => /^[-−+]\\d/.test(span.textContent) || span.querySelector('sup'))
  .map((span) => {
    const text = span.firstChild;
    const left = (from, to) => {
      const range = document.createRange();
      range.setStart(text, from);
      range.setEnd(text, to);
      return range.getBoundingClientRect().left;
    };
    const power = span.querySelector('sup');
    return [
      span.textContent,
      /^[-−+]/.test(text.data) ? left(0, 1) < left(1, 2) : true,
      power ? left(0, 1) < power.getBoundingClientRect().left : true,
    ];
  })"""


@pytest.mark.parametrize(
    "path", ["chapters/vanishing.html", "chapters/loss-curves.html"]
)
def test_a_number_in_persian_text_reads_left_to_right(recorder, path):
    # "−0.025" keeps its minus on the left, "6.0 × 10⁻⁶" its power on the right, inside
    # a right-to-left line.
    page = recorder.open(path)
    page.evaluate(OPEN_SUMMARIES)
    page.wait_for_timeout(300)
    numbers = page.evaluate(NUMBER_ORDER)
    assert len(numbers) >= 3
    assert [n for n in numbers if not (n[1] and n[2])] == []


@pytest.mark.parametrize("path", SUMMARY_PAGES)
def test_a_summary_is_closed_until_the_reader_opens_it(recorder, path):
    page = recorder.open(path)
    summary = page.locator("details.persian-summary")
    assert summary.count() == 1
    assert not summary.evaluate("(d) => d.open")
    assert summary.locator("li").first.is_hidden()
    summary.locator("summary").click()
    assert summary.evaluate("(d) => d.open")
    assert summary.locator("li").first.is_visible()


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PERSIAN_PAGES)
def test_no_serious_accessibility_violations_in_the_persian_blocks(
    browser, site_url, axe_source, path, mode
):
    recorder = PageRecorder(browser, site_url, color_scheme=mode)
    page = recorder.open(path)
    page.evaluate(OPEN_SUMMARIES)
    page.wait_for_timeout(500)
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        "async () => (await axe.run({include: [['.persian']]},"
        " {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.impact} ${v.id}: ${v.help} at "
        "${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"
    )
    checked = page.evaluate("document.querySelectorAll('.persian').length")
    recorder.context.close()
    assert checked >= 1 and violations == []


# Each query as a reader might type it, and the page it must find.
QUERIES = [
    (f"فعال{ZWNJ}سازی", "glossary-fa.html"),  # with the zero-width non-joiner
    ("فعالسازی", "glossary-fa.html"),  # without it
    ("يادگيري", "glossary-fa.html"),  # Arabic ye
    ("شبكه", "glossary-fa.html"),  # Arabic kaf
    (f"تابع فعال{ZWNJ}سازی", "chapters/activations.html"),
]


@pytest.mark.parametrize("query, expected", QUERIES)
def test_search_finds_persian_words_as_they_are_usually_typed(
    recorder, query, expected
):
    page = recorder.open("search.html?q=" + urllib.parse.quote(query))
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    found = page.evaluate(
        "[...document.querySelectorAll('#search-results ul.search li a')]"
        ".map((a) => a.getAttribute('href').split('#')[0].split('?')[0])"
    )
    assert expected in found, found
    assert recorder.errors == [] and recorder.offsite == []
