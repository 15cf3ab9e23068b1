"""Checking a derivative three ways: symbolic, numerical and automatic.

The book shows derivatives derived with SymPy.  Each one is checked against central
finite differences and against TensorFlow's ``GradientTape`` on a grid, and the worst
disagreement is what the page reports.
"""

import numpy as np


def central_difference(f, x, order=1, step=None):
    """The central finite difference of ``f`` at each point of ``x``, in float64.

    Order 1 is (f(x + h) - f(x - h)) / 2h, order 2 is (f(x + h) - 2 f(x) + f(x - h)) /
    h². The step h is ``step`` (default 1e-5 for order 1, 1e-4 for order 2: a balance of
    truncation and rounding error) times max(1, |x|), so it stays sensible far from
    zero.
    """
    if order not in (1, 2):
        raise ValueError(
            f"central differences are implemented for orders 1 and 2, not {order}"
        )
    x = np.asarray(x, dtype=np.float64)
    step = (1e-5 if order == 1 else 1e-4) if step is None else step
    h = step * np.maximum(1.0, np.abs(x))
    h = (x + h) - x  # a step that is exactly representable at x
    if order == 1:
        return (f(x + h) - f(x - h)) / (2.0 * h)
    return (f(x + h) - 2.0 * f(x) + f(x - h)) / h**2


def autodiff(f, x, order=1):
    """The ``order``-th derivative of the TensorFlow function ``f`` at each point of
    ``x``.

    ``f`` maps a float64 tensor to a tensor of the same shape, elementwise; nested
    ``GradientTape``\\ s give higher orders.
    """
    import tensorflow as tf

    if order < 1:
        raise ValueError(f"order must be at least 1, got {order}")
    x = tf.constant(np.asarray(x, dtype=np.float64))

    def derivative(n):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x) if n == 1 else derivative(n - 1)
        # A derivative that no longer depends on x (ReLU's, say) is zero, not None.
        return tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)

    return derivative(order).numpy()


def worst_disagreement(a, b):
    """The largest absolute difference between two arrays of the same shape."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b)))


def worst_scaled_disagreement(a, b):
    """The largest |a - b| / max(1, |b|): absolute for values up to 1, relative beyond.

    NaN anywhere gives NaN, so a check against a tolerance fails rather than passes.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    if np.isnan(a).any() or np.isnan(b).any():
        return float("nan")
    return float(np.max(np.abs(a - b) / np.maximum(1.0, np.abs(b))))
