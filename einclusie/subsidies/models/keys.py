"""Distribution keys (verdeelsleutels): versions of the formula or fixed amounts that set the drawing rights."""

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from einclusie.subsidies.models.calls import MONEY, BeneficiaryKind, Call


class KeyStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    COMPUTED = "computed", _("berekend")
    PUBLISHED = "published", _("gepubliceerd")


class KeyMethod(models.TextChoices):
    FORMULA = "formula", _("formule over de statistieken")
    FIXED = "fixed", _("vaste bedragen (ingelezen)")


class Rounding(models.TextChoices):
    EURO = "1", _("op hele euro")
    CENT = "0.01", _("op cent")


class DistributionKey(models.Model):
    """One version of the distribution key of a call. A published version is never changed: make a new one."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="keys")
    version = models.PositiveSmallIntegerField(_("versie"), editable=False)
    name = models.CharField(_("naam"), max_length=200)
    method = models.CharField(_("werkwijze"), max_length=20, choices=KeyMethod.choices, default=KeyMethod.FORMULA)
    beneficiary_kind = models.CharField(
        _("voor"), max_length=20, choices=BeneficiaryKind.choices, default=BeneficiaryKind.MUNICIPALITY
    )
    envelope = models.DecimalField(_("te verdelen budget in euro"), validators=[MinValueValidator(0)], **MONEY)
    rounding = models.CharField(_("afronding"), max_length=5, choices=Rounding.choices, default=Rounding.EURO)
    floor = models.DecimalField(_("minimum per gemeente"), null=True, blank=True, **MONEY)
    cap = models.DecimalField(_("maximum per gemeente"), null=True, blank=True, **MONEY)
    reference_date = models.DateField(
        _("peildatum"), help_text=_("De gemeenten die op deze dag bestaan, krijgen een trekkingsrecht.")
    )
    statistics_year = models.PositiveSmallIntegerField(
        _("jaar van de statistieken"), help_text=_("De statistieken van dit jaar tellen, bijvoorbeeld 2021.")
    )
    excluded = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("uitgesloten gemeenten"),
        help_text=_("Gemeenten die geen trekkingsrecht krijgen, bijvoorbeeld omdat ze niet in aanmerking komen."),
    )
    note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=KeyStatus.choices, default=KeyStatus.DRAFT)
    computed_at = models.DateTimeField(_("berekend op"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["call", "version"]
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="one_key_per_call_and_version")]
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")

    def __str__(self):
        return f"{self.call} – v{self.version} {self.name}"

    @property
    def is_editable(self):
        return self.status != KeyStatus.PUBLISHED

    @property
    def unit(self):
        return Decimal(self.rounding)


class KeyComponent(models.Model):
    """One term of the formula: a municipal statistic with its weight."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="components")
    indicator = models.ForeignKey(
        "territory.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("statistiek")
    )
    weight = models.DecimalField(_("gewicht"), max_digits=7, decimal_places=4, validators=[MinValueValidator(0.0001)])

    class Meta:
        ordering = ["key", "pk"]
        constraints = [models.UniqueConstraint(fields=["key", "indicator"], name="one_component_per_indicator")]
        verbose_name = _("onderdeel van de sleutel")
        verbose_name_plural = _("onderdelen van de sleutel")

    def __str__(self):
        return f"{self.indicator} × {self.weight}"


class DrawingRightQuerySet(models.QuerySet):
    def published(self):
        """Drawing rights of published keys only: what local governments may rely on."""
        return self.filter(key__status=KeyStatus.PUBLISHED)


class DrawingRight(models.Model):
    """The maximum amount (trekkingsrecht) of one municipality under one version of the key."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="drawing_rights")
    municipality = models.ForeignKey("territory.Municipality", on_delete=models.PROTECT, related_name="drawing_rights")
    amount = models.DecimalField(_("trekkingsrecht in euro"), **MONEY)
    explanation = models.JSONField(_("uitleg"), default=dict, blank=True)

    objects = DrawingRightQuerySet.as_manager()

    class Meta:
        ordering = ["key", "municipality__name_nl"]
        constraints = [
            models.UniqueConstraint(fields=["key", "municipality"], name="one_drawing_right_per_key_and_municipality")
        ]
        verbose_name = _("trekkingsrecht")
        verbose_name_plural = _("trekkingsrechten")

    def __str__(self):
        return f"{self.municipality}: {self.amount}"
