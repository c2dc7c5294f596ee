import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einclusie.courses import services
from einclusie.courses.models import CourseStatus, Enrolment, EnrolmentStatus
from einclusie.courses.tests.factories import CourseFactory, CourseSessionFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, course, **data):
    return client.post(reverse("courses:public_detail", args=[course.uuid]), data)


def test_a_citizen_signs_up_with_a_first_name_and_a_phone_number(client, course):
    response = _sign_up(client, course, first_name=" Maria ", phone="0470 12 34 56")
    assert response.url == reverse("courses:signed_up", args=[course.uuid])
    enrolment = Enrolment.objects.get()
    assert (enrolment.first_name, enrolment.phone, enrolment.email) == ("Maria", "0470123456", "")
    assert enrolment.status == EnrolmentStatus.ENROLLED
    page = client.get(response.url).content.decode()
    assert "U bent ingeschreven" in page
    assert "Wat gebeurt er nu?" in page


def test_an_international_phone_number_and_an_e_mail_address_are_kept_tidy(client, course):
    _sign_up(client, course, first_name="Jan", phone="+32 470/12.34.57", email="Jan.Peeters@Example.org")
    enrolment = Enrolment.objects.get()
    assert (enrolment.phone, enrolment.email) == ("0470123457", "jan.peeters@example.org")


def test_neither_phone_nor_e_mail_is_refused_in_plain_dutch(client, course):
    response = _sign_up(client, course, first_name="Maria")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in page
    assert "Vul uw telefoonnummer of uw e-mailadres in, zodat we u kunnen bereiken." in page
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_name": "Maria", "email": "maria@"}, "Dit e-mailadres klopt niet."),
        ({"first_name": "Maria", "phone": "bel me"}, "Dit telefoonnummer klopt niet."),
        ({"first_name": "Maria", "phone": "0470 12"}, "Dit telefoonnummer klopt niet."),
        ({"first_name": "", "phone": "0470123456"}, "Vul uw voornaam in."),
    ],
)
def test_bad_contact_details_get_a_clear_message_and_nothing_is_stored(client, course, data, message):
    page = _sign_up(client, course, **data).content.decode()
    assert message in page
    assert not Enrolment.objects.exists()


def test_the_same_phone_number_cannot_sign_up_twice(client, course):
    _sign_up(client, course, first_name="Maria", phone="0470123456")
    page = _sign_up(client, course, first_name="Maria", phone="0470 12 34 56").content.decode()
    assert "Met dit telefoonnummer of e-mailadres is al iemand ingeschreven voor deze cursus." in page
    assert Enrolment.objects.count() == 1


def test_the_same_e_mail_address_cannot_sign_up_twice(client, course):
    _sign_up(client, course, first_name="Maria", email="maria@example.org")
    page = _sign_up(client, course, first_name="Mia", email="MARIA@example.org").content.decode()
    assert "al iemand ingeschreven" in page
    assert Enrolment.objects.count() == 1


def test_a_full_course_puts_the_next_person_on_the_waiting_list(client, gent, codes):
    course = CourseFactory(organisation=gent, capacity=2)
    CourseSessionFactory(course=course)
    EnrolmentFactory.create_batch(2, course=course)
    detail = client.get(reverse("courses:public_detail", args=[course.uuid])).content.decode()
    assert "De cursus is volzet. U kunt zich toch inschrijven: dan komt u op de wachtlijst." in detail
    response = _sign_up(client, course, first_name="Rita", phone="0470999999")
    enrolment = Enrolment.objects.get(first_name="Rita")
    assert enrolment.status == EnrolmentStatus.WAITING
    page = client.get(response.url).content.decode()
    assert "U staat op de wachtlijst" in page
    assert "U staat op plaats 1 van de wachtlijst." in page
    assert course.enrolments.holding_a_place().count() == 2


def test_a_place_set_free_goes_to_the_first_on_the_waiting_list(gent, alice, codes):
    course = CourseFactory(organisation=gent, capacity=1)
    CourseSessionFactory(course=course)
    first = services.enrolment_create(course=course, first_name="A", phone="0470000001")
    second = services.enrolment_create(course=course, first_name="B", phone="0470000002")
    third = services.enrolment_create(course=course, first_name="C", phone="0470000003")
    assert [second.status, third.status] == [EnrolmentStatus.WAITING, EnrolmentStatus.WAITING]
    assert services.waiting_position(third) == 2
    promoted = services.enrolment_cancel(enrolment=first, by=alice)
    assert promoted == second
    second.refresh_from_db()
    assert second.status == EnrolmentStatus.ENROLLED
    assert services.waiting_position(third) == 1


def test_no_sign_up_after_the_course_started(client, gent, codes):
    course = CourseFactory(organisation=gent)
    CourseSessionFactory(course=course, date=timezone.localdate() - datetime.timedelta(days=1))
    CourseSessionFactory(course=course, date=timezone.localdate() + datetime.timedelta(days=6))
    page = client.get(reverse("courses:public_detail", args=[course.uuid])).content.decode()
    assert "Deze cursus is al begonnen. Inschrijven kan niet meer." in page
    assert 'name="first_name"' not in page
    _sign_up(client, course, first_name="Maria", phone="0470123456")
    assert not Enrolment.objects.exists()
    with pytest.raises(ValidationError, match="al begonnen"):
        services.enrolment_create(course=course, first_name="Maria", phone="0470123456")


def test_a_course_starting_later_today_is_still_open_and_closes_at_its_start(gent, codes):
    course = CourseFactory(organisation=gent)
    session = CourseSessionFactory(course=course, starts_at=datetime.time(14, 0), ends_at=datetime.time(16, 0))
    starts = session.starts()
    services.enrolment_create(
        course=course, first_name="A", phone="0470000001", now=starts - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(course=course, first_name="B", phone="0470000002", now=starts)
    assert error.value.code == "started"


def test_a_cancelled_course_says_so_and_takes_no_sign_ups(client, course):
    course.status = CourseStatus.CANCELLED
    course.save()
    page = client.get(reverse("courses:public_detail", args=[course.uuid])).content.decode()
    assert "Deze cursus gaat niet door." in page
    _sign_up(client, course, first_name="Maria", phone="0470123456")
    assert not Enrolment.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(course=course, first_name="Maria", phone="0470123456")
    assert error.value.code == "cancelled"


def test_a_draft_course_has_no_public_page(client, course):
    course.status = CourseStatus.DRAFT
    course.save()
    assert client.get(reverse("courses:public_detail", args=[course.uuid])).status_code == 404
    assert _sign_up(client, course, first_name="Maria", phone="0470123456").status_code == 404
    assert not Enrolment.objects.exists()


def test_a_helper_signs_someone_up_without_phone_or_e_mail(client, helper, course, gent):
    client.force_login(helper)
    response = client.post(reverse("courses:enrol", args=[course.pk]), {"first_name": "Georges"})
    assert response.url == reverse("courses:detail", args=[course.pk])
    enrolment = Enrolment.objects.get()
    assert enrolment.helper_organisation == gent
    assert enrolment.entered_by == helper
    assert (enrolment.phone, enrolment.email) == ("", "")
    page = client.get(response.url).content.decode()
    assert "via een digihelper van Stad Gent (test)" in page


def test_without_a_helper_a_sign_up_without_contact_is_refused_by_the_database(course):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Enrolment.objects.create(course=course, first_name="Niemand")


def test_public_pages_never_show_who_signed_up(client, course):
    EnrolmentFactory(course=course, first_name="Geheimenaam", email="geheim@example.org", phone="0470555555")
    for url in (
        reverse("courses:public_detail", args=[course.uuid]),
        reverse("courses:public_list"),
        reverse("courses:signed_up", args=[course.uuid]),
        reverse("helppoints:finder") + "?waar=Gent",
    ):
        page = client.get(url).content.decode()
        assert "Geheimenaam" not in page
        assert "geheim@example.org" not in page
        assert "0470555555" not in page
