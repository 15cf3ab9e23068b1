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
