"""The gradient-flow explorer: depth, activation and weight scale → each layer's
gradient.

The view is a bar chart drawn as inline SVG (text, so dozens of static frames cost a few
kilobytes once compressed) of ‖∂L/∂W_l‖ for every hidden layer of an MLP at
initialisation, on a batch of MNIST digits, computed in NumPy
(:func:`dlbook.vanishing.numpy_layer_gradient_norms`).  On the website a grid of
settings is drawn in advance; in a kernel the depth and the weight scale are continuous.
"""

import html
import math

import numpy as np

from dlbook import mnist, style, vanishing
from dlbook.widgets import Control, Explorer, resolve_mode, svg_document

ACTIVATIONS = ("sigmoid", "tanh", "relu")
DEPTHS = (5, 10, 20, 30)
# The weight scales drawn for the website.  A scale of 1 is LeCun's initialisation and
# √2 is He's, the one designed for ReLU (He et al. 2015).
HE_SCALE = math.sqrt(2)
SCALES = (0.5, 1.0, HE_SCALE, 2.0)
# In a kernel the sliders also take any value of these ranges: (min, max, step).
LIVE_DEPTHS = (1, 50, 1)
LIVE_SCALES = (0.1, 4.0, 0.05)
BATCH = 256
# 400 units wide, so that 11-unit text stays above 9 CSS px in a phone's column.
WIDTH, HEIGHT = 400, 244
LEFT, RIGHT, TOP, BOTTOM = 46, 8, 44, 36


def scale_label(scale):
    """The scale as the slider shows it: three digits, and He's √2 named."""
    text = f"{scale:.3g}"
    return f"{text} (He, √2)" if math.isclose(scale, HE_SCALE) else text


def digits_batch(size=BATCH):
    """The first ``size`` images of the shipped MNIST sample, flattened and scaled to
    [0, 1]."""
    (images, labels), _ = mnist.load_sample()
    return images[:size].reshape(size, -1) / 255.0, labels[:size]


def bar_chart_svg(values, title, description):
    """Bars of ``values`` (positive) on a log scale, one per layer, as an accessible
    SVG."""
    values = np.asarray(values, dtype=float)
    finite = values[values > 0]
    low = (
        math.floor(math.log10(finite.min()) - 0.3) if finite.size else -1
    )  # the smallest bar stays visible
    high = math.ceil(math.log10(finite.max())) if finite.size else 0
    high = max(high, low + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value):
        exponent = math.log10(value) if value > 0 else low
        return TOP + plot_h * (high - exponent) / (high - low)

    # The title is shown on two lines, split after its first colon, to fit the width.
    head, colon, tail = title.partition(": ")
    lines = [head + colon.strip(), tail] if tail else [title]
    parts = [
        f'<text x="{LEFT}" y="{16 + 16 * row}" font-size="12" '
        f'fill="#222">{html.escape(line)}</text>'
        for row, line in enumerate(lines)
    ]
    step = max(1, math.ceil((high - low) / 8))
    for exponent in range(low, high + 1, step):
        gy = y(10.0**exponent)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{gy:.1f}" y2="{gy:.1f}" '
            'stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" font-size="11" text-anchor="end" '
            'fill="#222">'
            f"1e{exponent}</text>"
        )
    slot = plot_w / len(values)
    for i, value in enumerate(values):
        top = y(value)
        parts.append(
            f'<rect x="{LEFT + i * slot + slot * 0.15:.1f}" y="{top:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{TOP + plot_h - top:.1f}" '
            f'fill="{style.PALETTE[0]}"/>'
        )
        if len(values) <= 12 or (i + 1) % 5 == 0 or i == 0:
            parts.append(
                f'<text x="{LEFT + (i + 0.5) * slot:.1f}" y="{HEIGHT - BOTTOM + 14}" '
                f'font-size="11" text-anchor="middle" fill="#222">{i + 1}</text>'
            )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" font-size="11" '
        'text-anchor="middle" fill="#222">hidden layer (1 is next to the input)</text>'
    )
    return svg_document(WIDTH, HEIGHT, title, description, lambda uid: "".join(parts))


class GradientFlow:
    """Computes and draws one setting; remembers the last norms (for tests and the
    note)."""

    def __init__(self):
        self.images, self.labels = digits_batch()
        self.norms = None

    def render(self, depth, activation, scale):
        depth = int(round(depth))
        weights = vanishing.mlp_weights(depth, scale, self.images.shape[1])
        with np.errstate(over="ignore", under="ignore"):
            self.norms = vanishing.numpy_layer_gradient_norms(
                activation, self.images, self.labels, weights
            )
        first, last = self.norms[0], self.norms[-1]
        ratio = first / last if last > 0 else float("inf")
        title = (
            f"{activation}, {depth} layers, weight scale {scale_label(scale)}: "
            f"‖∂L/∂W₁‖ / ‖∂L/∂W_last‖ = {ratio:.1e}"
        )
        description = (
            f"Bar chart, log scale, of the gradient norm of each of {depth} hidden "
            f"layers of a {activation} network with weights drawn with standard "
            f"deviation {scale:.3g}/sqrt(fan-in), on {len(self.labels)} MNIST digits. "
            f"Layer 1 has norm {first:.1e}, the last layer {last:.1e}."
        )
        return bar_chart_svg(self.norms, title, description)


def vanishing_explorer(mode=None):
    """The explorer in ``mode`` (``"static"``, ``"live"``, or None to decide)."""
    flow = GradientFlow()
    controls = [
        Control("depth", "depth", values=DEPTHS, default=10, live_range=LIVE_DEPTHS),
        Control("activation", "activation", values=ACTIVATIONS, default="sigmoid"),
        Control(
            "scale",
            "scale",
            values=SCALES,
            default=1.0,
            live_range=LIVE_SCALES,
            fmt="{:.3g}",
        ),
    ]
    explorer = Explorer(flow.render, controls, mode=resolve_mode(mode))
    explorer.flow = flow
    return explorer
