import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from dlbook_site import edition

PAGE = """# A chapter

```{exercise}
:label: ex-one

Compute the slope.
```

```{solution-start} ex-one
:class: dropdown
```

The slope is 42, worked out.

```{solution-end}
```

```{exercise}
:label: ex-two

Compute the loss.
```

```{solution-start} ex-two
:class: dropdown
```
The loss is 7, worked out.
```{solution-end}
```

## Key takeaways
"""
STUDENT = {"dlbook_edition": "student"}


@pytest.mark.sphinx("html", testroot="edition")
def test_the_instructor_edition_is_the_default_and_shows_the_solutions(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert "Compute the slope." in html and "worked out" in html


@pytest.mark.sphinx("html", testroot="edition", confoverrides=STUDENT)
def test_the_student_edition_has_the_exercises_but_no_solution(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert "Compute the slope." in html and "worked out" not in html
    # The step after the build took it out of the downloadable source too.
    assert "worked out" not in (app.outdir / "_sources" / "index.md.txt").read_text()


def test_every_solution_block_leaves_the_myst_source_and_the_exercises_stay():
    text = edition.without_solutions(PAGE)
    assert "worked out" not in text and "solution-" not in text
    assert "Compute the slope." in text and "Compute the loss." in text
    assert text.rstrip().endswith("## Key takeaways")


def test_a_solution_without_an_end_is_an_error():
    with pytest.raises(edition.EditionError, match="no solution-end"):
        edition.without_solutions("```{solution-start} ex-one\n```\nAll the rest.\n")


def test_a_solution_spanning_cells_leaves_the_notebook():
    notebook = new_notebook(
        cells=[
            new_markdown_cell("Compute the slope.\n\n```{solution-start} ex-one\n```"),
            new_code_cell("slope = 42"),
            new_markdown_cell("The slope is 42, worked out.\n\n```{solution-end}\n```"),
            new_code_cell("print('after')"),
            new_markdown_cell("## Key takeaways"),
        ]
    )
    edition.notebook_without_solutions(notebook)
    sources = [cell.source for cell in notebook.cells]
    assert sources == ["Compute the slope.", "print('after')", "## Key takeaways"]


def test_the_downloadable_sources_lose_their_solutions(tmp_path):
    sources = tmp_path / "_sources" / "chapters"
    sources.mkdir(parents=True)
    (sources / "page.md").write_text(PAGE)
    notebook = new_notebook(
        cells=[
            new_markdown_cell("```{solution-start} ex-one\n```"),
            new_code_cell("answer = 42"),
            new_markdown_cell("```{solution-end}\n```\nThe end."),
        ]
    )
    nbformat.write(notebook, sources / "page.ipynb")
    (sources / "plain.md").write_text("# No exercises\n")
    changed = edition.strip_sources(tmp_path)
    assert sorted(p.name for p in changed) == ["page.ipynb", "page.md"]
    assert "worked out" not in (sources / "page.md").read_text()
    cells = nbformat.read(sources / "page.ipynb", as_version=4).cells
    assert [cell.source for cell in cells] == ["The end."]


def test_a_cell_that_checks_a_solution_leaves_with_the_solutions():
    page = PAGE + (
        "## How we checked this page\n\n"
        "```{code-cell} ipython3\n:tags: [solution-check]\n\n"
        "assert slope == 42\n```\n\n"
        "```{code-cell} ipython3\n---\ntags: [remove-input, solution-check]\n---\n"
        "assert loss == 7\n```\n\n"
        "```{code-cell} ipython3\nassert 1 + 1 == 2\n```\n"
    )
    text = edition.without_solutions(page)
    assert "slope == 42" not in text and "loss == 7" not in text
    assert "assert 1 + 1 == 2" in text and "## How we checked this page" in text
    notebook = new_notebook(
        cells=[
            new_code_cell("assert slope == 42", metadata={"tags": ["solution-check"]}),
            new_code_cell("assert 1 + 1 == 2"),
        ]
    )
    edition.notebook_without_solutions(notebook)
    assert [cell.source for cell in notebook.cells] == ["assert 1 + 1 == 2"]
