"""The monitoring in the demo: the indicators, every fact recounted from the demo data, and an open round of
the quick scan with a few answers, and an open residents' survey with about 60 answers; last year's rounds of
both, closed, with answers, so their results are public."""


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
    lines.extend(demo_residents())
    lines.extend(demo_published_rounds())
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
        audience="local", year=today.year, defaults={"closes_on": max(datetime.date(today.year, 12, 31), today)}
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


def demo_residents(today=None, count=60):
    """An open residents' survey for this year with `count` generated answers across the demo municipalities
    (idempotent: answers are only generated when the round is created)."""
    import datetime
    import random

    from django.utils import timezone

    from einclusie.monitoring.models import Audience, SurveyResponse, SurveyRound
    from einclusie.monitoring.survey import local_governments, questions_load
    from einclusie.territory.models import PostalCode

    today = today or timezone.localdate()
    questions_load(Audience.RESIDENTS)
    survey_round, created = SurveyRound.objects.get_or_create(
        audience=Audience.RESIDENTS,
        year=today.year,
        defaults={"closes_on": max(datetime.date(today.year, 12, 31), today)},
    )
    if not created:
        return []
    municipalities = local_governments().values_list("municipality_id", flat=True)
    postal_codes = sorted(
        {
            int(code)
            for code in PostalCode.objects.filter(municipality__in=municipalities).values_list("code", flat=True)
        }
    )[:6] or [9000]
    generator = random.Random(today.year)
    bands = ["0-24", "25-44", "45-64", "65+"]
    day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    for index in range(count):
        band = bands[index % 4]
        older = band == "65+"
        answers = {
            "res_age_band": band,
            "res_postal_code": postal_codes[index % len(postal_codes)],
            "res_internet_use": generator.choice(["weekly", "rarely", "never"] if older else ["daily", "weekly"]),
            "res_task_alone": generator.random() < (0.4 if older else 0.75),
            "res_knows_help": generator.random() < 0.55,
            "res_used_help": generator.random() < (0.5 if older else 0.2),
        }
        SurveyResponse.objects.create(round=survey_round, answers=answers, submitted_at=day)
    return [f"residents' survey {survey_round.year}: {count} answers"]


def demo_published_rounds(today=None, residents=80):
    """Last year's rounds of the quick scan (every demo local government answered) and of the residents' survey
    (`residents` answers across the demo's postal codes), closed on 30 November, so their results are public on
    /cijfers/bevragingen/. Deterministic, and idempotent: answers are only added when a round is created."""
    import datetime
    import random

    from django.utils import timezone

    from einclusie.monitoring.models import Audience, SurveyResponse, SurveyRound
    from einclusie.monitoring.survey import local_governments, questions_load
    from einclusie.territory.models import PostalCode

    today = today or timezone.localdate()
    year = today.year - 1
    closes_on = datetime.date(year, 11, 30)
    submitted = timezone.make_aware(datetime.datetime(year, 11, 15))
    lines = []
    questions_load()
    local_round, created = SurveyRound.objects.get_or_create(
        audience=Audience.LOCAL, year=year, defaults={"closes_on": closes_on}
    )
    if created:
        budgets = ["small", "medium", "none", "large", "small"]
        organisations = list(local_governments().order_by("pk"))
        for index, organisation in enumerate(organisations):
            answers = {
                "contact_person": True,
                "policy_plan": index % 2 == 0,
                "staff_fte": (index * 2) % 5,
                "partners": 3 + index * 4,
                "budget": budgets[index % len(budgets)],
            }
            SurveyResponse.objects.create(
                round=local_round, organisation=organisation, answers=answers, submitted_at=submitted
            )
        lines.append(f"quick scan {year} (closed): {len(organisations)} answers")
    questions_load(Audience.RESIDENTS)
    residents_round, created = SurveyRound.objects.get_or_create(
        audience=Audience.RESIDENTS, year=year, defaults={"closes_on": closes_on}
    )
    if created:
        municipalities = local_governments().values_list("municipality_id", flat=True)
        codes = PostalCode.objects.filter(municipality__in=municipalities).values_list("code", flat=True)
        postal_codes = sorted({int(code) for code in codes}) or [9000]
        generator = random.Random(year)
        bands = ["0-24", "25-44", "45-64", "65+"]
        for index in range(residents):
            band = bands[index % 4]
            older = band == "65+"
            answers = {
                "res_age_band": band,
                "res_postal_code": postal_codes[index % len(postal_codes)],
                "res_internet_use": generator.choice(["weekly", "rarely", "never"] if older else ["daily", "weekly"]),
                "res_task_alone": generator.random() < (0.45 if older else 0.8),
                "res_knows_help": generator.random() < 0.6,
                "res_used_help": generator.random() < (0.5 if older else 0.2),
            }
            SurveyResponse.objects.create(round=residents_round, answers=answers, submitted_at=submitted)
        lines.append(f"residents' survey {year} (closed): {residents} answers")
    return lines
