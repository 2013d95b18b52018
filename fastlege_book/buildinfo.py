"""The facts of one build of the report: edition, data version, commit and build date.

The title page and colophon of the PDFs print them (fastlege_book.pdf). Title, publisher, abstract,
keywords, licence and address come from CITATION.cff; the version from fastlege_calc; the data
version from data/; the commit from git; the build date from SOURCE_DATE_EPOCH (reproducible
builds) or the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from fastlege_calc import __version__, data, fmt


@dataclass(frozen=True)
class Edition:
    """What the title page, the colophon and the PDF's metadata say about this build of the report."""

    title: str
    publisher: str
    abstract: str
    keywords: tuple[str, ...]
    url: str
    license: str
    version: str
    built: dt.datetime
    data_version: str
    commit: str

    @property
    def date(self) -> dt.date:
        """The build date (UTC)."""
        return self.built.date()

    @property
    def date_text(self) -> str:
        """The build date in words: 23. november 2026."""
        return fmt.date_long(self.date)

    def citation(self) -> str:
        """How to cite the report: the same fields as CITATION.cff, with the build year."""
        return (
            f"{self.publisher} ({self.date.year}). {self.title}. Kunnskapsgrunnlag, versjon {self.version}. {self.url}"
        )


def build_time() -> dt.datetime:
    """The build time in UTC: SOURCE_DATE_EPOCH (seconds since 1970, reproducible builds) when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def build_date() -> dt.date:
    """The build date: SOURCE_DATE_EPOCH (reproducible builds) when set, else today in UTC."""
    return build_time().date()


def git_commit(root: Path) -> str:
    """The commit the book is built from (12 hex digits, "+ lokale endringer" when the tree is dirty).

    FASTLEGE_GIT_COMMIT overrides it (for builds in a copy without .git); "ukjent" outside git.
    """
    override = os.environ.get("FASTLEGE_GIT_COMMIT", "").strip()
    if override:
        return override

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return result.stdout.strip() if result.returncode == 0 else ""

    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != root.resolve():
        return "ukjent"
    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "ukjent"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} + lokale endringer" if dirty else commit


def last_commit_epoch(root: Path) -> str:
    """Seconds since 1970 of the last commit in root ("" outside git): the reproducible build date."""
    result = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def reproducible_env(root: Path) -> dict[str, str]:
    """Environment for building a copy of root (without .git) that says what a build of root says."""
    env = {"FASTLEGE_GIT_COMMIT": git_commit(root), "SOURCE_DATE_EPOCH": last_commit_epoch(root)}
    return {key: value for key, value in env.items() if value and key not in os.environ}


def citation_file(root: Path) -> dict:
    """CITATION.cff at the top of the repository, checked for the fields the PDF prints.

    Raises ValueError naming the missing fields, or when its version is not fastlege_calc's.
    """
    path = root / "CITATION.cff"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in ("title", "authors", "version", "abstract", "keywords", "url", "license") if k not in meta]
    if missing:
        raise ValueError(f"CITATION.cff: missing field(s) {', '.join(missing)}")
    if str(meta["version"]) != __version__:
        raise ValueError(
            f"CITATION.cff: version {meta['version']} differs from fastlege_calc.__version__ {__version__}"
        )
    return meta


def edition(root: Path) -> Edition:
    """The facts of this build, from CITATION.cff, the package, data/, git and the clock."""
    meta = citation_file(root)
    return Edition(
        title=meta["title"],
        publisher=meta["authors"][0]["name"],
        abstract=meta["abstract"],
        keywords=tuple(meta["keywords"]),
        url=meta["url"],
        license=meta["license"],
        version=__version__,
        built=build_time(),
        data_version=data.data_version(),
        commit=git_commit(root),
    )
