"""The read replica, live on PostgreSQL: a second database on the same server plays the replica.

The replica starts as a copy of the test database (CREATE DATABASE … TEMPLATE) and `replicate()` brings it up
to the primary by copying every table, as streaming replication would. Then the primary moves on (new help
contacts, counted) while the replica lags behind: what a page shows tells which database it read. Skipped on
SQLite (no second server-side database to point at).
"""

import datetime
import gc
import json
import time

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from einclusie.monitoring import items
from einclusie.monitoring.models import MonthlyFact, RefreshState
from einclusie.monitoring.replica import PRIMARY_COOKIE
from einclusie.monitoring.services import monitoring_refresh
from einclusie.monitoring.tests.conftest import add_contacts

pytestmark = [
    pytest.mark.django_db(databases=["default", "replica"]),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a live replica needs PostgreSQL"),
]
MARCH = datetime.date(2026, 3, 1)
PIN_PRIMARY = "einclusie.monitoring.replica.PinPrimaryAfterWriteMiddleware"


def server(settings_dict):
    """An autocommit connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    return psycopg.connect(
        dbname="postgres",
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    )


def _end_other_sessions(maintenance, database):
    """Close this process's connections to the test database (it belongs to this test process alone).

    This thread's connections are closed; a connection left open by a thread that has ended is closed when Python
    collects it; one still left after a few seconds is ended on the server.
    """
    connections.close_all()
    others = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    for _ in range(20):
        gc.collect()
        if not maintenance.execute(others, [database]).fetchall():
            return
        time.sleep(0.25)
    maintenance.execute(f"SELECT pg_terminate_backend(pid) FROM ({others}) AS other", [database])


@pytest.fixture(scope="session")
def replica_name(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        primary = dict(connections["default"].settings_dict)
        name = primary["NAME"] + "_replica"
        with server(primary) as maintenance:
            _end_other_sessions(maintenance, primary["NAME"])  # a template database must have no other sessions
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}"')
            maintenance.execute(f'CREATE DATABASE "{name}" TEMPLATE "{primary["NAME"]}"')
    yield name
    with django_db_blocker.unblock(), server(primary) as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", autouse=True)
def replica_database(replica_name):
    """DATABASES["replica"] for this module's tests (set before each test's transactions are opened)."""
    from django.conf import settings

    settings.DATABASES["replica"] = {**connections["default"].settings_dict, "NAME": replica_name}
    yield
    connections["replica"].close()
    del connections["replica"]
    del settings.DATABASES["replica"]


@pytest.fixture
def replica(settings):
    """The replica's connection, with the router and the middleware of production (DATABASE_REPLICA_URL)."""
    settings.DATABASE_ROUTERS = ["einclusie.monitoring.replica.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.middleware.common.CommonMiddleware") + 1, PIN_PRIMARY)
    settings.MIDDLEWARE = middleware
    return connections["replica"]


def replicate():
    """Bring the replica up to the primary: every table copied (the primary's open transaction included)."""
    tables = [name for name in connection.introspection.table_names() if name != "django_migrations"]
    with transaction.atomic(using="replica"), connections["replica"].cursor() as write, connection.cursor() as read:
        write.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check what an earlier copy in this test left pending
        write.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in tables))
        write.execute("SET CONSTRAINTS ALL DEFERRED")  # the tables are copied in any order
        for name in tables:
            with read.cursor.copy(f'COPY "{name}" TO STDOUT') as source:  # noqa: SIM117 - two connections
                with write.cursor.copy(f'COPY "{name}" FROM STDIN') as target:
                    for data in source:
                        target.write(data)


def march_in_gent(database):
    return MonthlyFact.objects.using(database).of(items.HELP_CONTACTS).filter(month=MARCH).total()


def api_march(client, nis_code):
    response = client.get(f"/api/v1/facts?item={items.HELP_CONTACTS}&year=2026&nis_code={nis_code}")
    assert response.status_code == 200
    records = json.loads(response.content)["records"]
    return next(record["value"] for record in records if record["month"].startswith("2026-03"))


def csv_march(client, nis_code):
    response = client.get(f"/cijfers/open-data/{items.HELP_CONTACTS.replace('_', '-')}/?jaar=2026&formaat=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    fields = next(
        line.split(";") for line in body.splitlines() if line.startswith(f"{nis_code};") and ";2026-03;" in line
    )
    return int(fields[4])


@pytest.fixture
def lagging(world, gent, replica):
    """The replica has the world; the primary has 100 more help contacts in Gent in March 2026, counted."""
    replicate()
    add_contacts(world["gent_point"], datetime.date(2026, 3, 5), 100)
    monitoring_refresh(full=True)
    assert march_in_gent("default") == 100
    assert march_in_gent("replica") == 0
    return gent.municipality.nis_code


def test_dashboards_open_data_and_the_api_read_from_the_replica(client, lagging, replica):
    assert api_march(client, lagging) == 0  # the replica's figure, not the primary's 100
    assert csv_march(client, lagging) == 0
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connection) as on_primary:
        assert client.get("/cijfers/?jaar=2026").status_code == 200
        assert client.get(f"/cijfers/gemeenten/{lagging}/?jaar=2026").status_code == 200
        assert client.get("/cijfers/open-data/").status_code == 200
    facts_read = [q["sql"] for q in on_replica.captured_queries if "monitoring_monthlyfact" in q["sql"]]
    assert facts_read
    # The primary answers only the freshness check (monitoring_refreshstate), never a figure.
    assert not [q["sql"] for q in on_primary.captured_queries if "monitoring_monthlyfact" in q["sql"]]


def test_the_programme_officers_dashboard_reads_the_rollups_from_the_replica(client, lagging, replica, paula):
    client.force_login(paula)
    replicate()  # the session and the login are replicated too, like everything else
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connection) as on_primary:
        response = client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-03")
    assert response.status_code == 200
    assert any("monitoring_regionmonthlyfact" in q["sql"] for q in on_replica.captured_queries)
    assert not any("monthlyfact" in q["sql"] for q in on_primary.captured_queries)


def test_after_a_change_the_person_reads_their_own_data_from_the_primary(client, lagging, replica):
    assert api_march(client, lagging) == 0
    client.post("/cijfers/")  # any write request pins the person to the primary for a few seconds
    assert client.cookies[PRIMARY_COOKIE].value == "1"
    assert api_march(client, lagging) == 100
    assert csv_march(client, lagging) == 100


def test_a_refresh_during_a_replica_read_writes_to_the_primary(client, world, gent, replica, paula):
    client.force_login(paula)
    replicate()
    add_contacts(world["gent_point"], datetime.date(2026, 3, 5), 100)
    RefreshState.objects.update(refreshed_at=timezone.now() - datetime.timedelta(minutes=5))
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-03").status_code == 200
    # The page found the facts stale and recounted them: on the primary, never on the replica.
    assert march_in_gent("default") == 100
    assert RefreshState.objects.get().refreshed_at > timezone.now() - datetime.timedelta(minutes=1)
    assert march_in_gent("replica") == 0
    writes = ("INSERT", "UPDATE", "DELETE")
    assert not [q["sql"] for q in on_replica.captured_queries if q["sql"].lstrip().upper().startswith(writes)]
