"""The optimiser explorer: optimiser, learning rate and β → its path on a loss surface.

The view is one inline SVG (text, so the static site's 90 frames stay small): on the
left the contours of an ill-conditioned quadratic with the path the optimiser takes from
a fixed start, on the right the loss per step on a log scale.  The paths come from the
from-scratch optimisers of :mod:`dlbook.optimisers`; in a kernel the learning rate and β
are continuous.
"""

import html
import math

import contourpy
import numpy as np

from dlbook import optimisers, style
from dlbook.widgets import Control, Explorer, resolve_mode, svg_document

SURFACE = optimisers.Quadratic(1.0, 10.0)
START = np.array([-2.6, 1.2])
STEPS = 60
# Wide enough for every path of the static frames that does not diverge (momentum with
# β = 0.98 swings out to x = 2.5); a live path that leaves it is marked at the edge.
BOX = (-3.0, 3.0, -1.8, 1.8)  # x from, x to, y from, y to
# The contour panel above the loss panel, 400 units wide, so that 11-unit text stays
# above 9 CSS px in a phone's column.
WIDTH, HEIGHT = 400, 438
MAP = (34, 42, 392, 252)  # left, top, right, bottom of the contour panel
CURVE = (50, 292, 392, 412)  # the same for the loss panel
LOSS_FLOOR = 1e-8
# The sliders: the values the static site holds frames for, and the continuous ranges
# (min, max, step) that a kernel (Binder, Jupyter) allows.
RATES = (0.01, 0.03, 0.1, 0.18, 0.22)
RATE_RANGE = (0.005, 0.3, 0.005)
BETAS = (0.5, 0.9, 0.98)
BETA_RANGE = (0.0, 0.99, 0.01)


def _map_point(x, y):
    left, top, right, bottom = MAP
    x0, x1, y0, y1 = BOX
    return left + (x - x0) / (x1 - x0) * (right - left), bottom - (y - y0) / (
        y1 - y0
    ) * (bottom - top)


def _polyline(points, colour, width=1.0, extra=""):
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (
        f'<polyline points="{coordinates}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}"{extra}/>'
    )


def contour_svg(levels=(0.05, 0.2, 0.5, 1, 2, 4, 8)):
    """The surface's contour lines in the contour panel's coordinates (drawn once,
    shared by every frame)."""
    x = np.linspace(BOX[0], BOX[1], 121)
    y = np.linspace(BOX[2], BOX[3], 97)
    grid_x, grid_y = np.meshgrid(x, y)
    values = SURFACE(np.stack([grid_x, grid_y], axis=-1))
    generator = contourpy.contour_generator(grid_x, grid_y, values)
    lines = []
    for level in levels:
        for line in generator.lines(level):
            lines.append(
                _polyline([_map_point(px, py) for px, py in line[::2]], "#bbbbbb")
            )
    return "".join(lines)


CONTOURS = contour_svg()


def path_and_losses(name, learning_rate, beta):
    """The optimiser's points from :data:`START` and the loss at each (NaN once it
    diverged)."""
    points = optimisers.trajectory(
        optimisers.make(name, learning_rate, beta), SURFACE.gradient, START, STEPS
    )
    return points, SURFACE(points)


def reduces_hundredfold(name, learning_rate, scale, steps=200, beta=0.9):
    """Whether ``name`` cuts the loss of the bowl a hundredfold in ``steps`` steps.

    The bowl is :data:`SURFACE` with its loss (and so its gradient) multiplied by
    ``scale``; the walk starts at :data:`START`.
    """
    low, high = scale * SURFACE.curvatures
    surface = optimisers.Quadratic(low, high)
    losses = surface(
        optimisers.trajectory(
            optimisers.make(name, learning_rate, beta), surface.gradient, START, steps
        )
    )
    return bool(np.isfinite(losses).all() and losses[-1] < 1e-2 * losses[0])


def rate_span(rates):
    """The learning rates as a short label: "none", "1e-02" or "1e-03 to 1e-01"."""
    if not rates:
        return "none"
    if len(rates) == 1:
        return f"{rates[0]:.0e}"
    return f"{min(rates):.0e} to {max(rates):.0e}"


def render(optimiser, learning_rate, beta):
    """The SVG of one setting."""
    points, losses = path_and_losses(optimiser, learning_rate, beta)
    finite = np.isfinite(losses)
    final = losses[finite][-1]
    diverged = not finite.all() or final > losses[0]
    uses_beta = optimiser not in ("SGD", "Adagrad")
    setting = f"{optimiser}, learning rate {learning_rate:g}" + (
        f", β = {beta:g}" if uses_beta else ""
    )
    if not finite.all():
        outcome = f"diverged, off the chart after {int(finite.sum()) - 1} steps"
    elif diverged:
        outcome = f"diverges, loss {final:.1e} after {STEPS} steps"
    else:
        outcome = f"loss after {STEPS} steps: {final:.1e}"
    title = f"{setting}: {outcome}"
    description = (
        "Above: contours of the quadratic ½(x² + 10y²), minimum at the origin, and the "
        f"path of {optimiser} from ({START[0]:g}, {START[1]:g}). Below: its loss over "
        f"{STEPS} steps on a log scale, starting at {losses[0]:.2f}; {outcome}."
    )

    def body(uid):
        left, top, right, bottom = MAP
        parts = [
            f'<text x="{left}" y="16" font-size="12" '
            f'fill="#222">{html.escape(setting)}:</text>',
            f'<text x="{left}" y="32" font-size="12" '
            f'fill="#222">{html.escape(outcome)}</text>',
            f'<clipPath id="{uid}-map"><rect x="{left}" y="{top}" '
            f'width="{right - left}" height="{bottom - top}"/></clipPath>',
            f'<rect x="{left}" y="{top}" width="{right - left}" '
            f'height="{bottom - top}" fill="none" stroke="#999"/>',
            CONTOURS,
        ]
        walked = [_map_point(*p) for p in points[finite]]
        parts.append(
            _polyline(walked, style.PALETTE[1], 1.6, f' clip-path="url(#{uid}-map)"')
        )
        parts.extend(_edge_markers(points[finite], uid))
        sx, sy = _map_point(*START)
        mx, my = _map_point(*SURFACE.minimum)
        parts.append(
            f'<circle cx="{sx:.1f}" cy="{sy:.1f}" r="3.5" fill="{style.PALETTE[0]}"/>'
        )
        parts.append(
            f'<path d="M{mx - 5:.1f},{my:.1f}h10M{mx:.1f},{my - 5:.1f}v10" '
            'stroke="#222" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{(left + right) / 2}" y="{bottom + 16}" font-size="11" '
            'text-anchor="middle" fill="#222">x (flat direction)</text>'
        )
        parts.append(
            f'<text transform="translate({left - 8},{(top + bottom) / 2}) rotate(-90)" '
            'font-size="11" text-anchor="middle" fill="#222">y (steep)</text>'
        )
        parts.append(_loss_panel(losses[finite]))
        return "".join(parts)

    return svg_document(WIDTH, HEIGHT, title, description, body)


def _edge_markers(points, uid):
    """Open circles on the contour panel's edge where the path is outside it."""
    x0, x1, y0, y1 = BOX
    outside = (
        (points[:, 0] < x0)
        | (points[:, 0] > x1)
        | (points[:, 1] < y0)
        | (points[:, 1] > y1)
    )
    markers = []
    for x, y in points[outside]:
        cx, cy = _map_point(min(max(x, x0), x1), min(max(y, y0), y1))
        markers.append(
            f'<circle class="{uid}-off" cx="{cx:.1f}" cy="{cy:.1f}" r="4" '
            f'fill="#fff" stroke="{style.PALETTE[1]}" stroke-width="1.5"/>'
        )
    return markers


def _loss_panel(losses, low=-8, high=4):
    left, top, right, bottom = CURVE

    def y(value):
        exponent = min(max(math.log10(max(value, LOSS_FLOOR)), low), high)
        return top + (high - exponent) / (high - low) * (bottom - top)

    parts = [
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
        'fill="none" stroke="#999"/>'
    ]
    for exponent in range(low, high + 1, 4):
        gy = y(10.0**exponent)
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{gy:.1f}" y2="{gy:.1f}" '
            'stroke="#e3e3e3"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{gy + 4:.1f}" font-size="11" text-anchor="end" '
            'fill="#222">'
            f"1e{exponent}</text>"
        )
    steps = np.arange(len(losses))
    xs = left + steps / STEPS * (right - left)
    parts.append(
        _polyline([(sx, y(v)) for sx, v in zip(xs, losses)], style.PALETTE[0], 1.6)
    )
    parts.append(
        f'<text x="{(left + right) / 2}" y="{bottom + 16}" font-size="11" '
        f'text-anchor="middle" fill="#222">step (0 to {STEPS}); loss, log scale</text>'
    )
    return "".join(parts)


def optimisers_explorer(mode=None):
    """The explorer in ``mode`` (``"static"``, ``"live"``, or None to decide)."""
    controls = [
        Control(
            "optimiser", "optimiser", values=optimisers.OPTIMISERS, default="momentum"
        ),
        Control(
            "learning_rate",
            "η",
            values=RATES,
            default=0.03,
            live_range=RATE_RANGE,
        ),
        Control(
            "beta",
            "β",
            values=BETAS,
            default=0.9,
            live_range=BETA_RANGE,
        ),
    ]
    return Explorer(render, controls, mode=resolve_mode(mode))
