"""Build the book: validate the data, skip what is up to date, run Jupyter Book, publish atomically.

`python -m fastlege_book build {html,pdf,book}` (and `make html`, `make pdf`, `make book`) call
`build`. In order:

1. The inputs digest (fastlege_book.stamp): a part whose inputs did not change since its last
   successful build is not built again; when nothing changed, Sphinx does not start.
2. Validation, `python -m fastlege_calc validate`, before anything in _build is touched: bad data
   stops the build with one line naming the file, line, column and rule (no Python traceback).
3. Jupyter Book into the work folder: the website, then the PDFs (LaTeX), sharing one Sphinx
   environment, so each notebook runs once per change.
4. Publish (fastlege_book.publish), only when every part asked for was built.

The book is the project at the layout's root: its own data (FASTLEGE_DATA_DIR) and, in the
processes the build starts, its own packages first on PYTHONPATH, so a copy of the project builds
itself. The build date is SOURCE_DATE_EPOCH, by default the last commit's, so two builds of one
commit give the same text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastlege_book import publish, stamp
from fastlege_book.layout import PDFS, TARGETS, Layout

#: Test-only: the name of a FIFO. After each part is built into the work folder (before the next part
#: and before publishing) the build writes the part's name to it and then waits on it, so a test can
#: kill a running build at a known moment without sleeping.
PAUSE_ENV = "FASTLEGE_TEST_PAUSE_FIFO"

#: Jupyter Book's builder for each part; -W -n: any Sphinx warning (and any broken reference) fails.
BUILDERS = {"html": "html", "pdf": "pdflatex"}
JUPYTER_BOOK = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"


def build_environment(layout: Layout) -> dict[str, str]:
    """The variables every step of a build runs with: the root's data and packages, the build date."""
    env = {
        "FASTLEGE_DATA_DIR": str(layout.data),
        "PYTHONPATH": os.pathsep.join(p for p in (str(layout.root), os.environ.get("PYTHONPATH", "")) if p),
    }
    # Reproducible PDFs: the build date is the last commit's unless SOURCE_DATE_EPOCH is given;
    # FORCE_SOURCE_DATE makes xelatex use it for \today and the PDF's /CreationDate as well.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        epoch = subprocess.run(
            ["git", "-C", str(layout.root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
        ).stdout.strip()
    if epoch:
        env |= {"SOURCE_DATE_EPOCH": epoch, "FORCE_SOURCE_DATE": "1"}
    return env


def validate(layout: Layout, env: dict[str, str]) -> int:
    """Validate data/ and compute every figure and chart (`python -m fastlege_calc validate`); its exit code."""
    command = [sys.executable, "-m", "fastlege_calc", "validate"]
    return subprocess.run(command, cwd=layout.root, env=env, check=False).returncode


def jupyter_book(layout: Layout, part: str, env: dict[str, str]) -> int:
    """Run Jupyter Book for one part into the work folder; its exit code."""
    command = [sys.executable, "-c", JUPYTER_BOOK, "build", str(layout.root), "--path-output", str(layout.work)]
    command += ["-W", "-n", "--keep-going", "--quiet", "--builder", BUILDERS[part]]
    return subprocess.run(command, cwd=layout.root, env=env, check=False).returncode


def _pause_for_tests(part: str, env: dict[str, str]) -> None:
    """Block on the FIFO named by PAUSE_ENV, if any (tests only; see there)."""
    fifo = env.get(PAUSE_ENV)
    if not fifo:
        return
    with open(fifo, "w", encoding="utf-8") as out:  # waits until the test opens it for reading
        out.write(f"{part} built\n")
    with open(fifo, encoding="utf-8") as wait:  # waits until the test writes to it, or kills the build
        wait.read()


def build(layout: Layout, target: str = "book") -> int:
    """Build a target ('html', 'pdf' or 'book') of the book at layout.root; 0 on success.

    Returns the first failing step's exit code (2 for bad data). Nothing in _build changes before
    the data is valid, and nothing published changes unless every part was built.
    """
    parts = TARGETS[target]
    env = {**os.environ, **build_environment(layout)}
    digest = stamp.inputs_digest(layout, env)  # taken before building: an edit made meanwhile triggers the next build
    stale = [part for part in parts if not stamp.fresh(layout, part, digest)]
    for part in parts:
        if part not in stale:
            print(f"{part}: up to date (no input changed since the last build)")
    if stale:
        code = validate(layout, env)
        if code:
            return code
    for part in stale:
        stamp.forget(layout, part)
        code = jupyter_book(layout, part, env)
        if code:
            print(
                f"build: the {part} build failed; nothing was published, the previous outputs in "
                f"{layout.build.name} are unchanged",
                file=sys.stderr,
            )
            return code
        stamp.record(layout, part, digest)
        _pause_for_tests(part, env)
    code = publish.publish(layout, parts)
    if code == 0 and target == "book":
        pdfs = " and ".join(_relative(layout, layout.pdf(pdf)) for pdf in PDFS)
        print(f"book: website in {_relative(layout, layout.site / 'index.html')}, PDFs in {pdfs}")
    return code


def _relative(layout: Layout, path: Path) -> str:
    return path.relative_to(layout.root).as_posix()
