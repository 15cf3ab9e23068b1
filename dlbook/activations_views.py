"""What the activation pages show: their tables, and the small digits runs they share.

The pages compute; these functions turn the results into the rows of a table (a header
and a list of rows, for :func:`dlbook.page.table`), so that the publishing code stays
off the page.  The digits helpers train the small Keras networks that both
``activations-compared`` and ``activation-explorer`` use, so the two pages run the same
code and get the same numbers.
"""

import numpy as np
import sympy as sp

from dlbook import gradcheck
from dlbook.activations import REGISTRY, beta, elementary, x


def latex(expr):
    """``expr`` as inline maths for a Markdown cell."""
    return f"${sp.latex(expr)}$"


# --- activations.md -----------------------------------------------------------------


def registry_table():
    """Each registry entry: its label, formula, parameters and Keras function."""
    rows = []
    for a in REGISTRY.values():
        params = ", ".join(f"{latex(sp.Symbol(k))} = {v}" for k, v in a.params.items())
        keras = f"`keras.activations.{a.keras_name}`" if a.keras_name else "—"
        rows.append((a.label, latex(a.expr), params or "—", keras))
    return ("activation", "$f(x)$", "parameter (default)", "Keras"), rows


def derivative_table():
    """Each entry's first and second derivatives, as SymPy simplified them."""
    rows = [
        (a.label, latex(a.formula(1)), latex(a.formula(2))) for a in REGISTRY.values()
    ]
    return ("activation", "$f'(x)$", "$f''(x)$"), rows


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
    """``kinks`` maps a label to :func:`slopes_at_kink`'s values."""
    rows = [
        (
            label,
            f"{v['SymPy']:g}",
            f"{v['finite difference']:.4g}",
            f"{v['GradientTape']:g}",
            "—" if np.isnan(v["Keras built-in"]) else f"{v['Keras built-in']:g}",
        )
        for label, v in kinks.items()
    ]
    header = (
        "activation",
        "SymPy",
        "central difference",
        "`GradientTape`",
        "Keras built-in",
    )
    return header, rows


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


def minimum(a):
    """The lowest point of an activation that dips below zero, as (x, f(x)).

    It is where f' = 0, found by ``nsolve`` from the lowest point of a grid on [-3, 0].
    """
    grid = np.linspace(-3, 0, 3001)
    start = grid[a.numpy(0)(grid).argmin()]
    slope = elementary(a.formula(1).subs(beta, a.params.get("beta", 1)))
    where = float(sp.nsolve(slope, x, start, prec=20))
    return where, float(a.numpy(0)(np.array([where]))[0])


def limits_table(limits):
    """``limits`` maps a label to the limits of f(x) and f(x)/x as x → ∞."""
    rows = [(k, latex(a), latex(b)) for k, (a, b) in limits.items()]
    return ("activation", "f(x) as x → ∞", "f(x)/x as x → ∞"), rows


def jump_table(jumps):
    """``jumps`` maps a label to f'(0⁺) − f'(0⁻)."""
    return ("activation", "f′(0⁺) − f′(0⁻)"), [
        (k, f"{v:.2g}") for k, v in jumps.items()
    ]


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


# --- the digits runs (activations-compared.md and activation-explorer.md) -----------

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


def deep_accuracy(activation, depth, seed, epochs, split):
    """Test accuracy of a network 32 units wide with ``depth`` hidden layers.

    Keras's default (Glorot) initialisation, Adam with rate 1e-3, batches of 64;
    ``split`` is :func:`digits_split`'s (train_x, test_x, train_y, test_y).
    """
    import keras

    train_x, test_x, train_y, test_y = split
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((64,)),
            *(keras.layers.Dense(32, activation=activation) for _ in range(depth)),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        keras.optimizers.Adam(1e-3),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(train_x, train_y, epochs=epochs, batch_size=64, verbose=0)
    return model.evaluate(test_x, test_y, verbose=0)[1]


def depth_table(results):
    """``results`` maps (Keras activation, depth) to the accuracies of the seeds."""
    rows = [
        (DEPTH_NAMES[a], d, f"{np.mean(r):.3f} ± {np.std(r):.3f}", len(r))
        for (a, d), r in results.items()
    ]
    header = ("activation", "hidden layers", "test accuracy, mean ± std", "runs")
    return header, rows
