"""dlbook_site.cache: a page runs again when the code it imports changes, and only
then."""

import subprocess
import sys
from pathlib import Path

from dlbook_site.cache import imported_modules, inputs_digest, page_modules

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")

CONFIG = """\
title: cache test
only_build_toc_files: true
execute:
  execute_notebooks: cache
sphinx:
  extra_extensions: [dlbook_site.cache]
  config:
    dlbook_execution_inputs: [data.txt]
    dlbook_execution_package: pkg
    dlbook_execution_ignored: []
"""
TOC = "format: jb-book\nroot: index\nchapters:\n  - file: other\n"
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
# {title}

```{{code-cell}} ipython3
from pkg import {module}

print("{module} says", {module}.VALUE)
```
"""


def build(book):
    done = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    html = book / "_build" / "html"
    return (
        done.stdout,
        (html / "index.html").read_text(),
        (html / "other.html").read_text(),
    )


def write_book(book):
    (book / "_config.yml").write_text(CONFIG)
    (book / "_toc.yml").write_text(TOC)
    (book / "index.md").write_text(PAGE.format(title="Index", module="a"))
    (book / "other.md").write_text(PAGE.format(title="Other", module="b"))
    (book / "pkg").mkdir()
    (book / "pkg" / "__init__.py").write_text("")
    (book / "pkg" / "a.py").write_text("VALUE = 'a1'\n")
    (book / "pkg" / "b.py").write_text("from pkg.c import VALUE\n")
    (book / "pkg" / "c.py").write_text("VALUE = 'c1'\n")
    (book / "data.txt").write_text("one\n")


def executed(log):
    return sorted(
        Path(line.split(":")[0]).stem
        for line in log.splitlines()
        if "Executing notebook" in line
    )


def test_a_page_runs_again_when_a_module_it_imports_changes_and_only_then(tmp_path):
    write_book(tmp_path)
    log, index, other = build(tmp_path)
    assert executed(log) == ["index", "other"]
    assert "a says a1" in index and "b says c1" in other

    # Neither page changed. "other" imports pkg.b, which imports pkg.c.
    (tmp_path / "pkg" / "c.py").write_text("VALUE = 'c2'\n")
    log, index, other = build(tmp_path)
    assert executed(log) == ["other"]
    assert "1 of 2 pages run again" in log
    assert "b says c2" in other and "a says a1" in index

    log, index, other = build(tmp_path)  # nothing changed: nothing runs
    assert executed(log) == [] and "run again" not in log

    # What every page reads: every page runs again.
    (tmp_path / "data.txt").write_text("two\n")
    log, _, _ = build(tmp_path)
    assert executed(log) == ["index", "other"]


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


def test_imports_are_followed_through_the_package_and_its_relative_imports(tmp_path):
    source = "import os\nfrom pkg import a\nimport pkg.sub.d as d\n"
    assert imported_modules(source, "pkg") == {"pkg", "pkg.a", "pkg.sub.d"}
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "site").mkdir()
    for name in ("__init__", "a", "b", "unused"):
        (tmp_path / "pkg" / f"{name}.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from . import b\nfrom pkg import site\n")
    (tmp_path / "pkg" / "site" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "sub" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "sub" / "d.py").write_text("from ..b import X\n")
    found = page_modules(tmp_path, source, "pkg", ["pkg/site"])
    assert [f.relative_to(tmp_path).as_posix() for f in found] == [
        "pkg/__init__.py",
        "pkg/a.py",
        "pkg/b.py",
        "pkg/sub/__init__.py",
        "pkg/sub/d.py",
    ]
