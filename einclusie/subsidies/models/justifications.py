"""The justification (verantwoording) of an approved application: functional per action, and financial."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import MEASURES, PARTNERS, TARGET_GROUPS
from einclusie.subsidies.models.applications import Application, ApplicationAction
from einclusie.subsidies.models.calls import MONEY

DESCRIPTION_MIN, DESCRIPTION_MAX = 500, 1000


class JustificationStatus(models.TextChoices):
    DRAFT = "draft", _("in opmaak")
    SUBMITTED = "submitted", _("ingediend")
    RETURNED = "returned", _("teruggestuurd")
    ACCEPTED = "accepted", _("aanvaard")


class Justification(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="justification")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=JustificationStatus.choices,
        default=JustificationStatus.DRAFT,
        editable=False,
    )
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    figures = models.JSONField(
        _("cijfers van het platform"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Vastgelegd bij het indienen: hulpcontacten, cursisten en uitgeleende toestellen."),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    officer_note = models.TextField(_("toelichting van het programmateam"), blank=True, editable=False)
    reclaim_amount = models.DecimalField(_("terug te vorderen"), null=True, blank=True, editable=False, **MONEY)
    last_reminder_on = models.DateField(_("laatste herinnering"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("verantwoording")
        verbose_name_plural = _("verantwoordingen")

    def __str__(self):
        return f"{self.application} – {self.get_status_display()}"

    @property
    def is_editable(self):
        return self.status in (JustificationStatus.DRAFT, JustificationStatus.RETURNED)


class ActionReport(models.Model):
    """The functional report on one action, as the real 2024 form asked it."""

    justification = models.ForeignKey(Justification, on_delete=models.CASCADE, related_name="action_reports")
    action = models.OneToOneField(ApplicationAction, on_delete=models.PROTECT, related_name="report")
    description = models.TextField(
        _("wat werd gedaan"),
        validators=[MinLengthValidator(DESCRIPTION_MIN), MaxLengthValidator(DESCRIPTION_MAX)],
        help_text=_("Tussen 500 en 1000 tekens."),
    )
    measures = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": MEASURES},
        verbose_name=_("toegepaste maatregelen"),
    )
    target_groups_reached = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": TARGET_GROUPS},
        verbose_name=_("bereikte doelgroepen"),
    )
    partners = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": PARTNERS},
        verbose_name=_("partners"),
    )
    impact = models.TextField(_("impact"), blank=True, validators=[MaxLengthValidator(1000)])
    success_factors = models.TextField(_("succesfactoren"), blank=True, validators=[MaxLengthValidator(1000)])
    lessons = models.TextField(_("geleerde lessen"), blank=True, validators=[MaxLengthValidator(1000)])
    follow_up = models.TextField(_("geplande opvolging"), blank=True, validators=[MaxLengthValidator(1000)])

    class Meta:
        ordering = ["justification", "action__created_at", "action__pk"]
        verbose_name = _("verslag van een actie")
        verbose_name_plural = _("verslagen van acties")

    def __str__(self):
        return str(self.action)


class ExpenseCategory(models.TextChoices):
    STAFF = "staff", _("personeel")
    OPERATIONS = "operations", _("werking")
    EQUIPMENT = "equipment", _("materiaal en toestellen")
    CONNECTIVITY = "connectivity", _("internetverbinding")
    COMMUNICATION = "communication", _("communicatie")
    OTHER = "other", _("andere")


def expense_attachment_path(expense, filename):
    return f"subsidies/expenses/{expense.justification.application.uuid}/{expense.pk or 'new'}-{filename[-60:]}"


class ExpenseLine(models.Model):
    justification = models.ForeignKey(Justification, on_delete=models.CASCADE, related_name="expenses")
    category = models.CharField(_("soort uitgave"), max_length=20, choices=ExpenseCategory.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(_("bedrag in euro"), validators=[MinValueValidator(0.01)], **MONEY)
    attachment = models.FileField(
        _("bewijsstuk"),
        upload_to=expense_attachment_path,
        blank=True,
        help_text=_("Een factuur of betalingsbewijs: PDF, PNG of JPEG, ten hoogste 5 MB."),
    )

    class Meta:
        ordering = ["justification", "category", "pk"]
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"
