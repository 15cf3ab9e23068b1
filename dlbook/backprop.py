"""The homework's small ReLU network, worked by hand: forward pass, chain rule, one
step.

Two inputs x1, x2; three hidden units with pre-activations a1 = x1 w1 + x2 w2,
a2 = x1 w3 + x2 w4, a3 = x1 w5 + x2 w6 and outputs zi = f(ai); one output unit
a4 = w7 z1 + w8 z2 + w9 z3 with prediction ŷ = f(a4); loss L = ½(y − ŷ)²; one step of
gradient descent, w ← w − η ∂L/∂w.

f is LeakyReLU with slope α on the negative side, so α = 0 is ReLU.  At a = 0 the slope
is taken to be α, as TensorFlow's ReLU and LeakyReLU gradients do.

The hand formulas (:func:`forward`, :func:`backward`) are plain Python arithmetic, one
line per equation, and work for any number type: on :class:`~fractions.Fraction` values
they are exact, on NumPy's float64 fast.
Three independent routes check them: SymPy's gradient of the loss expression
(:func:`symbolic_gradients`, exact), central finite differences
(:func:`numerical_gradients`) and TensorFlow's ``GradientTape``
(:func:`tape_gradients`).
"""

import math
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp

from dlbook import gradcheck

WEIGHTS = tuple(f"w{i}" for i in range(1, 10))


def exact(value):
    """``value`` as a Fraction equal to what was written: 0.1 is 1/10, not the nearest
    float."""
    if isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        return Fraction(repr(float(value)))
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    raise TypeError(f"{value!r} is not a number")


def _float64(value):
    return np.float64(float(value))


@dataclass(frozen=True)
class Network:
    """One instance of the homework: inputs, the nine weights, target, slope α, step
    η."""

    x: tuple
    weights: tuple
    y: object
    alpha: object = 0
    learning_rate: object = 1

    def __post_init__(self):
        if len(self.x) != 2:
            raise ValueError(f"the network has two inputs, got {len(self.x)}")
        if len(self.weights) != len(WEIGHTS):
            raise ValueError(
                f"the network has nine weights w1..w9, got {len(self.weights)}"
            )
        if not self.learning_rate > 0:
            raise ValueError(
                f"the learning rate must be positive, got {self.learning_rate}"
            )
        object.__setattr__(self, "x", tuple(self.x))
        object.__setattr__(self, "weights", tuple(self.weights))

    @classmethod
    def exact(cls, x, weights, y, alpha=0, learning_rate=1):
        """An instance whose every number is a Fraction, so the hand formulas are
        exact."""
        return cls(
            tuple(map(exact, x)),
            tuple(map(exact, weights)),
            exact(y),
            exact(alpha),
            exact(learning_rate),
        )

    def as_float(self):
        """The same instance in float64 (what a step-by-step training run uses).

        NumPy's float64, not Python's float: a loss that overflows becomes inf instead
        of raising an error.
        """
        return Network(
            tuple(map(_float64, self.x)),
            tuple(map(_float64, self.weights)),
            _float64(self.y),
            _float64(self.alpha),
            _float64(self.learning_rate),
        )

    @property
    def is_exact(self):
        """True when every number is a Fraction or an int, so the arithmetic stays
        exact."""
        values = (*self.x, *self.weights, self.y, self.alpha, self.learning_rate)
        return all(
            isinstance(v, (Fraction, int)) and not isinstance(v, bool) for v in values
        )

    def weight(self, name):
        return self.weights[WEIGHTS.index(name)]

    def with_weights(self, **changes):
        """A copy with some weights replaced, e.g. ``with_weights(w4=1)``."""
        unknown = set(changes) - set(WEIGHTS)
        if unknown:
            raise ValueError(
                f"no weight named {', '.join(sorted(unknown))}; the weights are w1..w9"
            )
        convert = exact if self.is_exact else _float64
        return replace(
            self,
            weights=tuple(
                convert(changes.get(n, w)) for n, w in zip(WEIGHTS, self.weights)
            ),
        )


def plain(value):
    """A number or sequence as short text: exact values as fractions (8/5), floats to 6
    digits."""
    if isinstance(value, (list, tuple)) or (
        isinstance(value, np.ndarray) and value.ndim
    ):
        return "[" + ", ".join(plain(v) for v in value) + "]"
    value = value.item() if isinstance(value, np.ndarray) else value
    if isinstance(value, (Fraction, int, np.integer)):
        return str(value)
    return f"{float(value) + 0.0:.6g}"  # + 0.0 prints -0.0 as 0


def _plain_repr(record):
    fields = ", ".join(f"{name}={plain(value)}" for name, value in vars(record).items())
    return f"{type(record).__name__}({fields})"


def leaky_relu(a, alpha=0):
    """f(a): a when a > 0, else α·a.  With α = 0 this is ReLU, max(0, a)."""
    return a if a > 0 else alpha * a


def leaky_relu_slope(a, alpha=0):
    """f′(a): 1 when a > 0, else α (also at a = 0, as TensorFlow takes it)."""
    return 1 if a > 0 else alpha


@dataclass(frozen=True)
class Forward:
    """Every value of the forward pass."""

    a: tuple  # a1, a2, a3: the hidden units' weighted sums
    z: tuple  # z1, z2, z3: their outputs f(a)
    a4: object  # the output unit's weighted sum
    y_hat: object  # the prediction ŷ = f(a4)
    loss: object  # L = ½(y − ŷ)²

    __repr__ = _plain_repr


def forward(net):
    """The forward pass: each unit's weighted sum and output, then the loss."""
    x1, x2 = net.x
    w1, w2, w3, w4, w5, w6, w7, w8, w9 = net.weights

    def f(a):
        return leaky_relu(a, net.alpha)

    a1 = x1 * w1 + x2 * w2
    a2 = x1 * w3 + x2 * w4
    a3 = x1 * w5 + x2 * w6
    z1, z2, z3 = f(a1), f(a2), f(a3)
    a4 = w7 * z1 + w8 * z2 + w9 * z3
    y_hat = f(a4)
    loss = (net.y - y_hat) ** 2 / 2
    return Forward(a=(a1, a2, a3), z=(z1, z2, z3), a4=a4, y_hat=y_hat, loss=loss)


@dataclass(frozen=True)
class Backward:
    """Every factor of the chain rule, from the loss back, and the nine gradients."""

    dL_dyhat: object  # ∂L/∂ŷ = ŷ − y
    dyhat_da4: object  # ∂ŷ/∂a4 = f′(a4)
    delta4: object  # ∂L/∂a4, their product
    dL_dz: tuple  # ∂L/∂zi = ∂L/∂a4 · w(6+i), for i = 1, 2, 3
    dz_da: tuple  # ∂zi/∂ai = f′(ai)
    delta: tuple  # ∂L/∂ai, their product
    gradients: tuple  # ∂L/∂w1 .. ∂L/∂w9

    __repr__ = _plain_repr


def backward(net, fwd=None, slope=leaky_relu_slope):
    """The backward pass: the chain rule from the loss back to the nine weights.

    ``slope`` is f′; one of the common mistakes passes a wrong one.
    """
    fwd = forward(net) if fwd is None else fwd
    x1, x2 = net.x
    w7, w8, w9 = net.weights[6:]
    dL_dyhat = fwd.y_hat - net.y  # L = ½(y − ŷ)²
    dyhat_da4 = slope(fwd.a4, net.alpha)  # ŷ = f(a4)
    delta4 = dL_dyhat * dyhat_da4  # ∂L/∂a4 = ∂L/∂ŷ · ∂ŷ/∂a4
    dL_dz = tuple(delta4 * w for w in (w7, w8, w9))  # a4 = w7 z1 + w8 z2 + w9 z3
    dz_da = tuple(slope(a, net.alpha) for a in fwd.a)  # zi = f(ai)
    delta = tuple(d * s for d, s in zip(dL_dz, dz_da))  # ∂L/∂ai = ∂L/∂zi · ∂zi/∂ai
    hidden = tuple(d * x for d in delta for x in (x1, x2))  # ai = x1 w + x2 w′
    output = tuple(delta4 * z for z in fwd.z)  # a4 = w7 z1 + w8 z2 + w9 z3
    return Backward(dL_dyhat, dyhat_da4, delta4, dL_dz, dz_da, delta, hidden + output)


def gradients(net):
    """∂L/∂w1 .. ∂L/∂w9 by the hand formulas, as an array (exact for an exact net)."""
    return np.array(
        backward(net).gradients, dtype=object if net.is_exact else np.float64
    )


def step(net, grads=None):
    """One step of gradient descent: each weight w becomes w − η·∂L/∂w."""
    grads = gradients(net) if grads is None else grads
    new = tuple(w - net.learning_rate * g for w, g in zip(net.weights, grads))
    return replace(net, weights=new)


def train(net, steps):
    """Up to ``steps`` steps of gradient descent in floats: the history of loss,
    weights, a1..a3.

    A run whose loss overflows stops there; its last recorded loss is then inf or nan.
    """
    net = net.as_float()
    losses, weights, hidden = [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps + 1):
            fwd = forward(net)
            losses.append(fwd.loss)
            weights.append(net.weights)
            hidden.append(fwd.a)
            if not np.isfinite(fwd.loss):
                break
            net = step(net)
    return {
        "loss": np.array(losses),
        "weights": np.array(weights),
        "a": np.array(hidden),
    }


# --- the same gradients by other routes
# -------------------------------------------------


@lru_cache(maxsize=1)
def symbolic_loss():
    """L as a SymPy expression in x1, x2, w1..w9, y and α, with its nine partial
    derivatives."""
    x1, x2, y, alpha = sp.symbols("x1 x2 y alpha", real=True)
    w = sp.symbols("w1:10", real=True)

    def f(a):
        return sp.Piecewise((a, a > 0), (alpha * a, True))

    z = [f(x1 * w[2 * i] + x2 * w[2 * i + 1]) for i in range(3)]
    y_hat = f(w[6] * z[0] + w[7] * z[1] + w[8] * z[2])
    loss = sp.Rational(1, 2) * (y - y_hat) ** 2
    return loss, (x1, x2, y, alpha, w), [sp.diff(loss, wi) for wi in w]


def symbolic_gradients(net):
    """SymPy's exact gradient of L, with the instance's values substituted (as
    Fractions)."""
    _, (x1, x2, y, alpha, w), derivatives = symbolic_loss()
    net = (
        net
        if net.is_exact
        else Network.exact(net.x, net.weights, net.y, net.alpha, net.learning_rate)
    )
    values = {x1: net.x[0], x2: net.x[1], y: net.y, alpha: net.alpha}
    values.update(zip(w, net.weights))
    values = {k: sp.Rational(v.numerator, v.denominator) for k, v in values.items()}
    return np.array(
        [exact(sp.nsimplify(d.subs(values))) for d in derivatives], dtype=object
    )


def loss_at(net, weights):
    """The loss of ``net`` with its weights replaced by ``weights`` (floats)."""
    return forward(replace(net.as_float(), weights=tuple(weights))).loss


def numerical_gradients(net):
    """Central finite differences of the loss in each weight, in float64."""
    base = np.array(net.as_float().weights)

    def along(i):
        def f(values):
            return np.array(
                [
                    loss_at(net, np.where(np.arange(9) == i, v, base))
                    for v in np.atleast_1d(values)
                ]
            )

        return f

    return np.array(
        [gradcheck.central_difference(along(i), base[i : i + 1])[0] for i in range(9)]
    )


def tape_gradients(net):
    """TensorFlow's gradient of the same loss (float64), with its own ReLU/LeakyReLU
    ops."""
    import tensorflow as tf

    net = net.as_float()
    weights = tf.Variable(np.array(net.weights), dtype=tf.float64)
    x = tf.constant(np.array(net.x), dtype=tf.float64)

    def f(a):
        return tf.nn.leaky_relu(a, alpha=net.alpha) if net.alpha else tf.nn.relu(a)

    with tf.GradientTape() as tape:
        z = f(tf.linalg.matvec(tf.reshape(weights[:6], (3, 2)), x))
        y_hat = f(tf.tensordot(weights[6:], z, axes=1))
        loss = 0.5 * (net.y - y_hat) ** 2
    return tape.gradient(loss, weights).numpy()


# --- the same backward pass in vector form, for any MLP
# ----------------------------------


def vector_backprop(weights, x, y, biases=None, alpha=0):
    """Backpropagation in vector form through an MLP of LeakyReLU units (α = 0: ReLU)
    with loss L = ½‖ŷ − y‖².  ``weights[0]`` is W⁽¹⁾, one row per unit of layer 1.

    Returns each layer's a, z, δ = ∂L/∂a (which is also ∂L/∂b) and ∂L/∂W.  Works on
    float arrays, and exactly on object arrays of Fractions.
    """
    biases = [0] * len(weights) if biases is None else biases
    z, a = [np.asarray(x)], []
    for W, b in zip(weights, biases):
        a.append(W @ z[-1] + b)  # a⁽ˡ⁾ = W⁽ˡ⁾ z⁽ˡ⁻¹⁾ + b⁽ˡ⁾
        z.append(np.where(a[-1] > 0, a[-1], alpha * a[-1]))  # z⁽ˡ⁾ = f(a⁽ˡ⁾)
    slopes = [np.where(a_l > 0, 1, alpha) for a_l in a]  # f′(a⁽ˡ⁾)
    delta = (z[-1] - y) * slopes[-1]  # δ⁽ᴸ⁾ = ∂L/∂ŷ ⊙ f′(a⁽ᴸ⁾)
    deltas = [delta]
    for W, slope in zip(reversed(weights[1:]), reversed(slopes[:-1])):
        delta = (W.T @ delta) * slope  # δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ ⊙ f′(a⁽ˡ⁾)
        deltas.insert(0, delta)
    grads = [np.outer(d, z_in) for d, z_in in zip(deltas, z)]  # δ⁽ˡ⁾ (z⁽ˡ⁻¹⁾)ᵀ
    return {"a": a, "z": z[1:], "delta": deltas, "grads": grads}


def as_matrices(net):
    """The homework's nine weights as the vector form's two matrices: W⁽¹⁾ (3 x 2: w1 w2
    / w3 w4 / w5 w6) and W⁽²⁾ (1 x 3: w7 w8 w9), as object arrays when exact."""
    weights = np.array(net.weights, dtype=object if net.is_exact else np.float64)
    return [weights[:6].reshape(3, 2), weights[6:].reshape(1, 3)]


def vector_gradients(net):
    """The nine gradients of the homework, by :func:`vector_backprop`."""
    x = np.array(net.x, dtype=object if net.is_exact else np.float64)
    grads = vector_backprop(as_matrices(net), x, net.y, alpha=net.alpha)["grads"]
    return np.concatenate([g.ravel() for g in grads])


def random_mlp(sizes, seed=0):
    """Random float64 weights and biases for an MLP with layer sizes ``sizes`` (input
    first), scaled so that about half the ReLU units are active."""
    rng = np.random.default_rng(seed)
    weights = [
        rng.normal(0, np.sqrt(2 / n_in), size=(n_out, n_in))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]
    biases = [rng.normal(0, 0.1, size=n) for n in sizes[1:]]
    return weights, biases, rng.normal(size=sizes[0]), rng.normal(size=sizes[-1])


def tape_mlp_gradients(weights, x, y, biases, alpha=0):
    """TensorFlow's ∂L/∂W and ∂L/∂b for the MLP of :func:`vector_backprop` (float64)."""
    import tensorflow as tf

    Ws = [tf.Variable(W, dtype=tf.float64) for W in weights]
    bs = [tf.Variable(b, dtype=tf.float64) for b in biases]

    def f(a):
        return tf.nn.leaky_relu(a, alpha=alpha) if alpha else tf.nn.relu(a)

    with tf.GradientTape() as tape:
        z = tf.constant(x, dtype=tf.float64)
        for W, b in zip(Ws, bs):
            z = f(tf.linalg.matvec(W, z) + b)
        loss = 0.5 * tf.reduce_sum((z - y) ** 2)
    dW, db = tape.gradient(loss, [Ws, bs])
    return [g.numpy() for g in dW], [g.numpy() for g in db]


# --- common mistakes ----------------------------------------------------------------


def sign_flipped(net):
    """∂L/∂ŷ written y − ŷ instead of ŷ − y: every gradient changes sign."""
    return -gradients(net)


def slope_dropped(net):
    """The factor f′(a) left out of the chain, as if f′ were 1 everywhere."""
    return np.array(backward(net, slope=lambda a, alpha: 1).gradients)


def inputs_swapped(net):
    """x1 and x2 swapped: each hidden unit's two gradients trade places."""
    return gradients(net)[[1, 0, 3, 2, 5, 4, 6, 7, 8]]


@dataclass(frozen=True)
class Mistake:
    """A common mistake: what it is, in words, and the nine gradients it gives."""

    description: str
    gradients: object  # callable(net) -> the nine wrong gradients


MISTAKES = {
    "sign": Mistake("the sign of ∂L/∂ŷ flipped (y − ŷ instead of ŷ − y)", sign_flipped),
    "slope": Mistake("the f′(a) factor dropped", slope_dropped),
    "inputs": Mistake("x₁ and x₂ swapped", inputs_swapped),
}

# --- the chapter's instance, and the widget's scenarios
# -----------------------------------

# From the exercise: x = (1, 2) and every weight but w8.  Assumed: w8 and the target y.
# The
# seed writes "½(6 − 3)²", so y = 6; w8 is any value, since z2 = 0 in the first pass.
ASSUMED = {"w8": 1, "y": 6}
EXERCISE = Network.exact(
    x=(1, 2), weights=(2, 1, 1, -1, 1, 1, -0.5, ASSUMED["w8"], 1.2), y=ASSUMED["y"]
)

SCENARIOS = {
    "the exercise (ReLU, η = 1)": EXERCISE,
    "smaller step (η = 0.01)": replace(EXERCISE, learning_rate=Fraction(1, 100)),
    "hidden unit 2 revived (w₄ = 1)": EXERCISE.with_weights(w4=1),
    "dead output unit (w₉ = −1.2)": EXERCISE.with_weights(w9=Fraction(-6, 5)),
    "LeakyReLU (α = 0.01)": replace(EXERCISE, alpha=Fraction(1, 100)),
}
