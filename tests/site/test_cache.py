"""dlbook.site.cache: a change in the code the pages import runs them again."""

import subprocess
import sys
from pathlib import Path

from dlbook.site.cache import inputs_digest

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")

CONFIG = """\
title: cache test
only_build_toc_files: true
execute:
  execute_notebooks: cache
sphinx:
  extra_extensions: [dlbook.site.cache]
  config:
    dlbook_execution_inputs: [helper.py]
    dlbook_execution_ignored: []
"""
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
# Page

```{code-cell} ipython3
import helper

print("helper says", helper.VALUE)
```
"""


def build(book):
    done = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout, (book / "_build" / "html" / "index.html").read_text()


def test_a_change_in_an_imported_module_runs_the_page_again(tmp_path):
    (tmp_path / "_config.yml").write_text(CONFIG)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (tmp_path / "index.md").write_text(PAGE)
    (tmp_path / "helper.py").write_text("VALUE = 'one'\n")
    log, html = build(tmp_path)
    assert "helper says one" in html

    # The page itself is unchanged: without the digest its cached output would stay.
    (tmp_path / "helper.py").write_text("VALUE = 'two'\n")
    log, html = build(tmp_path)
    assert "every page runs again" in log
    assert "helper says two" in html and "helper says one" not in html

    log, html = build(tmp_path)  # nothing changed: nothing runs
    assert "Executing notebook" not in log and "every page runs again" not in log
    assert "helper says two" in html


def test_the_digest_follows_files_and_profile_and_skips_what_is_ignored(tmp_path):
    (tmp_path / "pkg" / "site").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("A = 1\n")
    (tmp_path / "pkg" / "site" / "b.py").write_text("B = 1\n")
    digest = inputs_digest(tmp_path, ["pkg"], ["pkg/site"])
    (tmp_path / "pkg" / "site" / "b.py").write_text("B = 2\n")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.pyc").write_bytes(b"\0")
    assert inputs_digest(tmp_path, ["pkg"], ["pkg/site"]) == digest
    assert inputs_digest(tmp_path, ["pkg"], ["pkg/site"], profile="full") != digest
    (tmp_path / "pkg" / "a.py").write_text("A = 2\n")
    assert inputs_digest(tmp_path, ["pkg"], ["pkg/site"]) != digest
