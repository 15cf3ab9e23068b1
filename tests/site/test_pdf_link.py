"""The intro links the whole-book PDF only where the site has it, and otherwise says
how to make it (dlbook_site.pdf_link)."""

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from dlbook_site import pdf_link
from dlbook_site.pdf_link import PDF_NAME

INTRO = (
    '<article><p>The whole book as one PDF. <span class="book-pdf">How to make it.'
    "</span></p><p>After it.</p></article>"
)


def _sentence(site):
    """The intro's sentence on the PDF: its text, and the links it holds."""
    intro = BeautifulSoup((site / "intro.html").read_text(), "html.parser")
    (span,) = intro.select(f"span.{pdf_link.SPAN_CLASS}")
    return " ".join(span.get_text().split()), [a["href"] for a in span.select("a")]


def test_the_intro_links_the_pdf_only_while_the_site_has_it(tmp_path):
    (tmp_path / "intro.html").write_text(INTRO)
    assert pdf_link.show(tmp_path) is False
    text, links = _sentence(tmp_path)
    assert "make pdf" in text and links == []

    (tmp_path / PDF_NAME).write_bytes(b"%PDF-1.7")
    assert pdf_link.show(tmp_path) is True
    assert _sentence(tmp_path)[1] == [PDF_NAME]
    assert pdf_link.show(tmp_path) is True  # again: nothing changes
    assert (tmp_path / "intro.html").read_text().count(PDF_NAME) == 2

    (tmp_path / PDF_NAME).unlink()
    pdf_link.show(tmp_path)
    assert _sentence(tmp_path) == (text, [])
    assert "<p>After it.</p>" in (tmp_path / "intro.html").read_text()


def test_an_intro_without_its_one_place_for_the_link_is_an_error(tmp_path):
    (tmp_path / "intro.html").write_text(INTRO.replace("book-pdf", "other"))
    with pytest.raises(pdf_link.PdfLinkError, match="0 <span"):
        pdf_link.show(tmp_path)
    (tmp_path / "intro.html").write_text(INTRO + INTRO)
    with pytest.raises(pdf_link.PdfLinkError, match="2 <span"):
        pdf_link.show(tmp_path)


def test_the_intros_source_says_what_a_site_without_the_pdf_says():
    source = BeautifulSoup((ROOT / "intro.md").read_text(), "html.parser")
    (span,) = source.select(f"span.{pdf_link.SPAN_CLASS}")
    unlinked = BeautifulSoup(pdf_link.UNLINKED, "html.parser").get_text()
    assert " ".join(span.get_text().split()) == unlinked


@pytest.mark.site
@pytest.mark.parametrize("edition", ["site", "student_site"])
def test_each_editions_intro_links_its_pdf_exactly_when_it_has_one(edition, request):
    site = request.getfixturevalue(edition)
    text, links = _sentence(site)
    if (site / PDF_NAME).is_file():
        assert links == [PDF_NAME], text
    else:
        assert links == [] and "make pdf" in text, text
