"""The slope explorer: one run of the sweep at a time, chosen by α and seed.

It draws the recorded curves with :func:`dlbook.loss_curves_explorer.plot_run` and moves
them in place, so its static frames (on the website) and its live redraws (in Jupyter)
show the same runs.  Nothing is trained here.
"""

from types import SimpleNamespace

from dlbook import style
from dlbook.loss_curves_explorer import move_run, plot_run
from dlbook.mnist_experiment import describe
from dlbook.mnist_experiment_views import complete_seeds, slope
from dlbook.mnist_experiment_views import runs as runs_on
from dlbook.widgets import Control, FigureExplorer


def _curves(run):
    """A run of the sweep in the shape plot_run draws (the model kept is the last
    epoch's)."""
    epochs = len(run["history"]["loss"])
    return SimpleNamespace(epochs=epochs, history=run["history"], kept_epoch=epochs)


class SweepFigure:
    """Loss and accuracy per epoch (training and validation) of the chosen (α, seed)."""

    def __init__(self, sweep):
        seeds = complete_seeds(sweep)
        self.runs = {
            (run["alpha"], run["seed"]): run
            for run in runs_on(sweep)
            if run["seed"] in seeds
        }
        if not self.runs:
            raise ValueError(
                "the sweep has no seed with a run for every α on "
                "the doubled training set"
            )
        self.figure, (self.loss_ax, self.accuracy_ax) = style.subplots(
            1, 2, figsize=(7.2, 3.3)
        )
        first = _curves(next(iter(self.runs.values())))
        self.loss_artists = plot_run(self.loss_ax, first, "loss")
        self.accuracy_artists = plot_run(self.accuracy_ax, first, "accuracy")
        self.loss_ax.legend(loc="upper right")
        self.loss_ax.set_yscale("log")
        histories = [run["history"] for run in self.runs.values()]
        longest = max(len(history["loss"]) for history in histories)
        losses = [
            v
            for history in histories
            for key in ("loss", "val_loss")
            for v in history[key]
        ]
        for ax in (self.loss_ax, self.accuracy_ax):
            ax.set_xlim(0.5, longest + 0.5)
        self.loss_ax.set_ylim(0.8 * min(losses), 1.25 * max(losses))
        accuracies = [
            v
            for history in histories
            for key in ("accuracy", "val_accuracy")
            for v in history[key]
        ]
        self.accuracy_ax.set_ylim(max(0.0, min(accuracies) - 0.01), 1.0)

    def _run(self, alpha, seed):
        if (alpha, seed) not in self.runs:
            raise ValueError(f"no recorded run for α = {alpha:g}, seed {seed}")
        return self.runs[alpha, seed]

    def update(self, alpha, seed):
        run = _curves(self._run(alpha, seed))
        move_run(self.loss_artists, run, "loss")
        move_run(self.accuracy_artists, run, "accuracy")
        self.figure.suptitle(f"α = {slope(alpha)}: {describe(alpha)}; seed {seed}")

    def alt(self, alpha, seed):
        run = self._run(alpha, seed)
        history = run["history"]
        return (
            "Training and validation loss (left, log scale) and accuracy (right) per "
            f"epoch for slope α = {alpha:g}, seed {seed}, {len(history['loss'])} "
            f"epochs. Validation loss goes from {history['val_loss'][0]:.3f} after the "
            f"first epoch to {history['val_loss'][-1]:.3f}; validation accuracy ends "
            f"at {history['val_accuracy'][-1]:.4f}."
        )

    def caption(self, alpha, seed):
        run = self._run(alpha, seed)
        return (
            f"Test accuracy: {run['test_accuracy_all']:.4f} on all test images, "
            f"{run['test_accuracy_original']:.4f} on the originals, "
            f"{run['test_accuracy_inverted']:.4f} on the inverted copies."
        )


def sweep_explorer(sweep, mode=None):
    """A slider for α and one for the seed over the runs of ``sweep``.

    Only seeds with a run for every α are shown, so that every combination has a frame.
    """
    drawn = SweepFigure(sweep)
    alphas = sorted({alpha for alpha, _ in drawn.runs})
    seeds = sorted({seed for _, seed in drawn.runs})
    controls = [
        Control(
            "alpha",
            "slope α",
            values=tuple(alphas),
            default=0.0 if 0.0 in alphas else None,
            fmt="{:g}",
        ),
        Control("seed", "seed", values=tuple(seeds)),
    ]
    return FigureExplorer.of_drawing(drawn, controls, mode=mode)
