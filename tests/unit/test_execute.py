"""Notebooks run in the Sphinx process (fastlege_book.execute) give a page what a Jupyter kernel gave it.

The outputs of the chapters' kinds of cell (a table from fastlege_calc.tables, a chart, a number) are
compared with a real ipykernel run of the same notebook; errors stop the page with their traceback;
each page starts from an empty namespace; and no fastlege_calc module reads a data table when it is
imported, so the tables a page records (FASTLEGE_RECORD_TABLES, fastlege_book.incremental) are the
ones its cells read, whichever page of the process imported the package first.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

import fastlege_calc
from fastlege_book import execute
from fastlege_calc import data
from tests.helpers import ROOT


def notebook(*sources: str) -> nbformat.NotebookNode:
    """A notebook of code cells with the given sources."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


#: Cells like the chapters': an import, a Markdown table from the package, a chart, a plain value, a print.
CHAPTER_CELLS = (
    "from fastlege_calc import charts\nfrom fastlege_calc.tables import key_value_table",
    'key_value_table({"Listelengde": "1 000", "Basistilskudd": "653 kr"}, ("Hva", "Verdi"))',
    'charts.show("fig-tromso-listelengde")',
    "x = 653 * 1000 - 499 * 1000\nx",
    'print("skrevet ut")',
    "y = 1",
)


def outputs_of(nb: nbformat.NotebookNode) -> list[list[dict]]:
    """Each cell's outputs without execution counts (a kernel and this module count alike, but say it once)."""
    return [[{k: v for k, v in dict(o).items() if k != "execution_count"} for o in cell.outputs] for cell in nb.cells]


def test_outputs_are_those_of_a_jupyter_kernel(tmp_path):
    in_process = notebook(*CHAPTER_CELLS)
    result = execute.execute_notebook(in_process, str(tmp_path), timeout=60, allow_errors=False)
    assert result.err is None
    kernel = notebook(*CHAPTER_CELLS)
    NotebookClient(kernel, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert outputs_of(in_process) == outputs_of(kernel)
    assert in_process.metadata["language_info"] == kernel.metadata["language_info"]  # shown code highlighted alike
    # and the outputs are what the cells make: the hand calculation, the printed line, the chart's HTML
    expected = 653 * 1000 - 499 * 1000
    assert in_process.cells[3].outputs[0]["data"]["text/plain"] == str(expected)
    assert in_process.cells[4].outputs == [{"output_type": "stream", "name": "stdout", "text": "skrevet ut\n"}]
    assert 'class="fl-chart"' in in_process.cells[2].outputs[0]["data"]["text/html"]
    assert "text/markdown" in in_process.cells[1].outputs[0]["data"]
    assert [c.execution_count for c in in_process.cells] == [1, 2, 3, 4, 5, 6]
    assert in_process.cells[5].outputs == []


def test_an_error_stops_the_page_with_its_traceback(tmp_path):
    nb = notebook("a = 1", 'raise RuntimeError("deliberately broken notebook")', "b = 2")
    result = execute.execute_notebook(nb, str(tmp_path), timeout=60, allow_errors=False)
    assert isinstance(result.err, execute.CellError) and result.err.number == 2
    assert "deliberately broken notebook" in result.exc_string and "<cell 2>" in result.exc_string
    (error,) = nb.cells[1].outputs
    assert error["output_type"] == "error" and error["ename"] == "RuntimeError"
    assert nb.cells[2].outputs == [] and nb.cells[2].execution_count is None  # not run


def test_a_magic_is_a_syntax_error_naming_the_cell(tmp_path):
    nb = notebook("%time 1 + 1")
    result = execute.execute_notebook(nb, str(tmp_path), timeout=60, allow_errors=False)
    assert result.err.ename == "SyntaxError" and "<cell 1>" in result.exc_string


def test_allowed_errors_are_outputs_and_the_page_goes_on(tmp_path):
    nb = notebook("1 / 0", "2 + 2")
    result = execute.execute_notebook(nb, str(tmp_path), timeout=60, allow_errors=True)
    assert result.err is None
    assert nb.cells[0].outputs[0]["ename"] == "ZeroDivisionError"
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "4"


def test_each_page_starts_from_an_empty_namespace_in_its_own_folder(tmp_path):
    first = notebook("secret = 42")
    execute.execute_notebook(first, str(tmp_path), timeout=60, allow_errors=False)
    second = notebook("import os\nos.getcwd()", "secret")
    here = os.getcwd()
    result = execute.execute_notebook(second, str(tmp_path), timeout=60, allow_errors=False)
    assert second.cells[0].outputs[0]["data"]["text/plain"] == repr(str(tmp_path))
    assert result.err is not None and result.err.ename == "NameError"
    assert os.getcwd() == here  # the process's own folder is given back


def test_stderr_is_an_output_the_build_rejects(tmp_path):
    nb = notebook('import sys\nprint("advarsel", file=sys.stderr)')
    execute.execute_notebook(nb, str(tmp_path), timeout=60, allow_errors=False)
    assert nb.cells[0].outputs == [{"output_type": "stream", "name": "stderr", "text": "advarsel\n"}]


def test_install_replaces_the_function_myst_nb_executes_with(monkeypatch):
    from myst_nb.core.execute import direct

    monkeypatch.setattr(direct, "single_nb_execution", None)
    execute.install()
    assert direct.single_nb_execution is execute.execute_notebook


#: Imports each module in turn and prints the ones after whose import the record file grew.
IMPORT_EACH = """
import importlib, os, sys
record = os.environ["FASTLEGE_RECORD_TABLES"]
for name in sys.argv[1:]:
    before = os.path.getsize(record)
    importlib.import_module(name)
    if os.path.getsize(record) != before:
        print(name)
"""


def test_importing_a_module_reads_no_table(tmp_path):
    found = pkgutil.walk_packages(fastlege_calc.__path__, "fastlege_calc.")
    modules = sorted(m.name for m in found if not m.name.endswith("__main__"))
    assert "fastlege_calc.charts.tromso" in modules  # the walk finds the chart modules too
    record = tmp_path / "tables"
    record.write_text("", encoding="utf-8")
    env = {**os.environ, data.RECORD_ENV: str(record), "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH, *modules], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "", f"importing these modules read a data table: {run.stdout.split()}"
