"""The public HSDS 3.0 API: every response validates against the official schemas, only public data leaves."""

import datetime
import json
import urllib.parse
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from django.utils import timezone
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code, CodeList
from einclusie.helppoints import hsds
from einclusie.helppoints.models import Status
from einclusie.helppoints.tests.factories import (
    HelpPointFactory,
    LocationFactory,
    OpeningHoursFactory,
    PostalCodeFactory,
    ScheduleExceptionFactory,
    ServiceFactory,
)
from einclusie.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).parents[1] / "hsds_schema"
API = "/api/hsds"
BASE_URI = "https://hsds.invalid/schema/"


# --- validating against the official schemas ----------------------------------------------------------


def _format_checker():
    """The standard checks, plus date-time and uri, whose usual helper packages are not installed."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime(value):
        if not isinstance(value, str):
            return True
        moment = datetime.datetime.fromisoformat(value)
        return "T" in value and moment.tzinfo is not None

    @checker.checks("uri", raises=ValueError)
    def is_uri(value):
        if not isinstance(value, str):
            return True
        parts = urllib.parse.urlsplit(value)
        return bool(parts.scheme and parts.netloc)

    return checker


@cache
def _registry():
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text("utf-8"))
        resources.append((BASE_URI + path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name):
    """A validator for compiled/<name>.json, or for a table schema with name "table/<name>"."""
    if name.startswith("table/"):
        schema = {"$ref": BASE_URI + name.removeprefix("table/") + ".json"}
    else:
        schema = json.loads((SCHEMA_DIR / "compiled" / f"{name}.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, registry=_registry(), format_checker=_format_checker())


@cache
def page_validator():
    page = json.loads((SCHEMA_DIR / "openapi.json").read_text("utf-8"))["components"]["schemas"]["Page"]
    schema = {
        **page,
        "required": [*page["properties"], "contents"],
        "properties": {**page["properties"], "contents": {"type": "array"}},
        "additionalProperties": False,
    }
    return jsonschema.Draft202012Validator(schema)


def assert_valid(document, name):
    errors = sorted(validator(name).iter_errors(document), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:10])


def get_page(client, path, item_schema, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    body = response.json()
    page_validator().validate(body)
    for item in body["contents"]:
        assert_valid(item, item_schema)
    return body


def get_one(client, path, schema, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert_valid(body, schema)
    return body


# --- the data -----------------------------------------------------------------------------------------


def codes(slug, *values):
    return list(Code.objects.filter(code_list__slug=slug, code__in=values))


@pytest.fixture
def directory(gent, aalst, alice):
    """Gent: a full digipunt, a paid course (temporarily closed) and an inactive service; Aalst: one digipunt."""
    codelists_load()
    gent.email = "secretariaat@gent.example"
    gent.website = "https://stad.gent.example"
    gent.kbo_number = "0207451227"
    gent.save()
    PostalCodeFactory(code="9000", municipality=gent.municipality)
    PostalCodeFactory(code="9300", municipality=aalst.municipality)
    krook = ServiceFactory(
        organisation=gent,
        name="Digipunt De Krook",
        description="Hulp bij itsme, de eBox en uw smartphone.",
        phone="09 123 45 67",
        email="digipunt@gent.example",
        url="https://stad.gent.example/digipunt",
        notice="Woensdag 3 december gesloten.",
        notice_until=timezone.localdate() + datetime.timedelta(days=10),
        home_visits=True,
    )
    krook.topics.set(codes("help-topics", "itsme", "ebox"))
    krook.languages.set(codes("languages", "nl", "fr", "vgt"))
    krook.required_documents.set(codes("required-documents", "eid-pin", "smartphone"))
    library = LocationFactory(
        organisation=gent,
        name="Bibliotheek De Krook",
        street="Miriam Makebaplein 1",
        latitude="51.048420",
        longitude="3.727140",
        transportation="Tram 1 en 4, halte Korenmarkt.",
        step_free=True,
        accessible_toilet=True,
        hearing_loop=False,
        accessibility_notes="Lift naast de ingang.",
    )
    point = HelpPointFactory(
        service=krook, location=library, by_appointment=True, appointment_details="Bel 09 123 45 67."
    )
    for weekday in (0, 1):
        OpeningHoursFactory(help_point=point, weekday=weekday)
    OpeningHoursFactory(help_point=point, weekday=3, opens_at=datetime.time(13, 30), closes_at=datetime.time(17))
    OpeningHoursFactory(help_point=point, weekday=4, opens_at=datetime.time(20), closes_at=datetime.time(2))
    ScheduleExceptionFactory(help_point=point)
    ScheduleExceptionFactory(
        help_point=point,
        starts_on=datetime.date(2027, 2, 3),
        ends_on=datetime.date(2027, 2, 3),
        closed=False,
        opens_at=datetime.time(18),
        closes_at=datetime.time(20),
        reason="Extra avond",
    )
    course = ServiceFactory(
        organisation=gent,
        name="Computerles voor beginners",
        description="Tien lessen in kleine groep.",
        is_free=False,
        fees_description="5 euro per les",
        status=Status.TEMPORARILY_CLOSED,
    )
    course.topics.set(codes("help-topics", "laptop-computer"))
    HelpPointFactory(service=course, location=LocationFactory(organisation=gent, name="Wijkcentrum Brugse Poort"))
    inactive = ServiceFactory(organisation=gent, name="Oud digipunt", status=Status.INACTIVE)
    HelpPointFactory(service=inactive, location=library)
    aalst_service = ServiceFactory(organisation=aalst, name="Digipunt Aalst", description="Hulp in Aalst.")
    aalst_point = HelpPointFactory(
        service=aalst_service,
        location=LocationFactory(
            organisation=aalst, postal_code="9300", city="Aalst", latitude="50.937000", longitude="4.040000"
        ),
    )
    gone = OrganisationFactory(name="Gestopt bestuur", is_active=False)
    gone_service = ServiceFactory(organisation=gone, name="Digipunt van een gestopt bestuur")
    gone_point = HelpPointFactory(service=gone_service)
    return {
        "krook": krook,
        "course": course,
        "inactive": inactive,
        "point": point,
        "aalst_service": aalst_service,
        "aalst_point": aalst_point,
        "gone_service": gone_service,
        "gone_point": gone_point,
        "gone": gone,
        "gent": gent,
    }


# --- every endpoint validates ---------------------------------------------------------------------------


def test_the_root_describes_the_api(client, directory):
    body = client.get(API + "/").json()
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text("utf-8"))
    schema = openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator(schema, format_checker=_format_checker()).validate(body)
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"].endswith("/api/hsds/openapi.json")
    assert client.get("/api/hsds/openapi.json").status_code == 200


def test_the_service_endpoints_validate_against_the_compiled_schemas(client, directory):
    body = get_page(client, "/services", "service_list")
    assert [item["name"] for item in body["contents"]] == [
        "Computerles voor beginners",
        "Digipunt Aalst",
        "Digipunt De Krook",
    ]
    full = get_page(client, "/services", "service", full="true")
    assert len(full["contents"]) == 3
    krook = get_one(client, f"/services/{directory['krook'].uuid}", "service")
    assert krook["organization"]["name"] == "Stad Gent (test)"
    assert krook["status"] == "active"
    assert get_one(client, f"/services/{directory['course'].uuid}", "service")["status"] == "temporarily closed"


def test_the_service_at_location_endpoints_validate_against_the_compiled_schemas(client, directory):
    body = get_page(client, "/service_at_locations", "service_at_location_list")
    assert body["total_items"] == 3
    get_page(client, "/service_at_locations", "service_at_location", full="true")
    point = get_one(client, f"/service_at_locations/{directory['point'].uuid}", "service_at_location")
    assert point["service"]["id"] == str(directory["krook"].uuid)
    assert point["location"]["addresses"][0]["postal_code"] == "9000"


def test_the_organization_endpoints_validate_against_the_compiled_schemas(client, directory):
    body = get_page(client, "/organizations", "organization_list")
    assert [item["name"] for item in body["contents"]] == ["Stad Aalst (test)", "Stad Gent (test)"]
    get_page(client, "/organizations", "organization", full="true")
    get_page(client, "/organizations", "organization", full_service="true")
    gent_id = hsds.organisation_id(directory["gent"])
    gent = get_one(client, f"/organizations/{gent_id}", "organization")
    assert {service["name"] for service in gent["services"]} == {"Digipunt De Krook", "Computerles voor beginners"}
    assert gent["organization_identifiers"][0]["identifier"] == "0207451227"
    full = get_one(client, f"/organizations/{gent_id}", "organization", full_service="true")
    assert {len(service["service_at_locations"]) for service in full["services"]} == {1}


def test_the_taxonomy_endpoints_validate_against_the_table_schemas(client, directory):
    body = get_page(client, "/taxonomies", "table/taxonomy")
    assert [item["name"] for item in body["contents"]][-1] == str(hsds.OWN_TAXONOMY_NAME)
    assert body["total_items"] == 4
    topics = CodeList.objects.get(slug="help-topics")
    get_one(client, f"/taxonomies/{topics.uuid}", "table/taxonomy")
    terms = get_page(client, "/taxonomy_terms", "table/taxonomy_term", per_page=200)
    assert terms["total_items"] == Code.objects.active().filter(code_list__slug__in=hsds.DIRECTORY_LISTS).count() + len(
        hsds.OWN_TERMS
    )
    itsme = Code.objects.get(code_list=topics, code="itsme")
    assert get_one(client, f"/taxonomy_terms/{itsme.uuid}", "table/taxonomy_term")["name"] == "itsme"
    only_topics = get_page(client, "/taxonomy_terms", "table/taxonomy_term", taxonomy_id=str(topics.uuid))
    assert only_topics["total_items"] == 17
    own = get_page(client, "/taxonomy_terms", "table/taxonomy_term", taxonomy_id=hsds.OWN_TAXONOMY_ID)
    assert {item["code"] for item in own["contents"]} >= {"step-free", "schedule-exception", "walk-in"}
    assert get_page(client, "/taxonomy_terms", "table/taxonomy_term", parent_id=str(itsme.uuid))["empty"]
    assert (
        get_page(client, "/taxonomy_terms", "table/taxonomy_term", top_only="true")["total_items"]
        == (terms["total_items"])
    )


# --- what the data looks like in HSDS ---------------------------------------------------------------------


def _own(attributes, term):
    return [attribute["value"] for attribute in attributes if attribute["taxonomy_term_id"] == term.id]


def test_weekly_hours_are_weekly_schedules_and_exceptions_are_marked_schedules(client, directory):
    point = client.get(f"{API}/service_at_locations/{directory['point'].uuid}").json()
    weekly = [
        schedule for schedule in point["schedules"] if schedule.get("freq") == "WEEKLY" and "valid_from" not in schedule
    ]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("MO,TU", "09:00", "12:00"),
        ("TH", "13:30", "17:00"),
        ("FR", "20:00", "02:00"),
    ]
    assert weekly[2]["description"] == "Vrijdag van 20:00 tot 02:00 de volgende dag (Belgische tijd)"
    closed, evening = [schedule for schedule in point["schedules"] if "valid_from" in schedule]
    assert (closed["valid_from"], closed["valid_to"], closed["notes"]) == ("2026-12-24", "2027-01-01", "Kerstvakantie")
    assert "opens_at" not in closed
    assert _own(closed["attributes"], hsds.SCHEDULE_EXCEPTION) == ["closed"]
    assert (evening["opens_at"], evening["closes_at"], evening["until"]) == ("18:00", "20:00", "2027-02-03")
    assert _own(evening["attributes"], hsds.SCHEDULE_EXCEPTION) == ["open"]
    assert _own(point["attributes"], hsds.HELP_POINT_TERMS["walk_in"]) == ["true"]
    assert _own(point["attributes"], hsds.HELP_POINT_TERMS["by_appointment"]) == ["true"]
    assert _own(point["attributes"], hsds.APPOINTMENT_DETAILS) == ["Bel 09 123 45 67."]


def test_structured_accessibility_is_published_as_records_with_details_and_attributes(client, directory):
    location = client.get(f"{API}/service_at_locations/{directory['point'].uuid}").json()["location"]
    records = {record["description"]: record for record in location["accessibility"]}
    assert records["Toegankelijk zonder trappen"]["details"] == "ja"
    assert _own(records["Toegankelijk zonder trappen"]["attributes"], hsds.ACCESSIBILITY_TERMS["step_free"]) == ["true"]
    assert records["Ringleiding voor hoorapparaten"]["details"] == "nee"
    assert "Rustige ruimte" not in records  # unknown stays unknown
    assert "Lift naast de ingang." in records
    address = location["addresses"][0]
    assert (address["country"], address["state_province"], address["region"], address["address_type"]) == (
        "BE",
        "Oost-Vlaanderen",
        "Gent",
        "physical",
    )


def test_topics_languages_documents_and_cost_are_published(client, directory):
    krook = client.get(f"{API}/services/{directory['krook'].uuid}").json()
    topics = [a["taxonomy_term"]["code"] for a in krook["attributes"] if a.get("link_type") == "topic"]
    assert topics == ["itsme", "ebox"]
    assert [(language["code"], language["name"]) for language in krook["languages"]] == [
        ("nl", "Nederlands"),
        ("fr", "Frans"),
        ("vgt", "Vlaamse Gebarentaal"),
    ]
    assert [document["document"] for document in krook["required_documents"]][0] == "identiteitskaart (eID) en pincode"
    assert krook["cost_options"][0]["amount"] == 0
    assert krook["alert"] == "Woensdag 3 december gesloten."
    assert krook["phones"][0]["number"] == "09 123 45 67"
    course = client.get(f"{API}/services/{directory['course'].uuid}").json()
    assert "amount" not in course["cost_options"][0]
    assert course["fees_description"] == "5 euro per les"


def test_the_api_speaks_dutch_whatever_the_browser_asks(client, directory):
    body = client.get(f"{API}/services/{directory['krook'].uuid}", headers={"accept-language": "fr"}).json()
    assert body["languages"][1]["name"] == "Frans"
    assert body["cost_options"][0]["option"] == "Gratis"


# --- only public data ---------------------------------------------------------------------------------------


def test_inactive_services_and_inactive_organisations_are_not_exposed(client, directory):
    hidden = [directory["inactive"], directory["gone_service"]]
    for service in hidden:
        assert client.get(f"{API}/services/{service.uuid}").status_code == 404
    listed = {item["id"] for item in client.get(API + "/services", {"per_page": 200}).json()["contents"]}
    assert not listed & {str(service.uuid) for service in hidden}
    points = {item["id"] for item in client.get(API + "/service_at_locations").json()["contents"]}
    assert str(directory["gone_point"].uuid) not in points
    assert client.get(f"{API}/service_at_locations/{directory['gone_point'].uuid}").status_code == 404
    organisations = client.get(API + "/organizations").json()["contents"]
    assert "Gestopt bestuur" not in [item["name"] for item in organisations]
    assert client.get(f"{API}/organizations/{hsds.organisation_id(directory['gone'])}").status_code == 404
    gent = client.get(f"{API}/organizations/{hsds.organisation_id(directory['gent'])}", {"full_service": "true"})
    assert "Oud digipunt" not in gent.content.decode()


def test_no_persons_data_leaves_through_the_api(client, directory):
    paths = ["/services?full=true", "/service_at_locations?full=true", "/organizations?full_service=true"]
    for path in paths:
        body = client.get(API + path).content.decode()
        for secret in ("alice@example.org", "charlie@example.org", "secretariaat@gent.example"):
            assert secret not in body


# --- paging, search, filters ------------------------------------------------------------------------------


def test_paging_follows_the_hsds_page_shape(client, gent):
    for number in range(7):
        ServiceFactory(organisation=gent, name=f"Dienst {number}")
    first = client.get(API + "/services", {"per_page": 3}).json()
    assert {key: first[key] for key in first if key != "contents"} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    last = client.get(API + "/services", {"per_page": 3, "page": 3}).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    assert [item["name"] for item in last["contents"]] == ["Dienst 6"]
    beyond = client.get(API + "/services", {"per_page": 3, "page": 4}).json()
    assert (beyond["size"], beyond["empty"], beyond["last_page"], beyond["contents"]) == (0, True, True, [])
    assert client.get(API + "/services").json()["size"] == 7  # 50 by default
    names = [
        item["name"]
        for page in (1, 2, 3)
        for item in client.get(API + "/services", {"per_page": 3, "page": page}).json()["contents"]
    ]
    assert names == [f"Dienst {number}" for number in range(7)]


def test_an_empty_directory_is_an_empty_first_page(client, db):
    body = client.get(API + "/services").json()
    assert (body["total_items"], body["total_pages"], body["empty"], body["first_page"], body["last_page"]) == (
        0,
        0,
        True,
        True,
        True,
    )


def test_search_looks_in_name_and_description_whatever_the_case(client, directory):
    def names(**params):
        return [item["name"] for item in client.get(API + "/services", params).json()["contents"]]

    assert names(search="krook") == ["Digipunt De Krook"]
    assert names(search="KLEINE GROEP") == ["Computerles voor beginners"]
    assert names(search="' OR 1=1 --") == []
    assert [
        item["service"]["name"]
        for item in client.get(API + "/service_at_locations", {"search": "brugse"}).json()["contents"]
    ] == ["Computerles voor beginners"]


def test_services_filter_by_term_taxonomy_organisation_and_date(client, directory):
    def names(**params):
        response = client.get(API + "/services", params)
        assert response.status_code == 200, response.content
        return sorted(item["name"] for item in response.json()["contents"])

    itsme = Code.objects.get(code_list__slug="help-topics", code="itsme")
    assert names(taxonomy_term_id=str(itsme.uuid)) == ["Digipunt De Krook"]
    french = Code.objects.get(code_list__slug="languages", code="fr")
    assert names(taxonomy_term_id=str(french.uuid)) == ["Digipunt De Krook"]
    assert names(taxonomy_term_id=hsds.HOME_VISITS.id) == ["Digipunt De Krook"]
    assert names(taxonomy_term_id=hsds.ACCESSIBILITY_TERMS["step_free"].id) == ["Digipunt De Krook"]
    topics = CodeList.objects.get(slug="help-topics")
    assert names(taxonomy_id=str(topics.uuid)) == ["Computerles voor beginners", "Digipunt De Krook"]
    documents = CodeList.objects.get(slug="required-documents")
    assert names(taxonomy_id=str(documents.uuid)) == ["Digipunt De Krook"]
    assert names(organization_id=hsds.organisation_id(directory["gent"])) == [
        "Computerles voor beginners",
        "Digipunt De Krook",
    ]
    assert names(taxonomy_term_id="00000000-0000-0000-0000-000000000000") == []
    assert len(names(modified_after="2000-01-01")) == 3
    assert names(modified_after=(timezone.now() + datetime.timedelta(days=1)).isoformat()) == []
    minimal = client.get(API + "/services", {"minimal": "true"}).json()["contents"]
    assert set(minimal[0]) == {"id", "last_modified"}


def test_service_at_locations_filter_by_postcode_and_proximity(client, directory):
    def names(**params):
        response = client.get(API + "/service_at_locations", params)
        assert response.status_code == 200, response.content
        return [item["service"]["name"] for item in response.json()["contents"]]

    assert sorted(names(postcode="9000")) == ["Computerles voor beginners", "Digipunt De Krook"]
    assert names(postcode="9300") == ["Digipunt Aalst"]
    # Within 5 km of the centre of 9000 Gent: only the location with a position in Gent.
    assert names(postcode="9000", proximity="5000") == ["Digipunt De Krook"]
    assert names(postcode="9000", proximity="50000") == ["Digipunt De Krook", "Digipunt Aalst"]
    walk_in = hsds.HELP_POINT_TERMS["by_appointment"].id
    assert names(taxonomy_term_id=walk_in) == ["Digipunt De Krook"]


# --- errors ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/services/{id}",
        "/service_at_locations/{id}",
        "/organizations/{id}",
        "/taxonomies/{id}",
        "/taxonomy_terms/{id}",
    ],
)
@pytest.mark.parametrize("unknown", ["6a0b8f7e-1d5c-4b36-9d3a-3c4a2f0e9b11", "onbestaand", "1"])
def test_an_unknown_id_is_a_json_404(client, directory, path, unknown):
    response = client.get(API + path.format(id=unknown))
    assert response.status_code == 404
    assert response["content-type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=0",
        "page=abc",
        "page=99999999",
        "page=99999999999999999999999",
        "per_page=0",
        "per_page=-5",
        "per_page=100000",
        "per_page=abc",
        "search=%27%20OR%201%3D1%20--",
        "search=" + "x" * 5000,
        "taxonomy_term_id=abc",
        "taxonomy_id=%27",
        "organization_id=1",
        "modified_after=gisteren",
        "modified_after=2026-13-45",
        "minimal=misschien",
        "full=2",
        "postcode=abcd&proximity=10",
        "postcode=9000&proximity=abc",
        "postcode=9000&proximity=-1",
        "postcode=9000&proximity=nan",
        "proximity=1000",
        "top_only=abc",
        "full_service=abc",
    ],
)
@pytest.mark.parametrize("path", ["/services", "/service_at_locations", "/organizations", "/taxonomy_terms"])
def test_nonsense_parameters_never_give_a_server_error(client, directory, path, query):
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code in (200, 400, 422), response.content
    body = response.json()
    if response.status_code == 200:
        page_validator().validate(body)
        assert body["size"] <= 200
    else:
        assert body["detail"]


def test_a_bad_parameter_is_named_in_the_message(client, directory):
    response = client.get(API + "/services", {"page": "abc"})
    assert response.status_code == 422
    assert "page" in response.json()["detail"]
    response = client.get(API + "/services", {"per_page": "0"})
    assert response.status_code == 422
    assert "per_page" in response.json()["detail"]


def test_per_page_is_capped_at_200(client, gent):
    ServiceFactory.create_batch(205, organisation=gent)
    body = client.get(API + "/services", {"per_page": 100000}).json()
    assert (body["size"], body["total_pages"]) == (200, 2)


# --- query counts ---------------------------------------------------------------------------------------------


def _many_services(gent, count):
    codelists_load()
    PostalCodeFactory(code="9000", municipality=gent.municipality)
    topics = codes("help-topics", "itsme", "ebox")
    for number in range(count):
        service = ServiceFactory(organisation=gent, name=f"Dienst {number:03d}")
        service.topics.set(topics)
        point = HelpPointFactory(service=service)
        OpeningHoursFactory(help_point=point)
        ScheduleExceptionFactory(help_point=point)


def test_the_service_list_needs_a_fixed_number_of_queries(client, gent, django_assert_num_queries):
    _many_services(gent, 60)
    with django_assert_num_queries(2):  # count, page
        response = client.get(API + "/services", {"per_page": 50})
    assert response.json()["size"] == 50


def test_the_full_service_list_needs_a_fixed_number_of_queries(client, gent, django_assert_num_queries):
    _many_services(gent, 60)
    # count, page, topics, languages, documents, help points, their hours and exceptions
    with django_assert_num_queries(8):
        response = client.get(API + "/services", {"per_page": 50, "full": "true"})
    assert response.json()["size"] == 50


def test_the_help_point_list_needs_a_fixed_number_of_queries(client, gent, django_assert_num_queries):
    _many_services(gent, 60)
    with django_assert_num_queries(2):
        response = client.get(API + "/service_at_locations", {"per_page": 50})
    assert response.json()["size"] == 50
    with django_assert_num_queries(4):
        response = client.get(API + "/service_at_locations", {"per_page": 50, "full": "true"})
    assert response.json()["size"] == 50
