"""Measure what each page of the built site costs a reader on first load, and the
widgets.

For every page in the table of contents, a fresh Chromium profile loads the page from a
local server and every response is counted: text (HTML, JS, CSS, JSON, SVG) at its gzip
size, as GitHub Pages serves it, and binary files (fonts, PNG) as they are. It also
reports each page's embedded widget state, times live widget updates by running the
sigmoid chapter and the activation, backprop, gradient-flow, loss-curves, optimiser and
MNIST slope explorers in live mode, and measures the peak memory of each chapter run
alone. Writes measurements/pages.json and prints a table.

    .venv/bin/python scripts/measure_pages.py            # after `make book`
    .venv/bin/python scripts/measure_pages.py --weights  # only the page table (fast)
"""

import functools
import gzip
import http.server
import json
import os
import re
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

import jupytext
from playwright.sync_api import sync_playwright

from dlbook_site import toc

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
)


def toc_pages():
    return toc.pages(ROOT)


CHAPTER_RUNNER = (
    """
import os, sys, jupytext
notebook = jupytext.read(sys.argv[1])
namespace = {}
os.chdir(os.path.dirname(sys.argv[1]))
for cell in notebook.cells:
    if cell.cell_type == "code":
        exec(compile(cell.source, sys.argv[1], "exec"), namespace)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and
# exec, so a
# measuring process that has grown large would set a floor under every chapter's figure.
"""
    'print(next(int(line.split()[1]) for line in open("/proc/self/status") '
    'if line.startswith("VmHWM:")) // 1024)\n'
)


def chapter_peak_rss_mb():
    """Peak resident memory of each chapter run alone in a fresh Python process, in
    MB."""
    import subprocess

    peaks = {}
    for path in toc_pages():
        source = ROOT / path.replace(".html", ".md")
        if not source.parent.name == "chapters":
            continue
        result = subprocess.run(
            [sys.executable, "-c", CHAPTER_RUNNER, str(source)],
            capture_output=True,
            text=True,
            env={**os.environ, "DLBOOK_WIDGETS": "static"},
            check=True,
        )
        peaks[path] = int(result.stdout.strip().splitlines()[-1])
    return peaks


def activations_explorer_updates(moves=40):
    """Time the activation explorer's live redraws: β slider moves, then typed
    formulas."""
    from dlbook.activations_explorer import activations_explorer

    explorer = activations_explorer("live")
    beta = explorer.explorer.controls[2]
    for i in range(moves):
        beta.value = round(0.2 + 9.5 * i / moves, 2)
    slider_ms = [t * 1000 for t in explorer.explorer.update_seconds]
    formula_ms = []
    for text in (
        "x*tanh(x)",
        "x*sigmoid(1.702*x)",
        "max(0.2*x, x)",
        "softplus(x) - log(2)",
        "x*erf(x)",
    ):
        start = time.perf_counter()
        assert explorer.try_formula(text)
        formula_ms.append((time.perf_counter() - start) * 1000)
    return {
        "slider_updates": len(slider_ms),
        "slider_median_ms": round(statistics.median(slider_ms), 1),
        "slider_max_ms": round(max(slider_ms), 1),
        "formula_median_ms": round(statistics.median(formula_ms), 1),
        "formula_max_ms": round(max(formula_ms), 1),
    }


def backprop_explorer_updates(edits=40):
    """Time the live backprop explorer: weight edits, scenario switches and steps
    taken."""
    from dlbook.backprop import SCENARIOS
    from dlbook.backprop_explorer import LiveBackprop

    explorer = LiveBackprop()
    timings = {"edit": [], "scenario": [], "step": []}

    def timed(kind, action):
        start = time.perf_counter()
        action()
        timings[kind].append((time.perf_counter() - start) * 1000)

    for i in range(edits):
        timed(
            "edit",
            lambda: setattr(
                explorer.boxes[f"w{i % 9 + 1}"], "value", round(-2 + 4 * i / edits, 2)
            ),
        )
    for name in [*SCENARIOS, *SCENARIOS]:
        timed("scenario", lambda: setattr(explorer.scenario, "value", name))
    explorer.boxes["learning_rate"].value = 0.01
    for _ in range(10):
        timed("step", explorer.take_step)
    return {
        kind: {
            "count": len(ms),
            "median_ms": round(statistics.median(ms), 1),
            "max_ms": round(max(ms), 1),
        }
        for kind, ms in timings.items()
    }


def vanishing_explorer_updates(moves=40):
    """Time the live gradient-flow explorer: depth and scale slider moves."""
    from dlbook.vanishing_explorer import vanishing_explorer

    explorer = vanishing_explorer("live")
    depth, _, scale = explorer.controls
    for i in range(moves):
        depth.value = 2 + i
        scale.value = round(0.5 + 2 * i / moves, 2)
    ms = [t * 1000 for t in explorer.update_seconds]
    return {
        "updates": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(max(ms), 1),
        "deepest": 2 + moves - 1,
    }


def optimisers_explorer_updates(moves=40):
    """Time the live optimiser explorer: learning-rate and β slider moves."""
    from dlbook.optimisers_explorer import optimisers_explorer

    explorer = optimisers_explorer("live")
    _, rate, beta = explorer.controls
    for i in range(moves):
        rate.value = round(0.005 + 0.2 * i / moves, 3)
        beta.value = round(0.5 + 0.45 * i / moves, 2)
    ms = [t * 1000 for t in explorer.update_seconds]
    return {
        "updates": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def loss_curves_explorer_updates(switches=40):
    """Time the live loss-curves explorer switching between the eight recorded runs
    (trained here first)."""
    from dlbook import loss_curves
    from dlbook.loss_curves_explorer import loss_curves_explorer

    data = loss_curves.binary_digits()
    runs = {
        (loss, remedy): loss_curves.train_binary(data, loss, remedy)
        for loss in loss_curves.LOSSES
        for remedy in loss_curves.REMEDIES
    }
    explorer = loss_curves_explorer(runs, "live")
    loss_control, remedy_control = explorer.controls
    for i in range(switches):
        remedy_control.value = loss_curves.REMEDIES[(i + 1) % len(loss_curves.REMEDIES)]
        loss_control.value = list(loss_curves.LOSSES)[i % 2]
    ms = [t * 1000 for t in explorer.update_seconds]
    return {
        "updates": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def mnist_sweep_explorer_updates(moves=40):
    """Time the live slope explorer moving between the recorded full sweep's runs."""
    from dlbook import mnist_experiment_views
    from dlbook.mnist_experiment_explorer import sweep_explorer

    explorer = sweep_explorer(mnist_experiment_views.load(), "live")
    alpha, seed = explorer.controls
    alphas, seeds = (
        sorted({a for a, _ in explorer.drawn.runs}),
        sorted({s for _, s in explorer.drawn.runs}),
    )
    for i in range(moves):
        alpha.value = alphas[(i + 1) % len(alphas)]
        seed.value = seeds[i % len(seeds)]
    ms = [t * 1000 for t in explorer.update_seconds]
    return {
        "updates": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "max_ms": round(max(ms), 1),
    }


def transferred_bytes(body, content_type):
    if content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def measure_page(browser, base, path):
    context = browser.new_context()
    page = context.new_page()
    sizes = []

    def on_response(response):
        if response.url.startswith(base):
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                return
            sizes.append(
                (
                    response.url,
                    transferred_bytes(body, response.headers.get("content-type", "")),
                )
            )

    page.on("response", on_response)
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(1000)
    context.close()
    html = (SITE / path).read_bytes()
    state = re.search(
        rb'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
        html,
        re.S,
    )
    widget_state = state.group(1) if state else b""
    return {
        "requests": len(sizes),
        "largest": [
            f"{url[len(base) :].split('?')[0]}: {size / 1e3:.0f} KB"
            for url, size in sorted(sizes, key=lambda x: -x[1])[:8]
        ],
        "transferred_bytes": sum(size for _, size in sizes),
        "widget_state_bytes": len(widget_state),
        "widget_state_gzip_bytes": len(gzip.compress(widget_state))
        if widget_state
        else 0,
    }


def live_widget_updates(chapter=ROOT / "chapters" / "sigmoid.md", moves=40):
    """Run the chapter's code in live mode and time the sigmoid explorer's redraws."""
    os.environ["DLBOOK_WIDGETS"] = "live"
    notebook = jupytext.read(chapter)
    namespace = {}
    cwd = os.getcwd()
    os.chdir(chapter.parent)
    try:
        for cell in notebook.cells:
            if cell.cell_type == "code":
                exec(compile(cell.source, str(chapter), "exec"), namespace)
    finally:
        os.chdir(cwd)
    explorer = namespace["sigmoid_explorer"]()
    slider = explorer.controls[0]
    for i in range(moves):
        slider.value = round(0.2 + 9.5 * i / moves, 2)
    times_ms = [t * 1000 for t in explorer.update_seconds]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "updates": len(times_ms),
        "median_ms": round(statistics.median(times_ms), 1),
        "max_ms": round(max(times_ms), 1),
        "chapter_peak_rss_mb": round(peak_mb),
    }


def widget_and_chapter_measurements():
    """Live widget update times and each chapter's peak memory (runs the chapters)."""
    return {
        "live_widget": live_widget_updates(),
        "activations_explorer": activations_explorer_updates(),
        "backprop_explorer": backprop_explorer_updates(),
        "vanishing_explorer": vanishing_explorer_updates(),
        "loss_curves_explorer": loss_curves_explorer_updates(),
        "optimisers_explorer": optimisers_explorer_updates(),
        "mnist_sweep_explorer": mnist_sweep_explorer_updates(),
        "chapter_peak_rss_mb": chapter_peak_rss_mb(),
    }


def main():
    if not (SITE / "intro.html").exists():
        sys.exit("build the book first: make book")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE)),
    )
    server.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        for path in toc_pages():
            pages[path] = measure_page(browser, base, path)
        browser.close()
    server.shutdown()
    result = {"pages": pages}
    if "--weights" not in sys.argv[1:]:
        result.update(widget_and_chapter_measurements())
    result["measured_at"] = time.strftime("%Y-%m-%d %H:%M")
    out = (
        ROOT
        / "measurements"
        / ("page-weights.json" if "--weights" in sys.argv[1:] else "pages.json")
    )
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{'page':32} {'requests':>8} {'first load (gzip)':>18} "
        f"{'widget state':>13} {'(gzip)':>9}"
    )
    for path, m in pages.items():
        print(
            f"{path:32} {m['requests']:>8} {m['transferred_bytes'] / 1e3:>15.0f} KB "
            f"{m['widget_state_bytes'] / 1e3:>10.0f} KB "
            f"{m['widget_state_gzip_bytes'] / 1e3:>6.0f} KB"
        )
    if "live_widget" not in result:
        return
    live = result["live_widget"]
    print(
        f"live widget update: median {live['median_ms']} ms, max {live['max_ms']} ms "
        f"over {live['updates']} moves; chapter peak RSS "
        f"{live['chapter_peak_rss_mb']} MB"
    )
    print(f"activation explorer: {result['activations_explorer']}")
    print(f"backprop explorer: {result['backprop_explorer']}")
    print(f"gradient-flow explorer: {result['vanishing_explorer']}")
    print(f"loss-curves explorer: {result['loss_curves_explorer']}")
    print(f"optimiser explorer: {result['optimisers_explorer']}")
    print(f"peak RSS per chapter (MB): {result['chapter_peak_rss_mb']} -> {out}")


if __name__ == "__main__":
    main()
