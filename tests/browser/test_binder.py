"""A Binder-like launch: JupyterLab from the project's environment, set up as
binder/postBuild
sets it up, opened at the path the chapter's Binder button names, runs the chapter."""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = "dlbook-test-token"

pytestmark = pytest.mark.binder


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def binder_urlpath(site, chapter):
    """The `urlpath` of the Binder launch button on a built chapter page."""
    html = (site / chapter).read_text()
    match = re.search(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', html)
    assert match, f"no Binder launch button on {chapter}"
    query = urllib.parse.urlparse(match.group(1).replace("&amp;", "&")).query
    return urllib.parse.parse_qs(query)["urlpath"][0]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".local/share/jupyter"),
        "PATH": f"{BIN}:{os.environ['PATH']}",
    }
    env.pop("DLBOOK_WIDGETS", None)
    # What binder/postBuild runs on Binder.
    subprocess.run(["bash", str(ROOT / "binder" / "postBuild")], env=env, check=True)
    # For the test only: render every cell (JupyterLab 4 renders just the visible ones
    # by default).
    overrides = home / ".jupyter" / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(overrides.read_text())
    assert (
        settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"][
            "markdown"
        ]
        == "Jupytext Notebook"
    )
    settings["@jupyterlab/notebook-extension:tracker"] = {"windowingMode": "none"}
    overrides.write_text(json.dumps(settings))
    port = free_port()
    log = open(home / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={ROOT}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.workspaces_dir={home / 'workspaces'}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                server.kill()
                pytest.fail(
                    "JupyterLab did not start:\n"
                    + (home / "jupyterlab.log").read_text()[-3000:]
                )
            time.sleep(0.5)
    yield base
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()


# The notebook panel of the chapter, once JupyterLab shows it (not another tab it
# restored).
CHAPTER_PANEL = (
    "path => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
    " return w && w.context && w.context.path === path ? w : null; }"
)


def open_and_run(page, jupyterlab, urlpath):
    """Open ``urlpath`` in JupyterLab, check it is a notebook, run every cell, expect no
    errors.

    ``reset`` starts from an empty workspace, so a tab left open by an earlier test is
    not restored on top; every wait names the chapter's own panel.
    """
    path = urlpath.removeprefix("lab/tree/")
    page.goto(f"{jupyterlab}{urlpath}?token={TOKEN}&reset")

    # Opened as a notebook (Jupytext), not as a text file in the editor.
    notebook = page.locator(".jp-NotebookPanel")
    notebook.wait_for(state="visible", timeout=120_000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)

    def wait_for(condition, timeout):
        page.wait_for_function(
            f"path => {{ const w = ({CHAPTER_PANEL})(path); "
            f"return Boolean(w && ({condition})); }}",
            arg=path,
            timeout=timeout,
        )

    # The panel appears before its file is loaded: wait for the notebook model to be
    # ready.
    wait_for("w.context.isReady && w.content && w.content.widgets.length > 1", 120_000)
    code_cells = page.evaluate(
        f"path => ({CHAPTER_PANEL})(path).content.widgets.filter(c => "
        "c.model.type === 'code').length",
        path,
    )
    assert code_cells >= 5
    assert page.locator(".jp-FileEditor").count() == 0
    wait_for(
        "w.sessionContext && w.sessionContext.session && "
        "w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle'",
        120_000,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_for(
        "w.content.widgets.filter(c => c.model.type === 'code').every(c => "
        "c.model.executionCount !== null)"
        " && w.sessionContext.session.kernel.status === 'idle'",
        300_000,
    )
    errors = page.locator(
        ".jp-NotebookPanel "
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    )
    error_texts = [
        t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t
    ]
    assert error_texts == []


@contextlib.contextmanager
def chapter_in_jupyterlab(jupyterlab, site, browser, chapter):
    """The page of a chapter opened from its Binder launch URL and run; yields (page,
    urlpath)."""
    urlpath = binder_urlpath(site, chapter)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_and_run(page, jupyterlab, urlpath)
        yield page, urlpath
    finally:
        context.close()


def test_launch_url_opens_chapter_as_notebook_and_runs_it(jupyterlab, site, browser):
    with chapter_in_jupyterlab(jupyterlab, site, browser, "chapters/sigmoid.html") as (
        page,
        urlpath,
    ):
        assert urlpath == "lab/tree/chapters/sigmoid.md"

        # In a Jupyter server the widget is live: a continuous slider redraws the
        # figure.
        slider = page.locator(".jp-NotebookPanel .widget-hslider .noUi-handle").first
        slider.wait_for(state="visible", timeout=60_000)
        images = page.locator(".jp-NotebookPanel .widget-html img")
        assert images.count() == 1, (
            "live mode redraws one image instead of switching precomputed frames"
        )
        image = images.first
        before = image.get_attribute("src")
        press_right_arrow_on(slider, page)
        page.wait_for_function(
            "before => { const img = "
            "document.querySelector('.jp-NotebookPanel .widget-html img');"
            " return img && img.getAttribute('src') !== before; }",
            arg=before,
            timeout=30_000,
        )


def test_backprop_explorer_and_answer_boxes_work_in_jupyterlab(
    jupyterlab, site, browser
):
    with chapter_in_jupyterlab(
        jupyterlab, site, browser, "chapters/backprop-explorer.html"
    ) as (page, urlpath):
        # Number boxes, not a dropdown of precomputed frames: typing a weight recomputes
        # the tables.
        w4 = (
            page.locator(".jp-NotebookPanel .widget-inline-hbox", has_text="w₄")
            .locator("input")
            .first
        )
        w4.wait_for(state="visible", timeout=60_000)
        tables = page.locator(".jp-NotebookPanel .dlbook-frame").first
        assert "dead: f′ = 0" in tables.inner_text()
        w4.fill("1")
        w4.press("Enter")
        page.wait_for_function(
            "() => { const t = "
            "document.querySelector('.jp-NotebookPanel .dlbook-frame');"
            " return t && !t.innerText.includes('dead'); }",
            timeout=30_000,
        )
        assert (
            "2·1 + 2·1" not in tables.inner_text()
            and "1·1 + 2·1" in tables.inner_text()
        )

        # An answer box carries its script inline in Jupyter: it judges a typed answer
        # (the second instance's nine gradients) and names a course mistake.
        box = page.locator(".jp-NotebookPanel form#box-second-gradients")
        box.wait_for(state="visible", timeout=30_000)

        def judged(answer, result):
            box.locator("input.self-check-input").fill(answer)
            box.locator("button[type=submit]").click()
            page.wait_for_function(
                "result => { const f = document.querySelector("
                "'.jp-NotebookPanel #box-second-gradients');"
                " return f && f.dataset.result === result; }",
                arg=result,
                timeout=30_000,
            )
            return box.locator(".self-check-feedback").inner_text()

        assert "Check ∂L/∂w₉" in judged("0 0 -8 4 2 -1 0 -2 17", "wrong")
        assert "the sign of ∂L/∂ŷ flipped" in judged("0 0 8 -4 -2 1 0 2 4", "wrong")
        assert box.get_attribute("data-mistake") == "sign"
        assert judged("0 0 -8 4 2 -1 0 -2 -4", "right").startswith("Right.")
        assert "I could not read this answer" in judged("1, 2, three", "invalid")


def press_right_arrow_on(slider, page):
    """One step of a slider, by keyboard, as a reader would move it."""
    slider.focus()
    page.keyboard.press("ArrowRight")


def nudge_first_slider_and_see_the_chart_recomputed(page, before, after):
    """One SVG chart, titled ``before...``; one key press on the first slider retitles
    it ``after...``."""
    charts = page.locator(".jp-NotebookPanel .dlbook-frame svg")
    charts.first.wait_for(state="visible", timeout=60_000)
    assert charts.count() == 1, (
        "live mode redraws one chart instead of switching precomputed frames"
    )
    assert charts.first.locator("title").text_content().startswith(before)
    press_right_arrow_on(
        page.locator(".jp-NotebookPanel .widget-hslider .noUi-handle").first, page
    )
    page.wait_for_function(
        "after => { const t = document.querySelector('.jp-NotebookPanel "
        ".dlbook-frame svg title');"
        " return t && t.textContent.startsWith(after); }",
        arg=after,
        timeout=30_000,
    )


def test_vanishing_explorer_recomputes_live_in_jupyterlab(jupyterlab, site, browser):
    with chapter_in_jupyterlab(
        jupyterlab, site, browser, "chapters/vanishing-explorer.html"
    ) as (page, urlpath):
        # The depth slider is continuous: one step right adds one layer.
        nudge_first_slider_and_see_the_chart_recomputed(
            page, "sigmoid, 10 layers", "sigmoid, 11 layers"
        )


def test_loss_curves_explorer_redraws_the_chosen_run_in_jupyterlab(
    jupyterlab, site, browser
):
    with chapter_in_jupyterlab(
        jupyterlab, site, browser, "chapters/loss-curves-experiment.html"
    ) as (page, urlpath):
        # One figure, redrawn from the page's own runs when a dropdown changes.
        images = page.locator(".jp-NotebookPanel .dlbook-frame img")
        images.first.wait_for(state="visible", timeout=60_000)
        assert images.count() == 1
        assert images.first.get_attribute("alt").startswith(
            "Training and validation BCE loss"
        )
        loss = (
            page.locator(".jp-NotebookPanel .widget-dropdown", has_text="loss")
            .locator("select")
            .first
        )
        loss.select_option(label="MSE")
        page.wait_for_function(
            "() => { const img = "
            "document.querySelector('.jp-NotebookPanel .dlbook-frame img');"
            " return img && img.alt.startsWith('Training and validation MSE loss'); }",
            timeout=30_000,
        )
        caption = page.locator(".jp-NotebookPanel .dlbook-frame p").first.inner_text()
        assert caption.startswith("Diagnosis: ")


def test_optimisers_explorer_recomputes_between_grid_values_in_jupyterlab(
    jupyterlab, site, browser
):
    with chapter_in_jupyterlab(
        jupyterlab, site, browser, "chapters/optimisers-explorer.html"
    ) as (page, urlpath):
        # The learning-rate slider is continuous here: one step right is 0.035, not a
        # grid value.
        nudge_first_slider_and_see_the_chart_recomputed(
            page,
            "momentum, learning rate 0.03, β = 0.9",
            "momentum, learning rate 0.035,",
        )
