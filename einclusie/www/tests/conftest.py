"""A running demo site for the browser tests: a real gunicorn server on its own database.

The server is started once per test session with the same settings `make run` uses (DEBUG off,
whitenoise, gunicorn), on a fresh SQLite file or, when DATABASE_URL points at PostgreSQL, on a fresh
database next to the test database.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database_url(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_browser"
    admin_dsn = {
        "dbname": "postgres",
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
    }
    with psycopg.connect(**{k: v for k, v in admin_dsn.items() if v}, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """Base URL of a running demo site with the reference and demo data loaded."""
    tmp_path = tmp_path_factory.mktemp("site")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("EINCLUSIE_")}
    env.update(
        DATABASE_URL=_browser_database_url(tmp_path),
        DJANGO_SETTINGS_MODULE="einclusie.settings",
        EINCLUSIE_DATA_DIR=str(tmp_path),
        EINCLUSIE_STATIC_ROOT=str(tmp_path / "static"),
        EINCLUSIE_ALLOWED_HOSTS="127.0.0.1,localhost",
        EINCLUSIE_EMAIL_BACKEND="console",
        EINCLUSIE_SITE_URL=f"http://127.0.0.1:{port}",
    )
    bin_dir = Path(sys.executable).parent
    einclusie = str(bin_dir / "einclusie")
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["demo"]):
        subprocess.run([einclusie, *command], env=env, check=True, capture_output=True)
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - open for the whole session
    server = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "einclusie.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError("The demo site did not start:\n" + (tmp_path / "gunicorn.log").read_text()) from None
            time.sleep(0.3)
    yield base_url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Open a fresh browser page (own cookies) in Dutch; closes it after the test."""
    contexts = []

    def open_page(javascript=True, width=1280):
        context = chromium.new_context(
            locale="nl-BE", java_script_enabled=javascript, viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
