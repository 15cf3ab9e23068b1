"""Measure the answer boxes against their budgets: the script a page with boxes loads,
and how long a check takes on a slow phone.

- **Script**: the gzip size of what a page with boxes loads that a page without boxes
  does not (``answer_boxes.js``); budget 60 KB. Pages without boxes must load none of
  it.
- **Check time**: every box of every page that has boxes is answered three ways (its
  revealed answer, a wrong number or formula, garbage), under Chromium's 4x CPU
  slowdown (Lighthouse's mobile setting), timing the check from the submit to the
  feedback; budget 50 ms.

Writes measurements/answer-boxes.json and prints a summary.

    .venv/bin/python scripts/measure_answer_boxes.py     # after `make book`
"""

import functools
import gzip
import http.server
import json
import os
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from dlbook_site.answer_boxes import SCRIPT, has_boxes
from dlbook_site.book_pdf import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SLOWDOWN = 4
TIMED_CHECK = """async ([box, text]) => {
  const form = document.getElementById(box);
  form.querySelector("input").value = text;
  const start = performance.now();
  form.requestSubmit();
  const elapsed = performance.now() - start;
  return [elapsed, form.dataset.result];
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def pages_with_boxes():
    return sorted(
        page.relative_to(SITE).as_posix()
        for page in SITE.rglob("*.html")
        if has_boxes(page.read_text(encoding="utf-8"))
    )


def main():
    if not (SITE / "intro.html").exists():
        sys.exit(f"no built site in {SITE}: run 'make book' first")
    script = (SITE / "_static" / SCRIPT).read_bytes()
    script_gzip = len(gzip.compress(script, compresslevel=6))
    box_pages = pages_with_boxes()
    without = [
        page.relative_to(SITE).as_posix()
        for page in SITE.rglob("*.html")
        if page.relative_to(SITE).as_posix() not in box_pages
        and SCRIPT in page.read_text(encoding="utf-8")
    ]
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    timings = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})
        cdp = page.context.new_cdp_session(page)
        for path in box_pages:
            page.goto(base + path, wait_until="networkidle")
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
            boxes = page.evaluate(
                "() => [...document.querySelectorAll('form.self-check')].map(f => "
                "[f.id, JSON.parse(f.dataset.spec).answer_text])"
            )
            for box, answer in boxes:
                for text in (answer, "2*x + 1", "x^^2 + ((1"):
                    elapsed, _ = page.evaluate(TIMED_CHECK, [box, text])
                    timings.setdefault(path, []).append(elapsed)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        browser.close()
    server.shutdown()
    every = [t for page_times in timings.values() for t in page_times]
    result = {
        "script_bytes": len(script),
        "script_gzip_bytes": script_gzip,
        "pages_with_boxes": box_pages,
        "pages_without_boxes_that_load_the_script": without,
        "cpu_slowdown": SLOWDOWN,
        "checks": len(every),
        "check_ms_median": round(statistics.median(every), 2) if every else None,
        "check_ms_max": round(max(every), 2) if every else None,
        "per_page_max_ms": {p: round(max(t), 2) for p, t in timings.items()},
    }
    out = ROOT / "measurements" / "answer-boxes.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(
        f"script: {len(script) / 1e3:.1f} KB, {script_gzip / 1e3:.1f} KB gzip "
        "(budget 60 KB)"
    )
    print(f"pages with boxes: {len(box_pages)}; others loading it: {len(without)}")
    if every:
        print(
            f"{len(every)} checks at {SLOWDOWN}x CPU slowdown: median "
            f"{result['check_ms_median']} ms, max {result['check_ms_max']} ms "
            "(budget 50 ms)"
        )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
