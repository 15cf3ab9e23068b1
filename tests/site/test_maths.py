"""KaTeX renders the book's maths at build time (dlbook_site.maths)."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError

from dlbook_site import maths
from dlbook_site.assets import AssetError, NpmPackage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def renderer():
    katex_js, _ = maths.prepare(ROOT / "_build" / "maths")
    renderer = maths.Renderer(katex_js)
    yield renderer
    renderer.close()


def test_inline_formula_has_html_and_mathml(renderer):
    html = renderer.render(r"\frac{\partial L}{\partial w_7} = -17.6", display=False)
    assert html.startswith('<span class="katex">')
    assert "<math" in html and 'aria-hidden="true"' in html
    assert '<annotation encoding="application/x-tex">' in html
    assert "<mfrac>" in html and "<mn>17.6</mn>" in html


def test_aligned_display_formula(renderer):
    tex = (
        r"\begin{aligned} v_t &= \beta v_{t-1} + (1-\beta) g_t \\"
        r" w &= w - \eta v_t \end{aligned}"
    )
    html = renderer.render(tex, display=True)
    assert html.startswith('<span class="katex-display">')
    assert html.count("<mtr>") == 2  # two aligned rows in the MathML


def test_glued_sympy_latex(renderer):
    html = renderer.render(
        r"\displaystyle \frac{e^{- x}}{\left(1 + e^{- x}\right)^{2}}", False
    )
    assert "katex-html" in html


def test_a_formula_katex_cannot_render_is_a_clear_error(renderer):
    with pytest.raises(maths.MathsError, match=r"Undefined control sequence: \\frcac"):
        renderer.render(r"\frcac{1}{2}", display=False)
    # the process keeps serving after an error
    assert "katex" in renderer.render("x^2", display=False)


def test_missing_node_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(maths.shutil, "which", lambda name: None)
    with pytest.raises(
        maths.MathsError, match="Node.js is needed .*apt-get install nodejs"
    ):
        maths.Renderer("katex.js")


def test_katex_tarball_is_checked_against_its_pin(tmp_path, monkeypatch):
    tarballs = tmp_path / "tarballs"
    tarballs.mkdir()
    (tarballs / maths.KATEX.tarball_name).write_bytes(b"not katex")
    monkeypatch.setattr(maths.shutil, "which", lambda name: None)  # no refetch
    with pytest.raises(
        AssetError, match="does not match the pinned checksum of katex@"
    ):
        maths.prepare(tmp_path)
    assert not (tarballs / maths.KATEX.tarball_name).exists()


def test_site_gets_stylesheet_and_only_woff2_fonts():
    _, static = maths.prepare(ROOT / "_build" / "maths")
    css = (static / "katex" / "katex.css").read_text()
    fonts = {p.suffix for p in (static / "katex" / "fonts").iterdir()}
    assert fonts == {".woff2"}
    assert "woff2" in css and ".ttf" not in css and ".woff)" not in css
    assert isinstance(maths.KATEX, NpmPackage) and maths.KATEX.version.count(".") == 2


def test_punctuation_touching_a_formula_is_grouped_with_it():
    from docutils import nodes

    paragraph = nodes.paragraph(
        "",
        "",
        nodes.Text("a softmax starts at ("),
        nodes.math("", r"\ln K"),
        nodes.Text("), then "),
        nodes.math("", "x"),
        nodes.Text(" and "),
        nodes.math("", "y"),
        nodes.Text("."),
    )
    assert maths.keep_punctuation_with_maths(paragraph) == 2
    groups = list(paragraph.findall(maths.maths_with_punctuation))
    assert [group.astext() for group in groups] == ["(\\ln K),", "y."]
    # Nothing is lost or moved: the paragraph reads as before.
    assert paragraph.astext() == "a softmax starts at (\\ln K), then x and y."


def test_only_a_formula_without_line_breaks_is_bound_to_its_punctuation(renderer):
    class Translator:  # what the visitor uses of Sphinx's HTML translator
        def __init__(self):
            self.body = []
            self.builder = type("B", (), {"current_docname": "page"})()
            self.builder.app = type("A", (), {})()
            self.builder.app.dlbook_maths = renderer
            self.builder.app.dlbook_pages_with_maths = set()

        encode = staticmethod(lambda text: text)

        def starttag(self, node, tag, suffix, CLASS):
            return f'<{tag} class="{CLASS}">'

    from docutils import nodes

    html = {}
    for tex in ("a_4", "L = \\tfrac12 (y - \\hat y)^2 = 9.68"):
        group = maths.maths_with_punctuation(
            "", "", nodes.Text(""), nodes.math("", tex), nodes.Text(".")
        )
        translator = Translator()
        with pytest.raises(nodes.SkipNode):
            maths.visit_maths_with_punctuation(translator, group)
        html[tex] = "".join(translator.body)
    short, long = html.values()
    assert short.startswith(f'<span class="{maths.KEEP_TOGETHER}">')
    assert short.endswith("</span>.</span>")
    assert maths.KEEP_TOGETHER not in long and long.endswith("</span>.")


# The fixture books find the KaTeX prepared under the project's _build/maths (as the
# tests above do): the book's work folder is the parent of its execution cache.
PREPARED = {"nb_execution_cache_path": str(ROOT / "_build" / ".jupyter_cache")}


def build(app):
    app.build()
    return {
        name: BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")
        for name in ("index", "plain")
    }


@pytest.mark.sphinx("html", testroot="maths", confoverrides=PREPARED)
def test_a_book_shows_its_maths_as_katex_html_with_no_maths_script(app):
    page = build(app)["index"]
    inline = page.select("span.math")
    assert len(inline) == 3
    assert all(span.select_one("span.katex > span.katex-html") for span in inline)
    assert all(span.select_one("span.katex math") for span in inline)  # MathML too
    (display,) = page.select("div.math")
    assert display.select_one("span.katex-display")
    annotation = display.select_one('annotation[encoding="application/x-tex"]')
    assert r"\frac{\partial L}{\partial w} = -17.6" in annotation.get_text()
    assert display.select_one("span.eqno").get_text().startswith("(1)")
    # No TeX is left for a script to typeset, and no maths script is loaded.
    text = page.select_one("article").get_text() if page.article else page.get_text()
    assert "$" not in text and r"\(" not in str(page.body)
    scripts = " ".join(s.get("src", "") + s.get_text() for s in page.select("script"))
    assert "mathjax" not in scripts.lower() and "katex" not in scripts.lower()


@pytest.mark.sphinx("html", testroot="maths", confoverrides=PREPARED)
def test_the_katex_sheet_is_linked_only_from_pages_with_maths(app):
    pages = build(app)
    linked = [link["href"] for link in pages["index"].select('link[rel="stylesheet"]')]
    assert any(h.startswith("_static/katex/katex.css") for h in linked)
    assert any(h.startswith("_static/maths.css") for h in linked)
    assert "katex" not in str(pages["plain"].head)
    assert not pages["plain"].select(".katex")
    fonts = app.outdir / "_static" / "katex" / "fonts"
    assert {path.suffix for path in fonts.iterdir()} == {".woff2"}


@pytest.mark.sphinx("html", testroot="maths", confoverrides=PREPARED)
def test_punctuation_touching_an_inline_formula_stays_on_its_line(app):
    page = build(app)["index"]
    groups = page.select(f"span.{maths.KEEP_TOGETHER}")
    ln_k, w_7 = groups
    # The text, the formula and its punctuation, side by side in one unbreakable span.
    assert [str(c) if isinstance(c, str) else c["class"] for c in ln_k.contents] == [
        ["math", "notranslate", "nohighlight"],
        ".",
    ]
    assert ln_k.select_one("annotation").get_text() == r"\ln K"
    assert [c for c in w_7.contents if isinstance(c, str)] == ["(", "),"]
    assert w_7.select_one("annotation").get_text() == "{w_7}"
    # A formula with a space on both sides is not grouped.
    (x,) = [
        span
        for span in page.select("span.math")
        if span.select_one("annotation").get_text() == "x"
    ]
    assert not x.find_parent("span", class_=maths.KEEP_TOGETHER)


@pytest.mark.sphinx(
    "html", testroot="maths", srcdir="maths-invalid", confoverrides=PREPARED
)
def test_a_formula_katex_cannot_parse_stops_the_build_naming_the_page(app):
    (app.srcdir / "plain.md").write_text("# Plain\n\nA typo in $\\frcac{1}{2}$ here.\n")
    with pytest.raises(
        ExtensionError,
        match=r"(?s)maths on page 'plain' could not be rendered: .*"
        r"Undefined control sequence: \\frcac.*TeX: \\frcac\{1\}\{2\}",
    ):
        app.build()
    assert app.dlbook_maths is None  # the renderer was stopped all the same
