"""The built site on a phone: 390 x 844 CSS pixels, as on a common handset.

Nothing may stick out past the right edge of the screen, unless it sits in a box that
scrolls sideways and fades where it has more to show; nothing may be cut off inside a
box that does not scroll; and text drawn in a widget's SVG stays legible.
"""

from pathlib import Path

import pytest
from conftest import PageRecorder
from test_site import PAGES

from dlbook import style
from dlbook_site import lessons

pytestmark = pytest.mark.browser

PHONE = lessons.PHONE

LAYOUT_FAULTS = (Path(__file__).parent / "layout_faults.js").read_text()

# The size, in CSS pixels on screen, of each text of the widget frames' SVG drawings.
SVG_TEXT_SIZES = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.getBoundingClientRect().width > 0 && t.textContent.trim())
  .map(t => {
    const size = parseFloat(getComputedStyle(t).fontSize);
    const m = t.getScreenCTM();
    const scale = m ? Math.hypot(m.a, m.b) : 1;
    return [t.textContent.trim().slice(0, 30), Math.round(size * scale * 10) / 10];
  })"""


@pytest.fixture
def phone(browser, site_url):
    recorder = PageRecorder(browser, site_url)
    recorder.page.set_viewport_size(PHONE)
    yield recorder
    recorder.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_sticks_out_or_is_cut_off_on_a_phone(phone, path):
    page = phone.open(path)
    page.wait_for_timeout(700)  # widgets render and scroll cues settle
    assert page.evaluate(LAYOUT_FAULTS) == []


def test_the_text_column_on_a_phone_is_the_one_figures_are_sized_for(phone):
    page = phone.open("chapters/backprop.html")
    column = page.evaluate(
        "() => document.querySelector('article.bd-article').clientWidth"
    )
    # style.PHONE_COLUMN_PX sizes the figures' text; a wider column only helps.
    assert column >= style.PHONE_COLUMN_PX


@pytest.mark.parametrize("path", PAGES)
def test_text_in_drawings_is_legible_on_a_phone(phone, path):
    page = phone.open(path)
    page.wait_for_timeout(500)
    small = [
        (text, size)
        for text, size in page.evaluate(SVG_TEXT_SIZES)
        if size < style.MIN_PHONE_TEXT_PX
    ]
    assert small == []


@pytest.mark.parametrize("path", lessons.screen_budgets())
def test_the_lesson_path_fits_its_phone_screen_budget(phone, path):
    """Rule 0: a main page's lesson path is at most 12 phone screens, a section's 15,
    from the title to the closed "How we checked this page" part."""
    page = phone.open(path)
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(500)  # widgets draw their first frame
    measured = page.evaluate(lessons.LESSON_PATH_JS.read_text())
    assert measured["checks"], "the page has a closed 'How we checked this page' part"
    assert measured["screens"] <= lessons.screen_budgets()[path]
