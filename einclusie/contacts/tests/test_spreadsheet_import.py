import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from einclusie.contacts.models import HelpContact
from einclusie.contacts.spreadsheet_export import contacts_export_rows
from einclusie.contacts.spreadsheet_import import COLUMNS, HEADER, contacts_import
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Event
from einclusie.core.spreadsheets import csv_chunks, open_spreadsheet, xlsx_bytes
from einclusie.helppoints.tests.factories import HelpPointFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


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


def _csv(lines, delimiter=";", bom=False):
    text = "\n".join(delimiter.join(cells) for cells in lines) + "\n"
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def _row(help_point, **overrides):
    values = {
        "datum": YESTERDAY.strftime("%d/%m/%Y"),
        "digipunt": str(help_point.pk),
        "kanaal": "binnengelopen",
        "onderwerpen": "itsme",
        "resultaat": "opgelost",
        "doorverwezen_naar": "",
        "duur": "15-30",
    }
    values.update(overrides)
    return values


def _file(rows, delimiter=";", bom=False):
    header = list(dict.fromkeys(name for row in rows for name in row))
    return _csv([header, *[[row.get(name, "") for name in header] for row in rows]], delimiter, bom)


def _import(source, organisation, *, all_or_nothing=False, dry_run=False, by=None):
    sheet = open_spreadsheet(source, COLUMNS, filename="contacten.csv")
    return contacts_import(rows=sheet, organisation=organisation, by=by, all_or_nothing=all_or_nothing, dry_run=dry_run)


@pytest.mark.parametrize(("delimiter", "bom"), [(";", False), (";", True), (",", False), (",", True)])
def test_a_csv_with_semicolons_or_commas_with_or_without_bom_is_imported(gent, alice, points, delimiter, bom):
    source = _file([_row(points["gent"]), _row(points["gent"], onderwerpen="ebox|itsme")], delimiter, bom)
    report = _import(source, gent, by=alice)
    assert (report.created, report.bad_rows, report.problems) == (2, 0, [])
    contact = HelpContact.objects.order_by("pk").last()
    assert contact.organisation == gent
    assert contact.logged_by == alice
    assert contact.date == YESTERDAY
    assert sorted(contact.topics.values_list("code", flat=True)) == ["ebox", "itsme"]
    assert contact.import_key
    assert Event.objects.filter(verb="contacts.imported", organisation=gent).exists()


def test_an_xlsx_with_excel_date_cells_is_imported(gent, points):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Datum", "Digipunt", "Kanaal", "Onderwerpen", "Resultaat", "Doorverwezen naar", "Duur", "Leeftijd"])
    moment = datetime.datetime.combine(YESTERDAY, datetime.time())
    sheet.append([moment, points["gent"].pk, "telefoon", "eBox", "doorverwezen", "een cursus", 20, 70])
    sheet.append([YESTERDAY, "Digipunt Krook - Bibliotheek De Krook", "phone", "ebox", "solved", None, "60+", None])
    source = io.BytesIO()
    workbook.save(source)
    source.seek(0)
    report = _import(source, gent)
    assert (report.created, report.problems) == (2, [])
    first, second = HelpContact.objects.order_by("pk")
    assert (first.date, first.channel, first.outcome, first.referred_to) == (YESTERDAY, "phone", "referred", "course")
    assert (first.duration, first.age_band) == ("15-30", "65-74")  # minutes and years become bands
    assert (second.help_point, second.duration) == (points["gent"], "60+")


def test_dutch_labels_and_codes_are_accepted_in_any_case(gent, points):
    rows = [
        _row(
            points["gent"],
            kanaal="OP AFSPRAAK",
            onderwerpen="gezondheid (Mijn Gezondheid, apps van het ziekenfonds), itsme",
            resultaat="Deels opgelost",
            duur="tot 15 minuten",
            leeftijd="75 of ouder",
            doelgroepen="ouderen|Anderstaligen",
            taal="Frans",
            notitie="Kwam voor de tweede keer",
        ),
        _row(points["gent"], kanaal="home_visit", resultaat="not_solved", duur="30-60", leeftijd="-25", taal="ar"),
    ]
    report = _import(_file(rows), gent)
    assert report.problems == []
    first, second = HelpContact.objects.order_by("pk")
    assert (first.channel, first.outcome, first.duration, first.age_band) == ("appointment", "partly", "0-15", "75+")
    assert sorted(first.topics.values_list("code", flat=True)) == ["gezondheid", "itsme"]
    assert sorted(first.target_groups.values_list("code", flat=True)) == ["anderstaligen", "ouderen"]
    assert (first.language.code, first.note) == ("fr", "Kwam voor de tweede keer")
    assert (second.channel, second.outcome, second.age_band, second.language.code) == (
        "home_visit",
        "not_solved",
        "-25",
        "ar",
    )


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"datum": datetime.timedelta(days=1)}, "datum", "ligt in de toekomst"),
        ({"datum": datetime.timedelta(days=-400)}, "datum", "meer dan een jaar terug"),
        ({"datum": "31/02/2026"}, "datum", "is geen datum"),
        ({"datum": ""}, "datum", "Vul de datum in."),
        ({"onderwerpen": "itsme|fietsen"}, "onderwerpen", "Onbekend onderwerp “fietsen”"),
        ({"onderwerpen": ""}, "onderwerpen", "Vul minstens één onderwerp in."),
        ({"kanaal": "brief"}, "kanaal", "Onbekend kanaal “brief”. Kies uit: binnengelopen, op afspraak"),
        ({"resultaat": "doorverwezen"}, "doorverwezen_naar", "Vul in naar wie u doorverwees"),
        ({"duur": "lang"}, "duur", "Onbekende duur “lang”"),
        ({"digipunt": "Digipunt Elders"}, "digipunt", "Onbekend digipunt “Digipunt Elders”"),
        ({"notitie": "bel haar op 0470 12 34 56"}, "notitie", "Schrijf geen telefoonnummer in de notitie"),
        ({"notitie": "jan.peeters@telenet.be"}, "notitie", "Schrijf geen e-mailadres in de notitie"),
        ({"notitie": "rijksregister 85.07.30-033.28"}, "notitie", "Schrijf geen rijksregisternummer"),
        ({"notitie": "x" * 201}, "notitie", "langer dan 200 tekens"),
        ({"taal": "Klingon"}, "taal", "Onbekende taal “Klingon”"),
        ({"doelgroepen": "marsmannetjes"}, "doelgroepen", "Onbekende doelgroep “marsmannetjes”"),
    ],
)
def test_a_bad_row_is_reported_with_row_column_and_message_and_not_stored(gent, points, overrides, column, message):
    # A date relative to today is made when the test runs, not when it was collected: a run can pass midnight.
    today = timezone.localdate()
    overrides = {
        name: (today + value).isoformat() if isinstance(value, datetime.timedelta) else value
        for name, value in overrides.items()
    }
    rows = [_row(points["gent"]), _row(points["gent"], **overrides), _row(points["gent"], kanaal="telefoon")]
    report = _import(_file(rows), gent)
    assert [(problem.row, problem.column) for problem in report.problems] == [(3, column)]
    assert message in report.problems[0].message
    assert (report.created, report.bad_rows) == (2, 1)
    assert sorted(HelpContact.objects.values_list("channel", flat=True)) == ["phone", "walk_in"]


def test_a_help_point_of_another_organisation_is_refused(gent, points):
    report = _import(_file([_row(points["aalst"])]), gent)
    assert report.problems[0].column == "digipunt"
    assert report.problems[0].message == f"Digipunt {points['aalst'].pk} hoort niet bij uw organisatie."
    assert not HelpContact.objects.exists()


def test_all_or_nothing_stores_nothing_when_one_row_is_bad(gent, points):
    rows = [_row(points["gent"]), _row(points["gent"], kanaal="brief"), _row(points["gent"], kanaal="telefoon")]
    report = _import(_file(rows), gent, all_or_nothing=True)
    assert report.refused
    assert (report.new, report.created, report.bad_rows) == (2, 0, 1)
    assert not HelpContact.objects.exists()
    assert not Event.objects.filter(verb="contacts.imported").exists()


def test_checking_only_stores_nothing(gent, points):
    report = _import(_file([_row(points["gent"])]), gent, dry_run=True)
    assert (report.new, report.created) == (1, 0)
    assert not HelpContact.objects.exists()


def test_the_same_file_twice_adds_nothing_the_second_time(gent, points):
    rows = [_row(points["gent"]), _row(points["gent"]), _row(points["gent"], kanaal="telefoon")]
    assert _import(_file(rows), gent).created == 3  # two identical rows are two contacts
    again = _import(_file(rows), gent)
    assert (again.created, again.duplicate_rows, again.problems) == (0, [2, 3, 4], [])
    assert HelpContact.objects.count() == 3


def test_an_extended_file_adds_only_the_new_rows(gent, points):
    last_month = [_row(points["gent"]), _row(points["gent"], kanaal="telefoon")]
    _import(_file(last_month), gent)
    extended = [*last_month, _row(points["gent"]), _row(points["gent"], onderwerpen="ebox")]
    report = _import(_file(extended), gent)
    assert (report.created, report.duplicates) == (2, 2)  # the third identical row is a new contact
    assert HelpContact.objects.count() == 4


def test_a_row_fixed_after_a_first_import_is_added_the_second_time(gent, points):
    rows = [_row(points["gent"]), _row(points["gent"], kanaal="brief")]
    _import(_file(rows), gent)
    rows[1]["kanaal"] = "telefoon"
    report = _import(_file(rows), gent)
    assert (report.created, report.duplicates) == (1, 1)


def test_an_export_imported_again_is_all_duplicates(gent, aalst, alice, points):
    rows = [
        _row(points["gent"], resultaat="doorverwezen", doorverwezen_naar="social_service", doelgroepen="ouderen"),
        _row(points["gent"], notitie="=eerste keer", taal="fr", leeftijd="25-44"),
    ]
    _import(_file(rows), gent)
    logged = HelpContact.objects.create(
        organisation=gent, help_point=points["gent"], date=TODAY, channel="phone", outcome="solved", duration="0-15"
    )
    logged.topics.set(HelpContact.objects.order_by("pk").first().topics.all())
    HelpContact.objects.create(
        organisation=aalst, help_point=points["aalst"], date=TODAY, channel="phone", outcome="solved", duration="0-15"
    )
    exported = contacts_export_rows(organisation=gent)
    source = io.BytesIO(b"".join(csv_chunks(HEADER, exported)))
    report = _import(source, gent)
    assert (report.rows, report.created, report.duplicates, report.problems) == (3, 0, 3, [])
    workbook = io.BytesIO(xlsx_bytes(HEADER, contacts_export_rows(organisation=gent)))
    report = _import(workbook, gent)
    assert (report.rows, report.created, report.duplicates, report.problems) == (3, 0, 3, [])


def test_the_command_checks_first_and_imports_with_yes(gent, points, tmp_path):
    path = tmp_path / "contacten.csv"
    path.write_bytes(_file([_row(points["gent"]), _row(points["gent"], kanaal="brief")]).getvalue())
    out = io.StringIO()
    call_command("contacts", "import", str(path), "--organisation", str(gent.pk), stdout=out)
    assert "rij 3, kanaal: Onbekend kanaal “brief”" in out.getvalue()
    assert "Alleen nagekeken" in out.getvalue()
    assert not HelpContact.objects.exists()
    arguments = ["contacts", "import", str(path), "--organisation", str(gent.pk)]
    call_command(*arguments, "--all-or-nothing", "--yes", stdout=out)
    assert not HelpContact.objects.exists()
    call_command("contacts", "import", str(path), "--organisation", str(gent.pk), "--yes", stdout=out)
    assert HelpContact.objects.count() == 1
    with pytest.raises(CommandError, match="De kolom “duur” ontbreekt"):
        path.write_text("datum;digipunt;kanaal;onderwerpen;resultaat;doorverwezen_naar\n")
        call_command("contacts", "import", str(path), "--organisation", str(gent.pk), stdout=out)
