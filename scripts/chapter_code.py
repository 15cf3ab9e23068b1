"""Lint or format the code cells of the MyST Markdown chapters with ruff.

    python scripts/chapter_code.py check [PAGE.md ...]   # ruff check (`make lint`)
    python scripts/chapter_code.py format [PAGE.md ...]  # safe fixes, then ruff format

ruff reads notebooks but not MyST Markdown, so each page is written as a notebook to a
temporary folder (with Jupytext) and ruff runs there, with the project's settings from
pyproject.toml.  Problems are reported as ``chapters/PAGE.md, cell N: ...``.  ``format``
applies ruff's safe fixes (import order, unused imports) and ruff format, and puts each
cell back into the page, changing nothing outside the cells.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def pages(arguments):
    if arguments:
        return [Path(argument).resolve() for argument in arguments]
    return sorted((ROOT / "chapters").glob("*.md"))


def as_notebooks(chapters, folder):
    """Write each chapter as ``folder/<name>.ipynb``; return {notebook: chapter}."""
    written = {}
    for chapter in chapters:
        notebook = Path(folder) / f"{chapter.stem}.ipynb"
        nbformat.write(jupytext.read(chapter), notebook)
        written[notebook] = chapter
    return written


def ruff(*arguments):
    command = [str(RUFF), *arguments, "--config", str(ROOT / "pyproject.toml")]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def check(chapters):
    with tempfile.TemporaryDirectory() as folder:
        written = as_notebooks(chapters, folder)
        result = ruff("check", "--output-format", "concise", *map(str, written))
    report = result.stdout + result.stderr
    for notebook, chapter in written.items():
        report = report.replace(str(notebook), str(chapter.relative_to(ROOT)))
    print(report.strip() or "ruff: no problems in the chapters' code")
    return result.returncode


def code_sources(notebook):
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def format_in_place(chapters):
    changed = 0
    with tempfile.TemporaryDirectory() as folder:
        written = as_notebooks(chapters, folder)
        ruff(
            "check", "--fix", "--quiet", *map(str, written)
        )  # what it cannot fix, check reports
        result = ruff("format", *map(str, written))
        if result.returncode:
            print(result.stdout + result.stderr)
            return result.returncode
        for notebook, chapter in written.items():
            text = chapter.read_text(encoding="utf-8")
            before = code_sources(jupytext.read(chapter))
            after = code_sources(nbformat.read(notebook, as_version=4))
            position = 0
            for old, new in zip(before, after, strict=True):
                start = text.index(old, position) if old else position
                text = text[:start] + new + text[start + len(old) :]
                position = start + len(new)
            if text != chapter.read_text(encoding="utf-8"):
                chapter.write_text(text, encoding="utf-8")
                changed += 1
                print(f"formatted {chapter.relative_to(ROOT)}")
    print(f"{changed} of {len(chapters)} chapters changed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("check", "format"):
        sys.exit(__doc__)
    action = {"check": check, "format": format_in_place}[sys.argv[1]]
    sys.exit(action(pages(sys.argv[2:])))
