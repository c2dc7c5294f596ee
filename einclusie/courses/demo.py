"""Fictitious courses for the demo: past, running, upcoming, full and draft ones, with sign-ups, attendance,
completion and anonymous skills checks. Every title says "(demo)"; every person is made up."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from einclusie.core.codelists import DIGCOMP_AREAS, LANGUAGES, TARGET_GROUPS, codes
from einclusie.courses.models import (
    Attendance,
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Level,
    Moment,
    Questionnaire,
    SkillsAnswer,
    SkillsCheck,
)
from einclusie.courses.skills import new_code
from einclusie.helppoints.models import HelpPoint
from einclusie.helppoints.services import directory_changed

T = datetime.time
FIRST_NAMES = [
    "Maria",
    "Jan",
    "Fatima",
    "Luc",
    "Olena",
    "Mehmet",
    "Rita",
    "Ahmed",
    "Christiane",
    "Pieter",
    "Yasmina",
    "Georges",
    "Anna",
    "Rik",
]

# (title, description, area codes, level, language, target groups, session offsets in days, capacity,
#  enrolled, waiting, status)
DEMO_COURSES = {
    "gent": [
        (
            "Veilig online bankieren (demo)",
            "Vier lessen over uw bank-app en internetbankieren: inloggen, overschrijven, valse berichten herkennen.",
            ["veiligheid", "informatie-data"],
            Level.FOUNDATION,
            "nl",
            ["ouderen"],
            [-56, -49, -42, -35],
            10,
            8,
            0,
            CourseStatus.PUBLISHED,
        ),
        (
            "Aan de slag met uw smartphone (demo)",
            "Leer uw smartphone instellen, apps installeren, foto's maken en berichten sturen. Breng uw toestel mee.",
            ["communicatie-samenwerking", "problemen-oplossen"],
            Level.FOUNDATION,
            "nl",
            ["ouderen", "laaggeschoolden"],
            [14, 21, 28],
            12,
            5,
            0,
            CourseStatus.PUBLISHED,
        ),
        (
            "itsme en Mijn Burgerprofiel (demo)",
            "Eén les: itsme installeren en inloggen bij de overheid. Breng uw identiteitskaart en pincode mee.",
            ["communicatie-samenwerking", "veiligheid"],
            Level.FOUNDATION,
            "nl",
            [],
            [10],
            4,
            4,
            1,
            CourseStatus.PUBLISHED,
        ),
        (
            "E-mail voor beginners (demo)",
            "Een e-mailadres maken, mails lezen en sturen, een foto meesturen.",
            ["communicatie-samenwerking"],
            Level.FOUNDATION,
            "nl",
            [],
            [35, 42],
            10,
            0,
            0,
            CourseStatus.DRAFT,
        ),
    ],
    "ocmw-gent": [
        (
            "Digitale basisvaardigheden voor nieuwkomers (demo)",
            "Drie lessen in eenvoudig Nederlands: de computer, e-mail en formulieren van de overheid.",
            ["informatie-data", "contentcreatie"],
            Level.FOUNDATION,
            "nl",
            ["buitenlandse-herkomst", "anderstaligen"],
            [-7, 0, 7],
            8,
            6,
            0,
            CourseStatus.PUBLISHED,
        ),
    ],
    "aalst": [
        (
            "Computer voor senioren (demo)",
            "Rustig leren werken met een laptop: muis, toetsenbord, internet en bestanden bewaren.",
            ["informatie-data", "problemen-oplossen"],
            Level.FOUNDATION,
            "nl",
            ["ouderen"],
            [9, 16, 23, 30],
            10,
            3,
            0,
            CourseStatus.PUBLISHED,
        ),
    ],
    "ronse": [
        (
            "Premiers pas sur internet / Eerste stappen op internet (demo)",
            "Cours en français pour débutants. Cursus in het Frans voor beginners: zoeken, e-mail, veilig surfen.",
            ["informatie-data", "veiligheid"],
            Level.FOUNDATION,
            "fr",
            ["alle-inwoners"],
            [12, 19],
            10,
            2,
            0,
            CourseStatus.PUBLISHED,
        ),
    ],
}


def demo_courses(organisations, *, today=None):
    """Create the demo courses of organisations that have none yet. Returns the number of courses created."""
    today = today or timezone.localdate()
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    areas = {code.code: code for code in codes(DIGCOMP_AREAS)}
    languages = {code.code: code for code in codes(LANGUAGES)}
    target_groups = {code.code: code for code in codes(TARGET_GROUPS)}
    created = 0
    with transaction.atomic():
        for key, specs in DEMO_COURSES.items():
            organisation = organisations[key]
            if Course.objects.filter(organisation=organisation).exists():
                continue
            help_point = (
                HelpPoint.objects.for_organisation(organisation).select_related("location").order_by("pk").first()
            )
            for spec in specs:
                course = _course(organisation, help_point, spec, areas, languages, target_groups, today, rng)
                if course.title.startswith("Veilig online bankieren"):
                    _skills_checks(course, rng, pairs=6, before_only=2)
                created += 1
        if created:
            directory_changed()
    return created


def _course(organisation, help_point, spec, areas, languages, target_groups, today, rng):
    title, description, area_codes, level, language, groups, offsets, capacity, enrolled, waiting, status = spec
    course = Course.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        level=level,
        language=languages.get(language) or languages["nl"],
        location=help_point.location if help_point else None,
        place="" if help_point else "Gemeentehuis, zaal 1 (demo)",
        help_point=help_point,
        capacity=capacity,
        status=status,
    )
    course.digcomp_areas.set([areas[code] for code in area_codes if code in areas])
    course.target_groups.set([target_groups[code] for code in groups if code in target_groups])
    sessions = [
        CourseSession.objects.create(
            course=course, date=today + datetime.timedelta(days=offset), starts_at=T(9, 30), ends_at=T(12)
        )
        for offset in offsets
    ]
    names = rng.sample(FIRST_NAMES, k=enrolled + waiting)
    for number, name in enumerate(names):
        via_helper = number % 4 == 3
        enrolment = Enrolment.objects.create(
            course=course,
            first_name=name,
            phone="" if via_helper or number % 3 == 1 else f"04700000{number:02d}",
            email="" if via_helper or number % 3 != 1 else f"{name.lower()}@example.org",
            helper_organisation=organisation if via_helper else None,
            status=EnrolmentStatus.WAITING if number >= enrolled else EnrolmentStatus.ENROLLED,
        )
        if enrolment.status != EnrolmentStatus.ENROLLED:
            continue
        present_at = 0
        for session in sessions:
            if session.date < today:
                present = rng.random() < 0.85
                present_at += present
                Attendance.objects.create(enrolment=enrolment, session=session, present=present)
        if sessions and all(session.date < today for session in sessions) and present_at >= 0.75 * len(sessions):
            enrolment.completed = True
            enrolment.completed_at = timezone.now()
            enrolment.save(update_fields=["completed", "completed_at"])
    return course


def _skills_checks(course, rng, *, pairs, before_only):
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        return
    items = list(questionnaire.items.all())
    first_day = course.ordered_sessions()[0].date
    last_day = course.ordered_sessions()[-1].date
    for number in range(pairs + before_only):
        before = SkillsCheck.objects.create(
            questionnaire=questionnaire, code=new_code(), moment=Moment.BEFORE, course=course, taken_on=first_day
        )
        ratings = {item.pk: rng.choice([1, 1, 2, 2, 3]) for item in items}
        _answers(before, items, ratings)
        if number < pairs:
            after = SkillsCheck.objects.create(
                questionnaire=questionnaire,
                code=before.code,
                moment=Moment.AFTER,
                course=course,
                before=before,
                taken_on=last_day,
            )
            _answers(after, items, {pk: min(4, rating + rng.choice([0, 1, 1, 2])) for pk, rating in ratings.items()})


def _answers(check, items, ratings):
    SkillsAnswer.objects.bulk_create(
        SkillsAnswer(skills_check=check, item=item, rating=ratings[item.pk]) for item in items
    )
