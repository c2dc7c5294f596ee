"""Devices of a device bank, the batches they came in, their data wipes and every step of their life."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext_lazy as _


class DeviceType(models.TextChoices):
    LAPTOP = "laptop", _("laptop")
    TABLET = "tablet", _("tablet")
    SMARTPHONE = "smartphone", _("smartphone")
    DESKTOP = "desktop", _("vaste computer")
    MODEM = "modem", _("4G-modem of mifi")


class Source(models.TextChoices):
    COMPANY = "company", _("schenking van een bedrijf of organisatie")
    CITIZEN = "citizen", _("schenking van een inwoner")
    PURCHASE = "purchase", _("aankoop")
    OTHER = "other", _("andere")


class Condition(models.TextChoices):
    NEW = "new", _("nieuw")
    GOOD = "good", _("goed")
    USABLE = "usable", _("bruikbaar, met gebruikssporen")
    BROKEN = "broken", _("defect")


class DeviceStatus(models.TextChoices):
    INTAKE = "intake", _("binnengekomen")
    WIPED = "wiped", _("gewist")
    REFURBISHED = "refurbished", _("opgeknapt")
    AVAILABLE = "available", _("beschikbaar")
    RESERVED = "reserved", _("gereserveerd")
    LENT = "lent", _("uitgeleend")
    GIVEN = "given", _("geschonken")
    RETURNED = "returned", _("teruggebracht")
    REPAIR = "repair", _("in herstelling")
    RECYCLED = "recycled", _("gerecycleerd")


# A device in one of these statuses is with a person or promised to one: its data must have been wiped.
HANDED_OUT = (DeviceStatus.AVAILABLE, DeviceStatus.RESERVED, DeviceStatus.LENT, DeviceStatus.GIVEN)


def normalise_serial(value):
    """A serial number as stored and compared: capitals, no spaces."""
    return "".join(str(value or "").split()).upper()


class IntakeBatch(models.Model):
    """Devices that came in together: the 40 laptops a company donates, a purchase order."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="device_batches", editable=False
    )
    received_on = models.DateField(_("ontvangen op"))
    source = models.CharField(_("herkomst"), max_length=20, choices=Source.choices)
    donor = models.CharField(
        _("schenker of leverancier"),
        max_length=200,
        blank=True,
        help_text=_("De naam van het bedrijf of de organisatie. Voor een inwoner: laat leeg of schrijf 'inwoner'."),
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("partij toestellen")
        verbose_name_plural = _("partijen toestellen")

    def __str__(self):
        return f"{self.received_on} {self.donor or self.get_source_display()}"


class DeviceQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Devices of one device bank."""
        return self.filter(organisation=organisation)

    def in_status(self, *statuses):
        """Devices in one of these statuses."""
        return self.filter(status__in=statuses)

    def lendable(self):
        """Devices that can be reserved or handed over now: available, with their data wiped."""
        return self.filter(status=DeviceStatus.AVAILABLE, data_wiped=True)

    def in_stock(self):
        """Devices still in the bank: not with a person and not recycled."""
        return self.exclude(status__in=[DeviceStatus.LENT, DeviceStatus.GIVEN, DeviceStatus.RECYCLED])

    def in_lifecycle_order(self):
        """Devices ordered as the lifecycle goes: those waiting for intake work first, recycled ones last."""
        order = Case(*[When(status=value, then=Value(position)) for position, value in enumerate(DeviceStatus.values)])
        return self.annotate(lifecycle_position=order).order_by("lifecycle_position", "device_type", "brand", "pk")

    def per_status(self):
        """How many devices are in each status: {status: count}."""
        rows = self.order_by().values("status").annotate(devices=Count("id"))
        return {row["status"]: row["devices"] for row in rows}


class Device(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="devices", editable=False
    )
    batch = models.ForeignKey(
        IntakeBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="devices", editable=False
    )
    device_type = models.CharField(_("soort toestel"), max_length=20, choices=DeviceType.choices)
    brand = models.CharField(_("merk"), max_length=60, help_text=_("Bijvoorbeeld: Lenovo"))
    model = models.CharField(_("model"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: ThinkPad T480"))
    serial_number = models.CharField(
        _("serienummer"),
        max_length=60,
        help_text=_("Staat meestal op een sticker onder het toestel of in de instellingen. Elk nummer maar één keer."),
    )
    specifications = models.CharField(
        _("kenmerken"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: i5, 8 GB geheugen, 256 GB SSD")
    )
    source = models.CharField(_("herkomst"), max_length=20, choices=Source.choices)
    donor = models.CharField(_("schenker of leverancier"), max_length=200, blank=True)
    received_on = models.DateField(_("ontvangen op"))
    condition = models.CharField(_("staat"), max_length=20, choices=Condition.choices, default=Condition.GOOD)
    status = models.CharField(
        _("status"), max_length=20, choices=DeviceStatus.choices, default=DeviceStatus.INTAKE, editable=False
    )
    data_wiped = models.BooleanField(
        _("gegevens gewist"),
        default=False,
        editable=False,
        help_text=_("Gewist sinds het binnenkwam of sinds de laatste persoon het terugbracht."),
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            # Unique per device bank: a serial of another organisation is none of our business (and a device
            # may move from one bank to another).
            models.UniqueConstraint(fields=["organisation", "serial_number"], name="one_device_per_serial_number"),
            models.CheckConstraint(
                condition=~Q(status__in=HANDED_OUT) | Q(data_wiped=True),
                name="device_handed_out_only_when_wiped",
            ),
        ]
        verbose_name = _("toestel")
        verbose_name_plural = _("toestellen")

    def __str__(self):
        return f"{self.brand} {self.model} ({self.serial_number})".replace("  ", " ")

    @property
    def name(self):
        return f"{self.get_device_type_display()} {self.brand} {self.model}".strip()


def certificate_path(wipe, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"devices/wipe-certificates/{uuid.uuid4()}.{extension[:5]}"


class WipeMethod(models.TextChoices):
    OVERWRITE = "overwrite", _("overschrijven met software (NIST 800-88 Clear)")
    SECURE_ERASE = "secure_erase", _("secure erase of crypto-erase van de schijf (NIST 800-88 Purge)")
    FACTORY_RESET = "factory_reset", _("fabrieksinstellingen op een versleuteld toestel (smartphone, tablet)")
    NEW_DISK = "new_disk", _("nieuwe schijf geplaatst, oude schijf vernietigd")
    DESTROYED = "destroyed", _("schijf fysiek vernietigd")


class DataWipe(models.Model):
    """A recorded wipe of a device's data: how, when, by whom, and the proof (a certificate number or file)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="wipes", editable=False)
    method = models.CharField(_("methode"), max_length=20, choices=WipeMethod.choices)
    wiped_on = models.DateField(_("gewist op"))
    wiped_by = models.CharField(
        _("gewist door"),
        max_length=200,
        help_text=_(
            "De persoon of het bedrijf dat de gegevens wiste, bijvoorbeeld: Digibank Gent of Jan (vrijwilliger)."
        ),
    )
    certificate_number = models.CharField(
        _("nummer van het certificaat"),
        max_length=100,
        blank=True,
        help_text=_("Het nummer op het wiscertificaat, bijvoorbeeld uit Blancco of het rapport van de herstelpartner."),
    )
    certificate_file = models.FileField(
        _("certificaat (bestand)"),
        upload_to=certificate_path,
        blank=True,
        help_text=_("Een PDF, PNG of JPEG van ten hoogste 5 MB."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        ordering = ["-wiped_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(certificate_number="") | ~Q(certificate_file=""), name="wipe_has_a_certificate"
            )
        ]
        verbose_name = _("wissing van gegevens")
        verbose_name_plural = _("wissingen van gegevens")

    def __str__(self):
        return f"{self.device_id} {self.wiped_on} {self.method}"


class DeviceTransitionQuerySet(models.QuerySet):
    """The steps devices went through: the facts the monitoring counts (see einclusie/devices/monitoring.py)."""

    def for_organisation(self, organisation):
        """Steps in one device bank."""
        return self.filter(organisation=organisation)

    def of(self, *actions):
        """Steps of these actions (e.g. "register", "lend")."""
        return self.filter(action__in=actions)

    def in_period(self, start=None, end=None):
        """Steps taken between two dates (inclusive); None leaves that side open."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(occurred_on__gte=start)
        if end is not None:
            queryset = queryset.filter(occurred_on__lte=end)
        return queryset

    def with_place(self):
        """Annotate nis_code: where the person lives for a hand-out or return, else the device bank's municipality."""
        return self.annotate(
            nis_code=Coalesce(
                "loan__beneficiary__municipality__nis_code",
                "organisation__municipality__nis_code",
                "organisation__lead__municipality__nis_code",
            )
        )

    def per_month(self):
        """Steps per month and action."""
        return (
            self.annotate(month=TruncMonth("occurred_on"))
            .values("month", "action")
            .annotate(devices=Count("id"))
            .order_by("month", "action")
        )

    def per_municipality(self):
        """Steps per NIS code (see with_place) and action."""
        return (
            self.with_place().values("nis_code", "action").annotate(devices=Count("id")).order_by("nis_code", "action")
        )

    def per_device_type(self):
        """Steps per device type and action."""
        return (
            self.values("device__device_type", "action")
            .annotate(devices=Count("id"))
            .order_by("device__device_type", "action")
        )

    def per_ground(self):
        """Hand-outs and returns per kind of eligibility ground of the person (a person with two counts twice)."""
        return (
            self.filter(loan__isnull=False)
            .values("loan__beneficiary__grounds__kind", "action")
            .annotate(devices=Count("id", distinct=True))
            .order_by("loan__beneficiary__grounds__kind", "action")
        )


class DeviceTransition(models.Model):
    """One step in a device's life: from which status to which, who did it and when."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="transitions", editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    action = models.CharField(_("stap"), max_length=30, db_index=True)
    from_status = models.CharField(_("van"), max_length=20, choices=DeviceStatus.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=20, choices=DeviceStatus.choices)
    loan = models.ForeignKey(
        "devices.Loan", on_delete=models.SET_NULL, null=True, blank=True, related_name="transitions"
    )
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    occurred_at = models.DateTimeField(_("tijdstip"))
    occurred_on = models.DateField(_("datum"), db_index=True)

    objects = DeviceTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "action", "occurred_on"])]
        verbose_name = _("stap van een toestel")
        verbose_name_plural = _("stappen van toestellen")

    def __str__(self):
        return f"{self.device_id} {self.action} {self.occurred_on}"
