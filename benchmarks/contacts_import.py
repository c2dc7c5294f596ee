"""contacts_import_<database>: help contacts read from a spreadsheet, compared with the database's own bulk load.

A year of a busy region: EINCLUSIE_BENCH_IMPORT_ROWS (default 1,000,000) valid rows over 20 help points
of one organisation, with a realistic spread (busy and quiet help points, weekdays, one to three
topics, mostly walk-in and solved, optional fields partly filled in, Dutch labels and codes mixed), as
a Belgian Excel CSV (`;`, byte order mark, dd/mm/yyyy). The import goes through the real path, from
reading the file to the last batch: `open_spreadsheet` + `contacts_import` with every check, the
duplicate keys and the topics and target groups.

Baseline, in the same run, into the same (emptied) table: the database's own bulk load of exactly the
contact rows the import wrote, read back as tuples — SQLite `executemany` of one prepared INSERT in one
transaction, PostgreSQL `COPY ... FROM STDIN` through psycopg. Nothing can be faster than that;
the importer also parses, checks, hashes, and writes the many-to-many rows.

ratio = import rows/s ÷ bulk-load rows/s, target >= 0.25: a file is worth checking carefully as long as
it still loads at a quarter of the speed of the bare table.

Each database is fresh (a new SQLite file, or a PostgreSQL database created for the run) and migrated
with the real migrations. Django is set up once per process, so the measuring runs in a child process.
"""

import datetime
import os
import random
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
    _empty(connection, [*related, table])

    names = ", ".join(f'"{column}"' for column in columns)
    if connection.vendor == "sqlite":
        # The same page cache as the importer gives itself (contacts/bulk_write.py).
        connection.connection.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in contacts:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            insert = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - our own table
            connection.connection.cursor().executemany(insert, contacts)
    baseline_seconds = time.perf_counter() - start

    import_rate = ROWS / import_seconds
    baseline_rate = len(contacts) / baseline_seconds
    print(
        f"BENCH contacts_import_{label} ratio={import_rate / baseline_rate:.3f} target={TARGET} "
        f"rows={ROWS} import_rows_per_s={import_rate:.0f} bulk_load_rows_per_s={baseline_rate:.0f} "
        f"import_s={import_seconds:.1f} bulk_load_s={baseline_seconds:.1f} topic_and_group_rows={links} "
        f"file_mb={path.stat().st_size / 1e6:.0f} help_points={HELP_POINTS}",
        flush=True,
    )


def _empty(connection, tables):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608
            cursor.execute("VACUUM")


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
    """The CSV a region would send: fixed seed, so every run reads the same file."""
    from django.utils import timezone

    from einclusie.contacts.models import AgeBand, Channel, Duration, Outcome, ReferredTo
    from einclusie.contacts.spreadsheet_import import HEADER
    from einclusie.core.models import Code

    rng = random.Random(2026)  # noqa: S311 - test data
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=back) for back in range(365)]
    day_weights = [1 if day.weekday() >= 5 else 5 for day in days]
    points = [
        f"Digipunt {number} – Plaats {number}" if number % 2 else str(point.pk)
        for number, point in enumerate(help_points)
    ]
    point_weights = [1 + (number % 7) ** 2 for number in range(len(points))]
    topics = list(Code.objects.filter(code_list__slug="help-topics").values_list("code", "label_nl"))
    topic_weights = [30, 10, 8, 12, 10, 6, 3, 5, 3, 12, 10, 8, 4, 6, 5, 4, 3][: len(topics)]
    groups = list(Code.objects.filter(code_list__slug="target-groups").values_list("code", flat=True))
    languages = ["fr", "Engels", "ar", "tr", "uk", "Pools"]
    notes = ["Kwam terug voor dezelfde vraag", "Toestel was te oud", "Nieuwe afspraak volgende week", "Met tolk"]

    def label_or_code(choices):
        return [(value, str(label)) for value, label in choices.choices]

    channels, outcomes, durations, ages = map(label_or_code, (Channel, Outcome, Duration, AgeBand))
    referrals = label_or_code(ReferredTo)
    columns = {
        "datum": [day.strftime("%d/%m/%Y") for day in rng.choices(days, day_weights, k=ROWS)],
        "digipunt": rng.choices(points, point_weights, k=ROWS),
        "kanaal": [pair[rng.getrandbits(1)] for pair in rng.choices(channels, [10, 4, 5, 1], k=ROWS)],
        "resultaat": rng.choices(outcomes, [12, 4, 2, 2], k=ROWS),
        "duur": [pair[rng.getrandbits(1)] for pair in rng.choices(durations, [5, 6, 3, 1], k=ROWS)],
    }
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(";".join(HEADER) + "\r\n")
        lines = []
        for index in range(ROWS):
            outcome_code, outcome_label = columns["resultaat"][index]
            picked = rng.choices(topics, topic_weights, k=rng.choice((1, 1, 1, 2, 2, 3)))
            topic_text = "|".join(dict.fromkeys(label if rng.random() < 0.5 else code for code, label in picked))
            chance = rng.random()
            lines.append(
                ";".join(
                    (
                        columns["datum"][index],
                        columns["digipunt"][index],
                        columns["kanaal"][index],
                        topic_text,
                        outcome_label if chance < 0.5 else outcome_code,
                        rng.choice(referrals)[1] if outcome_code == "referred" else "",
                        columns["duur"][index],
                        rng.choice(ages)[1] if chance < 0.6 else "",
                        rng.choice(groups) if chance < 0.3 else "",
                        rng.choice(languages) if chance < 0.15 else "",
                        rng.choice(notes) if chance < 0.05 else "",
                    )
                )
            )
            if len(lines) == 10_000:
                handle.write("\r\n".join(lines) + "\r\n")
                lines = []
        if lines:
            handle.write("\r\n".join(lines) + "\r\n")


if __name__ == "__main__":
    measure(sys.argv[1], sys.argv[2])
