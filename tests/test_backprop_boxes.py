"""The backpropagation chapter's answer boxes: their answers and their mistakes are the
package's numbers, and each mistake links the callout that explains it."""

from dataclasses import replace
from fractions import Fraction

import pytest
from bs4 import BeautifulSoup

from dlbook import answer_boxes, backprop
from dlbook import backprop_boxes as boxes
from dlbook.backprop import EXERCISE, MISTAKES

SECOND = backprop.Network.exact(
    x=(2, -1), weights=(-1, 1, 1, 1, 0.5, -1, 1, 2, -0.5), y=3
)
SLOW = replace(EXERCISE, learning_rate=Fraction(1, 100))


def mistakes(box):
    return {m["id"]: m["value"] for m in box.spec["mistakes"]}


def floats(values):
    return [float(v) for v in values]


def test_the_homework_boxes_hold_the_chapters_numbers():
    forward = boxes.forward_box(EXERCISE, "f")
    assert forward.spec["answer"] == [4, -1, 3, 1.6]
    assert forward.spec["labels"] == ["a₁", "a₂", "a₃", "a₄"]
    loss = boxes.loss_box(EXERCISE, "l")
    assert loss.spec["answer"] == 9.68 and loss.spec["answer_text"] == "9.68"
    gradients = boxes.gradients_box(EXERCISE, "g")
    assert gradients.spec["answer"] == [2.2, 4.4, 0, 0, -5.28, -10.56, -17.6, 0, -13.2]
    assert (
        gradients.spec["labels"][0] == "∂L/∂w₁" and len(gradients.spec["labels"]) == 9
    )
    step = boxes.step_box(EXERCISE, "s")
    assert step.spec["answer"] == floats(backprop.step(EXERCISE).weights)
    after = boxes.loss_after_box(EXERCISE, "a")
    assert after.spec["answer"] == 87094.6848


def test_the_course_loss_mistake_is_half_of_six_minus_three_squared():
    box = boxes.loss_box(EXERCISE, "l")
    (mistake,) = box.spec["mistakes"]
    assert mistake["value"] == 4.5 and mistake["name"].startswith("½(6 − 3)²")
    assert mistake["fa"] == "مربع کردن (6 − 3) به‌جای (y − ŷ)"
    # On another instance the same slip subtracts its own z₃.
    other = boxes.loss_box(SECOND, "l2")
    assert other.spec["mistakes"][0]["value"] == 0.5 and other.spec["answer"] == 2


@pytest.mark.parametrize("net", [EXERCISE, SECOND])
def test_each_gradient_mistake_is_the_packages_wrong_gradients(net):
    box = boxes.gradients_box(net, "g")
    assert mistakes(box) == {k: floats(m.gradients(net)) for k, m in MISTAKES.items()}
    names = {m["id"]: m["name"] for m in box.spec["mistakes"]}
    assert names == {k: m.description for k, m in MISTAKES.items()}


def test_a_mistake_that_gives_the_right_value_is_left_out():
    # Every slope on the path to w₅ is 1, so dropping f′(a) changes nothing there.
    box = boxes.gradient_box(EXERCISE, "w5", "w5")
    assert box.spec["answer"] == -5.28 and set(mistakes(box)) == {"sign", "inputs"}
    assert mistakes(box)["inputs"] == -10.56
    # With η = 0.01 the dropped f′ moves w₃ and w₄, but unit 2 stays dead.
    small = boxes.loss_after_box(SLOW, "s")
    assert set(mistakes(small)) == {"sign", "inputs"}
    assert small.spec["answer"] == float(backprop.forward(backprop.step(SLOW)).loss)
    assert small.spec["answer_text"] == "4.24195"  # typed as it reads, without ≈


def test_the_vector_forms_deltas_and_their_mistakes():
    # Swapping x₁ and x₂ leaves every δ right, so it is not among them.
    box = boxes.delta_box(EXERCISE, "d")
    assert box.spec["answer"] == [-4.4, 2.2, 0, -5.28]
    assert mistakes(box) == {
        "sign": [4.4, -2.2, 0, 5.28],
        "slope": [-4.4, 2.2, -4.4, -5.28],
    }


def test_the_step_mistakes_are_steps_with_the_wrong_gradients():
    box = boxes.step_box(EXERCISE, "s")
    for key, values in mistakes(box).items():
        wrong = backprop.step(EXERCISE, MISTAKES[key].gradients(EXERCISE))
        assert values == floats(wrong.weights)
    after = boxes.loss_after_box(EXERCISE, "a")
    assert mistakes(after)["sign"] == 18  # the flipped step drives ŷ to 0: ½·6²


def test_boxes_link_the_main_pages_callout_and_sections():
    here = boxes.gradients_box(EXERCISE, "g")
    there = boxes.gradients_box(EXERCISE, "g", boxes.MAIN_PAGE)
    assert {m["href"] for m in here.spec["mistakes"]} == {"#backprop-common-mistakes"}
    assert {m["href"] for m in there.spec["mistakes"]} == {
        "backprop.html#backprop-common-mistakes"
    }
    assert there.spec["hint"] == {
        "href": "backprop.html#backprop-backward-pass",
        "text": "The backward pass",
    }


def test_every_box_is_a_box_the_engine_accepts():
    made = [
        boxes.forward_box(EXERCISE, "a"),
        boxes.loss_box(SECOND, "b"),
        boxes.gradients_box(SECOND, "c"),
        boxes.step_box(SLOW, "d"),
        boxes.loss_after_box(SECOND, "e"),
        boxes.delta_box(SECOND, "f"),
    ]
    assert all(isinstance(box, answer_boxes.AnswerBox) for box in made)
    assert all("≈" not in box.spec["answer_text"] for box in made)


def test_the_own_numbers_form_starts_with_the_sheets_numbers_as_written():
    form = BeautifulSoup(boxes.own_numbers(EXERCISE).html_form, "html.parser")
    values = {i["name"]: i["value"] for i in form.select("input[name]")}
    assert values == {
        "x1": "1", "x2": "2", "w1": "2", "w2": "1", "w3": "1", "w4": "-1", "w5": "1",
        "w6": "1", "w7": "-0.5", "w8": "1", "w9": "1.2", "y": "6", "eta": "1",
    }  # fmt: skip
    # Each is the exact value: 1.2 is 6/5.
    assert [Fraction(values[w]) for w in backprop.WEIGHTS] == list(EXERCISE.weights)
    assert boxes.as_written(Fraction(1, 3)) == Fraction(1, 3)
    assert str(boxes.as_written(Fraction(1, 100))) == "0.01"
