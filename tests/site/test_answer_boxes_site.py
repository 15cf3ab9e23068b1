"""dlbook_site.answer_boxes on a small book: a box inside an exercise, its script and
style linked on that page only, and no script inside the page's output."""

import subprocess
import sys
from pathlib import Path

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
CONFIG = """\
title: boxes
only_build_toc_files: true
execute:
  execute_notebooks: force
sphinx:
  extra_extensions: [sphinx_exercise, dlbook_site.answer_boxes]
"""
TOC = "format: jb-book\nroot: index\nchapters:\n  - file: plain\n"
PAGE = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---
# A page with a box

```{code-cell} ipython3
:tags: [remove-cell]
from dlbook import answer_boxes
```

```{exercise-start}
:label: ex-mse
```

What is the initial MSE?

```{code-cell} ipython3
:tags: [remove-input, answer-box]
answer_boxes.number("initial-mse", label="initial MSE", answer=0.25)
```

```{exercise-end}
```
"""


def test_a_box_in_an_exercise_loads_the_script_on_its_page_only(tmp_path):
    (tmp_path / "_config.yml").write_text(CONFIG)
    (tmp_path / "_toc.yml").write_text(TOC)
    (tmp_path / "index.md").write_text(PAGE)
    (tmp_path / "plain.md").write_text("# A page without boxes\n\nText.\n")
    done = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    html = tmp_path / "_build" / "html"
    page = (html / "index.html").read_text()
    exercise = page[page.index('id="ex-mse"') :]
    assert exercise.index('<form class="self-check" id="box-initial-mse"') < (
        exercise.index("</section>")
    )
    assert "_static/answer_boxes.js" in page and "_static/answer-boxes.css" in page
    assert "<script>" not in page[page.index("<form") : page.index("</form>")]
    plain = (html / "plain.html").read_text()
    assert "answer_boxes.js" not in plain and "answer-boxes.css" not in plain
    for name in ("answer_boxes.js", "answer-boxes.css"):
        assert (html / "_static" / name).is_file()
