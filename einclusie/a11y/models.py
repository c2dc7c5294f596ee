"""The register of a local government's digital services, the scans of the monitor and the statements."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.a11y.criteria import SERIOUS_IMPACTS

ANYSURFER_VALID_YEARS = 2
STATEMENT_VALID_DAYS = 365


class ServiceKind(models.TextChoices):
    WEBSITE = "website", _("website")
    FORM = "form", _("e-loketformulier")
    APP = "app", _("mobiele app")


class LegalStatus(models.TextChoices):
    # Bestuursdecreet of 7 December 2018 (title II, chapter 4) transposing directive 2016/2102: WCAG 2.1 AA via
    # EN 301 549.
    IN_SCOPE = "in_scope", _("valt onder het Bestuursdecreet: WCAG 2.1 AA (EN 301 549)")
    ARCHIVE = "archive", _("uitgezonderd: archief (geen inhoud meer bijgewerkt)")
    THIRD_PARTY = "third_party", _("uitgezonderd: inhoud van derden die het bestuur niet financiert of beheert")
    EXTRANET = "extranet", _("uitgezonderd: intranet of extranet van vóór 23 september 2019")
    UNKNOWN = "unknown", _("nog niet bepaald")


class DigitalServiceQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def scannable(self):
        """Websites and e-loket forms: the monitor crawls web pages, not mobile apps."""
        return self.exclude(kind=ServiceKind.APP)


class DigitalService(models.Model):
    """A website, e-loket form or app of a local government, as it appears in the register."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="digital_services", editable=False
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ServiceKind.choices, default=ServiceKind.WEBSITE)
    name = models.CharField(_("naam"), max_length=200)
    url = models.URLField(_("adres (URL)"), max_length=500)
    legal_status = models.CharField(
        _("wettelijk kader"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.IN_SCOPE
    )
    statement_url = models.URLField(_("adres van de toegankelijkheidsverklaring"), max_length=500, blank=True)
    statement_date = models.DateField(_("datum van de verklaring"), null=True, blank=True)
    last_audit_on = models.DateField(_("laatste audit door een expert"), null=True, blank=True)
    anysurfer_label_on = models.DateField(_("AnySurfer-label behaald op"), null=True, blank=True)
    scan_every_days = models.PositiveSmallIntegerField(
        _("automatisch scannen om de zoveel dagen"), default=30, help_text=_("0: niet automatisch scannen.")
    )
    max_pages = models.PositiveSmallIntegerField(_("hoogstens zoveel pagina's per scan"), default=50)
    max_depth = models.PositiveSmallIntegerField(_("hoogstens zoveel klikken diep"), default=3)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = DigitalServiceQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name", "pk"]
        verbose_name = _("digitale dienst")
        verbose_name_plural = _("digitale diensten")

    def __str__(self):
        return self.name

    @property
    def anysurfer_expires_on(self):
        """An AnySurfer label is valid for two years."""
        if self.anysurfer_label_on is None:
            return None
        day = self.anysurfer_label_on
        try:
            return day.replace(year=day.year + ANYSURFER_VALID_YEARS)
        except ValueError:  # 29 February
            return day.replace(year=day.year + ANYSURFER_VALID_YEARS, day=28)

    def anysurfer_valid(self, on=None):
        expires = self.anysurfer_expires_on
        return expires is not None and expires >= (on or timezone.localdate())

    @property
    def is_scannable(self):
        return self.kind != ServiceKind.APP


class ScanStatus(models.TextChoices):
    PENDING = "pending", _("wacht op zijn beurt")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("kon niet lopen")


class ScanQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(service__organisation=organisation)

    def finished(self):
        """Scans that ran to the end: the ones results, trends and comparisons are made of."""
        return self.filter(status=ScanStatus.DONE)

    def open(self):
        """Scans waiting or running: a site has at most one at a time."""
        return self.filter(status__in=[ScanStatus.PENDING, ScanStatus.RUNNING])


class Scan(models.Model):
    """One run of the monitor over a registered site: which pages it saw, what it found."""

    service = models.ForeignKey(DigitalService, on_delete=models.CASCADE, related_name="scans")
    status = models.CharField(_("status"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scheduled = models.BooleanField(_("volgens planning"), default=False)
    max_pages = models.PositiveSmallIntegerField(_("hoogstens zoveel pagina's"), default=50)
    max_depth = models.PositiveSmallIntegerField(_("hoogstens zoveel klikken diep"), default=3)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    pages_planned = models.PositiveIntegerField(_("pagina's gepland"), default=0)
    pages_done = models.PositiveIntegerField(_("pagina's gedaan"), default=0)
    pages_scanned = models.PositiveIntegerField(_("pagina's gescand"), default=0)
    pages_without_serious = models.PositiveIntegerField(_("pagina's zonder ernstige fouten"), default=0)
    problem = models.TextField(_("wat er misliep"), blank=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self):
        return f"{self.service} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def by_design_share(self):
        """Share of the scanned pages without serious or critical violations (0–1), None before any page."""
        if not self.pages_scanned:
            return None
        return self.pages_without_serious / self.pages_scanned

    @property
    def by_design_percent(self):
        share = self.by_design_share
        return None if share is None else round(share * 100)

    @property
    def is_open(self):
        return self.status in (ScanStatus.PENDING, ScanStatus.RUNNING)

    def previous(self):
        """The finished scan of the same site just before this one."""
        return (
            Scan.objects.finished()
            .filter(service_id=self.service_id, created_at__lt=self.created_at)
            .order_by("-created_at", "-pk")
            .first()
        )


class PageOutcome(models.TextChoices):
    SCANNED = "scanned", _("gescand")
    SKIPPED = "skipped", _("overgeslagen")
    ERROR = "error", _("niet gelukt")


class ScanPage(models.Model):
    """A page the monitor met, with what happened: scanned, skipped (and why) or failed (and how)."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="pages")
    url = models.URLField(_("adres"), max_length=2000)
    depth = models.PositiveSmallIntegerField(_("diepte"), default=0)
    outcome = models.CharField(_("resultaat"), max_length=20, choices=PageOutcome.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    serious = models.PositiveIntegerField(_("ernstige of kritieke fouten"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("gescande pagina")
        verbose_name_plural = _("gescande pagina's")

    def __str__(self):
        return self.url


class Finding(models.Model):
    """One barrier on one page: an axe-core rule or a check of the monitor, at one element."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="findings")
    page = models.ForeignKey(ScanPage, on_delete=models.CASCADE, related_name="findings")
    check_id = models.CharField(_("controle"), max_length=80)
    source = models.CharField(_("bron"), max_length=10, default="axe")  # "axe" or "monitor"
    criteria = models.JSONField(_("succescriteria"), default=list)
    en_clauses = models.JSONField(_("EN 301 549"), default=list)
    impact = models.CharField(_("impact"), max_length=20, blank=True)
    selector = models.TextField(_("element (CSS-selector)"), blank=True)
    message = models.TextField(_("melding"), blank=True)
    fingerprint = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")

    def __str__(self):
        return f"{self.check_id} {self.selector}"

    @property
    def is_serious(self):
        return self.impact in SERIOUS_IMPACTS


class Compliance(models.TextChoices):
    FULL = "full", _("volledig conform")
    PARTIAL = "partial", _("gedeeltelijk conform")
    NONE = "none", _("niet conform")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("zelfbeoordeling door het bestuur")
    THIRD_PARTY = "third_party", _("beoordeling door een derde partij")


class StatementQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(service__organisation=organisation)

    def published(self):
        return self.filter(published_at__isnull=False)

    def in_municipality_named(self, text):
        """Statements of local governments whose municipality (Dutch or French name) or own name contains the text."""
        return self.filter(
            models.Q(service__organisation__municipality__name_nl__icontains=text)
            | models.Q(service__organisation__municipality__name_fr__icontains=text)
            | models.Q(service__organisation__name__icontains=text)
        )


class Statement(models.Model):
    """The accessibility statement of one site, with the fields of the EU model (decision 2018/1523)."""

    service = models.OneToOneField(DigitalService, on_delete=models.CASCADE, related_name="statement")
    slug = models.SlugField(_("adres op dit platform"), max_length=120, unique=True, editable=False)
    scope = models.TextField(_("waarop de verklaring van toepassing is"))
    compliance = models.CharField(_("nalevingsstatus"), max_length=20, choices=Compliance.choices)
    method = models.CharField(
        _("hoe de verklaring is opgesteld"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    non_compliant = models.TextField(_("niet-toegankelijke inhoud: niet-naleving"), blank=True)
    disproportionate_burden = models.TextField(_("onevenredige last"), blank=True)
    out_of_scope = models.TextField(_("inhoud die buiten het toepassingsgebied valt"), blank=True)
    alternatives = models.TextField(_("toegankelijke alternatieven"), blank=True)
    contact_email = models.EmailField(_("e-mailadres voor feedback"))
    contact_phone = models.CharField(_("telefoonnummer voor feedback"), max_length=40, blank=True)
    enforcement = models.TextField(_("handhavingsprocedure"))
    prepared_on = models.DateField(_("opgesteld op"))
    reviewed_on = models.DateField(_("laatst herzien op"), null=True, blank=True)
    based_on_scan = models.ForeignKey(Scan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    based_on_audit = models.ForeignKey(
        "Audit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegankelijkheidsverklaring")
        verbose_name_plural = _("toegankelijkheidsverklaringen")

    def __str__(self):
        return str(self.service)

    @property
    def last_reviewed_on(self):
        return self.reviewed_on or self.prepared_on

    def is_outdated(self, on=None):
        """A statement is reviewed at least once a year (directive 2016/2102, art. 7.1)."""
        today = on or timezone.localdate()
        return self.last_reviewed_on < today - datetime.timedelta(days=STATEMENT_VALID_DAYS)

    @property
    def is_published(self):
        return self.published_at is not None


# Manual audits --------------------------------------------------------------------------------------------
# The monitor crawls web pages; a mobile app cannot be crawled. The EU monitoring method (implementing decision
# 2018/1524) checks apps with an in-depth manual review, so an app gets audit records: who tested, when, how,
# the result per success criterion (EN 301 549 clause 11 for apps, clause 9 for the web) and the findings.
# Websites and e-loketten may have audits too (an expert audit next to the monitor).


class AuditMethod(models.TextChoices):
    IN_DEPTH = "in_depth", _("grondige toetsing volgens de Europese monitoringsmethode (uitvoeringsbesluit 2018/1524)")
    EXPERT = "expert", _("audit door een expert of keuringsinstantie (bv. AnySurfer)")
    SELF = "self", _("eigen controle door het bestuur (zelfbeoordeling)")


class CriterionResult(models.TextChoices):
    PASS = "pass", _("voldoet")
    FAIL = "fail", _("voldoet niet")
    NOT_APPLICABLE = "na", _("niet van toepassing")
    NOT_TESTED = "untested", _("niet getest")


def audit_report_path(audit, filename):
    return f"a11y/audit-reports/{uuid.uuid4()}.pdf"


class AuditQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(service__organisation=organisation)

    def latest_first(self):
        """The most recent audit first: the one status and statement are made of."""
        return self.order_by("-audited_on", "-pk")


class Audit(models.Model):
    """A manual review of a site, form or app: date, method, auditor, result per success criterion, report."""

    service = models.ForeignKey(DigitalService, on_delete=models.CASCADE, related_name="audits", editable=False)
    audited_on = models.DateField(_("getest op"))
    method = models.CharField(_("methode"), max_length=20, choices=AuditMethod.choices, default=AuditMethod.IN_DEPTH)
    auditor = models.CharField(_("getest door"), max_length=200)
    devices = models.CharField(_("toestellen en hulpmiddelen"), max_length=300, blank=True)
    summary = models.TextField(_("samenvatting"), blank=True)
    results = models.JSONField(_("resultaat per succescriterium"), default=dict)  # {"1.1.1": "pass", …}
    report = models.FileField(_("rapport (PDF)"), upload_to=audit_report_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-audited_on", "-pk"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")

    def __str__(self):
        return f"{self.service} {self.audited_on}"

    def count(self, result):
        return sum(1 for value in self.results.values() if value == result)

    @property
    def passed(self):
        return self.count(CriterionResult.PASS)

    @property
    def failed(self):
        return self.count(CriterionResult.FAIL)

    @property
    def tested(self):
        """Criteria with a verdict: passed or failed (not applicable and not tested do not count)."""
        return self.passed + self.failed

    @property
    def pass_percent(self):
        """Share of the tested criteria that pass, as a whole percentage; None before any verdict."""
        return round(100 * self.passed / self.tested) if self.tested else None

    def previous(self):
        """The audit of the same service just before this one."""
        return (
            Audit.objects.filter(service_id=self.service_id)
            .filter(models.Q(audited_on__lt=self.audited_on) | models.Q(audited_on=self.audited_on, pk__lt=self.pk))
            .latest_first()
            .first()
        )


class AuditFinding(models.Model):
    """One barrier an auditor found: the same fields as a finding of the monitor, the screen instead of a URL."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    location = models.CharField(
        _("scherm of pagina"), max_length=300, help_text=_("Waar in de app of op de site, bv. 'Ophaaldagen'.")
    )
    check_id = models.CharField(_("test"), max_length=80, default="handmatig")
    criteria = models.JSONField(_("succescriteria"), default=list)
    en_clauses = models.JSONField(_("EN 301 549"), default=list)
    impact = models.CharField(_("impact"), max_length=20)
    selector = models.CharField(_("element"), max_length=300, blank=True)
    message = models.TextField(_("wat er mis is"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bevinding van een audit")
        verbose_name_plural = _("bevindingen van audits")

    def __str__(self):
        return f"{self.check_id} {self.location}"

    @property
    def is_serious(self):
        return self.impact in SERIOUS_IMPACTS


# The regional sample, as drawn -----------------------------------------------------------------------------


class SampleQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-drawn_at", "-pk")


class Sample(models.Model):
    """A drawn regional sample, kept as it was drawn, so a yearly report refers to a fixed set of sites."""

    year = models.PositiveSmallIntegerField(_("monitoringsjaar"))
    seed = models.PositiveIntegerField(_("startgetal (seed)"))
    size = models.PositiveIntegerField(_("gevraagde grootte"))
    cluster_by = models.CharField(_("gegroepeerd per"), max_length=20)
    frame_size = models.PositiveIntegerField(_("sites in de populatie"))
    clusters = models.JSONField(_("sites per groep in de populatie"), default=dict)  # {"Oost-Vlaanderen": 8, …}
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    drawn_at = models.DateTimeField(_("getrokken op"), auto_now_add=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")

    def __str__(self):
        return f"{self.year} ({self.seed})"


class SampleSite(models.Model):
    """A site in a drawn sample, with its name, address and owner as they were at the draw."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="sites")
    service = models.ForeignKey(DigitalService, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cluster = models.CharField(_("groep"), max_length=200)
    organisation_name = models.CharField(_("bestuur"), max_length=200)
    name = models.CharField(_("naam"), max_length=200)
    url = models.URLField(_("adres (URL)"), max_length=500)

    class Meta:
        ordering = ["cluster", "pk"]
        verbose_name = _("site in een steekproef")
        verbose_name_plural = _("sites in een steekproef")

    def __str__(self):
        return self.name
