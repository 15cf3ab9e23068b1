"""What a page tells browsers and search engines: its description.

Every page gets ``<meta name="description">``. It is the page's first paragraph of prose
(for a chapter, the paragraph that states its idea), cut at a sentence end to at most
:data:`DESCRIPTION_CHARS` characters. Sphinx's own pages (the index, search) have no
prose, so they get a fixed sentence.

sphinxext-opengraph can write this tag too (``ogp_enable_meta_description``), but
its text is the page's first 200 characters, cut mid-word ("...so the shape of that
deri..." on activations); this module keeps whole sentences. The site's icon is
Jupyter Book's ``html.favicon`` (``_config.yml``).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx

if TYPE_CHECKING:
    from sphinx.util.typing import ExtensionMetadata

DESCRIPTION_CHARS = 160
# A formula is written in the description as a reader sees it: "$\eta$" as "η". The
# TeX commands that stand for a character; others only format their argument (\mathrm,
# \left), which stays.
TEX_SYMBOLS = dict(
    pair.split("=")
    for pair in """
    alpha=α beta=β gamma=γ delta=δ epsilon=ε varepsilon=ε zeta=ζ eta=η theta=θ
    kappa=κ lambda=λ mu=μ nu=ν xi=ξ pi=π rho=ρ sigma=σ tau=τ phi=φ varphi=φ chi=χ
    psi=ψ omega=ω Gamma=Γ Delta=Δ Theta=Θ Lambda=Λ Pi=Π Sigma=Σ Phi=Φ Psi=Ψ Omega=Ω
    times=× cdot=· in=∈ leq=≤ le=≤ geq=≥ ge=≥ neq=≠ approx=≈ to=→ infty=∞ pm=±
    partial=∂ nabla=∇ sum=∑ prod=∏ ldots=… cdots=… ln=ln log=log exp=exp max=max
    min=min sin=sin cos=cos tanh=tanh arg=arg
    """.split()
)
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303"}  # combining marks
_ACCENT = re.compile(r"\\(hat|bar|tilde)\s*(?:\{(\w)\}|(\w))")
_FRACTION = re.compile(r"\\[dt]?frac(?![A-Za-z])")
_SIMPLE = re.compile(r"[\w.∂\u0302\u0304\u0303]+")  # needs no brackets around it
_TEX_TOKEN = re.compile(r"\\([A-Za-z]+|.)|[{}]")
GENERATED_PAGES = {
    "genindex": "An index of the terms and names used in the book.",
    "search": "Search the text of every chapter of the book.",
}


def _plain(token: re.Match[str]) -> str:
    name = token.group(1)
    if name is None:  # a group's brace
        return ""
    if name in TEX_SYMBOLS:
        return TEX_SYMBOLS[name]
    if name.isalpha():  # a command that formats its argument, which stays
        return ""
    return name if name in "{}%$&#_" else " "  # "\{" is a brace; "\,", a space


def _group(tex: str, start: int) -> tuple[str, int]:
    """The argument at ``tex[start:]`` (a ``{…}`` group or one character), and where
    it ends."""
    at = len(tex) - len(tex[start:].lstrip())
    if at == len(tex) or tex[at] != "{":
        return tex[at : at + 1], at + 1
    depth = 0
    for end in range(at, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[end], 0)
        if depth == 0:
            return tex[at + 1 : end], end + 1
    return tex[at + 1 :], len(tex)


def _plain_tex(tex: str) -> str:
    fraction = _FRACTION.search(tex)
    if fraction is None:
        text = _ACCENT.sub(lambda m: (m[2] or m[3]) + ACCENTS[m[1]], tex)
        return _TEX_TOKEN.sub(_plain, text)
    numerator, end = _group(tex, fraction.end())
    denominator, end = _group(tex, end)
    parts = [_plain_tex(part).strip() for part in (numerator, denominator)]
    parts = [p if _SIMPLE.fullmatch(p) else f"({p})" for p in parts]
    return _plain_tex(tex[: fraction.start()]) + "/".join(parts) + _plain_tex(tex[end:])


def plain_tex(tex: str) -> str:
    r"""A formula's TeX as plain text, roughly as a reader sees it: ``\beta \in
    \{0.9\}`` is "β ∈ {0.9}", ``\frac{1}{1 + e^{-x}}`` is "1/(1 + e^-x)"."""
    return re.sub(r"\s+", " ", _plain_tex(tex)).strip()


def _text(paragraph: nodes.paragraph) -> str:
    """A paragraph's text, its formulas as plain text (:func:`plain_tex`)."""
    return "".join(
        plain_tex(str(text)) if isinstance(text.parent, nodes.math) else str(text)
        for text in paragraph.findall(nodes.Text)
    )


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the first paragraph outside admonitions, code and tables, or '';
    its formulas are written as plain text."""
    skip = (nodes.Admonition, nodes.literal_block, nodes.table, nodes.container)
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None:
            if isinstance(parent, skip):
                inside = True
                break
            parent = parent.parent
        if not inside and paragraph.astext().strip():
            return _text(paragraph)
    return ""


def description(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut after the last full sentence that fits in ``limit``.

    When even the first sentence is longer, it is cut at a word and ends with "…".
    """
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", text) if m.end() <= limit]
    if ends:
        return text[: ends[-1]]
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _add_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if pagename in GENERATED_PAGES:
        text = GENERATED_PAGES[pagename]
    elif doctree is not None:
        text = description(first_paragraph(doctree))
    else:
        return
    if not text:
        raise ValueError(
            f"{pagename}: no paragraph of prose to describe the page with; "
            "start the page with a paragraph"
        )
    tag = f'<meta name="description" content="{html.escape(text, quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point."""
    app.connect("html-page-context", _add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
