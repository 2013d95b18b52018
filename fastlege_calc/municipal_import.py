"""Import SSB table 12005 and Kartverket's municipality names from snapshots/ into tidy CSV in data/.

`python -m fastlege_calc import-municipal` runs `import_municipal()`. It checks every snapshot
against the SHA-256 in its sidecar, then writes

- data/municipalities.csv: one row per municipality (357), names and county from Kartverket;
- data/municipal_measures.csv: SSB's measures (the snapshot's `metrics`), code beside the column
  that holds it, the Norwegian label and the unit;
- data/municipal_register.csv: one wide row per municipality and year with values, 2015–2025;
- data/municipal_import.json: the snapshots' checksums and what was written from them.

Values are written exactly as the snapshot gives them (SSB's rounding, percent as 0–100); a value
the snapshot lacks stays an empty cell, never a zero. The output depends only on the snapshots, so
importing the same snapshots again writes the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from fastlege_calc import data, snapshots
from fastlege_calc.snapshots import SnapshotError

# Inputs: (snapshot folder, file) as listed in the folder's datapackage.json.
SSB = ("ssb-12005", "fastlege-kommuner-2015-2025.json")
KOMMUNER = ("kartverket-2024", "kommuner-S.topojson")
FYLKER = ("kartverket-2024", "fylker-S.topojson")
#: source_id in data/sources.csv of each snapshot folder (also the sidecar's x-source-id).
SSB_SOURCE = "ssb_12005"
KARTVERKET_SOURCE = "kartverket_2024"
COMMAND = "python -m fastlege_calc import-municipal"


@dataclass(frozen=True)
class Measure:
    """How one SSB measure is kept: its column in municipal_register.csv and the project's unit."""

    column: str | None  # None: listed in the snapshot's metrics, but no values in the snapshot
    unit: str  # one of the units in the schema of municipal_measures.csv


#: SSB's measure code → column and unit. The labels and SSB's units come from the snapshot's
#: `metrics`; SSB's definitions are on ssb.no/kompis (indicator pages of table 12005).
MEASURES = {
    "KOSantallavtaler0001": Measure("agreements_with_gp", "count"),
    "KOSantallpasient0000": Measure("patients_with_gp", "patients"),
    "KOSantallavtaler0000": Measure("lists_without_gp", "count"),
    "KOSantallpasient0001": Measure("patients_without_gp", "patients"),
    "KOSandelpasiente0000": Measure("patients_without_gp_pct", "percent"),
    "KOSaapnelister0000": Measure("open_lists", "count"),
    "KOSgjsnlisteleng0000": Measure("avg_list_length_patients", "patients"),
    "KOSgjsnllkomm0000": Measure("avg_list_length_adjusted_patients", "patients"),
    "KOSantallkvinnel0000": Measure("women_gps", "count"),
    "KOSandelkvinnele0000": Measure("women_share_pct", "percent"),
    "KOSkapasitet0000": Measure("capacity_patients", "patients"),
    "KOSkapasitetbere0000": Measure("capacity_computed_patients", "patients"),
    "KOSreservekapasi0000": Measure("reserve_capacity_pct", "percent"),
    "KOSkonsultpasien0000": Measure(None, "count"),
    "KOSkonsultlegeko0000": Measure(None, "count"),
    "KOSkonspasientpr0000": Measure(None, "ratio"),
    "KOSkonslegeprper0000": Measure(None, "ratio"),
    "KOSantallavtaler0002": Measure("agreements_total", "count"),
}

MUNICIPALITIES_FILE = "municipalities.csv"
MEASURES_FILE = "municipal_measures.csv"
REGISTER_FILE = "municipal_register.csv"
RECORD_FILE = "municipal_import.json"

MUNICIPALITY_COLUMNS = ["kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn", "fylkesnavn_kort", "source_id"]
MEASURE_COLUMNS = ["measure_code", "column", "label_nb", "unit", "unit_ssb", "source_id"]


def register_columns() -> list[str]:
    """The header of municipal_register.csv: key, one column per measure with values (SSB's order), source."""
    return ["kommunenummer", "year", *[m.column for m in MEASURES.values() if m.column], "source_id"]


def _fail(file: tuple[str, str], rule: str) -> SnapshotError:
    """An error about a snapshot's content, naming the file."""
    return SnapshotError(f"snapshots/{file[0]}/{file[1]}: {rule}")


def _load_json(folder: str, filename: str, root: Path | None) -> dict:
    """A verified snapshot file, parsed."""
    path = snapshots.verified_file(folder, filename, root)
    return json.loads(path.read_text(encoding="utf-8"))


def _cell(value) -> str:
    """A value as written in the CSV: as the snapshot gives it (13761, 11.5), empty when missing."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    text = str(value) if isinstance(value, int) else repr(value)
    if "e" in text or "n" in text:  # exponent, nan, inf: never in SSB's figures
        raise ValueError(f"cannot write {value!r} as a plain decimal")
    return text


def _geometries(topology: dict, file: tuple[str, str]) -> list[dict]:
    """The features of a TopoJSON file's single object."""
    objects = list(topology.get("objects", {}).values())
    if len(objects) != 1:
        raise _fail(file, f"expected one TopoJSON object, found {len(objects)} [snapshot-layout]")
    return objects[0]["geometries"]


def municipality_rows(kommuner: dict, fylker: dict) -> list[list[str]]:
    """Rows of municipalities.csv from Kartverket's municipal and county TopoJSON (sorted by kommunenummer).

    The county is the first two digits of the 2024 kommunenummer; its names come from fylker-S
    (fylkesnavn with Sami names where official, fylkesnavn_kort the Norwegian name alone).
    """
    counties = {}
    for feature in _geometries(fylker, FYLKER):
        props = feature["properties"]
        counties[props["fylkesnummer"]] = (props["fylkesnavn"], props["name"])
    rows = {}
    for feature in _geometries(kommuner, KOMMUNER):
        props = feature["properties"]
        code = props["kommunenummer"]
        if code in rows:
            raise _fail(KOMMUNER, f"kommunenummer {code} appears twice [snapshot-layout]")
        county = code[:2]
        if county not in counties:
            raise _fail(KOMMUNER, f"kommunenummer {code}: no county {county} in fylker-S.topojson [snapshot-layout]")
        rows[code] = [code, props["kommunenavn"], county, *counties[county], KARTVERKET_SOURCE]
    return [rows[code] for code in sorted(rows)]


def measure_rows(ssb: dict) -> list[list[str]]:
    """Rows of municipal_measures.csv, one per metric of the snapshot, in the snapshot's order."""
    rows = []
    for metric in ssb["metrics"]:
        code = metric["code"]
        if code not in MEASURES:
            raise _fail(
                SSB,
                f"SSB measure {code} ('{metric['label']}') is new: give it a column and unit in MEASURES "
                "in fastlege_calc/municipal_import.py [snapshot-measure]",
            )
        measure = MEASURES[code]
        rows.append([code, measure.column or "", metric["label"], measure.unit, metric["unit"], SSB_SOURCE])
    return rows


def register_rows(ssb: dict, known_codes: set[str]) -> list[list[str]]:
    """Rows of municipal_register.csv: one per municipality and year with at least one value.

    `latest` gives every measure for the latest year; `trend` gives three measures year by year.
    Raises SnapshotError when a trend's latest year disagrees with `latest`, or a municipality has
    no boundary.
    """
    latest_year = int(ssb["latestYear"])
    columns = register_columns()
    column_of = {code: m.column for code, m in MEASURES.items() if m.column}
    rows = []
    for code in sorted(ssb["kommuner"]):
        if code not in known_codes:
            raise _fail(SSB, f"kommunenummer {code} has no boundary in kommuner-S.topojson [snapshot-layout]")
        entry = ssb["kommuner"][code]
        by_year: dict[int, dict[str, object]] = {}
        for measure_code, series in entry.get("trend", {}).items():
            for point in series:
                by_year.setdefault(int(point["year"]), {})[column_of[measure_code]] = point["value"]
        for measure_code, value in entry.get("latest", {}).items():
            column = column_of.get(measure_code)
            if column is None:
                raise _fail(SSB, f"{code}: measure {measure_code} has no column [snapshot-measure]")
            year = by_year.setdefault(latest_year, {})
            if column in year and year[column] != value:
                raise _fail(
                    SSB,
                    f"{code}: {measure_code} is {value} in 'latest' but {year[column]} in the trend for {latest_year} "
                    "[snapshot-consistency]",
                )
            year[column] = value
        for year in sorted(by_year):
            values = by_year[year]
            if all(v is None for v in values.values()):
                continue
            row = {"kommunenummer": code, "year": str(year), "source_id": SSB_SOURCE}
            row.update({column: _cell(value) for column, value in values.items()})
            rows.append([row.get(column, "") for column in columns])
    return rows


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """CSV as the repository keeps it: UTF-8, comma-separated, LF line ends, minimal quoting."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _write(path: Path, content: bytes) -> bool:
    """Write a file only when its bytes change (keeps timestamps, and so rebuilds, quiet); True if written."""
    if path.is_file() and path.read_bytes() == content:
        return False
    path.write_bytes(content)
    return True


def import_municipal(snapshot_root: Path | None = None, data_root: Path | None = None) -> dict[str, bool]:
    """Import the snapshots into data/; returns {file name: whether its bytes changed}.

    `snapshot_root` defaults to snapshots/, `data_root` to data/. Raises SnapshotError (a
    ValueError) when a snapshot is missing, differs from its recorded SHA-256, or its content does
    not fit the layout the import expects; nothing is written then.
    """
    data_root = Path(data_root or data.data_dir())
    # Load inputs (each checked against its sidecar's SHA-256 first).
    ssb = _load_json(*SSB, snapshot_root)
    kommuner = _load_json(*KOMMUNER, snapshot_root)
    fylker = _load_json(*FYLKER, snapshot_root)
    # Process data.
    municipalities = municipality_rows(kommuner, fylker)
    known = {row[0] for row in municipalities}
    outputs = {
        MUNICIPALITIES_FILE: _csv_bytes(MUNICIPALITY_COLUMNS, municipalities),
        MEASURES_FILE: _csv_bytes(MEASURE_COLUMNS, measure_rows(ssb)),
        REGISTER_FILE: _csv_bytes(register_columns(), register_rows(ssb, known)),
    }
    root = snapshot_root or snapshots.snapshot_dir()
    record = {
        "command": COMMAND,
        "description": "What data/municipal*.csv were imported from: each snapshot's SHA-256 (as its sidecar "
        "records it) and each file written, with its rows and SHA-256. Written by the import; do not edit.",
        "snapshots": [
            {"path": f"snapshots/{folder}/{name}", "sha256": snapshots.sha256(root / folder / name)}
            for folder, name in (SSB, KOMMUNER, FYLKER)
        ],
        "outputs": [
            {
                "path": f"data/{name}",
                "rows": content.count(b"\n") - 1,
                "sha256": hashlib.sha256(content).hexdigest(),
            }
            for name, content in outputs.items()
        ],
    }
    outputs[RECORD_FILE] = (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    # Save outputs.
    return {name: _write(data_root / name, content) for name, content in outputs.items()}
