"""Start the demo site the way `make run` serves it (gunicorn, whitenoise, DEBUG off) on its own database.

Used by the browser tests and the benchmarks, so both measure the product as it is deployed.
"""

import os
import socket
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


def fresh_database_url(directory, suffix):
    """A new empty database: a SQLite file, or a PostgreSQL database beside DATABASE_URL's."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{Path(directory) / (suffix + '.sqlite3')}"
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
    with psycopg.connect(**{key: value for key, value in params.items() if value}, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def prepare_demo_site(directory, *, suffix="demosite", extra_commands=()):
    """Migrate a fresh database and load the reference and demo data; returns the environment to serve it."""
    directory = Path(directory)
    env = {key: value for key, value in os.environ.items() if not key.startswith("EINCLUSIE_")}
    env.update(
        DATABASE_URL=fresh_database_url(directory, suffix),
        DJANGO_SETTINGS_MODULE="einclusie.settings",
        EINCLUSIE_DATA_DIR=str(directory),
        EINCLUSIE_STATIC_ROOT=str(directory / "static"),
        EINCLUSIE_ALLOWED_HOSTS="127.0.0.1,localhost",
        EINCLUSIE_EMAIL_BACKEND="console",
    )
    commands = [["migrate", "--no-input"], ["collectstatic", "--no-input"], ["demo"], *extra_commands]
    for command in commands:
        subprocess.run([str(BIN_DIR / "einclusie"), *command], env=env, check=True, capture_output=True)
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
def running_demo_site(directory, *, suffix="demosite", workers=2):
    """Migrate, load the reference and demo data, serve with gunicorn; yields the base URL."""
    env = prepare_demo_site(directory, suffix=suffix)
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
