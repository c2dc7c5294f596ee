"""Optional geocoding of addresses with the Flemish government's location service.

Configured with EINCLUSIE_GEOCODER_URL, for example
https://geo.api.vlaanderen.be/geolocation/v4/Location (the Geopunt "Location" service: ?q=<address>&c=1,
answering {"LocationResult": [{"Location": {"Lat_WGS84": …, "Lon_WGS84": …}, …}]}).
Without it, or when it does not answer, callers fall back to the municipality's position: everything
works offline.
"""

import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 4


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float


def geocode(*, street, postal_code, city):
    """The position of an address, or None when no geocoder is configured or it finds nothing."""
    base_url = settings.GEOCODER_URL
    if not base_url.startswith(("https://", "http://")):
        return None
    query = urllib.parse.urlencode({"q": f"{street}, {postal_code} {city}", "c": 1})
    request = urllib.request.Request(f"{base_url}?{query}", headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only
            body = json.load(response)
        location = body["LocationResult"][0]["Location"]
        position = Position(float(location["Lat_WGS84"]), float(location["Lon_WGS84"]))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        # Never log the address itself: it may be a person's (a home visit); the postal code is enough.
        logger.warning("geocoder found no position for an address in %s", postal_code)
        return None
    if not (49.4 <= position.latitude <= 51.6 and 2.5 <= position.longitude <= 6.5):
        return None
    return position
