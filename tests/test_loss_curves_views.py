import numpy as np
import pytest

from dlbook import loss_curves_views as views
from dlbook.loss_curves import Mistakes, Run

EPOCHS = np.arange(1, 31)


def run(best=10, val_accuracy=0.93, remedy="none"):
    history = {
        "loss": list(1 / EPOCHS),
        "val_loss": list(0.3 + 0.001 * (EPOCHS - best) ** 2),
        "accuracy": list(np.full(30, 1.0)),
        "val_accuracy": list(np.full(30, val_accuracy)),
    }
    kept = best if remedy == "early stopping" else 30
    return Run("BCE", remedy, history, kept, 0.2, 0.9, (0.5,))


def test_loss_table_reads_the_turn_up_beside_its_rise():
    header, rows = views.loss_table({"turns": run(best=10), "flat": run(best=30)})
    assert len(header) == len(rows[0]) == 5
    assert rows[0][1:] == [10, "0.3000 → 0.7000", "133 %", "after epoch 10"]
    assert rows[1][1:] == [30, "0.3000 → 0.3000", "0 %", "no"]


def test_accuracy_table_gives_the_margin_in_images_and_the_noise():
    header, rows = views.accuracy_table({"run": run(val_accuracy=0.94)}, 600)
    assert header[4] == "margin (gap − 0.05)"
    assert rows[0][3:] == ["0.060", "+0.010", "+6.0", "0.010", "overfitting"]


def test_remedy_and_variant_tables_have_a_cell_per_column():
    runs = {("BCE", r): run(remedy=r) for r in ("none", "early stopping")}
    header, rows = views.remedy_table(runs)
    assert all(len(row) == len(header) for row in rows)
    assert rows[1][2] == "30 (10)" and rows[1][6] == "+0.020"
    header, rows = views.variant_table({"a": run()})
    assert len(rows[0]) == len(header) and rows[0][-1] == "overfitting"
    # The verdict comes with its margin (gap 0.07 minus 0.05).
    assert header[5] == "margin" and rows[0][5] == "+0.020"


def test_mistakes_table_shows_percentages():
    _, rows = views.mistakes_table({"end": (30, Mistakes(0.05, 0.6, 2.5, 0.05))})
    assert rows == [["end", "epoch 30", "5.0 %", "60 %", "2.50", "0.050"]]


def test_weights_table_marks_exact_zeros():
    header, rows = views.weights_table(
        {"L1": np.array([1.5, -0.0]), "L2": np.array([1.2, -0.0004])}
    )
    assert header == ["weight", "L1", "L2"]
    assert rows == [["$w_{1}$", "1.500", "1.200"], ["$w_{2}$", "0", "−0.000"]]


def test_curves_table_reads_every_few_epochs_up_to_the_shortest_curve():
    header, rows = views.curves_table(
        {"A": [0.5, 0.4, 0.3, 0.2, 0.1], "B": [1.0, 0.9, 0.8, 0.7]}, every=2
    )
    assert header == ["epoch", "A", "B"]
    assert rows == [[2, "0.400", "0.900"], [4, "0.200", "0.700"]]
    _, rows = views.curves_table({"A": [0.5, 0.4, 0.3]}, every=1, last=2, digits=1)
    assert rows == [[1, "0.5"], [2, "0.4"]]
    with pytest.raises(ValueError, match="every must be 1 epoch or more"):
        views.curves_table({"A": [0.5]}, every=0)


def test_show_makes_a_table_a_cell_can_output():
    shown = views.show((["run", "epoch"], [["A", 3], ["B|C", 4]]))
    assert shown.data.splitlines() == [
        "| run | epoch |",
        "|---|---|",
        "| A | 3 |",
        "| B\\|C | 4 |",
    ]
