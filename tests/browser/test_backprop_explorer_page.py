"""The backprop-explorer page on the built site: the homework network with a student's
own numbers is there, labelled as the homework writes its values, and Compute on the
values it starts with shows the page's own exact numbers."""

import json
from fractions import Fraction

import pytest
from bs4 import BeautifulSoup

from dlbook import backprop
from dlbook.backprop import EXERCISE

pytestmark = pytest.mark.browser

PAGE = "chapters/backprop-explorer.html"
LABELS = ["x₁", "x₂", "w₁", "w₂", "w₃", "w₄", "w₅", "w₆", "w₇", "w₈", "w₉", "y", "η"]


def soup(site):
    return BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")


def test_the_form_is_on_the_page_labelled_as_the_homework_writes_its_values(site):
    (form,) = soup(site).select("form.backprop-numbers")
    fields = form.select("input[name]")
    labels = [
        form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
        for field in fields
    ]
    assert labels == LABELS
    # Its section says what it does.
    section = form.find_parent("section")
    text = " ".join(section.get_text().split())
    assert section.find(id="backprop-own-numbers")
    assert "with ReLU’s slope at 0 taken as 0" in text
    assert "the nine gradients, each with its chain of factors" in text


def test_compute_on_the_first_values_shows_the_pages_own_numbers(recorder, site):
    page = recorder.open(PAGE)
    form = page.locator("form.backprop-numbers")
    start = {
        name: form.locator(f"input[name='{name}']").input_value()
        for name in ["x1", "x2", *backprop.WEIGHTS, "y", "eta"]
    }
    assert [Fraction(start[w]) for w in backprop.WEIGHTS] == list(EXERCISE.weights)
    assert (start["w7"], start["w9"]) == ("-0.5", "1.2")
    form.locator("button[type=submit]").click()
    assert form.get_attribute("data-result") == "computed"
    shown = {
        name: Fraction(value)
        for name, value in form.evaluate(
            "f => [...f.querySelectorAll('[data-name]')]"
            ".map(e => [e.dataset.name, e.dataset.value])"
        )
    }
    forward = backprop.forward(EXERCISE)
    after = backprop.step(EXERCISE)
    gradients = [shown[f"dL/dw{i}"] for i in range(1, 10)]
    assert [shown[f"a{i}"] for i in range(1, 5)] == [*forward.a, forward.a4]
    assert shown["loss"] == forward.loss == Fraction("9.68")
    assert gradients == list(backprop.gradients(EXERCISE))
    assert [shown[f"w{i}_new"] for i in range(1, 10)] == list(after.weights)
    # The same numbers as the page's answer boxes for the homework.
    specs = {
        box["id"]: json.loads(box["data-spec"])
        for box in soup(site).select("form.self-check")
    }
    assert [float(g) for g in gradients] == specs["box-nine-gradients"]["answer"]
    assert float(shown["loss"]) == specs["box-homework-loss"]["answer"]
    assert [float(w) for w in after.weights] == specs["box-homework-step"]["answer"]
    tables = form.locator(".backprop-numbers-result").inner_text()
    assert "(ŷ − y) = -22/5 · f′(a₄) = 1 · w₇ = -1/2 · f′(a₁) = 1 · x₁ = 1" in tables
    assert "-88/5\t-17.6" in tables  # ∂L/∂w₇, exact and in decimals
    assert recorder.errors == [] and recorder.offsite == []
