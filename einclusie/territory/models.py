"""The territory of Flanders: provinces, municipalities (current and merged), postal codes, statistics."""

import datetime

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from einclusie.core.models import translated

MERGER_DATE_2025 = datetime.date(2025, 1, 1)

# The twelve municipalities with language facilities for French speakers (faciliteitengemeenten).
LANGUAGE_FACILITY_CODES = {
    "23098",  # Drogenbos
    "23099",  # Kraainem
    "23100",  # Linkebeek
    "23101",  # Sint-Genesius-Rode
    "23102",  # Wemmel
    "23103",  # Wezembeek-Oppem
    "33016",  # Mesen
    "45041",  # Ronse
    "34043",  # Spiere-Helkijn
    "23009",  # Bever
    "73028",  # Herstappe
    "73109",  # Voeren
}


class TranslatedNameMixin:
    """A Dutch and a French name; the French one is shown to French readers."""

    @property
    def name(self):
        if get_language() == "fr" and self.name_fr:
            return self.name_fr
        return self.name_nl


class Province(TranslatedNameMixin, models.Model):
    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def current(self, on=None):
        """Municipalities that exist on a given day (today by default)."""
        on = on or datetime.date.today()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gt=on),
        )

    def flemish(self):
        """Municipalities of the Flemish Region."""
        return self.filter(is_flemish=True)

    def merged(self):
        """Municipalities that took in one or more former municipalities (the mergers)."""
        return self.filter(predecessors__isnull=False).distinct()

    def search(self, text):
        """Municipalities whose name, former municipality's name, postal code or NIS code matches the text.

        A name matches anywhere in it, also the name of a municipality that merged into it ("Borsbeek" finds
        Antwerpen); digits match the start of a postal code ("90" finds every 90xx) or a whole NIS code.
        """
        text = text.strip()
        if not text:
            return self
        condition = (
            models.Q(name_nl__icontains=text)
            | models.Q(name_fr__icontains=text)
            | models.Q(predecessors__name_nl__icontains=text)
        )
        if text.isdigit():
            condition |= models.Q(postal_codes__code__startswith=text) | models.Q(nis_code=text)
        return self.filter(condition).distinct()


class Municipality(TranslatedNameMixin, models.Model):
    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True, help_text=_("REFNIS-code van Statbel"))
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    is_flemish = models.BooleanField(_("Vlaams Gewest"), default=True)
    has_language_facilities = models.BooleanField(_("faciliteitengemeente"), default=False)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(
        _("geldig tot"), null=True, blank=True, help_text=_("eerste dag waarop de gemeente niet meer bestaat")
    )
    latitude = models.DecimalField(
        _("breedtegraad"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("benaderend: het midden van het gerechtelijk kanton of de kantons van de gemeente"),
    )
    longitude = models.DecimalField(
        _("lengtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("benaderend: het midden van het gerechtelijk kanton of de kantons van de gemeente"),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("opgegaan in"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return f"{self.name} ({self.nis_code})"

    def is_current(self, on=None):
        on = on or datetime.date.today()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or self.valid_until > on
        )

    def resolve(self, on=None):
        """The municipality this one is (or became part of) on the given day."""
        municipality = self
        seen = set()
        while municipality.successor_id and not municipality.is_current(on) and municipality.pk not in seen:
            seen.add(municipality.pk)
            municipality = municipality.successor
        return municipality


class PostalCode(models.Model):
    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "municipality"], name="unique_postal_code_per_municipality")
        ]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self):
        return f"{self.code} {self.municipality.name}"


class Indicator(models.Model):
    """A kind of municipal statistic, such as the number of inhabitants."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return translated(self, "name")


class StatisticQuerySet(models.QuerySet):
    def latest_per_indicator(self, municipality):
        """The most recent value of each indicator for one municipality."""
        rows = self.filter(municipality=municipality).select_related("indicator").order_by("indicator__code", "-year")
        latest = {}
        for row in rows:
            latest.setdefault(row.indicator.code, row)
        return list(latest.values())


class Statistic(models.Model):
    """One value of one indicator for one municipality in one year."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="statistics")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="statistics")
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.DecimalField(_("waarde"), max_digits=16, decimal_places=4)
    source = models.CharField(_("bron"), max_length=200)

    objects = StatisticQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator", "year"], name="unique_statistic_per_year")
        ]
        verbose_name = _("statistiek")
        verbose_name_plural = _("statistieken")

    def __str__(self):
        return f"{self.municipality.nis_code} {self.indicator.code} {self.year}: {self.value}"


class MunicipalBoundary(models.Model):
    """An imported official boundary of a municipality (boundaries.py), simplified, in longitude/latitude."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="boundary", verbose_name=_("gemeente")
    )
    polygons = models.JSONField(_("veelhoeken"), help_text=_("MultiPolygon-coördinaten (WGS 84), vereenvoudigd"))
    latitude = models.DecimalField(_("breedtegraad van het midden"), max_digits=8, decimal_places=6)
    longitude = models.DecimalField(_("lengtegraad van het midden"), max_digits=9, decimal_places=6)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)

    class Meta:
        verbose_name = _("gemeentegrens")
        verbose_name_plural = _("gemeentegrenzen")

    def __str__(self):
        return str(self.municipality)
