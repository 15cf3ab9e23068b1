import numpy as np
import pytest

from dlbook import loss_curves
from dlbook.diagnosis import diagnose


def test_binary_digits_are_two_classes_scaled_and_disjoint():
    (x_train, y_train), (x_val, y_val) = loss_curves.binary_digits(4, 9, train=100, validation=50)
    assert x_train.shape == (100, 784) and x_val.shape == (50, 784)
    assert set(np.unique(y_train)) == {0.0, 1.0} and 0 <= x_train.min() and x_train.max() <= 1
    rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in rows for row in x_val)


def test_binary_digits_refuse_impossible_requests():
    with pytest.raises(ValueError, match="must differ"):
        loss_curves.binary_digits(3, 3)
    with pytest.raises(ValueError, match="fewer than the 5000 asked for"):
        loss_curves.binary_digits(train=4000, validation=1000)


def test_training_records_every_epoch_and_is_reproducible():
    data = loss_curves.binary_digits(train=64, validation=64)
    first = loss_curves.train_binary(data, "BCE", epochs=3)
    again = loss_curves.train_binary(data, "BCE", epochs=3)
    assert set(first) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(first["loss"]) == 3 and first == again
    assert diagnose(first).best_epoch in (1, 2, 3)


def test_remedies_build_the_model_they_name():
    assert any(layer.__class__.__name__ == "Dropout" for layer in loss_curves.model("dropout").layers)
    assert loss_curves.model("L2").layers[0].kernel_regularizer is not None
    assert loss_curves.model("none").layers[0].kernel_regularizer is None


def test_unknown_loss_or_remedy_is_a_clear_error():
    data = loss_curves.binary_digits(train=8, validation=8)
    with pytest.raises(ValueError, match="loss must be one of MSE, BCE"):
        loss_curves.train_binary(data, "hinge")
    with pytest.raises(ValueError, match="remedy must be one of"):
        loss_curves.train_binary(data, "MSE", remedy="more data")
