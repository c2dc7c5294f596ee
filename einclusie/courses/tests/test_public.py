import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.courses import services
from einclusie.courses.finder import courses_near
from einclusie.courses.models import CourseStatus
from einclusie.courses.tests.factories import CourseFactory, CourseSessionFactory
from einclusie.helppoints import finder
from einclusie.helppoints.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def _finder(client, place="Gent"):
    return client.get(reverse("helppoints:finder"), {"waar": place}).content.decode()


@pytest.fixture
def aalst_course(aalst, codes):
    course = CourseFactory(
        organisation=aalst, location=LocationFactory(organisation=aalst), place="", title="Computer voor senioren"
    )
    CourseSessionFactory(course=course)
    return course


def test_the_finder_shows_an_upcoming_course_near_gent_and_not_a_draft(
    client, course, gent, gent_location, aalst_course
):
    draft = CourseFactory(organisation=gent, location=gent_location, place="", title="Nog in ontwerp", status="draft")
    CourseSessionFactory(course=draft)
    page = _finder(client)
    assert "Cursussen in de buurt" in page
    assert "Veilig online bankieren" in page
    assert reverse("courses:public_detail", args=[course.uuid]) in page
    assert "Nog in ontwerp" not in page
    assert "Computer voor senioren" not in page  # Aalst is not near Gent in this test (no positions)
    assert "/cursussen/?waar=Gent" in page


def test_the_finder_shows_no_past_or_cancelled_course(client, past_course, course):
    course.status = CourseStatus.CANCELLED
    course.save()
    page = _finder(client)
    assert "Cursussen in de buurt" not in page


def test_courses_near_a_place_need_one_query(course, django_assert_num_queries):
    place = finder.find_place("Gent").place
    with django_assert_num_queries(1):
        courses = courses_near(place)
        assert [c.place_text() for c in courses] == [course.place_text()]


def test_at_most_five_courses_in_the_finder_soonest_first(gent, gent_location, codes):
    today = timezone.localdate()
    for days in range(7, 0, -1):
        course = CourseFactory(organisation=gent, location=gent_location, place="", title=f"Cursus over {days} dagen")
        CourseSessionFactory(course=course, date=today + datetime.timedelta(days=days))
    titles = [course.title for course in courses_near(finder.find_place("Gent").place)]
    assert titles == [f"Cursus over {days} dagen" for days in range(1, 6)]


def test_a_published_course_reaches_the_cached_finder_at_once(client, course, alice):
    course.status = CourseStatus.DRAFT
    course.save()
    assert "Veilig online bankieren" not in _finder(client)
    assert "Veilig online bankieren" not in _finder(client)  # served from the cache
    services.course_transition(course=course, action="publish", by=alice)
    assert "Veilig online bankieren" in _finder(client)


def test_the_course_list_filters_by_place_area_and_language_without_javascript(client, course, aalst_course):
    url = reverse("courses:public_list")
    page = client.get(url).content.decode()
    assert "Veilig online bankieren" in page and "Computer voor senioren" in page
    page = client.get(url, {"waar": "Gent"}).content.decode()
    assert "Veilig online bankieren" in page and "Computer voor senioren" not in page
    assert "dichtbij Gent" in page
    page = client.get(url, {"gebied": "veiligheid"}).content.decode()
    assert "1 cursus gevonden" in page or "2 cursussen gevonden" in page
    page = client.get(url, {"gebied": "contentcreatie"}).content.decode()
    assert "0 cursussen gevonden" in page
    page = client.get(url, {"taal": "fr"}).content.decode()
    assert "Veilig online bankieren" not in page


def test_a_misspelt_place_gets_suggestions(client, course):
    page = client.get(reverse("courses:public_list"), {"waar": "Gnet"}).content.decode()
    assert "Bedoelt u" in page


@pytest.mark.parametrize(
    "query",
    [
        {"waar": "' OR 1=1 --"},
        {"gebied": "bestaat-niet", "taal": "zz"},
        {"pagina": "-3"},
        {"waar": "x" * 5000},
        {"waar": "<script>alert(1)</script>"},
    ],
)
def test_nonsense_in_the_query_string_gives_a_normal_page(client, course, query):
    response = client.get(reverse("courses:public_list"), query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
