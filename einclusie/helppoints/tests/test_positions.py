"""Positions of locations: entered, looked up with a geocoder (a real local HTTP server here), or approximate."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from einclusie.helppoints.models import Location, PositionSource
from einclusie.territory.models import PostalCode

pytestmark = pytest.mark.django_db


class FakeLocationService(BaseHTTPRequestHandler):
    """Answers like the Flemish location service; knows one address."""

    queries = []

    def do_GET(self):  # noqa: N802 - http.server's name
        query = parse_qs(urlsplit(self.path).query)["q"][0]
        FakeLocationService.queries.append(query)
        results = []
        if query.startswith("Kouter 1,"):
            results = [{"Location": {"Lat_WGS84": 51.05018, "Lon_WGS84": 3.72410}, "FormattedAddress": query}]
        body = json.dumps({"LocationResult": results}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def geocoder(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeLocationService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/geolocation/v4/Location"
    FakeLocationService.queries = []
    yield FakeLocationService
    server.shutdown()


@pytest.fixture
def gent_with_position(gent):
    gent.municipality.latitude, gent.municipality.longitude = 51.0673, 3.7336
    gent.municipality.save()
    PostalCode.objects.get_or_create(code="9000", municipality=gent.municipality)
    return gent


def _create(client, street):
    data = {"name": "Bibliotheek", "street": street, "postal_code": "9000", "city": "Gent"}
    assert client.post(reverse("helppoints:location_create"), data).status_code == 302
    return Location.objects.get(street=street)


def test_an_address_is_looked_up_when_a_geocoder_is_configured(client, alice, gent_with_position, geocoder):
    client.force_login(alice)
    location = _create(client, "Kouter 1")
    assert (float(location.latitude), float(location.longitude)) == (51.05018, 3.7241)
    assert location.position_source == PositionSource.GEOCODED
    assert geocoder.queries == ["Kouter 1, 9000 Gent"]


def test_an_unknown_address_gets_the_municipality_position(client, alice, gent_with_position, geocoder):
    client.force_login(alice)
    location = _create(client, "Nergensstraat 99")
    assert (float(location.latitude), float(location.longitude)) == (51.0673, 3.7336)
    assert location.position_source == PositionSource.MUNICIPALITY


def test_without_a_geocoder_everything_still_works(client, alice, gent_with_position, settings):
    settings.GEOCODER_URL = ""
    client.force_login(alice)
    location = _create(client, "Kouter 1")
    assert location.position_source == PositionSource.MUNICIPALITY


def test_a_geocoder_that_does_not_answer_is_no_error(client, alice, gent_with_position, settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9/nothing-listens-here"
    client.force_login(alice)
    location = _create(client, "Kouter 1")
    assert location.position_source == PositionSource.MUNICIPALITY


def test_coordinates_entered_by_hand_are_kept(client, alice, gent_with_position, geocoder):
    client.force_login(alice)
    data = {
        "name": "Bibliotheek",
        "street": "Kouter 1",
        "postal_code": "9000",
        "city": "Gent",
        "latitude": "51.100000",
        "longitude": "3.800000",
    }
    client.post(reverse("helppoints:location_create"), data)
    location = Location.objects.get()
    assert (float(location.latitude), location.position_source) == (51.1, PositionSource.ENTERED)
    assert geocoder.queries == []
