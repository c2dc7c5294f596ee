"""A coordinator's whole journey with the keyboard alone, on the running product (gunicorn, worker, Chromium).

Register a site (a fixture site on 127.0.0.1 with known barriers), start a scan, let the worker run it, read the
findings, fill in and publish the statement; then the public statement opens with JavaScript switched off.
Every page on the way has no axe-core violation (WCAG 2.x A and AA).
"""

import os
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from einclusie.a11y.tests.server import SITES, serving
from einclusie.core import demo
from einclusie.core.demosite import BIN_DIR, prepare_demo_site
from einclusie.core.demosite import serving as serving_site

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
COORDINATOR = "coordinator.gent@example.org"
axe = Axe()


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template):
    """The demo site served by gunicorn, and the environment a worker needs to run on the same database."""
    suffix = "a11y_journey_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    env = prepare_demo_site(tmp_path_factory.mktemp("a11y-site"), suffix=suffix, template=demo_template)
    env["EINCLUSIE_A11Y_DELAY"] = "0"
    with serving_site(env, workers=1, log_name=f"{suffix}-gunicorn") as base_url:
        yield base_url, env


@pytest.fixture(scope="module")
def fixture_site():
    with serving(SITES / "drempels") as base_url:
        yield base_url


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, text: (el.innerText || el.value || '').trim(),
                    visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
        }"""
    )


def tab_to(page, predicate, limit=200):
    """Press Tab until the focus is on the element; the focus must be visible there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if predicate(state):
            assert state["visible"], f"focus on {state} is not visible"
            return state
    raise AssertionError("the keyboard never reached the element")


def activate(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def no_violations(page):
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{page.url}: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in violations]


def test_a_coordinator_registers_scans_and_publishes_a_statement_with_the_keyboard_only(site, fixture_site, chromium):
    base_url, env = site
    context = chromium.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []

    page.goto(base_url + "/aanmelden/")
    tab_to(page, lambda s: s["id"] == "id_username")
    page.keyboard.type(COORDINATOR)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    activate(page)
    tab_to(page, lambda s: s["text"] == "Toegankelijke websites")  # the menu
    activate(page)
    assert page.url == base_url + "/werk/toegankelijkheid/"
    problems += no_violations(page)

    # Register the site.
    tab_to(page, lambda s: s["text"] == "Een site, formulier of app registreren")
    activate(page)
    problems += no_violations(page)
    tab_to(page, lambda s: s["id"] == "id_name")
    page.keyboard.type("Site Drempel (toets)")
    tab_to(page, lambda s: s["id"] == "id_url")
    page.keyboard.type(fixture_site + "/")
    tab_to(page, lambda s: s["id"] == "id_max_pages")
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    tab_to(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Bewaren")
    activate(page)
    assert page.locator("h1").inner_text() == "Site Drempel (toets)"
    problems += no_violations(page)

    # Start a scan; the worker runs it.
    tab_to(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Nu scannen")
    activate(page)
    assert "De scan staat in de wachtrij" in page.inner_text("main")
    subprocess.run(
        [str(BIN_DIR / "einclusie"), "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    tab_to(page, lambda s: s["text"] == "Deze pagina vernieuwen")
    activate(page)
    main = page.inner_text("main")
    assert "Status\nklaar" in main or "klaar" in page.inner_text("dl.facts")
    assert "1.1.1 Niet-tekstuele content (A)" in main
    assert "klik hier" in main.lower()
    problems += no_violations(page)

    # Write and publish the statement, pre-filled from the scan.
    tab_to(page, lambda s: s["text"] == "Site Drempel (toets)")
    activate(page)
    tab_to(page, lambda s: s["text"] == "Verklaring opstellen")
    activate(page)
    assert "1.1.1 Niet-tekstuele content (A)" in page.input_value("#id_non_compliant")
    problems += no_violations(page)
    tab_to(page, lambda s: s["id"] == "id_contact_email")
    page.keyboard.type("toegankelijkheid@drempel.example")
    tab_to(page, lambda s: s["tag"] == "BUTTON" and s["text"] == "Bewaren en publiceren")
    activate(page)
    assert "De verklaring is gepubliceerd." in page.inner_text("main")
    tab_to(page, lambda s: s["text"] == "De gepubliceerde verklaring bekijken")
    public_url = page.evaluate("document.activeElement.href")
    activate(page)
    problems += no_violations(page)
    context.close()

    # The public statement without JavaScript, for anyone.
    plain = chromium.new_context(locale="nl-BE", java_script_enabled=False)
    public = plain.new_page()
    response = public.goto(public_url)
    assert response.status == 200
    text = public.inner_text("main")
    assert "Verklaring over de toegankelijkheid van Site Drempel (toets)" in text
    assert "gedeeltelijk conform" in text
    assert "toegankelijkheid@drempel.example" in text
    plain.close()
    assert not problems, "\n".join(problems)
