"""The monitoring's own tables: monthly facts and their rollups, the refresh watermark and the indicators.

MonthlyFact          one number per municipality × month × data item × disaggregation (dimension, code); the
                     empty dimension is the total. Filled only by services.monitoring_refresh from the other
                     modules' read APIs, never typed in.
ProvinceMonthlyFact  the same summed per province × month (5 rows where MonthlyFact has 285), and
RegionMonthlyFact    per month for the whole region: refreshed with the monthly facts, in the same
                     transaction, so that region-wide questions read a few hundred rows instead of 100,000s.
RefreshState   one row: when the facts were last refreshed and up to which help contact.
Indicator      a formula written as data (numerator / denominator × factor), loaded from
               data/indicators.json and editable by the programme team in the admin.
"""

from django.db import models
from django.db.models import Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from einclusie.core.models import translated
from einclusie.monitoring.items import DATA_ITEMS


class FactQuerySet(models.QuerySet):
    def of(self, item, dimension=""):
        """Facts of one data item; the total unless a dimension is named."""
        return self.filter(item=item, dimension=dimension)

    def in_months(self, start=None, end=None):
        """Facts of the months from `start` to `end` (first days of months, inclusive); None leaves a side open."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(month__gte=start)
        if end is not None:
            queryset = queryset.filter(month__lte=end)
        return queryset

    def per_month(self):
        """Totals per month, oldest first."""
        return self.values("month").annotate(value=Sum("value")).order_by("month")

    def per_code(self):
        """Totals per code of the dimension, largest first."""
        return self.values("code").annotate(value=Sum("value")).order_by("-value", "code")

    def total(self):
        """The sum of the facts (0 when there are none)."""
        return self.aggregate(total=Sum("value"))["total"] or 0


class FactCell(models.Model):
    """What every fact table holds: one number per month × data item × disaggregation (dimension, code)."""

    month = models.DateField(_("maand"), help_text=_("de eerste dag van de maand"))
    item = models.CharField(_("gegeven"), max_length=40, choices=[(code, row[0]) for code, row in DATA_ITEMS.items()])
    dimension = models.CharField(_("opsplitsing"), max_length=20, blank=True)
    code = models.CharField(_("code"), max_length=60, blank=True)
    value = models.BigIntegerField(_("waarde"))

    class Meta:
        abstract = True


class PerProvinceMixin:
    def per_province(self):
        """Totals per province id."""
        return self.values("province_id").annotate(value=Sum("value")).order_by("province_id")


class MonthlyFactQuerySet(PerProvinceMixin, FactQuerySet):
    def in_area(self, *, province=None, municipality=None):
        """Facts of one province or one municipality (None: the whole region)."""
        if municipality is not None:
            return self.filter(municipality=municipality)
        if province is not None:
            return self.filter(province=province)
        return self

    def per_municipality(self):
        """Totals per municipality id."""
        return self.values("municipality_id").annotate(value=Sum("value")).order_by("municipality_id")

    def per_municipality_and_month(self):
        """Totals per municipality id and month."""
        return self.values("municipality_id", "month").annotate(value=Sum("value")).order_by("municipality_id", "month")

    def per_municipality_and_code(self):
        """Totals per municipality id and code of the dimension."""
        return self.values("municipality_id", "code").annotate(value=Sum("value")).order_by("municipality_id", "code")


class MonthlyFact(FactCell):
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    # The municipality's province, kept here so that a province total needs no join.
    province = models.ForeignKey("territory.Province", on_delete=models.CASCADE, related_name="+")

    objects = MonthlyFactQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "dimension", "code", "municipality", "month"], name="one_fact_per_cell"
            )
        ]
        indexes = [
            # Covering: the regional questions (per month, per province, per code) read only this index.
            models.Index(
                fields=["item", "dimension", "month", "province", "code", "value"], name="monitoring_fact_covering"
            ),
            # Covering too: one municipality's page reads its own rows and nothing else.
            models.Index(
                fields=["municipality", "item", "dimension", "month", "code", "value"],
                name="monitoring_fact_municipality",
            ),
        ]
        verbose_name = _("maandcijfer")
        verbose_name_plural = _("maandcijfers")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.municipality_id} {self.item} {self.dimension}={self.code}: {self.value}"


class ProvinceMonthlyFactQuerySet(PerProvinceMixin, FactQuerySet):
    def in_province(self, province):
        """Facts of one province (None: every province)."""
        return self if province is None else self.filter(province=province)


class ProvinceMonthlyFact(FactCell):
    """MonthlyFact summed per province: written only by services.monitoring_refresh."""

    province = models.ForeignKey(
        "territory.Province", on_delete=models.CASCADE, related_name="+", verbose_name=_("provincie")
    )

    objects = ProvinceMonthlyFactQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "dimension", "code", "province", "month"], name="one_province_fact_per_cell"
            )
        ]
        indexes = [
            models.Index(
                fields=["item", "dimension", "month", "province", "code", "value"], name="monitoring_province_cover"
            ),
        ]
        verbose_name = _("maandcijfer per provincie")
        verbose_name_plural = _("maandcijfers per provincie")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.province_id} {self.item} {self.dimension}={self.code}: {self.value}"


class RegionMonthlyFact(FactCell):
    """MonthlyFact summed over the whole region: written only by services.monitoring_refresh."""

    objects = FactQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "dimension", "code", "month"], name="one_region_fact_per_cell")
        ]
        indexes = [
            models.Index(fields=["item", "dimension", "month", "code", "value"], name="monitoring_region_cover"),
        ]
        verbose_name = _("maandcijfer voor de regio")
        verbose_name_plural = _("maandcijfers voor de regio")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.item} {self.dimension}={self.code}: {self.value}"


class RefreshState(models.Model):
    """The single row that says how fresh the facts are."""

    refreshed_at = models.DateTimeField(_("laatst bijgewerkt"), null=True, blank=True)
    full_refreshed_at = models.DateTimeField(_("laatst volledig herberekend"), null=True, blank=True)
    # The last help contact (logged_at, id) the facts include; newer ones are counted by the next refresh.
    contacts_logged_at = models.DateTimeField(null=True, blank=True)
    contacts_last_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("stand van de monitoring")
        verbose_name_plural = _("stand van de monitoring")

    def __str__(self):
        return f"{self.refreshed_at}"

    @classmethod
    def current(cls):
        state, _created = cls.objects.get_or_create(pk=1)
        return state


class Indicator(models.Model):
    """numerator / denominator × factor, per municipality, province or the region, over a period.

    numerator:   {"item": "<data item>"} (optionally "dimension" and "code")
    denominator: {"statistic": "<territory indicator code>"}, optionally "times_statistic" with a "default"
                 when a municipality has no value for it and a "scale" (e.g. 0.01 for a percentage); or
                 {"item": ...} like the numerator.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("uitleg"), blank=True)
    numerator = models.JSONField(_("teller"))
    denominator = models.JSONField(_("noemer"))
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    decimals = models.PositiveSmallIntegerField(_("decimalen"), default=1)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_public = models.BooleanField(_("openbaar"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return translated(self, "name")


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("ja of nee")
    NUMBER = "number", _("getal")
    CHOICE = "choice", _("één keuze")
    TEXT = "text", _("korte tekst")


class Audience(models.TextChoices):
    LOCAL = "local", _("lokale besturen")
    RESIDENTS = "residents", _("inwoners")


class SurveyQuestion(models.Model):
    """A question of a yearly survey, loaded from data/quickscan.json (local governments) or
    data/residents.json (residents) by survey.py."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    audience = models.CharField(_("doelgroep"), max_length=10, choices=Audience.choices, default=Audience.LOCAL)
    kind = models.CharField(_("soort"), max_length=10, choices=QuestionKind.choices)
    text_nl = models.CharField(_("vraag (Nederlands)"), max_length=300)
    text_fr = models.CharField(_("vraag (Frans)"), max_length=300, blank=True)
    text_en = models.CharField(_("vraag (Engels)"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)
    # choice: [{"code", "nl", "fr", "en"}]; number: min and max; text: max_length.
    choices = models.JSONField(_("keuzes"), default=list, blank=True)
    minimum = models.IntegerField(_("minimum"), null=True, blank=True)
    maximum = models.IntegerField(_("maximum"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximale lengte"), default=300)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("vraag van de quickscan")
        verbose_name_plural = _("vragen van de quickscan")

    def __str__(self):
        return self.code

    @property
    def text(self):
        return translated(self, "text")

    def choice_label(self, code):
        language = get_language() or "nl"
        for choice in self.choices:
            if choice["code"] == code:
                return choice.get(language[:2]) or choice["nl"]
        return code


class SurveyRound(models.Model):
    """One yearly round of a survey (local governments or residents), opened by the programme team or a researcher."""

    audience = models.CharField(_("doelgroep"), max_length=10, choices=Audience.choices, default=Audience.LOCAL)
    year = models.PositiveSmallIntegerField(_("jaar"))
    closes_on = models.DateField(_("sluit op"))
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("door")
    )
    opened_at = models.DateTimeField(_("geopend op"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["audience", "year"], name="one_round_per_audience_and_year")]
        verbose_name = _("ronde van de quickscan")
        verbose_name_plural = _("rondes van de quickscan")

    def __str__(self):
        return str(self.year)

    def is_open(self, today):
        return today <= self.closes_on


class SurveyResponse(models.Model):
    """A local government's answers in one round: a draft until the coordinator submits it, once. In a
    residents' round: one anonymous resident's answers, submitted at once, without an organisation."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("ronde"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lokaal bestuur"),
    )
    # {question code: answer}: True/False, an integer, a choice code or a text.
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("door")
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="one_response_per_round")]
        verbose_name = _("antwoord op de quickscan")
        verbose_name_plural = _("antwoorden op de quickscan")

    def __str__(self):
        return f"{self.round} {self.organisation_id}"
