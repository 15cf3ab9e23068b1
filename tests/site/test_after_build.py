"""dlbook_site.after_build: the steps that need the whole site, run once after the
build in the written order, only for the modules a book loads; and the maths renderer
stopped whatever happens."""

import importlib
from pathlib import Path

import pytest

from dlbook_site import after_build, maths

ROOT = Path(__file__).resolve().parents[2]
# maths and persian find KaTeX and the font under the project's _build.
PREPARED = {"nb_execution_cache_path": str(ROOT / "_build" / ".jupyter_cache")}
LOADED = ["notebooks", "persian"]  # the fixture's modules that have a step, in order


@pytest.fixture
def ran(monkeypatch):
    """The names of the steps run, in order: every module's step only records."""
    names = []
    for name in after_build.STEPS:
        module = importlib.import_module(f"dlbook_site.{name}")
        monkeypatch.setattr(
            module, "after_build", lambda app, name=name: names.append(name)
        )
    return names


def test_the_steps_are_those_the_docstring_lists_in_its_order():
    listed = [
        line.split(":mod:`~dlbook_site.")[1].split("`")[0]
        for line in after_build.__doc__.splitlines()
        if ":mod:`~dlbook_site." in line and line[:1].isdigit()
    ]
    assert listed == list(after_build.STEPS)


@pytest.mark.sphinx("html", testroot="after-build", confoverrides=PREPARED)
def test_the_loaded_modules_steps_run_once_in_the_written_order(app, ran):
    assert after_build.steps(app) == LOADED  # not the order conf.py loads them in
    app.build()
    assert ran == LOADED
    assert (app.outdir / "index.html").is_file()
    assert app.dlbook_maths is None  # the renderer, started for $x^2$, was stopped


@pytest.mark.sphinx(
    "html", testroot="after-build", srcdir="after-build-fails", confoverrides=PREPARED
)
def test_a_failing_step_stops_the_rest_and_still_stops_the_renderer(
    app, ran, monkeypatch
):
    renderers = []
    start = maths.Renderer.__init__

    def remember(self, katex_js):
        start(self, katex_js)
        renderers.append(self)

    monkeypatch.setattr(maths.Renderer, "__init__", remember)

    def fail(app):
        ran.append("notebooks")
        raise RuntimeError("the notebooks step failed")

    monkeypatch.setattr(
        importlib.import_module("dlbook_site.notebooks"), "after_build", fail
    )
    with pytest.raises(Exception, match="the notebooks step failed"):
        app.build()
    assert ran == ["notebooks"]  # persian's step did not run
    (renderer,) = renderers
    assert renderer._process.poll() is not None  # the node process has ended
    assert app.dlbook_maths is None


@pytest.mark.sphinx(
    "html", testroot="after-build", srcdir="after-build-error", confoverrides=PREPARED
)
def test_a_failed_build_runs_no_step_but_stops_the_renderer(app, ran):
    (app.srcdir / "index.md").write_text("# A page\n\nA typo: $\\fracc{1}{2}$.\n")
    with pytest.raises(Exception, match="maths on page 'index'"):
        app.build()
    assert ran == []
    assert app.dlbook_maths is None


@pytest.mark.sphinx(
    "text", testroot="after-build", srcdir="after-build-text", confoverrides=PREPARED
)
def test_a_build_that_writes_no_html_runs_no_step(app, ran):
    app.build()
    assert (app.outdir / "index.txt").is_file()
    assert ran == []
