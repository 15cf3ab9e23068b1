"""The tables of the loss-curves experiment, as a header and rows of cells.

Each function returns ``(header, rows)``: :func:`show` makes it a cell's output, and
:func:`dlbook.page.table` glues it into the chapter's prose (inside an exercise, say).
The numbers come from the recorded runs and their diagnosis
(:func:`dlbook.diagnosis.diagnose`); nothing here trains.
"""

import numpy as np
from IPython.display import Markdown

from dlbook.page import markdown_table


def show(table):
    """A ``(header, rows)`` table as Markdown, which a notebook shows as a table."""
    header, rows = table
    return Markdown(markdown_table(header, rows))


def lowest_to_end(run):
    """The run's lowest validation loss and its last one, as ``"0.1234 → 0.2345"``."""
    return f"{min(run.history['val_loss']):.4f} → {run.history['val_loss'][-1]:.4f}"


def turns_up(diagnosis):
    """``"after epoch 16"`` if the validation loss turns up, else ``"no"``."""
    return f"after epoch {diagnosis.onset_epoch}" if diagnosis.onset_epoch else "no"


def loss_table(named_runs):
    """What the validation loss of each run does: where it is lowest, how far it
    climbs after that, and whether the rule calls that a turn-up."""
    header = [
        "run",
        "best epoch",
        "validation loss: lowest → end",
        "highest rise after it",
        "turns up (rise > 10 %)",
    ]
    rows = []
    for name, run in named_runs.items():
        d = run.diagnosis()
        row = [d.best_epoch, lowest_to_end(run), f"{100 * d.rise:.0f} %", turns_up(d)]
        rows.append([name, *row])
    return header, rows


def accuracy_table(named_runs, validation_images):
    """The verdict of each run, its margin, and the noise of its validation accuracy
    (one standard error, for ``validation_images`` images)."""
    header = [
        "run",
        "training accuracy",
        "validation accuracy",
        "accuracy gap",
        "margin (gap − 0.05)",
        "margin in images",
        "standard error",
        "verdict",
    ]
    rows = []
    for name, run in named_runs.items():
        d = run.diagnosis()
        kept = run.kept_epoch - 1
        train, val = run.history["accuracy"][kept], run.history["val_accuracy"][kept]
        noise = np.sqrt(val * (1 - val) / validation_images)
        rows.append(
            [
                name,
                f"{train:.3f}",
                f"{val:.3f}",
                f"{d.accuracy_gap:.3f}",
                f"{d.margin:+.3f}",
                f"{d.margin * validation_images:+.1f}",
                f"{noise:.3f}",
                d.verdict,
            ]
        )
    return header, rows


def mistakes_table(rows_by_label):
    """Per-image cross-entropy of the wrong and the right validation images.

    ``rows_by_label`` maps a label to ``(epoch, Mistakes)``."""
    header = [
        "cross-entropy run",
        "weights of",
        "wrong images",
        "their share of the loss",
        "mean loss, wrong",
        "mean loss, right",
    ]
    rows = [
        [
            label,
            f"epoch {epoch}",
            f"{100 * m.share:.1f} %",
            f"{100 * m.loss_share:.0f} %",
            f"{m.mean_wrong:.2f}",
            f"{m.mean_right:.3f}",
        ]
        for label, (epoch, m) in rows_by_label.items()
    ]
    return header, rows


def remedy_table(runs):
    """One row per run of ``runs`` (``{(loss, remedy): Run}``), read at the kept
    epoch."""
    header = [
        "loss",
        "remedy",
        "epochs run (kept)",
        "validation loss",
        "loss gap",
        "accuracy gap",
        "margin",
        "test accuracy",
        "verdict",
    ]
    rows = []
    for run in runs.values():
        d = run.diagnosis()
        rows.append(
            [
                run.loss,
                run.remedy,
                f"{run.epochs} ({run.kept_epoch})",
                f"{run.history['val_loss'][run.kept_epoch - 1]:.4f}",
                f"{d.loss_gap:.3f}",
                f"{d.accuracy_gap:.3f}",
                f"{d.margin:+.3f}",
                f"{run.test_accuracy:.3f}",
                d.verdict,
            ]
        )
    return header, rows


def variant_table(named_runs):
    """One row per named cross-entropy run of the lecture's other remedies, with its
    verdict's margin beside the verdict."""
    header = [
        "cross-entropy run",
        "best epoch",
        "validation loss: lowest → end",
        "training accuracy",
        "accuracy gap",
        "margin",
        "test accuracy",
        "verdict",
    ]
    rows = []
    for name, run in named_runs.items():
        d = run.diagnosis()
        rows.append(
            [
                name,
                d.best_epoch,
                lowest_to_end(run),
                f"{run.history['accuracy'][-1]:.3f}",
                f"{d.accuracy_gap:.3f}",
                f"{d.margin:+.3f}",
                f"{run.test_accuracy:.3f}",
                d.verdict,
            ]
        )
    return header, rows


def weights_table(named_weights):
    """The weights of several linear fits side by side, one row per weight.

    ``named_weights`` maps a column name to an array of weights; an exact zero is
    shown as ``0`` so that it stands out from a small weight."""
    header = ["weight", *named_weights]
    columns = list(named_weights.values())
    rows = []
    for i in range(len(columns[0])):
        cells = ["0" if w[i] == 0 else f"{w[i]:.3f}".replace("-", "−") for w in columns]
        rows.append([f"$w_{{{i + 1}}}$", *cells])
    return header, rows


def curves_table(named_curves, every, *, last=None, digits=3):
    """One or more per-epoch curves, read every ``every`` epochs: one row per shown
    epoch (counted from 1, up to ``last`` or the shortest curve's end), one column per
    named curve."""
    if every < 1:
        raise ValueError(f"every must be 1 epoch or more, not {every!r}")
    end = min(len(curve) for curve in named_curves.values())
    end = end if last is None else min(last, end)
    rows = [
        [epoch, *(f"{curve[epoch - 1]:.{digits}f}" for curve in named_curves.values())]
        for epoch in range(every, end + 1, every)
    ]
    return ["epoch", *named_curves], rows
