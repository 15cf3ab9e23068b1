"""dlbook.answer_boxes: what a box carries to the browser, and the boxes it refuses."""

import html
import json
import re
from fractions import Fraction

import pytest
import sympy as sp

from dlbook import answer_boxes as boxes
from dlbook import backprop
from dlbook.activations import REGISTRY, softplus, x

MISH_PRIME = REGISTRY["mish"].formula(1)
NO_INNER_SIGMA = sp.tanh(softplus(x)) + x * sp.sech(softplus(x)) ** 2


def spec_of(box):
    found = re.search(r'data-spec="([^"]*)"', box.form())
    return json.loads(html.unescape(found.group(1)))


def test_a_formula_box_carries_its_values_at_twenty_points_or_more():
    box = boxes.formula(
        "mish-first",
        label="Mish′(x) =",
        answer=MISH_PRIME,
        variables=[x],
        mistakes=[
            boxes.Mistake("no-sigma", "σ dropped", "σ جا افتاده", NO_INNER_SIGMA)
        ],
    )
    spec = spec_of(box)
    assert len(spec["points"]) >= boxes.MIN_POINTS and spec["variables"] == ["x"]
    assert 0.0 not in [p[0] for p in spec["points"]]  # M/x forms are fine everywhere
    numeric = REGISTRY["mish"].numpy(1)
    for (point,), value in zip(spec["points"], spec["answer"]):
        assert value == pytest.approx(float(numeric(point)), rel=1e-12, abs=1e-15)
    (mistake,) = spec["mistakes"]
    assert mistake["id"] == "no-sigma" and len(mistake["value"]) == len(spec["points"])
    # What "Show the answer" shows is the answer, written as a student would type it.
    assert spec["answer_text"] == boxes.formula_text(MISH_PRIME)
    assert "^" in spec["answer_text"] and "**" not in spec["answer_text"]


def test_a_box_refuses_a_mistake_it_could_not_tell_from_the_answer():
    with pytest.raises(boxes.AnswerBoxError, match="'same'.*gives the right answer"):
        boxes.number(
            "mse",
            label="MSE",
            answer=0.25,
            mistakes=[boxes.Mistake("same", "n", "n", 0.2501)],
        )
    with pytest.raises(boxes.AnswerBoxError, match="mistake 'equal'"):
        boxes.formula(
            "f",
            label="f",
            answer=x * sp.tanh(softplus(x)),
            variables=[x],
            mistakes=[boxes.Mistake("equal", "n", "n", REGISTRY["mish"].expr)],
        )


def test_a_box_refuses_too_few_points_and_answers_that_are_not_finite():
    with pytest.raises(boxes.AnswerBoxError, match="3 points"):
        boxes.formula("f", label="f", answer=x, variables=[x], points=[1, 2, 3])
    with pytest.raises(boxes.AnswerBoxError, match="not a finite number"):
        boxes.formula(
            "f", label="f", answer=1 / x, variables=[x], points=range(-10, 11)
        )
    with pytest.raises(boxes.AnswerBoxError, match="not a finite number"):
        boxes.number("n", label="n", answer=float("nan"))
    with pytest.raises(boxes.AnswerBoxError, match="2 numbers for 3"):
        boxes.numbers(
            "n",
            label="n",
            answers=[1, 2, 3],
            mistakes=[boxes.Mistake("short", "n", "n", [1, 2])],
        )
    with pytest.raises(boxes.AnswerBoxError, match="letters, digits and hyphens"):
        boxes.number('a" onmouseover="x', label="n", answer=1)


def test_the_form_is_labelled_and_escapes_what_it_shows():
    box = boxes.number(
        "initial-mse",
        label="initial <MSE> loss",
        answer=0.25,
        hint=boxes.Hint("#sec-x", 'The "loss" <before> training'),
    )
    form = box.form()
    assert '<label for="box-initial-mse-input">initial &lt;MSE&gt; loss</label>' in form
    assert 'id="box-initial-mse-input"' in form
    assert 'role="status" aria-live="polite"' in form
    assert "<before>" not in form  # the hint is in the escaped spec
    assert spec_of(box)["hint"] == {
        "href": "#sec-x",
        "text": 'The "loss" <before> training',
    }


def test_jupyter_gets_the_script_inline_and_the_site_build_does_not(monkeypatch):
    box = boxes.number("n", label="n", answer=1)
    monkeypatch.delenv(boxes.SITE_BUILD, raising=False)
    assert "<script>" in box._repr_html_() and "dlbookAnswers" in box._repr_html_()
    monkeypatch.setenv(boxes.SITE_BUILD, "1")
    assert "<script" not in box._repr_html_()


def test_the_script_never_evaluates_text():
    script = re.sub(r"//[^\n]*", "", boxes.SCRIPT.read_text(encoding="utf-8"))
    assert not re.search(r"\beval\s*\(|new\s+Function|setTimeout\s*\(\s*['\"]", script)
    assert ".innerHTML" not in script and "insertAdjacentHTML" not in script


def test_the_homework_form_starts_from_the_instance_it_is_given():
    form = boxes.backprop_numbers(backprop.EXERCISE).html_form
    labels = re.findall(r'<label for="bp-(\w+)">([^<]+)</label>', form)
    assert [shown for _, shown in labels] == [
        "x₁", "x₂", "w₁", "w₂", "w₃", "w₄", "w₅", "w₆", "w₇", "w₈", "w₉", "y", "η",
    ]  # fmt: skip
    values = dict(re.findall(r'name="(\w+)" [^>]*value="([^"]*)"', form))
    assert values["w7"] == "-0.5" and values["w9"] == "1.2"  # as the sheet writes them
    assert Fraction(values["w7"]) == backprop.EXERCISE.weight("w7")
    assert Fraction(values["eta"]) == backprop.EXERCISE.learning_rate


def test_exact_numbers_are_written_as_decimals_where_they_have_one():
    assert boxes.exact_text(Fraction(6, 5)) == "1.2"
    assert boxes.exact_text(Fraction(-1, 2)) == "-0.5"
    assert boxes.exact_text(Fraction(7)) == "7"
    assert boxes.exact_text(Fraction(1, 3)) == "1/3"
    assert boxes.exact_text(Fraction(1, 80)) == "0.0125"


def test_the_run_form_carries_the_diagnosis_rules_defaults():
    from dlbook import diagnosis

    form = boxes.run_diagnosis().html_form
    rules = json.loads(html.unescape(re.search(r'data-spec="([^"]*)"', form)[1]))
    assert rules == {"good_accuracy": 0.9, "max_gap": 0.05, "rise": 0.1}
    history = {
        "loss": [1.0, 0.5],
        "val_loss": [1.0, 0.9],
        "accuracy": [0.95, 0.95],
        "val_accuracy": [0.95, 0.95],
    }
    # The defaults the form carries are the ones diagnose uses when given none.
    assert diagnosis.diagnose(history) == diagnosis.diagnose(history, **rules)
