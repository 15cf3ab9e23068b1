"""The loss-curves page's "Diagnose your own run" form, on the built site: it is in its
section, and the page's own made-up run, pasted as the page prints it (as Keras prints
``history.history``), gets the diagnosis that the page states, which is also what
:func:`dlbook.diagnosis.diagnose` finds."""

import ast
import re

import numpy as np
import pytest
from bs4 import BeautifulSoup

from dlbook.diagnosis import diagnose

pytestmark = pytest.mark.browser

PAGE = "chapters/loss-curves.html"


def words(soup):
    return " ".join(soup.get_text(" ").split()).replace("−", "-")


def labelled_section(soup, label):
    """The section that a MyST ``(label)=`` target names: the target is an empty span
    at its start, or the section itself."""
    target = soup.find(id=label)
    return target if target.name == "section" else target.find_parent("section")


def diagnosed(page, text):
    """What the form shows for ``text``: ``{name: value}`` of its result."""
    form = page.locator("form.run-diagnosis")
    form.locator("textarea").fill(text)
    form.locator("button[type=submit]").click()
    return form.get_attribute("data-result"), dict(
        form.evaluate(
            "f => [...f.querySelectorAll('[data-name]')]"
            ".map(e => [e.dataset.name, e.dataset.value])"
        )
    )


def test_the_form_diagnoses_the_pages_own_run_as_the_page_does(site, recorder):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    section = labelled_section(soup, "sec-loss-curves-own-run")
    assert section.select_one("form.run-diagnosis textarea"), "no form in the section"
    assert "print(history.history)" in words(section)
    # The made-up run, as the page prints it.
    (printed,) = [
        pre.get_text()
        for pre in section.select(".cell_output pre")
        if pre.get_text().lstrip().startswith("{'loss'")
    ]
    history = ast.literal_eval(printed.strip())
    # What the page says of it.
    text = words(soup)
    best, rise = re.search(
        r"The validation loss is lowest at epoch (\d+) ?, then rises (\d+) ?%", text
    ).groups()
    (margin,) = re.search(
        r"Judged at the last epoch, the run is overfitting \(margin ([+-]\d\.\d{3})",
        text,
    ).groups()
    expected = diagnose(history)
    assert (expected.best_epoch, f"{100 * expected.rise:.0f}") == (int(best), rise)
    assert f"{expected.margin:+.3f}" == margin

    page = recorder.open(PAGE)
    result, shown = diagnosed(page, printed)
    assert result == "overfitting"
    assert int(shown["best_epoch"]) == int(shown["onset_epoch"]) == int(best)
    assert f"{100 * float(shown['rise']):.0f}" == rise
    assert shown["verdict"] == "overfitting"
    assert f"{float(shown['margin']):+.3f}" == margin
    # To the last digit, as the package reads it.
    assert float(shown["rise"]) == expected.rise
    assert float(shown["margin"]) == expected.margin
    assert float(shown["loss_gap"]) == expected.loss_gap

    # The tiny example of the prose: losses only, so a best epoch and a rise, and no
    # verdict.
    (tiny,) = [
        code.get_text()
        for code in section.select("p code")
        if code.get_text().startswith("{'loss'")
    ]
    result, shown = diagnosed(page, tiny)
    losses = ast.literal_eval(tiny)
    best = int(np.argmin(losses["val_loss"]))
    assert result == "losses" and "verdict" not in shown
    assert int(shown["best_epoch"]) == best + 1
    assert np.isclose(
        float(shown["rise"]),
        max(losses["val_loss"][best:]) / losses["val_loss"][best] - 1,
    )
    assert recorder.errors == [] and recorder.offsite == []
