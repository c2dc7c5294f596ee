import pytest

from einclusie.a11y.browser import BrowserThread
from einclusie.a11y.tests.server import SITES, serving


@pytest.fixture(scope="session")
def browser_thread():
    """One headless Chromium for the monitor's tests, in its own thread (see einclusie/a11y/browser.py)."""
    with BrowserThread() as thread:
        yield thread


@pytest.fixture(scope="session")
def clean_site():
    with serving(SITES / "schoon") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def barrier_site():
    with serving(SITES / "drempels") as base_url:
        yield base_url


@pytest.fixture(scope="session")
def scan(browser_thread):
    """Scan a fixture site in the shared browser, without waiting between pages."""
    from einclusie.a11y.scanner import scan_site

    def run(url, **options):
        options = {"delay": 0, "timeout": 1.5, **options}
        return browser_thread.run(lambda browser: scan_site(url, browser=browser, **options))

    return run


@pytest.fixture(scope="session")
def clean_result(scan, clean_site):
    return scan(clean_site + "/")


@pytest.fixture(scope="session")
def barrier_result(scan, barrier_site):
    return scan(barrier_site + "/")
