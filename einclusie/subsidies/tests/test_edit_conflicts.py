"""Two officials of one local government edit the same draft application: the older version's save is refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.subsidies.models import Application
from einclusie.subsidies.tests.test_applications import call, general_data  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_draft_saved_on_an_old_version_is_refused_and_the_new_version_shown(client, alice, call):  # noqa: F811
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    application = Application.objects.get(call=call)
    url = reverse("subsidies:application_edit", args=[application.pk])
    old_token = client.get(url).context["form"]["version"].value()
    assert client.post(url, general_data(requested_amount="200000", version=old_token)).status_code == 302

    response = client.post(url, general_data(requested_amount="150000", version=old_token))

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    assert Application.objects.get(pk=application.pk).requested_amount == Decimal(200000)
    new_token = response.context["form"]["version"].value()
    assert new_token != old_token
    assert client.post(url, general_data(requested_amount="150000", version=new_token)).status_code == 302
    assert Application.objects.get(pk=application.pk).requested_amount == Decimal(150000)
