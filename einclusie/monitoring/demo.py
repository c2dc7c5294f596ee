"""The monitoring in the demo: the indicators, every fact recounted from the demo data, and an open round of
the quick scan with a few answers."""


def demo_monitoring():
    """Load the indicators and refresh the facts fully; returns lines saying what was done."""
    from einclusie.monitoring.services import indicators_load, monitoring_refresh

    counts = indicators_load()
    result = monitoring_refresh(full=True)
    lines = []
    if counts["created"]:
        lines.append(f"{counts['created']} monitoring indicators")
    lines.append(f"{result['facts']} monitoring facts, {result['rollups']} rows of province and region rollups")
    lines.extend(demo_quickscan())
    return lines


GENT = "Stad Gent"


def demo_quickscan(today=None):
    """One open round of the quick scan for this year with a few submitted answers and a draft (idempotent)."""
    import datetime

    from django.utils import timezone

    from einclusie.monitoring.models import SurveyResponse, SurveyRound
    from einclusie.monitoring.survey import local_governments, questions_load

    today = today or timezone.localdate()
    questions_load()
    survey_round, created = SurveyRound.objects.get_or_create(
        year=today.year, defaults={"closes_on": max(datetime.date(today.year, 12, 31), today)}
    )
    # Stad Gent (whose coordinator is the demo's first login) is left to answer it on its own.
    organisations = list(local_governments().exclude(name=GENT).order_by("pk")[:8])
    budgets = ["none", "small", "medium", "large"]
    for index, organisation in enumerate(organisations):
        answers = {
            "contact_person": index % 4 != 3,
            "policy_plan": index % 3 != 2,
            "staff_fte": index % 3,
            "partners": 2 + index * 3,
            "budget": budgets[index % 4],
        }
        submitted = None if index == len(organisations) - 1 else timezone.now()
        SurveyResponse.objects.get_or_create(
            round=survey_round, organisation=organisation, defaults={"answers": answers, "submitted_at": submitted}
        )
    return [f"quick scan {survey_round.year}: {len(organisations)} answers"] if created else []
