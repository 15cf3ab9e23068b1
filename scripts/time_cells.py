"""Run chapters as notebooks and report each cell's time against the page's cell
timeout.

    python scripts/time_cells.py [PAGE.md ...]   # default: every chapter

A page runs as the book build runs it (Jupytext reads it, nbclient executes it with the
page's folder as the working directory, with the environment's DLBOOK_PROFILE).  For
each page it prints the total, the slowest cells, and the timeout that applies to them
(the page's ``execution_timeout`` or ``execute.timeout`` in ``_config.yml``), with the
margin: how many times slower a machine could be before that cell times out.  The
figures are written to ``measurements/cells.json``.
"""

import json
import re
import sys
import time
from datetime import datetime
from pathlib import Path

import jupytext
import nbclient
import yaml

ROOT = Path(__file__).resolve().parents[1]
SLOWEST = 3


def timeout_of(page):
    """The cell timeout for ``page``: its front matter's, else the book's default."""
    front = re.search(
        r"execution_timeout:\s*(-?\d+)", page.read_text(encoding="utf-8")[:3000]
    )
    if front:
        return int(front.group(1))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return int(config.get("execute", {}).get("timeout", 30))


def seconds(cell):
    """A cell's run time from the timestamps nbclient records."""
    stamps = cell.metadata.get("execution", {})
    start, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    start, end = (
        datetime.fromisoformat(s.replace("Z", "+00:00")) for s in (start, end)
    )
    return (end - start).total_seconds()


def time_page(page):
    notebook = jupytext.read(page)
    timeout = timeout_of(page)
    client = nbclient.NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(page.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    total = time.perf_counter() - started
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            first = next(
                (
                    line
                    for line in cell.source.splitlines()
                    if line.strip() and not line.startswith("#")
                ),
                "",
            )
            cells.append(
                {
                    "cell": index,
                    "seconds": round(seconds(cell), 2),
                    "first_line": first[:70],
                }
            )
    return {
        "page": str(page.relative_to(ROOT)),
        "total_seconds": round(total, 1),
        "timeout": timeout,
        "cells": cells,
    }


def main(arguments):
    pages = [Path(a).resolve() for a in arguments] or sorted(
        (ROOT / "chapters").glob("*.md")
    )
    results = []
    for page in pages:
        result = time_page(page)
        results.append(result)
        slowest = sorted(result["cells"], key=lambda cell: -cell["seconds"])[:SLOWEST]
        print(
            f"{result['page']}: {result['total_seconds']:.1f} s in all, "
            f"cell timeout {result['timeout']} s"
        )
        for cell in slowest:
            margin = (
                result["timeout"] / cell["seconds"] if cell["seconds"] else float("inf")
            )
            print(
                f"  cell {cell['cell']:>3}: {cell['seconds']:6.1f} s  "
                f"(timeout/{margin:.1f})  {cell['first_line']}"
            )
    out = ROOT / "measurements" / "cells.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
