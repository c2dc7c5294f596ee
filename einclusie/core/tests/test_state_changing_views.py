"""Every URL pattern of the site: reading never changes data, and a change needs the form's CSRF token.

For each route, requested by a member whose role opens the page (Gent's coordinator, or the programme officer for
the programme's pages):
- GET and HEAD change no row of any table (every table is compared, not only the ones we thought of);
- a POST without the CSRF token is refused with 403 by the CSRF check itself, and changes nothing;
- a route that takes only POST (an action button) answers GET with 405;
- a route that does not read a posted form changes nothing even on a POST that does carry the token.

Each route is classified from its view: "action" (require_POST), "form" (shows a page and reads a posted form),
"read" (reads nothing posted). A view whose source cannot be read (a third-party or generated view) fails the test
until it is listed in NOT_FROM_SOURCE with its kind, and a view exempt from the CSRF check fails until it is listed
in CSRF_EXEMPT with the reason: a new state-changing page cannot be forgotten.
"""

import hashlib
import inspect
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.urls import resolve

from einclusie.core.tests.test_tenant_isolation import PARAMETERS, tenant  # noqa: F401 - the fixture
from einclusie.core.urlwalk import all_routes

pytestmark = pytest.mark.django_db

HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

# Views exempt from the CSRF check, with what a POST without a token may do there.
CSRF_EXEMPT = {
    # Django's language switch: stores the language in the session and a cookie, changes no row.
    "set_language": "no-rows",
}

# Views whose kind cannot be read from their source.
NOT_FROM_SOURCE_PREFIXES = {
    # django-ninja: the read-only public APIs (GET only; a POST is refused with 405, CSRF does not apply).
    "hsds:": "api",
    "open-data:": "api",
}

# Tables whose rows a read may change: the session (the current organisation, the language, messages).
IGNORED_TABLES = {"django_session"}

# Rows a read may make the first time only (defaults on first use, figures derived from other rows): the same
# page read again changes nothing.
FIRST_READ_TABLES = {
    # The device bank's settings and standard eligibility grounds, made on an organisation's first visit.
    "devices_devicebanksettings",
    "devices_eligibilityground",
    # The monitoring's monthly rollups, brought up to date before a dashboard is read (refresh_if_stale).
    "monitoring_monthlyfact",
    "monitoring_provincemonthlyfact",
    "monitoring_regionmonthlyfact",
    "monitoring_refreshstate",
}

# Reads that the activity log records: exporting a person's data (who looked at it, and when).
RECORDED_READS = {"devices:export_json", "devices:export_pdf"}

# The programme team's pages are opened by the programme officer; everything else by Gent's coordinator.
PROGRAMME_PREFIXES = ("/programma/", "/beheer/")


def _allowed_methods(view):
    """The methods a require_http_methods decorator (require_POST, require_GET, …) lets through, else None."""
    while view is not None:
        for cell in view.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and all(item in HTTP_METHODS for item in value):
                return set(value)
        view = getattr(view, "__wrapped__", None)
    return None


def _innermost(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def classify(route, view):
    """'action', 'form', 'read' or 'api' for a route, or None when it cannot be told."""
    for prefix, kind in NOT_FROM_SOURCE_PREFIXES.items():
        if route.name.startswith(prefix):
            return kind
    methods = _allowed_methods(view)
    if methods is not None and "POST" in methods and "GET" not in methods:
        return "action"
    if methods is not None and "POST" not in methods:
        return "read"
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "form" if hasattr(view_class, "post") else "read"
    try:
        source = inspect.getsource(_innermost(view))
    except (OSError, TypeError):
        return None
    reads_post = any(marker in source for marker in ("request.POST", "request.FILES", "request.method", "request.body"))
    return "form" if reads_post else "read"


def fingerprint():
    """A hash of the content of every table (minus the session), to tell that a request changed nothing."""
    hashes = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in IGNORED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own table names
            rows = sorted(repr(row) for row in cursor.fetchall())
            hashes[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return hashes


def _changed(before, after):
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


def _path(route, data):
    return route.build({kwarg: PARAMETERS[kwarg][1](data) for kwarg in route.kwargs})


# A URL parameter missing from PARAMETERS fails test_tenant_isolation.test_every_url_parameter_is_known.
ROUTES = [route for route in all_routes() if set(route.kwargs) <= set(PARAMETERS)]


def test_every_route_is_classified_and_every_csrf_exemption_is_known(tenant):  # noqa: F811
    kinds = Counter()
    unknown, unlisted_exemptions = [], []
    for route in ROUTES:
        view = resolve(_path(route, tenant)).func
        kind = classify(route, view)
        kinds[kind] += 1
        if kind is None:
            unknown.append(route.name)
        if getattr(view, "csrf_exempt", False) and route.name not in CSRF_EXEMPT and kind != "api":
            unlisted_exemptions.append(route.name)
    assert not unknown, f"Say what these views do in NOT_FROM_SOURCE_PREFIXES: {unknown}"
    assert not unlisted_exemptions, f"These views skip the CSRF check; list them in CSRF_EXEMPT: {unlisted_exemptions}"
    assert kinds["action"] >= 25 and kinds["form"] >= 50, kinds  # the classification still finds them
    print(f"URL patterns covered: {len(ROUTES)} ({dict(kinds)})")  # noqa: T201 - the figure in docs/security.md


def _acting_client(path, alice, paula):
    """A logged-in client of the member whose role opens this page, with the CSRF check as in production."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(paula if path.startswith(PROGRAMME_PREFIXES) else alice)
    return client


def _unexpected_changes(route, before, after, first_read=False):
    changed = set(_changed(before, after))
    if first_read:
        changed -= FIRST_READ_TABLES
    if route.name in RECORDED_READS:
        changed.discard("core_event")
    return sorted(changed)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name or route.route)
def test_reading_changes_nothing_and_a_change_needs_the_csrf_token(tenant, alice, paula, route):  # noqa: F811
    path = _path(route, tenant)
    kind = classify(route, resolve(path).func)
    client = _acting_client(path, alice, paula)
    before = fingerprint()

    for number, method in enumerate(("get", "head", "get")):
        response = getattr(client, method)(path)
        assert response.status_code < 500, f"{method.upper()} {path} gave {response.status_code}"
        if kind == "action":
            assert response.status_code == 405, f"{method.upper()} {path} (POST only) gave {response.status_code}"
        after = fingerprint()
        changed = _unexpected_changes(route, before, after, first_read=number == 0)
        assert not changed, f"{method.upper()} {path} changed {changed}"
        before = after

    response = client.post(path, {"name": "x"})
    if kind == "api":
        assert response.status_code in (403, 405), f"POST {path} (read-only API) gave {response.status_code}"
    elif route.name in CSRF_EXEMPT:
        assert response.status_code < 500, f"POST {path} gave {response.status_code}"
    else:
        assert response.status_code == 403, f"POST {path} without the CSRF token gave {response.status_code}"
        assert "www/csrf_failure.html" in [template.name for template in response.templates], (
            f"POST {path} was refused, but not by the CSRF check"
        )
    after = fingerprint()
    assert not _changed(before, after), f"POST {path} without the CSRF token changed {_changed(before, after)}"

    if kind == "read":
        response = _with_token(client, path)
        assert response.status_code < 500, f"POST {path} gave {response.status_code}"
        changed = _unexpected_changes(route, after, fingerprint())
        assert not changed, f"POST {path} (a page that reads no form) changed {changed}"


def _with_token(client, path):
    """A POST that passes the CSRF check, as a browser's form would."""
    client.handler.enforce_csrf_checks = False
    try:
        return client.post(path, {"name": "x"})
    finally:
        client.handler.enforce_csrf_checks = True
