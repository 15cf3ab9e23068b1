"""The course kit: what it holds, and that it runs on its own in a fresh environment."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SITE

from dlbook_site import course_kit, toc

KIT = SITE / course_kit.KIT_NAME
# One chapter that checks itself against TensorFlow (and reads the MNIST sample), and
# one that needs no TensorFlow.
TENSORFLOW_CHAPTER = "chapters/mnist.ipynb"
PLAIN_CHAPTER = "chapters/backprop-explorer.ipynb"
# Runs a notebook headless with the environment's own kernel; prints the error, if any.
RUN_NOTEBOOK = """
import sys, nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[2]}})
try:
    client.execute()
except CellExecutionError as error:
    print(str(error)[-3000:])
    sys.exit(1)
"""


@pytest.fixture(scope="module")
def kit():
    if not KIT.is_file():
        pytest.fail(f"no course kit at {KIT}: run 'make book' first (make test does)")
    return KIT


@pytest.mark.site
def test_the_kit_holds_every_chapter_the_package_the_data_and_the_pins(kit):
    names = set(zipfile.ZipFile(kit).namelist())
    folder = course_kit.FOLDER
    chapters = [p for p in toc.pages(ROOT) if p.startswith("chapters/")]
    for page in chapters:
        assert f"{folder}/{page.replace('.html', '.ipynb')}" in names
    for name in ("README.md", "pyproject.toml", "requirements.txt", "dlbook/page.py"):
        assert f"{folder}/{name}" in names
    assert f"{folder}/assets/mnist-sample/train-images-idx3-ubyte.gz" in names
    assert not [n for n in names if "__pycache__" in n or "node_modules" in n]
    assert kit.stat().st_size < 10e6, "the kit holds no build outputs"
    assert {n for n in names if n.startswith(f"{folder}/dlbook/")} == {
        f"{folder}/{name}" for name in package_files()
    }
    assert not [n for n in names if n.startswith(f"{folder}/dlbook_site")]


def package_files():
    """Every file of dlbook, as the kit names it (bytecode left out)."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "dlbook").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_kit_holds_all_of_dlbook_and_nothing_of_the_site_machinery(tmp_path):
    for page in toc.pages(ROOT):
        if page.startswith("chapters/"):
            notebook = tmp_path / "_sources" / Path(page).with_suffix(".ipynb")
            notebook.parent.mkdir(parents=True, exist_ok=True)
            notebook.write_text("{}")
    names = set(course_kit.kit_files(ROOT, tmp_path))
    assert {n for n in names if n.startswith("dlbook/")} == package_files()
    assert "dlbook/answer_boxes.js" in names
    assert not [n for n in names if n.startswith("dlbook_site")]


def test_a_missing_notebook_is_a_clear_error(tmp_path):
    (tmp_path / "_sources").mkdir()
    with pytest.raises(course_kit.CourseKitError, match="no notebook"):
        course_kit.kit_files(ROOT, tmp_path)


@pytest.fixture(scope="module")
def installed_kit(kit, tmp_path_factory):
    """The kit unzipped and installed in a fresh virtual environment (the pinned
    requirements, then the package, as the kit's README says, without JupyterLab)."""
    where = tmp_path_factory.mktemp("kit")
    zipfile.ZipFile(kit).extractall(where)
    folder = where / course_kit.FOLDER
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(folder / "requirements.txt")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(folder)], check=True)
    return folder, python


def run_notebook(installed_kit, name, **settings):
    """Run one of the kit's notebooks with the kit's defaults and any ``settings``."""
    folder, python = installed_kit
    own = ("DLBOOK_", "PYTHON")  # the kit's defaults, and its own package
    env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    env.update(settings)
    return subprocess.run(
        [str(python), "-c", RUN_NOTEBOOK, str(folder / name), str(folder / "chapters")],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
    )


@pytest.mark.site
def test_the_installed_kit_has_dlbook_and_no_dlbook_site(installed_kit):
    folder, python = installed_kit
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    found = subprocess.run(
        [str(python), "-c", "import dlbook, dlbook.page; print(dlbook.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder.parent,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == str(folder / "dlbook" / "__init__.py")
    site = subprocess.run(
        [str(python), "-c", "import dlbook_site"],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
    )
    assert "No module named 'dlbook_site'" in site.stderr, site.stderr


@pytest.mark.site
@pytest.mark.parametrize("name", [TENSORFLOW_CHAPTER, PLAIN_CHAPTER])
def test_a_chapter_runs_from_the_kit_alone(installed_kit, name):
    result = run_notebook(installed_kit, name)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


@pytest.mark.site
def test_without_the_sample_data_a_chapter_stops_with_the_loaders_error(installed_kit):
    folder, _ = installed_kit
    sample = folder / "assets" / "mnist-sample"
    hidden = folder / "assets" / "hidden-sample"
    shutil.move(sample, hidden)
    try:
        result = run_notebook(installed_kit, TENSORFLOW_CHAPTER)
    finally:
        shutil.move(hidden, sample)
    assert result.returncode == 1
    assert "assets/mnist-sample is not a folder" in result.stdout, result.stdout


@pytest.mark.site
def test_a_wrong_data_folder_stops_the_full_profile_with_the_loaders_error(
    installed_kit, tmp_path
):
    wrong = tmp_path / "no-mnist-here"
    result = run_notebook(
        installed_kit,
        TENSORFLOW_CHAPTER,
        DLBOOK_PROFILE="full",
        DLBOOK_MNIST_DIR=str(wrong),
    )
    assert result.returncode == 1
    assert f"DLBOOK_MNIST_DIR={wrong}: {wrong} is not a folder" in result.stdout, (
        result.stdout
    )


@pytest.mark.site
def test_the_student_kit_holds_no_solutions_and_the_instructors_does(kit, student_site):
    def chapters_with_solutions(zip_path):
        archive = zipfile.ZipFile(zip_path)
        return {
            name
            for name in archive.namelist()
            if name.endswith(".ipynb") and b"solution-start" in archive.read(name)
        }

    assert len(chapters_with_solutions(kit)) >= 6
    assert chapters_with_solutions(student_site / course_kit.KIT_NAME) == set()
