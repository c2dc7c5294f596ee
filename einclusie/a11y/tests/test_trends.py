"""The trend per success criterion on the site page: a data table with a small line chart per row."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.a11y.models import DigitalService, Finding, Scan, ScanPage
from einclusie.a11y.trends import criterion_trend

pytestmark = pytest.mark.django_db


def scan_with(service, days_ago, findings):
    scan = Scan.objects.create(service=service, status="done", pages_scanned=1, pages_done=1)
    Scan.objects.filter(pk=scan.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    page = ScanPage.objects.create(scan=scan, url=service.url, outcome="scanned")
    for number, count in findings.items():
        for index in range(count):
            Finding.objects.create(scan=scan, page=page, check_id="x", criteria=[number], fingerprint=f"{index}")
    return scan


def test_the_site_page_shows_findings_per_criterion_over_the_scans(client, bob, gent):
    site = DigitalService.objects.create(organisation=gent, name="Site", url="https://stad.gent/")
    scan_with(site, 30, {"1.1.1": 3, "2.4.4": 1})
    scan_with(site, 10, {"1.1.1": 1})
    Scan.objects.create(service=site, status="failed")  # a failed scan is no point on the line
    trend = criterion_trend(site)
    assert [(row["number"], row["counts"]) for row in trend["rows"]] == [("1.1.1", [3, 1]), ("2.4.4", [1, 0])]
    assert trend["rows"][0]["points"] == [(4.0, 4.0), (116.0, 17.3)]  # the highest count at the top
    client.force_login(bob)
    page = client.get(reverse("a11y:service", args=[site.pk])).content.decode()
    assert "Verloop per succescriterium" in page
    assert '<svg width="120" height="28" viewBox="0 0 120 28" aria-hidden="true"' in page
    assert 'points="4.0,4.0 116.0,17.3 "' in page
