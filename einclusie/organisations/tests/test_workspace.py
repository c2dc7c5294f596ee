import pytest
from django.core import mail
from django.urls import reverse

from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.organisations.models import Invitation, Membership
from einclusie.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_person_sees_the_organisations_they_belong_to(client, alice, gent, aalst):
    MembershipFactory(user=alice, organisation=aalst, role=Role.READ_ONLY)
    client.force_login(alice)
    page = client.get(reverse("organisations:home")).content.decode()
    assert "Stad Gent (test)" in page
    assert "Stad Aalst (test)" in page


def test_switching_organisation_changes_what_the_pages_show(client, alice, gent, aalst, charlie):
    MembershipFactory(user=alice, organisation=aalst, role=Role.COORDINATOR)
    client.force_login(alice)
    client.post(reverse("organisations:switch"), {"organisation": gent.pk})
    assert "alice@example.org" in client.get(reverse("organisations:members")).content.decode()
    response = client.post(reverse("organisations:switch"), {"organisation": aalst.pk})
    assert response.status_code == 302
    members_page = client.get(reverse("organisations:members")).content.decode()
    assert "charlie@example.org" in members_page
    assert "Stad Aalst (test)" in members_page


def test_switching_to_an_organisation_one_is_not_a_member_of_is_refused(client, alice, aalst):
    client.force_login(alice)
    response = client.post(reverse("organisations:switch"), {"organisation": aalst.pk})
    assert response.status_code == 400
    assert client.session.get("current_organisation_id") != aalst.pk


def test_a_read_only_colleague_cannot_see_or_invite_members(client, bob):
    client.force_login(bob)
    assert client.get(reverse("organisations:members")).status_code == 404
    assert client.get(reverse("organisations:invite")).status_code == 404


def test_a_coordinator_invites_a_colleague_who_joins_with_a_new_account(client, alice, gent):
    client.force_login(alice)
    response = client.post(reverse("organisations:invite"), {"email": "Dirk@Example.org", "role": Role.HELPER})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.get()
    assert invitation.email == "dirk@example.org"
    assert invitation.token in mail.outbox[0].body
    client.logout()

    accept_url = reverse("organisations:invitation_accept", args=[invitation.token])
    response = client.post(
        accept_url, {"first_name": "Dirk", "last_name": "Digi", "password": "een lange zin als wachtwoord"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="dirk@example.org")
    assert membership.organisation == gent
    assert membership.role == Role.HELPER
    assert Event.objects.filter(verb="membership.created", subject="dirk@example.org").exists()
    assert client.get(accept_url).status_code == 410


def test_an_invitation_cannot_give_a_programme_role(client, alice):
    client.force_login(alice)
    response = client.post(reverse("organisations:invite"), {"email": "x@example.org", "role": Role.PROGRAMME_ADMIN})
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_says_so(client, alice, bob):
    client.force_login(alice)
    response = client.post(reverse("organisations:invite"), {"email": "bob@example.org", "role": Role.HELPER})
    assert "al lid" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_existing_account_logs_in_before_accepting(client, alice, charlie, gent):
    client.force_login(alice)
    client.post(reverse("organisations:invite"), {"email": "charlie@example.org", "role": Role.READ_ONLY})
    invitation = Invitation.objects.get()
    client.logout()
    accept_url = reverse("organisations:invitation_accept", args=[invitation.token])
    assert "Meld u eerst aan" in client.get(accept_url).content.decode()
    client.force_login(charlie)
    client.post(accept_url)
    assert Membership.objects.filter(user=charlie, organisation=gent, role=Role.READ_ONLY).exists()


def test_a_weak_password_is_refused_when_accepting(client, alice):
    client.force_login(alice)
    client.post(reverse("organisations:invite"), {"email": "eva@example.org", "role": Role.HELPER})
    client.logout()
    invitation = Invitation.objects.get()
    response = client.post(
        reverse("organisations:invitation_accept", args=[invitation.token]),
        {"first_name": "Eva", "last_name": "E", "password": "kort"},
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__email="eva@example.org").exists()


def test_the_last_coordinator_cannot_be_removed(client, alice):
    membership = Membership.objects.get(user=alice)
    client.force_login(alice)
    response = client.post(reverse("organisations:member_remove", args=[membership.pk]))
    assert response.status_code == 200
    assert "geen coördinator meer" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_removes_a_colleague_and_it_is_logged(client, alice, bob):
    membership = Membership.objects.get(user=bob)
    client.force_login(alice)
    assert client.post(reverse("organisations:member_remove", args=[membership.pk])).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = Event.objects.get(verb="membership.removed")
    assert event.actor == alice
    assert event.subject == "bob@example.org"


def test_an_outsider_gets_404_on_another_organisations_member(client, bob, charlie):
    membership = Membership.objects.get(user=bob)
    client.force_login(charlie)
    assert client.get(reverse("organisations:member_remove", args=[membership.pk])).status_code == 404
    assert client.post(reverse("organisations:member_remove", args=[membership.pk])).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_cannot_open_the_programme_pages(client, alice):
    client.force_login(alice)
    assert client.get(reverse("organisations:manage_list")).status_code == 404


def test_a_programme_officer_creates_an_organisation(client, paula):
    client.force_login(paula)
    response = client.post(
        reverse("organisations:manage_create"),
        {"kind": "partner", "name": "Bibliotheek Testdorp", "kbo_number": "", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Event.objects.filter(verb="organisation.created", subject="Bibliotheek Testdorp").exists()


def test_a_wrong_enterprise_number_is_refused(client, paula):
    client.force_login(paula)
    response = client.post(
        reverse("organisations:manage_create"),
        {"kind": "partner", "name": "Bibliotheek Fout", "kbo_number": "0123456789", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "controlegetal" in response.content.decode()


def test_a_municipality_needs_its_municipality(client, paula):
    client.force_login(paula)
    response = client.post(reverse("organisations:manage_create"), {"kind": "municipality", "name": "Gemeente Zonder"})
    assert "Kies de gemeente" in response.content.decode()


def test_a_programme_officer_gives_an_existing_person_a_role(client, paula, charlie, gent):
    client.force_login(paula)
    response = client.post(
        reverse("organisations:manage_detail", args=[gent.pk]),
        {"email": "charlie@example.org", "role": Role.FINANCE},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=charlie, organisation=gent).role == Role.FINANCE


def test_a_role_that_the_organisation_kind_does_not_have_is_refused(client, paula, gent):
    client.force_login(paula)
    response = client.post(
        reverse("organisations:manage_detail", args=[gent.pk]),
        {"email": "nieuw@example.org", "role": Role.PROGRAMME_OFFICER},
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_a_programme_officer_changes_a_role(client, paula, bob):
    membership = Membership.objects.get(user=bob)
    client.force_login(paula)
    response = client.post(reverse("organisations:manage_change_role", args=[membership.pk]), {"role": Role.FINANCE})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.FINANCE
    assert Event.objects.get(verb="membership.role_changed").data == {
        "old_role": "read_only",
        "role": "finance",
    }


def test_partnership_needs_a_local_government_as_lead(paula, gent):
    from django.core.exceptions import ValidationError

    partner = OrganisationFactory(kind="partner", municipality=None, name="Vzw Test")
    partnership = OrganisationFactory.build(kind="partnership", municipality=None, name="Samen", lead=partner)
    with pytest.raises(ValidationError):
        partnership.full_clean()
    partnership.lead = gent
    partnership.full_clean()
