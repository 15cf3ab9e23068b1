"""Fixtures shared by the tests: the built site, a local web server, and Chromium; and
Sphinx's own test fixtures (``sphinx.testing``), which build the small fixture books in
``tests/site/roots/test-<name>`` that the site's extensions are tested on."""

import functools
import http.server
import os
import tarfile
import threading
from pathlib import Path

import pytest

from dlbook_site import assets as site_assets
from dlbook_site.book_pdf import CHROMIUM_ARGS  # the same flags the PDF's print uses

pytest_plugins = "sphinx.testing.fixtures"

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
STUDENT_SITE = ROOT / "_build" / "student" / "_build" / "html"
# Pages with a static widget: the browser tests move their controls, and the site tests
# check that no other page embeds widget state.
WIDGET_PAGES = [
    "chapters/sigmoid.html",
    "chapters/activation-explorer.html",
    "chapters/backprop-explorer.html",
    "chapters/vanishing-explorer.html",
    "chapters/loss-curves-experiment.html",
    "chapters/optimisers-explorer.html",
    "chapters/mnist-sweep.html",
]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def rootdir():
    """Where sphinx.testing finds the fixture books."""
    return Path(__file__).parent / "site" / "roots"


@pytest.fixture(scope="session")
def site():
    """The built site; fails (never skips) when the book has not been built."""
    if not (SITE / "intro.html").exists():
        pytest.fail(f"no built site in {SITE}: run 'make book' first (make test does)")
    return SITE


@pytest.fixture(scope="session")
def student_site():
    """The student edition; fails (never skips) when it has not been built."""
    if not (STUDENT_SITE / "intro.html").exists():
        pytest.fail(
            f"no student edition in {STUDENT_SITE}: run 'make student' (make test does)"
        )
    return STUDENT_SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    """The site served on an ephemeral localhost port."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright; fails (never skips) when it is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package "
            "(scripts/ensure_debian_tools.sh does) or set CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class PageRecorder:
    """Opens pages in a fresh context, recording console errors and off-site requests.

    Any request that does not go to the local server is recorded and aborted, so a
    page that depends on the internet shows up as a failure rather than a slow pass.
    """

    def __init__(self, browser, base_url, color_scheme="light"):
        self.base_url = base_url
        # The theme follows the system's colour scheme (default_mode: auto).
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        self.page = self.context.new_page()
        self.errors = []
        self.offsite = []
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda error: self.errors.append(f"page error: {error}")
        )
        self.page.route("**/*", self._route)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(
                f"console error: {message.text} ({message.location.get('url')})"
            )

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith("data:"):
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def open(self, path):
        self.page.goto(self.base_url + path, wait_until="networkidle")
        return self.page


@pytest.fixture
def recorder(browser, site_url):
    rec = PageRecorder(browser, site_url)
    yield rec
    rec.context.close()


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, from its pinned npm package."""
    tarball = site_assets.fetch(
        site_assets.AXE_CORE, ROOT / "_build" / "vendor" / "tarballs"
    )
    with tarfile.open(tarball, "r:gz") as archive:
        return archive.extractfile("package/axe.min.js").read().decode("utf-8")
