"""Back up the whole database to one file and restore it (`einclusie backup`, `einclusie restore`).

Three formats, chosen by the database and the tools at hand (docs/security.md):

- ``sqlite``: a consistent copy of the SQLite file made with SQLite's online backup API, safe while the site runs;
- ``pg_dump``: PostgreSQL's custom format, made with ``pg_dump`` and read with ``pg_restore`` (in one transaction);
- ``json``: Django's ``dumpdata``/``loaddata`` with natural keys, for a PostgreSQL server without the client tools
  or to move between SQLite and PostgreSQL.

A restore replaces everything in the target database. It refuses a database that holds data (an account, an
organisation or an activity-log entry) unless the caller says yes, and then first writes a backup of what it
is about to replace.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMATS = ("sqlite", "pg_dump", "json")
SUFFIX = {"sqlite": ".sqlite3", "pg_dump": ".dump", "json": ".json"}
JSON_EXCLUDED = ["contenttypes", "auth.permission"]  # made by migrate; referred to by natural key


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason for the operator."""


def native_format():
    """The format `backup` uses by default for this database."""
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql" and shutil.which("pg_dump") and shutil.which("pg_restore"):
        return "pg_dump"
    return "json"


def default_path(file_format, prefix="einclusie"):
    """var/backups/einclusie-<date>-<time>.<suffix> (in EINCLUSIE_DATA_DIR)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"{prefix}-{stamp}{SUFFIX[file_format]}"


def backup_write(*, output=None, file_format=None):
    """Write a backup of the whole database; returns (path, format)."""
    file_format = file_format or native_format()
    if file_format not in FORMATS:
        raise BackupError(f"unknown format {file_format!r}; choose one of {', '.join(FORMATS)}")
    if file_format == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("the sqlite format needs a SQLite database; use json to move to another database")
    if file_format == "pg_dump" and connection.vendor != "postgresql":
        raise BackupError("the pg_dump format needs a PostgreSQL database")
    path = Path(output) if output else default_path(file_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    {"sqlite": _sqlite_backup, "pg_dump": _pg_dump, "json": _json_dump}[file_format](partial)
    partial.replace(path)
    path.chmod(0o600)  # personal data: readable by the operator only
    return path, file_format


def detect_format(path):
    """The format of a backup file, from its first bytes."""
    with open(path, "rb") as file:
        head = file.read(16)
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"PGDMP"):
        return "pg_dump"
    if head.lstrip()[:1] == b"[":
        return "json"
    raise BackupError(f"{path} is not a backup made by einclusie backup")


def has_data():
    """Whether the database holds anything of value: an account, an organisation or an activity-log entry."""
    table_names = set(connection.introspection.table_names())
    for label in ("accounts.User", "organisations.Organisation", "core.Event"):
        model = apps.get_model(label)
        if model._meta.db_table in table_names and model.objects.exists():
            return True
    return False


def restore(*, path, replace=False):
    """Replace the database's content by a backup. Returns (format, safety backup path or None)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    file_format = detect_format(path)
    if file_format == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("a SQLite backup restores only into SQLite; make a json backup to move databases")
    if file_format == "pg_dump" and connection.vendor != "postgresql":
        raise BackupError("a pg_dump backup restores only into PostgreSQL; make a json backup to move databases")
    if file_format == "pg_dump" and not shutil.which("pg_restore"):
        raise BackupError("pg_restore is not installed: install the PostgreSQL client tools")
    safety = None
    if has_data():
        if not replace:
            raise BackupError(
                "this database already holds data (accounts, organisations or activity log); "
                "run again with --yes to replace it (a backup of it is written first)"
            )
        safety, _ = backup_write(output=default_path(native_format(), prefix="before-restore"))
    {"sqlite": _sqlite_restore, "pg_dump": _pg_restore, "json": _json_restore}[file_format](path)
    return file_format, safety


def row_counts():
    """The number of rows of every table of every model (many-to-many tables included)."""
    table_names = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in table_names:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


# SQLite


def _sqlite_backup(path):
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (SQLite integrity check failed)")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


# PostgreSQL


def _pg_arguments():
    database = connection.settings_dict
    arguments = ["--dbname", database["NAME"]]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return arguments, env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - pg tools, our settings
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _pg_dump(path):
    arguments, env = _pg_arguments()
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), *arguments], env)


def _pg_restore(path):
    arguments, env = _pg_arguments()
    connection.close()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*command, *arguments, str(path)], env)


# JSON


def _json_dump(path):
    call_command(
        "dumpdata",
        natural_foreign=True,  # content types by name; every other row keeps its id (the audit chain hashes ids)
        exclude=JSON_EXCLUDED,
        output=str(path),
        verbosity=0,
    )


def _json_restore(path):
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(path), verbosity=0)
