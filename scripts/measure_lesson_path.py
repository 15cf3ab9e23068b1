"""Measure each chapter page's lesson path on a phone, in screens, against its budget.

A page's lesson path runs from its title to its closed "How we checked this page" part.
Each page of the built site is opened in Chromium at 390 x 844 CSS pixels, every closed
part left closed, and measured by ``dlbook_site/lesson_path.js``. The budget is 12
screens for a chapter's main page and 15 for a section page (dlbook_site.lessons).
Writes measurements/lesson-path.json, prints a table, and exits 1 if a page is over.

    .venv/bin/python scripts/measure_lesson_path.py     # after `make book`
"""

import functools
import http.server
import json
import os
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from dlbook_site import lessons
from dlbook_site.book_pdf import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(page, url):
    """The lesson path of the page at ``url``, opened in ``page`` (a Playwright page
    with the phone's viewport)."""
    page.goto(url, wait_until="networkidle")
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(500)  # widgets draw their first frame
    return page.evaluate(lessons.LESSON_PATH_JS.read_text())


def main():
    if not (SITE / "intro.html").exists():
        sys.exit(f"no built site in {SITE}: run 'make book' first")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    budgets = lessons.screen_budgets(ROOT)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport=lessons.PHONE)
        for path, budget in budgets.items():
            results[path] = {**measure(page, base + path), "budget": budget}
        browser.close()
    server.shutdown()
    out = ROOT / "measurements" / "lesson-path.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"{'page':<40} {'screens':>7} {'budget':>6}")
    over = []
    for path, result in results.items():
        mark = "" if result["screens"] <= result["budget"] else "  over"
        print(f"{path:<40} {result['screens']:>7.1f} {result['budget']:>6}{mark}")
        if mark:
            over.append(path)
    print(f"wrote {out.relative_to(ROOT)}; {len(over)} page(s) over budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
