"""A backup restores every row of every table into an empty database, on SQLite and on PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from einclusie.accounts.second_factor import recovery_codes_renew
from einclusie.core.backups import BackupError, backup_write, detect_format, restore, row_counts
from einclusie.core.codelists import codelists_load
from einclusie.core.models import record_event

EINCLUSIE = Path(sys.executable).parent / "einclusie"


@pytest.fixture
def some_data(alice, bob, charlie, paula, gent):
    codelists_load()
    for number in range(5):
        record_event(verb="test.made", actor=alice, organisation=gent, subject=f"Gebeurtenis {number}", n=number)
    recovery_codes_renew(user=alice, by=alice)  # a sixth event, and django-otp's tables
    # and the change records of the four personas' memberships (django-auditlog), each chained by an event


def chain_intact(stdout):
    from auditlog.models import LogEntry

    from einclusie.core.models import Event

    expected = f"chain intact, {Event.objects.count()} events"
    return expected in stdout and f"{LogEntry.objects.count()} change records match" in stdout


def run_einclusie(*arguments, database_url, data_dir):
    env = {key: value for key, value in os.environ.items() if not key.startswith("EINCLUSIE_")}
    env.update(DATABASE_URL=database_url, EINCLUSIE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="einclusie.settings")
    return subprocess.run([str(EINCLUSIE), *arguments], env=env, capture_output=True, text=True, check=False)


def sqlite_counts(path, tables):
    with sqlite3.connect(path) as database:
        return {table: database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def non_empty(counts):
    return {table: count for table, count in counts.items() if count}


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_every_row_into_an_empty_database(some_data, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite file format")
    path, file_format = backup_write(output=tmp_path / "backup.sqlite3")
    assert file_format == "sqlite" and detect_format(path) == "sqlite"
    expected = row_counts()
    assert len(non_empty(expected)) >= 8  # users, organisations, memberships, events, code lists, codes, …

    second = tmp_path / "second.sqlite3"
    result = run_einclusie("restore", str(path), database_url=f"sqlite:///{second}", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "filled the empty database" in result.stdout
    assert sqlite_counts(second, expected) == expected

    verified = run_einclusie("audit", "verify", database_url=f"sqlite:///{second}", data_dir=tmp_path)
    assert chain_intact(verified.stdout), verified.stdout


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_unless_told_yes(some_data, tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("restores into the test database itself, which only SQLite's backup API allows in place")
    settings.DATA_DIR = tmp_path
    path, _ = backup_write(output=tmp_path / "backup.sqlite3")
    before = row_counts()
    record_event(verb="after.the.backup")

    with pytest.raises(CommandError, match="already holds data .* --yes"):
        call_command("restore", str(path))
    assert row_counts()["core_event"] == before["core_event"] + 1  # nothing changed

    file_format, safety = restore(path=path, replace=True)
    assert file_format == "sqlite"
    assert row_counts() == before
    assert safety.name.startswith("before-restore-") and safety.parent == tmp_path / "backups"
    assert sqlite_counts(safety, ["core_event"])["core_event"] == before["core_event"] + 1


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")
    with pytest.raises(BackupError, match="not a backup"):
        restore(path=path)


def test_a_backup_file_is_readable_by_its_owner_only(db, tmp_path):
    path, _ = backup_write(output=tmp_path / "backup", file_format="json")
    assert path.stat().st_mode & 0o077 == 0


def fresh_postgres_database(suffix):
    import dj_database_url
    import psycopg

    from einclusie.core.demosite import fresh_database_url

    url = fresh_database_url(".", suffix)
    config = dj_database_url.parse(url)
    params = {"dbname": config["NAME"], "user": config["USER"], "host": config["HOST"], "port": config["PORT"]}
    return url, lambda: psycopg.connect(**{key: value for key, value in params.items() if value})


def drop_postgres_database(url):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    params = {"dbname": "postgres", "user": config["USER"], "host": config["HOST"], "port": config["PORT"]}
    with psycopg.connect(**{key: value for key, value in params.items() if value}, autocommit=True) as database:
        database.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


def postgres_counts(connect, tables):
    with connect() as database:
        return {table: database.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("file_format", ["pg_dump", "json"])
def test_a_postgresql_backup_restores_every_row_into_an_empty_database(some_data, tmp_path, file_format):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's formats")
    if file_format == "pg_dump" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    path, made = backup_write(output=tmp_path / f"backup.{file_format}", file_format=file_format)
    assert made == file_format and detect_format(path) == file_format
    expected = row_counts()

    url, connect = fresh_postgres_database(f"restore_{file_format}")
    try:
        result = run_einclusie("restore", str(path), database_url=url, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr
        assert postgres_counts(connect, expected) == expected
        verified = run_einclusie("audit", "verify", database_url=url, data_dir=tmp_path)
        assert chain_intact(verified.stdout), verified.stdout + verified.stderr
    finally:
        drop_postgres_database(url)
