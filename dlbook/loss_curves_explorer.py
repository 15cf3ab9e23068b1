"""Drawing recorded training runs, and the explorer that switches between them.

:func:`plot_run` draws one run's training and validation curves of one series on an
axes, with the epoch the model was kept at; :func:`loss_curves_explorer` shows the runs
of the loss-curves experiment, chosen by loss and remedy, with their diagnosis under the
figure. The runs are recorded once; the explorer only redraws them, so its static frames
(on the website) and its live redraws (in Jupyter) show the same curves.
"""

import numpy as np

from dlbook import style
from dlbook.loss_curves import LOSSES, REMEDIES
from dlbook.widgets import Control, FigureExplorer


def plot_run(ax, run, series="loss", mark_epoch=None):
    """Training and validation ``series`` of ``run`` per epoch, and a dotted line at
    ``mark_epoch``.

    The line marks the kept epoch unless ``mark_epoch`` names another.
    Returns the three artists (training line, validation line, kept-epoch line), so a
    caller can move them to another run with :func:`move_run`.
    """
    epochs = np.arange(1, run.epochs + 1)
    (train,) = ax.plot(
        epochs, run.history[series], color=style.PALETTE[0], label=f"training {series}"
    )
    (val,) = ax.plot(
        epochs,
        run.history[f"val_{series}"],
        color=style.PALETTE[1],
        label=f"validation {series}",
    )
    mark = run.kept_epoch if mark_epoch is None else mark_epoch
    kept = ax.axvline(
        mark, color="#555555", linestyle=":", linewidth=1.5, label="epoch kept"
    )
    ax.set(xlabel="epoch", ylabel=series)
    return train, val, kept


def move_run(artists, run, series="loss"):
    """Point the artists :func:`plot_run` returned at another run's curves."""
    train, val, kept = artists
    epochs = np.arange(1, run.epochs + 1)
    train.set_data(epochs, run.history[series])
    val.set_data(epochs, run.history[f"val_{series}"])
    kept.set_xdata([run.kept_epoch, run.kept_epoch])


class RunsFigure:
    """A loss panel and an accuracy panel, redrawn in place for the chosen run."""

    def __init__(self, runs):
        missing = [
            key
            for key in ((loss, remedy) for loss in LOSSES for remedy in REMEDIES)
            if key not in runs
        ]
        if missing:
            raise ValueError(
                f"the explorer needs a run for every loss and remedy; missing {missing}"
            )
        self.runs = runs
        self.figure, (self.loss_ax, self.accuracy_ax) = style.subplots(
            1, 2, figsize=(7.2, 3.3)
        )
        first = runs["BCE", "none"]
        self.loss_artists = plot_run(self.loss_ax, first, "loss")
        self.accuracy_artists = plot_run(self.accuracy_ax, first, "accuracy")
        self.loss_ax.legend(loc="upper right")
        longest = max(run.epochs for run in runs.values())
        for ax in (self.loss_ax, self.accuracy_ax):
            ax.set_xlim(0, longest + 1)
        accuracies = [
            v
            for run in runs.values()
            for key in ("accuracy", "val_accuracy")
            for v in run.history[key]
        ]
        self.accuracy_ax.set_ylim(min(accuracies) - 0.02, 1.01)

    def update(self, loss, remedy):
        run = self.runs[loss, remedy]
        move_run(self.loss_artists, run, "loss")
        move_run(self.accuracy_artists, run, "accuracy")
        top = max(max(run.history["loss"]), max(run.history["val_loss"]))
        self.loss_ax.set_ylim(0, 1.05 * top)
        self.loss_ax.set_ylabel(f"{loss} loss")
        self.figure.suptitle(f"{loss}, remedy: {remedy}")

    def alt(self, loss, remedy):
        run = self.runs[loss, remedy]
        found = run.diagnosis()
        return (
            f"Training and validation {loss} loss (left) and accuracy (right) per "
            f"epoch, remedy {remedy}, {run.epochs} epochs. Validation loss is lowest "
            f"at epoch {found.best_epoch}, {min(run.history['val_loss']):.3f}; the "
            f"model is kept at epoch {run.kept_epoch}, where validation accuracy is "
            f"{run.history['val_accuracy'][run.kept_epoch - 1]:.3f}."
        )

    def caption(self, loss, remedy):
        """Short labels, one per reading: the verdict with its margin, then what the
        validation loss does, then the test accuracy."""
        run = self.runs[loss, remedy]
        d = run.diagnosis()
        labels = [
            f"Diagnosis: {d.verdict}",
            f"accuracy gap {d.accuracy_gap:.3f}",
            f"threshold {d.accuracy_gap - d.margin:.2f}",
            f"margin {d.margin:+.3f}",
            f"lowest validation loss: epoch {d.best_epoch}",
            "validation loss turns up: "
            + (
                f"after epoch {d.onset_epoch} (+{100 * d.rise:.0f} %)"
                if d.onset_epoch
                else "no"
            ),
            f"kept epoch: {run.kept_epoch}",
            f"test accuracy: {run.test_accuracy:.3f}",
        ]
        return " · ".join(labels)


def loss_curves_explorer(runs, mode=None):
    """Dropdowns for the loss and the remedy over ``runs``, a dict ``{(loss, remedy):
    Run}``."""
    drawn = RunsFigure(runs)
    controls = [
        Control("loss", "loss", values=tuple(LOSSES), default="BCE"),
        Control("remedy", "remedy", values=REMEDIES, default="none"),
    ]
    return FigureExplorer.of_drawing(drawn, controls, mode=mode)
