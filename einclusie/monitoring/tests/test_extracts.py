"""Researchers' pseudonymised extracts: no direct identifier or free text leaks, small cells are protected,
pseudonyms are not linkable across extracts unless asked, and every download is in the activity log."""

import csv
import datetime
import io

import pytest

from einclusie.contacts.models import HelpContact
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.courses.tests.factories import AttendanceFactory, CourseFactory, CourseSessionFactory, EnrolmentFactory
from einclusie.devices.models import Loan
from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory
from einclusie.monitoring import extracts
from einclusie.organisations.models import Kind
from einclusie.organisations.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/werk/monitoring/onderzoek/"
SECRETS = ["Jozefien", "Geheimstraat", "jozefien@example.org", "0470999888", "GEHEIM", "REF-DOSSIER", "Marie Kwets"]


@pytest.fixture
def rita(db):
    """A researcher at a research institute."""
    institute = OrganisationFactory(name="Onderzoeksinstituut (test)", kind=Kind.RESEARCH, municipality=None)
    return MembershipFactory(
        user=UserFactory(email="rita@example.org"), organisation=institute, role=Role.RESEARCHER
    ).user


@pytest.fixture
def records(world, gent, alice):
    """Help contacts with a note, six course participants and five loans to one person, full of personal data."""
    HelpContact.objects.update(note="GEHEIM: woont in de Geheimstraat, belt 0470999888")
    course = CourseFactory(organisation=gent, place="Geheimstraat 1")
    session = CourseSessionFactory(course=course, date=datetime.date(2026, 1, 20))
    for index in range(6):
        enrolment = EnrolmentFactory(
            course=course, first_name=f"Jozefien{index}", email="jozefien@example.org", phone="0470999888"
        )
        AttendanceFactory(enrolment=enrolment, session=session)
    person = BeneficiaryFactory(
        organisation=gent,
        full_name="Marie Kwets",
        email="jozefien@example.org",
        phone="0470999888",
        referrer_file="REF-DOSSIER",
        note="GEHEIM",
    )
    for _ in range(5):
        Loan.objects.create(
            organisation=gent,
            device=DeviceFactory(organisation=gent),
            beneficiary=person,
            status="returned",
            handed_over_on=datetime.date(2026, 1, 5),
            returned_on=datetime.date(2026, 2, 2),
            return_note="GEHEIM kapot scherm",
        )
    return person


def download(client, extract, *, linkable=False, year=2026):
    response = client.post(URL, {"extract": extract, "year": year, **({"linkable": "on"} if linkable else {})})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="extract-{extract}-{year}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return text, list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("extract", list(extracts.EXTRACTS))
def test_no_direct_identifier_or_free_text_leaks(client, rita, records, extract):
    client.force_login(rita)
    text, rows = download(client, extract)
    assert rows, "the extract has records"
    for secret in SECRETS:
        assert secret.lower() not in text.lower()
    assert list(rows[0]) == list(extracts.EXTRACTS[extract].header)
    for row in rows:
        assert len(row["maand"]) in (4, 7)  # a month (2026-01) or, coarsened, a year; never a day


def test_help_contacts_come_per_month_with_the_municipality_and_a_pseudonym(client, rita, records, gent):
    client.force_login(rita)
    _text, rows = download(client, "hulpcontacten")
    ids = [str(pk) for pk in HelpContact.objects.values_list("pk", flat=True)]
    assert all(len(row["contact"]) == 20 and row["contact"] not in ids for row in rows)
    assert len({row["contact"] for row in rows}) == len(rows)
    gent_january = [row for row in rows if row["nis_code"] == "44021" and row["maand"] == "2026-01"]
    assert len(gent_january) == 30
    assert {row["onderwerpen"] for row in gent_january} == {"itsme"}


def test_small_cells_are_coarsened_and_the_rarest_left_out(client, rita, records):
    client.force_login(rita)
    _text, rows = download(client, "hulpcontacten")
    # Gent's 2 contacts of February are too few for a month: they move to the year, where they are still
    # too few (Gent's other 30 keep their month) and are left out; Aalst's 3 of January likewise.
    assert not [row for row in rows if row["maand"] in ("2026-02", "2026")]
    assert not [row for row in rows if row["nis_code"] == "41002"]
    event = Event.objects.get(verb="monitoring.extract_downloaded")
    assert event.data["left_out"] == 5
    assert event.data["rows"] == 30


def test_coarsening_keeps_what_a_coarser_group_can_hide():
    rows = [{"nis_code": "44021", "maand": f"2026-0{1 + i % 3}", "leeftijd": "75+"} for i in range(6)]
    kept, left_out = extracts.protect_small_cells(rows, ("leeftijd", "maand"))
    assert left_out == 0
    assert {row["maand"] for row in kept} == {"2026"}
    assert {row["leeftijd"] for row in kept} == {extracts.SUPPRESSED}


def test_pseudonyms_differ_between_extracts_unless_linkable(client, rita, records):
    client.force_login(rita)
    first = {row["contact"] for row in download(client, "hulpcontacten")[1]}
    second = {row["contact"] for row in download(client, "hulpcontacten")[1]}
    assert not first & second
    linked = {row["contact"] for row in download(client, "hulpcontacten", linkable=True)[1]}
    linked_again = {row["contact"] for row in download(client, "hulpcontacten", linkable=True)[1]}
    assert linked == linked_again and not linked & first


def test_one_person_has_one_pseudonym_within_a_loan_extract(client, rita, records):
    client.force_login(rita)
    text, rows = download(client, "uitleningen")
    assert len(rows) == 5
    assert len({row["persoon"] for row in rows}) == 1
    assert len({row["uitlening"] for row in rows}) == 5
    assert {(row["maand"], row["nis_code"], row["teruggebracht"]) for row in rows} == {("2026-01", "44021", "2026-02")}
    assert records.reference not in text


def test_every_download_is_in_the_activity_log(client, rita, records):
    client.force_login(rita)
    download(client, "cursusdeelnames", linkable=True)
    event = Event.objects.get(verb="monitoring.extract_downloaded")
    assert event.actor == rita
    assert event.data["extract"] == "cursusdeelnames" and event.data["year"] == 2026
    assert event.data["linkable"] is True and event.data["rows"] == 6


def test_an_invalid_request_is_refused_with_a_message_and_nothing_logged(client, rita, records):
    client.force_login(rita)
    response = client.post(URL, {"extract": "personen", "year": "1999"})
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "Er is een probleem" in body and "Kies welke gegevens u wilt." in body and "Kies een jaar uit de lijst." in body
    )
    assert not Event.objects.filter(verb="monitoring.extract_downloaded").exists()


def test_the_page_explains_the_extracts_and_the_regional_page_links_to_it(client, rita, paula):
    client.force_login(rita)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Extracten voor onderzoek" in response.content.decode()
    assert f'href="{URL}"' in client.get("/werk/monitoring/regio/").content.decode()
    client.force_login(paula)
    assert f'href="{URL}"' not in client.get("/werk/monitoring/regio/").content.decode()


@pytest.mark.parametrize("persona", ["paula", "alice", "charlie"])
def test_only_a_researcher_gets_extracts(client, request, records, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"extract": "hulpcontacten", "year": 2026}).status_code == 404
    assert not Event.objects.filter(verb="monitoring.extract_downloaded").exists()
