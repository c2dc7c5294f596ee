"""Two colleagues edit the same course: the save made on the older version of the form is refused."""

import pytest
from django.urls import reverse

from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.courses.models import Course
from einclusie.courses.tests.test_workspace import _course_data

pytestmark = pytest.mark.django_db


def test_a_course_saved_on_an_old_version_is_refused_and_the_new_version_shown(client, alice, course):
    client.force_login(alice)
    url = reverse("courses:edit", args=[course.pk])
    old_token = client.get(url).context["form"]["version"].value()
    shown = {"place": "", "location": course.location_id, "capacity": "12", "version": old_token}
    colleague = client.post(url, _course_data(**shown | {"title": "Veilig bankieren met itsme"}))
    assert colleague.status_code == 302

    response = client.post(url, _course_data(**shown | {"capacity": "20"}))

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    course = Course.objects.get(pk=course.pk)
    assert (course.title, course.capacity) == ("Veilig bankieren met itsme", 12)
    form = response.context["form"]
    assert form["title"].value() == "Veilig bankieren met itsme"
    new_token = form["version"].value()
    assert new_token != old_token
    again = client.post(
        url, _course_data(**shown | {"capacity": "20", "title": "Veilig bankieren met itsme", "version": new_token})
    )
    assert again.status_code == 302
    assert Course.objects.get(pk=course.pk).capacity == 20
