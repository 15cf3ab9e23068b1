import numpy as np
import pytest
from own_notebook import run_without_dlbook

from dlbook import loss_curves


def test_binary_digits_are_two_classes_scaled_and_disjoint():
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = loss_curves.binary_digits(
        4, 9, train=100, validation=50
    )
    assert (
        x_train.shape == (100, 784)
        and x_val.shape == (50, 784)
        and x_test.shape == (200, 784)
    )
    assert set(np.unique(y_train)) == set(np.unique(y_test)) == {0.0, 1.0}
    assert 0 <= x_train.min() and x_train.max() <= 1
    rows = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in rows for row in x_val)


def test_binary_digits_refuse_impossible_requests():
    with pytest.raises(ValueError, match="must differ"):
        loss_curves.binary_digits(3, 3)
    with pytest.raises(ValueError, match="fewer than the 5000 asked for"):
        loss_curves.binary_digits(train=4000, validation=1000)


def test_shift_moves_pixels_and_blanks_what_enters():
    image = np.arange(784, dtype="float32").reshape(1, 784) + 1
    grid = image.reshape(28, 28)
    down_right = loss_curves.shift(image, 2, 1).reshape(28, 28)
    assert np.array_equal(down_right[2:, 1:], grid[:-2, :-1])
    assert not down_right[:2].any() and not down_right[:, :1].any()
    up_left = loss_curves.shift(image, -1, -3).reshape(28, 28)
    assert np.array_equal(up_left[:-1, :-3], grid[1:, 3:]) and not up_left[-1:].any()
    assert np.array_equal(loss_curves.shift(image, 0, 0), image)


def test_shifted_copies_keep_labels_and_originals():
    (x, y), _, _ = loss_curves.binary_digits(train=20, validation=10)
    more_x, more_y = loss_curves.shifted_copies(x, y, copies=2, max_shift=2, seed=1)
    assert more_x.shape == (60, 784) and np.array_equal(
        more_y, np.concatenate([y, y, y])
    )
    assert np.array_equal(more_x[:20], x)
    # Each copy is its original moved by at most two pixels: same ink, give or take the
    # border.
    assert np.allclose(more_x[20:40].sum(axis=1), x.sum(axis=1), rtol=0.05)
    assert not np.array_equal(more_x[20:40], x)


def test_training_records_every_epoch_and_is_reproducible():
    data = loss_curves.binary_digits(train=64, validation=64)
    first = loss_curves.train_binary(data, "BCE", epochs=3)
    again = loss_curves.train_binary(data, "BCE", epochs=3)
    assert set(first.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert first.epochs == 3 and first.kept_epoch == 3 and first == again
    assert 0 <= first.test_accuracy <= 1 and first.test_loss > 0
    assert len(first.val_predictions) == 64 and all(
        0 < p < 1 for p in first.val_predictions
    )
    assert first.diagnosis().best_epoch in (1, 2, 3)


def test_the_l2_run_records_the_data_loss_without_the_penalty():
    data = loss_curves.binary_digits(train=64, validation=64)
    run = loss_curves.train_binary(data, "MSE", "L2", epochs=2)
    # A squared error of probabilities lies in [0, 1]; with the penalty on 270k weights
    # it would not be below it.
    assert all(0 <= value <= 0.3 for value in run.history["val_loss"])


def test_early_stopping_keeps_the_best_epoch():
    data = loss_curves.binary_digits(train=64, validation=64)
    run = loss_curves.train_binary(
        data, "BCE", "early stopping", epochs=40, learning_rate=0.5, patience=2
    )
    best = int(np.argmin(run.history["val_loss"])) + 1
    assert run.kept_epoch == best and run.epochs <= best + 2
    assert run.diagnosis().kept_epoch == best
    # The outputs come from the restored weights: their accuracy is the best epoch's.
    _, (_, y_val), _ = data
    accuracy = np.mean((np.array(run.val_predictions) > 0.5) == y_val)
    assert accuracy == pytest.approx(run.history["val_accuracy"][best - 1])


def test_initial_loss_is_near_the_value_for_an_output_of_one_half():
    data = loss_curves.binary_digits(train=200, validation=10)
    assert loss_curves.initial_loss(data, "MSE") == pytest.approx(0.25, abs=0.05)
    assert loss_curves.initial_loss(data, "BCE") == pytest.approx(np.log(2), abs=0.15)


def test_remedies_build_the_model_they_name():
    assert any(
        layer.__class__.__name__ == "Dropout"
        for layer in loss_curves.model("dropout").layers
    )
    assert loss_curves.model("L2").layers[0].kernel_regularizer is not None
    assert loss_curves.model("none").layers[0].kernel_regularizer is None
    assert any(
        layer.__class__.__name__ == "BatchNormalization"
        for layer in loss_curves.model(batch_norm=True).layers
    )


def test_unknown_loss_or_remedy_is_a_clear_error():
    data = loss_curves.binary_digits(train=8, validation=8)
    with pytest.raises(ValueError, match="loss must be one of MSE, BCE"):
        loss_curves.train_binary(data, "hinge")
    with pytest.raises(ValueError, match="remedy must be one of"):
        loss_curves.train_binary(data, "MSE", remedy="more data")


@pytest.mark.parametrize("loss, remedy", [("BCE", "none"), ("MSE", "L2")])
def test_the_written_out_loop_matches_keras_fit(loss, remedy):
    # One batch per epoch, so the order of the images cannot matter: the loop must give
    # Keras's own per-epoch figures, with the L2 penalty in the objective but not in the
    # history.
    import keras

    data = loss_curves.binary_digits(train=64, validation=32)
    run = loss_curves.train_binary(data, loss, remedy, epochs=4, batch_size=64)
    (x, y), (x_val, y_val), _ = data
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    network = loss_curves.model(remedy)
    metric = {
        "MSE": keras.metrics.MeanSquaredError,
        "BCE": keras.metrics.BinaryCrossentropy,
    }
    network.compile(
        keras.optimizers.SGD(0.1),
        loss_curves.LOSSES[loss],
        metrics=["accuracy", metric[loss](name="data_loss")],
    )
    fitted = network.fit(
        x,
        y[:, None],
        validation_data=(x_val, y_val[:, None]),
        epochs=4,
        batch_size=64,
        verbose=0,
    ).history
    assert run.history["loss"] == pytest.approx(fitted["data_loss"], rel=1e-4)
    assert run.history["val_loss"] == pytest.approx(fitted["val_data_loss"], rel=1e-4)
    assert run.history["accuracy"] == pytest.approx(fitted["accuracy"])
    assert run.history["val_accuracy"] == pytest.approx(fitted["val_accuracy"])


def test_mistakes_weigh_the_wrong_images_in_the_cross_entropy():
    labels = np.array([1.0, 1.0, 0.0, 0.0])
    run = loss_curves.Run("BCE", "none", {}, 1, 0.0, 0.0, (0.9, 0.2, 0.1, 0.4))
    found = loss_curves.mistakes(run, labels)
    losses = -np.log([0.9, 0.2, 0.9, 0.6])
    assert found.share == 0.25
    assert found.loss_share == pytest.approx(losses[1] / losses.sum())
    assert found.mean_wrong == pytest.approx(losses[1])
    assert found.mean_right == pytest.approx(np.mean(losses[[0, 2, 3]]))


def test_soft_threshold_stops_at_zero():
    w = np.array([-2.0, -0.3, 0.0, 0.2, 1.5])
    assert np.array_equal(
        loss_curves.soft_threshold(w, 0.5), np.array([-1.5, 0, 0, 0, 1.0])
    )


def regression(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40, 8))
    true_w = np.array([3.0, -2.0, 1.5, 0, 0, 0, 0, 0])
    return x, x @ true_w + rng.normal(size=40)


def test_fit_linear_without_a_penalty_is_least_squares():
    x, y = regression()
    assert loss_curves.fit_linear(x, y) == pytest.approx(
        np.linalg.lstsq(x, y, rcond=None)[0], abs=1e-8
    )


def test_fit_linear_with_l2_is_ridge_regression():
    x, y = regression()
    l2 = 0.1
    ridge = np.linalg.solve(x.T @ x / len(x) + l2 * np.eye(8), x.T @ y / len(x))
    assert loss_curves.fit_linear(x, y, l2=l2) == pytest.approx(ridge, abs=1e-8)


def test_l1_zeros_weights_exactly_only_with_the_proximal_step():
    x, y = regression()
    proximal = loss_curves.fit_linear(x, y, l1=0.6)
    subgradient = loss_curves.fit_linear(x, y, l1=0.6, proximal=False)
    assert np.all(proximal[3:] == 0) and np.all(proximal[:3] != 0)
    assert not np.any(subgradient == 0)
    # The proximal answer is a minimum: the L1 optimality conditions hold.
    gradient = 2 * x.T @ (x @ proximal - y) / len(x)
    assert np.allclose(gradient[:3], -0.6 * np.sign(proximal[:3]), atol=1e-6)
    assert np.all(np.abs(gradient[3:]) <= 0.6 + 1e-9)


def test_own_notebook_losses_and_gradients_match_the_package():
    # The main page's own-notebook cell, run without dlbook: its losses at several
    # outputs against the Keras losses the experiment trains with, and its gradients
    # against SymPy's derivatives through the package's sigmoid.
    import keras
    import sympy as sp

    from dlbook import activations

    outputs, labels, logits = (0.01, 0.3, 0.5, 0.9), (0, 1), (-5.0, -1.0, 0.0, 2.0, 5.0)
    probe = (
        "{'losses': [losses(q, y) for q in %r for y in %r],"
        " 'on_p': [push_on_p(q, y) for q in %r for y in %r],"
        " 'on_z': [push_on_z(z, y) for z in %r for y in %r]}"
        % (outputs, labels, outputs, labels, logits, labels)
    )
    own = run_without_dlbook("loss-curves", probe)
    pairs = [(q, y) for q in outputs for y in labels]
    keras_losses = [
        keras.losses.get(loss_curves.LOSSES[name]) for name in ("MSE", "BCE")
    ]
    for (q, label), values in zip(pairs, own["losses"]):
        target, output = np.array([float(label)]), np.array([q])
        expected = [float(loss(target, output)) for loss in keras_losses]
        assert values == pytest.approx(expected, rel=1e-5)
        bce = loss_curves.per_image_bce(q, label)
        assert values[1] == pytest.approx(bce, rel=1e-12)
    p, y = sp.symbols("p y")
    squared_error = (y - p) ** 2
    cross_entropy = -(y * sp.log(p) + (1 - y) * sp.log(1 - p))
    for (q, label), values in zip(pairs, own["on_p"]):
        at = {p: q, y: label}
        expected = [
            float(loss.diff(p).subs(at)) for loss in (squared_error, cross_entropy)
        ]
        assert values == pytest.approx(expected, rel=1e-12)
    sigma = activations.sigmoid(activations.x)
    for (logit, label), values in zip(
        [(z, y) for z in logits for y in labels], own["on_z"]
    ):
        on_z = [
            sp.diff(loss.subs({p: sigma, y: label}), activations.x)
            for loss in (squared_error, cross_entropy)
        ]
        expected = [float(activations.to_numpy(d)(np.array(logit))) for d in on_z]
        assert values == pytest.approx(expected, rel=1e-12, abs=1e-15)
    # The page's numbers: 0.25 and ln 2 at p = 0.5, for either label.
    assert own["losses"][4] == own["losses"][5] == pytest.approx([0.25, np.log(2)])


def test_runs_record_the_size_of_their_hidden_weights():
    network = loss_curves.model()
    hidden = [layer for layer in network.layers if hasattr(layer, "kernel")][:-1]
    assert len(hidden) == 2
    expected = np.sqrt(sum(np.sum(layer.kernel.numpy() ** 2) for layer in hidden))
    assert loss_curves.hidden_weight_norm(network) == pytest.approx(expected)
    # Same data, same initial weights: the L2 penalty keeps the hidden weights smaller.
    data = loss_curves.binary_digits(train=64, validation=64)
    plain = loss_curves.train_binary(data, "BCE", epochs=3, learning_rate=0.5)
    l2 = loss_curves.train_binary(data, "BCE", "L2", epochs=3, learning_rate=0.5)
    assert 0 < l2.hidden_weight_norm < plain.hidden_weight_norm
