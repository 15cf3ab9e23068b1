"""Optimisers from scratch, the loss surfaces they run on, and exponentially weighted
averages.

Each optimiser is a small class whose :meth:`step` takes the point ``w`` and the
gradient ``g`` there and returns the next point, keeping its own state (a velocity,
running averages, a step count).  The chapter shows each ``step`` beside its update
equation.  The rules are written as Keras 3 writes them (``keras.optimizers``), so that
:func:`trajectory` and :func:`keras_trajectory` can be compared step by step; where a
textbook writes a rule differently, the docstring says so.
"""

import math

import numpy as np

# Exponentially weighted averages
# ---------------------------------------------------------


def ewa(values, beta, bias_correction=False):
    """The averages v_t = β v_{t-1} + (1 − β) x_t, from v_0 = 0.

    With bias_correction, each v_t is divided by 1 − β^t (see bias_corrected).
    """
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), not {beta}")
    v = 0.0
    averages = []
    for x in np.asarray(values, dtype=float):
        v = beta * v + (1 - beta) * x
        averages.append(v)
    if bias_correction:
        return bias_corrected(averages, beta)
    return np.array(averages)


def bias_corrected(averages, beta):
    """Each average v_t divided by 1 − β^t, the sum of its weights."""
    return np.array([v / (1 - beta**t) for t, v in enumerate(averages, start=1)])


# The course's mistakes in the bias correction: what each divides v_t by, at step t
# (t = 1 at the first input), in place of 1 − β^t.
CORRECTION_MISTAKES = {
    "one-minus-beta": lambda beta, t: 1 - beta,  # 1 − β, right only at t = 1
    "no-correction": lambda beta, t: 1.0,  # the correction left out
    "t-from-zero": lambda beta, t: 1 - beta ** (t - 1),  # β^t counted from t = 0
}


def miscorrected(averages, beta, mistake):
    """The averages v_1, v_2, … as ``mistake`` (a key of :data:`CORRECTION_MISTAKES`)
    "corrects" them; infinite where it divides by zero (v_1 counted from t = 0)."""
    divisor = CORRECTION_MISTAKES[mistake]
    with np.errstate(divide="ignore"):
        return np.array(
            [np.float64(v) / divisor(beta, t) for t, v in enumerate(averages, start=1)]
        )


def ewa_weights(beta, length):
    """The weight each of the last ``length`` inputs has in v_t (newest first): (1 − β)
    β^k."""
    return (1 - beta) * beta ** np.arange(length)


def effective_window(beta):
    """1 / (1 − β): the number of recent inputs an average with factor β mostly
    reflects."""
    return 1 / (1 - beta)


# The optimisers
# --------------------------------------------------------------------------


class SGD:
    """Gradient descent: w ← w − η g."""

    def __init__(self, learning_rate=0.01):
        self.learning_rate = learning_rate

    def step(self, w, g):
        return w - self.learning_rate * g


class Momentum:
    """Heavy-ball momentum (Polyak 1964), as Keras writes it: v ← β v − η g, w ← w + v.

    Keras calls β ``momentum``.  Many textbooks average the gradients instead,
    v ← β v + (1 − β) g and w ← w − η v; that is the same rule with the learning rate
    scaled by 1 − β.
    """

    def __init__(self, learning_rate=0.01, momentum=0.9):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocity = 0.0

    def step(self, w, g):
        self.velocity = self.momentum * self.velocity - self.learning_rate * g
        return w + self.velocity


class Nesterov(Momentum):
    """Nesterov's momentum (Sutskever et al. 2013), as Keras writes it.

    The velocity is updated as in :class:`Momentum`, and the point then moves by
    β v − η g: the look-ahead written with the gradient at the current point.
    """

    def step(self, w, g):
        self.velocity = self.momentum * self.velocity - self.learning_rate * g
        return w + self.momentum * self.velocity - self.learning_rate * g


class Adagrad:
    """Each coordinate's step divided by the root of its summed squared gradients.

    s ← s + g², w ← w − η g / √(s + ε), with s starting at 0.1 as in Keras.
    """

    def __init__(self, learning_rate=0.001, initial_accumulator=0.1, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.epsilon = epsilon
        self.s = initial_accumulator

    def step(self, w, g):
        self.s = self.s + g**2
        return w - self.learning_rate * g / np.sqrt(self.s + self.epsilon)


class RMSprop:
    """Adagrad with a forgetting sum: s ← ρ s + (1 − ρ) g², w ← w − η g / √(s + ε)."""

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.s = 0.0

    def step(self, w, g):
        self.s = self.rho * self.s + (1 - self.rho) * g**2
        return w - self.learning_rate * g / np.sqrt(self.s + self.epsilon)


class Adam:
    """Momentum and RMSprop together, both averages bias-corrected (Kingma & Ba 2014).

    m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g², and w ← w − η m̂ / (√v̂ + ε) with m̂
    = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ).  Keras folds the two corrections into the step
    size, which puts ε before the correction instead of after; the paper (end of its
    section 2) gives both forms.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.m = 0.0
        self.v = 0.0
        self.t = 0

    def step(self, w, g):
        self.t += 1
        self.m = self.beta_1 * self.m + (1 - self.beta_1) * g
        self.v = self.beta_2 * self.v + (1 - self.beta_2) * g**2
        m_hat = self.m / (1 - self.beta_1**self.t)
        v_hat = self.v / (1 - self.beta_2**self.t)
        return w - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)


OPTIMISERS = ("SGD", "momentum", "Nesterov", "Adagrad", "RMSprop", "Adam")
# How closely :func:`trajectory` follows :func:`keras_trajectory` over 100 steps with
# everyday hyper-parameters (0.05 or 0.001, 0.9, 0.999): Keras stores them in float32,
# so they are off by about 1e-8 relative, and Adam's 1 − β₂ = 0.001 magnifies that to
# about 1e-5 of its step.
KERAS_AGREEMENT = {
    "SGD": 1e-6,
    "momentum": 1e-6,
    "Nesterov": 1e-6,
    "Adagrad": 1e-6,
    "RMSprop": 1e-6,
    "Adam": 3e-5,
}


def make(name, learning_rate, beta=0.9):
    """The optimiser called ``name`` (one of :data:`OPTIMISERS`) at this learning rate.

    ``beta`` is the one averaging factor each has: the momentum of momentum and
    Nesterov, ρ of RMSprop, β₁ of Adam; plain SGD and Adagrad have none and ignore it.
    """
    if name not in OPTIMISERS:
        raise ValueError(
            f"optimiser must be one of {', '.join(OPTIMISERS)}, not {name!r}"
        )
    return {
        "SGD": lambda: SGD(learning_rate),
        "momentum": lambda: Momentum(learning_rate, momentum=beta),
        "Nesterov": lambda: Nesterov(learning_rate, momentum=beta),
        "Adagrad": lambda: Adagrad(learning_rate),
        "RMSprop": lambda: RMSprop(learning_rate, rho=beta),
        "Adam": lambda: Adam(learning_rate, beta_1=beta),
    }[name]()


def make_keras(name, learning_rate, beta=0.9):
    """The ``keras.optimizers`` counterpart of :func:`make`."""
    import keras

    if name not in OPTIMISERS:
        raise ValueError(
            f"optimiser must be one of {', '.join(OPTIMISERS)}, not {name!r}"
        )
    return {
        "SGD": lambda: keras.optimizers.SGD(learning_rate),
        "momentum": lambda: keras.optimizers.SGD(learning_rate, momentum=beta),
        "Nesterov": lambda: keras.optimizers.SGD(
            learning_rate, momentum=beta, nesterov=True
        ),
        "Adagrad": lambda: keras.optimizers.Adagrad(learning_rate),
        "RMSprop": lambda: keras.optimizers.RMSprop(learning_rate, rho=beta),
        "Adam": lambda: keras.optimizers.Adam(learning_rate, beta_1=beta),
    }[name]()


# The learning rate of each optimiser on each surface of the chapter's paths figure,
# chosen so that each makes progress there in the steps it is given.
PATH_LEARNING_RATES = {
    "quadratic": {
        "SGD": 0.05,
        "momentum": 0.05,
        "Nesterov": 0.05,
        "Adagrad": 0.5,
        "RMSprop": 0.05,
        "Adam": 0.1,
    },
    "Rosenbrock": {
        "SGD": 0.001,
        "momentum": 0.001,
        "Nesterov": 0.001,
        "Adagrad": 0.5,
        "RMSprop": 0.01,
        "Adam": 0.05,
    },
}


def trajectory(optimiser, gradient, start, steps):
    """The points ``optimiser`` visits from ``start`` in ``steps`` steps (``steps + 1``
    rows).

    Stops early, leaving the rest NaN, if the point runs off to infinity.
    """
    points = np.full((steps + 1, len(start)), np.nan)
    points[0] = w = np.asarray(start, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            w = optimiser.step(w, gradient(w))
            if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e6:
                break
            points[t] = w
    return points


def keras_trajectory(optimiser, gradient, start, steps):
    """The same walk taken by a Keras optimiser on a float64 variable, fed the same
    gradients."""
    import keras

    variable = keras.Variable(np.asarray(start, dtype="float64"), dtype="float64")
    points = [np.array(start, dtype=float)]
    for _ in range(steps):
        optimiser.apply(
            [keras.ops.convert_to_tensor(gradient(points[-1]), dtype="float64")],
            [variable],
        )
        points.append(np.array(variable.numpy(), dtype=float))
    return np.array(points)


# Loss surfaces
# ---------------------------------------------------------------------------


class Quadratic:
    """f(w) = ½ (w − w*)ᵀ diag(λ_min, λ_max) (w − w*): an ill-conditioned bowl, κ =
    λ_max / λ_min."""

    name = "quadratic"

    def __init__(self, smallest=1.0, largest=10.0, minimum=(0.0, 0.0)):
        if not 0 < smallest <= largest:
            raise ValueError("eigenvalues must satisfy 0 < smallest <= largest")
        self.curvatures = np.array([smallest, largest])
        self.minimum = np.asarray(minimum, dtype=float)

    @property
    def condition_number(self):
        return self.curvatures[1] / self.curvatures[0]

    def __call__(self, w):
        d = np.asarray(w) - self.minimum
        return 0.5 * np.sum(self.curvatures * d**2, axis=-1)

    def gradient(self, w):
        return self.curvatures * (np.asarray(w) - self.minimum)

    def best_gd(self):
        """Step size 2 / (λ_min + λ_max) and its rate (κ − 1) / (κ + 1)."""
        low, high = self.curvatures
        kappa = self.condition_number
        return 2 / (low + high), (kappa - 1) / (kappa + 1)

    def best_momentum(self):
        """Heavy-ball step size (2 / (√λ_max + √λ_min))², momentum ((√κ − 1)/(√κ + 1))²,
        rate (√κ − 1)/(√κ + 1)."""
        low, high = self.curvatures
        root = math.sqrt(self.condition_number)
        rate = (root - 1) / (root + 1)
        return (2 / (math.sqrt(high) + math.sqrt(low))) ** 2, rate**2, rate


class Rosenbrock:
    """f(x, y) = (a − x)² + b (y − x²)²: a curved valley with its minimum at (a, a²)."""

    name = "Rosenbrock"

    def __init__(self, a=1.0, b=100.0):
        self.a, self.b = a, b
        self.minimum = np.array([a, a**2])

    def __call__(self, w):
        w = np.asarray(w)
        x, y = w[..., 0], w[..., 1]
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def gradient(self, w):
        x, y = w
        return np.array(
            [-2 * (self.a - x) - 4 * self.b * x * (y - x**2), 2 * self.b * (y - x**2)]
        )


def measured_rate(points, minimum, first, last):
    """The mean factor by which the distance to ``minimum`` shrinks per step, between
    two steps."""
    distance = np.linalg.norm(np.asarray(points) - minimum, axis=1)
    if (
        not (0 <= first < last < len(distance))
        or distance[last] <= 0
        or not np.isfinite(distance[last])
    ):
        raise ValueError(
            "choose steps inside the trajectory where the distance is "
            "still positive and finite"
        )
    return float((distance[last] / distance[first]) ** (1 / (last - first)))


def steps_to(points, minimum, tolerance=1e-6):
    """The first step at which ``points`` come within ``tolerance`` of ``minimum``."""
    distance = np.linalg.norm(np.asarray(points) - minimum, axis=1)
    close = np.flatnonzero(distance < tolerance)
    if close.size == 0:
        raise ValueError(f"the path never comes within {tolerance:g} of the minimum")
    return int(close[0])


# Gradient noise
# --------------------------------------------------------------------------


def softmax_regression_gradients(images, labels, weights):
    """Per-example gradients of the cross-entropy of a softmax regression (no bias),
    flattened.

    ``images`` is (n, d) in [0, 1], ``labels`` integers 0..9, ``weights`` (d, 10);
    returns (n, 10 d).
    """
    logits = images @ weights
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return (images[:, :, None] * p[:, None, :]).reshape(len(images), -1)


def minibatch_gradient_variance(per_example, batch_size, draws=200, seed=0):
    """E‖g_B − g‖² over ``draws`` mini-batches drawn without replacement, g the
    full-batch mean."""
    rng = np.random.default_rng(seed)
    n = len(per_example)
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch size must be between 1 and {n}, not {batch_size}")
    full = per_example.mean(axis=0)
    squared = [
        np.sum(
            (per_example[rng.choice(n, batch_size, replace=False)].mean(axis=0) - full)
            ** 2
        )
        for _ in range(draws)
    ]
    return float(np.mean(squared))
