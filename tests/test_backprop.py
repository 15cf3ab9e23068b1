from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from dlbook import backprop
from dlbook.backprop import EXERCISE, MISTAKES, SCENARIOS, Network


def random_instances(count, seed=0):
    """Instances with random small decimals, some units alive and some dead, ReLU and
    LeakyReLU."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        numbers = np.round(rng.uniform(-2, 2, size=12), 1)
        yield Network.exact(
            numbers[:2],
            numbers[2:11],
            numbers[11] + 3,
            alpha=float(rng.choice([0, 0.01, 0.2])),
        )


def tape_tolerance(net):
    """TensorFlow's LeakyReLU keeps α as a float32 attribute, so with α ≠ 0 its
    gradients carry
    float32 rounding of α (relative 1e-8 or so); ReLU's are float64 throughout."""
    return 1e-12 if net.alpha == 0 else 1e-7


def away_from_kinks(net):
    """Finite differences and TensorFlow agree with the formulas only away from a =
    0."""
    fwd = backprop.forward(net)
    return all(abs(float(v)) > 1e-3 for v in (*fwd.a, fwd.a4))


def test_the_exercise_reproduces_the_course_forward_pass_exactly():
    fwd = backprop.forward(EXERCISE)
    assert list(fwd.a) == [4, -1, 3] and list(fwd.z) == [4, 0, 3]
    assert fwd.a4 == fwd.y_hat == Fraction(8, 5)
    assert fwd.loss == Fraction(1, 2) * (6 - Fraction(8, 5)) ** 2 == Fraction(242, 25)


def test_the_exercise_gradients_by_hand():
    # δ4 = ŷ − y = −4.4; δ1 = δ4·w7 = 2.2; δ2 = 0 (dead); δ3 = δ4·w9 = −5.28.
    expected = [
        Fraction(s)
        for s in ("2.2", "4.4", "0", "0", "-5.28", "-10.56", "-17.6", "0", "-13.2")
    ]
    assert list(backprop.gradients(EXERCISE)) == expected


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_hand_formulas_equal_sympy_exactly_and_tensorflow_to_float_precision(name):
    net = SCENARIOS[name]
    hand = backprop.gradients(net)
    assert all(isinstance(g, Fraction) or g == 0 for g in hand)
    assert list(hand) == list(backprop.symbolic_gradients(net))
    assert np.max(
        np.abs(backprop.tape_gradients(net) - hand.astype(float))
    ) < tape_tolerance(net)
    assert np.max(np.abs(backprop.numerical_gradients(net) - hand.astype(float))) < 1e-6


def test_three_ways_agree_on_random_instances():
    checked = 0
    for net in random_instances(12):
        hand = backprop.gradients(net)
        assert list(hand) == list(backprop.symbolic_gradients(net))
        if away_from_kinks(net):
            scale = max(1.0, float(np.max(np.abs(hand.astype(float)))))
            assert (
                np.max(np.abs(backprop.tape_gradients(net) - hand.astype(float)))
                < tape_tolerance(net) * scale
            )
            checked += 1
    assert checked >= 8


def test_at_a_kink_every_route_takes_the_slope_alpha():
    # a1 = 1·1 + 2·(−0.5) = 0 exactly: ReLU' is taken as 0 (LeakyReLU': α), as
    # TensorFlow does.
    for alpha in (0, Fraction(1, 10)):
        net = replace(EXERCISE.with_weights(w2=Fraction(-1, 2), w1=1), alpha=alpha)
        assert backprop.forward(net).a[0] == 0
        hand = backprop.gradients(net)
        assert list(hand) == list(backprop.symbolic_gradients(net))
        np.testing.assert_allclose(
            backprop.tape_gradients(net), hand.astype(float), atol=tape_tolerance(net)
        )


def test_the_dead_unit_gets_no_gradient_and_never_moves():
    grads = backprop.gradients(EXERCISE)
    assert grads[2] == grads[3] == grads[7] == 0
    run = backprop.train(replace(EXERCISE, learning_rate=Fraction(1, 100)), 50)
    assert np.all(run["weights"][:, 2:4] == [1, -1])
    assert np.all(run["a"][:, 1] == -1)
    assert run["loss"][-1] < 1e-6


def test_leaky_relu_gives_the_dead_unit_a_small_gradient():
    leaky = replace(EXERCISE, alpha=Fraction(1, 100))
    grads = backprop.gradients(leaky)
    fwd = backprop.forward(leaky)
    assert (
        grads[2]
        == (fwd.y_hat - leaky.y) * leaky.weight("w8") * leaky.alpha * leaky.x[0]
    )
    assert grads[2] != 0 and grads[3] != 0 and grads[7] != 0


def test_a_dead_output_unit_stops_all_learning():
    net = SCENARIOS["dead output unit (w₉ = −1.2)"]
    assert backprop.forward(net).a4 < 0
    assert not any(backprop.gradients(net))
    run = backprop.train(net, 20)
    assert np.all(run["loss"] == float(net.y) ** 2 / 2)


def test_one_step_subtracts_the_scaled_gradient_exactly():
    net = replace(EXERCISE, learning_rate=Fraction(1, 4))
    new = backprop.step(net)
    assert new.weights == tuple(
        w - g / 4 for w, g in zip(net.weights, backprop.gradients(net))
    )
    assert backprop.step(EXERCISE).weights[0] == Fraction(-1, 5)


def test_a_diverging_run_stops_at_the_first_overflow():
    run = backprop.train(replace(EXERCISE, alpha=Fraction(1, 100)), 200)
    assert len(run["loss"]) < 201 and not np.isfinite(run["loss"][-1])
    assert np.all(np.isfinite(run["loss"][:-1]))


def test_exact_reads_decimals_as_written():
    assert backprop.exact(0.1) == Fraction(1, 10)
    assert backprop.exact(-1.2) == Fraction(-6, 5)
    assert backprop.exact(np.float64(2.5)) == Fraction(5, 2)
    with pytest.raises(ValueError, match="finite"):
        backprop.exact(float("nan"))
    with pytest.raises(TypeError):
        backprop.exact("1.5")


def test_network_rejects_bad_shapes_and_steps():
    with pytest.raises(ValueError, match="two inputs"):
        Network.exact((1, 2, 3), EXERCISE.weights, 1)
    with pytest.raises(ValueError, match="nine weights"):
        Network.exact((1, 2), EXERCISE.weights[:8], 1)
    with pytest.raises(ValueError, match="learning rate must be positive"):
        Network.exact((1, 2), EXERCISE.weights, 1, learning_rate=0)
    with pytest.raises(ValueError, match="no weight named w10"):
        EXERCISE.with_weights(w10=1)


def test_plain_prints_fractions_exactly_and_floats_briefly():
    assert (
        backprop.plain(np.array([Fraction(8, 5), 0, Fraction(-1)], dtype=object))
        == "[8/5, 0, -1]"
    )
    assert backprop.plain(np.array([-0.0, 1 / 3])) == "[0, 0.333333]"
    assert (
        repr(backprop.forward(EXERCISE))
        == "Forward(a=[4, -1, 3], z=[4, 0, 3], a4=8/5, y_hat=8/5, loss=242/25)"
    )


# --- mistakes
# --------------------------------------------------------------------------


def test_each_mistake_gives_its_wrong_numbers():
    sign = MISTAKES["sign"].gradients(EXERCISE)
    slope = MISTAKES["slope"].gradients(EXERCISE)
    swapped = MISTAKES["inputs"].gradients(EXERCISE)
    assert list(sign) == [-g for g in backprop.gradients(EXERCISE)]
    # Without f'(a2) = 0, the dead unit's weights seem to get δ4·w8·x.
    assert (slope[2], slope[3]) == (Fraction("-4.4"), Fraction("-8.8"))
    assert (swapped[0], swapped[1], swapped[4], swapped[5]) == (
        Fraction("4.4"),
        Fraction("2.2"),
        Fraction("-10.56"),
        Fraction("-5.28"),
    )


def test_forward_and_backward_are_short_enough_to_read_on_the_page():
    # The chapter shows them with literalinclude: each is a screen of plain Python.
    import inspect

    for function in (backprop.forward, backprop.backward, backprop.step):
        lines = inspect.getsource(function).splitlines()
        assert len(lines) <= 20, function.__name__


def test_the_float_path_uses_float64_so_an_overflow_is_inf_not_an_error():
    net = EXERCISE.as_float()
    assert all(isinstance(v, np.float64) for v in (*net.x, *net.weights, net.y))
    huge = net.with_weights(w9=1e200)
    with np.errstate(over="ignore"):
        assert backprop.forward(huge).loss == np.inf


def test_each_hidden_unit_has_gradients_in_the_ratio_of_the_inputs():
    # The chapter's argument against the course's list: ∂L/∂w2 = (x2/x1) ∂L/∂w1, etc.
    for net in random_instances(20, seed=3):
        g = backprop.gradients(net)
        x1, x2 = net.x
        assert all(x2 * g[i] == x1 * g[i + 1] for i in (0, 2, 4))


# --- the vector form, and the code for a student's own notebook
# ---------------------------


def test_the_own_notebook_code_gives_the_nine_gradients_without_dlbook():
    from own_notebook import run_without_dlbook

    loss, hidden, output = run_without_dlbook(
        "backprop", "[float(loss), grad_W1.tolist(), grad_w2.tolist()]"
    )
    assert np.shape(hidden) == (3, 2) and np.shape(output) == (3,)
    np.testing.assert_allclose(
        np.concatenate([np.ravel(hidden), output]),
        backprop.gradients(EXERCISE).astype(float),
        rtol=0,
        atol=1e-12,
    )
    assert abs(loss - float(backprop.forward(EXERCISE).loss)) < 1e-12


def test_the_homework_as_matrices_puts_each_units_weights_in_a_row():
    W1, W2 = backprop.as_matrices(EXERCISE)
    assert W1.shape == (3, 2) and W2.shape == (1, 3)
    assert W1[1].tolist() == [EXERCISE.weight("w3"), EXERCISE.weight("w4")]
    assert W2[0].tolist() == list(EXERCISE.weights[6:])


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_vector_form_gives_the_nine_gradients_exactly(name):
    net = SCENARIOS[name]
    assert list(backprop.vector_gradients(net)) == list(backprop.gradients(net))
    x = np.array(net.x, dtype=object)
    result = backprop.vector_backprop(
        backprop.as_matrices(net), x, net.y, alpha=net.alpha
    )
    hand = backprop.backward(net)
    assert list(result["delta"][0]) == list(hand.delta)
    assert list(result["delta"][1]) == [hand.delta4]
    assert list(result["a"][0]) == list(backprop.forward(net).a)


def test_the_vector_form_is_exact_on_random_instances_and_close_in_floats():
    for net in random_instances(12, seed=5):
        exact_grads = backprop.vector_gradients(net)
        assert list(exact_grads) == list(backprop.gradients(net))
        np.testing.assert_allclose(
            backprop.vector_gradients(net.as_float()),
            exact_grads.astype(float),
            rtol=1e-12,
            atol=1e-12,
        )


@pytest.mark.parametrize("alpha", [0, 0.1])
def test_the_vector_form_agrees_with_gradient_tape_on_a_deeper_mlp(alpha):
    sizes = [5, 7, 6, 4, 3]  # three hidden layers
    weights, biases, x, y = backprop.random_mlp(sizes, seed=2)
    result = backprop.vector_backprop(weights, x, y, biases, alpha=alpha)
    tape_W, tape_b = backprop.tape_mlp_gradients(weights, x, y, biases, alpha=alpha)
    # TensorFlow keeps LeakyReLU's α in float32 (see tape_tolerance).
    tolerance = 1e-12 if alpha == 0 else 1e-7
    for ours, theirs in zip(result["grads"] + result["delta"], tape_W + tape_b):
        assert ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=tolerance)
    assert [g.shape for g in result["grads"]] == [W.shape for W in weights]
    assert max(float(np.max(np.abs(g))) for g in result["grads"]) > 0.01


def test_the_vector_form_without_biases_is_the_same_as_zero_biases():
    weights, biases, x, y = backprop.random_mlp([3, 4, 2], seed=1)
    zero = [np.zeros_like(b) for b in biases]
    plain = backprop.vector_backprop(weights, x, y)
    zeroed = backprop.vector_backprop(weights, x, y, zero)
    for g, h in zip(plain["grads"], zeroed["grads"]):
        np.testing.assert_array_equal(g, h)
