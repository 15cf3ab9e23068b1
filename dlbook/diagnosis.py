"""Reading a training run's curves: best epoch, onset of overfitting, gap, and a
verdict.

The rules, stated once (epochs are counted from 1, as Keras prints them):

- **best epoch**: the epoch with the lowest validation loss (the first, if tied);
- **onset of overfitting**: the best epoch, *if* afterwards the validation loss rises
  more than ``rise`` (relative to its minimum) while the training loss keeps falling;
  otherwise there is none;
- **gap**: at the kept epoch (the last, unless early stopping restored an earlier one),
  validation loss minus training loss, and training accuracy minus validation accuracy;
- **verdict** (the lecture's bias/variance reading of the accuracies, at the kept
  epoch): *underfitting* (high bias) if training accuracy is below ``good_accuracy``;
  otherwise *overfitting* (high variance) if it exceeds validation accuracy by more than
  ``max_gap``; otherwise *good fit*.
"""

from dataclasses import dataclass

import numpy as np

UNDERFITTING, OVERFITTING, GOOD_FIT = "underfitting", "overfitting", "good fit"


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
    rule: str

    def sentence(self):
        onset = (
            f"overfitting sets in after epoch {self.onset_epoch}"
            if self.onset_epoch
            else "validation loss does not turn up"
        )
        return (
            f"{self.verdict}: best epoch {self.best_epoch}, {onset}; at epoch "
            f"{self.kept_epoch}, the model kept, validation loss − training loss = "
            f"{self.loss_gap:.3f} and training accuracy − validation accuracy = "
            f"{self.accuracy_gap:.3f}."
        )


def _series(history, key):
    if key not in history:
        raise HistoryError(
            f"the history has no {key!r} series (it has "
            f"{', '.join(sorted(history)) or 'none'})"
        )
    values = np.asarray(history[key], dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise HistoryError(
            f"{key!r} must be a non-empty list of numbers, one per epoch"
        )
    if not np.all(np.isfinite(values)):
        raise HistoryError(
            f"{key!r} holds NaN or infinite values (a diverged run?) at epoch(s) "
            f"{', '.join(str(i + 1) for i in np.flatnonzero(~np.isfinite(values)))}"
        )
    return values


def diagnose(history, *, epoch=None, good_accuracy=0.9, max_gap=0.05, rise=0.1):
    """Diagnose a Keras-style history: a dict with ``loss``, ``val_loss``, ``accuracy``,
    ``val_accuracy``.

    ``epoch`` is the epoch whose model is kept (counted from 1; default the last): the
    gap and the verdict are read there.  The best epoch and the onset look at the whole
    run.
    """
    loss, val_loss = _series(history, "loss"), _series(history, "val_loss")
    accuracy, val_accuracy = (
        _series(history, "accuracy"),
        _series(history, "val_accuracy"),
    )
    if not len(loss) == len(val_loss) == len(accuracy) == len(val_accuracy):
        raise HistoryError(
            "the four series must have one value per epoch each; their lengths differ"
        )
    kept = len(loss) if epoch is None else epoch
    if not isinstance(kept, (int, np.integer)) or not 1 <= kept <= len(loss):
        raise HistoryError(
            "the kept epoch must be a whole number from 1 to "
            f"{len(loss)}, not {epoch!r}"
        )
    kept -= 1
    best = int(np.argmin(val_loss))
    rose = val_loss[best:].max() > val_loss[best] * (1 + rise)
    train_kept_falling = loss[-1] < loss[best]
    onset = best + 1 if rose and train_kept_falling and best < len(loss) - 1 else None
    if accuracy[kept] < good_accuracy:
        verdict = UNDERFITTING
    elif accuracy[kept] - val_accuracy[kept] > max_gap:
        verdict = OVERFITTING
    else:
        verdict = GOOD_FIT
    rule = (
        "best epoch = lowest validation loss; overfitting onset = best epoch if "
        f"validation loss later rises more than {rise:.0%} above its minimum while "
        "training loss keeps falling; verdict at the kept epoch: underfitting if "
        f"training accuracy < {good_accuracy:g}, else overfitting if it exceeds "
        f"validation accuracy by more than {max_gap:g}, else good fit"
    )
    return Diagnosis(
        verdict,
        best + 1,
        onset,
        kept + 1,
        float(val_loss[kept] - loss[kept]),
        float(accuracy[kept] - val_accuracy[kept]),
        rule,
    )
