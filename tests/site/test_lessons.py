"""dlbook_site.lessons: the lesson check over the chapters' sources."""

from dlbook_site import lessons

PAGE = """\
# A page

```{code-cell} ipython3
:tags: [remove-cell]

from dlbook import page
page.setup()
```

```{code-cell} ipython3
x = 1
y = 2
# a comment is not a code line
z = 3
a, b, c = x, y, z
d = a + b
e = d - c
f = e * 2
g = f + 1
h = g - 1
```

## A section

```{code-cell} ipython3
:tags: [hide-input]

w = x + y
```

```{code-cell} ipython3
:tags: [remove-cell]

page.glue("z", z)
```

```{code-cell} ipython3
:tags: [own-notebook]

import numpy as np
total = np.sum([x, y, z])
```

```{code-cell} ipython3
:tags: [remove-input, answer-box]

answer_boxes.number("z", label="z", answer=z)
```

## How we checked this page

:::{how-we-checked}
:::

```{code-cell} ipython3
assert z == 3
assert w == 3
assert total == 6
assert x + y == z
```
"""


def audit(tmp_path, text, main=True):
    path = tmp_path / "page.md"
    path.write_text(text)
    return lessons.audit(path, main=main)


def test_the_lesson_path_is_counted_apart_from_the_checks(tmp_path):
    chapter = audit(tmp_path, PAGE)
    assert (chapter.visible, chapter.hidden, chapter.removed, chapter.checks) == (
        11,
        1,
        3,
        4,
    )
    assert chapter.boxes == 1 and chapter.own_notebook_cells == 1
    assert chapter.has_checks and chapter.problems == []
    assert chapter.visible_share == 11 / 15


def test_a_page_without_its_checks_part_or_own_notebook_code_is_a_problem(tmp_path):
    plain = PAGE.replace(":::{how-we-checked}", ":::{note}")
    plain = plain.replace(":tags: [own-notebook]", "")
    chapter = audit(tmp_path, plain)
    assert 'no "How we checked this page" part' in chapter.problems
    assert "no cell tagged own-notebook" in chapter.problems
    assert any("asserts in visible lesson-path cells" in p for p in chapter.problems)
    # A section page needs no own-notebook code.
    assert (
        "no cell tagged own-notebook" not in audit(tmp_path, plain, main=False).problems
    )


def test_too_little_visible_code_and_crowded_removed_cells_are_problems(tmp_path):
    hidden = PAGE.replace(
        "```{code-cell} ipython3\nx = 1",
        "```{code-cell} ipython3\n:tags: [hide-input]\n\nx = 1",
    )
    hidden = hidden.replace(
        ":tags: [hide-input]\n\nw = x", ":tags: [remove-cell]\n\nw = x"
    )
    chapter = audit(tmp_path, hidden)
    assert any("of the lesson path's code is visible" in p for p in chapter.problems)
    assert any(
        "more than one removed cell in section(s) [1]" in p for p in chapter.problems
    )


def test_own_notebook_code_may_not_use_dlbook_or_other_packages(tmp_path):
    bad = PAGE.replace(
        "import numpy as np",
        "import numpy as np\nimport pandas\nfrom dlbook import page",
    )
    chapter = audit(tmp_path, bad)
    problems = [p for p in chapter.problems if "own-notebook" in p]
    assert problems == [
        "cell 5 (own-notebook) mentions dlbook",
        "cell 5 (own-notebook) imports dlbook, pandas",
    ]


def test_a_box_cell_that_shows_its_code_is_a_problem(tmp_path):
    shown = PAGE.replace("[remove-input, answer-box]", "[answer-box]")
    assert "cell 6 (answer-box) shows its code" in audit(tmp_path, shown).problems


def test_bypassing_glue_sentence_names_and_getsource_are_problems(tmp_path):
    bad = PAGE.replace("x = 1", "from myst_nb import glue\nglue('cost_verdict', 'x')")
    bad = bad.replace("y = 2", "print(inspect.getsource(f))")
    chapter = audit(tmp_path, bad)
    assert chapter.problems == [
        "cell 2 glues without dlbook.page",
        "cell 2 glues a sentence (cost_verdict)",
        "cell 2 prints code with inspect.getsource",
    ]
    lines, ok = lessons.report([chapter])
    assert not ok and "3 problem(s)" in lines[-2]
    # Not measured: the report says how to measure the lesson path.
    assert lines[-1] == "screens: run 'make measure' to measure the lesson paths"
    chapter.screens = 9.5
    lines, _ = lessons.report([chapter])
    assert "3 problem(s)" in lines[-1] and "9.5" in lines[1]


def test_yaml_front_tags_are_read(tmp_path):
    cell = "```{code-cell} ipython3\n---\ntags: [remove-input]\n---\na = 1\n```\n"
    chapter = audit(tmp_path, cell, main=False)
    assert chapter.removed == 1


def test_the_budgets_are_twelve_screens_for_a_main_page_and_fifteen_for_a_section():
    budgets = lessons.screen_budgets()
    assert budgets["chapters/backprop.html"] == 12
    assert budgets["chapters/backprop-explorer.html"] == 15
    assert "glossary.html" not in budgets


def test_the_book_meets_the_lesson_limits():
    lines, ok = lessons.report(lessons.audit_all())
    assert ok, "\n".join(lines)
