import numpy as np
import pytest

from dlbook.diagnosis import (
    GOOD_FIT,
    OVERFITTING,
    UNDERFITTING,
    HistoryError,
    diagnose,
    verdict,
)

EPOCHS = np.arange(1, 41)


def history(loss, val_loss, accuracy, val_accuracy):
    return {
        "loss": list(loss),
        "val_loss": list(val_loss),
        "accuracy": list(accuracy),
        "val_accuracy": list(val_accuracy),
    }


def test_a_u_shaped_validation_curve_is_overfitting_with_its_onset_at_the_minimum():
    loss = 1.0 / EPOCHS
    val_loss = 0.3 + 0.002 * (EPOCHS - 15) ** 2  # lowest at epoch 15, then rising
    result = diagnose(
        history(loss, val_loss, 1 - loss / 4, 0.9 - 0.001 * np.abs(EPOCHS - 15))
    )
    assert result.verdict == OVERFITTING
    assert result.best_epoch == 15 and result.onset_epoch == 15
    assert result.loss_gap == pytest.approx(val_loss[-1] - loss[-1])
    assert result.rise == pytest.approx(val_loss.max() / val_loss.min() - 1)


def test_curves_still_falling_together_are_a_good_fit_with_no_onset():
    loss = 0.5 * np.exp(-EPOCHS / 10) + 0.05
    result = diagnose(history(loss, loss * 1.05, 1 - loss / 2, 1 - loss / 2 - 0.01))
    assert (
        result.verdict == GOOD_FIT
        and result.best_epoch == 40
        and result.onset_epoch is None
    )


def test_low_training_accuracy_is_underfitting_whatever_the_gap():
    flat = np.full(40, 2.3)
    result = diagnose(
        history(
            flat - 0.001 * EPOCHS,
            flat - 0.001 * EPOCHS,
            np.full(40, 0.11),
            np.full(40, 0.10),
        )
    )
    assert result.verdict == UNDERFITTING


def test_a_small_rise_within_the_tolerance_is_not_an_onset():
    loss = 1.0 / EPOCHS
    val_loss = np.concatenate(
        [np.linspace(1, 0.5, 20), np.linspace(0.5, 0.52, 20)]
    )  # 4 % rise
    result = diagnose(history(loss, val_loss, np.full(40, 0.95), np.full(40, 0.94)))
    assert result.best_epoch == 20 and result.onset_epoch is None
    assert result.rise == pytest.approx(0.04)
    assert (
        diagnose(
            history(loss, val_loss, np.full(40, 0.95), np.full(40, 0.94)), rise=0.02
        ).onset_epoch
        == 20
    )


def test_validation_rising_while_training_also_rises_is_not_called_overfitting_onset():
    loss = np.concatenate(
        [np.linspace(1, 0.2, 20), np.linspace(0.2, 0.6, 20)]
    )  # training diverges too
    val_loss = loss + 0.1
    assert (
        diagnose(
            history(loss, val_loss, np.full(40, 0.95), np.full(40, 0.94))
        ).onset_epoch
        is None
    )


def test_the_thresholds_are_parameters_and_the_margin_says_how_close_they_were():
    h = history(
        np.linspace(1, 0.1, 10),
        np.linspace(1, 0.2, 10),
        np.full(10, 0.97),
        np.full(10, 0.93),
    )
    default = diagnose(h)
    assert default.verdict == GOOD_FIT and default.margin == pytest.approx(-0.01)
    strict = diagnose(h, max_gap=0.02)
    assert strict.verdict == OVERFITTING and strict.margin == pytest.approx(0.02)


@pytest.mark.parametrize(
    "accuracy, val_accuracy, expected",
    [
        (0.85, 0.50, UNDERFITTING),  # low training accuracy is read first
        (1.00, 0.93, OVERFITTING),
        (1.00, 0.95, GOOD_FIT),
        (1.00, 0.9375, GOOD_FIT),  # a gap equal to the threshold is not above it
    ],
)
def test_the_verdict_reads_the_accuracies_in_the_lectures_order(
    accuracy, val_accuracy, expected
):
    assert verdict(accuracy, val_accuracy, max_gap=0.0625) == expected


@pytest.mark.parametrize(
    "change, message",
    [
        ({"val_loss": None}, "no 'val_loss' series"),
        ({"loss": []}, "'loss' must be a non-empty list"),
        ({"accuracy": [0.5, 0.6]}, "lengths differ"),
        (
            {"val_loss": [1.0, float("nan"), 0.5]},
            "NaN or infinite values .* at epoch\\(s\\) 2",
        ),
    ],
)
def test_bad_histories_get_clear_errors(change, message):
    h = history([1.0, 0.8, 0.6], [1.1, 0.9, 0.7], [0.5, 0.6, 0.7], [0.5, 0.55, 0.6])
    for key, value in change.items():
        if value is None:
            del h[key]
        else:
            h[key] = value
    with pytest.raises(HistoryError, match=message):
        diagnose(h)


def test_the_verdict_and_gaps_are_read_at_the_kept_epoch():
    # Early stopping that restored the weights of epoch 15 keeps a model from before the
    # gap opened.
    loss = 1.0 / EPOCHS
    val_loss = 0.3 + 0.002 * (EPOCHS - 15) ** 2
    accuracy = np.minimum(0.9 + 0.003 * EPOCHS, 1.0)
    val_accuracy = np.full(40, 0.92)
    h = history(loss, val_loss, accuracy, val_accuracy)
    at_end, at_best = diagnose(h), diagnose(h, epoch=15)
    assert at_end.verdict == OVERFITTING and at_end.kept_epoch == 40
    assert at_best.verdict == GOOD_FIT and at_best.kept_epoch == 15
    assert at_best.loss_gap == pytest.approx(val_loss[14] - loss[14])
    assert at_best.accuracy_gap == pytest.approx(accuracy[14] - 0.92)
    assert at_best.best_epoch == at_end.best_epoch == 15


@pytest.mark.parametrize("epoch", [0, 41, 2.5, "3"])
def test_a_kept_epoch_outside_the_run_is_a_clear_error(epoch):
    h = history(1.0 / EPOCHS, 1.0 / EPOCHS, np.full(40, 0.95), np.full(40, 0.94))
    with pytest.raises(
        HistoryError, match="kept epoch must be a whole number from 1 to 40"
    ):
        diagnose(h, epoch=epoch)


def test_a_float32_gap_equal_to_the_threshold_is_not_above_it():
    # 570 of 600 right, stored in float32 as Keras stores it: 1 - 0.95 is 0.05000001.
    val_accuracy = float(np.float32(570 / 600))
    assert 1.0 - val_accuracy > 0.05
    assert verdict(1.0, val_accuracy) == GOOD_FIT
    h = history([0.5, 0.4], [0.6, 0.5], [1.0, 1.0], [0.9, val_accuracy])
    result = diagnose(h)
    assert result.verdict == GOOD_FIT and result.margin == pytest.approx(0, abs=1e-12)
