import keras
import numpy as np

from dlbook import training


def _network(seed):
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    network = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    network.compile(
        keras.optimizers.Adam(1e-2),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return network


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100, 4)).astype("float32")
    return x, (x[:, 0] > 0).astype("int64") + (x[:, 1] > 1)


def _train(built):
    x, y = _data()
    network = _network(0)
    traces = []
    step = network.train_step
    network.train_step = lambda data: traces.append(1) or step(data)
    if built:
        training.build_state(network, x[:1], y[:1])
    history = network.fit(x, y, epochs=2, batch_size=32, verbose=0).history
    return history, network.evaluate(x, y, verbose=0), len(traces)


def test_build_state_traces_the_training_step_once_and_changes_no_number():
    plain, built = _train(False), _train(True)
    assert plain[:2] == built[:2]  # the history and the evaluation, bit for bit
    assert (plain[2], built[2]) == (2, 1)  # TensorFlow traced the step twice, then once
