"""The map geometry in data/geo/: Kartverket's 2024 boundaries simplified once with mapshaper.

`python -m fastlege_calc simplify-geometry` (or `make geometry`, which installs the pinned mapshaper
from scripts/geo/package-lock.json first) reads snapshots/kartverket-2024/kommuner-S.topojson,
checked against its recorded SHA-256, and writes

- data/geo/kommuner-2024.topojson: objects `kommuner` (357; kommunenummer, kommunenavn,
  fylkesnummer) and `fylker` (15; fylkesnummer, fylkesnavn), sharing arcs, for the municipal map;
- data/geo/fylker-2024.topojson: the `fylker` object alone, for a county map;
- data/geo/datapackage.json: library, version, method, tolerance, the exact command, and the
  SHA-256 of every input and output.

Why mapshaper: it simplifies the TopoJSON's shared arcs, so neighbours keep one common border (no
slivers or gaps), repairs the self-intersections simplification makes (`-clean`), writes rings in
the order d3 and Vega draw (the snapshot's are reversed), and keeps every municipality however
small (`keep-shapes`). At interval=800m the municipal file is about 200 kB instead of 1 MB, every
polygon is valid, and the counties are dissolved from the simplified municipalities so their borders
coincide. The geometry is committed; the book and its tests need neither Node.js nor mapshaper.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

from fastlege_calc import data, snapshots
from fastlege_calc.municipal_import import KARTVERKET_SOURCE, KOMMUNER, MUNICIPALITIES_FILE

GEO_FOLDER = "geo"
KOMMUNER_FILE = "kommuner-2024.topojson"
FYLKER_FILE = "fylker-2024.topojson"
SIDECAR = "datapackage.json"
#: Simplification tolerance: mapshaper's output resolution as a distance on the sphere. At 800 m the
#: coast keeps its fjords and every island over about 20 km² but one, at about 200 kB (measured
#: against 100–2 500 m when the tolerance was chosen; see the sidecar).
INTERVAL = "800m"
#: TopoJSON quantization: 100 000 steps across Norway's extent, about 13–26 m per step.
QUANTIZATION = 100_000
#: The pinned mapshaper (scripts/geo/package.json and package-lock.json; `npm ci` installs it there).
MAPSHAPER_DIR = Path(__file__).resolve().parent.parent / "scripts" / "geo"
MAPSHAPER = MAPSHAPER_DIR / "node_modules" / ".bin" / "mapshaper"


class GeometryError(ValueError):
    """The geometry cannot be made (mapshaper missing or failing) or does not match its record."""


def geo_dir() -> Path:
    """data/geo/ of the data folder in use."""
    return data.data_dir() / GEO_FOLDER


def mapshaper_arguments(kommuner: str, municipalities: str, out_dir: str) -> list[str]:
    """Arguments for mapshaper: simplify, repair, add the county, dissolve counties, write both files.

    Paths are given as text so the same arguments can be recorded with repository-relative paths.
    """
    topojson = ["format=topojson", f"quantization={QUANTIZATION}"]
    return [
        "-i", kommuner, "name=kommuner",
        "-simplify", f"interval={INTERVAL}", "keep-shapes",
        "-clean",
        "-join", municipalities, "keys=kommunenummer,kommunenummer", "fields=fylkesnummer,fylkesnavn",
        "string-fields=kommunenummer,fylkesnummer", "encoding=utf8",
        "-filter-fields", "kommunenummer,kommunenavn,fylkesnummer,fylkesnavn",
        "-dissolve", "fylkesnummer", "copy-fields=fylkesnavn", "+", "name=fylker",
        "-filter-fields", "target=kommuner", "kommunenummer,kommunenavn,fylkesnummer",
        "-o", f"{out_dir}/{KOMMUNER_FILE}", "target=kommuner,fylker", *topojson,
        "-o", f"{out_dir}/{FYLKER_FILE}", "target=fylker", *topojson,
    ]  # fmt: skip


def mapshaper_version() -> str:
    """The installed mapshaper's version (from its package.json); GeometryError when it is not installed."""
    manifest = MAPSHAPER_DIR / "node_modules" / "mapshaper" / "package.json"
    if not MAPSHAPER.exists() or not manifest.is_file():
        raise GeometryError(
            "mapshaper is not installed: run `make geometry`, or `npm ci` in scripts/geo and then "
            "`python -m fastlege_calc simplify-geometry` (needs Node.js and the npm registry)"
        )
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def _objects(topology: dict) -> dict[str, dict]:
    """Each object of a topology: how many features and which properties they carry."""
    return {
        name: {"features": len(obj["geometries"]), "properties": sorted(obj["geometries"][0].get("properties", {}))}
        for name, obj in topology["objects"].items()
    }


def _sidecar(inputs: dict[str, Path], outputs: dict[str, bytes], version: str) -> bytes:
    """data/geo/datapackage.json: what was made from what, how, and the checksums."""
    command = "mapshaper " + " ".join(
        mapshaper_arguments(
            f"snapshots/{KOMMUNER[0]}/{KOMMUNER[1]}", f"data/{MUNICIPALITIES_FILE}", f"data/{GEO_FOLDER}"
        )
    )
    descriptor = {
        "name": "fastlege-kart-2024",
        "title": "Kommune- og fylkesgrenser 2024, forenklet for kart på nett",
        "description": "Kartverket's municipal boundaries 2024 simplified once for a web map, with the counties "
        "dissolved from them. Written by `python -m fastlege_calc simplify-geometry`; do not edit by hand.",
        "x-source-id": KARTVERKET_SOURCE,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": 'Creative Commons Attribution 4.0, "© Kartverket"',
            }
        ],
        "sources": [
            {
                "title": "Kartverket: kommuner 2024 (snapshots/kartverket-2024/kommuner-S.topojson)",
                "path": "https://github.com/robhop/fylker-og-kommuner",
            }
        ],
        "x-simplification": {
            "library": "mapshaper (npm), https://github.com/mbloch/mapshaper",
            "version": version,
            "method": "mapshaper's weighted Visvalingam (weighting 0.7) on the sphere, on the shared arcs of the "
            "topology, so neighbours keep one common border; keep-shapes (no municipality disappears: its "
            "largest ring is kept); intersections repaired, then -clean (no self-intersections, overlaps or "
            "gaps); counties dissolved from the simplified municipalities; rings in d3/Vega order",
            "tolerance": f"interval={INTERVAL} (mapshaper's output resolution as a distance)",
            "quantization": QUANTIZATION,
            "command": command,
            "inputs": [{"path": path, "sha256": snapshots.sha256(real)} for path, real in sorted(inputs.items())],
        },
        "resources": [
            {
                "name": name.removesuffix(".topojson"),
                "path": name,
                "format": "topojson",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": len(content),
                "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
                "x-objects": _objects(json.loads(content)),
            }
            for name, content in outputs.items()
        ],
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def simplify(snapshot_root: Path | None = None, data_root: Path | None = None) -> dict[str, bool]:
    """Simplify the municipal boundaries into data/geo/; returns {file name: whether its bytes changed}.

    Reads the kommuner-S snapshot (its SHA-256 checked first) and data/municipalities.csv (for the
    county names). Raises SnapshotError for a changed snapshot and GeometryError when mapshaper is
    not installed or fails; nothing is written then.
    """
    data_root = Path(data_root or data.data_dir())
    kommuner = snapshots.verified_file(*KOMMUNER, snapshot_root)
    municipalities = data_root / MUNICIPALITIES_FILE
    version = mapshaper_version()
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [str(MAPSHAPER), *mapshaper_arguments(str(kommuner), str(municipalities), tmp)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise GeometryError(f"mapshaper failed: {result.stderr.strip() or result.stdout.strip()}")
        outputs = {name: (Path(tmp) / name).read_bytes() for name in (KOMMUNER_FILE, FYLKER_FILE)}
    inputs = {f"snapshots/{KOMMUNER[0]}/{KOMMUNER[1]}": kommuner, f"data/{MUNICIPALITIES_FILE}": municipalities}
    outputs[SIDECAR] = _sidecar(inputs, outputs, version)
    target = data_root / GEO_FOLDER
    target.mkdir(exist_ok=True)
    changed = {}
    for name, content in outputs.items():
        path = target / name
        changed[name] = not (path.is_file() and path.read_bytes() == content)
        if changed[name]:  # write beside, then rename: a reader never sees half a file
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(content)
            os.replace(partial, path)
    return changed


def topology(name: str = KOMMUNER_FILE) -> dict:
    """One TopoJSON file of data/geo/ as a dict (Vega reads it as it is: format type 'topojson')."""
    return json.loads((geo_dir() / name).read_text(encoding="utf-8"))


def sidecar() -> dict:
    """data/geo/datapackage.json: method, tolerance, library version and checksums of the geometry."""
    return json.loads((geo_dir() / SIDECAR).read_text(encoding="utf-8"))


def check() -> None:
    """The geometry in data/geo/ is what its sidecar records and has a shape for every municipality.

    Raises DataError naming the file when a file's SHA-256 differs from data/geo/datapackage.json
    (edited by hand, or a stale record) or when the municipalities differ from data/municipalities.csv
    (names imported again without `make geometry`).
    """
    for resource in sidecar()["resources"]:
        path = geo_dir() / resource["path"]
        if not path.is_file() or "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() != resource["hash"]:
            raise data.DataError(
                f"{GEO_FOLDER}/{resource['path']}",
                f"missing or not what data/{GEO_FOLDER}/{SIDECAR} records; make it again with `make geometry` "
                "[geometry-checksum]",
            )
    shapes = {g["properties"]["kommunenummer"] for g in topology()["objects"]["kommuner"]["geometries"]}
    codes = set(data.load("municipalities").kommunenummer)
    for code in sorted(shapes ^ codes):
        where = "has no shape" if code in codes else "has a shape but is not in data/municipalities.csv"
        raise data.DataError(
            f"{GEO_FOLDER}/{KOMMUNER_FILE}",
            f"municipality {code} {where}; make the geometry again with `make geometry` [geometry-municipalities]",
        )


def county_borders(name: str = KOMMUNER_FILE) -> dict:
    """The borders between counties as a small TopoJSON: object `fylkesgrenser`, one line per shared arc.

    An arc two county polygons share is a border between them (the coast and the national border belong
    to one county only and are drawn with the municipalities). Same quantization as the file, arcs
    copied as they are, so the lines lie exactly on the municipal borders.
    """
    topo = topology(name)
    used: dict[int, int] = {}

    def walk(arcs) -> set[int]:
        found: set[int] = set()
        for item in arcs:
            found |= walk(item) if isinstance(item, list) else {item if item >= 0 else ~item}
        return found

    for county in topo["objects"]["fylker"]["geometries"]:
        for arc in walk(county["arcs"]):
            used[arc] = used.get(arc, 0) + 1
    shared = sorted(arc for arc, count in used.items() if count >= 2)
    return {
        "type": "Topology",
        **({"transform": topo["transform"]} if "transform" in topo else {}),
        "arcs": [topo["arcs"][arc] for arc in shared],
        "objects": {"fylkesgrenser": {"type": "MultiLineString", "arcs": [[i] for i in range(len(shared))]}},
    }


def features(object_name: str = "kommuner", name: str = KOMMUNER_FILE) -> list[dict]:
    """The features of one object as GeoJSON Feature dicts (properties and decoded geometry).

    Coordinates are longitude/latitude in degrees, rings in the file's order (clockwise outer rings,
    as d3 and Vega expect). Raises KeyError for an unknown object.
    """
    topo = topology(name)
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        points, x, y = [], 0, 0
        for dx, dy in arc:
            if transform:  # quantized: delta-encoded integer positions
                x, y = x + dx, y + dy
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append([x * sx + tx, y * sy + ty])
            else:
                points.append([dx, dy])
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        coordinates: list[list[float]] = []
        for index in indexes:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            coordinates.extend(points if not coordinates else points[1:])
        return coordinates

    out = []
    for geometry in topo["objects"][object_name]["geometries"]:
        kind = geometry["type"]
        if kind == "Polygon":
            coordinates = [ring(r) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            raise GeometryError(f"data/{GEO_FOLDER}/{name}: unexpected geometry type {kind}")
        out.append(
            {
                "type": "Feature",
                "properties": geometry.get("properties", {}),
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        )
    return out


def preview_chart(column: str = "patients_without_gp_pct", year: int | None = None):
    """A plain Altair choropleth of one register column by municipality, to check the geometry by eye.

    Not the book's map (that one uses the charts theme): every municipality drawn from
    data/geo/kommuner-2024.topojson, coloured by its value, grey where it has none.
    """
    import altair as alt

    from fastlege_calc import municipal

    table = municipal.year_table(year)
    values = [
        {"kommunenummer": row.kommunenummer, "value": None if row.isna()[column] else float(row[column])}
        for _, row in table.iterrows()
    ]
    shapes = alt.Data(values=topology(), format=alt.DataFormat(type="topojson", feature="kommuner"))
    lookup = alt.LookupData(alt.Data(values=values), "kommunenummer", ["value"])
    base = alt.Chart(shapes).transform_lookup(lookup="properties.kommunenummer", from_=lookup)
    missing = base.mark_geoshape(fill="#bbbbbb", stroke="white", strokeWidth=0.2).transform_filter(
        "datum.value == null"
    )
    coloured = (
        base.mark_geoshape(stroke="white", strokeWidth=0.2)
        .transform_filter("datum.value != null")
        .encode(color=alt.Color("value:Q", title=column, scale=alt.Scale(scheme="viridis", reverse=True)))
    )
    return (missing + coloured).project(type="transverseMercator", rotate=[-15, 0]).properties(width=500, height=600)
