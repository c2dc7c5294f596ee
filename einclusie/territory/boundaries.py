"""Import official municipal boundaries, so the maps become choropleths (`einclusie territory load-boundaries FILE`).

The platform ships no municipal boundaries (no package has them under an open licence that we can bundle);
without them the maps draw a circle per municipality at a position derived from the canton geometry
(geo.py). An operator imports a GeoJSON file of municipal boundaries, for example the Flemish
"Voorlopig referentiebestand gemeentegrenzen" or Statbel's municipalities, as GeoJSON or TopoJSON:

- coordinates in WGS 84 longitude/latitude (the GeoJSON standard), Belgian Lambert 72 (EPSG:31370) or Belgian
  Lambert 2008 (EPSG:3812), read from the file's `crs` member or given with `--crs`;
- each feature a Polygon or MultiPolygon with the municipality's NIS code in a property (`--code-property`, or
  one of the usual names: NISCODE, nis_code, CD_REFNIS, CD_MUNTY_REFNIS, REFNIS, CODE_INS, …);
- a TopoJSON Topology is read from its municipalities' layer (`--layer`), quantized or not;
- municipalities of Wallonia and Brussels are skipped, so a file for all of Belgium can be used; a municipality
  of 2019–2024 that merged on 1 January 2025 adds its area to the merged municipality; several features of one
  municipality (enclaves) are joined.

Every bad feature is reported with its number; by default one bad feature imports nothing, with
`keep_good` the good ones are imported. The outlines are simplified (Douglas–Peucker, `tolerance` in degrees,
about 0.0015° or 100–170 m: invisible on a map of Flanders, and a page stays light), and each municipality's
position becomes the centre of its area.
"""

import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from einclusie.core.models import record_event
from einclusie.territory.geo import MAP_EAST, MAP_NORTH, MAP_SOUTH, MAP_WEST, geometry_centroid, map_xy
from einclusie.territory.models import MunicipalBoundary, Municipality
from einclusie.territory.projections import CONVERTERS

CODE_PROPERTIES = [
    "nis_code",
    "niscode",
    "nis",
    "cd_refnis",
    "cd_munty_refnis",
    "refnis",
    "code_ins",
    "ins",
    "t_mun_nis",
    "mun_nis",
]
DEFAULT_TOLERANCE = 0.0015  # degrees; about 100 m north–south, 170 m east–west
MARGIN = 0.25  # degrees around the map of Flanders that a coordinate may lie in
OUTSIDE_FLANDERS = re.compile(r"(21|25|5\d|6\d|8\d|9\d)\d{3}")  # Brussels, Walloon Brabant and the Walloon provinces
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class FeatureError:
    feature: int | None  # 1-based position in the file; None for a problem with the file or the arguments
    code: str
    message: str

    def __str__(self):
        if self.feature is None:
            return self.message
        if self.code:
            return _("object %(feature)s (NIS-code %(code)s): %(message)s") % {
                "feature": self.feature,
                "code": self.code,
                "message": self.message,
            }
        return _("object %(feature)s: %(message)s") % {"feature": self.feature, "message": self.message}


@dataclass
class BoundaryReport:
    dry_run: bool = False
    keep_good: bool = False
    features: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0  # features of municipalities outside the Flemish Region
    merged: int = 0  # features of municipalities of 2019–2024 added to the municipality they merged into
    points_read: int = 0
    points_kept: int = 0
    missing: list = field(default_factory=list)  # current municipalities without a boundary after the import
    errors: list = field(default_factory=list)

    @property
    def imported(self):
        return self.created + self.updated

    def lines(self):
        if any(error.feature is None for error in self.errors) and not self.features:
            return [*(str(error) for error in self.errors), _("Er is niets geïmporteerd.")]  # the file is unusable
        lines = [
            ngettext("%(features)s object gelezen.", "%(features)s objecten gelezen.", self.features)
            % {"features": self.features},
            _("Gemeentegrenzen: %(created)s nieuw, %(updated)s bijgewerkt.")
            % {"created": self.created, "updated": self.updated},
        ]
        if self.skipped:
            lines.append(
                ngettext(
                    "%(count)s object van een gemeente buiten het Vlaams Gewest overgeslagen.",
                    "%(count)s objecten van gemeenten buiten het Vlaams Gewest overgeslagen.",
                    self.skipped,
                )
                % {"count": self.skipped}
            )
        if self.merged:
            lines.append(
                ngettext(
                    "%(count)s object van een gemeente van vóór de fusies van 2025 bij de nieuwe gemeente gevoegd.",
                    "%(count)s objecten van gemeenten van vóór de fusies van 2025 bij de nieuwe gemeente gevoegd.",
                    self.merged,
                )
                % {"count": self.merged}
            )
        if self.points_read:
            lines.append(
                _("Vereenvoudigd van %(read)s naar %(kept)s punten.")
                % {"read": self.points_read, "kept": self.points_kept}
            )
        lines.extend(str(error) for error in self.errors)
        if self.errors and not self.imported:
            lines.append(_("Er is niets geïmporteerd."))
        if self.missing and not (self.errors and not self.imported):
            lines.append(
                ngettext(
                    "%(count)s gemeente heeft nog geen grens: %(names)s. Op de kaart blijft ze een cirkel.",
                    "%(count)s gemeenten hebben nog geen grens: %(names)s. Op de kaart blijven ze een cirkel.",
                    len(self.missing),
                )
                % {
                    "count": len(self.missing),
                    "names": ", ".join(self.missing[:10]) + ("…" if len(self.missing) > 10 else ""),
                }
            )
        if self.dry_run:
            lines.append(_("Proefdraai: er is niets bewaard."))
        return lines


def _file_error(report, message):
    report.errors.append(FeatureError(None, "", message))
    return report


def load_boundaries(
    file,
    *,
    crs=None,
    code_property=None,
    layer=None,
    tolerance=DEFAULT_TOLERANCE,
    keep_good=False,
    dry_run=False,
    source="",
    actor=None,
):
    """Read, check, simplify and store the boundaries in a GeoJSON (or TopoJSON) file; returns a BoundaryReport."""
    report = BoundaryReport(dry_run=dry_run, keep_good=keep_good)
    path = Path(file)
    if not path.is_file():
        return _file_error(report, _("Bestand niet gevonden: %(path)s") % {"path": file})
    if path.stat().st_size > MAX_FILE_BYTES:
        return _file_error(report, _("Het bestand is groter dan 200 MB."))
    if not 0 < tolerance <= 0.05:
        return _file_error(report, _("De tolerantie moet groter dan 0 en hoogstens 0,05 graden zijn."))
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _file_error(report, _("Het bestand is geen geldige UTF-8-tekst."))
    except json.JSONDecodeError as error:
        return _file_error(
            report,
            _("Het bestand is geen geldige JSON (regel %(line)s, kolom %(column)s).")
            % {"line": error.lineno, "column": error.colno},
        )
    if isinstance(data, dict) and data.get("type") == "Topology":
        data = features_of_topology(data, layer, report)
        if data is None:
            return report
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        return _file_error(report, _("Het bestand is geen GeoJSON FeatureCollection of TopoJSON Topology."))

    epsg = _epsg(data, crs, report)
    if epsg is None:
        return report
    convert = CONVERTERS[epsg]
    municipalities = {m.nis_code: m for m in Municipality.objects.select_related("successor")}

    areas = {}  # nis_code of the current municipality → [polygon, …] in longitude/latitude
    report.features = len(data["features"])
    for number, feature in enumerate(data["features"], start=1):
        errors = []
        code = _code(feature, code_property, number, errors)
        if errors:
            report.errors.extend(errors)
            continue
        if code not in municipalities:
            if OUTSIDE_FLANDERS.fullmatch(code):
                report.skipped += 1
            else:
                report.errors.append(FeatureError(number, code, _("onbekende NIS-code van een Vlaamse gemeente")))
            continue
        municipality = municipalities[code]
        polygons = _polygons(feature, number, code, convert, report, errors)
        if errors:
            report.errors.extend(errors)
            continue
        if municipality.valid_until is not None and municipality.successor_id:
            municipality = municipality.resolve()
            report.merged += 1
        areas.setdefault(municipality.nis_code, []).extend(polygons)

    if not report.features:
        report.errors.append(FeatureError(None, "", _("Het bestand bevat geen enkel object.")))
    if report.errors and not keep_good:
        return report

    simplified = {}
    for code, polygons in areas.items():
        kept = _simplify_multipolygon(polygons, tolerance)
        report.points_read += sum(len(ring) for polygon in polygons for ring in polygon)
        report.points_kept += sum(len(ring) for polygon in kept for ring in polygon)
        simplified[code] = kept

    existing = set(MunicipalBoundary.objects.values_list("municipality__nis_code", flat=True))
    report.created = len(simplified.keys() - existing)
    report.updated = len(simplified.keys() & existing)
    with transaction.atomic():
        for code, polygons in simplified.items():
            municipality = municipalities[code]
            longitude, latitude, _area = geometry_centroid({"type": "MultiPolygon", "coordinates": polygons})
            position = {"latitude": Decimal(f"{latitude:.6f}"), "longitude": Decimal(f"{longitude:.6f}")}
            MunicipalBoundary.objects.update_or_create(
                municipality=municipality, defaults={"polygons": polygons, "source": source[:200], **position}
            )
            Municipality.objects.filter(pk=municipality.pk).update(**position)
        if report.imported:
            record_event(
                verb="territory.boundaries_loaded",
                actor=actor,
                subject=Path(file).name,
                created=report.created,
                updated=report.updated,
                source=source[:200],
            )
        with_boundary = set(MunicipalBoundary.objects.values_list("municipality__nis_code", flat=True))
        report.missing = sorted(
            m.name_nl for m in Municipality.objects.current().filter(is_flemish=True) if m.nis_code not in with_boundary
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def features_of_topology(topology, layer, report):
    """A TopoJSON Topology's layer as a GeoJSON FeatureCollection (None, with an error in the report, when unusable).

    The layer is `layer`, or the only one, or the one whose name says municipalities; arcs may be quantized
    (a `transform`, positions as deltas) and are joined into rings, a negative index meaning the arc reversed.
    """
    objects = topology.get("objects")
    if not isinstance(objects, dict) or not objects:
        _file_error(report, _("De TopoJSON heeft geen lagen (objects)."))
        return None
    if layer is None:
        named = [name for name in objects if re.search(r"municip|gemeente|commune|munty", name, re.IGNORECASE)]
        layer = next(iter(objects)) if len(objects) == 1 else (named[0] if len(named) == 1 else None)
    if layer not in objects:
        _file_error(
            report,
            _("Kies de laag met de gemeenten met --layer: %(names)s.") % {"names": ", ".join(sorted(objects))},
        )
        return None
    try:
        arcs = _decode_arcs(topology)
    except (TypeError, ValueError, IndexError, KeyError):
        _file_error(report, _("De bogen (arcs) van de TopoJSON zijn geen lijsten van getallen."))
        return None

    def ring(indices):
        points = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    features = []
    for geometry in objects[layer].get("geometries", []) if isinstance(objects[layer], dict) else []:
        properties = dict(geometry.get("properties") or {}) if isinstance(geometry, dict) else {}
        if isinstance(geometry, dict) and "id" in geometry:
            properties.setdefault("id", geometry["id"])
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        try:
            if kind == "Polygon":
                shape = {"type": kind, "coordinates": [ring(indices) for indices in geometry["arcs"]]}
            elif kind == "MultiPolygon":
                shape = {
                    "type": kind,
                    "coordinates": [[ring(indices) for indices in polygon] for polygon in geometry["arcs"]],
                }
            else:
                shape = None
        except (TypeError, IndexError, KeyError):
            shape = {"type": kind, "coordinates": "?"}  # reported with the feature's number as bad coordinates
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


def _decode_arcs(topology):
    transform = topology.get("transform")
    if not transform:
        return [[(float(x), float(y)) for x, y, *_rest in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_rest in arc:
            x, y = x + int(dx), y + int(dy)
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _epsg(data, crs, report):
    """The EPSG code of the coordinates: --crs, else the file's crs member, else WGS 84."""
    if crs is None:
        name = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
        if not name or name.endswith("CRS84"):
            crs = 4326
        else:
            match = re.search(r"(\d{4,5})$", name)
            crs = int(match.group(1)) if match else name
    if crs not in CONVERTERS:
        _file_error(
            report,
            _("Onbekend coördinatenstelsel %(crs)s: gebruik 4326 (WGS 84), 31370 (Lambert 72) of 3812 (Lambert 2008).")
            % {"crs": crs},
        )
        return None
    return crs


def _code(feature, code_property, number, errors):
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        errors.append(FeatureError(number, "", _("het object heeft geen eigenschappen (properties)")))
        return ""
    by_name = {str(key).lower(): value for key, value in properties.items()}
    wanted = [code_property.lower()] if code_property else CODE_PROPERTIES
    for name in wanted:
        if by_name.get(name) not in (None, ""):
            code = str(by_name[name]).strip()
            if re.fullmatch(r"\d{5}", code):
                return code
            errors.append(
                FeatureError(number, "", _("“%(code)s” is geen NIS-code van vijf cijfers") % {"code": code[:20]})
            )
            return ""
    errors.append(
        FeatureError(
            number,
            "",
            _("geen NIS-code gevonden (eigenschap %(names)s)") % {"names": " / ".join(wanted[:4])},
        )
    )
    return ""


def _polygons(feature, number, code, convert, report, errors):
    """The feature's polygons as [[ring, …], …] in (longitude, latitude), checked; [] with errors when bad."""
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        errors.append(FeatureError(number, code, _("de geometrie is geen Polygon of MultiPolygon")))
        return []
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    result = []
    try:
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points = [convert(float(point[0]), float(point[1])) for point in ring]
                if len(points) < 4 or points[0] != points[-1]:
                    errors.append(
                        FeatureError(number, code, _("een ring is niet gesloten of heeft minder dan vier punten"))
                    )
                    return []
                rings.append(points)
            if rings:
                result.append(rings)
    except (TypeError, ValueError, IndexError, OverflowError, ZeroDivisionError):
        errors.append(FeatureError(number, code, _("de coördinaten zijn geen lijsten van getallen")))
        return []
    if not result:
        errors.append(FeatureError(number, code, _("de geometrie is leeg")))
        return []
    for polygon in result:
        for longitude, latitude in polygon[0]:
            if not (
                MAP_WEST - MARGIN <= longitude <= MAP_EAST + MARGIN
                and MAP_SOUTH - MARGIN <= latitude <= MAP_NORTH + MARGIN
            ):
                errors.append(
                    FeatureError(
                        number,
                        code,
                        _(
                            "een punt ligt buiten Vlaanderen (%(longitude).4f, %(latitude).4f): klopt het "
                            "coördinatenstelsel (--crs)?"
                        )
                        % {"longitude": longitude, "latitude": latitude},
                    )
                )
                return []
    return result


def _perpendicular_distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify_line(points, tolerance):
    """Douglas–Peucker without recursion: the points that keep the line within `tolerance` of the original."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for position in range(first + 1, last):
            distance = _perpendicular_distance(points[position], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, position
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(ring, tolerance):
    # A closed ring starts and ends on the same point: split it at the point farthest from the start.
    start = ring[0]
    far = max(range(len(ring)), key=lambda index: (ring[index][0] - start[0]) ** 2 + (ring[index][1] - start[1]) ** 2)
    line = simplify_line(ring[: far + 1], tolerance)[:-1] + simplify_line(ring[far:], tolerance)
    return [(round(x, 5), round(y, 5)) for x, y in line]


def _simplify_multipolygon(polygons, tolerance):
    result = []
    for polygon in polygons:
        outline = _simplify_ring(polygon[0], tolerance)
        if len(outline) < 4:  # an islet smaller than the tolerance disappears
            continue
        holes = [hole for hole in (_simplify_ring(ring, tolerance) for ring in polygon[1:]) if len(hole) >= 4]
        result.append([outline, *holes])
    if not result:  # a municipality never disappears: keep its largest outline as it is
        largest = max(
            polygons, key=lambda polygon: abs(geometry_centroid({"type": "Polygon", "coordinates": polygon[:1]})[2])
        )
        result.append([[(round(x, 5), round(y, 5)) for x, y in largest[0]]])
    return result


_paths_cache = {}


def map_paths():
    """{municipality id: SVG path data on the map of Flanders} of every imported boundary ({} when none).

    Computed once per import in each process (the key is the number of boundaries and the last import time).
    """
    state = MunicipalBoundary.objects.aggregate(count=Count("pk"), last=Max("imported_at"))
    if not state["count"]:
        return {}
    key = (state["count"], state["last"])
    if _paths_cache.get("key") != key:
        _paths_cache.clear()
        _paths_cache["paths"] = {
            municipality_id: svg_path(polygons)
            for municipality_id, polygons in MunicipalBoundary.objects.values_list("municipality_id", "polygons")
        }
        _paths_cache["key"] = key
    return _paths_cache["paths"]


def _number(tenths):
    """A length in tenths of a map unit as short SVG text: 12 → "1.2", -5 → "-.5", 30 → "3"."""
    text = f"{tenths / 10:g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def svg_path(polygons):
    """SVG path data for a multipolygon in longitude/latitude: relative moves in tenths of a map unit."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for longitude, latitude in ring[:-1]:
                x, y = map_xy(longitude, latitude)
                point = (round(x * 10), round(y * 10))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 3:
                continue
            (x0, y0), steps = points[0], []
            for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
                steps.append(f"{_number(x2 - x1)} {_number(y2 - y1)}")
            parts.append(f"M{_number(x0)} {_number(y0)}l" + " ".join(steps) + "z")
    return "".join(parts)
