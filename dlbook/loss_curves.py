"""The loss-curves experiment: one binary task from MNIST digits, trained with MSE or
BCE.

:func:`binary_digits` cuts a two-digit task out of the shipped sample (training,
validation and test sets); :func:`shifted_copies` augments its training images;
:func:`train_binary` trains the same small MLP on it with either loss and an optional
remedy, and returns a :class:`Run`: the per-epoch history, the epoch whose weights the
model ends with, the kept model's test loss and accuracy, its validation outputs and the
size of its hidden weights.
:func:`mistakes` weighs a run's validation mistakes in its cross-entropy.

:func:`fit_linear` fits a small linear regression by gradient descent, with an L1 or
an L2 penalty, to show what each penalty does to the weights.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from dlbook import mnist
from dlbook.diagnosis import diagnose

LOSSES = {"MSE": "mean_squared_error", "BCE": "binary_crossentropy"}
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
    # The size of the kept model's hidden weights, sqrt(sum of w²): what the L2 penalty
    # acts on (the hidden layers' kernels).
    hidden_weight_norm: float = float("nan")

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

    ``loss`` is ``"MSE"`` or ``"BCE"``; ``remedy`` one of :data:`REMEDIES`.  Each epoch
    visits the training images once, in a new random order (``seed``), in batches of
    ``batch_size``; then the validation loss and accuracy are measured.  Early stopping
    watches the validation loss: it stops after ``patience`` epochs without a new
    lowest value and restores the weights of the best epoch, as Keras's
    ``EarlyStopping(restore_best_weights=True)`` does.  The history's losses are the
    data term alone (without an L2 penalty), so that runs with and without one can be
    compared; the training figures are averages over each epoch, as Keras reports them.

    This is ``model.fit`` written out: one compiled TensorFlow function runs a whole
    epoch, because these runs are so small that Keras's own per-epoch work (building
    the data pipeline and the validation pass) took most of their time.
    """
    import keras
    import tensorflow as tf

    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}, not {loss!r}")
    if remedy not in REMEDIES:
        raise ValueError(f"remedy must be one of {', '.join(REMEDIES)}, not {remedy!r}")
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = (
        (tf.constant(x), tf.constant(y.reshape(-1, 1))) for x, y in data
    )
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = model(remedy, batch_norm=batch_norm)
    optimizer = keras.optimizers.SGD(learning_rate)
    optimizer.build(network.trainable_variables)
    data_loss = keras.losses.get(LOSSES[loss])  # per image, averaged below

    def scores(x, y, training=False):
        predictions = network(x, training=training)
        right = tf.cast((predictions > 0.5) == (y > 0.5), tf.float32)
        return predictions, data_loss(y, predictions), right[:, 0]

    @tf.function
    def epoch(order):
        """One pass over the training images in ``order``, then the validation set."""
        loss_sum, right_sum = tf.constant(0.0), tf.constant(0.0)
        for start in tf.range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            with tf.GradientTape() as tape:
                _, losses, right = scores(
                    tf.gather(x_train, batch), tf.gather(y_train, batch), True
                )
                objective = tf.reduce_mean(losses) + sum(network.losses)
            variables = network.trainable_variables
            optimizer.apply_gradients(
                zip(tape.gradient(objective, variables), variables)
            )
            loss_sum += tf.reduce_sum(losses)
            right_sum += tf.reduce_sum(right)
        _, val_losses, val_right = scores(x_val, y_val)
        count = tf.cast(len(order), tf.float32)
        return (
            loss_sum / count,
            right_sum / count,
            tf.reduce_mean(val_losses),
            tf.reduce_mean(val_right),
        )

    history = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    shuffler = np.random.default_rng(seed)
    best_loss, best_weights, kept, waited = np.inf, None, 0, 0
    for number in range(1, epochs + 1):
        order = tf.constant(shuffler.permutation(len(x_train)), tf.int32)
        for key, value in zip(history, epoch(order)):
            history[key].append(float(value))
        if remedy != "early stopping":
            kept = number
            continue
        waited += 1
        if history["val_loss"][-1] < best_loss:
            best_loss, best_weights, kept, waited = (
                history["val_loss"][-1],
                network.get_weights(),
                number,
                0,
            )
        elif waited >= patience:
            break
    if best_weights is not None:
        network.set_weights(best_weights)
    _, test_losses, test_right = scores(x_test, y_test)
    outputs, _, _ = scores(x_val, y_val)
    return Run(
        loss,
        remedy,
        history,
        kept,
        float(tf.reduce_mean(test_losses)),
        float(tf.reduce_mean(test_right)),
        tuple(float(v) for v in outputs[:, 0]),
        hidden_weight_norm(network),
    )


def hidden_weight_norm(network):
    """sqrt(sum of w²) over the kernels of ``network``'s hidden Dense layers (all but
    the output layer): the weights that :func:`model`'s L2 penalty acts on."""
    import keras

    dense = [layer for layer in network.layers if isinstance(layer, keras.layers.Dense)]
    squares = [np.sum(layer.kernel.numpy() ** 2) for layer in dense[:-1]]
    return float(np.sqrt(sum(squares)))


def per_image_bce(outputs, labels):
    """The binary cross-entropy of each output (a probability) against its label."""
    p = np.clip(np.asarray(outputs), 1e-7, 1 - 1e-7)
    return -(labels * np.log(p) + (1 - labels) * np.log(1 - p))


class Mistakes(NamedTuple):
    """A run's wrong validation images and their weight in its cross-entropy."""

    share: float  # of the validation images, the share classified wrongly
    loss_share: float  # their share of the summed cross-entropy
    mean_wrong: float  # mean cross-entropy of a wrong image
    mean_right: float  # mean cross-entropy of a right image


def mistakes(run, labels):
    """:class:`Mistakes` of the kept model of ``run`` on the validation ``labels``."""
    outputs = np.asarray(run.val_predictions)
    wrong = (outputs > 0.5) != labels
    losses = per_image_bce(outputs, labels)
    return Mistakes(
        float(wrong.mean()),
        float(losses[wrong].sum() / losses.sum()),
        float(losses[wrong].mean()),
        float(losses[~wrong].mean()),
    )


def soft_threshold(w, t):
    """Move each weight ``t`` towards zero, and stop at zero: L1's proximal step."""
    return np.sign(w) * np.maximum(np.abs(w) - t, 0)


def fit_linear(x, y, *, l1=0.0, l2=0.0, steps=3000, proximal=True):
    """Weights that minimise mean((x @ w - y)²) + l2·Σw² + l1·Σ|w|, by gradient descent.

    The L1 term is handled by a soft threshold after each step (``proximal``), or by
    adding its subgradient l1·sign(w) to the gradient, as plain SGD does.
    """
    w = np.zeros(x.shape[1])
    rate = 1 / (2 * np.linalg.norm(x, 2) ** 2 / len(x) + 2 * l2)  # a safe step
    for _ in range(steps):
        gradient = 2 * x.T @ (x @ w - y) / len(x) + 2 * l2 * w
        if proximal:
            w = soft_threshold(w - rate * gradient, rate * l1)
        else:
            w = w - rate * (gradient + l1 * np.sign(w))
    return w
