"""Help contacts from a spreadsheet (the template in docs/spreadsheets.md): check every row, store the good ones.

Checked in bulk, never row by row against the database: the organisation's help points and the code
lists are loaded once into dicts, every distinct cell value is parsed once (a file of a year has a few
hundred distinct dates and topic combinations), and the good rows are written in large batches
(`contacts.bulk_write`). The rules, in `contacts.spreadsheet_values`, are the form's: no date in the
future or more than a year back, known codes only, a help point of the organisation itself, a
referral target when the outcome is "referred", a note that names no one.

Duplicates: a row's content (help point, date, channel, topics, outcome, referral, duration, the
optional fields and the note) is hashed; the n-th identical row of a file is a duplicate when the
platform already holds n or more contacts with that content (imported or logged with the form), or
when its key `<hash>-<n>` was imported before. Importing the same file twice, an extended version
of last month's file, or an export of the platform adds only what is new.
"""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.contacts.bulk_write import contact_writer, lock_organisation
from einclusie.contacts.forms import OLDEST_DAYS
from einclusie.contacts.models import HelpContact, Outcome
from einclusie.contacts.spreadsheet_values import Bad, Parsers
from einclusie.core.models import record_event
from einclusie.core.spreadsheets import Column, SpreadsheetError

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
SEPARATOR = "\x1f"  # between the parts of a contact's content when it is hashed
MAX_PROBLEMS = 1000  # problems kept in a report; beyond that they are only counted


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
    columns = parsers.columns
    referred = Outcome.REFERRED.value
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
            parts = (help_point[1], date[1], channel, topics[1], outcome, referral, duration, age, groups[1])
            digest = row_digest(organisation.pk, (*parts, language[1], note))
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
    """The hash of a contact in the platform, as `row_digest` computes it for a row of a file."""
    return row_digest(
        organisation_id,
        (
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
        ),
    )


def row_digest(organisation_id, texts):
    """The hash of a contact's content (help point, date, channel, topics, …, note as text)."""
    text = SEPARATOR.join((str(organisation_id), *texts))
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
