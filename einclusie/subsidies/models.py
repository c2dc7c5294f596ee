"""Calls for subsidies (oproepen) and the distribution keys that set each municipality's drawing right."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import ACTION_TYPES

MONEY = {"max_digits": 14, "decimal_places": 2}


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("in voorbereiding")
    PUBLISHED = "published", _("gepubliceerd")
    CLOSED = "closed", _("afgesloten")


class BeneficiaryKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("gemeenten")
    VGC = "vgc", _("Vlaamse Gemeenschapscommissie")
    OCMW = "ocmw", _("OCMW's")
    PARTNERSHIP = "partnership", _("samenwerkingsverbanden")


class StepKind(models.TextChoices):
    APPLICATION = "application", _("aanvraag")
    JUSTIFICATION = "justification", _("verantwoording")


class PaymentTrigger(models.TextChoices):
    APPROVAL = "approval", _("na goedkeuring van de aanvraag")
    JUSTIFICATION_ACCEPTED = "justification_accepted", _("na aanvaarding van de verantwoording")


class CallQuerySet(models.QuerySet):
    def published(self):
        """Calls the programme team has made public."""
        return self.exclude(status=CallStatus.DRAFT)


class Call(models.Model):
    """A call for applications (oproep), such as Iedereen Digitaal 2022."""

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam in de webadressen"), max_length=80, unique=True)
    scheme = models.CharField(
        _("subsidiemaatregel"), max_length=200, help_text=_("Bijvoorbeeld: Uitrol lokaal e-inclusiebeleid.")
    )
    description = models.TextField(_("beschrijving"), blank=True)
    eligibility = models.TextField(_("wie kan aanvragen"), blank=True)
    exclusions = models.TextField(
        _("uitsluitingen"), blank=True, help_text=_("Bijvoorbeeld: geen Digibank, geen loutere aankoop van ICT.")
    )
    legal_basis = models.CharField(
        _("besluit"), max_length=300, blank=True, help_text=_("Het ministerieel besluit waarop de oproep steunt.")
    )
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("oproep")
        verbose_name_plural = _("oproepen")

    def __str__(self):
        return self.title

    @property
    def envelope_total(self):
        return self.envelope_parts.aggregate(total=Sum("amount"))["total"] or 0

    def step(self, kind):
        return next((step for step in self.steps.all() if step.kind == kind), None)

    def published_key(self):
        """The distribution key whose drawing rights apply now: the last one published."""
        return self.keys.filter(status=KeyStatus.PUBLISHED).order_by("-version").first()


class EnvelopePart(models.Model):
    """The share of the budget for one kind of beneficiary ("23.125.000 euro voor de gemeenten")."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="envelope_parts")
    beneficiary_kind = models.CharField(_("voor"), max_length=20, choices=BeneficiaryKind.choices)
    amount = models.DecimalField(_("bedrag in euro"), validators=[MinValueValidator(0)], **MONEY)
    is_maximum = models.BooleanField(
        _("ten hoogste"), default=False, help_text=_("Aanvinken als dit een bovengrens is.")
    )

    class Meta:
        ordering = ["call", "beneficiary_kind"]
        constraints = [
            models.UniqueConstraint(fields=["call", "beneficiary_kind"], name="one_envelope_part_per_beneficiary_kind")
        ]
        verbose_name = _("deel van het budget")
        verbose_name_plural = _("delen van het budget")

    def __str__(self):
        return f"{self.call}: {self.get_beneficiary_kind_display()} {self.amount}"


class CallStep(models.Model):
    """A step of the call with its time window: the application or the justification."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("stap"), max_length=20, choices=StepKind.choices)
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("uiterste datum"), help_text=_("De laatste dag waarop indienen kan."))

    class Meta:
        ordering = ["call", "opens_on"]
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="one_step_of_each_kind_per_call")]
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")

    def __str__(self):
        return f"{self.call}: {self.get_kind_display()}"

    def deadline_for(self, organisation):
        """The last day this organisation may submit: its own extension, else the call's date."""
        override = self.overrides.filter(organisation=organisation).first()
        return override.closes_on if override else self.closes_on

    def is_open_for(self, organisation, on=None):
        on = on or datetime.date.today()
        return self.opens_on <= on <= self.deadline_for(organisation)


class DeadlineOverride(models.Model):
    """An extension (or an earlier date) for one organisation, such as "verantwoording tot 30 september 2025"."""

    step = models.ForeignKey(CallStep, on_delete=models.CASCADE, related_name="overrides")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="deadline_overrides"
    )
    closes_on = models.DateField(_("nieuwe uiterste datum"))
    reason = models.CharField(_("reden"), max_length=300)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(_("toegekend op"), auto_now=True)

    class Meta:
        ordering = ["step", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["step", "organisation"], name="one_deadline_override_per_step")]
        verbose_name = _("aangepaste uiterste datum")
        verbose_name_plural = _("aangepaste uiterste datums")

    def __str__(self):
        return f"{self.step}: {self.organisation} {self.closes_on}"


class CallActionType(models.Model):
    """An action type the call funds, and whether every applicant must have one."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="action_types")
    action_type = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code_list__slug": ACTION_TYPES},
        verbose_name=_("soort actie"),
    )
    is_mandatory = models.BooleanField(_("verplicht"), default=False)

    class Meta:
        ordering = ["call", "action_type__position"]
        constraints = [models.UniqueConstraint(fields=["call", "action_type"], name="one_entry_per_action_type")]
        verbose_name = _("soort actie van de oproep")
        verbose_name_plural = _("soorten acties van de oproep")

    def __str__(self):
        return f"{self.call}: {self.action_type}"


class PaymentRule(models.Model):
    """One tranche of the payment schedule: "80 % na goedkeuring", "het saldo na de verantwoording"."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="payment_rules")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    trigger = models.CharField(_("wanneer"), max_length=30, choices=PaymentTrigger.choices)

    class Meta:
        ordering = ["call", "position"]
        constraints = [models.UniqueConstraint(fields=["call", "position"], name="one_payment_rule_per_position")]
        verbose_name = _("schijf")
        verbose_name_plural = _("betalingsschema")

    def __str__(self):
        return f"{self.call}: {self.percentage} % {self.get_trigger_display()}"


class KeyStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    COMPUTED = "computed", _("berekend")
    PUBLISHED = "published", _("gepubliceerd")


class KeyMethod(models.TextChoices):
    FORMULA = "formula", _("formule over de statistieken")
    FIXED = "fixed", _("vaste bedragen (ingelezen)")


class Rounding(models.TextChoices):
    EURO = "1", _("op hele euro")
    CENT = "0.01", _("op cent")


class DistributionKey(models.Model):
    """One version of the distribution key of a call. A published version is never changed: make a new one."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="keys")
    version = models.PositiveSmallIntegerField(_("versie"), editable=False)
    name = models.CharField(_("naam"), max_length=200)
    method = models.CharField(_("werkwijze"), max_length=20, choices=KeyMethod.choices, default=KeyMethod.FORMULA)
    beneficiary_kind = models.CharField(
        _("voor"), max_length=20, choices=BeneficiaryKind.choices, default=BeneficiaryKind.MUNICIPALITY
    )
    envelope = models.DecimalField(_("te verdelen budget in euro"), validators=[MinValueValidator(0)], **MONEY)
    rounding = models.CharField(_("afronding"), max_length=5, choices=Rounding.choices, default=Rounding.EURO)
    floor = models.DecimalField(_("minimum per gemeente"), null=True, blank=True, **MONEY)
    cap = models.DecimalField(_("maximum per gemeente"), null=True, blank=True, **MONEY)
    reference_date = models.DateField(
        _("peildatum"), help_text=_("De gemeenten die op deze dag bestaan, krijgen een trekkingsrecht.")
    )
    statistics_year = models.PositiveSmallIntegerField(
        _("jaar van de statistieken"), help_text=_("De statistieken van dit jaar tellen, bijvoorbeeld 2021.")
    )
    excluded = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("uitgesloten gemeenten"),
        help_text=_("Gemeenten die geen trekkingsrecht krijgen, bijvoorbeeld omdat ze niet in aanmerking komen."),
    )
    note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=KeyStatus.choices, default=KeyStatus.DRAFT)
    computed_at = models.DateTimeField(_("berekend op"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["call", "version"]
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="one_key_per_call_and_version")]
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")

    def __str__(self):
        return f"{self.call} – v{self.version} {self.name}"

    @property
    def is_editable(self):
        return self.status != KeyStatus.PUBLISHED

    @property
    def unit(self):
        from decimal import Decimal

        return Decimal(self.rounding)


class KeyComponent(models.Model):
    """One term of the formula: a municipal statistic with its weight."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="components")
    indicator = models.ForeignKey(
        "territory.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("statistiek")
    )
    weight = models.DecimalField(_("gewicht"), max_digits=7, decimal_places=4, validators=[MinValueValidator(0.0001)])

    class Meta:
        ordering = ["key", "pk"]
        constraints = [models.UniqueConstraint(fields=["key", "indicator"], name="one_component_per_indicator")]
        verbose_name = _("onderdeel van de sleutel")
        verbose_name_plural = _("onderdelen van de sleutel")

    def __str__(self):
        return f"{self.indicator} × {self.weight}"


class DrawingRightQuerySet(models.QuerySet):
    def published(self):
        """Drawing rights of published keys only: what local governments may rely on."""
        return self.filter(key__status=KeyStatus.PUBLISHED)


class DrawingRight(models.Model):
    """The maximum amount (trekkingsrecht) of one municipality under one version of the key."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="drawing_rights")
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT, related_name="drawing_rights")
    amount = models.DecimalField(_("trekkingsrecht in euro"), **MONEY)
    explanation = models.JSONField(_("uitleg"), default=dict, blank=True)

    objects = DrawingRightQuerySet.as_manager()

    class Meta:
        ordering = ["key", "municipality__name_nl"]
        constraints = [
            models.UniqueConstraint(fields=["key", "municipality"], name="one_drawing_right_per_key_and_municipality")
        ]
        verbose_name = _("trekkingsrecht")
        verbose_name_plural = _("trekkingsrechten")

    def __str__(self):
        return f"{self.municipality}: {self.amount}"
