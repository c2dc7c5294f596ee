"""A scan of the same site started twice at the same moment, and one scan picked up twice (PostgreSQL only)."""

import threading

import pytest

from einclusie.a11y import services
from einclusie.a11y.browser import BrowserUnavailable
from einclusie.a11y.models import DigitalService, Scan, ScanStatus
from einclusie.core.models import Event
from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]


@pytest.fixture
def site(gent):
    return DigitalService.objects.create(organisation=gent, name="Site Voorbeeld", url="http://127.0.0.1:9/")


def test_two_scans_of_the_same_site_started_at_once_make_one_scan(site, alice):
    results = at_once(
        lambda: services.scan_request(service=site, by=alice), lambda: services.scan_request(service=site, by=alice)
    )
    assert refused(results) == 0
    assert results[0].pk == results[1].pk  # the second one is shown the scan the first one started
    assert Scan.objects.filter(service=site).count() == 1
    assert Event.objects.filter(verb="a11y.scan_requested").count() == 1


def test_one_scan_picked_up_by_two_workers_at_once_runs_once(site, alice, monkeypatch):
    scan = services.scan_request(service=site, by=alice)
    browsers = []
    lock = threading.Lock()

    class CountingBrowser:
        """Stands in for Chromium: counts the runs that got as far as starting it."""

        def start(self):
            with lock:
                browsers.append(self)
            raise BrowserUnavailable("geen browser in deze test")

    monkeypatch.setattr(services, "BrowserThread", CountingBrowser)

    results = at_once(lambda: services.scan_run(scan=scan), lambda: services.scan_run(scan=scan))

    assert len(browsers) == 1
    assert refused(results) == 0
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED
    assert scan.problem == "geen browser in deze test"
