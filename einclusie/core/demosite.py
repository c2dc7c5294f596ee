"""Start the demo site the way `make run` serves it (gunicorn, whitenoise, DEBUG off) on its own database.

Used by the browser tests and the benchmarks, so both measure the product as it is deployed.
"""

import fcntl
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BIN_DIR = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database_url(directory, suffix, *, copy_of=None):
    """A new database: a SQLite file, or a PostgreSQL database beside DATABASE_URL's; empty or a copy of `copy_of`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        path = Path(directory) / (suffix + ".sqlite3")
        if copy_of:
            source = sqlite3.connect(copy_of.removeprefix("sqlite:///"))
            target = sqlite3.connect(path)
            source.backup(target)
            target.close()
            source.close()
        return f"sqlite:///{path}"
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_{suffix}"
    params = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
    }
    template = f' TEMPLATE "{copy_of.rsplit("/", 1)[1]}"' if copy_of else ""
    with psycopg.connect(**{key: value for key, value in params.items() if value}, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"{template}')
    return url.rsplit("/", 1)[0] + "/" + name


def _site_env(directory, database_url, static_root):
    env = {key: value for key, value in os.environ.items() if not key.startswith("EINCLUSIE_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="einclusie.settings",
        EINCLUSIE_DATA_DIR=str(directory),
        EINCLUSIE_STATIC_ROOT=str(static_root),
        EINCLUSIE_ALLOWED_HOSTS="127.0.0.1,localhost",
        EINCLUSIE_EMAIL_BACKEND="console",
    )
    return env


def _run(env, commands):
    for command in commands:
        subprocess.run([str(BIN_DIR / "einclusie"), *command], env=env, check=True, capture_output=True)


DEMO_COMMANDS = [["migrate", "--no-input"], ["collectstatic", "--no-input"], ["demo"]]


def _copy_of_demo(template, directory, suffix):
    """A copy of the migrated demo's database and uploads; returns its database URL.

    The demo is made once in the `template` folder, by whichever test process of the run asks first; a lock keeps
    the others waiting meanwhile, and copies one at a time (PostgreSQL copies a database only while nobody else
    uses it).
    """
    template = Path(template)
    template.mkdir(parents=True, exist_ok=True)
    ready = template / "database-url"
    with open(template / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            env = _site_env(template, fresh_database_url(template, "demo_template"), template / "static")
            _run(env, DEMO_COMMANDS)
            ready.write_text(env["DATABASE_URL"])
        if (template / "uploads").exists():
            shutil.copytree(template / "uploads", Path(directory) / "uploads", dirs_exist_ok=True)
        return fresh_database_url(directory, suffix, copy_of=ready.read_text())


def prepare_demo_site(directory, *, suffix="demosite", extra_commands=(), template=None):
    """Migrate a fresh database and load the reference and demo data; returns the environment to serve it.

    With `template` (a folder the test processes of one run share), the demo is made there once and each site gets
    a copy of its database and uploads: migrating and loading the demo takes most of a minute.
    """
    directory = Path(directory)
    if template is None:
        env = _site_env(directory, fresh_database_url(directory, suffix), directory / "static")
        _run(env, [*DEMO_COMMANDS, *extra_commands])
        return env
    env = _site_env(directory, _copy_of_demo(template, directory, suffix), Path(template) / "static")
    _run(env, extra_commands)
    return env


@contextmanager
def serving(env, *, workers=2, log_name="gunicorn", extra_env=None):
    """Serve a prepared site with gunicorn on a free port; yields the base URL."""
    port = free_port()
    env = {**env, "EINCLUSIE_SITE_URL": f"http://127.0.0.1:{port}", **(extra_env or {})}
    log_path = Path(env["EINCLUSIE_DATA_DIR"]) / f"{log_name}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                str(BIN_DIR / "gunicorn"),
                "einclusie.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base_url, server, log_path)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=10)


@contextmanager
def running_demo_site(directory, *, suffix="demosite", workers=2, template=None):
    """Migrate, load the reference and demo data, serve with gunicorn; yields the base URL."""
    env = prepare_demo_site(directory, suffix=suffix, template=template)
    with serving(env, workers=workers, log_name=f"{suffix}-gunicorn") as base_url:
        yield base_url


def _wait_until_healthy(base_url, server, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("The demo site did not start:\n" + Path(log_path).read_text())
        time.sleep(0.3)
