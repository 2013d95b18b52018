"""Reproducible and atomic: two clean builds say the same thing; a failed build never damages a good one.

`built_book` and `built_copy` are two clean builds of the same commit (with the same
SOURCE_DATE_EPOCH, see tests/bookutil.py). The failure tests break `built_copy` on purpose and
restore every file they change; the last test checks that the next build still works.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fastlege_book import publish

from .bookutil import make_book, page_text, pdf_text, snapshot

PDF = Path("_build") / "fastlegeordningen.pdf"


def _registry(copy: Path) -> list[dict]:
    """The figure registry as the copy's own package computes it from the copy's data and chapters."""
    code = "import json, pathlib; from fastlege_calc import registry; "
    code += "print(json.dumps(registry.records(pathlib.Path('.'))))"
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("FASTLEGE_DATA_DIR", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=copy, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _published(copy: Path) -> dict:
    """Every published file (website and PDFs) with size and modification time."""
    files = {f"html/{k}": v for k, v in snapshot(copy / "_build" / "html").items()}
    for pdf in (copy / "_build").glob("fastlegeordningen*.pdf"):
        files[pdf.name] = (pdf.stat().st_size, pdf.stat().st_mtime_ns)
    return files


# --- reproducible --------------------------------------------------------------------------------
def test_two_clean_builds_give_the_same_registry_page_text_and_pdf_text(built_book, built_copy):
    assert _registry(built_book) == _registry(built_copy)
    pages_a = sorted(
        p.relative_to(built_book / "_build" / "html") for p in (built_book / "_build" / "html").rglob("*.html")
    )
    pages_b = sorted(
        p.relative_to(built_copy / "_build" / "html") for p in (built_copy / "_build" / "html").rglob("*.html")
    )
    assert pages_a == pages_b
    differing = [
        str(page)
        for page in pages_a
        if page_text(built_book / "_build" / "html" / page) != page_text(built_copy / "_build" / "html" / page)
    ]
    assert differing == []
    assert pdf_text(built_book / PDF) == pdf_text(built_copy / PDF)


# --- atomic publish ------------------------------------------------------------------------------
def _break_and_build(copy: Path, file: str, addition: str) -> subprocess.CompletedProcess:
    """Append text to a page, run `make book`, restore the page; return the build's result."""
    path = copy / file
    original = path.read_bytes()
    try:
        path.write_text(original.decode("utf-8") + addition, encoding="utf-8")
        return make_book(copy)
    finally:
        path.write_bytes(original)


def test_a_notebook_that_raises_leaves_the_previous_outputs(built_copy):
    before = _published(built_copy)
    cell = '\n```{code-cell} ipython3\nraise RuntimeError("deliberately broken notebook")\n```\n'
    result = _break_and_build(built_copy, "book/finansiering.md", cell)
    assert result.returncode != 0
    assert "deliberately broken notebook" in result.stdout + result.stderr
    assert _published(built_copy) == before


def test_a_pdf_failure_leaves_the_previous_website_and_pdf(built_copy):
    # The website builds (into the work folder), the PDF fails its accessibility check (an image without
    # a text alternative): neither may be published.
    before = _published(built_copy)
    image = (
        '<img class="undefinedimagefortest" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">'
    )
    result = _break_and_build(built_copy, "book/om-tallene.md", f"\n```{{raw}} html\n{image}\n```\n")
    assert result.returncode != 0
    assert "without alternative text" in result.stderr
    assert "publish:" not in result.stdout
    assert _published(built_copy) == before
    assert "undefinedimagefortest" not in (built_copy / "_build" / "html" / "book" / "om-tallene.html").read_text(
        encoding="utf-8"
    )


def test_a_killed_build_leaves_the_previous_outputs(built_copy):
    before = _published(built_copy)
    path = built_copy / "book" / "tromso.md"
    original = path.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(built_copy)}
    env.pop("FASTLEGE_DATA_DIR", None)
    try:
        path.write_text(original.decode("utf-8") + "\nEn setning som aldri skal publiseres.\n", encoding="utf-8")
        process = subprocess.Popen(
            ["make", "book", f"VENV={Path(sys.prefix)}", "SKIP_SETUP=1", f"PYTHON={sys.executable}"],
            cwd=built_copy,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(8)  # validation is done, Sphinx is reading and executing
        assert process.poll() is None, "the build finished before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        path.write_bytes(original)
    assert _published(built_copy) == before


def test_the_next_build_after_failures_succeeds_and_publishes(built_copy):
    before = _published(built_copy)
    result = make_book(built_copy)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    # The work folder was rebuilt from the original inputs: what is published is built from them too
    # (publish swaps again only when the published outputs came from other inputs).
    assert "publish:" in result.stdout
    assert set(_published(built_copy)) >= set(before)
    tromso = page_text(built_copy / "_build" / "html" / "book" / "tromso.html")
    assert "aldri skal publiseres" not in tromso
    assert not list((built_copy / "_build").glob(".publish-*"))


# --- the swap itself -----------------------------------------------------------------------------
@pytest.fixture
def fake_build(tmp_path, monkeypatch):
    """A _build with a published site and a finished build in the work folder."""
    build = tmp_path / "_build"
    work = build / ".work" / "_build"
    (build / "html").mkdir(parents=True)
    (build / "html" / "index.html").write_text("old", encoding="utf-8")
    (build / "fastlegeordningen.pdf").write_text("old pdf", encoding="utf-8")
    (work / "html").mkdir(parents=True)
    (work / "html" / "index.html").write_text("new", encoding="utf-8")
    (work / "pdf").mkdir()
    (work / "pdf" / "fastlegeordningen.pdf").write_text("new pdf", encoding="utf-8")
    (work / "pdf" / "fastlegeordningen-kortversjon.pdf").write_text("new short", encoding="utf-8")
    monkeypatch.setattr(publish, "ROOT", tmp_path)
    monkeypatch.setattr(publish, "BUILD", build)
    monkeypatch.setattr(publish, "WORK", work)
    return build


def test_publish_swaps_site_and_both_pdfs_and_keeps_the_work_folder(fake_build):
    assert publish.main([]) == 0
    assert (fake_build / "html" / "index.html").read_text(encoding="utf-8") == "new"
    assert (fake_build / "fastlegeordningen.pdf").read_text(encoding="utf-8") == "new pdf"
    assert (fake_build / "fastlegeordningen-kortversjon.pdf").read_text(encoding="utf-8") == "new short"
    assert (fake_build / ".work" / "_build" / "html" / "index.html").is_file()  # kept for incremental builds
    assert sorted(p.name for p in fake_build.iterdir()) == [
        ".work",
        "fastlegeordningen-kortversjon.pdf",
        "fastlegeordningen.pdf",
        "html",
    ]


def test_publish_replaces_nothing_when_an_output_is_missing(fake_build):
    (fake_build / ".work" / "_build" / "pdf" / "fastlegeordningen.pdf").unlink()
    assert publish.main(["html", "pdf"]) == 1
    assert (fake_build / "html" / "index.html").read_text(encoding="utf-8") == "old"
    assert (fake_build / "fastlegeordningen.pdf").read_text(encoding="utf-8") == "old pdf"


def test_publish_cleans_up_after_a_publish_that_was_killed(fake_build):
    (fake_build / ".publish-html").mkdir()
    (fake_build / ".publish-fastlegeordningen.pdf").write_text("half", encoding="utf-8")
    assert publish.main(["html"]) == 0
    assert not list(fake_build.glob(".publish-*"))
    assert (fake_build / "fastlegeordningen.pdf").read_text(encoding="utf-8") == "old pdf"  # html only


def test_publish_puts_the_pdfs_into_the_site(fake_build):
    assert publish.main([]) == 0
    assert (fake_build / "html" / "fastlegeordningen.pdf").read_text(encoding="utf-8") == "new pdf"
    assert (fake_build / "html" / "fastlegeordningen-kortversjon.pdf").read_text(encoding="utf-8") == "new short"


def test_publish_skips_what_was_already_published_from_the_same_inputs(fake_build):
    stamps = fake_build / ".cache"
    stamps.mkdir()
    for part in ("html", "pdf"):
        (stamps / f"stamp-{part}").write_text("digest-1\n", encoding="utf-8")
    assert publish.main([]) == 0
    before = (fake_build / "html" / "index.html").stat().st_mtime_ns
    (fake_build / ".work" / "_build" / "html" / "index.html").write_text("newer", encoding="utf-8")
    assert publish.main([]) == 0  # same inputs digest: nothing is copied again
    assert (fake_build / "html" / "index.html").stat().st_mtime_ns == before
    (stamps / "stamp-html").write_text("digest-2\n", encoding="utf-8")
    assert publish.main([]) == 0  # the work folder was rebuilt from new inputs: publish again
    assert (fake_build / "html" / "index.html").read_text(encoding="utf-8") == "newer"
