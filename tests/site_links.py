"""Dead links in a built site: every local ``href`` and ``src`` of its HTML pages, and
every ``url(...)`` of its stylesheets, must name a file of the site; a link to an
``#id`` of one of its HTML pages must name an id that page has.

Links off the site (``http:``, ``https:``, ``mailto:``, ``data:``, ``javascript:``, or
``//host``) are not followed.
"""

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Attributes that the browser fetches or follows.
URL_ATTRIBUTES = ("href", "src")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def _local(url):
    """``(path, fragment)`` of a link inside the site, or None for one off it."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        return None
    return unquote(parts.path), unquote(parts.fragment)


def _page_ids(path):
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(
        value
        for tag in soup.find_all(True)
        for value in (tag.get("id"), tag.get("name"))
        if value
    )


def _resolve(site, source, path, fragment, page_ids):
    """What is wrong with a link from ``source``, a file of ``site``, to
    ``path#fragment``; None when it resolves."""
    if not path:  # "#id": this page
        target = source
    elif path.startswith("/"):
        target = site / path.lstrip("/")
    else:
        target = source.parent / path
    target = Path(target.resolve())
    if site not in (target, *target.parents):
        return "points outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return "no such file"
    if fragment and target.suffix == ".html" and fragment not in page_ids(target):
        return f"no id {fragment!r} in {target.relative_to(site)}"
    return None


def _json_hrefs(value):
    """The ``"href"`` values anywhere in a JSON document (an answer box's ``data-spec``
    holds the links its script shows)."""
    if isinstance(value, dict):
        own = [value["href"]] if isinstance(value.get("href"), str) else []
        return own + [found for item in value.values() for found in _json_hrefs(item)]
    if isinstance(value, list):
        return [found for item in value for found in _json_hrefs(item)]
    return []


def _data_links(value):
    try:
        return _json_hrefs(json.loads(value))
    except ValueError:
        return []


def page_links(html):
    """The URLs an HTML page links or loads: every ``href`` and ``src``, and every
    ``href`` in the JSON of a ``data-`` attribute."""
    soup = BeautifulSoup(html, "html.parser")
    links = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if not isinstance(value, str):
                continue
            if name in URL_ATTRIBUTES:
                links.append(value)
            elif name.startswith("data-") and value.lstrip()[:1] in ("{", "["):
                links += _data_links(value)
    return links


def dead_links(site):
    """Every link of ``site`` that does not resolve: a list of
    ``"page -> target: why"``, sorted."""
    site = Path(site).resolve()
    found, page_ids = [], cache(_page_ids)  # each page parsed once per call
    sources = [(path, page_links) for path in site.rglob("*.html")] + [
        (path, lambda text: [m.group(2) for m in CSS_URL.finditer(text)])
        for path in site.rglob("*.css")
    ]
    for source, links in sources:
        for url in links(source.read_text(encoding="utf-8")):
            local = _local(url)
            if local is None:
                continue
            why = _resolve(site, source, *local, page_ids)
            if why:
                found.append(f"{source.relative_to(site)} -> {url}: {why}")
    return sorted(set(found))
