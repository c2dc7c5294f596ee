"""Personas shared by every test: two local governments and the programme team.

alice   coordinator of Stad Gent (the tenant under test)
bob     read-only colleague at Stad Gent
charlie coordinator of Stad Aalst (an outsider to Gent)
paula   programme officer of the region
"""

import os
from pathlib import Path

import pytest

from einclusie.core.demosite import running_demo_site
from einclusie.core.roles import Role
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProvinceFactory,
    UserFactory,
)


def pytest_configure(config):
    from django.conf import settings

    # Tests do not run collectstatic: use the plain storage instead of the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # With pytest-xdist (`make test` runs two workers and `--dist loadgroup`), the browser tests of one file stay
    # on one worker: they share a demo site and a Chromium per worker, and the accessibility crawl's tests share its
    # results. This hook must run before xdist's own (tryfirst), or the groups are ignored.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(f"browser-{item.path.stem}"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    from django.core.cache import cache
    from django.utils import translation

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Two-step verification is tested with enforcement on in accounts/tests/test_second_factor.py; the personas
    # of every other test log in with their password only, whatever EINCLUSIE_MFA_REQUIRED says.
    settings.MFA_REQUIRED = False
    cache.clear()
    from einclusie.helppoints import services

    services._memo["version"] = None
    # A request in French leaves French active in this thread: every test starts in the source language.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def gent(db):
    province = ProvinceFactory(nis_code="40000", name_nl="Provincie Oost-Vlaanderen")
    municipality = MunicipalityFactory(nis_code="44021", name_nl="Gent", name_fr="Gand", province=province)
    return OrganisationFactory(name="Stad Gent (test)", kind=Kind.MUNICIPALITY, municipality=municipality)


@pytest.fixture
def aalst(db):
    province = ProvinceFactory(nis_code="40000", name_nl="Provincie Oost-Vlaanderen")
    municipality = MunicipalityFactory(nis_code="41002", name_nl="Aalst", name_fr="Alost", province=province)
    return OrganisationFactory(name="Stad Aalst (test)", kind=Kind.MUNICIPALITY, municipality=municipality)


@pytest.fixture
def region(db):
    return OrganisationFactory(name="Programmateam (test)", kind=Kind.REGION, municipality=None)


@pytest.fixture
def alice(gent):
    return MembershipFactory(user=UserFactory(email="alice@example.org"), organisation=gent, role=Role.COORDINATOR).user


@pytest.fixture
def bob(gent):
    return MembershipFactory(user=UserFactory(email="bob@example.org"), organisation=gent, role=Role.READ_ONLY).user


@pytest.fixture
def charlie(aalst):
    return MembershipFactory(
        user=UserFactory(email="charlie@example.org"), organisation=aalst, role=Role.COORDINATOR
    ).user


@pytest.fixture
def paula(region):
    return MembershipFactory(
        user=UserFactory(email="paula@example.org"), organisation=region, role=Role.PROGRAMME_OFFICER
    ).user


# --- Browser tests: a real gunicorn server on its own database, and Debian's Chromium ---------------------------
# The server is started once per test process with the same settings `make run` uses (DEBUG off, whitenoise,
# gunicorn), on a fresh SQLite file or, when DATABASE_URL points at PostgreSQL, on a fresh database next to the test
# database. One Chromium (one Playwright instance) serves every browser test of the process.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A folder the test processes of this run share: the demo is migrated and loaded there once, then copied."""
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp  # xdist: <run>/popen-gw0
    return shared / "demo-template"


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, demo_template):
    """Base URL of a running demo site with the reference and demo data loaded."""
    suffix = "browser_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with running_demo_site(tmp_path_factory.mktemp("site"), suffix=suffix, template=demo_template) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    # Playwright's synchronous API runs its event loop in a greenlet of this thread and leaves it marked as the
    # thread's running loop between calls. Django then takes every later connect, close or test-database setup in
    # this process for database work inside a coroutine and refuses it (SynchronousOnlyOperation), although no
    # coroutine ever touches the database here. So once the browser has started, this test process allows it
    # (Django's documented switch), and the test database is made before the browser starts.
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Open a fresh browser page (own cookies) in Dutch; closes it after the test."""
    contexts = []

    def open_page(javascript=True, width=1280):
        context = chromium.new_context(
            locale="nl-BE", java_script_enabled=javascript, viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
