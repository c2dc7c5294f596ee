"""Importing official municipal boundaries: projections, checks, simplification, positions and the command."""

import json
import math

import pytest
from django.core.management import CommandError, call_command

from einclusie.core.models import Event
from einclusie.territory import boundaries
from einclusie.territory.boundaries import load_boundaries, simplify_line, svg_path
from einclusie.territory.models import MunicipalBoundary, Municipality
from einclusie.territory.projections import LAMBERT_72, LAMBERT_2008, from_lambert_72, from_lambert_2008

pytestmark = pytest.mark.django_db


def _dms(degrees, minutes, seconds):
    return degrees + minutes / 60 + seconds / 3600


def test_lambert_72_matches_the_worked_example_of_the_epsg_guidance():
    # IOGP guidance note 7-2, Lambert Conic Conformal (2SP Belgium): 50°40'46.461"N 5°48'26.533"E on BD72.
    easting, northing = LAMBERT_72.forward(_dms(5, 48, 26.533), _dms(50, 40, 46.461))
    assert easting == pytest.approx(251763.20, abs=0.1)
    assert northing == pytest.approx(153034.13, abs=0.1)
    longitude, latitude = LAMBERT_72.inverse(easting, northing)
    assert (longitude, latitude) == (pytest.approx(_dms(5, 48, 26.533), abs=1e-8), pytest.approx(_dms(50, 40, 46.461)))


def test_lambert_72_and_lambert_2008_agree_in_brussels_once_the_datum_is_shifted():
    # Lambert 2008 was laid out so that near Brussels its coordinates are Lambert 72 plus 500 km: the two
    # conversions land on the same spot only if the BD72 → WGS 84 shift is right (without it they are ~100 m apart).
    from_72 = from_lambert_72(150000, 170000)
    from_08 = from_lambert_2008(650000, 670000)
    metres_east = (from_72[0] - from_08[0]) * 111_320 * math.cos(math.radians(from_72[1]))
    metres_north = (from_72[1] - from_08[1]) * 110_574
    assert math.hypot(metres_east, metres_north) < 2


def test_lambert_2008_goes_there_and_back():
    easting, northing = LAMBERT_2008.forward(3.7174, 51.0543)
    assert LAMBERT_2008.inverse(easting, northing) == (pytest.approx(3.7174), pytest.approx(51.0543))
    assert LAMBERT_2008.forward(_dms(4, 21, 33.177), _dms(50, 47, 52.134)) == (
        pytest.approx(649328.0),
        pytest.approx(665262.0),
    )


def _square(longitude, latitude, size=0.02, points_per_side=1):
    corners = [(0, 0), (1, 0), (1, 1), (0, 1)]
    ring = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True):
        for step in range(points_per_side):
            t = step / points_per_side
            ring.append([longitude + size * (x0 + (x1 - x0) * t), latitude + size * (y0 + (y1 - y0) * t)])
    ring.append(ring[0])
    return ring


def _feature(code, ring, key="NISCODE", kind="Polygon"):
    coordinates = [ring] if kind == "Polygon" else [[ring]]
    return {"type": "Feature", "properties": {key: code}, "geometry": {"type": kind, "coordinates": coordinates}}


def _write(tmp_path, features, crs=None, name="grenzen.geojson"):
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_wgs84_file_gives_each_municipality_its_outline_and_a_better_position(territory, tmp_path):
    path = _write(tmp_path, [_feature("44021", _square(3.70, 51.04)), _feature("41002", _square(4.03, 50.93))])
    report = load_boundaries(path, source="Gemeentegrenzen (test)")
    assert (report.created, report.updated, report.errors) == (2, 0, [])
    gent = Municipality.objects.get(nis_code="44021")
    assert float(gent.latitude) == pytest.approx(51.05, abs=1e-6)
    assert float(gent.longitude) == pytest.approx(3.71, abs=1e-6)
    assert gent.boundary.source == "Gemeentegrenzen (test)"
    assert len(report.missing) == 283 and "Aalst" not in report.missing
    assert Event.objects.filter(verb="territory.boundaries_loaded").count() == 1

    again = load_boundaries(path)
    assert (again.created, again.updated) == (0, 2)
    assert MunicipalBoundary.objects.count() == 2


def test_reloading_the_territory_keeps_the_position_from_the_boundary(territory, tmp_path):
    from einclusie.territory.services import territory_load

    load_boundaries(_write(tmp_path, [_feature("44021", _square(3.70, 51.04))]))
    territory_load()
    assert float(Municipality.objects.get(nis_code="44021").latitude) == pytest.approx(51.05, abs=1e-6)


def test_a_dry_run_checks_the_file_and_keeps_nothing(territory, tmp_path):
    before = Municipality.objects.get(nis_code="44021").latitude
    report = load_boundaries(_write(tmp_path, [_feature("44021", _square(3.70, 51.04))]), dry_run=True)
    assert report.created == 1
    assert "Proefdraai: er is niets bewaard." in report.lines()
    assert not MunicipalBoundary.objects.exists()
    assert Municipality.objects.get(nis_code="44021").latitude == before


def test_lambert_coordinates_are_read_from_the_crs_in_the_file(territory, tmp_path):
    ring = [list(LAMBERT_2008.forward(x, y)) for x, y in _square(3.70, 51.04)]
    load_boundaries(_write(tmp_path, [_feature("44021", ring)], crs="urn:ogc:def:crs:EPSG::3812"))
    gent = Municipality.objects.get(nis_code="44021")
    assert (float(gent.longitude), float(gent.latitude)) == (pytest.approx(3.71, abs=1e-5), pytest.approx(51.05))

    easting, northing = 251763.20, 153034.13
    square = [[easting + dx, northing + dy] for dx, dy in ((0, 0), (500, 0), (500, 500), (0, 500), (0, 0))]
    load_boundaries(_write(tmp_path, [_feature("41002", square)]), crs=31370)
    aalst = Municipality.objects.get(nis_code="41002")
    expected = from_lambert_72(easting + 250, northing + 250)
    assert float(aalst.longitude) == pytest.approx(expected[0], abs=1e-5)
    assert float(aalst.latitude) == pytest.approx(expected[1], abs=1e-5)


def test_metres_without_a_crs_are_refused_with_a_hint(territory, tmp_path):
    ring = [list(LAMBERT_2008.forward(x, y)) for x, y in _square(3.70, 51.04)]
    report = load_boundaries(_write(tmp_path, [_feature("44021", ring)]))
    assert report.imported == 0
    assert "klopt het coördinatenstelsel (--crs)?" in str(report.errors[0])
    assert str(report.errors[0]).startswith("object 1 (NIS-code 44021): een punt ligt buiten Vlaanderen")
    unknown = load_boundaries(_write(tmp_path, [_feature("44021", ring)], crs="EPSG:2154"))
    assert "Onbekend coördinatenstelsel 2154" in str(unknown.errors[0])


def test_every_bad_feature_is_reported_and_by_default_nothing_is_imported(territory, tmp_path):
    features = [
        _feature("44021", _square(3.70, 51.04)),
        _feature("99999", _square(3.70, 51.04)),  # a Walloon-looking code: skipped, not an error
        _feature("12345", _square(3.70, 51.04)),
        _feature("4402", _square(3.70, 51.04)),
        {"type": "Feature", "properties": {"naam": "Gent"}, "geometry": None},
        {"type": "Feature", "properties": {"NISCODE": "41002"}, "geometry": {"type": "Point", "coordinates": [4, 51]}},
        _feature("11002", [[4.4, 51.2], [4.5, 51.2], [4.5, 51.3]]),
        _feature("73110", [["a", "b"], [4.5, 51.2], [4.5, 51.3], ["a", "b"]]),
    ]
    path = _write(tmp_path, features)
    report = load_boundaries(path)
    assert [str(error) for error in report.errors] == [
        "object 3 (NIS-code 12345): onbekende NIS-code van een Vlaamse gemeente",
        "object 4: “4402” is geen NIS-code van vijf cijfers",
        "object 5: geen NIS-code gevonden (eigenschap nis_code / niscode / nis / cd_refnis)",
        "object 6 (NIS-code 41002): de geometrie is geen Polygon of MultiPolygon",
        "object 7 (NIS-code 11002): een ring is niet gesloten of heeft minder dan vier punten",
        "object 8 (NIS-code 73110): de coördinaten zijn geen lijsten van getallen",
    ]
    assert report.skipped == 1
    assert "Er is niets geïmporteerd." in report.lines()
    assert not MunicipalBoundary.objects.exists()

    kept = load_boundaries(path, keep_good=True)
    assert kept.created == 1 and len(kept.errors) == 6
    assert list(MunicipalBoundary.objects.values_list("municipality__nis_code", flat=True)) == ["44021"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Het bestand is geen geldige JSON (regel 1, kolom 2)."),
        ('{"type": "Feature"}', "Het bestand is geen GeoJSON FeatureCollection of TopoJSON Topology."),
        ('{"type": "FeatureCollection", "features": []}', "Het bestand bevat geen enkel object."),
    ],
)
def test_a_file_that_is_not_a_boundary_file_gets_a_clear_message(territory, tmp_path, content, message):
    path = tmp_path / "grenzen.geojson"
    path.write_text(content, encoding="utf-8")
    assert load_boundaries(path).lines() == [message, "Er is niets geïmporteerd."]


def test_a_municipality_of_before_2025_adds_its_area_to_the_merged_one(territory, tmp_path):
    # Beveren (46003), Kruibeke and Zwijndrecht became Beveren-Kruibeke-Zwijndrecht (46030) in 2025.
    path = _write(
        tmp_path, [_feature("46003", _square(4.20, 51.20), key="CD_REFNIS"), _feature("46030", _square(4.26, 51.20))]
    )
    report = load_boundaries(path)
    assert (report.created, report.merged) == (1, 1)
    boundary = MunicipalBoundary.objects.get()
    assert boundary.municipality.nis_code == "46030"
    assert len(boundary.polygons) == 2
    assert float(boundary.municipality.longitude) == pytest.approx(4.24, abs=1e-6)


def test_outlines_are_simplified_but_a_municipality_never_disappears(territory, tmp_path):
    detailed = _square(3.70, 51.04, points_per_side=500)  # 2,001 points on four straight sides
    tiny = _square(4.03, 50.93, size=0.0001)
    report = load_boundaries(_write(tmp_path, [_feature("44021", detailed), _feature("41002", tiny)]))
    assert report.points_read == 2006
    gent = MunicipalBoundary.objects.get(municipality__nis_code="44021")
    assert len(gent.polygons[0][0]) == 5  # the four corners and the closing point
    assert MunicipalBoundary.objects.filter(municipality__nis_code="41002").exists()


def test_douglas_peucker_keeps_the_points_that_matter():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert simplify_line(line, 0.1) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    assert simplify_line(line, 10) == [(0, 0), (4, 0)]


def test_the_svg_path_is_short_relative_and_closed():
    # 3.70°E is (3.70 − 2.50) / 3.45 × 600 = 208.7 units from the west edge, 51.04°N is (51.52 − 51.04) / 0.87
    # × 260 = 143.4 from the top; the square's sides are 0.02° = 3.5 units wide and 137.5 − 143.4 = −5.9 high.
    assert svg_path([[_square(3.70, 51.04)]]) == "M208.7 143.4l3.5 0 0 -5.9 -3.5 0z"


def test_map_paths_follow_a_new_import(territory, tmp_path):
    assert boundaries.map_paths() == {}
    load_boundaries(_write(tmp_path, [_feature("44021", _square(3.70, 51.04))]))
    gent = Municipality.objects.get(nis_code="44021")
    assert list(boundaries.map_paths()) == [gent.pk]
    load_boundaries(_write(tmp_path, [_feature("41002", _square(4.03, 50.93))]))
    assert len(boundaries.map_paths()) == 2


def test_the_command_reports_and_fails_on_a_bad_file(territory, tmp_path, capsys):
    good = _write(tmp_path, [_feature("44021", _square(3.70, 51.04))])
    call_command("territory", "load-boundaries", str(good), "--source", "VRBG 2025")
    out = capsys.readouterr().out
    assert "Gemeentegrenzen: 1 nieuw, 0 bijgewerkt." in out
    assert "284 gemeenten hebben nog geen grens" in out
    assert MunicipalBoundary.objects.get().source == "VRBG 2025"

    bad = _write(tmp_path, [_feature("12345", _square(3.70, 51.04))], name="slecht.geojson")
    with pytest.raises(CommandError, match="1 fout gevonden in .*slecht.geojson; er is niets geïmporteerd."):
        call_command("territory", "load-boundaries", str(bad))
    with pytest.raises(CommandError):
        call_command("territory", "load-boundaries", str(good), "--tolerance", "1")


def _topology(transform=True):
    """Gent and Aalst as two squares sharing their middle side (arc 1), quantized in steps of 0.01°."""
    arcs = [
        [[370, 5103], [0, 2]],  # 0: Gent's west side, going up to the shared corner
        [[372, 5105], [0, -2]],  # 1: the shared side, going down
        [[372, 5103], [-2, 0]],  # 2: Gent's south side back to the start
    ]
    gent = {"type": "Polygon", "arcs": [[0, 3, 1, 2]], "properties": {"NIS": "44021"}}
    arcs.append([[370, 5105], [2, 0]])  # 3: Gent's north side
    arcs.append([[372, 5105], [2, 0], [0, -2], [-2, 0]])  # 4: Aalst's other three sides
    aalst = {"type": "MultiPolygon", "arcs": [[[~1, 4]]], "id": "41002"}
    if not transform:
        for arc in arcs:
            x = y = 0
            for point in arc:
                x, y = x + point[0], y + point[1]
                point[:] = [x / 100, y / 100]
    topology = {"type": "Topology", "arcs": arcs, "objects": {"gemeenten": {"type": "GeometryCollection"}}}
    topology["objects"]["gemeenten"]["geometries"] = [gent, aalst]
    if transform:
        topology["transform"] = {"scale": [0.01, 0.01], "translate": [0, 0]}
    return topology


@pytest.mark.parametrize("quantized", [True, False])
def test_a_topojson_file_is_read_arc_by_arc(territory, tmp_path, quantized):
    path = tmp_path / "gemeenten.topojson"
    path.write_text(json.dumps(_topology(quantized)), encoding="utf-8")
    report = load_boundaries(path)  # Gent's "NIS" is one of the usual names; Aalst has only an id
    assert [str(error) for error in report.errors] == [
        "object 2: geen NIS-code gevonden (eigenschap nis_code / niscode / nis / cd_refnis)"
    ]
    assert report.imported == 0
    report = load_boundaries(path, code_property="id", keep_good=True)
    assert (report.created, len(report.errors)) == (1, 1)
    assert MunicipalBoundary.objects.get().municipality.nis_code == "41002"

    both = tmp_path / "beide.topojson"
    topology = _topology(quantized)
    topology["objects"]["gemeenten"]["geometries"][1]["properties"] = {"NIS": "41002"}
    both.write_text(json.dumps(topology), encoding="utf-8")
    report = load_boundaries(both, code_property="NIS")
    assert (report.errors, report.created, report.updated) == ([], 1, 1)
    gent = Municipality.objects.get(nis_code="44021")
    aalst = Municipality.objects.get(nis_code="41002")
    assert (float(gent.longitude), float(gent.latitude)) == (pytest.approx(3.71), pytest.approx(51.04))
    assert (float(aalst.longitude), float(aalst.latitude)) == (pytest.approx(3.73), pytest.approx(51.04))


def test_a_topojson_with_several_layers_needs_the_layer_named(territory, tmp_path):
    topology = _topology()
    topology["objects"]["provincies"] = {"type": "GeometryCollection", "geometries": []}
    path = tmp_path / "belgie.topojson"
    path.write_text(json.dumps(topology), encoding="utf-8")
    assert load_boundaries(path, code_property="NIS", keep_good=True).created == 1  # "gemeenten" says it
    topology["objects"]["regio"] = topology["objects"].pop("gemeenten")
    path.write_text(json.dumps(topology), encoding="utf-8")
    assert "Kies de laag met de gemeenten met --layer: provincies, regio." in load_boundaries(path).lines()
    assert load_boundaries(path, layer="regio", code_property="NIS", keep_good=True).updated == 1
