"""The register, scans, results and statements in the workspace: coordinator alice, read-only bob, outsider charlie."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.a11y import monitoring, services
from einclusie.a11y.models import DigitalService, Scan, ScanStatus, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(gent, clean_site):
    return DigitalService.objects.create(organisation=gent, name="Site Voorbeeld", url=clean_site + "/")


@pytest.fixture
def barrier_service(gent, barrier_site):
    return DigitalService.objects.create(organisation=gent, name="Site Drempel", url=barrier_site + "/")


def run(scan, browser_thread):
    return services.scan_run(scan=scan, delay=0, timeout=1.5, browser_thread=browser_thread)


def test_a_coordinator_registers_a_site_and_sees_it_in_the_register(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("a11y:service_create"),
        {
            "kind": "website",
            "name": "Website Stad Gent",
            "url": "https://stad.gent/",
            "legal_status": "in_scope",
            "anysurfer_label_on_day": "1",
            "anysurfer_label_on_month": "3",
            "anysurfer_label_on_year": "2025",
            "scan_every_days": "30",
            "max_pages": "50",
            "max_depth": "3",
        },
    )
    service = DigitalService.objects.get()
    assert response["Location"] == reverse("a11y:service", args=[service.pk])
    assert service.anysurfer_expires_on == datetime.date(2027, 3, 1)
    page = client.get(reverse("a11y:home")).content.decode()
    assert "Website Stad Gent" in page
    assert "geldig tot 1 maart 2027" in page


def test_a_read_only_colleague_sees_the_register_but_cannot_change_it(client, bob, site):
    client.force_login(bob)
    assert client.get(reverse("a11y:home")).status_code == 200
    assert client.get(reverse("a11y:service", args=[site.pk])).status_code == 200
    assert client.get(reverse("a11y:service_create")).status_code == 404
    assert client.post(reverse("a11y:scan_request", args=[site.pk])).status_code == 404
    assert client.get(reverse("a11y:statement", args=[site.pk])).status_code == 404


def test_an_official_of_another_municipality_gets_404(client, charlie, site):
    client.force_login(charlie)
    assert client.get(reverse("a11y:service", args=[site.pk])).status_code == 404
    assert client.post(reverse("a11y:scan_request", args=[site.pk])).status_code == 404
    assert not Scan.objects.exists()


def test_scan_now_records_a_pending_scan_and_queues_it_once(client, alice, site, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("a11y:scan_request", args=[site.pk]))
    scan = Scan.objects.get()
    assert response["Location"] == reverse("a11y:scan", args=[scan.pk])
    assert scan.status == ScanStatus.PENDING
    assert DBTaskResult.objects.count() == 1
    client.post(reverse("a11y:scan_request", args=[site.pk]))
    assert Scan.objects.count() == 1  # one open scan per site
    page = client.get(reverse("a11y:scan", args=[scan.pk])).content.decode()
    assert "0 van 0 pagina" in page
    assert "Deze pagina vernieuwen" in page


def test_a_scan_stores_every_page_and_the_indicator(site, browser_thread):
    scan = run(services.scan_request(service=site), browser_thread)
    assert scan.status == ScanStatus.DONE
    assert (scan.pages_done, scan.pages_planned, scan.pages_scanned) == (5, 5, 5)
    assert scan.by_design_share == 1
    assert not scan.findings.exists()


def test_results_show_findings_per_criterion_and_what_is_new_and_fixed(client, alice, barrier_service, browser_thread):
    first = run(services.scan_request(service=barrier_service), browser_thread)
    assert first.status == ScanStatus.DONE
    alt = first.findings.get(check_id="image-alt")
    # Pretend the second scan no longer finds the alt text, and finds a new vague link.
    second = run(services.scan_request(service=barrier_service), browser_thread)
    second.findings.filter(check_id="image-alt").delete()
    second.findings.filter(check_id="link-text").update(fingerprint="new")
    previous, new, fixed = services.scan_comparison(second)
    assert previous == first
    assert [f.check_id for f in fixed if f.check_id == "image-alt"] == ["image-alt"]
    assert {f.check_id for f in new} == {"link-text"}
    client.force_login(alice)
    page = client.get(reverse("a11y:scan", args=[second.pk])).content.decode()
    assert "1.4.10 Reflow (AA)" in page
    assert re.search(r'<a href="#(sc-\d+)">1.4.10 Reflow \(AA\)</a>', page)  # the overview leads to each criterion
    anchor = re.search(r'<a href="#(sc-\d+)">1.4.10 Reflow', page).group(1)
    assert f'<h3 id="{anchor}">1.4.10 Reflow (AA)</h3>' in page
    assert "Toegankelijkheidsverklaring (richtlijn 2016/2102, artikel 7)" in page
    assert "robots.txt verbiedt deze pagina" in page
    assert "opgelost" in page
    assert alt.selector == "img"
    report = client.get(reverse("a11y:scan_pdf", args=[second.pk]))
    assert report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    rows = monitoring.by_design(organisation=barrier_service.organisation)
    assert rows[0]["pages"] == second.pages_scanned
    assert 0 < rows[0]["share"] < 1


def test_a_scan_of_an_unreachable_site_fails_with_the_reason(gent, browser_thread):
    service = DigitalService.objects.create(organisation=gent, name="Weg", url="http://127.0.0.1:9/")
    scan = run(services.scan_request(service=service), browser_thread)
    assert scan.status == ScanStatus.FAILED
    assert scan.problem == "niet bereikbaar"
    assert scan.pages.get().note == "niet bereikbaar"


def test_run_due_queues_sites_whose_turn_it_is_and_closes_interrupted_scans(gent, site):
    DigitalService.objects.create(organisation=gent, name="App", url="https://app.example/", kind="app")
    lines = services.scans_run_due()
    assert lines == [f"scan queued for {site.url}"]
    scan = Scan.objects.get()
    assert scan.scheduled
    assert services.scans_run_due() == []  # its scan is waiting
    Scan.objects.filter(pk=scan.pk).update(status="running", started_at=timezone.now() - datetime.timedelta(hours=3))
    lines = services.scans_run_due()
    assert lines[0].startswith(f"interrupted scan {scan.pk}")
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED


def test_the_statement_is_prefilled_from_the_latest_scan_and_published(client, alice, barrier_service, browser_thread):
    run(services.scan_request(service=barrier_service), browser_thread)
    client.force_login(alice)
    form = client.get(reverse("a11y:statement", args=[barrier_service.pk])).content.decode()
    assert "1.1.1 Niet-tekstuele content (A)" in form
    response = client.post(
        reverse("a11y:statement", args=[barrier_service.pk]),
        {
            "scope": "De website van de gemeente Drempel.",
            "compliance": "partial",
            "method": "self",
            "non_compliant": "Afbeeldingen zonder alt-tekst.",
            "contact_email": "toegankelijkheid@drempel.example",
            "enforcement": services.ENFORCEMENT_NL,
            "prepared_on_day": "2",
            "prepared_on_month": "1",
            "prepared_on_year": str(timezone.localdate().year),
            "publiceren": "1",
        },
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.is_published
    client.logout()
    public = client.get(reverse("a11y:statement_public", args=[statement.slug])).content.decode()
    assert "gedeeltelijk conform" in public
    assert "Vlaamse Ombudsdienst" in public
    assert "ouder dan een jaar" not in public


def test_a_statement_older_than_a_year_is_flagged(client, site):
    statement = services.statement_save(
        service=site,
        by=None,
        publish=True,
        scope="x",
        compliance="full",
        contact_email="a@example.org",
        enforcement="Vlaamse Ombudsdienst",
        prepared_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    assert statement.is_outdated()
    page = client.get(reverse("a11y:statement_public", args=[statement.slug])).content.decode()
    assert "ouder dan een jaar" in page


def test_a_draft_statement_is_not_public(client, site):
    statement = services.statement_save(
        service=site,
        by=None,
        scope="x",
        compliance="full",
        contact_email="a@example.org",
        enforcement="y",
        prepared_on=timezone.localdate(),
    )
    assert client.get(reverse("a11y:statement_public", args=[statement.slug])).status_code == 404
