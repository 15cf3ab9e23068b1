"""The backpropagation chapter's worked-pass explorer.

On the website (static mode) a dropdown switches between the worked passes of the named
:data:`~dlbook.backprop.SCENARIOS`, rendered in advance.  In a kernel (live mode) every
input, weight, the target, α and η are number boxes; the tables are recomputed, exactly,
on each change, and a button takes the step.  (The chapter's answers are checked by
answer boxes, :mod:`dlbook.backprop_boxes`, which work on the website too.)
"""

import ipywidgets as widgets

from dlbook import backprop
from dlbook.backprop import SCENARIOS, WEIGHTS, Network
from dlbook.backprop_views import sub, worked_pass_html
from dlbook.widgets import Control, Explorer, frame_html, message_html, resolve_mode


def backprop_explorer(mode=None):
    """The explorer in ``mode`` (``"static"``, ``"live"``, or None to decide)."""
    if resolve_mode(mode) == "static":
        choice = Control("scenario", "scenario", values=tuple(SCENARIOS))
        return Explorer(
            lambda scenario: worked_pass_html(SCENARIOS[scenario]),
            [choice],
            mode="static",
        )
    return LiveBackprop()


def number_box(label, value):
    return widgets.FloatText(
        value=float(value),
        description=label,
        layout=widgets.Layout(width="10.5em"),
        style={"description_width": "2.6em"},
    )


class LiveBackprop(widgets.VBox):
    """Number boxes for every value of the instance; the tables follow each change."""

    FIELDS = ("x1", "x2", "y", *WEIGHTS, "alpha", "learning_rate")
    LABELS = {
        "alpha": "α",
        "learning_rate": "η",
        **{f: sub(f) for f in ("x1", "x2", *WEIGHTS)},
    }

    def __init__(self):
        self.scenario = widgets.Dropdown(
            options=list(SCENARIOS),
            description="start from",
            style={"description_width": "initial"},
        )
        self.boxes = {
            name: number_box(self.LABELS.get(name, name), 0) for name in self.FIELDS
        }
        self.step_button = widgets.Button(
            description="Take the step", tooltip="replace the weights by the new ones"
        )
        self.message = widgets.HTML()
        self.tables = widgets.HTML()
        self._loading = False
        self.load(SCENARIOS[self.scenario.value])
        self.scenario.observe(
            lambda change: self.load(SCENARIOS[change["new"]]), names="value"
        )
        for box in self.boxes.values():
            box.observe(self.refresh, names="value")
        self.step_button.on_click(lambda _button: self.take_step())
        rows = [
            ["x1", "x2", "y", "alpha", "learning_rate"],
            list(WEIGHTS[:6]),
            list(WEIGHTS[6:]),
        ]
        grid = [widgets.HBox([self.boxes[name] for name in row]) for row in rows]
        super().__init__(
            children=[self.scenario, *grid, self.step_button, self.message, self.tables]
        )

    def load(self, net):
        """Show ``net`` in the boxes and its tables."""
        self._loading = True
        values = {
            "x1": net.x[0],
            "x2": net.x[1],
            "y": net.y,
            "alpha": net.alpha,
            "learning_rate": net.learning_rate,
            **dict(zip(WEIGHTS, net.weights)),
        }
        for name, box in self.boxes.items():
            box.value = float(values[name])
        self._loading = False
        self.refresh()

    def network(self):
        """The instance the boxes describe, exact; raises ValueError on a value it
        cannot use."""
        v = {name: box.value for name, box in self.boxes.items()}
        return Network.exact(
            (v["x1"], v["x2"]),
            [v[w] for w in WEIGHTS],
            v["y"],
            v["alpha"],
            v["learning_rate"],
        )

    def refresh(self, _change=None):
        if self._loading:
            return
        try:
            net = self.network()
        except (ValueError, TypeError) as error:
            self.message.value = message_html(
                f"{error}. The tables show the last values that worked.", ok=False
            )
            return
        self.message.value = ""
        self.tables.value = frame_html(worked_pass_html(net))

    def take_step(self):
        try:
            net = self.network()
        except (ValueError, TypeError) as error:
            self.message.value = message_html(str(error), ok=False)
            return
        self.load(backprop.step(net))
