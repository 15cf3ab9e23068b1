"""The activation functions of the book, each defined once, symbolically.

Every :class:`Activation` holds one SymPy expression in ``x``.  Its derivatives come
from SymPy, and its NumPy and TensorFlow forms are generated from the same expression
with ``lambdify``, so the formula shown, the numbers plotted and the gradients
TensorFlow computes cannot drift apart.

Two helper functions, :class:`sigmoid` and :class:`softplus`, keep the expressions short
and the numbers stable: they are evaluated with overflow-free formulas (``exp`` of a
large argument is never taken), while :func:`elementary` rewrites them into exponentials
and logarithms for proofs.
"""

import functools
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

x = sp.Symbol("x", real=True)
alpha = sp.Symbol("alpha", real=True)
beta = sp.Symbol("beta", positive=True)


class sigmoid(sp.Function):
    r"""The logistic sigmoid :math:`\sigma(u) = 1/(1 + e^{-u})`."""

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.S.Half
        if u is sp.oo:
            return sp.S.One
        if u is sp.S.NegativeInfinity:
            return sp.S.Zero

    def fdiff(self, argindex=1):
        # Proved, not assumed: tests and the chapter check it against the elementary
        # form.
        return self * (1 - self)

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return 1 / (1 + sp.exp(-u))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer):
        return r"\sigma\left(%s\right)" % printer._print(self.args[0])


class softplus(sp.Function):
    r"""The softplus :math:`\ln(1 + e^{u})`, a smooth ReLU."""

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.log(2)

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_log(self, u, **kwargs):
        return sp.log(1 + sp.exp(u))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer):
        return r"\operatorname{softplus}\left(%s\right)" % printer._print(self.args[0])


def elementary(expr):
    """``expr`` with :class:`sigmoid` and :class:`softplus` written out in exp and
    log."""
    return expr.replace(sigmoid, lambda u: 1 / (1 + sp.exp(-u))).replace(
        softplus, lambda u: sp.log(1 + sp.exp(u))
    )


def stable_sigmoid(u):
    """σ(u) in NumPy without overflow: only ``exp(-|u|)`` is ever computed."""
    u = np.asarray(u, dtype=np.float64)
    small = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def stable_softplus(u):
    """ln(1 + e^u) in NumPy without overflow."""
    return np.logaddexp(0.0, np.asarray(u, dtype=np.float64))


def _heaviside(u, at_zero=0.5):
    # SymPy's convention H(0) = 1/2, the average of the two one-sided slopes.
    return np.heaviside(np.asarray(u, dtype=np.float64), float(at_zero))


def _dirac_delta(u, k=0):
    # Zero wherever it has a value; undefined (NaN) at the kink itself.
    u = np.asarray(u, dtype=np.float64)
    return np.where(u == 0, np.nan, 0.0)


def _without_cancellation(expr):
    """Write 1 - σ(u) as σ(-u): equal, but without cancellation in floating point when
    σ(u) ≈ 1."""
    if not expr.has(sigmoid):
        return expr
    return expr.replace(lambda e: _complement(e) is not None, _complement)


def _complement(expr):
    # 1 - σ(u) -> σ(-u) and σ(u) - 1 -> -σ(-u); None for anything else.
    if not (expr.is_Add and len(expr.args) == 2):
        return None
    constant, term = expr.args  # SymPy puts the number first
    if (
        constant == 1
        and term.is_Mul
        and term.args[0] == -1
        and len(term.args) == 2
        and isinstance(term.args[1], sigmoid)
    ):
        return sigmoid(-term.args[1].args[0])
    if constant == -1 and isinstance(term, sigmoid):
        return -sigmoid(-term.args[0])
    return None


NUMPY_FUNCTIONS = {
    "sigmoid": stable_sigmoid,
    "softplus": stable_softplus,
    "Heaviside": _heaviside,
    "DiracDelta": _dirac_delta,
}


def to_numpy(expr, **params):
    """A NumPy function of ``x`` for ``expr``, with parameter symbols replaced by
    ``params``."""
    expr = sp.sympify(expr)
    values = _parameter_values(expr, params)
    function = _compiled_numpy(expr)

    def evaluate(points):
        points = np.asarray(points, dtype=np.float64)
        with np.errstate(all="ignore"):
            result = np.asarray(function(points, *values), dtype=np.float64)
        return np.broadcast_to(result, points.shape).copy()

    return evaluate


@functools.lru_cache(maxsize=256)
def _compiled_numpy(expr):
    # Compiled once per expression, with the parameters as arguments, so that moving a
    # parameter slider costs an evaluation, not a new compilation.
    return sp.lambdify(
        (x, alpha, beta),
        _without_cancellation(expr),
        modules=[NUMPY_FUNCTIONS, "scipy", "numpy"],
    )


def _parameter_values(expr, params):
    by_name = {"alpha": alpha, "beta": beta}
    unknown = set(params) - set(by_name)
    if unknown:
        raise TypeError(
            f"unknown parameter(s) {sorted(unknown)}; activations "
            f"take {sorted(by_name)}"
        )
    missing = sorted(s.name for s in expr.free_symbols - {x} if s.name not in params)
    if missing:
        raise TypeError(f"{expr} needs a value for {', '.join(missing)}")
    return tuple(float(params.get(name, np.nan)) for name in ("alpha", "beta"))


def to_tensorflow(expr, **params):
    """A TensorFlow function of ``x`` for ``expr`` (differentiable with
    ``GradientTape``)."""
    import tensorflow as tf

    expr = sp.sympify(expr)
    expr = expr.subs(dict(zip((alpha, beta), _parameter_values(expr, params))))
    # Constants such as sqrt(2) become float literals: TensorFlow will not take sqrt of
    # an int.
    expr = sp.nfloat(expr, n=17)
    from sympy.printing.tensorflow import TensorflowPrinter

    class Printer(TensorflowPrinter):
        def _print_sigmoid(self, expr):
            return f"tensorflow.math.sigmoid({self._print(expr.args[0])})"

        def _print_softplus(self, expr):
            return f"tensorflow.math.softplus({self._print(expr.args[0])})"

    function = sp.lambdify(x, expr, modules="tensorflow", printer=Printer())

    def evaluate(values):
        return function(values) + tf.zeros_like(
            values
        )  # constants broadcast to x's shape

    return evaluate


@dataclass(frozen=True)
class Activation:
    """One activation function.

    ``expr`` is its only definition.  ``params`` maps parameter names (``alpha``,
    ``beta``) to default values.  ``kinks`` are the points where it is not
    differentiable. ``keras_name`` names the matching function in ``keras.activations``
    (a cross-check).
    """

    name: str
    label: str
    expr: sp.Expr
    params: dict = field(default_factory=dict)
    kinks: tuple = ()
    keras_name: str = None

    def formula(self, order=0):
        """The ``order``-th derivative, simplified (order 0 is the function)."""
        return _derivative(self.name, order)

    def numpy(self, order=0, **params):
        """The ``order``-th derivative as a NumPy function, parameters at their defaults
        unless given."""
        return to_numpy(self.formula(order), **{**self.params, **params})

    def tensorflow(self, **params):
        """The function as a TensorFlow function."""
        return to_tensorflow(self.expr, **{**self.params, **params})

    def keras(self, **params):
        """The matching ``keras.activations`` function with the same parameters, or
        None."""
        if self.keras_name is None:
            return None
        import keras

        function = getattr(keras.activations, self.keras_name)
        params = {**self.params, **params}
        if self.name == "leaky_relu":
            return lambda values: function(values, negative_slope=params["alpha"])
        if self.name == "swish" and params["beta"] != 1:
            return lambda values: (
                values * keras.activations.sigmoid(params["beta"] * values)
            )
        return function


REGISTRY = {
    a.name: a
    for a in (
        Activation("sigmoid", "sigmoid", sigmoid(x), keras_name="sigmoid"),
        Activation("tanh", "tanh", sp.tanh(x), keras_name="tanh"),
        Activation("relu", "ReLU", sp.Max(0, x), kinks=(0,), keras_name="relu"),
        Activation(
            "leaky_relu",
            "LeakyReLU",
            alpha * x + (1 - alpha) * sp.Max(0, x),
            params={"alpha": 0.1},
            kinks=(0,),
            keras_name="leaky_relu",
        ),
        Activation("softplus", "softplus", softplus(x), keras_name="softplus"),
        # [swish entry]
        Activation(
            "swish",  # the name the code uses
            "Swish",  # the label the pages show
            x * sigmoid(beta * x),  # the one definition: a SymPy expression in x
            params={"beta": 1},  # the default of each parameter
            keras_name="silu",  # the Keras function it is checked against
        ),
        # [end swish entry]
        Activation("mish", "Mish", x * sp.tanh(softplus(x)), keras_name="mish"),
        Activation("sign", "sign", sp.sign(x), kinks=(0,)),
        Activation("identity", "identity", x, keras_name="linear"),
    )
}


_DERIVATIVES = {}


def _derivative(name, order):
    """The ``order``-th derivative of the entry ``name``: SymPy differentiates and
    simplifies its one expression, once, and the result is kept."""
    key = (name, order)
    if key not in _DERIVATIVES:
        expr = REGISTRY[name].expr
        _DERIVATIVES[key] = expr if order == 0 else sp.simplify(sp.diff(expr, x, order))
    return _DERIVATIVES[key]


def get(name):
    """The registry entry called ``name``, with a clear error for an unknown one."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(
            f"no activation called {name!r}; the registry has {', '.join(REGISTRY)}"
        ) from None


def verification_grid(activation, margin=1e-2):
    """Points for the three-way check: dense in [-10, 10], then out to |x| = 1000.

    The large points are where naive formulas overflow (``exp(710)`` is already infinite
    in float64).  Points closer than ``margin`` to a kink are left out: there the
    derivative does not exist, and the chapter discusses that case on its own.
    """
    dense = np.linspace(-10, 10, 2001)
    far = np.array([20.0, 50.0, 100.0, 300.0, 710.0, 1000.0])
    grid = np.concatenate([-far[::-1], dense, far])
    for kink in activation.kinks:
        grid = grid[np.abs(grid - kink) >= margin]
    return grid


# Worst disagreements the three-way check allows: finite differences carry truncation
# and
# rounding error (larger for the second order); autodiff and SymPy should agree to
# rounding.
TOLERANCE = {
    ("numerical", 1): 1e-8,
    ("numerical", 2): 1e-5,
    ("automatic", 1): 1e-12,
    ("automatic", 2): 1e-12,
}


def three_way(activation, order, grid=None, **params):
    """Worst scaled disagreements of SymPy's derivative with finite differences and
    autodiff."""
    from dlbook import gradcheck

    grid = (
        verification_grid(activation)
        if grid is None
        else np.asarray(grid, dtype=np.float64)
    )
    symbolic = activation.numpy(order, **params)(grid)
    numerical = gradcheck.central_difference(activation.numpy(0, **params), grid, order)
    automatic = gradcheck.autodiff(activation.tensorflow(**params), grid, order)
    return {
        "numerical": gradcheck.worst_scaled_disagreement(numerical, symbolic),
        "automatic": gradcheck.worst_scaled_disagreement(automatic, symbolic),
    }
