import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import codelists_load
from einclusie.core.roles import Role
from einclusie.helppoints.tests.factories import HelpPointFactory, LocationFactory, ServiceFactory
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
HEADER = "datum;digipunt;kanaal;onderwerpen;resultaat;doorverwezen_naar;duur"


@pytest.fixture
def points(gent, aalst):
    codelists_load()
    return {
        "gent": HelpPointFactory(
            service=ServiceFactory(organisation=gent, name="Digipunt Krook"),
            location=LocationFactory(organisation=gent, name="Bibliotheek De Krook"),
        ),
        "aalst": HelpPointFactory(service=ServiceFactory(organisation=aalst, name="Digipunt Aalst")),
    }


@pytest.fixture
def helper(gent):
    return MembershipFactory(user=UserFactory(email="helper@example.org"), organisation=gent, role=Role.HELPER).user


def _upload(*lines, name="contacten.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode("utf-8"), content_type="text/csv")


def _line(point, channel="telefoon", day=None):
    return f"{(day or YESTERDAY):%d/%m/%Y};{point.pk};{channel};itsme;opgelost;;tot 15 minuten"


def test_a_helper_checks_a_file_sees_every_bad_row_then_imports_the_good_ones(client, helper, points):
    client.force_login(helper)
    page = client.get(reverse("contacts:import")).content.decode()
    assert f"<td>{points['gent'].pk}</td><td>Digipunt Krook – Bibliotheek De Krook</td>" in page
    assert "Digipunt Aalst" not in page
    upload = _upload(_line(points["gent"]), _line(points["gent"], channel="brief"), _line(points["aalst"]))
    response = client.post(reverse("contacts:import"), {"file": upload})
    page = response.content.decode()
    assert "nog niets bewaard" in page
    assert "<td>3</td><td><code>kanaal</code></td><td>Onbekend kanaal “brief”" in page
    assert f"Digipunt {points['aalst'].pk} hoort niet bij uw organisatie." in page
    assert "1 contact inlezen" in page
    assert not HelpContact.objects.exists()
    token = client.session["contacts_import"]["token"]
    response = client.post(reverse("contacts:import_confirm"), {"token": token, "mode": "good"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("contacts:summary")
    assert "1 contact ingelezen. 2 rijen met een probleem zijn niet ingelezen." in response.content.decode()
    assert HelpContact.objects.get().logged_by == helper
    again = client.post(reverse("contacts:import_confirm"), {"token": token, "mode": "good"}, follow=True)
    assert "Dit bestand is niet meer beschikbaar" in again.content.decode()
    assert HelpContact.objects.count() == 1


def test_all_or_nothing_on_the_page_stores_nothing(client, helper, points):
    client.force_login(helper)
    client.post(reverse("contacts:import"), {"file": _upload(_line(points["gent"]), _line(points["aalst"]))})
    token = client.session["contacts_import"]["token"]
    response = client.post(reverse("contacts:import_confirm"), {"token": token, "mode": "all"}, follow=True)
    assert "Er is niets ingelezen: 1 rij heeft een probleem" in response.content.decode()
    assert not HelpContact.objects.exists()


def test_a_file_with_a_missing_column_is_refused_with_a_clear_message(client, helper, points):
    client.force_login(helper)
    upload = SimpleUploadedFile("contacten.csv", b"datum;digipunt;kanaal\n01/01/2026;1;telefoon\n")
    page = client.post(reverse("contacts:import"), {"file": upload}).content.decode()
    assert "Er is een probleem" in page
    assert "De kolom “onderwerpen” ontbreekt." in page
    assert "contacts_import" not in client.session


def test_a_file_with_an_unknown_column_or_too_many_rows_is_refused(client, helper, points, settings, monkeypatch):
    client.force_login(helper)
    upload = SimpleUploadedFile("contacten.csv", (HEADER + ";naam\n").encode())
    assert "Onbekende kolom “naam”." in client.post(reverse("contacts:import"), {"file": upload}).content.decode()
    monkeypatch.setattr("einclusie.contacts.views_spreadsheets.MAX_UPLOAD_ROWS", 1)
    upload = _upload(_line(points["gent"]), _line(points["gent"]))
    page = client.post(reverse("contacts:import"), {"file": upload}).content.decode()
    assert "Het bestand heeft meer dan 1 rijen." in page


def test_a_read_only_colleague_cannot_import_but_can_export(client, bob, points):
    client.force_login(bob)
    assert client.get(reverse("contacts:import")).status_code == 404
    assert client.post(reverse("contacts:import"), {"file": _upload(_line(points["gent"]))}).status_code == 404
    assert client.post(reverse("contacts:import_confirm"), {"token": "x", "mode": "good"}).status_code == 404
    assert client.get(reverse("contacts:import_template"), {"formaat": "csv"}).status_code == 404
    assert client.get(reverse("contacts:export")).status_code == 200
    assert not HelpContact.objects.exists()


def test_someone_without_a_membership_gets_404(client, points):
    client.force_login(UserFactory(email="nobody@example.org"))
    for name in ("contacts:import", "contacts:export", "contacts:import_template"):
        assert client.get(reverse(name), {"formaat": "csv"}).status_code == 404
    assert client.post(reverse("contacts:import"), {"file": _upload(_line(points["gent"]))}).status_code == 404


def test_an_outsider_cannot_confirm_a_file_checked_by_someone_else(client, helper, charlie, points):
    client.force_login(helper)
    client.post(reverse("contacts:import"), {"file": _upload(_line(points["gent"]))})
    token = client.session["contacts_import"]["token"]
    client.force_login(charlie)
    response = client.post(reverse("contacts:import_confirm"), {"token": token, "mode": "good"}, follow=True)
    assert "Dit bestand is niet meer beschikbaar" in response.content.decode()
    assert not HelpContact.objects.exists()


def test_the_empty_template_downloads_as_csv_and_excel(client, helper):
    client.force_login(helper)
    response = client.get(reverse("contacts:import_template"), {"formaat": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="sjabloon-hulpcontacten.csv"'
    assert (
        b"".join(response.streaming_content)
        == (
            "\ufeffdatum;digipunt;kanaal;onderwerpen;resultaat;doorverwezen_naar;duur;leeftijd;doelgroepen;taal;notitie\r\n"
        ).encode()
    )
    response = client.get(reverse("contacts:import_template"), {"formaat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["datum", "digipunt", "kanaal"]
    assert client.get(reverse("contacts:import_template"), {"formaat": "pdf"}).status_code == 404


def test_the_export_holds_only_the_own_organisations_contacts_of_the_period(client, bob, gent, aalst, points):
    for organisation, point, day in (
        (gent, points["gent"], YESTERDAY),
        (gent, points["gent"], YESTERDAY - datetime.timedelta(days=40)),
        (aalst, points["aalst"], YESTERDAY),
    ):
        HelpContact.objects.create(
            organisation=organisation, help_point=point, date=day, channel="phone", outcome="solved", duration="0-15"
        )
    client.force_login(bob)
    page = client.get(reverse("contacts:summary")).content.decode()
    assert reverse("contacts:export") in page
    assert reverse("contacts:import") not in page  # bob may only read
    start = YESTERDAY - datetime.timedelta(days=7)
    period = {
        "van_day": start.day,
        "van_month": start.month,
        "van_year": start.year,
        "tot_day": YESTERDAY.day,
        "tot_month": YESTERDAY.month,
        "tot_year": YESTERDAY.year,
    }
    response = client.get(reverse("contacts:export"), {**period, "formaat": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == [
        "datum;digipunt;kanaal;onderwerpen;resultaat;doorverwezen_naar;duur;leeftijd;doelgroepen;taal;notitie",
        f"{YESTERDAY:%d/%m/%Y};Digipunt Krook – Bibliotheek De Krook;telefoon;;opgelost;;tot 15 minuten;;;;",
    ]
    response = client.get(reverse("contacts:export"), {**period, "formaat": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert len(rows) == 2
    assert rows[1][0].date() == YESTERDAY
    wrong = {**period, "tot_year": start.year - 1, "formaat": "csv"}
    page = client.get(reverse("contacts:export"), wrong).content.decode()
    assert "Deze datum ligt voor de begindatum." in page


def test_the_log_and_summary_pages_link_to_the_import(client, helper, points):
    client.force_login(helper)
    assert reverse("contacts:import") in client.get(reverse("contacts:log")).content.decode()
    assert reverse("contacts:import") in client.get(reverse("contacts:summary")).content.decode()
