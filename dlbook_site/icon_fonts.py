"""Cut the theme's Font Awesome web fonts down to the icons the built site uses.

pydata-sphinx-theme serves Font Awesome 6's solid, regular and brands fonts (about 300
KB of WOFF2) for a dozen icons.  After the build, :func:`subset_site` finds every icon
the site can show and rewrites the WOFF2 files in the output with only those glyphs:

- icons named by class (``fa-rocket``) anywhere in the built HTML and JavaScript, looked
  up in the stylesheets' ``.fa-rocket:before{content:"\\f135"}`` rules;
- glyphs the stylesheets draw directly, outside those rules: escapes such as
  ``content: "\\f107"`` and the private-use characters the theme's ``--pst-icon-*``
  variables hold (the admonition icons, among others).

The originals are read from the theme's package, never from the output, so rebuilding
never subsets an already subset font.  The TrueType fallbacks are left as they are:
browsers that read WOFF2 never fetch them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
# One rule that maps icon classes to a code point:
# ".fa-a:before,.fa-b:before{content:"\f00d"}".
CLASS_RULE = re.compile(r'([^{}]*)\{\s*content:\s*"\\([0-9a-fA-F]{2,6})"\s*;?\s*\}')
# A code point in the private use area Font Awesome uses, as a CSS escape or a literal
# character.
CSS_CODEPOINT = re.compile(r'"\\((?:[eEfF][0-9a-fA-F]{3}))"')
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
FONT_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"


def theme_font_dir() -> Path:
    """Where pydata-sphinx-theme keeps the original Font Awesome web fonts."""
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "vendor"
        / "fontawesome"
        / "webfonts"
    )


def class_codepoints(css: str) -> dict[str, int]:
    """``{icon name: code point}`` from the ``.fa-NAME:before{content:...}`` rules of
    ``css``."""
    mapping: dict[str, int] = {}
    for selectors, code in CLASS_RULE.findall(css):
        for name in re.findall(r"\.fa-([a-z0-9-]+?)(?=::?before|::?after)", selectors):
            mapping[name] = int(code, 16)
    return mapping


def direct_codepoints(css: str) -> set[int]:
    """Code points a stylesheet draws itself, outside the icon-class rules: escapes such
    as ``"\\f107"`` and literal private-use characters (the theme's ``--pst-icon-*``
    variables)."""
    rest = CLASS_RULE.sub(
        lambda rule: "" if ".fa-" in rule.group(1) else rule.group(0), css
    )
    return {int(code, 16) for code in CSS_CODEPOINT.findall(rest)} | {
        ord(c) for c in PRIVATE_USE.findall(rest)
    }


def _stylesheets_text(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (site / "_static").rglob("*.css")
    )


def used_codepoints(site: str | Path) -> set[int]:
    """Every Font Awesome code point the built ``site`` can display."""
    site = Path(site)
    css = _stylesheets_text(site)
    by_class = class_codepoints(css)
    names = used_names(site)
    return {by_class[name] for name in names if name in by_class} | direct_codepoints(
        css
    )


def used_names(site: str | Path) -> set[str]:
    """The icon classes (``fa-NAME``: the names) the site's pages and scripts use."""
    site = Path(site)
    names: set[str] = set()
    # Vendored libraries (MathJax, the widget manager) carry whole icon sets in their
    # code
    # but show none of them on these pages; only the site's own pages and scripts count.
    vendor = site / "_static" / "vendor"
    for path in [
        *site.rglob("*.html"),
        *(p for p in site.rglob("*.js") if vendor not in p.parents),
    ]:
        names.update(
            ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace"))
        )
    return names


def subset_font(
    source: str | Path, destination: str | Path, codepoints: Iterable[int]
) -> None:
    """Write ``source`` (WOFF2) to ``destination`` with only the glyphs for
    ``codepoints``."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(destination), options)


def subset_site(site: str | Path) -> dict[str, tuple[int, int]]:
    """Subset every WOFF2 icon font of the built ``site``; returns {file: (before,
    after) bytes}."""
    site = Path(site)
    codepoints = used_codepoints(site)
    sizes: dict[str, tuple[int, int]] = {}
    for target in sorted((site / FONT_DIR).glob("*.woff2")):
        original = theme_font_dir() / target.name
        if not original.is_file():
            continue
        subset_font(original, target, codepoints)
        sizes[target.name] = (original.stat().st_size, target.stat().st_size)
    return sizes
