"""Two helpers acting on the same stock at the same moment (PostgreSQL only).

Handing over the same laptop twice is in test_loans.py. Reminder rounds and releases of expired reservations
run daily; two at once (a task and a command, say) still remind a person once and release a device once.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.devices import services
from einclusie.devices.models import ConnectivityItem, ConnectivityStatus, DeviceTransition, LoanReminder
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import BeneficiaryFactory, ConnectivityItemFactory, DeviceFactory

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]


def test_two_helpers_handing_out_the_same_sim_card_at_once_give_it_to_one_person(gent, grounds, alice, helper):
    item = ConnectivityItemFactory(organisation=gent)
    people = [BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]]) for _ in range(2)]

    def hand_out(person, user):
        return lambda: services.connectivity_hand_out(
            item=ConnectivityItem.objects.get(pk=item.pk), beneficiary=person, by=user
        )

    results = at_once(hand_out(people[0], alice), hand_out(people[1], helper))
    assert refused(results) == 1
    item.refresh_from_db()
    assert item.status == ConnectivityStatus.HANDED_OUT
    assert item.beneficiary in people


def test_two_reminder_rounds_at_once_remind_a_person_once(gent, grounds, alice):
    person = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]], email="maria@example.org")
    services.loan_handover(
        device=make_available(DeviceFactory(organisation=gent), alice),
        beneficiary=person,
        by=alice,
        checklist=CHECKLIST,
        due_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    results = at_once(services.loans_remind_due, services.loans_remind_due)
    assert sorted((len(outcome.emailed), outcome.already) for outcome in results) == [(0, 1), (1, 0)]
    assert len(mail.outbox) == 1
    assert LoanReminder.objects.count() == 1


def test_two_releases_at_once_free_an_expired_reservation_once(gent, grounds, alice):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=10)
    services.loan_reserve(
        device=make_available(DeviceFactory(organisation=gent), alice),
        beneficiary=BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]]),
        reserved_from=start,
        reserved_until=today - datetime.timedelta(days=1),
        by=alice,
        today=start,
    )
    results = at_once(services.reservations_release_expired, services.reservations_release_expired)
    assert sorted(len(released) for released in results) == [0, 1]
    assert DeviceTransition.objects.filter(action="release_reservation").count() == 1
