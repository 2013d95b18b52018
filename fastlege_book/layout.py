"""The build's layout, in one place: which folder is the book, where a build works, what it publishes.

A `Layout` belongs to a project root: the folder the command runs in (`Layout.here()`), or the folder
given (`Layout.here(path)`). It is never worked out from where a package is installed, so a copy of
the project builds itself with its own data. Everything that reads or writes a build's folders and
file names (the build command, stamp, publish, the Sphinx extension, the PDF layout, `make bench` and
the tests) asks this module. Kept free of heavy imports: it runs before every build.

::

    <root>/                          the book: _config.yml, _toc.yml and the inputs in INPUTS
    <root>/_build/.work/             jupyter-book --path-output (kept, so rebuilds are incremental)
    <root>/_build/.work/_build/      html/ (Sphinx), pdf/ (fastlege_book.pdf, from html/) and .doctrees/
                                     (with the execution log)
    <root>/_build/.cache/            stamps, publish markers, references.bib
    <root>/_build/html/              the published website (with both PDFs in it)
    <root>/_build/<pdf>.pdf          the published PDFs, and <report>-figures.json beside them
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Pdf:
    """One PDF the build publishes: its file stem and the text of the link every page shows to it."""

    stem: str
    label: str

    @property
    def name(self) -> str:
        """The file name: fastlegeordningen.pdf."""
        return self.stem + ".pdf"


#: The full report, from the book's root page.
REPORT = Pdf("fastlegeordningen", "Hele kunnskapsgrunnlaget som PDF")
#: The two-page kortversjon: the summary chapter and two of the report's figures (fastlege_book.pdf).
SHORT = Pdf("fastlegeordningen-kortversjon", "Kortversjonen som PDF")
#: Every PDF, the main one first (the order of the links on every page).
PDFS = (REPORT, SHORT)

#: What `python -m fastlege_book build` can build: the website, the PDFs, or both.
PARTS = ("html", "pdf")
#: The parts each target publishes (`pdf` builds the website into the work folder too: the PDFs are made from it).
TARGETS = {"html": ("html",), "pdf": ("pdf",), "book": ("html", "pdf")}

BUILD = "_build"
WORK = ".work"  # inside BUILD
CACHE = ".cache"  # inside BUILD
SITE = "html"  # inside BUILD: the published website
PDF_DIR = "pdf"  # inside the work folder's output: where fastlege_book.pdf writes the PDFs
DATA = "data"
EDITIONS = "editions"
#: The figure registry: in the site's _static/, beside the PDFs in the work folder and in each edition's folder.
FIGURES_JSON = "figures.json"
#: Inside the website: every chart as PNG and SVG and its numbers as Excel and CSV (fastlege_book.downloads).
FIGURE_FILES = "figurer"
#: The registry published beside the PDFs.
PUBLISHED_FIGURES_JSON = f"{REPORT.stem}-figures.json"
#: Per build, the notebooks executed and how long each took (in the doctree folder).
EXECUTION_LOG = "fastlege-executions.jsonl"
#: The prefix of anything publish stages in BUILD before it renames it into place.
STAGE_PREFIX = ".publish-"

#: What the book is built from, relative to the root: a change to any of them is a reason to build.
#: The CI workflow's trigger paths list the same (a unit test compares them).
INPUTS = (
    "_config.yml",
    "_toc.yml",
    "book",
    "notebooks",
    DATA,
    "fastlege_calc",
    "fastlege_book",
    EDITIONS,
    "CITATION.cff",
    "Makefile",
    "pyproject.toml",
    "requirements.lock",
)


@dataclass(frozen=True)
class Layout:
    """The folders and files of one project root's build (absolute paths)."""

    root: Path

    @classmethod
    def here(cls, root: Path | str | None = None) -> Layout:
        """The layout of the given folder, or of the current directory when none is given."""
        return cls(Path(root if root is not None else Path.cwd()).resolve())

    # --- inputs ------------------------------------------------------------------------------------
    @property
    def data(self) -> Path:
        """The data folder the book is built from."""
        return self.root / DATA

    @property
    def toc(self) -> Path:
        """The table of contents: the book's pages in reading order (the PDFs follow it too)."""
        return self.root / "_toc.yml"

    @property
    def editions(self) -> Path:
        """The recorded editions (editions/<name>/figures.json)."""
        return self.root / EDITIONS

    def inputs(self) -> list[Path]:
        """Every input of the build (files or folders; some may not exist in a small book)."""
        return [self.root / name for name in INPUTS]

    # --- the work folder ---------------------------------------------------------------------------
    @property
    def build(self) -> Path:
        """_build: the published outputs, the work folder and the cache."""
        return self.root / BUILD

    @property
    def work(self) -> Path:
        """The folder handed to jupyter-book as --path-output."""
        return self.build / WORK

    @property
    def work_output(self) -> Path:
        """What the build writes inside the work folder (html/, pdf/, .doctrees/)."""
        return self.work / BUILD

    @property
    def work_html(self) -> Path:
        """The website as Sphinx writes it, before it is published."""
        return self.work_output / "html"

    @property
    def work_pdf(self) -> Path:
        """The PDFs, their print HTML and the figure registry as fastlege_book.pdf writes them, unpublished."""
        return self.work_output / PDF_DIR

    @property
    def doctrees(self) -> Path:
        """Sphinx's environment and doctrees (kept between builds, so rebuilds are incremental)."""
        return self.work_output / ".doctrees"

    @property
    def execution_log(self) -> Path:
        """One JSON line per notebook executed (fastlege_book.incremental)."""
        return self.doctrees / EXECUTION_LOG

    def built(self, part: str) -> Path:
        """The file whose presence shows that a part ('html' or 'pdf') was built into the work folder."""
        return {"html": self.work_html / "index.html", "pdf": self.work_pdf / REPORT.name}[part]

    # --- the cache ---------------------------------------------------------------------------------
    @property
    def cache(self) -> Path:
        """Stamps, publish markers and files the build generates for Sphinx."""
        return self.build / CACHE

    def stamp(self, part: str) -> Path:
        """The inputs digest of the work folder's last successful build of a part."""
        return self.cache / f"stamp-{part}"

    def published_marker(self, part: str) -> Path:
        """The inputs digest the published output of a part was built from."""
        return self.cache / f"published-{part}"

    @property
    def figures_handover(self) -> Path:
        """The figures validation computed, for the website's build (fastlege_calc.registry.hand_over)."""
        return self.cache / "figures-handover.pickle"

    @property
    def chart_cache(self) -> Path:
        """vl-convert's drawings, kept by content (fastlege_calc.charts.vlcache)."""
        return self.cache / "vl-convert"

    @property
    def bibliography(self) -> Path:
        """data/sources.csv written as BibTeX for sphinxcontrib-bibtex."""
        return self.cache / "references.bib"

    # --- what is published -------------------------------------------------------------------------
    @property
    def site(self) -> Path:
        """The published website."""
        return self.build / SITE

    def pdf(self, pdf: Pdf = REPORT) -> Path:
        """A published PDF."""
        return self.build / pdf.name

    @property
    def figures_json(self) -> Path:
        """The registry of every figure, published beside the PDFs."""
        return self.build / PUBLISHED_FIGURES_JSON

    @property
    def site_figures_json(self) -> Path:
        """The same registry in the website."""
        return self.site / "_static" / FIGURES_JSON

    def published(self) -> list[Path]:
        """Everything a build publishes (for the CI workflow's uploads and the tests)."""
        return [self.site, *(self.pdf(p) for p in PDFS), self.figures_json]
