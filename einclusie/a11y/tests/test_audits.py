"""Manual audits: an app (which the monitor cannot crawl) gets its status, trend and statement from audits."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from einclusie.a11y import criteria, services
from einclusie.a11y.forms import result_field_name
from einclusie.a11y.models import Audit, DigitalService, ScanStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def app(gent):
    return DigitalService.objects.create(
        organisation=gent, kind="app", name="App Gent Afval", url="https://apps.gent.example/afval", scan_every_days=0
    )


def audit_post(day, *, results=None, report=None, **fields):
    data = {
        "audited_on_day": str(day.day),
        "audited_on_month": str(day.month),
        "audited_on_year": str(day.year),
        "method": "in_depth",
        "auditor": "AnySurfer",
        "devices": "iPhone met VoiceOver",
        "summary": "",
        **fields,
    }
    results = results or {}
    for criterion in criteria.required_criteria():
        data[result_field_name(criterion.number)] = results.get(criterion.number, "pass")
    if report is not None:
        data["report"] = report
    return data


def test_a_coordinator_records_an_audit_of_an_app_with_its_report(client, alice, bob, app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("a11y:audit_create", args=[app.pk]),
        audit_post(
            day,
            results={"1.1.1": "fail", "1.2.1": "na"},
            report=SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
        ),
    )
    audit = Audit.objects.get()
    assert response["Location"] == reverse("a11y:audit", args=[audit.pk])
    assert (audit.failed, audit.passed, audit.tested) == (1, 48, 49)
    app.refresh_from_db()
    assert app.last_audit_on == day  # the register's "laatste audit" follows the audit
    register = client.get(reverse("a11y:home")).content.decode()
    assert "48 van 49 criteria voldoen" in register
    detail = client.get(reverse("a11y:audit", args=[audit.pk])).content.decode()
    assert "11.1.1.1" in detail  # EN 301 549 chapter 11 for an app
    assert "48 van de 49 geteste succescriteria voldoen (98 %)" in detail
    client.force_login(bob)
    report = client.get(reverse("a11y:audit_report", args=[audit.pk]))
    assert report["Content-Type"] == "application/pdf"
    assert b"".join(report.streaming_content) == PDF


def test_an_audit_with_a_report_that_is_no_pdf_or_a_future_date_is_refused(client, alice, app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("a11y:audit_create", args=[app.pk]),
        audit_post(tomorrow, auditor="", report=SimpleUploadedFile("rapport.pdf", b"GIF89a nope")),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert "Dit bestand is geen PDF." in page
    assert "Een audit ligt niet in de toekomst." in page
    assert "Vul in wie de audit deed." in page
    assert not Audit.objects.exists()


def test_a_finding_marks_its_criterion_as_failing(client, alice, app):
    audit = services.audit_record(
        service=app,
        by=alice,
        audited_on=timezone.localdate(),
        method="in_depth",
        auditor="Team digitaal",
        results={"2.1.1": "pass"},
    )
    client.force_login(alice)
    response = client.post(
        reverse("a11y:audit", args=[audit.pk]),
        {
            "criterion": "2.1.1",
            "location": "Scherm 'Ophaaldagen'",
            "selector": "knop 'Volgende maand'",
            "impact": "serious",
            "message": "Met een extern toetsenbord is de knop niet te bereiken.",
        },
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.results["2.1.1"] == "fail"
    finding = audit.findings.get()
    assert (finding.criteria, finding.en_clauses, finding.check_id) == (["2.1.1"], ["11.2.1.1"], "handmatig")
    page = client.get(reverse("a11y:audit", args=[audit.pk])).content.decode()
    assert "2.1.1 Toetsenbord (A)" in page
    assert "Scherm &#x27;Ophaaldagen&#x27;" in page


def test_a_finding_without_criterion_or_screen_is_refused(client, alice, app):
    audit = services.audit_record(
        service=app, by=alice, audited_on=timezone.localdate(), method="self", auditor="Team", results={}
    )
    client.force_login(alice)
    page = client.post(reverse("a11y:audit", args=[audit.pk]), {"impact": "serious", "message": "x"}).content.decode()
    assert "Kies het succescriterium dat niet voldoet." in page
    assert "Vul in op welk scherm het probleem zit." in page
    assert not audit.findings.exists()


def test_read_only_colleagues_read_audits_and_outsiders_get_404(client, bob, charlie, app):
    audit = services.audit_record(
        service=app, by=None, audited_on=timezone.localdate(), method="self", auditor="Team", results={}
    )
    client.force_login(bob)
    assert client.get(reverse("a11y:audit", args=[audit.pk])).status_code == 200
    assert client.post(reverse("a11y:audit", args=[audit.pk]), {"criterion": "1.1.1"}).status_code == 404
    assert client.get(reverse("a11y:audit_create", args=[app.pk])).status_code == 404
    assert client.get(reverse("a11y:audit_edit", args=[audit.pk])).status_code == 404
    client.force_login(charlie)
    for name in ("a11y:audit", "a11y:audit_edit", "a11y:audit_report"):
        assert client.get(reverse(name, args=[audit.pk])).status_code == 404
    assert not audit.findings.exists()


def test_an_apps_statement_is_prefilled_from_its_latest_audit(client, alice, app):
    old = services.audit_record(
        service=app,
        by=None,
        audited_on=timezone.localdate() - datetime.timedelta(days=200),
        method="self",
        auditor="Team",
        results={"1.4.3": "fail", "2.1.1": "fail"},
    )
    audit = services.audit_record(
        service=app,
        by=None,
        audited_on=timezone.localdate() - datetime.timedelta(days=10),
        method="expert",
        auditor="AnySurfer",
        results={"1.4.3": "pass", "2.1.1": "pass"},
    )
    services.audit_finding_add(
        audit=audit, by=None, criterion="1.1.1", location="Startscherm", impact="critical", message="Logo zonder naam"
    )
    previous, worse, better = services.audit_comparison(audit)
    assert previous == old
    assert worse == []
    assert [label.split()[0] for label in better] == ["1.4.3", "2.1.1"]
    defaults = services.statement_defaults(app)
    assert defaults["based_on_audit"] == audit
    assert defaults["based_on_scan"] is None
    assert defaults["method"] == "third_party"
    assert defaults["compliance"] == "partial"  # 1.1.1 fails, the others were not all tested
    assert "1.1.1 Niet-tekstuele content (A): Startscherm." in defaults["non_compliant"]
    client.force_login(alice)
    form = client.get(reverse("a11y:statement", args=[app.pk])).content.decode()
    assert "Ingevuld uit de audit van" in form
    page = client.get(reverse("a11y:service", args=[app.pk])).content.decode()
    assert "Nu scannen" not in page
    assert "Een audit registreren" in page


def test_an_app_that_passes_every_criterion_is_fully_compliant(app):
    services.audit_record(
        service=app,
        by=None,
        audited_on=timezone.localdate(),
        method="in_depth",
        auditor="Team",
        results={criterion.number: "pass" for criterion in criteria.required_criteria()},
    )
    assert services.statement_defaults(app)["compliance"] == "full"


def test_an_e_loket_form_is_scanned_from_its_own_address(gent, clean_site, browser_thread):
    form = DigitalService.objects.create(
        organisation=gent, kind="form", name="E-loket attest", url=clean_site + "/loket.html", max_depth=1
    )
    scan = services.scan_run(
        scan=services.scan_request(service=form), delay=0, timeout=1.5, browser_thread=browser_thread
    )
    assert scan.status == ScanStatus.DONE
    first = scan.pages.first()
    assert first.url == clean_site + "/loket.html"
    assert first.depth == 0
    assert first.outcome == "scanned"


def test_editing_an_audit_keeps_its_report_and_updates_the_results(client, alice, app, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    day = timezone.localdate()
    client.post(
        reverse("a11y:audit_create", args=[app.pk]),
        audit_post(day, report=SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")),
    )
    audit = Audit.objects.get()
    stored = audit.report.name
    form = client.get(reverse("a11y:audit_edit", args=[audit.pk])).content.decode()
    assert 'value="pass" selected' in form
    response = client.post(
        reverse("a11y:audit_edit", args=[audit.pk]), audit_post(day, results={"1.4.3": "fail"}, auditor="AnySurfer")
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.report.name == stored
    assert audit.results["1.4.3"] == "fail"
    assert Audit.objects.count() == 1
