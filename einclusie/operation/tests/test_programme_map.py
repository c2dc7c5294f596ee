"""The programme-goal map becomes coloured outlines once official municipal boundaries are imported."""

import re

import pytest
from django.urls import reverse

from einclusie.operation.tests.test_programme_filters import flanders  # noqa: F401 (a fixture)
from einclusie.operation.views_programme import NOT_YET_FILL, OPERATION_FILL
from einclusie.territory.models import MunicipalBoundary, Municipality

pytestmark = pytest.mark.django_db


def _outline(code, longitude):
    ring = [
        (longitude, 51.0),
        (longitude + 0.05, 51.0),
        (longitude + 0.05, 51.05),
        (longitude, 51.05),
        (longitude, 51.0),
    ]
    MunicipalBoundary.objects.create(
        municipality=Municipality.objects.get(nis_code=code), polygons=[[ring]], latitude=51.025, longitude=longitude
    )


@pytest.fixture
def outlines(flanders):  # noqa: F811
    for code, longitude in (("44021", 3.70), ("41002", 4.02), ("31005", 3.20)):
        _outline(code, longitude)


def test_without_boundaries_the_programme_map_is_dots(client, paula, flanders):  # noqa: F811
    client.force_login(paula)
    page = client.get(reverse("operation:programme_status")).content.decode()
    assert "<circle" in page and 'class="map"' not in page
    assert client.get(reverse("operation:programme_status"), {"formaat": "svg"}).status_code == 404


def test_with_boundaries_each_municipality_is_coloured_by_its_status(client, paula, outlines):
    client.force_login(paula)
    page = client.get(reverse("operation:programme_status"), {"provincie": "40000"}).content.decode()
    image = re.search(r'<img class="map" src="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert image == "/programma/werking/?provincie=40000&formaat=svg"
    assert "heeft een lokale digitale inclusiewerking" in page and "nog niet" in page

    svg = client.get(image)
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    drawing = svg.content.decode()
    fills = {name: fill for fill, name in re.findall(r'fill="([^"]+)"><title>([^<]+)</title>', drawing)}
    assert fills == {"Gent": OPERATION_FILL, "Aalst": NOT_YET_FILL}  # Brugge is outside the filter: grey, no name
    assert drawing.count("<path ") == 3


def test_only_the_programme_team_gets_the_map(client, alice, outlines):
    client.force_login(alice)
    assert client.get(reverse("operation:programme_status"), {"formaat": "svg"}).status_code in (403, 404)
