"""MNIST, loaded whole or as the small sample the repository ships, always verified.

Three sources, one format -- ``(x_train, y_train), (x_test, y_test)`` as ``uint8``
arrays of shape (n, 28, 28) and (n,):

- :func:`load` reads the four original IDX files from the folder named by the
  environment variable :data:`ENV_VAR` (``*-ubyte`` or ``*-ubyte.gz``), or, when it is
  unset, downloads them through ``keras.datasets.mnist.load_data()``;
- :func:`load_sample` reads ``assets/mnist-sample``: the same four files, cut down to
  :data:`SAMPLE_PER_CLASS` images per class, made by :func:`make_sample` from the full
  data (``python scripts/make_mnist_sample.py``).

Every file read from a folder is checked before it is used: its decompressed size and
SHA-256 against :data:`FULL` or :data:`SAMPLE`, then its IDX header.  Anything wrong
raises :class:`MnistError` naming the file and what to do; nothing is half-loaded.
"""

import gzip
import hashlib
import os
import zlib
from pathlib import Path

import numpy as np

ENV_VAR = "DLBOOK_MNIST_DIR"
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "assets" / "mnist-sample"
SAMPLE_PER_CLASS = {"train": 600, "test": 100}
SAMPLE_SEED = 0
NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
# (bytes, SHA-256) of each decompressed file.  The full set: LeCun et al. (1998)'s
# originals.
FULL = {
    "train_images": (
        47040016,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    "train_labels": (
        60008,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    "test_images": (
        7840016,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    "test_labels": (
        10008,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
}
# The shipped sample, as make_sample writes it from the full set.
SAMPLE = {
    "train_images": (
        4704016,
        "2552e7ed83db49429bfbe826379a0d9d4332bc8baeab0bf6ac46314b61bbc940",
    ),
    "train_labels": (
        6008,
        "d57fd2c35c7d79943bbbdad853489a0fa992aee7fc28208cca2481eabbcc2d65",
    ),
    "test_images": (
        784016,
        "cd91bd4fdff29bebdc917e973c62d3423d99500c4a1507bae8533a05a0677e20",
    ),
    "test_labels": (
        1008,
        "dbb2abfdff4891cb7b860f7686025eb96be158b3099ccfe7b6532f60e3f77328",
    ),
}
IMAGE_MAGIC, LABEL_MAGIC = 0x00000803, 0x00000801


class MnistError(RuntimeError):
    """MNIST could not be loaded; the message names the file and what to do."""


def _find(folder, key):
    name = NAMES[key]
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    raise MnistError(
        f"{folder} has no {name} (or {name}.gz). A MNIST folder needs the four "
        f"original IDX files: {', '.join(NAMES.values())}, each gzip-compressed or not."
    )


def _read_bytes(path):
    data = path.read_bytes()
    if path.suffix != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as error:
        raise MnistError(
            f"{path} is not a complete gzip file ({error}); download it again."
        ) from None


def _parse_idx(data, path, key):
    """The array an IDX file holds, after checking its header against its length."""
    magic = int.from_bytes(data[:4], "big") if len(data) >= 4 else None
    expected_magic = IMAGE_MAGIC if key.endswith("images") else LABEL_MAGIC
    if magic != expected_magic:
        raise MnistError(
            f"{path} does not start like an IDX {key.split('_')[1]} file "
            f"(magic {magic!r}, expected {expected_magic:#010x})."
        )
    ndim = 3 if key.endswith("images") else 1
    header = 4 + 4 * ndim
    shape = tuple(
        int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)
    )
    if len(data) != header + int(np.prod(shape)):
        raise MnistError(
            f"{path}: its header promises shape {shape}, but it holds "
            f"{len(data) - header} bytes of data."
        )
    return np.frombuffer(bytearray(data), dtype=np.uint8, offset=header).reshape(shape)


def read_file(folder, key, checks):
    """One of the four arrays from ``folder``, verified against ``checks[key]`` =
    (bytes, sha256)."""
    path = _find(folder, key)
    data = _read_bytes(path)
    size, digest = checks[key]
    if len(data) != size:
        raise MnistError(
            f"{path} holds {len(data)} bytes once decompressed, not {size}: it is "
            "truncated or not the original file. Download it again."
        )
    actual = hashlib.sha256(data).hexdigest()
    if actual != digest:
        raise MnistError(
            f"{path} has SHA-256 {actual}, not {digest}: the file is corrupt or not "
            "the original. Download it again."
        )
    return _parse_idx(data, path, key)


def load_folder(folder, checks=FULL):
    """``(x_train, y_train), (x_test, y_test)`` from a folder of IDX files, all verified
    first."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MnistError(
            f"{folder} is not a folder. Point {ENV_VAR} at the folder holding "
            "the four MNIST IDX files."
        )
    arrays = {key: read_file(folder, key, checks) for key in NAMES}
    for split in ("train", "test"):
        if len(arrays[f"{split}_images"]) != len(arrays[f"{split}_labels"]):
            raise MnistError(
                f"{folder}: the {split} images and labels differ in number."
            )
    return (arrays["train_images"], arrays["train_labels"]), (
        arrays["test_images"],
        arrays["test_labels"],
    )


def load():
    """The full MNIST: from the folder in ``DLBOOK_MNIST_DIR`` if set, else Keras's
    download."""
    folder = os.environ.get(ENV_VAR, "").strip()
    if folder:
        try:
            return load_folder(Path(folder).expanduser())
        except MnistError as error:
            raise MnistError(f"{ENV_VAR}={folder}: {error}") from None
    try:
        import keras

        return keras.datasets.mnist.load_data()
    except (
        Exception
    ) as error:  # no network, a proxy, a blocked host: say how to work offline
        raise MnistError(
            f"Keras could not download MNIST ({type(error).__name__}: {error}). "
            f"Offline, set {ENV_VAR} to a folder with the four original IDX files "
            "(train-images-idx3-ubyte and the others, .gz or not)."
        ) from None


def load_sample():
    """The small sample the repository ships: 600 training and 100 test images per
    digit."""
    return load_folder(SAMPLE_DIR, SAMPLE)


def sizes(checks=FULL):
    """How many images each set holds, from the verified size of its label file.

    A label file is an 8-byte header and one byte per image, so the full data's
    :data:`FULL` says 60,000 training and 10,000 test images without reading a file.
    """
    return {split: checks[f"{split}_labels"][0] - 8 for split in ("train", "test")}


def sample_indices(labels, per_class, seed=SAMPLE_SEED):
    """``per_class`` indices of each digit, drawn without replacement with a fixed seed,
    sorted."""
    rng = np.random.default_rng(seed)
    chosen = [
        rng.choice(np.flatnonzero(labels == digit), per_class, replace=False)
        for digit in range(10)
    ]
    return np.sort(np.concatenate(chosen))


def idx_bytes(array):
    """``array`` (uint8) as an IDX file."""
    magic = IMAGE_MAGIC if array.ndim == 3 else LABEL_MAGIC
    header = magic.to_bytes(4, "big") + b"".join(
        n.to_bytes(4, "big") for n in array.shape
    )
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def make_sample(full_folder, out_folder):
    """Write the sample from the full data in ``full_folder``; returns the SHA-256 of
    each file.

    The draw is seeded and gzip is written with a fixed time stamp, so the same full
    data always gives the same files, bit for bit.
    """
    (x_train, y_train), (x_test, y_test) = load_folder(full_folder)
    out = Path(out_folder)
    out.mkdir(parents=True, exist_ok=True)
    train = sample_indices(y_train, SAMPLE_PER_CLASS["train"])
    test = sample_indices(y_test, SAMPLE_PER_CLASS["test"])
    arrays = {
        "train_images": x_train[train],
        "train_labels": y_train[train],
        "test_images": x_test[test],
        "test_labels": y_test[test],
    }
    digests = {}
    for key, array in arrays.items():
        data = idx_bytes(array)
        digests[key] = hashlib.sha256(data).hexdigest()
        (out / f"{NAMES[key]}.gz").write_bytes(
            gzip.compress(data, compresslevel=9, mtime=0)
        )
    return digests
