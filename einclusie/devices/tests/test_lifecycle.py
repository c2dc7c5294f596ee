"""A device's life follows one table: intake, wipe, refurbish, available, …, recycled; each step recorded."""

import pytest
from django.core.exceptions import ValidationError

from einclusie.core.models import Event
from einclusie.devices import services
from einclusie.devices.lifecycle import TRANSITIONS
from einclusie.devices.models import Device, DeviceStatus, DeviceTransition, WipeMethod
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import DeviceFactory

pytestmark = pytest.mark.django_db


def test_every_transition_leads_to_a_known_status():
    for transition in TRANSITIONS.values():
        assert transition.target in DeviceStatus.values
        assert set(transition.sources) <= set(DeviceStatus.values)


def test_registering_records_the_first_step(gent, alice):
    device = services.device_register(
        organisation=gent,
        by=alice,
        serial_number=" pf 1x y2 ",
        device_type="laptop",
        brand="Dell",
        model="Latitude 5490",
        source="company",
        donor="Bedrijf NV",
        received_on=gent.created_at.date(),
        condition="good",
    )
    assert device.serial_number == "PF1XY2"
    assert device.status == DeviceStatus.INTAKE
    step = device.transitions.get()
    assert (step.action, step.from_status, step.to_status, step.by) == ("register", "", "intake", alice)
    assert Event.objects.filter(verb="device.register", subject="PF1XY2").exists()


def test_a_serial_number_is_registered_once_per_device_bank(gent, aalst, alice, device):
    with pytest.raises(ValidationError) as error:
        services.device_register(
            organisation=gent,
            by=alice,
            serial_number="pf1abc23",
            device_type="laptop",
            brand="Lenovo",
            source="company",
            received_on=device.received_on,
        )
    assert error.value.messages == ["Het serienummer PF1ABC23 is al geregistreerd in uw toestellenbank."]
    # Another bank may hold a device with the same serial (it moved, or it is none of Gent's business).
    DeviceFactory(organisation=aalst, serial_number="PF1ABC23")
    assert Device.objects.filter(serial_number="PF1ABC23").count() == 2


def test_a_wipe_needs_a_certificate_and_makes_the_device_wiped(device, alice):
    with pytest.raises(ValidationError) as error:
        services.wipe_record(
            device=device, method=WipeMethod.OVERWRITE, wiped_on=device.received_on, wiped_by="Jan", by=alice
        )
    assert error.value.code == "no_certificate"
    device.refresh_from_db()
    assert (device.status, device.data_wiped, device.wipes.count()) == (DeviceStatus.INTAKE, False, 0)
    services.wipe_record(
        device=device,
        method=WipeMethod.OVERWRITE,
        wiped_on=device.received_on,
        wiped_by="Jan",
        certificate_number="BL-1",
        by=alice,
    )
    device.refresh_from_db()
    assert (device.status, device.data_wiped) == (DeviceStatus.WIPED, True)


def test_a_device_without_a_wipe_can_never_be_made_available_nor_handed_out(device, person, alice):
    with pytest.raises(ValidationError) as error:
        services.device_transition(device=device, action="make_available", by=alice)
    assert error.value.code == "transition"
    with pytest.raises(ValidationError) as error:
        services.loan_handover(device=device, beneficiary=person, by=alice, checklist=CHECKLIST, as_gift=True)
    assert error.value.messages == ["De gegevens van dit toestel zijn nog niet gewist. Het kan niet meegegeven worden."]
    device.refresh_from_db()
    assert device.status == DeviceStatus.INTAKE
    assert not device.loans.exists()


def test_the_database_refuses_an_available_device_that_was_not_wiped(device):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Device.objects.filter(pk=device.pk).update(status=DeviceStatus.AVAILABLE)


def test_refurbishing_needs_a_note_and_repair_leads_back_to_refurbished(device, alice):
    make_available(device, alice)
    with pytest.raises(ValidationError) as error:
        services.device_transition(device=device, action="send_to_repair", by=alice)
    assert error.value.code == "note"
    services.device_transition(device=device, action="send_to_repair", by=alice, note="Scherm gebarsten")
    services.device_transition(device=device, action="repair_done", by=alice, note="Nieuw scherm", condition="good")
    device.refresh_from_db()
    assert device.status == DeviceStatus.REFURBISHED
    services.device_transition(device=device, action="make_available", by=alice)
    actions = list(device.transitions.order_by("occurred_at", "pk").values_list("action", flat=True))
    assert actions == ["register", "wipe", "make_available", "send_to_repair", "repair_done", "make_available"]


def test_a_returned_device_must_be_wiped_again_before_it_goes_out(available, person, alice):
    loan = services.loan_handover(
        device=available,
        beneficiary=person,
        by=alice,
        checklist=CHECKLIST,
        due_on=services.add_months(available.received_on, 24),
    )
    services.loan_return(loan=loan, condition="usable", by=alice, note="Toetsenbord slijt")
    available.refresh_from_db()
    assert (available.status, available.data_wiped, available.condition) == ("returned", False, "usable")
    with pytest.raises(ValidationError):
        services.device_transition(device=available, action="make_available", by=alice)
    make_available(available, alice)


def test_recycling_ends_the_life_of_a_device(device, alice):
    services.device_transition(device=device, action="recycle", by=alice, note="Moederbord defect")
    device.refresh_from_db()
    assert device.status == DeviceStatus.RECYCLED
    with pytest.raises(ValidationError) as error:
        services.device_transition(device=device, action="send_to_repair", by=alice, note="Toch proberen")
    assert error.value.messages == ["Dit toestel kan nu niet naar herstelling."]
    assert DeviceTransition.objects.filter(device=device, action="recycle").get().note == "Moederbord defect"


def test_an_unknown_step_is_refused(device, alice):
    with pytest.raises(ValidationError):
        services.device_transition(device=device, action="lend", by=alice)
