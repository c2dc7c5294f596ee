import pytest
from django.urls import reverse

from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code, Event
from einclusie.helppoints.models import DirectoryVersion, HelpPoint, Location, OpeningHours, ScheduleException, Service
from einclusie.territory.models import PostalCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent_postal_code(gent):
    return PostalCode.objects.get_or_create(code="9000", municipality=gent.municipality)[0]


@pytest.fixture
def codes(db):
    codelists_load()
    return {f"{code.code_list.slug}/{code.code}": code.pk for code in Code.objects.select_related("code_list")}


def _service_data(codes, **overrides):
    data = {
        "name": "Digipunt bibliotheek",
        "description": "Hulp met uw smartphone.",
        "topics": [codes["help-topics/itsme"], codes["help-topics/tax-on-web"]],
        "languages": [codes["languages/nl"], codes["languages/fr"]],
        "required_documents": [codes["required-documents/eid-pin"]],
        "status": "active",
        "is_free": "on",
    }
    data.update(overrides)
    return data


def _location_data(**overrides):
    data = {"name": "Bibliotheek", "street": "Kouter 1", "postal_code": "9000", "city": "Gent", "step_free": "true"}
    data.update(overrides)
    return data


def test_a_coordinator_sets_up_a_help_point_from_scratch(client, alice, gent, codes, gent_postal_code):
    client.force_login(alice)
    response = client.post(reverse("helppoints:location_create"), _location_data())
    assert response.status_code == 302
    location = Location.objects.get()
    assert location.municipality == gent.municipality
    assert location.step_free is True

    response = client.post(reverse("helppoints:service_create"), _service_data(codes))
    service = Service.objects.get()
    assert response.url == reverse("helppoints:help_point_create", args=[service.pk])
    assert set(service.topics.values_list("code", flat=True)) == {"itsme", "tax-on-web"}

    response = client.post(
        reverse("helppoints:help_point_create", args=[service.pk]),
        {"location": location.pk, "walk_in": "on", "closed_on_public_holidays": "on"},
    )
    help_point = HelpPoint.objects.get()
    assert response.url == reverse("helppoints:hours", args=[help_point.pk])

    response = client.post(
        reverse("helppoints:hours", args=[help_point.pk]),
        {"day1_0_opens": "09:00", "day1_0_closes": "12:00", "day1_1_opens": "13:00", "day1_1_closes": "16:00"},
    )
    assert response.status_code == 302
    assert OpeningHours.objects.filter(help_point=help_point, weekday=1).count() == 2
    assert Event.objects.filter(verb="help_point.hours_changed").exists()
    assert DirectoryVersion.objects.get().version >= 4


def test_an_unknown_postal_code_is_refused_in_plain_dutch(client, alice, gent_postal_code):
    client.force_login(alice)
    response = client.post(reverse("helppoints:location_create"), _location_data(postal_code="1234"))
    assert "Deze postcode kennen we niet in Vlaanderen." in response.content.decode()
    assert not Location.objects.exists()


def test_a_service_that_costs_money_says_how_much(client, alice, codes):
    client.force_login(alice)
    data = _service_data(codes)
    del data["is_free"]
    response = client.post(reverse("helppoints:service_create"), data)
    assert "Schrijf wat de hulp kost" in response.content.decode()
    assert not Service.objects.exists()


def test_half_filled_opening_hours_are_refused_and_nothing_changes(client, alice, gent, gent_postal_code):
    service = Service.objects.create(organisation=gent, name="S", description="D")
    location = Location.objects.create(
        organisation=gent, name="L", street="X 1", postal_code="9000", city="Gent", municipality=gent.municipality
    )
    help_point = HelpPoint.objects.create(service=service, location=location)
    OpeningHours.objects.create(help_point=help_point, weekday=0, opens_at="09:00", closes_at="12:00")
    client.force_login(alice)
    response = client.post(reverse("helppoints:hours", args=[help_point.pk]), {"day2_0_opens": "09:00"})
    assert response.status_code == 200
    assert "Vul voor woensdag zowel het begin- als het einduur in." in response.content.decode()
    assert list(help_point.opening_hours.values_list("weekday", flat=True)) == [0]


def test_a_closure_is_added_with_day_month_year_fields(client, alice, gent, gent_postal_code):
    service = Service.objects.create(organisation=gent, name="S", description="D")
    location = Location.objects.create(
        organisation=gent, name="L", street="X 1", postal_code="9000", city="Gent", municipality=gent.municipality
    )
    help_point = HelpPoint.objects.create(service=service, location=location)
    client.force_login(alice)
    response = client.post(
        reverse("helppoints:exception_create", args=[help_point.pk]),
        {
            "starts_on_day": "24",
            "starts_on_month": "12",
            "starts_on_year": "2026",
            "closed": "true",
            "reason": "Kerstavond",
        },
    )
    assert response.status_code == 302
    exception = ScheduleException.objects.get()
    assert (exception.starts_on.isoformat(), exception.ends_on.isoformat()) == ("2026-12-24", "2026-12-24")


def test_an_impossible_date_gets_a_specific_message(client, alice, gent, gent_postal_code):
    service = Service.objects.create(organisation=gent, name="S", description="D")
    location = Location.objects.create(
        organisation=gent, name="L", street="X 1", postal_code="9000", city="Gent", municipality=gent.municipality
    )
    help_point = HelpPoint.objects.create(service=service, location=location)
    client.force_login(alice)
    response = client.post(
        reverse("helppoints:exception_create", args=[help_point.pk]),
        {"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2026", "closed": "true"},
    )
    assert "Dit is geen bestaande datum" in response.content.decode()
    assert not ScheduleException.objects.exists()


def test_a_read_only_colleague_sees_but_cannot_change_help_points(client, bob, gent):
    client.force_login(bob)
    assert client.get(reverse("helppoints:overview")).status_code == 200
    assert client.get(reverse("helppoints:service_create")).status_code == 404
    assert client.get(reverse("helppoints:location_create")).status_code == 404


def _exported_directory(gent, codes):
    import json

    from einclusie.helppoints.hsds_import import hsds_export

    service = Service.objects.create(organisation=gent, name="Digipunt export", description="Hulp.")
    service.topics.set([codes["help-topics/itsme"]])
    location = Location.objects.create(
        organisation=gent, name="L", street="X 1", postal_code="9000", city="Gent", municipality=gent.municipality
    )
    help_point = HelpPoint.objects.create(service=service, location=location)
    OpeningHours.objects.create(help_point=help_point, weekday=2, opens_at="09:00", closes_at="12:00")
    data = json.dumps(hsds_export(organisation=gent)).encode()
    HelpPoint.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    return data


def test_a_coordinator_checks_then_imports_an_hsds_file(client, alice, gent, codes, gent_postal_code):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _exported_directory(gent, codes)
    client.force_login(alice)
    url = reverse("helppoints:hsds_import")
    checked = client.post(url, {"file": SimpleUploadedFile("gids.json", data), "dry_run": "on"})
    assert "nog niets bewaard" in checked.content.decode()
    assert not Service.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("gids.json", data)})
    assert Service.objects.get().name == "Digipunt export"
    assert OpeningHours.objects.get().weekday == 2


def test_an_upload_that_is_not_hsds_is_refused(client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(alice)
    response = client.post(
        reverse("helppoints:hsds_import"), {"file": SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n....")}
    )
    assert "Dit is geen JSON-bestand en geen zip-bestand." in response.content.decode()
    assert not Service.objects.exists()
