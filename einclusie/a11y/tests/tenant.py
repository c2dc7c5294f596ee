"""Gent's accessibility register for the tenant-isolation walk (einclusie/core/tests/test_tenant_isolation.py).

Made once per test on first use: PARAMETERS call `a11y_data(data)`.
"""

import datetime

from einclusie.a11y.models import DigitalService, Finding, Scan, ScanPage, Statement


def a11y_data(data):
    if "a11y" in data:
        return data["a11y"]
    gent = data["organisation"]
    service = DigitalService.objects.create(organisation=gent, name="Website Gent (test)", url="https://stad.gent/")
    scan = Scan.objects.create(service=service, status="done", pages_done=1, pages_scanned=1)
    page = ScanPage.objects.create(scan=scan, url="https://stad.gent/", outcome="scanned", serious=1)
    Finding.objects.create(
        scan=scan,
        page=page,
        check_id="image-alt",
        criteria=["1.1.1"],
        impact="critical",
        selector="img",
        fingerprint="x",
    )
    statement = Statement.objects.create(
        service=service,
        slug="stad-gent-test-website",
        scope="Website Gent (test)",
        compliance="partial",
        contact_email="toegankelijkheid@gent.example",
        enforcement="Vlaamse Ombudsdienst",
        prepared_on=datetime.date(2026, 1, 5),
        published_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )
    data["a11y"] = {"service": service, "scan": scan, "statement": statement}
    return data["a11y"]


def a11y_snapshot():
    """What an outsider must never change: Gent's register, scans and statements."""
    gent = {"organisation__municipality__nis_code": "44021"}
    return (
        sorted(DigitalService.objects.filter(**gent).values_list("pk", "name", "url")),
        sorted(Scan.objects.filter(service__organisation__municipality__nis_code="44021").values_list("pk", "status")),
        sorted(Statement.objects.values_list("pk", "slug", "scope", "published_at")),
    )
