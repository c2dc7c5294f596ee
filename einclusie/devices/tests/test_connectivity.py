"""SIM cards, data vouchers and modems: stock, hand-out, expiry."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einclusie.devices import services
from einclusie.devices.models import ConnectivityItem, ConnectivityStatus
from einclusie.devices.tests.factories import ConnectivityItemFactory

pytestmark = pytest.mark.django_db


def test_stock_is_added_one_per_code_and_duplicates_are_refused(client, alice, gent):
    client.force_login(alice)
    data = {"kind": "voucher", "provider": "Orange", "codes": "111\n222\n\n333", "data": "10 GB"}
    response = client.post(reverse("devices:connectivity_add"), data)
    assert response.status_code == 302
    assert ConnectivityItem.objects.filter(organisation=gent, kind="voucher").count() == 3
    response = client.post(reverse("devices:connectivity_add"), {**data, "codes": "333\n444\n444"})
    assert "Deze codes staan twee keer in de lijst: 444." in response.content.decode()
    response = client.post(reverse("devices:connectivity_add"), {**data, "codes": "333\n555"})
    assert "Deze codes zijn al geregistreerd: 333." in response.content.decode()
    assert ConnectivityItem.objects.count() == 3


def test_a_sim_card_goes_to_a_person_once(client, alice, gent, person):
    item = ConnectivityItemFactory(organisation=gent)
    client.force_login(alice)
    response = client.post(reverse("devices:hand_out", args=[item.pk]), {"beneficiary": person.pk})
    assert response["Location"] == reverse("devices:beneficiary", args=[person.pk])
    item.refresh_from_db()
    assert (item.status, item.beneficiary) == (ConnectivityStatus.HANDED_OUT, person)
    with pytest.raises(ValidationError) as error:
        services.connectivity_hand_out(item=item, beneficiary=person, by=alice)
    assert error.value.code == "not_in_stock"


def test_an_expired_voucher_is_not_handed_out(alice, gent, person):
    item = ConnectivityItemFactory(organisation=gent, valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert not ConnectivityItem.objects.in_stock().exists()
    assert list(ConnectivityItem.objects.expired()) == [item]
    with pytest.raises(ValidationError) as error:
        services.connectivity_hand_out(item=item, beneficiary=person, by=alice)
    assert error.value.code == "expired"


def test_the_referral_note_explains_the_social_internet_offer(client, alice, person, grounds):
    client.force_login(alice)
    page = client.get(reverse("devices:social_internet", args=[person.pk])).content.decode()
    assert "19 euro per maand" in page
    assert "Alleen een verhoogde tegemoetkoming (VT) van het ziekenfonds geeft geen recht" in page
    assert "heeft deze persoon waarschijnlijk recht" in page
    person.grounds.set([grounds["verhoogde-tegemoetkoming"]])
    page = client.get(reverse("devices:social_internet", args=[person.pk])).content.decode()
    assert "We noteerden alleen een verhoogde tegemoetkoming." in page
