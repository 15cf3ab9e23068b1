"""dlbook_site.checks: the checks at a page's end are folded into one closed part."""

import pytest
from bs4 import BeautifulSoup

from dlbook_site import checks


def build(app):
    app.build()
    return BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")


@pytest.mark.sphinx("html", testroot="checks")
def test_what_follows_the_marker_is_folded_into_one_closed_part(app):
    page = build(app)
    (part,) = page.select("details.how-we-checked")
    assert "open" not in part.attrs
    assert part.summary.get_text() == "Open the checks: 2 code cells, 3 asserts"
    # The heading stays outside, so the page's contents list it; the rest is inside.
    section = part.find_parent("section")
    assert section.h2.get_text().startswith("How we checked this page")
    assert "A check, in words." in part.get_text()
    assert part.select_one("h3").get_text().startswith("A part of the checks")
    # The lesson's cell is not folded.
    lesson = [c for c in page.select("div.cell") if "lesson = 1" in c.get_text()]
    assert lesson and not lesson[0].find_parent("details")


def test_the_label_counts_cells_and_asserts():
    assert checks.label(1, 0) == "Open the checks: 1 code cell"
    assert checks.label(3, 1) == "Open the checks: 3 code cells, 1 assert"


MISPLACED = {
    "not under a heading": "# A page\n\n:::{how-we-checked}\n:::\n",
    "not right after its heading": (
        "# A page\n\n## How we checked this page\n\nText first.\n\n"
        ":::{how-we-checked}\n:::\n"
    ),
    "not the last section": (
        "# A page\n\n## How we checked this page\n\n:::{how-we-checked}\n:::\n\n"
        "## Exercises\n"
    ),
    "twice": (
        "# A page\n\n## How we checked\n\n:::{how-we-checked}\n:::\n\n"
        "### More\n\n:::{how-we-checked}\n:::\n"
    ),
}


@pytest.mark.parametrize("case", MISPLACED)
@pytest.mark.sphinx("html", testroot="checks")
def test_a_misplaced_part_stops_the_build_with_what_to_do(app, case):
    (app.srcdir / "index.md").write_text(MISPLACED[case])
    with pytest.raises(checks.ChecksError, match="index: "):
        app.build()
