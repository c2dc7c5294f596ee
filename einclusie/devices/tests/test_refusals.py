"""The issue's bad input, through the pages a helper uses: each refused with its own message, nothing changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einclusie.devices import services
from einclusie.devices.models import ConnectivityStatus, Device, DeviceStatus, DeviceTransition, Loan, LoanStatus
from einclusie.devices.tests.conftest import CHECKLIST
from einclusie.devices.tests.factories import ConnectivityItemFactory

pytestmark = pytest.mark.django_db


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def today():
    return timezone.localdate()


def handover_data():
    return {
        "kind": "loan",
        **date_fields("due_on", today() + datetime.timedelta(days=700)),
        "checklist": list(CHECKLIST),
        "language": "nl",
    }


def test_registering_a_serial_the_bank_has_is_refused_on_the_page(client, helper, device):
    client.force_login(helper)
    response = client.post(
        reverse("devices:create"),
        {
            "device_type": "laptop",
            "brand": "Lenovo",
            "serial_number": "pf1 abc23",
            "condition": "good",
            "source": "company",
            **date_fields("received_on", today()),
        },
    )
    assert response.status_code == 200
    assert "Het serienummer PF1ABC23 is al geregistreerd in uw toestellenbank." in response.content.decode()
    assert Device.objects.count() == 1


def test_a_device_whose_data_is_not_wiped_is_not_handed_over_on_the_page(client, helper, device, person):
    client.force_login(helper)
    response = client.post(reverse("devices:handover", args=[device.pk]), {"beneficiary": person.pk, **handover_data()})
    assert response.status_code == 200
    assert "De gegevens van dit toestel zijn nog niet gewist. Het kan niet meegegeven worden." in str(
        response.context["form"].non_field_errors()
    )
    device.refresh_from_db()
    assert (device.status, device.loans.count()) == (DeviceStatus.INTAKE, 0)


def test_returning_a_device_that_is_not_lent_is_refused_on_the_page(client, helper, available, person, alice):
    loan = services.loan_handover(
        device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=today() + datetime.timedelta(days=9)
    )
    services.loan_return(loan=loan, condition="good", by=alice)
    client.force_login(helper)
    response = client.post(reverse("devices:loan_return", args=[loan.pk]), {"return_condition": "broken"})
    assert response.status_code == 200
    assert "Dit toestel is niet uitgeleend: terugbrengen kan niet." in response.content.decode()
    loan.refresh_from_db()
    available.refresh_from_db()
    assert (loan.return_condition, available.condition) == ("good", "good")
    assert DeviceTransition.objects.filter(device=available, action="return").count() == 1


@pytest.fixture
def past_retention(person):
    person.retain_until = today() - datetime.timedelta(days=1)
    person.save()
    return person


def test_a_person_past_the_retention_date_gets_no_reservation(available, past_retention, alice):
    with pytest.raises(ValidationError) as error:
        services.loan_reserve(
            device=available,
            beneficiary=past_retention,
            reserved_from=today(),
            reserved_until=today() + datetime.timedelta(days=7),
            by=alice,
        )
    assert error.value.code == "past_retention"
    assert error.value.messages[0].startswith(f"De bewaartermijn van {past_retention.reference} liep af op ")
    available.refresh_from_db()
    assert available.status == DeviceStatus.AVAILABLE
    assert not Loan.objects.exists()


def test_a_person_past_the_retention_date_is_refused_on_the_hand_over_page(client, helper, available, past_retention):
    client.force_login(helper)
    response = client.post(
        reverse("devices:handover", args=[available.pk]), {"beneficiary": past_retention.pk, **handover_data()}
    )
    assert response.status_code == 200
    assert "Verleng eerst de bewaartermijn, met de toestemming van de persoon." in response.content.decode()
    assert not Loan.objects.exists()


def test_a_reservation_is_not_extended_past_the_retention_date(available, person, alice):
    loan = services.loan_reserve(
        device=available,
        beneficiary=person,
        reserved_from=today(),
        reserved_until=today() + datetime.timedelta(days=3),
        by=alice,
    )
    person.retain_until = today() - datetime.timedelta(days=1)
    person.save()
    with pytest.raises(ValidationError) as error:
        services.loan_extend_reservation(loan=loan, reserved_until=today() + datetime.timedelta(days=10), by=alice)
    assert error.value.code == "past_retention"
    loan.refresh_from_db()
    assert (loan.status, loan.reserved_until) == (LoanStatus.RESERVED, today() + datetime.timedelta(days=3))


def test_a_person_past_the_retention_date_gets_no_sim_card(gent, past_retention, alice):
    item = ConnectivityItemFactory(organisation=gent)
    with pytest.raises(ValidationError) as error:
        services.connectivity_hand_out(item=item, beneficiary=past_retention, by=alice)
    assert error.value.code == "past_retention"
    item.refresh_from_db()
    assert (item.status, item.beneficiary_id) == (ConnectivityStatus.IN_STOCK, None)
