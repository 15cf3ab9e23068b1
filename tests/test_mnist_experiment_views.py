import json

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlbook import mnist_experiment_views
from dlbook.mnist_experiment_views import (
    RecordError,
    best_alpha,
    by_alpha,
    clearly_apart,
    complete_seeds,
    confusion,
    confusion_plot,
    digit_grid,
    digits,
    load,
    mean_std,
    runs,
    signed,
    slope,
    spread,
)


def run(alpha, seed, accuracy, train_on="both"):
    return {
        "alpha": alpha,
        "seed": seed,
        "train_on": train_on,
        "test_accuracy_all": accuracy,
        "history": {"accuracy": [0.5, accuracy - 0.01]},
    }


def sweep():
    return {
        "settings": {"epochs": 2},
        "runs": [
            run(0.0, 0, 0.990),
            run(0.0, 1, 0.992),
            run(0.0, 2, 0.991),
            run(1.0, 0, 0.950),
            run(1.0, 1, 0.960),
            run(1.0, 2, 0.955),
            run(-1.0, 0, 0.991),
            run(-1.0, 1, 0.989),  # seed 2 missing
            run(0.0, 0, 0.5, train_on="original"),
        ],
    }


def test_runs_and_by_alpha_keep_the_doubled_set_and_read_tests_or_last_epochs():
    found = sweep()
    assert len(runs(found)) == 8 and len(runs(found, "original")) == 1
    assert by_alpha(found, "test_accuracy_all")[0.0].tolist() == [0.990, 0.992, 0.991]
    assert by_alpha(found, "accuracy")[1.0] == pytest.approx([0.94, 0.95, 0.945])
    assert list(by_alpha(found, "test_accuracy_all")) == [-1.0, 0.0, 1.0]


def test_spread_and_mean_std():
    found = spread([0.990, 0.992, 0.991])
    assert found["mean"] == pytest.approx(0.991) and found["std"] == pytest.approx(
        0.001
    )
    assert (found["min"], found["max"], found["n"]) == (0.990, 0.992, 3)
    assert mean_std([0.990, 0.992, 0.991]) == "0.9910 ± 0.0010"
    assert mean_std([0.5]) == "0.5000" and spread([0.5])["std"] == 0.0


def test_clearly_apart_only_when_the_ranges_do_not_overlap():
    assert clearly_apart([0.990, 0.992], [0.95, 0.96])
    assert not clearly_apart([0.990, 0.992], [0.991, 0.989])


def test_best_alpha_and_complete_seeds():
    assert best_alpha(sweep()) == 0.0
    assert complete_seeds(sweep()) == [0, 1]


def test_confusion_counts_pairs_and_digits_decode():
    labels, predicted = digits("0112"), digits("0122")
    assert labels.tolist() == [0, 1, 1, 2]
    counts = confusion(labels, predicted, classes=3)
    assert counts.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]] and counts.sum() == 4
    with pytest.raises(ValueError, match="labels but"):
        confusion(labels, predicted[:3])


def test_load_explains_a_missing_corrupt_or_empty_file(tmp_path):
    with pytest.raises(RecordError, match="does not exist.*--profile full"):
        load(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"settings": {}, "runs": [')
    with pytest.raises(RecordError, match="not valid JSON"):
        load(broken)
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"settings": {}, "runs": []}))
    with pytest.raises(RecordError, match="no recorded runs"):
        load(empty)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(sweep()))
    assert load(good) == sweep()


def test_the_course_run_is_the_seed_table():
    assert sorted(mnist_experiment_views.COURSE_RUN) == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert mnist_experiment_views.COURSE_RUN[1.0] == (0.1334, 0.1338, 0.1216)
    assert np.isclose(mnist_experiment_views.COURSE_RUN[-1.0][1], 0.9822)


def test_slopes_and_differences_are_written_with_a_true_minus():
    assert slope(-0.5) == "−0.5" and slope(0.0) == "0" and slope(1.0) == "1"
    assert (
        signed(-0.18) == "−0.18"
        and signed(0.125, digits=1) == "+0.1"
        and signed(0.0) == "+0.00"
    )


def test_digit_grid_draws_each_image_with_its_title_and_hides_the_rest():
    images = np.zeros((5, 28, 28, 1), np.uint8)
    fig = digit_grid(images, titles=list("abcde"), columns=4)
    axes = fig.axes
    assert len(axes) == 8
    assert [ax.get_title() for ax in axes[:5]] == list("abcde")
    assert sum(bool(ax.images) for ax in axes) == 5 and not any(
        ax.axison for ax in axes[5:]
    )
    plt.close(fig)


def test_confusion_plot_writes_every_nonzero_count():
    counts = np.array([[5, 1, 0], [0, 4, 2], [0, 0, 6]])
    fig = confusion_plot(counts)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == sorted(["5", "1", "4", "2", "6"])
    shaded = fig.axes[0].images[0].get_array()
    assert np.isnan(
        np.diag(shaded.filled(np.nan))
    ).all()  # the diagonal is not coloured
    plt.close(fig)


def test_the_recorded_linear_file_has_its_own_remedy(tmp_path):
    with pytest.raises(RecordError, match="--experiment linear --profile full"):
        load(tmp_path / "mnist-linear-full.json")


def test_tables_of_a_sweep_have_one_row_per_alpha_and_a_cell_per_column():
    found = sweep()
    for each in found["runs"]:
        each.update(
            test_accuracy_original=each["test_accuracy_all"],
            test_accuracy_inverted=each["test_accuracy_all"],
        )
        each["history"]["val_accuracy"] = each["history"]["accuracy"]
    header, rows = mnist_experiment_views.accuracy_table(found)
    assert header[0] == "α" and len(header) == 6
    assert [row[0] for row in rows] == ["−1", "0", "1"]
    assert rows[1][3] == mean_std([0.990, 0.992, 0.991])
    header, rows = mnist_experiment_views.course_table(found)
    assert header[1] == "course: train" and header[-1] == "ours: val"
    assert rows[-1][:4] == ["1", "0.1334", "0.1338", "0.1216"]
    other = {"settings": {"batch_size": 32}, "runs": [run(1.0, 0, 0.99)]}
    header, rows = mnist_experiment_views.batch_table(
        {**found, "settings": {"batch_size": 128}}, other
    )
    assert header[1:3] == ["test, all: batch 128", "test, all: batch 32"]
    assert rows == [["1", "0.9550 ± 0.0050", "0.9900", "yes"]]


def test_ranking_orders_by_mean_and_marks_the_pairs_apart():
    ranked, apart = mnist_experiment_views.ranking(sweep())
    assert ranked == [0.0, -1.0, 1.0]  # means 0.991, 0.990, 0.955
    assert apart == [False, True]


def test_recorded_halves_pair_the_one_half_runs_with_the_same_seed_on_both():
    found = sweep()
    found["runs"].append(run(0.0, 0, 0.4, train_on="inverted"))
    halves = mnist_experiment_views.recorded_halves(found)
    assert list(halves) == ["original", "inverted", "both"]
    assert halves["both"]["test_accuracy_all"] == 0.990
    for half in halves.values():
        half.update(test_accuracy_original=0.9, test_accuracy_inverted=0.1)
    header, rows = mnist_experiment_views.halves_table(halves)
    assert [row[0] for row in rows] == list(mnist_experiment_views.HALVES.values())
    assert rows[0][1:] == ["0.9000", "0.1000"]


def test_the_bound_of_a_linear_classifier_is_half_plus_half_a_digit():
    assert mnist_experiment_views.linear_bound([100] * 10, 3) == pytest.approx(0.55)
    assert mnist_experiment_views.linear_bound([1, 3], 1) == pytest.approx(0.875)


def test_benchmark_and_trial_tables_write_each_result():
    result = {
        "setup": "chapter",
        "images_per_second_later_epochs": 2623.6,
        "test_accuracy_original": [0.98, 0.991],
        "epochs_to_target": 2,
    }
    plain = {**result, "setup": "plain", "epochs_to_target": None}
    bench = {"target": 0.99, "results": [result, plain]}
    header, rows = mnist_experiment_views.benchmark_table({"first": (bench, 128)})
    assert header[-1] == "epochs to 99 %"
    assert rows == [
        ["first", "the sweep's", "128", "2,624", "99.10", "2"],
        ["first", "plain fit", "32", "2,624", "99.10", "not reached"],
    ]
    trial = {
        "alpha": 1.0,
        "optimizer": "SGD",
        "learning_rate": 1.0,
        "scaled": True,
        "pooling": "average",
        "initial_loss": 2.31,
        "loss": [float("nan")],
        "test_accuracy": 0.1,
        "top_digit_share": 1.0,
    }
    _, rows = mnist_experiment_views.divergence_table([trial])
    assert rows == [["SGD", "1", "0..1", "1", "2.31", "nan", "0.100", "1.00"]]
    _, rows = mnist_experiment_views.pooling_table({(1.0, "average"): trial})
    assert rows == [["1", "average", "yes", "nan", "0.100"]]


def test_the_training_column_is_measured_after_training_when_every_run_has_it():
    found = sweep()
    for each in found["runs"]:
        each.update(
            test_accuracy_original=each["test_accuracy_all"],
            test_accuracy_inverted=each["test_accuracy_all"],
        )
        each["history"]["val_accuracy"] = each["history"]["accuracy"]
    running = mnist_experiment_views.accuracy_table(found)[1]
    assert running[1][1] == mean_std([0.98, 0.982, 0.981])  # the last epoch's
    for each in found["runs"]:
        each["train_accuracy"] = 0.5
    after = mnist_experiment_views.accuracy_table(found)[1]
    assert [row[1] for row in after] == ["0.5000 ± 0.0000", "0.5000 ± 0.0000"] + [
        "0.5000 ± 0.0000"
    ]


def test_the_layer_table_writes_shapes_without_the_batch_axis():
    from dlbook.mnist_experiment import cnn

    header, rows = mnist_experiment_views.layer_table(cnn(0.0))
    assert header == ["layer", "output shape", "weights"]
    assert rows[1] == ["Conv2D", "26 × 26 × 32", "320"]
    assert rows[-1] == ["Dense", "10", "16,010"]


def test_the_layers_figures_draw_what_they_are_given():
    from dlbook import style

    digit = np.zeros((28, 28))
    digit[10:12, 5:20] = 1.0
    edge = np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]])
    from dlbook.mnist_experiment import convolve, pool

    on_digit, on_inverted = convolve(digit, edge), convolve(1 - digit, edge)
    fig = mnist_experiment_views.convolution_figure(digit, on_digit, on_inverted)
    assert len(fig.axes) == 6 and fig.axes[4].get_title() == "feature map"
    after_relu = fig.axes[2].images[0].get_array()
    assert np.array_equal(after_relu, np.maximum(on_digit, 0))
    style.check_legible(fig)
    plt.close(fig)
    relu = np.maximum(on_digit, 0)
    fig = mnist_experiment_views.pooling_figure(relu, pool(relu), pool(relu, np.mean))
    assert [ax.get_title() for ax in fig.axes] == [
        "feature map\n26 × 26",
        "max pooling\n13 × 13",
        "average\n13 × 13",
    ]
    style.check_legible(fig)
    plt.close(fig)
    a = np.array([[1.0, 0.0], [0.0, 3.0]])
    fig = mnist_experiment_views.window_figure(a, -a)
    assert fig.axes[1].get_title() == "b\nmax 0.00\nmean −1.00"
    assert [t.get_text() for t in fig.axes[2].texts] == ["0.00"] * 4
    style.check_legible(fig)
    plt.close(fig)
    scores = {"average": (np.eye(3), -np.eye(3)), "max": (np.eye(3), np.eye(3))}
    fig = mnist_experiment_views.scores_figure(scores, digit=1)
    assert fig.axes[0].collections[0].get_offsets()[:, 1].tolist() == [0, -1, 0]
    assert fig.axes[1].get_title() == "max pooling"
    style.check_legible(fig)
    plt.close(fig)
