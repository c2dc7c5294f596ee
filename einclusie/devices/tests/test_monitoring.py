"""The read API the monitoring and the subsidy justification use: counts from the recorded steps, no people."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from einclusie.devices import monitoring, privacy, services
from einclusie.devices.models import DeviceTransition
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory

pytestmark = pytest.mark.django_db


def move_steps(to_day):
    """Date every step so far on `to_day` (the services date steps today)."""
    DeviceTransition.objects.filter(occurred_on=timezone.localdate()).update(
        occurred_on=to_day, occurred_at=F("occurred_at") - (timezone.localdate() - to_day)
    )


@pytest.fixture
def facts(gent, aalst, grounds, alice, charlie):
    """Gent: three laptops and a tablet in February, two lent (one to someone from Aalst), one given in March.

    Aalst: one laptop in, nothing else."""
    devices = [DeviceFactory(organisation=gent, received_on=datetime.date(2026, 2, 3)) for _ in range(3)]
    devices.append(DeviceFactory(organisation=gent, device_type="tablet", received_on=datetime.date(2026, 2, 3)))
    for device in devices[:3]:
        make_available(device, alice)
    due = timezone.localdate() + datetime.timedelta(days=700)
    here = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"], grounds["verhoogde-tegemoetkoming"]])
    there = BeneficiaryFactory(organisation=gent, municipality=aalst.municipality, grounds=[grounds["igo"]])
    services.loan_handover(device=devices[0], beneficiary=here, by=alice, checklist=CHECKLIST, due_on=due)
    services.loan_handover(device=devices[1], beneficiary=there, by=alice, checklist=CHECKLIST, due_on=due)
    move_steps(datetime.date(2026, 2, 20))
    services.loan_handover(device=devices[2], beneficiary=here, by=alice, checklist=CHECKLIST, as_gift=True)
    move_steps(datetime.date(2026, 3, 5))
    DeviceFactory(organisation=aalst, received_on=datetime.date(2026, 2, 10))
    return {"here": here, "there": there}


def test_devices_lent_is_the_figure_of_the_justification(facts, gent, aalst):
    assert (
        monitoring.devices_lent(organisation=gent, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
        == 2
    )
    assert (
        monitoring.devices_lent(organisation=gent, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)) == 0
    )
    assert (
        monitoring.devices_given(organisation=gent, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
        == 1
    )
    assert (
        monitoring.devices_lent(organisation=aalst, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
        == 0
    )
    assert (
        monitoring.people_reached(organisation=gent, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
        == 2
    )


def test_totals_and_counts_per_month(facts, gent):
    assert monitoring.totals(organisation=gent) == {
        "in": 4, "wiped": 3, "lent": 2, "given": 1, "returned": 0, "recycled": 0
    }  # fmt: skip
    months = monitoring.counts(by="month", organisation=gent)
    assert [(row["month"], row["in"], row["lent"], row["given"]) for row in months] == [
        (datetime.date(2026, 2, 1), 4, 2, 0),
        (datetime.date(2026, 3, 1), 0, 0, 1),
    ]


def test_counts_per_municipality_type_and_ground(facts, gent):
    places = {
        row["municipality"]: (row["in"], row["lent"], row["given"]) for row in monitoring.counts(by="municipality")
    }
    # Intake counts where the bank is; a hand-over where the person lives.
    assert places == {"44021": (4, 1, 1), "41002": (1, 1, 0)}
    types = {row["device_type"]: row["in"] for row in monitoring.counts(by="device_type", organisation=gent)}
    assert types == {"laptop": 3, "tablet": 1}
    grounds = {row["ground"]: (row["lent"], row["given"]) for row in monitoring.counts(by="ground", organisation=gent)}
    assert grounds == {"leefloon": (1, 1), "verhoogde-tegemoetkoming": (1, 1), "igo": (1, 0)}


def test_erasing_a_person_changes_no_count(facts, gent, alice):
    before = monitoring.counts(by="ground", organisation=gent)
    services.loan_convert_to_gift(loan=facts["there"].loans.get(), by=alice)
    move_steps(datetime.date(2026, 3, 6))
    privacy.beneficiary_erase(beneficiary=facts["there"], by=alice)
    after = {row["ground"]: row for row in monitoring.counts(by="ground", organisation=gent)}
    assert after["igo"]["lent"] == 1
    assert len(after) == len(before)


def test_an_unknown_dimension_is_refused():
    with pytest.raises(ValueError):
        monitoring.counts(by="age")
