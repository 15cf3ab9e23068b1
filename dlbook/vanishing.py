"""How gradients shrink or grow on their way back through many layers.

Three settings, from simplest to real:

- a *chain*: L units in a row, one weight each, z_k = f(w_k z_(k-1) + b_k).  The
  gradient of the output with respect to the first weight is a product of local factors,
  ∂z_L/∂w_1 = x · f'(a_1) · Π_(k=2..L) w_k f'(a_k), computed here by hand
  (:func:`chain_gradient`), by SymPy (:func:`symbolic_chain`) and by TensorFlow
  (:func:`chain_tape_gradient`);
- a *deep network* on real data: the gradient norm of every layer's weights
  (:func:`layer_gradient_norms`) for an MLP built by :func:`deep_mlp`;
- a *recurrence*: the same matrix applied at every time step
  (:func:`recurrent_gradient_norms`).

Activations come from the book's registry (:mod:`dlbook.activations`).
"""

import functools

import numpy as np
import sympy as sp

from dlbook import activations

# --- the chain ----------------------------------------------------------------------


def chain_forward(activation, weights, x, biases=None):
    """The forward pass: pre-activations a_k and outputs z_k of every unit."""
    f = activations.get(activation).numpy(0)
    weights = np.asarray(weights, dtype=np.float64)
    if biases is None:
        biases = np.zeros_like(weights)
    a, z = np.empty_like(weights), np.empty_like(weights)
    z_before = float(x)  # the input of unit 1 is x
    for k in range(len(weights)):
        a[k] = weights[k] * z_before + biases[k]  # a_k = w_k z_(k-1) + b_k
        z[k] = f(a[k : k + 1])[0]  # z_k = f(a_k)
        z_before = z[k]
    return a, z


def chain_factors(activation, weights, x, biases=None):
    """The local factors of ∂z_L/∂w_1: x f'(a_1), then w_k f'(a_k)."""
    slope = activations.get(activation).numpy(1)  # f'
    a, _ = chain_forward(activation, weights, x, biases)
    slopes = slope(a)  # f'(a_k) for every unit
    factors = np.asarray(weights, dtype=np.float64) * slopes  # w_k f'(a_k)
    factors[0] = float(x) * slopes[0]  # unit 1: x f'(a_1)
    return factors


def chain_gradient(activation, weights, x, biases=None):
    """∂z_L/∂w_1: the product of the local factors."""
    return float(np.prod(chain_factors(activation, weights, x, biases)))


def chain_weight_gradients(activation, weights, x, biases=None):
    """∂z_L/∂w_k for every weight: z_(k-1) f'(a_k), times w_j f'(a_j) for every later
    unit j."""
    slope = activations.get(activation).numpy(1)
    a, z = chain_forward(activation, weights, x, biases)
    slopes = slope(a)
    weights = np.asarray(weights, dtype=np.float64)
    inputs = np.concatenate([[float(x)], z[:-1]])  # z_(k-1), the input of unit k
    later = weights * slopes  # w_j f'(a_j)
    return np.array(
        [inputs[k] * slopes[k] * np.prod(later[k + 1 :]) for k in range(len(weights))]
    )


def symbolic_chain(depth, activation="sigmoid"):
    """z_L as a SymPy expression in x, w_1..w_L (no biases), and ∂z_L/∂w_1."""
    x = sp.Symbol("x", real=True)
    w = sp.symbols(f"w1:{depth + 1}", real=True)
    f = sp.Lambda(activations.x, activations.get(activation).expr)
    z = x
    for wk in w:
        z = f(wk * z)
    return z, sp.diff(z, w[0]), (x, w)


def chain_tape_gradient(activation, weights, x, biases=None):
    """∂z_L/∂w_1 by ``tf.GradientTape`` through the registry's TensorFlow activation."""
    import tensorflow as tf

    f = activations.get(activation).tensorflow()
    weights = tf.Variable(np.asarray(weights, dtype=np.float64))
    biases = (
        np.zeros(weights.shape)
        if biases is None
        else np.asarray(biases, dtype=np.float64)
    )
    with tf.GradientTape() as tape:
        z = tf.constant(float(x), dtype=tf.float64)
        for k in range(weights.shape[0]):
            z = f(weights[k] * z + biases[k])
    return float(tape.gradient(z, weights)[0].numpy())


# The lecture's worked example: the five factors of ∂L/∂w₁₁ it multiplies, and its
# learning rate.
LECTURE_FACTORS = (-0.1, 0.2, -0.1, 0.15, 0.2)
LECTURE_RATE = 0.1


# --- when can a sigmoid layer amplify? ------------------------------------------------


def amplifying_window(w):
    """Width of the set of inputs x where |w σ'(w x + b)| ≥ 1 (any b shifts it, not its
    width).

    Zero for |w| ≤ 4; otherwise (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1), from solving
    σ'(u) = 1/|w| for u (Nielsen 2015, chapter 5, problem).
    """
    w = abs(float(w))
    if w <= 4:
        return 0.0
    # σ'(u) = s(1 − s) = 1/w at s = (1 ± √(1 − 4/w))/2; the window in u runs between the
    # two
    # solutions u = ±ln(s/(1 − s)), and x = u / w.
    s = (1 + np.sqrt(1 - 4 / w)) / 2
    return float(2 * np.log(s / (1 - s)) / w)


def widest_amplifying_window():
    """(|w|, width) where :func:`amplifying_window` is largest, by bounded scalar
    optimisation."""
    from scipy.optimize import minimize_scalar

    best = minimize_scalar(
        lambda w: -amplifying_window(w),
        bounds=(4.0, 50.0),
        method="bounded",
        options={"xatol": 1e-10},
    )
    return float(best.x), amplifying_window(best.x)


# --- deep networks on real data -------------------------------------------------------

# The "standard" initialisation Glorot & Bengio (2010) compare against: U(−1/√n, 1/√n).
NAIVE = "naive"
INITIALISERS = {
    "naive": lambda fan_in: {
        "class_name": "RandomUniform",
        "config": {"minval": -1 / np.sqrt(fan_in), "maxval": 1 / np.sqrt(fan_in)},
    },
    "glorot": lambda fan_in: "glorot_uniform",
    "he": lambda fan_in: "he_normal",
}


def recommended_initialiser(activation):
    """He for the ReLU family (He et al. 2015), Glorot for the others (Glorot & Bengio
    2010)."""
    return "he" if activation in ("relu", "leaky_relu") else "glorot"


def deep_mlp(
    depth,
    activation,
    initialiser,
    *,
    width=64,
    inputs=784,
    classes=10,
    seed=0,
    batch_norm=False,
    residual=False,
):
    """An MLP with ``depth`` hidden layers of ``width`` units, softmax output.

    ``batch_norm`` puts a BatchNormalization before each hidden activation; ``residual``
    adds each hidden layer's input to its output (from the second hidden layer on).
    """
    import keras

    keras.utils.set_random_seed(seed)
    x = keras.Input((inputs,))
    h = x
    for layer in range(depth):
        fan_in = inputs if layer == 0 else width
        dense = keras.layers.Dense(
            width,
            kernel_initializer=INITIALISERS[initialiser](fan_in),
            name=f"hidden_{layer + 1}",
        )
        a = dense(h)
        if batch_norm:
            a = keras.layers.BatchNormalization()(a)
        out = keras.layers.Activation(activations.get(activation).keras_name)(a)
        h = keras.layers.Add()([h, out]) if residual and layer > 0 else out
    y = keras.layers.Dense(classes, activation="softmax", name="output")(h)
    return keras.Model(x, y)


def hidden_kernels(model):
    """The kernels of the hidden Dense layers, first to last."""
    return [layer.kernel for layer in model.layers if layer.name.startswith("hidden_")]


def layer_gradient_norms(model, images, labels):
    """‖∂L/∂W_l‖ for every hidden layer l, on one batch, with cross-entropy loss."""
    import keras
    import tensorflow as tf

    kernels = hidden_kernels(model)
    loss = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        value = loss(labels, model(images, training=True))
    return np.array([float(tf.norm(g)) for g in tape.gradient(value, kernels)])


def relative_weight_change(
    model, images, labels, steps, learning_rate=0.1, batch_size=128, seed=0
):
    """‖W_l(t) − W_l(0)‖ / ‖W_l(0)‖ per hidden layer after ``steps`` steps of SGD."""
    import keras

    start = [np.array(k) for k in hidden_kernels(model)]
    model.compile(
        keras.optimizers.SGD(learning_rate), "sparse_categorical_crossentropy"
    )
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        batch = rng.choice(len(images), batch_size, replace=False)
        model.train_on_batch(images[batch], labels[batch])
    return np.array(
        [
            np.linalg.norm(np.array(k) - w0) / np.linalg.norm(w0)
            for k, w0 in zip(hidden_kernels(model), start)
        ]
    )


# --- recurrences ---------------------------------------------------------------------


def matrix_with_spectral_radius(size, radius, seed=0):
    """A random orthogonal matrix times ``radius``: every eigenvalue has modulus
    ``radius``."""
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.normal(size=(size, size)))
    return radius * q * np.sign(np.diag(r))


def recurrent_gradient_norms(matrix, steps, activation="identity", seed=0):
    """‖∂h_t/∂h_0‖ (spectral norm) for t = 0..steps of h_t = f(W h_(t−1)), by
    GradientTape."""
    import tensorflow as tf

    w = tf.constant(matrix, dtype=tf.float64)
    h0 = tf.constant(
        np.random.default_rng(seed).normal(size=(matrix.shape[0],)) * 0.5,
        dtype=tf.float64,
    )
    jacobians = _recurrent_jacobians(activation, steps)(w, h0).numpy()
    return np.array([1.0] + [float(np.linalg.norm(j, 2)) for j in jacobians])


@functools.cache
def _recurrent_jacobians(activation, steps):
    """A TensorFlow function of (W, h_0) that returns every ∂h_t/∂h_0, shape (steps,
    units, units).  TensorFlow traces it once per activation and length, and the
    Jacobian's vectorised graph is built then, not again on every call."""
    import tensorflow as tf

    f = activations.get(activation).tensorflow()

    @tf.function
    def jacobians(w, h0):
        with tf.GradientTape() as tape:
            tape.watch(h0)
            states, h = [], h0
            for _ in range(steps):
                h = f(tf.linalg.matvec(w, h))
                states.append(h)
            states = tf.stack(states)
        return tape.jacobian(states, h0)

    return jacobians


# --- the same measurement in plain NumPy (fast enough for a live widget) ------------


def mlp_weights(depth, scale, inputs, *, width=64, classes=10, seed=0):
    """Hidden weights W_l ~ N(0, scale²/fan_in), and output weights ~ N(0, 1/width)."""
    rng = np.random.default_rng(seed)
    sizes = [inputs] + [width] * depth
    hidden = [
        rng.normal(0, scale / np.sqrt(n_in), size=(n_in, n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]
    return hidden, rng.normal(0, 1 / np.sqrt(width), size=(width, classes))


def numpy_layer_gradient_norms(activation, images, labels, weights):
    """‖∂L/∂W_l‖ per hidden layer, by hand in NumPy, for ``weights`` from
    :func:`mlp_weights`.

    Forward: h_l = f(h_(l−1) W_l), softmax output, mean cross-entropy.  Backward: the
    chain rule, layer by layer.  A scale of 1 is LeCun's initialisation, √2 He's.
    """
    hidden, output = weights
    f = activations.get(activation).numpy(0)
    slope = activations.get(activation).numpy(1)
    hs, pre = [images], []
    for w in hidden:
        pre.append(hs[-1] @ w)
        hs.append(f(pre[-1]))
    logits = hs[-1] @ output
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    delta = probabilities
    delta[np.arange(len(labels)), labels] -= 1
    delta /= len(labels)  # ∂L/∂logits for the mean cross-entropy
    upstream = delta @ output.T  # ∂L/∂h for the last hidden layer
    norms = []
    for layer in reversed(range(len(hidden))):
        local = upstream * slope(pre[layer])  # ∂L/∂(pre-activation)
        norms.append(np.linalg.norm(hs[layer].T @ local))
        upstream = local @ hidden[layer].T
    return np.array(norms[::-1])
