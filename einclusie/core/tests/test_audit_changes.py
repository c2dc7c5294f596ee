"""Field-level change records (django-auditlog): who, when, which fields; personal values masked; chained."""

import io
import json

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from einclusie.core.audit_changes import MASK, TRACKED
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.devices.models import Beneficiary
from einclusie.devices.tests.factories import BeneficiaryFactory
from einclusie.organisations.models import Membership
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(gent):
    return BeneficiaryFactory(organisation=gent, full_name="Maria Peeters", phone="0470 11 22 33")


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("id")


def verify():
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_every_model_the_audit_needs_is_tracked_with_its_personal_fields_masked():
    for label, personal in TRACKED.items():
        model = apps.get_model(label)
        assert auditlog.contains(model), label
        assert set(auditlog.get_model_fields(model)["mask_fields"]) == set(personal)
    labels = set(TRACKED)
    assert {
        "subsidies.Application",
        "subsidies.ApplicationTransition",
        "subsidies.Tranche",
        "subsidies.Justification",
        "devices.Loan",
        "devices.Beneficiary",
        "organisations.Membership",
    } <= labels


def test_a_change_made_on_a_page_names_the_person_who_made_it(client, alice, person):
    client.force_login(alice)
    response = client.post(reverse("devices:erase", args=[person.pk]))
    assert response.status_code == 302
    change = entries_for(Beneficiary.objects.get(pk=person.pk)).get(action=LogEntry.Action.UPDATE)
    assert change.actor == alice
    assert "erased_at" in change.changes
    assert change.changes["full_name"] == [MASK, ""]
    assert change.changes["phone"] == [MASK, ""]
    event = Event.objects.get(verb="record.changed", data__entry=change.pk)
    assert event.actor == alice
    assert event.organisation_id == person.organisation_id
    assert event.subject == f"devices.beneficiary {person.pk}"


def test_personal_values_never_reach_the_change_records(alice, person):
    with set_actor(alice):
        person.email = "maria@example.org"
        person.save()
    stored = json.dumps(list(LogEntry.objects.values("changes", "object_repr", "serialized_data")))
    for personal in ("Maria Peeters", "0470 11 22 33", "maria@example.org"):
        assert personal not in stored
    assert entries_for(person).last().changes["email"] == ["", MASK]


def test_removing_a_member_is_recorded_with_the_role_and_who_removed_them(client, alice, bob, gent):
    membership = Membership.objects.get(user=bob, organisation=gent)
    client.force_login(alice)
    client.post(reverse("organisations:member_remove", args=[membership.pk]))
    removal = LogEntry.objects.get(
        content_type__model="membership", object_pk=str(membership.pk), action=LogEntry.Action.DELETE
    )
    assert removal.actor == alice
    assert removal.changes["role"][0] == Role.READ_ONLY
    assert Event.objects.filter(verb="record.deleted", actor=alice, data__entry=removal.pk).exists()


def test_a_role_given_outside_a_request_is_recorded_without_a_person(gent):
    membership = MembershipFactory(user=UserFactory(), organisation=gent, role=Role.HELPER)
    created = entries_for(membership).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.actor is None
    assert created.changes["role"] == ["None", Role.HELPER]


def test_every_change_record_is_in_the_chain(alice, bob, person):
    assert LogEntry.objects.count() >= 3
    assert Event.objects.filter(verb__startswith="record.").count() == LogEntry.objects.count()
    assert f"{LogEntry.objects.count()} change records match their events" in verify()


def test_a_change_record_changed_afterwards_is_found(alice, person):
    entry = entries_for(person).first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {LogEntry._meta.db_table} SET changes = %s WHERE id = %s",  # noqa: S608
            [json.dumps({"full_name": ["None", "iemand anders"]}), entry.pk],
        )
    with pytest.raises(CommandError, match=f"change record {entry.pk} broken: its content no longer matches"):
        verify()


def test_a_change_record_given_another_author_is_found(alice, bob, person):
    entry = entries_for(person).first()
    LogEntry.objects.filter(pk=entry.pk).update(actor=bob)
    with pytest.raises(CommandError, match=f"change record {entry.pk} broken"):
        verify()


def test_a_removed_change_record_is_found(alice, person):
    entry = entries_for(person).first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LogEntry._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"change record {entry.pk} broken: .*removed"):
        verify()


def test_a_change_record_inserted_behind_the_applications_back_is_found(alice, person):
    forged = LogEntry.objects.create(
        content_type=entries_for(person).first().content_type,
        object_pk=str(person.pk),
        object_repr=str(person),
        action=LogEntry.Action.UPDATE,
        changes={"retain_until": ["2026-01-01", "2099-01-01"]},
    )
    with pytest.raises(CommandError, match=f"change record {forged.pk} broken: .*inserted"):
        verify()


def test_the_auditor_reads_the_field_changes(client, region, alice, person):
    auditor = MembershipFactory(user=UserFactory(), organisation=region, role=Role.AUDITOR).user
    client.force_login(alice)
    client.post(reverse("devices:erase", args=[person.pk]))
    client.force_login(auditor)
    page = client.get(reverse("core:audit_log"), {"verb": "record.changed"}).content.decode()
    assert "persoonsgegevens gewist op" in page  # the field's label
    assert f"naam: {MASK} → –" in page
    assert "Maria Peeters" not in page


def test_field_changes_cost_one_query_for_the_whole_page(client, region, alice, bob, person, django_assert_num_queries):
    auditor = MembershipFactory(user=UserFactory(), organisation=region, role=Role.AUDITOR).user
    client.force_login(auditor)
    client.get(reverse("core:audit_log"))
    # as in test_audit.py's pinned count, and one query for the change records of the page
    with django_assert_num_queries(8):
        client.get(reverse("core:audit_log"))
