"""A running demo site for the browser tests: a real gunicorn server on its own database.

The server is started once per test session with the same settings `make run` uses (DEBUG off,
whitenoise, gunicorn), on a fresh SQLite file or, when DATABASE_URL points at PostgreSQL, on a fresh
database next to the test database.
"""

import os
from pathlib import Path

import pytest

from einclusie.core.demosite import running_demo_site

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
def live_site(tmp_path_factory):
    """Base URL of a running demo site with the reference and demo data loaded."""
    suffix = "browser_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with running_demo_site(tmp_path_factory.mktemp("site"), suffix=suffix) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

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
