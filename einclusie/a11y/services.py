"""Writes of the accessibility register: sites, scans (request, run, schedule) and statements.

A scan is a row first (`pending`), so the page can show it at once and nothing is lost when no worker runs:
`scan_request` records it and queues the task (django-tasks, database backend); `scan_run` does the work and
writes every page as it is done, so the scan page shows progress; `scans_run_due` (the `einclusie a11y run-due`
command for cron) queues the sites whose turn it is, runs what is still waiting when asked to, and closes scans
a crashed worker left running.
"""

import datetime
import hashlib
import os
import queue
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from einclusie.a11y import criteria as wcag
from einclusie.a11y.browser import BrowserThread, BrowserUnavailable
from einclusie.a11y.models import (
    AssessmentMethod,
    Audit,
    AuditFinding,
    AuditMethod,
    Compliance,
    CriterionResult,
    DigitalService,
    Finding,
    PageOutcome,
    Scan,
    ScanPage,
    ScanStatus,
    ServiceKind,
    Statement,
)
from einclusie.a11y.scanner import scan_site
from einclusie.core.concurrency import EDIT_CONFLICT, lock_unchanged
from einclusie.core.models import record_event

STALE_AFTER = datetime.timedelta(hours=2)  # a scan "running" this long lost its worker


def default_delay():
    """Seconds between two pages of the same site (EINCLUSIE_A11Y_DELAY, default 1)."""
    return float(os.environ.get("EINCLUSIE_A11Y_DELAY", "1"))


# Register -------------------------------------------------------------------------------------------------


def service_register(*, organisation, by, **fields):
    service = DigitalService.objects.create(organisation=organisation, **fields)
    record_event(verb="a11y.service_registered", actor=by, organisation=organisation, subject=service, url=service.url)
    return service


def service_update(*, service, by, form=None, **fields):
    """Change a site's register entry; with the edit form, refused when someone changed it since it was shown."""
    with transaction.atomic():
        if form is not None:
            lock_unchanged(form)  # two people editing the same site: the second save is refused
        for name, value in fields.items():
            setattr(service, name, value)
        service.save(update_fields=list(fields))  # what scans and audits keep up to date meanwhile stays
        record_event(
            verb="a11y.service_changed", actor=by, organisation=service.organisation, subject=service, url=service.url
        )
    return service


# Scans ----------------------------------------------------------------------------------------------------


def scan_request(*, service, by=None, scheduled=False):
    """Record a pending scan of a site and queue it; the open one when the site already has one."""
    with transaction.atomic():
        service = DigitalService.objects.select_for_update().get(pk=service.pk)
        existing = service.scans.open().first()
        if existing is not None:
            return existing
        scan = Scan.objects.create(
            service=service,
            requested_by=by,
            scheduled=scheduled,
            max_pages=service.max_pages,
            max_depth=service.max_depth,
        )
        record_event(verb="a11y.scan_requested", actor=by, organisation=service.organisation, subject=service)
        transaction.on_commit(lambda: _enqueue(scan.pk))
    return scan


def _enqueue(scan_id):
    from einclusie.a11y.tasks import run_scan

    run_scan.enqueue(scan_id)


def fingerprint(check_id, url, selector):
    """The same barrier in two scans: same check, same page (path and query), same element."""
    parts = urlsplit(url)
    key = f"{check_id}|{parts.path}?{parts.query}|{selector}"
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def _store_page(scan, page):
    row = ScanPage.objects.create(
        scan=scan,
        url=page.url[:2000],
        depth=page.depth,
        outcome=page.outcome,
        http_status=page.http_status,
        note=page.note[:300],
        serious=page.serious,
    )
    Finding.objects.bulk_create(
        Finding(
            scan=scan,
            page=row,
            check_id=barrier.check_id,
            source=barrier.source,
            criteria=barrier.criteria,
            en_clauses=barrier.en_clauses,
            impact=barrier.impact,
            selector=barrier.selector,
            message=barrier.message,
            fingerprint=fingerprint(barrier.check_id, page.url, barrier.selector),
        )
        for barrier in page.barriers
    )
    return row


def scan_run(*, scan, delay=None, timeout=15.0, browser_thread=None):
    """Run a pending scan to the end. Never raises for what the site does; a scan that cannot run is `failed`."""
    with transaction.atomic():
        scan = Scan.objects.select_for_update().select_related("service").get(pk=scan.pk)
        if scan.status != ScanStatus.PENDING:
            return scan
        scan.status = ScanStatus.RUNNING
        scan.started_at = timezone.now()
        scan.save(update_fields=["status", "started_at"])
    service = scan.service
    events = queue.Queue()
    own_browser = browser_thread is None
    try:
        browser_thread = browser_thread or BrowserThread().start()
    except BrowserUnavailable as error:
        return _finish(scan, problem=str(error))
    try:
        future = browser_thread.submit(
            lambda browser: scan_site(
                service.url,
                browser=browser,
                max_pages=scan.max_pages,
                max_depth=scan.max_depth,
                delay=default_delay() if delay is None else delay,
                timeout=timeout,
                on_page=lambda page, planned: events.put((page, planned)),
                on_planned=lambda planned: events.put((None, planned)),
            )
        )
        while not (future.done() and events.empty()):
            try:
                page, planned = events.get(timeout=0.2)
            except queue.Empty:
                continue
            if page is not None:
                _store_page(scan, page)
                scan.pages_done += 1
                if page.outcome == PageOutcome.SCANNED:
                    scan.pages_scanned += 1
                    scan.pages_without_serious += page.serious == 0
            scan.pages_planned = max(planned, scan.pages_done)
            scan.save(update_fields=["pages_done", "pages_planned", "pages_scanned", "pages_without_serious"])
        try:
            result = future.result()
        except Exception as error:  # noqa: BLE001 - the scan fails, the worker lives on
            return _finish(scan, problem=f"{error.__class__.__name__}: {error}"[:500])
        return _finish(scan, problem="" if result.could_run else result.problem or _("geen enkele pagina gescand"))
    finally:
        if own_browser:
            browser_thread.close()


def _finish(scan, *, problem):
    scan.status = ScanStatus.FAILED if problem else ScanStatus.DONE
    scan.problem = problem
    scan.finished_at = timezone.now()
    scan.pages_planned = scan.pages_done if scan.status == ScanStatus.DONE else scan.pages_planned
    scan.save()
    record_event(
        verb="a11y.scan_finished",
        organisation=scan.service.organisation,
        subject=scan.service,
        status=scan.status,
        pages=scan.pages_scanned,
        findings=scan.findings.count(),
    )
    return scan


def services_due(*, now=None):
    """Scannable sites on a schedule whose last scan is older than their interval (or that were never scanned)."""
    now = now or timezone.now()
    due = []
    candidates = (
        DigitalService.objects.scannable()
        .filter(scan_every_days__gt=0)
        .annotate(last=Max("scans__created_at"), open=Count("scans", filter=_open_filter()))
    )
    for service in candidates:
        if service.open:
            continue
        if service.last is None or service.last <= now - datetime.timedelta(days=service.scan_every_days):
            due.append(service)
    return due


def _open_filter():
    from django.db.models import Q

    return Q(scans__status__in=[ScanStatus.PENDING, ScanStatus.RUNNING])


def scans_run_due(*, run_pending=False, dry_run=False, delay=None, now=None):
    """What `einclusie a11y run-due` does. Returns lines saying what happened."""
    now = now or timezone.now()
    lines = []
    stale = Scan.objects.filter(status=ScanStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    for scan in stale:
        lines.append(f"interrupted scan {scan.pk} of {scan.service.url} closed")
        if not dry_run:
            _finish(scan, problem=_("onderbroken: de scan liep niet verder"))
    for service in services_due(now=now):
        lines.append(f"scan queued for {service.url}")
        if not dry_run:
            scan_request(service=service, scheduled=True)
    if run_pending:
        pending = list(Scan.objects.filter(status=ScanStatus.PENDING).select_related("service").order_by("created_at"))
        if pending and not dry_run:
            with BrowserThread() as browser_thread:
                for scan in pending:
                    scan = scan_run(scan=scan, delay=delay, browser_thread=browser_thread)
                    lines.append(f"scan {scan.pk} of {scan.service.url}: {scan.status}, {scan.pages_scanned} pages")
        elif pending:
            lines.extend(f"would run scan {scan.pk} of {scan.service.url}" for scan in pending)
    return lines


# Results --------------------------------------------------------------------------------------------------


def scan_comparison(scan):
    """What is new in this scan and what was fixed since the previous finished scan of the same site.

    Fixed means: the barrier was found before, and its page was scanned again without it. A page this scan did
    not reach tells nothing, so its old findings are neither fixed nor still there.
    """
    previous = scan.previous()
    if previous is None:
        return None, [], []
    now = {finding.fingerprint: finding for finding in scan.findings.select_related("page")}
    before = {finding.fingerprint: finding for finding in previous.findings.select_related("page")}
    scanned_paths = {_path(url) for url in scan.pages.filter(outcome=PageOutcome.SCANNED).values_list("url", flat=True)}
    new = [finding for key, finding in now.items() if key not in before]
    fixed = [finding for key, finding in before.items() if key not in now and _path(finding.page.url) in scanned_paths]
    return previous, new, fixed


def _path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def findings_by_criterion(findings):
    """[(criterion number, label, [findings])] in WCAG order; a finding under each criterion it fails."""
    groups = {}
    for finding in findings:
        for number in finding.criteria or ["?"]:
            groups.setdefault(number, []).append(finding)
    return [
        (number, wcag.criterion_label(number), groups[number])
        for number in sorted(groups, key=lambda n: wcag.sort_key(n) if n != "?" else (100,))
    ]


# Audits ---------------------------------------------------------------------------------------------------


def audit_record(*, service, by, **fields):
    """Record a manual audit of a site, form or app; the register's "last audit" follows it."""
    with transaction.atomic():
        audit = Audit.objects.create(service=service, recorded_by=by, **fields)
        _follow_audit_date(service, audit)
        record_event(
            verb="a11y.audit_recorded",
            actor=by,
            organisation=service.organisation,
            subject=service,
            audited_on=str(audit.audited_on),
        )
    return audit


def audit_update(*, audit, by, form=None, **fields):
    """Change an audit; with the edit form, refused when someone changed it since it was shown."""
    with transaction.atomic():
        if form is not None:
            lock_unchanged(form)  # two people editing the same audit: the second save is refused
        for name, value in fields.items():
            setattr(audit, name, value)
        audit.save()
        _follow_audit_date(audit.service, audit)
        record_event(
            verb="a11y.audit_changed",
            actor=by,
            organisation=audit.service.organisation,
            subject=audit.service,
            audited_on=str(audit.audited_on),
        )
    return audit


def _follow_audit_date(service, audit):
    if service.last_audit_on is None or service.last_audit_on < audit.audited_on:
        service.last_audit_on = audit.audited_on
        service.save(update_fields=["last_audit_on"])


def audit_finding_add(*, audit, by, criterion, location, impact, message, selector="", check_id="handmatig"):
    """Add a barrier to an audit; its criterion then does not pass (a barrier and "voldoet" cannot both hold)."""
    software = audit.service.kind == ServiceKind.APP
    clause = wcag.en_clause(criterion, software=software)
    with transaction.atomic():
        finding = AuditFinding.objects.create(
            audit=audit,
            location=location,
            check_id=check_id or "handmatig",
            criteria=[criterion],
            en_clauses=[clause] if clause else [],
            impact=impact,
            selector=selector,
            message=message,
        )
        audit.results = {**audit.results, criterion: CriterionResult.FAIL}
        audit.save(update_fields=["results"])
        record_event(
            verb="a11y.audit_finding_added",
            actor=by,
            organisation=audit.service.organisation,
            subject=audit.service,
            criterion=criterion,
        )
    return finding


def audit_comparison(audit):
    """The criteria that fail now and passed in the audit before, and the other way round."""
    previous = audit.previous()
    if previous is None:
        return None, [], []
    worse, better = [], []
    for criterion in wcag.required_criteria():
        now, before = audit.results.get(criterion.number), previous.results.get(criterion.number)
        if now == CriterionResult.FAIL and before == CriterionResult.PASS:
            worse.append(wcag.criterion_label(criterion.number))
        elif now == CriterionResult.PASS and before == CriterionResult.FAIL:
            better.append(wcag.criterion_label(criterion.number))
    return previous, worse, better


# Statements -----------------------------------------------------------------------------------------------

ENFORCEMENT_NL = (
    "Bent u niet tevreden met ons antwoord op uw melding of vraag over toegankelijkheid? Dan kunt u klacht "
    "indienen bij de Vlaamse Ombudsdienst (https://www.vlaamseombudsdienst.be), die de klachten over de "
    "toegankelijkheid van websites en mobiele apps van Vlaamse en lokale besturen behandelt."
)


def statement_defaults(service):
    """The fields of a new statement, filled in from the register and the latest finished scan.

    An app is not scanned: its statement is filled in from its latest audit instead.
    """
    today = timezone.localdate()
    defaults = {
        "scope": _("Deze verklaring geldt voor %(name)s (%(url)s).") % {"name": service.name, "url": service.url},
        "compliance": Compliance.PARTIAL,
        "method": AssessmentMethod.SELF,
        "enforcement": ENFORCEMENT_NL,
        "prepared_on": today,
        "based_on_scan": None,
        "based_on_audit": None,
        "non_compliant": "",
    }
    if not service.is_scannable:
        audit = service.audits.latest_first().first()
        if audit is not None:
            defaults.update(_defaults_from_audit(audit))
        return defaults
    scan = service.scans.finished().first()
    defaults["based_on_scan"] = scan
    if scan is not None:
        groups = findings_by_criterion(scan.findings.all())
        if not groups:
            defaults["compliance"] = Compliance.FULL
        lines = []
        for _number, label, findings in groups:
            pages = len({finding.page_id for finding in findings})
            lines.append(
                _("- %(criterion)s: %(count)s keer, op %(pages)s pagina('s).")
                % {"criterion": label, "count": len(findings), "pages": pages}
            )
        if lines:
            defaults["non_compliant"] = "\n".join(
                [_("Bij een automatische controle op %(day)s vonden we:") % {"day": scan.created_at.date()}, *lines]
            )
    return defaults


def _defaults_from_audit(audit):
    """Compliance, method and non-compliant content from a manual audit."""
    failed = [c for c in wcag.required_criteria() if audit.results.get(c.number) == CriterionResult.FAIL]
    untested = [
        c
        for c in wcag.required_criteria()
        if audit.results.get(c.number, CriterionResult.NOT_TESTED) == CriterionResult.NOT_TESTED
    ]
    if failed:
        compliance = Compliance.PARTIAL if audit.passed else Compliance.NONE
    else:
        compliance = Compliance.PARTIAL if untested else Compliance.FULL
    findings = list(audit.findings.all())
    lines = []
    for criterion in failed:
        mine = [finding for finding in findings if criterion.number in finding.criteria]
        places = ", ".join(sorted({finding.location for finding in mine}))
        if places:
            lines.append(
                _("- %(criterion)s: %(places)s.")
                % {"criterion": wcag.criterion_label(criterion.number), "places": places}
            )
        else:
            lines.append(_("- %(criterion)s.") % {"criterion": wcag.criterion_label(criterion.number)})
    non_compliant = ""
    if lines:
        non_compliant = "\n".join(
            [
                _("Bij een audit op %(day)s (%(auditor)s) voldeden deze succescriteria niet:")
                % {"day": audit.audited_on, "auditor": audit.auditor},
                *lines,
            ]
        )
    return {
        "compliance": compliance,
        "method": AssessmentMethod.THIRD_PARTY if audit.method == AuditMethod.EXPERT else AssessmentMethod.SELF,
        "based_on_audit": audit,
        "non_compliant": non_compliant,
    }


def _unique_slug(service):
    base = slugify(f"{service.organisation.name} {service.name}")[:100] or "verklaring"
    slug, number = base, 2
    while Statement.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def statement_save(*, service, by, publish=False, form=None, **fields):
    """Create or update the statement of a site; publish it when asked. The public address never changes.

    With the edit form: refused when someone changed the statement since the form was shown, or wrote one while
    this form was opened to write the first.
    """
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(service=service).first()
        if form is not None and form.instance.pk is None and statement is not None:
            raise ValidationError(EDIT_CONFLICT, code="edit_conflict")
        if form is not None:
            lock_unchanged(form)  # two people editing the same statement: the second save is refused
        if statement is None:
            statement = Statement(service=service, slug=_unique_slug(service))
        for name, value in fields.items():
            setattr(statement, name, value)
        if publish and statement.published_at is None:
            statement.published_at = timezone.now()
        statement.save()
        if publish:
            service.statement_date = statement.last_reviewed_on
            service.save(update_fields=["statement_date"])
        record_event(
            verb="a11y.statement_published" if publish else "a11y.statement_saved",
            actor=by,
            organisation=service.organisation,
            subject=service,
            slug=statement.slug,
        )
    return statement
