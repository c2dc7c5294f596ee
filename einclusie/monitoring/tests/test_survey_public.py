"""The surveys' results in public: only closed rounds, for Flanders and per province, suppressed so that no
hidden count can be recovered; the pages, their CSV, the open-data downloads, the API and DCAT-AP."""

import csv
import datetime
import io
import json
import re
from fractions import Fraction
from pathlib import Path
from urllib.parse import urlencode

import pytest
import schemathesis
from django.conf import settings
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from einclusie.monitoring import survey
from einclusie.monitoring.demo import demo_published_rounds
from einclusie.monitoring.disclosure import is_small
from einclusie.monitoring.models import Audience, SurveyResponse, SurveyRound
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import MunicipalityFactory, OrganisationFactory, ProvinceFactory
from einclusie.territory.models import PostalCode

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1
THIS_YEAR = timezone.localdate().year
COMMITTED = Path(settings.PROJECT_DIR) / "docs" / "api" / "openapi-v1.json"


def _answers(index, *, contact_person, budget="small", staff_fte=1):
    return {
        "contact_person": contact_person,
        "policy_plan": index % 2 == 0,
        "staff_fte": staff_fte,
        "budget": budget,
        "biggest_need": f"geheim antwoord {index}",
    }


@pytest.fixture
def provinces(db):
    return {
        "oost": ProvinceFactory(nis_code="40000", name_nl="Provincie Oost-Vlaanderen"),
        "antwerpen": ProvinceFactory(nis_code="10000", name_nl="Provincie Antwerpen"),
        "limburg": ProvinceFactory(nis_code="70000", name_nl="Provincie Limburg"),
    }


def _round(audience, year, closes_on):
    survey.questions_load(audience)
    return SurveyRound.objects.create(audience=audience, year=year, closes_on=closes_on)


@pytest.fixture
def closed_round(provinces):
    """Last year's quick scan: 8 answers in Oost-Vlaanderen (3 without a contact person: a small count),
    6 in Limburg, 2 in Antwerpen (too few to show) and a draft that never counts."""
    survey_round = _round(Audience.LOCAL, LAST_YEAR, datetime.date(LAST_YEAR, 11, 30))
    day = timezone.make_aware(datetime.datetime(LAST_YEAR, 11, 2))
    budgets = ["none", "small", "medium", "large"]
    oost = [
        OrganisationFactory(
            kind=Kind.MUNICIPALITY,
            municipality=MunicipalityFactory(nis_code=f"4{index:04d}", province=provinces["oost"]),
        )
        for index in range(9)
    ]
    limburg = [
        OrganisationFactory(
            kind=Kind.MUNICIPALITY,
            municipality=MunicipalityFactory(nis_code=f"7{index:04d}", province=provinces["limburg"]),
        )
        for index in range(6)
    ]
    antwerpen = [
        OrganisationFactory(
            kind=Kind.MUNICIPALITY,
            municipality=MunicipalityFactory(nis_code=f"1{index:04d}", province=provinces["antwerpen"]),
        )
        for index in range(2)
    ]
    for index, organisation in enumerate(oost[:8]):
        answers = _answers(index, contact_person=index >= 3, budget=budgets[index % 4], staff_fte=index % 3)
        SurveyResponse.objects.create(round=survey_round, organisation=organisation, answers=answers, submitted_at=day)
    SurveyResponse.objects.create(
        round=survey_round, organisation=oost[8], answers=_answers(8, contact_person=False), submitted_at=None
    )
    for index, organisation in enumerate(limburg):
        answers = _answers(index, contact_person=True, budget="medium", staff_fte=2)
        SurveyResponse.objects.create(round=survey_round, organisation=organisation, answers=answers, submitted_at=day)
    for index, organisation in enumerate(antwerpen):
        answers = _answers(index, contact_person=index == 0, budget="none", staff_fte=0)
        SurveyResponse.objects.create(round=survey_round, organisation=organisation, answers=answers, submitted_at=day)
    return survey_round


@pytest.fixture
def open_round(provinces):
    """This year's quick scan, still open, with 10 answers."""
    today = timezone.localdate()
    survey_round = _round(Audience.LOCAL, THIS_YEAR, today + datetime.timedelta(days=10))
    for index in range(10):
        organisation = OrganisationFactory(
            kind=Kind.MUNICIPALITY,
            municipality=MunicipalityFactory(nis_code=f"4{index + 100:04d}", province=provinces["oost"]),
        )
        SurveyResponse.objects.create(
            round=survey_round,
            organisation=organisation,
            answers=_answers(index, contact_person=True),
            submitted_at=timezone.now(),
        )
    return survey_round


PAGE = f"/cijfers/bevragingen/quickscan/{LAST_YEAR}/"


def _csv(response):
    content = response.content if not response.streaming else b"".join(response.streaming_content)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# Only closed rounds are public


def test_an_open_round_is_public_nowhere(client, open_round):
    assert client.get(f"/cijfers/bevragingen/quickscan/{THIS_YEAR}/").status_code == 404
    assert str(THIS_YEAR) not in client.get("/cijfers/bevragingen/").content.decode()
    response = client.get(f"/api/v1/surveys/local/{THIS_YEAR}")
    assert response.status_code == 404
    assert "loopt nog tot en met" in response.json()["detail"]
    assert client.get("/api/v1/surveys").json() == []
    download = client.get(f"/cijfers/open-data/quickscan/?jaar={THIS_YEAR}&formaat=csv")
    assert download.status_code == 404
    assert "geen openbare resultaten" in download.content.decode()
    dataset = client.get("/api/v1/datasets/quickscan").json()
    assert dataset["dcat:distribution"] == []
    assert "dct:temporal" not in dataset


def test_a_round_becomes_public_the_day_after_it_closes(client, open_round):
    open_round.closes_on = timezone.localdate()
    open_round.save()
    assert client.get(f"/cijfers/bevragingen/quickscan/{THIS_YEAR}/").status_code == 404
    open_round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    open_round.save()
    assert client.get(f"/cijfers/bevragingen/quickscan/{THIS_YEAR}/").status_code == 200
    assert [r["year"] for r in client.get("/api/v1/surveys").json()] == [THIS_YEAR]


# The public pages


def test_the_list_shows_the_closed_rounds_of_both_surveys_by_year(client, closed_round):
    _round(Audience.RESIDENTS, LAST_YEAR - 1, datetime.date(LAST_YEAR - 1, 6, 30))
    content = client.get("/cijfers/bevragingen/").content.decode()
    assert f"<h2>{LAST_YEAR}</h2>" in content
    assert f'href="/cijfers/bevragingen/quickscan/{LAST_YEAR}/"' in content
    assert f'href="/cijfers/bevragingen/inwonersbevraging/{LAST_YEAR - 1}/"' in content
    assert content.index(f"<h2>{LAST_YEAR}</h2>") < content.index(f"<h2>{LAST_YEAR - 1}</h2>")


def test_the_public_dashboard_and_the_open_data_page_link_to_the_results(client, closed_round):
    assert 'href="/cijfers/bevragingen/"' in client.get("/cijfers/").content.decode()
    content = client.get("/cijfers/open-data/").content.decode()
    assert 'href="/cijfers/bevragingen/"' in content
    assert f'href="/cijfers/open-data/quickscan/?jaar={LAST_YEAR}&amp;formaat=csv"' in content
    assert f'href="/api/v1/surveys/local/{LAST_YEAR}"' in content


def test_the_results_page_shows_tables_and_charts_in_dutch(client, closed_round):
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Quickscan van de lokale besturen" in content
    assert "<caption" in content and 'scope="row"' in content and 'scope="col"' in content
    assert '<svg viewBox="0 0' in content and 'role="img"' in content
    assert "Heeft uw lokaal bestuur een aanspreekpunt digitale inclusie?" in content
    assert "aandeel lokale besturen met een aanspreekpunt digitale inclusie" in content
    assert "tabel=vraag-contact_person&amp;formaat=csv" in content
    # 16 answers in Flanders; Antwerpen has 2: nothing shown but "te weinig antwoorden".
    assert re.search(r'Vlaanderen</th><td class="number">16</td>', content)
    assert re.search(r"Provincie Antwerpen</th><td[^>]*>te weinig antwoorden</td>", content)
    antwerpen_rows = re.findall(r"<tr><th scope=\"row\">Provincie Antwerpen</th>(.*?)</tr>", content)
    assert antwerpen_rows and all(row.count("<td") == 1 and "te weinig antwoorden" in row for row in antwerpen_rows)
    # Free text and drafts are never published.
    assert "geheim antwoord" not in content
    assert "<script" not in content.split("<main", 1)[1]


def test_each_chart_downloads_as_csv(client, closed_round):
    response = client.get(PAGE + "?tabel=vraag-budget&formaat=csv")
    assert response.status_code == 200
    rows = _csv(response)
    assert rows[0] == ["antwoord", "aantal", "procent"]
    budget = {row[0]: row[1] for row in rows[1:]}
    assert set(budget) == {
        "geen eigen budget",
        "minder dan 10.000 euro",
        "10.000 tot 50.000 euro",
        "meer dan 50.000 euro",
    }
    assert budget["10.000 tot 50.000 euro"] == "8"  # 2 in Oost-Vlaanderen and 6 in Limburg
    assert budget["meer dan 50.000 euro"] in ("<5", "x")
    assert client.get(PAGE + "?tabel=onbekend&formaat=csv").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/cijfers/bevragingen/onbekend/{LAST_YEAR}/",
        "/cijfers/bevragingen/quickscan/1999/",
        f"/cijfers/bevragingen/inwonersbevraging/{LAST_YEAR}/",
        "/cijfers/bevragingen/quickscan/99999999999999999999/",
    ],
)
def test_an_unknown_survey_or_year_is_the_normal_404_page(client, closed_round, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


# Disclosure control


def _attack(body, required=()):
    """An attacker's view of the published results: every count that is not shown is an unknown; the
    questions' answers add up to the number who answered (for a required question: the responses), the
    provinces add up to Flanders. Returns the unknowns that the equations pin down to a positive count."""
    unknowns, equations = {}, []

    def term(key, count):
        if count["value"] is None:
            unknowns.setdefault(key, len(unknowns))
            return (key, None)
        return (None, count["value"])

    def equation(members, total):
        equations.append(([term(*m) for m in members], term(*total)))

    areas = [area["area"] for area in body["areas"]]
    parts = areas[1:]

    def responses(area):
        row = next(a for a in body["areas"] if a["area"] == area)
        count = {"value": None} if row["too_few"] else row["responses"]
        return ("responses", area), count

    equation([responses(a) for a in parts], responses(areas[0]))
    for question in body["questions"]:
        rows = {row["area"]: row for row in question["areas"]}

        def count(area, index=None, question=question, rows=rows):
            row = rows[area]
            if index is None:
                if question["code"] in required:
                    return responses(area)
                return ("answered", question["code"], area), {"value": None} if row["too_few"] else row["answered"]
            value = {"value": None} if row["too_few"] else row["answers"][index]["count"]
            return ("count", question["code"], area, index), value

        for area in areas:
            equation([count(area, i) for i in range(len(question["options"]))], count(area))
        for index in range(len(question["options"])):
            equation([count(a, index) for a in parts], count(areas[0], index))
        equation([count(a) for a in parts], count(areas[0]))
    rows = []
    for members, total in equations:
        row = [Fraction(0)] * (len(unknowns) + 1)  # coefficients, then the constant
        for key, value in members:
            if key is None:
                row[-1] -= value
            else:
                row[unknowns[key]] += 1
        key, value = total
        if key is None:
            row[-1] += value
        else:
            row[unknowns[key]] -= 1
        rows.append(row)
    pivots, r = [], 0
    for column in range(len(unknowns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [value / rows[r][column] for value in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][column] != 0:
                factor = rows[i][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(column)
        r += 1
    names = {index: key for key, index in unknowns.items()}
    # A zero can follow from a zero in Flanders (nobody answered so anywhere); zero gives no one away.
    return {
        names[column]: row[-1]
        for row, column in zip(rows, pivots, strict=False)
        if sum(1 for value in row[:-1] if value != 0) == 1 and row[-1] != 0
    }


REQUIRED = ("contact_person", "policy_plan", "budget")


def test_no_hidden_count_can_be_recovered_from_the_published_figures(client, closed_round):
    body = client.get(f"/api/v1/surveys/local/{LAST_YEAR}").json()
    contact = next(q for q in body["questions"] if q["code"] == "contact_person")
    oost = next(row for row in contact["areas"] if row["area"] == "40000")
    assert oost["answers"][1]["count"] == {"value": None, "flag": "<5"}  # 3 without a contact person
    assert oost["answers"][0]["count"]["flag"] == "x"  # else 8 − 5 would give it away
    assert _attack(body, REQUIRED) == {}


def test_with_only_the_small_counts_hidden_the_same_attack_would_succeed(client, closed_round, monkeypatch):
    """The attack above is a real one: without complementary suppression it recovers hidden counts."""
    monkeypatch.setattr(
        survey, "suppress", lambda cells, lines: {key for key, value in cells.items() if is_small(value)}
    )
    body = client.get(f"/api/v1/surveys/local/{LAST_YEAR}").json()
    recovered = _attack(body, REQUIRED)
    assert recovered[("count", "contact_person", "40000", 1)] == 3


def test_a_province_with_fewer_than_5_responses_publishes_nothing(client, closed_round):
    body = client.get(f"/api/v1/surveys/local/{LAST_YEAR}").json()
    for block in [body["areas"], *[q["areas"] for q in body["questions"]], *[i["areas"] for i in body["indicators"]]]:
        antwerpen = next(row for row in block if row["area"] == "10000")
        assert antwerpen["too_few"] is True
        counts = [value for key, value in antwerpen.items() if isinstance(value, dict)]
        counts += [answer["count"] for answer in antwerpen.get("answers", [])]
        assert all(count == {"value": None, "flag": ""} for count in counts)
        assert antwerpen.get("value") is None
        assert all(answer["percent"] is None for answer in antwerpen.get("answers", []))


# Open data


def test_the_open_data_download_has_every_area_and_no_response_of_its_own(client, closed_round):
    response = client.get(f"/cijfers/open-data/quickscan/?jaar={LAST_YEAR}&formaat=csv")
    assert response.status_code == 200
    assert f"quickscan-{LAST_YEAR}.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == survey.PUBLISHED_HEADER
    assert {row[2] for row in rows[1:]} == {"02000", "10000", "40000", "70000"}
    responses = {row[2]: (row[8], row[10]) for row in rows[1:] if row[4] == "respons"}
    assert responses["02000"] == ("16", "")
    assert responses["10000"] == ("", "te weinig antwoorden")
    assert responses["70000"] == ("", "x")  # hides Antwerpen's 2 from the total of Flanders
    assert {row[5] for row in rows[1:] if row[4] == "vraag"} == {"contact_person", "policy_plan", "budget"}
    staff = [row for row in rows[1:] if row[5] == "quickscan-staff" and row[2] == "02000"]
    assert staff[0][6] == "aandeel lokale besturen met minstens 1 VTE voor digitale inclusie"
    assert "geheim antwoord" not in str(rows)
    assert len(rows) < 100  # aggregates only
    xlsx = client.get(f"/cijfers/open-data/quickscan/?jaar={LAST_YEAR}&formaat=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:4] == b"PK\x03\x04"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?jaar=vorig&formaat=csv", 400, "Kies het jaar van een gesloten ronde"),
        ("?jaar=2016&formaat=csv", 404, "Voor 2016 zijn er geen openbare resultaten"),
        (f"?jaar={LAST_YEAR}&formaat=pdf", 400, "formaat moet csv of xlsx zijn"),
    ],
)
def test_a_bad_download_says_what_is_wrong(client, closed_round, query, status, message):
    response = client.get("/cijfers/open-data/quickscan/" + query)
    assert response.status_code == status
    assert message in response.content.decode()


def test_the_dcat_catalogue_lists_a_dataset_per_survey_with_its_years(client, closed_round):
    _round(Audience.LOCAL, LAST_YEAR - 2, datetime.date(LAST_YEAR - 2, 11, 30))
    catalogue = client.get("/api/v1/catalogue").json()
    dataset = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "quickscan")
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == f"{LAST_YEAR - 2}-01-01"
    assert dataset["dct:temporal"]["dcat:endDate"]["@value"] == f"{LAST_YEAR}-12-31"
    assert dataset["dct:license"]["@id"].endswith("modellicentie-gratis-hergebruik/v1.0")
    distributions = dataset["dcat:distribution"]
    assert len(distributions) == 6  # two years, CSV, XLSX and JSON
    formats = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in distributions}
    assert formats == {"CSV", "XLSX", "JSON"}
    json_urls = [d["dcat:accessURL"]["@id"] for d in distributions if d["dcat:mediaType"] == "application/json"]
    assert any(url.endswith(f"/api/v1/surveys/local/{LAST_YEAR}") for url in json_urls)
    # The residents' survey has no closed round: no dataset in the catalogue yet.
    assert not any(d["dct:identifier"] == "inwonersbevraging" for d in catalogue["dcat:dataset"])
    one = client.get("/api/v1/datasets/quickscan")
    assert one["Content-Type"] == "application/ld+json"
    assert one.json()["dcat:landingPage"]["@id"].endswith("/cijfers/bevragingen/")


# The API


def test_the_api_lists_the_published_rounds(client, closed_round, open_round):
    body = client.get("/api/v1/surveys").json()
    assert body == [
        {
            "audience": "local",
            "year": LAST_YEAR,
            "closes_on": f"{LAST_YEAR}-11-30",
            "title": "Quickscan van de lokale besturen",
            "responses": 16,
            "url": f"/api/v1/surveys/local/{LAST_YEAR}",
            "page": f"/cijfers/bevragingen/quickscan/{LAST_YEAR}/",
        }
    ]


def test_the_api_gives_the_results_of_a_closed_round(client, closed_round):
    body = client.get(f"/api/v1/surveys/local/{LAST_YEAR}").json()
    assert (body["audience"], body["year"]) == ("local", LAST_YEAR)
    assert [area["area"] for area in body["areas"]] == ["02000", "10000", "40000", "70000"]
    assert body["areas"][0]["responses"] == {"value": 16, "flag": ""}
    assert [q["code"] for q in body["questions"]] == ["contact_person", "policy_plan", "budget"]
    plan = next(q for q in body["questions"] if q["code"] == "policy_plan")
    flanders = plan["areas"][0]
    assert [a["code"] for a in flanders["answers"]] == ["yes", "no"]
    # Oost-Vlaanderen 4 of 8, Limburg 3 of 6, Antwerpen 1 of 2.
    assert flanders["answers"][0]["count"] == {"value": 8, "flag": ""}
    assert flanders["answers"][0]["percent"] == 50.0
    staff = next(i for i in body["indicators"] if i["code"] == "quickscan-staff")
    assert staff["areas"][0]["denominator"] == {"value": 16, "flag": ""}
    assert "biggest_need" not in str(body) and "staff_fte" not in [q["code"] for q in body["questions"]]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        (f"/api/v1/surveys/gemeenten/{LAST_YEAR}", 404, "Onbekende bevraging: gemeenten. Kies local of residents."),
        ("/api/v1/surveys/local/2016", 404, "Voor 2016 is er geen ronde van deze bevraging."),
        (f"/api/v1/surveys/residents/{LAST_YEAR}", 404, f"Voor {LAST_YEAR} is er geen ronde van deze bevraging."),
        ("/api/v1/surveys/local/99999999999", 404, "Voor 99999999999 is er geen ronde van deze bevraging."),
        ("/api/v1/surveys/local/vorig", 422, "Ongeldige parameter: year."),
    ],
)
def test_the_api_explains_a_bad_request(client, closed_round, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["detail"] == message


# The residents' survey


@pytest.fixture
def closed_residents_round(provinces):
    """Last year's residents' survey: 12 answers from Gent (Oost-Vlaanderen), 3 from Hasselt (Limburg) and 6
    with a postal code outside Flanders."""
    gent = MunicipalityFactory(nis_code="44021", name_nl="Gent", province=provinces["oost"])
    hasselt = MunicipalityFactory(nis_code="71022", name_nl="Hasselt", province=provinces["limburg"])
    PostalCode.objects.create(code="9000", municipality=gent)
    PostalCode.objects.create(code="3500", municipality=hasselt)
    survey_round = _round(Audience.RESIDENTS, LAST_YEAR, datetime.date(LAST_YEAR, 10, 31))
    day = timezone.make_aware(datetime.datetime(LAST_YEAR, 10, 1))
    people = [(9000, "25-44", index < 9) for index in range(12)] + [(3500, "65+", False)] * 3
    people += [(1000, "45-64", True)] * 6
    for postal_code, band, task_alone in people:
        answers = {
            "res_age_band": band,
            "res_postal_code": postal_code,
            "res_internet_use": "daily",
            "res_task_alone": task_alone,
            "res_knows_help": True,
            "res_used_help": False,
        }
        SurveyResponse.objects.create(round=survey_round, answers=answers, submitted_at=day)
    return survey_round


def test_residents_answers_are_public_only_as_suppressed_aggregates(client, closed_residents_round):
    body = client.get(f"/api/v1/surveys/residents/{LAST_YEAR}").json()
    areas = {area["area"]: area for area in body["areas"]}
    assert areas["02000"]["responses"] == {"value": 21, "flag": ""}
    assert areas["70000"]["too_few"] is True  # Hasselt's 3
    assert areas["other"]["name"] == "postcode buiten Vlaanderen of onbekend"
    assert "res_postal_code" not in [q["code"] for q in body["questions"]]
    assert "9000" not in str(body) and "Gent" not in str(body) and "3500" not in str(body)
    required = ["res_age_band", "res_internet_use", "res_task_alone", "res_knows_help", "res_used_help"]
    assert _attack(body, required) == {}
    page = client.get(f"/cijfers/bevragingen/inwonersbevraging/{LAST_YEAR}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Inwonersbevraging" in content and "Hoe oud bent u?" in content
    assert "Aandeel inwoners dat zelf een online administratieve taak deed" in content


# The demo


def test_the_demo_publishes_last_years_rounds_and_runs_twice(client, provinces):
    assert demo_published_rounds(residents=40) != []
    assert demo_published_rounds(residents=40) == []
    rounds = list(survey.published_rounds())
    assert {(r.audience, r.year) for r in rounds} == {("local", LAST_YEAR), ("residents", LAST_YEAR)}
    assert SurveyResponse.objects.filter(round__audience="residents", round__year=LAST_YEAR).count() == 40
    assert client.get(f"/cijfers/bevragingen/inwonersbevraging/{LAST_YEAR}/").status_code == 200
    assert client.get(f"/cijfers/bevragingen/quickscan/{LAST_YEAR}/").status_code == 200


schemathesis.experimental.OPEN_API_3_1.enable()  # django-ninja writes OpenAPI 3.1
schema = schemathesis.from_dict(json.loads(COMMITTED.read_text(encoding="utf-8")), base_url="http://testserver")


@schema.parametrize(endpoint="surveys")
@hypothesis_settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_survey_api_never_answers_500(case, client, closed_round, closed_residents_round):
    response = client.generic(case.method, case.formatted_path, QUERY_STRING=urlencode(case.query or {}, doseq=True))
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"


def test_a_round_with_fewer_than_5_answers_in_flanders_shows_nothing_but_that(client, provinces):
    survey_round = _round(Audience.LOCAL, LAST_YEAR, datetime.date(LAST_YEAR, 11, 30))
    for index in range(3):
        organisation = OrganisationFactory(
            kind=Kind.MUNICIPALITY,
            municipality=MunicipalityFactory(nis_code=f"4{index:04d}", province=provinces["oost"]),
        )
        SurveyResponse.objects.create(
            round=survey_round,
            organisation=organisation,
            answers=_answers(index, contact_person=True),
            submitted_at=timezone.now(),
        )
    content = client.get(PAGE).content.decode()
    assert "Er zijn te weinig antwoorden om resultaten te tonen." in content
    assert "<svg" not in content.split("<main", 1)[1]
    body = client.get(f"/api/v1/surveys/local/{LAST_YEAR}").json()
    assert all(area["too_few"] and area["responses"]["value"] is None for area in body["areas"])
    assert client.get("/api/v1/surveys").json()[0]["responses"] is None


def test_the_results_follow_the_language_of_the_visitor(client, closed_round):
    client.cookies["django_language"] = "fr"
    content = client.get(PAGE).content.decode()
    assert "Votre administration locale a-t-elle un point de contact inclusion numérique ?" in content
    assert "moins de 10 000 euros" in content


def test_the_results_page_reads_a_fixed_number_of_queries(client, closed_round, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/surveys/local/{LAST_YEAR}").status_code == 200


def test_the_closed_form_and_the_staff_pages_link_to_the_public_results(
    client, closed_round, closed_residents_round, paula
):
    results = f"/cijfers/bevragingen/inwonersbevraging/{LAST_YEAR}/"
    closed_form = client.get(f"/enquete/{LAST_YEAR}/").content.decode()
    assert f'href="{results}"' in closed_form
    client.force_login(paula)
    quickscan = client.get("/werk/monitoring/quickscan/").content.decode()
    assert f'href="{PAGE}"' in quickscan
    assert "/enquete/" not in quickscan  # local governments answer the quick scan while logged in
    residents = client.get("/werk/monitoring/inwonersbevraging/").content.decode()
    assert f'href="{results}"' in residents
    assert f'href="/enquete/{LAST_YEAR}/"' in residents  # and the residents' public form of that year
