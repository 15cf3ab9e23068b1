import math

import numpy as np
import pytest
import sympy as sp

from dlbook import activations
from dlbook import activations_views as views
from dlbook.activations import REGISTRY, beta, elementary, x
from dlbook.page import markdown_table


def test_the_short_form_table_has_a_row_per_entry():
    header, rows = views.short_form_table()
    assert len(rows) == len(REGISTRY)
    assert all(len(row) == len(header) for row in rows)
    assert views.registry_defaults() == r"$\alpha = 0.1$ and $\beta = 1$"
    assert header == ("$f$", "$f'$", "$f''$")
    assert rows[list(REGISTRY).index("swish")][:2] == (
        r"Swish: $S = x\sigma$",
        r"$S + \sigma(1 - S)$",
    )
    # the tables' maths holds no bare "|", which a Markdown table would split on
    assert "\\|" not in markdown_table(*views.short_form_table())


def test_the_short_forms_equal_the_registry_s_derivatives():
    gaps = views.short_form_gaps()
    assert set(gaps) == {a.label for a in REGISTRY.values()}
    assert all(gap == 0 for orders in gaps.values() for gap in orders)
    # and numerically, at points away from the kinks (Swish at β = 1)
    points = np.array([-2.5, -0.3, 0.7, 3.0])
    for name, forms in views.short_forms().items():
        for order, (_, form) in enumerate(forms):
            expected = REGISTRY[name].numpy(order)(points)
            got = activations.to_numpy(form, alpha=0.1)(points)
            assert np.allclose(got, expected, rtol=0, atol=1e-12), (name, order)


def test_a_wrong_short_form_is_caught(monkeypatch):
    forms = views.short_forms()
    s = activations.sigmoid(activations.x)
    wrong = (*forms["swish"][:2], ("", s * (1 - s) * 2))  # S'' without the x term
    leaky = (("", sp.Max(0, activations.x)), *forms["leaky_relu"][1:])  # not LeakyReLU
    monkeypatch.setattr(
        views, "short_forms", lambda: {**forms, "swish": wrong, "leaky_relu": leaky}
    )
    gaps = views.short_form_gaps()
    assert gaps["Swish"][2] != 0 and gaps["Swish"][:2] == (0, 0)
    assert gaps["LeakyReLU"][0] != 0


def test_keras_and_values_tables():
    header, rows = views.keras_table({"Swish": 0.0, "LeakyReLU": 1.49e-9})
    assert rows == [
        ("Swish", "`keras.activations.silu`", "0.0e+00"),
        ("LeakyReLU", "`keras.activations.leaky_relu`", "1.5e-09"),
    ]
    values = views.values_at(("swish", "mish"), (-1, 0, 1))
    assert values["Swish", 1][1] == 0.5 and values["Mish", 2][1] == pytest.approx(0.64)
    header, rows = views.values_table(values, (-1, 0, 1), {"Swish": "S", "Mish": "M"})
    assert header == ("", "$x = -1$", "$x = 0$", "$x = 1$")
    assert rows[1] == ("$S''(x)$", "0.3024", "0.5000", "0.3024")
    assert rows[3][0] == "$M''(x)$" and rows[3][2] == "0.6400"


def test_second_derivative_zeros_are_where_the_slope_peaks():
    swish = views.second_derivative_zeros(REGISTRY["swish"])
    assert swish == pytest.approx([-2.3994, 2.3994], abs=1e-4)
    assert swish[0] == pytest.approx(-swish[1], abs=1e-12)  # S'' is even
    mish = views.second_derivative_zeros(REGISTRY["mish"])
    assert mish == pytest.approx([-2.2564, 1.4906], abs=1e-4)
    second = REGISTRY["mish"].numpy(2)
    assert np.allclose(second(np.array(mish)), 0, atol=1e-12)


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
    header, rows = views.kink_table({"ReLU": relu, "sign": sign})
    assert header == ("slope at 0 by", "ReLU", "sign")
    assert rows[0] == ("SymPy", "0.5", "—")
    assert rows[-1][0] == "Keras built-in" and rows[-1][-1] == "—"


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
    # Swish with β = 2 is S(2x)/2: its minimum is halved, twice as close to zero
    where_2, lowest_2 = views.minimum(REGISTRY["swish"], beta=2)
    assert (where_2, lowest_2) == pytest.approx((-(1 + w) / 2, -w / 2), abs=1e-12)


def test_the_course_s_mistakes_are_the_formulas_they_say():
    mistakes = views.course_mistakes()
    u = activations.softplus(x)
    # Mish's derivatives with softplus' = σ taken as 1: those of x tanh(g) with g' = 1,
    # g then written back as softplus
    c = sp.Symbol("c")
    no_chain = x * sp.tanh(x + c)
    for order, name in ((1, "mish_first"), (2, "mish_second")):
        differentiated = sp.diff(no_chain, x, order).subs(c, u - x)
        assert sp.simplify(elementary(differentiated - mistakes[name])) == 0, name
        assert (
            sp.simplify(elementary(mistakes[name] - REGISTRY["mish"].formula(order)))
            != 0
        )
    # at 0 the dropped σ(0) = 1/2 doubles M'': 32/25 instead of 16/25
    at_zero = mistakes["mish_second"].subs(x, 0).rewrite(sp.exp)
    assert sp.simplify(at_zero) == sp.Rational(32, 25)
    # the β = 1 form is right at β = 1 and wrong at β = 2
    right_one = REGISTRY["swish"].formula(1).subs(beta, 1)
    wrong = mistakes["swish_first_beta"]
    assert sp.simplify(elementary(wrong.subs(beta, 1) - right_one)) == 0
    one = np.array([1.0])
    assert (
        abs(
            activations.to_numpy(wrong, beta=2)(one)[0]
            - REGISTRY["swish"].numpy(1, beta=2)(one)[0]
        )
        > 0.05
    )


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

    header, rows = views.depth_table(
        {
            ("relu", 3): [0.9, 0.8],
            ("relu", 20): [0.5, 0.5],
            ("silu", 3): [1.0],
            ("silu", 20): [0.2],
        }
    )
    assert header == ("activation", "3 hidden layers", "20 hidden layers")
    assert rows[0] == ("ReLU", "0.850 ± 0.050", "0.500 ± 0.000")
    with pytest.raises(KeyError):  # every activation needs every depth
        views.depth_table({("relu", 3): [0.9], ("silu", 20): [0.5]})
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
    runs = [views.deep_accuracies("relu", 1, [0], 1, split)[0] for _ in range(2)]
    assert runs[0] == runs[1] and 0 <= runs[0] <= 1


def _fresh_deep_accuracy(activation, depth, seed, epochs, split):
    """A network built, compiled and trained from ``seed`` alone."""
    import keras

    train_x, test_x, train_y, test_y = split
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    model = views.deep_network(activation, depth)
    model.compile(
        keras.optimizers.Adam(1e-3),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(train_x, train_y, epochs=epochs, batch_size=64, verbose=0)
    return model.evaluate(test_x, test_y, verbose=0)[1]


def test_deep_accuracies_equal_a_fresh_network_per_seed():
    split = views.digits_split(*views.digits())
    restarted = views.deep_accuracies("silu", 2, [1, 0, 1], 2, split)
    fresh = [_fresh_deep_accuracy("silu", 2, seed, 2, split) for seed in (1, 0, 1)]
    assert restarted == fresh and restarted[0] == restarted[2]


def test_timings_take_every_function_in_turn_each_round():
    calls = []
    functions = {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}
    times = views.timings_ms(functions, repeats=3)
    assert calls == ["a", "b"] + ["a", "b"] * 3  # a warm-up, then three rounds
    assert set(times) == {"a", "b"} and all(len(t) == 3 for t in times.values())
    assert all(np.all(t >= 0) for t in times.values())


def test_forward_and_gradient_returns_the_activation_s_slope():
    import tensorflow as tf

    values = tf.constant([-1.0, 0.0, 2.0])
    gradient = views.forward_and_gradient(REGISTRY["swish"].keras(), values)()
    assert gradient == pytest.approx(REGISTRY["swish"].numpy(1)([-1, 0, 2]), abs=1e-6)


def test_one_hidden_layer_builds_the_same_network_from_a_seed():
    first = views.one_hidden_layer("relu", seed=3).layers[0].get_weights()[0]
    model = views.one_hidden_layer("relu", seed=3)
    assert [layer.units for layer in model.layers] == [64, 10]
    assert np.array_equal(model.layers[0].get_weights()[0], first)


def test_the_boxes_can_tell_each_mistake_from_the_right_answer():
    from dlbook import answer_boxes

    forms, mistakes = views.short_forms(), views.course_mistakes()
    for name, order, key in (("mish", 1, "mish_first"), ("mish", 2, "mish_second")):
        box = answer_boxes.formula(
            f"{name}-{order}",
            label="f =",
            answer=forms[name][order][1],
            variables=[x],
            mistakes=[views.box_mistake("no-inner-sigma", mistakes[key])],
        )
        assert box.spec["mistakes"][0]["href"] == views.MISTAKES_CALLOUT
    wrong = mistakes["swish_first_beta"].subs(beta, 2)
    answer_boxes.formula(
        "swish-2",
        label="S₂′ =",
        answer=REGISTRY["swish"].formula(1).subs(beta, 2),
        variables=[x],
        mistakes=[views.box_mistake("beta-one-form", wrong)],
    )
    # the Persian names keep function names in Latin, and never spell Mish in Persian
    for english, persian in views.MISTAKE_NAMES.values():
        assert english and "میش" not in persian
