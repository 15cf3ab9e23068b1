import numpy as np
import pytest

from dlbook import gradcheck

GRID = np.linspace(-3, 3, 61)


def test_central_difference_of_sine_is_cosine():
    assert (
        gradcheck.worst_disagreement(
            gradcheck.central_difference(np.sin, GRID), np.cos(GRID)
        )
        < 1e-9
    )


def test_autodiff_first_and_second_order():
    import tensorflow as tf

    assert (
        gradcheck.worst_disagreement(gradcheck.autodiff(tf.sin, GRID), np.cos(GRID))
        < 1e-12
    )
    assert (
        gradcheck.worst_disagreement(
            gradcheck.autodiff(tf.sin, GRID, order=2), -np.sin(GRID)
        )
        < 1e-12
    )


def test_autodiff_rejects_order_zero():
    import tensorflow as tf

    with pytest.raises(ValueError, match="order must be at least 1"):
        gradcheck.autodiff(tf.sin, GRID, order=0)


def test_worst_disagreement_finds_the_largest_gap_and_checks_shapes():
    assert gradcheck.worst_disagreement(
        [1.0, 2.0, 3.0], [1.0, 2.5, 2.9]
    ) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="shapes differ"):
        gradcheck.worst_disagreement([1.0, 2.0], [1.0])


def test_central_difference_second_order_and_far_from_zero():
    second = gradcheck.central_difference(np.sin, GRID, order=2)
    assert np.max(np.abs(second + np.sin(GRID))) < 1e-5
    far = np.array([-500.0, -3.0, 0.5, 800.0])
    assert (
        np.max(np.abs(gradcheck.central_difference(np.square, far, order=2) - 2) / 2)
        < 1e-5
    )
    # the step grows with |x|, so a linear function far out is still differentiated
    # exactly enough
    assert np.max(np.abs(gradcheck.central_difference(lambda v: 3 * v, far) - 3)) < 1e-9


def test_central_difference_rejects_other_orders():
    with pytest.raises(ValueError, match="orders 1 and 2"):
        gradcheck.central_difference(np.sin, GRID, order=3)


def test_autodiff_of_a_derivative_that_stops_depending_on_x_is_zero():
    import tensorflow as tf

    assert np.all(gradcheck.autodiff(tf.nn.relu, np.array([-1.0, 2.0]), order=2) == 0)


def test_worst_scaled_disagreement_is_relative_above_one_and_fails_on_nan():
    assert gradcheck.worst_scaled_disagreement([1001.0], [1000.0]) == pytest.approx(
        1e-3
    )
    assert gradcheck.worst_scaled_disagreement([0.25], [0.5]) == pytest.approx(0.25)
    assert np.isnan(gradcheck.worst_scaled_disagreement([np.nan], [1.0]))
