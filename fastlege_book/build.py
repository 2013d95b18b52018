"""Build the book: validate the data, skip what is up to date, build the website and the PDFs, publish atomically.

`python -m fastlege_book build {html,pdf,book}` (and `make html`, `make pdf`, `make book`) call
`build`. In order:

1. The inputs digest (fastlege_book.stamp): a part whose inputs did not change since its last
   successful build is not built again; when nothing changed, Sphinx does not start.
2. Validation, `python -m fastlege_calc validate`, before anything in _build is touched: bad data
   stops the build with one line naming the file, line, column and rule (no Python traceback).
3. The website: Jupyter Book into the work folder (Sphinx's environment is kept there, so a
   rebuild re-reads and re-executes only what changed).
4. The PDFs, made from that website by WeasyPrint (`python -m fastlege_book.pdf`, tagged PDF/UA-1)
   and checked by fastlege_book.pdfcheck; a PDF that fails its check is renamed *.failed.pdf.
   `pdf` builds the website first too (into the work folder; only the PDFs are published).
5. Publish (fastlege_book.publish), only when every part asked for was built.

The book is the project at the layout's root: its own data (FASTLEGE_DATA_DIR) and, in the
processes the build starts, its own packages first on PYTHONPATH, so a copy of the project builds
itself. The build date is SOURCE_DATE_EPOCH, by default the last commit's, so two builds of one
commit give the same text.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from fastlege_book import publish, stamp
from fastlege_book.layout import PARTS, PDFS, TARGETS, Layout

#: Test-only: the name of a FIFO. After each part is built into the work folder (before the next part
#: and before publishing) the build writes the part's name to it and then waits on it, so a test can
#: kill a running build at a known moment without sleeping.
PAUSE_ENV = "FASTLEGE_TEST_PAUSE_FIFO"
#: fastlege_calc.charts.vlcache.CACHE_ENV: the folder vl-convert's drawings are kept in. Spelled here, like
#: VALIDATED_ENV below: importing fastlege_calc.charts imports every chart module (pandas, Altair: about
#: 1 s), and the build process runs before every build, a no-change rebuild included.
CHART_CACHE_ENV = "FASTLEGE_CHART_CACHE"
#: fastlege_calc.data.VALIDATED_ENV: "<data version>:<data folder>" of data a build has validated. Processes
#: started with it (Sphinx, the PDFs) skip validating that content again; any other content
#: (another version: a byte changed) is validated as usual. Spelled here so the build imports no pandas.
VALIDATED_ENV = "FASTLEGE_VALIDATED"
#: When set (to anything), the build prints how long each step took, one line `timing: <step> <seconds>` on
#: stderr per step (validate, html, pdf); scripts/bench.py reads them.
TIMINGS_ENV = "FASTLEGE_BUILD_TIMINGS"
#: fastlege_calc.registry.HANDOVER_ENV: the file in which validation hands the figures it computed to the
#: website's build (layout.figures_handover, written by every validation that passes; used only under the
#: same data version, package source and build date).
HANDOVER_ENV = "FASTLEGE_FIGURES_HANDOVER"
#: fastlege_book.pdf.charts.DRAW_AHEAD_ENV: set when the PDFs are built, so the website's page readers
#: draw the charts for print as well, in parallel (the PDF step then finds them in the chart cache).
DRAW_AHEAD_ENV = "FASTLEGE_DRAW_PRINT_CHARTS"

#: The parts each part is made from: the PDFs are set from the website's HTML.
NEEDS = {"html": (), "pdf": ("html",)}
#: Jupyter Book for the website; -W -n: any Sphinx warning (and any broken reference) fails. Its command
#: line has no option for Sphinx's parallel jobs, so its build_sphinx gets `jobs` (the first argument):
#: pages are read, and their notebooks executed, in that many processes (fastlege_book.sphinx_ext
#: declares the extensions Jupyter Book adds safe for it). When it is done (its output written, its exit
#: code known) the process runs its exit handlers, flushes its output and leaves without tearing the
#: interpreter down: freeing a build's objects one by one took about 1 s after every build that read pages.
#: Python's cyclic garbage collector runs after 100 000 new objects, not 700: Sphinx's doctrees and the
#: notebooks' pandas frames made it walk the whole heap again and again (a clean build about 2 s faster
#: on 2 cores, measured twice each way); reference counting frees everything else as usual.
JUPYTER_BOOK = """\
import atexit, functools, gc, os, sys
gc.set_threshold(100_000, 50, 50)
import jupyter_book.sphinx as s
s.build_sphinx = functools.partial(s.build_sphinx, jobs=int(sys.argv.pop(1)))
from jupyter_book.cli.main import main
try:
    main()
    code = 0
except SystemExit as done:
    code = done.code
if not isinstance(code, int):
    if code is not None:
        print(code, file=sys.stderr)
    code = 0 if code is None else 1
atexit._run_exitfuncs()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
"""


def sphinx_jobs() -> int:
    """Processes to read pages in: the cores this process may use (at least 1; FASTLEGE_JOBS overrides)."""
    wanted = os.environ.get("FASTLEGE_JOBS")
    return max(1, int(wanted) if wanted else len(os.sched_getaffinity(0)))


def build_environment(layout: Layout) -> dict[str, str]:
    """The variables every step of a build runs with: the root's data and packages, the build date."""
    env = {
        "FASTLEGE_DATA_DIR": str(layout.data),
        CHART_CACHE_ENV: str(layout.chart_cache),
        "PYTHONPATH": os.pathsep.join(p for p in (str(layout.root), os.environ.get("PYTHONPATH", "")) if p),
    }
    # Reproducible PDFs: the build date (title page, colophon, metadata) is the last commit's unless
    # SOURCE_DATE_EPOCH is given.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        epoch = subprocess.run(
            ["git", "-C", str(layout.root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
        ).stdout.strip()
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    return env


def data_version(data: Path) -> str:
    """fastlege_calc.data.data_version of a data folder, computed the same way without importing pandas.

    A short SHA-256 over the schema and every file it lists (name and bytes, in schema order); '' when
    the schema or a file cannot be read (then no process is told the data is valid). A unit test checks
    that both give the same version; were they ever to differ, Sphinx would only validate again.
    """
    try:
        descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
        files = [data / "datapackage.json"] + [data / resource["path"] for resource in descriptor["resources"]]
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return digest.hexdigest()[:12]


def validate(layout: Layout, env: dict[str, str]) -> int:
    """Validate data/ and compute every figure and chart (`python -m fastlege_calc validate`); its exit code.

    On success `env` gets VALIDATED_ENV for the data version validated (the same before and after the
    check, so no edit slipped in between): the website's build then does not validate it a second time.
    """
    data = Path(env["FASTLEGE_DATA_DIR"])
    before = data_version(data)
    env.pop(VALIDATED_ENV, None)
    command = [sys.executable, "-m", "fastlege_calc", "validate"]
    code = subprocess.run(command, cwd=layout.root, env=env, check=False).returncode
    if code == 0 and before and data_version(data) == before:
        env[VALIDATED_ENV] = f"{before}:{data}"
    return code


def jupyter_book(layout: Layout, env: dict[str, str]) -> int:
    """Run Jupyter Book's HTML builder into the work folder; its exit code."""
    command = [
        sys.executable,
        "-c",
        JUPYTER_BOOK,
        str(sphinx_jobs()),
        "build",
        str(layout.root),
        "--path-output",
        str(layout.work),
    ]
    command += ["-W", "-n", "--keep-going", "--quiet", "--builder", "html"]
    return subprocess.run(command, cwd=layout.root, env=env, check=False).returncode


def pdfs(layout: Layout, env: dict[str, str]) -> int:
    """Make and check both PDFs from the work folder's website (`python -m fastlege_book.pdf`); its exit code."""
    command = [sys.executable, "-m", "fastlege_book.pdf", str(layout.work_html), str(layout.work_pdf)]
    return subprocess.run(command, cwd=layout.root, env=env, check=False).returncode


def step(layout: Layout, part: str, env: dict[str, str]) -> int:
    """Build one part ('html' or 'pdf') into the work folder; its exit code."""
    return {"html": jupyter_book, "pdf": pdfs}[part](layout, env)


def parts_to_build(target: str) -> tuple[str, ...]:
    """The parts a target needs in the work folder, in build order: ('html', 'pdf') for 'pdf'."""
    wanted = {need for part in TARGETS[target] for need in (*NEEDS[part], part)}
    return tuple(part for part in PARTS if part in wanted)


def _timed(name: str, env: dict[str, str], run) -> int:
    """run() (a step; its exit code), its wall-clock time printed as `timing: NAME SECONDS` when TIMINGS_ENV is set."""
    started = time.perf_counter()
    code = run()
    if env.get(TIMINGS_ENV):
        print(f"timing: {name} {time.perf_counter() - started:.1f}", file=sys.stderr)
    return code


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
    parts = parts_to_build(target)
    env = {**os.environ, **build_environment(layout)}
    digest = stamp.inputs_digest(layout, env)  # taken before building: an edit made meanwhile triggers the next build
    stale: list[str] = []
    for part in parts:  # a part made from a rebuilt part is rebuilt too
        if not stamp.fresh(layout, part, digest) or any(need in stale for need in NEEDS[part]):
            stale.append(part)
        else:
            print(f"{part}: up to date (no input changed since the last build)")
    if "pdf" in stale:
        env[DRAW_AHEAD_ENV] = "1"
    env[HANDOVER_ENV] = str(layout.figures_handover)
    if stale:
        code = _timed("validate", env, lambda: validate(layout, env))
        if code:
            return code
    for part in stale:
        stamp.forget(layout, part)
        code = _timed(part, env, lambda part=part: step(layout, part, env))
        if code:
            print(
                f"build: the {part} build failed; nothing was published, the previous outputs in "
                f"{layout.build.name} are unchanged",
                file=sys.stderr,
            )
            return code
        stamp.record(layout, part, digest)
        _pause_for_tests(part, env)
    code = publish.publish(layout, TARGETS[target])
    if code == 0 and target == "book":
        pdf_paths = " and ".join(_relative(layout, layout.pdf(pdf)) for pdf in PDFS)
        print(f"book: website in {_relative(layout, layout.site / 'index.html')}, PDFs in {pdf_paths}")
    return code


def _relative(layout: Layout, path: Path) -> str:
    return path.relative_to(layout.root).as_posix()
