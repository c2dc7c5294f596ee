"""Attendance as a spreadsheet: the list a teacher keeps in Excel, out and back in.

One row per person with a place in the course, one column per session:

    inschrijving;voornaam;2026-09-14;2026-09-21;2026-09-28
    118;An;ja;ja;
    119;Mohamed;ja;nee;

`inschrijving` is the number the platform gives each sign-up (it is in the downloaded list), `voornaam` is
there for the teacher and is not read back. A cell says present (ja, x, 1, aanwezig …) or absent (nee, 0,
afwezig …); an empty cell changes nothing. Reading the same file twice gives the same attendance.

The import is all or nothing: every bad row is reported and nothing is stored until the whole file is right.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from einclusie.core.models import record_event
from einclusie.core.spreadsheets import Column, SpreadsheetError, open_spreadsheet
from einclusie.courses.models import Attendance

ENROLMENT = "inschrijving"
FIRST_NAME = "voornaam"
PRESENT = {"ja", "j", "x", "1", "aanwezig", "yes", "y", "oui", "présent", "present", "true", "waar", "v"}
ABSENT = {"nee", "n", "0", "afwezig", "no", "non", "absent", "false", "onwaar", "-"}
MAX_ROWS = 1000
MAX_BYTES = 2_000_000


def session_columns(course):
    """The column name of each session of the course: its date, with the hour when a day has two sessions."""
    sessions = sorted(course.sessions.all(), key=lambda session: (session.date, session.starts_at))
    dates = [session.date for session in sessions]
    columns = {}
    for session in sessions:
        name = session.date.isoformat()
        if dates.count(session.date) > 1:
            name += " " + session.starts_at.strftime("%H.%M")
        columns[name] = session
    return columns


def attendance_header(course):
    return [ENROLMENT, FIRST_NAME, *session_columns(course)]


def attendance_rows(course, enrolments):
    """The list as it stands: ja / nee for recorded sessions, empty for the rest."""
    sessions = list(session_columns(course).values())
    recorded = {
        (row.enrolment_id, row.session_id): row.present
        for row in Attendance.objects.filter(session__course=course).only("enrolment_id", "session_id", "present")
    }
    yes, no = _("ja"), _("nee")
    for enrolment in enrolments:
        cells = []
        for session in sessions:
            present = recorded.get((enrolment.pk, session.pk))
            cells.append("" if present is None else yes if present else no)
        yield [enrolment.pk, "" if enrolment.is_erased else enrolment.first_name, *cells]


@dataclass
class AttendanceReport:
    """What reading an attendance file found: a problem with the whole file, or per row; what it stored."""

    error: str = ""
    problems: list = field(default_factory=list)  # (row number, message)
    people: int = 0
    recorded: int = 0

    @property
    def ok(self):
        return not self.error and not self.problems


def attendance_import(*, course, source, filename="", by, today=None):
    """Read an attendance file for one course. Stores everything, or nothing when any row has a problem."""
    today = today or timezone.localdate()
    report = AttendanceReport()
    sessions = session_columns(course)
    columns = [Column(ENROLMENT), Column(FIRST_NAME, required=False)]
    columns += [Column(name, required=False) for name in sessions]
    enrolments = {enrolment.pk: enrolment for enrolment in course.enrolments.holding_a_place()}
    others = set(course.enrolments.exclude(pk__in=enrolments).values_list("pk", flat=True))
    wanted = {}  # (enrolment id, session id) -> present
    seen = {}
    try:
        sheet = open_spreadsheet(source, columns, filename=filename, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
        for number, values in sheet:
            problems = []
            enrolment_id = _enrolment_number(values.get(ENROLMENT, ""))
            if enrolment_id is None:
                problems.append(_("Vul in de kolom inschrijving het nummer uit de gedownloade lijst in."))
            elif enrolment_id in seen:
                problems.append(
                    _("Inschrijving %(number)d staat al op rij %(row)d.")
                    % {"number": enrolment_id, "row": seen[enrolment_id]}
                )
            elif enrolment_id in others:
                problems.append(
                    _("Inschrijving %(number)d heeft geen plaats in deze cursus (uitgeschreven of op de wachtlijst).")
                    % {"number": enrolment_id}
                )
            elif enrolment_id not in enrolments:
                problems.append(_("Inschrijving %(number)d hoort niet bij deze cursus.") % {"number": enrolment_id})
            cells = {}
            for name, session in sessions.items():
                text = (values.get(name) or "").strip()
                if not text:
                    continue
                present = _presence(text)
                if present is None:
                    problems.append(
                        _("“%(value)s” in de kolom %(column)s: schrijf ja of nee, of laat de cel leeg.")
                        % {"value": text, "column": name}
                    )
                elif not session.is_held(today):
                    problems.append(
                        _("De sessie van %(date)s is nog niet geweest: laat die kolom leeg.")
                        % {"date": date_format(session.date, "j F Y")}
                    )
                else:
                    cells[session.pk] = present
            if problems:
                report.problems.extend((number, problem) for problem in problems)
                continue
            seen[enrolment_id] = number
            for session_id, present in cells.items():
                wanted[enrolment_id, session_id] = present
    except SpreadsheetError as error:
        report.error = str(error)
        return report
    if not seen and not report.problems:
        report.error = _("Het bestand heeft geen rijen met deelnemers.")
    if not report.ok:
        return report
    with transaction.atomic():
        for (enrolment_id, session_id), present in wanted.items():
            Attendance.objects.update_or_create(
                enrolment_id=enrolment_id, session_id=session_id, defaults={"present": present}
            )
        record_event(
            verb="course.attendance_imported",
            actor=by,
            organisation=course.organisation,
            subject=course.title,
            people=len(seen),
            recorded=len(wanted),
        )
    report.people, report.recorded = len(seen), len(wanted)
    return report


def _enrolment_number(text):
    text = str(text).strip()
    if text.endswith(".0"):  # a number cell of Excel
        text = text[:-2]
    return int(text) if text.isdigit() else None


def _presence(text):
    text = text.strip().lower()
    if text in PRESENT:
        return True
    if text in ABSENT:
        return False
    return None
