"""A coordinator adds an action to the action plan with the keyboard alone, on the running demo (Chromium);
every page on the way has no axe-core violation, and the plan reads with JavaScript switched off."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from einclusie.core import demo
from einclusie.core.tests.keyboard import tab_until
from einclusie.www.tests.test_browser_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator.gent@example.org"
axe = Axe()


def no_violations(page):
    return [violation["id"] for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]]


def test_a_coordinator_adds_a_plan_action_with_the_keyboard_only(live_site, new_page):  # noqa: F811
    page = new_page()
    page.goto(live_site + "/aanmelden/")
    tab_until(page, lambda s: s["id"] == "id_username")
    page.keyboard.type(COORDINATOR)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_site + "/werk/")

    page.goto(live_site + "/werk/werking/")
    assert "Uw gemeente heeft een lokale digitale inclusiewerking." in page.inner_text("main")
    problems = no_violations(page)
    tab_until(page, lambda s: s["text"] == "Naar het actieplan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    problems += no_violations(page)
    tab_until(page, lambda s: s["text"] == "Een actie toevoegen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    problems += no_violations(page)

    tab_until(page, lambda s: s["id"] == "id_title")
    page.keyboard.type("Digitale zitdag in het dienstencentrum")
    tab_until(page, lambda s: s["id"] == "id_aspect")
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
    tab_until(page, lambda s: s["type"] == "checkbox" and s["id"].startswith("id_partners"))
    page.keyboard.press("Space")
    tab_until(page, lambda s: s["text"] == "Bewaren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "De actie is bewaard." in page.inner_text("main")
    assert "Digitale zitdag in het dienstencentrum" in page.inner_text("main")
    problems += no_violations(page)
    assert not problems

    plain = new_page(javascript=False)
    plain.context.add_cookies(page.context.cookies())
    plain.goto(page.url)
    assert "Digitale zitdag in het dienstencentrum" in plain.inner_text("main")
