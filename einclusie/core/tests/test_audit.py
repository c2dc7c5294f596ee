"""The activity log as a hash chain: tampering shows, writers never fork it, the auditor reads it."""

import csv
import datetime
import io
import threading

import pytest
from auditlog.context import disable_auditlog
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from einclusie.core.models import Event, record_event
from einclusie.core.roles import Role
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_the_events_of_each_test():
    """The chain itself, without the change records of the personas' memberships (test_audit_changes.py)."""
    with disable_auditlog():
        yield


@pytest.fixture
def auditor(region):
    return MembershipFactory(user=UserFactory(email="audrey@example.org"), organisation=region, role=Role.AUDITOR).user


@pytest.fixture
def events(alice, gent, aalst):
    return [
        record_event(verb="membership.invited", actor=alice, organisation=gent, subject="bob@example.org", role="x"),
        record_event(verb="application.approved", organisation=gent, subject="Aanvraag 1", amount="1200.00"),
        record_event(verb="tranche.paid", organisation=aalst, subject="Schijf 1", reference="BET-1"),
        record_event(verb="course.published", actor=alice, organisation=gent, subject="Digitaal bankieren"),
    ]


def verify():
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_each_event_carries_the_hash_of_the_one_before_it(events):
    assert events[0].previous_hash == ""
    for before, after in zip(events, events[1:], strict=False):
        assert after.previous_hash == before.hash
    assert all(len(event.hash) == 64 for event in events)
    assert "chain intact, 4 events" in verify()


def test_an_event_read_back_from_the_database_has_the_same_hash(events):
    for event in Event.objects.all():
        assert event.compute_hash() == event.hash


def test_data_changed_behind_the_applications_back_is_found(events):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET data = %s WHERE id = %s",  # noqa: S608
            ['{"amount": "12000.00"}', events[1].pk],
        )
    with pytest.raises(CommandError, match=f"chain broken at event {events[1].pk} .*content no longer matches"):
        verify()


def test_a_changed_subject_is_found(events):
    Event.objects.filter(pk=events[2].pk).update(subject="Schijf 2")
    with pytest.raises(CommandError, match=f"event {events[2].pk}"):
        verify()


def test_a_deleted_event_is_found(events):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [events[1].pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"chain broken at event {events[2].pk} .*removed or inserted"):
        verify()


def test_a_rehashed_entry_still_breaks_the_link_after_it(events):
    tampered = Event.objects.get(pk=events[1].pk)
    tampered.data = {"amount": "12000.00"}
    Event.objects.filter(pk=tampered.pk).update(data=tampered.data, hash=tampered.compute_hash())
    with pytest.raises(CommandError, match=f"chain broken at event {events[2].pk}"):
        verify()


def test_the_command_exits_with_an_error_code_on_tampering(events):
    Event.objects.filter(pk=events[0].pk).update(verb="membership.removed")
    with pytest.raises(SystemExit) as exit_info:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["einclusie", "audit", "verify"])
    assert exit_info.value.code != 0


def test_an_empty_log_is_intact(db):
    assert "chain intact, 0 events" in verify()


def test_writing_an_event_costs_one_query_more_than_the_insert(alice, gent, django_assert_num_queries):
    record_event(verb="first", organisation=gent)
    with transaction.atomic(), django_assert_num_queries(2):  # last hash (with the lock), insert
        record_event(verb="membership.invited", actor=alice, organisation=gent, subject="x")


def test_an_event_rolled_back_with_its_transaction_leaves_the_chain_intact(events, gent):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(verb="will.be.rolled.back", organisation=gent)
        raise RuntimeError
    record_event(verb="after", organisation=gent)
    assert "chain intact, 5 events" in verify()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(gent):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is a PostgreSQL matter; SQLite serialises writers")
    writers, per_writer = 6, 15
    barrier = threading.Barrier(writers)
    failures = []

    def write(number):
        try:
            barrier.wait()
            for index in range(per_writer):
                with transaction.atomic():
                    record_event(verb="race.write", organisation=gent, subject=f"{number}-{index}")
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Event.objects.count() == writers * per_writer
    previous_hashes = list(Event.objects.values_list("previous_hash", flat=True))
    assert len(set(previous_hashes)) == len(previous_hashes)  # no fork: each hash follows one event only
    assert f"chain intact, {writers * per_writer} events" in verify()


def test_the_auditor_reads_every_organisations_events(client, auditor, events):
    client.force_login(auditor)
    page = client.get(reverse("core:audit_log")).content.decode()
    for subject in ["bob@example.org", "Aanvraag 1", "Schijf 1", "Digitaal bankieren"]:
        assert subject in page
    assert "4 gebeurtenissen" in page


def test_the_auditor_filters_by_organisation_verb_and_period(client, auditor, events, gent, aalst):
    client.force_login(auditor)
    by_organisation = client.get(reverse("core:audit_log"), {"organisation": aalst.pk}).content.decode()
    assert "Schijf 1" in by_organisation and "Aanvraag 1" not in by_organisation
    by_verb = client.get(reverse("core:audit_log"), {"verb": "course.published"}).content.decode()
    assert "Digitaal bankieren" in by_verb and "Schijf 1" not in by_verb
    Event.objects.filter(pk=events[0].pk).update(occurred_at=datetime.datetime(2025, 1, 15, 10, tzinfo=datetime.UTC))
    period = {
        "start_day": "1",
        "start_month": "1",
        "start_year": "2025",
        "end_day": "31",
        "end_month": "1",
        "end_year": "2025",
    }
    in_january = client.get(reverse("core:audit_log"), period).content.decode()
    assert "bob@example.org" in in_january and "Aanvraag 1" not in in_january


def test_a_period_that_ends_before_it_starts_is_explained(client, auditor, events):
    client.force_login(auditor)
    period = {
        "start_day": "2",
        "start_month": "1",
        "start_year": "2025",
        "end_day": "1",
        "end_month": "1",
        "end_year": "2025",
    }
    page = client.get(reverse("core:audit_log"), period).content.decode()
    assert "Er is een probleem" in page
    assert "De einddatum ligt voor de begindatum." in page


def test_the_auditor_exports_the_filtered_events_as_csv(client, auditor, events, gent):
    client.force_login(auditor)
    response = client.get(reverse("core:audit_log"), {"organisation": gent.pk, "formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "id" and rows[0][-1] == "hash"
    assert {row[4] for row in rows[1:]} == {"membership.invited", "application.approved", "course.published"}
    assert all(len(row[-1]) == 64 for row in rows[1:])


def test_the_log_page_takes_a_fixed_number_of_queries(client, auditor, events, django_assert_num_queries):
    client.force_login(auditor)
    client.get(reverse("core:audit_log"))
    # session, user, membership; organisations and verbs for the filter; count; the page of events with their
    # actor and organisation
    with django_assert_num_queries(7):
        client.get(reverse("core:audit_log"))


@pytest.mark.parametrize("role", [Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER, Role.READ_ONLY])
def test_other_programme_roles_do_not_see_the_log(client, region, role):
    user = MembershipFactory(user=UserFactory(), organisation=region, role=role).user
    client.force_login(user)
    assert client.get(reverse("core:audit_log")).status_code == 404


def test_a_coordinator_does_not_see_the_log(client, alice):
    client.force_login(alice)
    assert client.get(reverse("core:audit_log")).status_code == 404


def test_the_auditor_role_is_given_only_in_the_programme_team(region, gent):
    assert Role.AUDITOR in region.allowed_roles()
    assert Role.AUDITOR not in gent.allowed_roles()


def test_the_auditor_finds_the_log_in_the_menu_and_no_management_pages(client, auditor):
    client.force_login(auditor)
    page = client.get(reverse("organisations:home")).content.decode()
    assert reverse("core:audit_log") in page
    assert reverse("organisations:manage_list") not in page
