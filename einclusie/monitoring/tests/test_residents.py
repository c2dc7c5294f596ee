"""The residents' survey: the public anonymous form, its abuse protection, closed rounds, bad input, the
suppressed results for the programme team and researchers, the indicators on the regional dashboard and the demo."""

import csv
import datetime
import io
import re
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from einclusie.monitoring import residents, survey
from einclusie.monitoring.demo import demo_residents
from einclusie.monitoring.models import Audience, SurveyQuestion, SurveyResponse, SurveyRound

pytestmark = pytest.mark.django_db
REGION_URL = "/werk/monitoring/inwonersbevraging/"
COMPLETE = {
    "res_age_band": "65+",
    "res_postal_code": "9000",
    "res_internet_use": "rarely",
    "res_task_alone": "nee",
    "res_knows_help": "ja",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_round(db):
    survey.questions_load(Audience.RESIDENTS)
    today = timezone.localdate()
    return SurveyRound.objects.create(
        audience=Audience.RESIDENTS, year=today.year, closes_on=today + datetime.timedelta(days=30)
    )


def _url(survey_round):
    return f"/enquete/{survey_round.year}/"


def _post(client, survey_round, data, token=None, **extra):
    token = token or residents.form_token(survey_round, issued_at=time.time() - 60)
    return client.post(_url(survey_round), {**data, "token": token}, **extra)


def test_the_questions_load_apart_from_the_quick_scan(db):
    assert survey.questions_load(Audience.RESIDENTS)["created"] == 6
    assert survey.questions_load()["created"] == 6
    assert survey.questions_load(Audience.RESIDENTS) == {"created": 0, "updated": 6}
    assert [q.code for q in survey.questions(Audience.RESIDENTS)][:2] == ["res_age_band", "res_postal_code"]
    assert SurveyQuestion.objects.filter(audience=Audience.LOCAL, is_active=True).count() == 6
    # Only age band and postal code as background: no free text can be asked.
    assert not SurveyQuestion.objects.filter(audience=Audience.RESIDENTS, kind="text").exists()


def test_a_resident_answers_anonymously_and_once(client, open_round):
    page = client.get(_url(open_round))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Hoe oud bent u?" in content and 'name="token"' in content
    response = _post(client, open_round, COMPLETE)
    assert response.status_code == 302
    assert response["Location"].endswith("?bedankt=1")
    assert "Bedankt!" in client.get(response["Location"]).content.decode()
    saved = SurveyResponse.objects.get()
    assert saved.organisation is None and saved.submitted_by is None
    assert saved.answers == {
        "res_age_band": "65+",
        "res_postal_code": 9000,
        "res_internet_use": "rarely",
        "res_task_alone": False,
        "res_knows_help": True,
    }
    # Only the day is kept, not the moment of the visit.
    local = timezone.localtime(saved.submitted_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_the_form_is_in_french_and_english_too(client, open_round):
    assert "Quel âge avez-vous ?" in client.get(_url(open_round), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "How old are you?" in client.get(_url(open_round), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_invalid_input_shows_the_problems_and_saves_nothing(client, open_round):
    response = _post(
        client, open_round, {**COMPLETE, "res_postal_code": "12", "res_age_band": "", "res_task_alone": "misschien"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert "Vul een getal in van 1000 tot 9999." in content
    assert "Beantwoord deze vraag: ze is verplicht." in content
    assert "Kies ja of nee." in content
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_says_so_and_refuses_answers(client, open_round):
    open_round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    open_round.save()
    page = client.get(_url(open_round))
    assert page.status_code == 200
    assert "Deze bevraging is gesloten" in page.content.decode()
    assert "<form" not in page.content.decode().split("<main", 1)[-1]
    response = _post(client, open_round, COMPLETE)
    assert response.status_code == 400
    assert "Uw antwoorden zijn niet bewaard." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_an_unknown_year_or_a_quick_scan_round_is_not_a_residents_form(client, open_round):
    assert client.get("/enquete/1999/").status_code == 404
    SurveyRound.objects.create(year=open_round.year + 1, closes_on=open_round.closes_on)
    assert client.get(f"/enquete/{open_round.year + 1}/").status_code == 404


def test_a_form_sent_too_fast_with_a_forged_or_reused_token_is_refused(client, open_round):
    fresh = residents.form_token(open_round)
    response = _post(client, open_round, COMPLETE, token=fresh)
    assert response.status_code == 400
    assert "erg snel verstuurd" in response.content.decode()
    response = _post(client, open_round, COMPLETE, token=fresh[:-3] + "abc")
    assert response.status_code == 400
    assert "niet geldig" in response.content.decode()
    other = SurveyRound.objects.create(
        audience=Audience.RESIDENTS, year=open_round.year - 1, closes_on=open_round.closes_on
    )
    response = _post(client, open_round, COMPLETE, token=residents.form_token(other, issued_at=time.time() - 60))
    assert "andere bevraging" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    token = residents.form_token(open_round, issued_at=time.time() - 60)
    assert _post(client, open_round, COMPLETE, token=token).status_code == 302
    response = _post(client, open_round, COMPLETE, token=token)
    assert response.status_code == 400
    assert "al verstuurd" in response.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_one_client_sends_at_most_the_rate_limit_an_hour(client, open_round):
    for _index in range(residents.RATE_LIMIT):
        assert _post(client, open_round, COMPLETE).status_code == 302
    response = _post(client, open_round, COMPLETE)
    assert response.status_code == 429
    assert "Probeer later opnieuw" in response.content.decode()
    assert SurveyResponse.objects.count() == residents.RATE_LIMIT
    # Another client is not blocked, and no client address is kept in the cache keys.
    assert _post(client, open_round, COMPLETE, REMOTE_ADDR="10.1.2.3").status_code == 302
    assert not any("127.0.0.1" in str(key) for key in getattr(cache, "_cache", {}))


@pytest.mark.parametrize("persona", ["paula"])
def test_the_programme_team_opens_a_residents_round_beside_the_quick_scan(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    today = timezone.localdate()
    SurveyRound.objects.create(year=today.year, closes_on=today)
    response = client.post(REGION_URL, {"year": today.year, "closes_on": today.isoformat()})
    assert response.status_code == 302
    assert SurveyRound.objects.get(audience=Audience.RESIDENTS).year == today.year
    response = client.post(REGION_URL, {"year": today.year, "closes_on": today.isoformat()})
    assert response.status_code == 400
    assert f"Voor {today.year} is er al een ronde." in response.content.decode()
    assert SurveyRound.objects.filter(audience=Audience.RESIDENTS).count() == 1


def test_outsiders_get_404_on_the_results(client, alice, open_round):
    assert client.get(REGION_URL).status_code in (302, 404)
    client.force_login(alice)
    assert client.get(REGION_URL).status_code == 404
    assert client.get(f"{REGION_URL}?jaar={open_round.year}&formaat=csv").status_code == 404
    assert client.post(REGION_URL, {"year": "2027", "closes_on": "2027-12-31"}).status_code == 404
    assert SurveyRound.objects.count() == 1


def _answers(band, task_alone, postal_code=9000):
    return {
        "res_age_band": band,
        "res_postal_code": postal_code,
        "res_internet_use": "daily",
        "res_task_alone": task_alone,
        "res_knows_help": True,
    }


def test_results_are_suppressed_on_the_page_and_in_the_download(client, paula, open_round):
    day = timezone.now()
    for index in range(12):
        SurveyResponse.objects.create(round=open_round, answers=_answers("25-44", index < 9), submitted_at=day)
    for _index in range(2):
        SurveyResponse.objects.create(round=open_round, answers=_answers("65+", False), submitted_at=day)
    client.force_login(paula)
    page = client.get(f"{REGION_URL}?jaar={open_round.year}")
    assert page.status_code == 200
    content = page.content.decode()
    assert "14 inwoners antwoordden." in content
    # 2 residents of 65+: hidden, and its partner too, so the total (14) gives nothing away.
    assert re.search(r"65 of ouder</th><td class=\"number\">&lt;5</td>", content)
    assert re.search(r"25 tot 44</th><td class=\"number\">x</td>", content)
    download = client.get(f"{REGION_URL}?jaar={open_round.year}&formaat=csv")
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")), delimiter=";"))
    # Residents are not counted against a number asked: no response rate.
    assert rows[1][1:] == ["respons", "ingediend", "14", ""]
    assert "None" not in content
    ages = {row[2]: row[3] for row in rows if row[1] == "Hoe oud bent u?"}
    assert ages["65 of ouder"] == "<5"
    assert ages["25 tot 44"] == "x"
    assert ages["jonger dan 25"] == "0"
    task = {row[2]: row[3] for row in rows if row[1].startswith("Heeft u het afgelopen jaar zelf")}
    assert task == {"ja": "9", "nee": "5"}
    indicator = next(row for row in rows if row[1] == "Aandeel inwoners dat zelf een online administratieve taak deed")
    assert indicator[3:] == ["9", "64.3"]


def test_the_indicators_show_on_the_regional_dashboard(client, paula, open_round):
    for index in range(10):
        SurveyResponse.objects.create(
            round=open_round, answers=_answers("45-64", index < 6), submitted_at=timezone.now()
        )
    client.force_login(paula)
    content = client.get("/werk/monitoring/regio/").content.decode()
    assert f"Uit de inwonersbevraging {open_round.year}" in content
    assert "Aandeel inwoners dat zelf een online administratieve taak deed" in content
    assert "60.0" in content


def test_the_public_figures_link_to_the_open_form(client, open_round):
    assert f'href="/enquete/{open_round.year}/"' in client.get("/cijfers/").content.decode()


def test_the_demo_opens_a_round_with_about_60_answers_and_runs_twice(db):
    assert demo_residents() != []
    assert demo_residents() == []
    survey_round = SurveyRound.objects.get(audience=Audience.RESIDENTS)
    assert survey_round.is_open(timezone.localdate())
    assert SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=False).count() == 60
    assert survey_round.responses.filter(organisation__isnull=False).count() == 0
