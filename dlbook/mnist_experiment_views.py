"""Reading and showing a slope sweep: the recorded file, statistics across seeds, the
course's own run, and pictures of digits and of a confusion matrix.

A sweep is the dict that :func:`dlbook.mnist_experiment.record_sweep` writes (or the
same shape built live): ``settings``, ``runs`` (one dict per trained network) and, when
recorded, ``environment``, ``sizes``, ``test_labels`` and ``test_inverted``.  Everything
here reads such a dict; nothing trains.
"""

import json
from pathlib import Path

import numpy as np

from dlbook import style

RECORDED_FULL = Path(__file__).resolve().parents[1] / "assets" / "mnist-sweep-full.json"

# Seed 001's reported results (train, test, validation accuracy), as the course material
# gives
# them (SEEDS.md, homework 6 question 3).  Data to compare against, not something we
# measured.
COURSE_RUN = {
    -1.0: (0.9853, 0.9822, 0.9834),
    -0.5: (0.9839, 0.9815, 0.9827),
    0.0: (0.9818, 0.9789, 0.9756),
    0.5: (0.9726, 0.9742, 0.9687),
    1.0: (0.1334, 0.1338, 0.1216),
}


class RecordError(ValueError):
    """A recorded sweep is missing or unreadable; the message names the file and what to
    do."""


def load(path=RECORDED_FULL):
    """The recorded sweep at ``path``, checked to have settings and at least one run."""
    path = Path(path)
    remedy = (
        "run `python -m dlbook.mnist_experiment --profile full` to record it "
        "(about two hours on 2 CPU cores)"
    )
    if not path.is_file():
        raise RecordError(f"{path} does not exist; {remedy}")
    try:
        recorded = json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RecordError(
            f"{path} is not valid JSON ({error}); restore it from git or {remedy}"
        ) from None
    if (
        not isinstance(recorded, dict)
        or not recorded.get("runs")
        or "settings" not in recorded
    ):
        raise RecordError(f"{path} holds no recorded runs; {remedy}")
    return recorded


def slope(alpha):
    """α as the text writes it: "−0.5", with a true minus sign."""
    return f"{alpha:g}".replace("-", "−")


def signed(value, digits=2):
    """A difference as the text writes it, sign always shown: "+0.12" or "−0.18" (a true
    minus)."""
    return f"{value:+.{digits}f}".replace("-", "−")


def runs(sweep, train_on="both"):
    """The runs trained on ``train_on`` ("both" is the homework's doubled set)."""
    return [run for run in sweep["runs"] if run.get("train_on", "both") == train_on]


def final(run, key):
    """A run's value of ``key``: a test score, or the last epoch of a history series."""
    return run[key] if key in run else run["history"][key][-1]


def by_alpha(sweep, key):
    """``{α: array of the value of key, one per seed}`` over the runs on the doubled
    set."""
    values = {}
    for run in runs(sweep):
        values.setdefault(run["alpha"], []).append(final(run, key))
    return {alpha: np.array(found) for alpha, found in sorted(values.items())}


def spread(values):
    """Mean, standard deviation across seeds (n − 1; 0 for one seed), smallest and
    largest."""
    values = np.asarray(values, float)
    std = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return {
        "mean": float(values.mean()),
        "std": std,
        "min": float(values.min()),
        "max": float(values.max()),
        "n": len(values),
    }


def mean_std(values, digits=4):
    """ "0.9912 ± 0.0004" (or the single value when there is one seed)."""
    found = spread(values)
    if found["n"] == 1:
        return f"{found['mean']:.{digits}f}"
    return f"{found['mean']:.{digits}f} ± {found['std']:.{digits}f}"


def clearly_apart(a, b):
    """True when every seed of one setting beats every seed of the other (their ranges
    do not overlap).

    With three seeds this is a rough rule, but an honest one: a difference inside the
    run-to-run spread is not called a difference.
    """
    a, b = spread(a), spread(b)
    return a["min"] > b["max"] or b["min"] > a["max"]


def best_alpha(sweep, key="test_accuracy_all"):
    """The slope with the highest mean ``key`` across seeds."""
    means = {alpha: values.mean() for alpha, values in by_alpha(sweep, key).items()}
    return max(means, key=means.get)


def confusion(labels, predictions, classes=10):
    """Counts[true digit, predicted digit]."""
    labels, predictions = np.asarray(labels), np.asarray(predictions)
    if labels.shape != predictions.shape:
        raise ValueError(f"{labels.shape} labels but {predictions.shape} predictions")
    counts = np.zeros((classes, classes), int)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def digits(text):
    """A recorded string of digits ("0712...") as an integer array."""
    return np.frombuffer(text.encode("ascii"), np.uint8) - ord("0")


def complete_seeds(sweep):
    """The seeds for which every slope of the sweep was trained on the doubled set."""
    pairs = {(run["alpha"], run["seed"]) for run in runs(sweep)}
    alphas = {alpha for alpha, _ in pairs}
    return sorted(
        seed
        for seed in {seed for _, seed in pairs}
        if all((a, seed) in pairs for a in alphas)
    )


def digit_grid(images, titles=None, columns=8, size=1.0):
    """Images (n, 28, 28[, 1]) in rows of ``columns``, grey, 0 black and 255 white, each
    in a thin frame."""
    images = np.asarray(images)
    if images.ndim == 4:
        images = images[..., 0]
    rows = -(-len(images) // columns)
    fig, axes = style.subplots(
        rows, columns, figsize=(columns * size, rows * size * 1.15), squeeze=False
    )
    for index, ax in enumerate(axes.flat):
        if index >= len(images):
            ax.set_axis_off()
            continue
        ax.imshow(images[index], cmap="gray", vmin=0, vmax=255)
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
        for spine in (
            ax.spines.values()
        ):  # a thin frame, so that white backgrounds show on a white page
            spine.set(visible=True, color="#888888", linewidth=0.8)
        if titles is not None:
            ax.set_title(titles[index], fontsize=9)
    return fig


def confusion_plot(counts, title=None):
    """A confusion matrix: rows are the true digit, columns the predicted one; errors
    only are shaded.

    The diagonal (correct answers) would dwarf every mistake, so it is written but not
    coloured.
    """
    counts = np.asarray(counts)
    errors = counts.astype(float)
    np.fill_diagonal(errors, np.nan)
    fig, ax = style.subplots(figsize=(5.2, 4.6))
    shaded = ax.imshow(errors, cmap="Oranges", vmin=0)
    ax.grid(False)
    for (true, predicted), count in np.ndenumerate(counts):
        if count:
            dark = true != predicted and count > 0.6 * np.nanmax(errors)
            ax.text(
                predicted,
                true,
                str(count),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if dark else "black",
                fontweight="bold" if true == predicted else "normal",
            )
    ax.set(
        xticks=range(len(counts)),
        yticks=range(len(counts)),
        xlabel="predicted digit",
        ylabel="true digit",
    )
    if title:
        ax.set_title(title)
    fig.colorbar(shaded, ax=ax, label="wrong answers", shrink=0.8)
    return fig
