import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_in_dutch_and_explains_the_demo(client):
    page = client.get(reverse("www:home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="nl">' in page
    assert "Iedereen digitaal mee" in page
    assert "programma@example.org" in page
    assert "verzonnen" in page


@pytest.mark.parametrize(("language", "heading"), [("fr", "Tout le monde"), ("en", "Everyone")])
def test_home_page_switches_language(client, language, heading):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page


def test_healthz_reports_database_and_task_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["tasks"]["status"] == "ok"
    assert body["tasks"]["ready"] == 0


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def _start_with(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith("EINCLUSIE_")}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "einclusie.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("EINCLUSIE_DEBUG", "maybe"),
        ("EINCLUSIE_SESSION_SECONDS", "lang"),
        ("EINCLUSIE_ENVIRONMENT", "staging"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(variable, value):
    result = _start_with(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_without_a_secret_key_stops_start_up():
    result = _start_with(EINCLUSIE_ENVIRONMENT="production", EINCLUSIE_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "EINCLUSIE_SECRET_KEY" in result.stderr


def test_the_console_script_lists_the_commands():
    einclusie = os.path.join(os.path.dirname(sys.executable), "einclusie")
    result = subprocess.run([einclusie, "--help"], capture_output=True, text=True, check=True)
    assert "territory" in result.stdout
    assert "demo" in result.stdout
