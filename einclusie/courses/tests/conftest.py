import datetime

import pytest
from django.utils import timezone

from einclusie.core.codelists import codelists_load
from einclusie.core.roles import Role
from einclusie.courses.tests.factories import CourseFactory, CourseSessionFactory
from einclusie.helppoints.tests.factories import LocationFactory
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def codes(db):
    codelists_load()


@pytest.fixture
def helper(gent):
    """Hanne, digihelper at Stad Gent: she teaches and takes attendance."""
    return MembershipFactory(user=UserFactory(email="hanne@example.org"), organisation=gent, role=Role.HELPER).user


@pytest.fixture
def gent_location(gent):
    return LocationFactory(organisation=gent, name="Bibliotheek De Krook", latitude=51.05, longitude=3.72)


@pytest.fixture
def course(gent, gent_location, codes):
    """A published course of Gent with three sessions, the first one next week."""
    course = CourseFactory(organisation=gent, location=gent_location, place="", title="Veilig online bankieren")
    today = timezone.localdate()
    for weeks in (1, 2, 3):
        CourseSessionFactory(course=course, date=today + datetime.timedelta(weeks=weeks))
    return course


@pytest.fixture
def past_course(gent, gent_location, codes):
    """A course of Gent whose four sessions were held in the last four weeks."""
    course = CourseFactory(organisation=gent, location=gent_location, place="", title="E-mail voor beginners")
    today = timezone.localdate()
    for weeks in (4, 3, 2, 1):
        CourseSessionFactory(course=course, date=today - datetime.timedelta(weeks=weeks))
    return course
