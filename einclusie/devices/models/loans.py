"""Loans: a device reserved for, handed over to, and returned by a person; or given to keep."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.devices.models.devices import Condition


class LoanStatus(models.TextChoices):
    RESERVED = "reserved", _("gereserveerd")
    LENT = "lent", _("uitgeleend")
    RETURNED = "returned", _("teruggebracht")
    GIVEN = "given", _("geschonken")
    CANCELLED = "cancelled", _("reservatie geannuleerd")


# A device has at most one loan in these statuses (enforced by the database).
ACTIVE_LOAN_STATUSES = (LoanStatus.RESERVED, LoanStatus.LENT)


class AgreementLanguage(models.TextChoices):
    NL = "nl", _("Nederlands")
    FR = "fr", _("Frans")
    EN = "en", _("Engels")


class LoanQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Loans of one device bank."""
        return self.filter(organisation=organisation)

    def active(self):
        """Reservations and devices that are out with a person."""
        return self.filter(status__in=ACTIVE_LOAN_STATUSES)

    def out(self):
        """Devices a person has now, to bring back one day."""
        return self.filter(status=LoanStatus.LENT)

    def overdue(self, today=None):
        """Lent devices whose due date has passed."""
        return self.out().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, days=30, today=None):
        """Lent devices due within `days` days (not yet overdue)."""
        today = today or timezone.localdate()
        return self.out().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))

    def expired_reservations(self, today=None):
        """Reservations whose window has ended without a hand-over."""
        return self.filter(status=LoanStatus.RESERVED, reserved_until__lt=today or timezone.localdate())


class Loan(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="device_loans", editable=False
    )
    device = models.ForeignKey("devices.Device", on_delete=models.PROTECT, related_name="loans", editable=False)
    beneficiary = models.ForeignKey(
        "devices.Beneficiary", on_delete=models.PROTECT, related_name="loans", editable=False
    )
    status = models.CharField(_("status"), max_length=20, choices=LoanStatus.choices, editable=False)
    reserved_from = models.DateField(_("gereserveerd van"), null=True, blank=True)
    reserved_until = models.DateField(_("gereserveerd tot"), null=True, blank=True)
    handed_over_on = models.DateField(_("meegegeven op"), null=True, blank=True, editable=False)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    due_on = models.DateField(_("terugbrengen tegen"), null=True, blank=True)
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="device_loans",
        verbose_name=_("bij de cursus"),
    )
    # The hand-over checklist.
    checked_wiped = models.BooleanField(_("gegevens gewist"), default=False)
    checked_charger = models.BooleanField(_("lader meegegeven"), default=False)
    checked_bag = models.BooleanField(_("tas of hoes meegegeven"), default=False)
    checked_explained = models.BooleanField(_("overeenkomst uitgelegd"), default=False)
    checked_signed = models.BooleanField(_("overeenkomst ter plaatse ondertekend"), default=False)
    agreement_language = models.CharField(
        _("taal van de overeenkomst"), max_length=2, choices=AgreementLanguage.choices, default=AgreementLanguage.NL
    )
    returned_on = models.DateField(_("teruggebracht op"), null=True, blank=True, editable=False)
    return_condition = models.CharField(
        _("staat bij terugbrengen"), max_length=20, choices=Condition.choices, blank=True
    )
    return_note = models.CharField(_("notitie bij terugbrengen"), max_length=300, blank=True)
    given_on = models.DateField(_("geschonken op"), null=True, blank=True, editable=False)
    reminders = models.PositiveSmallIntegerField(_("herinneringen"), default=0, editable=False)
    reminded_on = models.DateField(_("laatste herinnering"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]
        constraints = [
            # Two helpers confirming the same laptop at the same moment: the database lets one through.
            models.UniqueConstraint(
                fields=["device"], condition=Q(status__in=ACTIVE_LOAN_STATUSES), name="one_active_loan_per_device"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[LoanStatus.LENT, LoanStatus.GIVEN])
                | Q(checked_wiped=True, checked_explained=True, checked_signed=True, handed_over_on__isnull=False),
                name="loan_handed_over_with_the_checklist",
            ),
        ]
        verbose_name = _("lening")
        verbose_name_plural = _("leningen")

    def __str__(self):
        return f"{self.device_id} → {self.beneficiary_id} ({self.status})"

    def is_overdue(self, today=None):
        return (
            self.status == LoanStatus.LENT and self.due_on is not None and self.due_on < (today or timezone.localdate())
        )
