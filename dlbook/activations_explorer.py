"""The activation explorer: pick an activation and see f, f' and f'' side by side.

On the website (static mode) a dropdown switches between precomputed frames of the
registry's activations, with a few values of α (LeakyReLU) and β (Swish).  In a kernel
(live mode) α and β are continuous sliders, and a text box takes any formula in ``x``
(read by :mod:`dlbook.formula`, never evaluated as Python); a bad formula is reported in
the widget and the figure is left as it was.
"""

import ipywidgets as widgets
import numpy as np
import sympy as sp

from dlbook import activations, style
from dlbook.formula import FormulaError, parse
from dlbook.widgets import Control, FigureExplorer, message_html, resolve_mode

CUSTOM = "custom formula"
X_RANGE = (-5.0, 5.0)
ORDERS = ("f(x)", "f'(x)", "f''(x)")

# What the website's dropdown offers: (label, registry name, parameters).
STATIC_VARIANTS = (
    ("sigmoid", "sigmoid", {}),
    ("tanh", "tanh", {}),
    ("ReLU", "relu", {}),
    ("LeakyReLU, α = 0.01", "leaky_relu", {"alpha": 0.01}),
    ("LeakyReLU, α = 0.1", "leaky_relu", {"alpha": 0.1}),
    ("LeakyReLU, α = 0.3", "leaky_relu", {"alpha": 0.3}),
    ("softplus", "softplus", {}),
    ("Swish, β = 0.1", "swish", {"beta": 0.1}),
    ("Swish, β = 1", "swish", {"beta": 1}),
    ("Swish, β = 10", "swish", {"beta": 10}),
    ("Mish", "mish", {}),
    ("sign", "sign", {}),
    ("identity", "identity", {}),
)


class Curves:
    """f, f' and f'' of one activation on three axes, redrawn in place."""

    def __init__(self, points=401):
        self.xs = np.linspace(*X_RANGE, points)
        self.figure, self.axes = style.subplots(1, 3, figsize=(7.2, 2.5), sharex=True)
        self.lines = []
        for ax, title, colour in zip(self.axes, ORDERS, style.PALETTE):
            (line,) = ax.plot(self.xs, self.xs * 0, color=colour)
            ax.set_title(title)
            ax.set_xlabel("x")
            self.lines.append(line)
        self.summary = ""

    def show(self, functions, name):
        """Draw the three NumPy functions; remember a text summary for the alt text."""
        parts = []
        for ax, line, function, title in zip(self.axes, self.lines, functions, ORDERS):
            ys = function(self.xs)
            line.set_ydata(ys)
            finite = ys[np.isfinite(ys)]
            if finite.size:
                low, high = float(finite.min()), float(finite.max())
                pad = max(0.05, 0.08 * (high - low))
                ax.set_ylim(low - pad, high + pad)
                parts.append(f"{title} runs between {low:.3g} and {high:.3g}")
            else:
                parts.append(f"{title} is undefined on this range")
        self.figure.suptitle(name)
        self.summary = (
            f"Three panels for {name} over x from {X_RANGE[0]:g} to {X_RANGE[1]:g}: "
            + "; ".join(parts)
            + "."
        )


def registry_functions(name, **params):
    activation = activations.get(name)
    return [activation.numpy(order, **params) for order in range(3)]


def activations_explorer(mode=None):
    """The explorer widget in ``mode`` (``"static"``, ``"live"``, or None to decide)."""
    mode = resolve_mode(mode)
    return StaticExplorer() if mode == "static" else LiveExplorer()


class StaticExplorer(widgets.VBox):
    """A dropdown over :data:`STATIC_VARIANTS`, each a precomputed frame."""

    def __init__(self):
        curves = Curves()
        variants = {label: (name, params) for label, name, params in STATIC_VARIANTS}

        def update(activation):
            name, params = variants[activation]
            curves.show(registry_functions(name, **params), activation)

        choice = Control(
            "activation", "activation", values=tuple(variants), default="Swish, β = 1"
        )
        # 80 dpi keeps the 13 embedded frames near 55 KB gzipped, so the page (with the
        # 1.1 MB widget manager) stays under the 2 MB first-load budget.
        self.explorer = FigureExplorer(
            curves.figure,
            update,
            [choice],
            lambda activation: curves.summary,
            mode="static",
            dpi=80,
        )
        super().__init__(children=[self.explorer])


class LiveExplorer(widgets.VBox):
    """Continuous α and β, and a formula box for any activation in ``x``."""

    def __init__(self):
        self.curves = Curves()
        self.custom_functions = None
        self.custom_name = None
        labels = {a.label: a.name for a in activations.REGISTRY.values()}

        def update(activation, alpha, beta):
            if activation == CUSTOM:
                if self.custom_functions is None:
                    return  # nothing typed yet: keep the figure as it is
                self.curves.show(self.custom_functions, self.custom_name)
                return
            name = labels[activation]
            params = {
                key: value
                for key, value in (("alpha", alpha), ("beta", beta))
                if key in activations.get(name).params
            }
            shown = activation + "".join(
                f", {'α' if k == 'alpha' else 'β'} = {v:g}" for k, v in params.items()
            )
            self.curves.show(registry_functions(name, **params), shown)

        controls = [
            Control(
                "activation", "activation", values=(*labels, CUSTOM), default="Swish"
            ),
            Control(
                "alpha",
                "α (LeakyReLU)",
                values=(0.01, 0.1, 0.3),
                default=0.1,
                live_range=(-1.0, 1.0, 0.01),
            ),
            Control(
                "beta",
                "β (Swish)",
                values=(0.1, 1.0, 10.0),
                default=1.0,
                live_range=(0.05, 10.0, 0.05),
            ),
        ]
        self.explorer = FigureExplorer(
            self.curves.figure,
            update,
            controls,
            lambda **params: self.curves.summary,
            mode="live",
        )
        self.formula = widgets.Text(
            placeholder="e.g. x*tanh(x); press Enter",
            description="f(x) =",
            continuous_update=False,
        )
        self.message = widgets.HTML()
        self.formula.observe(self._on_formula, names="value")
        super().__init__(children=[self.explorer, self.formula, self.message])

    def try_formula(self, text):
        """Show the activation ``text`` describes; on a bad formula, say why and change
        nothing.

        Returns True when the formula was drawn.
        """
        try:
            expr = parse(text)
            functions = [
                activations.to_numpy(sp.diff(expr, activations.x, order))
                for order in range(3)
            ]
            values = functions[0](self.curves.xs)
            if not np.isfinite(values).any():
                raise FormulaError(
                    f"f(x) = {text.strip()} has no finite value for x in "
                    f"[{X_RANGE[0]:g}, {X_RANGE[1]:g}]."
                )
        except FormulaError as error:
            self._say(str(error), ok=False)
            return False
        # anything SymPy or NumPy raise on odd input: report it, keep the figure
        except Exception as error:
            self._say(f"Could not use this formula: {error}", ok=False)
            return False
        self.custom_functions, self.custom_name = functions, f"f(x) = {text.strip()}"
        self._say(
            f"Showing f(x) = {sp.sstr(expr)} and its derivatives (SymPy).", ok=True
        )
        dropdown = self.explorer.controls[0]
        if dropdown.value == CUSTOM:
            self.explorer._redraw()
        else:
            dropdown.value = CUSTOM
        return True

    def _on_formula(self, change):
        if change["new"].strip():
            self.try_formula(change["new"])

    def _say(self, text, ok):
        self.message.value = message_html(text, ok)
