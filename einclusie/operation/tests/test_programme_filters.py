import pytest
from django.urls import reverse

from einclusie.operation.models import GoalDefinition
from einclusie.operation.tests.test_goal import everything
from einclusie.organisations.tests.factories import MunicipalityFactory, ProvinceFactory
from einclusie.territory.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def flanders(gent, aalst, alice):
    """Gent (meets the goal) and Aalst in Oost-Vlaanderen, Brugge in West-Vlaanderen."""
    west = ProvinceFactory(nis_code="30000", name_nl="Provincie West-Vlaanderen")
    MunicipalityFactory(nis_code="31005", name_nl="Brugge", province=west)
    Municipality.objects.all().update(latitude=51.05, longitude=3.72, is_flemish=True)
    everything(gent)


def page_rows(response):
    return {municipality.name: row["ok"] for municipality, row in response.context["rows"]}


def csv_lines(response):
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


def test_the_programme_team_filters_the_table_and_the_map_by_province(client, paula, flanders):
    client.force_login(paula)
    response = client.get(reverse("operation:programme_status"), {"provincie": "40000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page_rows(response) == {"Gent": True, "Aalst": False}
    assert "1 van 2 gemeenten hebben een lokale digitale inclusiewerking." in page
    assert "<title>Brugge" not in page
    assert "<title>Gent: " in page
    assert '<option value="40000" selected>' in page


def test_the_programme_team_filters_by_status(client, paula, flanders):
    client.force_login(paula)
    missing = client.get(reverse("operation:programme_status"), {"werking": "nee"})
    assert page_rows(missing) == {"Aalst": False, "Brugge": False}
    assert "1 van 3 gemeenten" in missing.content.decode()  # the count stays the count of the whole area
    meets = client.get(reverse("operation:programme_status"), {"werking": "ja", "provincie": "30000"})
    assert page_rows(meets) == {}


def test_the_downloads_follow_the_filter(client, paula, flanders):
    client.force_login(paula)
    page = client.get(reverse("operation:programme_status"), {"provincie": "40000", "werking": "nee"})
    assert "?provincie=40000&amp;werking=nee&amp;formaat=csv" in page.content.decode()
    lines = csv_lines(client.get(reverse("operation:programme_status") + "?provincie=40000&werking=nee&formaat=csv"))
    assert len(lines) == 2
    assert lines[1].startswith("41002;Aalst;nee;")
    xlsx = client.get(reverse("operation:programme_status") + "?provincie=30000&formaat=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"provincie": "99999"}, "Onbekende provincie: 99999."),
        ({"werking": "misschien"}, "Onbekende keuze voor werking: kies ja, nee of alle gemeenten."),
    ],
)
def test_an_unknown_filter_value_gets_a_clear_message(client, paula, flanders, query, message):
    client.force_login(paula)
    response = client.get(reverse("operation:programme_status"), query)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'class="error-summary"' in page
    assert "<circle" not in page
    assert not GoalDefinition.objects.exists()


def test_a_bad_filter_never_downloads_a_file(client, paula, flanders):
    client.force_login(paula)
    response = client.get(reverse("operation:programme_status") + "?provincie=x&formaat=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_local_governments_cannot_filter_the_programme_page(client, alice, flanders):
    client.force_login(alice)
    assert client.get(reverse("operation:programme_status"), {"provincie": "40000"}).status_code == 404
