"""The figure style shared by every chapter.

Figures have an opaque white background so that they stay readable in the site's dark
mode, use the Okabe--Ito colour-blind-safe palette, and are sized for the book's column.

Text in a figure must stay legible on a phone. A figure wider than the phone's text
column is shrunk to fit it, and its text with it: text of ``s`` points in a figure ``w``
inches wide shows at ``s / 72 * PHONE_COLUMN_PX / w`` CSS pixels, whatever the figure's
dpi. :func:`subplots` picks the font size that keeps every text at
:data:`MIN_PHONE_TEXT_PX` or more, and :func:`check_legible` finds any text that is
smaller (a fixed ``fontsize`` in a chapter, say).
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.text import Text

# Okabe & Ito (2008), "Color Universal Design": distinguishable with common
# colour-vision deficiencies.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)

RC_PARAMS = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "savefig.bbox": "tight",
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 12,
    "axes.titlesize": "large",
    "axes.labelsize": "medium",
    "xtick.labelsize": "medium",
    "ytick.labelsize": "medium",
    "legend.fontsize": "medium",
    "legend.frameon": False,
    "lines.linewidth": 2.0,
}


# The width of the site's text column on a 390 px wide phone, in CSS pixels (the browser
# test of the phone layout measures it), and the smallest text a figure may show there.
PHONE_COLUMN_PX = 358
MIN_PHONE_TEXT_PX = 9.0


class FigureTextTooSmall(ValueError):
    """A figure has text that would be too small to read on a phone."""


def phone_text_px(fig, fontsize_pt):
    """The CSS pixel size on a phone of text of ``fontsize_pt`` points in ``fig``."""
    width_px = fig.get_figwidth() * fig.dpi
    shrink = min(1.0, PHONE_COLUMN_PX / width_px)
    return fontsize_pt * fig.dpi / 72 * shrink


def font_size_for_width(width_in):
    """The base font size (points) that keeps text legible on a phone in a figure
    ``width_in`` inches wide: the book's size, or larger for a wide figure."""
    needed = MIN_PHONE_TEXT_PX * 72 * width_in / PHONE_COLUMN_PX
    return max(RC_PARAMS["font.size"], round(needed + 0.05, 1))


def small_texts(fig):
    """The visible texts of ``fig`` smaller than :data:`MIN_PHONE_TEXT_PX` on a phone,
    as ``(text, size in CSS px)`` pairs."""
    found = []
    for text in fig.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        size = phone_text_px(fig, text.get_fontsize())
        if size < MIN_PHONE_TEXT_PX - 1e-6:
            found.append((text.get_text(), round(size, 1)))
    return found


def check_legible(fig):
    """Raise :class:`FigureTextTooSmall` if some text of ``fig`` is too small on a
    phone."""
    fig.canvas.draw()  # ticks and their labels exist only once the figure is drawn
    small = small_texts(fig)
    if small:
        listed = ", ".join(f"{text!r} at {size} px" for text, size in small[:5])
        raise FigureTextTooSmall(
            f"a figure {fig.get_figwidth():.1f} in wide has text below "
            f"{MIN_PHONE_TEXT_PX:g} CSS px on a phone: {listed}. Make the figure "
            "narrower or the text larger (style.subplots picks the size for its width)."
        )


def use():
    """Apply the book's style to matplotlib (call once at the top of a chapter)."""
    mpl.rcParams.update(RC_PARAMS)


def subplots(*args, **kwargs):
    """``plt.subplots`` with the book's style applied first.

    The font size is set for the figure's width (:func:`font_size_for_width`), so a
    wide figure gets larger text that stays legible when a phone shrinks it.
    """
    use()
    width = kwargs.get("figsize", RC_PARAMS["figure.figsize"])[0]
    mpl.rcParams["font.size"] = font_size_for_width(width)
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(*args, **kwargs)
