"""Import and export of the directory as HSDS 3.0: round trips, per-service all or nothing, other tenants' ids."""

import copy
import csv
import datetime
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code, Event
from einclusie.helppoints import hsds
from einclusie.helppoints.hsds_import import HsdsImportError, hsds_export, hsds_export_tabular, hsds_import
from einclusie.helppoints.models import HelpPoint, Location, OpeningHours, ScheduleException, Service, Status
from einclusie.helppoints.tests.factories import (
    HelpPointFactory,
    LocationFactory,
    OpeningHoursFactory,
    PostalCodeFactory,
    ScheduleExceptionFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).parents[1] / "hsds_schema" / "examples" / "service_full.json"


def codes(slug, *values):
    return list(Code.objects.filter(code_list__slug=slug, code__in=values))


@pytest.fixture
def gent_directory(gent):
    """Two services of Gent that use every field the HSDS mapping knows."""
    codelists_load()
    PostalCodeFactory(code="9000", municipality=gent.municipality)
    PostalCodeFactory(code="9050", municipality=gent.municipality)
    krook = ServiceFactory(
        organisation=gent,
        name="Digipunt De Krook",
        description="Hulp bij itsme, de eBox en uw smartphone.",
        phone="09 123 45 67",
        email="digipunt@gent.example",
        url="https://stad.gent.example/digipunt",
        notice="Woensdag gesloten.",
        notice_until=datetime.date.today() + datetime.timedelta(days=30),
        home_visits=True,
    )
    krook.topics.set(codes("help-topics", "itsme", "ebox"))
    krook.languages.set(codes("languages", "nl", "ar", "vgt"))
    krook.required_documents.set(codes("required-documents", "eid-pin", "smartphone"))
    library = LocationFactory(
        organisation=gent,
        name="Bibliotheek De Krook",
        street="Miriam Makebaplein 1",
        latitude="51.048420",
        longitude="3.727140",
        transportation="Tram 1, halte Korenmarkt.",
        step_free=True,
        accessible_toilet=False,
        quiet_room=True,
        accessibility_notes="Lift naast de ingang.\nVraag aan de balie.",
    )
    point = HelpPointFactory(
        service=krook,
        location=library,
        walk_in=False,
        by_appointment=True,
        appointment_details="Bel 09 123 45 67.",
        closed_on_public_holidays=False,
    )
    for weekday in (0, 1, 3):
        OpeningHoursFactory(help_point=point, weekday=weekday)
    OpeningHoursFactory(help_point=point, weekday=3, opens_at=datetime.time(13, 30), closes_at=datetime.time(16))
    OpeningHoursFactory(help_point=point, weekday=5, opens_at=datetime.time(22), closes_at=datetime.time(1))
    ScheduleExceptionFactory(help_point=point)
    ScheduleExceptionFactory(
        help_point=point,
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 2),
        closed=False,
        opens_at=datetime.time(18),
        closes_at=datetime.time(20, 30),
        reason="",
    )
    course = ServiceFactory(
        organisation=gent,
        name="Computerles",
        description="Tien lessen.",
        is_free=False,
        fees_description="5 euro per les",
        status=Status.TEMPORARILY_CLOSED,
    )
    second = HelpPointFactory(
        service=course,
        location=LocationFactory(organisation=gent, name="Wijkcentrum", postal_code="9050", city="Gentbrugge"),
    )
    OpeningHoursFactory(help_point=second, weekday=2)
    HelpPointFactory(service=course, location=library)
    return {"krook": krook, "course": course, "library": library, "point": point}


def without_dates(document):
    """The document without last_modified: that is the moment of writing, so an import renews it."""
    if isinstance(document, dict):
        return {key: without_dates(value) for key, value in document.items() if key != "last_modified"}
    if isinstance(document, list):
        return [without_dates(item) for item in document]
    return document


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: value for key, value in row.items() if key != "last_modified"} for row in csv.DictReader(handle)]


def delete_directory(organisation):
    Service.objects.filter(organisation=organisation).delete()
    Location.objects.filter(organisation=organisation).delete()
    assert not HelpPoint.objects.exists()


# --- round trips ----------------------------------------------------------------------------------------


def test_an_export_deleted_and_imported_again_gives_the_same_json(gent, gent_directory):
    exported = hsds_export(organisation=gent)
    assert len(exported["services"]) == 2
    delete_directory(gent)
    report = hsds_import(organisation=gent, data=copy.deepcopy(exported))
    assert report.rejected == []
    assert report.counts == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 0}
    assert without_dates(hsds_export(organisation=gent)) == without_dates(exported)
    again = Service.objects.get(uuid=gent_directory["krook"].uuid)
    assert again.notice_until == gent_directory["krook"].notice_until
    assert OpeningHours.objects.filter(help_point__service=again).count() == 5
    assert ScheduleException.objects.filter(help_point__service=again).count() == 2


@pytest.mark.parametrize("packed", [False, True], ids=["folder", "zip"])
def test_an_export_deleted_and_imported_again_gives_the_same_csv(gent, gent_directory, tmp_path, packed):
    exported = hsds_export(organisation=gent)
    written = hsds_export_tabular(organisation=gent, directory=tmp_path / "hsds")
    assert {path.name for path in written} >= {
        "services.csv",
        "locations.csv",
        "service_at_location.csv",
        "schedules.csv",
        "addresses.csv",
        "languages.csv",
        "phones.csv",
        "accessibility.csv",
        "attributes.csv",
        "taxonomy_terms.csv",
    }
    source = tmp_path / "hsds"
    if packed:
        source = tmp_path / "hsds.zip"
        with zipfile.ZipFile(source, "w") as archive:
            for path in written:
                archive.write(path, f"hsds/{path.name}")
    delete_directory(gent)
    report = hsds_import(organisation=gent, data=source)
    assert report.rejected == []
    assert len(report.created) == 7
    assert without_dates(hsds_export(organisation=gent)) == without_dates(exported)
    hsds_export_tabular(organisation=gent, directory=tmp_path / "again")
    for path in written:
        assert read_csv(tmp_path / "again" / path.name) == read_csv(path), path.name


def test_importing_the_same_data_twice_changes_nothing_the_second_time(gent, gent_directory):
    exported = hsds_export(organisation=gent)
    first = hsds_import(organisation=gent, data=exported)
    assert first.counts == {"created": 0, "updated": 0, "unchanged": 7, "rejected": 0}


def test_a_changed_record_is_updated_and_the_rest_left_alone(gent, gent_directory):
    exported = hsds_export(organisation=gent)
    krook = next(service for service in exported["services"] if service["name"] == "Digipunt De Krook")
    krook["description"] = "Nieuwe beschrijving."
    schedule = krook["service_at_locations"][0]["schedules"][0]
    schedule["byday"], schedule["opens_at"] = "MO,TU,WE", "08:30"
    report = hsds_import(organisation=gent, data=exported)
    assert sorted((line.kind, line.name) for line in report.updated) == [
        ("service", "Digipunt De Krook"),
        ("service_at_location", "Digipunt De Krook – Bibliotheek De Krook"),
    ]
    assert len(report.unchanged) == 5
    hours = OpeningHours.objects.filter(help_point=gent_directory["point"], opens_at=datetime.time(8, 30))
    assert sorted(hours.values_list("weekday", flat=True)) == [0, 1, 2]
    assert Service.objects.get(uuid=gent_directory["krook"].uuid).description == "Nieuwe beschrijving."


# --- refusals -----------------------------------------------------------------------------------------------


def _new_service(*, service_id, location_id, help_point_id, postal_code="9000", opens_at="09:00"):
    return {
        "id": service_id,
        "name": "Digipunt Sint-Amandsberg",
        "description": "Hulp bij digitale vragen.",
        "status": "active",
        "service_at_locations": [
            {
                "id": help_point_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": "Dienstencentrum",
                    "addresses": [
                        {
                            "id": "8d5e8a47-7f1d-4c33-9d35-5d8c2d0b1a01",
                            "address_1": "Antwerpsesteenweg 50",
                            "city": "Gent",
                            "state_province": "Oost-Vlaanderen",
                            "postal_code": postal_code,
                            "country": "BE",
                            "address_type": "physical",
                        }
                    ],
                },
                "schedules": [
                    {
                        "id": "2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                        "freq": "WEEKLY",
                        "byday": "MO,WE",
                        "opens_at": opens_at,
                        "closes_at": "12:00",
                    }
                ],
            }
        ],
    }


GOOD = {
    "service_id": "11111111-1111-4111-8111-111111111111",
    "location_id": "22222222-2222-4222-8222-222222222222",
    "help_point_id": "33333333-3333-4333-8333-333333333333",
}
BAD = {
    "service_id": "44444444-4444-4444-8444-444444444444",
    "location_id": "55555555-5555-4555-8555-555555555555",
    "help_point_id": "66666666-6666-4666-8666-666666666666",
}


def test_a_bad_record_is_rejected_with_its_id_and_reason_and_leaves_nothing_behind(gent, gent_directory):
    bad = _new_service(**BAD, postal_code="0000", opens_at="25:00")
    bad["status"] = "misschien"
    report = hsds_import(organisation=gent, data={"services": [_new_service(**GOOD), bad]})
    assert [(line.kind, line.id) for line in report.created] == [
        ("service", GOOD["service_id"]),
        ("location", GOOD["location_id"]),
        ("service_at_location", GOOD["help_point_id"]),
    ]
    [rejection] = report.rejected
    assert rejection.service_id == BAD["service_id"]
    problems = {(problem.record_id, problem.field): problem.reason for problem in rejection.problems}
    assert problems[(BAD["service_id"], "status")] == "Onbekende status “misschien”."
    assert problems[("8d5e8a47-7f1d-4c33-9d35-5d8c2d0b1a01", "postal_code")] == "Onbekende postcode “0000”."
    assert problems[("2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "opens_at")] == "Geen geldig uur (UU:MM): “25:00”."
    assert not Service.objects.filter(uuid=BAD["service_id"]).exists()
    assert not Location.objects.filter(uuid=BAD["location_id"]).exists()
    good = HelpPoint.objects.get(uuid=GOOD["help_point_id"])
    assert sorted(good.opening_hours.values_list("weekday", flat=True)) == [0, 2]
    assert good.location.municipality == gent.municipality


def test_a_service_refused_by_the_database_rolls_back_its_locations_too(gent, gent_directory):
    """The second help point duplicates an existing one: found only while writing, after a new location."""
    exported = hsds_export(organisation=gent)
    krook = next(service for service in exported["services"] if service["name"] == "Digipunt De Krook")
    existing = krook["service_at_locations"][0]
    new_place = _new_service(**GOOD)["service_at_locations"][0]
    duplicate = {**copy.deepcopy(existing), "id": "77777777-7777-4777-8777-777777777777"}
    krook["service_at_locations"] = [new_place, duplicate]
    krook["name"] = "Gewijzigde naam"
    report = hsds_import(organisation=gent, data=[krook])
    [rejection] = report.rejected
    [problem] = rejection.problems
    assert (problem.record_id, problem.field) == (duplicate["id"], "location_id")
    assert str(gent_directory["point"].uuid) in problem.reason
    assert not Location.objects.filter(uuid=GOOD["location_id"]).exists()
    assert Service.objects.get(uuid=gent_directory["krook"].uuid).name == "Digipunt De Krook"


def test_uuids_of_another_organisation_are_refused(gent, aalst, gent_directory):
    exported = hsds_export(organisation=gent)
    before = without_dates(exported)
    report = hsds_import(organisation=aalst, data=exported)
    assert report.created == report.updated == report.unchanged == []
    assert len(report.rejected) == 2
    reasons = {problem.reason for rejection in report.rejected for problem in rejection.problems}
    assert reasons == {
        "Dit hulpaanbod hoort bij een andere organisatie.",
        "Dit digipunt hoort bij een andere organisatie.",
        "Deze locatie hoort bij een andere organisatie.",
    }
    assert without_dates(hsds_export(organisation=gent)) == before
    assert not Service.objects.filter(organisation=aalst).exists()


def test_an_unknown_taxonomy_term_is_refused(gent, gent_directory):
    service = _new_service(**GOOD)
    service["attributes"] = [
        {"id": "99999999-9999-4999-8999-999999999999", "taxonomy_term_id": "00000000-0000-4000-8000-000000000000"}
    ]
    service["languages"] = [{"id": "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "name": "Klingon", "code": "tlh"}]
    [rejection] = hsds_import(organisation=gent, data=[service]).rejected
    fields = {(problem.record_id, problem.field) for problem in rejection.problems}
    assert fields == {
        ("99999999-9999-4999-8999-999999999999", "taxonomy_term_id"),
        ("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "code"),
    }


def test_a_dry_run_reports_but_saves_nothing(gent, gent_directory):
    events = Event.objects.count()
    report = hsds_import(organisation=gent, data=[_new_service(**GOOD)], dry_run=True)
    assert report.dry_run
    assert len(report.created) == 3
    assert not Service.objects.filter(uuid=GOOD["service_id"]).exists()
    assert Event.objects.count() == events


def test_an_import_is_recorded_in_the_activity_log(gent, gent_directory, alice):
    hsds_import(organisation=gent, data=[_new_service(**GOOD)], by=alice)
    event = Event.objects.get(verb="directory.hsds_imported")
    assert (event.actor, event.organisation, event.data["created"]) == (alice, gent, 3)


# --- data that is not ours ------------------------------------------------------------------------------------


def test_a_foreign_service_is_read_into_our_fields(gent, gent_directory):
    service = _new_service(**GOOD)
    service["status"] = "defunct"
    service["languages"] = [{"id": "b1b1b1b1-b1b1-41b1-81b1-b1b1b1b1b1b1", "name": "French"}]
    service["required_documents"] = [
        {"id": "c1c1c1c1-c1c1-41c1-81c1-c1c1c1c1c1c1", "document": "Identiteitskaart (eID) en pincode"}
    ]
    service["cost_options"] = [{"id": "d1d1d1d1-d1d1-41d1-81d1-d1d1d1d1d1d1", "amount": 2.5, "currency": "EUR"}]
    point = service["service_at_locations"][0]
    point["schedules"] = [
        {
            "id": "e1e1e1e1-e1e1-41e1-81e1-e1e1e1e1e1e1",
            "freq": "WEEKLY",
            "byday": "TU",
            "opens_at": "10:00:00",
            "closes_at": "24:00",
        },
        {"id": "e2e2e2e2-e2e2-42e2-82e2-e2e2e2e2e2e2", "valid_from": "2027-07-21", "notes": "Nationale feestdag"},
    ]
    point["location"]["accessibility"] = [
        {
            "id": "f1f1f1f1-f1f1-41f1-81f1-f1f1f1f1f1f1",
            "description": "Rolstoeltoegankelijk.",
            "details": "Oprit links.",
        }
    ]
    report = hsds_import(organisation=gent, data=[service])
    assert report.rejected == []
    created = Service.objects.get(uuid=GOOD["service_id"])
    assert created.status == Status.INACTIVE
    assert [code.code for code in created.languages.all()] == ["fr"]
    assert [code.code for code in created.required_documents.all()] == ["eid-pin"]
    assert not created.is_free
    help_point = created.help_points.get()
    assert list(help_point.opening_hours.values_list("weekday", "opens_at", "closes_at")) == [
        (1, datetime.time(10), datetime.time(0))
    ]
    closure = help_point.exceptions.get()
    assert (closure.starts_on, closure.ends_on, closure.closed, closure.reason) == (
        datetime.date(2027, 7, 21),
        datetime.date(2027, 7, 21),
        True,
        "Nationale feestdag",
    )
    assert help_point.location.accessibility_notes == "Rolstoeltoegankelijk. Oprit links."
    assert help_point.location.step_free is None


def test_the_official_hsds_example_is_refused_with_reasons_not_an_error(gent, gent_directory):
    example = json.loads(EXAMPLE.read_text("utf-8"))
    [rejection] = hsds_import(organisation=gent, data=example).rejected
    fields = {(problem.record_id, problem.field) for problem in rejection.problems}
    assert fields == {
        ("ae58cc39-8b70-4ab1-8aea-786882e5ac8e", "taxonomy_term_id"),  # a term of their taxonomy
        ("2989d3ed-c547-48f8-8f9d-432d81c7892e", "code"),  # Urdu is not on our list of languages
        ("f6ad7e69-b9c8-42ce-92db-92cedb4c05c0", "document"),  # nor their document
        ("3a19ff88-4620-4d17-9830-ac1d859eb5d5", "latitude"),  # 100 degrees
        ("3a19ff88-4620-4d17-9830-ac1d859eb5d5", "addresses"),  # a postal address, no place to visit
    }
    assert all(problem.reason for problem in rejection.problems)
    assert not Service.objects.filter(uuid=example["id"]).exists()


def test_a_page_of_the_api_and_a_single_service_are_accepted(gent, gent_directory):
    exported = hsds_export(organisation=gent)["services"]
    assert len(hsds_import(organisation=gent, data={"contents": exported}).unchanged) == 7
    assert len(hsds_import(organisation=gent, data=exported[0]).unchanged) == 5  # service, 2 places, 2 points


@pytest.mark.parametrize("data", [{"hallo": "wereld"}, 42, "/bestaat/niet.json"])
def test_something_that_is_not_hsds_is_refused_as_a_whole(gent, data):
    with pytest.raises(HsdsImportError):
        hsds_import(organisation=gent, data=data)


def test_a_file_that_is_not_json_is_refused_as_a_whole(gent, tmp_path):
    path = tmp_path / "rommel.json"
    path.write_text("{niet: json", encoding="utf-8")
    with pytest.raises(HsdsImportError):
        hsds_import(organisation=gent, data=path)


# --- the command --------------------------------------------------------------------------------------------


def test_the_command_exports_and_imports_in_json_and_csv(gent, aalst, gent_directory, tmp_path, capsys):
    call_command("hsds", "export", "--organisation", str(gent.pk), str(tmp_path / "gent.json"))
    assert "2 hulpaanbod geschreven" in capsys.readouterr().out
    call_command("hsds", "export", "--format", "csv", str(tmp_path / "csv"))
    call_command("hsds", "export", "--format", "csv", str(tmp_path / "gent.zip"))
    assert zipfile.is_zipfile(tmp_path / "gent.zip")
    capsys.readouterr()
    call_command("hsds", "import", "--organisation", str(gent.pk), str(tmp_path / "csv"))
    out = capsys.readouterr().out
    assert "Ongewijzigd: 7 (2 hulpaanbod, 2 locaties, 3 digipunten)" in out
    call_command(
        "hsds", "import", "--organisation", hsds.organisation_id(aalst), str(tmp_path / "gent.json"), "--dry-run"
    )
    out = capsys.readouterr().out
    assert "Geweigerd: 2 hulpaanbod" in out
    assert "hoort bij een andere organisatie" in out
    assert "Proefdraai: er is niets bewaard." in out


def test_the_command_names_an_unknown_organisation(gent, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("hsds", "import", "--organisation", "999999", str(tmp_path / "x.json"))


def _edit_csv(path, change):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_bad_value_in_a_csv_package_is_refused_with_the_record_and_field(gent, gent_directory, tmp_path):
    hsds_export_tabular(organisation=gent, directory=tmp_path)

    def bad_home_visits(row):
        if row["taxonomy_term_id"] == hsds.HOME_VISITS.id and row["link_id"] == str(gent_directory["krook"].uuid):
            row["value"] = "misschien"

    _edit_csv(tmp_path / "attributes.csv", bad_home_visits)
    report = hsds_import(organisation=gent, data=tmp_path)
    [rejection] = report.rejected
    assert rejection.name == "Digipunt De Krook"
    [problem] = rejection.problems
    assert (problem.record_id, problem.field) == (str(gent_directory["krook"].uuid), "attributes")
    assert problem.reason == "Verwacht true of false, niet “misschien”."
    assert [line.name for line in report.unchanged if line.kind == "service"] == ["Computerles"]


def test_a_bad_shared_location_refuses_every_service_that_uses_it(gent, gent_directory, tmp_path):
    hsds_export_tabular(organisation=gent, directory=tmp_path)
    library = str(gent_directory["library"].uuid)

    def bad_postal_code(row):
        if row["location_id"] == library:
            row["postal_code"] = "1234"

    _edit_csv(tmp_path / "addresses.csv", bad_postal_code)
    report = hsds_import(organisation=gent, data=tmp_path)
    assert sorted(rejection.name for rejection in report.rejected) == ["Computerles", "Digipunt De Krook"]
    assert {problem.field for rejection in report.rejected for problem in rejection.problems} == {"postal_code"}
    assert Location.objects.get(uuid=library).postal_code == "9000"
