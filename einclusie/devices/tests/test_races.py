"""Two helpers acting on the same stock or the same record.

Edit forms (a device, a person, the bank's settings, an eligibility ground) carry the version they were opened on: of
two people who opened the same version, the first save is kept and the second is refused with a message (both
databases); saves at the very same moment end the same way (PostgreSQL only, where rows are locked).

Handing over the same laptop twice is in test_loans.py. Reminder rounds and releases of expired reservations
run daily; two at once (a task and a command, say) still remind a person once and release a device once.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.core.models import Event
from einclusie.core.tests.concurrency import at_once, calls_at_once, only_on_postgresql, refused, the_one_saved
from einclusie.devices import privacy, services
from einclusie.devices.forms import BeneficiaryForm, DeviceBankSettingsForm, DeviceForm
from einclusie.devices.models import (
    Beneficiary,
    ConnectivityItem,
    ConnectivityStatus,
    Device,
    DeviceBankSettings,
    DeviceStatus,
    DeviceTransition,
    EligibilityGround,
    LoanReminder,
)
from einclusie.devices.tests.conftest import CHECKLIST, make_available
from einclusie.devices.tests.factories import BeneficiaryFactory, ConnectivityItemFactory, DeviceFactory
from einclusie.devices.tests.test_workspace import date_fields

on_both = pytest.mark.django_db


def _device_data(device, **overrides):
    data = {
        "device_type": "laptop",
        "brand": "Lenovo",
        "model": "ThinkPad T480",
        "serial_number": device.serial_number,
        "condition": "good",
        "source": "company",
        **date_fields("received_on", device.received_on),
    }
    return {**data, **overrides}


def _person_data(person, **overrides):
    data = {
        "municipality": person.municipality_id,
        "grounds": [ground.pk for ground in person.grounds.all()],
        "referrer_kind": "ocmw",
        "full_name": person.full_name,
        "consent": "on",
        **date_fields("retain_until", person.retain_until),
    }
    return {**data, **overrides}


def _version(form_class, instance, **extra):
    """The version token both people's forms carry: they opened the same version of the row."""
    return form_class(instance=type(instance).objects.get(pk=instance.pk), **extra)["version"].value()


# --- One after another (both databases) -------------------------------------------------------------------------


@on_both
def test_the_second_of_two_device_edits_opened_on_the_same_version_is_refused(gent, alice, helper):
    device = DeviceFactory(organisation=gent)
    token = _version(DeviceForm, device)

    def save(model, by):
        form = DeviceForm(
            {**_device_data(device, model=model), "version": token}, instance=Device.objects.get(pk=device.pk)
        )
        assert form.is_valid(), form.errors
        return services.device_update(form=form, by=by)

    save("ThinkPad T490", alice)
    with pytest.raises(ValidationError) as refusal:
        save("ThinkPad X1", helper)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert Device.objects.get(pk=device.pk).model == "ThinkPad T490"
    assert Event.objects.filter(verb="device.changed").count() == 1  # the refused save left no trace


@on_both
def test_a_device_edit_keeps_the_status_a_colleague_set_meanwhile(gent, alice, helper):
    device = DeviceFactory(organisation=gent)
    stale = Device.objects.get(pk=device.pk)  # read by the edit page before the colleague's wipe
    form = DeviceForm(
        {**_device_data(device, model="ThinkPad T490"), "version": _version(DeviceForm, device)}, instance=stale
    )
    assert form.is_valid(), form.errors
    make_available(device, helper)

    services.device_update(form=form, by=alice)

    saved = Device.objects.get(pk=device.pk)
    assert (saved.model, saved.status) == ("ThinkPad T490", DeviceStatus.AVAILABLE)


@on_both
def test_the_second_of_two_person_edits_opened_on_the_same_version_is_refused(gent, grounds, alice, helper):
    person = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]])
    token = _version(BeneficiaryForm, person, organisation=gent)

    def save(phone, by):
        form = BeneficiaryForm(
            {**_person_data(person, phone=phone), "version": token},
            instance=Beneficiary.objects.get(pk=person.pk),
            organisation=gent,
        )
        assert form.is_valid(), form.errors
        return services.beneficiary_save(form=form, organisation=gent, by=by)

    save("0470 11 11 11", alice)
    with pytest.raises(ValidationError) as refusal:
        save("0470 22 22 22", helper)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert Beneficiary.objects.get(pk=person.pk).phone == "0470 11 11 11"


@on_both
def test_a_person_erased_while_the_form_was_open_is_not_brought_back(client, gent, grounds, alice, helper):
    person = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]], phone="")
    url = reverse("devices:beneficiary_edit", args=[person.pk])
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()
    privacy.beneficiary_erase(beneficiary=person, by=helper)

    response = client.post(url, {**_person_data(person, full_name="Maria Peeters"), "version": token})

    assert response["Location"] == reverse("devices:beneficiary", args=[person.pk])
    assert Beneficiary.objects.get(pk=person.pk).is_erased
    assert "Maria Peeters" not in str(Beneficiary.objects.filter(pk=person.pk).values())


@on_both
def test_the_second_of_two_settings_edits_opened_on_the_same_version_is_refused(gent, bank, alice):
    token = _version(DeviceBankSettingsForm, bank)

    def save(agreement):
        data = {"loan_months": 24, "retention_months": 30, "agreement_nl": agreement, "version": token}
        form = DeviceBankSettingsForm(data, instance=DeviceBankSettings.objects.get(pk=bank.pk))
        assert form.is_valid(), form.errors
        return services.settings_save(form=form, by=alice)

    save("{naam} leent {toestel} tot {terugbrengen_tegen}.")
    with pytest.raises(ValidationError) as refusal:
        save("{naam} krijgt {toestel} mee.")

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert DeviceBankSettings.objects.get(pk=bank.pk).agreement_nl.startswith("{naam} leent")


@on_both
def test_the_second_coordinator_sees_the_message_and_the_ground_as_the_first_saved_it(client, gent, grounds, alice):
    ground = grounds["leefloon"]
    url = reverse("devices:ground_edit", args=[ground.pk])
    data = {"label_nl": "Leefloon", "kind": ground.kind, "position": ground.position, "is_active": "on"}
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()  # both open the form
    client.post(url, {**data, "proof_nl": "Attest van het OCMW", "version": token})

    response = client.post(url, {**data, "proof_nl": "Brief van de sociale dienst", "version": token})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "Attest van het OCMW" in page and "Brief van de sociale dienst" not in page
    assert EligibilityGround.objects.get(pk=ground.pk).proof_nl == "Attest van het OCMW"


@on_both
def test_the_second_helper_sees_the_message_and_the_device_as_the_first_saved_it(client, gent, alice, helper):
    device = DeviceFactory(organisation=gent)
    url = reverse("devices:edit", args=[device.pk])
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()
    client.post(url, {**_device_data(device, model="ThinkPad T490"), "version": token})

    client.force_login(helper)
    response = client.post(url, {**_device_data(device, model="ThinkPad X1"), "version": token})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "ThinkPad T490" in page and "ThinkPad X1" not in page
    assert Device.objects.get(pk=device.pk).model == "ThinkPad T490"


# --- At the same moment (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_helpers_saving_the_same_person_at_once_one_wins_the_other_is_refused(gent, grounds, alice, helper):
    person = BeneficiaryFactory(organisation=gent, grounds=[grounds["leefloon"]])
    token = _version(BeneficiaryForm, person, organisation=gent)

    def save(phone, by):
        form = BeneficiaryForm(
            {**_person_data(person, phone=phone), "version": token},
            instance=Beneficiary.objects.get(pk=person.pk),
            organisation=gent,
        )
        assert form.is_valid(), form.errors
        return services.beneficiary_save(form=form, organisation=gent, by=by).phone

    results = calls_at_once(save, ("0470 11 11 11", alice), ("0470 22 22 22", helper))

    winner = the_one_saved(results)
    assert Beneficiary.objects.get(pk=person.pk).phone == winner
    assert Event.objects.filter(verb="beneficiary.changed").count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_a_device_edit_and_a_wipe_at_once_keep_both(gent, alice, helper):
    device = DeviceFactory(organisation=gent)
    token = _version(DeviceForm, device)

    def edit():
        form = DeviceForm(
            {**_device_data(device, model="ThinkPad T490"), "version": token}, instance=Device.objects.get(pk=device.pk)
        )
        assert form.is_valid(), form.errors
        return services.device_update(form=form, by=alice)

    results = at_once(edit, lambda: make_available(Device.objects.get(pk=device.pk), helper))

    assert refused(results) == 0
    saved = Device.objects.get(pk=device.pk)
    assert (saved.model, saved.status) == ("ThinkPad T490", DeviceStatus.AVAILABLE)


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
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


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
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


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
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
