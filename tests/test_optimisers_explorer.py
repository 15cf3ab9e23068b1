import re

import numpy as np

from dlbook import optimisers
from dlbook.optimisers_explorer import (
    START,
    STEPS,
    optimisers_explorer,
    path_and_losses,
    render,
)


def test_a_frame_names_its_setting_and_outcome_and_draws_the_path():
    svg = render("momentum", 0.03, 0.9)
    title = re.search(r"<title[^>]*>([^<]*)</title>", svg).group(1)
    points, losses = path_and_losses("momentum", 0.03, 0.9)
    assert title == (
        f"momentum, learning rate 0.03, β = 0.9: loss after {STEPS} steps: "
        f"{losses[-1]:.1e}"
    )
    assert svg.count("<polyline") > 3 and 'clip-path="url(#' in svg
    assert len(points) == STEPS + 1 and np.array_equal(points[0], START)


def test_optimisers_without_beta_do_not_mention_it_and_divergence_is_named():
    assert "β" not in re.search(
        r"<title[^>]*>([^<]*)</title>", render("SGD", 0.1, 0.9)
    ).group(1)
    assert "diverges" in render("SGD", 0.22, 0.9)  # above 2 / λ_max = 0.2
    assert "diverged, off the chart" in render("Nesterov", 0.18, 0.98)


def test_static_explorer_has_one_small_frame_per_setting():
    explorer = optimisers_explorer("static")
    assert len(explorer.frames) == len(optimisers.OPTIMISERS) * 5 * 3
    assert (
        explorer.payload_bytes < 1_200_000
    )  # about 46 KB once gzipped: the frames share their contours
    titles = [
        re.search(r"<title[^>]*>([^<]*)</title>", f.value).group(1)
        for f in explorer.frames
    ]
    assert (
        len(set(titles)) > 60
    )  # SGD and Adagrad ignore β, so their frames repeat across it


def test_live_explorer_recomputes_between_grid_values():
    explorer = optimisers_explorer("live")
    _, rate, beta = explorer.controls
    rate.value = 0.05
    beta.value = 0.6
    assert "momentum, learning rate 0.05, β = 0.6" in explorer.frames[0].value
    assert len(explorer.update_seconds) == 2


def test_adams_working_learning_rates_do_not_move_with_the_scale_of_the_loss():
    from dlbook.optimisers_explorer import rate_span, reduces_hundredfold

    rates = (1e-3, 1e-2, 1e-1)
    for scale in (0.01, 100):
        assert [reduces_hundredfold("Adam", lr, scale) for lr in rates] == [
            reduces_hundredfold("Adam", lr, 1) for lr in rates
        ]
    assert reduces_hundredfold("SGD", 0.1, 1) and not reduces_hundredfold(
        "SGD", 0.1, 100
    )
    assert rate_span([]) == "none" and rate_span([0.01]) == "1e-02"
    assert rate_span([0.1, 0.001, 0.01]) == "1e-03 to 1e-01"


def test_the_sliders_hold_the_values_the_page_suggests():
    from dlbook.optimisers_explorer import BETA_RANGE, BETAS, RATE_RANGE, RATES

    _, rate, beta = optimisers_explorer("static").controls
    assert tuple(value for _, value in rate.options) == RATES
    assert tuple(value for _, value in beta.options) == BETAS
    assert RATE_RANGE[0] < min(RATES) and max(RATES) < RATE_RANGE[1]
    assert BETA_RANGE[0] < min(BETAS) and max(BETAS) < BETA_RANGE[1]
