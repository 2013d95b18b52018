"""Load the CSV files in data/, validated against data/datapackage.json, or stop with one clear error."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
from pathlib import Path

import pandas as pd
from frictionless import FrictionlessException, Package, Resource, system

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


def data_dir() -> Path:
    """The data folder in use (re-read from the environment so tests can point elsewhere)."""
    return Path(os.environ.get("FASTLEGE_DATA_DIR", DATA_DIR))


def data_files(directory: Path | None = None) -> list[Path]:
    """The schema and every CSV file it describes, in schema order."""
    directory = directory or data_dir()
    descriptor = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
    return [directory / DESCRIPTOR] + [directory / r["path"] for r in descriptor["resources"]]


def data_version(directory: Path | None = None) -> str:
    """A short SHA-256 of the schema and every data file: changes whenever any byte of data changes."""
    digest = hashlib.sha256()
    for path in data_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


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
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    if len(rows) < 2:
        raise DataError(name, "file has a header but no data rows [no-rows]")
    width = len(rows[0])
    if width == 1 and ";" in rows[0][0]:
        raise DataError(name, "columns are separated by ';'; save the file with commas as separators [delimiter]", 1)
    for line, row in enumerate(rows[1:], start=2):
        if row and len(row) != width:
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


def _frictionless_error(name: str, error, field_types: dict[str, str], primary_key: list[str]) -> DataError:
    """Translate the first frictionless error into a DataError."""
    line = getattr(error, "row_number", None)
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
        line_first = first.group(1) if first else "?"
        rule = f"'{error.cell}' appears more than once, but must be unique: the same as line {line_first}"
    elif error.type == "primary-key":
        first = re.search(r"position (\d+)", error.note)
        rule = f"duplicate key ({', '.join(primary_key)}): the same as line {first.group(1) if first else '?'}"
    elif error.type in {"extra-label", "missing-label", "incorrect-label", "blank-label", "duplicate-label"}:
        rule = f"header does not match the schema: {error.note}"
        line = 1
    elif error.type == "foreign-key":
        rule = f"unknown key: {error.note}"
        column = column or "source_id"
    if not rule.endswith("]"):
        rule += f" [{error.type}]"
    return DataError(name, rule, line, column)


def _check_resource(directory: Path, resource: dict) -> None:
    """Validate one file with frictionless; the first error stops everything."""
    path = directory / resource["path"]
    _check_file_readable(path)
    _check_finite_resource(directory, resource)
    descriptor = dict(resource)
    # Foreign keys to other files need the package; check them with the whole package below.
    schema = dict(descriptor["schema"])
    schema.pop("foreignKeys", None)
    descriptor["schema"] = schema
    with system.use_context(trusted=True):
        report = Resource(descriptor, basepath=str(directory)).validate()
    for task in report.tasks:
        for error in task.errors:
            field_types = {f["name"]: f["type"] for f in schema["fields"]}
            raise _frictionless_error(resource["path"], error, field_types, schema["primaryKey"])


def _check_foreign_keys(directory: Path) -> None:
    """Every foreign key must exist in the file it refers to: source_id in sources.csv, and so on."""
    descriptor = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            column = fk["fields"][0]
            target, target_column = paths[fk["reference"]["resource"]], fk["reference"]["fields"][0]
            known = set(pd.read_csv(directory / target, dtype=str, keep_default_na=False)[target_column])
            what = "source" if target_column == "source_id" else target_column
            frame = pd.read_csv(directory / resource["path"], dtype=str, keep_default_na=False)
            for index, value in frame[column].items():
                if value not in known:
                    raise DataError(
                        resource["path"],
                        f"{what} '{value}' is not in data/{target} [foreign-key]",
                        index + 2,
                        column,
                    )


def _check_rules(directory: Path) -> None:
    """Rules a column schema cannot express: shares within 0–1, rate dates in order, complete rate rows."""
    figures = pd.read_csv(directory / "figures.csv", dtype={"value": float, "unit": str})
    for index, row in figures.iterrows():
        if row["unit"] == "share" and not 0 <= row["value"] <= 1:
            raise DataError(
                "figures.csv",
                f"share {row['value']} of '{row['key']}' is outside 0–1 (write 66 % as 0.66) [share-range]",
                index + 2,
                "value",
            )
    rates = pd.read_csv(directory / "basistilskudd_rates.csv", dtype=str, keep_default_na=False)
    previous = ""
    for index, row in rates.iterrows():
        line = index + 2
        if row["valid_from"] <= previous:
            raise DataError(
                "basistilskudd_rates.csv",
                f"dates out of order: {row['valid_from']} follows {previous} [dates-ascending]",
                line,
                "valid_from",
            )
        previous = row["valid_from"]
        needs = {
            "flat": ["rate_nok_per_patient"],
            "kneepoint": ["rate_nok_per_patient", "rate_above_kneepoint_nok_per_patient", "kneepoint_patients"],
            "patient_adjusted": [],
        }[row["scheme"]]
        for column in needs:
            if not row[column]:
                raise DataError(
                    "basistilskudd_rates.csv",
                    f"a '{row['scheme']}' rate needs a value here [scheme-complete]",
                    line,
                    column,
                )
        if row["scheme"] != "kneepoint":
            for column in ("rate_above_kneepoint_nok_per_patient", "kneepoint_patients"):
                if row[column]:
                    raise DataError(
                        "basistilskudd_rates.csv",
                        f"a '{row['scheme']}' rate has no break point; leave this empty [scheme-complete]",
                        line,
                        column,
                    )


#: Yearly series a chart draws year by year: (file, year column, columns that must all appear each year).
YEARLY_SERIES = {
    "cost_per_inhabitant.csv": ("year", None),
    "scheme_cost_fixed_prices.csv": ("year", "component"),
}


def _check_finite_resource(directory: Path, resource: dict) -> None:
    """Number columns hold finite numbers: frictionless accepts 'NaN' and 'inf', a chart cannot."""
    numbers = [f["name"] for f in resource["schema"]["fields"] if f["type"] in {"number", "integer"}]
    frame = pd.read_csv(directory / resource["path"], dtype=str, keep_default_na=False)
    for column in (c for c in numbers if c in frame):  # a missing column is the schema check's to report
        for index, cell in frame[column].items():
            if cell.strip().lower().lstrip("+-") in {"nan", "inf", "infinity"}:
                raise DataError(resource["path"], f"'{cell}' is not a finite number [finite]", index + 2, column)


def _check_dates_ascending(file: str, frame: pd.DataFrame, column: str) -> None:
    """Rows of a time series in date order (ISO dates sort as text)."""
    previous = ""
    for index, cell in frame[column].items():
        if cell <= previous:
            raise DataError(file, f"dates out of order: {cell} follows {previous} [dates-ascending]", index + 2, column)
        previous = cell


def _check_years_complete(directory: Path) -> None:
    """A yearly series has every year from its first to its last, each with every component a chart stacks."""
    for file, (column, part) in YEARLY_SERIES.items():
        frame = pd.read_csv(directory / file, dtype=str, keep_default_na=False)
        years = frame[column].astype(int)
        seen = sorted(set(years))
        for year in range(seen[0], seen[-1] + 1):
            if year not in seen:
                line = int(years[years > year].index[0]) + 2
                raise DataError(
                    file,
                    f"year {year} has no data, but the chart needs every year from {seen[0]} to {seen[-1]} "
                    "[year-missing]",
                    line,
                    column,
                )
        if part:
            parts = sorted(set(frame[part]))
            for year in seen:
                rows = frame[years == year]
                missing = sorted(set(parts) - set(rows[part]))
                if missing:
                    raise DataError(
                        file,
                        f"year {year} has no '{missing[0]}' row, but the chart stacks {', '.join(parts)} for "
                        "every year [year-missing]",
                        int(rows.index[-1]) + 2,
                        part,
                    )


def validate(directory: Path | None = None) -> None:
    """Check every file in the data package; raise DataError at the first problem."""
    directory = Path(directory or data_dir())
    schema_path = directory / DESCRIPTOR
    if not schema_path.is_file():
        raise DataError(DESCRIPTOR, "schema file is missing [file-missing]")
    try:
        descriptor = json.loads(schema_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(DESCRIPTOR, f"not valid JSON: {exc.msg} [schema-json]", exc.lineno) from None
    try:
        Package(descriptor)  # the descriptor itself must be a valid data package
    except FrictionlessException as exc:
        raise DataError(DESCRIPTOR, f"not a valid data package: {exc.error.message} [schema-invalid]") from None
    for resource in descriptor["resources"]:
        _check_resource(directory, resource)
    _check_foreign_keys(directory)
    _check_rules(directory)
    register = pd.read_csv(directory / "gp_register.csv", dtype=str, keep_default_na=False)
    _check_dates_ascending("gp_register.csv", register, "period_end")
    _check_years_complete(directory)
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


def _record_table(name: str) -> None:
    """Note that the current page read table `name` (no-op outside a book build)."""
    record = os.environ.get(RECORD_ENV)
    if record:
        with open(record, "a", encoding="utf-8") as out:
            out.write(name + "\n")


def load(name: str) -> pd.DataFrame:
    """One validated table by resource name (for example 'gp_register'), typed from its schema."""
    directory = data_dir()
    _record_table(name)
    return _load(str(directory), data_version(directory), name).copy()


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
    return frame
