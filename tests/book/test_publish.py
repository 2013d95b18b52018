"""Atomic publish on the real book: a failed, refused or killed build never damages the last good one.

One test, written as explicit steps on the session's build (lent by the `scenario` fixture and put
back afterwards): bad data (the one `book` case of the catalogue tests/bad_input.yaml), a notebook
that raises, a PDF that fails its check and a killed build each leave the published website and
PDFs exactly as they were; the next build then succeeds and says, word for word,
what the clean build said (two builds of one commit give the same text). The swap itself is tested
on a fake build in tests/unit/test_publish.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from fastlege_book.build import PAUSE_ENV
from fastlege_book.layout import FIGURES_JSON, PDFS, REPORT, Layout
from tests.bad_input import cases
from tests.helpers import build_command, build_env, run_build

from .bookutil import page_text, pdf_text, snapshot


def published(layout: Layout) -> dict:
    """Every published file (website, PDFs, registry) with size and modification time."""
    files = {f"html/{k}": v for k, v in snapshot(layout.site).items()}
    for path in [*(layout.pdf(pdf) for pdf in PDFS), layout.figures_json]:
        files[path.name] = (path.stat().st_size, path.stat().st_mtime_ns)
    return files


def site_text(html: Path) -> dict[str, str]:
    """The visible text of every page of a website folder."""
    return {p.relative_to(html).as_posix(): page_text(p) for p in sorted(html.rglob("*.html"))}


def appended(path: Path, text: str):
    """Append text to a page; the returned function puts the page back as it was."""
    original = path.read_bytes()
    path.write_text(original.decode("utf-8") + text, encoding="utf-8")
    return lambda: path.write_bytes(original)


def test_failed_and_killed_builds_publish_nothing_and_the_next_build_succeeds(scenario, tmp_path):
    book, layout = scenario, Layout.here(scenario)
    before = published(layout)

    # 1. Bad data, the catalogue's one `book` case (every case is checked without a build in
    #    tests/unit/test_bad_input.py): refused with the catalogue's one-line message naming file,
    #    line, column and rule, before _build is touched at all.
    (case,) = [c for c in cases() if c.book]
    whole_build = snapshot(layout.build)
    data_file = layout.data / case.file
    original = data_file.read_bytes()
    case.apply(layout.data)
    try:
        result = run_build(book)
        errors = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
        case.check_message(errors[0].removeprefix("error: "), layout.data)
    finally:
        data_file.write_bytes(original)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(layout.build) == whole_build

    # 2. A notebook that raises: the website build fails, nothing is published.
    cell = '\n```{code-cell} ipython3\nraise RuntimeError("deliberately broken notebook")\n```\n'
    restore = appended(book / "book" / "regn-selv.md", cell)
    result = run_build(book)
    restore()
    assert result.returncode != 0
    assert "deliberately broken notebook" in result.stdout + result.stderr
    assert "nothing was published" in result.stderr
    assert published(layout) == before

    # 3. A PDF that fails its check (an image without a text alternative, fastlege_book.pdfcheck): the
    #    website builds (into the work folder), the PDFs are set but kept as *.failed.pdf; neither the
    #    website nor the PDFs are published.
    image = (
        '<img class="undefinedimagefortest" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">'
    )
    restore = appended(book / "book" / "ordliste.md", f"\n```{{raw}} html\n{image}\n```\n")
    result = run_build(book)
    restore()
    assert result.returncode != 0
    assert "without alternative text" in result.stderr
    assert "the pdf build failed; nothing was published" in result.stderr
    assert "publish:" not in result.stdout
    assert published(layout) == before
    assert (layout.work_pdf / f"{REPORT.stem}.failed.pdf").is_file()
    assert not (layout.work_pdf / REPORT.name).exists()
    assert "undefinedimagefortest" not in (layout.site / "book" / "ordliste.html").read_text(encoding="utf-8")

    # 4. A build killed after its website was built into the work folder, before the PDFs and the publish
    #    (the build waits on a FIFO there: a test-only switch, so no sleeping and guessing).
    fifo = tmp_path / "pause"
    os.mkfifo(fifo)
    restore = appended(book / "book" / "tromso.md", "\nEn setning som aldri skal publiseres.\n")
    process = subprocess.Popen(
        build_command(),
        cwd=book,
        env={**build_env(), PAUSE_ENV: str(fifo)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with open(fifo, encoding="utf-8") as paused:  # returns when the build reached the pause, or ended
            said = paused.read()
        assert said == "html built\n", f"the build ended before the pause (exit {process.wait()})"
        assert "aldri skal publiseres" in (layout.work_html / "book" / "tromso.html").read_text(encoding="utf-8")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        restore()
    assert published(layout) == before

    # 5. The next build succeeds. Its work folder was rebuilt from the original inputs and says exactly
    #    what the clean build published: every page's text, both PDFs' text and the figure registry.
    result = run_build(book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "publish:" in result.stdout
    assert set(published(layout)) >= set(before)
    assert not list(layout.build.glob(".publish-*"))
    assert "aldri skal publiseres" not in page_text(layout.site / "book" / "tromso.html")
    rebuilt, clean = site_text(layout.work_html), site_text(layout.site)
    del rebuilt["index.html"], clean["index.html"]  # the root redirect, completed by publish on purpose
    assert rebuilt == clean
    for pdf in PDFS:
        assert pdf_text(layout.work_pdf / pdf.name) == pdf_text(layout.pdf(pdf)), pdf.name
    registry = json.loads((layout.work_pdf / FIGURES_JSON).read_text(encoding="utf-8"))
    assert registry == json.loads(layout.figures_json.read_text(encoding="utf-8"))
