import numpy as np
import pytest
from own_notebook import run_without_dlbook

from dlbook import optimisers as opt

QUADRATIC = opt.Quadratic(1.0, 10.0)
ROSENBROCK = opt.Rosenbrock()


def test_ewa_matches_its_recurrence_and_bias_correction_removes_the_start_bias():
    x = np.full(50, 3.0)
    plain = opt.ewa(x, 0.9)
    assert plain[0] == pytest.approx(0.3) and plain[1] == pytest.approx(0.9 * 0.3 + 0.3)
    assert np.allclose(plain, 3.0 * (1 - 0.9 ** np.arange(1, 51)))
    assert np.allclose(opt.ewa(x, 0.9, bias_correction=True), 3.0)
    assert np.array_equal(opt.ewa(x, 0.0), x)


def test_bias_correction_divides_each_average_by_the_sum_of_its_weights():
    x = np.random.default_rng(0).normal(size=30)
    plain = opt.ewa(x, 0.8)
    weights_sum = 1 - 0.8 ** np.arange(1, 31)
    assert np.allclose(opt.bias_corrected(plain, 0.8), plain / weights_sum)
    assert np.array_equal(opt.bias_corrected(plain, 0.8), opt.ewa(x, 0.8, True))
    assert opt.bias_corrected(plain, 0.8)[0] == pytest.approx(x[0])


def test_the_course_mistakes_in_the_bias_correction_divide_by_the_wrong_number():
    plain = opt.ewa([2.0, 2.0, 2.0], 0.9)  # a steady input: v̂_t is the input itself
    assert opt.bias_corrected(plain, 0.9)[-1] == pytest.approx(2.0)
    wrong = {m: opt.miscorrected(plain, 0.9, m) for m in opt.CORRECTION_MISTAKES}
    assert np.allclose(wrong["one-minus-beta"], plain / 0.1)
    assert np.array_equal(wrong["no-correction"], plain)
    assert np.allclose(
        wrong["t-from-zero"][1:], plain[1:] / (1 - 0.9 ** np.arange(1, 3))
    )
    # Counted from t = 0, the first average is divided by 1 − β⁰ = 0.
    assert np.isinf(wrong["t-from-zero"][0])
    # At the first input, 1 − β is the right divisor: that mistake shows only later.
    assert wrong["one-minus-beta"][0] == pytest.approx(2.0)


def test_ewa_weights_sum_to_one_minus_the_forgotten_part():
    weights = opt.ewa_weights(0.95, 20)
    assert weights.sum() == pytest.approx(1 - 0.95**20)
    assert opt.effective_window(0.95) == pytest.approx(20)


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_ewa_rejects_a_factor_outside_zero_to_one(beta):
    with pytest.raises(ValueError, match="beta must be in"):
        opt.ewa([1.0], beta)


@pytest.mark.parametrize(
    "surface, start, lr",
    [(QUADRATIC, [-2.0, 1.5], 0.05), (ROSENBROCK, [-1.2, 1.0], 0.001)],
)
@pytest.mark.parametrize("name", opt.OPTIMISERS)
def test_from_scratch_optimisers_walk_the_same_path_as_keras(name, surface, start, lr):
    ours = opt.trajectory(opt.make(name, lr), surface.gradient, start, 100)
    theirs = opt.keras_trajectory(
        opt.make_keras(name, lr), surface.gradient, start, 100
    )
    assert (
        np.all(np.isfinite(ours)) and np.abs(ours[-1] - ours[0]).max() > 0.01
    )  # it moved
    # Keras keeps hyper-parameters in float32: 0.05 and 0.999 are off by about 1e-8
    # relative,
    # which 1 - 0.999 magnifies to 1e-5 in Adam's step.
    assert np.abs(ours - theirs).max() < opt.KERAS_AGREEMENT[name]


@pytest.mark.parametrize("name", opt.OPTIMISERS)
def test_with_hyper_parameters_exact_in_float32_the_paths_agree_to_rounding(name):
    import keras

    lr, beta = (
        0.0625,
        0.875,
    )  # 2^-4 and 1 - 2^-3: the same number in float32 and float64
    start = [-2.0, 1.5]
    if name == "Adam":
        ours = opt.Adam(lr, beta_1=beta, beta_2=1 - 2**-9, epsilon=1e-12)
        theirs = keras.optimizers.Adam(lr, beta_1=beta, beta_2=1 - 2**-9, epsilon=1e-12)
    else:
        ours, theirs = opt.make(name, lr, beta), opt.make_keras(name, lr, beta)
    difference = np.abs(
        opt.trajectory(ours, QUADRATIC.gradient, start, 100)
        - opt.keras_trajectory(theirs, QUADRATIC.gradient, start, 100)
    ).max()
    assert (
        difference < 1e-10
    )  # Adagrad's initial 0.1 is still float32 in Keras: about 3e-11


def test_adams_remaining_difference_from_keras_is_where_epsilon_goes():
    import keras

    def difference(epsilon):
        settings = dict(beta_1=0.875, beta_2=1 - 2**-9, epsilon=epsilon)
        ours = opt.trajectory(
            opt.Adam(0.0625, **settings), QUADRATIC.gradient, [-2.0, 1.5], 100
        )
        theirs = opt.keras_trajectory(
            keras.optimizers.Adam(0.0625, **settings),
            QUADRATIC.gradient,
            [-2.0, 1.5],
            100,
        )
        return np.abs(ours - theirs).max()

    # Keras divides by √v + ε before the bias correction, the paper after: the gap
    # scales with ε.
    assert 1e-8 < difference(1e-7) < 1e-5 and difference(1e-12) < 1e-10


def test_momentum_without_memory_is_sgd_and_nesterov_looks_one_step_ahead():
    start, steps = [-2.6, 1.2], 50
    sgd = opt.trajectory(opt.SGD(0.05), QUADRATIC.gradient, start, steps)
    still = opt.trajectory(opt.Momentum(0.05, 0.0), QUADRATIC.gradient, start, steps)
    assert np.array_equal(sgd, still)
    momentum, nesterov = opt.Momentum(0.05, 0.9), opt.Nesterov(0.05, 0.9)
    w, g = np.array([1.0, -1.0]), np.array([0.5, 2.0])
    assert np.allclose(momentum.step(w, g), w - 0.05 * g)
    # Nesterov's first step adds the velocity's next contribution, β (−η g), at once.
    assert np.allclose(nesterov.step(w, g), w - 0.05 * g * (1 + 0.9))


def test_momentum_and_gradient_descent_reach_their_theoretical_rates_on_the_quadratic():
    surface = opt.Quadratic(1.0, 100.0)
    step, rate = surface.best_gd()
    assert rate == pytest.approx(99 / 101)
    gd = opt.trajectory(opt.SGD(step), surface.gradient, [-2.0, 1.5], 400)
    assert opt.measured_rate(gd, surface.minimum, 100, 300) == pytest.approx(
        rate, rel=1e-6
    )
    step, momentum, rate = surface.best_momentum()
    assert rate == pytest.approx(9 / 11) and momentum == pytest.approx(rate**2)
    heavy = opt.trajectory(
        opt.Momentum(step, momentum=momentum), surface.gradient, [-2.0, 1.5], 400
    )
    # A double root: the distance falls like t r^t, so over steps a..b the factor is r
    # (b/a)^(1/(b-a)).
    assert opt.measured_rate(heavy, surface.minimum, 100, 300) == pytest.approx(
        rate * 3 ** (1 / 200), rel=2e-3
    )


def test_surfaces_have_zero_gradient_at_their_minimum_and_match_finite_differences():
    for surface, point in (
        (QUADRATIC, np.array([0.3, -0.7])),
        (ROSENBROCK, np.array([-0.5, 0.8])),
    ):
        assert np.allclose(surface.gradient(surface.minimum), 0) and surface(
            surface.minimum
        ) == pytest.approx(0)
        h = 1e-6
        numeric = [
            (surface(point + h * e) - surface(point - h * e)) / (2 * h)
            for e in np.eye(2)
        ]
        assert np.allclose(surface.gradient(point), numeric, rtol=1e-6)


def test_a_diverging_run_stops_and_is_padded_with_nan():
    points = opt.trajectory(
        opt.SGD(0.25), QUADRATIC.gradient, [1.0, 1.0], 500
    )  # 0.25 > 2 / λ_max
    assert np.isnan(points[-1]).all() and np.isfinite(points[:10]).all()


def test_unknown_optimiser_and_bad_inputs_are_clear_errors():
    with pytest.raises(ValueError, match="optimiser must be one of"):
        opt.make("LBFGS", 0.1)
    with pytest.raises(ValueError, match="eigenvalues"):
        opt.Quadratic(0.0, 1.0)
    with pytest.raises(ValueError, match="choose steps inside"):
        opt.measured_rate(np.zeros((5, 2)), np.zeros(2), 0, 4)


def test_minibatch_gradient_variance_falls_as_one_over_the_batch_size():
    rng = np.random.default_rng(0)
    images = rng.random((400, 20))
    labels = rng.integers(0, 10, 400)
    per_example = opt.softmax_regression_gradients(
        images, labels, rng.normal(0, 0.1, (20, 10))
    )
    assert per_example.shape == (400, 200)
    spread = np.mean(np.sum((per_example - per_example.mean(axis=0)) ** 2, axis=1))
    for batch in (4, 16, 64):
        predicted = spread / batch * (400 - batch) / (400 - 1)
        assert opt.minibatch_gradient_variance(
            per_example, batch, draws=2000
        ) == pytest.approx(predicted, rel=0.1)
    assert opt.minibatch_gradient_variance(per_example, 400) == pytest.approx(
        0, abs=1e-20
    )
    with pytest.raises(ValueError, match="batch size must be between 1 and 400"):
        opt.minibatch_gradient_variance(per_example, 0)


def test_softmax_regression_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    images, labels, weights = (
        rng.random((3, 5)),
        np.array([2, 0, 9]),
        rng.normal(0, 0.5, (5, 10)),
    )

    def loss(w):
        logits = images @ w
        return np.mean(
            np.log(np.exp(logits).sum(axis=1)) - logits[np.arange(3), labels]
        )

    numeric = np.zeros_like(weights)
    for index in np.ndindex(weights.shape):
        e = np.zeros_like(weights)
        e[index] = 1e-6
        numeric[index] = (loss(weights + e) - loss(weights - e)) / 2e-6
    analytic = (
        opt.softmax_regression_gradients(images, labels, weights)
        .mean(axis=0)
        .reshape(5, 10)
    )
    assert np.allclose(analytic, numeric, atol=1e-8)


def test_steps_to_finds_the_first_step_near_the_minimum_or_says_it_never_gets_there():
    points = np.array([[3.0, 4.0], [0.3, 0.4], [1e-7, 0.0], [0.0, 0.0]])
    assert opt.steps_to(points, np.zeros(2)) == 2
    assert opt.steps_to(points, np.zeros(2), tolerance=1.0) == 1
    with pytest.raises(ValueError, match="never comes within"):
        opt.steps_to(points[:2], np.zeros(2))


def test_the_paths_figures_learning_rates_cover_every_optimiser_on_both_surfaces():
    for surface, rates in opt.PATH_LEARNING_RATES.items():
        assert surface in ("quadratic", "Rosenbrock")
        assert tuple(rates) == opt.OPTIMISERS and all(lr > 0 for lr in rates.values())


def test_own_notebook_momentum_and_adam_take_the_packages_steps():
    # The main page's own-notebook code, run in a fresh kernel without dlbook, walks
    # the same paths as dlbook's Momentum and Adam, with its defaults and with others.
    probe = (
        "{'start': start.tolist(), 'curvatures': curvatures.tolist(),"
        " 'momentum': momentum().tolist(),"
        " 'momentum_98': momentum(0.03, 0.98, 60).tolist(),"
        " 'adam': adam().tolist(),"
        " 'adam_other': adam(0.01, 0.8, 0.99, 1e-8, 50).tolist()}"
    )
    values = run_without_dlbook("optimisers", probe)
    bowl = opt.Quadratic(*values["curvatures"])
    assert values["curvatures"] == [1.0, 10.0]

    def walk(optimiser, steps):
        return opt.trajectory(optimiser, bowl.gradient, values["start"], steps)

    expected = {
        "momentum": walk(opt.Momentum(0.05, momentum=0.9), 100),
        "momentum_98": walk(opt.Momentum(0.03, momentum=0.98), 60),
        "adam": walk(opt.Adam(0.1, 0.9, 0.999, 1e-7), 100),
        "adam_other": walk(opt.Adam(0.01, 0.8, 0.99, 1e-8), 50),
    }
    for name, path in expected.items():
        assert np.isfinite(path).all() and np.abs(path[-1] - path[0]).max() > 0.1
        np.testing.assert_allclose(values[name], path, rtol=1e-12, atol=1e-15)
