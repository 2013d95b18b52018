"""The map geometry in data/geo/: what it was made from, what it holds, and that Vega draws it."""

import hashlib
import itertools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
import shapely
import vl_convert
from shapely.geometry import shape

from fastlege_calc import geometry, municipal
from fastlege_calc.data import DataError
from tests.helpers import ROOT, replace_in

GEO = ROOT / "data" / "geo"
RAW_FYLKER = ROOT / "snapshots" / "kartverket-2024" / "fylker-S.topojson"
#: The budget: the map page (Vega and all) must stay under 1.5 MB; the municipal geometry gets at most this.
MAX_MUNICIPAL_BYTES = 300_000


def polygons(object_name="kommuner", name=geometry.KOMMUNER_FILE):
    """{code: shapely geometry} of one object of the simplified geometry."""
    key = "kommunenummer" if object_name == "kommuner" else "fylkesnummer"
    return {f["properties"][key]: shape(f["geometry"]) for f in geometry.features(object_name, name)}


def ring_references(object_name: str, topology: dict) -> Counter:
    """How often each arc (by index, either direction) is used by the rings of one object."""
    used = Counter()

    def walk(arcs):
        for item in arcs:
            if isinstance(item, list):
                walk(item)
            else:
                used[item if item >= 0 else ~item] += 1

    for g in topology["objects"][object_name]["geometries"]:
        walk(g["arcs"])
    return used


def test_the_geometry_is_what_its_sidecar_records():
    sidecar = geometry.sidecar()
    method = sidecar["x-simplification"]
    assert method["library"].startswith("mapshaper")
    assert re.fullmatch(r"\d+\.\d+\.\d+", method["version"])
    assert method["tolerance"].startswith(f"interval={geometry.INTERVAL}")
    lock = json.loads((ROOT / "scripts" / "geo" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/mapshaper"]["version"] == method["version"]
    for source in method["inputs"]:
        assert hashlib.sha256((ROOT / source["path"]).read_bytes()).hexdigest() == source["sha256"], (
            f"{source['path']} changed since the geometry was made: run `make geometry`"
        )
    for resource in sidecar["resources"]:
        content = (GEO / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["bytes"] == len(content)


def test_every_municipality_has_one_shape_with_its_code_name_and_county():
    table = municipal.municipalities().set_index("kommunenummer")
    shapes = geometry.features("kommuner")
    assert len(shapes) == 357
    properties = {f["properties"]["kommunenummer"]: f["properties"] for f in shapes}
    assert set(properties) == set(table.index)
    for code, props in properties.items():
        assert props == {
            "kommunenummer": code,
            "kommunenavn": table.loc[code, "kommunenavn"],
            "fylkesnummer": table.loc[code, "fylkesnummer"],
        }


@pytest.mark.parametrize("name", [geometry.KOMMUNER_FILE, geometry.FYLKER_FILE])
def test_every_county_has_one_shape_with_its_name(name):
    names = municipal.municipalities().drop_duplicates("fylkesnummer").set_index("fylkesnummer").fylkesnavn
    shapes = geometry.features("fylker", name)
    assert {f["properties"]["fylkesnummer"]: f["properties"]["fylkesnavn"] for f in shapes} == names.to_dict()


def test_the_municipal_geometry_fits_a_web_page():
    size = (GEO / geometry.KOMMUNER_FILE).stat().st_size
    assert size <= MAX_MUNICIPAL_BYTES
    raw = (ROOT / "snapshots" / "kartverket-2024" / "kommuner-S.topojson").stat().st_size
    assert size < raw / 4


def test_neighbours_share_their_border_and_counties_follow_municipal_borders():
    topology = geometry.topology()
    municipal_arcs = ring_references("kommuner", topology)
    assert max(municipal_arcs.values()) == 2  # an arc is a border of at most two municipalities
    assert sum(1 for n in municipal_arcs.values() if n == 2) > 500  # and most inland borders are shared
    assert set(ring_references("fylker", topology)) <= set(municipal_arcs)


def test_every_polygon_is_valid_and_none_overlap():
    shapes = polygons()
    invalid = {code: shapely.is_valid_reason(g) for code, g in shapes.items() if not g.is_valid}
    assert invalid == {}
    union = shapely.union_all(list(shapes.values()))
    overlap = sum(g.area for g in shapes.values()) - union.area
    assert overlap == pytest.approx(0, abs=1e-6)  # square degrees: under about 5 000 m²


def test_outer_rings_run_clockwise_as_vega_draws_them():
    # Counter-clockwise outer rings (the snapshot's order) make d3 and Vega fill the whole plot.
    def signed_area(ring):
        return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2

    for feature in geometry.features("kommuner"):
        geom = feature["geometry"]
        parts = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for outer, *holes in parts:
            assert signed_area(outer) < 0, feature["properties"]["kommunenummer"]
            assert all(signed_area(hole) > 0 for hole in holes)


def test_the_counties_keep_kartverkets_area():
    raw = json.loads(RAW_FYLKER.read_text(encoding="utf-8"))
    original = {}
    for g in raw["objects"]["Fylker"]["geometries"]:
        rings = {"Polygon": [g["arcs"]], "MultiPolygon": g["arcs"]}[g["type"]]
        parts = [[_raw_ring(raw["arcs"], ring) for ring in polygon] for polygon in rings]
        original[g["properties"]["fylkesnummer"]] = shapely.make_valid(
            shape({"type": "MultiPolygon", "coordinates": parts})
        )
    simplified = polygons("fylker", geometry.FYLKER_FILE)
    assert set(simplified) == set(original)
    for code, county in simplified.items():
        assert county.area == pytest.approx(original[code].area, rel=0.01), code


def _raw_ring(arcs, indexes):
    """A ring of the raw (unquantized) TopoJSON snapshot."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def test_vega_draws_357_municipalities_none_filling_the_plot():
    chart = geometry.preview_chart(year=2025)
    svg = ET.fromstring(vl_convert.vegalite_to_svg(chart.to_dict()))
    ns = "{http://www.w3.org/2000/svg}"
    paths = [
        path
        for group in svg.iter(f"{ns}g")
        if "mark-shape" in group.get("class", "")
        for path in group.iter(f"{ns}path")
    ]
    assert len(paths) == 357
    grey = [p for p in paths if p.get("fill") == "#bbbbbb"]
    assert len(grey) == 6  # the six municipalities without figures, drawn as 'no figures', not as 0
    width = float(svg.get("width"))
    for path in paths:
        xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", path.get("d"))]
        assert max(xs) - min(xs) < width / 2


def test_validate_refuses_an_edited_geometry(data_copy):
    path = data_copy / "geo" / geometry.KOMMUNER_FILE
    path.write_bytes(path.read_bytes().replace(b'"Birkenes"', b'"Birkenes kommune"'))
    result = subprocess.run([sys.executable, "-m", "fastlege_calc", "validate"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("error: data/geo/kommuner-2024.topojson: missing or not what")
    assert "[geometry-checksum]" in result.stderr


def test_validate_refuses_municipalities_the_geometry_does_not_match(data_copy):
    replace_in(
        data_copy / "municipalities.csv",
        "1853,Evenes - Evenášši,18,Nordland - Nordlánnda,Nordland,kartverket_2024\n",
        "",
    )
    with pytest.raises(DataError, match=r"municipality 1853 has a shape but is not in data/municipalities\.csv"):
        geometry.check()
