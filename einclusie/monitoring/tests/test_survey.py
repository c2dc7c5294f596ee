"""The quick scan of local governments: rounds, a coordinator's draft and submission, validation, tenant
isolation, the results with their response rate, the suppressed download and the survey indicators."""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone

from einclusie.core.roles import Role
from einclusie.monitoring import survey
from einclusie.monitoring.demo import demo_quickscan
from einclusie.monitoring.models import SurveyQuestion, SurveyResponse, SurveyRound
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
REGION_URL = "/werk/monitoring/quickscan/"
LOCAL_URL = "/werk/monitoring/quickscan/invullen/"
COMPLETE = {"contact_person": "ja", "policy_plan": "nee", "staff_fte": "2", "budget": "small", "partners": ""}


@pytest.fixture
def open_round(db):
    survey.questions_load()
    today = timezone.localdate()
    return SurveyRound.objects.create(year=today.year, closes_on=today + datetime.timedelta(days=30))


@pytest.fixture
def rita(db):
    institute = OrganisationFactory(name="Onderzoeksinstituut (test)", kind=Kind.RESEARCH, municipality=None)
    return MembershipFactory(
        user=UserFactory(email="rita@example.org"), organisation=institute, role=Role.RESEARCHER
    ).user


def test_the_questions_load_from_data_twice_without_duplicates(db):
    assert survey.questions_load()["created"] == 6
    assert survey.questions_load() == {"created": 0, "updated": 6}
    question = SurveyQuestion.objects.get(code="staff_fte")
    assert (question.kind, question.minimum, question.maximum) == ("number", 0, 100)
    assert question.text_fr.startswith("Combien")


@pytest.mark.parametrize("persona", ["paula", "rita"])
def test_a_programme_officer_or_researcher_opens_a_round(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    closes = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(REGION_URL, {"year": closes.year, "closes_on": closes.isoformat()})
    assert response.status_code == 302
    assert SurveyRound.objects.get(year=closes.year).closes_on == closes
    assert SurveyQuestion.objects.count() == 6


def test_a_round_with_a_bad_year_or_date_is_refused_with_a_message(client, paula, open_round):
    client.force_login(paula)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(REGION_URL, {"year": open_round.year, "closes_on": yesterday.isoformat()})
    assert response.status_code == 400
    content = response.content.decode()
    assert f"Voor {open_round.year} is er al een ronde." in content
    assert "De sluitingsdatum mag niet in het verleden liggen." in content
    assert 'class="error-summary"' in content
    response = client.post(REGION_URL, {"year": "1900", "closes_on": "gisteren"})
    assert response.status_code == 400
    assert "Kies een jaar van" in response.content.decode()
    assert "Vul een geldige datum in." in response.content.decode()
    assert SurveyRound.objects.count() == 1


def test_a_coordinator_cannot_open_rounds_or_see_the_regional_results(client, alice, open_round):
    client.force_login(alice)
    assert client.get(REGION_URL).status_code == 404
    assert client.post(REGION_URL, {"year": "2027", "closes_on": "2027-12-31"}).status_code == 404
    assert SurveyRound.objects.count() == 1


def test_a_read_only_member_of_the_programme_team_sees_results_but_opens_no_round(client, region, open_round):
    reader = MembershipFactory(organisation=region, role=Role.READ_ONLY).user
    client.force_login(reader)
    response = client.get(REGION_URL)
    assert response.status_code == 200
    assert "Ronde openen" not in response.content.decode()
    assert client.post(REGION_URL, {"year": "2027", "closes_on": "2027-12-31"}).status_code == 404


def test_a_coordinator_saves_a_draft_then_submits_once(client, alice, gent, open_round):
    client.force_login(alice)
    page = client.get(LOCAL_URL)
    assert page.status_code == 200
    assert not SurveyResponse.objects.exists()  # opening the page changes nothing
    assert "Heeft uw lokaal bestuur een aanspreekpunt digitale inclusie?" in page.content.decode()
    # A draft may be incomplete.
    response = client.post(LOCAL_URL, {"contact_person": "ja", "bewaren": ""})
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(round=open_round, organisation=gent)
    assert saved.answers == {"contact_person": True}
    assert saved.submitted_at is None
    assert re.search(r'name="contact_person" value="ja"[^>]*checked', client.get(LOCAL_URL).content.decode())
    response = client.post(LOCAL_URL, {**COMPLETE, "indienen": ""})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.submitted_at is not None and saved.submitted_by == alice
    assert saved.answers == {"contact_person": True, "policy_plan": False, "staff_fte": 2, "budget": "small"}
    # Submitted answers are final.
    client.post(LOCAL_URL, {**COMPLETE, "staff_fte": "9", "indienen": ""})
    saved.refresh_from_db()
    assert saved.answers["staff_fte"] == 2
    assert "zijn ingediend op" in client.get(LOCAL_URL).content.decode()


def test_submitting_needs_the_required_questions_and_numbers_within_limits(client, alice, gent, open_round):
    client.force_login(alice)
    response = client.post(LOCAL_URL, {"contact_person": "ja", "staff_fte": "101", "budget": "huge", "indienen": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Beantwoord deze vraag: ze is verplicht." in content
    assert "Vul een getal in van 0 tot 100." in content
    assert "Kies een van de mogelijkheden." in content
    assert 'class="error-summary"' in content
    # Invalid input in a draft is refused too, and nothing is saved.
    response = client.post(LOCAL_URL, {"staff_fte": "veel", "biggest_need": "x" * 301, "bewaren": ""})
    assert response.status_code == 400
    assert "Vul een geheel getal in." in response.content.decode()
    assert "Gebruik hoogstens 300 tekens." in response.content.decode()
    assert not SurveyResponse.objects.filter(organisation=gent).exists()


def test_each_local_government_answers_only_for_itself(client, alice, charlie, gent, aalst, open_round):
    client.force_login(alice)
    client.post(LOCAL_URL, {**COMPLETE, "indienen": ""})
    client.force_login(charlie)
    page = client.get(LOCAL_URL).content.decode()
    assert "Aalst" in page and "zijn ingediend op" not in page
    client.post(LOCAL_URL, {**COMPLETE, "contact_person": "nee", "bewaren": ""})
    assert SurveyResponse.objects.get(organisation=gent).answers["contact_person"] is True
    assert SurveyResponse.objects.get(organisation=aalst).answers["contact_person"] is False
    assert SurveyResponse.objects.get(organisation=aalst).submitted_at is None


def test_only_a_coordinator_answers(client, bob, paula, open_round):
    client.force_login(bob)  # read-only member of Gent
    assert client.get(LOCAL_URL).status_code == 404
    assert client.post(LOCAL_URL, {**COMPLETE, "indienen": ""}).status_code == 404
    client.force_login(paula)
    assert client.get(LOCAL_URL).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_no_open_round_says_so(client, alice, db):
    survey.questions_load()
    SurveyRound.objects.create(year=2025, closes_on=datetime.date(2025, 12, 31))
    client.force_login(alice)
    response = client.get(LOCAL_URL)
    assert "Er is nu geen ronde van de quickscan open." in response.content.decode()
    assert client.post(LOCAL_URL, COMPLETE).status_code == 200
    assert not SurveyResponse.objects.exists()


def _answer(round_, count, **answers):
    for _index in range(count):
        organisation = OrganisationFactory(kind=Kind.MUNICIPALITY)
        SurveyResponse.objects.create(
            round=round_, organisation=organisation, answers=answers, submitted_at=timezone.now()
        )


def test_results_show_the_response_rate_counts_and_indicators(client, paula, open_round):
    _answer(open_round, 7, contact_person=True, policy_plan=True, staff_fte=2, budget="small")
    _answer(open_round, 3, contact_person=False, policy_plan=True, staff_fte=0, budget="none")
    SurveyResponse.objects.create(round=open_round, organisation=OrganisationFactory(kind=Kind.MUNICIPALITY))
    data = survey.results(open_round)
    assert (data["submitted"], data["drafts"]) == (10, 1)
    assert data["rate"] == round(100 * 10 / data["asked"], 1)
    contact = next(row for row in data["rows"] if row["question"].code == "contact_person")
    assert contact["counts"] == [("ja", 7, 70.0), ("nee", 3, 30.0)]
    indicators = {i["code"]: i for i in data["indicators"]}
    assert indicators["quickscan-contact-person"]["value"] == 70.0
    assert indicators["quickscan-staff"]["numerator"] == 7
    client.force_login(paula)
    page = client.get(REGION_URL, {"jaar": open_round.year}).content.decode()
    assert "aandeel lokale besturen met een aanspreekpunt digitale inclusie" in page
    assert "10 van" in page
    region_page = client.get("/werk/monitoring/regio/").content.decode()
    assert "aandeel lokale besturen met een aanspreekpunt digitale inclusie" in region_page


def test_the_download_suppresses_small_counts_and_their_complement(client, paula, open_round):
    _answer(open_round, 7, contact_person=True, policy_plan=True, staff_fte=2, budget="small")
    _answer(open_round, 3, contact_person=False, policy_plan=True, staff_fte=0, budget="none")
    client.force_login(paula)
    response = client.get(REGION_URL, {"jaar": open_round.year, "formaat": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    contact = [row for row in rows if row[1] == "Heeft uw lokaal bestuur een aanspreekpunt digitale inclusie?"]
    # "nee" is 3: hidden; "ja" (7) would give it away from the 10 who answered: hidden too.
    assert [row[3] for row in contact] == ["x", "<5"]
    assert all(row[4] == "" for row in contact)
    plan = [row for row in rows if row[1] == "Staat digitale inclusie in het meerjarenplan van uw lokaal bestuur?"]
    assert [row[3] for row in plan] == ["10", "0"]
    indicator = next(row for row in rows if row[1] == "aandeel lokale besturen met een aanspreekpunt digitale inclusie")
    assert indicator[3] == "7" and indicator[4] == ""
    assert "3" not in [row[3] for row in rows]
    assert client.get(REGION_URL, {"jaar": "1999"}).status_code == 404


def test_the_demo_opens_one_round_with_a_few_answers_twice_safe(db, gent, aalst):
    gent.name = "Stad Gent"
    gent.save()
    for _index in range(3):
        OrganisationFactory(kind=Kind.MUNICIPALITY)
    demo_quickscan()
    demo_quickscan()
    assert SurveyRound.objects.get().is_open(timezone.localdate())
    responses = SurveyResponse.objects.all()
    assert responses.count() == 4
    assert responses.filter(submitted_at__isnull=False).count() == 3
    assert not responses.filter(organisation=gent).exists()


def test_the_municipal_page_lists_every_missing_criterion_of_the_programme_goal(client, alice, world):
    client.force_login(alice)
    page = client.get("/werk/monitoring/").content.decode()
    assert "Nog niet alles is er:" in page
    # Gent has a help point, a coordinator and activity, but no action plan: that is what it reads.
    assert "Er is geen goedgekeurd actieplan dat over dit jaar loopt." in page
    missing = page.split("Nog niet alles is er:")[1].split("</ul>")[0]
    assert missing.count("<li>") >= 1


def test_the_regional_page_describes_the_current_rule(client, paula, world):
    from einclusie.monitoring.operation import criteria_texts, rule

    client.force_login(paula)
    page = client.get("/werk/monitoring/regio/").content.decode()
    for text in criteria_texts(rule()):
        assert str(text) in page or str(text).replace("'", "&#x27;") in page
    assert "Er is geen goedgekeurd actieplan dat over dit jaar loopt." in page
