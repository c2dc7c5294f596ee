"""The demo shows the device bank's daily work: a reservation that expired, a loan due soon, one to call."""

import pytest

from einclusie.devices.demo import demo_devices
from einclusie.devices.models import Device, Loan
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_shows_expired_reservations_due_soon_and_to_call_and_runs_twice(gent, alice):
    assert demo_devices({"gent": gent}) == 15
    loans = Loan.objects.for_organisation(gent)
    assert loans.expired_reservations().count() == 1
    assert loans.due_soon().get().beneficiary.email == "lener.demo@example.org"
    assert loans.to_call().get() == loans.overdue().get()
    assert demo_devices({"gent": gent}) == 0
    assert Device.objects.filter(organisation=gent).count() == 15


def test_the_small_demo_bank_has_a_loan_due_soon_and_an_expired_reservation(gent):
    ocmw = OrganisationFactory(name="OCMW Gent (test)", kind=Kind.OCMW, municipality=gent.municipality)
    assert demo_devices({"ocmw-gent": ocmw}) == 3
    loans = Loan.objects.for_organisation(ocmw)
    assert loans.due_soon().get().beneficiary.email == "lener.ocmw.demo@example.org"
    assert loans.expired_reservations().count() == 1
    assert Device.objects.for_organisation(ocmw).lendable().count() == 1
