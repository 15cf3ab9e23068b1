"""Checking a derivative three ways: symbolic, numerical and automatic.

The book shows derivatives derived with SymPy.  Each one is checked against central finite
differences and against TensorFlow's ``GradientTape`` on a grid, and the worst disagreement
is what the page reports.
"""

import numpy as np


def central_difference(f, x, h=1e-5):
    """The central finite difference (f(x + h) - f(x - h)) / 2h, elementwise, in float64."""
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2.0 * h)


def autodiff(f, x, order=1):
    """The ``order``-th derivative of the TensorFlow function ``f`` at each point of ``x``.

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
        return tape.gradient(y, x)

    return derivative(order).numpy()


def worst_disagreement(a, b):
    """The largest absolute difference between two arrays of the same shape."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b)))
