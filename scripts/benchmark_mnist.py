"""Benchmark the MNIST chapter's training setup against a plain ``model.fit`` with Keras
defaults.

Both train the same network (``cnn(0.0)``, ReLU) on the same doubled training set in one
process, epoch by epoch in turn (an epoch of one, then an epoch of the other), so that a
slow spell of the machine falls on both; after every epoch each is scored on the
original test digits (the scoring is not counted as training time):

- chapter: ``uint8`` arrays, scaling inside the network, the full profile's batch size,
  and Adam with the learning rate falling from the full profile's rate along a cosine
  planned over its epochs (see ``settings("full")``);
- plain: the images scaled to ``float32`` in NumPy first, then ``model.fit`` with
  Keras's defaults: batches of 32 and ``Adam()`` (a constant 1e-3).

Reports training images per second and the training time until the original test digits
reach 99 % accuracy, and writes them as JSON (default
``measurements/mnist-benchmark.json``):

    DLBOOK_MNIST_DIR=/path/to/mnist .venv/bin/python scripts/benchmark_mnist.py
    --max-epochs 3
"""

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from dlbook import mnist  # noqa: E402

# noqa: E402
from dlbook.mnist_experiment import cnn, cosine_adam, environment, prepare, settings

TARGET = 0.99


class Setup:
    """One network, its training arrays and fit options; trains one epoch at a time."""

    def __init__(self, name, network, x, y, x_test, y_test, **fit_options):
        self.name, self.network, self.x, self.y = name, network, x, y
        self.x_test, self.y_test, self.fit_options = x_test, y_test, fit_options
        self.seconds, self.accuracy = [], []

    def epoch(self):
        started = time.perf_counter()
        self.network.fit(self.x, self.y, epochs=1, verbose=0, **self.fit_options)
        self.seconds.append(time.perf_counter() - started)
        scores = self.network.evaluate(
            self.x_test, self.y_test, batch_size=1024, verbose=0, return_dict=True
        )
        self.accuracy.append(float(scores["accuracy"]))

    def result(self):
        elapsed = np.cumsum(self.seconds)
        reached = next(
            (i for i, accuracy in enumerate(self.accuracy) if accuracy >= TARGET), None
        )
        images_per_second = [len(self.x) / seconds for seconds in self.seconds]
        return {
            "setup": self.name,
            "epoch_seconds": self.seconds,
            "test_accuracy_original": self.accuracy,
            "images_per_second_first_epoch": images_per_second[0],
            "images_per_second_later_epochs": float(np.median(images_per_second[1:]))
            if len(self.seconds) > 1
            else None,
            "epochs_to_target": None if reached is None else reached + 1,
            "seconds_to_target": None if reached is None else float(elapsed[reached]),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-epochs", type=int, default=3)
    parser.add_argument("--out", default="measurements/mnist-benchmark.json")
    arguments = parser.parse_args()

    data = prepare(*mnist.load())
    original = ~data["test_inverted"]
    x_test, y_test = data["x_test"][original], data["y_test"][original]
    full = settings("full")

    keras.utils.set_random_seed(0)
    chapter = cnn(0.0)
    chapter.compile(
        cosine_adam(
            full["learning_rate"],
            epochs=full["epochs"],
            examples=len(data["x_train"]),
            batch_size=full["batch_size"],
        ),
        "categorical_crossentropy",
        metrics=["accuracy"],
    )
    keras.utils.set_random_seed(0)
    plain = cnn(0.0, scaled=False, input_dtype="float32")
    plain.compile(
        keras.optimizers.Adam(), "categorical_crossentropy", metrics=["accuracy"]
    )
    setups = [
        Setup(
            "chapter",
            chapter,
            data["x_train"],
            data["y_train"],
            x_test,
            y_test,
            batch_size=full["batch_size"],
        ),
        Setup(
            "plain",
            plain,
            data["x_train"].astype("float32") / 255,
            data["y_train"],
            x_test.astype("float32") / 255,
            y_test,
        ),
    ]
    for epoch in range(arguments.max_epochs):
        for setup in setups:
            setup.epoch()
            print(
                f"epoch {epoch + 1} {setup.name}: {setup.seconds[-1]:.1f} s, "
                f"accuracy on originals {setup.accuracy[-1]:.4f}",
                flush=True,
            )
    results = [setup.result() for setup in setups]

    chapter_result, plain_result = results
    report = {
        "target": TARGET,
        "max_epochs": arguments.max_epochs,
        "training_images": len(data["x_train"]),
        "environment": environment(),
        "results": results,
        "throughput_ratio_later_epochs": (
            chapter_result["images_per_second_later_epochs"]
            / plain_result["images_per_second_later_epochs"]
            if plain_result["images_per_second_later_epochs"]
            else None
        ),
    }
    out = Path(arguments.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
