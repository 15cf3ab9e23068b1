"""dlbook_site.numbering: figures and exercises numbered per chapter."""

import pytest
from bs4 import BeautifulSoup

from dlbook_site.numbering import per_chapter

PAGES = ("one", "one-a", "two", "two-a")


def build(app):
    app.build()
    return {
        name: BeautifulSoup((app.outdir / f"{name}.html").read_text(), "html.parser")
        for name in PAGES
    }


def numbers(page):
    """What a reader sees: each figure's and each exercise's number on a page."""
    captions = [c.get_text(" ", strip=True) for c in page.select("figcaption")]
    titles = [t.get_text(strip=True) for t in page.select("p.admonition-title")]
    return [c.split(" ", 2)[1] for c in captions], titles


def test_each_chapter_numbers_its_pages_in_reading_order_from_one():
    sphinx = {
        "one": {"figure": {"a": (1,), "b": (2,)}, "exercise": {"e": (1,)}},
        "one-section": {"figure": {"c": (3,)}, "exercise": {"f": (2,)}},
        "two": {"figure": {"e": (5,), "d": (4,)}, "exercise": {"g": (3,)}},
        "glossary": {"table": {"t": (1,)}},
    }
    numbers = per_chapter(sphinx, [["one", "one-section"], ["two"]])
    assert numbers["one"] == {
        "figure": {"a": (1, 1), "b": (1, 2)},
        "exercise": {"e": (1, 1)},
    }
    assert numbers["one-section"] == {
        "figure": {"c": (1, 3)},
        "exercise": {"f": (1, 2)},
    }
    # Sphinx's order within a page is kept, whatever order the ids come in.
    assert numbers["two"] == {
        "figure": {"d": (2, 1), "e": (2, 2)},
        "exercise": {"g": (2, 1)},
    }
    assert numbers["glossary"] == {"table": {"t": (1,)}}  # not in a chapter: as it was
    assert sphinx["one"]["figure"]["a"] == (1,)  # Sphinx's own numbers are left alone


@pytest.mark.sphinx("html", testroot="numbering")
def test_a_book_numbers_figures_and_exercises_per_chapter_in_reading_order(app):
    pages = build(app)
    # The chapters' order is _toc.yml's; a chapter's main page comes before its
    # sections, and each chapter starts again from 1.
    assert numbers(pages["one"]) == (["1.1"], ["Exercise 1.1"])
    assert numbers(pages["one-a"]) == (["1.2"], ["Exercise 1.2"])
    assert numbers(pages["two"]) == ([], ["Exercise 2.1"])
    assert numbers(pages["two-a"]) == (["2.1"], ["Exercise 2.2"])
    # References from other pages use the same numbers.
    links = [a.get_text() for a in pages["two"].select("p a.reference.internal")]
    assert links == ["Fig. 2.1", "Exercise 1.2"]


@pytest.mark.sphinx("html", testroot="numbering", srcdir="numbering-rebuilt")
def test_a_rebuild_numbers_the_pages_it_did_not_read_again(app):
    build(app)
    mtimes = {name: (app.outdir / f"{name}.html").stat().st_mtime_ns for name in PAGES}
    app.build()  # nothing changed: no page is written again
    assert mtimes == {
        name: (app.outdir / f"{name}.html").stat().st_mtime_ns for name in PAGES
    }
    one = app.srcdir / "one.md"
    one.write_text(one.read_text() + "\n```{exercise}\n:label: ex-new\n\nNew.\n```\n")
    pages = build(app)
    assert numbers(pages["one"])[1] == ["Exercise 1.1", "Exercise 1.2"]
    # Neither page changed, yet both show the new numbers.
    assert numbers(pages["one-a"]) == (["1.2"], ["Exercise 1.3"])
    assert "Exercise 1.3" in pages["two"].get_text()
    assert numbers(pages["two-a"]) == (["2.1"], ["Exercise 2.2"])
