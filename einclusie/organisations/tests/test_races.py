"""Two coordinators acting on each other's membership at the same moment (PostgreSQL only)."""

import pytest

from einclusie.core.roles import Role
from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.organisations import services
from einclusie.organisations.models import Membership
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]


@pytest.fixture
def two_coordinators(gent, alice):
    other = MembershipFactory(user=UserFactory(email="carla@example.org"), organisation=gent, role=Role.COORDINATOR)
    return Membership.objects.get(user=alice), other


def test_two_coordinators_removing_each_other_at_once_leave_one_coordinator(gent, two_coordinators):
    first, second = two_coordinators
    results = at_once(
        lambda: services.membership_remove(membership=second, by=first.user),
        lambda: services.membership_remove(membership=first, by=second.user),
    )
    assert refused(results) == 1
    assert Membership.objects.filter(organisation=gent, role=Role.COORDINATOR).count() == 1


def test_a_coordinator_stepping_down_while_the_other_is_removed_leaves_one_coordinator(gent, two_coordinators):
    first, second = two_coordinators
    results = at_once(
        lambda: services.membership_change_role(membership=first, role=Role.HELPER, by=first.user),
        lambda: services.membership_remove(membership=second, by=first.user),
    )
    assert refused(results) == 1
    assert Membership.objects.filter(organisation=gent, role=Role.COORDINATOR).count() == 1
