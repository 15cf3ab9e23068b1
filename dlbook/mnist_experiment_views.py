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

ASSETS = Path(__file__).resolve().parents[1] / "assets"
RECORDED_FULL = ASSETS / "mnist-sweep-full.json"
RECORDED_LINEAR = ASSETS / "mnist-linear-full.json"

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
    """The recorded sweep at ``path``, checked to have settings and at least one run.

    It reads the recorded linear classifiers (:data:`RECORDED_LINEAR`) too.
    """
    path = Path(path)
    experiment = "linear" if "linear" in path.name else "sweep"
    remedy = (
        f"run `python -m dlbook.mnist_experiment --experiment {experiment} --profile "
        "full` to record it ("
        + ("a few minutes" if experiment == "linear" else "about two hours")
        + " on 2 CPU cores)"
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
            ax.set_title(titles[index])
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
                color="white" if dark else "black",
                # Four-digit counts fit their cell at this size, still 9.6 CSS px on
                # a phone.
                fontsize="small",
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


# Tables of the chapter's pages: each function returns (header, rows) for
# dlbook.page.table.
# ---------------------------------------------------------------------------

ACCURACY_COLUMNS = {
    "training": "accuracy",
    "validation": "val_accuracy",
    "test, all": "test_accuracy_all",
    "test, originals": "test_accuracy_original",
    "test, inverted": "test_accuracy_inverted",
}


def accuracy_table(sweep):
    """One row per α: the mean (± std across seeds) of each accuracy.

    The training accuracy is the one measured after training, with dropout off, where
    every run holds it (``train_accuracy``); else Keras's running accuracy over the
    last epoch, with dropout on (the recorded runs).
    """
    columns = dict(ACCURACY_COLUMNS)
    if all("train_accuracy" in run for run in runs(sweep)):
        columns["training"] = "train_accuracy"
    found = {name: by_alpha(sweep, key) for name, key in columns.items()}
    rows = [
        [slope(alpha), *(mean_std(values[alpha]) for values in found.values())]
        for alpha in found["training"]
    ]
    return ["α", *ACCURACY_COLUMNS], rows


def layer_table(network):
    """One row per layer of a Keras network: its type, output shape and weights."""
    rows = [
        [
            type(layer).__name__,
            " × ".join(str(side) for side in layer.output.shape[1:]),
            f"{layer.count_params():,}",
        ]
        for layer in network.layers
    ]
    return ["layer", "output shape", "weights"], rows


def batch_table(first, second, key="test_accuracy_all"):
    """Test accuracy per α of two recorded sweeps, and whether their seeds' ranges are
    apart."""
    a, b = by_alpha(first, key), by_alpha(second, key)
    rows = [
        [
            slope(alpha),
            mean_std(a[alpha]),
            mean_std(b[alpha]),
            "yes" if clearly_apart(a[alpha], b[alpha]) else "no",
        ]
        for alpha in a
        if alpha in b
    ]
    header = [
        "α",
        f"test, all: batch {first['settings']['batch_size']}",
        f"test, all: batch {second['settings']['batch_size']}",
        "seeds' ranges apart?",
    ]
    return header, rows


def benchmark_table(recordings, plain_batch=32):
    """One row per setup of each benchmark recording.

    ``recordings`` is ``{label: (benchmark dict, the sweep's batch size)}``; the plain
    setup always uses Keras's default batch size, ``plain_batch``.
    """
    rows = []
    for label, (bench, sweep_batch) in recordings.items():
        for result in bench["results"]:
            reached = result["epochs_to_target"]
            ours = result["setup"] == "chapter"
            rows.append(
                [
                    label,
                    "the sweep's" if ours else "plain fit",
                    str(sweep_batch if ours else plain_batch),
                    f"{result['images_per_second_later_epochs']:,.0f}",
                    f"{100 * max(result['test_accuracy_original']):.2f}",
                    "not reached" if reached is None else str(reached),
                ]
            )
    bench = next(iter(recordings.values()))[0]
    header = [
        "recording",
        "setup",
        "batch size",
        "images per second",
        "best test accuracy on originals (%)",
        f"epochs to {100 * bench['target']:.0f} %",
    ]
    return header, rows


def course_table(sweep, keys=("accuracy", "test_accuracy_all", "val_accuracy")):
    """The course's run beside the means of ``sweep``, one row per α."""
    ours = {key: by_alpha(sweep, key) for key in keys}
    rows = [
        [
            slope(alpha),
            *(f"{value:.4f}" for value in COURSE_RUN[alpha]),
            *(f"{ours[key][alpha].mean():.4f}" for key in keys),
        ]
        for alpha in COURSE_RUN
        if alpha in ours[keys[0]]
    ]
    names = ("train", "test", "val")
    header = ["α", *(f"course: {n}" for n in names), *(f"ours: {n}" for n in names)]
    return header, rows


def ranking(sweep, key="test_accuracy_all"):
    """The slopes from best to worst mean ``key``, and for each neighbouring pair in
    that order whether their seeds' ranges are apart."""
    found = by_alpha(sweep, key)
    ranked = sorted(found, key=lambda alpha: -found[alpha].mean())
    apart = [clearly_apart(found[a], found[b]) for a, b in zip(ranked, ranked[1:])]
    return ranked, apart


HALVES = {
    "original": "originals only",
    "inverted": "inverted copies only",
    "both": "both (the homework)",
}


def halves_table(halves):
    """Test accuracy on each half for networks trained on ``{train_on: run}``."""
    rows = [
        [
            HALVES[train_on],
            f"{halves[train_on]['test_accuracy_original']:.4f}",
            f"{halves[train_on]['test_accuracy_inverted']:.4f}",
        ]
        for train_on in HALVES
        if train_on in halves
    ]
    return ["trained on", "test: originals", "test: inverted"], rows


def recorded_halves(sweep, alpha=0.0):
    """The recorded train-on-one-half check, ``{train_on: run}``, with the run of the
    same α and seed on both halves."""
    halves = {
        run["train_on"]: run for run in sweep["runs"] if run["train_on"] != "both"
    }
    seed = next(iter(halves.values()))["seed"]
    halves["both"] = next(
        run for run in runs(sweep) if run["alpha"] == alpha and run["seed"] == seed
    )
    return halves


def pooling_table(trials):
    """The pooling experiment, ``{(α, pooling): collapse trial}``, one row per trial."""
    rows = [
        [
            slope(alpha),
            pooling,
            "yes" if (alpha == 1 and pooling == "average") else "no",
            f"{run['loss'][-1]:.3f}",
            f"{run['test_accuracy']:.3f}",
        ]
        for (alpha, pooling), run in trials.items()
    ]
    header = [
        "α",
        "pooling",
        "network linear?",
        "training loss at the last epoch",
        "test accuracy",
    ]
    return header, rows


def divergence_table(trials):
    """The divergence experiment: one row per collapse trial."""
    rows = [
        [
            run["optimizer"],
            f"{run['learning_rate']:g}",
            "0..1" if run["scaled"] else "0..255",
            slope(run["alpha"]),
            f"{run['initial_loss']:.2f}",
            f"{run['loss'][-1]:.3g}",
            f"{run['test_accuracy']:.3f}",
            f"{run['top_digit_share']:.2f}",
        ]
        for run in trials
    ]
    header = [
        "optimiser",
        "learning rate",
        "pixels",
        "α",
        "loss at start",
        "loss after the epoch",
        "test accuracy",
        "share of the commonest answer",
    ]
    return header, rows


def linear_bound(digit_counts, digit):
    """The most a linear classifier can get right of a test set doubled with inverted
    copies: half of it, plus the other half of the one digit it can read in both
    colours."""
    counts = np.asarray(digit_counts)
    return float((1 + counts[digit] / counts.sum()) / 2)


def linear_table(recorded):
    """The recorded linear networks on the full data, one row per network."""
    names = {
        ("linear", "original"): "linear classifier, originals only",
        ("linear", "both"): "linear classifier, both",
        ("cnn", "both"): "CNN at α = 1, average pooling, both",
    }
    rows = []
    for run in recorded["runs"]:
        epochs = len(run["history"]["loss"]) if "history" in run else len(run["loss"])
        original = run.get("test_accuracy_original")
        rows.append(
            [
                names[run["model"], run["train_on"]],
                str(epochs),
                "–" if original is None else f"{100 * original:.2f}",
                f"{100 * run.get('test_accuracy_all', run.get('test_accuracy')):.2f}",
            ]
        )
    header = ["network, trained on", "epochs", "test: originals (%)", "test: all (%)"]
    return header, rows


# Figures of the layers page: a convolution, pooling and the sum that max pooling breaks
# ---------------------------------------------------------------------------


def _image_axes(ax, title):
    ax.set(xticks=[], yticks=[], title=title)
    ax.grid(False)
    for spine in ax.spines.values():  # a thin frame: white edges show on a white page
        spine.set(visible=True, color="#888888", linewidth=0.8)


def convolution_figure(digit, on_digit, on_inverted):
    """A digit and its inverted copy (rows), each with its feature map and the map
    after ReLU (columns). Red is positive, blue negative, white zero."""
    limit = float(np.abs(np.concatenate([on_digit, on_inverted])).max())
    fig, axes = style.subplots(2, 3, figsize=(5.4, 4.0))
    rows = (("digit", digit, on_digit), ("inverted copy", 1 - digit, on_inverted))
    for (name, image, feature_map), row in zip(rows, axes):
        row[0].imshow(image, cmap="gray", vmin=0, vmax=1)
        _image_axes(row[0], name)
        for ax, shown, title in (
            (row[1], feature_map, "feature map"),
            (row[2], np.maximum(feature_map, 0), "after ReLU"),
        ):
            ax.imshow(shown, cmap="RdBu_r", vmin=-limit, vmax=limit)
            _image_axes(ax, title)
    return fig


def pooling_figure(feature_map, pooled_max, pooled_mean):
    """A feature map beside its max pooling and its average pooling, on one colour
    scale."""
    top = float(feature_map.max())
    fig, axes = style.subplots(1, 3, figsize=(5.4, 2.4))
    shown = (
        (feature_map, "feature map"),
        (pooled_max, "max pooling"),
        (pooled_mean, "average"),
    )
    for ax, (values, title) in zip(axes, shown):
        ax.imshow(values, cmap="viridis", vmin=0, vmax=top)
        _image_axes(ax, f"{title}\n{values.shape[0]} × {values.shape[1]}")
    return fig


def _two_decimals(value):
    """A number as a block of the figure writes it: two decimals, a true minus, and no
    minus on a zero."""
    text = f"{value:.2f}"
    return "0.00" if float(text) == 0 else text.replace("-", "−")


def window_figure(a, b):
    """Two 2 × 2 blocks and their sum, each number written in its cell and each block
    titled with its largest number and its mean."""
    blocks = (("a", a), ("b", b), ("a + b", a + b))
    limit = max(float(np.abs(block).max()) for _, block in blocks) or 1.0
    fig, axes = style.subplots(1, 3, figsize=(5.4, 2.6))
    for ax, (name, block) in zip(axes, blocks):
        ax.imshow(block, cmap="RdBu_r", vmin=-limit, vmax=limit)
        for (row, col), value in np.ndenumerate(block):
            dark = abs(value) > 0.6 * limit  # white on a dark cell
            text = _two_decimals(value)
            colour = "white" if dark else "black"
            ax.text(col, row, text, ha="center", va="center", color=colour)
        maximum, mean = _two_decimals(block.max()), _two_decimals(block.mean())
        _image_axes(ax, f"{name}\nmax {maximum}\nmean {mean}")
    return fig


def scores_figure(scores, digit=0):
    """For each pooling, the score of ``digit`` for every image against its score for
    the image's inverted copy. ``scores`` is ``{pooling: (on originals, on inverted
    copies)}``, each an array of scores (image, digit)."""
    fig, axes = style.subplots(
        1, len(scores), figsize=(5.4, 2.9), sharex=True, sharey=True
    )
    for ax, (pooling, (original, inverted)) in zip(np.atleast_1d(axes), scores.items()):
        ax.scatter(original[:, digit], inverted[:, digit], s=12, alpha=0.7)
        ax.set(title=f"{pooling} pooling", xlabel="score of x")
    np.atleast_1d(axes)[0].set_ylabel("score of 1 − x")
    return fig
