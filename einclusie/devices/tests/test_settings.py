"""A coordinator sets up the bank: public check, grounds, loan term, agreement text."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.devices import services
from einclusie.devices.models import DeviceBankSettings, EligibilityGround
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory

pytestmark = pytest.mark.django_db


def test_a_bank_starts_with_the_standard_grounds_once(gent):
    services.bank_settings(gent)
    services.bank_settings(gent)
    kinds = list(EligibilityGround.objects.for_organisation(gent).values_list("kind", flat=True))
    assert kinds[:3] == ["leefloon", "verhoogde-tegemoetkoming", "schuldenregeling"]
    assert len(kinds) == len(set(kinds)) == 7


def test_the_public_check_needs_a_place_to_go(client, alice, bank):
    client.force_login(alice)
    data = {"public_check": "on", "loan_months": 24, "retention_months": 30}
    response = client.post(reverse("devices:settings"), data)
    assert "Schrijf waar inwoners naartoe moeten voor u de publieke check aanzet." in response.content.decode()
    client.post(reverse("devices:settings"), {**data, "where_nl": "Sociaal Huis, dinsdag 9 tot 12 uur"})
    bank.refresh_from_db()
    assert bank.public_check and bank.where_nl.startswith("Sociaal Huis")


def test_a_ground_is_added_and_renamed_without_doubles(client, alice, bank):
    client.force_login(alice)
    data = {"label_nl": "Studietoelage", "kind": "andere", "proof_nl": "Brief van de school", "position": 9}
    client.post(reverse("devices:ground_create"), {**data, "is_active": "on"})
    ground = EligibilityGround.objects.get(label_nl="Studietoelage")
    response = client.post(reverse("devices:ground_create"), {**data, "label_nl": "studietoelage"})
    assert "Er is al een grond met deze naam." in response.content.decode()
    client.post(reverse("devices:ground_edit", args=[ground.pk]), {**data, "label_nl": "Schooltoelage"})
    ground.refresh_from_db()
    assert (ground.label_nl, ground.is_active) == ("Schooltoelage", False)


def test_the_loan_term_of_the_bank_is_the_default_due_date(client, alice, bank, available, person):
    DeviceBankSettings.objects.filter(pk=bank.pk).update(loan_months=12)
    client.force_login(alice)
    page = client.get(reverse("devices:handover", args=[available.pk]) + f"?persoon={person.pk}")
    due = services.add_months(timezone.localdate(), 12)
    assert page.context["form"].initial["due_on"] == due


def test_the_loan_and_people_lists_pin_their_query_counts(client, alice, gent, grounds, django_assert_max_num_queries):
    for _ in range(15):
        person = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"], grounds["igo"]])
        device = make_available(DeviceFactory(organisation=gent), alice)
        services.loan_handover(
            device=device,
            beneficiary=person,
            by=alice,
            checklist=CHECKLIST,
            due_on=timezone.localdate() + datetime.timedelta(days=30),
        )
    client.force_login(alice)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("devices:loans")).content.decode().count("<tr>") == 16
    with django_assert_max_num_queries(9):
        assert client.get(reverse("devices:beneficiaries")).content.decode().count("<tr>") == 16
    with django_assert_max_num_queries(12):
        assert client.get(reverse("devices:home")).status_code == 200
