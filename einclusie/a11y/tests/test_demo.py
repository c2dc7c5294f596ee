"""The demo register: Stad Gent's website with two stored scans and a published statement, without network."""

import socket

import pytest

from einclusie.a11y import services
from einclusie.a11y.demo import demo_a11y
from einclusie.a11y.models import DigitalService, Sample, Scan

pytestmark = pytest.mark.django_db


def test_the_demo_register_needs_no_network_and_is_safe_to_load_twice(gent, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def no_network(*args, **kwargs):
        raise AssertionError("the demo must not open a connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    assert demo_a11y({"gent": gent}) == 3
    assert demo_a11y({"gent": gent}) == 0
    website = DigitalService.objects.get(name="Website Stad Gent (demo)")
    latest, first = Scan.objects.filter(service=website)
    assert latest.status == first.status == "done"
    previous, new, fixed = services.scan_comparison(latest)
    assert previous == first
    assert [finding.check_id for finding in fixed] == ["image-alt"]
    assert website.statement.is_published
    assert not website.statement.is_outdated()
    form = DigitalService.objects.get(kind="form")
    assert form.statement.is_published
    assert form.statement.is_outdated()  # the public list shows the "older than a year" flag
    app = DigitalService.objects.get(kind="app")
    latest, first = app.audits.latest_first()
    assert services.audit_comparison(latest)[2] == ["1.4.3 Contrast (minimum) (AA)"]  # fixed since the first audit
    assert latest.report.read().startswith(b"%PDF")
    assert services.statement_defaults(app)["based_on_audit"] == latest
    assert Sample.objects.get().sites.count() == 2  # Gent's website and e-loket: the local governments' sites
