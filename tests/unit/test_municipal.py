"""The municipal data: SSB table 12005 and Kartverket's names imported from snapshots/, and its accessors.

Every hand figure below was checked against the raw snapshot (snapshots/ssb-12005/…json) before it
was written here; each test also recomputes it from the raw JSON, independently of the import.
"""

import hashlib
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from fastlege_calc import data, municipal, municipal_import, snapshots
from fastlege_calc.snapshots import SnapshotError
from tests.helpers import ROOT

SSB_FILE = ROOT / "snapshots" / "ssb-12005" / "fastlege-kommuner-2015-2025.json"
KOMMUNER_FILE = ROOT / "snapshots" / "kartverket-2024" / "kommuner-S.topojson"
RAW = json.loads(SSB_FILE.read_text(encoding="utf-8"))
#: The municipalities in Kartverket's boundaries, and the six of them with no figures in the snapshot.
BOUNDARY_CODES = {
    g["properties"]["kommunenummer"]
    for g in json.loads(KOMMUNER_FILE.read_text(encoding="utf-8"))["objects"]["Kommuner"]["geometries"]
}
WITHOUT_FIGURES = ["1853", "3336", "4220", "5514", "5518", "5528"]
IMPORTED = [
    municipal_import.MUNICIPALITIES_FILE,
    municipal_import.MEASURES_FILE,
    municipal_import.REGISTER_FILE,
    municipal_import.RECORD_FILE,
]


def raw_latest_sum(code: str) -> int:
    """Sum of one SSB measure over the municipalities in the raw snapshot's 'latest' (2025)."""
    return sum(entry["latest"][code] for entry in RAW["kommuner"].values())


def raw_years(entry: dict, code: str = "KOSandelpasiente0000") -> set[int]:
    """Years with a value of one trend measure for one municipality in the raw snapshot."""
    return {int(p["year"]) for p in entry["trend"].get(code, []) if p["value"] is not None}


# --- the hand sums for 2025 (issue 13), from the raw snapshot and from the imported data ----------
def test_the_2025_sums_of_the_municipal_figures():
    sums = municipal.national_sums(2025)
    # Hand sums over the 351 municipalities with values (the figures, checked in the raw JSON):
    expected = {
        "municipalities": 357 - 6,
        "patients_without_gp": 117_899,  # KOSantallpasient0001, listed patients on lists without a GP
        "lists_without_gp": 197,  # KOSantallavtaler0000
        "agreements_with_gp": 5_747,  # KOSantallavtaler0001, fastlegeavtaler with a GP
        "agreements_total": 5_747 + 197,  # KOSantallavtaler0002 includes the lists without a GP
    }
    assert {key: sums[key] for key in expected} == expected
    assert len(RAW["kommuner"]) == expected["municipalities"]
    assert raw_latest_sum("KOSantallpasient0001") == expected["patients_without_gp"]
    assert raw_latest_sum("KOSantallavtaler0000") == expected["lists_without_gp"]
    assert raw_latest_sum("KOSantallavtaler0001") == expected["agreements_with_gp"]
    assert raw_latest_sum("KOSantallavtaler0002") == expected["agreements_total"]


def test_shares_of_the_sums_are_recomputed_not_averaged():
    sums = municipal.national_sums(2025)
    listed = raw_latest_sum("KOSantallpasient0000") + raw_latest_sum("KOSantallpasient0001")
    assert sums["patients_without_gp_pct"] == pytest.approx(100 * 117_899 / listed)
    assert sums["avg_list_length_patients"] == pytest.approx(raw_latest_sum("KOSantallpasient0000") / 5_747)
    average_of_shares = municipal.year_table(2025).patients_without_gp_pct.mean()
    assert abs(sums["patients_without_gp_pct"] - average_of_shares) > 1  # the two differ: the average is wrong


def test_before_2025_the_snapshot_has_no_counts_and_nothing_is_summed():
    sums = municipal.national_sums(2024)
    assert sums["municipalities"] == 351
    assert sums["patients_without_gp"] is pd.NA
    assert sums["patients_without_gp_pct"] is pd.NA


def test_county_sums_add_up_to_the_national_sums_and_their_shares_come_from_their_sums():
    counties = municipal.county_aggregates(2025)
    assert len(counties) == 15
    assert counties.municipalities_total.sum() == 357
    assert counties.municipalities.sum() == 351
    national = municipal.national_sums(2025)
    for column in municipal.COUNT_COLUMNS:
        assert counties[column].sum() == national[column], column
    # Troms (55): three of its 21 municipalities have no figures (5514, 5518, 5528).
    troms = counties.set_index("fylkesnummer").loc["55"]
    assert (troms.municipalities_total, troms.municipalities) == (21, 21 - 3)
    in_troms = [e["latest"] for code, e in RAW["kommuner"].items() if code.startswith("55")]
    without = sum(x["KOSantallpasient0001"] for x in in_troms)
    listed = sum(x["KOSantallpasient0000"] + x["KOSantallpasient0001"] for x in in_troms)
    assert troms.patients_without_gp == without
    assert troms.patients_without_gp_pct == pytest.approx(100 * without / listed)


def test_county_names_are_kartverkets():
    counties = municipal.county_aggregates().set_index("fylkesnummer")
    assert counties.loc["18", "fylkesnavn"] == "Nordland - Nordlánnda"
    assert counties.loc["18", "fylkesnavn_kort"] == "Nordland"
    assert counties.loc["03", "fylkesnavn"] == "Oslo"


# --- comparable sets across years ---------------------------------------------------------------
@pytest.mark.parametrize(("first", "last", "expected"), [(2015, 2025, 82), (2020, 2025, 240), (2024, 2025, 351)])
def test_municipalities_with_the_share_in_every_year_of_a_span(first, last, expected):
    found = municipal.complete_span(first, last)
    from_raw = sorted(c for c, e in RAW["kommuner"].items() if set(range(first, last + 1)) <= raw_years(e))
    assert len(found) == expected
    assert found == from_raw


def test_a_span_is_complete_only_with_every_year():
    # 1836 has the share every year, but its list length only in 2015, 2016, 2024 and 2025.
    assert "1836" in municipal.complete_span(2015, 2025)
    assert "1836" not in municipal.complete_span(2015, 2025, "avg_list_length_patients")
    assert "1836" in municipal.complete_span(2024, 2025, "avg_list_length_patients")
    with pytest.raises(ValueError, match="after last year"):
        municipal.complete_span(2025, 2024)


# --- municipalities, names and boundaries ------------------------------------------------------
def test_every_municipality_has_a_boundary_and_every_boundary_a_municipality():
    codes = set(municipal.municipalities().kommunenummer)
    assert len(codes) == 357
    assert codes == BOUNDARY_CODES
    assert set(municipal.register().kommunenummer) == codes - set(WITHOUT_FIGURES)


def test_kommunenummer_is_four_characters_and_keeps_its_leading_zero():
    table = municipal.municipalities()
    assert table.kommunenummer.str.fullmatch(r"[0-9]{4}").all()
    assert municipal.municipality("0301").kommunenavn == "Oslo"
    assert (table.fylkesnummer == table.kommunenummer.str[:2]).all()


@pytest.mark.parametrize(
    ("name", "counties"),
    [("Herøy", {"1515": "Møre og Romsdal", "1818": "Nordland"}), ("Våler", {"3114": "Østfold", "3419": "Innlandet"})],
)
def test_two_municipalities_share_a_name_and_are_told_apart_by_county(name, counties):
    table = municipal.municipalities()
    same = table[table.kommunenavn == name]
    assert dict(zip(same.kommunenummer, same.fylkesnavn_kort, strict=True)) == counties


def test_an_unknown_municipality_is_a_clear_error():
    with pytest.raises(KeyError, match=r"'9999' is not in data/municipalities\.csv"):
        municipal.series("9999")
    with pytest.raises(KeyError, match="no SSB measure"):
        municipal.series("0301", "kommunenavn")


# --- missing stays missing -----------------------------------------------------------------------
def test_municipalities_without_figures_are_listed_with_no_values_never_zero():
    table = municipal.year_table(2025).set_index("kommunenummer")
    assert len(table) == 357
    without = table.loc[WITHOUT_FIGURES]
    measure_columns = [
        c for c in municipal_import.register_columns() if c not in ("kommunenummer", "year", "source_id")
    ]
    assert without[measure_columns].isna().all().all()
    assert (without.kommunenavn != "").all()
    assert set(WITHOUT_FIGURES) == BOUNDARY_CODES - set(RAW["kommuner"])
    for code in WITHOUT_FIGURES:
        assert municipal.series(code).empty


def test_a_value_the_snapshot_lacks_is_an_empty_cell():
    register = municipal.register().set_index(["kommunenummer", "year"])
    # 1836: every patient on a list without a GP in 2017–2023 (share 100), and no list length then.
    assert register.loc[("1836", 2017), "patients_without_gp_pct"] == 100
    assert pd.isna(register.loc[("1836", 2017), "avg_list_length_patients"])
    # Five municipalities lack the adjusted list length in 2025; the other 346 have it.
    latest = register.xs(2025, level="year")
    assert latest.avg_list_length_adjusted_patients.isna().sum() == 351 - 346
    # Counts exist for 2025 only: earlier rows leave them empty rather than zero.
    assert register.xs(2024, level="year").patients_without_gp.isna().all()
    raw_text = (ROOT / "data" / "municipal_register.csv").read_text(encoding="utf-8")
    assert "\n1836,2017,,,,,100,,,,,,,,,,ssb_12005\n" in raw_text


def test_a_municipalitys_series_is_the_snapshots_trend():
    expected = {int(p["year"]): p["value"] for p in RAW["kommuner"]["1101"]["trend"]["KOSandelpasiente0000"]}
    assert municipal.series("1101").to_dict() == expected
    assert municipal.series("1101")[2022] == 30.8


# --- columns hold the measures they say (SSB's own identities hold on every 2025 row) ------------
def test_the_columns_hold_the_measures_their_ssb_codes_name():
    latest = municipal.year_table(2025).dropna(subset=["patients_with_gp"])
    assert len(latest) == 351
    assert (latest.agreements_total == latest.agreements_with_gp + latest.lists_without_gp).all()
    listed = latest.patients_with_gp + latest.patients_without_gp
    share = 100 * latest.patients_without_gp / listed
    assert ((share - latest.patients_without_gp_pct).abs() <= 0.05 + 1e-9).all()
    # SSB: list length = patients on lists with a GP / agreements, rounded half up.
    length = (latest.patients_with_gp / latest.agreements_with_gp + 0.5).astype(float).apply(int)
    assert (length == latest.avg_list_length_patients).all()


def test_the_measures_table_names_every_register_column_with_its_ssb_code():
    measures = municipal.measures()
    assert list(measures.measure_code) == [m["code"] for m in RAW["metrics"]]
    assert list(measures.label_nb) == [m["label"] for m in RAW["metrics"]]
    kept = measures[measures["column"].notna()]
    columns = municipal_import.register_columns()
    assert list(kept["column"]) == columns[2:-1]
    schema = {r["name"]: r for r in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]}
    fields = {f["name"]: f for f in schema["municipal_register"]["schema"]["fields"]}
    for row in kept.itertuples():
        assert fields[row.column]["description"] == f"SSB {row.measure_code}: {row.label_nb}"
        assert fields[row.column]["type"] == ("number" if row.unit == "percent" else "integer")
    assert municipal.measure("patients_without_gp").measure_code == "KOSantallpasient0001"


# --- the import: checksums, byte-identical re-runs, clear errors -------------------------------
@pytest.fixture
def snapshot_copy(tmp_path, monkeypatch):
    """A writable copy of snapshots/ that the import reads from for one test."""
    target = tmp_path / "snapshots"
    shutil.copytree(ROOT / "snapshots", target)
    monkeypatch.setenv("FASTLEGE_SNAPSHOT_DIR", str(target))
    return target


def test_reimporting_the_same_snapshots_writes_the_same_bytes(data_copy):
    committed = {name: (ROOT / "data" / name).read_bytes() for name in IMPORTED}
    assert municipal_import.import_municipal() == dict.fromkeys(IMPORTED, False)  # nothing to change
    for name in IMPORTED:
        (data_copy / name).unlink()
    assert municipal_import.import_municipal() == dict.fromkeys(IMPORTED, True)
    assert {name: (data_copy / name).read_bytes() for name in IMPORTED} == committed
    data.validate(data_copy)


def test_the_import_records_the_snapshot_checksums_it_read():
    record = json.loads((ROOT / "data" / municipal_import.RECORD_FILE).read_text(encoding="utf-8"))
    assert record["command"] == "python -m fastlege_calc import-municipal"
    for snapshot in record["snapshots"]:
        path = ROOT / snapshot["path"]
        folder, name = path.parent.name, path.name
        listed = {r["path"]: r["hash"] for r in snapshots.sidecar(folder)["resources"]}
        assert listed[name] == "sha256:" + snapshot["sha256"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == snapshot["sha256"]
    for output in record["outputs"]:
        content = (ROOT / output["path"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == output["sha256"], output["path"]
        assert content.count(b"\n") - 1 == output["rows"]


def test_a_tampered_snapshot_stops_the_import_and_writes_nothing(snapshot_copy, data_copy):
    raw = snapshot_copy / "ssb-12005" / "fastlege-kommuner-2015-2025.json"
    raw.write_bytes(raw.read_bytes().replace(b'"KOSantallpasient0001":1782', b'"KOSantallpasient0001":1783', 1))
    before = {name: (data_copy / name).read_bytes() for name in IMPORTED}
    with pytest.raises(SnapshotError) as info:
        municipal_import.import_municipal()
    message = str(info.value)
    assert "fastlege-kommuner-2015-2025.json: SHA-256 is " in message
    assert "1e9fe9f71a542a65be999c99d092971578643a280b64c44840220c44dd92857d" in message  # the recorded one
    assert "ssb-12005/datapackage.json" in message
    assert message.endswith("[snapshot-checksum]")
    assert {name: (data_copy / name).read_bytes() for name in IMPORTED} == before


def test_the_command_reports_a_tampered_snapshot_without_a_traceback(snapshot_copy, data_copy):
    boundary = snapshot_copy / "kartverket-2024" / "kommuner-S.topojson"
    boundary.write_bytes(boundary.read_bytes().replace(b'"Birkenes"', b'"Birkenes!"'))
    result = subprocess.run(
        [sys.executable, "-m", "fastlege_calc", "import-municipal"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "kommuner-S.topojson: SHA-256 is" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_imports_and_validates(snapshot_copy, data_copy):
    result = subprocess.run(
        [sys.executable, "-m", "fastlege_calc", "import-municipal"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "data/municipal_register.csv: unchanged" in result.stdout
    assert "data/ is valid" in result.stdout


def test_a_missing_snapshot_or_sidecar_is_named(snapshot_copy):
    (snapshot_copy / "kartverket-2024" / "fylker-S.topojson").unlink()
    with pytest.raises(SnapshotError, match=r"fylker-S.topojson: the snapshot file is missing \[snapshot-missing\]"):
        municipal_import.import_municipal()
    (snapshot_copy / "ssb-12005" / "datapackage.json").unlink()
    with pytest.raises(SnapshotError, match=r"sidecar is missing"):
        municipal_import.import_municipal()


def test_a_new_ssb_measure_must_be_given_a_column(snapshot_copy, data_copy):
    raw = snapshot_copy / "ssb-12005" / "fastlege-kommuner-2015-2025.json"
    content = raw.read_bytes().replace(b'"code":"KOSaapnelister0000"', b'"code":"KOSnymaal0000"', 1)
    raw.write_bytes(content)
    sidecar = snapshot_copy / "ssb-12005" / "datapackage.json"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace(snapshots.sha256(SSB_FILE), hashlib.sha256(content).hexdigest()), "utf-8")
    with pytest.raises(SnapshotError, match=r"SSB measure KOSnymaal0000 .* is new"):
        municipal_import.import_municipal()


# --- the snapshots' sidecars --------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["ssb-12005", "kartverket-2024"])
def test_every_snapshot_has_its_origin_and_checksum_recorded(folder):
    from frictionless import Package

    descriptor = snapshots.sidecar(folder)
    Package(descriptor)  # a valid Frictionless data package
    assert descriptor["x-source-id"] in set(data.load("sources").source_id)
    assert all(s["path"].startswith("https://") for s in descriptor["sources"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    files = sorted(p.name for p in (ROOT / "snapshots" / folder).iterdir() if p.name != snapshots.SIDECAR)
    assert sorted(r["path"] for r in descriptor["resources"]) == files
    for resource in descriptor["resources"]:
        path = snapshots.verified_file(folder, resource["path"])
        assert path.stat().st_size == resource["bytes"]
