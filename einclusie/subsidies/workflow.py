"""How an application moves through the review. Read this table as the rules; nothing else changes a status.

Each transition: the statuses it starts from, the status it leads to, who may do it (an action of the
permission table in einclusie/core/roles.py) and whether a note is required.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from einclusie.subsidies.models.applications import ApplicationStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str
    needs_note: bool = False


APPLY = "subsidies.apply"
REVIEW = "subsidies.review"

TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition("submit", _("Indienen"), (S.DRAFT,), S.SUBMITTED, APPLY),
        Transition("resubmit", _("Opnieuw indienen"), (S.CHANGES_REQUESTED,), S.SUBMITTED, APPLY),
        Transition("start_review", _("In behandeling nemen"), (S.SUBMITTED,), S.IN_REVIEW, REVIEW),
        Transition(
            "request_changes", _("Aanpassing vragen"), (S.SUBMITTED, S.IN_REVIEW), S.CHANGES_REQUESTED, REVIEW, True
        ),
        Transition("approve", _("Goedkeuren"), (S.IN_REVIEW,), S.APPROVED, REVIEW),
        Transition("reject", _("Afwijzen"), (S.IN_REVIEW,), S.REJECTED, REVIEW, True),
        Transition(
            "reopen",
            _("Terugzetten naar in opmaak"),
            (S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED),
            S.DRAFT,
            REVIEW,
            True,
        ),
    ]
}


def available(application, membership):
    """The transitions this person may take on this application now."""
    if membership is None:
        return []
    return [
        transition
        for transition in TRANSITIONS.values()
        if application.status in transition.sources and membership.allows(transition.permission)
    ]
