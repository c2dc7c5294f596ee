"""Where the facts come from: the read APIs of the other modules, never their tables by hand.

Each function returns {(nis_code, month, item, dimension, code): value}. `month` is the first day of a month.

- help contacts   contacts.models.HelpContactQuerySet (in_period, per_month; grouped by topic, target group,
                  channel and age band on the same QuerySet). Incremental: only the months and municipalities
                  given.
- courses         courses.models.EnrolmentQuerySet.participants().per_month() (month of the first session),
                  filtered per target group and DigComp area.
- devices         devices.monitoring.steps(...).with_place(), with its MEASURES and DIMENSIONS.
- subsidies       subsidies ApplicationQuerySet.submitted() (month submitted; month decided for the approved
                  amount) and paid tranches (month paid); the place is the organisation's municipality, else
                  its lead's.
The small modules (courses, devices, subsidies) are recomputed whole on every refresh: a few hundred rows.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from einclusie.core.codelists import DIGCOMP_AREAS, TARGET_GROUPS
from einclusie.core.models import Code
from einclusie.monitoring import items

CONTACT_PLACE = "help_point__location__municipality__nis_code"
CONTACT_DIMENSIONS = {
    "topic": "topics__code",
    "target_group": "target_groups__code",
    "channel": "channel",
    "age_band": "age_band",
}
CONTACT_ITEMS = (items.HELP_CONTACTS,)
OTHER_ITEMS = tuple(code for code in items.DATA_ITEMS if code not in CONTACT_ITEMS)


def first_of_month(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)


def last_of_month(month):
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def help_contacts(*, cells=None):
    """Help contacts per municipality and month, in total and per disaggregation.

    `cells` is a set of (nis_code, month) to recompute; None means every contact.
    """
    from einclusie.contacts.models import HelpContact

    queryset = HelpContact.objects.all()
    if cells is not None:
        if not cells:
            return {}
        months = sorted({month for _nis, month in cells})
        queryset = queryset.in_period(months[0], last_of_month(months[-1])).filter(
            **{CONTACT_PLACE + "__in": sorted({nis for nis, _month in cells})}
        )
    facts = defaultdict(int)
    for row in queryset.per_month():
        facts[(row[CONTACT_PLACE], first_of_month(row["month"]), items.HELP_CONTACTS, "", "")] += row["contacts"]
    monthly = queryset.annotate(month=TruncMonth("date"))
    for dimension, path in CONTACT_DIMENSIONS.items():
        rows = monthly.values("month", CONTACT_PLACE, path).annotate(contacts=Count("id")).order_by()
        for row in rows:
            key = (row[CONTACT_PLACE], first_of_month(row["month"]), items.HELP_CONTACTS, dimension, row[path] or "")
            facts[key] = row["contacts"]
    if cells is not None:
        facts = {key: value for key, value in facts.items() if (key[0], key[1]) in cells}
    return dict(facts)


def courses():
    """Course participants and completions per municipality and month of the course's first session."""
    from einclusie.courses.models import Enrolment

    facts = defaultdict(int)
    participants = Enrolment.objects.participants()
    for row in participants.per_month():
        if row["month"] is None or row["nis_code"] is None:
            continue
        month = first_of_month(row["month"])
        facts[(row["nis_code"], month, items.COURSE_PARTICIPANTS, "", "")] += row["participants"]
        facts[(row["nis_code"], month, items.COURSE_COMPLETIONS, "", "")] += row["completions"]
    for dimension, code_list, path in (
        ("target_group", TARGET_GROUPS, "course__target_groups__code"),
        ("digcomp_area", DIGCOMP_AREAS, "course__digcomp_areas__code"),
    ):
        for code in Code.objects.filter(code_list__slug=code_list).values_list("code", flat=True):
            for row in participants.filter(**{path: code}).per_month():
                if row["month"] is None or row["nis_code"] is None:
                    continue
                key = (row["nis_code"], first_of_month(row["month"]), items.COURSE_PARTICIPANTS, dimension, code)
                facts[key] += row["participants"]
    return dict(facts)


def devices():
    """Devices lent, given and taken in, per municipality (see devices.monitoring) and month."""
    from einclusie.devices import monitoring

    measures = {items.DEVICES_LENT: "lent", items.DEVICES_GIVEN: "given", items.DEVICES_IN: "in"}
    counts = {
        item: Count("id", filter=Q(action__in=monitoring.MEASURES[measure]), distinct=True)
        for item, measure in measures.items()
    }
    steps = monitoring.steps().with_place().annotate(month=TruncMonth("occurred_on"))
    facts = {}
    for dimension in ("", "device_type", "ground"):
        fields = ["month", "nis_code"] + (["dimension_code"] if dimension else [])
        queryset = steps.annotate(dimension_code=monitoring.DIMENSIONS[dimension]) if dimension else steps
        for row in queryset.values(*fields).annotate(**counts).order_by():
            if row["nis_code"] is None:
                continue
            for item in measures:
                if dimension == "ground" and item == items.DEVICES_IN:
                    continue
                if row[item]:
                    code = (row.get("dimension_code") or "") if dimension else ""
                    facts[(row["nis_code"], first_of_month(row["month"]), item, dimension, code)] = row[item]
    return facts


def subsidies():
    """Applications submitted and the amounts requested, approved and paid, per municipality and month."""
    from einclusie.subsidies.models import Application, ApplicationStatus, Tranche, TrancheStatus

    place = Coalesce(F("organisation__municipality__nis_code"), F("organisation__lead__municipality__nis_code"))
    facts = defaultdict(int)
    submitted = Application.objects.submitted().filter(submitted_at__isnull=False).annotate(nis_code=place)
    for row in (
        submitted.annotate(month=TruncMonth("submitted_at"))
        .values("month", "nis_code")
        .annotate(applications=Count("id"), requested=Sum("requested_amount"))
        .order_by()
    ):
        if row["nis_code"]:
            month = first_of_month(row["month"])
            facts[(row["nis_code"], month, items.APPLICATIONS, "", "")] += row["applications"]
            facts[(row["nis_code"], month, items.AMOUNT_REQUESTED, "", "")] += round(row["requested"] or 0)
    approved = submitted.filter(status=ApplicationStatus.APPROVED, decided_at__isnull=False)
    for row in (
        approved.annotate(month=TruncMonth("decided_at"))
        .values("month", "nis_code")
        .annotate(amount=Sum("approved_amount"))
        .order_by()
    ):
        if row["nis_code"]:
            facts[(row["nis_code"], first_of_month(row["month"]), items.AMOUNT_APPROVED, "", "")] += round(
                row["amount"] or 0
            )
    paid = Tranche.objects.filter(status=TrancheStatus.PAID, paid_at__isnull=False).annotate(
        nis_code=Coalesce(
            F("application__organisation__municipality__nis_code"),
            F("application__organisation__lead__municipality__nis_code"),
        ),
        month=TruncMonth("paid_at"),
    )
    for row in paid.values("month", "nis_code").annotate(amount=Sum("amount")).order_by():
        if row["nis_code"]:
            facts[(row["nis_code"], first_of_month(row["month"]), items.AMOUNT_PAID, "", "")] += round(
                row["amount"] or 0
            )
    return dict(facts)


def other_modules():
    """Every fact that is not a help contact."""
    return {**courses(), **devices(), **subsidies()}
