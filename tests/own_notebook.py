"""Run a chapter's own-notebook code as a student would: pasted into a fresh notebook.

Each chapter's main page gives its idea as code a student can take away, in cells
tagged ``own-notebook`` (:data:`dlbook_site.lessons.OWN_NOTEBOOK_TAG`).  They may
import NumPy, SymPy, matplotlib, TensorFlow and Keras, never ``dlbook``.
:func:`run_without_dlbook` runs them, in the page's order, in a fresh Jupyter kernel in
an empty folder, where ``import dlbook`` fails, and then runs the test's probe, an
expression whose value comes back as JSON.  The test compares that with the package.
"""

import json
import tempfile
from pathlib import Path

import nbformat
from myst_nb.core.read import read_myst_markdown_notebook
from nbclient import NotebookClient

from dlbook_site.lessons import OWN_NOTEBOOK_TAG

ROOT = Path(__file__).resolve().parents[1]

# The student's notebook has no dlbook: make sure of it before anything runs.
WITHOUT_DLBOOK = """\
import sys

sys.modules["dlbook"] = None  # what an import finds: nothing, so it fails
try:
    import dlbook  # noqa: F401
except ImportError:
    pass
else:
    raise AssertionError("dlbook could be imported")
"""


def own_notebook_cells(chapter):
    """The source of each cell of ``chapters/<chapter>.md`` tagged own-notebook."""
    text = (ROOT / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    notebook = read_myst_markdown_notebook(text)
    return [
        cell.source
        for cell in notebook.cells
        if cell.cell_type == "code"
        and OWN_NOTEBOOK_TAG in cell.metadata.get("tags", [])
    ]


def run_without_dlbook(chapter, probe, *, before="", timeout=600):
    """Run ``chapter``'s own-notebook cells in a fresh kernel without dlbook, then
    ``probe`` (a Python expression); return the probe's value, through JSON.

    ``before`` runs first, after dlbook is blocked: a test uses it to stand in for the
    network (Keras's MNIST download), never to define what the cells use.
    """
    cells = own_notebook_cells(chapter)
    assert cells, f"chapters/{chapter}.md has no cell tagged {OWN_NOTEBOOK_TAG}"
    sources = [
        WITHOUT_DLBOOK,
        before,
        *cells,
        f"import json\nprint(json.dumps({probe}))",
    ]
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(s) for s in sources if s]
    with tempfile.TemporaryDirectory() as empty:
        NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": empty}},
        ).execute()
    printed = "".join(
        output.get("text", "")
        for output in notebook.cells[-1].outputs
        if output.get("name") == "stdout"
    )
    return json.loads(printed)
