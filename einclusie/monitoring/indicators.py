"""Indicators computed from their formula in data: numerator / denominator × factor.

The numerator is a data item summed over the period; the denominator is a data item too, or a municipal
statistic (the latest year known; for a municipality formed by a merger without its own figure, the sum of
its predecessors'), optionally times a second statistic (a share) with a default.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Sum

from einclusie.monitoring.items import DATA_ITEMS
from einclusie.monitoring.models import Indicator, MonthlyFact


class UnknownIndicator(LookupError):
    pass


def indicator_by_code(code, *, public_only=True):
    """The indicator with this code; UnknownIndicator when there is none (or it is not public)."""
    if "\x00" in code:
        # PostgreSQL refuses a NUL byte in a query: such a code cannot exist.
        raise UnknownIndicator(code)
    queryset = Indicator.objects.filter(is_public=True) if public_only else Indicator.objects.all()
    indicator = queryset.filter(code=code).first()
    if indicator is None:
        raise UnknownIndicator(code)
    return indicator


def statistic(code, municipality_ids):
    """{municipality id: latest value} of a territory statistic; merged municipalities sum their predecessors'."""
    from einclusie.territory.models import Indicator as TerritoryIndicator
    from einclusie.territory.models import Municipality, Statistic

    latest = {}
    for municipality_id, value in (
        Statistic.objects.filter(indicator__code=code)
        .order_by("municipality_id", "-year")
        .values_list("municipality_id", "value")
    ):
        latest.setdefault(municipality_id, value)
    unit = TerritoryIndicator.objects.filter(code=code).values_list("unit", flat=True).first()
    result = {pk: latest[pk] for pk in municipality_ids if pk in latest}
    if unit != "%":
        missing = set(municipality_ids) - set(result)
        for successor_id, predecessor_id in Municipality.objects.filter(successor_id__in=missing).values_list(
            "successor_id", "pk"
        ):
            if predecessor_id in latest:
                result[successor_id] = result.get(successor_id, 0) + latest[predecessor_id]
    return result


def _item_sums(spec, municipality_ids, start, end):
    item = spec.get("item")
    if item not in DATA_ITEMS:
        raise ValueError(f"unknown data item {item!r}")
    queryset = MonthlyFact.objects.of(item, spec.get("dimension", "")).in_months(start, end)
    if spec.get("code"):
        queryset = queryset.filter(code=spec["code"])
    queryset = queryset.filter(municipality_id__in=municipality_ids)
    sums = queryset.values("municipality_id").annotate(value=Sum("value")).order_by()
    return {row["municipality_id"]: Decimal(row["value"]) for row in sums}


def _denominators(spec, municipality_ids, start, end):
    if "item" in spec:
        return _item_sums(spec, municipality_ids, start, end)
    values = statistic(spec["statistic"], municipality_ids)
    if spec.get("times_statistic"):
        shares = statistic(spec["times_statistic"], municipality_ids)
        default = Decimal(str(spec.get("default", "0")))
        scale = Decimal(str(spec.get("scale", "1")))
        values = {pk: value * shares.get(pk, default) * scale for pk, value in values.items()}
    return {pk: Decimal(value) for pk, value in values.items()}


def compute(indicator, *, groups, start=None, end=None):
    """The indicator for each group of municipalities: {group key: {"numerator", "denominator", "value"}}.

    `groups` is {key: [municipality ids]}: one municipality per key, a province, or the whole region. A
    group without a denominator gets value None.
    """
    every_id = sorted({pk for ids in groups.values() for pk in ids})
    numerators = _item_sums(indicator.numerator, every_id, start, end)
    denominators = _denominators(indicator.denominator, every_id, start, end)
    quantum = Decimal(1).scaleb(-indicator.decimals)
    result = {}
    for key, ids in groups.items():
        numerator = sum((numerators.get(pk, 0) for pk in ids), Decimal(0))
        present = [denominators[pk] for pk in ids if pk in denominators]
        denominator = sum(present, Decimal(0)) if present else None
        value = None
        if denominator:
            try:
                value = (numerator / denominator * indicator.factor).quantize(quantum, rounding=ROUND_HALF_UP)
            except InvalidOperation:
                value = None
        result[key] = {"numerator": numerator, "denominator": denominator, "value": value}
    return result
