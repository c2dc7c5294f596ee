"""Reserve, hand over with the checklist, remind, take back or give for good; one loan per device, always."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from einclusie.devices import services
from einclusie.devices.models import Device, DeviceStatus, Loan, LoanStatus
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def due():
    return timezone.localdate() + datetime.timedelta(days=730)


def test_a_reservation_holds_the_device_for_one_person(available, person, gent, grounds, alice):
    loan = services.loan_reserve(
        device=available, beneficiary=person, reserved_from=TODAY, reserved_until=due(), by=alice, today=TODAY
    )
    available.refresh_from_db()
    assert (available.status, loan.status) == (DeviceStatus.RESERVED, LoanStatus.RESERVED)
    other = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]])
    with pytest.raises(ValidationError) as error:
        services.loan_handover(device=available, beneficiary=other, by=alice, checklist=CHECKLIST, due_on=due())
    assert error.value.code == "reserved_for_other"
    handed = services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    assert handed.pk == loan.pk
    assert handed.status == LoanStatus.LENT


def test_cancelling_a_reservation_makes_the_device_available_again(available, person, alice):
    loan = services.loan_reserve(
        device=available, beneficiary=person, reserved_from=TODAY, reserved_until=due(), by=alice, today=TODAY
    )
    services.loan_cancel(loan=loan, by=alice)
    available.refresh_from_db()
    assert available.status == DeviceStatus.AVAILABLE
    with pytest.raises(ValidationError):
        services.loan_cancel(loan=loan, by=alice)


def test_the_hand_over_needs_wiped_explained_and_signed(available, person, alice):
    with pytest.raises(ValidationError) as error:
        services.loan_handover(
            device=available, beneficiary=person, by=alice, checklist={"checked_charger": True}, due_on=due()
        )
    assert error.value.messages == [
        "Bevestig dat de gegevens van het toestel gewist zijn.",
        "Bevestig dat u de overeenkomst uitlegde.",
        "Bevestig dat de persoon de overeenkomst ter plaatse ondertekende.",
    ]
    assert not Loan.objects.exists()


def test_a_device_cannot_be_lent_twice(available, person, gent, grounds, alice):
    services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    other = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]])
    with pytest.raises(ValidationError) as error:
        services.loan_handover(device=available, beneficiary=other, by=alice, checklist=CHECKLIST, due_on=due())
    assert error.value.code == "already_lent"
    assert "Dit toestel is al meegegeven op" in error.value.messages[0]
    assert Loan.objects.count() == 1


def test_the_database_holds_one_active_loan_per_device(available, person, alice):
    from django.db import IntegrityError, transaction

    services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(
            organisation=available.organisation, device=available, beneficiary=person, status=LoanStatus.RESERVED
        )


def test_a_person_past_the_retention_date_or_erased_gets_no_device(available, person, alice):
    person.retain_until = timezone.localdate() - datetime.timedelta(days=1)
    person.save()
    with pytest.raises(ValidationError) as error:
        services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    assert error.value.code == "past_retention"
    assert "De bewaartermijn van " in error.value.messages[0]
    available.refresh_from_db()
    assert available.status == DeviceStatus.AVAILABLE
    assert not Loan.objects.exists()


def test_a_loan_keeps_the_persons_data_until_six_months_after_the_due_date(available, person, alice):
    person.retain_until = timezone.localdate() + datetime.timedelta(days=30)
    person.save()
    services.loan_handover(
        device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=datetime.date(2028, 3, 31)
    )
    person.refresh_from_db()
    assert person.retain_until == datetime.date(2028, 9, 30)


def test_returning_a_device_that_is_not_lent_is_refused(available, person, alice):
    loan = services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    services.loan_return(loan=loan, condition="good", by=alice)
    with pytest.raises(ValidationError) as error:
        services.loan_return(loan=loan, condition="good", by=alice)
    assert error.value.messages == ["Dit toestel is niet uitgeleend: terugbrengen kan niet."]
    assert Device.objects.get(pk=available.pk).transitions.filter(action="return").count() == 1


def test_a_loan_becomes_a_gift(available, person, alice):
    loan = services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    services.loan_convert_to_gift(loan=loan, by=alice)
    loan.refresh_from_db()
    available.refresh_from_db()
    assert (loan.status, available.status) == (LoanStatus.GIVEN, DeviceStatus.GIVEN)
    with pytest.raises(ValidationError):
        services.loan_return(loan=loan, condition="good", by=alice)


def test_a_device_can_be_given_straight_away(available, person, alice):
    loan = services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, as_gift=True)
    assert (loan.status, loan.due_on, loan.given_on) == (LoanStatus.GIVEN, None, timezone.localdate())


def test_overdue_loans_and_reminders(available, gent, person, alice, grounds):
    loan = services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due())
    assert not Loan.objects.overdue().exists()
    later = due() + datetime.timedelta(days=1)
    assert list(Loan.objects.for_organisation(gent).overdue(today=later)) == [loan]
    person.email = "maria@example.org"
    person.save()
    assert services.loan_remind(loan=loan, by=alice, today=later) is True
    assert mail.outbox[0].to == ["maria@example.org"]
    assert "Het moest terug zijn op" in mail.outbox[0].body
    loan.refresh_from_db()
    assert (loan.reminders, loan.reminded_on) == (1, later)


@pytest.mark.django_db(transaction=True)
def test_two_helpers_handing_over_the_same_laptop_at_once_end_with_one_loan(gent, grounds, alice, helper):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    device = make_available(DeviceFactory(organisation=gent), alice)
    people = [BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]]) for _ in range(2)]
    outcomes = []
    barrier = threading.Barrier(2)

    def hand_over(person, user):
        barrier.wait()
        try:
            services.loan_handover(
                device=Device.objects.get(pk=device.pk), beneficiary=person, by=user, checklist=CHECKLIST, due_on=due()
            )
            outcomes.append("lent")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hand_over, args=(person, user))
        for person, user in zip(people, (alice, helper), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_lent", "lent"]
    assert Loan.objects.filter(device=device).count() == 1
    assert Device.objects.get(pk=device.pk).transitions.filter(action="lend").count() == 1
