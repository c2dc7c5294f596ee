"""The read API the monitoring uses: named QuerySet methods over the facts logged here, no copies."""

import datetime

import pytest

from einclusie.core.models import Code
from einclusie.courses.models import Attendance, CourseSession, Enrolment, SkillsCheck
from einclusie.courses.tests.factories import AttendanceFactory, CourseFactory, CourseSessionFactory, EnrolmentFactory
from einclusie.helppoints.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts(gent, aalst, codes):
    october = CourseFactory(organisation=gent, areas=["veiligheid", "informatie-data"])
    october.target_groups.set([Code.objects.get(code_list__slug="target-groups", code="ouderen")])
    sessions = [CourseSessionFactory(course=october, date=datetime.date(2026, 10, day)) for day in (6, 13, 20)]
    people = EnrolmentFactory.create_batch(3, course=october)
    for person in people[:2]:
        for session in sessions:
            AttendanceFactory(enrolment=person, session=session, present=session != sessions[0] or person == people[0])
    AttendanceFactory(enrolment=people[2], session=sessions[0], present=False)
    people[0].completed = True
    people[0].save()
    november = CourseFactory(organisation=aalst, location=LocationFactory(organisation=aalst), areas=["veiligheid"])
    session = CourseSessionFactory(course=november, date=datetime.date(2026, 11, 3))
    AttendanceFactory(enrolment=EnrolmentFactory(course=november), session=session)
    return {"october": october, "november": november}


def test_participants_and_completions_per_month_and_municipality(facts):
    rows = list(Enrolment.objects.participants().per_month())
    assert [(row["month"].month, row["nis_code"], row["participants"], row["completions"]) for row in rows] == [
        (10, "44021", 2, 1),
        (11, "41002", 1, 0),
    ]
    assert list(Enrolment.objects.participants().per_municipality()) == [
        {"nis_code": "41002", "participants": 1, "completions": 0},
        {"nis_code": "44021", "participants": 2, "completions": 1},
    ]


def test_participants_per_digcomp_area_and_target_group(facts):
    assert list(Enrolment.objects.participants().per_area()) == [
        {"course__digcomp_areas__code": "veiligheid", "participants": 3},
        {"course__digcomp_areas__code": "informatie-data", "participants": 2},
    ]
    assert list(Enrolment.objects.participants().per_target_group()) == [
        {"course__target_groups__code": "ouderen", "participants": 2},
        {"course__target_groups__code": None, "participants": 1},
    ]


def test_attendance_rate_and_sessions_held_per_month(facts, gent):
    assert Attendance.objects.for_organisation(gent).rate() == pytest.approx(5 / 7)
    assert Attendance.objects.none().rate() is None
    rows = CourseSession.objects.held(datetime.date(2026, 12, 1)).per_month()
    assert [(row["month"].month, row["nis_code"], row["sessions"]) for row in rows] == [
        (10, "44021", 3),
        (11, "41002", 1),
    ]


def test_period_and_organisation_filters_compose(facts, gent):
    october = Enrolment.objects.for_organisation(gent).in_period(
        datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
    )
    assert october.count() == 3
    assert october.participants().count() == 2
    assert october.completed().count() == 1
    assert not SkillsCheck.objects.for_organisation(gent).exists()
