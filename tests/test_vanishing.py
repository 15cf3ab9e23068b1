import numpy as np
import pytest

from dlbook import gradcheck, vanishing
from dlbook.vanishing_explorer import (
    HE_SCALE,
    LIVE_DEPTHS,
    LIVE_SCALES,
    SCALES,
    bar_chart_svg,
    digits_batch,
    scale_label,
    vanishing_explorer,
)
from dlbook.widgets import Explorer


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
def test_the_product_of_local_factors_equals_gradient_tape(activation):
    rng = np.random.default_rng(3)
    for depth in (1, 2, 7, 25):
        weights, biases, x = (
            rng.uniform(-2, 2, depth),
            rng.uniform(-1, 1, depth),
            rng.uniform(0.2, 2),
        )
        by_hand = vanishing.chain_gradient(activation, weights, x, biases)
        by_tape = vanishing.chain_tape_gradient(activation, weights, x, biases)
        assert by_hand == pytest.approx(by_tape, rel=1e-12, abs=1e-300)


def test_the_chain_factors_are_x_then_the_weights_times_the_slopes():
    weights, x = np.array([0.5, -2.0, 3.0]), 1.5
    a, z = vanishing.chain_forward("tanh", weights, x)
    assert a[0] == 0.75 and a[1] == -2.0 * z[0] and z[2] == pytest.approx(np.tanh(a[2]))
    slopes = 1 - np.tanh(a) ** 2
    np.testing.assert_allclose(
        vanishing.chain_factors("tanh", weights, x),
        [x * slopes[0], weights[1] * slopes[1], weights[2] * slopes[2]],
        rtol=1e-15,
    )


def test_sympy_finite_differences_and_the_product_agree_for_three_units():
    z, derivative, (x, w) = vanishing.symbolic_chain(3)
    weights, x0 = np.array([0.8, -1.5, 2.2]), 0.9
    symbolic = float(derivative.subs({x: x0, **dict(zip(w, weights))}))

    def output(first):
        return np.array(
            [
                vanishing.chain_forward("sigmoid", [v, *weights[1:]], x0)[1][-1]
                for v in np.atleast_1d(first)
            ]
        )

    numerical = gradcheck.central_difference(output, weights[:1])[0]
    assert symbolic == pytest.approx(
        vanishing.chain_gradient("sigmoid", weights, x0), rel=1e-13
    )
    assert symbolic == pytest.approx(numerical, abs=1e-9)
    assert float(z.subs({x: x0, **dict(zip(w, weights))})) == pytest.approx(
        vanishing.chain_forward("sigmoid", weights, x0)[1][-1]
    )


def test_the_sigmoid_chain_respects_the_quarter_bound():
    rng = np.random.default_rng(0)
    for depth in range(1, 30):
        weights, x = rng.uniform(-1, 1, depth), rng.uniform(-1, 1)
        assert (
            abs(vanishing.chain_gradient("sigmoid", weights, x)) <= abs(x) * 4.0**-depth
        )


def test_the_lecture_factors_multiply_to_six_in_a_hundred_thousand():
    assert np.prod(vanishing.LECTURE_FACTORS) == pytest.approx(6e-5)
    assert vanishing.LECTURE_FACTORS == (-0.1, 0.2, -0.1, 0.15, 0.2)
    assert vanishing.LECTURE_RATE == 0.1


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "identity", "sign"])
def test_every_weight_s_gradient_equals_gradient_tape(activation):
    import tensorflow as tf

    from dlbook import activations

    weights, x = np.array([0.5, -1.5, 2.0, 0.7]), 1.0
    by_hand = vanishing.chain_weight_gradients(activation, weights, x)
    assert by_hand[0] == pytest.approx(
        vanishing.chain_gradient(activation, weights, x), rel=1e-14, abs=0
    )
    f = activations.get(activation).tensorflow()
    variables = tf.Variable(weights)
    with tf.GradientTape() as tape:
        z = tf.constant(x, dtype=tf.float64)
        for k in range(len(weights)):
            z = f(variables[k] * z)
    np.testing.assert_allclose(
        by_hand, tape.gradient(z, variables).numpy(), rtol=1e-12, atol=0
    )


def test_the_identity_chain_s_gradients_are_products_of_the_other_weights():
    weights = [0.5, -1.5, 2.0]
    gradients = vanishing.chain_weight_gradients("identity", weights, 1.0)
    np.testing.assert_array_equal(gradients, [-3.0, 1.0, -0.75])
    assert np.all(vanishing.chain_weight_gradients("sign", weights, 1.0) == 0)


def test_the_own_notebook_chain_gives_the_package_s_factors_without_dlbook():
    from own_notebook import run_without_dlbook

    weights, x = [0.8, -1.5, 2.2, 3.0, -0.4], 0.9
    values = run_without_dlbook(
        "vanishing",
        "{'five': factors.tolist(), 'gradient': float(gradient), 'bound': bound,"
        f" 'other': chain_factors(np.array({weights}), {x}).tolist(),"
        " 'lecture': [lecture_gradient, lecture_step, steps_to_move]}",
    )
    # The page's chain: five units, every weight 1 and input 1.
    five = vanishing.chain_factors("sigmoid", np.ones(5), 1.0)
    np.testing.assert_allclose(values["five"], five, rtol=1e-14)
    assert values["gradient"] == pytest.approx(
        vanishing.chain_gradient("sigmoid", np.ones(5), 1.0), rel=1e-14
    )
    assert values["bound"] == 4.0**-5 and values["gradient"] < values["bound"]
    # Any weights, negative ones too: the same factors as the package, and their
    # product is TensorFlow's gradient.
    other = np.array(values["other"])
    np.testing.assert_allclose(
        other, vanishing.chain_factors("sigmoid", weights, x), rtol=1e-13
    )
    assert other.prod() == pytest.approx(
        vanishing.chain_tape_gradient("sigmoid", weights, x), rel=1e-12
    )
    # The lecture's example: 6e-5, a step of 6e-6, about 16,667 steps to move 0.1.
    gradient, step, steps = values["lecture"]
    assert gradient == pytest.approx(6e-5) and step == pytest.approx(6e-6)
    assert steps == pytest.approx(0.1 / 6e-6)


def test_the_amplifying_window_matches_a_direct_scan_and_nielsen():
    def sigmoid_slope(u):
        return np.exp(-np.abs(u)) / (1 + np.exp(-np.abs(u))) ** 2

    xs = np.linspace(-1, 1, 2_000_001)
    for w in (5.0, 6.9, 12.0):
        scanned = (np.abs(w * sigmoid_slope(w * xs + 0.3)) >= 1).sum() * (xs[1] - xs[0])
        assert vanishing.amplifying_window(w) == pytest.approx(scanned, abs=1e-5)
    assert (
        vanishing.amplifying_window(4.0) == 0 and vanishing.amplifying_window(-3) == 0
    )
    best_w, best_width = vanishing.widest_amplifying_window()
    # Nielsen (2015, ch. 5): the widest window is about 0.45, at |w| about 6.9.
    assert best_w == pytest.approx(6.89, abs=0.01) and best_width == pytest.approx(
        0.448, abs=0.001
    )


def test_layer_gradients_in_numpy_equal_tensorflow_with_the_same_weights():
    import tensorflow as tf

    images, labels = digits_batch(64)
    for activation in ("sigmoid", "tanh", "relu"):
        weights = vanishing.mlp_weights(6, 1.3, images.shape[1], width=16, seed=2)
        by_hand = vanishing.numpy_layer_gradient_norms(
            activation, images, labels, weights
        )
        f = vanishing.activations.get(activation).tensorflow()
        hidden = [tf.Variable(w) for w in weights[0]]
        with tf.GradientTape() as tape:
            h = tf.constant(images)
            for w in hidden:
                h = f(h @ w)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(
                    labels.astype(np.int64), h @ weights[1]
                )
            )
        by_tape = [float(tf.norm(g)) for g in tape.gradient(loss, hidden)]
        np.testing.assert_allclose(by_hand, by_tape, rtol=1e-10)


def test_keras_mlp_shows_sigmoid_vanishing_and_relu_not():
    images, labels = digits_batch(128)
    images = images.astype("float32")
    sigmoid = vanishing.layer_gradient_norms(
        vanishing.deep_mlp(10, "sigmoid", "glorot"), images, labels
    )
    relu = vanishing.layer_gradient_norms(
        vanishing.deep_mlp(10, "relu", "he"), images, labels
    )
    assert sigmoid[0] / sigmoid[-1] < 1e-3 and 0.1 < relu[0] / relu[-1] < 10
    assert (
        len(
            vanishing.hidden_kernels(
                vanishing.deep_mlp(4, "tanh", "naive", residual=True, batch_norm=True)
            )
        )
        == 4
    )


def test_recurrent_norms_follow_the_spectral_radius():
    for rho in (0.7, 1.0, 1.3):
        matrix = vanishing.matrix_with_spectral_radius(6, rho, seed=1)
        assert np.allclose(np.abs(np.linalg.eigvals(matrix)), rho)
        np.testing.assert_allclose(
            vanishing.recurrent_gradient_norms(matrix, 12),
            rho ** np.arange(13),
            rtol=1e-10,
        )
    tanh = vanishing.recurrent_gradient_norms(
        vanishing.matrix_with_spectral_radius(6, 1.3), 12, "tanh"
    )
    assert np.all(tanh[1:] <= 1.3 ** np.arange(1, 13) + 1e-12)


def test_bar_chart_is_accessible_svg_with_unique_ids():
    one = bar_chart_svg([1e-3, 1e-1, 1.0], "a chart", "three bars")
    two = bar_chart_svg([1e-3, 1e-1, 1.0], "another chart", "three bars")
    assert (
        one.startswith("<svg")
        and 'role="img"' in one
        and "<title id=" in one
        and "<desc id=" in one
    )

    def ids(svg):
        return set(__import__("re").findall(r'id="([^"]+)"', svg))

    assert ids(one).isdisjoint(ids(two))
    assert one.count("<rect") == 4  # background and three bars
    assert "1e-3" in one and "1e0" in one


def test_the_explorer_draws_every_setting_statically_and_recomputes_live():
    static = vanishing_explorer("static")
    assert isinstance(static, Explorer) and len(static.frames) == 4 * 3 * 4
    assert static.payload_bytes < 300_000
    # He's √2 is one of the scales drawn for the website, and the slider shows it.
    assert HE_SCALE in SCALES and static.controls[2].options[2] == ("1.41", HE_SCALE)
    assert scale_label(HE_SCALE) == "1.41 (He, √2)" and scale_label(0.5) == "0.5"
    assert sum("weight scale 1.41 (He, √2)" in f.value for f in static.frames) == 4 * 3
    live = vanishing_explorer("live")
    depth, activation, scale = live.controls
    # The page names these ranges: the live sliders take any value in them.
    assert (depth.min, depth.max, depth.step) == LIVE_DEPTHS
    assert (scale.min, scale.max, scale.step) == LIVE_SCALES
    before = live.frames[0].value
    depth.value = 17
    assert live.frames[0].value != before and len(live.flow.norms) == 17
    activation.value = "relu"
    scale.value = 1.41
    assert "relu, 17 layers, weight scale 1.41" in live.frames[0].value
    assert len(live.update_seconds) == 3  # one redraw per change (timed by a script)
