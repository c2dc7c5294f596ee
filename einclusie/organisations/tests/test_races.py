"""Two coordinators acting on each other's membership at the same moment (PostgreSQL only), and two people of the
programme team editing the same organisation.

The organisation's edit form carries the version it was opened on: of two people who opened the same version, the
first save is kept and the second is refused with a message (both databases); saves at the very same moment end the
same way (PostgreSQL only, where rows are locked).
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused, the_one_saved
from einclusie.organisations import services
from einclusie.organisations.forms import OrganisationForm
from einclusie.organisations.models import Membership, Organisation
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

on_both = pytest.mark.django_db


@pytest.fixture
def pieter(region):
    """A second programme officer."""
    return MembershipFactory(
        user=UserFactory(email="pieter@example.org"), organisation=region, role=Role.PROGRAMME_OFFICER
    ).user


@pytest.fixture
def library(db):
    return Organisation.objects.create(kind="partner", name="Bibliotheek Testdorp")


def _organisation_data(**overrides):
    return {"kind": "partner", "name": "Bibliotheek Testdorp", "kbo_number": "", "is_active": "on", **overrides}


def _save(organisation, token, by, **overrides):
    form = OrganisationForm(
        {**_organisation_data(**overrides), "version": token}, instance=Organisation.objects.get(pk=organisation.pk)
    )
    assert form.is_valid(), form.errors
    return services.organisation_save(
        organisation=form.save(commit=False), partners=form.cleaned_data["partners"], by=by, form=form
    )


@on_both
def test_the_second_of_two_organisation_edits_opened_on_the_same_version_is_refused(library, paula, pieter):
    token = OrganisationForm(instance=Organisation.objects.get(pk=library.pk))["version"].value()

    _save(library, token, paula, email="info@bib.example.org")
    with pytest.raises(ValidationError) as refusal:
        _save(library, token, pieter, email="onthaal@bib.example.org")

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert Organisation.objects.get(pk=library.pk).email == "info@bib.example.org"
    assert Event.objects.filter(verb="organisation.changed").count() == 1  # the refused save left no trace


@on_both
def test_the_second_officer_sees_the_message_and_the_organisation_as_the_first_saved_it(client, library, paula, pieter):
    url = reverse("organisations:manage_edit", args=[library.pk])
    client.force_login(paula)
    token = client.get(url).context["form"]["version"].value()  # both open the form
    client.post(url, {**_organisation_data(email="info@bib.example.org"), "version": token})

    client.force_login(pieter)
    response = client.post(url, {**_organisation_data(email="onthaal@bib.example.org"), "version": token})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "info@bib.example.org" in page and "onthaal@bib.example.org" not in page
    assert Organisation.objects.get(pk=library.pk).email == "info@bib.example.org"


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_officers_saving_the_same_organisation_at_once_one_wins_the_other_is_refused(library, paula, pieter):
    token = OrganisationForm(instance=Organisation.objects.get(pk=library.pk))["version"].value()

    results = at_once(
        lambda: _save(library, token, paula, email="info@bib.example.org").email,
        lambda: _save(library, token, pieter, email="onthaal@bib.example.org").email,
    )

    winner = the_one_saved(results)
    assert Organisation.objects.get(pk=library.pk).email == winner
    assert Event.objects.filter(verb="organisation.changed").count() == 1


@pytest.fixture
def two_coordinators(gent, alice):
    other = MembershipFactory(user=UserFactory(email="carla@example.org"), organisation=gent, role=Role.COORDINATOR)
    return Membership.objects.get(user=alice), other


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_coordinators_removing_each_other_at_once_leave_one_coordinator(gent, two_coordinators):
    first, second = two_coordinators
    results = at_once(
        lambda: services.membership_remove(membership=second, by=first.user),
        lambda: services.membership_remove(membership=first, by=second.user),
    )
    assert refused(results) == 1
    assert Membership.objects.filter(organisation=gent, role=Role.COORDINATOR).count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_a_coordinator_stepping_down_while_the_other_is_removed_leaves_one_coordinator(gent, two_coordinators):
    first, second = two_coordinators
    results = at_once(
        lambda: services.membership_change_role(membership=first, role=Role.HELPER, by=first.user),
        lambda: services.membership_remove(membership=second, by=first.user),
    )
    assert refused(results) == 1
    assert Membership.objects.filter(organisation=gent, role=Role.COORDINATOR).count() == 1
