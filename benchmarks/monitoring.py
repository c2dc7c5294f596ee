# ruff: noqa: S608 - DuckDB reads our own temporary Parquet files; no user input reaches these queries
"""monitoring_vs_duckdb / monitoring_vs_orm: the dashboard's data queries read from the rollups.

N help contacts (EINCLUSIE_BENCH_MONITORING_ROWS, default 1,000,000; the issue's 5,000,000 works too and
takes longer) over three years at one help point in each of the 285 municipalities, one or two topics each, are
written with the contacts' own bulk writer into a fresh database (SQLite; `make bench` also runs it on
PostgreSQL when one answers, with the suffix _postgresql), then counted into the rollup by a
full `monitoring_refresh`. The dashboard's data set is four questions: help contacts per month (the region),
per province, the ten biggest topics, and one municipality's page (its months and its topics). Measured
30 times each, as one set:

- ours: the same four through dashboard.RollupReader, exactly as the staff dashboards ask them: the region's
  months and topics from RegionMonthlyFact, the provinces from ProvinceMonthlyFact, the municipality from its
  own MonthlyFact rows.
- DuckDB: the same four as a full scan of the same rows exported to Parquet (contacts and contact-topic
  pairs), in the same process: a column store built for exactly this.
- naive ORM: the same four as Django aggregations over the raw help-contact table (fewer repetitions).

ratio monitoring_vs_duckdb = p95 ours / p95 DuckDB (target <= 1.0);
ratio monitoring_vs_orm = p95 naive ORM / p95 ours (target >= 50).
Also printed: the full refresh, and the incremental refresh after 10,000 new contacts.
"""

import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("EINCLUSIE_BENCH_MONITORING_ROWS", "1000000"))
NEW_ROWS = 10_000
REPEAT = 30
REPEAT_ORM = 5
PROJECT_DIR = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent


def run(label="sqlite", database_url=None):
    """Print the BENCH lines for one database (database_url None: SQLite; else a fresh PostgreSQL beside it)."""
    from einclusie.core.demosite import fresh_database_url

    with tempfile.TemporaryDirectory() as directory:
        saved = os.environ.pop("DATABASE_URL", None)
        try:
            if database_url:
                os.environ["DATABASE_URL"] = database_url
            url = fresh_database_url(directory, "monitoring")
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
            EINCLUSIE_BENCH_MONITORING_ROWS=str(ROWS),
        )
        for command in (["migrate", "--no-input"], ["territory", "load"], ["codelists", "load"]):
            subprocess.run([str(BIN_DIR / "einclusie"), *command], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [sys.executable, "-m", "benchmarks.monitoring", directory, label], env=env, cwd=PROJECT_DIR, check=True
        )
        if database_url:
            from benchmarks.contacts_import import drop_database

            drop_database(url)


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, repeat):
    function()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def setup_help_points():
    from einclusie.helppoints.models import HelpPoint, Location, Service
    from einclusie.organisations.models import Kind, Organisation
    from einclusie.territory.models import Municipality

    organisation = Organisation.objects.create(name="Benchmark", kind=Kind.PARTNER)
    service = Service.objects.create(organisation=organisation, name="Digipunt", description="-")
    points = []
    for municipality in Municipality.objects.current().flemish():
        location = Location.objects.create(
            organisation=organisation,
            name=municipality.name_nl,
            street="Straat 1",
            postal_code="1000",
            city=municipality.name_nl,
            municipality=municipality,
        )
        points.append((HelpPoint.objects.create(service=service, location=location), municipality))
    return organisation, points


def write_contacts(organisation, points, topics, count, rng, start, days):
    from django.db import transaction

    from einclusie.contacts.bulk_write import contact_writer

    weights = [rng.paretovariate(1.2) for _ in points]
    chosen = rng.choices(range(len(points)), weights=weights, k=count)
    with transaction.atomic():
        writer = contact_writer(organisation=organisation, by=None)
        try:
            for index in chosen:
                day = start + datetime.timedelta(days=rng.randrange(days))
                row = (points[index][0].pk, day, "walk_in", "solved", "", "0-15", "", None, "", None)
                writer.add(row, rng.sample(topics, rng.choice((1, 1, 2))), [])
            writer.finish()
        finally:
            writer.close()


def measure(directory, label="sqlite"):
    import django

    django.setup()
    import duckdb
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from einclusie.contacts.models import HelpContact
    from einclusie.core.models import Code
    from einclusie.monitoring import dashboard, items
    from einclusie.monitoring.models import MonthlyFact
    from einclusie.monitoring.services import monitoring_refresh

    rng = random.Random(7)
    organisation, points = setup_help_points()
    topics = list(Code.objects.filter(code_list__slug="help-topics").values_list("pk", flat=True))
    today = datetime.date.today()
    start = today.replace(year=today.year - 3)
    generate_began = time.perf_counter()
    write_contacts(organisation, points, topics, ROWS, rng, start, (today - start).days)
    # The history was logged long ago: only the new contacts below are newer than the watermark.
    HelpContact.objects.update(logged_at=timezone.now() - datetime.timedelta(days=1))
    generate_seconds = time.perf_counter() - generate_began
    began = time.perf_counter()
    monitoring_refresh(full=True)
    full_seconds = time.perf_counter() - began
    ghent = next(m for _p, m in points if m.nis_code == "44021")
    territory = dashboard.Territory()
    period = dashboard.Period(start.replace(day=1), today.replace(day=1))

    def ours():
        region = dashboard.RollupReader(territory, period, ("region", None))
        region.per_month(items.HELP_CONTACTS)
        region.per_province(items.HELP_CONTACTS)
        list(region.per_code(items.HELP_CONTACTS, "topic").items())[:10]
        own = dashboard.RollupReader(territory, period, ("municipality", ghent))
        own.per_month(items.HELP_CONTACTS)
        own.per_code(items.HELP_CONTACTS, "topic")

    def naive():
        contacts = HelpContact.objects.all()
        list(contacts.annotate(month=TruncMonth("date")).values("month").annotate(n=Count("id")).order_by("month"))
        list(contacts.values("help_point__location__municipality__province_id").annotate(n=Count("id")).order_by())
        list(contacts.values("topics__code").annotate(n=Count("id")).order_by("-n")[:10])
        own = contacts.filter(help_point__location__municipality=ghent)
        list(own.annotate(month=TruncMonth("date")).values("month").annotate(n=Count("id")).order_by("month"))
        list(own.values("topics__code").annotate(n=Count("id")).order_by("-n"))

    # The same rows as Parquet for DuckDB: contacts (id, date, municipality, province) and contact-topic pairs.
    place = {p.pk: (m.nis_code, m.province.nis_code) for p, m in ((p, m) for p, m in points)}
    code_of = dict(Code.objects.filter(pk__in=topics).values_list("pk", "code"))
    contacts_csv, topics_csv = Path(directory) / "contacts.csv", Path(directory) / "topics.csv"
    with connection.chunked_cursor() as cursor, open(contacts_csv, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "nis_code", "province"])
        cursor.execute(f"SELECT id, date, help_point_id FROM {HelpContact._meta.db_table}")  # noqa: S608
        for number, day, help_point in cursor:
            writer.writerow([number, day, *place[help_point]])
    with connection.chunked_cursor() as cursor, open(topics_csv, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["contact_id", "code"])
        cursor.execute(f"SELECT helpcontact_id, code_id FROM {HelpContact.topics.through._meta.db_table}")  # noqa: S608
        for number, code in cursor:
            writer.writerow([number, code_of[code]])
    duck = duckdb.connect()
    for name, path in (("contacts", contacts_csv), ("topics", topics_csv)):
        parquet = Path(directory) / f"{name}.parquet"
        duck.execute(f"COPY (SELECT * FROM read_csv_auto('{path}')) TO '{parquet}' (FORMAT PARQUET)")
    contacts_parquet, topics_parquet = Path(directory) / "contacts.parquet", Path(directory) / "topics.parquet"

    def duck_queries():
        c, t = f"'{contacts_parquet}'", f"'{topics_parquet}'"
        duck.execute(f"SELECT date_trunc('month', date) m, count(*) FROM {c} GROUP BY m ORDER BY m").fetchall()
        duck.execute(f"SELECT province, count(*) FROM {c} GROUP BY province").fetchall()
        duck.execute(f"SELECT code, count(*) n FROM {t} GROUP BY code ORDER BY n DESC LIMIT 10").fetchall()
        duck.execute(
            f"SELECT date_trunc('month', date) m, count(*) FROM {c} WHERE nis_code = '44021' GROUP BY m ORDER BY m"
        ).fetchall()
        duck.execute(
            f"SELECT code, count(*) n FROM {t} JOIN {c} ON id = contact_id WHERE nis_code = '44021' "
            "GROUP BY code ORDER BY n DESC"
        ).fetchall()

    ours_samples = timed(ours, REPEAT)
    duck_samples = timed(duck_queries, REPEAT)
    naive_samples = timed(naive, REPEAT_ORM)
    p50, p95 = percentile(ours_samples, 0.5) * 1000, percentile(ours_samples, 0.95) * 1000
    duck_p50, duck_p95 = percentile(duck_samples, 0.5) * 1000, percentile(duck_samples, 0.95) * 1000
    orm_p50, orm_p95 = percentile(naive_samples, 0.5) * 1000, percentile(naive_samples, 0.95) * 1000

    write_contacts(organisation, points, topics, NEW_ROWS, rng, today.replace(day=1), today.day)
    began = time.perf_counter()
    result = monitoring_refresh()
    refresh_seconds = time.perf_counter() - began
    facts = MonthlyFact.objects.count()
    suffix = "" if label == "sqlite" else f"_{label}"
    print(
        f"BENCH monitoring_vs_duckdb{suffix} ratio={p95 / duck_p95:.3f} target=1.0 p50_ms={p50:.2f} p95_ms={p95:.2f} "
        f"duckdb_p50_ms={duck_p50:.2f} duckdb_p95_ms={duck_p95:.2f} rows={ROWS} facts={facts}",
        flush=True,
    )
    print(
        f"BENCH monitoring_vs_orm{suffix} ratio={orm_p95 / p95:.1f} target=50 p50_ms={p50:.2f} p95_ms={p95:.2f} "
        f"orm_p50_ms={orm_p50:.1f} orm_p95_ms={orm_p95:.1f} rows={ROWS}",
        flush=True,
    )
    print(
        f"BENCH monitoring_refresh{suffix} seconds_after_{NEW_ROWS}_new={refresh_seconds:.2f} cells={result['cells']} "
        f"full_refresh_seconds={full_seconds:.1f} generate_seconds={generate_seconds:.1f} rows={ROWS}",
        flush=True,
    )


if __name__ == "__main__":
    measure(*sys.argv[1:3])
