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


def test_a_page_without_prose_has_no_first_paragraph():
    assert page_meta.first_paragraph(nodes.document("", None)) == ""
