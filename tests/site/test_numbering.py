"""dlbook_site.numbering: figures and exercises numbered per chapter."""

from dlbook_site.numbering import per_chapter


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
