"""The loss-curves experiment: one binary task from MNIST digits, trained with MSE or
BCE.

:func:`binary_digits` cuts a two-digit task out of the shipped sample (training,
validation and test sets); :func:`shifted_copies` augments its training images;
:func:`train_binary` trains the same small MLP on it with either loss and an optional
remedy, and returns a :class:`Run`: the per-epoch history, the epoch whose weights the
model ends with, the kept model's test loss and accuracy, and its validation outputs.
"""

from dataclasses import dataclass

import numpy as np

from dlbook import mnist
from dlbook.diagnosis import diagnose

LOSSES = {"MSE": "mean_squared_error", "BCE": "binary_crossentropy"}
METRICS = {
    "MSE": "MeanSquaredError",
    "BCE": "BinaryCrossentropy",
}  # the same losses as Keras metrics
REMEDIES = ("none", "early stopping", "L2", "dropout")
SIDE = 28  # MNIST images are SIDE x SIDE pixels


def binary_digits(negative=4, positive=9, train=300, validation=600, seed=0):
    """Images of two digits from the sample, flattened to [0, 1], labels 0/1.

    Training and validation images are drawn at random (``seed``) from the sample's
    training part; the test set is every image of the two digits in its test part.
    Returns ``(x_train, y_train), (x_val, y_val), (x_test, y_test)``.
    """
    if negative == positive:
        raise ValueError("the two digits must differ")
    (images, labels), (test_images, test_labels) = mnist.load_sample()
    keep = (labels == negative) | (labels == positive)
    if train + validation > keep.sum():
        raise ValueError(
            f"the sample has {keep.sum()} images of digits {negative} and {positive}, "
            f"fewer than the {train + validation} asked for"
        )

    def flat(pictures, digits):
        return pictures.reshape(len(pictures), -1).astype("float32") / 255, (
            digits == positive
        ).astype("float32")

    x, y = flat(images[keep], labels[keep])
    order = np.random.default_rng(seed).permutation(len(x))
    first, second = order[:train], order[train : train + validation]
    test_keep = (test_labels == negative) | (test_labels == positive)
    return (
        (x[first], y[first]),
        (x[second], y[second]),
        flat(test_images[test_keep], test_labels[test_keep]),
    )


def shift(images, down, right):
    """Flattened images moved ``down`` and ``right`` pixels (negative: up, left), blank
    where they leave."""
    pictures = images.reshape(-1, SIDE, SIDE)
    moved = np.zeros_like(pictures)
    rows, cols = (
        slice(max(down, 0), SIDE + min(down, 0)),
        slice(max(right, 0), SIDE + min(right, 0)),
    )
    moved[:, rows, cols] = pictures[
        :, max(-down, 0) : SIDE - max(down, 0), max(-right, 0) : SIDE - max(right, 0)
    ]
    return moved.reshape(images.shape)


def shifted_copies(images, labels, copies=2, max_shift=2, seed=0):
    """The images plus ``copies`` copies of each, each moved by a random whole-pixel
    offset.

    Offsets are drawn per copy and image from ``-max_shift..max_shift`` in each
    direction. Returns the augmented ``(images, labels)``, originals first.
    """
    rng = np.random.default_rng(seed)
    moved_images, moved_labels = [images], [labels]
    for _ in range(copies):
        offsets = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
        copy = np.empty_like(images)
        for i, (down, right) in enumerate(offsets):
            copy[i] = shift(images[i : i + 1], int(down), int(right))[0]
        moved_images.append(copy)
        moved_labels.append(labels)
    return np.concatenate(moved_images), np.concatenate(moved_labels)


def model(remedy="none", *, batch_norm=False, width=256, l2=1e-2, dropout=0.5):
    """Two hidden ReLU layers of ``width`` units and a sigmoid output.

    ``remedy`` adds an L2 penalty on the hidden weights (``"L2"``) or dropout after each
    hidden layer (``"dropout"``); ``batch_norm`` normalises each hidden layer before its
    ReLU.
    """
    import keras

    regulariser = keras.regularizers.L2(l2) if remedy == "L2" else None
    layers = [keras.Input((SIDE * SIDE,))]
    for _ in range(2):
        layers.append(keras.layers.Dense(width, kernel_regularizer=regulariser))
        if batch_norm:
            layers.append(keras.layers.BatchNormalization())
        layers.append(keras.layers.ReLU())
        if remedy == "dropout":
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return keras.Sequential(layers)


@dataclass(frozen=True)
class Run:
    """One training run: what was trained and what came out."""

    loss: str
    remedy: str
    history: dict  # per-epoch lists: loss, val_loss, accuracy, val_accuracy
    kept_epoch: int  # the epoch whose weights the model ends with
    test_loss: float
    test_accuracy: float
    val_predictions: tuple  # the kept model's output for each validation image

    @property
    def epochs(self):
        return len(self.history["loss"])

    def diagnosis(self, **rules):
        """:func:`dlbook.diagnosis.diagnose` of this run, judged at the kept epoch."""
        return diagnose(self.history, epoch=self.kept_epoch, **rules)


def initial_loss(data, loss, seed=0, **model_options):
    """The loss of the untrained network on the training images (the first point of its
    curve)."""
    import keras

    (x_train, y_train), _, _ = data
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = model(**model_options)
    predictions = network.predict(x_train, batch_size=len(x_train), verbose=0)[:, 0]
    return float(keras.losses.get(LOSSES[loss])(y_train, predictions))


def train_binary(
    data,
    loss,
    remedy="none",
    *,
    epochs=60,
    learning_rate=0.1,
    batch_size=32,
    batch_norm=False,
    seed=0,
    patience=10,
):
    """Train :func:`model` with plain SGD on ``data`` (as :func:`binary_digits` returns
    it).

    ``loss`` is ``"MSE"`` or ``"BCE"``; ``remedy`` one of :data:`REMEDIES`.  Early
    stopping watches the validation loss with ``patience`` and restores the best
    weights.  The history's losses are the data term alone (without an L2 penalty), so
    that runs with and without one can be compared; the training figures are averages
    over each epoch, as Keras reports them.
    """
    import keras

    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}, not {loss!r}")
    if remedy not in REMEDIES:
        raise ValueError(f"remedy must be one of {', '.join(REMEDIES)}, not {remedy!r}")
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = (
        (x, y.reshape(-1, 1)) for x, y in data
    )
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = model(remedy, batch_norm=batch_norm)
    data_loss = getattr(keras.metrics, METRICS[loss])(name="data_loss")
    network.compile(
        keras.optimizers.SGD(learning_rate),
        LOSSES[loss],
        metrics=["accuracy", data_loss],
    )
    stopper = keras.callbacks.EarlyStopping(
        "val_loss", patience=patience, restore_best_weights=True
    )
    recorded = network.fit(
        x_train,
        y_train,
        validation_data=(x_val, y_val),
        epochs=epochs,
        batch_size=batch_size,
        validation_batch_size=len(x_val),
        callbacks=[stopper] if remedy == "early stopping" else [],
        verbose=0,
    ).history
    history = {
        "loss": recorded["data_loss"],
        "val_loss": recorded["val_data_loss"],
        "accuracy": recorded["accuracy"],
        "val_accuracy": recorded["val_accuracy"],
    }
    kept = (
        stopper.best_epoch + 1 if remedy == "early stopping" else len(history["loss"])
    )
    test = network.evaluate(
        x_test, y_test, batch_size=len(x_test), verbose=0, return_dict=True
    )
    outputs = network.predict(x_val, batch_size=len(x_val), verbose=0)[:, 0]
    return Run(
        loss,
        remedy,
        {key: [float(v) for v in values] for key, values in history.items()},
        kept,
        float(test["data_loss"]),
        float(test["accuracy"]),
        tuple(float(v) for v in outputs),
    )
