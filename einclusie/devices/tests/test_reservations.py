"""A reservation holds a device for a window of days; once the window has passed the device does not go out
until the reservation is extended, and a daily round gives it back to the stock."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from einclusie.core.models import Event
from einclusie.devices import services
from einclusie.devices.models import DeviceStatus, DeviceTransition, Loan, LoanStatus
from einclusie.devices.tasks import release_expired_reservations
from einclusie.devices.tests.conftest import CHECKLIST

pytestmark = pytest.mark.django_db


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def today():
    return timezone.localdate()


def due():
    return today() + datetime.timedelta(days=730)


@pytest.fixture
def expired(available, person, alice):
    """A reservation for Maria that ended yesterday, made three weeks ago."""
    start = today() - datetime.timedelta(days=21)
    return services.loan_reserve(
        device=available,
        beneficiary=person,
        reserved_from=start,
        reserved_until=today() - datetime.timedelta(days=1),
        by=alice,
        today=start,
    )


def steps(device):
    return list(DeviceTransition.objects.filter(device=device).order_by("pk").values_list("action", flat=True))


def test_an_expired_reservation_is_not_handed_over(expired, person, alice):
    before = steps(expired.device)
    with pytest.raises(ValidationError) as error:
        services.loan_handover(device=expired.device, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    assert error.value.code == "reservation_expired"
    yesterday = services._day(today() - datetime.timedelta(days=1))
    assert error.value.messages == [
        f"De reservatie voor {person.reference} liep af op {yesterday}. Verleng de reservatie of annuleer ze "
        "voor u het toestel meegeeft."
    ]
    expired.refresh_from_db()
    expired.device.refresh_from_db()
    assert (expired.status, expired.device.status) == (LoanStatus.RESERVED, DeviceStatus.RESERVED)
    assert (expired.handed_over_on, expired.due_on) == (None, None)
    assert steps(expired.device) == before


def test_an_expired_reservation_is_not_given_away_either(expired, person, alice):
    with pytest.raises(ValidationError) as error:
        services.loan_handover(device=expired.device, beneficiary=person, by=alice, checklist=CHECKLIST, as_gift=True)
    assert error.value.code == "reservation_expired"
    assert Loan.objects.get().status == LoanStatus.RESERVED


def test_the_hand_over_page_refuses_an_expired_reservation_and_offers_to_extend(client, helper, expired):
    client.force_login(helper)
    device_page = client.get(reverse("devices:detail", args=[expired.device.pk])).content.decode()
    assert f"De reservatie voor {expired.beneficiary.reference} liep af op" in device_page
    url = reverse("devices:handover", args=[expired.device.pk])
    page = client.get(url).content.decode()
    assert "Deze reservatie liep af op" in page
    assert reverse("devices:loan_extend", args=[expired.pk]) in page
    response = client.post(
        url,
        {"kind": "loan", **date_fields("due_on", due()), "checklist": list(CHECKLIST), "language": "nl"},
    )
    assert response.status_code == 200
    assert "liep af op" in str(response.context["form"].non_field_errors())
    assert Loan.objects.get().status == LoanStatus.RESERVED


def test_an_extended_reservation_starts_a_new_window_and_can_be_handed_over(client, helper, expired, person):
    client.force_login(helper)
    new_end = today() + datetime.timedelta(days=7)
    response = client.post(reverse("devices:loan_extend", args=[expired.pk]), date_fields("reserved_until", new_end))
    assert response.status_code == 302
    expired.refresh_from_db()
    assert (expired.reserved_from, expired.reserved_until, expired.status) == (today(), new_end, LoanStatus.RESERVED)
    step = DeviceTransition.objects.filter(device=expired.device).latest("pk")
    assert (step.action, step.from_status, step.to_status, step.by) == (
        "extend_reservation",
        DeviceStatus.RESERVED,
        DeviceStatus.RESERVED,
        helper,
    )
    assert Event.objects.filter(verb="device.extend_reservation").exists()
    loan = services.loan_handover(
        device=expired.device, beneficiary=person, by=helper, checklist=CHECKLIST, due_on=due()
    )
    assert (loan.pk, loan.status) == (expired.pk, LoanStatus.LENT)


def test_a_reservation_is_not_extended_into_the_past(client, helper, expired):
    client.force_login(helper)
    response = client.post(
        reverse("devices:loan_extend", args=[expired.pk]),
        date_fields("reserved_until", today() - datetime.timedelta(days=2)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reserved_until"] == [
        "De reservatie eindigt in het verleden. Kies vandaag of later."
    ]
    expired.refresh_from_db()
    assert expired.reserved_until == today() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.loan_extend_reservation(loan=expired, reserved_until=today() - datetime.timedelta(days=1), by=helper)
    assert error.value.code == "window"


def test_the_list_shows_expired_reservations_with_extend_and_cancel(client, helper, expired):
    client.force_login(helper)
    page = client.get(reverse("devices:loans") + "?toon=verlopen").content.decode()
    assert "Verlopen reservaties (1)" in page
    assert expired.beneficiary.reference in page
    assert "reservatie verlopen" in page
    assert reverse("devices:loan_extend", args=[expired.pk]) in page
    back = reverse("devices:loans") + "?toon=verlopen"
    response = client.post(reverse("devices:loan_cancel", args=[expired.pk]), {"terug": back})
    assert response.url == back
    expired.refresh_from_db()
    expired.device.refresh_from_db()
    assert (expired.status, expired.device.status) == (LoanStatus.CANCELLED, DeviceStatus.AVAILABLE)
    assert "Verlopen reservaties (0)" in client.get(back).content.decode()


def test_a_read_only_colleague_sees_expired_reservations_but_cannot_extend(client, bob, expired):
    client.force_login(bob)
    page = client.get(reverse("devices:loans") + "?toon=verlopen").content.decode()
    assert expired.beneficiary.reference in page
    assert reverse("devices:loan_extend", args=[expired.pk]) not in page
    assert client.get(reverse("devices:loan_extend", args=[expired.pk])).status_code == 404


def test_release_prints_first_then_frees_expired_reservations_once(expired, available, capsys):
    call_command("devices", "release")
    out = capsys.readouterr().out
    assert "would release 1 expired reservations" in out
    assert f"{available.serial_number} reserved for {expired.beneficiary.reference}" in out
    assert Loan.objects.get().status == LoanStatus.RESERVED

    call_command("devices", "release", "--yes")
    assert "released 1 expired reservations" in capsys.readouterr().out
    expired.refresh_from_db()
    available.refresh_from_db()
    assert (expired.status, available.status) == (LoanStatus.EXPIRED, DeviceStatus.AVAILABLE)
    step = DeviceTransition.objects.filter(device=available).latest("pk")
    assert (step.action, step.from_status, step.to_status, step.loan_id, step.by) == (
        "release_reservation",
        DeviceStatus.RESERVED,
        DeviceStatus.AVAILABLE,
        expired.pk,
        None,
    )

    call_command("devices", "release", "--yes")
    assert "released 0 expired reservations" in capsys.readouterr().out
    assert DeviceTransition.objects.filter(action="release_reservation").count() == 1


def test_a_running_reservation_is_not_released(available, person, alice):
    services.loan_reserve(device=available, beneficiary=person, reserved_from=today(), reserved_until=today(), by=alice)
    assert release_expired_reservations.call() == 0
    assert Loan.objects.get().status == LoanStatus.RESERVED


def test_the_daily_task_releases_expired_reservations(expired):
    assert release_expired_reservations.call() == 1
    expired.device.refresh_from_db()
    assert expired.device.status == DeviceStatus.AVAILABLE
    # The device can be reserved again, for someone else too.
    assert Loan.objects.filter(device=expired.device).active().count() == 0
