"""KaTeX renders the book's maths at build time (dlbook_site.maths)."""

from pathlib import Path

import pytest

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
