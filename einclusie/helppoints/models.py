"""The directory of digital help, aligned with Open Referral HSDS 3.0.

HSDS service            → Service       (what is offered: "hulp bij digitale vragen", topics, languages, cost)
HSDS location           → Location      (where: address, position, structured accessibility)
HSDS service_at_location→ HelpPoint     (a digipunt: a service at a location, walk-in or by appointment)
HSDS schedule           → OpeningHours  (weekly) and ScheduleException (holidays, closures, one-off hours)
HSDS taxonomy_term      → core.Code     (help topics, languages, what to bring)
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS


class Status(models.TextChoices):
    ACTIVE = "active", _("open")
    TEMPORARILY_CLOSED = "temporarily closed", _("tijdelijk gesloten")
    INACTIVE = "inactive", _("niet actief")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class PositionSource(models.TextChoices):
    ENTERED = "entered", _("ingevuld")
    GEOCODED = "geocoded", _("opgezocht bij het adres")
    MUNICIPALITY = "municipality", _("midden van de gemeente (benaderend)")


class ServiceQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Services run by one organisation."""
        return self.filter(organisation=organisation)

    def public(self):
        """Services citizens can find: not inactive, run by an active organisation."""
        return self.exclude(status=Status.INACTIVE).filter(organisation__is_active=True)


class Service(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="services", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bijvoorbeeld: Digipunt bibliotheek"))
    description = models.TextField(
        _("beschrijving"), max_length=1000, help_text=_("Wat kunnen inwoners hier vragen? Schrijf eenvoudige zinnen.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    notice = models.CharField(
        _("korte mededeling"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: 'Deze week geen hulp op woensdag.' Verdwijnt na de einddatum."),
    )
    notice_until = models.DateField(_("mededeling tonen tot en met"), null=True, blank=True)
    topics = models.ManyToManyField(
        "core.Code",
        related_name="+",
        limit_choices_to={"code_list__slug": HELP_TOPICS, "is_active": True},
        verbose_name=_("hulponderwerpen"),
    )
    languages = models.ManyToManyField(
        "core.Code",
        related_name="+",
        limit_choices_to={"code_list__slug": LANGUAGES, "is_active": True},
        verbose_name=_("talen die medewerkers spreken"),
    )
    required_documents = models.ManyToManyField(
        "core.Code",
        related_name="+",
        blank=True,
        limit_choices_to={"code_list__slug": REQUIRED_DOCUMENTS, "is_active": True},
        verbose_name=_("mee te brengen"),
    )
    is_free = models.BooleanField(_("gratis"), default=True)
    fees_description = models.CharField(_("kostprijs"), max_length=200, blank=True)
    home_visits = models.BooleanField(_("hulp aan huis mogelijk"), default=False)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    url = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("hulpaanbod")
        verbose_name_plural = _("hulpaanbod")

    def __str__(self):
        return self.name

    def current_notice(self, today=None):
        today = today or timezone.localdate()
        if self.notice and (self.notice_until is None or self.notice_until >= today):
            return self.notice
        return ""


class Location(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="locations", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam van de plaats"), max_length=200, help_text=_("Bijvoorbeeld: Bibliotheek De Krook"))
    street = models.CharField(_("straat en nummer"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("deelgemeente of stad"), max_length=100)
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, related_name="locations", verbose_name=_("gemeente")
    )
    latitude = models.DecimalField(_("breedtegraad"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    position_source = models.CharField(
        _("herkomst van de coördinaten"), max_length=20, choices=PositionSource.choices, blank=True, editable=False
    )
    transportation = models.TextField(
        _("hoe geraakt u er"), max_length=500, blank=True, help_text=_("Bus, tram, trein, parking, fietsenstalling.")
    )
    step_free = models.BooleanField(_("toegankelijk zonder trappen"), null=True, blank=True)
    accessible_toilet = models.BooleanField(_("aangepast toilet"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("ringleiding voor hoorapparaten"), null=True, blank=True)
    quiet_room = models.BooleanField(_("rustige ruimte"), null=True, blank=True)
    accessible_parking = models.BooleanField(_("parkeerplaats voor personen met een handicap"), null=True, blank=True)
    accessibility_notes = models.TextField(_("meer over toegankelijkheid"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self):
        return f"{self.name}, {self.street}, {self.postal_code} {self.city}"

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None


class HelpPointQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Help points of services run by one organisation."""
        return self.filter(service__organisation=organisation)

    def public(self):
        """Help points citizens can find."""
        return self.filter(service__in=Service.objects.public())


class HelpPoint(models.Model):
    """A digipunt: a service offered at a location (HSDS service_at_location)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="help_points")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="help_points")
    walk_in = models.BooleanField(_("binnenlopen zonder afspraak"), default=True)
    by_appointment = models.BooleanField(_("op afspraak"), default=False)
    appointment_details = models.CharField(
        _("hoe maakt u een afspraak"), max_length=300, blank=True, help_text=_("Bijvoorbeeld: bel 09 123 45 67.")
    )
    closed_on_public_holidays = models.BooleanField(_("gesloten op wettelijke feestdagen"), default=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = HelpPointQuerySet.as_manager()

    class Meta:
        ordering = ["service__name", "location__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="one_help_point_per_service_and_location")
        ]
        verbose_name = _("digipunt")
        verbose_name_plural = _("digipunten")

    def __str__(self):
        return f"{self.service.name} – {self.location.name}"


class OpeningHours(models.Model):
    """A weekly recurring opening period. Closing at or before opening means the period ends the next day."""

    help_point = models.ForeignKey(HelpPoint, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens_at = models.TimeField(_("van"))
    closes_at = models.TimeField(_("tot"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("openingsuren")
        verbose_name_plural = _("openingsuren")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class ScheduleException(models.Model):
    """A day (or run of days) with other hours than usual: a holiday, a closure, an extra session."""

    help_point = models.ForeignKey(HelpPoint, on_delete=models.CASCADE, related_name="exceptions")
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    closed = models.BooleanField(_("gesloten"), default=True)
    opens_at = models.TimeField(_("open van"), null=True, blank=True)
    closes_at = models.TimeField(_("open tot"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: Kerstvakantie"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("uitzondering op de openingsuren")
        verbose_name_plural = _("uitzonderingen op de openingsuren")

    def __str__(self):
        return f"{self.starts_on}–{self.ends_on} {self.reason}"

    def covers(self, day):
        return self.starts_on <= day <= self.ends_on


class DirectoryVersion(models.Model):
    """One row counting changes to the public directory, so cached finder pages know when they are stale."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("versie van de gids")

    def __str__(self):
        return str(self.version)
