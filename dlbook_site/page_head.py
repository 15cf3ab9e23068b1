"""What a page makes the browser fetch before it can show anything.

Sphinx, the theme and the extensions put about fifteen stylesheets and a dozen scripts
in each page's head. A browser waits for all the stylesheets (and for scripts without
``defer``) before it paints, so on a slow phone network every one of them is another
round trip before the reader sees text. While Sphinx writes each page, this module
changes what its head links:

- **Stylesheets become two** (``html-page-context``): the *site* stylesheet, with the
  sheets every page links, and the *page* stylesheet, with the sheets that extensions
  add to some pages only (maths, widgets, Persian). Each is the sheets joined in the
  page's order, so the cascade is unchanged; ``@import``\\ s are inlined and
  ``url()``\\ s rewritten. The theme's own two sheets, which its template links by
  hand, join the site stylesheet (``templates/layout.html``).
- **Scripts do not block** (``html-page-context``): each script file without ``async``
  or ``defer`` gets ``defer`` (deferred scripts still run in order, before
  ``DOMContentLoaded``). ``documentation_options.js`` stays as it is, because the
  theme's inline scripts use it at once. Identical script entries are kept once.
- **No search scripts but on the search page, and no Font Awesome script**: the theme's
  template blocks that load them are replaced (``templates/layout.html``). The search
  page gets Sphinx's search scripts with its other scripts, deferred
  (``templates/search.html``).
- **Widget state comes in a file of its own, after the page** (``html-page-context``).
  myst-nb writes a page's widget state (every frame of its explorers, up to a megabyte)
  as a script in the head, which the browser reads before any of the text. It moves to
  ``_static/widget-state/<page>.js``, a script that hands it to the widget runtime
  (``window.dlbookWidgetState``, read by ``widget_runtime/runtime.js``). Both wait
  for the page: they are typed :data:`AFTER_LOAD_TYPE`, which a browser neither
  fetches nor runs, and a small inline script (:data:`AFTER_LOAD_SCRIPT`) runs them in
  order once the page has loaded. The text arrives, paints and answers first; the
  state and runtime (several hundred kilobytes on an explorer) come after.
- **Figures after the first load when the reader nears them** (``doctree-resolved``),
  and every figure has its width and height in pixels (the image visitor), so the page
  keeps its layout while they arrive (the stylesheet scales them to the column, keeping
  the ratio).

The joined stylesheets live in ``_static/bundles/``, named by the sheets they hold,
which the first line of each lists. Sphinx copies the static files before it writes
pages, so a bundle is written when a page first needs it, and Sphinx versions its link
(``?v=``) from its text. After the build, every bundle is written again from the current
sheets: with myst-nb's, which it copies only then, and fresh for a page that Sphinx did
not write this time. The theme's sheets in them lose the rules that nothing on the site
can match (:mod:`dlbook_site.unused_css`): most of them, and every page waited for
them.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

# The entries of a page context's "css_files" and "script_files" (Sphinx keeps their
# classes in a private module; an entry cannot be changed, only replaced by a new one).
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript
from sphinx.config import Config
from sphinx.util.images import get_image_size
from sphinx.writers.html5 import HTML5Translator

TEMPLATES = Path(__file__).parent / "templates"
BUNDLE_DIR = "_static/bundles"
# The sheets the theme's template links by hand, before all others.
THEME_SHEETS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
# What the search page loads (templates/search.html): Sphinx's search, in this order.
SEARCH_PAGE = "search"
SEARCH_SCRIPTS = (
    "_static/searchtools.js",
    "_static/language_data.js",
    "searchindex.js",
)
# The theme's own sheets (Bootstrap and its components): most of their rules match
# nothing on the site, and the scripts that add their classes are the site's own. Other
# sheets style what scripts the site does not serve may draw (Thebe's cells, the widget
# library's sliders, whose classes are put together at run time), and stay whole.
PURGED_SHEETS = "_static/styles/"
# Inline scripts in the head read DOCUMENTATION_OPTIONS as soon as they run.
KEEP_BLOCKING = ("_static/documentation_options.js",)
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_STATE_DIR = "_static/widget-state"
# Scripts that wait for the page to load: a type no browser runs, until
# AFTER_LOAD_SCRIPT puts a runnable copy of each, in order, in the head once the page
# has loaded.
AFTER_LOAD_TYPE = "text/x-dlbook-after-load"
AFTER_LOAD_SCRIPT = f"""(function () {{
  function run() {{
    var held = document.querySelectorAll('script[type="{AFTER_LOAD_TYPE}"]');
    held.forEach(function (waiting) {{
      var script = document.createElement("script");
      script.src = waiting.src;
      script.async = false;
      document.head.appendChild(script);
    }});
  }}
  if (document.readyState === "complete") run();
  else window.addEventListener("load", run);
}})();"""
SITE_SHEETS = (
    "dlbook_site_sheets"  # the page context's key for the sheets all pages link
)

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)['"]?\s*\)?\s*;""")
CSS_CHARSET = re.compile(r'@charset\s+"[^"]*"\s*;')
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
SOURCES_LINE = re.compile(r"/\* sources: (\[.*?\]) \*/")


class PageHeadError(RuntimeError):
    """A page links a stylesheet that is not in the built site."""


def _is_local(url: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I)


def stylesheet_text(site: Path, path: str, seen: tuple[str, ...] = ()) -> str:
    """The sheet at site ``path`` with its ``@import``\\ s inlined and every local
    ``url()`` made relative to :data:`BUNDLE_DIR`."""
    file = Path(site) / path
    if not file.is_file():
        raise PageHeadError(f"stylesheet {path} is linked but not in the built site")
    css = file.read_text(encoding="utf-8")
    css = SOURCE_MAP.sub("", CSS_CHARSET.sub("", css))
    here = posixpath.dirname(path)

    def rebased(match: re.Match[str]) -> str:
        quote, url = match.groups()
        if not _is_local(url):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(here, url))
        return f"url({quote}{posixpath.relpath(target, BUNDLE_DIR)}{quote})"

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


def bundle_path(sources: Sequence[str]) -> str:
    """The site path of the stylesheet joining ``sources`` (site paths, in order)."""
    digest = hashlib.sha256("\n".join(sources).encode()).hexdigest()[:12]
    return f"{BUNDLE_DIR}/styles-{digest}.css"


def write_bundle(
    site: Path,
    sources: Sequence[str],
    complete: bool = True,
    words: set[str] | None = None,
) -> str:
    """Join ``sources`` into their bundle in ``site`` (only if its text changed);
    return the bundle's site path. Its first line lists the sources.

    Unless ``complete``, a sheet that is not in the site yet is left out for now
    (myst-nb writes its own only after the build), and the step after the build
    writes the bundle whole. Given the ``words`` of the site's pages and scripts, the
    theme's sheets lose the rules nothing on the site can match
    (:mod:`dlbook_site.unused_css`)."""
    from dlbook_site import unused_css

    path = bundle_path(sources)
    texts = [f"/* sources: {json.dumps(list(sources))} */\n"]
    for source in sources:
        if not complete and not (Path(site) / source).is_file():
            texts.append(f"/* {source}: joined after the build */\n")
            continue
        text = stylesheet_text(site, source)
        if words is not None and source.startswith(PURGED_SHEETS):
            text = unused_css.without_unused_rules(text, words)
        texts.append(text)
    text = "".join(texts)
    file = Path(site) / path
    if not (file.is_file() and file.read_text(encoding="utf-8") == text):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return path


def bundle_sources(file: Path) -> list[str] | None:
    """The sheets the bundle ``file`` joins (its first line lists them), or None if it
    is not a bundle."""
    first = Path(file).read_text(encoding="utf-8").partition("\n")[0]
    match = SOURCES_LINE.fullmatch(first)
    return json.loads(match.group(1)) if match else None


def refresh_bundles(site: Path) -> dict[str, tuple[int, int]]:
    """Write every bundle in ``site`` again from the sheets its first line lists, the
    theme's without the rules nothing on the site can match; returns {bundle: (bytes
    with every rule, bytes written)}."""
    from dlbook_site import unused_css

    words = unused_css.site_words(site)
    sizes = {}
    for file in sorted((Path(site) / BUNDLE_DIR).glob("styles-*.css")):
        sources = bundle_sources(file)
        if sources is None:
            continue
        write_bundle(site, sources)
        whole = file.stat().st_size
        write_bundle(site, sources, words=words)
        sizes[file.name] = (whole, file.stat().st_size)
    return sizes


def split(sources: list[str], site_sheets: list[str]) -> list[list[str]]:
    """The groups of ``sources`` that become one page's bundles: the site's sheets,
    then the page's own; or all of them in one when the site's do not come first."""
    if site_sheets and sources[: len(site_sheets)] == site_sheets:
        rest = sources[len(site_sheets) :]
        return [site_sheets] + ([rest] if rest else [])
    return [sources]


def _note_site_sheets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Before any extension adds a page's own sheets: the sheets every page links."""
    context[SITE_SHEETS] = [
        *THEME_SHEETS,
        *(css.filename for css in context.get("css_files", []) if _is_file(css)),
    ]


def _is_file(asset: Any) -> bool:
    filename = getattr(asset, "filename", asset)
    return bool(filename) and isinstance(filename, str) and _is_local(filename)


def widget_state_script(state_json: str) -> str:
    """The script that hands a page's widget state (myst-nb's JSON) to the runtime."""
    return f"window.dlbookWidgetState = JSON.parse({json.dumps(state_json)});\n"


STATE_SCRIPT = re.compile(r"window\.dlbookWidgetState = JSON\.parse\((.*)\);\n", re.S)


def widget_state_json(script: str) -> str:
    """The widget state (myst-nb's JSON) that :func:`widget_state_script` wrote."""
    match = STATE_SCRIPT.fullmatch(script)
    if match is None:
        raise PageHeadError("not a widget state script")
    state: str = json.loads(match.group(1))
    return state


def _state_in_a_file(site: Path, pagename: str, script: Any) -> Any:
    """``script``, or, if it is the page's widget state, a script file with it."""
    attributes = getattr(script, "attributes", {})
    if attributes.get("type") != WIDGET_STATE_TYPE:
        return script
    path = f"{WIDGET_STATE_DIR}/{pagename}.js"
    file = Path(site) / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(widget_state_script(attributes["body"]), encoding="utf-8")
    return _JavaScript(path, type=AFTER_LOAD_TYPE)


def _change_head(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After every extension has added its page's scripts and sheets: join the sheets,
    defer the scripts."""
    if "css_files" not in context:
        return
    css_files = context["css_files"]
    sources = [*THEME_SHEETS, *(css.filename for css in css_files if _is_file(css))]
    site_sheets = [s for s in context.get(SITE_SHEETS, []) if s in sources]
    bundles = [
        write_bundle(app.outdir, group, complete=False)
        for group in split(sources, site_sheets)
    ]
    css_files[:] = [
        *(_CascadingStyleSheet(path) for path in bundles),
        *(css for css in css_files if not _is_file(css)),
    ]
    seen, scripts = set(), []
    search = [_JavaScript(path) for path in SEARCH_SCRIPTS]
    for script in [
        *context.get("script_files", []),
        *(search if pagename == SEARCH_PAGE else []),
    ]:
        attributes = getattr(script, "attributes", {})
        # An inline script's filename is None in one copy and "" in another.
        filename = getattr(script, "filename", script) or ""
        key = repr((str(filename), sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            scripts.append(_deferred(_state_in_a_file(app.outdir, pagename, script)))
    if any(_after_load(script) for script in scripts):
        # An inline script: Sphinx writes the body of a script whose filename is None.
        scripts.append(_JavaScript(None, body=AFTER_LOAD_SCRIPT))  # type: ignore[arg-type]
    context["script_files"][:] = scripts


def _after_load(script: Any) -> bool:
    return bool(getattr(script, "attributes", {}).get("type") == AFTER_LOAD_TYPE)


def _deferred(script: Any) -> Any:
    """``script`` with ``defer`` unless it is inline, a module, already async or
    deferred, one that waits for the page to load, or one that must block."""
    attributes = getattr(script, "attributes", {})
    filename = getattr(script, "filename", None)
    if (
        not filename
        or attributes.get("body")
        or filename in KEEP_BLOCKING
        or {"async", "defer"} & set(attributes)
        or attributes.get("type") in ("module", AFTER_LOAD_TYPE)
    ):
        return script
    return _JavaScript(filename, priority=script.priority, **attributes, defer="defer")


def _figures_load_lazily(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every figure but a page's first loads when the reader nears it."""
    for number, image in enumerate(doctree.findall(nodes.image)):
        if number > 0:
            image.setdefault("loading", "lazy")


def _visit_image(self: HTML5Translator, node: nodes.image) -> None:
    """Sphinx's image, with the file's width and height in pixels as attributes."""
    size = None
    if not {"width", "height", "scale"} & set(node.attributes):
        size = get_image_size(str(Path(self.builder.srcdir) / node["uri"]))
    type(self).visit_image(self, node)
    if size and self.body and self.body[-1].startswith("<img "):
        width, height = size
        self.body[-1] = self.body[-1].replace(
            "<img ", f'<img width="{width}" height="{height}" ', 1
        )


def _depart_image(self: HTML5Translator, node: nodes.image) -> None:
    type(self).depart_image(self, node)


def _configure(app: Sphinx, config: Config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def after_build(app: Sphinx) -> None:
    """The step after the build: every bundle written again from the current sheets,
    without the rules nothing on the site can match."""
    from sphinx.util import logging

    sizes = refresh_bundles(app.outdir)
    joined = sum(before for before, _ in sizes.values())
    kept = sum(after for _, after in sizes.values())
    logging.getLogger(__name__).info(
        f"[dlbook] page heads: {len(sizes)} joined stylesheets, {joined / 1e3:.0f} KB "
        f"-> {kept / 1e3:.0f} KB without the rules nothing on the site matches"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point."""
    app.setup_extension("dlbook_site.after_build")
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _note_site_sheets, priority=1)
    # Last, after every other extension has added its scripts and sheets for the page.
    app.connect("html-page-context", _change_head, priority=1000)
    app.connect("doctree-resolved", _figures_load_lazily)
    app.add_node(nodes.image, override=True, html=(_visit_image, _depart_image))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
