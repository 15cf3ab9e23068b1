import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from dlbook import style


def test_figures_have_an_opaque_white_background_for_dark_mode():
    style.use()
    assert mcolors.to_rgba(matplotlib.rcParams["figure.facecolor"]) == (1, 1, 1, 1)
    assert mcolors.to_rgba(matplotlib.rcParams["savefig.facecolor"]) == (1, 1, 1, 1)
    assert matplotlib.rcParams["savefig.transparent"] is False


def test_palette_is_the_colour_cycle():
    style.use()
    cycle = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert cycle == [c.lower() for c in style.PALETTE] or cycle == list(style.PALETTE)


def test_subplots_uses_constrained_layout_unless_asked_otherwise():
    fig, _ = style.subplots()
    assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    plt.close(fig)
    fig, _ = style.subplots(layout=None)
    assert fig.get_layout_engine() is None
    plt.close(fig)


def test_text_shrinks_with_a_wide_figure_but_not_below_natural_size():
    fig = plt.figure(figsize=(7.16, 3), dpi=100)  # twice the phone's column
    assert style.phone_text_px(fig, 18) == pytest.approx(12.5)
    fig.set_dpi(40)  # 286 px wide: shown at natural size
    assert style.phone_text_px(fig, 18) == pytest.approx(10)
    plt.close(fig)


def test_subplots_picks_a_legible_font_size_for_a_wide_figure():
    for width in (3, 6.4, 9, 12):
        fig, ax = style.subplots(figsize=(width, 3))
        ax.plot([0, 1], label="line")
        ax.legend()
        ax.set_title("title")
        style.check_legible(fig)
        plt.close(fig)
    assert style.font_size_for_width(12) > style.font_size_for_width(6.4)


def test_a_fixed_small_font_is_found_and_named():
    fig, ax = style.subplots(figsize=(8, 3))
    ax.text(0.5, 0.5, "tiny label", fontsize=7)
    ax.text(0.2, 0.2, "hidden", fontsize=7, visible=False)
    with pytest.raises(style.FigureTextTooSmall, match="'tiny label' at 4.4 px"):
        style.check_legible(fig)
    assert [text for text, _ in style.small_texts(fig)] == ["tiny label"]
    plt.close(fig)


def test_tick_labels_are_checked_once_drawn():
    fig, ax = style.subplots(figsize=(6.4, 3))
    ax.tick_params(labelsize=6)
    with pytest.raises(style.FigureTextTooSmall):
        style.check_legible(fig)
    plt.close(fig)
