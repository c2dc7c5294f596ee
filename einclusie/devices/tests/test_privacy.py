"""A person's rights (everything we store, erasure) and the retention job; the anonymous counts stay."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from einclusie.core.models import Event
from einclusie.devices import privacy, services
from einclusie.devices.models import Beneficiary, Loan
from einclusie.devices.tests.conftest import CHECKLIST
from einclusie.devices.tests.factories import BeneficiaryFactory, ConnectivityItemFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_everything_stored_about_one_person(client, alice, available, person, gent):
    services.loan_handover(
        device=available,
        beneficiary=person,
        by=alice,
        checklist=CHECKLIST,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    services.connectivity_hand_out(item=ConnectivityItemFactory(organisation=gent), beneficiary=person, by=alice)
    client.force_login(alice)
    response = client.get(reverse("devices:export_json", args=[person.pk]))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["reference"] == person.reference
    assert data["personal"]["full_name"] == "Maria Peeters"
    assert data["grounds"] == ["Leefloon of equivalent leefloon"]
    assert data["loans"][0]["device"]["serial_number"] == "PF1ABC23"
    assert data["connectivity"][0]["provider"] == "Proximus"
    pdf = client.get(reverse("devices:export_pdf", args=[person.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    exports = Event.objects.filter(verb="beneficiary.exported", subject=person.reference)
    assert sorted(exports.values_list("data__format", flat=True)) == ["json", "pdf"]
    assert exports.first().actor == alice


def test_erasure_empties_the_personal_fields_and_keeps_the_history(client, alice, available, person):
    loan = services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, as_gift=True)
    old_reference = person.reference
    client.force_login(alice)
    client.post(reverse("devices:erase", args=[person.pk]))
    person.refresh_from_db()
    assert person.is_erased
    assert (person.full_name, person.phone, person.email, person.referrer_file) == ("", "", "", "")
    assert person.reference != old_reference
    assert Loan.objects.get(pk=loan.pk).beneficiary_id == person.pk
    assert person.grounds.count() == 1
    assert Event.objects.filter(verb="beneficiary.erased", subject=person.reference).exists()
    assert not Event.objects.filter(subject=old_reference, verb="beneficiary.erased").exists()
    again = client.post(reverse("devices:erase", args=[person.pk]), follow=True)
    assert "De gegevens van deze persoon zijn al gewist." in again.content.decode()


def test_a_person_with_a_device_out_is_not_erased(alice, available, person):
    services.loan_handover(
        device=available,
        beneficiary=person,
        by=alice,
        checklist=CHECKLIST,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    with pytest.raises(Exception) as error:
        privacy.beneficiary_erase(beneficiary=person, by=alice)
    assert error.value.code == "active_loan"
    person.refresh_from_db()
    assert person.full_name == "Maria Peeters"


def test_purge_erases_people_past_retention_prints_first_and_is_safe_to_run_twice(gent, grounds, capsys):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    old = BeneficiaryFactory(organisation=gent, full_name="Oud", retain_until=yesterday, grounds=[grounds["igo"]])
    BeneficiaryFactory(organisation=gent, full_name="Nieuw")
    call_command("devices", "purge")
    assert "would erase the personal data of 1 people" in capsys.readouterr().out
    assert Beneficiary.objects.filter(full_name="Oud").exists()
    call_command("devices", "purge", "--yes")
    assert "erased the personal data of 1 people" in capsys.readouterr().out
    call_command("devices", "purge", "--yes")
    assert "erased the personal data of 0 people" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.is_erased and old.full_name == ""
    assert old.grounds.count() == 1
    assert Beneficiary.objects.filter(full_name="Nieuw").exists()


def test_purge_waits_for_a_device_to_come_back(gent, alice, available, person):
    loan = services.loan_handover(
        device=available,
        beneficiary=person,
        by=alice,
        checklist=CHECKLIST,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    Beneficiary.objects.filter(pk=person.pk).update(retain_until=timezone.localdate() - datetime.timedelta(days=1))
    assert privacy.beneficiaries_purge(dry_run=False) == 0
    services.loan_return(loan=loan, condition="good", by=alice)
    assert privacy.beneficiaries_purge(dry_run=False) == 1


def test_the_overdue_command_counts_per_organisation(gent, alice, available, person, capsys):
    services.loan_handover(
        device=available,
        beneficiary=person,
        by=alice,
        checklist=CHECKLIST,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    Loan.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    call_command("devices", "overdue")
    assert "Stad Gent (test): 1 overdue" in capsys.readouterr().out
