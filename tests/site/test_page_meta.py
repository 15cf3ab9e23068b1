"""dlbook_site.page_meta: each page's description."""

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from dlbook_site import page_meta


def test_a_short_paragraph_is_the_description_on_one_line():
    assert page_meta.description("Backpropagation\n  computes the gradient.") == (
        "Backpropagation computes the gradient."
    )


def test_a_long_paragraph_is_cut_after_the_last_sentence_that_fits():
    text = "First sentence here. " * 5 + "A last sentence that makes it far too long."
    cut = page_meta.description(text, limit=60)
    assert cut == "First sentence here. First sentence here."
    assert len(cut) <= 60


def test_one_long_sentence_is_cut_at_a_word_with_an_ellipsis():
    cut = page_meta.description("word " * 50, limit=30)
    assert cut.endswith("…") and len(cut) <= 30 and not cut[:-1].endswith(" ")


def test_the_first_paragraph_skips_admonitions_and_code():
    doc = nodes.document("", None)
    note = nodes.admonition("", nodes.paragraph(text="In this chapter you will"))
    doc += [note, nodes.literal_block(text="x = 1"), nodes.paragraph(text="The idea.")]
    assert page_meta.first_paragraph(doc) == "The idea."


def test_a_formula_in_the_first_paragraph_is_written_as_a_reader_sees_it():
    doc = nodes.document("", None)
    doc += nodes.paragraph(
        "",
        "",
        nodes.Text("A rate "),
        nodes.math("", r"\eta"),
        nodes.Text(" and "),
        nodes.math("", r"\hat{y} = \tfrac{a}{b} \cdot \Delta w_{t}\,"),
        nodes.Text("."),
    )
    assert page_meta.first_paragraph(doc) == "A rate η and y\u0302 = a/b · Δ w_t."
    assert page_meta.plain_tex(r"\mathrm{ReLU}(x) \leq \max(0, x)") == (
        "ReLU(x) ≤ max(0, x)"
    )
    assert page_meta.plain_tex(r"\sigma(x) = \frac{1}{1 + e^{-x}}") == (
        "σ(x) = 1/(1 + e^-x)"
    )


def test_a_page_without_prose_has_no_first_paragraph():
    assert page_meta.first_paragraph(nodes.document("", None)) == ""


def descriptions(app):
    found = {}
    for name in ("index", "short", "maths", "search", "genindex"):
        page = BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")
        tags = page.head.select('meta[name="description"]')
        found[name] = [tag["content"] for tag in tags]
    return found


@pytest.mark.sphinx("html", testroot="page-meta")
def test_each_page_is_described_by_its_first_prose_paragraph_cut_at_a_sentence(app):
    app.build()
    found = descriptions(app)
    assert found["index"] == [
        "Backpropagation computes the gradient of the loss with respect to every "
        "weight, one layer at a time. It runs the chain rule backwards through the "
        "network."
    ]
    assert found["short"] == [
        "Quotes “and” <angle brackets> & ampersands are kept, escaped."
    ]
    # Its formulas as a reader sees them, not as TeX.
    assert found["maths"] == [
        "Choose a learning rate η, a factor β ∈ {0.9, 0.99} and a step of 1/2 ∇ L."
    ]
    # Sphinx's own pages have no prose: a fixed sentence each.
    assert found["search"] == [page_meta.GENERATED_PAGES["search"]]
    assert found["genindex"] == [page_meta.GENERATED_PAGES["genindex"]]


@pytest.mark.sphinx("html", testroot="page-meta", srcdir="page-meta-no-prose")
def test_a_page_without_prose_is_a_clear_error(app):
    (app.srcdir / "short.md").write_text("# A short page\n\n```python\nx = 1\n```\n")
    with pytest.raises(Exception, match="short: no paragraph of prose to describe"):
        app.build()
