import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.core.codelists import codelists_load
from einclusie.helppoints.models import HelpPoint, Location, Service
from einclusie.monitoring.models import MonthlyFact
from einclusie.monitoring.operation import default_rule, operation_status, rule
from einclusie.operation.models import ActionPlan, ActionStatus, GoalDefinition, PlanAction, PlanStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def open_help_point(organisation):
    service = Service.objects.create(organisation=organisation, name="Digipunt", description="Hulp.")
    location = Location.objects.create(
        organisation=organisation,
        name="Bibliotheek",
        street="Straat 1",
        postal_code="9000",
        city="Gent",
        municipality=organisation.municipality,
    )
    return HelpPoint.objects.create(service=service, location=location)


def adopted_plan(organisation, aspects=("toegang", "vaardigheden", "ondersteuning"), **extra):
    values = {"start_year": TODAY.year, "end_year": TODAY.year + 2, "status": PlanStatus.ADOPTED, **extra}
    plan = ActionPlan.objects.create(organisation=organisation, title="Plan", adopted_on=TODAY, **values)
    for aspect in aspects:
        PlanAction.objects.create(plan=plan, title=f"Actie {aspect}", aspect=aspect)
    return plan


def activity(organisation):
    MonthlyFact.objects.create(
        municipality=organisation.municipality,
        province=organisation.municipality.province,
        month=TODAY.replace(day=1),
        item="help_contacts",
        dimension="",
        value=5,
    )


def everything(organisation):
    open_help_point(organisation)
    adopted_plan(organisation)
    activity(organisation)


def status_of(organisation):
    return operation_status([organisation.municipality_id], today=TODAY)[organisation.municipality_id]


def test_a_local_government_with_every_criterion_has_an_operation(alice, gent):
    everything(gent)
    row = status_of(gent)
    assert row["ok"], row["reasons"]
    assert row["reasons"] == []


def test_each_missing_criterion_is_named_in_plain_dutch(gent):
    row = status_of(gent)
    assert row["missing"] == ["help_points", "coordinator", "plan", "aspects", "activity"]
    assert "Er is geen goedgekeurd actieplan dat over dit jaar loopt." in row["reasons"]
    assert "Er is geen coördinator e-inclusie op het platform." in row["reasons"]


def test_a_draft_an_expired_plan_or_a_dropped_aspect_does_not_count(alice, gent):
    open_help_point(gent)
    activity(gent)
    ActionPlan.objects.create(
        organisation=gent, title="Ontwerp", start_year=TODAY.year, end_year=TODAY.year, status=PlanStatus.DRAFT
    )
    adopted_plan(gent, start_year=TODAY.year - 4, end_year=TODAY.year - 1)
    assert status_of(gent)["missing"] == ["plan", "aspects"]

    plan = adopted_plan(gent, aspects=("toegang", "vaardigheden"))
    PlanAction.objects.create(plan=plan, title="Geschrapt", aspect="ondersteuning", status=ActionStatus.DROPPED)
    row = status_of(gent)
    assert row["missing"] == ["aspects"]
    assert row["reasons"] == ["Het actieplan heeft nog geen acties over: ondersteuning op maat."]


def test_the_programme_team_adjusts_the_definition_in_a_new_version_with_who_and_when(client, paula, alice, gent):
    open_help_point(gent)
    activity(gent)
    assert not status_of(gent)["ok"]
    client.force_login(paula)
    data = {
        "min_active_help_points": "1",
        "requires_coordinator": "on",
        "activity_months": "12",
        "activity_items": ["help_contacts", "course_participants"],
        "note": "Eerst de basis: een digipunt en activiteit.",
    }
    response = client.post(reverse("operation:goal_edit"), data)
    assert response.status_code == 302
    versions = list(GoalDefinition.objects.order_by("version"))
    assert [version.version for version in versions] == [1, 2]  # the shipped default is kept as version 1
    assert versions[1].created_by == paula
    assert rule()["requires_current_plan"] is False and rule()["required_aspects"] == []
    assert status_of(gent)["ok"]
    assert default_rule()["requires_current_plan"] is True  # the JSON keeps the default
    page = client.get(reverse("operation:goal_edit")).content.decode()
    assert "Eerst de basis: een digipunt en activiteit." in page and "paula@example.org" in page


def test_an_impossible_definition_is_refused_with_a_clear_message(client, paula):
    client.force_login(paula)
    data = {"min_active_help_points": "-1", "activity_months": "99", "note": ""}
    page = client.post(reverse("operation:goal_edit"), data).content.decode()
    assert "Vul een aantal van 0 tot 50 in." in page
    assert "Vul een aantal maanden van 1 tot 36 in." in page
    assert "Kies minstens één soort activiteit." in page
    assert not GoalDefinition.objects.exists()


def test_the_local_government_sees_its_status_and_what_is_missing_on_its_home_page(client, alice, gent):
    open_help_point(gent)
    client.force_login(alice)
    page = client.get(reverse("operation:home")).content.decode()
    assert "Uw gemeente haalt de doelstelling nog niet." in page
    assert "Er is geen goedgekeurd actieplan dat over dit jaar loopt." in page
    assert "een coördinator e-inclusie op het platform" in page  # the definition, readable by everyone


def test_the_programme_team_sees_every_municipality_in_a_table_and_a_csv(client, paula, alice, gent, aalst):
    from einclusie.territory.models import Municipality

    Municipality.objects.filter(pk__in=[gent.municipality_id, aalst.municipality_id]).update(
        latitude=51.05, longitude=3.72, is_flemish=True
    )
    everything(gent)
    client.force_login(paula)
    response = client.get(reverse("operation:programme_status"))
    page = response.content.decode()
    assert response.status_code == 200
    rows = {municipality.name: row["ok"] for municipality, row in response.context["rows"]}
    assert rows == {"Gent": True, "Aalst": False}
    assert "1 van 2 gemeenten hebben een lokale digitale inclusiewerking." in page
    assert "<circle" in page
    csv = client.get(reverse("operation:programme_status") + "?formaat=csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == "nis_code;gemeente;werking;wat_ontbreekt"
    assert len(lines) == 3


def test_local_governments_cannot_open_the_programme_pages(client, alice):
    codelists_load()
    client.force_login(alice)
    assert client.get(reverse("operation:programme_status")).status_code == 404
    assert client.post(reverse("operation:goal_edit"), {"note": "x"}).status_code == 404
    assert not GoalDefinition.objects.exists()


def test_the_programme_page_reads_two_hundred_municipalities_in_a_fixed_number_of_queries(
    client, paula, gent, django_assert_max_num_queries
):
    from einclusie.organisations.tests.factories import MunicipalityFactory, OrganisationFactory

    everything(gent)
    for _number in range(200):
        municipality = MunicipalityFactory(province=gent.municipality.province)
        organisation = OrganisationFactory(kind="municipality", municipality=municipality)
        adopted_plan(organisation, aspects=("toegang",))
    client.force_login(paula)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("operation:programme_status"))
    assert len(response.context["rows"]) >= 201
