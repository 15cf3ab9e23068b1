"""Recreate assets/mnist-sample from the full MNIST and check it is bit-for-bit the
shipped one.

    .venv/bin/python scripts/make_mnist_sample.py [FULL_MNIST_FOLDER]

The folder defaults to $DLBOOK_MNIST_DIR. The sample is 600 training and 100 test images
of each digit, drawn with a fixed seed (dlbook.mnist.make_sample). The script exits
non-zero if any recreated file's SHA-256 differs from the one recorded in
dlbook.mnist.SAMPLE.
"""

import os
import sys

from dlbook import mnist


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(mnist.ENV_VAR)
    if not folder:
        sys.exit(f"name the full MNIST folder as an argument or in {mnist.ENV_VAR}")
    digests = mnist.make_sample(folder, mnist.SAMPLE_DIR)
    wrong = [key for key, digest in digests.items() if digest != mnist.SAMPLE[key][1]]
    for key, digest in digests.items():
        print(
            f"{mnist.NAMES[key]}.gz  sha256 of content {digest}  "
            f"{'ok' if key not in wrong else 'DIFFERS'}"
        )
    if wrong:
        sys.exit(
            f"the recreated sample differs from the recorded one in {', '.join(wrong)}"
        )
    print(f"wrote {mnist.SAMPLE_DIR}; identical to the recorded sample")


if __name__ == "__main__":
    main()
