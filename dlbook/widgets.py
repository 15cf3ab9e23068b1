"""Widgets that work live in a kernel and statically on the built site.

An :class:`Explorer` shows one HTML view driven by a few controls; a
:class:`FigureExplorer` is the common case where the view is a matplotlib figure.

*Static mode* (the default when a notebook is executed to build the site): every
combination of the controls' grid values is rendered in advance into a frame.  The
frames sit in nested ``Stack`` widgets, and each control's ``index`` is ``jslink``-ed to
the ``selected_index`` of the stacks at its level, so the browser switches frames from
the embedded widget state alone -- no kernel, no network.

*Live mode* (the default in a Jupyter server, e.g. Binder): numeric controls may be
continuous sliders, and each change re-renders the single view (for a figure: ``update``
moves its artists in place and one image is rendered).

The mode is chosen by :func:`resolve_mode`: the ``DLBOOK_WIDGETS`` environment variable
(``static`` or ``live``) if set, otherwise live when the kernel was started by a Jupyter
server and static otherwise.
"""

import base64
import hashlib
import html
import io
import itertools
import numbers
import os
import time
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from dlbook import style

MODE_ENV_VAR = "DLBOOK_WIDGETS"
MODES = ("static", "live")


class WidgetModeError(ValueError):
    """The widget-mode variable holds something other than ``static`` or ``live``."""


def resolve_mode(mode=None):
    """Return ``"static"`` or ``"live"``.

    An explicit ``mode`` wins; then the ``DLBOOK_WIDGETS`` variable; then ``"live"``
    when the kernel was started by a Jupyter server (which sets ``JPY_SESSION_NAME``),
    else ``"static"`` -- the case of a notebook executed to build the site.
    """
    source = "mode argument"
    if mode is None:
        mode = os.environ.get(MODE_ENV_VAR, "").strip().lower()
        source = MODE_ENV_VAR
    if not mode:
        return "live" if os.environ.get("JPY_SESSION_NAME") else "static"
    if mode not in MODES:
        raise WidgetModeError(
            f"{source}={mode!r} is not a widget mode; use one of {', '.join(MODES)}."
        )
    return mode


@dataclass(frozen=True)
class Control:
    """One parameter of a figure.

    ``values`` is the grid drawn in static mode (and the choices of a dropdown).
    Numeric values give a slider, strings a dropdown.  ``live_range = (min, max, step)``
    makes the live-mode slider continuous over that range instead of snapping to
    ``values``.
    """

    name: str
    label: str
    values: tuple
    default: object = None
    live_range: tuple = None
    fmt: str = "{}"

    def __post_init__(self):
        object.__setattr__(self, "values", tuple(self.values))
        if not self.values:
            raise ValueError(f"control {self.name!r} needs at least one value")
        if len(set(self.values)) != len(self.values):
            raise ValueError(f"control {self.name!r} has repeated values")
        if self.default is not None and self.default not in self.values:
            raise ValueError(
                f"default {self.default!r} of control {self.name!r} "
                "is not one of its values"
            )
        if self.live_range is not None:
            if not self.numeric:
                raise ValueError(
                    f"control {self.name!r}: live_range needs numeric values"
                )
            low, high, step = self.live_range
            if not (low < high and step > 0):
                raise ValueError(
                    f"control {self.name!r}: live_range must be (min < max, step > 0)"
                )

    @property
    def numeric(self):
        return all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) for v in self.values
        )

    @property
    def default_index(self):
        return 0 if self.default is None else self.values.index(self.default)

    def selection_widget(self):
        """A slider (numbers) or dropdown (text) over the grid values; has an
        ``index``."""
        options = [(self.fmt.format(v), v) for v in self.values]
        if self.numeric:
            return widgets.SelectionSlider(
                options=options,
                index=self.default_index,
                description=self.label,
                continuous_update=True,
            )
        return widgets.Dropdown(
            options=options, index=self.default_index, description=self.label
        )

    def live_widget(self):
        """The widget for live mode: a continuous slider when ``live_range`` is set."""
        if self.live_range is None:
            return self.selection_widget()
        low, high, step = self.live_range
        return widgets.FloatSlider(
            value=self.values[self.default_index],
            min=low,
            max=high,
            step=step,
            description=self.label,
            continuous_update=True,
        )


def render_png(fig, colors=64):
    """Render ``fig`` at its own dpi to PNG bytes.

    With ``colors``, the image is reduced to an adaptive palette of that many colours
    and compressed hard: line plots use few colours, so frames stay sharp and several
    times smaller -- what embedded frames need.  With ``colors=None`` it is saved
    quickly in full colour -- what a live redraw needs.  Drawing straight on the Agg
    canvas (no ``savefig``, no tight bounding box) keeps either fast.
    """
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    out = io.BytesIO()
    if colors is None:
        image.save(out, format="PNG", compress_level=1)
    else:
        image.quantize(colors=colors).save(out, format="PNG", optimize=True)
    return out.getvalue()


def freeze_layout(fig, dpi):
    """Set ``fig`` to ``dpi``, lay it out once, then fix the layout so redraws are
    cheap."""
    fig.set_dpi(dpi)
    FigureCanvasAgg(fig).draw()
    fig.set_layout_engine("none")


def image_html(png, alt):
    """An ``<img>`` tag carrying the PNG inline, with alt text for screen readers."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
    )


def message_html(text, ok):
    """A short message under a widget: green with role "status", or red with role
    "alert"."""
    colour = "#006400" if ok else "#a40000"
    role = "status" if ok else "alert"
    return (
        f'<p role="{role}" style="color:{colour}">{html.escape(text, quote=True)}</p>'
    )


# How much larger than its own units an SVG frame may grow on a wide screen.
SVG_MAX_SCALE = 1.5


def svg_document(width, height, title, description, body):
    """An accessible inline SVG: white background, ``title`` shown and named,
    ``description`` for screen readers.

    It fills the column, up to :data:`SVG_MAX_SCALE` times its ``width`` in CSS px.
    Keep ``width`` near 400 units with text of 11 units or more: a phone's column
    (:data:`dlbook.style.PHONE_COLUMN_PX`) then shows that text at 9 CSS px or more.

    ``body(uid)`` returns the drawing; ``uid`` is unique to this title, for any ids the
    body needs, since many frames share one page.
    """
    uid = "svg-" + hashlib.sha1(title.encode()).hexdigest()[:10]
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" '
            'font-family="DejaVu Sans, sans-serif" '
            f'style="max-width:{round(width * SVG_MAX_SCALE)}px;height:auto;'
            'background:#fff">',
            f'<title id="{uid}-t">{html.escape(title)}</title>'
            f'<desc id="{uid}-d">{html.escape(description)}</desc>',
            f'<rect width="{width}" height="{height}" fill="#fff"/>',
            body(uid),
            "</svg>",
        ]
    )


FRAME_CLASS = "dlbook-frame"


def frame_html(content):
    """Wrap one view in the ``div`` every explorer frame shares (the browser tests find
    it)."""
    return f'<div class="{FRAME_CLASS}">{content}</div>'


class Explorer(widgets.VBox):
    """Controls above one HTML view, working statically (precomputed frames) or live.

    Parameters
    ----------
    render : callable(**params) -> str, the HTML shown for those parameters.
    controls : sequence of :class:`Control`.
    mode : ``"static"``, ``"live"`` or None for :func:`resolve_mode`.
    """

    def __init__(self, render, controls, *, mode=None):
        controls = tuple(controls)
        if not controls:
            raise ValueError("an explorer needs at least one control")
        names = [c.name for c in controls]
        if len(set(names)) != len(names):
            raise ValueError(f"control names must be distinct, got {names}")
        self.render = render
        self.control_specs = controls
        self.mode = resolve_mode(mode)
        self.frames = []
        self.links = []
        self.update_seconds = []
        if self.mode == "static":
            self.controls = [c.selection_widget() for c in controls]
            view = self._build_static()
        else:
            self.controls = [c.live_widget() for c in controls]
            view = self._build_live()
        super().__init__(children=[*self.controls, view])

    @property
    def payload_bytes(self):
        """Bytes of HTML embedded in the frames (static) or the single view (live)."""
        return sum(len(frame.value.encode("utf-8")) for frame in self.frames)

    def _frame_html(self, params):
        return frame_html(self.render(**params))

    def _build_static(self):
        specs = self.control_specs
        stacks_by_level = [[] for _ in specs]

        def subtree(level, chosen):
            if level == len(specs):
                frame = widgets.HTML(
                    self._frame_html(dict(zip((c.name for c in specs), chosen)))
                )
                self.frames.append(frame)
                return frame
            spec = specs[level]
            children = [subtree(level + 1, chosen + (value,)) for value in spec.values]
            stack = widgets.Stack(children=children, selected_index=spec.default_index)
            stacks_by_level[level].append(stack)
            return stack

        root = subtree(0, ())
        for control, stacks in zip(self.controls, stacks_by_level):
            for stack in stacks:
                self.links.append(
                    widgets.jslink((control, "index"), (stack, "selected_index"))
                )
        return root

    def _build_live(self):
        frame = widgets.HTML(self._frame_html(self.current_params()))
        self.frames.append(frame)
        for control in self.controls:
            control.observe(self._redraw, names="value")
        return frame

    def current_params(self):
        """The parameters the controls show now."""
        if self.mode == "static":
            return {
                spec.name: spec.values[control.index]
                for spec, control in zip(self.control_specs, self.controls)
            }
        return {
            spec.name: control.value
            for spec, control in zip(self.control_specs, self.controls)
        }

    def _redraw(self, _change=None):
        start = time.perf_counter()
        self.frames[0].value = self._frame_html(self.current_params())
        self.update_seconds.append(time.perf_counter() - start)

    @property
    def combinations(self):
        """Every parameter combination drawn in static mode, in frame order."""
        specs = self.control_specs
        return [
            dict(zip((c.name for c in specs), values))
            for values in itertools.product(*(c.values for c in specs))
        ]


class FigureExplorer(Explorer):
    """An :class:`Explorer` whose view is one matplotlib figure.

    Parameters
    ----------
    fig : matplotlib Figure drawn once by the caller.
    update : callable(**params) that changes the figure's artists in place.
    controls : sequence of :class:`Control`.
    alt : callable(**params) -> str, the alt text of the figure for those parameters.
    mode : ``"static"``, ``"live"`` or None for :func:`resolve_mode`.
    caption : optional callable(**params) -> str, a sentence shown under the figure.

    Static frames are PNGs reduced to ``colors`` colours at ``dpi``; the live image is
    rendered in full colour.  The figure's text must be legible on a phone: the
    explorer raises :class:`dlbook.style.FigureTextTooSmall` if it is not.
    """

    def __init__(
        self, fig, update, controls, alt, *, mode=None, dpi=90, colors=64, caption=None
    ):
        self.figure = fig
        self.update = update
        self.alt = alt
        self.caption = caption
        self.dpi = dpi
        controls = tuple(controls)
        # The explorer shows the figure itself; keep pyplot from displaying it a second
        # time.
        plt.close(fig)
        if controls:
            update(**{c.name: c.values[c.default_index] for c in controls})
        freeze_layout(fig, dpi)
        style.check_legible(fig)
        mode = resolve_mode(mode)
        self.colors = colors if mode == "static" else None
        super().__init__(self._image, controls, mode=mode)

    @classmethod
    def of_drawing(cls, drawn, controls, *, mode=None):
        """An explorer of ``drawn``, an object with ``figure``, ``update(**params)``,
        ``alt(**params)`` and ``caption(**params)``; the explorer keeps it as
        ``.drawn``."""
        explorer = cls(
            drawn.figure,
            drawn.update,
            controls,
            drawn.alt,
            mode=mode,
            caption=drawn.caption,
        )
        explorer.drawn = drawn
        return explorer

    def _image(self, **params):
        self.update(**params)
        image = image_html(render_png(self.figure, self.colors), self.alt(**params))
        if self.caption is None:
            return image
        return f"{image}<p>{html.escape(self.caption(**params))}</p>"
