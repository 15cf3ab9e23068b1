"""The site's maths, rendered to HTML with KaTeX while the site is built.

Readers' devices run no maths JavaScript: each formula (written in the pages, glued by
myst-nb, or printed by SymPy as ``text/latex``) is converted during the build by one
long-lived ``node`` process running ``maths_render.js``, and the page carries KaTeX's
HTML (what is seen) and MathML (what screen readers read). The KaTeX stylesheet and its
WOFF2 fonts are served from the site's own ``_static/katex/`` and linked only from the
pages that show maths.

KaTeX comes from the npm registry as a tarball checked against its SHA-512 integrity
(the machinery of :mod:`dlbook_site.assets`), cached under ``_build/maths``. It has no
run-time dependencies: ``dist/katex.js`` is a single self-contained file.

A formula KaTeX cannot convert stops the build, naming the page and the TeX.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

from dlbook_site import cache
from dlbook_site.assets import NpmPackage, extract, fetch

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

KATEX = NpmPackage(
    "katex",
    "0.19.1",
    "sha512-jG8uKntjSEcm2EpQOh0XturpPuuC9r3Sq5HLHdsFdWZT27E672SF19QEi+of0/YeOy15lDgRhKvr5614uRrEfA==",
    # katex.js runs in node at build time; the stylesheet and WOFF2 fonts go to the
    # site (every browser that reads the site reads WOFF2).
    include=("LICENSE", "dist/katex.js", "dist/katex.min.css", "dist/fonts/*.woff2"),
)
RENDER_SCRIPT = Path(__file__).parent / "maths_render.js"
# Paths below the site's _static/ folder.
KATEX_CSS = "katex/katex.css"
MATHS_CSS = "maths.css"  # the book's own: wide display maths scrolls in its box

# The older font formats the stylesheet lists after WOFF2; they are not shipped.
_OLD_FONT_FORMATS = re.compile(
    r',url\(fonts/[^)]+\.woff\) format\("woff"\),url\(fonts/[^)]+\.ttf\) '
    r'format\("truetype"\)'
)


class MathsError(RuntimeError):
    """A formula could not be rendered, or the renderer could not be started."""


def prepare(maths_dir: str | Path) -> tuple[Path, Path]:
    """Fetch and unpack KaTeX under ``maths_dir``; return ``(katex_js, static_root)``.

    ``static_root/katex/`` holds the stylesheet (reduced to WOFF2 fonts) and the fonts.
    An unchanged pin costs nothing on rebuild.
    """
    maths_dir = Path(maths_dir)
    unpacked = maths_dir / "package"
    static_root = maths_dir / "static"
    stamp = maths_dir / "stamp.json"
    wanted = [KATEX.spec, KATEX.integrity, list(KATEX.include)]
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        extract(KATEX, fetch(KATEX, maths_dir / "tarballs"), unpacked)
        dist = unpacked / KATEX.folder / "dist"
        site = static_root / "katex"
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(dist / "fonts", site / "fonts")
        css = (dist / "katex.min.css").read_text(encoding="utf-8")
        (site / "katex.css").write_text(
            _OLD_FONT_FORMATS.sub("", css), encoding="utf-8"
        )
        shutil.copy(unpacked / KATEX.folder / "LICENSE", site / "LICENSE")
        stamp.write_text(json.dumps(wanted))
    return unpacked / KATEX.folder / "dist" / "katex.js", static_root


class Renderer:
    """One ``node`` process that turns TeX into HTML, a formula a line."""

    def __init__(self, katex_js: str | Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise MathsError(
                "Node.js is needed to render the site's maths at build time: install "
                "Node.js 18 or newer (Debian/Ubuntu: 'apt-get install nodejs npm'), so "
                "that 'node' and 'npm' are on PATH."
            )
        process = subprocess.Popen(
            [node, str(RENDER_SCRIPT), str(Path(katex_js).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        # Both pipes are there: Popen was asked for them.
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        self._stdin, self._stdout = process.stdin, process.stdout
        self._done: dict[tuple[str, bool], str] = {}

    def render(self, tex: str, display: bool) -> str:
        """KaTeX's HTML for ``tex``; raises :class:`MathsError` if it is not valid."""
        key = (tex, display)
        if key not in self._done:
            request = json.dumps({"tex": tex, "display": display})
            self._stdin.write(request + "\n")
            self._stdin.flush()
            line = self._stdout.readline()
            if not line:
                raise MathsError("the KaTeX process stopped unexpectedly")
            reply = json.loads(line)
            if "error" in reply:
                raise MathsError(reply["error"])
            self._done[key] = reply["html"]
        return self._done[key]

    def close(self) -> None:
        self._stdin.close()
        self._process.wait(timeout=30)


def _render(translator: HTML5Translator, tex: str, display: bool) -> str:
    app = translator.builder.app
    if getattr(app, "dlbook_maths", None) is None:
        app.dlbook_maths = Renderer(app.dlbook_katex_js)  # type: ignore[attr-defined]
    page = translator.builder.current_docname
    try:
        html = app.dlbook_maths.render(tex, display)  # type: ignore[attr-defined]
    except MathsError as error:
        raise ExtensionError(
            f"maths on page '{page}' could not be rendered: {error}\nTeX: {tex}"
        ) from None
    app.dlbook_pages_with_maths.add(page)  # type: ignore[attr-defined]
    return html


def _display_tex(node: nodes.math_block) -> str:
    """The TeX of a display block, as Sphinx's MathJax renderer would assemble it."""
    if node["nowrap"]:
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [
        rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part
        for part in parts
    ]
    if len(parts) > 1:
        return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    return parts[0] if parts else ""


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(
        self.starttag(node, "span", "", CLASS="math notranslate nohighlight")
    )
    self.body.append(_render(self, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self: HTML5Translator, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_render(self, _display_tex(node), display=True) + "</div>\n")
    raise nodes.SkipNode


# A formula is an inline block, so a browser may break the line just before or after it:
# a phone could show "… at ln K" with the full stop alone on the next line. The brackets
# and punctuation that touch a formula are kept on its line, when the formula has no
# line break of its own (KaTeX lets a long formula break after = or +; binding its
# punctuation would stop that, and the formula would run off a phone's screen).
PUNCTUATION_AFTER = ".,;:!?)]»،؛"
PUNCTUATION_BEFORE = "([«"
KEEP_TOGETHER = "math-with-punctuation"  # white-space: nowrap in maths.css


class maths_with_punctuation(nodes.inline):
    """An inline formula with the punctuation that touches it: text, ``math``, text."""


def keep_punctuation_with_maths(doctree: nodes.Node) -> int:
    """Group each inline formula with a bracket that opens just before it and the
    punctuation that follows it (no space between) in a :class:`maths_with_punctuation`
    node. Returns how many formulas were grouped."""
    grouped = 0
    for formula in list(doctree.findall(nodes.math)):
        parent = formula.parent
        at = parent.index(formula)
        before = parent[at - 1] if at > 0 else None
        after = parent[at + 1] if at + 1 < len(parent) else None
        lead = trail = ""
        if isinstance(before, nodes.Text):
            text = str(before)
            while text and text[-1] in PUNCTUATION_BEFORE:
                lead, text = text[-1] + lead, text[:-1]
            if lead:
                parent.replace(before, nodes.Text(text))
        if isinstance(after, nodes.Text):
            text = str(after)
            while text and text[0] in PUNCTUATION_AFTER:
                trail, text = trail + text[0], text[1:]
            if trail:
                parent.replace(after, nodes.Text(text))
        if not (lead or trail):
            continue
        group = maths_with_punctuation()
        parent.replace(formula, group)
        group += nodes.Text(lead)
        group += formula
        group += nodes.Text(trail)
        grouped += 1
    return grouped


def visit_maths_with_punctuation(
    self: HTML5Translator, node: maths_with_punctuation
) -> None:
    lead, formula, trail = node.children
    # The group holds text, the formula, text (keep_punctuation_with_maths).
    formula = cast(nodes.math, formula)
    html = _render(self, formula.astext(), display=False)
    # KaTeX may break a line between two of its "katex-base" boxes.
    unbreakable = html.count('class="katex-base"') <= 1
    if unbreakable:
        self.body.append(f'<span class="{KEEP_TOGETHER}">')
    self.body.append(self.encode(lead.astext()))
    self.body.append(
        self.starttag(formula, "span", "", CLASS="math notranslate nohighlight")
    )
    self.body.append(html + "</span>" + self.encode(trail.astext()))
    if unbreakable:
        self.body.append("</span>")
    raise nodes.SkipNode


def _keep_punctuation(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    keep_punctuation_with_maths(doctree)


def _configure(app: Sphinx, config: Config) -> None:
    try:
        katex_js, static_root = prepare(cache.work_dir(app) / "maths")
    except Exception as error:
        raise ExtensionError(f"preparing KaTeX for the site's maths failed: {error}")
    # Kept on the app for this build; Sphinx declares no such attributes.
    app.dlbook_katex_js = katex_js  # type: ignore[attr-defined]
    app.dlbook_maths = None  # type: ignore[attr-defined]
    app.dlbook_pages_with_maths = set()  # type: ignore[attr-defined]
    config.html_static_path = [*config.html_static_path, str(static_root)]
    config.html_math_renderer = "katex"


def _link_stylesheets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if pagename in app.dlbook_pages_with_maths:  # type: ignore[attr-defined]
        builder = cast("StandaloneHTMLBuilder", app.builder)  # it sent this event
        builder.add_css_file(KATEX_CSS)
        builder.add_css_file(MATHS_CSS)


def stop_renderer(app: Sphinx) -> None:
    """Stop the KaTeX process, if one was started (:mod:`dlbook_site.after_build`
    calls this last, whatever happened)."""
    if getattr(app, "dlbook_maths", None) is not None:
        app.dlbook_maths.close()  # type: ignore[attr-defined]
        app.dlbook_maths = None  # type: ignore[attr-defined]


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.add_html_math_renderer("katex", (visit_math, None), (visit_displaymath, None))
    app.add_node(maths_with_punctuation, html=(visit_maths_with_punctuation, None))
    app.connect("config-inited", _configure)
    app.connect("doctree-resolved", _keep_punctuation)
    app.connect("html-page-context", _link_stylesheets)
    app.setup_extension("dlbook_site.after_build")
    return {"parallel_read_safe": True, "parallel_write_safe": False, "version": "1"}
