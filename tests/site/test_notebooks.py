import nbformat
import pytest
from jupyter_cache import get_cache
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dlbook_site import notebooks


def chapter(code="x = 2\nx * 21"):
    notebook = new_notebook(cells=[new_markdown_cell("# A page"), new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


@pytest.fixture
def built(tmp_path):
    """A site whose _sources notebook has no outputs, and a cache with its run."""
    executed = chapter()
    executed.cells[1].outputs = [
        new_output("execute_result", data={"text/plain": "42"}, execution_count=1)
    ]
    executed.cells[1].execution_count = 1
    run = tmp_path / "run.ipynb"
    nbformat.write(executed, run)
    cache_dir = tmp_path / ".jupyter_cache"
    get_cache(cache_dir).cache_notebook_file(run, check_validity=False)
    sources = tmp_path / "html" / notebooks.SOURCES / "chapters"
    sources.mkdir(parents=True)
    nbformat.write(chapter(), sources / "page.ipynb")
    return tmp_path / "html", cache_dir


def test_a_downloadable_notebook_gets_the_outputs_of_its_run(built):
    site, cache_dir = built
    filled = notebooks.fill_outputs(site, cache_dir)
    assert filled == {"_sources/chapters/page.ipynb": 1}
    notebook = nbformat.read(site / "_sources/chapters/page.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].source == "# A page"
    assert notebook.cells[1].outputs[0]["data"]["text/plain"] == "42"


def test_a_notebook_the_build_did_not_run_is_a_clear_error(built):
    site, cache_dir = built
    nbformat.write(chapter("x = 3"), site / "_sources/chapters/other.ipynb")
    with pytest.raises(notebooks.NotebookOutputsError, match="other.ipynb has no exec"):
        notebooks.fill_outputs(site, cache_dir)


def test_a_notebook_filled_by_an_earlier_build_is_left_as_it_is(built):
    # The student edition fills a notebook, then takes its solutions out: its code no
    # longer matches the run, and a rebuild that did not copy it again must keep it.
    site, cache_dir = built
    path = site / "_sources/chapters/page.ipynb"
    notebooks.fill_outputs(site, cache_dir)
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata[notebooks.FILLED] is True
    notebook.cells.append(new_code_cell("solution = 42"))
    nbformat.write(notebook, path)
    assert notebooks.fill_outputs(site, cache_dir) == {
        "_sources/chapters/page.ipynb": 1
    }
    assert nbformat.read(path, as_version=4) == notebook


def test_without_an_execution_cache_the_build_stops(built, tmp_path):
    site, _ = built
    with pytest.raises(notebooks.NotebookOutputsError, match="no execution cache"):
        notebooks.fill_outputs(site, tmp_path / "missing")


def test_cells_with_outputs_are_counted():
    notebook = chapter()
    assert notebooks.code_cells_with_outputs(notebook) == 0
    notebook.cells[1].outputs = [new_output("stream", text="hi")]
    assert notebooks.code_cells_with_outputs(notebook) == 1
