import gzip
import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from dlbook import mnist
from dlbook.mnist import NAMES, SAMPLE, MnistError


def full_folder():
    """The full MNIST folder named by $DLBOOK_MNIST_DIR (CI sets it when it has one)."""
    if not os.environ.get(mnist.ENV_VAR):
        pytest.skip(f"no full MNIST here: set {mnist.ENV_VAR} to run this test")
    folder = Path(os.environ[mnist.ENV_VAR])
    if not folder.is_dir():
        pytest.fail(f"{mnist.ENV_VAR}={folder} is not a folder")
    return folder


@pytest.fixture
def sample_copy(tmp_path):
    """A writable copy of the shipped sample, to break on purpose."""
    shutil.copytree(
        mnist.SAMPLE_DIR, tmp_path / "mnist", ignore=shutil.ignore_patterns("*.md")
    )
    return tmp_path / "mnist"


def test_sizes_follow_from_the_verified_file_sizes():
    assert mnist.sizes() == {"train": 60000, "test": 10000}
    assert mnist.sizes(SAMPLE) == {"train": 6000, "test": 1000}
    # The image files agree: a 16-byte header and 28 × 28 bytes per image.
    for checks in (mnist.FULL, SAMPLE):
        for split, count in mnist.sizes(checks).items():
            assert checks[f"{split}_images"][0] == 16 + 28 * 28 * count
    (x_train, _), (x_test, _) = mnist.load_sample()
    assert mnist.sizes(SAMPLE) == {"train": len(x_train), "test": len(x_test)}


def test_the_sample_has_600_and_100_images_of_each_digit():
    (x_train, y_train), (x_test, y_test) = mnist.load_sample()
    assert x_train.shape == (6000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == y_train.dtype == np.uint8
    assert (
        np.bincount(y_train).tolist() == [600] * 10
        and np.bincount(y_test).tolist() == [100] * 10
    )
    assert 0 < x_train.mean() < 255 and x_train.max() == 255
    assert x_train.flags.writeable


def test_the_sample_is_recreated_bit_for_bit_from_the_full_data(tmp_path):
    digests = mnist.make_sample(full_folder(), tmp_path)
    assert digests == {key: digest for key, (_, digest) in SAMPLE.items()}
    for name in NAMES.values():
        assert (tmp_path / f"{name}.gz").read_bytes() == (
            mnist.SAMPLE_DIR / f"{name}.gz"
        ).read_bytes()


def test_the_full_data_loads_from_the_folder_variable(monkeypatch):
    monkeypatch.setenv(mnist.ENV_VAR, str(full_folder()))
    (x_train, y_train), (x_test, y_test) = mnist.load()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_test).sum() == 10000


def test_uncompressed_files_are_read_too(sample_copy):
    for name in NAMES.values():
        gz = sample_copy / f"{name}.gz"
        (sample_copy / name).write_bytes(gzip.decompress(gz.read_bytes()))
        gz.unlink()
    (x_train, _), _ = mnist.load_folder(sample_copy, SAMPLE)
    assert x_train.shape == (6000, 28, 28)


def test_a_missing_folder_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv(mnist.ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(MnistError, match=f"{mnist.ENV_VAR}=.*nowhere.*is not a folder"):
        mnist.load()


def test_a_missing_file_is_named(sample_copy):
    (sample_copy / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(
        MnistError,
        match="has no t10k-labels-idx1-ubyte \\(or t10k-labels-idx1-ubyte.gz\\)",
    ):
        mnist.load_folder(sample_copy, SAMPLE)


def test_a_truncated_gzip_file_is_named(sample_copy):
    path = sample_copy / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:100_000])
    with pytest.raises(
        MnistError, match="train-images-idx3-ubyte.gz is not a complete gzip file"
    ):
        mnist.load_folder(sample_copy, SAMPLE)


def test_a_file_of_the_wrong_length_is_refused(sample_copy):
    path = sample_copy / "train-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-10]))
    with pytest.raises(
        MnistError, match="holds 5998 bytes once decompressed, not 6008"
    ):
        mnist.load_folder(sample_copy, SAMPLE)


def test_a_corrupt_file_fails_its_checksum(sample_copy):
    path = sample_copy / "t10k-images-idx3-ubyte.gz"
    data = bytearray(gzip.decompress(path.read_bytes()))
    data[5000] ^= 0xFF
    path.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(
        MnistError, match="t10k-images-idx3-ubyte.gz has SHA-256 .* not cd91bd4f"
    ):
        mnist.load_folder(sample_copy, SAMPLE)


def checks_for(folder):
    """Checks that accept whatever the folder now holds, to reach the header checks."""
    result = {}
    for key, name in NAMES.items():
        data = gzip.decompress((folder / f"{name}.gz").read_bytes())
        result[key] = (len(data), hashlib.sha256(data).hexdigest())
    return result


def test_a_bad_header_is_refused_even_with_matching_checksums(sample_copy):
    path = sample_copy / "train-labels-idx1-ubyte.gz"
    data = bytearray(gzip.decompress(path.read_bytes()))
    data[3] = 0x03  # an images magic number on a labels file
    path.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(MnistError, match="does not start like an IDX labels file"):
        mnist.load_folder(sample_copy, checks_for(sample_copy))
    data[3] = 0x01
    data[4:8] = (7000).to_bytes(4, "big")  # a count the file does not hold
    path.write_bytes(gzip.compress(bytes(data)))
    with pytest.raises(
        MnistError, match=r"header promises shape \(7000,\), but it holds 6000 bytes"
    ):
        mnist.load_folder(sample_copy, checks_for(sample_copy))


def test_without_the_variable_keras_is_asked_and_a_failure_says_how_to_work_offline(
    monkeypatch,
):
    import keras

    monkeypatch.delenv(mnist.ENV_VAR, raising=False)

    def offline():
        raise OSError("network is unreachable")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(
        MnistError, match=f"Keras could not download MNIST .*set {mnist.ENV_VAR}"
    ):
        mnist.load()
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: "downloaded")
    assert mnist.load() == "downloaded"


def test_sample_indices_are_seeded_and_balanced():
    labels = np.repeat(np.arange(10), 50)
    first = mnist.sample_indices(labels, 5)
    assert np.array_equal(first, mnist.sample_indices(labels, 5))
    assert np.bincount(labels[first]).tolist() == [5] * 10 and np.all(
        np.diff(first) > 0
    )
