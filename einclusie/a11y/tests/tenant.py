"""Gent's accessibility register for the tenant-isolation walk (einclusie/core/tests/test_tenant_isolation.py).

Made once per test on first use: PARAMETERS call `a11y_data(data)`.
"""

import datetime

from einclusie.a11y.models import (
    Audit,
    AuditFinding,
    DigitalService,
    Finding,
    Sample,
    SampleSite,
    Scan,
    ScanPage,
    Statement,
)


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
    app = DigitalService.objects.create(organisation=gent, kind="app", name="App Gent (test)", url="https://app.gent/")
    audit = Audit.objects.create(
        service=app, audited_on=datetime.date(2026, 2, 1), auditor="AnySurfer (test)", results={"1.1.1": "fail"}
    )
    AuditFinding.objects.create(
        audit=audit, location="Startscherm", criteria=["1.1.1"], impact="serious", message="Knop zonder naam"
    )
    # The programme team's sample: a local official (of any municipality) gets 404.
    sample = Sample.objects.create(year=2026, seed=1, size=1, cluster_by="province", frame_size=1, clusters={"x": 1})
    SampleSite.objects.create(
        sample=sample, service=service, cluster="x", organisation_name="Gent", name="W", url=service.url
    )
    data["a11y"] = {"service": service, "scan": scan, "statement": statement, "audit": audit, "sample": sample}
    return data["a11y"]


def a11y_snapshot():
    """What an outsider must never change: Gent's register, scans and statements."""
    gent = {"organisation__municipality__nis_code": "44021"}
    return (
        sorted(DigitalService.objects.filter(**gent).values_list("pk", "name", "url")),
        sorted(Scan.objects.filter(service__organisation__municipality__nis_code="44021").values_list("pk", "status")),
        sorted(Statement.objects.values_list("pk", "slug", "scope", "published_at")),
        sorted(Audit.objects.values_list("pk", "auditor", "results")),
        AuditFinding.objects.count(),
        sorted(Sample.objects.values_list("pk", "seed")),
    )
