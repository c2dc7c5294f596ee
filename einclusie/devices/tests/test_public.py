"""'Kan ik hier een laptop lenen?': anonymous, per local government, a plain form without JavaScript."""

import pytest
from django.urls import reverse

from einclusie.devices.models import EligibilityGround

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_bank(bank):
    bank.public_check = True
    bank.where_nl = "Sociaal Huis, Onderbergen 86, dinsdag van 9 tot 12 uur"
    bank.save()
    return bank


def test_the_index_lists_municipalities_that_switched_the_check_on(client, public_bank, aalst):
    page = client.get(reverse("devices:public_index")).content.decode()
    assert "Gent" in page
    assert "Aalst" not in page


def test_a_citizen_on_leefloon_learns_where_to_go_and_what_to_bring(client, public_bank, grounds):
    url = reverse("devices:public_check", args=["44021"])
    page = client.get(url).content.decode()
    assert "Woont u in Gent?" in page
    assert "Leefloon of equivalent leefloon" in page
    response = client.post(url, {"woont_hier": "ja", "situatie": [grounds["leefloon"].pk], "internet": "nee"})
    page = response.content.decode()
    assert "U kunt waarschijnlijk een toestel lenen" in page
    assert "Sociaal Huis, Onderbergen 86" in page
    assert "Attest van het OCMW" in page
    assert "U heeft misschien recht op het sociaal internetaanbod" in page


def test_increased_reimbursement_alone_gives_no_social_internet(client, public_bank, grounds):
    url = reverse("devices:public_check", args=["44021"])
    response = client.post(
        url, {"woont_hier": "ja", "situatie": [grounds["verhoogde-tegemoetkoming"].pk], "internet": "nee"}
    )
    page = response.content.decode()
    assert "U kunt waarschijnlijk een toestel lenen" in page
    assert "U heeft misschien recht op het sociaal internetaanbod" not in page
    assert "Alleen een verhoogde tegemoetkoming van het ziekenfonds is niet genoeg." in page


def test_missing_answers_get_the_error_summary(client, public_bank):
    response = client.post(reverse("devices:public_check", args=["44021"]), {})
    page = response.content.decode()
    assert "Er is een probleem" in page
    assert "Kies ja of nee." in page
    assert "Kies wat bij uw situatie past, of &#x27;Geen van deze&#x27;." in page


def test_none_of_these_is_answered_honestly(client, public_bank):
    response = client.post(
        reverse("devices:public_check", args=["44021"]), {"woont_hier": "ja", "situatie": ["geen"], "internet": "ja"}
    )
    assert "Waarschijnlijk niet via deze regeling" in response.content.decode()


def test_a_hidden_ground_is_not_offered(client, public_bank, grounds):
    EligibilityGround.objects.filter(pk=grounds["igo"].pk).update(is_active=False)
    assert (
        "Inkomensgarantie voor ouderen"
        not in client.get(reverse("devices:public_check", args=["44021"])).content.decode()
    )


def test_a_municipality_without_a_device_bank_says_so(client, aalst):
    page = client.get(reverse("devices:public_check", args=["41002"])).content.decode()
    assert "kunt u via dit platform nog geen toestel lenen" in page
    assert client.get(reverse("devices:public_check", args=["99999"])).status_code == 404
