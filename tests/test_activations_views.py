import math

import numpy as np
import pytest
import sympy as sp

from dlbook import activations_views as views
from dlbook.activations import REGISTRY
from dlbook.page import markdown_table


def test_registry_and_derivative_tables_have_a_row_per_entry():
    for header, rows in (views.registry_table(), views.derivative_table()):
        assert len(rows) == len(REGISTRY)
        assert all(len(row) == len(header) for row in rows)
    header, rows = views.registry_table()
    swish = dict(zip(header, rows[list(REGISTRY).index("swish")]))
    assert swish["$f(x)$"] == r"$x \sigma\left(\beta x\right)$"
    assert swish["parameter (default)"] == r"$\beta$ = 1"
    assert swish["Keras"] == "`keras.activations.silu`"
    assert dict(zip(header, rows[list(REGISTRY).index("sign")]))["Keras"] == "—"
    # the tables' maths holds no bare "|", which a Markdown table would split on
    assert "\\|" not in markdown_table(*views.derivative_table())


def test_identity_and_three_way_tables_format_their_inputs():
    header, rows = views.identity_table({r"a = b": sp.Integer(0)})
    assert rows == [("$a = b$", "$0$")]
    header, rows = views.three_way_table(
        {("ReLU", 1): {"numerical": 1.234e-9, "automatic": 0.0}}
    )
    assert rows == [("ReLU", 1, "1.2e-09", "0.0e+00")]


def test_the_slopes_at_a_kink_follow_each_library_s_convention():
    relu = views.slopes_at_kink(REGISTRY["relu"])
    assert relu["SymPy"] == 0.5 and relu["finite difference"] == pytest.approx(0.5)
    assert relu["GradientTape"] in (0.0, 1.0) and relu["Keras built-in"] in (0.0, 1.0)
    sign = views.slopes_at_kink(REGISTRY["sign"])
    assert math.isnan(sign["Keras built-in"]) and sign["finite difference"] > 1e4
    header, rows = views.kink_table({"sign": sign})
    assert rows[0][-1] == "—"


def test_largest_slopes_and_minima_match_the_closed_forms():
    value, where = views.largest_slope(REGISTRY["sigmoid"])
    assert value == pytest.approx(0.25) and where == "x = 0.0000"
    assert views.largest_slope(REGISTRY["relu"]) == (1.0, "every x > 0")
    assert views.largest_slope(REGISTRY["identity"]) == (1.0, "everywhere")
    value, where = views.largest_slope(REGISTRY["swish"])
    assert value == pytest.approx(1.0998, abs=1e-4) and where == "x = 2.3994"
    header, rows = views.largest_slope_table({"ReLU": (1.0, "every x > 0")})
    assert rows[-1][0] == "sign"

    w = float(sp.LambertW(sp.exp(-1)))
    assert views.minimum(REGISTRY["swish"]) == pytest.approx((-1 - w, -w), abs=1e-12)
    where, lowest = views.minimum(REGISTRY["mish"])
    assert where == pytest.approx(-1.1924, abs=1e-4)
    assert lowest == pytest.approx(-0.3088, abs=1e-4)


def test_slope_cost_and_depth_tables():
    slopes = views.slopes_at(("relu", "swish"), (-1, 0))
    assert slopes["ReLU"] == [0.0, 0.5]
    assert slopes["Swish"][0] == pytest.approx(0.0723, abs=1e-4)
    header, rows = views.slope_table(slopes, (-1, 0))
    assert header == ("activation", "f′(-1)", "f′(0)")
    assert rows[0] == ("ReLU", "0", "0.5")

    times = {"ReLU": np.array([10.0, 12.0, 30.0]), "sigmoid": np.array([25.0, 20.0])}
    header, rows = views.cost_table(times)
    assert rows == [("ReLU", "12", "10–30", "1.00"), ("sigmoid", "22", "20–25", "1.88")]

    header, rows = views.depth_table({("silu", 3): [0.9, 0.8]})
    assert rows == [("Swish", 3, "0.850 ± 0.050", 2)]
    assert views.death_table([("relu", 0.1, 3, 4, 0.93851)])[1] == [
        ("relu", 0.1, 3, 4, "0.939")
    ]


def test_depth_settings_follow_the_profile(monkeypatch):
    monkeypatch.delenv("DLBOOK_PROFILE", raising=False)
    assert views.depth_settings() == (range(2), 10)
    monkeypatch.setenv("DLBOOK_PROFILE", "full")
    assert views.depth_settings() == (range(5), 40)


def test_the_digits_split_and_a_small_run_repeat_exactly():
    images, labels = views.digits()
    assert images.shape == (1797, 64) and images.dtype == np.float32
    assert 0 <= images.min() and images.max() <= 1
    split = views.digits_split(images, labels)
    assert [len(part) for part in split] == [1257, 540, 1257, 540]
    runs = [views.deep_accuracy("relu", 1, 0, 1, split) for _ in range(2)]
    assert runs[0] == runs[1] and 0 <= runs[0] <= 1
