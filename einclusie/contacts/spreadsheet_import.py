"""Help contacts from a spreadsheet (the template in docs/spreadsheets.md): check every row, store the good ones.

Checked in bulk, never row by row against the database: the organisation's help points and the code
lists are loaded once into dicts, every distinct cell value is parsed once (a file of a year has a few
hundred distinct dates and topic combinations), and the good rows are written in large batches
(`contacts.bulk_write`). The rules are the form's: no date in the future or more than a year back,
known codes only, a help point of the organisation itself, a referral target when the outcome is
"referred", a note that names no one.

Duplicates: a row's content (help point, date, channel, topics, outcome, referral, duration, the
optional fields and the note) is hashed; the n-th identical row of a file is a duplicate when the
platform already holds n contacts with that content (whether imported or logged with the form), or
when its key `<hash>-<n>` was imported before. Importing the same file twice, an extended version
of last month's file, or an export of the platform adds only what is new.
"""

import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from einclusie.contacts.bulk_write import contact_writer, lock_organisation
from einclusie.contacts.forms import OLDEST_DAYS
from einclusie.contacts.guards import validate_anonymous_note
from einclusie.contacts.models import AgeBand, Channel, Duration, HelpContact, Outcome, ReferredTo
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS
from einclusie.core.models import Code, record_event
from einclusie.core.spreadsheets import Column, SpreadsheetError
from einclusie.helppoints.models import HelpPoint

COLUMNS = [
    Column("datum"),
    Column("digipunt"),
    Column("kanaal"),
    Column("onderwerpen"),
    Column("resultaat"),
    Column("doorverwezen_naar"),
    Column("duur"),
    Column("leeftijd", required=False),
    Column("doelgroepen", required=False),
    Column("taal", required=False),
    Column("notitie", required=False),
]
HEADER = [column.name for column in COLUMNS]
NOTE_LENGTH = HelpContact._meta.get_field("note").max_length
MAX_PROBLEMS = 1000  # problems kept in a report; beyond that they are only counted
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")
DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
EXCEL_SERIAL = re.compile(r"\d{5}(?:\.0*)?")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import found and did. Nothing of a bad row is ever stored."""

    dry_run: bool
    all_or_nothing: bool
    rows: int = 0  # data rows read (empty rows are skipped)
    new: int = 0  # good rows not yet in the platform
    created: int = 0  # contacts stored
    duplicate_rows: list = field(default_factory=list)  # row numbers of rows imported before
    bad_rows: int = 0
    problems: list = field(default_factory=list)  # the first MAX_PROBLEMS problems
    problem_count: int = 0
    error: str = ""  # the file as a whole could not be read

    @property
    def duplicates(self):
        return len(self.duplicate_rows)

    @property
    def refused(self):
        """All or nothing was asked and a row is bad: nothing is stored."""
        return bool(self.error) or (self.all_or_nothing and self.bad_rows > 0)

    @property
    def problems_left_off(self):
        return self.problem_count - len(self.problems)

    def add_problem(self, row, column, message):
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))


class Bad:
    """A cell value that is refused, with the reason."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


def normalise(text):
    """Compare ignoring case, repeated spaces and the kind of dash."""
    return " ".join(str(text).replace("–", "-").replace("—", "-").lower().split())


def contacts_import(*, rows, organisation, by, all_or_nothing, dry_run=False):
    """Check the rows (row_number, {column: text}) and, unless dry_run, store the good new ones.

    all_or_nothing: store nothing when a single row is bad. Returns an ImportReport.
    """
    report = ImportReport(dry_run=dry_run, all_or_nothing=all_or_nothing)
    if dry_run:
        _run(report, rows, organisation, by, writer=None)
        return report
    with transaction.atomic():
        lock_organisation(organisation)
        writer = contact_writer(organisation=organisation, by=by)
        try:
            _run(report, rows, organisation, by, writer=writer)
            if report.refused:
                transaction.set_rollback(True)
            else:
                report.created = writer.finish()
        finally:
            writer.close()
        if not report.refused:
            record_event(
                verb="contacts.imported",
                actor=by,
                organisation=organisation,
                subject=_("%(count)d contacten ingelezen") % {"count": report.created},
                created=report.created,
                duplicates=report.duplicates,
                bad_rows=report.bad_rows,
            )
    return report


def _run(report, rows, organisation, by, *, writer):
    parsers = Parsers(organisation)
    existing_keys, existing_counts = existing_contents(organisation)
    seen = Counter()
    prefix = f"{organisation.pk}\x1f"
    columns = parsers.columns
    referred = Outcome.REFERRED.value
    blake2b = hashlib.blake2b
    add_problem = report.add_problem
    try:
        for number, values in rows:
            report.rows += 1
            get = values.get
            parsed = []
            bad = False
            for column, cache, parse in columns:
                raw = get(column, "")
                try:
                    result = cache[raw]
                except KeyError:
                    result = cache[raw] = parse(raw)
                if result.__class__ is Bad:
                    add_problem(number, column, result.message)
                    bad = True
                parsed.append(result)
            date, help_point, channel, topics, outcome, referral, duration, age, groups, language, note = parsed
            if outcome == referred and not referral:
                add_problem(
                    number, "doorverwezen_naar", _("Vul in naar wie u doorverwees (het resultaat is doorverwezen).")
                )
                bad = True
            if bad:
                report.bad_rows += 1
                if writer is not None and report.all_or_nothing:
                    writer = None  # nothing will be kept: only check the other rows
                continue
            if outcome != referred:
                referral = ""
            text = "\x1f".join(
                (
                    help_point[1],
                    date[1],
                    channel,
                    topics[1],
                    outcome,
                    referral,
                    duration,
                    age,
                    groups[1],
                    language[1],
                    note,
                )
            )
            digest = blake2b((prefix + text).encode(), digest_size=16).hexdigest()
            seen[digest] += 1
            occurrence = seen[digest]
            key = f"{digest}-{occurrence}"
            if occurrence <= existing_counts.get(digest, 0) or key in existing_keys:
                report.duplicate_rows.append(number)
                continue
            report.new += 1
            if writer is not None:
                writer.add(
                    (help_point[0], date[0], channel, outcome, referral, duration, age, language[0], note, key),
                    topics[0],
                    groups[0],
                )
    except SpreadsheetError as error:
        report.error = str(error)


def content_digest(
    organisation_id,
    help_point_id,
    date,
    channel,
    topic_ids,
    outcome,
    referral,
    duration,
    age,
    group_ids,
    language_id,
    note,
):
    """The hash of a contact's content: the same for a row of a file and for a contact in the platform."""
    text = "\x1f".join(
        (
            str(organisation_id),
            str(help_point_id),
            date.isoformat(),
            channel,
            ",".join(map(str, sorted(topic_ids))),
            outcome,
            referral if outcome == Outcome.REFERRED else "",
            duration,
            age,
            ",".join(map(str, sorted(group_ids))),
            str(language_id or ""),
            note,
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def existing_contents(organisation):
    """The import keys of the organisation's contacts of the last year, and how many contacts have each content."""
    since = timezone.localdate() - datetime.timedelta(days=OLDEST_DAYS)
    contacts = HelpContact.objects.filter(organisation=organisation, date__gte=since)
    keys = set()
    counts = Counter()
    for (key,) in contacts.filter(import_key__isnull=False).values_list("import_key").iterator(chunk_size=10_000):
        keys.add(key)
        counts[key.rsplit("-", 1)[0]] += 1
    plain = contacts.filter(import_key__isnull=True)
    topics, groups = {}, {}
    for related, target in ((HelpContact.topics.through, topics), (HelpContact.target_groups.through, groups)):
        pairs = related.objects.filter(helpcontact__in=plain).values_list("helpcontact_id", "code_id")
        for contact_id, code_id in pairs.iterator(chunk_size=10_000):
            target.setdefault(contact_id, []).append(code_id)
    fields = (
        "pk",
        "help_point_id",
        "date",
        "channel",
        "outcome",
        "referred_to",
        "duration",
        "age_band",
        "language_id",
        "note",
    )
    for pk, help_point_id, date, channel, outcome, referral, duration, age, language_id, note in plain.values_list(
        *fields
    ).iterator(chunk_size=10_000):
        counts[
            content_digest(
                organisation.pk,
                help_point_id,
                date,
                channel,
                topics.get(pk, ()),
                outcome,
                referral,
                duration,
                age,
                groups.get(pk, ()),
                language_id,
                note,
            )
        ] += 1
    return keys, counts


class Parsers:
    """For every column: a cache of the values seen and the function that parses a new one.

    A parser returns the value (for help point, date, topics, target groups and language a pair of the
    value and its text in the content hash), or Bad with the reason.
    """

    def __init__(self, organisation):
        self.today = timezone.localdate()
        self.oldest = self.today - datetime.timedelta(days=OLDEST_DAYS)
        with translation.override("nl"):
            self.channels = _choices(Channel)
            self.outcomes = _choices(Outcome)
            self.referrals = _choices(ReferredTo)
            self.durations = _choices(Duration)
            self.ages = _choices(AgeBand)
        self.help_points = help_point_names(organisation)
        self.topics = _codes(HELP_TOPICS)
        self.groups = _codes(TARGET_GROUPS)
        self.languages = _codes(LANGUAGES)
        self.columns = [
            ("datum", {}, self.date),
            ("digipunt", {}, self.help_point),
            ("kanaal", {}, self.channel),
            ("onderwerpen", {}, self.topic_list),
            ("resultaat", {}, self.outcome),
            ("doorverwezen_naar", {}, self.referral),
            ("duur", {}, self.duration),
            ("leeftijd", {}, self.age),
            ("doelgroepen", {}, self.group_list),
            ("taal", {}, self.language),
            ("notitie", {}, self.note),
        ]

    def date(self, raw):
        if not raw:
            return Bad(_("Vul de datum in."))
        day = _date(raw)
        if day is None:
            return Bad(_("“%(value)s” is geen datum. Schrijf bijvoorbeeld 27/03/2026.") % {"value": raw})
        if day > self.today:
            return Bad(_("De datum %(value)s ligt in de toekomst.") % {"value": raw})
        if day < self.oldest:
            return Bad(_("De datum %(value)s ligt meer dan een jaar terug.") % {"value": raw})
        return day, day.isoformat()

    def help_point(self, raw):
        if not raw:
            return Bad(_("Vul het digipunt in: het nummer of de naam van de pagina Importeren."))
        found = self.help_points.get(raw if raw.isdigit() else normalise(raw))
        if found is None and raw.isdigit():
            return Bad(_("Digipunt %(value)s hoort niet bij uw organisatie.") % {"value": raw})
        if found is None:
            return Bad(
                _("Onbekend digipunt “%(value)s”. Gebruik het nummer of de naam van de pagina Importeren.")
                % {"value": raw}
            )
        if found is AMBIGUOUS:
            return Bad(_("Meer dan één digipunt heet “%(value)s”. Gebruik het nummer.") % {"value": raw})
        return found, str(found)

    def channel(self, raw):
        return self._choice(raw, self.channels, _("Vul het kanaal in."), _("Onbekend kanaal"))

    def outcome(self, raw):
        return self._choice(raw, self.outcomes, _("Vul het resultaat in."), _("Onbekend resultaat"))

    def referral(self, raw):
        return self._choice(raw, self.referrals, "", _("Onbekend “doorverwezen naar”"))

    def duration(self, raw):
        if raw.isdigit():  # minutes
            minutes = int(raw)
            return "0-15" if minutes <= 15 else "15-30" if minutes <= 30 else "30-60" if minutes <= 60 else "60+"
        return self._choice(raw, self.durations, _("Vul de duur in."), _("Onbekende duur"))

    def age(self, raw):
        if raw.isdigit() and int(raw) < 130:  # years
            years = int(raw)
            return (
                "-25"
                if years < 25
                else "25-44"
                if years < 45
                else "45-64"
                if years < 65
                else "65-74"
                if years < 75
                else "75+"
            )
        return self._choice(raw, self.ages, "", _("Onbekende leeftijd"))

    def _choice(self, raw, choices, required, unknown):
        if not raw:
            return Bad(required) if required else ""
        found = choices.get(normalise(raw))
        if found is None:
            labels = ", ".join(dict.fromkeys(label for label in choices.values_labels))
            return Bad(
                _("%(unknown)s “%(value)s”. Kies uit: %(labels)s.")
                % {"unknown": unknown, "value": raw, "labels": labels}
            )
        return found

    def topic_list(self, raw):
        if not raw:
            return Bad(_("Vul minstens één onderwerp in."))
        return self._code_list(
            raw, self.topics, _("Onbekend onderwerp “%(value)s”. Gebruik de codes of namen uit het sjabloon.")
        )

    def group_list(self, raw):
        if not raw:
            return (), ""
        return self._code_list(
            raw, self.groups, _("Onbekende doelgroep “%(value)s”. Gebruik de codes of namen uit het sjabloon.")
        )

    def _code_list(self, raw, codes, unknown):
        found = set()
        for part in _split_codes(raw, codes):
            code_id = codes.get(normalise(part))
            if code_id is None:
                return Bad(unknown % {"value": part})
            found.add(code_id)
        ids = tuple(sorted(found))
        return ids, ",".join(map(str, ids))

    def language(self, raw):
        if not raw or normalise(raw) in ("nl", "nederlands"):
            return None, ""
        code_id = self.languages.get(normalise(raw))
        if code_id is None:
            return Bad(_("Onbekende taal “%(value)s”. Schrijf bijvoorbeeld Frans of fr.") % {"value": raw})
        return code_id, str(code_id)

    def note(self, raw):
        if len(raw) > NOTE_LENGTH:
            return Bad(_("De notitie is langer dan %(length)d tekens.") % {"length": NOTE_LENGTH})
        try:
            validate_anonymous_note(raw)
        except ValidationError as error:
            return Bad(str(error.messages[0]))
        return raw


AMBIGUOUS = object()


def help_point_names(organisation):
    """The organisation's help points by number (as text) and by "Service – Locatie" (normalised)."""
    names = {}
    points = HelpPoint.objects.for_organisation(organisation).values_list("pk", "service__name", "location__name")
    for pk, service, location in points:
        names[str(pk)] = pk
        name = normalise(f"{service} – {location}")
        names[name] = AMBIGUOUS if name in names else pk
    return names


def help_point_label(service_name, location_name):
    """How a help point is named in the template and in exports."""
    return f"{service_name} – {location_name}"


class _ChoiceDict(dict):
    values_labels = ()


def _choices(choices):
    found = _ChoiceDict()
    for value, label in choices.choices:
        found[normalise(value)] = value
        found[normalise(label)] = value
    found.values_labels = [str(label) for _value, label in choices.choices]
    return found


def _codes(list_slug):
    found = {}
    for pk, code, label in (
        Code.objects.active().filter(code_list__slug=list_slug).values_list("pk", "code", "label_nl")
    ):
        found[normalise(code)] = pk
        found.setdefault(normalise(label), pk)
    return found


def _split_codes(raw, codes):
    """Parts separated by | or, when there is no |, by commas (a label with a comma in it stays whole)."""
    if "|" in raw:
        return [part for part in raw.split("|") if part.strip()]
    parts = raw.split(",")
    found = []
    start = 0
    while start < len(parts):
        end = next(
            (end for end in range(len(parts), start + 1, -1) if normalise(",".join(parts[start:end])) in codes),
            start + 1,
        )
        part = ",".join(parts[start:end])
        if part.strip():
            found.append(part)
        start = end
    return found


def _date(raw):
    match = ISO_DATE.fullmatch(raw)
    try:
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        match = DAY_FIRST_DATE.fullmatch(raw)
        if match:
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return datetime.date(year, int(match[2]), int(match[1]))
        if EXCEL_SERIAL.fullmatch(raw):
            return EXCEL_EPOCH + datetime.timedelta(days=int(float(raw)))
    except ValueError:
        return None
    return None
