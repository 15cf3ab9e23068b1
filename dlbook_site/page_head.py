"""What a page makes the browser fetch before it can show anything.

Sphinx, the theme and the extensions put about fifteen stylesheets and a dozen scripts
in each page's head. A browser waits for all the stylesheets (and for scripts without
``defer``) before it paints, so on a slow phone network every one of them is another
round trip before the reader sees text. After the build, this module rewrites each
page's head:

- **Stylesheets become two**: the *site* stylesheet, with every sheet all pages share,
  and the *page* stylesheet, with the sheets only some pages use (maths, widgets). Each
  is the sheets joined in the page's order, so the cascade is unchanged; ``@import``\\ s
  are inlined and ``url()``\\ s rewritten. A page whose order does not allow the split
  gets one stylesheet of its own.
- **Scripts do not block**: each ``<script src>`` in the head without ``async`` or
  ``defer`` gets ``defer`` (deferred scripts still run in order, before
  ``DOMContentLoaded``). ``documentation_options.js`` stays as it is, because the
  theme's inline scripts use it at once.
- **Widget state comes last.** myst-nb writes a page's widget state (all the frames of
  its explorers, up to a megabyte) as a script in the head, which the browser reads
  before any of the text. It moves to the end of the body: the widget runtime reads it
  only once the page is parsed.
- **Figures after the first load when the reader nears them.** Every figure but a page's
  first gets ``loading="lazy"``, and every figure its width and height in pixels, so
  the page keeps its layout while they arrive (the stylesheet scales them to the
  column, keeping the ratio).
- **The search index is only on the search page.** The theme loads Sphinx's search
  scripts and index on every page for a search-as-you-type box that this site leaves
  off (``search_as_you_type`` is false); the search box sends the reader to
  ``search.html``, which loads them itself.

The joined stylesheets live in ``_static/bundles/``, named by the sheets they hold.
``sources.json`` there records what each holds, and every build writes them all again
from the current sheets, so a page that Sphinx did not rewrite still gets fresh styles.
"""

import hashlib
import json
import posixpath
import re
from pathlib import Path

BUNDLE_DIR = "_static/bundles"
MANIFEST = "sources.json"
SEARCH_PAGE = "search.html"
# Inline scripts in the head read DOCUMENTATION_OPTIONS as soon as they run.
KEEP_BLOCKING = ("_static/documentation_options.js",)
SEARCH_SCRIPTS = (
    "_static/searchtools.js",
    "_static/language_data.js",
    "searchindex.js",
)

STYLESHEET_LINK = re.compile(r'[ \t]*<link\b[^>]*\brel="stylesheet"[^>]*>\n?')
SCRIPT_TAG = re.compile(
    r'([ \t]*)<script\b([^>]*)\bsrc="([^"]+)"([^>]*)>(</script>\n?)'
)
WIDGET_STATE = re.compile(
    r'[ \t]*<script type="application/vnd\.jupyter\.widget-state\+json">'
    r".*?</script>\n?",
    re.S,
)
FIGURE = re.compile(r'<img\b([^>]*)\bsrc="([^"]*_images/[^"]+)"([^>]*?)\s*/?>')
HREF = re.compile(r'\bhref="([^"]+)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)['"]?\s*\)?\s*;""")
CSS_CHARSET = re.compile(r'@charset\s+"[^"]*"\s*;')
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


class PageHeadError(RuntimeError):
    """A page links a stylesheet that is not in the built site."""


def _site_path(page, href):
    """``href`` as written in ``page`` (both relative to the site), as a site path."""
    target = href.split("?", 1)[0].split("#", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def _relative(path, from_dir):
    return posixpath.relpath(path, from_dir or ".")


def _is_local(url):
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I)


def stylesheet_text(site, path, seen=()):
    """The sheet at site ``path`` with its ``@import``\\ s inlined and every local
    ``url()`` made relative to :data:`BUNDLE_DIR`."""
    file = Path(site) / path
    if not file.is_file():
        raise PageHeadError(f"stylesheet {path} is linked but not in the built site")
    css = file.read_text(encoding="utf-8")
    css = SOURCE_MAP.sub("", CSS_CHARSET.sub("", css))
    here = posixpath.dirname(path)

    def rebased(match):
        quote, url = match.groups()
        if not _is_local(url):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(here, url))
        return f"url({quote}{_relative(target, BUNDLE_DIR)}{quote})"

    # An imported sheet is inlined whole; its url()s are rebased from its own folder.
    out, end = [], 0
    for match in CSS_IMPORT.finditer(css):
        target = posixpath.normpath(posixpath.join(here, match.group(1)))
        if target in seen or target == path:
            raise PageHeadError(f"{path} imports {target} in a cycle")
        out.append(CSS_URL.sub(rebased, css[end : match.start()]))
        out.append(stylesheet_text(site, target, (*seen, path)))
        end = match.end()
    out.append(CSS_URL.sub(rebased, css[end:]))
    return f"/* {path} */\n" + "".join(out).strip() + "\n"


def bundle_name(sources):
    """The file name of the stylesheet joining ``sources`` (site paths, in order)."""
    digest = hashlib.sha256("\n".join(sources).encode()).hexdigest()[:12]
    return f"styles-{digest}.css"


def _head(html):
    end = html.find("</head>")
    if end < 0:
        return None, None
    return html[:end], html[end:]


def linked_stylesheets(page, html):
    """Site paths of the local stylesheets ``page`` links in its head, in order."""
    head, _ = _head(html)
    if head is None:
        return []
    paths = []
    for tag in STYLESHEET_LINK.findall(head):
        href = HREF.search(tag)
        if href and _is_local(href.group(1)):
            paths.append(_site_path(page, href.group(1)))
    return paths


def figure_size(file):
    """(width, height) in pixels of the image ``file``, or None if it is not a PNG,
    JPEG or GIF that Pillow can read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def rewrite_figures(site, page, html):
    """``html`` with every ``_images/`` figure sized, and all but the first lazy."""
    count = [0]

    def rewrite(match):
        before, src, after = match.groups()
        attributes = before + after
        count[0] += 1
        extra = ""
        if "width=" not in attributes and "height=" not in attributes:
            size = figure_size(Path(site) / _site_path(page, src))
            if size:
                extra += f' width="{size[0]}" height="{size[1]}"'
        if count[0] > 1 and "loading=" not in attributes:
            extra += ' loading="lazy"'
        return f'<img{before}src="{src}"{after}{extra} />'

    return FIGURE.sub(rewrite, html)


def rewrite_head(page, html, bundles):
    """``html`` of site ``page`` with ``bundles`` (site paths of joined stylesheets,
    each with its ``?v=`` query) linked in place of its local stylesheets, head scripts
    deferred, and the search scripts dropped unless it is the search page."""
    head, rest = _head(html)
    if head is None:
        return html
    here = posixpath.dirname(page)
    first = [True]

    def replace_link(match):
        href = HREF.search(match.group(0))
        if not (href and _is_local(href.group(1))):
            return match.group(0)
        if not first[0]:
            return ""
        first[0] = False
        indent = re.match(r"[ \t]*", match.group(0)).group(0)
        return "".join(
            f'{indent}<link rel="stylesheet" type="text/css" '
            f'href="{_relative(path, here)}" />\n'
            for path in bundles
        )

    def replace_script(match):
        indent, before, src, after, close = match.groups()
        path = _site_path(page, src) if _is_local(src) else src
        if path in SEARCH_SCRIPTS and page != SEARCH_PAGE:
            return ""
        attributes = before + after
        if (
            path in KEEP_BLOCKING
            or re.search(r"\b(?:async|defer)\b", attributes)
            or 'type="module"' in attributes
        ):
            return match.group(0)
        return f'{indent}<script defer="defer"{before}src="{src}"{after}>{close}'

    head = STYLESHEET_LINK.sub(replace_link, head)
    head = SCRIPT_TAG.sub(replace_script, head)
    states = WIDGET_STATE.findall(head)
    if states:
        head = WIDGET_STATE.sub("", head)
        body_end = rest.rindex("</body>")
        rest = rest[:body_end] + "".join(states) + rest[body_end:]
    return head + rest


def _split(sources, site_sheets):
    """The bundles (lists of sources) for one page."""
    if site_sheets and sources[: len(site_sheets)] == site_sheets:
        rest = sources[len(site_sheets) :]
        return [site_sheets] + ([rest] if rest else [])
    return [sources]


def rewrite_site(site):
    """Rewrite every page of the built ``site`` whose head still links Sphinx's
    stylesheets, then write every bundle from the current sheets. Returns {bundle file:
    sources}."""
    site = Path(site)
    bundle_dir = site / BUNDLE_DIR
    manifest_file = bundle_dir / MANIFEST
    manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else {}
    pages = {}
    for file in sorted(site.rglob("*.html")):
        page = file.relative_to(site).as_posix()
        html = file.read_text(encoding="utf-8")
        sources = linked_stylesheets(page, html)
        if sources and not all(s.startswith(BUNDLE_DIR + "/") for s in sources):
            pages[page] = (file, html, sources)
    if pages:
        shared = set.intersection(*(set(s) for _, _, s in pages.values()))
        first_page = next(iter(pages.values()))[2]
        site_sheets = [s for s in first_page if s in shared]
        known = manifest.get("site")
        if known and all(s[: len(known)] == known for _, _, s in pages.values()):
            site_sheets = known
        manifest["site"] = site_sheets
    bundles = manifest.setdefault("bundles", {})
    for page, (file, html, sources) in pages.items():
        linked = []
        for group in _split(sources, manifest["site"]):
            name = bundle_name(group)
            bundles[name] = group
            linked.append(name)
        pages[page] = (file, html, linked)
    bundle_dir.mkdir(parents=True, exist_ok=True)
    texts = {}
    for name, group in bundles.items():
        texts[name] = "".join(stylesheet_text(site, path) for path in group)
        (bundle_dir / name).write_text(texts[name], encoding="utf-8")
    manifest_file.write_text(json.dumps(manifest, indent=1) + "\n")
    for page, (file, html, linked) in pages.items():
        versioned = [
            f"{BUNDLE_DIR}/{name}?v="
            + hashlib.sha256(texts[name].encode()).hexdigest()[:8]
            for name in linked
        ]
        html = rewrite_figures(site, page, rewrite_head(page, html, versioned))
        file.write_text(html, encoding="utf-8")
    return bundles


def _rewrite(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.util import logging

    bundles = rewrite_site(app.outdir)
    logging.getLogger(__name__).info(
        f"[dlbook] page heads: stylesheets joined into {len(bundles)} files, "
        "head scripts deferred"
    )


def setup(app):
    """Sphinx entry point."""
    # After the other build-finished steps, which read and write the pages and sheets.
    app.connect("build-finished", _rewrite, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
