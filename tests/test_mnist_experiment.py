import keras
import numpy as np
import pytest

from dlbook import mnist
from dlbook.mnist_experiment import (
    ALPHAS,
    SlopedReLU,
    as_channels,
    cnn,
    describe,
    invert,
    one_hot,
    prepare,
    shuffled,
    with_inverted,
)


def test_invert_maps_each_pixel_to_255_minus_it_and_wants_uint8():
    pixels = np.array([[0, 1, 128, 255]], dtype=np.uint8)
    assert (
        invert(pixels).tolist() == [[255, 254, 127, 0]]
        and invert(pixels).dtype == np.uint8
    )
    with pytest.raises(TypeError, match="uint8"):
        invert(pixels.astype("float32") / 255)


def test_with_inverted_doubles_the_set_and_marks_the_copies():
    (images, labels), _ = mnist.load_sample()
    images, labels = images[:50], labels[:50]
    doubled, doubled_labels, inverted = with_inverted(images, labels)
    assert doubled.shape == (100, 28, 28) and doubled.dtype == np.uint8
    assert np.array_equal(doubled[:50], images) and np.array_equal(
        doubled[50:], 255 - images
    )
    assert np.array_equal(doubled_labels, np.concatenate([labels, labels]))
    assert inverted.sum() == 50 and not inverted[:50].any()
    with pytest.raises(ValueError, match="50 images but 49 labels"):
        with_inverted(images, labels[:49])


def test_shuffled_keeps_rows_together_and_is_seeded():
    images = np.arange(20).reshape(10, 2)
    labels = np.arange(10)
    mixed_images, mixed_labels = shuffled(images, labels, seed=3)
    assert not np.array_equal(mixed_labels, labels)
    assert np.array_equal(mixed_images[:, 0] // 2, mixed_labels)
    again = shuffled(images, labels, seed=3)
    assert np.array_equal(again[1], mixed_labels)


def test_channels_and_one_hot():
    images = np.zeros((3, 28, 28), np.uint8)
    assert as_channels(images).shape == (3, 28, 28, 1) and np.shares_memory(
        as_channels(images), images
    )
    assert one_hot([0, 9, 3]).tolist() == [
        [float(i == k) for i in range(10)] for k in (0, 9, 3)
    ]
    with pytest.raises(ValueError, match="0..9"):
        one_hot([10])


@pytest.mark.parametrize("alpha", ALPHAS)
def test_sloped_relu_is_x_above_zero_and_alpha_x_below(alpha):
    x = np.linspace(-3, 3, 13).astype("float32")
    y = keras.ops.convert_to_numpy(SlopedReLU(alpha)(x))
    assert np.allclose(y, np.where(x > 0, x, alpha * x))


def test_sloped_relu_covers_what_keras_leaky_relu_refuses_and_round_trips():
    with pytest.raises(ValueError, match="cannot be None or negative"):
        keras.layers.LeakyReLU(negative_slope=-1.0)
    x = np.array([-2.0, 3.0], dtype="float32")
    assert keras.ops.convert_to_numpy(SlopedReLU(-1.0)(x)).tolist() == [2.0, 3.0]  # |x|
    assert SlopedReLU.from_config(SlopedReLU(-0.5).get_config()).alpha == -0.5


def test_describe_names_the_special_slopes():
    assert (
        describe(-1.0).startswith("|x|")
        and describe(0.0) == "ReLU"
        and "linear" in describe(1.0)
        and describe(1.0).startswith("the identity")
    )
    assert "mirrored" in describe(-0.5) and "shrunk" in describe(0.5)


def test_cnn_reads_uint8_images_and_starts_near_uniform_predictions():
    keras.utils.set_random_seed(0)
    network = cnn(0.0)
    (images, labels), _ = mnist.load_sample()
    probabilities = network.predict(as_channels(images[:256]), verbose=0)
    assert probabilities.shape == (256, 10) and np.allclose(
        probabilities.sum(axis=1), 1, atol=1e-5
    )
    loss = float(
        keras.losses.categorical_crossentropy(one_hot(labels[:256]), probabilities)
        .numpy()
        .mean()
    )
    assert loss == pytest.approx(
        np.log(10), abs=0.3
    )  # the loss at initialisation, ≈ ln 10
    assert sum(isinstance(layer, SlopedReLU) for layer in network.layers) == 2


def test_prepare_doubles_both_sets_and_keeps_uint8():
    data = prepare(*mnist.load_sample())
    assert (
        len(data["x_train"]) + len(data["x_val"]) == 2 * 6000
        and len(data["x_test"]) == 2 * 1000
    )
    assert data["x_train"].dtype == np.uint8 and data["x_train"].shape[1:] == (
        28,
        28,
        1,
    )
    assert data["test_inverted"].sum() == 1000 and data["y_test"].shape == (2000, 10)
    # Inverted copies are mostly bright: their mean pixel is far above an original's.
    bright = data["x_test"][data["test_inverted"]].mean()
    assert bright > 3 * data["x_test"][~data["test_inverted"]].mean()


def test_a_recorded_sweep_has_its_settings_environment_and_resumes(
    tmp_path, monkeypatch
):
    import json

    from dlbook import mnist_experiment

    def small_settings(name=None):
        return {
            "data": "sample",
            "epochs": 1,
            "seeds": [0],
            "batch_size": 256,
            "learning_rate": 1e-3,
        }

    monkeypatch.setattr(mnist_experiment, "settings", small_settings)
    out = tmp_path / "sweep.json"
    first = mnist_experiment.record_sweep(out, "quick", alphas=(0.0,))
    assert [(r["seed"], r["train_on"]) for r in first["runs"]] == [
        (0, "both"),
        (0, "original"),
        (0, "inverted"),
    ]
    # One half alone gets twice the epochs, so that every network takes the same number
    # of steps.
    assert [len(r["history"]["loss"]) for r in first["runs"]] == [1, 2, 2]
    run = first["runs"][0]
    assert (
        run["alpha"] == 0.0
        and run["train_on"] == "both"
        and len(run["test_predictions"]) == 2000
        and len(run["history"]["val_accuracy"]) == 1
        and run["wall_seconds"] > 0
    )
    assert (
        0.1 < run["test_accuracy_original"] <= 1
        and "tensorflow" in first["environment"]
    )
    assert json.loads(out.read_text())["runs"] == first["runs"]
    again = mnist_experiment.record_sweep(out, "quick", alphas=(0.0,))
    assert again["runs"] == first["runs"]  # resumed: nothing trained twice


def test_cosine_adam_decays_to_zero_over_every_batch_of_the_run():
    from dlbook.mnist_experiment import cosine_adam

    config = cosine_adam(1e-3, epochs=2, examples=100, batch_size=32).get_config()[
        "learning_rate"
    ]
    schedule = keras.optimizers.schedules.deserialize(config)
    # 100 examples in batches of 32 make 4 steps per epoch (the last batch partial): 8
    # in all.
    assert float(schedule(0)) == pytest.approx(1e-3) and float(
        schedule(4)
    ) == pytest.approx(5e-4)
    assert float(schedule(8)) == pytest.approx(0.0, abs=1e-9)


def test_settings_refuse_an_unknown_profile():
    from dlbook import mnist_experiment
    from dlbook.profile import ProfileError

    assert mnist_experiment.settings("full")["seeds"] == [0, 1, 2]
    with pytest.raises(ProfileError, match="'medium' is not a profile"):
        mnist_experiment.settings("medium")


@pytest.fixture(scope="module")
def sample():
    return prepare(*mnist.load_sample())


def test_training_on_one_half_uses_only_that_half(sample, monkeypatch):
    from dlbook import mnist_experiment

    seen = []
    original_fit = keras.Model.fit

    def recording_fit(self, x, y, **kwargs):
        seen.append((len(x), float(np.mean(x)), len(kwargs["validation_data"][0])))
        return original_fit(
            self, x[:256], y[:256], **{**kwargs, "validation_data": None}
        )

    monkeypatch.setattr(keras.Model, "fit", recording_fit)
    run = mnist_experiment.train_alpha(sample, 0.0, epochs=1, train_on="original")
    ((count, mean, validation),) = seen
    assert (
        count == (~sample["train_inverted"]).sum() and mean < 100
    )  # originals are mostly black
    assert validation == (~sample["val_inverted"]).sum()
    assert run["train_on"] == "original" and len(run["test_predictions"]) == len(
        sample["x_test"]
    )
    with pytest.raises(ValueError, match="train_on='colour'"):
        mnist_experiment.train_alpha(sample, 0.0, train_on="colour")


def log_odds(network, images):
    probabilities = network.predict(images, verbose=0).astype("float64")
    return np.log(probabilities[:, 1:]) - np.log(probabilities[:, :1])


def test_alpha_one_is_affine_in_the_pixels_with_average_pooling_not_max():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0, 0.5, (2, 4, 28, 28, 1)).astype("float32")
    zero = np.zeros_like(a)
    for pooling, affine in (("average", True), ("max", False)):
        keras.utils.set_random_seed(0)
        network = cnn(1.0, pooling=pooling, scaled=False, input_dtype="float32")
        # For an affine score function f: f(a) + f(b) = f(a + b) + f(0); softmax
        # log-odds are score differences.
        gap = np.abs(
            log_odds(network, a)
            + log_odds(network, b)
            - log_odds(network, a + b)
            - log_odds(network, zero)
        )
        assert (gap.max() < 1e-4) == affine, (pooling, gap.max())
    with pytest.raises(ValueError, match="pooling='median'"):
        cnn(0.0, pooling="median")


def test_a_linear_classifier_cannot_read_both_colours(sample):
    from dlbook.mnist_experiment import scores_by_half, train_linear

    on_originals = scores_by_half(
        train_linear(sample, train_on="original", epochs=2), sample
    )
    on_both = scores_by_half(train_linear(sample, train_on="both", epochs=2), sample)
    assert (
        on_originals["test_accuracy_original"] > 0.8
        and on_originals["test_accuracy_inverted"] < 0.2
    )
    assert on_both["test_accuracy_all"] < 0.3


def test_collapse_trial_reports_a_diverged_network_answering_one_digit(sample):
    from dlbook.mnist_experiment import collapse_trial

    small = {
        **sample,
        "x_train": sample["x_train"][:2048],
        "y_train": sample["y_train"][:2048],
    }
    diverged = collapse_trial(small, 1.0, optimizer="SGD", learning_rate=1.0)
    assert not np.isfinite(diverged["loss"][-1]) and diverged["top_digit_share"] == 1.0
    unscaled = collapse_trial(small, 0.0, scaled=False, epochs=1)
    assert unscaled["initial_loss"] > 10 * np.log(
        10
    )  # caught before training by the ln 10 check
    assert unscaled["pooling"] == "max" and not unscaled["scaled"]


def test_collapse_trial_trains_on_the_first_images_it_is_given(sample, monkeypatch):
    from dlbook.mnist_experiment import collapse_trial

    seen = []
    original_fit = keras.Model.fit

    def recording_fit(self, x, y, **kwargs):
        seen.append(x)
        return original_fit(self, x, y, **kwargs)

    monkeypatch.setattr(keras.Model, "fit", recording_fit)
    few = collapse_trial(sample, 0.0, examples=40)
    assert few["examples"] == 40 and np.array_equal(seen[-1], sample["x_train"][:40])
    every = collapse_trial(sample, 0.0)
    assert every["examples"] == len(seen[-1]) == len(sample["x_train"])


def test_colour_pairs_finds_the_vector_c_of_a_linear_classifier(sample):
    from dlbook.mnist_experiment import colour_pairs, train_linear

    (_, _), (x_test, y_test) = mnist.load_sample()
    network = train_linear(sample, train_on="both", epochs=1, batch_size=512)
    c, both_right = colour_pairs(network, x_test, y_test)
    # The scores of an inverted image are c − s(x), so s(x) + s(1 − x) = c.
    weights, bias = (keras.ops.convert_to_numpy(v) for v in network.layers[-1].weights)
    x = x_test[:5].reshape(5, -1) / 255
    scores = x @ weights + bias
    inverted = (1 - x) @ weights + bias
    assert np.allclose(scores + inverted, c, atol=1e-4)
    assert both_right.shape == y_test.shape
    assert set(y_test[both_right]) <= {int(c.argmax())}


def test_a_recorded_linear_experiment_has_its_settings_environment_and_bound(
    tmp_path, monkeypatch
):
    import json

    from dlbook import mnist_experiment
    from dlbook.mnist_experiment_views import RECORDED_LINEAR, linear_bound, load

    original_trial = mnist_experiment.collapse_trial
    monkeypatch.setattr(
        mnist_experiment,
        "collapse_trial",
        lambda *args, **kwargs: original_trial(*args, examples=512, **kwargs),
    )
    config = {
        **mnist_experiment.LINEAR_SETTINGS,
        "data": "sample",
        "epochs": 1,
        "linear_cnn_epochs": 1,
    }
    out = tmp_path / "linear.json"
    recorded = mnist_experiment.record_linear(out, config)
    assert json.loads(out.read_text()) == load(out) == recorded
    assert recorded["settings"] == config and "tensorflow" in recorded["environment"]
    assert recorded["test_digit_counts"] == [100] * 10
    models = [(run["model"], run["train_on"]) for run in recorded["runs"]]
    assert models == [("linear", "original"), ("linear", "both"), ("cnn", "both")]
    for run in recorded["runs"]:
        assert run["wall_seconds"] > 0
    linear = recorded["runs"][1]
    assert len(linear["history"]["loss"]) == 1 and len(linear["c"]) == 10
    assert set(linear["digits_both_right"]) <= {linear["largest_c_digit"]}
    bound = linear_bound(recorded["test_digit_counts"], linear["largest_c_digit"])
    assert bound == pytest.approx(0.55) and linear["test_accuracy_all"] < bound
    # The shipped recording was made on the full data.
    shipped = load(RECORDED_LINEAR)
    assert shipped["settings"]["data"] == "full"
    assert sum(shipped["test_digit_counts"]) == 10000
    assert shipped["sizes"] == {"x_train": 108000, "x_val": 12000, "x_test": 20000}


# The main page's own-notebook cells, run as a student would in a fresh notebook
# (tests/own_notebook.py): Keras's load_data stands in for the download with the first
# images of the shipped sample, read with gzip and NumPy alone, so that the notebook's
# one-epoch fits are tiny.
SAMPLE_LOADER = """
import gzip
from pathlib import Path

import keras
import numpy as np

SAMPLE = Path({folder!r})


def read_idx(name, offset):
    with gzip.open(SAMPLE / f"{{name}}.gz") as file:
        return np.frombuffer(file.read(), np.uint8, offset=offset)


def load_sample(path="mnist.npz"):
    x_train = read_idx("train-images-idx3-ubyte", 16).reshape(-1, 28, 28)
    y_train = read_idx("train-labels-idx1-ubyte", 8)
    x_test = read_idx("t10k-images-idx3-ubyte", 16).reshape(-1, 28, 28)
    y_test = read_idx("t10k-labels-idx1-ubyte", 8)
    return (x_train[:{train}], y_train[:{train}]), (x_test[:{test}], y_test[:{test}])


keras.datasets.mnist.load_data = load_sample
"""
OWN_TRAIN, OWN_TEST = 256, 128


def test_the_own_notebook_code_makes_the_packages_data_and_network():
    import hashlib

    from own_notebook import run_without_dlbook

    from dlbook.mnist_experiment import shuffled

    probe = (
        "{'digests': [__import__('hashlib').sha256(a.tobytes()).hexdigest() "
        "for a in (train_images, train_labels, test_images, test_labels)], "
        "'dtype': str(train_images.dtype), "
        "'layers': [[type(l).__name__, list(l.output.shape)[1:]] "
        "for l in cnn(0.5).layers], "
        "'weights': cnn(-1.0).count_params(), "
        "'results': {str(a): [float(v) for v in r] for a, r in results.items()}}"
    )
    before = SAMPLE_LOADER.format(
        folder=str(mnist.SAMPLE_DIR), train=OWN_TRAIN, test=OWN_TEST
    )
    values = run_without_dlbook("mnist", probe, before=before)
    (x_train, y_train), (x_test, y_test) = mnist.load_sample()
    train = shuffled(*with_inverted(x_train[:OWN_TRAIN], y_train[:OWN_TRAIN])[:2])
    test = shuffled(*with_inverted(x_test[:OWN_TEST], y_test[:OWN_TEST])[:2])
    expected = [as_channels(train[0]), train[1], as_channels(test[0]), test[1]]
    # The same pixels and labels, in the same order, as the package's augmentation.
    assert values["digests"] == [
        hashlib.sha256(a.tobytes()).hexdigest() for a in expected
    ]
    assert len(set(values["digests"])) == 4 and values["dtype"] == "uint8"
    network = cnn(0.5)
    assert values["layers"] == [
        [type(layer).__name__, list(layer.output.shape)[1:]] for layer in network.layers
    ]
    assert values["weights"] == network.count_params() == 34826
    # With the same seed the notebook's network starts from the package's weights: its
    # loss before training is the package's, for every slope.
    assert [float(a) for a in values["results"]] == list(ALPHAS)
    for alpha in ALPHAS:
        keras.utils.set_random_seed(0)
        reference = cnn(alpha)
        reference.compile(loss="categorical_crossentropy")
        loss = reference.evaluate(as_channels(test[0]), one_hot(test[1]), verbose=0)
        loss_before, accuracy = values["results"][str(alpha)]
        assert loss_before == pytest.approx(loss, abs=1e-5)
        assert 0 <= accuracy <= 1


def test_convolve_and_pool_compute_what_keras_computes():
    from dlbook.mnist_experiment import convolve, pool

    rng = np.random.default_rng(0)
    image = rng.uniform(0, 1, (9, 7)).astype("float32")
    kernel = rng.normal(size=(3, 3)).astype("float32")
    conv = keras.layers.Conv2D(1, 3, use_bias=False)
    conv.build((1, 9, 7, 1))
    conv.set_weights([kernel.reshape(3, 3, 1, 1)])
    expected = keras.ops.convert_to_numpy(conv(image[None, :, :, None]))[0, :, :, 0]
    assert convolve(image, kernel).shape == (7, 5)
    assert np.allclose(convolve(image, kernel), expected, atol=1e-5)
    for how, layer in (
        (np.max, keras.layers.MaxPooling2D),
        (np.mean, keras.layers.AveragePooling2D),
    ):
        pooled = keras.ops.convert_to_numpy(layer(2)(image[None, :, :, None]))[
            0, ..., 0
        ]
        assert pool(image, how).shape == (4, 3)  # an odd last row and column dropped
        assert np.allclose(pool(image, how), pooled, atol=1e-6)
    # The inverted image's map is the sum of the weights minus the original's.
    assert np.allclose(
        convolve(1 - image, kernel), kernel.sum() - convolve(image, kernel), atol=1e-5
    )


def test_map_sides_are_the_networks_and_the_mistakes_differ():
    from dlbook.mnist_experiment import map_sides

    network = cnn(0.0)
    changing = [
        layer for layer in network.layers if type(layer).__name__.endswith("2D")
    ]
    assert (
        map_sides()
        == [layer.output.shape[1] for layer in changing]
        == [
            26,
            13,
            11,
            5,
        ]
    )
    assert map_sides(lost=0) == [28, 14, 14, 7]  # a map as big as its image
    assert map_sides(lost=3) == [25, 12, 9, 4]  # 28 − 3, without the + 1
    # A "same"-padded network shows what the first mistake would count.
    same = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(32, 3, padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 3, padding="same"),
            keras.layers.MaxPooling2D(2),
        ]
    )
    assert [layer.output.shape[1] for layer in same.layers] == map_sides(lost=0)


def test_weight_count_with_and_without_the_biases():
    from dlbook.mnist_experiment import weight_count

    network = cnn(1.0)
    assert weight_count(network) == network.count_params() == 34826
    # 32 + 64 + 10 biases forgotten.
    assert weight_count(network, biases=False) == 34826 - (32 + 64 + 10) == 34720


def test_centred_scores_recover_the_scores_up_to_a_shift():
    from dlbook.mnist_experiment import centred_scores

    network = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4, activation="softmax")]
    )
    x = np.array([[1.0, -2.0, 0.5], [0.0, 0.0, 0.0]], "float32")
    weights, bias = network.layers[0].get_weights()
    logits = x @ weights + bias
    expected = logits - logits.mean(axis=1, keepdims=True)
    assert np.allclose(centred_scores(network, x), expected, atol=1e-5)


def test_use_book_mnist_in_keras_serves_the_sample_in_the_quick_profile(monkeypatch):
    from dlbook import mnist_experiment

    monkeypatch.setenv("DLBOOK_PROFILE", "quick")
    monkeypatch.setattr(
        keras.datasets.mnist, "load_data", keras.datasets.mnist.load_data
    )
    mnist_experiment.use_book_mnist_in_keras()
    (x_train, _), (x_test, y_test) = keras.datasets.mnist.load_data()
    (sample_train, _), (sample_test, _) = mnist.load_sample()
    assert np.array_equal(x_train, sample_train) and len(y_test) == 1000
    assert np.array_equal(x_test, sample_test)


def test_use_book_mnist_in_keras_leaves_the_download_in_the_full_profile(monkeypatch):
    from dlbook import mnist_experiment

    monkeypatch.setenv("DLBOOK_PROFILE", "full")
    monkeypatch.delenv(mnist.ENV_VAR, raising=False)
    download = keras.datasets.mnist.load_data
    monkeypatch.setattr(keras.datasets.mnist, "load_data", download)
    mnist_experiment.use_book_mnist_in_keras()
    assert keras.datasets.mnist.load_data is download


def test_flipping_a_filter_changes_nothing_with_the_absolute_value():
    from dlbook.mnist_experiment import largest_change_after_flipping

    images = as_channels(mnist.load_sample()[1][0][:16])
    assert largest_change_after_flipping(-1.0, images) < 1e-6
    assert largest_change_after_flipping(0.0, images) > 1e-6
