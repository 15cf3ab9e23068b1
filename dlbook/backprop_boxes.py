"""The backpropagation chapter's answer boxes (:mod:`dlbook.answer_boxes`): the
homework network's forward values, loss, gradients and step, checked in the browser,
with the course's mistakes named.

Every answer, and every value a mistake gives, is computed here by
:mod:`dlbook.backprop` from the instance the box is about; nothing is typed in. The
mistakes are those of the main page's "Common mistakes" callout and of
:data:`dlbook.backprop.MISTAKES`. A mistake that gives the right value on a box's
instance (dropping f′(a) where every slope is 1) cannot be told from the answer, so
that box leaves it out.

A box links the callout and the section to reread on the chapter's main page: ``base``
is ``""`` for a box on that page and ``"backprop.html"`` for one on a section page.
"""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from dlbook import answer_boxes, backprop
from dlbook.backprop_views import _terminating_decimal, show, sub

MAIN_PAGE = "backprop.html"
CALLOUT = "backprop-common-mistakes"
# The main page's sections that a box sends a student back to: label and title.
SECTIONS = {
    "forward": ("backprop-forward-pass", "The forward pass"),
    "backward": ("backprop-backward-pass", "The backward pass"),
    "step": ("backprop-step", "One step of gradient descent"),
}
# The Persian names of the mistakes (the English ones are dlbook.backprop.MISTAKES's).
PERSIAN = {
    "sign": "برعکس گرفتن علامت مشتق ∂L/∂ŷ",
    "slope": "از قلم انداختن ضریب f′(a) در قاعدهٔ زنجیره‌ای",
    "inputs": "جابه‌جا کردن ورودی‌های x₁ و x₂",
}
GRADIENT_MISTAKES = tuple(PERSIAN)


def _link(base, label):
    return f"{base}#{label}"


def hint(section, base=""):
    """Where to reread: one of :data:`SECTIONS` on the main page."""
    label, title = SECTIONS[section]
    return answer_boxes.Hint(_link(base, label), title)


def mistake(key, value, base=""):
    """One of :data:`dlbook.backprop.MISTAKES`, as the ``value`` it gives."""
    return answer_boxes.Mistake(
        key,
        backprop.MISTAKES[key].description,
        PERSIAN[key],
        value,
        _link(base, CALLOUT),
    )


def _kept(right, wrong):
    """The mistakes (``{key: value}``) whose value differs from the right one."""
    return {key: value for key, value in wrong.items() if value != right}


def _floats(values):
    return [float(v) for v in values]


def as_written(value):
    """``value`` as a homework sheet writes it: a Decimal (1.2, −0.5) where its exact
    decimal is short, else the value itself (a fraction such as 1/3)."""
    if isinstance(value, (int, Fraction)):
        digits = _terminating_decimal(Fraction(value))
        if digits is not None:
            return Decimal(("-" if value < 0 else "") + digits)
    return value


def own_numbers(net):
    """The form that works the homework network with a student's own numbers
    (:func:`dlbook.answer_boxes.backprop_numbers`), filled in with ``net``'s numbers
    as a sheet writes them: 1.2 and −0.5, not 6/5 and −1/2."""
    written = backprop.Network(
        tuple(map(as_written, net.x)),
        tuple(map(as_written, net.weights)),
        as_written(net.y),
        as_written(net.alpha),
        as_written(net.learning_rate),
    )
    return answer_boxes.backprop_numbers(written)


def typed(value):
    """``value`` as a student types it: exact where short, else to six digits."""
    return show(value).removeprefix("≈ ")


def _text(values):
    return ", ".join(typed(v) for v in values)


def slope_dropped_backward(net):
    """The backward pass with the f′(a) factor dropped, as if f′ were 1 everywhere."""
    return backprop.backward(net, slope=lambda a, alpha: 1)


def mistaken_deltas(net):
    """``{mistake: (∂L/∂a₄, ∂L/∂a₁, ∂L/∂a₂, ∂L/∂a₃)}``: the δ each gradient mistake
    gives. Swapping x₁ and x₂ changes only the last factor of a gradient, so it gives
    the right δ."""
    right = backprop.backward(net)
    slope = slope_dropped_backward(net)
    return {
        "sign": tuple(-d for d in (right.delta4, *right.delta)),
        "slope": (slope.delta4, *slope.delta),
        "inputs": (right.delta4, *right.delta),
    }


def wrong_difference(net):
    """The loss with z₃ subtracted from the target instead of ŷ: the course's ½(6 − 3)²
    on the homework's instance."""
    return (net.y - backprop.forward(net).z[2]) ** 2 / 2


def wrong_difference_mistake(net, base=""):
    fwd = backprop.forward(net)
    y, z3 = show(net.y), show(fwd.z[2])
    return answer_boxes.Mistake(
        "wrong-difference",
        f"½({y} − {z3})² instead of ½(y − ŷ)²",
        f"مربع کردن ({y} − {z3}) به‌جای (y − ŷ)",
        float(wrong_difference(net)),
        _link(base, CALLOUT),
    )


def forward_box(net, box_id, base=""):
    """a₁, a₂, a₃ and a₄; the mistake: x₁ and x₂ swapped (each wᵢ times the other
    input)."""
    fwd = backprop.forward(net)
    right = (*fwd.a, fwd.a4)
    swapped = backprop.forward(replace(net, x=net.x[::-1]))
    wrong = _kept(right, {"inputs": (*swapped.a, swapped.a4)})
    return answer_boxes.numbers(
        box_id,
        label="a₁, a₂, a₃, a₄ =",
        answers=_floats(right),
        labels=["a₁", "a₂", "a₃", "a₄"],
        mistakes=[mistake(k, _floats(v), base) for k, v in wrong.items()],
        hint=hint("forward", base),
        answer_text=_text(right),
    )


def loss_box(net, box_id, base=""):
    """L = ½(y − ŷ)²; the mistake: ½(y − z₃)², the course's ½(6 − 3)²."""
    loss = backprop.forward(net).loss
    mistakes = []
    if wrong_difference(net) != loss:
        mistakes.append(wrong_difference_mistake(net, base))
    return answer_boxes.number(
        box_id,
        label="L =",
        answer=float(loss),
        mistakes=mistakes,
        hint=hint("forward", base),
        answer_text=typed(loss),
    )


def gradients_box(net, box_id, base=""):
    """The nine gradients ∂L/∂w₁ … ∂L/∂w₉, with each gradient mistake that changes
    them."""
    right = tuple(backprop.gradients(net))
    wrong = _kept(
        right, {k: tuple(backprop.MISTAKES[k].gradients(net)) for k in PERSIAN}
    )
    return answer_boxes.numbers(
        box_id,
        label="∂L/∂w₁, …, ∂L/∂w₉ =",
        answers=_floats(right),
        labels=[f"∂L/∂{sub(w)}" for w in backprop.WEIGHTS],
        mistakes=[mistake(k, _floats(v), base) for k, v in wrong.items()],
        hint=hint("backward", base),
        answer_text=_text(right),
    )


def gradient_box(net, name, box_id, base=""):
    """One gradient, ∂L/∂``name``."""
    i = backprop.WEIGHTS.index(name)
    right = backprop.gradients(net)[i]
    wrong = _kept(right, {k: backprop.MISTAKES[k].gradients(net)[i] for k in PERSIAN})
    return answer_boxes.number(
        box_id,
        label=f"∂L/∂{sub(name)} =",
        answer=float(right),
        mistakes=[mistake(k, float(v), base) for k, v in wrong.items()],
        hint=hint("backward", base),
        answer_text=typed(right),
    )


def delta_box(net, box_id, base=""):
    """The vector form's δ⁽²⁾ = ∂L/∂a₄, then δ⁽¹⁾ = (∂L/∂a₁, ∂L/∂a₂, ∂L/∂a₃)."""
    bwd = backprop.backward(net)
    right = (bwd.delta4, *bwd.delta)
    wrong = _kept(right, mistaken_deltas(net))
    return answer_boxes.numbers(
        box_id,
        label="δ⁽²⁾, δ⁽¹⁾₁, δ⁽¹⁾₂, δ⁽¹⁾₃ =",
        answers=_floats(right),
        labels=["δ⁽²⁾", "δ⁽¹⁾₁", "δ⁽¹⁾₂", "δ⁽¹⁾₃"],
        mistakes=[mistake(k, _floats(v), base) for k, v in wrong.items()],
        hint=hint("backward", base),
        answer_text=_text(right),
    )


def _stepped(net):
    """The instance after one step, the right one and one per gradient mistake."""
    right = backprop.step(net)
    wrong = {
        k: backprop.step(net, backprop.MISTAKES[k].gradients(net)) for k in PERSIAN
    }
    return right, wrong


def step_box(net, box_id, base=""):
    """The nine weights after one step w ← w − η ∂L/∂w."""
    right, wrong = _stepped(net)
    wrong = _kept(right.weights, {k: v.weights for k, v in wrong.items()})
    return answer_boxes.numbers(
        box_id,
        label="w₁, …, w₉ after the step =",
        answers=_floats(right.weights),
        labels=[f"new {sub(w)}" for w in backprop.WEIGHTS],
        mistakes=[mistake(k, _floats(v), base) for k, v in wrong.items()],
        hint=hint("step", base),
        answer_text=_text(right.weights),
    )


def loss_after_box(net, box_id, base=""):
    """The loss after one step."""
    right, wrong = _stepped(net)
    loss = backprop.forward(right).loss
    wrong = _kept(loss, {k: backprop.forward(v).loss for k, v in wrong.items()})
    return answer_boxes.number(
        box_id,
        label="L after the step =",
        answer=float(loss),
        mistakes=[mistake(k, float(v), base) for k, v in wrong.items()],
        hint=hint("step", base),
        answer_text=typed(loss),
    )
