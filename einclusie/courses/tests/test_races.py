"""Two people signing up for the last place of a course at the same moment (PostgreSQL only)."""

import datetime

import pytest
from django.utils import timezone

from einclusie.core.codelists import codelists_load
from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.courses import services
from einclusie.courses.models import Enrolment, EnrolmentStatus
from einclusie.courses.tests.factories import CourseFactory, CourseSessionFactory

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]


def test_two_sign_ups_for_the_last_place_give_one_place_and_one_waiting_list_entry(gent):
    codelists_load()
    course = CourseFactory(organisation=gent, capacity=1)
    CourseSessionFactory(course=course, date=timezone.localdate() + datetime.timedelta(days=7))

    def sign_up(name, phone):
        return lambda: services.enrolment_create(course=course, first_name=name, phone=phone, email="", by=None)

    results = at_once(sign_up("Anna", "0470111111"), sign_up("Bart", "0470222222"))
    assert refused(results) == 0
    statuses = sorted(Enrolment.objects.filter(course=course).values_list("status", flat=True))
    assert statuses == sorted([EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING])


def test_the_same_person_signing_up_twice_at_once_is_enrolled_once(gent):
    codelists_load()
    course = CourseFactory(organisation=gent, capacity=5)
    CourseSessionFactory(course=course, date=timezone.localdate() + datetime.timedelta(days=7))

    def sign_up():
        return services.enrolment_create(course=course, first_name="Anna", phone="0470111111", email="", by=None)

    results = at_once(sign_up, sign_up)
    assert refused(results) == 1
    assert Enrolment.objects.filter(course=course).count() == 1
