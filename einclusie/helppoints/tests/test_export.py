import io

import openpyxl
import pytest
from django.urls import reverse

from einclusie.helppoints.tests.factories import HelpPointFactory, LocationFactory, ServiceFactory
from einclusie.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(gent, aalst):
    return [
        HelpPointFactory(
            service=ServiceFactory(organisation=gent, name="Digipunt Krook"),
            location=LocationFactory(organisation=gent, name="Bibliotheek De Krook"),
        ),
        HelpPointFactory(service=ServiceFactory(organisation=aalst, name="Digipunt Aalst")),
    ]


def test_a_read_only_colleague_exports_the_organisations_help_points_as_csv_and_excel(client, bob, points):
    client.force_login(bob)
    assert reverse("helppoints:export") in client.get(reverse("helppoints:overview")).content.decode()
    response = client.get(reverse("helppoints:export"), {"formaat": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("nummer;digipunt;hulpaanbod;locatie;")
    assert lines[1].startswith(f"{points[0].pk};Digipunt Krook – Bibliotheek De Krook;Digipunt Krook;")
    assert len(lines) == 2  # not Aalst's
    response = client.get(reverse("helppoints:export"), {"formaat": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert [row[:2] for row in rows[1:]] == [(points[0].pk, "Digipunt Krook – Bibliotheek De Krook")]
    assert client.get(reverse("helppoints:export"), {"formaat": "doc"}).status_code == 404


def test_someone_without_a_membership_gets_404(client, points):
    client.force_login(UserFactory(email="nobody@example.org"))
    assert client.get(reverse("helppoints:export"), {"formaat": "csv"}).status_code == 404
