"""Two helpers acting on the same stock at the same moment (PostgreSQL only).

Handing over the same laptop twice is in test_loans.py.
"""

import pytest

from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.devices import services
from einclusie.devices.models import ConnectivityItem, ConnectivityStatus
from einclusie.devices.tests.factories import BeneficiaryFactory, ConnectivityItemFactory

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
