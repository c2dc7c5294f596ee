"""Tranches: the payments of an approved application, made from the call's payment schedule."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from einclusie.subsidies.models.applications import Application
from einclusie.subsidies.models.calls import MONEY, PaymentTrigger


class TrancheStatus(models.TextChoices):
    WAITING = "waiting", _("wacht op de verantwoording")
    DUE = "due", _("te betalen")
    PAID = "paid", _("betaald")
    CANCELLED = "cancelled", _("vervallen")


class TrancheQuerySet(models.QuerySet):
    def due(self):
        """Tranches the finance system should pay now."""
        return self.filter(status=TrancheStatus.DUE)


class Tranche(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="tranches")
    position = models.PositiveSmallIntegerField(_("schijf"))
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("bedrag in euro"), **MONEY)
    trigger = models.CharField(_("wanneer"), max_length=30, choices=PaymentTrigger.choices)
    status = models.CharField(_("status"), max_length=20, choices=TrancheStatus.choices)
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    payment_reference = models.CharField(_("betalingsreferentie"), max_length=100, blank=True)

    objects = TrancheQuerySet.as_manager()

    class Meta:
        ordering = ["application", "position"]
        constraints = [models.UniqueConstraint(fields=["application", "position"], name="one_tranche_per_position")]
        verbose_name = _("schijf")
        verbose_name_plural = _("schijven")

    def __str__(self):
        return f"{self.application} – {self.position}: {self.amount}"
