import datetime
import zoneinfo

import pytest
from django.urls import reverse

from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.helppoints import finder
from einclusie.helppoints.models import HelpPoint, Location, OpeningHours, Service, Status
from einclusie.organisations.tests.factories import MunicipalityFactory, OrganisationFactory, ProvinceFactory
from einclusie.territory.models import PostalCode

pytestmark = pytest.mark.django_db
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
TUESDAY_10H = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BRUSSELS)


@pytest.fixture
def area(db):
    """Gent with two help points and Aalst (30 km away) with one."""
    codelists_load()
    province = ProvinceFactory(nis_code="40000", name_nl="Provincie Oost-Vlaanderen")
    gent = MunicipalityFactory(
        nis_code="44021", name_nl="Gent", name_fr="Gand", province=province, latitude=51.054, longitude=3.717
    )
    aalst = MunicipalityFactory(
        nis_code="41002", name_nl="Aalst", name_fr="Alost", province=province, latitude=50.937, longitude=4.040
    )
    PostalCode.objects.create(code="9000", municipality=gent)
    PostalCode.objects.create(code="9300", municipality=aalst)
    points = {
        "gent-centre": _help_point(gent, "Digipunt centrum", 51.054, 3.720, topics=["itsme"], languages=["nl", "fr"]),
        "gent-north": _help_point(
            gent, "Digipunt noord", 51.080, 3.730, topics=["ebox"], languages=["nl"], walk_in=False
        ),
        "aalst": _help_point(aalst, "Digipunt Aalst", 50.937, 4.040, topics=["itsme"], languages=["nl"]),
    }
    return {"gent": gent, "aalst": aalst, "points": points}


def _help_point(municipality, name, latitude, longitude, *, topics, languages, walk_in=True, status=Status.ACTIVE):
    organisation = OrganisationFactory(kind="partner", municipality=municipality, name=f"Partner {name}")
    service = Service.objects.create(organisation=organisation, name=name, description="Hulp.", status=status)
    service.topics.set(Code.objects.filter(code_list__slug="help-topics", code__in=topics))
    service.languages.set(Code.objects.filter(code_list__slug="languages", code__in=languages))
    location = Location.objects.create(
        organisation=organisation,
        name=f"Plaats {name}",
        street="Straat 1",
        postal_code=municipality.postal_codes.first().code if municipality.postal_codes.exists() else "9000",
        city=municipality.name_nl,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        step_free=walk_in,
    )
    help_point = HelpPoint.objects.create(
        service=service, location=location, walk_in=walk_in, by_appointment=not walk_in
    )
    OpeningHours.objects.create(
        help_point=help_point, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12)
    )
    return help_point


def names(results):
    return [help_point.service.name for help_point in finder.load([pk for pk, _distance in results])]


def test_a_postal_code_finds_the_nearest_help_points_first(area):
    place = finder.find_place("9300").place
    assert names(finder.search(place, finder.Criteria(), now=TUESDAY_10H))[0] == "Digipunt Aalst"
    place = finder.find_place("9000").place
    assert names(finder.search(place, finder.Criteria(), now=TUESDAY_10H))[:2] == ["Digipunt centrum", "Digipunt noord"]


def test_a_french_or_accentless_municipality_name_is_understood(area):
    assert finder.find_place("gand").place.municipalities == [area["gent"]]
    assert finder.find_place("  AALST ").place.municipalities == [area["aalst"]]


def test_a_misspelt_municipality_gets_suggestions_not_an_error(area, client):
    lookup = finder.find_place("Alst")
    assert lookup.place is None
    assert ("Aalst", "Aalst") in lookup.suggestions
    response = client.get(reverse("helppoints:finder"), {"waar": "Alst"})
    assert response.status_code == 200
    assert "Bedoelt u" in response.content.decode()


def test_filters_topic_language_walk_in_and_open_now(area):
    place = finder.find_place("9000").place
    assert names(finder.search(place, finder.Criteria(topic="itsme"), now=TUESDAY_10H)) == [
        "Digipunt centrum",
        "Digipunt Aalst",
    ]
    assert names(finder.search(place, finder.Criteria(language="fr"), now=TUESDAY_10H)) == ["Digipunt centrum"]
    assert "Digipunt noord" not in names(finder.search(place, finder.Criteria(walk_in=True), now=TUESDAY_10H))
    wednesday = TUESDAY_10H + datetime.timedelta(days=1)
    assert finder.search(place, finder.Criteria(open_now=True), now=wednesday) == []
    assert len(finder.search(place, finder.Criteria(open_now=True), now=TUESDAY_10H)) == 3


def test_inactive_services_are_not_shown(area):
    area["points"]["gent-north"].service.status = Status.INACTIVE
    area["points"]["gent-north"].service.save()
    place = finder.find_place("9000").place
    assert "Digipunt noord" not in names(finder.search(place, finder.Criteria(), now=TUESDAY_10H))


@pytest.mark.parametrize(
    "query",
    [
        {"waar": "' OR 1=1 --"},
        {"waar": "9000", "pagina": "999999999"},
        {"waar": "9000", "pagina": "-3"},
        {"waar": "x" * 5000},
        {"onderwerp": "bestaat-niet", "taal": "zz", "wanneer": "9"},
        {"waar": "<script>alert(1)</script>"},
    ],
)
def test_nonsense_in_the_query_string_gives_a_normal_page(area, client, query):
    response = client.get(reverse("helppoints:finder"), query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_public_detail_page_has_a_stable_address_and_plain_hours(area, client):
    help_point = area["points"]["gent-centre"]
    response = client.get(reverse("helppoints:public_detail", args=[help_point.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Digipunt centrum" in page
    assert "dinsdag" in page.lower()


def test_a_cached_finder_page_is_refreshed_when_a_help_point_changes(area, client):
    from einclusie.helppoints.services import directory_changed

    first = client.get(reverse("helppoints:finder"), {"waar": "9000"}).content.decode()
    assert "Digipunt centrum" in first
    service = area["points"]["gent-centre"].service
    service.name = "Digipunt hernoemd"
    service.save()
    assert "Digipunt centrum" in client.get(reverse("helppoints:finder"), {"waar": "9000"}).content.decode()
    directory_changed()
    refreshed = client.get(reverse("helppoints:finder"), {"waar": "9000"}).content.decode()
    assert "Digipunt hernoemd" in refreshed
