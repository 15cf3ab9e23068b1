"""Run one or more chapters headless, without building the site, and check their glue.

    python scripts/run_chapter.py chapters/backprop.md [chapters/vanishing.md ...]

Each page runs as a notebook (Jupytext, then nbclient) in ``chapters/``, with the
page's own ``execution_timeout``.  The script reports, per page:

- the run time, or the cell that failed and its error;
- every ``{glue...}`` reference in the page's text that no cell glued;
- every glued name the text never uses;
- any output on stderr outside cells whose output is removed (the site shows
  none).

It exits 1 if any page fails or has a problem.  A full ``make book`` is still the
test; this is the quick loop while writing a page.
"""

import re
import sys
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = re.compile(
    r"\{glue(?::\w+)?\}`([\w-]+)(?::[^`]*)?`|```\{glue(?::\w+)?\}\s+([\w-]+)"
)


def glued_names(notebook):
    names = set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                names.add(name)
    return names


HIDDEN_OUTPUT = {"remove-cell", "remove-output"}


def stderr_outputs(notebook):
    """stderr the site would show: cells whose output is removed are left out."""
    return [
        (number, output.get("text", "")[:200])
        for number, cell in enumerate(notebook.cells, start=1)
        if not HIDDEN_OUTPUT & set(cell.get("metadata", {}).get("tags", []))
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr"
    ]


def run(page):
    notebook = jupytext.read(page)
    timeout = (
        notebook.metadata.get("mystnb", {}).get("execution_timeout")
        or notebook.metadata.get("execution", {}).get("timeout")
        or 120
    )
    client = NotebookClient(
        notebook, timeout=timeout, resources={"metadata": {"path": str(page.parent)}}
    )
    start = time.perf_counter()
    problems = []
    try:
        client.execute()
    except CellExecutionError as error:
        return [f"a cell failed:\n{str(error)[-3000:]}"], time.perf_counter() - start
    elapsed = time.perf_counter() - start
    text = page.read_text(encoding="utf-8")
    referenced = {a or b for a, b in REFERENCE.findall(text)}
    glued = glued_names(notebook)
    problems += [f"not glued: {name}" for name in sorted(referenced - glued)]
    problems += [f"glued, never used: {name}" for name in sorted(glued - referenced)]
    problems += [
        f"stderr in cell {n}: {text!r}" for n, text in stderr_outputs(notebook)
    ]
    return problems, elapsed


def main(arguments):
    if not arguments:
        print(__doc__)
        return 2
    failed = False
    for argument in arguments:
        page = Path(argument).resolve()
        problems, elapsed = run(page)
        print(f"{page.relative_to(ROOT)}: {elapsed:.0f} s, {len(problems)} problem(s)")
        for problem in problems:
            print(f"  {problem}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
