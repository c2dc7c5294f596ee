"""Which local governments have a local digital-inclusion operation, and what is missing for the others.

The rule is data (data/indicators.json, "operation"): at least N active help points, a coordinator, and
activity (help contacts, course participants or devices handed out) in the last M months.
"""

import datetime
import json
from functools import lru_cache

from einclusie.monitoring.models import MonthlyFact
from einclusie.monitoring.services import INDICATORS_JSON


@lru_cache(maxsize=1)
def rule():
    return json.loads(INDICATORS_JSON.read_text(encoding="utf-8"))["operation"]


def months_back(month, count):
    total = month.year * 12 + month.month - 1 - count
    return datetime.date(total // 12, total % 12 + 1, 1)


def operation_status(municipality_ids, *, today):
    """{municipality id: {"help_points": n, "coordinator": bool, "active": bool, "missing": [...], "ok": bool}}."""
    from django.db.models import Count

    from einclusie.core.roles import Role
    from einclusie.helppoints.models import HelpPoint
    from einclusie.organisations.models import LOCAL_GOVERNMENT_KINDS, Membership

    definition = rule()
    help_points = dict(
        HelpPoint.objects.public()
        .filter(location__municipality_id__in=municipality_ids)
        .values("location__municipality_id")
        .annotate(count=Count("id"))
        .values_list("location__municipality_id", "count")
    )
    with_coordinator = set(
        Membership.objects.active()
        .filter(
            role=Role.COORDINATOR,
            organisation__kind__in=LOCAL_GOVERNMENT_KINDS,
            organisation__municipality_id__in=municipality_ids,
        )
        .values_list("organisation__municipality_id", flat=True)
    )
    since = months_back(today.replace(day=1), definition["activity_months"] - 1)
    active = set(
        MonthlyFact.objects.filter(
            item__in=definition["activity_items"], dimension="", month__gte=since, value__gt=0
        ).values_list("municipality_id", flat=True)
    )
    status = {}
    for pk in municipality_ids:
        missing = []
        if help_points.get(pk, 0) < definition["min_active_help_points"]:
            missing.append("help_points")
        if definition["requires_coordinator"] and pk not in with_coordinator:
            missing.append("coordinator")
        if pk not in active:
            missing.append("activity")
        status[pk] = {
            "help_points": help_points.get(pk, 0),
            "coordinator": pk in with_coordinator,
            "active": pk in active,
            "missing": missing,
            "ok": not missing,
        }
    return status
