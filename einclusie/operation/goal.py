"""The programme goal's definition: versions saved by the programme team, the shipped default otherwise.

The rule itself lives in monitoring/operation.py (it reads the monitoring facts); this module only writes versions.
"""

from django.db import transaction
from django.db.models import Max

from einclusie.core.models import record_event
from einclusie.monitoring.operation import default_rule, rule
from einclusie.operation.models import GoalDefinition

PARAMETERS = (
    "min_active_help_points",
    "requires_coordinator",
    "requires_current_plan",
    "required_aspects",
    "activity_months",
    "activity_items",
)


def current_definition():
    """(the definition that counts, its GoalDefinition or None when the shipped default counts)."""
    return rule(), GoalDefinition.objects.order_by("-version").first()


def goal_definition_save(*, parameters, note, by):
    """Save a new version of the definition (the old ones stay, with who and when)."""
    values = {key: parameters[key] for key in PARAMETERS}
    with transaction.atomic():
        GoalDefinition.objects.select_for_update().all().exists()
        if not GoalDefinition.objects.exists():  # the shipped default becomes version 1, so history starts there
            GoalDefinition.objects.create(
                version=1,
                parameters={key: default_rule()[key] for key in PARAMETERS if key in default_rule()},
                note="indicators.json",
            )
        version = (GoalDefinition.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        definition = GoalDefinition.objects.create(version=version, parameters=values, note=note, created_by=by)
        record_event(verb="operation.goal_definition_saved", actor=by, subject=f"v{version}", **values)
    return definition
