import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.core.models import Code, Event
from einclusie.core.urlwalk import all_routes
from einclusie.courses.models import Attendance, Course, CourseSession, CourseStatus, Enrolment
from einclusie.courses.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    CourseSessionFactory,
    EnrolmentFactory,
)
from einclusie.helppoints.models import DirectoryVersion
from einclusie.helppoints.tests.factories import LocationFactory

pytestmark = pytest.mark.django_db

WORKSPACE_ROUTES = [
    route for route in all_routes() if route.name.startswith("courses:") and route.route.startswith("werk/")
]
WRITE_ROUTES = {
    "courses:create",
    "courses:edit",
    "courses:sessions",
    "courses:session_delete",
    "courses:publish",
    "courses:cancel",
    "courses:enrol",
    "courses:enrolment_cancel",
    "courses:attendance",
    "courses:completion",
}


def _code(list_slug, code):
    return Code.objects.get(code_list__slug=list_slug, code=code).pk


def _course_data(**overrides):
    data = {
        "title": "Veilig online bankieren",
        "description": "Vier lessen over uw bank-app.",
        "digcomp_areas": [_code("digcomp-areas", "veiligheid")],
        "level": "foundation",
        "language": _code("languages", "nl"),
        "place": "Zaal De Kring, Markt 3",
        "capacity": "10",
        "is_free": "on",
    }
    data.update(overrides)
    return data


def _session_data(day, starts="09:30", ends="12:00"):
    return {
        "date_day": day.day,
        "date_month": day.month,
        "date_year": day.year,
        "starts_at": starts,
        "ends_at": ends,
    }


@pytest.fixture
def data(course, past_course):
    """Gent's objects, one of each kind a workspace URL names."""
    enrolment = EnrolmentFactory(course=past_course, first_name="Yasmina", email="yasmina@example.org", phone="")
    session = past_course.ordered_sessions()[0]
    AttendanceFactory(enrolment=enrolment, session=session)
    return {"course_id": past_course.pk, "session_id": session.pk, "enrolment_id": enrolment.pk}


def _snapshot():
    return (
        sorted(Course.objects.values_list("pk", "status", "title", "capacity")),
        sorted(CourseSession.objects.values_list("pk", "date")),
        sorted(Enrolment.objects.values_list("pk", "status", "completed", "first_name")),
        sorted(Attendance.objects.values_list("pk", "present")),
    )


def test_a_coordinator_plans_and_publishes_a_course(client, alice, codes, gent):
    client.force_login(alice)
    response = client.post(reverse("courses:create"), _course_data())
    course = Course.objects.get()
    assert response.url == reverse("courses:sessions", args=[course.pk])
    assert course.organisation == gent
    assert course.status == CourseStatus.DRAFT
    response = client.post(reverse("courses:publish", args=[course.pk]))
    assert "Voeg eerst minstens één sessie toe." in client.get(response.url).content.decode()
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    client.post(reverse("courses:sessions", args=[course.pk]), _session_data(next_week))
    client.post(reverse("courses:sessions", args=[course.pk]), _session_data(next_week, "13u30", "16u"))
    assert [str(s) for s in course.sessions.all()] == [f"{next_week} 09:30–12:00", f"{next_week} 13:30–16:00"]
    version = DirectoryVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    client.post(reverse("courses:publish", args=[course.pk]))
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED
    assert DirectoryVersion.objects.get(pk=1).version > version
    assert Event.objects.filter(verb="course.publish").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"place": ""}, "Kies een locatie of schrijf waar de cursus doorgaat."),
        ({"is_free": ""}, "Vul de prijs in, of kies"),
        ({"capacity": "0"}, "Een cursus heeft minstens 1 plaats."),
        ({"capacity": "twaalf"}, "Schrijf het aantal plaatsen als een getal"),
        ({"digcomp_areas": []}, "Kies minstens één gebied."),
        ({"title": ""}, "Geef de cursus een titel."),
    ],
)
def test_a_course_with_bad_input_gets_a_clear_message_and_is_not_stored(client, alice, codes, overrides, message):
    client.force_login(alice)
    page = client.post(reverse("courses:create"), _course_data(**overrides)).content.decode()
    assert "Er is een probleem" in page
    assert message in page
    assert not Course.objects.exists()


def test_a_location_of_another_organisation_cannot_be_chosen(client, alice, codes, aalst):
    other = LocationFactory(organisation=aalst)
    client.force_login(alice)
    page = client.post(reverse("courses:create"), _course_data(location=other.pk)).content.decode()
    assert "Kies een locatie van uw eigen organisatie." in page
    assert not Course.objects.exists()


def test_capacity_cannot_drop_below_the_people_already_enrolled(client, alice, course):
    EnrolmentFactory.create_batch(3, course=course)
    client.force_login(alice)
    page = client.post(
        reverse("courses:edit", args=[course.pk]), _course_data(capacity="2", place="", location=course.location_id)
    ).content.decode()
    assert "Er zijn al 3 mensen ingeschreven. Kies minstens 3 plaatsen." in page
    course.refresh_from_db()
    assert course.capacity == 12


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [("12:00", "09:00", "Het einduur moet later zijn dan het beginuur."), ("half tien", "12:00", "Schrijf het uur")],
)
def test_a_session_with_bad_hours_is_refused(client, alice, course, starts, ends, message):
    client.force_login(alice)
    day = timezone.localdate() + datetime.timedelta(days=30)
    page = client.post(reverse("courses:sessions", args=[course.pk]), _session_data(day, starts, ends)).content.decode()
    assert message in page
    assert course.sessions.count() == 3


def test_a_session_with_attendance_cannot_be_removed(client, alice, data):
    client.force_login(alice)
    response = client.post(reverse("courses:session_delete", args=[data["session_id"]]))
    assert "de aanwezigheid al genoteerd" in client.get(response.url).content.decode()
    assert CourseSession.objects.filter(pk=data["session_id"]).exists()


def test_the_teacher_takes_attendance_with_one_post(client, helper, past_course):
    maria, jan, rita = (EnrolmentFactory(course=past_course, first_name=name) for name in ("Maria", "Jan", "Rita"))
    session = past_course.ordered_sessions()[0]
    client.force_login(helper)
    page = client.get(reverse("courses:attendance", args=[session.pk])).content.decode()
    assert "<legend>Wie was er aanwezig op" in page
    response = client.post(reverse("courses:attendance", args=[session.pk]), {"people": [maria.pk, rita.pk]})
    assert response.status_code == 302
    assert dict(Attendance.objects.filter(session=session).values_list("enrolment__first_name", "present")) == {
        "Maria": True,
        "Jan": False,
        "Rita": True,
    }
    client.post(reverse("courses:attendance", args=[session.pk]), {"people": [jan.pk]})
    assert Attendance.objects.filter(session=session).count() == 3
    assert list(Attendance.objects.filter(session=session, present=True).values_list("enrolment", flat=True)) == [
        jan.pk
    ]


def test_attendance_is_only_for_people_of_the_sessions_course(client, helper, past_course, course):
    outsider = EnrolmentFactory(course=course, first_name="Elders")
    EnrolmentFactory(course=past_course, first_name="Maria")
    session = past_course.ordered_sessions()[0]
    client.force_login(helper)
    page = client.post(reverse("courses:attendance", args=[session.pk]), {"people": [outsider.pk]}).content.decode()
    assert "Kies alleen mensen die voor deze cursus ingeschreven zijn." in page
    assert not Attendance.objects.exists()


def test_attendance_waits_until_the_session_was_held(client, helper, course):
    EnrolmentFactory(course=course)
    session = course.ordered_sessions()[0]
    client.force_login(helper)
    page = client.get(reverse("courses:attendance", args=[session.pk])).content.decode()
    assert "Deze sessie is nog niet geweest." in page
    client.post(reverse("courses:attendance", args=[session.pk]), {"people": []})
    assert not Attendance.objects.exists()


def test_completion_is_suggested_at_three_sessions_in_four_and_confirmed_by_the_teacher(client, helper, past_course):
    sessions = past_course.ordered_sessions()
    often = EnrolmentFactory(course=past_course, first_name="Vaak")
    seldom = EnrolmentFactory(course=past_course, first_name="Zelden")
    for index, session in enumerate(sessions):
        AttendanceFactory(enrolment=often, session=session, present=index != 0)
        AttendanceFactory(enrolment=seldom, session=session, present=index < 2)
    client.force_login(helper)
    url = reverse("courses:completion", args=[past_course.pk])
    page = client.get(url).content.decode()
    assert "Vaak – aanwezig op 3 van 4 sessies (voorstel: afgerond)" in page
    assert "Zelden – aanwezig op 2 van 4 sessies</label>" in page
    assert "checked" not in page  # a suggestion is never saved without the teacher
    suggested = client.get(url + "?voorstel=1").content.decode()
    assert f'value="{often.pk}" id="id_people_0" checked' in suggested
    assert f'value="{seldom.pk}" id="id_people_1">' in suggested
    client.post(url, {"people": [often.pk]})
    often.refresh_from_db()
    seldom.refresh_from_db()
    assert often.completed and often.completed_at is not None
    assert not seldom.completed
    client.post(url, {"people": []})
    often.refresh_from_db()
    assert not often.completed and often.completed_at is None


def test_cancelling_a_course_asks_first_and_then_closes_sign_up(client, alice, course):
    EnrolmentFactory(course=course)
    client.force_login(alice)
    page = client.get(reverse("courses:cancel", args=[course.pk])).content.decode()
    assert "Er is 1 persoon ingeschreven." in page
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED
    client.post(reverse("courses:cancel", args=[course.pk]))
    course.refresh_from_db()
    assert course.status == CourseStatus.CANCELLED


def test_a_read_only_colleague_sees_the_courses_but_no_names_and_cannot_write(client, bob, data):
    client.force_login(bob)
    assert client.get(reverse("courses:list")).status_code == 200
    detail = client.get(reverse("courses:detail", args=[data["course_id"]]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Yasmina" not in page
    assert "yasmina@example.org" not in page
    assert "Namen en contactgegevens van deelnemers ziet alleen" in page
    before = _snapshot()
    for route in WORKSPACE_ROUTES:
        if route.name not in WRITE_ROUTES:
            continue
        path = route.build(data)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code in (404, 405), f"{method.upper()} {path} gave {response.status_code}"
    assert _snapshot() == before


def test_the_coordinator_and_the_helper_see_names(client, alice, helper, data):
    for person in (alice, helper):
        client.force_login(person)
        page = client.get(reverse("courses:detail", args=[data["course_id"]])).content.decode()
        assert "Yasmina" in page
        assert "yasmina@example.org" in page


@pytest.mark.parametrize("route", WORKSPACE_ROUTES, ids=lambda route: route.name)
def test_an_official_of_another_municipality_gets_404_on_every_workspace_page(client, charlie, data, route):
    client.force_login(charlie)
    path = route.build(data)
    before = _snapshot()
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        if route.kwargs:
            assert response.status_code in (404, 405), f"{method.upper()} {path} gave {response.status_code}"
    assert _snapshot() == before


def test_an_outsider_sees_only_their_own_courses_in_the_list(client, charlie, data, aalst):
    CourseFactory(organisation=aalst, title="Cursus van Aalst")
    client.force_login(charlie)
    page = client.get(reverse("courses:list")).content.decode()
    assert "Cursus van Aalst" in page
    assert "E-mail voor beginners" not in page


def test_the_course_list_needs_a_fixed_number_of_queries(client, alice, gent, codes, django_assert_num_queries):
    client.force_login(alice)
    for number in range(3):
        course = CourseFactory(organisation=gent)
        CourseSessionFactory(course=course)
        EnrolmentFactory.create_batch(number, course=course)
    client.get(reverse("courses:list"))  # warm up: session, user, membership, then count and page
    with django_assert_num_queries(5):
        response = client.get(reverse("courses:list"))
    assert response.content.decode().count('href="/werk/cursussen/') >= 3
    for _number in range(5):
        CourseSessionFactory(course=CourseFactory(organisation=gent))
    with django_assert_num_queries(5):
        client.get(reverse("courses:list"))
