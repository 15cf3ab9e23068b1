"""The built site in Chromium, served on localhost with every off-site request
blocked."""

import re
from pathlib import Path

import pytest
from conftest import WIDGET_PAGES, PageRecorder

from dlbook.widgets import FRAME_CLASS
from dlbook_site import toc

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


def toc_pages():
    """Every page the table of contents lists, plus Sphinx's index and search pages."""
    return toc.pages(ROOT) + ["genindex.html", "search.html"]


PAGES = toc_pages()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_offsite_requests(recorder, path):
    page = recorder.open(path)
    page.wait_for_timeout(500)  # let late scripts (widgets) report errors
    assert page.title()
    assert recorder.errors == []
    assert recorder.offsite == []


@pytest.mark.parametrize("path", PAGES)
def test_maths_is_rendered_when_the_site_is_built(recorder, path):
    page = recorder.open(path)
    # Each formula holds KaTeX's drawing and its MathML, for screen readers.
    unrendered = page.evaluate(
        "() => [...document.querySelectorAll('.math')]"
        ".filter(el => !el.querySelector('.katex-html') || !el.querySelector('math'))"
        ".map(el => el.textContent.slice(0, 60))"
    )
    assert unrendered == []
    # No maths script runs on the reader's device.
    assert page.evaluate("() => window.MathJax === undefined && !window.katex")
    if page.locator(".math").count():
        # The fonts load from the site (only WOFF2 is shipped).
        page.evaluate("() => document.fonts.ready")
        assert page.evaluate(
            "() => [...document.fonts].some(f => f.family.startsWith('KaTeX') "
            "&& f.status === 'loaded')"
        )
    assert recorder.errors == [] and recorder.offsite == []


RAW_TEX = re.compile(
    r"\\[()\[\]]|\$\$|\\(frac|tfrac|dfrac|mathrm|mathbf|begin|end|sum|partial"
    r"|hat|sigma|alpha|beta|eta|cdot|left|right|sqrt|text|operatorname)\b"
)


@pytest.mark.parametrize("path", PAGES)
def test_no_raw_tex_is_visible(recorder, path):
    page = recorder.open(path)
    # What the reader sees: the page's rendered text, with MathML, hidden parts and
    # code (whose TeX is Python source, as in a matplotlib label) left aside.
    seen = page.evaluate(
        "() => { const body = document.body.cloneNode(true);"
        " body.querySelectorAll('.katex-mathml, script, style, template, pre, code')"
        ".forEach(el => el.remove()); document.body.after(body);"
        " const text = body.innerText; body.remove(); return text; }"
    )
    raw = sorted({match.group(0) for match in RAW_TEX.finditer(seen)})
    assert raw == [], [
        seen[max(0, m.start() - 40) : m.end() + 40] for m in RAW_TEX.finditer(seen)
    ][:5]


def visible_frame(page):
    """What the widget frame shown now says (its text, or its image's alt text) and its
    HTML."""
    frame = page.locator(f".jupyter-widgets .{FRAME_CLASS} >> visible=true")
    assert frame.count() == 1, "exactly one widget frame should be visible"
    images = frame.locator("img")
    said = images.first.get_attribute("alt") if images.count() else frame.inner_text()
    return said, frame.inner_html()


SLIDER_VALUE = """el => [
    el.getAttribute('aria-valuetext'),
    el.closest('.widget-slider, .jupyter-widgets')
      .querySelector('.widget-readout').textContent.trim(),
]"""


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_static_widget_control_switches_frames(recorder, path):
    page = recorder.open(path)
    if "_static/widget-state/" not in page.content():
        pytest.fail(f"{path} embeds no widget state")
    control = page.locator(
        ".jupyter-widgets .noUi-handle, .jupyter-widgets select"
    ).first
    control.wait_for(state="visible", timeout=15000)
    before = visible_frame(page)
    if control.evaluate("el => el.tagName") == "SELECT":
        start = control.evaluate("el => el.selectedIndex")
        control.select_option(index=(start + 1) % control.locator("option").count())
        page.wait_for_timeout(300)
        after = visible_frame(page)
        control.select_option(index=start)
    else:
        control.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        after = visible_frame(page)
        # Screen readers hear the value the slider shows, not its position.
        said, shown = control.evaluate(SLIDER_VALUE)
        assert shown and said == shown
        page.keyboard.press("ArrowLeft")
    assert after[0] != before[0] and after[1] != before[1]
    page.wait_for_timeout(300)
    assert visible_frame(page) == before
    assert recorder.errors == [] and recorder.offsite == []


AFTER_LOAD = """() => {
  const loaded = performance.getEntriesByType("navigation")[0].loadEventStart;
  return performance.getEntriesByType("resource")
    .filter((r) => /widget-state|widget-runtime/.test(r.name))
    .map((r) => [r.name.split("?")[0].split("/").pop(), r.startTime >= loaded]);
}"""


@pytest.mark.parametrize("path", WIDGET_PAGES[:1])
def test_widget_state_and_runtime_are_fetched_after_the_page_has_loaded(recorder, path):
    """An explorer's text paints and answers first; its widgets' state and runtime (up
    to several hundred kilobytes) are fetched once the page has loaded (page_head.py),
    and the widgets are drawn all the same."""
    page = recorder.open(path)
    page.wait_for_selector(".dlbook-widget .widget-html", state="attached")
    fetched = dict(page.evaluate(AFTER_LOAD))
    state = path.split("/")[-1].replace(".html", ".js")
    assert fetched == {"widgets.js": True, state: True}
    assert recorder.errors == []


THEME_CHANGES = """
window.dlbookThemeChanges = [];
new MutationObserver((records) => records.forEach((record) => {
  const now = record.target.getAttribute("data-theme");
  if (record.oldValue !== now) {
    window.dlbookThemeChanges.push([record.oldValue, now, document.readyState]);
  }
})).observe(document, {
  subtree: true, attributes: true, attributeOldValue: true,
  attributeFilter: ["data-theme"],
});
"""


@pytest.mark.parametrize(
    "scheme, chosen, theme",
    [
        ("light", None, "light"),  # a first visit follows the reader's scheme
        ("dark", None, "dark"),
        ("dark", "auto", "dark"),
        ("light", "dark", "dark"),  # a mode chosen on an earlier visit wins
        ("dark", "light", "light"),
    ],
)
def test_the_colour_scheme_is_settled_while_the_head_loads(
    browser, site_url, scheme, chosen, theme
):
    """The head's script settles the theme as the theme's own script would, so that
    script, once the page has loaded, changes nothing and the browser need not work out
    every element's style again (templates/layout.html)."""
    recorder = PageRecorder(browser, site_url, color_scheme=scheme)
    if chosen:
        recorder.page.add_init_script(
            f'try {{ localStorage.setItem("mode", "{chosen}"); }} catch (e) {{}}'
        )
    recorder.page.add_init_script(THEME_CHANGES)
    page = recorder.open("chapters/activations.html")
    page.wait_for_timeout(500)
    changes = page.evaluate("window.dlbookThemeChanges")
    recorder.context.close()
    assert changes == [["auto", theme, "loading"]]


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(browser, site_url, axe_source, path, mode):
    recorder = PageRecorder(browser, site_url, color_scheme=mode)
    page = recorder.open(path)
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations\n"
        "            .filter(v => v.impact === 'serious' || v.impact === 'critical')\n"
        "            .map(v => `${v.impact} ${v.id}: ${v.help} at "
        "${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"
    )
    recorder.context.close()
    assert violations == []


SEARCH_FIELD = """() => {
  const form = [...document.querySelectorAll(".bd-search")]
    .find((f) => f.getBoundingClientRect().width > 0);
  const icon = form.querySelector(".fa-magnifying-glass").getBoundingClientRect();
  const input = form.querySelector("input");
  const start = parseFloat(getComputedStyle(input).paddingInlineStart);
  return [icon.width, icon.right, input.getBoundingClientRect().left + start];
}"""


def test_the_search_field_starts_after_its_magnifier(recorder):
    """The theme drew the magnifier over the placeholder's first letter
    (static/theme-fixes.css)."""
    page = recorder.open("intro.html")
    page.click(".search-button__button")
    page.wait_for_selector(".bd-search input", state="visible")
    width, icon_right, text_start = page.evaluate(SEARCH_FIELD)
    assert width > 0 and icon_right <= text_start
