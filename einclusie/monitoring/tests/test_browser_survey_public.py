"""The published survey results in Debian's Chromium: no axe violations, no sideways scrolling at 320 CSS
pixels, and the same tables without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
LAST_YEAR = timezone.localdate().year - 1
PAGES = [
    "/cijfers/bevragingen/",
    f"/cijfers/bevragingen/quickscan/{LAST_YEAR}/",
    f"/cijfers/bevragingen/inwonersbevraging/{LAST_YEAR}/",
]


def test_the_results_pages_have_no_accessibility_violations(live_site, new_page):
    page = new_page()
    problems = []
    for path in PAGES:
        page.goto(live_site + path)
        expect(page.locator("h1")).to_be_visible()
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        problems += [f"{path}: {v['id']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES[1:])
def test_the_results_reflow_at_320_pixels_without_javascript(live_site, new_page, path):
    page = new_page(javascript=False, width=320)
    page.goto(live_site + path)
    expect(page.get_by_role("table", name="Aantal antwoorden per gebied")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls {overflow}px sideways at 320px"


def test_a_visitor_finds_the_results_from_the_public_figures(live_site, new_page):
    page = new_page()
    page.goto(live_site + "/cijfers/")
    page.get_by_role("link", name="Resultaten van de bevragingen van lokale besturen en inwoners").click()
    page.get_by_role("link", name=f"Inwonersbevraging {LAST_YEAR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Inwonersbevraging {LAST_YEAR}: resultaten")
    expect(page.get_by_role("heading", name="Hoe oud bent u?")).to_be_visible()
