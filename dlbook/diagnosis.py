"""Reading a training run's curves: best epoch, onset of overfitting, gaps, and a
verdict.

The rules (epochs are counted from 1, as Keras prints them):

- **best epoch**: the epoch with the lowest validation loss (the first, if tied);
- **rise**: how far the validation loss later climbs above that minimum, as a share
  of it;
- **onset of overfitting**: the best epoch, if the rise is more than ``rise`` while the
  training loss keeps falling; otherwise there is none;
- **gaps**, at the kept epoch (the last, unless early stopping restored an earlier
  one): validation loss minus training loss, and training accuracy minus validation
  accuracy;
- **verdict** (the lecture's reading of the accuracies, at the kept epoch, see
  :func:`verdict`), and its **margin**: the accuracy gap minus the threshold
  ``max_gap``, so that a reader sees how close the verdict came to flipping.  Gaps are
  rounded to :data:`DIGITS` digits, below the rounding of float32 accuracies.
"""

from dataclasses import dataclass

import numpy as np

UNDERFITTING, OVERFITTING, GOOD_FIT = "underfitting", "overfitting", "good fit"
SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")
# Keras keeps accuracies in float32: 570/600 is stored as 0.94999999.  Gaps are rounded
# to this many digits, so that a gap equal to the threshold is not read as above it.
DIGITS = 6


class HistoryError(ValueError):
    """A history that cannot be read: missing or empty series, unequal lengths, NaN."""


@dataclass(frozen=True)
class Diagnosis:
    verdict: str
    best_epoch: int
    onset_epoch: object  # an epoch, or None when validation loss never turns up
    kept_epoch: int  # where the gaps and the verdict are read
    loss_gap: float
    accuracy_gap: float
    margin: float  # accuracy gap minus the threshold: above 0 reads as overfitting
    rise: float  # the validation loss's highest rise after the best epoch, a share


def verdict(accuracy, val_accuracy, good_accuracy=0.9, max_gap=0.05):
    """The lecture's bias-or-variance reading of one epoch's accuracies."""
    gap = round(accuracy - val_accuracy, DIGITS)
    if accuracy < good_accuracy:
        return UNDERFITTING  # high bias: it has not learnt its own data
    if gap > max_gap:
        return OVERFITTING  # high variance: much better on data it has seen
    return GOOD_FIT


def diagnose(history, *, epoch=None, good_accuracy=0.9, max_gap=0.05, rise=0.1):
    """Read a Keras-style history (lists ``loss``, ``val_loss``, ``accuracy`` and
    ``val_accuracy``), judged at ``epoch``, the kept one (default: the last)."""
    loss, val_loss, accuracy, val_accuracy = read_history(history)
    kept = kept_epoch(epoch, len(loss)) - 1  # an index from here on
    best = int(np.argmin(val_loss))
    highest_after = val_loss[best:].max()
    turned_up = highest_after > (1 + rise) * val_loss[best] and loss[-1] < loss[best]
    gap = round(accuracy[kept] - val_accuracy[kept], DIGITS)
    return Diagnosis(
        verdict(accuracy[kept], val_accuracy[kept], good_accuracy, max_gap),
        best_epoch=best + 1,
        onset_epoch=best + 1 if turned_up else None,
        kept_epoch=kept + 1,
        loss_gap=float(val_loss[kept] - loss[kept]),
        accuracy_gap=float(gap),
        margin=float(gap - max_gap),
        rise=float(highest_after / val_loss[best] - 1),
    )


def read_history(history):
    """The four series of ``history`` as arrays, checked: present, one value per
    epoch each, finite."""
    values = []
    for key in SERIES:
        if key not in history:
            raise HistoryError(
                f"the history has no {key!r} series (it has "
                f"{', '.join(sorted(history)) or 'none'})"
            )
        series = np.asarray(history[key], dtype=float)
        if series.ndim != 1 or series.size == 0:
            raise HistoryError(
                f"{key!r} must be a non-empty list of numbers, one per epoch"
            )
        if not np.all(np.isfinite(series)):
            bad = np.flatnonzero(~np.isfinite(series)) + 1
            raise HistoryError(
                f"{key!r} holds NaN or infinite values (a diverged run?) at epoch(s) "
                f"{', '.join(map(str, bad))}"
            )
        values.append(series)
    if len({len(series) for series in values}) > 1:
        raise HistoryError(
            "the four series must have one value per epoch each; their lengths differ"
        )
    return values


def kept_epoch(epoch, epochs):
    """The kept epoch, counted from 1: ``epoch``, or the last of ``epochs`` if None."""
    kept = epochs if epoch is None else epoch
    if not isinstance(kept, (int, np.integer)) or not 1 <= kept <= epochs:
        raise HistoryError(
            f"the kept epoch must be a whole number from 1 to {epochs}, not {epoch!r}"
        )
    return int(kept)
