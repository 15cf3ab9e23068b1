"""The course's Keras MNIST experiment: inverted-image augmentation and a sweep of the
LeakyReLU slope.

The preprocessing follows the homework step by step, each step a function:
:func:`with_inverted` adds the inverted copy of every image (255 − p) to the set,
doubling it; :func:`shuffled` mixes originals and copies with ``sklearn.utils.shuffle``;
:func:`as_channels` adds the channel axis the convolutions expect; scaling to [0, 1] is
the network's first layer, so the arrays stay ``uint8`` (a quarter of the memory of
float32) until a batch reaches it; :func:`one_hot` encodes the labels.

:class:`SlopedReLU` is f(x) = x for x > 0 and αx otherwise, for any α.  Keras's own
``LeakyReLU`` refuses a negative slope, and the course's sweep needs α = −1 and −0.5.

Two recorders write full-profile results to ``assets/``, with their settings, library
versions, hardware and wall time: :func:`record_sweep` (the slope sweep, about two hours
on 2 CPU cores) and :func:`record_linear` (the linear classifiers of the collapse
experiment, a few minutes).  With ``DLBOOK_MNIST_DIR`` set to a folder of the full
data (or online)::

    python -m dlbook.mnist_experiment --experiment sweep
    python -m dlbook.mnist_experiment --experiment linear
"""

import keras
import numpy as np

from dlbook import training

ALPHAS = (-1.0, -0.5, 0.0, 0.5, 1.0)
CLASSES = 10


def invert(images):
    """Each pixel p becomes 255 − p: white digits on black become black on white."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(f"invert expects uint8 pixels 0..255, not {images.dtype}")
    return 255 - images


def with_inverted(images, labels):
    """Originals followed by their inverted copies; labels repeated; a flag that marks
    the copies."""
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")
    inverted = np.concatenate([np.zeros(len(images), bool), np.ones(len(images), bool)])
    return (
        np.concatenate([images, invert(images)]),
        np.concatenate([labels, labels]),
        inverted,
    )


def shuffled(*arrays, seed=0):
    """The arrays in one common random order (``sklearn.utils.shuffle``, seeded)."""
    from sklearn.utils import shuffle

    return shuffle(*arrays, random_state=seed)


def as_channels(images):
    """(n, 28, 28) → (n, 28, 28, 1), the shape a Conv2D layer reads; a view, no copy."""
    return np.asarray(images)[..., np.newaxis]


def one_hot(labels, classes=CLASSES):
    """Integer labels → rows with a single 1 ("categorical" labels), as float32."""
    labels = np.asarray(labels)
    if labels.min() < 0 or labels.max() >= classes:
        raise ValueError(f"labels must lie in 0..{classes - 1}")
    return np.eye(classes, dtype="float32")[labels]


def describe(alpha):
    """What LeakyReLU with slope α computes, in words."""
    names = {
        -1.0: "|x|, the absolute value",
        0.0: "ReLU",
        1.0: "the identity (the activation is linear)",
    }
    if alpha in names:
        return names[alpha]
    side = "mirrored and shrunk" if alpha < 0 else "shrunk"
    return f"x for x > 0 and {alpha:g}x otherwise (negative inputs {side})"


@keras.saving.register_keras_serializable(package="dlbook")
class SlopedReLU(keras.layers.Layer):
    """x for x > 0, αx otherwise, for any real α (α = −1 gives |x|, 0 ReLU, 1 the
    identity)."""

    def __init__(self, alpha, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, x):
        return keras.ops.where(x > 0, x, self.alpha * x)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}


POOLING = {"max": keras.layers.MaxPooling2D, "average": keras.layers.AveragePooling2D}


def convolve(image, kernel):
    """A 3 × 3 convolution as Conv2D computes it: no padding, no bias, not flipped."""
    rows, cols = image.shape[0] - 2, image.shape[1] - 2
    return sum(
        kernel[i, j] * image[i : i + rows, j : j + cols]
        for i in range(3)
        for j in range(3)
    )


def pool(feature_map, how=np.max):
    """2 × 2 pooling: each block of 2 × 2 numbers becomes one, its largest (``np.max``)
    or its mean (``np.mean``). An odd last row or column is dropped, as in Keras."""
    rows, cols = feature_map.shape[0] // 2, feature_map.shape[1] // 2
    blocks = feature_map[: 2 * rows, : 2 * cols].reshape(rows, 2, cols, 2)
    return how(blocks, axis=(1, 3))


def map_sides(side=28, kernel=3, blocks=2, lost=None):
    """The side of the image after each layer of :func:`cnn` that changes it: a
    convolution, a pooling, a convolution, a pooling.

    A k × k convolution without padding fits at side − k + 1 places, so it loses
    ``lost`` = k − 1 pixels; a pooling keeps one number of each block, rounding down.
    ``lost=0`` is the mistake of a map as big as its image, ``lost=kernel`` the mistake
    side − k.
    """
    lost = kernel - 1 if lost is None else lost
    sides = []
    for _ in range(2):
        side -= lost
        sides.append(side)
        side //= blocks
        sides.append(side)
    return sides


def weight_count(network, biases=True):
    """The weights of a Keras network; with ``biases=False``, those left when its
    biases are forgotten (a mistake in counting them by hand)."""
    return sum(
        int(np.prod(weight.shape))
        for weight in network.weights
        if biases or not weight.path.endswith("bias")
    )


def centred_scores(network, images):
    """The scores a network's softmax reads, one row per image, each row shifted to
    mean 0.

    Softmax gives the same probabilities when every score moves by the same amount, so
    the scores are known from the probabilities only up to that shift:
    log p − mean(log p).
    """
    log_p = np.log(
        network.predict(images, batch_size=1024, verbose=0).astype("float64")
    )
    return log_p - log_p.mean(axis=1, keepdims=True)


def largest_change_after_flipping(alpha, images, channel=0, seed=0):
    """The largest change in an output probability of an untrained :func:`cnn` when the
    weights and the bias of one first-layer filter all change sign."""
    keras.utils.set_random_seed(seed)
    network = cnn(alpha)
    before = network.predict(images, verbose=0)
    conv = network.layers[1]
    kernel, bias = conv.get_weights()
    kernel[..., channel] *= -1
    bias[channel] *= -1
    conv.set_weights([kernel, bias])
    return float(np.abs(network.predict(images, verbose=0) - before).max())


def cnn(alpha, pooling="max", scaled=True, input_dtype="uint8"):
    """Keras's "simple MNIST convnet" with the activation x or αx (``SlopedReLU``).

    ``pooling="average"`` makes every layer but the softmax linear when α = 1.
    ``scaled=False`` feeds pixels unscaled: 0..255 for a mistake that
    :func:`collapse_trial` tries, or float32 images scaled beforehand.
    """
    if pooling not in POOLING:
        raise ValueError(f"pooling={pooling!r}; use 'max' or 'average'")
    pool = POOLING[pooling]
    return keras.Sequential(
        [
            keras.Input((28, 28, 1), dtype=input_dtype),
            keras.layers.Rescaling(1 / 255 if scaled else 1.0),  # pixels to 0..1
            keras.layers.Conv2D(32, 3),  # 32 filters of 3 × 3 pixels
            SlopedReLU(alpha),
            pool(2),  # the largest (or the mean) of each 2 × 2 block
            keras.layers.Conv2D(64, 3),
            SlopedReLU(alpha),
            pool(2),
            keras.layers.Flatten(),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),  # ten probabilities
        ]
    )


def use_book_mnist_in_keras():
    """Make ``keras.datasets.mnist.load_data()`` return the profile's MNIST, read and
    checked by :mod:`dlbook.mnist`: the shipped sample in the quick profile, the folder
    in ``DLBOOK_MNIST_DIR`` in the full one.

    A page calls it in its hidden setup cell, so that code a student copies into a
    fresh notebook, which calls Keras's ``load_data`` (a download), runs offline on the
    book's data while the page is built.  In the full profile without a folder it
    changes nothing: Keras downloads MNIST, as :func:`dlbook.mnist.load` would.
    """
    import os

    from dlbook import mnist, profile

    if profile.current() == "quick":
        load = mnist.load_sample
    elif os.environ.get(mnist.ENV_VAR, "").strip():
        load = mnist.load
    else:
        return

    def load_data(path="mnist.npz"):
        return load()

    keras.datasets.mnist.load_data = load_data


# The experiment
# ---------------------------------------------------------------------------


def prepare(train, test, seed=0, validation_share=0.1):
    """The homework's data: both sets doubled with inverted copies and shuffled; a
    validation split.

    ``train`` and ``test`` are ``(images, labels)`` as :mod:`dlbook.mnist` returns them.
    The last ``validation_share`` of the shuffled training set is held out for
    validation.  Returns a dict of ``uint8`` image arrays with a channel axis, one-hot
    labels, and for each set the flag that marks inverted copies (so that the two halves
    can be trained on or scored apart).
    """
    x, y, inverted = with_inverted(*train)
    x, y, inverted = shuffled(x, y, inverted, seed=seed)
    x_test, y_test, test_inverted = with_inverted(*test)
    x_test, y_test, test_inverted = shuffled(x_test, y_test, test_inverted, seed=seed)
    cut = len(x) - int(round(validation_share * len(x)))
    return {
        "x_train": as_channels(x[:cut]),
        "y_train": one_hot(y[:cut]),
        "train_inverted": inverted[:cut],
        "x_val": as_channels(x[cut:]),
        "y_val": one_hot(y[cut:]),
        "val_inverted": inverted[cut:],
        "x_test": as_channels(x_test),
        "y_test": one_hot(y_test),
        "test_inverted": test_inverted,
    }


TRAIN_ON = ("both", "original", "inverted")


def _half(data, split, train_on):
    """The images and labels of ``split`` ("train" or "val") restricted to the halves
    ``train_on`` names."""
    if train_on not in TRAIN_ON:
        raise ValueError(f"train_on={train_on!r}; use one of {', '.join(TRAIN_ON)}")
    x, y, inverted = data[f"x_{split}"], data[f"y_{split}"], data[f"{split}_inverted"]
    if train_on == "both":
        return x, y
    keep = inverted if train_on == "inverted" else ~inverted
    return x[keep], y[keep]


def cosine_adam(learning_rate, *, epochs, examples, batch_size):
    """Adam whose learning rate falls from ``learning_rate`` to 0 along a cosine over a
    run's steps."""
    steps = epochs * -(
        -examples // batch_size
    )  # batches per epoch, the last one partial
    return keras.optimizers.Adam(
        keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=steps)
    )


def train_alpha(
    data,
    alpha,
    *,
    seed=0,
    epochs=3,
    batch_size=128,
    learning_rate=1e-3,
    train_on="both",
):
    """Train :func:`cnn` with slope ``alpha`` using Adam; per-epoch history and test
    accuracy by half.

    The learning rate falls from ``learning_rate`` to 0 along a cosine over the run.
    ``train_on`` is ``"both"`` (the homework's doubled set), ``"original"`` or
    ``"inverted"`` (that half of the training and validation sets only); the test set is
    always scored on both halves.

    Returns a dict: ``alpha``, ``seed``, ``train_on``, ``history`` (loss, accuracy,
    val_loss, val_accuracy per epoch; the training accuracy there is Keras's running
    mean over each epoch, with dropout on), ``initial_loss`` (on the validation set,
    before training), ``train_loss`` and ``train_accuracy`` (the training set measured
    again after training, dropout off), the test loss and accuracy on all test images,
    on the originals and on the inverted copies, and ``test_predictions``: the
    predicted digit of every test image, in order, as one string.
    """
    x_train, y_train = _half(data, "train", train_on)
    validation = _half(data, "val", train_on)
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = cnn(alpha)
    network.compile(
        cosine_adam(
            learning_rate, epochs=epochs, examples=len(x_train), batch_size=batch_size
        ),
        "categorical_crossentropy",
        metrics=["accuracy"],
    )
    training.build_state(network, x_train[:1], y_train[:1])
    initial = network.evaluate(
        *validation, batch_size=1024, verbose=0, return_dict=True
    )
    history = network.fit(
        x_train,
        y_train,
        validation_data=validation,
        epochs=epochs,
        batch_size=batch_size,
        verbose=0,
    ).history
    # Keras's "accuracy" in the history is a running mean over the epoch's batches,
    # with dropout on: measure the training set again after training, as the test set.
    after = network.evaluate(
        x_train, y_train, batch_size=1024, verbose=0, return_dict=True
    )
    result = {
        "alpha": float(alpha),
        "seed": seed,
        "train_on": train_on,
        "initial_loss": float(initial["loss"]),
        "history": {key: [float(v) for v in values] for key, values in history.items()},
        "train_loss": float(after["loss"]),
        "train_accuracy": float(after["accuracy"]),
        **scores_by_half(network, data),
    }
    predicted = network.predict(data["x_test"], batch_size=1024, verbose=0).argmax(
        axis=1
    )
    result["test_predictions"] = "".join(map(str, predicted))
    return result


def linear_model():
    """Softmax regression on the 784 scaled pixels: the best a purely linear classifier
    can do."""
    return keras.Sequential(
        [
            keras.Input((28, 28, 1), dtype="uint8"),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Flatten(),
            keras.layers.Dense(CLASSES, activation="softmax"),
        ]
    )


def train_linear(
    data, *, train_on="both", seed=0, epochs=3, batch_size=128, learning_rate=1e-3
):
    """:func:`linear_model` trained with Adam on ``train_on`` ("both", "original",
    "inverted")."""
    x_train, y_train = _half(data, "train", train_on)
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = linear_model()
    network.compile(
        keras.optimizers.Adam(learning_rate),
        "categorical_crossentropy",
        metrics=["accuracy"],
    )
    training.build_state(network, x_train[:1], y_train[:1])
    network.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0)
    return network


def colour_pairs(network, images, labels):
    """For a linear classifier: its vector c = W·1 + 2b, and which test images it gets
    right in both colours (the original and its inverted copy)."""
    weights, bias = (keras.ops.convert_to_numpy(v) for v in network.layers[-1].weights)
    c = weights.sum(axis=0) + 2 * bias
    on_original = network.predict(as_channels(images), verbose=0).argmax(axis=1)
    on_inverted = network.predict(as_channels(invert(images)), verbose=0).argmax(axis=1)
    both_right = (on_original == labels) & (on_inverted == labels)
    return c, both_right


def scores_by_half(network, data):
    """Loss and accuracy of ``network`` on all test images, on the originals and on the
    inverted copies."""
    scores = {}
    for part, mask in (
        ("all", np.ones(len(data["x_test"]), bool)),
        ("original", ~data["test_inverted"]),
        ("inverted", data["test_inverted"]),
    ):
        measured = network.evaluate(
            data["x_test"][mask],
            data["y_test"][mask],
            batch_size=1024,
            verbose=0,
            return_dict=True,
        )
        scores[f"test_loss_{part}"] = float(measured["loss"])
        scores[f"test_accuracy_{part}"] = float(measured["accuracy"])
    return scores


OPTIMIZERS = {"Adam": keras.optimizers.Adam, "SGD": keras.optimizers.SGD}


def collapse_trial(
    data,
    alpha,
    *,
    optimizer="Adam",
    learning_rate=1e-3,
    scaled=True,
    pooling="max",
    seed=0,
    epochs=1,
    batch_size=128,
    examples=None,
):
    """One short training run with a constant learning rate, recording how it fails if
    it fails.

    It trains on the first ``examples`` training images (all of them when ``None``).

    Returns the loss at initialisation, the training loss after each epoch (NaN once the
    weights overflow), the test accuracy on all test images, and the share of test
    images given the most often predicted digit (1.0 would be a network that answers one
    digit for everything).
    """
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = cnn(alpha, scaled=scaled, pooling=pooling)
    network.compile(
        OPTIMIZERS[optimizer](learning_rate),
        "categorical_crossentropy",
        metrics=["accuracy"],
    )
    training.build_state(network, data["x_train"][:1], data["y_train"][:1])
    initial = network.evaluate(
        data["x_val"], data["y_val"], batch_size=1024, verbose=0, return_dict=True
    )
    history = network.fit(
        data["x_train"][:examples],
        data["y_train"][:examples],
        epochs=epochs,
        batch_size=batch_size,
        verbose=0,
    ).history
    predicted = network.predict(data["x_test"], batch_size=1024, verbose=0).argmax(
        axis=1
    )
    accuracy = float(np.mean(predicted == data["y_test"].argmax(axis=1)))
    return {
        "alpha": float(alpha),
        "optimizer": optimizer,
        "learning_rate": learning_rate,
        "scaled": scaled,
        "pooling": pooling,
        "examples": len(data["x_train"][:examples]),
        "initial_loss": float(initial["loss"]),
        "loss": [float(v) for v in history["loss"]],
        "test_accuracy": accuracy,
        "top_digit_share": float(
            np.bincount(predicted, minlength=CLASSES).max() / len(predicted)
        ),
    }


def settings(name=None):
    """The sweep's sizes for a profile (the active one unless ``name`` is given)."""
    from dlbook import profile

    name = name or profile.current()
    if name not in profile.PROFILES:
        raise profile.ProfileError(
            f"{name!r} is not a profile; use one of {', '.join(profile.PROFILES)}"
        )
    return {
        "quick": {
            "data": "sample",
            "epochs": 1,
            "seeds": [0],
            "batch_size": 32,
            "learning_rate": 1e-3,
            "schedule": "cosine",
        },
        "full": {
            "data": "full",
            "epochs": 10,
            "seeds": [0, 1, 2],
            "batch_size": 32,
            "learning_rate": 1e-3,
            "schedule": "cosine",
        },
    }[name]


def environment():
    """Library versions and hardware, recorded beside every result."""
    import os
    import platform

    import tensorflow as tf

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpus": os.cpu_count(),
        "gpus": [d.name for d in tf.config.list_physical_devices("GPU")],
    }


def sweep_jobs(config, alphas=ALPHAS):
    """The runs of a sweep, in the order they are trained: (α, seed, train_on).

    Every α once per seed, seed by seed (so an interrupted sweep has whole seeds), then
    the augmentation check at α = 0 (ReLU) and the first seed: trained on one half only,
    for twice the epochs, so that it takes as many steps as a network trained on both
    halves.
    """
    jobs = [
        (float(alpha), seed, "both") for seed in config["seeds"] for alpha in alphas
    ]
    return jobs + [(0.0, config["seeds"][0], half) for half in ("original", "inverted")]


def epochs_for(train_on, epochs):
    """Epochs on one half that take as many steps as ``epochs`` on both halves."""
    return epochs if train_on == "both" else 2 * epochs


def run_options(config, train_on="both"):
    """The keyword arguments of :func:`train_alpha` that a profile's settings fix, for
    one training half."""
    return {
        "epochs": epochs_for(train_on, config["epochs"]),
        "batch_size": config["batch_size"],
        "learning_rate": config["learning_rate"],
    }


def record_sweep(out_path, profile_name="full", alphas=ALPHAS):
    """Run every job of :func:`sweep_jobs` and write the results to ``out_path`` as JSON
    after each run.

    A run already in the file (same α, seed and training half, same settings) is kept,
    not repeated, so an interrupted sweep resumes where it stopped.  Returns the
    recorded dict.
    """
    import json
    import time
    from pathlib import Path

    from dlbook import mnist

    config = settings(profile_name)
    out_path = Path(out_path)
    recorded = json.loads(out_path.read_text()) if out_path.exists() else {}
    if recorded.get("settings") != config:
        recorded = {"settings": config, "profile": profile_name, "runs": []}
    recorded["environment"] = environment()
    data = prepare(
        *(mnist.load_sample() if config["data"] == "sample" else mnist.load())
    )
    recorded["sizes"] = {
        key: int(len(value)) for key, value in data.items() if key.startswith("x_")
    }
    recorded["test_labels"] = "".join(map(str, data["y_test"].argmax(axis=1)))
    recorded["test_inverted"] = "".join(map(str, data["test_inverted"].astype(int)))
    done = {(run["alpha"], run["seed"], run["train_on"]) for run in recorded["runs"]}
    for alpha, seed, train_on in sweep_jobs(config, alphas):
        if (alpha, seed, train_on) in done:
            continue
        start = time.perf_counter()
        run = train_alpha(
            data, alpha, seed=seed, train_on=train_on, **run_options(config, train_on)
        )
        run["wall_seconds"] = round(time.perf_counter() - start, 1)
        recorded["runs"].append(run)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(recorded, indent=1) + "\n")
    return recorded


LINEAR_SETTINGS = {
    "data": "full",
    "epochs": 10,
    "batch_size": 128,
    "learning_rate": 1e-3,
    "schedule": "constant",
    "linear_cnn_epochs": 3,
}


def record_linear(out_path, config=LINEAR_SETTINGS):
    """Train the linear classifiers of the collapse experiment on the full data and
    write their results to ``out_path`` as JSON.

    Three networks, all trained with Adam at a constant rate: softmax regression on the
    original digits, the same on the doubled set, and the CNN at α = 1 with average
    pooling (linear in its pixels) on the doubled set.  The file also holds the
    settings, the library versions and hardware, the wall time of each network, and
    the count of each digit in the test set (for the bound of a linear classifier).
    """
    import json
    import time
    from pathlib import Path

    from dlbook import mnist

    train, test = mnist.load() if config["data"] == "full" else mnist.load_sample()
    data = prepare(train, test)
    options = {key: config[key] for key in ("epochs", "batch_size", "learning_rate")}
    recorded = {
        "settings": dict(config),
        "environment": environment(),
        "sizes": {key: int(len(v)) for key, v in data.items() if key.startswith("x_")},
        "test_digit_counts": np.bincount(test[1], minlength=CLASSES).tolist(),
        "runs": [],
    }
    for train_on in ("original", "both"):
        start = time.perf_counter()
        network = train_linear(data, train_on=train_on, **options)
        c, both_right = colour_pairs(network, *test)
        recorded["runs"].append(
            {
                "model": "linear",
                "train_on": train_on,
                "history": {
                    key: [float(v) for v in values]
                    for key, values in network.history.history.items()
                },
                **scores_by_half(network, data),
                "c": c.tolist(),
                "largest_c_digit": int(c.argmax()),
                "pairs_both_right": int(both_right.sum()),
                "digits_both_right": sorted(set(test[1][both_right].tolist())),
                "wall_seconds": round(time.perf_counter() - start, 1),
            }
        )
    start = time.perf_counter()
    trial = collapse_trial(
        data,
        1.0,
        pooling="average",
        epochs=config["linear_cnn_epochs"],
        batch_size=config["batch_size"],
        learning_rate=config["learning_rate"],
    )
    trial.update(model="cnn", train_on="both")
    trial["wall_seconds"] = round(time.perf_counter() - start, 1)
    recorded["runs"].append(trial)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(recorded, indent=1) + "\n")
    return recorded


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(
        description="Record a full-profile MNIST experiment as JSON: the LeakyReLU "
        "slope sweep (about two hours on 2 CPU cores) or the linear classifiers of the "
        "collapse experiment (a few minutes)."
    )
    parser.add_argument("--experiment", default="sweep", choices=("sweep", "linear"))
    parser.add_argument("--profile", default="full", choices=("quick", "full"))
    parser.add_argument("--out", help="default: assets/mnist-EXPERIMENT-full.json")
    arguments = parser.parse_args()
    out = arguments.out or f"assets/mnist-{arguments.experiment}-full.json"
    if arguments.experiment == "sweep":
        record_sweep(out, arguments.profile)
    else:
        data = "full" if arguments.profile == "full" else "sample"
        record_linear(out, {**LINEAR_SETTINGS, "data": data})
