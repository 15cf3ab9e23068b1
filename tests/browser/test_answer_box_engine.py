"""The answer boxes in Chromium: equivalent formulas pass, the course's mistakes are
named, bad input is answered and never run, the homework network and the run
diagnosis agree with the package.

The engine is tested on a page of boxes made by dlbook.answer_boxes as Jupyter shows
them (the script inline), so these tests need no built site; the boxes on the built
site are tested in tests/browser/test_site_answer_boxes.py.
"""

import json
import random
from fractions import Fraction

import pytest
import sympy as sp

from dlbook import answer_boxes as boxes
from dlbook import backprop, diagnosis
from dlbook.activations import REGISTRY, beta, softplus, x

pytestmark = pytest.mark.browser

MISTAKES_HREF = "#mistakes"
SWISH_PRIME = REGISTRY["swish"].formula(1).subs(beta, 1)
MISH_PRIME = REGISTRY["mish"].formula(1)


def fixture_boxes():
    return [
        boxes.formula(
            "mish-first",
            label="Mish′(x) =",
            answer=MISH_PRIME,
            variables=[x],
            mistakes=[
                boxes.Mistake(
                    "no-inner-sigma",
                    "the inner σ(x) dropped",
                    "σ(x) درونی جا افتاده",
                    sp.tanh(softplus(x)) + x * sp.sech(softplus(x)) ** 2,
                    MISTAKES_HREF,
                )
            ],
            hint=boxes.Hint("#identities", "The identities"),
        ),
        boxes.formula(
            "swish-first", label="Swish′(x) =", answer=SWISH_PRIME, variables=[x]
        ),
        boxes.number(
            "initial-mse",
            label="initial MSE loss",
            answer=0.25,
            mistakes=[boxes.Mistake("absolute", "|y − p|", "|y − p|", 0.5, "#m")],
        ),
        boxes.numbers(
            "nine",
            label="∂L/∂w₁ … ∂L/∂w₉",
            answers=[float(g) for g in backprop.gradients(backprop.EXERCISE)],
            labels=[f"∂L/∂w{i}" for i in range(1, 10)],
        ),
        boxes.backprop_numbers(backprop.EXERCISE),
        boxes.run_diagnosis(),
    ]


@pytest.fixture(scope="module")
def boxes_page(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("boxes")
    body = "".join(box._repr_html_() for box in fixture_boxes())
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>boxes'
        f"</title></head><body><main>{body}<h2 id='mistakes'>Mistakes</h2>"
        "<h2 id='identities'>Identities</h2></main></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else 0)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss())
    )
    page.goto((folder / "index.html").as_uri())
    page.problems = problems
    yield page
    context.close()


def check(page, box, text):
    form = page.locator(f"#box-{box}")
    form.locator("input.self-check-input").fill(text)
    form.locator("button[type=submit]").click()
    return form.get_attribute("data-result"), form.get_attribute("data-mistake")


EQUIVALENT = {
    "mish-first": [
        "tanh(softplus(x)) + x*sigmoid(x)*sech(softplus(x))^2",
        "tanh(ln(1+e^x)) + x σ(x) sech^2(ln(1+exp(x)))",
        "tanh(ln(1 + exp(x))) + x*sigmoid(x)/cosh(ln(1+exp(x)))^2",
        "tanh(softplus(x)) + x σ(x) (1 − tanh(softplus(x))²)",
        "tanh(ln(1+e^x)) + x e^x/(1+e^x) sech(ln(1+e^x))^2",
        "x*tanh(softplus(x))/x + x*sigma(x)*sech(softplus(x))**2",
        "tanh(softplus(x)) + xσ(x) sech²(softplus(x))",
    ],
    "swish-first": [
        "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))",
        "x σ(x) + σ(x)(1 − x σ(x))",
        "σ(x)(1 + x(1 − σ(x)))",
        "(1 + e^-x + x e^-x)/(1 + e^-x)^2",
        "1/(1+exp(-x)) + x exp(-x)/(1+exp(-x))^2",
        "Sigmoid(X)+X*Sigmoid(X)*(1-Sigmoid(X))".replace("X", "x"),
    ],
}


@pytest.mark.parametrize("box", EQUIVALENT)
def test_every_equivalent_form_of_a_formula_is_right(boxes_page, box):
    results = {text: check(boxes_page, box, text) for text in EQUIVALENT[box]}
    assert results == {text: ("right", None) for text in EQUIVALENT[box]}
    assert boxes_page.problems == []


def test_a_formula_is_shown_as_it_was_understood(boxes_page):
    form = boxes_page.locator("#box-swish-first")
    check(boxes_page, "swish-first", "x σ(x) + σ(x)(1 − x σ(x))")
    shown = form.locator(".self-check-preview math")
    assert shown.count() == 1 and "σ" in shown.text_content()
    # Once, under the input: the verdict does not repeat it.
    assert form.locator(".self-check-understood").count() == 0
    # While typing too, before the check.
    form.locator("input").fill("2x^2")
    assert form.locator(".self-check-preview msup").count() == 1


def test_a_number_is_shown_as_it_was_read(boxes_page):
    check(boxes_page, "initial-mse", "۰٫۲۵")
    shown = boxes_page.locator("#box-initial-mse .self-check-understood")
    assert shown.count() == 1 and "0.25" in shown.text_content()


def test_the_course_mistakes_are_named_and_link_their_callout(boxes_page):
    no_sigma = "tanh(softplus(x)) + x sech(softplus(x))^2"
    assert check(boxes_page, "mish-first", no_sigma) == ("wrong", "no-inner-sigma")
    feedback = boxes_page.locator("#box-mish-first .self-check-feedback")
    assert "the inner σ(x) dropped" in feedback.inner_text()
    assert feedback.locator(f"a[href='{MISTAKES_HREF}']").count() == 1
    persian = feedback.locator("p[lang=fa][dir=rtl]")
    assert persian.count() == 1 and "σ(x) درونی جا افتاده" in persian.inner_text()
    assert check(boxes_page, "initial-mse", "0.5") == ("wrong", "absolute")
    assert check(boxes_page, "initial-mse", "1/4") == ("right", None)


def test_a_wrong_answer_gets_a_hint_and_the_answer_only_when_asked(boxes_page):
    assert check(boxes_page, "mish-first", "x") == ("wrong", None)
    form = boxes_page.locator("#box-mish-first")
    english, persian = form.locator(".self-check-feedback p").all()[:2]
    assert english.locator("a[href='#identities']").count() == 1
    assert persian.locator("a[href='#identities']").count() == 1
    answer = form.locator(".self-check-answer")
    assert answer.is_hidden()
    form.locator(".self-check-reveal").click()
    assert answer.is_visible() and answer.locator("math").count() == 1
    # What is revealed is itself a right answer.
    text = json.loads(form.get_attribute("data-spec"))["answer_text"]
    assert check(boxes_page, "mish-first", text) == ("right", None)


def test_several_numbers_say_which_are_off(boxes_page):
    right = [str(Fraction(g)) for g in backprop.gradients(backprop.EXERCISE)]
    assert check(boxes_page, "nine", " ".join(right)) == ("right", None)
    swapped = right.copy()
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert check(boxes_page, "nine", ", ".join(swapped)) == ("wrong", None)
    feedback = boxes_page.locator("#box-nine .self-check-feedback").inner_text()
    assert "∂L/∂w1, ∂L/∂w2" in feedback and "∂L/∂w3" not in feedback
    assert check(boxes_page, "nine", "1 2 3") == ("invalid", None)


FRIENDLY = {
    ("initial-mse", "۰٫۲۵"): "right",  # Persian digits and decimal point
    ("initial-mse", "0.25 "): "right",
    ("initial-mse", "0,25"): "invalid",  # a decimal comma gets its own message
    ("initial-mse", "1e400"): "invalid",
    ("initial-mse", "1/0"): "invalid",
    ("mish-first", "x^^2"): "invalid",
    ("mish-first", "foo(x)"): "invalid",
    ("mish-first", ""): "invalid",
    ("mish-first", "x" * 10_000): "invalid",
}


@pytest.mark.parametrize(("box", "text"), FRIENDLY)
def test_odd_input_gets_a_clear_message(boxes_page, box, text):
    assert check(boxes_page, box, text)[0] == FRIENDLY[box, text]
    feedback = boxes_page.locator(f"#box-{box} .self-check-feedback").inner_text()
    assert len(feedback.strip()) > 10
    assert boxes_page.problems == []


ATOMS = [
    "x", "σ", "(", ")", "^", "^^", "*", "**", "/", "+", "-", "−", "1/0", "0/0", "e",
    "ln", "tanh", "exp", "sech", "1e400", "-1e400", "0,25", "۰٫۵", "٣", "</script>",
    "<img src=x onerror=alert(1)>", "'", '"', "\\", "𝑥", "foo(", "sqrt(-1)", "|", "||",
    ",", ";", "..", "%", "$", "{", "}", "[", "]", "alert(1)", "constructor",
    "__proto__", "NaN", "Infinity", "  ", "\t", "\u200c", "x²", "2.5.3", "1e", "e-",
    "softplus", "β", "π", "√", "!", "&amp;", "${x}", "`", "0x1F", "1_000", "+-+",
    "((((", "))))",
]  # fmt: skip


def generated_strings(count, seed):
    generator = random.Random(seed)
    strings = ["</script><img src=x onerror=alert(1)>", "x" * 10_000, "(" * 500]
    while len(strings) < count:
        strings.append(
            "".join(generator.choice(ATOMS) for _ in range(generator.randint(1, 12)))
        )
    return strings


@pytest.mark.parametrize("box", ["initial-mse", "nine", "mish-first"])
def test_two_hundred_generated_strings_are_answered_and_never_run(boxes_page, box):
    form = boxes_page.locator(f"#box-{box}")
    for text in generated_strings(200, seed=box):
        result, _ = check(boxes_page, box, text)
        assert result in ("right", "wrong", "invalid"), text
        assert form.locator(".self-check-feedback").inner_text().strip(), text
    assert boxes_page.locator("img").count() == 0  # nothing typed became markup
    assert boxes_page.problems == []  # no console error, no alert


def random_instance(generator):
    def number():
        kind = generator.random()
        if kind < 0.4:
            return str(generator.randint(-5, 5))
        if kind < 0.8:
            return f"{generator.uniform(-3, 3):.{generator.randint(1, 3)}f}"
        return f"{generator.randint(-9, 9)}/{generator.randint(1, 9)}"

    values = {"x1": number(), "x2": number(), "y": number()}
    values.update({f"w{i}": number() for i in range(1, 10)})
    values["eta"] = generator.choice(["1", "0.1", "0.01", "1/2", "0.25"])
    return values


def test_the_homework_network_agrees_exactly_with_the_package(boxes_page):
    form = boxes_page.locator("form.backprop-numbers")
    generator = random.Random(6)
    for _ in range(200):
        values = random_instance(generator)
        for name, value in values.items():
            form.locator(f"input[name='{name}']").fill(value)
        form.locator("button[type=submit]").click()
        shown = dict(
            form.evaluate(
                "f => [...f.querySelectorAll('[data-name]')]"
                ".map(e => [e.dataset.name, e.dataset.value])"
            )
        )
        net = backprop.Network.exact(
            x=(Fraction(values["x1"]), Fraction(values["x2"])),
            weights=[Fraction(values[f"w{i}"]) for i in range(1, 10)],
            y=Fraction(values["y"]),
            learning_rate=Fraction(values["eta"]),
        )
        forward = backprop.forward(net)
        gradients = backprop.gradients(net)
        after = backprop.step(net)
        expected = {
            **{f"a{i}": a for i, a in enumerate(forward.a, start=1)},
            "a4": forward.a4,
            "loss": forward.loss,
            **{f"dL/dw{i}": g for i, g in enumerate(gradients, start=1)},
            **{f"w{i}_new": w for i, w in enumerate(after.weights, start=1)},
        }
        assert {k: Fraction(shown[k]) for k in expected} == expected, values
    assert boxes_page.problems == []


def test_the_homework_network_refuses_what_the_package_refuses(boxes_page):
    form = boxes_page.locator("form.backprop-numbers")
    for name, value in [("eta", "0"), ("eta", "-1"), ("w3", "1,5"), ("x1", "abc")]:
        form.locator(f"input[name='{name}']").fill(value)
        form.locator("button[type=submit]").click()
        assert form.get_attribute("data-result") == "invalid"
        form.locator(f"input[name='{name}']").fill("1")
    assert boxes_page.problems == []


def random_history(generator):
    epochs = generator.randint(1, 60)
    start, floor = generator.uniform(0.5, 2.5), generator.uniform(0.01, 0.4)
    turn = generator.randint(1, epochs)
    loss = [
        floor + (start - floor) * 0.9**e + generator.uniform(0, 0.02)
        for e in range(epochs)
    ]
    val = [
        floor * 1.2 + (start - floor) * 0.9**e
        + max(0, e - turn) * generator.uniform(0, 0.05) + generator.uniform(0, 0.05)
        for e in range(epochs)
    ]  # fmt: skip
    total = generator.choice([60, 500, 600, 1000])
    accuracy = [generator.randint(total // 2, total) / total for _ in range(epochs)]
    val_accuracy = [generator.randint(total // 2, total) / total for _ in range(epochs)]
    return {
        "loss": loss,
        "val_loss": val,
        "accuracy": accuracy,
        "val_accuracy": val_accuracy,
    }


def pasted(history, generator):
    """The history as a student might paste it, and how: Keras's dict, JSON, a CSV
    with a header (Keras's CSVLogger adds an epoch column), four bare columns, or the
    two losses alone."""
    style = generator.choice(["dict", "json", "csv", "columns", "losses"])
    if style == "dict":
        return repr(history), style
    if style == "json":
        return json.dumps(history), style
    keys = list(history) if style != "losses" else ["loss", "val_loss"]
    rows = list(zip(*(history[key] for key in keys)))
    if style == "csv":
        lines = [
            f"{epoch}," + ",".join(map(repr, row)) for epoch, row in enumerate(rows)
        ]
        return "\n".join(["epoch," + ",".join(keys), *lines]), style
    return "\n".join("\t".join(map(repr, row)) for row in rows), style


def test_the_run_diagnosis_agrees_with_the_package(boxes_page):
    form = boxes_page.locator("form.run-diagnosis")
    generator = random.Random(20)
    styles = set()
    for _ in range(200):
        history = random_history(generator)
        text, style = pasted(history, generator)
        styles.add(style)
        form.locator("textarea").fill(text)
        form.locator("button[type=submit]").click()
        shown = dict(
            form.evaluate(
                "f => [...f.querySelectorAll('[data-name]')]"
                ".map(e => [e.dataset.name, e.dataset.value])"
            )
        )
        expected = diagnosis.diagnose(history)
        onset = None if shown["onset_epoch"] == "none" else int(shown["onset_epoch"])
        assert (int(shown["best_epoch"]), onset) == (
            expected.best_epoch,
            expected.onset_epoch,
        ), text
        assert float(shown["rise"]) == expected.rise, text
        assert float(shown["loss_gap"]) == expected.loss_gap, text
        if style == "losses":  # no accuracies: no bias-or-variance verdict
            assert "verdict" not in shown
            continue
        assert shown["verdict"] == expected.verdict, text
        assert float(shown["accuracy_gap"]) == expected.accuracy_gap, text
        assert float(shown["margin"]) == expected.margin, text
    assert styles == {"dict", "json", "csv", "columns", "losses"}
    assert boxes_page.problems == []


def test_a_run_that_cannot_be_read_is_answered(boxes_page):
    form = boxes_page.locator("form.run-diagnosis")
    for text in [
        "",
        "{'loss': [0.5, nan], 'val_loss': [0.6, 0.7]}",
        "1 2 3\n4 5 6",
        "{'loss': [1, 2], 'val_loss': [1]}",
        "hello",
        "x" * 10_000,
    ]:
        form.locator("textarea").fill(text)
        form.locator("button[type=submit]").click()
        assert form.get_attribute("data-result") == "invalid", text
        assert form.locator(".self-check-feedback").inner_text().strip()
    assert boxes_page.problems == []


def test_the_answer_can_be_asked_for_only_after_a_try(boxes_page):
    boxes_page.reload()
    reveal = boxes_page.locator("#box-initial-mse .self-check-reveal")
    assert reveal.is_hidden()
    check(boxes_page, "initial-mse", "0.3")
    assert reveal.is_visible()


def test_brackets_the_student_typed_are_kept_where_they_matter(boxes_page):
    check(boxes_page, "swish-first", "(σ(x) − 1) σ(x)(1 − σ(x))")
    shown = boxes_page.locator("#box-swish-first .self-check-preview math")
    text = shown.text_content()
    assert text.count("(") >= 4 and text.index("(") < text.index("−")
