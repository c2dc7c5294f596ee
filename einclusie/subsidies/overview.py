"""The regional overview of a call: who applied, for how much, with which actions, and who is late."""

from django.db.models import Count, Sum
from django.utils import timezone

from einclusie.subsidies.justifications import is_late
from einclusie.subsidies.models import (
    ApplicationAction,
    ApplicationStatus,
    Justification,
    JustificationStatus,
    StepKind,
)
from einclusie.territory.geo import MAP_HEIGHT, MAP_WIDTH, map_position


def regional_overview(call):
    submitted = call.applications.submitted().select_related("organisation__municipality__province")
    key = call.published_key()
    eligible = key.drawing_rights.count() if key else 0
    participants = []
    for application in submitted.order_by("organisation__name"):
        municipality = application.organisation.municipality
        participants.append(
            {
                "application": application,
                "nis_code": municipality.nis_code if municipality else "",
                "province": municipality.province.name if municipality else "",
                "position": map_position(municipality),
            }
        )
    actions = ApplicationAction.objects.filter(application__in=submitted)
    per_type = actions.values("action_type__label_nl", "action_type__position").annotate(
        actions=Count("pk"), applicants=Count("application", distinct=True)
    )
    per_target_group = actions.values("target_groups__label_nl").annotate(actions=Count("pk")).order_by("-actions")
    step = call.step(StepKind.JUSTIFICATION)
    late = []
    if step:
        today = timezone.localdate()
        for application in call.applications.filter(status=ApplicationStatus.APPROVED).select_related("organisation"):
            justification = Justification.objects.filter(application=application).first()
            deadline = step.deadline_for(application.organisation)
            pending = justification is None or justification.status in (
                JustificationStatus.DRAFT,
                JustificationStatus.RETURNED,
            )
            if (pending and deadline < today) or (justification and not pending and is_late(justification)):
                late.append({"application": application, "deadline": deadline, "justification": justification})
    return {
        "eligible": eligible,
        "applicants": submitted.count(),
        "requested": submitted.aggregate(total=Sum("requested_amount"))["total"] or 0,
        "approved_total": submitted.filter(status=ApplicationStatus.APPROVED).aggregate(total=Sum("approved_amount"))[
            "total"
        ]
        or 0,
        "envelope": call.envelope_total,
        "participants": participants,
        "per_type": sorted(per_type, key=lambda row: row["action_type__position"]),
        "per_target_group": [row for row in per_target_group if row["target_groups__label_nl"]],
        "late": late,
        "map_width": MAP_WIDTH,
        "map_height": MAP_HEIGHT,
    }
