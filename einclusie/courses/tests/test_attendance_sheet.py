import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from einclusie.core.models import Event
from einclusie.courses.models import Attendance, EnrolmentStatus
from einclusie.courses.tests.factories import AttendanceFactory, CourseSessionFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def upload(text, name="aanwezigheid.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def columns(course):
    return [session.date.isoformat() for session in course.ordered_sessions()]


@pytest.fixture
def people(past_course):
    return {name: EnrolmentFactory(course=past_course, first_name=name) for name in ("Maria", "Jan")}


def post(client, course, text, name="aanwezigheid.csv"):
    return client.post(reverse("courses:attendance_list", args=[course.pk]), {"file": upload(text, name)})


def test_the_teacher_downloads_the_list_fills_it_in_and_reads_it_back(client, helper, past_course, people):
    first, second, *_ = columns(past_course)
    AttendanceFactory(enrolment=people["Maria"], session=past_course.ordered_sessions()[0], present=False)
    client.force_login(helper)
    response = client.get(reverse("courses:attendance_list", args=[past_course.pk]) + "?formaat=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(["inschrijving", "voornaam", *columns(past_course)])
    maria, jan = people["Maria"], people["Jan"]
    assert f"{jan.pk};Jan;;;;" in lines
    assert f"{maria.pk};Maria;nee;;;" in lines

    text = f"inschrijving;voornaam;{first};{second}\n{maria.pk};Maria;ja;X\n{jan.pk};Jan;nee;\n"
    response = post(client, past_course, text)
    assert response.status_code == 302
    recorded = {(a.enrolment.first_name, a.session.date.isoformat()): a.present for a in Attendance.objects.all()}
    assert recorded == {("Maria", first): True, ("Maria", second): True, ("Jan", first): False}
    assert Event.objects.filter(verb="course.attendance_imported").count() == 1

    post(client, past_course, text)  # the same file again: the same attendance, nothing doubled
    assert Attendance.objects.count() == 3


def test_an_excel_file_with_date_cells_and_number_cells_is_read(client, helper, past_course, people):
    sessions = past_course.ordered_sessions()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Inschrijving", "Voornaam", sessions[0].date, sessions[1].date])
    sheet.append([float(people["Jan"].pk), "Jan", "aanwezig", "afwezig"])
    data = io.BytesIO()
    workbook.save(data)
    client.force_login(helper)
    response = client.post(
        reverse("courses:attendance_list", args=[past_course.pk]),
        {"file": SimpleUploadedFile("lijst.xlsx", data.getvalue())},
    )
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("session__date", "present")) == [
        (sessions[0].date, True),
        (sessions[1].date, False),
    ]


def test_the_excel_download_opens_with_one_column_per_session(client, helper, past_course, people):
    client.force_login(helper)
    response = client.get(reverse("courses:attendance_list", args=[past_course.pk]) + "?formaat=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["inschrijving", "voornaam", *columns(past_course)]
    assert {row[1] for row in rows[1:]} == {"Maria", "Jan"}


def test_every_bad_row_is_reported_and_nothing_is_stored(client, helper, past_course, people, course):
    first, second, *_ = columns(past_course)
    elsewhere = EnrolmentFactory(course=course, first_name="Elders")
    cancelled = EnrolmentFactory(course=past_course, first_name="Weg", status=EnrolmentStatus.CANCELLED)
    maria, jan = people["Maria"], people["Jan"]
    text = (
        f"inschrijving;voornaam;{first};{second}\n"
        f"{maria.pk};Maria;ja;ja\n"  # row 2 is good
        f"{jan.pk};Jan;misschien;\n"
        f"{elsewhere.pk};Elders;ja;\n"
        f"{cancelled.pk};Weg;ja;\n"
        f"{maria.pk};Maria;nee;\n"
        ";Zonder nummer;ja;\n"
    )
    client.force_login(helper)
    page = post(client, past_course, text).content.decode()
    assert "Er is niets ingelezen" in page
    assert "“misschien” in de kolom" in page
    assert f"Inschrijving {elsewhere.pk} hoort niet bij deze cursus." in page
    assert f"Inschrijving {cancelled.pk} heeft geen plaats in deze cursus" in page
    assert f"Inschrijving {maria.pk} staat al op rij 2." in page
    assert "Vul in de kolom inschrijving het nummer" in page
    assert "<td>7</td>" in page
    assert not Attendance.objects.exists()


def test_a_session_still_to_come_must_stay_empty(client, helper, past_course, people):
    later = CourseSessionFactory(course=past_course, date=timezone.localdate() + datetime.timedelta(days=7))
    client.force_login(helper)
    text = f"inschrijving;{later.date.isoformat()}\n{people['Jan'].pk};ja\n"
    page = post(client, past_course, text).content.decode()
    assert "is nog niet geweest: laat die kolom leeg" in page
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("naam;2020-01-01\nJan;ja\n", "Onbekende kolom “naam”"),
        ("voornaam\nJan\n", "De kolom “inschrijving” ontbreekt"),
        ("inschrijving;voornaam\n", "Het bestand heeft geen rijen met deelnemers."),
    ],
)
def test_a_file_that_does_not_fit_the_list_is_refused_whole(client, helper, past_course, people, text, message):
    client.force_login(helper)
    page = post(client, past_course, text).content.decode()
    assert message in page
    assert not Attendance.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, helper, past_course):
    client.force_login(helper)
    page = post(client, past_course, "x", name="foto.jpg").content.decode()
    assert "Kies een CSV-bestand of een Excel-bestand (.xlsx)." in page


def test_an_outsider_cannot_see_or_fill_in_the_list(client, charlie, past_course, people):
    client.force_login(charlie)
    url = reverse("courses:attendance_list", args=[past_course.pk])
    assert client.get(url).status_code == 404
    assert client.get(url + "?formaat=csv").status_code == 404
    assert post(client, past_course, f"inschrijving\n{people['Jan'].pk}\n").status_code == 404


def test_a_read_only_colleague_cannot_fill_in_the_list(client, bob, past_course):
    client.force_login(bob)
    assert client.get(reverse("courses:attendance_list", args=[past_course.pk])).status_code == 404


def test_the_course_list_downloads_with_its_counts(client, bob, past_course, people):
    client.force_login(bob)
    response = client.get(reverse("courses:list") + "?formaat=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    sessions = past_course.ordered_sessions()
    first, last = (session.date.strftime("%d/%m/%Y") for session in (sessions[0], sessions[-1]))
    assert lines[0] == "cursus;status;eerste_sessie;laatste_sessie;plaatsen;ingeschreven;wachtlijst"
    assert lines[1] == f"E-mail voor beginners;gepubliceerd;{first};{last};{past_course.capacity};2;0"
