"""A fictitious accessibility register for the demo: Stad Gent's website with two finished scans (stored from
findings like those of the test sites, no network), an e-loket form, an app, and a published statement.

Safe to run twice: an organisation that has registered sites is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from einclusie.a11y import services
from einclusie.a11y.models import DigitalService, Scan, ScanStatus
from einclusie.a11y.pagechecks import Barrier, barrier
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


def demo_a11y(organisations):
    """Register Stad Gent's sites with their scans and statement; returns the number of sites created."""
    gent = organisations["gent"]
    if DigitalService.objects.filter(organisation=gent).exists():
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
        DigitalService.objects.create(
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
    return 3
