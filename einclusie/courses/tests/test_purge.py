import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from einclusie.courses.models import Attendance, Enrolment, months_before
from einclusie.courses.services import enrolments_purge
from einclusie.courses.tests.factories import AttendanceFactory, CourseFactory, CourseSessionFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_course(gent, codes, settings):
    settings.COURSE_RETENTION_MONTHS = 6
    course = CourseFactory(organisation=gent, title="Lang geleden")
    session = CourseSessionFactory(course=course, date=timezone.localdate() - datetime.timedelta(days=200))
    for name in ("Maria", "Jan"):
        enrolment = EnrolmentFactory(course=course, first_name=name, email=f"{name.lower()}@example.org")
        AttendanceFactory(enrolment=enrolment, session=session)
    Enrolment.objects.filter(first_name="Jan").update(completed=True, completed_at=timezone.now())
    return course


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_purge_erases_personal_fields_and_keeps_the_counts(old_course, course):
    recent = EnrolmentFactory(course=course, first_name="Recent", email="recent@example.org")
    result = enrolments_purge(dry_run=False)
    assert result == {"enrolments": 2, "courses": 1}
    erased = Enrolment.objects.filter(course=old_course)
    assert list(erased.values_list("first_name", "phone", "email")) == [("", "", ""), ("", "", "")]
    assert all(enrolment.erased_at for enrolment in erased)
    assert erased.holding_a_place().count() == 2
    assert erased.completed().count() == 1
    assert Attendance.objects.filter(enrolment__course=old_course, present=True).count() == 2
    assert Enrolment.objects.filter(course=old_course).participants().count() == 2
    recent.refresh_from_db()
    assert recent.first_name == "Recent"


def test_purge_prints_first_and_is_safe_to_run_twice(old_course, capsys):
    call_command("courses", "purge")
    assert "would erase the personal data of 2 enrolments in 1 courses" in capsys.readouterr().out
    assert Enrolment.objects.filter(first_name="Maria").exists()
    call_command("courses", "purge", "--yes")
    assert "erased the personal data of 2 enrolments" in capsys.readouterr().out
    call_command("courses", "purge", "--yes")
    assert "erased the personal data of 0 enrolments" in capsys.readouterr().out
    assert not Enrolment.objects.filter(first_name="Maria").exists()


def test_a_course_within_the_retention_period_is_kept(gent, codes, settings):
    settings.COURSE_RETENTION_MONTHS = 6
    course = CourseFactory(organisation=gent)
    CourseSessionFactory(course=course, date=timezone.localdate() - datetime.timedelta(days=100))
    EnrolmentFactory(course=course)
    assert enrolments_purge(dry_run=False) == {"enrolments": 0, "courses": 0}


def test_the_privacy_page_says_how_long_sign_up_data_is_kept(client, settings):
    settings.COURSE_RETENTION_MONTHS = 6
    assert "We wissen ze 6 maanden na de cursus." in client.get("/privacy/").content.decode()
