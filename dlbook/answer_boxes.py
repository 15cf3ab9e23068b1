"""Answer boxes: a student checks their own answer on the page, with no kernel and no
network.

A chapter makes a box in a cell tagged ``remove-input`` and ``answer-box``, inside the
exercise it belongs to::

    answer_boxes.number(
        "initial-mse", label="initial MSE loss", answer=mse_at_half,
        mistakes=[answer_boxes.Mistake("absolute", "|y − p| instead of (y − p)²",
                                       "|y − p| به‌جای (y − p)²", 0.5, "#sec-…")],
        hint=answer_boxes.Hint("#sec-loss-at-start", "The loss before training"),
    )

The box is a ``<form class="self-check">`` whose ``data-spec`` holds what the browser
needs to judge an answer (``answer_boxes.js``): the right answer, the course's
documented mistakes as the values they give, a hint, and the answer to reveal when
asked. A formula's answer is its values at :data:`MIN_POINTS` or more points, computed
here by SymPy to 30 digits, so the browser needs no symbolic engine and every
equivalent form passes. Every number comes from the page's own computation.

The site loads ``answer_boxes.js`` on pages with boxes
(:mod:`dlbook_site.answer_boxes`). In Jupyter each box carries it inline, so the same
boxes work in a live notebook.
"""

import html
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

import sympy as sp

SCRIPT = Path(__file__).with_name("answer_boxes.js")
# Set by the site's build (dlbook_site.answer_boxes): the site serves the script itself.
SITE_BUILD = "DLBOOK_SITE_BUILD"
MIN_POINTS = 20
# Where a formula is compared: negative, near zero (never at 0, where a correct form
# such as M/x is undefined), and large.
POINTS = (
    -12.0, -7.5, -4.2, -3.0, -2.1, -1.6, -1.1, -0.7, -0.35, -0.12, -0.03,
    0.02, 0.09, 0.3, 0.55, 0.8, 1.2, 1.7, 2.4, 3.3, 4.6, 6.5, 9.0, 13.0,
)  # fmt: skip
FORMULA_TOLERANCE = {"rel": 1e-6, "abs": 1e-9}
# A number worked by hand is read to about three significant figures; the absolute part
# only lets a zero computed in floats (1e-17) count as the 0 a student types.
NUMBER_TOLERANCE = {"rel": 2e-3, "abs": 1e-12}
# The keys under a formula box, for a phone's keyboard: what each types, what it shows,
# and its name for a screen reader.
KEYS = (("σ(", "σ", "sigmoid"), ("tanh(", "tanh", "tanh"), ("exp(", "exp", "exp"),
        ("ln(", "ln", "natural log"), ("^", "^", "power"), ("(", "(", "open bracket"),
        (")", ")", "close bracket"))  # fmt: skip


class AnswerBoxError(ValueError):
    """A box that could not judge answers: its mistakes cannot be told from its answer,
    its formula is undefined where it is compared, too few points, …"""


@dataclass(frozen=True)
class Hint:
    """Where to reread: a link on the page (``#label``) or the site, and its text."""

    href: str
    text: str


@dataclass(frozen=True)
class Mistake:
    """One of the course's documented mistakes: its name in English and in Persian, the
    answer it gives (a number, a list, or a formula), and the callout that explains
    it."""

    id: str
    name: str
    fa: str
    value: object
    href: str = ""


def formula_text(expr):
    """``expr`` written as a student would type it in a box: ``x*sigmoid(x)``,
    ``sech(softplus(x))^2``."""
    return sp.sstr(expr).replace("**", "^")


def _finite(value, what):
    value = float(value)
    if not math.isfinite(value):
        raise AnswerBoxError(f"{what} is not a finite number ({value})")
    return value


def _close(a, b, tolerance):
    return abs(a - b) <= tolerance["abs"] + tolerance["rel"] * abs(b)


def _distinct(box_id, right, wrong, tolerance, mistake):
    """A mistake must differ from the answer by more than the tolerance somewhere."""
    if all(_close(w, r, tolerance) for w, r in zip(wrong, right)):
        raise AnswerBoxError(
            f"box {box_id!r}: mistake {mistake.id!r} gives the right answer "
            "within the tolerance, so it could not be named"
        )


class AnswerBox:
    """One box: its HTML form, shown by Jupyter and by the built page."""

    def __init__(self, box_id, kind, label, spec):
        self.box_id = box_id
        self.kind = kind
        self.label = label
        self.spec = spec

    def form(self):
        """The form, without the script."""
        box = html.escape(f"box-{self.box_id}", quote=True)
        spec = html.escape(json.dumps(self.spec, ensure_ascii=False), quote=True)
        keys = ""
        if self.kind == "formula":
            buttons = "".join(
                f'<button type="button" data-insert="{html.escape(text)}" '
                f'aria-label="{html.escape(shown)}, insert {name}">'
                f"{html.escape(shown)}</button>"
                for text, shown, name in KEYS
            )
            keys = (
                f'<div class="self-check-keys" role="group" aria-label="Insert a '
                f'symbol">{buttons}</div><p class="self-check-preview" '
                'aria-hidden="true"></p>'
            )
        return (
            f'<form class="self-check" id="{box}" data-kind="{self.kind}" '
            f'data-spec="{spec}" novalidate>'
            f'<label for="{box}-input">{html.escape(self.label)}</label>'
            f'<div class="self-check-row"><input id="{box}-input" '
            'class="self-check-input" type="text" autocomplete="off" '
            'autocapitalize="off" spellcheck="false">'
            '<button type="submit">Check</button></div>'
            f"{keys}"
            '<div class="self-check-feedback" role="status" aria-live="polite"></div>'
            '<button type="button" class="self-check-reveal" hidden>Show the answer'
            "</button>"
            '<p class="self-check-answer" hidden></p></form>'
        )

    def _repr_html_(self):
        return with_script(self.form())


def with_script(form):
    """``form``, with the checking script inline unless the site is being built (the
    site serves the script once, on the pages that need it)."""
    if os.environ.get(SITE_BUILD):
        return form
    return form + f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>"


def _spec(tolerance, mistakes, hint, answer_text, **fields):
    spec = {"tolerance": tolerance, **fields, "answer_text": answer_text}
    spec["mistakes"] = [
        {"id": m.id, "name": m.name, "fa": m.fa, "value": m.value, "href": m.href}
        for m in mistakes
    ]
    if hint is not None:
        spec["hint"] = {"href": hint.href, "text": hint.text}
    return spec


def _check_id(box_id):
    if not box_id.replace("-", "").isalnum():
        raise AnswerBoxError(f"box id {box_id!r}: use letters, digits and hyphens")


def number(
    box_id, *, label, answer, mistakes=(), hint=None, tolerance=None, answer_text=None
):
    """A box for one number."""
    _check_id(box_id)
    tolerance = tolerance or NUMBER_TOLERANCE
    answer = _finite(answer, f"box {box_id!r}: the answer")
    checked = []
    for mistake in mistakes:
        value = _finite(mistake.value, f"box {box_id!r}: mistake {mistake.id!r}")
        _distinct(box_id, [answer], [value], tolerance, mistake)
        checked.append(
            Mistake(mistake.id, mistake.name, mistake.fa, value, mistake.href)
        )
    text = answer_text if answer_text is not None else f"{answer:.6g}"
    spec = _spec(tolerance, checked, hint, text, answer=answer)
    return AnswerBox(box_id, "number", label, spec)


def numbers(
    box_id,
    *,
    label,
    answers,
    labels=None,
    unordered=False,
    mistakes=(),
    hint=None,
    tolerance=None,
    answer_text=None,
):
    """A box for a few numbers, typed in order (or in any order, if ``unordered``);
    ``labels`` name each, so that feedback can say which ones are off."""
    _check_id(box_id)
    tolerance = tolerance or NUMBER_TOLERANCE
    answers = [_finite(a, f"box {box_id!r}: an answer") for a in answers]
    if labels is not None and len(labels) != len(answers):
        raise AnswerBoxError(f"box {box_id!r}: {len(labels)} labels for {len(answers)}")
    checked = []
    for mistake in mistakes:
        values = [_finite(v, f"box {box_id!r}: {mistake.id!r}") for v in mistake.value]
        if len(values) != len(answers):
            raise AnswerBoxError(
                f"box {box_id!r}: mistake {mistake.id!r} gives {len(values)} numbers "
                f"for {len(answers)}"
            )
        right = sorted(answers) if unordered else answers
        _distinct(
            box_id, right, sorted(values) if unordered else values, tolerance, mistake
        )
        checked.append(
            Mistake(mistake.id, mistake.name, mistake.fa, values, mistake.href)
        )
    text = answer_text or ", ".join(f"{a:.6g}" for a in answers)
    spec = _spec(tolerance, checked, hint, text, answer=answers, unordered=unordered)
    if labels is not None:
        spec["labels"] = list(labels)
    return AnswerBox(box_id, "numbers", label, spec)


def values_at(expr, variables, points):
    """``expr``'s value at each point, by SymPy to 30 digits, as floats (NaN where it
    has no real value)."""
    from dlbook.activations import elementary

    plain = elementary(sp.sympify(expr))
    values = []
    for point in points:
        value = plain.subs(dict(zip(variables, point))).evalf(30)
        values.append(float(value) if value.is_extended_real else math.nan)
    return values


def formula(
    box_id,
    *,
    label,
    answer,
    variables,
    mistakes=(),
    hint=None,
    points=None,
    tolerance=None,
    answer_text=None,
):
    """A box for a formula in ``variables`` (SymPy symbols), right when it equals
    ``answer`` at every one of ``points`` (each a tuple, one value per variable).
    ``answer_text`` is what "Show the answer" shows, as a student would type it
    (default: SymPy's form of ``answer``); the browser tests check it is right."""
    _check_id(box_id)
    tolerance = tolerance or FORMULA_TOLERANCE
    variables = list(variables)
    points = [
        tuple(p) if isinstance(p, (tuple, list)) else (p,) for p in (points or POINTS)
    ]
    if len(points) < MIN_POINTS:
        raise AnswerBoxError(
            f"box {box_id!r}: {len(points)} points; a formula is compared at "
            f"{MIN_POINTS} or more"
        )
    right = [
        _finite(v, f"box {box_id!r}: the answer at a point")
        for v in values_at(answer, variables, points)
    ]
    checked, texts = [], []
    for mistake in mistakes:
        wrong = values_at(mistake.value, variables, points)
        if not all(math.isfinite(v) for v in wrong):
            raise AnswerBoxError(
                f"box {box_id!r}: mistake {mistake.id!r} is not finite at every point"
            )
        _distinct(box_id, right, wrong, tolerance, mistake)
        checked.append(
            Mistake(mistake.id, mistake.name, mistake.fa, wrong, mistake.href)
        )
        texts.append(formula_text(mistake.value))
    spec = _spec(
        tolerance,
        checked,
        hint,
        answer_text or formula_text(answer),
        answer=right,
        variables=[str(v) for v in variables],
        points=[list(p) for p in points],
    )
    # How each mistake is written, for the tests that type it.
    for entry, text in zip(spec["mistakes"], texts):
        entry["text"] = text
    return AnswerBox(box_id, "formula", label, spec)


SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def exact_text(value):
    """An exact number as a student writes it: a decimal where it has a finite one
    (6/5 is 1.2), a fraction otherwise (1/3)."""
    from decimal import Decimal
    from fractions import Fraction

    fraction = Fraction(value)
    rest = fraction.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        return f"{fraction.numerator}/{fraction.denominator}"
    decimal = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return format(decimal.normalize(), "f")


class Form:
    """A form that computes rather than judges (the homework network with your own
    numbers, a pasted run's diagnosis), shown by Jupyter and by the built page."""

    def __init__(self, html_form):
        self.html_form = html_form

    def _repr_html_(self):
        return with_script(self.html_form)


def backprop_numbers(instance):
    """A form for the homework network with the student's own x₁, x₂, w₁…w₉, y and η,
    filled in with ``instance``'s (a :class:`dlbook.backprop.Network`): the browser
    computes the forward pass, the nine gradients with their chain-rule factors and
    the weights after one step, in exact fractions, as :mod:`dlbook.backprop` does."""
    fields = [("x1", "x₁", instance.x[0]), ("x2", "x₂", instance.x[1])]
    fields += [
        (f"w{i}", f"w{str(i).translate(SUBSCRIPTS)}", w)
        for i, w in enumerate(instance.weights, start=1)
    ]
    fields += [("y", "y", instance.y), ("eta", "η", instance.learning_rate)]
    cells = "".join(
        f'<div><label for="bp-{name}">{shown}</label><input id="bp-{name}" '
        f'name="{name}" type="text" inputmode="text" autocomplete="off" '
        f'value="{html.escape(exact_text(value), quote=True)}"></div>'
        for name, shown, value in fields
    )
    return Form(
        '<form class="backprop-numbers" novalidate>'
        f'<div class="backprop-numbers-inputs">{cells}</div>'
        '<button type="submit">Compute</button>'
        '<div class="self-check-feedback" role="status" aria-live="polite"></div>'
        '<div class="backprop-numbers-result"></div></form>'
    )


def run_diagnosis(label="Your run's history, as Keras prints it, or a table"):
    """A form where a student pastes a training run (``history.history``, a CSV with a
    header, or two or four columns) and gets the best epoch, the rise after it and the
    diagnosis, by the rules of :func:`dlbook.diagnosis.diagnose` and its defaults."""
    import inspect

    from dlbook import diagnosis

    defaults = inspect.signature(diagnosis.diagnose).parameters
    rules = {
        name: defaults[name].default for name in ("good_accuracy", "max_gap", "rise")
    }
    spec = html.escape(json.dumps(rules), quote=True)
    return Form(
        f'<form class="run-diagnosis" data-spec="{spec}" novalidate>'
        f'<label for="run-history">{html.escape(label)}</label>'
        '<textarea id="run-history" rows="6" autocomplete="off" spellcheck="false" '
        "placeholder=\"{'loss': [0.69, 0.41, …], 'val_loss': [0.70, 0.45, …]}\">"
        "</textarea>"
        '<button type="submit">Diagnose</button>'
        '<div class="self-check-feedback" role="status" aria-live="polite"></div>'
        '<div class="run-diagnosis-result"></div></form>'
    )
