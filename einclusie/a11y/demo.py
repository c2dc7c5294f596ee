"""A fictitious accessibility register for the demo: Stad Gent's website with two finished scans (stored from
findings like those of the test sites, no network), an e-loket form, an app with two manual audits (one with a
report), a published statement, and the region's sample for this year.

Safe to run twice: an organisation that has registered sites is left alone.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from einclusie.a11y import criteria, services
from einclusie.a11y.models import (
    AuditMethod,
    CriterionResult,
    DigitalService,
    Sample,
    Scan,
    ScanStatus,
    Statement,
)
from einclusie.a11y.pagechecks import Barrier, barrier
from einclusie.a11y.sampling import sample_store
from einclusie.a11y.scanner import PageResult

BASE = "https://www.gent.example/"


def _alt():
    return Barrier(
        "image-alt",
        "axe",
        ["1.1.1"],
        ["9.1.1.1"],
        "critical",
        "main > figure > img",
        'Geef elke afbeelding een alt-tekst die zegt wat ze toont, of alt="" als ze alleen versiert.',
    )


def _pages(first):
    """The pages of a scan: the first scan finds more than the second (the alt text was fixed since)."""
    home = [barrier("link-text", "main > p:nth-of-type(2) > a", "(\u201cklik hier\u201d)")]
    news = [barrier("reflow-320", "main > table", "(412 px zijwaarts)")]
    if first:
        news.append(_alt())
    return [
        PageResult(BASE, 0, "scanned", 200, barriers=home),
        PageResult(BASE + "nieuws", 1, "scanned", 200, barriers=news),
        PageResult(BASE + "afval", 1, "scanned", 200, barriers=[barrier("focus-visible", "#zoek-straat")]),
        PageResult(BASE + "contact", 1, "scanned", 200),
        PageResult(BASE + "brochure.pdf", 1, "skipped", 200, note="geen webpagina (application/pdf)"),
        PageResult("https://www.gent.example/intern/", 1, "skipped", note="robots.txt verbiedt deze pagina"),
    ]


def _stored_scan(service, *, days_ago, first):
    scan = Scan.objects.create(service=service, status=ScanStatus.RUNNING, max_pages=50, max_depth=3)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    for page in _pages(first):
        services._store_page(scan, page)
        scan.pages_done += 1
        if page.outcome == "scanned":
            scan.pages_scanned += 1
            scan.pages_without_serious += page.serious == 0
    scan.pages_planned = scan.pages_done
    scan.status = ScanStatus.DONE
    scan.started_at = when
    scan.finished_at = when + datetime.timedelta(minutes=2)
    scan.save()
    Scan.objects.filter(pk=scan.pk).update(created_at=when)  # auto_now_add: the demo's history lies in the past
    return scan


# A one-page PDF standing in for an auditor's report (the demo makes no real report).
DEMO_REPORT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _demo_audits(app):
    """Two manual audits of the app, a year apart: the trend and the statement come from them."""
    if app.audits.exists():
        return
    today = timezone.localdate()
    results = {criterion.number: CriterionResult.PASS for criterion in criteria.required_criteria()}
    for number in ("1.2.1", "1.2.2", "1.2.3", "1.2.5"):
        results[number] = CriterionResult.NOT_APPLICABLE  # no video in the app
    first = services.audit_record(
        service=app,
        by=None,
        audited_on=today - datetime.timedelta(days=380),
        method=AuditMethod.SELF,
        auditor="Digitale dienst Stad Gent (demo)",
        devices="iPhone met VoiceOver",
        results={**results, "1.4.3": CriterionResult.FAIL, "2.1.1": CriterionResult.FAIL},
    )
    services.audit_finding_add(
        audit=first,
        by=None,
        criterion="1.4.3",
        location="Scherm 'Ophaaldagen'",
        selector="grijze datums",
        impact="serious",
        message="Grijze tekst op wit haalt geen contrast van 4,5:1.",
    )
    latest = services.audit_record(
        service=app,
        by=None,
        audited_on=today - datetime.timedelta(days=20),
        method=AuditMethod.IN_DEPTH,
        auditor="AnySurfer (demo)",
        devices="iPhone 13 met VoiceOver, Android 14 met TalkBack, extern toetsenbord",
        summary="Grondige toetsing van de vijf meest gebruikte schermen (demo).",
        results={**results, "2.1.1": CriterionResult.FAIL},
        report=ContentFile(DEMO_REPORT, name="rapport.pdf"),
    )
    services.audit_finding_add(
        audit=latest,
        by=None,
        criterion="1.1.1",
        location="Startscherm",
        selector="knop met het logo",
        impact="critical",
        message="TalkBack leest 'knop, naamloos'. Geef de knop de naam 'Naar de start'.",
        check_id="TalkBack",
    )
    services.audit_finding_add(
        audit=latest,
        by=None,
        criterion="2.1.1",
        location="Scherm 'Ophaaldagen'",
        selector="knop 'Volgende maand'",
        impact="serious",
        message="Met een extern toetsenbord is de knop niet te bereiken.",
        check_id="toetsenbord",
    )


def _demo_sample():
    """The region's sample for this year, drawn and kept, so its page shows a fixed set of sites."""
    if Sample.objects.exists():
        return
    sample_store(seed=2026, size=10, by="province", year=timezone.localdate().year, drawn_by=None)


def _demo_outdated_statement(gent):
    """The e-loket's statement, published and not reviewed for 14 months: the public list flags it."""
    form = DigitalService.objects.filter(organisation=gent, kind="form").first()
    if form is None or Statement.objects.filter(service=form).exists():
        return
    defaults = services.statement_defaults(form)
    defaults.update(
        contact_email="toegankelijkheid@gent.example",
        prepared_on=timezone.localdate() - datetime.timedelta(days=425),
    )
    services.statement_save(service=form, by=None, publish=True, **defaults)


def demo_a11y(organisations):
    """Register Stad Gent's sites with their scans, audits and statement; returns the number of sites created."""
    gent = organisations["gent"]
    if DigitalService.objects.filter(organisation=gent).exists():
        app = DigitalService.objects.filter(organisation=gent, kind="app").first()
        if app is not None:
            _demo_audits(app)
        _demo_sample()
        _demo_outdated_statement(gent)
        return 0
    with transaction.atomic():
        today = timezone.localdate()
        website = DigitalService.objects.create(
            organisation=gent,
            name="Website Stad Gent (demo)",
            url=BASE,
            last_audit_on=today - datetime.timedelta(days=400),
            anysurfer_label_on=today - datetime.timedelta(days=500),
        )
        DigitalService.objects.create(
            organisation=gent, kind="form", name="E-loket aanvraag parkeerkaart (demo)", url=BASE + "e-loket/parkeren"
        )
        app = DigitalService.objects.create(
            organisation=gent,
            kind="app",
            name="App Gent Afval (demo)",
            url="https://apps.gent.example/afval",
            scan_every_days=0,
        )
        _stored_scan(website, days_ago=40, first=True)
        _stored_scan(website, days_ago=5, first=False)
        defaults = services.statement_defaults(website)
        defaults.update(
            contact_email="toegankelijkheid@gent.example",
            contact_phone="09 000 00 00",
            alternatives="Alle formulieren zijn ook op papier te krijgen aan het onthaal van het stadhuis (demo).",
            prepared_on=today - datetime.timedelta(days=5),
        )
        services.statement_save(service=website, by=None, publish=True, **defaults)
        _demo_audits(app)
        _demo_sample()
        _demo_outdated_statement(gent)
    return 3
