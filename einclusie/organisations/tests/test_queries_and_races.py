import threading

import pytest
from django.db import connection
from django.urls import reverse

from einclusie.core.roles import Role
from einclusie.organisations import services
from einclusie.organisations.models import Invitation, Membership
from einclusie.organisations.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_the_organisation_list_needs_a_fixed_number_of_queries(client, paula, django_assert_max_num_queries):
    for _ in range(30):
        MembershipFactory(organisation=OrganisationFactory())
    client.force_login(paula)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisations:manage_list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_member_list_needs_a_fixed_number_of_queries(client, alice, gent, django_assert_max_num_queries):
    for _ in range(20):
        MembershipFactory(organisation=gent, role=Role.HELPER)
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisations:members"))
    assert response.content.decode().count("<tr>") == 22


@pytest.mark.django_db(transaction=True)
def test_an_invitation_accepted_twice_at_once_gives_one_membership(alice, gent):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    membership = Membership.objects.get(user=alice)
    invitation = services.invitation_create(
        organisation=gent, email="duo@example.org", role=Role.HELPER, by_membership=membership
    )
    user = UserFactory(email="duo@example.org")
    outcomes = []
    barrier = threading.Barrier(2)

    def accept():
        barrier.wait()
        try:
            services.invitation_accept(invitation=Invitation.objects.get(pk=invitation.pk), user=user)
            outcomes.append("accepted")
        except Exception as error:  # noqa: BLE001 - the loser's error is the point
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "accepted"]
    assert Membership.objects.filter(user=user, organisation=gent).count() == 1
