"""Which local governments have a local digital-inclusion operation, and what is missing for the others.

The rule is data. Its default is in data/indicators.json ("operation"); the programme team saves newer versions
(operation.GoalDefinition, edited on /programma/werking/doelstelling/), and the newest one counts. Every criterion
must hold:

- at least `min_active_help_points` public help points in the municipality;
- a coordinator on the platform (`requires_coordinator`);
- a current action plan: adopted, its period covering today (`requires_current_plan`);
- actions in that plan (not dropped) on each of `required_aspects` (access, skills, support by default);
- activity (`activity_items`: help contacts, course participants, devices lent or given) in the last
  `activity_months` months.
"""

import datetime
import json
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from einclusie.monitoring.models import MonthlyFact
from einclusie.monitoring.services import INDICATORS_JSON

CRITERIA = ("help_points", "coordinator", "plan", "aspects", "activity")


@lru_cache(maxsize=1)
def default_rule():
    """The definition shipped with the product (indicators.json, "operation")."""
    return json.loads(INDICATORS_JSON.read_text(encoding="utf-8"))["operation"]


def rule():
    """The definition that counts now: the programme team's newest version over the shipped default."""
    from einclusie.operation.models import GoalDefinition

    definition = dict(default_rule())
    newest = GoalDefinition.objects.order_by("-version").first()
    if newest is not None:
        definition.update(newest.parameters)
    return definition


def months_back(month, count):
    total = month.year * 12 + month.month - 1 - count
    return datetime.date(total // 12, total % 12 + 1, 1)


def operation_status(municipality_ids, *, today, definition=None):
    """{municipality id: {"help_points": n, "coordinator": bool, "plan": bool, "aspects": [...], "active": bool,
    "missing": [criterion codes], "missing_aspects": [...], "reasons": [plain Dutch], "ok": bool}}."""
    from django.db.models import Count

    from einclusie.core.roles import Role
    from einclusie.helppoints.models import HelpPoint
    from einclusie.operation.models import ActionPlan, ActionStatus, PlanAction
    from einclusie.organisations.models import LOCAL_GOVERNMENT_KINDS, Membership

    definition = definition or rule()
    local = {"organisation__kind__in": LOCAL_GOVERNMENT_KINDS, "organisation__municipality_id__in": municipality_ids}
    help_points = dict(
        HelpPoint.objects.public()
        .filter(location__municipality_id__in=municipality_ids)
        .values("location__municipality_id")
        .annotate(count=Count("id"))
        .values_list("location__municipality_id", "count")
    )
    with_coordinator = set(
        Membership.objects.active()
        .filter(role=Role.COORDINATOR, **local)
        .values_list("organisation__municipality_id", flat=True)
    )
    plans = set(
        ActionPlan.objects.current(today).filter(**local).values_list("organisation__municipality_id", flat=True)
    )
    aspects = {}
    current_actions = (
        PlanAction.objects.filter(plan__in=ActionPlan.objects.current(today).filter(**local))
        .exclude(status=ActionStatus.DROPPED)
        .values_list("plan__organisation__municipality_id", "aspect")
        .distinct()
    )
    for pk, aspect in current_actions:
        aspects.setdefault(pk, set()).add(aspect)
    since = months_back(today.replace(day=1), definition["activity_months"] - 1)
    active = set(
        MonthlyFact.objects.filter(
            item__in=definition["activity_items"], dimension="", month__gte=since, value__gt=0
        ).values_list("municipality_id", flat=True)
    )
    required_aspects = list(definition.get("required_aspects", []))
    status = {}
    for pk in municipality_ids:
        missing_aspects = [aspect for aspect in required_aspects if aspect not in aspects.get(pk, set())]
        missing = []
        if help_points.get(pk, 0) < definition["min_active_help_points"]:
            missing.append("help_points")
        if definition["requires_coordinator"] and pk not in with_coordinator:
            missing.append("coordinator")
        if definition.get("requires_current_plan") and pk not in plans:
            missing.append("plan")
        if missing_aspects:
            missing.append("aspects")
        if pk not in active:
            missing.append("activity")
        row = {
            "help_points": help_points.get(pk, 0),
            "coordinator": pk in with_coordinator,
            "plan": pk in plans,
            "aspects": sorted(aspects.get(pk, set())),
            "missing_aspects": missing_aspects,
            "active": pk in active,
            "missing": missing,
            "ok": not missing,
        }
        row["reasons"] = reasons(row, definition)
        status[pk] = row
    return status


def aspect_label(code):
    from einclusie.operation.models import Aspect

    return str(Aspect(code).label) if code in Aspect.values else code


def criteria_texts(definition):
    """The definition in plain Dutch, one sentence per criterion, for everyone to read."""
    from einclusie.monitoring.items import label

    texts = []
    count = definition["min_active_help_points"]
    if count:
        texts.append(
            ngettext(
                "minstens %(count)s open digipunt in de gemeente",
                "minstens %(count)s open digipunten in de gemeente",
                count,
            )
            % {"count": count}
        )
    if definition["requires_coordinator"]:
        texts.append(_("een coördinator e-inclusie op het platform"))
    if definition.get("requires_current_plan"):
        texts.append(_("een goedgekeurd actieplan dat over dit jaar loopt"))
    if definition.get("required_aspects"):
        aspects = ", ".join(aspect_label(code) for code in definition["required_aspects"])
        texts.append(_("acties in het actieplan over: %(aspects)s") % {"aspects": aspects})
    items = ", ".join(str(label(item)) for item in definition["activity_items"])
    texts.append(
        ngettext(
            "activiteit in de laatste maand (%(items)s)",
            "activiteit in de laatste %(count)s maanden (%(items)s)",
            definition["activity_months"],
        )
        % {"count": definition["activity_months"], "items": items}
    )
    return texts


def reasons(row, definition):
    """What is still missing, in plain Dutch."""
    texts = []
    if "help_points" in row["missing"]:
        texts.append(
            ngettext(
                "Er is nog geen open digipunt: minstens %(count)s is nodig.",
                "Er zijn %(found)s open digipunten: minstens %(count)s zijn nodig.",
                definition["min_active_help_points"],
            )
            % {"count": definition["min_active_help_points"], "found": row["help_points"]}
        )
    if "coordinator" in row["missing"]:
        texts.append(_("Er is geen coördinator e-inclusie op het platform."))
    if "plan" in row["missing"]:
        texts.append(_("Er is geen goedgekeurd actieplan dat over dit jaar loopt."))
    if "aspects" in row["missing"]:
        aspects = ", ".join(aspect_label(code) for code in row["missing_aspects"])
        if row["plan"]:
            texts.append(_("Het actieplan heeft nog geen acties over: %(aspects)s.") % {"aspects": aspects})
        else:
            texts.append(_("Het actieplan moet acties bevatten over: %(aspects)s.") % {"aspects": aspects})
    if "activity" in row["missing"]:
        texts.append(
            _("Er werd in de laatste %(count)s maanden geen activiteit geregistreerd.")
            % {"count": definition["activity_months"]}
        )
    return texts
