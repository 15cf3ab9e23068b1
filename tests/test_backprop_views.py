from fractions import Fraction

import pytest

from dlbook import backprop
from dlbook.backprop import EXERCISE, SCENARIOS
from dlbook.backprop_views import (
    SUBSCRIPTS,
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


def test_a_table_shows_itself_as_markdown_when_a_cell_ends_with_it():
    table = worked_pass(EXERCISE)["forward"]
    assert table._repr_markdown_() == table.markdown()


def test_the_delta_table_is_the_backward_pass_in_four_products():
    from dlbook.backprop_views import delta_table

    rows = delta_table(EXERCISE).rows
    assert rows == (
        ("∂L/∂a₄", "(ŷ − y) · f′(a₄) = (−4.4) · 1", "−4.4"),
        ("∂L/∂a₁", "∂L/∂a₄ · w₇ · f′(a₁) = (−4.4) · (−0.5) · 1", "2.2"),
        ("∂L/∂a₂", "∂L/∂a₄ · w₈ · f′(a₂) = (−4.4) · 1 · 0", "0"),
        ("∂L/∂a₃", "∂L/∂a₄ · w₉ · f′(a₃) = (−4.4) · 1.2 · 1", "−5.28"),
    )
    for net in SCENARIOS.values():
        bwd = backprop.backward(net)
        shown = [row[2] for row in delta_table(net, bwd).rows]
        assert shown == [show(bwd.delta4), *(show(d) for d in bwd.delta)]


def test_the_computational_graph_labels_each_edge_with_its_local_derivative():
    from dlbook.backprop_views import graph_edges

    fwd, bwd = backprop.forward(EXERCISE), backprop.backward(EXERCISE)
    edges = {
        (tail, head): label for tail, head, label in graph_edges(EXERCISE, fwd, bwd)
    }
    assert len(edges) == 6 + 3 + 3 + 2
    assert edges[("x2", "a1")] == "w₂"
    assert edges[("a2", "z2")] == "f′(a₂) = 0"
    assert edges[("z3", "a4")] == "w₉ = 1.2"
    assert edges[("y_hat", "L")] == "ŷ − y = −4.4"


def test_the_computational_graph_is_legible_and_says_its_numbers_in_its_alt_text():
    import matplotlib.pyplot as plt

    from dlbook import style
    from dlbook.backprop_views import draw_graph, graph_figure

    ax, alt = draw_graph(EXERCISE)
    style.check_legible(ax.figure)
    texts = [t.get_text() for t in ax.texts]
    assert "∂L/∂a₁ = 2.2" in texts and "∂L/∂a₂ = 0" in texts and "L = 9.68" in texts
    plt.close(ax.figure)
    assert "a1 = 4, gradient 2.2; a2 = -1, gradient 0; a3 = 3, gradient -5.28" in alt
    assert "Hidden unit 2 is dead and drawn in grey" in alt
    assert all(ord(c) < 128 for c in alt)
    _, alt = draw_graph(SCENARIOS["hidden unit 2 revived (w₄ = 1)"])
    assert "dead" not in alt
    figure = graph_figure(EXERCISE)
    assert (
        figure.data.startswith("<img ")
        and 'alt="The computational graph' in figure.data
    )


def test_the_compact_forward_table_fits_a_phone_and_marks_the_dead_unit():
    from dlbook.backprop_views import forward_table

    table = forward_table(EXERCISE, compact=True)
    assert table.header == ("weighted sum", "a", "output")
    assert table.rows[1] == ("a₂ = 1·1 + 2·(−1)", "−1", "z₂ = 0 (dead)")
    assert table.rows[3] == ("a₄ = (−0.5)·4 + 1·0 + 1.2·3", "1.6", "ŷ = 1.6")
    leaky = forward_table(SCENARIOS["LeakyReLU (α = 0.01)"], compact=True)
    assert leaky.rows[1][2] == "z₂ = −0.01 (α·a)"
    full = forward_table(EXERCISE)
    assert [row[2] for row in full.rows] == [row[1] for row in table.rows]


def test_the_unit_table_gives_each_units_delta_then_its_weights_gradients():
    from dlbook.backprop_views import unit_gradient_table

    rows = unit_gradient_table(EXERCISE).rows
    assert rows[0] == (
        "∂L/∂a₄ = (ŷ − y) · f′(a₄) = (−4.4) · 1 = −4.4",
        "∂L/∂w₇ = (−4.4)·4 = −17.6; ∂L/∂w₈ = (−4.4)·0 = 0; ∂L/∂w₉ = (−4.4)·3 = −13.2",
    )
    assert rows[3][1] == "∂L/∂w₅ = (−5.28)·1 = −5.28; ∂L/∂w₆ = (−5.28)·2 = −10.56"
    for net in SCENARIOS.values():
        text = " ".join(cell for row in unit_gradient_table(net).rows for cell in row)
        grads = backprop.gradients(net)
        for name, g in zip(backprop.WEIGHTS, grads):
            assert f"∂L/∂{name.translate(SUBSCRIPTS)} = " in text
            assert f"= {show(g)}" in text


def test_one_update_is_written_out_with_its_rate():
    from dataclasses import replace

    from dlbook.backprop_views import update_formula

    assert update_formula(EXERCISE, "w1") == "$w_1 = 2 - 2.2 = -0.2$"
    assert update_formula(EXERCISE, "w5") == "$w_5 = 1 - (-5.28) = 6.28$"
    slow = replace(EXERCISE, learning_rate=Fraction(1, 100))
    assert update_formula(slow, "w5") == "$w_5 = 1 - 0.01 \\cdot (-5.28) = 1.0528$"
