import html
import re

import numpy as np
import pytest

from dlbook import style
from dlbook.loss_curves import LOSSES, REMEDIES, Run
from dlbook.loss_curves_explorer import loss_curves_explorer, move_run, plot_run


def made_up_run(loss, remedy, best):
    """A run whose validation loss is lowest at epoch ``best`` (no training: constructed
    curves)."""
    epochs = np.arange(1, 31)
    history = {
        "loss": list(1 / epochs),
        "val_loss": list(0.3 + 0.001 * (epochs - best) ** 2),
        "accuracy": list(1 - 0.1 / epochs),
        "val_accuracy": list(np.full(30, 0.93)),
    }
    kept = best if remedy == "early stopping" else 30
    return Run(
        loss,
        remedy,
        history,
        kept,
        test_loss=0.2,
        test_accuracy=0.9,
        val_predictions=(0.5,),
    )


RUNS = {
    (loss, remedy): made_up_run(loss, remedy, best=5 + 3 * i + 10 * j)
    for j, loss in enumerate(LOSSES)
    for i, remedy in enumerate(REMEDIES)
}


def test_plot_run_draws_both_curves_and_the_kept_epoch_and_move_run_switches_them():
    fig, ax = style.subplots()
    artists = plot_run(ax, RUNS["BCE", "none"], "loss")
    train, val, kept = artists
    assert list(train.get_ydata()) == RUNS["BCE", "none"].history["loss"]
    assert kept.get_xdata()[0] == 30
    move_run(artists, RUNS["MSE", "early stopping"], "loss")
    assert list(val.get_ydata()) == RUNS["MSE", "early stopping"].history["val_loss"]
    assert kept.get_xdata()[0] == RUNS["MSE", "early stopping"].kept_epoch


def test_static_explorer_has_a_frame_per_run_with_its_diagnosis():
    explorer = loss_curves_explorer(RUNS, mode="static")
    assert len(explorer.frames) == len(LOSSES) * len(REMEDIES) == 8
    for params, frame in zip(explorer.combinations, explorer.frames):
        run = RUNS[params["loss"], params["remedy"]]
        caption = html.unescape(re.search(r"<p>(.*)</p>", frame.value).group(1))
        d = run.diagnosis()
        labels = caption.split(" · ")
        assert labels[0] == f"Diagnosis: {d.verdict}" == "Diagnosis: overfitting"
        assert f"accuracy gap {d.accuracy_gap:.3f}" in labels
        assert "threshold 0.05" in labels and f"margin {d.margin:+.3f}" in labels
        assert (
            f"validation loss turns up: after epoch {d.best_epoch} "
            f"(+{100 * d.rise:.0f} %)" in labels
        )
        assert f"kept epoch: {run.kept_epoch}" in labels
        alt = html.unescape(re.search(r'alt="([^"]*)"', frame.value).group(1))
        assert (
            f"lowest at epoch {run.diagnosis().best_epoch}," in alt
            and f"remedy {params['remedy']}" in alt
        )
    assert explorer.payload_bytes < 400_000


def test_live_explorer_redraws_the_chosen_run():
    explorer = loss_curves_explorer(RUNS, mode="live")
    loss_control, remedy_control = explorer.controls
    remedy_control.value = "early stopping"
    assert "kept at epoch 18" in explorer.frames[0].value  # BCE, the default loss
    loss_control.value = "MSE"
    assert (
        "kept at epoch 8" in explorer.frames[0].value
        and len(explorer.update_seconds) == 2
    )


def test_the_caption_says_no_turn_up_without_contradicting_the_verdict():
    flat = made_up_run("MSE", "none", best=30)  # validation loss lowest at the end
    caption = loss_curves_explorer({**RUNS, ("MSE", "none"): flat}, mode="live")
    labels = caption.drawn.caption("MSE", "none").split(" · ")
    assert labels[0] == "Diagnosis: overfitting" and "margin +0.017" in labels
    assert "validation loss turns up: no" in labels
    assert not any("overfitting" in label for label in labels[1:])


def test_a_missing_run_is_named():
    runs = dict(RUNS)
    del runs["MSE", "dropout"]
    with pytest.raises(ValueError, match=r"missing \[\('MSE', 'dropout'\)\]"):
        loss_curves_explorer(runs, mode="static")
