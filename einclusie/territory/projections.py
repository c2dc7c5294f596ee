"""The Belgian map projections official boundary files come in, converted to longitude and latitude (WGS 84).

Flemish and federal boundary files (the "Voorlopig referentiebestand gemeentegrenzen", Statbel's
statistical sectors and municipalities) use Belgian Lambert 72 (EPSG:31370) or Belgian Lambert 2008
(EPSG:3812); GeoJSON by its standard uses WGS 84 longitude and latitude (EPSG:4326). Both Lambert
projections are Lambert Conformal Conic with two standard parallels (EPSG method 9802); Lambert 72 sits on
the BD72 datum, which is shifted to WGS 84 with the seven-parameter (position vector) transformation EPSG:15929,
good to about a metre. Lambert 2008 sits on ETRS89, which equals WGS 84 within a few decimetres for a map.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Ellipsoid:
    a: float  # semi-major axis in metres
    inverse_flattening: float

    @property
    def e2(self):
        f = 1 / self.inverse_flattening
        return f * (2 - f)


INTERNATIONAL_1924 = Ellipsoid(6378388.0, 297.0)
GRS80 = Ellipsoid(6378137.0, 298.257222101)
WGS84 = Ellipsoid(6378137.0, 298.257223563)


def _dms(degrees, minutes=0, seconds=0.0):
    return math.radians(degrees + minutes / 60 + seconds / 3600)


@dataclass(frozen=True)
class LambertConic:
    """Lambert Conformal Conic (2SP): forward (lon/lat on its own ellipsoid → metres) and inverse."""

    ellipsoid: Ellipsoid
    latitude_1: float  # radians
    latitude_2: float
    latitude_origin: float
    longitude_origin: float
    false_easting: float
    false_northing: float

    def _m(self, phi):
        return math.cos(phi) / math.sqrt(1 - self.ellipsoid.e2 * math.sin(phi) ** 2)

    def _t(self, phi):
        e = math.sqrt(self.ellipsoid.e2)
        sin = math.sin(phi)
        return math.tan(math.pi / 4 - phi / 2) / ((1 - e * sin) / (1 + e * sin)) ** (e / 2)

    def _constants(self):
        m1, m2 = self._m(self.latitude_1), self._m(self.latitude_2)
        t1, t2 = self._t(self.latitude_1), self._t(self.latitude_2)
        n = (math.log(m1) - math.log(m2)) / (math.log(t1) - math.log(t2))
        big_f = m1 / (n * t1**n)
        radius_origin = (
            0.0
            if math.isclose(self.latitude_origin, math.pi / 2)
            else self.ellipsoid.a * big_f * self._t(self.latitude_origin) ** n
        )
        return n, big_f, radius_origin

    def forward(self, longitude, latitude):
        """Degrees → (easting, northing) in metres."""
        n, big_f, radius_origin = self._constants()
        radius = self.ellipsoid.a * big_f * self._t(math.radians(latitude)) ** n
        theta = n * (math.radians(longitude) - self.longitude_origin)
        return (
            self.false_easting + radius * math.sin(theta),
            self.false_northing + radius_origin - radius * math.cos(theta),
        )

    def inverse(self, easting, northing):
        """(easting, northing) in metres → (longitude, latitude) in degrees, on the projection's own datum."""
        n, big_f, radius_origin = self._constants()
        dx = easting - self.false_easting
        dy = radius_origin - (northing - self.false_northing)
        radius = math.copysign(math.hypot(dx, dy), n)
        t = (radius / (self.ellipsoid.a * big_f)) ** (1 / n)
        theta = math.atan2(dx, dy) if n > 0 else math.atan2(-dx, -dy)
        e = math.sqrt(self.ellipsoid.e2)
        phi = math.pi / 2 - 2 * math.atan(t)
        for _ in range(12):  # converges to below a millimetre in three or four steps
            sin = math.sin(phi)
            following = math.pi / 2 - 2 * math.atan(t * ((1 - e * sin) / (1 + e * sin)) ** (e / 2))
            if abs(following - phi) < 1e-12:
                phi = following
                break
            phi = following
        return math.degrees(theta / n + self.longitude_origin), math.degrees(phi)


# EPSG:31370, Belge 1972 / Belgian Lambert 72.
LAMBERT_72 = LambertConic(
    ellipsoid=INTERNATIONAL_1924,
    latitude_1=_dms(51, 10, 0.00204),
    latitude_2=_dms(49, 50, 0.00204),
    latitude_origin=math.radians(90),
    longitude_origin=_dms(4, 22, 2.952),
    false_easting=150000.013,
    false_northing=5400088.438,
)

# EPSG:3812, ETRS89 / Belgian Lambert 2008.
LAMBERT_2008 = LambertConic(
    ellipsoid=GRS80,
    latitude_1=_dms(49, 50),
    latitude_2=_dms(51, 10),
    latitude_origin=_dms(50, 47, 52.134),
    longitude_origin=_dms(4, 21, 33.177),
    false_easting=649328.0,
    false_northing=665262.0,
)

# EPSG:15929, BD72 to WGS 84 (3): translations in metres, rotations in arc seconds, scale in parts per million.
BD72_TO_WGS84 = (-106.8686, 52.2978, -103.7239, 0.3366, -0.457, 1.8422, -1.2747)


def _geocentric(longitude, latitude, ellipsoid):
    lam, phi = math.radians(longitude), math.radians(latitude)
    nu = ellipsoid.a / math.sqrt(1 - ellipsoid.e2 * math.sin(phi) ** 2)
    return (
        nu * math.cos(phi) * math.cos(lam),
        nu * math.cos(phi) * math.sin(lam),
        nu * (1 - ellipsoid.e2) * math.sin(phi),
    )


def _geodetic(x, y, z, ellipsoid):
    longitude = math.atan2(y, x)
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - ellipsoid.e2))
    for _ in range(10):
        nu = ellipsoid.a / math.sqrt(1 - ellipsoid.e2 * math.sin(phi) ** 2)
        phi = math.atan2(z + ellipsoid.e2 * nu * math.sin(phi), p)
    return math.degrees(longitude), math.degrees(phi)


def bd72_to_wgs84(longitude, latitude):
    """Shift a BD72 position to WGS 84 (position vector convention, small-angle rotation matrix)."""
    tx, ty, tz, rx, ry, rz, ppm = BD72_TO_WGS84
    rx, ry, rz = (math.radians(angle / 3600) for angle in (rx, ry, rz))
    scale = 1 + ppm * 1e-6
    x, y, z = _geocentric(longitude, latitude, INTERNATIONAL_1924)
    shifted = (
        tx + scale * (x - rz * y + ry * z),
        ty + scale * (rz * x + y - rx * z),
        tz + scale * (-ry * x + rx * y + z),
    )
    return _geodetic(*shifted, WGS84)


def from_lambert_72(easting, northing):
    return bd72_to_wgs84(*LAMBERT_72.inverse(easting, northing))


def from_lambert_2008(easting, northing):
    return LAMBERT_2008.inverse(easting, northing)


def from_wgs84(longitude, latitude):
    return longitude, latitude


# The coordinate systems an import understands, by EPSG code, with a converter to (longitude, latitude).
CONVERTERS = {4326: from_wgs84, 31370: from_lambert_72, 3812: from_lambert_2008}
