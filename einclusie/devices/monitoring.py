"""The read API of the device bank for monitoring and subsidy justification. Counts only, no people.

Every figure is counted from the steps devices went through (`DeviceTransition`), so a number never
depends on a device's status today, and erasing a person changes no count. Measures:

    in        devices registered at intake            (action "register")
    wiped     data wipes recorded                     ("wipe")
    lent      hand-overs as a loan                    ("lend")
    given     gifts: handed over as a gift or a loan  ("give", "convert_to_gift")
              turned into a gift
    returned  loans brought back                      ("return")
    recycled  devices recycled                        ("recycle")

Dimensions: month (of the step), municipality (NIS code: where the person lives for lent, given and
returned; the device bank's municipality for the others), device type, eligibility ground kind (only for
lent, given and returned; a person with two grounds counts for both).

Functions take keyword-only arguments; `organisation=None` means every organisation; `start` and `end`
are dates, inclusive, None leaves that side open.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from einclusie.devices.models import DeviceTransition

MEASURES = {
    "in": ("register",),
    "wiped": ("wipe",),
    "lent": ("lend",),
    "given": ("give", "convert_to_gift"),
    "returned": ("return",),
    "recycled": ("recycle",),
}
PERSON_MEASURES = ("lent", "given", "returned")
MEASURE_LABELS = {
    "in": _("binnengekomen"),
    "wiped": _("gewist"),
    "lent": _("uitgeleend"),
    "given": _("geschonken"),
    "returned": _("teruggebracht"),
    "recycled": _("gerecycleerd"),
}

DIMENSIONS = {
    "month": TruncMonth("occurred_on"),
    "municipality": F("nis_code"),  # see DeviceTransitionQuerySet.with_place
    "device_type": F("device__device_type"),
    "ground": F("loan__beneficiary__grounds__kind"),
}


def steps(*, organisation=None, start=None, end=None):
    """The steps the counts are made of, for one organisation (or all) in a period."""
    queryset = DeviceTransition.objects.all()
    if organisation is not None:
        queryset = queryset.for_organisation(organisation)
    return queryset.in_period(start, end)


def _count(measure):
    # distinct: a step joined to a person's two grounds is still one step
    return Count("id", filter=Q(action__in=MEASURES[measure]), distinct=True)


def totals(*, organisation=None, start=None, end=None):
    """One number per measure: {"in": 40, "wiped": 38, "lent": 12, …}."""
    queryset = steps(organisation=organisation, start=start, end=end)
    return queryset.aggregate(**{measure: _count(measure) for measure in MEASURES})


def counts(*, by, organisation=None, start=None, end=None):
    """Rows of counts per value of a dimension ("month", "municipality", "device_type" or "ground").

    Each row: {by: value, "in": …, "wiped": …, "lent": …, "given": …, "returned": …, "recycled": …}, ordered
    by the value. Per ground, only the measures about people are meaningful (the others are 0).
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; choose one of {sorted(DIMENSIONS)}")
    queryset = steps(organisation=organisation, start=start, end=end)
    if by == "municipality":
        queryset = queryset.with_place()
    if by == "ground":
        queryset = queryset.filter(action__in=[a for m in PERSON_MEASURES for a in MEASURES[m]])
    rows = (
        queryset.annotate(dimension=DIMENSIONS[by])
        .values("dimension")
        .annotate(**{measure: _count(measure) for measure in MEASURES})
        .order_by("dimension")
    )
    result = []
    for row in rows:
        result.append({by: row.pop("dimension"), **row})
    return result


def devices_lent(*, organisation, start, end):
    """How many devices the organisation handed over as a loan between start and end (dates, inclusive).

    The "devices lent" figure of the subsidy justification. Gifts are counted by `devices_given`.
    """
    return steps(organisation=organisation, start=start, end=end).of(*MEASURES["lent"]).count()


def devices_given(*, organisation, start, end):
    """How many devices the organisation gave away (directly or by turning a loan into a gift) in the period."""
    return steps(organisation=organisation, start=start, end=end).of(*MEASURES["given"]).count()


def people_reached(*, organisation, start, end):
    """How many different people received a device (lent or given) in the period."""
    return (
        steps(organisation=organisation, start=start, end=end)
        .of("lend", "give")
        .values("loan__beneficiary")
        .distinct()
        .count()
    )
