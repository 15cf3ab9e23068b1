"""The loss-curves experiment: one binary task from MNIST digits, trained with MSE or BCE.

:func:`binary_digits` cuts a two-digit task out of the shipped sample; :func:`train_binary`
trains the same small MLP on it with either loss and an optional remedy, and returns the
Keras history (training and validation loss and accuracy per epoch).
"""

import numpy as np

from dlbook import mnist

LOSSES = {"MSE": "mean_squared_error", "BCE": "binary_crossentropy"}
REMEDIES = ("none", "early stopping", "L2", "dropout")


def binary_digits(negative=4, positive=9, train=300, validation=600, seed=0):
    """Images of two digits from the sample, flattened to [0, 1], labels 0/1, split at random.

    Returns ``(x_train, y_train), (x_val, y_val)``.
    """
    if negative == positive:
        raise ValueError("the two digits must differ")
    (images, labels), _ = mnist.load_sample()
    keep = (labels == negative) | (labels == positive)
    if train + validation > keep.sum():
        raise ValueError(f"the sample has {keep.sum()} images of digits {negative} and {positive}, "
                         f"fewer than the {train + validation} asked for")
    x = images[keep].reshape(keep.sum(), -1).astype("float32") / 255
    y = (labels[keep] == positive).astype("float32")
    order = np.random.default_rng(seed).permutation(len(x))
    first, second = order[:train], order[train:train + validation]
    return (x[first], y[first]), (x[second], y[second])


def model(remedy="none", width=256, l2=1e-3, dropout=0.5):
    """Two hidden ReLU layers of ``width`` units and a sigmoid output, with L2 or dropout if asked."""
    import keras

    regulariser = keras.regularizers.L2(l2) if remedy == "L2" else None
    layers = [keras.Input((784,))]
    for _ in range(2):
        layers.append(keras.layers.Dense(width, activation="relu", kernel_regularizer=regulariser))
        if remedy == "dropout":
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return keras.Sequential(layers)


def train_binary(data, loss, remedy="none", *, epochs=60, learning_rate=0.1, batch_size=32, seed=0, patience=10):
    """Train :func:`model` with plain SGD; the history as a dict of per-epoch lists.

    ``loss`` is ``"MSE"`` or ``"BCE"``; ``remedy`` one of :data:`REMEDIES`.  Early stopping
    watches the validation loss with ``patience`` and restores the best weights.
    """
    import keras

    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}, not {loss!r}")
    if remedy not in REMEDIES:
        raise ValueError(f"remedy must be one of {', '.join(REMEDIES)}, not {remedy!r}")
    (x_train, y_train), (x_val, y_val) = data
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = model(remedy)
    network.compile(keras.optimizers.SGD(learning_rate), LOSSES[loss], metrics=["accuracy"])
    callbacks = []
    if remedy == "early stopping":
        callbacks.append(keras.callbacks.EarlyStopping("val_loss", patience=patience, restore_best_weights=True))
    history = network.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs, batch_size=batch_size,
                          callbacks=callbacks, verbose=0)
    return {key: [float(v) for v in values] for key, values in history.history.items()}
