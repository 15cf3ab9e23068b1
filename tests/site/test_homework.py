"""dlbook_site.homework: the homework page, its questions and their links."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from dlbook_site import homework

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "homework-questions.yml"


def test_the_books_homework_file_has_every_question_in_both_languages():
    questions = homework.parse_questions(QUESTIONS.read_text(encoding="utf-8"))
    assert len(questions) >= 14
    assert {q.set for q in questions} == {"Homework 6", "Homework set 2"}
    for question in questions:
        assert question.en and question.fa and question.taught_in, question.id
        assert "میش" not in question.fa  # Mish stays in Latin ("ewe" in Persian)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: a\n", "missing en, fa, number, set, taught_in"),
        ("- {id: a, set: s, number: '1', en: e, fa: f, taught_in: [], x: 1}\n", "x"),
        ("[]", "a YAML list"),
        ("- [1]\n", "not a mapping"),
        (
            "- {id: a, set: s, number: '1', en: e, fa: f, taught_in: []}\n" * 2,
            "appears twice",
        ),
    ],
)
def test_a_malformed_homework_file_is_refused_with_what_is_wrong(text, message):
    with pytest.raises(homework.HomeworkError, match=message):
        homework.parse_questions(text)


def test_boxes_are_found_in_the_outputs_that_show_them():
    output = nodes.raw(
        "",
        '<form class="self-check" id="box-mish-first" data-kind="formula" '
        'data-spec="{}"><label for="box-mish-first-input">Mish′(x) =</label>'
        "<input></form>",
        format="html",
    )
    page = nodes.section("", nodes.container("", output))
    assert homework.boxes_in(page) == {"mish-first": ("Mish′(x) =", None)}


@pytest.mark.site
def test_the_homework_page_links_every_question_to_its_section_and_boxes(site):
    page = BeautifulSoup((site / "homework.html").read_text(), "html.parser")
    questions = homework.parse_questions(QUESTIONS.read_text(encoding="utf-8"))
    for question in questions:
        block = page.find(id=question.id)
        assert block is not None, question.id
        assert block.select_one("[lang=fa][dir=rtl]"), question.id
        links = [a["href"] for a in block.select("a.reference")]
        assert len(links) >= len(question.taught_in), question.id
        for box_id in question.boxes:
            # One tap from the homework page to the box, and the box is there.
            (href,) = [h for h in links if h.endswith(f"#box-{box_id}")]
            target = BeautifulSoup(
                (site / href.split("#")[0]).read_text(), "html.parser"
            )
            assert target.find("form", id=f"box-{box_id}"), href


# A fixture book (tests/site/roots/test-homework): a chapter with an exercise that shows
# an answer box, and the homework page of two questions. Homework loads
# dlbook_site.persian, which finds its font under the project's _build/vazirmatn.
PREPARED = {"nb_execution_cache_path": str(ROOT / "_build" / ".jupyter_cache")}


def homework_page(app):
    app.build()
    page = BeautifulSoup((app.outdir / "homework.html").read_text(), "html.parser")
    return {block["id"]: block for block in page.select("div.homework-question")}


def links(block):
    return [
        (a["href"], a.get_text()) for a in block.select("p.homework-links a.reference")
    ]


@pytest.mark.sphinx("html", testroot="homework", confoverrides=PREPARED)
def test_each_question_in_both_languages_links_its_section_and_its_box(app):
    questions = homework_page(app)
    assert list(questions) == ["hw-slope", "hw-words"]
    slope = questions["hw-slope"]
    assert slope.select_one("p.rubric").get_text() == "Homework 1, question 2"
    assert slope.select_one("strong").get_text() == "slope"  # the English is MyST
    persian_block = slope.select_one('div[lang="fa"][dir="rtl"]')
    assert persian_block.get_text(strip=True) == "شیب چقدر است؟"
    # The box is named by its exercise's number and its label.
    assert links(slope) == [
        ("index.html#sec-slope", "The slope"),
        ("index.html#box-slope", "Exercise 1: slope ="),
    ]
    # A question answered in words links only its section.
    assert links(questions["hw-words"]) == [("index.html#sec-slope", "The slope")]
    assert "Check your answer" not in questions["hw-words"].get_text()


@pytest.mark.sphinx(
    "html", testroot="homework", srcdir="homework-moved", confoverrides=PREPARED
)
def test_the_homework_page_follows_a_box_that_moved_on_its_page(app):
    homework_page(app)
    chapter = app.srcdir / "index.md"
    chapter.write_text(
        chapter.read_text().replace(
            "## The slope", "## The slope\n\n```{exercise}\n\nA warm-up.\n```\n"
        )
    )
    questions = homework_page(app)  # homework.md itself did not change
    assert ("index.html#box-slope", "Exercise 2: slope =") in links(
        questions["hw-slope"]
    )


@pytest.mark.sphinx(
    "html", testroot="homework", srcdir="homework-no-box", confoverrides=PREPARED
)
def test_a_link_to_a_box_no_page_shows_is_a_warning(app, warning):
    questions = app.srcdir / "questions.yml"
    questions.write_text(questions.read_text().replace("[slope]", "[slop]"))
    slope = homework_page(app)["hw-slope"]
    assert "no page shows an answer box 'slop'" in warning.getvalue()
    assert "Check your answer: slop" in slope.get_text()


@pytest.mark.sphinx(
    "html", testroot="homework", srcdir="homework-malformed", confoverrides=PREPARED
)
def test_a_malformed_homework_file_is_a_build_error_naming_the_file(app, warning):
    questions = app.srcdir / "questions.yml"
    questions.write_text(
        questions.read_text().replace("  taught_in: [sec-slope]\n", "", 1)
    )
    app.build()
    assert (
        "questions.yml: question 1 (hw-slope): missing taught_in" in warning.getvalue()
    )
