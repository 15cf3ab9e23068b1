"""The figure style shared by every chapter.

Figures have an opaque white background so that they stay readable in the site's dark
mode, use the Okabe--Ito colour-blind-safe palette, and are sized for the book's column.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt

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
    "font.size": 11,
    "axes.titlesize": 12,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
}


def use():
    """Apply the book's style to matplotlib (call once at the top of a chapter)."""
    mpl.rcParams.update(RC_PARAMS)


def subplots(*args, **kwargs):
    """``plt.subplots`` with the book's style applied first."""
    use()
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(*args, **kwargs)
