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
    EXPIRED = "expired", _("reservatie verlopen")


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

    def to_call(self):
        """Lent devices whose last reminder waits for a helper to call or write the person (no e-mail address)."""
        last_channel = LoanReminder.objects.filter(loan=models.OuterRef("pk")).order_by("-created_at", "-pk")
        return (
            self.out()
            .annotate(last_reminder_channel=models.Subquery(last_channel.values("channel")[:1]))
            .filter(last_reminder_channel=ReminderChannel.CALL)
        )


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

    def is_expired_reservation(self, today=None):
        """A reservation whose window has passed: the device is not handed over until it is extended."""
        return (
            self.status == LoanStatus.RESERVED
            and self.reserved_until is not None
            and self.reserved_until < (today or timezone.localdate())
        )

    def reminder_stage(self, today=None, soon_days=30):
        """Which reminder fits this loan today: "soon", one of the late stages, or "" when none does.

        A loan gets at most one reminder per stage and due date (see REMINDER_STAGES).
        """
        if self.status != LoanStatus.LENT or self.due_on is None:
            return ""
        days_late = ((today or timezone.localdate()) - self.due_on).days
        if days_late < 0:
            return ReminderStage.SOON if -days_late <= soon_days else ""
        late = [stage for after_days, stage in LATE_STAGES if days_late >= after_days]
        return late[-1] if late else ReminderStage.SOON


class ReminderStage(models.TextChoices):
    SOON = "soon", _("binnenkort terug")
    LATE = "late", _("te laat")
    LATE_30 = "late_30", _("meer dan 30 dagen te laat")
    LATE_90 = "late_90", _("meer dan 90 dagen te laat")
    OTHER = "other", _("andere")


# Days past the due date from which a late stage starts; a loan late 100 days gets the 90-day reminder only.
LATE_STAGES = [(1, ReminderStage.LATE), (30, ReminderStage.LATE_30), (90, ReminderStage.LATE_90)]


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("e-mail verstuurd")
    CALL = "call", _("bellen of schrijven")
    NOTED = "noted", _("herinnerd door een helper")


class LoanReminder(models.Model):
    """A reminder to bring a device back: e-mailed, waiting for a helper to call or write, or noted by a helper.

    Bulk reminders (einclusie devices remind) send one per loan, stage and due date; the database refuses a
    second one, so two runs on the same day never remind a person twice.
    """

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="reminder_log", editable=False)
    stage = models.CharField(_("moment"), max_length=20, choices=ReminderStage.choices, editable=False)
    due_on = models.DateField(_("terugbrengen tegen"), editable=False)
    channel = models.CharField(_("hoe"), max_length=10, choices=ReminderChannel.choices, editable=False)
    language = models.CharField(_("taal"), max_length=2, blank=True, editable=False)
    automatic = models.BooleanField(_("automatisch"), default=False, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("op"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "stage", "due_on"],
                condition=Q(automatic=True),
                name="one_automatic_reminder_per_loan_stage_and_due_date",
            )
        ]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")

    def __str__(self):
        return f"{self.loan_id} {self.stage} {self.channel}"
