"""Every page of the running demo, for every role, in Debian's Chromium with axe-core.

The crawler follows every link on the site (forms and the technical admin excepted), a few URLs per
route, and fails on any axe violation (WCAG 2.0/2.1/2.2, levels A and AA), on horizontal scrolling at
320 CSS pixels, and when a route of the URL configuration was never reached.

Every page visited must answer without an error; axe runs on the first page of each route reached by any
role (a route's template is the same for every role, and axe is what makes the crawl slow).
"""

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from einclusie.core import demo
from einclusie.core.urlwalk import all_routes

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
PAGES_PER_ROUTE = 2

ROLES = {
    "anonymous": None,
    "programme_officer": "programma@example.org",
    "programme_admin": "beheer@example.org",
    "coordinator": "coordinator.gent@example.org",
    "finance": "financien.gent@example.org",
    "helper": "helper.gent@example.org",
    "read_only": "lezer.gent@example.org",
    "several_organisations": "coordinator.ronse@example.org",
    "researcher": "onderzoek@example.org",
    "auditor": "audit@example.org",
}

# Routes a crawler cannot reach by following links, and why.
NOT_LINKED = {
    "organisations:switch": "POST only (a form on the work page)",
    "organisations:invitation_withdraw": "POST only (a button on the members page)",
    "organisations:invitation_accept": "a secret link sent by e-mail; covered by the journey tests",
    "accounts:logout": "POST only (the log-out button)",
    "accounts:password_reset_confirm": "a secret link sent by e-mail",
    "accounts:password_reset_done": "shown after a form; visited directly below",
    "accounts:password_reset_complete": "shown after a form; visited directly below",
    "accounts:password_change_done": "shown after a form; visited directly below",
    "accounts:second_factor": "shown after the password to a person with an authenticator app; see test_second_factor",
    "accounts:recovery_codes": "shown once after setting up an app or making new codes; see test_second_factor",
    "accounts:recovery_codes_renew": "POST only (a button on the two-step verification page)",
    "accounts:oidc_login": "linked from the login page only when an OpenID Connect provider is set; see test_oidc",
    "accounts:oidc_callback": "where the OpenID Connect provider sends the browser back; see test_oidc",
    "core:person_export": "a download shown after a search on the person page; see core/tests/test_privacy",
    "core:person_erase": "POST only (a button under the results of the person page)",
    "accounts:recovery_codes_download": "a download next to the codes shown once; see test_second_factor",
    "set_language": "POST only (the language buttons)",
    "healthz": "JSON for monitoring, not a page",
    "helppoints:exception_delete": "POST only (a button on the help point page)",
    "contacts:repeat": "POST only (a button on the contact page)",
    "contacts:undo": "POST only (a button on the contact page)",
    "contacts:import_confirm": "POST only (a button under the report of the import page)",
    "contacts:import_template": "a download (buttons on the import page)",
    "helppoints:export": "a download (buttons on the help points page)",
    "courses:publish": "POST only (a button on the course page)",
    "courses:session_delete": "POST only (a button on the sessions page)",
    "courses:enrolment_cancel": "POST only (a button on the course page)",
    "courses:signed_up": "shown after the sign-up form; covered by the journey tests",
    "courses:skills_done": "shown after the skills check; covered by the journey tests",
    "subsidies:deadline_remove": "POST only (a button on the call page)",
    "subsidies:question_remove": "POST only (a button on the question page)",
    "operation:assessment_start": "POST only (a button on the local operation page)",
    "operation:assessment_complete": "POST only (a button on the self-assessment result)",
    "operation:toolkit_use": "POST only (a button on a toolkit item)",
    "operation:partner_end": "POST only (a button on the partners page)",
    "operation:plan_from_assessment": "POST only (a button on the action plan)",
    "operation:toolkit_file_remove": "POST only (a button on a toolkit item)",
    "operation:toolkit_file": "only when a toolkit item has a file; see operation/tests/test_toolkit_files",
    "subsidies:key_compute": "POST only (a button on the key page)",
    "subsidies:key_publish": "POST only (a button on the key page)",
    "subsidies:key_copy": "POST only (a button on the key page)",
    "subsidies:key_import": "only for a draft key with fixed amounts (the demo's is published); see test_pages",
    "subsidies:apply_start": "POST only (a button on the subsidies page)",
    "subsidies:action_delete": "POST only (a button on the application page)",
    "subsidies:application_submit": "POST only (a button on the application page)",
    "subsidies:application_bank_letter": "only when an applicant uploaded a bank letter; see test_applications",
    "subsidies:review_decide": "POST only (the decision buttons)",
    "subsidies:review_bulk_approve": "POST only (a form on the list of applications)",
    "subsidies:tranche_paid": "POST only (a button on the list of payments)",
    "subsidies:expense_remove": "POST only (a button on the justification page)",
    "subsidies:justification_submit": "POST only (a button on the justification page)",
    "subsidies:review_justification_decide": "POST only (the decision buttons)",
    "subsidies:expense_attachment": "only when an expense has an attachment; see test_justifications",
    "devices:certificate": "only when a wipe certificate file was uploaded; see devices/tests/test_workspace",
    "devices:loan_remind": "POST only (a button on the loan page)",
    "devices:loan_cancel": "POST only (a button on the loan page of a reservation)",
    "devices:loans_remind": "POST only (a button on the lists of loans due soon and late)",
    "a11y:scan_request": "POST only (the scan button on the site page)",
}
# JSON APIs, not pages: their responses are checked against their schemas in their own tests.
API_NAMESPACES = ("hsds:", "open-data:")
VISIT_DIRECTLY = [
    "/wachtwoord-vergeten/verstuurd/",
    "/wachtwoord-vergeten/klaar/",
    "/account/wachtwoord/gewijzigd/",
]

axe = Axe()


def log_in(page, base_url, email):
    page.goto(base_url + "/aanmelden/")
    page.fill("#id_username", email)
    page.fill("#id_password", demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base_url + "/werk/")


def route_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def check_page(page, url, problems, run_axe=True):
    """Visit a page; returns its links and where the browser ended (after redirects), or ([], None) on an error.

    A page whose route axe has already checked is fetched with the browser's cookies but not rendered: its status
    and links are all the crawl needs from it, and rendering every page is what made the crawl slow.
    """
    if not run_axe:
        response = page.request.get(url)
        if response.status >= 400:
            problems.append(f"{url}: HTTP {response.status}")
            return [], None
        links = _Links()
        links.feed(response.text())
        return links.hrefs, response.url
    response = page.goto(url)
    if response is None or response.status >= 400:
        problems.append(f"{url}: HTTP {response.status if response else 'no response'}")
        return [], None
    results = axe.run(page, options=AXE_OPTIONS)
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        problems.append(f"{url}: axe {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"), page.url


DOWNLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".json": "application/json",
    "formaat=csv": "text/csv",
    "formaat=xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def is_download(path):
    return any(marker in path for marker in DOWNLOAD_TYPES)


def check_download(page, url, problems):
    """A PDF, CSV or Excel link is fetched, not rendered: it must answer with the promised type."""
    response = page.request.get(url)
    expected = next(kind for marker, kind in DOWNLOAD_TYPES.items() if marker in url)
    if response.status >= 400 or not response.headers.get("content-type", "").startswith(expected):
        problems.append(f"{url}: HTTP {response.status} {response.headers.get('content-type')}, expected {expected}")


def crawl(page, base_url, start_paths, visited_routes, checked_routes):
    problems = []
    seen = set()
    per_route = defaultdict(int)
    queue = list(start_paths)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        name = route_name(path)
        if name is None or name.startswith(("admin:", *API_NAMESPACES)):
            continue
        if per_route[name] >= PAGES_PER_ROUTE and path not in start_paths:
            continue
        per_route[name] += 1
        visited_routes.add(name)
        if is_download(path):
            check_download(page, base_url + path, problems)
            continue
        run_axe = name not in checked_routes
        checked_routes.add(name)
        hrefs, landed = check_page(page, base_url + path, problems, run_axe=run_axe)
        # A page may redirect (e.g. /werk/monitoring/ to the dashboard of one's role): its links are relative to
        # where the browser ended, and that route was reached too.
        landed_name = route_name(urlsplit(landed).path) if landed and landed.startswith(base_url) else None
        if landed_name:
            visited_routes.add(landed_name)
        for href in hrefs:
            absolute = urljoin(landed, href)
            parts = urlsplit(absolute)
            if f"{parts.scheme}://{parts.netloc}" != base_url or parts.path.startswith(
                ("/static/", "/admin/", "/api/")
            ):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return problems


@pytest.fixture(scope="session")
def crawl_results(live_site, chromium):
    """Crawl the site once per role: the problems found per role and every route reached."""
    problems = {}
    visited_routes = set()
    checked_routes = set()
    for role, email in ROLES.items():
        context = chromium.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = ["/", *VISIT_DIRECTLY]
        if email:
            log_in(page, live_site, email)
            start.insert(1, "/werk/")
        problems[role] = crawl(page, live_site, start, visited_routes, checked_routes)
        context.close()
    return problems, visited_routes


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_no_accessibility_violations(crawl_results, role):
    problems = crawl_results[0][role]
    assert not problems, "\n".join(problems)


def test_forms_with_errors_have_no_accessibility_violations(live_site, new_page):
    page = new_page()
    problems = []
    page.goto(live_site + "/aanmelden/")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += [v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    log_in(page, live_site, "coordinator.gent@example.org")
    page.goto(live_site + "/werk/leden/uitnodigen/")
    page.fill("#id_email", "geen-adres")
    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    problems += [v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]]
    assert not problems


def test_every_route_was_reached(crawl_results):
    expected = {route.name for route in all_routes() if not route.name.startswith(API_NAMESPACES)} - set(NOT_LINKED)
    missing = expected - crawl_results[1]
    assert not missing, f"No link leads to: {sorted(missing)}"


@pytest.mark.parametrize("path", ["/", "/aanmelden/", "/gemeenten/", "/gemeenten/44021/", "/hulp/?waar=9000"])
def test_public_pages_reflow_at_320_pixels(live_site, new_page, path):
    page = new_page(width=320)
    page.goto(live_site + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls {overflow}px sideways at 320px"


def test_the_home_page_weighs_less_than_60_kb_on_a_first_visit(live_site, new_page):
    page = new_page()
    page.goto(live_site + "/", wait_until="load")
    transferred = page.evaluate(
        """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
               .reduce((sum, entry) => sum + entry.transferSize, 0)"""
    )
    assert 0 < transferred <= 60 * 1024, f"home page transfers {transferred} bytes"
