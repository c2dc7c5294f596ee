"""Factories for courses. Pass what a test is about; the rest is realistic.

Codes (DigComp areas, languages) come from `codelists_load()`: a course's language is Dutch when the code
lists are loaded. Sessions default to next week, so a new course is open for sign-up.
"""

import datetime

import factory
from django.utils import timezone

from einclusie.core.models import Code
from einclusie.courses.models import Attendance, Course, CourseSession, CourseStatus, Enrolment, EnrolmentStatus
from einclusie.organisations.tests.factories import OrganisationFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Aan de slag met uw smartphone {n}")
    description = "Leer uw smartphone instellen en apps installeren."
    language = factory.LazyFunction(lambda: Code.objects.get(code_list__slug="languages", code="nl"))
    place = "Bibliotheek, Kouter 1, Gent"
    capacity = 12
    status = CourseStatus.PUBLISHED

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.digcomp_areas.set(
                Code.objects.filter(code_list__slug="digcomp-areas", code__in=extracted or ["veiligheid"])
            )


class CourseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    starts_at = datetime.time(9, 30)
    ends_at = datetime.time(12, 0)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    first_name = factory.Sequence(lambda n: f"Deelnemer{n}")
    phone = factory.Sequence(lambda n: f"0470{n:06d}")
    status = EnrolmentStatus.ENROLLED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    session = factory.SubFactory(CourseSessionFactory, course=factory.SelfAttribute("..enrolment.course"))
    present = True
