"""What the activation pages show: their tables, and the small digits runs they share.

The pages compute; these functions turn the results into the rows of a table (a header
and a list of rows, for :func:`dlbook.page.table`), so that the publishing code stays
off the page.  The digits helpers train the small Keras networks that both
``swish-mish`` and ``activation-explorer`` use, so the two pages run the same
code and get the same numbers.
"""

import numpy as np
import sympy as sp

from dlbook import gradcheck, training
from dlbook.activations import REGISTRY, alpha, beta, elementary, sigmoid, softplus, x


def latex(expr):
    """``expr`` as inline maths for a Markdown cell."""
    return f"${sp.latex(expr)}$"


# --- activations.md -----------------------------------------------------------------


def registry_defaults():
    """The registry's parameters and their defaults, as maths: α = 0.1 and β = 1."""
    return " and ".join(
        f"${sp.latex(sp.Symbol(k))} = {v}$"
        for a in REGISTRY.values()
        for k, v in a.params.items()
    )


def keras_table(gaps):
    """``gaps`` maps a label to the largest gap between the registry's TensorFlow form
    and the Keras function it is checked against."""
    names = {a.label: a.keras_name for a in REGISTRY.values()}
    rows = [
        (label, f"`keras.activations.{names[label]}`", f"{gap:.1e}")
        for label, gap in gaps.items()
    ]
    return ("activation", "Keras", "largest gap"), rows


def short_forms():
    """Each entry's definition and its first and second derivatives, in the course's
    short forms.

    Each entry maps to three ``(LaTeX, SymPy)`` pairs, for f, f' and f'', with σ for
    σ(x), tanh for tanh(x), θ for the step θ(x), S = x σ(x) (Swish with β = 1),
    t = tanh(softplus(x)) and Δ = 1 - t² (Mish).  Written by hand; the chapter proves
    each equal to the registry's (LeakyReLU's f for 0 ≤ α < 1, and the derivatives for
    x ≠ 0 where there is a kink).
    """
    s, t, step = sigmoid(x), sp.tanh(softplus(x)), sp.Heaviside(x)
    delta, swish, tanh = 1 - t**2, x * s, sp.tanh(x)
    zero = ("0", sp.S.Zero)
    return {
        "sigmoid": (
            (r"\sigma(x)", s),
            (r"\sigma(1 - \sigma)", s * (1 - s)),
            (r"\sigma(1 - \sigma)(1 - 2\sigma)", s * (1 - s) * (1 - 2 * s)),
        ),
        "tanh": (
            (r"\tanh x", tanh),
            (r"1 - \tanh^2", 1 - tanh**2),
            (r"-2 \tanh\,(1 - \tanh^2)", -2 * tanh * (1 - tanh**2)),
        ),
        "relu": ((r"\max(0, x)", sp.Max(0, x)), (r"\theta", step), zero),
        "leaky_relu": (
            (r"\max(\alpha x, x)", sp.Max(alpha * x, x)),
            (r"\alpha + (1 - \alpha)\theta", alpha + (1 - alpha) * step),
            zero,
        ),
        "softplus": (
            (r"\ln(1 + e^x)", sp.log(1 + sp.exp(x))),
            (r"\sigma", s),
            (r"\sigma(1 - \sigma)", s * (1 - s)),
        ),
        "swish": (
            (r"S = x\sigma", swish),
            (r"S + \sigma(1 - S)", swish + s * (1 - swish)),
            (
                r"\sigma(1 - \sigma)\,\bigl(2 + x(1 - 2\sigma)\bigr)",
                s * (1 - s) * (2 + x * (1 - 2 * s)),
            ),
        ),
        "mish": (
            (r"M = x\,t", x * t),
            (r"t + x\sigma\Delta", t + x * s * delta),
            (
                r"\sigma\Delta\,\bigl(2 + x(1 - \sigma - 2\sigma t)\bigr)",
                s * delta * (2 + x * (1 - s - 2 * s * t)),
            ),
        ),
        "sign": ((r"\operatorname{sign} x", sp.sign(x)), zero, zero),
        "identity": (("x", x), ("1", sp.S.One), zero),
    }


# What the answer boxes call the course's mistakes, in English and in Persian, and the
# callout that explains them.
MISTAKE_NAMES = {
    "no-inner-sigma": (
        "the inner σ(x) of the chain rule dropped",
        "فراموش کردن مشتق داخلی σ(x) در مشتق Mish",
    ),
    "beta-one-form": (
        "the β = 1 formula used for another β",
        "استفاده از فرمول β = 1 برای مقدار دیگر β",
    ),
    "m-over-x-at-zero": (
        "M′ = ΔS + M/x used at x = 0, where M/x is 0/0, not 0",
        "تقسیم بر x در نقطهٔ x = 0",
    ),
}
MISTAKES_CALLOUT = "activations.html#sec-activation-mistakes"


def box_mistake(key, value, href=MISTAKES_CALLOUT):
    """The course's mistake ``key`` (of :data:`MISTAKE_NAMES`) for an answer box, as
    the ``value`` it gives (a number, a list, or a formula)."""
    from dlbook import answer_boxes

    name, fa = MISTAKE_NAMES[key]
    return answer_boxes.Mistake(key, name, fa, value, href)


def course_mistakes():
    """The course's mistakes with these derivatives (the chapter's "Common mistakes"),
    as the formulas they give, in ``x`` and ``beta``:

    - ``mish_first``, ``mish_second``: Mish's derivatives with the inner factor
      softplus' = σ dropped, that is, softplus differentiated as if its slope were 1:
      t + xΔ, then 2Δ - 2xtΔ;
    - ``swish_first_beta``: S + σ(1 - S) with β only inside σ, the β = 1 form used for
      another β.
    """
    t = sp.tanh(softplus(x))
    delta = 1 - t**2
    s_beta = sigmoid(beta * x)
    return {
        "mish_first": t + x * delta,
        "mish_second": 2 * delta - 2 * x * t * delta,
        "swish_first_beta": x * s_beta + s_beta * (1 - x * s_beta),
    }


def short_form_gaps():
    """Each short form minus the registry's, simplified: f, f' and f''.

    Swish at β = 1.  LeakyReLU's max(αx, x) is compared for 0 ≤ α < 1, where it is
    αx + (1 - α) max(0, x) (on x < 0 and x > 0 apart).  At a kink SymPy's derivative
    holds a Dirac delta, which is 0 for x ≠ 0: it is set to 0 there, so a kinked entry's
    gap holds for every x ≠ 0.
    """
    gaps = {}
    for name, forms in short_forms().items():
        a = REGISTRY[name]
        row = []
        for order, (_, form) in enumerate(forms):
            registry = a.formula(order).subs(beta, 1)
            registry = registry.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
            if name == "leaky_relu" and order == 0:
                row.append(_leaky_relu_gap(form, registry))
            else:
                row.append(sp.simplify(elementary(form - registry)))
        gaps[a.label] = tuple(row)
    return gaps


def _leaky_relu_gap(form, registry):
    # max(αx, x) = αx + (1 - α) max(0, x) for 0 ≤ α < 1: checked on each side of 0
    slope = sp.Symbol("a", nonnegative=True)
    gap = (form - registry).subs(alpha, slope / (1 + slope))  # α = a/(1+a) in [0, 1)
    sides = [sp.Symbol("x", positive=True), sp.Symbol("x", negative=True)]
    return sp.Add(*(sp.Abs(sp.simplify(gap.subs(x, side))) for side in sides))


def short_form_table():
    """Each activation's definition, first and second derivatives, in short forms."""
    rows = [
        (f"{REGISTRY[name].label}: ${f[0]}$", f"${first[0]}$", f"${second[0]}$")
        for name, (f, first, second) in short_forms().items()
    ]
    return ("$f$", "$f'$", "$f''$"), rows


def values_at(names, points):
    """f'(p) and f''(p) of each registry entry in ``names`` (defaults), at ``points``:
    ``{(label, order): [values]}``."""
    return {
        (REGISTRY[n].label, order): [
            float(v) for v in REGISTRY[n].numpy(order)(np.asarray(points, float))
        ]
        for n in names
        for order in (1, 2)
    }


def values_table(values, points, symbols):
    """``values`` from :func:`values_at`, to four decimals: a row per function and
    order, named by ``symbols``, a label's letter (S for Swish)."""
    header = ("", *(f"$x = {p}$" for p in points))
    rows = [
        (f"${symbols[label]}{chr(39) * order}(x)$", *(f"{v:.4f}" for v in vs))
        for (label, order), vs in values.items()
    ]
    return header, rows


def identity_table(proofs):
    """``proofs`` maps an identity (LaTeX) to its simplified left side − right side."""
    rows = [(f"${claim}$", latex(gap)) for claim, gap in proofs.items()]
    return ("identity", "left side − right side, simplified"), rows


def three_way_table(results):
    """``results`` maps (label, order) to the worst disagreements of
    :func:`dlbook.activations.three_way`."""
    rows = [
        (label, order, f"{worst['numerical']:.1e}", f"{worst['automatic']:.1e}")
        for (label, order), worst in results.items()
    ]
    header = (
        "activation",
        "order",
        "SymPy vs finite differences",
        "SymPy vs `GradientTape`",
    )
    return header, rows


KINK_METHODS = ("SymPy", "finite difference", "GradientTape", "Keras built-in")


def slopes_at_kink(activation):
    """The slope at 0 that each method gives (NaN where Keras has no such function)."""
    zero = np.array([0.0])
    keras = activation.keras()
    return dict(
        zip(
            KINK_METHODS,
            (
                float(activation.numpy(1)(zero)[0]),
                float(gradcheck.central_difference(activation.numpy(0), zero)[0]),
                float(gradcheck.autodiff(activation.tensorflow(), zero)[0]),
                float(gradcheck.autodiff(keras, zero)[0]) if keras else float("nan"),
            ),
        )
    )


def kink_table(kinks):
    """``kinks`` maps a label to :func:`slopes_at_kink`'s values: a row per method, a
    column per activation, so that the table fits a phone."""

    def shown(value, method):
        if np.isnan(value):
            return "—"
        return f"{value:.4g}" if method == "finite difference" else f"{value:g}"

    rows = [
        (
            "`GradientTape`" if method == "GradientTape" else method,
            *(shown(v[method], method) for v in kinks.values()),
        )
        for method in KINK_METHODS
    ]
    return ("slope at 0 by", *kinks), rows


WIDE = np.linspace(-10, 10, 200001)


def largest_slope(a):
    """The largest value of ``a``'s first derivative on [-10, 10], and where it is.

    For a smooth activation the place solves f'' = 0 (``nsolve``, started from the best
    grid point); for a piecewise one it is read off the grid.  A slope still rising at
    the grid's edge is a supremum, taken as a limit.
    """
    slopes = a.numpy(1)(WIDE)
    best = WIDE[np.nanargmax(slopes)]
    if best == WIDE[-1]:
        limit = float(sp.limit(elementary(a.formula(1)), x, sp.oo))
        return limit, "approached as x → ∞, never reached"
    if a.kinks or a.name == "identity":
        region = WIDE[np.isclose(slopes, np.nanmax(slopes))]
        if region.size == WIDE.size:
            where = "everywhere"
        elif region.min() > 0:
            where = "every x > 0"
        else:
            where = f"x near {best:g}"
        return float(np.nanmax(slopes)), where
    where = float(sp.nsolve(elementary(a.formula(2).subs({beta: 1})), x, best))
    return float(a.numpy(1)(where)), f"x = {where:.4f}"


def second_derivative_zeros(a, grid=np.linspace(-6, 6, 1201)):
    """Where ``a``'s second derivative is 0 (parameters at their defaults): the sign
    changes of f'' on ``grid``, each refined by ``nsolve``."""
    second = a.numpy(2)(grid)
    starts = grid[:-1][np.sign(second[:-1]) != np.sign(second[1:])]
    formula = elementary(a.formula(2).subs(beta, a.params.get("beta", 1)))
    return [float(sp.nsolve(formula, x, start, prec=20)) for start in starts]


def largest_slope_table(slopes):
    """``slopes`` maps a label to :func:`largest_slope`'s value and place; sign, whose
    slope is 0 wherever it exists, is added at the end."""
    rows = [(label, f"{value:.4f}", where) for label, (value, where) in slopes.items()]
    rows.append(("sign", "0 (and undefined at 0)", "every x ≠ 0"))
    return ("activation", "largest $f'$", "where"), rows


# --- activations-compared.md --------------------------------------------------------


def slopes_at(names, points):
    """f'(p) for each registry entry in ``names`` and each point ``p``."""
    return {
        REGISTRY[n].label: [
            float(REGISTRY[n].numpy(1)(np.array([p]))[0]) for p in points
        ]
        for n in names
    }


def slope_table(slopes, points):
    """``slopes`` from :func:`slopes_at`, two significant digits each."""
    header = ("activation", *(f"f′({p})" for p in points))
    return header, [(label, *(f"{v:.2g}" for v in vs)) for label, vs in slopes.items()]


def forward_and_gradient(f, values):
    """A function that applies ``f`` to the tensor ``values`` and takes the gradient
    of the result, as training does: the cost of one activation, both ways."""
    import tensorflow as tf

    def run():
        with tf.GradientTape() as tape:
            tape.watch(values)
            y = f(values)
        return tape.gradient(y, values).numpy()

    return run


def timings_ms(functions, repeats=9):
    """Each function's processor times in ms, over ``repeats`` rounds of all of them.

    Processor time (``time.process_time``), not the clock's: it stops while other
    programs run.  Each function runs once first (a warm-up), and every round runs
    them all in turn, so that a slow moment affects them all alike.
    """
    import time

    for function in functions.values():
        function()
    times = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.process_time()
            function()
            times[name].append(1000 * (time.process_time() - start))
    return {name: np.array(t) for name, t in times.items()}


def cost_table(times_ms, reference="ReLU"):
    """``times_ms`` maps a label to the repeated timings of one activation, in ms.

    Each row gives the median, the fastest and slowest repeat, and the median as a
    multiple of ``reference``'s median.
    """
    base = float(np.median(times_ms[reference]))
    rows = [
        (
            label,
            f"{np.median(t):.0f}",
            f"{np.min(t):.0f}–{np.max(t):.0f}",
            f"{np.median(t) / base:.2f}",
        )
        for label, t in times_ms.items()
    ]
    header = (
        "activation",
        "median, ms",
        "fastest–slowest, ms",
        f"median ÷ {reference}'s",
    )
    return header, rows


def minimum(a, **params):
    """The lowest point of an activation that dips below zero, as (x, f(x)), with its
    parameters at their defaults unless given (Swish's ``beta``).

    It is where f' = 0, found by ``nsolve`` from the lowest point of a grid on [-3, 0].
    """
    params = {**a.params, **params}
    grid = np.linspace(-3, 0, 3001)
    start = grid[a.numpy(0, **params)(grid).argmin()]
    slope = elementary(a.formula(1).subs(beta, params.get("beta", 1)))
    where = float(sp.nsolve(slope, x, start, prec=20))
    return where, float(a.numpy(0, **params)(np.array([where]))[0])


def limits_table(limits):
    """``limits`` maps a label to the limits of f(x) and f(x)/x as x → ∞."""
    rows = [(k, latex(a), latex(b)) for k, (a, b) in limits.items()]
    return ("activation", "f(x) as x → ∞", "f(x)/x as x → ∞"), rows


def jump_table(jumps):
    """``jumps`` maps a label to f'(0⁺) − f'(0⁻)."""
    return ("activation", "f′(0⁺) − f′(0⁻)"), [
        (k, f"{v:.2g}") for k, v in jumps.items()
    ]


def one_hidden_layer(activation, seed=0):
    """A fresh Keras network for the digits: 64 inputs, one hidden layer of 64 units
    with ``activation``, and a softmax over the 10 classes, from ``seed``."""
    import keras

    keras.backend.clear_session()  # drop earlier models' graphs: memory stays flat
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(64, activation=activation),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def death_table(death):
    """``death`` holds (activation, rate, dead before, dead after, accuracy) rows."""
    header = (
        "activation",
        "learning rate",
        "dead units before",
        "after 5 epochs",
        "training accuracy",
    )
    return header, [(a, r, b, d, f"{acc:.3f}") for a, r, b, d, acc in death]


# --- the digits runs (activations-compared, swish-mish, activation-explorer) --------

DEPTH_NAMES = {"relu": "ReLU", "silu": "Swish", "mish": "Mish"}


def depth_settings():
    """The depth test's seeds and epochs: (range(2), 10) quick, (range(5), 40) full."""
    from dlbook import profile

    return profile.choose(quick=(range(2), 10), full=(range(5), 40))


def digits():
    """scikit-learn's bundled 8 × 8 digits: images scaled to [0, 1] and labels."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return (data.data / 16).astype("float32"), data.target


def digits_split(images, labels):
    """The same 70/30 split of the digits, stratified, on every page."""
    from sklearn.model_selection import train_test_split

    return train_test_split(
        images, labels, test_size=0.3, random_state=0, stratify=labels
    )


def deep_network(activation, depth):
    """A Keras network for the digits, 32 units wide with ``depth`` hidden layers, its
    weights drawn by Keras's default (Glorot) initialisation from the current seed."""
    import keras

    return keras.Sequential(
        [
            keras.Input((64,)),
            *(keras.layers.Dense(32, activation=activation) for _ in range(depth)),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def deep_accuracies(activation, depth, seeds, epochs, split):
    """Test accuracy of :func:`deep_network` trained from each seed, a list.

    Adam with rate 1e-3, batches of 64; ``split`` is :func:`digits_split`'s
    (train_x, test_x, train_y, test_y).  Keras traces a network's training step once,
    which takes longer than the training itself, so one network is compiled and each
    seed restarts it: the weights of a network built from that seed, and Adam's state
    before its first step.  Each accuracy is that of a fresh network from its seed, bit
    for bit (the tests check it).
    """
    import keras

    train_x, test_x, train_y, test_y = split
    keras.backend.clear_session()
    model = deep_network(activation, depth)
    model.compile(
        keras.optimizers.Adam(1e-3),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    training.build_state(model, train_x[:1], train_y[:1])
    adam_start = [variable.numpy() for variable in model.optimizer.variables]
    accuracies = []
    for seed in seeds:
        keras.utils.set_random_seed(seed)
        model.set_weights(deep_network(activation, depth).get_weights())
        for variable, value in zip(model.optimizer.variables, adam_start):
            variable.assign(value)
        model.fit(train_x, train_y, epochs=epochs, batch_size=64, verbose=0)
        accuracies.append(model.evaluate(test_x, test_y, verbose=0)[1])
    return accuracies


def depth_table(results):
    """``results`` maps (Keras activation, depth) to the accuracies of the seeds: a row
    per activation, a column per depth, each cell the mean ± the standard deviation."""
    depths = sorted({d for _, d in results})
    names = list(dict.fromkeys(a for a, _ in results))
    rows = [
        (
            DEPTH_NAMES[a],
            *(
                f"{np.mean(results[a, d]):.3f} ± {np.std(results[a, d]):.3f}"
                for d in depths
            ),
        )
        for a in names
    ]
    return ("activation", *(f"{d} hidden layers" for d in depths)), rows
