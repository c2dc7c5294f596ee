"""A person's rights across the modules: find, export, erase within one's reach; one purge for every module."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from einclusie.accounts.models import User
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.courses.models import Enrolment
from einclusie.courses.tests.factories import CourseFactory, EnrolmentFactory
from einclusie.devices.models import Beneficiary
from einclusie.devices.tests.factories import BeneficiaryFactory
from einclusie.organisations.models import Membership
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "maria.peeters@example.org"


@pytest.fixture
def codes(db):
    codelists_load()


@pytest.fixture
def maria(gent, aalst, codes):
    """Maria borrowed a laptop in Gent, signed up for a course in Gent and one in Aalst."""
    return {
        "beneficiary": BeneficiaryFactory(organisation=gent, full_name="Maria Peeters", email=EMAIL),
        "gent_course": EnrolmentFactory(course=CourseFactory(organisation=gent), first_name="Maria", email=EMAIL),
        "aalst_course": EnrolmentFactory(course=CourseFactory(organisation=aalst), first_name="Maria", email=EMAIL),
    }


@pytest.fixture
def admin(region):
    return MembershipFactory(user=UserFactory(), organisation=region, role=Role.PROGRAMME_ADMIN).user


def search(client, query):
    return client.get(reverse("core:person_search"), {"q": query})


def test_a_coordinator_finds_a_person_by_email_within_their_organisation(client, alice, maria):
    client.force_login(alice)
    page = search(client, "Maria.Peeters@example.org").content.decode()
    assert maria["beneficiary"].reference in page
    assert maria["gent_course"].course.title in page
    assert maria["aalst_course"].course.title not in page  # another organisation's course


def test_a_person_is_found_by_device_bank_reference(client, alice, maria):
    client.force_login(alice)
    page = search(client, maria["beneficiary"].reference.lower()).content.decode()
    assert "Maria Peeters" in page


def test_the_programme_administrator_reaches_every_organisation(client, admin, maria):
    client.force_login(admin)
    page = search(client, EMAIL).content.decode()
    assert maria["gent_course"].course.title in page
    assert maria["aalst_course"].course.title in page


def test_a_staff_account_and_the_help_contacts_it_logged_are_found(client, alice, bob):
    client.force_login(alice)
    page = search(client, bob.email).content.decode()
    assert bob.email in page
    assert "Deze persoon noteerde 0 hulpcontacten." in page


def test_an_outsider_finds_nothing(client, charlie, maria):
    client.force_login(charlie)
    page = search(client, maria["beneficiary"].reference).content.decode()
    assert "Niets gevonden" in page
    assert "Maria Peeters" not in page


@pytest.mark.parametrize("role", [Role.HELPER, Role.FINANCE, Role.READ_ONLY])
def test_other_roles_do_not_reach_the_register(client, gent, role):
    user = MembershipFactory(user=UserFactory(), organisation=gent, role=role).user
    client.force_login(user)
    assert search(client, EMAIL).status_code == 404
    assert client.post(reverse("core:person_erase"), {"wissen-q": EMAIL, "wissen-confirm": "on"}).status_code == 404


def test_a_programme_officer_does_not_reach_the_register(client, paula):
    client.force_login(paula)
    assert search(client, EMAIL).status_code == 404


def test_a_bad_search_is_explained(client, alice):
    client.force_login(alice)
    page = search(client, "maria@").content.decode()
    assert "Er is een probleem" in page
    assert "Dit e-mailadres is niet geldig" in page
    page = search(client, "TB").content.decode()
    assert "Typ een volledige referentie" in page


def test_the_export_holds_every_module_and_is_logged_without_the_address(client, alice, maria, gent):
    client.force_login(alice)
    response = client.get(reverse("core:person_export"), {"q": EMAIL})
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["device_bank"][0]["personal"]["full_name"] == "Maria Peeters"
    assert [course["first_name"] for course in data["courses"]] == ["Maria"]
    assert data["accounts"] == []
    event = Event.objects.get(verb="person.exported")
    assert event.actor == alice and event.organisation == gent
    assert event.data == {"beneficiaries": 1, "enrolments": 1, "accounts": 0, "help_contacts": 0}
    assert EMAIL not in json.dumps(list(Event.objects.values_list("subject", "data")))
    # the device bank's own export is reused, and logged as such
    assert Event.objects.filter(verb="beneficiary.exported", subject=maria["beneficiary"].reference).exists()


def test_erasure_empties_the_personal_fields_and_keeps_the_rows(client, alice, maria, gent):
    client.force_login(alice)
    response = client.post(reverse("core:person_erase"), {"wissen-q": EMAIL, "wissen-confirm": "on"})
    assert response.status_code == 302
    beneficiary = Beneficiary.objects.get(pk=maria["beneficiary"].pk)
    assert beneficiary.is_erased and beneficiary.full_name == "" and beneficiary.email == ""
    gent_course = Enrolment.objects.get(pk=maria["gent_course"].pk)
    assert (gent_course.first_name, gent_course.phone, gent_course.email) == ("", "", "")
    assert gent_course.erased_at is not None
    assert Enrolment.objects.get(pk=maria["aalst_course"].pk).email == EMAIL  # outside Gent's reach
    assert Enrolment.objects.count() == 2 and Beneficiary.objects.count() == 1
    event = Event.objects.get(verb="person.erased")
    assert event.actor == alice and event.data["enrolments"] == 1
    page = client.get(response.url).content.decode()
    assert "De persoonsgegevens zijn gewist." in page


def test_erasure_needs_a_confirmation(client, alice, maria):
    client.force_login(alice)
    response = client.post(reverse("core:person_erase"), {"wissen-q": EMAIL})
    assert response.status_code == 400
    assert "Vink aan dat u begrijpt dat het wissen niet ongedaan kan worden." in response.content.decode()
    assert Beneficiary.objects.get(pk=maria["beneficiary"].pk).full_name == "Maria Peeters"


def test_erasure_refuses_get(client, alice):
    client.force_login(alice)
    assert client.get(reverse("core:person_erase")).status_code == 405


def test_erasure_is_all_or_nothing_while_a_device_is_reserved_for_the_person(client, alice, maria):
    from einclusie.devices.models import Loan, LoanStatus
    from einclusie.devices.tests.factories import DeviceFactory

    Loan.objects.create(
        organisation=maria["beneficiary"].organisation,
        device=DeviceFactory(organisation=maria["beneficiary"].organisation),
        beneficiary=maria["beneficiary"],
        status=LoanStatus.RESERVED,
        reserved_until=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(alice)
    response = client.post(reverse("core:person_erase"), {"wissen-q": EMAIL, "wissen-confirm": "on"})
    assert response.status_code == 400
    assert "Er is niets gewist." in response.content.decode()
    assert Enrolment.objects.get(pk=maria["gent_course"].pk).first_name == "Maria"
    assert not Event.objects.filter(verb="person.erased").exists()


def test_a_colleagues_account_is_pseudonymised_and_deactivated(client, alice, bob, gent):
    client.force_login(alice)
    client.post(reverse("core:person_erase"), {"wissen-q": bob.email, "wissen-confirm": "on"})
    bob.refresh_from_db()
    assert not bob.is_active and not bob.has_usable_password()
    assert bob.email.endswith("@gewist.e-inclusie.invalid") and bob.get_full_name() == ""
    assert not Membership.objects.filter(user=bob).exists()


def test_an_account_that_also_works_elsewhere_is_not_erased_by_a_coordinator(client, alice, bob, aalst):
    MembershipFactory(user=bob, organisation=aalst, role=Role.HELPER)
    client.force_login(alice)
    response = client.post(reverse("core:person_erase"), {"wissen-q": bob.email, "wissen-confirm": "on"})
    assert response.status_code == 400
    assert "ook lid van een andere organisatie" in response.content.decode()
    assert User.objects.get(pk=bob.pk).is_active


def test_one_purge_runs_every_modules_retention_rule(gent, codes, capsys):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    BeneficiaryFactory(organisation=gent, full_name="Oud", retain_until=yesterday)
    old_course = CourseFactory(organisation=gent)
    EnrolmentFactory(course=old_course, first_name="Oud")
    from einclusie.courses.models import Course

    Course.objects.filter(pk=old_course.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    call_command("privacy", "purge")
    out = capsys.readouterr().out
    assert "devices: would erase the personal data of 1" in out
    assert "courses: would erase the personal data of 1" in out
    assert "dry run, nothing changed" in out
    assert Beneficiary.objects.filter(full_name="Oud").exists()
    call_command("privacy", "purge", "--yes")
    assert not Beneficiary.objects.filter(full_name="Oud").exists()
    assert not Enrolment.objects.filter(first_name="Oud").exists()
    call_command("privacy", "purge", "--yes")
    assert "devices: erased the personal data of 0" in capsys.readouterr().out


def test_the_retention_task_erases_what_the_command_would(gent, codes):
    from einclusie.core.privacy import retention_purge

    BeneficiaryFactory(
        organisation=gent, full_name="Oud", retain_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert retention_purge.call() == {"courses": 0, "devices": 1}
    assert not Beneficiary.objects.filter(full_name="Oud").exists()
