import types

import matplotlib.pyplot as plt
import pytest
from IPython.display import Markdown

from dlbook import page, style
from dlbook.page import GluedSentenceError, markdown_table


def test_table_has_header_rule_and_rows():
    assert markdown_table(["a", "b"], [[1, 2], [3, 4]]) == (
        "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |"
    )


def test_bare_pipes_are_escaped_and_escaped_pipes_are_kept():
    table = markdown_table(["x"], [["|a|"], [r"\|b\|"]])
    assert r"| \|a\| |" in table and r"| \|b\| |" in table


def test_words_outside_markup_skip_maths_code_and_tables():
    text = "$f(x) = \\max(0, x)$ for `relu` and\n| a long | table row |"
    assert page.words_outside_markup(text) == ["for", "and"]


@pytest.fixture
def glued(monkeypatch):
    calls = []
    monkeypatch.setattr(
        page, "_myst_glue", lambda name, value, display: calls.append((name, display))
    )
    return calls


def test_numbers_formulas_and_labels_glue_quietly(glued):
    page.glue("rate", 0.25)
    page.glue("label", "LeakyReLU (α = 0.01)")
    page.glue_md("formula", "$w_1 = 3$, $w_2 = -1$ and $x = (1, 2)$")
    page.table("t", ["a"], [[1]])
    assert glued == [
        ("rate", False),
        ("label", False),
        ("formula", False),
        ("t", False),
    ]


def test_a_glued_sentence_is_refused_with_its_name(glued):
    with pytest.raises(GluedSentenceError, match="glue 'verdict' holds 8 words"):
        page.glue("verdict", "the difference is not visible on this machine")
    with pytest.raises(GluedSentenceError, match="'story'"):
        page.glue_md("story", "ReLU wins because its slope never shrinks at all")
    with pytest.raises(GluedSentenceError):
        page.glue("md", Markdown("so the network learns nothing from this example"))
    assert glued == []


def test_an_empty_table_is_an_error(glued):
    with pytest.raises(ValueError, match="table 'empty' has no rows"):
        page.table("empty", ["a"], [])


def test_setup_glues_the_profile_note_only_for_a_page_that_asks(glued, monkeypatch):
    monkeypatch.delenv("DLBOOK_PROFILE", raising=False)
    page.setup()
    assert glued == []
    page.setup(profile_note=True)
    assert glued == [("profile_note", False)]


def test_numpy_scalars_are_glued_as_python_numbers(monkeypatch):
    import numpy as np

    values = []
    monkeypatch.setattr(
        page, "_myst_glue", lambda name, value, display: values.append(value)
    )
    page.glue("x", np.float64(0.25))
    page.glue("n", np.int64(3))
    assert values == [0.25, 3] and type(values[0]) is float and type(values[1]) is int


def test_glueing_an_illegible_figure_is_refused(glued):
    fig, ax = style.subplots(figsize=(8, 3))
    ax.set_title("small", fontsize=6)
    with pytest.raises(style.FigureTextTooSmall, match="'small'"):
        page.glue("fig_small", fig)
    assert glued == []
    ax.set_title("small")
    page.glue("fig_small", fig)
    assert glued == [("fig_small", False)]
    plt.close(fig)


class FakeShell:
    def __init__(self, callbacks):
        self.events = types.SimpleNamespace(callbacks={"post_execute": callbacks})


def flush_figures():
    """Stands in for matplotlib-inline's, which shows and closes the figures."""


def test_small_text_is_reported_on_stderr_before_figures_are_flushed(capsys):
    callbacks = [flush_figures]
    shell = FakeShell(callbacks)
    page.check_figures_after_each_cell(shell)
    page.check_figures_after_each_cell(shell)
    assert callbacks == [page.warn_about_small_figure_text, flush_figures]

    plt.close("all")
    fig, ax = style.subplots(figsize=(8, 3))
    ax.legend(handles=ax.plot([0, 1], label="a legend"), fontsize=7)
    page.warn_about_small_figure_text()
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "'a legend' at 4.4 px" in message
    plt.close(fig)

    fig, ax = style.subplots(figsize=(8, 3))
    ax.legend(handles=ax.plot([0, 1], label="a legend"))
    page.warn_about_small_figure_text()
    assert capsys.readouterr().err == ""
    plt.close(fig)
