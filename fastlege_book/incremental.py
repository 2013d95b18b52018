"""Incremental book builds: each page records what it depends on, and is re-read when exactly that changes.

While Sphinx reads a page (and myst-nb executes its notebook), every table loaded through
`fastlege_calc.data.load` is recorded, in the Sphinx process and in the notebook's kernel alike
(`data.RECORD_ENV` names a per-page file the kernel inherits). With the `{{ key }}` substitutions the
page uses (and their formatted text), whether its code imports the package, and the citations it
makes, this is kept per page in the Sphinx environment. On the next build a page is re-read (and its
notebook re-executed, `execute_notebooks: force`) only when one of these changed:

- a table it loaded (file content or its schema entry),
- the text of a substitution it shows (so a package change that alters a number re-reads exactly the
  pages showing that number),
- the package source, for pages whose code imports `fastlege_calc` (conservative: any module),
- an extra file a directive declared with `note_file` (for example the recorded editions).

Pages citing sources depend on `sources.csv` (the bibliography is written from it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import _Opt
from sphinx.util import logging

import fastlege_calc
from fastlege_book.layout import EXECUTION_LOG
from fastlege_calc import data, registry

logger = logging.getLogger(__name__)
#: The calculation package a notebook imports: a change to it re-executes the pages that import it.
CALC_DIR = Path(fastlege_calc.__file__).resolve().parent
#: The build package: a change to it rewrites every page but re-executes no notebook.
BOOK_DIR = Path(__file__).resolve().parent
IMPORTS_PACKAGE = re.compile(r"^\s*(from|import)\s+fastlege_calc\b", re.M)
CITES = re.compile(r"\{(foot)?cite(:\w+)?\}|\{bibliography\}")


def _package_files_hash(pattern: str, *directories: Path) -> str:
    """A hash of the files under the given package folders matching a glob pattern (bytecode caches left out)."""
    digest = hashlib.sha256()
    for directory in directories:
        for path in sorted(directory.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                name = f"{directory.name}/{path.relative_to(directory).as_posix()}"
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def package_hash() -> str:
    """A hash of the calculation package's Python source (every module of fastlege_calc, not the build's)."""
    return _package_files_hash("*.py", CALC_DIR)


def table_hashes() -> dict[str, str]:
    """Resource name → hash of its CSV file and its schema entry in datapackage.json."""
    directory = data.data_dir()
    descriptor = json.loads((directory / data.DESCRIPTOR).read_text(encoding="utf-8"))
    hashes = {}
    for resource in descriptor["resources"]:
        path = directory / resource["path"]
        digest = hashlib.sha256(json.dumps(resource, sort_keys=True).encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        hashes[resource["name"]] = digest.hexdigest()[:16]
    return hashes


def file_hash(path: Path) -> str:
    """Hash of one file or of every file under a folder ('' when missing)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.relative_to(path.parent).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16] if files else ""


def page_store(env, attribute: str) -> dict:
    """A dict page → value kept in Sphinx's environment under `attribute` (made empty the first time)."""
    if not hasattr(env, attribute):
        setattr(env, attribute, {})
    return getattr(env, attribute)


def keep_per_page(app: Sphinx, attribute: str) -> None:
    """Keep page_store(env, attribute) right as pages are read (connects two Sphinx events).

    A page's entry goes when the page is read again; the entries of the pages a parallel reader read
    are merged into the main process's environment.
    """

    def purge(app: Sphinx, env, docname: str) -> None:
        page_store(env, attribute).pop(docname, None)

    def merge(app: Sphinx, env, docnames, other) -> None:
        theirs = getattr(other, attribute, {})
        for docname in docnames:
            if docname in theirs:
                page_store(env, attribute)[docname] = theirs[docname]

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)


def _deps(env) -> dict[str, dict]:
    return page_store(env, "fastlege_deps")


def _record_file(app: Sphinx, docname: str) -> Path:
    folder = Path(app.doctreedir) / "fastlege-deps"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (docname.replace("/", "__") + ".txt")


def note_file(env, path: Path) -> None:
    """Make the page being read depend on a file or folder outside data/ (for directives)."""
    entry = _deps(env).setdefault(env.docname, {})
    entry.setdefault("files", {})[str(path)] = file_hash(path)


def note_tables(env, names) -> None:
    """Make the page being read depend on these tables (resource names), as if its code had loaded them.

    For what is computed from data after the page's own reads were recorded (its 'Eldre tall' note).
    """
    current = table_hashes()
    tables = _deps(env).setdefault(env.docname, {}).setdefault("tables", {})
    for name in names:
        tables[name] = current.get(name, "")


def note_package(env) -> None:
    """Make the page being read depend on the package source (for directives computing in Sphinx)."""
    _deps(env).setdefault(env.docname, {})["package"] = package_hash()


def _note_validated(app: Sphinx, config) -> None:
    """After fastlege_book.sphinx_ext validated data/ (config-inited), spare the notebook kernels."""
    directory, version = data.data_dir(), data.data_version()
    data._validated(str(directory), version)  # cached: already done when the substitutions were computed
    os.environ[data.VALIDATED_ENV] = f"{version}:{directory}"


def shown_numbers(app: Sphinx) -> dict[str, str]:
    """Each prose number as the reader sees it (text and provenance tooltip), set by sphinx_ext."""
    return getattr(app, "fastlege_shown", None) or app.config.myst_substitutions or {}


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Start recording for a page: which substitutions it shows, and (via the env) which tables it loads."""
    text = source[0]
    numbers = shown_numbers(app)
    keys = sorted(set(registry.SUBSTITUTION.findall(text)))
    entry = {"keys": {key: numbers.get(key) for key in keys}}
    if IMPORTS_PACKAGE.search(text):
        entry["package"] = package_hash()
    if CITES.search(text):
        entry["cites"] = True
    _deps(app.env)[docname] = entry
    record = _record_file(app, docname)
    record.write_text("", encoding="utf-8")
    os.environ[data.RECORD_ENV] = str(record)
    app.env.fastlege_read_started = time.perf_counter()


def _doctree_read(app: Sphinx, doctree) -> None:
    """Stop recording: keep the hashes of the tables the page (and its kernel) loaded."""
    docname = app.env.docname
    os.environ.pop(data.RECORD_ENV, None)
    record = _record_file(app, docname)
    tables = set(record.read_text(encoding="utf-8").split()) if record.is_file() else set()
    entry = _deps(app.env).setdefault(docname, {})
    if entry.get("cites"):
        tables.add("sources")
    current = table_hashes()
    entry["tables"] = {name: current.get(name, "") for name in sorted(tables)}
    _log_execution(app, docname)


def _log_execution(app: Sphinx, docname: str) -> None:
    """Append the notebook run of this page, if it executed one, to the execution log."""
    from myst_nb.sphinx_ import NbMetadataCollector

    try:
        result = NbMetadataCollector.get_exec_data(app.env, docname)
    except KeyError:
        result = None
    if not result or result.get("mtime", 0) < getattr(app.env, "fastlege_build_started", 0):
        return
    log = Path(app.doctreedir) / EXECUTION_LOG
    line = {"docname": docname, "runtime": result.get("runtime"), "builder": app.builder.name, "at": time.time()}
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def why_outdated(env, docname: str, numbers: dict[str, str], tables: dict[str, str], package: str) -> str | None:
    """Why a page must be re-read ('' reasons joined), or None when nothing it depends on changed."""
    entry = _deps(env).get(docname)
    if entry is None or "tables" not in entry:
        return "no dependency record"
    reasons = [f"data '{name}'" for name, h in entry["tables"].items() if tables.get(name) != h]
    reasons += [f"figure '{key}'" for key, text in entry.get("keys", {}).items() if numbers.get(key) != text]
    if entry.get("package") and entry["package"] != package:
        reasons.append("package code")
    reasons += [f"file '{path}'" for path, h in entry.get("files", {}).items() if file_hash(Path(path)) != h]
    return ", ".join(reasons) or None


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Pages whose data, figures or code changed since they were last read."""
    env.fastlege_build_started = time.time()
    numbers = shown_numbers(app)
    tables, package = table_hashes(), package_hash()
    stale = []
    for docname in sorted(env.found_docs - set(added) - set(changed)):
        reason = why_outdated(env, docname, numbers, tables, package)
        if reason:
            logger.info(f"fastlege: re-reading {docname} ({reason})")
            stale.append(docname)
    return stale


def writer_hash() -> str:
    """A hash of every file of both packages (code, templates, scripts, styles): what writing a page uses."""
    return _package_files_hash("*", CALC_DIR, BOOK_DIR)


def _rewrite_all(app: Sphinx, env) -> list[str]:
    """After a package change, write every page again (without re-reading or re-executing it).

    Pages not re-read keep their doctrees, but how a page is written (the chart markup, the theme
    overrides, the tooltips) lives in the package too.
    """
    current, previous = writer_hash(), getattr(env, "fastlege_writer_hash", None)
    env.fastlege_writer_hash = current
    if previous is not None and previous != current:
        logger.info("fastlege: the package changed, writing every page again")
        return sorted(env.found_docs)
    return []


def setup(app: Sphinx) -> None:
    """Register the hooks (called from fastlege_book.sphinx_ext.setup)."""
    # A changed number must re-read only the pages that show it, not every page: Sphinx would treat
    # any change of the substitutions (a config value) as a reason to re-read everything.
    options = getattr(app.config, "_options", {})
    if "myst_substitutions" in options:
        opt = options["myst_substitutions"]
        options["myst_substitutions"] = _Opt(opt.default, "", opt.valid_types, opt.description)
    app.connect("config-inited", _note_validated, priority=900)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _rewrite_all)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    keep_per_page(app, "fastlege_deps")
