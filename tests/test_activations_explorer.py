import re

import numpy as np
import pytest

from dlbook.activations_explorer import CUSTOM, STATIC_VARIANTS, activations_explorer


@pytest.fixture(scope="module")
def static():
    return activations_explorer("static")


@pytest.fixture
def live():
    return activations_explorer("live")


def shown_image(explorer):
    return explorer.explorer.frames[0].value


def test_static_explorer_has_one_frame_per_variant_with_its_own_alt_text(static):
    frames = static.explorer.frames
    assert len(frames) == len(STATIC_VARIANTS)
    alts = [re.search(r'alt="([^"]+)"', f.value).group(1) for f in frames]
    assert len(set(alts)) == len(alts)
    assert all(
        label.split(",")[0] in alt for (label, _, _), alt in zip(STATIC_VARIANTS, alts)
    )
    assert static.explorer.payload_bytes < 300_000


def test_live_explorer_draws_a_custom_formula(live):
    before = shown_image(live)
    assert live.try_formula("x*tanh(x)")
    assert live.explorer.controls[0].value == CUSTOM
    assert shown_image(live) != before
    assert "Showing f(x) = x*tanh(x)" in live.message.value


@pytest.mark.parametrize(
    "text", ["y*x", "__import__('os')", "x" * 500, "log(-x**2 - 1)", "(x"]
)
def test_live_explorer_reports_a_bad_formula_and_keeps_the_figure(live, text):
    before = shown_image(live)
    assert not live.try_formula(text)
    assert 'role="alert"' in live.message.value
    assert shown_image(live) == before
    assert live.explorer.controls[0].value != CUSTOM


def test_typing_in_the_box_goes_through_the_same_checks(live):
    live.formula.value = "os.system"
    assert 'role="alert"' in live.message.value
    live.formula.value = "softplus(x)"
    assert 'role="status"' in live.message.value


def test_live_sliders_redraw_on_every_change(live):
    beta = live.explorer.controls[2]
    shown = set()
    for value in np.linspace(0.2, 5, 25):
        beta.value = float(value)
        shown.add(shown_image(live))
    # One redraw per change, each a different picture. How long a redraw takes is
    # measured, not tested (scripts/measure_pages.py; the budget is 100 ms).
    assert len(live.explorer.update_seconds) == 25 and len(shown) == 25
