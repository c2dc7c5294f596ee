"""contacts_import_<database>: help contacts read from a spreadsheet, compared with the database's own bulk load.

A year of a busy region: EINCLUSIE_BENCH_IMPORT_ROWS (default 1,000,000) valid rows over 20 help points
of one organisation, with a realistic spread (busy and quiet help points, weekdays, one to three
topics, mostly walk-in and solved, optional fields partly filled in, Dutch labels and codes mixed), as
a Belgian Excel CSV (`;`, byte order mark, dd/mm/yyyy). The import goes through the real path, from
reading the file to the last batch: `open_spreadsheet` + `contacts_import` with every check, the
duplicate keys and the topics and target groups.

Baseline, in the same run, into the same table while it is empty: the database's own bulk load of
exactly the contact rows the import wrote, read back as tuples — SQLite `executemany` of one prepared
INSERT in one transaction (into a copy of the database taken just before the import, with the
connection settings and page cache the importer has), PostgreSQL `COPY ... FROM STDIN` through psycopg
(after TRUNCATE). Nothing loads that table faster; the importer also reads the file, checks every
row, hashes it, and writes the 1.9 topic and target-group rows per contact on top.

ratio = import rows/s ÷ bulk-load rows/s, target >= 0.25: a file is worth checking carefully as long as
it still loads at a quarter of the speed of the bare table.

Each database is fresh (a new SQLite file, or a PostgreSQL database created for the run) and migrated
with the real migrations. Django is set up once per process, so the measuring runs in a child process.
"""

import datetime
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from einclusie.core.demosite import BIN_DIR, fresh_database_url

ROWS = int(os.environ.get("EINCLUSIE_BENCH_IMPORT_ROWS", "1000000"))
HELP_POINTS = 20
TARGET = 0.25
PROJECT_DIR = Path(__file__).resolve().parent.parent


def run(label, database_url):
    """Print the BENCH line for one database (database_url None: SQLite)."""
    with tempfile.TemporaryDirectory() as directory:
        saved = os.environ.pop("DATABASE_URL", None)
        try:
            if database_url:
                os.environ["DATABASE_URL"] = database_url
            url = fresh_database_url(directory, "import")
        finally:
            os.environ.pop("DATABASE_URL", None)
            if saved is not None:
                os.environ["DATABASE_URL"] = saved
        env = {key: value for key, value in os.environ.items() if not key.startswith("EINCLUSIE_")}
        env.update(
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="einclusie.settings",
            EINCLUSIE_DATA_DIR=directory,
            EINCLUSIE_STATIC_ROOT=str(Path(directory) / "static"),
            EINCLUSIE_BENCH_IMPORT_ROWS=str(ROWS),
        )
        for command in (["migrate", "--no-input"], ["codelists", "load"]):
            subprocess.run([str(BIN_DIR / "einclusie"), *command], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.contacts_import", label, directory], env=env, cwd=PROJECT_DIR, check=True
        )
        if database_url:
            drop_database(url)


def drop_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(label, directory):
    """In the child process: set up the organisation, write the file, import it, then bulk-load the same rows."""
    import django

    django.setup()
    from django.db import connection, transaction

    from einclusie.contacts.bulk_write import SQLITE_CACHE_KIB
    from einclusie.contacts.models import HelpContact
    from einclusie.contacts.spreadsheet_import import COLUMNS, contacts_import
    from einclusie.core.spreadsheets import open_spreadsheet

    organisation, help_points, user = _organisation()
    path = Path(directory) / "contacten.csv"
    _write_file(path, help_points)
    fresh = Path(directory) / "bulk-load.sqlite3"
    if connection.vendor == "sqlite":  # the same database before the import: the bulk load's empty table
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(fresh)])

    start = time.perf_counter()
    with open(path, "rb") as handle:
        sheet = open_spreadsheet(handle, COLUMNS, filename=path.name)
        report = contacts_import(rows=sheet, organisation=organisation, by=user, all_or_nothing=False)
    import_seconds = time.perf_counter() - start
    assert report.created == ROWS and not report.problem_count and not report.error, report

    table = HelpContact._meta.db_table
    related = [HelpContact.topics.through._meta.db_table, HelpContact.target_groups.through._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608 - our own table name
        columns = [column[0] for column in cursor.description]
        contacts = cursor.fetchall()
        links = 0
        for name in related:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608
            links += cursor.fetchone()[0]
    names = ", ".join(f'"{column}"' for column in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in [*related, table]))
        start = time.perf_counter()
        copying = f'COPY "{table}" ({names}) FROM STDIN'
        with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(copying) as copy:
            for row in contacts:
                copy.write_row(row)
        baseline_seconds = time.perf_counter() - start
    else:
        baseline_seconds = _sqlite_bulk_load(fresh, table, names, contacts, SQLITE_CACHE_KIB)

    import_rate = ROWS / import_seconds
    baseline_rate = len(contacts) / baseline_seconds
    print(
        f"BENCH contacts_import_{label} ratio={import_rate / baseline_rate:.3f} target={TARGET} "
        f"rows={ROWS} import_rows_per_s={import_rate:.0f} bulk_load_rows_per_s={baseline_rate:.0f} "
        f"import_s={import_seconds:.1f} bulk_load_s={baseline_seconds:.1f} topic_and_group_rows={links} "
        f"file_mb={path.stat().st_size / 1e6:.0f} help_points={HELP_POINTS}",
        flush=True,
    )


def _sqlite_bulk_load(path, table, names, rows, cache_kib):
    """executemany of one prepared INSERT in one transaction, with the settings Django's connection uses."""
    database = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", f"cache_size = {cache_kib}"):
        database.execute(f"PRAGMA {pragma}")
    marks = ", ".join("?" * len(rows[0]))
    start = time.perf_counter()
    database.execute("BEGIN IMMEDIATE")
    database.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608 - our own table
    database.execute("COMMIT")
    seconds = time.perf_counter() - start
    database.close()
    return seconds


def _organisation():
    from django.contrib.auth import get_user_model

    from einclusie.core.roles import Role
    from einclusie.helppoints.models import HelpPoint, Location, Service
    from einclusie.organisations.models import Kind, Membership, Organisation
    from einclusie.territory.models import Municipality, Province

    province, _created = Province.objects.get_or_create(nis_code="40000", defaults={"name_nl": "Oost-Vlaanderen"})
    municipality, _created = Municipality.objects.get_or_create(
        nis_code="44021", defaults={"name_nl": "Gent", "province": province}
    )
    organisation = Organisation.objects.create(
        name="Digipuntnetwerk (benchmark)", kind=Kind.PARTNER, municipality=municipality
    )
    user = get_user_model().objects.create_user(email="import@example.org", password=None)
    Membership.objects.create(user=user, organisation=organisation, role=Role.COORDINATOR)
    help_points = []
    for number in range(HELP_POINTS):
        service = Service.objects.create(organisation=organisation, name=f"Digipunt {number}", description="Hulp.")
        location = Location.objects.create(
            organisation=organisation,
            name=f"Plaats {number}",
            street="Straat 1",
            postal_code="9000",
            city="Gent",
            municipality=municipality,
        )
        help_points.append(HelpPoint.objects.create(service=service, location=location))
    return organisation, help_points, user


def _write_file(path, help_points):
    """The CSV a region would send (fixed seed: every run reads the same file), in the column order of HEADER."""
    from django.utils import timezone

    from einclusie.contacts.models import AgeBand, Channel, Duration, Outcome, ReferredTo
    from einclusie.contacts.spreadsheet_import import HEADER
    from einclusie.core.models import Code

    rng = random.Random(2026)  # noqa: S311 - test data
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=back) for back in range(365)]

    def pick(values, weights=None):
        return rng.choices(values, weights, k=ROWS)

    def spelled(choices):  # people write the Dutch label or the code
        return [spelling for value, label in choices.choices for spelling in (value, str(label))]

    topics = list(Code.objects.filter(code_list__slug="help-topics").values_list("code", "label_nl"))
    topic_weights = [30, 10, 8, 12, 10, 6, 3, 5, 3, 12, 10, 8, 4, 6, 5, 4, 3][: len(topics)]
    topic_cells = []
    for _number in range(5000):
        picked = rng.choices(topics, topic_weights, k=rng.choice((1, 1, 1, 2, 2, 3)))
        topic_cells.append("|".join(dict.fromkeys(rng.choice(spelling) for spelling in picked)))
    groups = list(Code.objects.filter(code_list__slug="target-groups").values_list("code", flat=True))
    outcomes = pick(
        [(value, spelling) for value, label in Outcome.choices for spelling in (value, str(label))],
        [6, 6, 2, 2, 1, 1, 1, 1],
    )
    referrals = [
        referral if value == "referred" else ""
        for (value, _), referral in zip(outcomes, pick(spelled(ReferredTo)), strict=True)
    ]
    columns = [
        [day.strftime("%d/%m/%Y") for day in pick(days, [1 if day.weekday() >= 5 else 5 for day in days])],
        # Half the help points are named by number, half by "Service – Locatie"; some are busier.
        pick(
            [f"Digipunt {n} – Plaats {n}" if n % 2 else str(point.pk) for n, point in enumerate(help_points)],
            [1 + (n % 7) ** 2 for n in range(len(help_points))],
        ),
        pick(spelled(Channel), [10, 10, 4, 4, 5, 5, 1, 1]),
        pick(topic_cells),
        [spelling for _value, spelling in outcomes],
        referrals,
        pick([*spelled(Duration), "10", "20", "45"], [5, 5, 6, 6, 3, 3, 1, 1, 2, 2, 1]),
        pick(["", *spelled(AgeBand), "72"], [40, 6, 6, 12, 12, 12, 12, 10, 10, 4, 4, 2]),
        pick(["", *groups], [70, *([30 / len(groups)] * len(groups))]),
        pick(["", "fr", "Engels", "ar", "tr", "uk", "Pools"], [85, 4, 3, 3, 2, 2, 1]),
        pick(
            ["", "Kwam terug voor dezelfde vraag", "Toestel was te oud", "Nieuwe afspraak volgende week", "Met tolk"],
            [95, 2, 1, 1, 1],
        ),
    ]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(";".join(HEADER) + "\r\n")
        rows = zip(*columns, strict=True)
        while chunk := [";".join(row) for _number, row in zip(range(50_000), rows, strict=False)]:
            handle.write("\r\n".join(chunk) + "\r\n")


if __name__ == "__main__":
    measure(sys.argv[1], sys.argv[2])
