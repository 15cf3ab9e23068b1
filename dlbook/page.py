"""The page toolkit: what a chapter's hidden cells call to publish its results.

A chapter calls :func:`setup` once, in its hidden first cell.  It then publishes
numbers, formulas and tables with :func:`glue`, :func:`glue_md` and :func:`table`.
These glue quietly (nothing shows where they are called), and they refuse whole
sentences: the prose is written by a person, and the chapter asserts the claim it
makes.
"""

import os
import re
import sys

import numpy as np
from IPython import get_ipython
from IPython.display import Markdown
from matplotlib.figure import Figure
from myst_nb import glue as _myst_glue

from dlbook import profile, style

# TensorFlow's C++ runtime reads this when it loads.  Level 2 hides its information
# and warning lines (start-up notes, retracing notes) from the page; errors stay.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# A glued text may hold this many words outside its maths and code; more is a sentence.
MAX_GLUED_WORDS = 5


class GluedSentenceError(ValueError):
    """A chapter tried to glue a sentence; the prose should say it instead."""


def setup(*, tensorflow=False, profile_note=False):
    """Prepare a page: the figure style, TensorFlow's log and the profile note.

    Call it in the page's first cell, tagged ``remove-cell``.  With ``tensorflow``,
    TensorFlow is loaded here, so its start-up log lands in that hidden cell, and its
    Python log is set to errors only (no retracing notes on the page).  A page that
    trains or samples, whose numbers depend on the profile, asks for
    ``profile_note``: the one-line note is glued as ``profile_note``, and the page
    shows it with ``{glue:md}`profile_note```.
    """
    style.use()
    check_figures_after_each_cell()
    if tensorflow:
        import tensorflow as tf

        tf.get_logger().setLevel("ERROR")
    if profile_note:
        glue_md("profile_note", profile.note(), sentences_allowed=True)


def warn_about_small_figure_text():
    """Write one line to stderr for each open pyplot figure whose text is too small on a
    phone (:func:`dlbook.style.check_legible`).

    It runs after each cell, before matplotlib shows and closes the cell's figures.  An
    exception raised there would not fail the cell, so it writes to stderr instead: the
    site's build test and ``scripts/run_chapter.py`` refuse any stderr on a page.
    """
    import matplotlib.pyplot as plt

    for number in plt.get_fignums():
        try:
            style.check_legible(plt.figure(number))
        except style.FigureTextTooSmall as error:
            print(f"dlbook: figure {number}: {error}", file=sys.stderr)


def check_figures_after_each_cell(shell=None):
    """Register :func:`warn_about_small_figure_text` to run after each cell of
    ``shell`` (the running IPython, if any), first of the ``post_execute`` callbacks,
    so before matplotlib-inline's ``flush_figures``.  Registering twice is harmless."""
    shell = shell or get_ipython()
    if shell is None:
        return
    callbacks = shell.events.callbacks["post_execute"]
    if warn_about_small_figure_text not in callbacks:
        callbacks.insert(0, warn_about_small_figure_text)


def words_outside_markup(text):
    """The words of ``text`` outside its maths, code, links' targets and tables."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("|")
    )
    # A word has two letters or more: single letters and signs (ŷ, ½, ²) are symbols.
    return [
        word
        for word in re.findall(r"[\w'’-]+", text)
        if sum(ch.isalpha() for ch in word) >= 2
    ]


def _check_not_a_sentence(name, text):
    found = words_outside_markup(text)
    if len(found) > MAX_GLUED_WORDS:
        raise GluedSentenceError(
            f"glue {name!r} holds {len(found)} words ({' '.join(found[:8])} …): glue "
            "numbers, formulas and tables, and write the sentence in the page's prose"
        )


def glue(name, value):
    """Glue ``value`` under ``name`` without showing it here.

    A number is glued as it is (the page formats it, for example
    ``{glue:text}`name:.3f```); so is a figure or an HTML image.  A figure must be
    legible on a phone (:func:`dlbook.style.check_legible` raises if not).  A text
    may hold at most :data:`MAX_GLUED_WORDS` words outside maths and code: a label or
    a short phrase, not a sentence.
    """
    if isinstance(value, np.generic):
        # NumPy 2 shows np.float64(0.5) as "np.float64(0.5)", which myst-nb cannot
        # format: glue the plain Python number.
        value = value.item()
    if isinstance(value, Figure):
        style.check_legible(value)
    if isinstance(value, str):
        _check_not_a_sentence(name, value)
    elif isinstance(value, Markdown):
        _check_not_a_sentence(name, value.data)
    _myst_glue(name, value, display=False)


def glue_md(name, text, *, sentences_allowed=False):
    """Glue Markdown ``text`` (maths, a formula, a short label) under ``name``.

    The page shows it with ``{glue:md}`name``` or ``{glue:md}`name:myst```.  Only the
    toolkit's own profile note may be a sentence.
    """
    if not sentences_allowed:
        _check_not_a_sentence(name, text)
    _myst_glue(name, Markdown(text), display=False)


def _cell(value):
    """A cell's text, with any bare "|" escaped so that it cannot end the cell early."""
    return re.sub(r"(?<!\\)\|", r"\\|", str(value))


def markdown_table(header, rows):
    """A Markdown table from a header and rows of cells (each cell shown with
    ``str``)."""
    lines = ["| " + " | ".join(map(_cell, header)) + " |", "|" + "---|" * len(header)]
    return "\n".join(
        lines + ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    )


def table(name, header, rows):
    """Glue a Markdown table under ``name``; the page shows it with
    ``{glue:md}`name``` in a ``:format: myst`` block."""
    rows = [list(row) for row in rows]
    if not rows:
        raise ValueError(f"table {name!r} has no rows")
    _myst_glue(name, Markdown(markdown_table(header, rows)), display=False)
