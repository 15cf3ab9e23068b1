"""dlbook_site.answer_boxes on a small book (tests/site/roots/test-answer-boxes): a box
inside an exercise, its script and style linked on that page only, and no script inside
the page's output."""

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from dlbook import answer_boxes as boxes
from dlbook_site import persian

ROOT = Path(__file__).resolve().parents[2]
# dlbook_site.persian finds its font under the project's _build/vazirmatn.
PREPARED = {"nb_execution_cache_path": str(ROOT / "_build" / ".jupyter_cache")}


@pytest.fixture
def site_build_env(monkeypatch):
    """The build sets DLBOOK_SITE_BUILD for the kernels; it is unset again after."""
    monkeypatch.setenv(boxes.SITE_BUILD, "")
    monkeypatch.delenv(boxes.SITE_BUILD)


@pytest.mark.sphinx("html", testroot="answer-boxes", confoverrides=PREPARED)
def test_a_box_in_an_exercise_loads_the_script_on_its_page_only(app, site_build_env):
    app.build()
    html = app.outdir
    page = (html / "index.html").read_text()
    exercise = page[page.index('id="ex-mse"') :]
    assert exercise.index('<form class="self-check" id="box-initial-mse"') < (
        exercise.index("</section>")
    )
    assert "_static/answer_boxes.js" in page and "_static/answer-boxes.css" in page
    assert "<script>" not in page[page.index("<form") : page.index("</form>")]
    # The boxes answer with a Persian line: their page links the Persian sheet.
    assert "_static/persian.css" in page
    plain = (html / "plain.html").read_text()
    for name in ("answer_boxes.js", "answer-boxes.css", "persian.css"):
        assert name not in plain
    for name in ("answer_boxes.js", "answer-boxes.css"):
        assert (html / "_static" / name).is_file()
    # No page shows Persian prose, yet the font keeps the script's Persian lines.
    script = set(re.findall("[\u0600-\u06ff]", boxes.SCRIPT.read_text("utf-8")))
    assert script
    font = TTFont(html / persian.FONT_DIR / persian.FONT_FILES[0])
    assert {ord(c) for c in script} <= set(font.getBestCmap())
