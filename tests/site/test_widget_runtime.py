"""The widget runtime bundle: pinned like ipywidgets' own, cached, clear errors."""

import json
import os
import sys
from pathlib import Path

import ipywidgets
import pytest

from dlbook_site import widget_runtime

ROOT = Path(__file__).resolve().parents[2]
LABEXTENSION = (
    Path(sys.prefix)
    / "share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/package.json"
)
WIDGET_PACKAGES = (
    "@jupyter-widgets/base",
    "@jupyter-widgets/base-manager",
    "@jupyter-widgets/controls",
)


def lockfile():
    return json.loads((widget_runtime.SOURCES / widget_runtime.LOCKFILE).read_text())


def labextension_versions():
    """The installed jupyterlab_widgets manager's dependencies ("^6.0.12" -> 6.0.12)."""
    dependencies = json.loads(LABEXTENSION.read_text())["dependencies"]
    return {name: dependencies[name].lstrip("^~") for name in WIDGET_PACKAGES}


def locked_versions():
    packages = lockfile()["packages"]
    return {
        name: packages[f"node_modules/{name}"]["version"] for name in WIDGET_PACKAGES
    }


def test_lockfile_pins_what_jupyterlab_widgets_uses():
    assert locked_versions() == labextension_versions()
    declared = json.loads((widget_runtime.SOURCES / "package.json").read_text())
    for name, version in declared["dependencies"].items():
        assert version[0].isdigit(), f"{name} is not pinned to one version: {version}"
        assert lockfile()["packages"][f"node_modules/{name}"]["version"] == version


def test_every_locked_package_has_an_npm_checksum():
    packages = {k: v for k, v in lockfile()["packages"].items() if k}
    assert packages
    for name, entry in packages.items():
        assert entry["integrity"].startswith("sha512-"), name


@pytest.fixture(scope="session")
def bundle():
    return widget_runtime.build(ROOT / "_build" / "widget-runtime")


@pytest.mark.browser
def test_bundle_registers_the_versions_ipywidgets_writes(browser, bundle):
    page = browser.new_page()
    try:
        page.add_script_tag(content=bundle.script.read_text(encoding="utf-8"))
        runtime = page.evaluate("() => window.dlbookWidgetRuntime")
    finally:
        page.close()
    assert runtime["packages"] == locked_versions() == labextension_versions()
    assert runtime["modelModules"] == {
        ipywidgets.Layout()._model_module: ipywidgets.Layout()._model_module_version,
        ipywidgets.IntSlider()._model_module: (
            ipywidgets.IntSlider()._model_module_version
        ),
    }
    # Every control the book's widgets are made of writes those same versions.
    for widget in (
        ipywidgets.SelectionSlider(options=["a", "b"]),
        ipywidgets.Dropdown(options=["a", "b"]),
        ipywidgets.Stack([ipywidgets.HTML()]),
        ipywidgets.VBox(),
    ):
        module = widget._model_module
        assert runtime["modelModules"][module] == widget._model_module_version
        assert (
            widget.layout._model_module_version
            == runtime["modelModules"][widget.layout._model_module]
        )


def test_bundle_is_small(bundle):
    assert bundle.script.stat().st_size > 100_000  # really the controls, not a stub
    assert bundle.gzip_bytes < 200_000


def fake_sources(folder):
    folder.mkdir()
    for name in widget_runtime.SOURCE_FILES:
        (folder / name).write_text(f"{name}\n")
    return folder


def test_build_runs_only_what_changed(tmp_path, monkeypatch):
    sources = fake_sources(tmp_path / "sources")
    work = tmp_path / "work"
    ran = []

    def run(command, cwd, what):
        ran.append(command[1] if command[1] == "ci" else "esbuild")
        if command[1] != "ci":
            out = Path(command[-1].removeprefix("--outfile="))
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("script")
            out.with_suffix(".css").write_text("style")

    monkeypatch.setattr(widget_runtime, "_run", run)
    found = lambda name: f"/opt/{name}"  # noqa: E731
    monkeypatch.setattr(widget_runtime.shutil, "which", found)
    (work / "node_modules").mkdir(parents=True)
    assert widget_runtime.build(work, sources).rebuilt
    assert ran == ["ci", "esbuild"]
    # Unchanged sources: nothing runs, and npm is not even needed.
    monkeypatch.setattr(widget_runtime.shutil, "which", lambda name: None)
    assert not widget_runtime.build(work, sources).rebuilt
    assert ran == ["ci", "esbuild"]
    monkeypatch.setattr(widget_runtime.shutil, "which", found)
    # A changed entry is bundled again without reinstalling; a changed lockfile is not.
    (sources / widget_runtime.ENTRY).write_text("changed\n")
    assert widget_runtime.build(work, sources).rebuilt
    assert ran == ["ci", "esbuild", "esbuild"]
    (sources / widget_runtime.LOCKFILE).write_text("changed\n")
    widget_runtime.build(work, sources)
    assert ran == ["ci", "esbuild", "esbuild", "ci", "esbuild"]


def test_missing_npm_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(widget_runtime.shutil, "which", lambda name: None)
    with pytest.raises(widget_runtime.WidgetRuntimeError, match="npm and Node.js"):
        widget_runtime.build(tmp_path / "work", fake_sources(tmp_path / "sources"))


def test_failing_npm_ci_is_a_clear_error(tmp_path, monkeypatch):
    npm = tmp_path / "npm"
    npm.write_text(
        "#!/bin/sh\necho 'npm error code E404 (no such package)' >&2\nexit 1\n"
    )
    npm.chmod(0o755)
    real_which = widget_runtime.shutil.which
    monkeypatch.setattr(
        widget_runtime.shutil,
        "which",
        lambda name: str(npm) if name == "npm" else real_which(name),
    )
    with pytest.raises(widget_runtime.WidgetRuntimeError) as error:
        widget_runtime.build(tmp_path / "work", fake_sources(tmp_path / "sources"))
    message = str(error.value)
    assert "'npm ci'" in message and "failed (exit status 1)" in message
    assert "E404" in message
    assert not os.path.exists(tmp_path / "work" / "stamp.sha256")
