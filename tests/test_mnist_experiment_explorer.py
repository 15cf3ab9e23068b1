import pytest

from dlbook.mnist_experiment_explorer import sweep_explorer


def run(alpha, seed):
    accuracy = 0.9 + 0.01 * seed - 0.02 * abs(alpha)
    return {
        "alpha": alpha,
        "seed": seed,
        "train_on": "both",
        "history": {
            "loss": [0.5, 0.2, 0.1],
            "val_loss": [0.4, 0.2, 0.15],
            "accuracy": [0.8, 0.9, accuracy],
            "val_accuracy": [0.85, 0.9, accuracy],
        },
        "test_accuracy_all": accuracy,
        "test_accuracy_original": accuracy + 0.001,
        "test_accuracy_inverted": accuracy - 0.001,
    }


def sweep(seeds=(0, 1)):
    runs = [run(alpha, seed) for seed in seeds for alpha in (-1.0, 0.0, 1.0)]
    return {"settings": {}, "runs": runs + [run(0.5, 0)]}  # α = 0.5 only for seed 0


def test_static_explorer_has_a_frame_per_alpha_and_complete_seed():
    explorer = sweep_explorer(sweep(), mode="static")
    # Seed 1 lacks α = 0.5, so only seed 0 is complete: four α, one seed.
    assert sorted(explorer.drawn.runs) == [(-1.0, 0), (0.0, 0), (0.5, 0), (1.0, 0)]
    assert len(explorer.combinations) == 4
    html = explorer._frame_html({"alpha": 1.0, "seed": 0})
    assert "α = 1, seed 0" in html and "0.8810 on the originals" in html


def test_live_explorer_moves_the_lines_to_the_chosen_run():
    explorer = sweep_explorer(
        {"settings": {}, "runs": [run(a, s) for s in (0, 1) for a in (0.0, 1.0)]},
        mode="live",
    )
    explorer.drawn.update(alpha=1.0, seed=1)
    train_line = explorer.drawn.accuracy_artists[0]
    assert list(train_line.get_ydata()) == [0.8, 0.9, pytest.approx(0.89)]
    assert "seed 1" in explorer.drawn.figure._suptitle.get_text()


def test_an_empty_sweep_is_refused():
    with pytest.raises(ValueError, match="no seed with a run for every α"):
        sweep_explorer({"settings": {}, "runs": []}, mode="static")
