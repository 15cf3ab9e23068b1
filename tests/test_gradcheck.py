import numpy as np
import pytest

from dlbook import gradcheck

GRID = np.linspace(-3, 3, 61)


def test_central_difference_of_sine_is_cosine():
    assert gradcheck.worst_disagreement(gradcheck.central_difference(np.sin, GRID), np.cos(GRID)) < 1e-9


def test_autodiff_first_and_second_order():
    import tensorflow as tf

    assert gradcheck.worst_disagreement(gradcheck.autodiff(tf.sin, GRID), np.cos(GRID)) < 1e-12
    assert gradcheck.worst_disagreement(gradcheck.autodiff(tf.sin, GRID, order=2), -np.sin(GRID)) < 1e-12


def test_autodiff_rejects_order_zero():
    import tensorflow as tf

    with pytest.raises(ValueError, match="order must be at least 1"):
        gradcheck.autodiff(tf.sin, GRID, order=0)


def test_worst_disagreement_finds_the_largest_gap_and_checks_shapes():
    assert gradcheck.worst_disagreement([1.0, 2.0, 3.0], [1.0, 2.5, 2.9]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="shapes differ"):
        gradcheck.worst_disagreement([1.0, 2.0], [1.0])
