"""Incremental builds on a built copy of the book: what a change re-reads, re-executes and shows.

The tests run in file order on this module's own copy: a no-change rebuild (skipped by the input
stamp), a no-change rebuild through Sphinx, a changed CSV value, then a changed package function.
Pages re-read are seen from their doctree files; notebooks executed from the build's execution log.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fastlege_book.incremental import EXECUTION_LOG
from fastlege_calc import fmt, registry
from tests.helpers import ROOT, replace_in

from .bookutil import build_copy, make_book, normalise, outside_changes_page, page_text, pdf_text, snapshot


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A built copy of its own: the tests below change it and rebuild."""
    return build_copy(tmp_path_factory.mktemp("incremental") / "repo")


def executions(book: Path) -> list[dict]:
    """Every notebook execution the copy's builds have logged."""
    log = book / "_build" / ".work" / "_build" / ".doctrees" / EXECUTION_LOG
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.is_file() else []


def doctree_times(book: Path) -> dict[str, int]:
    """Page name → modification time of its doctree (changes exactly when Sphinx re-reads the page)."""
    folder = book / "_build" / ".work" / "_build" / ".doctrees"
    return {p.relative_to(folder).with_suffix("").as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.doctree")}


def rebuild(book: Path) -> tuple[set[str], list[str], subprocess.CompletedProcess]:
    """Run `make book`; return the pages re-read, the notebooks executed and the result."""
    pages_before, runs_before = doctree_times(book), len(executions(book))
    result = make_book(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    after = doctree_times(book)
    reread = {page for page, mtime in after.items() if pages_before.get(page) != mtime}
    return reread, sorted(e["docname"] for e in executions(book)[runs_before:]), result


def substitutions_with_data(data_dir: Path) -> dict[str, str]:
    """The figures as the package computes them from another data folder (in a fresh process)."""
    code = "import json; from fastlege_calc import registry; print(json.dumps(registry.substitutions()))"
    env = {**os.environ, "FASTLEGE_DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def toc_pages(book: Path) -> set[str]:
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    return {toc["root"]} | {c["file"] for part in toc["parts"] for c in part["chapters"]}


def source(book: Path, page: str) -> str:
    return (book / f"{page}.md").read_text(encoding="utf-8")


def code_pages(book: Path) -> set[str]:
    """Pages with notebook code cells."""
    return {page for page in toc_pages(book) if "{code-cell}" in source(book, page)}


def test_no_change_rebuild_skips_sphinx_and_executes_nothing(book):
    before = snapshot(book / "_build" / "html")
    reread, executed, result = rebuild(book)
    assert "html: up to date" in result.stdout and "pdf: up to date" in result.stdout
    assert "Running Jupyter-Book" not in result.stdout
    assert (reread, executed) == (set(), [])
    assert snapshot(book / "_build" / "html") == before


def test_no_change_rebuild_through_sphinx_rereads_and_executes_nothing(book):
    # Without the stamp Sphinx runs, and the per-page dependencies find nothing changed.
    for stamp in (book / "_build" / ".cache").glob("stamp-*"):
        stamp.unlink()
    reread, executed, result = rebuild(book)
    assert "Running Jupyter-Book" in result.stdout
    assert (reread, executed) == (set(), [])


def test_changed_csv_value_rereads_exactly_its_pages_and_no_old_value_remains(book):
    # The rate under the break point from 1 January 2022: 653 → 660 kr per patient.
    before = substitutions_with_data(book / "data")
    replace_in(book / "data" / "basistilskudd_rates.csv", "2022-01-01,kneepoint,653,", "2022-01-01,kneepoint,660,")
    after = substitutions_with_data(book / "data")
    changed_keys = sorted(k for k in after if before.get(k) != after[k])
    assert "bt_2022_01_01" in changed_keys and "ap_rise_per_patient" in changed_keys

    reread, executed, _ = rebuild(book)

    # Re-read: the pages showing a changed figure, the pages whose code read the rates table (both
    # financing notebooks do), and the changes page. No page without code that shows none of them.
    usage = registry.usage(book)
    showing = {page for key in changed_keys for page in usage.get(key, [])}
    code = code_pages(book)
    # The appendix Tall og kilder lists every figure, so it depends on all of data/ and the package.
    every_figure = {"book/endringer", "book/tall-og-kilder"}
    assert showing | {"book/finansiering", "notebooks/finansiering"} | every_figure <= reread
    assert reread - showing - every_figure <= code
    assert reread < toc_pages(book)
    assert {"book/finansiering", "notebooks/finansiering"} <= set(executed) <= code
    assert len(executed) == len(set(executed))  # each once: the PDF build reuses the website's pages

    # Every changed figure shows its new text and never its old one, on every page and in the PDF.
    html_text = {p: page_text(p) for p in (book / "_build" / "html").rglob("*.html")}
    pdf = outside_changes_page(pdf_text(book / "_build" / "fastlegeordningen.pdf"))
    new_rise, old_rise = (660 - 499) * 1000, (653 - 499) * 1000
    for key in changed_keys:
        new = normalise(after[key])
        for page in usage.get(key, []):
            assert new in html_text[book / "_build" / "html" / f"{page}.html"], (key, page)
        assert new in pdf, key
    for path, text in html_text.items():
        if path.name != "endringer.html":
            assert fmt.nok(old_rise).replace("\u00a0", " ") not in text, path.name
            assert "653 kr" not in text and "653,00" not in text, path.name
    assert fmt.nok(new_rise).replace("\u00a0", " ") in pdf
    assert fmt.nok(old_rise).replace("\u00a0", " ") not in pdf and "653 kr" not in pdf

    # The registry and the changes page list exactly the changed figures.
    site_registry = json.loads((book / "_build" / "html" / "_static" / "figures.json").read_text(encoding="utf-8"))
    shown = {f["key"]: f["text"] for f in site_registry["figures"]}
    assert shown == after
    pdf_registry = json.loads((book / "_build" / "fastlegeordningen-figures.json").read_text(encoding="utf-8"))
    assert {f["key"]: f["text"] for f in pdf_registry["figures"]} == after
    page = (book / "_build" / "html" / "book" / "endringer.html").read_text(encoding="utf-8")
    table = page[page.index('class="fl-changes') :]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[: table.index("</table>")], flags=re.S)[1:]
    descriptions = {f["key"]: f["description"] for f in site_registry["figures"]}
    assert len(rows) == len(changed_keys)
    changes_text = page_text(book / "_build" / "html" / "book" / "endringer.html")
    assert f"Siden da har {len(changed_keys)} tall endret seg" in changes_text
    for key in changed_keys:
        assert descriptions[key] in changes_text, key
    assert "data/basistilskudd_rates.csv, linje 6 (2022-01-01): rate_nok_per_patient 653 → 660" in changes_text


def test_changed_package_function_rereads_its_pages_and_shows_the_new_value(book):
    # The gap between Legeforeningen's estimate and the plan, now (wrongly, but visibly) twice the plan
    # subtracted: need − 2 × plan instead of need − plan.
    from fastlege_calc import action_plan

    expected_gap = fmt.nok_compact(action_plan.legeforeningen_need_nok() - 2 * action_plan.plan_total_nok())
    old_gap = registry.substitutions()["ap_gap"]
    assert expected_gap != old_gap
    replace_in(
        book / "fastlege_calc" / "action_plan.py",
        "return legeforeningen_need_nok() - plan_total_nok()",
        "return legeforeningen_need_nok() - 2 * plan_total_nok()",
    )
    reread, executed, _ = rebuild(book)
    # Pages showing ap_gap, pages whose code imports the package (conservative), the changes page.
    importing = {page for page in code_pages(book) if "fastlege_calc" in source(book, page)}
    assert reread == set(registry.usage(book)["ap_gap"]) | importing | {"book/endringer", "book/tall-og-kilder"}
    assert sorted(executed) == sorted(importing)
    chapter = page_text(book / "_build" / "html" / "book" / "finansiering.html")
    pdf = outside_changes_page(pdf_text(book / "_build" / "fastlegeordningen.pdf"))
    for where, text in [("chapter", chapter), ("pdf", pdf)]:
        assert f"eller {normalise(expected_gap)} mer enn planen" in text, where
        assert f"eller {normalise(old_gap)} mer enn planen" not in text, where
    assert "Endret beregning i fastlege_calc" in page_text(book / "_build" / "html" / "book" / "endringer.html")


def test_workflow_files_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run([str(actionlint), *map(str, workflows)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_builds_uploads_and_publishes_on_main():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    for event in ("push", "pull_request"):
        paths = triggers[event]["paths"]
        for watched in ("data/**", "fastlege_calc/**", "book/**", "notebooks/**", "_config.yml", "_toc.yml"):
            assert watched in paths, (event, watched)
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    assert "make test" in runs and "make book" in runs
    assert sum(u.startswith("actions/upload-artifact") for u in uses) == 2
    assert sum(u.startswith("actions/cache") for u in uses) == 2
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
