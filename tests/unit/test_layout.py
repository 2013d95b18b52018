"""The build's layout is written in one place, and the files that cannot import it agree with it.

The CI workflow (YAML) and the Makefile cannot ask fastlege_book.layout; these checks make them say
the same: CI runs on every change to a build input, uploads what the build publishes, and every
Makefile build target is the Python entry point.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from fastlege_book import layout
from fastlege_book.layout import INPUTS, PDFS, REPORT, Layout
from tests.helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
#: What CI also watches that is not an input of the book: the tests, the scripts, CI's own files and
#: the raw snapshots (the build never reads them; the tests check that importing them gives data/).
TEST_INPUTS = {"tests/**", "scripts/**", "snapshots/**", ".ci/**", ".github/workflows/book.yml"}


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def trigger_pattern(root: Path, name: str) -> str:
    """The workflow's path pattern for one input: a folder's files, or the file itself."""
    return f"{name}/**" if (root / name).is_dir() else name


def test_ci_runs_on_every_change_to_a_build_input_and_to_nothing_else_unlisted():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as True
    expected = {trigger_pattern(ROOT, name) for name in INPUTS} | TEST_INPUTS
    for event in ("push", "pull_request"):
        assert set(triggers[event]["paths"]) == expected, event


def test_ci_uploads_what_the_build_publishes():
    steps = workflow()["jobs"]["build"]["steps"]
    uploaded = set()
    for step in steps:
        if step.get("uses", "").startswith(("actions/upload-artifact", "actions/upload-pages-artifact")):
            uploaded |= set(step["with"]["path"].split())
    published = {path.relative_to(ROOT).as_posix() for path in Layout.here(ROOT).published()}
    assert uploaded == published


def test_every_input_exists_in_the_repository():
    assert [name for name in INPUTS if not (ROOT / name).exists()] == []


def test_the_root_is_the_folder_given_or_the_current_directory(tmp_path, monkeypatch):
    assert Layout.here(tmp_path).root == tmp_path.resolve()
    monkeypatch.chdir(tmp_path)
    here = Layout.here()
    assert here.root == tmp_path.resolve()  # not the folder the package is installed in
    assert here.work == tmp_path.resolve() / "_build" / ".work"
    assert here.cache == tmp_path.resolve() / "_build" / ".cache"
    assert here.execution_log.is_relative_to(here.work)
    assert here.pdf(REPORT) == tmp_path.resolve() / "_build" / "fastlegeordningen.pdf"


def test_the_pdfs_have_distinct_names_and_norwegian_link_labels():
    assert len({pdf.name for pdf in PDFS}) == len(PDFS) and PDFS[0] == REPORT
    for pdf in PDFS:
        assert pdf.name.endswith(".pdf") and not pdf.name.endswith(".failed.pdf")
        assert "PDF" in pdf.label and not re.search(r"\b(the|whole|short)\b", pdf.label, re.I)


def test_nothing_outside_the_layout_spells_the_build_folders():
    """The build's folders and output names are written in layout.py only (the tests' own checks aside)."""
    spelled = [
        r"_build[/\"' ]*\.(work|cache)",
        r"\.work['\"]?\s*/\s*['\"]?_build",
        re.escape(REPORT.name),
        re.escape(layout.EXECUTION_LOG),
    ]
    files = [*(ROOT / "fastlege_book").rglob("*.py"), *(ROOT / "fastlege_calc").rglob("*.py")]
    files += [ROOT / "scripts" / "bench.py", ROOT / "Makefile", ROOT / "_config.yml"]
    found = [
        f"{path.relative_to(ROOT)}: {pattern}"
        for path in files
        if path.name != "layout.py"
        for pattern in spelled
        if re.search(pattern, path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_make_build_targets_are_one_line_aliases_of_the_entry_point():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in layout.TARGETS:
        recipe = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)+)", makefile, flags=re.M)
        assert recipe, target
        lines = recipe.group(1).splitlines()
        assert len(lines) == 1 and lines[0].strip() == f"$(BUILD) {target}", (target, lines)
    assert re.search(r"^BUILD := \$\(BIN\)/python -m fastlege_book build$", makefile, flags=re.M)


def test_make_help_lists_the_commands_of_the_readme():
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    listed = set(re.findall(r"make (\S+)", result.stdout))
    assert {"book", "html", "pdf", "test", "test-fast", "validate", "release", "bench", "clean"} <= listed


def test_workflow_files_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    actionlint = Path(sys.executable).parent / "actionlint"
    result = subprocess.run([str(actionlint), *map(str, workflows)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_builds_uploads_and_publishes_on_main():
    flow = workflow()
    steps = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    assert "make test" in runs and "make book" in runs
    assert sum(u.startswith("actions/upload-artifact") for u in uses) == 2
    assert sum(u.startswith("actions/cache") for u in uses) == 2
    deploy = flow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"] and deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
