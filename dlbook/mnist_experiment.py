"""The course's Keras MNIST experiment: inverted-image augmentation and a sweep of the LeakyReLU slope.

The preprocessing follows the homework step by step, each step a function:
:func:`with_inverted` adds the inverted copy of every image (255 − p) to the set, doubling
it; :func:`shuffled` mixes originals and copies with ``sklearn.utils.shuffle``;
:func:`as_channels` adds the channel axis the convolutions expect; scaling to [0, 1] is the
network's first layer, so the arrays stay ``uint8`` (a quarter of the memory of float32)
until a batch reaches it; :func:`one_hot` encodes the labels.

:class:`SlopedReLU` is f(x) = x for x > 0 and αx otherwise, for any α.  Keras's own
``LeakyReLU`` refuses a negative slope, and the course's sweep needs α = −1 and −0.5.
"""

import keras
import numpy as np

ALPHAS = (-1.0, -0.5, 0.0, 0.5, 1.0)
CLASSES = 10


def invert(images):
    """Each pixel p becomes 255 − p: white digits on black become black digits on white."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(f"invert expects uint8 pixels 0..255, not {images.dtype}")
    return 255 - images


def with_inverted(images, labels):
    """Originals followed by their inverted copies; labels repeated; a flag that marks the copies."""
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels")
    inverted = np.concatenate([np.zeros(len(images), bool), np.ones(len(images), bool)])
    return np.concatenate([images, invert(images)]), np.concatenate([labels, labels]), inverted


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
    names = {-1.0: "|x|, the absolute value", 0.0: "ReLU", 1.0: "the identity: the network is linear"}
    if alpha in names:
        return names[alpha]
    side = "mirrored and shrunk" if alpha < 0 else "shrunk"
    return f"x for x > 0 and {alpha:g}x otherwise (negative inputs {side})"


@keras.saving.register_keras_serializable(package="dlbook")
class SlopedReLU(keras.layers.Layer):
    """x for x > 0, αx otherwise, for any real α (α = −1 gives |x|, 0 ReLU, 1 the identity)."""

    def __init__(self, alpha, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, x):
        return keras.ops.where(x > 0, x, self.alpha * x)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}


def cnn(alpha, filters=(32, 64), dropout=0.5):
    """A small CNN in the shape of Keras's "simple MNIST convnet" example, with slope-α activations.

    Rescaling(1/255) → [Conv2D 3×3 → SlopedReLU(α) → MaxPool 2×2] × 2 → Flatten → Dropout →
    Dense(10, softmax).  Takes ``uint8`` images of shape (28, 28, 1).
    """
    layers = [keras.Input((28, 28, 1), dtype="uint8"), keras.layers.Rescaling(1 / 255)]
    for count in filters:
        layers += [keras.layers.Conv2D(count, 3), SlopedReLU(alpha), keras.layers.MaxPooling2D(2)]
    layers += [keras.layers.Flatten(), keras.layers.Dropout(dropout), keras.layers.Dense(CLASSES, activation="softmax")]
    return keras.Sequential(layers)
