"""Execute the book's notebooks in the Sphinx process that reads them, not in a Jupyter kernel each.

The chapters' code cells are thin: they import fastlege_calc and show a chart or a table. A Jupyter
kernel per page cost about 2 s each (start a kernel, import pandas, altair and fastlege_calc again,
start vl-convert's engine again), about 30 of a clean build's CPU seconds over the fifteen pages. Here
each page's cells run, in order, in a fresh namespace of the Sphinx process that reads the page
(Sphinx reads pages in parallel processes, so two pages never share a process at the same time), where
fastlege_calc and its per-data-version caches are already loaded.

What a page gets is what ipykernel would have given it: each cell's last expression is formatted by
IPython's own DisplayFormatter into an `execute_result` (text/html, text/markdown, text/plain, ...);
anything printed becomes a `stream` output (and stderr fails the build, as `stderr_output: error` in
_config.yml asks); an exception stops the page with an `error` output and its traceback, and myst-nb
reports it as a failed execution (a failed build under -W). Cells are plain Python: IPython magics
(`%time`, `!ls`) are not available and are reported as a SyntaxError naming the page's cell.

`install()` (called by fastlege_book.sphinx_ext's setup) puts `execute_notebook` in the place of the
one function myst-nb's direct execution calls (jupyter_cache's `single_nb_execution`), so myst-nb's
own bookkeeping (execution metadata, the failure report, the execution log) is unchanged.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import io
import json
import os
import time
import traceback
from typing import Any

from jupyter_cache.executors.utils import ExecutionResult
from nbformat import NotebookNode, from_dict

from fastlege_calc import data

#: The name a cell's code is compiled under in tracebacks: '<cell 3>' (the page is in myst-nb's message).
CELL_NAME = "<cell {number}>"


class CellError(Exception):
    """A code cell raised: the cell's number, the exception's name and value, and the traceback text."""

    def __init__(self, number: int, name: str, value: str, traceback_text: str) -> None:
        super().__init__(f"cell {number}: {name}: {value}")
        self.number, self.ename, self.evalue, self.traceback_text = number, name, value, traceback_text


@functools.cache
def _formatter():
    """IPython's DisplayFormatter, the one ipykernel formats a cell's result with (made once per process)."""
    from IPython.core.formatters import DisplayFormatter

    return DisplayFormatter()


def _language_info() -> dict:
    """The notebook's language_info as ipykernel reports it (Python, highlighted as 'ipython3')."""
    from ipykernel.ipkernel import IPythonKernel

    return json.loads(json.dumps(IPythonKernel.language_info))


def run_cell(source: str, namespace: dict, number: int) -> tuple[Any, str, str]:
    """Run one cell's Python in `namespace`: (value of its last expression or None, stdout text, stderr text).

    Raises CellError when the cell raises or does not compile (the traceback names `<cell N>`).
    """
    name = CELL_NAME.format(number=number)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        tree = ast.parse(source, filename=name)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            exec(compile(tree, name, "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), name, "eval"), namespace) if last else None
    except Exception as exc:  # any error of the page's own code: reported, never swallowed
        text = "".join(traceback.format_exception(exc))
        raise CellError(number, type(exc).__name__, str(exc), text) from exc
    return value, stdout.getvalue(), stderr.getvalue()


def _outputs(value: Any, out: str, err: str, count: int) -> list[dict]:
    """The cell's outputs as nbformat 4 dictionaries, in the order a kernel sends them."""
    outputs = [
        {"output_type": "stream", "name": name, "text": text}
        for name, text in (("stdout", out), ("stderr", err))
        if text
    ]
    if value is not None:
        data, metadata = _formatter().format(value)
        outputs.append({"output_type": "execute_result", "execution_count": count, "data": data, "metadata": metadata})
    return outputs


def execute_notebook(
    nb: NotebookNode, cwd: str | None, timeout: int | None, allow_errors: bool, **_ignored: Any
) -> ExecutionResult:
    """Run a notebook's code cells in order, in place (outputs and execution counts set), in the folder `cwd`.

    Takes and returns what jupyter_cache's single_nb_execution does: the notebook (nbformat node), the
    working folder, the timeout in seconds (not enforced: the cells run in this process) and whether
    errors are allowed; returns an ExecutionResult with the run time in seconds and, when a cell
    raised and errors are not allowed, the CellError and its traceback text (execution stops there).
    """
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    nb.metadata["language_info"] = _language_info()  # as a kernel sets it: myst-nb highlights shown code by it
    start, error, count = time.perf_counter(), None, 0
    here = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            count += 1
            try:
                with data.page_code():
                    value, out, err = run_cell(cell.source, namespace, count)
                outputs = _outputs(value, out, err, count)
            except CellError as exc:
                outputs = [
                    {
                        "output_type": "error",
                        "ename": exc.ename,
                        "evalue": exc.evalue,
                        "traceback": exc.traceback_text.splitlines(),
                    }
                ]
                if not allow_errors:
                    error = exc
            cell.outputs = [from_dict(output) for output in outputs]
            cell.execution_count = count
            if error is not None:
                break
    finally:
        os.chdir(here)
    seconds = time.perf_counter() - start
    return ExecutionResult(nb, cwd, seconds, error, error.traceback_text if error else None)


def install() -> None:
    """Make myst-nb's direct execution (execution mode 'force') run notebooks with execute_notebook."""
    from myst_nb.core.execute import direct

    direct.single_nb_execution = execute_notebook
