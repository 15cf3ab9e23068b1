import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt

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
