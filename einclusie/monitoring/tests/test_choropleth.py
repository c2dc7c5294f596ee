"""The map of the dashboards: proportional circles without boundaries, a choropleth once boundaries are imported."""

import re

import pytest

from einclusie.monitoring import charts
from einclusie.territory.models import MunicipalBoundary, Municipality

pytestmark = pytest.mark.django_db


def _square(longitude, latitude, size=0.05):
    ring = [
        (longitude, latitude),
        (longitude + size, latitude),
        (longitude + size, latitude + size),
        (longitude, latitude + size),
        (longitude, latitude),
    ]
    return [[ring]]


@pytest.fixture
def outlines(world):
    for code, longitude, latitude in (("44021", 3.70, 51.03), ("41002", 4.02, 50.92)):
        municipality = Municipality.objects.get(nis_code=code)
        MunicipalBoundary.objects.create(
            municipality=municipality,
            polygons=_square(longitude, latitude),
            latitude=latitude + 0.025,
            longitude=longitude + 0.025,
        )


def test_without_boundaries_the_map_draws_circles_in_the_page(client, world, paula):
    client.force_login(paula)
    body = client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-02").content.decode()
    assert '<svg viewBox="0 0 600 260"' in body  # the map of circles, drawn in the page
    assert 'class="map"' not in body
    assert client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-02&tabel=kaart&formaat=svg").status_code == 404


def test_with_boundaries_the_region_map_is_a_choropleth_per_1000_inhabitants(client, outlines, paula):
    client.force_login(paula)
    body = client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-02").content.decode()
    image = re.search(r'<img class="map" src="([^"]+)"[^>]* alt="([^"]+)"', body)
    assert image is not None
    source = image.group(1).replace("&amp;", "&")
    assert source == "/werk/monitoring/regio/?van=2026-01&tot=2026-02&tabel=kaart&formaat=svg"
    assert image.group(2).startswith("Hulpcontacten per 1.000 inwoners op de kaart.")
    # Gent: 32 contacts for 260,000 inhabitants; Aalst: 3 for 90,000 — the table gives both, with the rate.
    assert '<th scope="col" class="number">per 1.000 inwoners</th>' in body
    assert re.search(r"<th scope=\"row\">44021</th><td>Gent</td><td>32</td><td class=\"number\">0,12</td>", body)
    assert re.search(r"<th scope=\"row\">41002</th><td>Aalst</td><td>3</td><td class=\"number\">0,03</td>", body)
    legend = re.search(r'<ul class="map-legend"[^>]*>(.*?)</ul>', body, re.S).group(1)
    assert "meer dan 0,00 tot en met 0,03" in legend and "meer dan 0,03 tot en met 0,12" in legend

    svg = client.get(source)
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    drawing = svg.content.decode()
    assert drawing.count("<path ") == 2
    fills = {name: fill for fill, name in re.findall(r'<path d="[^"]+" fill="([^"]+)"><title>([^<]+)</title>', drawing)}
    assert fills["Gent"] != fills["Aalst"]
    assert charts.CLASS_FILLS.index(fills["Gent"]) > charts.CLASS_FILLS.index(fills["Aalst"])  # darker: higher


def test_the_public_map_hatches_a_hidden_count(client, outlines):
    body = client.get("/cijfers/?jaar=2026").content.decode()
    assert "afgeschermd: een klein aantal" in body  # Aalst's 3 contacts are hidden, and so the legend says
    svg = client.get("/cijfers/?jaar=2026&tabel=kaart&formaat=svg").content.decode()
    assert 'fill="url(#afgeschermd)"><title>Aalst</title>' in svg
    assert '<pattern id="afgeschermd"' in svg
    csv = b"".join(client.get("/cijfers/?jaar=2026&tabel=kaart&formaat=csv").streaming_content).decode()
    aalst = next(line for line in csv.splitlines() if "Aalst" in line)
    assert aalst.split(";")[2:] == ["", ""]  # neither the count nor a rate that would give it away


def test_a_province_is_coloured_and_the_rest_of_flanders_drawn_in_grey(client, outlines, paula, gent):
    client.force_login(paula)
    response = client.get("/werk/monitoring/regio/?provincie=40000&van=2026-01&tot=2026-02&tabel=kaart&formaat=svg")
    assert response.status_code == 200
    assert response.content.decode().count("<path ") == 2


def test_only_a_choropleth_downloads_as_svg_and_only_for_who_may_see_the_page(client, outlines, paula, charlie):
    client.force_login(paula)
    assert client.get("/werk/monitoring/regio/?tabel=maanden&formaat=svg").status_code == 404
    client.force_login(charlie)
    assert client.get("/werk/monitoring/regio/?tabel=kaart&formaat=svg").status_code == 404


def test_class_breaks_are_quantiles_of_the_values_that_occur():
    assert charts.class_breaks([0, None, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert charts.class_breaks([5, 5, 5]) == [5]
    assert charts.class_breaks([0, None]) == []
