from dlbook.site import lessons

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
```

```{code-cell} ipython3
:tags: [hide-input]

page.glue("z", z)
```
"""


def test_removed_lines_and_share_are_counted(tmp_path):
    (tmp_path / "a.md").write_text(PAGE)
    (chapter,) = lessons.audit_all(tmp_path)
    assert (chapter.code_lines, chapter.removed_lines) == (6, 2)
    assert chapter.problems == []
    assert lessons.removed_share([chapter]) == 2 / 6


def test_bypassing_glue_sentence_names_and_getsource_are_problems(tmp_path):
    bad = PAGE.replace("x = 1", "from myst_nb import glue\nglue('cost_verdict', 'x')")
    bad = bad.replace("y = 2", "print(inspect.getsource(f))")
    (tmp_path / "b.md").write_text(bad)
    (chapter,) = lessons.audit_all(tmp_path)
    assert chapter.problems == [
        "cell 2 glues without dlbook.page",
        "cell 2 glues a sentence (cost_verdict)",
        "cell 2 prints code with inspect.getsource",
    ]
    lines, ok = lessons.report([chapter])
    assert not ok and "1 problem" not in lines[-1] and "3 problem(s)" in lines[-1]


def test_yaml_front_tags_are_read(tmp_path):
    cell = "```{code-cell} ipython3\n---\ntags: [remove-input]\n---\na = 1\n```\n"
    (tmp_path / "c.md").write_text(cell)
    (chapter,) = lessons.audit_all(tmp_path)
    assert chapter.removed_lines == 1


def test_the_book_meets_the_lesson_targets():
    lines, ok = lessons.report(lessons.audit_all())
    assert ok, "\n".join(lines)
