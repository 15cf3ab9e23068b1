"""Lighthouse's scores for one page of each kind, as a phone on a slow network sees it.

Lighthouse 12.2.3 (from npm, installed under _build/lighthouse on first use) runs with
Debian's Chromium in its default mobile mode: a simulated slow 4G network and a 4x
slower CPU. The site is served from _build/html on localhost with gzip, as GitHub Pages
serves it. Writes measurements/lighthouse.json and prints a table, with every audit
that costs a category points.

    .venv/bin/python scripts/measure_lighthouse.py [--runs N] [--all | PAGE.html ...]

(after `make book`). Each page is measured N times (default 3) and each figure reported
is the median of its runs; ``--all`` measures every page of the table of contents.
"""

import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
TOOL = ROOT / "_build" / "lighthouse"
LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
# The intro (prose), a chapter heavy with maths and figures, and two explorers.
PAGES = (
    "intro.html",
    "chapters/backprop.html",
    "chapters/optimisers.html",
    "chapters/activation-explorer.html",
    "chapters/vanishing-explorer.html",
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as GitHub Pages does: text compressed with gzip."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and kind.startswith(GZIP_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def lighthouse_cli():
    """The path of Lighthouse's command-line script, installing the pinned version."""
    cli = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed to install Lighthouse: install Node.js 20 and npm")
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "i",
                "-E",
                LIGHTHOUSE,
                "--prefix",
                str(TOOL),
                "--no-audit",
                "--no-fund",
                "--silent",
            ],
            check=True,
        )
    return cli


def audit(cli, url):
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                "node",
                str(cli),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={CHROME_FLAGS}",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        return json.loads(report.read_text())


def summary(report):
    audits = report["audits"]
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            score = audits[ref["id"]].get("score")
            if ref["weight"] > 0 and score is not None and score < 1:
                lost.append(f"{category}: {ref['id']} ({score:.2f})")
    return {
        "scores": {
            c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES
        },
        "total_blocking_time_ms": round(audits["total-blocking-time"]["numericValue"]),
        "first_contentful_paint_ms": round(
            audits["first-contentful-paint"]["numericValue"]
        ),
        "largest_contentful_paint_ms": round(
            audits["largest-contentful-paint"]["numericValue"]
        ),
        "transferred_kb": round(audits["total-byte-weight"]["numericValue"] / 1e3),
        "lost_points": lost,
    }


def median_summary(summaries):
    """Each figure of ``summaries`` (one per run of a page) as its median; the points
    lost are those of the run whose performance score is the median."""
    middle = sorted(summaries, key=lambda r: r["scores"]["performance"])[
        len(summaries) // 2
    ]
    numbers = [k for k, v in summaries[0].items() if isinstance(v, (int, float))]
    return {
        "runs": len(summaries),
        "scores": {
            c: statistics.median(r["scores"][c] for r in summaries) for c in CATEGORIES
        },
        **{k: statistics.median(r[k] for r in summaries) for k in numbers},
        "performance_of_each_run": [r["scores"]["performance"] for r in summaries],
        "lost_points": middle["lost_points"],
    }


def arguments(argv):
    """(runs, pages) from the command line."""
    runs, pages = 3, []
    argv = list(argv)
    while argv:
        arg = argv.pop(0)
        if arg == "--runs":
            runs = int(argv.pop(0))
        elif arg == "--all":
            from dlbook_site import toc

            pages += toc.pages(ROOT)
        else:
            pages.append(arg)
    return runs, pages or list(PAGES)


def main():
    if not (SITE / "intro.html").exists():
        sys.exit("build the book first: make book")
    runs, pages = arguments(sys.argv[1:])
    cli = lighthouse_cli()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {}
    try:
        for path in pages:
            results[path] = median_summary(
                [summary(audit(cli, base + path)) for _ in range(runs)]
            )
    finally:
        server.shutdown()
    out = ROOT / "measurements" / "lighthouse.json"
    out.parent.mkdir(exist_ok=True)
    record = {
        "lighthouse": LIGHTHOUSE,
        "measured_at": time.strftime("%Y-%m-%d %H:%M"),
        "pages": results,
    }
    out.write_text(json.dumps(record, indent=2) + "\n")
    print(
        f"{'page':36} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} "
        f"{'TBT ms':>7} {'FCP ms':>7} {'LCP ms':>7} {'KB':>6}"
    )
    for path, r in results.items():
        s = r["scores"]
        print(
            f"{path:36} {s['performance']:>4} {s['accessibility']:>4} "
            f"{s['best-practices']:>4} {s['seo']:>4} {r['total_blocking_time_ms']:>7} "
            f"{r['first_contentful_paint_ms']:>7} "
            f"{r['largest_contentful_paint_ms']:>7} "
            f"{r['transferred_kb']:>6}  runs {r['performance_of_each_run']}"
        )
        for item in r["lost_points"]:
            print(f"    {item}")
    print(f"-> {out}")


if __name__ == "__main__":
    main()
