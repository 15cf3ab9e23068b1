"""How a worked pass through the homework's network is shown: tables and a diagram.

Each table is a :class:`Table` that renders as Markdown (glued into the chapter) or as
HTML (inside the widget).  Numbers are shown exactly when the network holds Fractions:
as a decimal when it terminates within :data:`MAX_DIGITS` digits, as a fraction
otherwise, and rounded (with ≈) only when neither is short.

The chapter's other tables (:func:`four_ways_rows`, :func:`mistakes_rows`) and its
formulas (:func:`given_values`, :func:`tex`) are built here too, so that the page only
glues them.
"""

import html
from dataclasses import dataclass
from fractions import Fraction

import matplotlib.patches as mpl_patches
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML

from dlbook import backprop, style
from dlbook.backprop import MISTAKES, WEIGHTS
from dlbook.page import markdown_table
from dlbook.widgets import image_html, render_png

MAX_DIGITS = 12
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MINUS = "−"


def sub(name):
    """w1 → w₁: names as the chapter writes them."""
    return name.translate(SUBSCRIPTS)


def _terminating_decimal(q):
    """The exact decimal string of Fraction ``q``, or None if it does not terminate
    briefly."""
    denominator, places = q.denominator, 0
    while denominator % 10 == 0 or denominator % 2 == 0 or denominator % 5 == 0:
        if denominator % 10 == 0:
            denominator //= 10
        elif denominator % 2 == 0:
            denominator //= 2
        else:
            denominator //= 5
        places += 1
    if denominator != 1 or places > MAX_DIGITS:
        return None
    scaled = abs(q) * 10**places
    digits = str(scaled.numerator // scaled.denominator).rjust(places + 1, "0")
    text = (
        digits
        if places == 0
        else f"{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")
    )
    if len(text.replace(".", "").lstrip("0")) > MAX_DIGITS:
        return None
    return text


def tex(value):
    """:func:`show` for use inside $maths$: an ASCII minus, and \\approx for ≈."""
    return show(value).replace(MINUS, "-").replace("≈ ", "\\approx ")


def loss_formula(net, fwd=None):
    """The loss as maths, ``$L = \\tfrac12 (y - \\hat y)^2 = … = 9.68$``, for the page
    (:func:`loss_line` is the same in plain text, for the widget)."""
    fwd = backprop.forward(net) if fwd is None else fwd
    value = tex(fwd.loss)
    value = value if value.startswith("\\approx") else f"= {value}"
    y_hat = tex(fwd.y_hat)
    y_hat = f"({y_hat})" if y_hat.startswith("-") else y_hat
    general = "L = \\tfrac12 (y - \\hat y)^2"
    return f"${general} = \\tfrac12 ({tex(net.y)} - {y_hat})^2 {value}$"


def factor(value):
    """:func:`show`, in brackets when negative, for use in a product: 2·(−1)."""
    text = show(value)
    return f"({text})" if text.startswith(MINUS) else text


def show(value):
    """A number as the tables print it: exact where short, else rounded with ≈."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = Fraction(int(value))
    if isinstance(value, Fraction):
        text = _terminating_decimal(value)
        if (
            text is None
            and value.denominator < 10_000
            and abs(value.numerator) < 10**MAX_DIGITS
        ):
            text = f"{abs(value.numerator)}/{value.denominator}"
        if text is not None:
            return (MINUS if value < 0 else "") + text
    number = float(value)
    if number == 0:
        return "0"
    approximate = f"{abs(number):.6g}".replace("e+", "e")
    return (
        ("≈ " if isinstance(value, Fraction) else "")
        + (MINUS if number < 0 else "")
        + approximate
    )


@dataclass(frozen=True)
class Table:
    """A caption, column headers and rows of text."""

    caption: str
    header: tuple
    rows: tuple

    def markdown(self):
        return markdown_table(self.header, self.rows)

    def _repr_markdown_(self):
        """A table is the last line of a cell: the page shows it as a table."""
        return self.markdown()

    def html(self):
        cell = (
            'style="padding:0.15em 0.6em;text-align:left;border-bottom:1px solid #8888"'
        )
        head = "".join(
            f'<th scope="col" {cell}>{html.escape(h)}</th>' for h in self.header
        )
        body = "".join(
            "<tr>" + "".join(f"<td {cell}>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self.rows
        )
        return (
            f'<table style="border-collapse:collapse;margin:0.4em 0 0.8em">'
            '<caption style="text-align:left;font-weight:bold">'
            f"{html.escape(self.caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def unit_state(a, alpha):
    """What the activation does with pre-activation ``a``, in words."""
    if a > 0:
        return "active"
    return "dead: f′ = 0" if alpha == 0 else f"negative side: f′ = α = {show(alpha)}"


def forward_table(net, fwd=None, compact=False):
    """The forward pass, one row per unit.  ``compact`` (for a phone's column) leaves
    out the symbols of each weighted sum and the unit's name, and marks a dead unit in
    the output column instead of a column of its own."""
    fwd = backprop.forward(net) if fwd is None else fwd
    x1, x2 = (factor(v) for v in net.x)
    rows = []
    for i in range(3):
        w_a, w_b = WEIGHTS[2 * i], WEIGHTS[2 * i + 1]
        numbers = f"{x1}·{factor(net.weight(w_a))} + {x2}·{factor(net.weight(w_b))}"
        symbols = f"x₁{sub(w_a)} + x₂{sub(w_b)} = "
        rows.append(
            (
                f"hidden {i + 1}",
                f"{sub(f'a{i + 1}')} = {'' if compact else symbols}{numbers}",
                show(fwd.a[i]),
                f"{sub(f'z{i + 1}')} = {show(fwd.z[i])}",
                unit_state(fwd.a[i], net.alpha),
            )
        )
    terms = " + ".join(
        f"{factor(net.weight(w))}·{factor(z)}" for w, z in zip(WEIGHTS[6:], fwd.z)
    )
    symbols = "w₇z₁ + w₈z₂ + w₉z₃ = "
    rows.append(
        (
            "output",
            f"a₄ = {'' if compact else symbols}{terms}",
            show(fwd.a4),
            f"ŷ = {show(fwd.y_hat)}",
            unit_state(fwd.a4, net.alpha),
        )
    )
    if compact:
        mark = " (dead)" if net.alpha == 0 else " (α·a)"
        negative = [not a > 0 for a in (*fwd.a, fwd.a4)]
        rows = [
            (weighted, a, output + (mark if below else ""))
            for (_, weighted, a, output, _), below in zip(rows, negative)
        ]
        return Table("Forward pass", ("weighted sum", "a", "output"), tuple(rows))
    return Table(
        "Forward pass", ("unit", "weighted sum", "a", "output", "state"), tuple(rows)
    )


def loss_line(net, fwd=None):
    fwd = backprop.forward(net) if fwd is None else fwd
    return f"L = ½(y − ŷ)² = ½({show(net.y)} − {show(fwd.y_hat)})² = {show(fwd.loss)}"


def backward_table(net, bwd=None):
    bwd = backprop.backward(net) if bwd is None else bwd
    rows = [
        ("∂L/∂ŷ", "ŷ − y", show(bwd.dL_dyhat)),
        ("∂ŷ/∂a₄", "f′(a₄)", show(bwd.dyhat_da4)),
        ("∂L/∂a₄", "∂L/∂ŷ · ∂ŷ/∂a₄", show(bwd.delta4)),
    ]
    for i in range(3):
        z, a, w = sub(f"z{i + 1}"), sub(f"a{i + 1}"), sub(WEIGHTS[6 + i])
        rows += [
            (f"∂L/∂{z}", f"∂L/∂a₄ · {w}", show(bwd.dL_dz[i])),
            (f"∂{z}/∂{a}", f"f′({a})", show(bwd.dz_da[i])),
            (f"∂L/∂{a}", f"∂L/∂{z} · ∂{z}/∂{a}", show(bwd.delta[i])),
        ]
    return Table(
        "Backward pass: the chain-rule factors",
        ("quantity", "formula", "value"),
        tuple(rows),
    )


def delta_table(net, bwd=None):
    """The backward pass in four lines: ∂L/∂a of each unit, as a product of factors (the
    short form of :func:`backward_table`)."""
    bwd = backprop.backward(net) if bwd is None else bwd
    rows = [
        (
            "∂L/∂a₄",
            f"(ŷ − y) · f′(a₄) = {factor(bwd.dL_dyhat)} · {factor(bwd.dyhat_da4)}",
            show(bwd.delta4),
        )
    ]
    for i in range(3):
        a, w = sub(f"a{i + 1}"), WEIGHTS[6 + i]
        numbers = " · ".join(
            factor(v) for v in (bwd.delta4, net.weight(w), bwd.dz_da[i])
        )
        rows.append(
            (f"∂L/∂{a}", f"∂L/∂a₄ · {sub(w)} · f′({a}) = {numbers}", show(bwd.delta[i]))
        )
    return Table(
        "Backward pass: ∂L/∂a of each unit",
        ("quantity", "chain rule", "value"),
        tuple(rows),
    )


def unit_gradient_table(net, bwd=None, fwd=None):
    """The backward pass in one row per unit: its ∂L/∂a as a product of factors, then
    the gradient of each weight into it, ∂L/∂a times the value the weight multiplies
    (the short form of :func:`delta_table` and :func:`gradient_table` together)."""
    fwd = backprop.forward(net) if fwd is None else fwd
    bwd = backprop.backward(net, fwd) if bwd is None else bwd
    deltas = delta_table(net, bwd).rows
    upstream = [*np.repeat(bwd.delta, 2), bwd.delta4, bwd.delta4, bwd.delta4]
    inputs = [*np.tile(net.x, 3), *fwd.z]

    def gradients(indices):
        return "; ".join(
            f"∂L/∂{sub(WEIGHTS[i])} = {factor(upstream[i])}·{factor(inputs[i])} = "
            f"{show(bwd.gradients[i])}"
            for i in indices
        )

    weights = ((6, 7, 8), (0, 1), (2, 3), (4, 5))  # into a4, a1, a2, a3
    rows = tuple(
        (f"{quantity} = {chain} = {value}", gradients(indices))
        for (quantity, chain, value), indices in zip(deltas, weights)
    )
    return Table(
        "Backward pass: ∂L/∂a of each unit, then its weights' gradients",
        ("∂L/∂a of the unit", "gradients of the weights into it"),
        rows,
    )


def gradient_sources(i):
    """(∂L/∂a of the unit that ``WEIGHTS[i]`` feeds, the input it multiplies), as
    written."""
    if i < 6:
        return f"∂L/∂{sub(f'a{i // 2 + 1}')}", f"x{'₁₂'[i % 2]}"
    return "∂L/∂a₄", sub(f"z{i - 5}")


def gradient_table(net, bwd=None, fwd=None):
    fwd = backprop.forward(net) if fwd is None else fwd
    bwd = backprop.backward(net, fwd) if bwd is None else bwd
    upstream = [*np.repeat(bwd.delta, 2), bwd.delta4, bwd.delta4, bwd.delta4]
    inputs = [*np.tile(net.x, 3), *fwd.z]
    rows = []
    for i, name in enumerate(WEIGHTS):
        delta, source = gradient_sources(i)
        rows.append(
            (
                f"∂L/∂{sub(name)}",
                f"{delta} · {source} = {factor(upstream[i])} · {factor(inputs[i])}",
                show(bwd.gradients[i]),
            )
        )
    return Table("The nine gradients", ("gradient", "chain rule", "value"), tuple(rows))


def update_table(net, grads=None):
    grads = backprop.gradients(net) if grads is None else grads
    new = backprop.step(net, grads)
    rows = tuple(
        (sub(name), show(old), show(g), show(w))
        for name, old, g, w in zip(WEIGHTS, net.weights, grads, new.weights)
    )
    return Table(
        f"One step with η = {show(net.learning_rate)}",
        ("weight", "old", "∂L/∂w", "new = old − η·∂L/∂w"),
        rows,
    )


def update_formula(net, name):
    """One weight's step as maths, ``$w_1 = 2 - 2.2 = -0.2$`` (with η = 1), or with
    ``\\eta`` times the gradient written out for another learning rate."""
    i = WEIGHTS.index(name)
    old, grad = net.weights[i], backprop.gradients(net)[i]
    new = backprop.step(net).weights[i]
    rate = "" if net.learning_rate == 1 else f"{tex(net.learning_rate)} \\cdot "
    grad_tex = tex(grad)
    grad_tex = f"({grad_tex})" if grad_tex.startswith("-") else grad_tex
    return f"$w_{name[1]} = {tex(old)} - {rate}{grad_tex} = {tex(new)}$"


def worked_pass(net):
    """The forward, backward, gradient and update tables, and the loss before and
    after."""
    fwd = backprop.forward(net)
    bwd = backprop.backward(net, fwd)
    after = backprop.step(net, bwd.gradients)
    return {
        "forward": forward_table(net, fwd),
        "loss": loss_line(net, fwd),
        "backward": backward_table(net, bwd),
        "gradients": gradient_table(net, bwd, fwd),
        "update": update_table(net, bwd.gradients),
        "loss_after": loss_line(after),
    }


def worked_pass_html(net, title=None):
    """The whole worked pass as one block of HTML (a widget frame)."""
    tables = worked_pass(net)
    parts = [f"<p><strong>{html.escape(title)}</strong></p>"] if title else []
    inputs = (
        f"x = ({', '.join(show(v) for v in net.x)}), y = {show(net.y)}, "
        f"α = {show(net.alpha)}"
    )
    parts.append(f"<p>{html.escape(inputs)}</p>")
    parts.append(tables["forward"].html())
    parts.append(f"<p>{html.escape(tables['loss'])}</p>")
    parts.append(tables["backward"].html())
    parts.append(tables["gradients"].html())
    parts.append(tables["update"].html())
    parts.append(f"<p>After the step: {html.escape(tables['loss_after'])}</p>")
    return "".join(parts)


def given_values(net, skip=()):
    """The instance's inputs and weights as maths: "$x = (1, 2)$, $w_1 = 2$, …"."""
    parts = ["$x = ({}, {})$".format(*map(tex, net.x))]
    parts += [
        f"$w_{name[1]} = {tex(net.weight(name))}$"
        for name in WEIGHTS
        if name not in skip
    ]
    return ", ".join(parts)


FOUR_WAYS_HEADER = (
    "gradient",
    "by hand",
    "SymPy",
    "finite differences",
    "GradientTape",
)


def four_ways_rows(hand, symbolic, numerical, automatic):
    """One row per weight: its gradient by the four routes, each at its own
    precision."""
    return [
        (
            f"∂L/∂{sub(name)}",
            show(h),
            show(s),
            f"{n:.10f}".replace("-", MINUS),
            f"{a:.15g}".replace("-", MINUS),
        )
        for name, h, s, n, a in zip(WEIGHTS, hand, symbolic, numerical, automatic)
    ]


MISTAKES_HEADER = ("mistake", "quantity", "wrong", "right")
# Which gradients the mistakes table shows for each mistake.
MISTAKE_EXAMPLES = (
    ("slope", "w3"),
    ("slope", "w4"),
    ("sign", "w7"),
    ("inputs", "w1"),
    ("inputs", "w2"),
)


def mistakes_rows(net):
    """The mistakes table: the course's loss slip, then wrong against right gradients.

    The course's solution writes ½(6 − 3)²: it subtracts z₃ from y, not ŷ.
    """
    fwd = backprop.forward(net)
    hand = backprop.gradients(net)
    z3 = fwd.z[2]
    rows = [
        (
            "squaring the wrong difference",
            "L",
            f"½({show(net.y)} − {show(z3)})² = {show((net.y - z3) ** 2 / 2)}",
            f"½({show(net.y)} − {show(fwd.y_hat)})² = {show(fwd.loss)}",
        )
    ]
    for key, name in MISTAKE_EXAMPLES:
        i = WEIGHTS.index(name)
        wrong = MISTAKES[key].gradients(net)[i]
        rows.append(
            (MISTAKES[key].description, f"∂L/∂{sub(name)}", show(wrong), show(hand[i]))
        )
    return rows


# --- the diagram
# ------------------------------------------------------------------------

POSITIONS = {
    "x1": (-0.1, 0.75),
    "x2": (-0.1, -0.75),
    "h1": (1, 1.3),
    "h2": (1, 0),
    "h3": (1, -1.3),
    "out": (2, 0),
}
EDGES = [
    ("x1", "h1"),
    ("x2", "h1"),
    ("x1", "h2"),
    ("x2", "h2"),
    ("x1", "h3"),
    ("x2", "h3"),
    ("h1", "out"),
    ("h2", "out"),
    ("h3", "out"),
]


def draw_network(net, ax=None):
    """The network with each weight on its edge and each unit's values; dead units
    greyed.

    Returns the axes and the figure's alt text.
    """
    if ax is None:
        _, ax = style.subplots(figsize=(7.2, 4.0))
    fwd = backprop.forward(net)
    dead = {f"h{i + 1}": not fwd.a[i] > 0 for i in range(3)}
    dead["out"] = not fwd.a4 > 0
    labels = {
        "x1": f"x₁ = {show(net.x[0])}",
        "x2": f"x₂ = {show(net.x[1])}",
        **{
            f"h{i + 1}": (
                f"a{sub(str(i + 1))} = {show(fwd.a[i])}\n"
                f"z{sub(str(i + 1))} = {show(fwd.z[i])}"
            )
            for i in range(3)
        },
        "out": f"a₄ = {show(fwd.a4)}\nŷ = {show(fwd.y_hat)}",
    }
    grey, ink = "#9a9a9a", "#222222"
    for (start, end), name in zip(EDGES, WEIGHTS):
        (x0, y0), (x1, y1) = POSITIONS[start], POSITIONS[end]
        faded = dead.get(start) or dead.get(end)
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=grey if faded else style.PALETTE[0],
            lw=1.4,
            zorder=1,
            linestyle=":" if faded else "-",
        )
        t = 0.27 if end != "out" else 0.45
        ax.text(
            x0 + t * (x1 - x0),
            y0 + t * (y1 - y0),
            f"{sub(name)} = {show(net.weight(name))}",
            ha="center",
            va="center",
            color=ink,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"),
        )
    for node, (px, py) in POSITIONS.items():
        faded = dead.get(node, False)
        ax.text(
            px,
            py,
            labels[node],
            ha="center",
            va="center",
            zorder=4,
            color=grey if faded else ink,
            bbox=dict(
                boxstyle="round,pad=0.4",
                facecolor="#f2f2f2" if faded else "white",
                edgecolor=grey if faded else style.PALETTE[1],
            ),
        )
    ax.text(
        2,
        -0.75,
        f"y = {show(net.y)}\n{loss_line(net, fwd).split(' = ')[0]} = {show(fwd.loss)}",
        ha="center",
        va="top",
        color=ink,
    )
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-1.75, 1.75)
    ax.axis("off")
    gone = [f"hidden unit {n[1]}" for n in ("h1", "h2", "h3") if dead[n]] + (
        ["the output unit"] if dead["out"] else []
    )
    alt = (
        "A network diagram: inputs x1 and x2 on the left, three hidden units in the "
        "middle, one output unit on the right, with the nine weights on the connecting "
        f"lines. Inputs x1 = {show(net.x[0])}, x2 = {show(net.x[1])}. Hidden "
        f"pre-activations a1, a2, a3 = {', '.join(show(v) for v in fwd.a)}; output "
        f"pre-activation a4 = {show(fwd.a4)}, prediction {show(fwd.y_hat)}, target "
        f"{show(net.y)}, loss {show(fwd.loss)}. "
        + (
            f"Dead and drawn in grey: {', '.join(gone)}."
            if gone
            else "No unit is dead."
        )
    )
    return ax, alt.replace("−", "-")


def network_figure(net, dpi=100):
    """The diagram of :func:`draw_network` as an inline image (HTML) that carries its
    alt text."""
    ax, alt = draw_network(net)
    ax.figure.set_dpi(dpi)
    style.check_legible(ax.figure)
    image = image_html(render_png(ax.figure), alt)
    plt.close(ax.figure)
    return HTML(image)


# --- the computational graph
# ------------------------------------------------------------

# Forward from top to bottom, so that the figure is tall and fits a phone's column.
GRAPH_POSITIONS = {
    "x1": (0.4, 6.3),
    "x2": (2.8, 6.3),
    **{f"a{i}": (1.6 * (i - 1), 4.75) for i in (1, 2, 3)},
    **{f"z{i}": (1.6 * (i - 1), 3.5) for i in (1, 2, 3)},
    "a4": (1.6, 2.25),
    "y_hat": (1.6, 1.0),
    "L": (1.6, -0.25),
}


def graph_edges(net, fwd, bwd):
    """The graph's edges as (tail, head, label): each label is the local derivative
    ∂head/∂tail, with its value where the backward pass uses it."""
    edges = [
        (f"x{j + 1}", f"a{i + 1}", sub(WEIGHTS[2 * i + j]))
        for i in range(3)
        for j in range(2)
    ]
    for i in range(3):
        slope = f"f′({sub(f'a{i + 1}')}) = {show(bwd.dz_da[i])}"
        edges.append((f"a{i + 1}", f"z{i + 1}", slope))
    for i in range(3):
        name = WEIGHTS[6 + i]
        edges.append((f"z{i + 1}", "a4", f"{sub(name)} = {show(net.weight(name))}"))
    edges.append(("a4", "y_hat", f"f′(a₄) = {show(bwd.dyhat_da4)}"))
    edges.append(("y_hat", "L", f"ŷ − y = {show(bwd.dL_dyhat)}"))
    return edges


def draw_graph(net, ax=None):
    """The computational graph of the homework's network: a node for each value, in
    black, with ∂L/∂(the value) under it, in blue; each edge labelled with its local
    derivative.  A dead unit is greyed.  Returns the axes and the figure's alt text."""
    if ax is None:
        _, ax = style.subplots(figsize=(4.4, 6.7))
    fwd = backprop.forward(net)
    bwd = backprop.backward(net, fwd)
    dead = {n for i in range(3) if not fwd.a[i] > 0 for n in (f"a{i + 1}", f"z{i + 1}")}
    if not fwd.a4 > 0:
        dead |= {"a4", "y_hat"}
    values = {
        "x1": ("x₁", net.x[0], None),
        "x2": ("x₂", net.x[1], None),
        **{f"a{i + 1}": (sub(f"a{i + 1}"), fwd.a[i], bwd.delta[i]) for i in range(3)},
        **{f"z{i + 1}": (sub(f"z{i + 1}"), fwd.z[i], bwd.dL_dz[i]) for i in range(3)},
        "a4": ("a₄", fwd.a4, bwd.delta4),
        "y_hat": ("ŷ", fwd.y_hat, bwd.dL_dyhat),
        "L": ("L", fwd.loss, None),
    }
    grey, ink, gradient_ink = "#8a8a8a", "#222222", style.PALETTE[0]
    size = 9.5
    for tail, head, text in graph_edges(net, fwd, bwd):
        (x0, y0), (x1, y1) = GRAPH_POSITIONS[tail], GRAPH_POSITIONS[head]
        faded = tail in dead or head in dead
        ax.annotate(
            "",
            xy=(x1, y1 + 0.32),
            xytext=(x0, y0 - 0.32),
            arrowprops=dict(
                arrowstyle="-|>",
                color=grey if faded else ink,
                lw=1.1,
                linestyle=":" if faded else "-",
                shrinkA=0,
                shrinkB=0,
            ),
            zorder=1,
        )
        t = 0.32 if tail == "x1" else 0.68 if tail == "x2" else 0.5
        ax.text(
            x0 + t * (x1 - x0),
            y0 + t * (y1 - y0),
            text,
            ha="center",
            va="center",
            fontsize=size,
            color=grey if faded else ink,
            zorder=3,
            bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"),
        )
    for node, (px, py) in GRAPH_POSITIONS.items():
        name, value, grad = values[node]
        faded = node in dead
        ax.text(
            px,
            py + (0.12 if grad is not None else 0),
            f"{name} = {show(value)}",
            ha="center",
            va="center",
            fontsize=size + 0.5,
            color=grey if faded else ink,
            zorder=4,
        )
        if grad is not None:
            ax.text(
                px,
                py - 0.16,
                f"∂L/∂{name} = {show(grad)}",
                ha="center",
                va="center",
                fontsize=size,
                color=grey if faded else gradient_ink,
                zorder=4,
            )
        ax.add_patch(
            mpl_patches.FancyBboxPatch(
                (px - 0.68, py - 0.32),
                1.36,
                0.64,
                boxstyle="round,pad=0.0,rounding_size=0.12",
                facecolor="#f2f2f2" if faded else "white",
                edgecolor=grey if faded else style.PALETTE[1],
                lw=1.2,
                zorder=2,
            )
        )
    ax.text(
        GRAPH_POSITIONS["L"][0] + 0.8,
        GRAPH_POSITIONS["L"][1],
        f"y = {show(net.y)}",
        ha="left",
        va="center",
        fontsize=size + 0.5,
        color=ink,
    )
    ax.set_xlim(-0.75, 3.95)
    ax.set_ylim(-0.65, 6.7)
    ax.set_aspect("equal")
    ax.axis("off")
    plain_names = str.maketrans({"₁": "1", "₂": "2", "₃": "3", "₄": "4", "ŷ": "ŷ"})
    listed = "; ".join(
        f"{name.translate(plain_names)} = {show(value)}, gradient {show(grad)}"
        for name, value, grad in values.values()
        if grad is not None
    )
    dead_units = sorted({n[1] for n in dead if n[0] == "a" and n != "a4"})
    alt = (
        "The computational graph of the homework's network, drawn from top to bottom: "
        "inputs x1 and x2; arrows labelled w1 to w6 into the hidden pre-activations "
        "a1, a2, a3; arrows labelled f'(a) into their outputs z1, z2, z3; arrows "
        "labelled w7, w8, w9 into a4; then the prediction y-hat and the loss L. Each "
        "arrow's label is its local derivative. Each node shows its value and, below "
        f"it, the gradient of L with respect to it: {listed}. Loss {show(fwd.loss)}, "
        f"target {show(net.y)}."
        + "".join(
            f" Hidden unit {u} is dead and drawn in grey: f'(a{u}) = 0, so the "
            f"gradient of L with respect to a{u} is 0."
            for u in dead_units
        )
    )
    return ax, alt.replace("−", "-").replace("ŷ", "y-hat").replace("′", "'")


def graph_figure(net, dpi=100):
    """:func:`draw_graph` as an inline image (HTML) that carries its alt text."""
    ax, alt = draw_graph(net)
    ax.figure.set_dpi(dpi)
    style.check_legible(ax.figure)
    image = image_html(render_png(ax.figure), alt)
    plt.close(ax.figure)
    return HTML(image)
