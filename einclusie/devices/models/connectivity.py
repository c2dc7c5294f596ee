"""Internet access handed out: SIM cards, data vouchers and 4G modems with prepaid data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConnectivityKind(models.TextChoices):
    SIM = "sim", _("simkaart met data")
    VOUCHER = "voucher", _("databon (herlaadcode)")
    MODEM = "modem", _("4G-modem met data")


class ConnectivityStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("in voorraad")
    HANDED_OUT = "handed_out", _("meegegeven")
    WITHDRAWN = "withdrawn", _("uit voorraad genomen")


class ConnectivityItemQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Connectivity stock of one organisation."""
        return self.filter(organisation=organisation)

    def in_stock(self, today=None):
        """Items that can be handed out today: in stock and not expired."""
        today = today or timezone.localdate()
        return self.filter(status=ConnectivityStatus.IN_STOCK).exclude(valid_until__lt=today)

    def expired(self, today=None):
        """Items still in stock whose validity has ended."""
        return self.filter(status=ConnectivityStatus.IN_STOCK, valid_until__lt=today or timezone.localdate())


class ConnectivityItem(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="connectivity_items", editable=False
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ConnectivityKind.choices)
    provider = models.CharField(
        _("operator"), max_length=60, help_text=_("Bijvoorbeeld: Proximus, Orange, Mobile Vikings")
    )
    code = models.CharField(
        _("nummer of code"),
        max_length=60,
        help_text=_("Het simkaartnummer, de herlaadcode of het serienummer van de modem."),
    )
    data = models.CharField(_("data"), max_length=60, blank=True, help_text=_("Bijvoorbeeld: 20 GB per maand"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConnectivityStatus.choices,
        default=ConnectivityStatus.IN_STOCK,
        editable=False,
    )
    beneficiary = models.ForeignKey(
        "devices.Beneficiary",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="connectivity_items",
        editable=False,
    )
    handed_out_on = models.DateField(_("meegegeven op"), null=True, blank=True, editable=False)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    objects = ConnectivityItemQuerySet.as_manager()

    class Meta:
        ordering = ["status", "valid_until", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "code"], name="one_connectivity_item_per_code"),
        ]
        verbose_name = _("internettoegang")
        verbose_name_plural = _("internettoegang")

    def __str__(self):
        return f"{self.get_kind_display()} {self.provider} {self.code}"

    def is_expired(self, today=None):
        return self.valid_until is not None and self.valid_until < (today or timezone.localdate())
