"""Calls for subsidies (oproepen): budget, steps with deadlines, action types and payment schedule."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import ACTION_TYPES

MONEY = {"max_digits": 14, "decimal_places": 2}

LETTER_HELP = _(
    "U kunt deze velden gebruiken: {bestuur}, {oproep}, {referentie}, {bedrag}, {besluit}, {datum}, {toelichting}."
)
DEFAULT_APPROVAL_LETTER = (
    "Geachte,\n\n"
    "Met genoegen laten wij u weten dat de aanvraag {referentie} van {bestuur} voor de oproep {oproep} is "
    "goedgekeurd. Het toegekende bedrag is {bedrag} euro.\n\n"
    "Deze beslissing steunt op {besluit}. De betaling volgt het betalingsschema van de oproep.\n\n"
    "Met vriendelijke groeten,\nHet programmateam"
)
DEFAULT_REJECTION_LETTER = (
    "Geachte,\n\n"
    "Wij moeten u helaas laten weten dat de aanvraag {referentie} van {bestuur} voor de oproep {oproep} "
    "niet is goedgekeurd.\n\nReden: {toelichting}\n\nDeze beslissing steunt op {besluit}.\n\n"
    "Met vriendelijke groeten,\nHet programmateam"
)


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
    approval_letter = models.TextField(
        _("tekst van de goedkeuringsbrief"),
        default=DEFAULT_APPROVAL_LETTER,
        help_text=LETTER_HELP,
    )
    rejection_letter = models.TextField(
        _("tekst van de afwijzingsbrief"),
        default=DEFAULT_REJECTION_LETTER,
        help_text=LETTER_HELP,
    )
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
        from einclusie.subsidies.models.keys import KeyStatus

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
