from fractions import Fraction

import pytest

from dlbook import backprop
from dlbook.backprop import EXERCISE, SCENARIOS
from dlbook.backprop_views import (
    Table,
    draw_network,
    factor,
    show,
    worked_pass,
    worked_pass_html,
)


@pytest.mark.parametrize(
    "value, text",
    [
        (Fraction(8, 5), "1.6"),
        (Fraction(-132, 25), "−5.28"),
        (Fraction(1, 3), "1/3"),
        (Fraction(1, 1024), "0.0009765625"),
        (Fraction(10**15 + 1, 7), "≈ 1.42857e14"),
        (0, "0"),
        (7, "7"),
        (-0.0, "0"),
        (2.5, "2.5"),
        (-1e-9, "−1e-09"),
    ],
)
def test_show_is_exact_where_short(value, text):
    assert show(value) == text


def test_negative_factors_are_bracketed():
    assert factor(Fraction(-1)) == "(−1)" and factor(Fraction(2)) == "2"


def test_table_renders_as_markdown_and_escaped_html():
    table = Table("A <caption>", ("a", "b"), (("1", "x < y"),))
    assert table.markdown() == "| a | b |\n|---|---|\n| 1 | x < y |"
    rendered = table.html()
    assert (
        "<caption" in rendered
        and "A &lt;caption&gt;" in rendered
        and "x &lt; y" in rendered
    )
    assert rendered.count('<th scope="col"') == 2


def test_the_worked_pass_shows_the_exercise_numbers():
    worked = worked_pass(EXERCISE)
    forward = worked["forward"].markdown()
    assert (
        "| hidden 2 | a₂ = x₁w₃ + x₂w₄ = 1·1 + 2·(−1) | −1 | z₂ = 0 | dead: f′ = 0 |"
        in forward
    )
    assert worked["loss"] == "L = ½(y − ŷ)² = ½(6 − 1.6)² = 9.68"
    gradients = worked["gradients"].markdown()
    assert "| ∂L/∂w₇ | ∂L/∂a₄ · z₁ = (−4.4) · 4 | −17.6 |" in gradients
    assert "| ∂L/∂w₄ | ∂L/∂a₂ · x₂ = 0 · 2 | 0 |" in gradients
    update = worked["update"].markdown()
    assert "| w₁ | 2 | 2.2 | −0.2 |" in update and "η = 1" in worked["update"].caption
    assert worked["loss_after"].endswith("= 87094.6848")


def test_every_value_in_the_tables_is_the_computed_one():
    for net in SCENARIOS.values():
        rows = worked_pass(net)["gradients"].rows
        assert [row[2] for row in rows] == [show(g) for g in backprop.gradients(net)]


def test_html_frames_differ_between_scenarios_and_carry_no_math_markup():
    frames = [worked_pass_html(net) for net in SCENARIOS.values()]
    assert len(set(frames)) == len(frames)
    assert all("$" not in frame and "<table" in frame for frame in frames)


def test_the_diagram_greys_dead_units_and_says_so_in_its_alt_text():
    _, alt = draw_network(EXERCISE)
    assert (
        "a1, a2, a3 = 4, -1, 3" in alt
        and "Dead and drawn in grey: hidden unit 2." in alt
    )
    _, alt = draw_network(SCENARIOS["dead output unit (w₉ = −1.2)"])
    assert "Dead and drawn in grey: hidden unit 2, the output unit." in alt
    _, alt = draw_network(SCENARIOS["hidden unit 2 revived (w₄ = 1)"])
    assert "No unit is dead." in alt


def test_the_page_formulas_are_maths_with_ascii_minus():
    from dlbook.backprop_views import given_values, loss_formula, tex

    assert tex(Fraction(-1, 2)) == "-0.5" and tex(Fraction(10**15 + 1, 7)).startswith(
        "\\approx "
    )
    assert given_values(EXERCISE, skip=("w8",)).startswith("$x = (1, 2)$, $w_1 = 2$")
    assert "$w_8" not in given_values(EXERCISE, skip=("w8",))
    assert loss_formula(EXERCISE) == (
        "$L = \\tfrac12 (y - \\hat y)^2 = \\tfrac12 (6 - 1.6)^2 = 9.68$"
    )
    dead = SCENARIOS["dead output unit (w₉ = −1.2)"]
    assert "(6 - 0)^2 = 18$" in loss_formula(dead)


def test_the_chapter_tables_hold_the_computed_values():
    from dlbook.backprop_views import (
        FOUR_WAYS_HEADER,
        MISTAKES_HEADER,
        four_ways_rows,
        mistakes_rows,
    )

    hand = backprop.gradients(EXERCISE)
    rows = four_ways_rows(hand, hand, hand.astype(float), hand.astype(float))
    assert len(rows) == 9 and all(len(row) == len(FOUR_WAYS_HEADER) for row in rows)
    assert rows[6] == ("∂L/∂w₇", "−17.6", "−17.6", "−17.6000000000", "−17.6")
    rows = mistakes_rows(EXERCISE)
    assert all(len(row) == len(MISTAKES_HEADER) for row in rows)
    assert rows[0] == (
        "squaring the wrong difference",
        "L",
        "½(6 − 3)² = 4.5",
        "½(6 − 1.6)² = 9.68",
    )
    assert ("x₁ and x₂ swapped", "∂L/∂w₁", "4.4", "2.2") in rows


def test_the_network_figure_is_an_image_with_its_alt_text():
    from dlbook.backprop_views import network_figure

    figure = network_figure(EXERCISE)
    assert figure.data.startswith("<img ") and "hidden unit 2" in figure.data
