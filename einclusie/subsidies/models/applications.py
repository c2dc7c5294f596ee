"""Applications (aanvragen) of local governments, as the real 2022 form asked them, and their history."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import ACTION_TYPES, TARGET_GROUPS
from einclusie.subsidies.models.calls import MONEY, Call
from einclusie.subsidies.validators import validate_iban

MAX_ADDITIONAL_ACTIONS = 15
OBJECTIVE_LENGTH = 150
DESCRIPTION_LENGTH = 700


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("in opmaak")
    SUBMITTED = "submitted", _("ingediend")
    IN_REVIEW = "in_review", _("in behandeling")
    CHANGES_REQUESTED = "changes_requested", _("aanpassing gevraagd")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class ApplicationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Applications of this organisation (a partnership's application belongs to the partnership)."""
        return self.filter(organisation=organisation)

    def submitted(self):
        """Applications past the draft stage: what the programme team counts and reviews."""
        return self.exclude(status=ApplicationStatus.DRAFT)


def bank_letter_path(application, filename):
    return f"subsidies/bank-letters/{application.uuid}.pdf"


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications", editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, editable=False
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    contact_first_name = models.CharField(_("voornaam"), max_length=100, blank=True)
    contact_last_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    contact_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    contact_job_title = models.CharField(_("functie"), max_length=150, blank=True)

    iban = models.CharField(_("rekeningnummer (IBAN)"), max_length=34, blank=True, validators=[validate_iban])
    is_gemeentefonds_account = models.BooleanField(
        _("Dit is het rekeningnummer waarop het Gemeentefonds wordt gestort"), default=True
    )
    bank_letter = models.FileField(
        _("brief van de bank-rekening"),
        upload_to=bank_letter_path,
        blank=True,
        help_text=_(
            "Alleen nodig als het niet de rekening van het Gemeentefonds is: een brief, ondertekend door de "
            "burgemeester en medeondertekend door de financieel directeur (PDF, ten hoogste 5 MB)."
        ),
    )
    requested_amount = models.DecimalField(
        _("gevraagd bedrag in euro"), null=True, blank=True, validators=[MinValueValidator(0.01)], **MONEY
    )
    current_action_types = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": ACTION_TYPES},
        verbose_name=_("acties rond e-inclusie die het bestuur nu al organiseert"),
    )
    no_current_actions = models.BooleanField(
        _("Het lokaal bestuur organiseert op dit moment nog geen acties rond e-inclusie"), default=False
    )

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst bewaard op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True, editable=False)
    decision_reference = models.CharField(_("besluit"), max_length=300, blank=True, editable=False)
    approved_amount = models.DecimalField(_("toegekend bedrag"), null=True, blank=True, editable=False, **MONEY)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["call", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organisation"], name="one_application_per_call_and_organisation")
        ]
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")

    def __str__(self):
        return f"{self.call} – {self.organisation}"

    @property
    def reference(self):
        """The number on the receipt and in letters, e.g. IEDEREEN-DIGITAAL-2022-00017."""
        return f"{self.call.slug.upper()}-{self.pk:05d}"

    @property
    def is_editable_by_applicant(self):
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED)


class ApplicationAction(models.Model):
    """One action of the application: the mandatory one or one of at most 15 additional ones."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="actions")
    is_mandatory = models.BooleanField(_("verplichte actie"), default=False, editable=False)
    action_type = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code_list__slug": ACTION_TYPES},
        verbose_name=_("soort actie"),
    )
    objective = models.CharField(
        _("doelstelling"),
        max_length=OBJECTIVE_LENGTH,
        help_text=_("Wat wilt u bereiken? Ten hoogste 150 tekens."),
    )
    description = models.TextField(
        _("beschrijving"),
        validators=[MaxLengthValidator(DESCRIPTION_LENGTH)],
        help_text=_("Wat gaat u doen, met wie en wanneer? Ten hoogste 700 tekens."),
    )
    target_groups = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": TARGET_GROUPS},
        verbose_name=_("doelgroepen"),
    )
    target_group_other = models.CharField(_("andere doelgroep"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-is_mandatory", "created_at", "pk"]
        verbose_name = _("actie")
        verbose_name_plural = _("acties")

    def __str__(self):
        return self.objective


class ApplicationTransition(models.Model):
    """One step of an application through the review: who did what, when, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("handeling"), max_length=30)
    from_status = models.CharField(_("van"), max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("naar"), max_length=20, choices=ApplicationStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("op"), auto_now_add=True)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("stap in de behandeling")
        verbose_name_plural = _("stappen in de behandeling")

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"
