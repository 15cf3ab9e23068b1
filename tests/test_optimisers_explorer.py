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
