import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from einclusie.monitoring.api import open_data_api
from einclusie.monitoring.management.commands.monitoring import openapi_text

pytestmark = pytest.mark.django_db
COMMITTED = Path(settings.PROJECT_DIR) / "docs" / "api" / "openapi-v1.json"


def test_the_served_openapi_equals_the_committed_file(client):
    served = client.get("/api/v1/openapi.json").json()
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json.loads(openapi_text(open_data_api))
    assert served["paths"].keys() == json.loads(COMMITTED.read_text())["paths"].keys()


def test_facts_are_suppressed_and_paged(client, world):
    response = client.get("/api/v1/facts?item=help_contacts&year=2026&nis_code=41002")
    records = response.json()["records"]
    assert {record["month"]: record["hidden"] for record in records}["2026-01"] is True
    assert client.get("/api/v1/facts?per_page=100000").status_code == 422
    assert client.get("/api/v1/facts?year=3000").status_code == 422
    assert client.get("/api/v1/facts?item=unknown").status_code == 404


def test_an_unknown_indicator_is_a_404_with_a_message(client, world):
    response = client.get("/api/v1/indicators/does-not-exist")
    assert response.status_code == 404
    assert "Onbekende indicator" in response.json()["detail"]


def test_dcat_metadata_names_the_licence(client, world):
    response = client.get("/api/v1/datasets/help-contacts")
    assert response["Content-Type"] == "application/ld+json"
    assert "modellicentie-gratis-hergebruik" in response.json()["dct:license"]["@id"]


schemathesis.experimental.OPEN_API_3_1.enable()  # django-ninja writes OpenAPI 3.1
schema = schemathesis.from_dict(json.loads(COMMITTED.read_text(encoding="utf-8")), base_url="http://testserver")


@schema.parametrize()
@hypothesis_settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_answers_500(case, client, world):
    response = client.generic(
        case.method, case.formatted_path, QUERY_STRING=_query(case.query), HTTP_ACCEPT="application/json"
    )
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"


def _query(query):
    from urllib.parse import urlencode

    return urlencode(query or {}, doseq=True)


@pytest.mark.django_db
def test_an_indicator_code_with_a_nul_byte_is_unknown(client):
    response = client.get("/api/v1/indicators/%00")
    assert response.status_code == 404
    assert "Onbekende indicator" in response.json()["detail"]
