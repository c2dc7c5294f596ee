"""Two coordinators edit the same help point: the second save, made on an old version of the form, is refused."""

import pytest
from django.urls import reverse

from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.helppoints.models import HelpPoint
from einclusie.helppoints.tests.factories import HelpPointFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_point(gent):
    return HelpPointFactory(
        service=ServiceFactory(organisation=gent),
        location=LocationFactory(organisation=gent),
        by_appointment=True,
        appointment_details="Bel 09 123 45 67.",
    )


def _data(help_point, token, **overrides):
    return {
        "location": help_point.location_id,
        "walk_in": "on",
        "by_appointment": "on",
        "appointment_details": "Bel 09 123 45 67.",
        "version": token,
        **overrides,
    }


def _token(client, help_point):
    return client.get(reverse("helppoints:help_point_edit", args=[help_point.pk])).context["form"]["version"].value()


def test_a_save_on_a_form_that_someone_else_changed_meanwhile_is_refused(client, alice, help_point):
    client.force_login(alice)
    url = reverse("helppoints:help_point_edit", args=[help_point.pk])
    old_token = _token(client, help_point)
    # A colleague saves the same help point in the meantime.
    colleague = client.post(url, _data(help_point, old_token, appointment_details="Mail naar digipunt@gent.be."))
    assert colleague.status_code == 302

    response = client.post(url, _data(help_point, old_token, appointment_details="Bel na 14 uur."))

    assert response.status_code == 200
    page = response.content.decode()
    assert str(EDIT_CONFLICT) in page
    assert "Er is een probleem" in page
    assert HelpPoint.objects.get(pk=help_point.pk).appointment_details == "Mail naar digipunt@gent.be."
    form = response.context["form"]
    assert form["appointment_details"].value() == "Mail naar digipunt@gent.be."  # the new version is shown
    new_token = form["version"].value()
    assert new_token != old_token
    # Entered again on the new version, the change is saved.
    assert client.post(url, _data(help_point, new_token, appointment_details="Bel na 14 uur.")).status_code == 302
    assert HelpPoint.objects.get(pk=help_point.pk).appointment_details == "Bel na 14 uur."


def test_a_save_on_an_unchanged_form_passes_and_the_token_follows_the_stored_values(client, alice, help_point):
    client.force_login(alice)
    url = reverse("helppoints:help_point_edit", args=[help_point.pk])
    token = _token(client, help_point)
    assert _token(client, help_point) == token  # reading does not change the version
    assert client.post(url, _data(help_point, token, walk_in="")).status_code == 302
    assert HelpPoint.objects.get(pk=help_point.pk).walk_in is False
    assert _token(client, help_point) != token
