"""Load the CSV files in data/, validated against data/datapackage.json, or stop with one clear error."""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from fastlege_calc import schema_rules, trace

if TYPE_CHECKING:
    from frictionless import Package

#: The folder with the CSV files and their schema; FASTLEGE_DATA_DIR points elsewhere (tests do).
DATA_DIR = Path(os.environ.get("FASTLEGE_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))
DESCRIPTOR = "datapackage.json"


class DataError(ValueError):
    """A data file breaks its schema: the message names the file, line, column and rule."""

    def __init__(self, file: str, rule: str, line: int | None = None, column: str | None = None):
        self.file, self.rule, self.line, self.column = file, rule, line, column
        where = [f"data/{file}"]
        if line is not None:
            where.append(f"line {line}")
        if column:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {rule}")


def record_lines(text: str, *, blank: bool = False) -> list[int]:
    """The file line on which each record of CSV text starts, the header first: [1, 2, 3, …].

    A quoted cell may hold a line break, so a record can span lines: a header, a row whose quoted
    cell holds one line break, and one more row give [1, 2, 4]. A blank line is no record, as for
    pandas, unless `blank` (frictionless counts it as an empty row). Messages and the trace name these
    lines, so an editor finds the row where the file shows it.
    """
    reader = csv.reader(io.StringIO(text))
    starts, end = [], 0
    for record in reader:
        if record or blank:
            starts.append(end + 1)
        end = reader.line_num
    return starts


def file_lines(path: Path, *, blank: bool = False) -> list[int]:
    """`record_lines` of a CSV file (UTF-8, an optional byte order mark)."""
    return record_lines(path.read_text(encoding="utf-8-sig"), blank=blank)


def physical_line(path: Path, record_line: int | None) -> int | None:
    """The file line where record number `record_line` starts (the header is record 1; blank lines count).

    Frictionless calls the n-th record line n; with a quoted line break above it the file line is
    later. Returns the number unchanged when it is None or beyond the records.
    """
    if record_line is None:
        return None
    try:
        starts = file_lines(path, blank=True)
    except (OSError, UnicodeDecodeError, csv.Error):
        return record_line
    return starts[record_line - 1] if 0 < record_line <= len(starts) else record_line


class FileLines(tuple):
    """The file line of each data row of a table (a tuple of ints; the header is line 1).

    Kept in the frame's attrs, which pandas deep-copies into every frame derived from it (each
    selection, column, comparison): that copy was about half of computing every figure. The lines
    never change, so a copy is the same object.
    """

    def __copy__(self) -> FileLines:
        return self

    def __deepcopy__(self, memo: dict) -> FileLines:
        return self


def row_lines(frame: pd.DataFrame) -> tuple[int, ...]:
    """The file line of each row of a table read by `load` or `load_unnoted`, in the order of its index labels.

    Index label i (the i-th data record) is at `row_lines(frame)[i]`; the header is line 1.
    """
    return frame.attrs["lines"]


def with_lines(frame: pd.DataFrame):
    """(file line, row) for each row of a table read by `load`, rows as `itertuples(index=False)` gives them."""
    return zip(row_lines(frame), frame.itertuples(index=False), strict=True)


#: What a calculation that failed on a row is told: the rule id of its message.
ROW_FAULT = "figure-failed"


def row_fault(reads, what: str, error: BaseException) -> DataError:
    """The error of a calculation that failed on data it read, as a DataError of the last row it read.

    `reads` are the trace's rows (fastlege_calc.trace.Read) in reading order, `what` names the
    calculation in words. The column is the one whose cell the error quotes, else an empty cell the
    other rows fill; the message names no Python error, only the row, the cell and the calculation
    (the original stays the DataError's __cause__ for developers). With no row read, the message
    names data/datapackage.json: the data as a whole could not give the figure.
    """
    if not reads:
        return DataError(DESCRIPTOR, f"{what} cannot be computed from the data as it is [{ROW_FAULT}]")
    row = reads[-1]
    column, cell = _cell_at_fault(row.file, row.line, error)
    if column is None:
        problem = "the book cannot compute it from this row; check the row's cells against the rows around it"
    elif cell == "":
        problem = "the cell is empty, but the book needs a value here to compute it"
    else:
        problem = f"the book cannot compute it from '{cell}' in this cell"
    return DataError(row.file, f"{what}: {problem} [{ROW_FAULT}]", row.line, column)


def _cell_at_fault(file: str, line: int, error: BaseException) -> tuple[str | None, str | None]:
    """(column, cell) of the row at `line` of data/<file> that an error points at, or (None, None).

    A cell quoted in the error's message ('2022-12') is at fault; for a division by zero, the row's
    first cell '0'; else the row's first empty cell in a column that most other rows fill.
    """
    message = str(error)
    path = data_dir() / file
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        lines = file_lines(path)[1:]
    except (OSError, ValueError, csv.Error):
        return None, None
    if line not in lines:
        return None, None
    row = frame.iloc[lines.index(line)]
    for column, cell in row.items():
        if cell and (f"'{cell}'" in message or f'"{cell}"' in message):
            return str(column), cell
    if isinstance(error, ZeroDivisionError):
        zero = next((str(c) for c, cell in row.items() if cell.strip() in {"0", "0.0"}), None)
        if zero is not None:
            return zero, row[zero]
    for column, cell in row.items():
        if cell == "" and (frame[column] != "").mean() > 0.5:
            return str(column), ""
    return None, None


def data_dir() -> Path:
    """The data folder in use (re-read from the environment so tests can point elsewhere)."""
    return Path(os.environ.get("FASTLEGE_DATA_DIR", DATA_DIR))


def data_files(directory: Path | None = None) -> list[Path]:
    """The schema and every CSV file it describes, in schema order."""
    directory = directory or data_dir()
    descriptor = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
    return [directory / DESCRIPTOR] + [directory / r["path"] for r in descriptor["resources"]]


def data_version(directory: Path | None = None) -> str:
    """A short SHA-256 of the schema and every data file: changes whenever any byte of data changes.

    Hashed once per process and content: while no file's size, inode, modification or change time
    differs, the hash is reused (`_stat_signature`). A file changed less than `RACY_SECONDS` before it
    was hashed is hashed again next time, so two edits within one tick of the file system's clock are
    never mistaken for one (git's "racy" rule). Errors as `data_files` (a missing or unreadable file).
    """
    directory = Path(directory or data_dir())
    try:
        signature = _stat_signature(directory)
    except (OSError, ValueError, KeyError):
        signature = None  # a missing or broken file: hash (and fail) as the file is
    cached = _VERSIONS.get(str(directory))
    if signature is not None and cached is not None and cached[0] == signature:
        return cached[1]
    started = time.time_ns()
    digest = hashlib.sha256()
    for path in data_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    version = digest.hexdigest()[:12]
    settled = signature is not None and all(started - changed > RACY_SECONDS * 1e9 for *_, changed in signature)
    if settled:
        _VERSIONS[str(directory)] = (signature, version)
    else:
        _VERSIONS.pop(str(directory), None)
    return version


#: Files changed this recently (seconds) before hashing are hashed again on the next call.
RACY_SECONDS = 2
#: Per data folder: the stat signature of its files and the data version hashed from them.
_VERSIONS: dict[str, tuple[tuple, str]] = {}
#: Per data folder: the schema's stat signature and the files it lists (the schema is parsed once).
_LISTED: dict[str, tuple[tuple, list[Path]]] = {}


def _stat(path: Path) -> tuple:
    """(name, inode, size, mtime, ctime) of one file; the last item is its latest change in nanoseconds."""
    st = path.stat()
    return (path.name, st.st_ino, st.st_size, st.st_mtime_ns, max(st.st_mtime_ns, st.st_ctime_ns))


def _stat_signature(directory: Path) -> tuple:
    """The stat of the schema and of every file it lists; OSError or ValueError when one cannot be read."""
    schema = _stat(directory / DESCRIPTOR)
    listed = _LISTED.get(str(directory))
    if listed is None or listed[0] != schema:
        listed = (schema, data_files(directory))
        _LISTED[str(directory)] = listed
    return tuple(_stat(path) for path in listed[1])


def _check_file_readable(path: Path) -> None:
    """Missing, empty and non-UTF-8 files are refused before the schema is checked."""
    name = path.name
    if not path.is_file():
        raise DataError(name, "file is missing (the schema data/datapackage.json lists it) [file-missing]")
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(name, "file is empty: it needs a header row and at least one data row [file-empty]")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 [encoding]", line
        ) from None
    text = raw.decode("utf-8")
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    starts = record_lines(text)
    if len(rows) < 2:
        raise DataError(name, "file has a header but no data rows [no-rows]")
    width = len(rows[0])
    if width == 1 and ";" in rows[0][0]:
        raise DataError(name, "columns are separated by ';'; save the file with commas as separators [delimiter]", 1)
    for line, row in zip(starts[1:], rows[1:], strict=True):
        if len(row) != width:
            more_or_fewer = "more" if len(row) > width else "fewer"
            raise DataError(
                name, f"row has {len(row)} cells, {more_or_fewer} than the header's {width} [ragged-row]", line
            )


def _constraint_rule(cell: str, note: str) -> str:
    """A plain-language rule from a frictionless constraint note such as 'constraint "maximum" is "100"'."""
    match = re.search(r'constraint "(\w+)" is "(.*)"', note)
    if not match:
        return f"'{cell}' breaks a rule: {note}"
    constraint, limit = match.groups()
    return {
        "minimum": f"{cell} is below the minimum {limit}",
        "maximum": f"{cell} is above the maximum {limit}",
        "required": "the cell is empty, but a value is required",
        "enum": f"'{cell}' is not one of the allowed values {limit}",
        "pattern": f"'{cell}' does not match the pattern {limit}",
        "unique": f"'{cell}' appears more than once, but must be unique",
    }.get(constraint, f"'{cell}' breaks the rule {constraint} = {limit}") + f" [{constraint}]"


def _frictionless_error(error, resource: dict, paths: dict[str, str], directory: Path) -> DataError:
    """Translate the first frictionless error in a resource's file into a DataError.

    `resource` is the resource's descriptor; `paths` maps every resource name to its file (for the
    file a foreign key refers to). Frictionless counts records; the message names the file's line.
    """
    name, schema = resource["path"], resource["schema"]
    field_types = {f["name"]: f["type"] for f in schema["fields"]}
    line = physical_line(directory / name, getattr(error, "row_number", None))
    column = getattr(error, "field_name", None) or getattr(error, "label", None) or None
    rule = error.message
    if error.type == "type-error":
        rule = f"'{error.cell}' is not a valid {field_types.get(column, 'value')}"
        if field_types.get(column) == "number" and "," in str(error.cell):
            rule += " (write decimals with a point: 55.6)"
    elif error.type == "constraint-error":
        rule = _constraint_rule(str(error.cell), error.note)
    elif error.type == "unique-error":
        first = re.search(r"row at position (\d+)", error.note)
        line_first = physical_line(directory / name, int(first.group(1))) if first else "?"
        rule = f"'{error.cell}' appears more than once, but must be unique: the same as line {line_first}"
    elif error.type == "primary-key":
        first = re.search(r"position (\d+)", error.note)
        line_first = physical_line(directory / name, int(first.group(1))) if first else "?"
        rule = f"duplicate key ({', '.join(schema['primaryKey'])}): the same as line {line_first}"
    elif error.type in {"extra-label", "missing-label", "incorrect-label", "blank-label", "duplicate-label"}:
        rule = f"header does not match the schema: {error.note}"
        line = 1
    elif error.type == "foreign-key":
        column = error.field_names[0]
        target = paths.get(error.reference_name, name)  # no resource name: the file refers to itself
        rule = f"'{', '.join(error.field_cells)}' is not a {', '.join(error.reference_field_names)} in data/{target}"
    if not rule.endswith("]"):
        rule += f" [{error.type}]"
    return DataError(name, rule, line, column)


def _cells(directory: Path, resource: dict) -> pd.DataFrame:
    """A resource's CSV file with every cell as written (empty cells as ''); `row_lines` gives each row's line."""
    path = directory / resource["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["lines"] = FileLines(file_lines(path)[1:])
    return frame


def _check_resource(directory: Path, package: Package, resource: dict) -> None:
    """Validate one file with frictionless, foreign keys included; the first error stops everything."""
    from frictionless import system

    _check_file_readable(directory / resource["path"])
    _check_finite_resource(directory, resource)
    with system.use_context(trusted=True):
        report = package.get_resource(resource["name"]).validate()
    paths = {r.name: r.path for r in package.resources}
    for task in report.tasks:
        for error in task.errors:
            raise _frictionless_error(error, resource, paths, directory)


def _in_reference_order(resources: list[dict]) -> list[dict]:
    """Resources in schema order, except that a resource another one refers to (a foreign key) comes first.

    So a broken sources.csv is reported as itself, not as unknown sources in every file that cites it.
    """
    by_name = {r["name"]: r for r in resources}
    ordered: list[dict] = []
    seen: set[str] = set()

    def visit(resource: dict) -> None:
        if resource["name"] in seen:
            return
        seen.add(resource["name"])
        for key in resource["schema"].get("foreignKeys", []):
            target = by_name.get(key["reference"].get("resource") or "")  # "" refers to the resource itself
            if target is not None:
                visit(target)
        ordered.append(resource)

    for resource in resources:
        visit(resource)
    return ordered


def _check_finite_resource(directory: Path, resource: dict) -> None:
    """Number columns hold finite numbers: frictionless accepts 'NaN' and 'inf', a chart cannot."""
    numbers = [f["name"] for f in resource["schema"]["fields"] if f["type"] in {"number", "integer"}]
    frame = _cells(directory, resource)
    for column in (c for c in numbers if c in frame):  # a missing column is the schema check's to report
        for index, cell in frame[column].items():
            if cell.strip().lower().lstrip("+-") in {"nan", "inf", "infinity"}:
                line = row_lines(frame)[index]
                raise DataError(resource["path"], f"'{cell}' is not a finite number [finite]", line, column)


def _line_of_rule(text: str, resource: str, needle: str) -> int | None:
    """The line of datapackage.json where `needle` (in quotes) first stands in the rules of `resource`, if found."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if f'"name": "{resource}"' in line), 0)
    start = next((n for n, line in enumerate(lines[start:], start) if f'"{schema_rules.PROPERTY}"' in line), start)
    return next((n + 1 for n, line in enumerate(lines[start:], start) if f'"{needle}"' in line), None)


def _declared_rules(text: str, descriptor: dict) -> dict[str, list[schema_rules.Rule]]:
    """Every resource's declared rules ("x-rules") by resource name; a DataError names one that cannot be checked."""
    rules = {}
    for resource in descriptor["resources"]:
        try:
            rules[resource["name"]] = schema_rules.declared(resource)
        except schema_rules.RuleError as exc:
            line = _line_of_rule(text, resource["name"], exc.needle)
            raise DataError(DESCRIPTOR, f"resource '{resource['name']}': {exc.text} [{exc.rule}]", line) from None
    return rules


def _check_declared_rules(directory: Path, resource: dict, rules: list[schema_rules.Rule]) -> None:
    """Check one file against the rules its resource declares, in declared order; the first breach stops."""
    if not rules:
        return
    frame = _cells(directory, resource)
    for rule in rules:
        breach = rule.first_breach(frame)
        if breach is not None:
            line = row_lines(frame)[breach.line - 2]  # a rule counts rows from line 2; the file may differ
            raise DataError(resource["path"], f"{breach.text} [{rule.name}]", line, breach.column)


def validate(directory: Path | None = None) -> None:
    """Check the data package in `directory` (default: data_dir()); raise DataError at the first problem.

    In order: the schema file (JSON, a valid data package, its declared rules known and well formed);
    then each file (readable UTF-8 CSV, finite numbers, then frictionless: header, types, constraints,
    keys and foreign keys), files another file refers to first; then each file's declared rules
    ("x-rules", see fastlege_calc.schema_rules). Returns None; the DataError names the file, and where
    it can the line, the column and the rule id in brackets.
    """
    # frictionless only here: a process that reads data a build validated (VALIDATED_ENV: the PDF
    # step, notebook kernels) does without its import (about 0,2 s).
    from frictionless import FrictionlessException, Package, system

    directory = Path(directory or data_dir())
    schema_path = directory / DESCRIPTOR
    if not schema_path.is_file():
        raise DataError(DESCRIPTOR, "schema file is missing [file-missing]")
    text = schema_path.read_text(encoding="utf-8")
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(DESCRIPTOR, f"not valid JSON: {exc.msg} [schema-json]", exc.lineno) from None
    try:
        with system.use_context(trusted=True):
            package = Package(descriptor, basepath=str(directory))  # the descriptor must be a valid data package
    except FrictionlessException as exc:
        raise DataError(DESCRIPTOR, f"not a valid data package: {exc.error.message} [schema-invalid]") from None
    rules = _declared_rules(text, descriptor)
    for resource in _in_reference_order(descriptor["resources"]):
        _check_resource(directory, package, resource)
    for resource in descriptor["resources"]:
        _check_declared_rules(directory, resource, rules[resource["name"]])
    _VALID.add(f"{data_version(directory)}:{directory}")


#: Data versions (content hashes) this process has validated: loading them need not validate again.
_VALID: set[str] = set()


@functools.lru_cache(maxsize=8)
def _validated(directory: str, version: str) -> dict:
    """Validate once per data version and return the parsed schema (cached on content hash)."""
    done = f"{version}:{directory}"
    if done not in _VALID and os.environ.get(VALIDATED_ENV) != done:  # the env: a notebook kernel of a build
        validate(Path(directory))
    return json.loads((Path(directory) / DESCRIPTOR).read_text(encoding="utf-8"))


_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


#: When set (by the book build, per page), every table read is appended to this file, one name a line:
#: the build learns which data each page, notebook kernel included, depends on.
RECORD_ENV = "FASTLEGE_RECORD_TABLES"
#: Set by the book build to "<data version>:<folder>" once it validated that data: its notebook
#: kernels skip validating the same content again (the version is a content hash).
VALIDATED_ENV = "FASTLEGE_VALIDATED"


#: The sets open in tables_read(): each gets the name of every table recorded while it is open.
_COLLECTING: list[set[str]] = []


def _record_table(name: str) -> None:
    """Note that the current page read table `name` (no-op outside a book build and outside tables_read)."""
    for collected in _COLLECTING:
        collected.add(name)
    record = os.environ.get(RECORD_ENV)
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write(name + "\n")


def record_tables(names: Iterable[str]) -> None:
    """Note that the current page read these tables: for a cache that hands out a result computed from them."""
    for name in names:
        _record_table(name)


#: How many page_code() blocks are open (0: the build's own code is running, not a page's).
_PAGE_CODE_DEPTH = [0]


@contextlib.contextmanager
def page_code():
    """Inside the block a page's own code runs (its notebook cells, run by fastlege_book.execute).

    The cells run in the build's processes, where a result computed once per data version may already
    have been computed for another page; a cache that hands such a result to a page's code notes the
    tables it came from (record_tables), as a kernel of the page's own, computing it afresh, would have.
    """
    _PAGE_CODE_DEPTH[0] += 1
    try:
        yield
    finally:
        _PAGE_CODE_DEPTH[0] -= 1


def in_page_code() -> bool:
    """True inside page_code()."""
    return _PAGE_CODE_DEPTH[0] > 0


@contextlib.contextmanager
def tables_read():
    """Inside the block, collect the name of every table read into the set it yields."""
    collected: set[str] = set()
    _COLLECTING.append(collected)
    try:
        yield collected
    finally:
        del _COLLECTING[next(i for i, c in enumerate(_COLLECTING) if c is collected)]


def load(name: str) -> pd.DataFrame:
    """One validated table by resource name (for example 'gp_register'), typed from its schema: a whole-table read.

    Rows in file order; `row_lines(frame)[i]` is the file line of row i (the header is line 1). Inside
    a trace (fastlege_calc.trace) every row of a table
    that cites sources is noted as read. DataError when data/ breaks its schema; KeyError for an
    unknown resource name.
    """
    frame = load_unnoted(name)
    if trace.active() and frame.attrs.get("cites_sources"):
        directory = data_dir()
        trace.note_reads(_table_reads(str(directory), data_version(directory), name))
    return frame


@functools.lru_cache(maxsize=64)
def _table_reads(directory_name: str, version: str, name: str) -> tuple[trace.Read, ...]:
    """Every row of a table that cites sources, as the trace notes it, made once per data version.

    Tables such as the municipal one have thousands of rows, read by hundreds of figures.
    """
    frame = _load(directory_name, version, name)
    confidences = frame["confidence"] if "confidence" in frame else [None] * len(frame)
    rows = zip(row_lines(frame), frame["source_id"], confidences, strict=True)
    file = frame.attrs["file"]
    return tuple(
        trace.Read(file, line, source_id, None if pd.isna(confidence) else str(confidence))
        for line, source_id, confidence in rows
    )


def load_unnoted(name: str) -> pd.DataFrame:
    """The same table as `load`, noting no row: for accessors, which note each row they hand out themselves."""
    directory = data_dir()
    _record_table(name)
    return _load(str(directory), data_version(directory), name).copy()


def per_data_version(*tables: str):
    """Decorator: a function of the named tables is computed once per data version (folder and content hash).

    For accessors that type a table's rows: the result must not be changed by callers (tuples of frozen
    rows). Every call still records the tables as read (RECORD_ENV), so the incremental build learns
    each page's tables, cached or not.
    """

    def decorate(function):
        cache: dict[tuple[str, str], object] = {}

        @functools.wraps(function)
        def cached():
            for name in tables:
                _record_table(name)
            directory = data_dir()
            key = (str(directory), data_version(directory))
            if key not in cache:
                if len(cache) >= 8:
                    cache.clear()
                cache[key] = function()
            return cache[key]

        cached.cache_clear = cache.clear
        return cached

    return decorate


@functools.lru_cache(maxsize=64)
def _load(directory_name: str, version: str, name: str) -> pd.DataFrame:
    """Read one table once per data version (the version is a content hash, so edits are never missed)."""
    directory = Path(directory_name)
    descriptor = _validated(directory_name, version)
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        raise KeyError(f"no data resource named '{name}' in data/{DESCRIPTOR}")
    fields = resource["schema"]["fields"]
    dtypes = {f["name"]: _PANDAS_TYPES[f["type"]] for f in fields}
    frame = pd.read_csv(directory / resource["path"], dtype=dtypes, keep_default_na=False, na_values=[""])
    for field in fields:
        if field["type"] == "date":
            frame[field["name"]] = pd.to_datetime(frame[field["name"]], format="%Y-%m-%d").dt.date
    frame.attrs["file"] = resource["path"]
    frame.attrs["lines"] = FileLines(file_lines(directory / resource["path"])[1:])
    cited = [k for k in resource["schema"].get("foreignKeys", []) if k["reference"].get("resource") == "sources"]
    frame.attrs["cites_sources"] = any(k["fields"] in ("source_id", ["source_id"]) for k in cited)
    return frame
