import pytest
from django.core import mail
from django.urls import reverse

from einclusie.courses import services
from einclusie.courses.models import CourseStatus
from einclusie.courses.tests.factories import CourseFactory, CourseSessionFactory

pytestmark = pytest.mark.django_db


def test_a_citizen_who_signs_up_with_an_e_mail_address_gets_the_dates_and_the_place(
    client, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:public_detail", args=[course.uuid]), {"first_name": "Maria", "email": "maria@example.org"}
        )
    [message] = mail.outbox
    assert message.to == ["maria@example.org"]
    assert message.subject == "U bent ingeschreven: Veilig online bankieren"
    assert "Beste Maria," in message.body
    assert course.ordered_sessions()[0].date.strftime("%Y") in message.body
    assert "Bibliotheek De Krook" in message.body
    assert str(course.uuid) in message.body


def test_the_mail_is_in_the_language_of_the_sign_up(client, course, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "fr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:public_detail", args=[course.uuid]), {"first_name": "Marie", "email": "marie@example.org"}
        )
    [message] = mail.outbox
    assert message.subject == "Vous êtes inscrit·e : Veilig online bankieren"
    assert "Bonjour Marie," in message.body


def test_a_phone_number_only_sends_no_mail(client, course, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:public_detail", args=[course.uuid]), {"first_name": "Jan", "phone": "0470123456"})
    assert mail.outbox == []


def test_the_waiting_list_and_a_freed_place_are_told_by_mail(gent, alice, codes, django_capture_on_commit_callbacks):
    course = CourseFactory(organisation=gent, capacity=1)
    CourseSessionFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.enrolment_create(course=course, first_name="A", email="a@example.org")
        services.enrolment_create(course=course, first_name="B", email="b@example.org")
        services.enrolment_cancel(enrolment=first, by=alice)
    assert [(message.to[0], message.subject.split(":")[0]) for message in mail.outbox] == [
        ("a@example.org", "U bent ingeschreven"),
        ("b@example.org", "U staat op de wachtlijst"),
        ("b@example.org", "Er is een plaats vrij voor u"),
    ]
    assert "(plaats 1)" in mail.outbox[1].body


def test_everyone_with_a_place_hears_that_the_course_is_cancelled(course, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(course=course, first_name="A", email="a@example.org")
        services.enrolment_create(course=course, first_name="B", phone="0470000002")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_transition(course=course, action="cancel", by=alice)
    assert course.__class__.objects.get(pk=course.pk).status == CourseStatus.CANCELLED
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["a@example.org"], "Deze cursus gaat niet door: Veilig online bankieren")
    ]
