"""A batch of donated devices is registered all or nothing; every bad line is reported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from einclusie.devices import intake, services
from einclusie.devices.models import Device, DeviceTransition, IntakeBatch
from einclusie.devices.tests.factories import DeviceFactory

pytestmark = pytest.mark.django_db

DEFAULTS = {"device_type": "laptop", "brand": "HP", "model": "EliteBook 840", "condition": "good"}


def batch_data(**overrides):
    return {
        "received_on_day": "2",
        "received_on_month": "3",
        "received_on_year": "2026",
        "source": "company",
        "donor": "Bedrijf NV",
        "device_type": "laptop",
        "brand": "HP",
        "model": "EliteBook 840",
        "condition": "good",
        "lines": "",
        **overrides,
    }


def test_forty_laptops_from_a_company_in_one_go(client, alice, gent):
    client.force_login(alice)
    serials = "\n".join(f"5CG{number:07d}" for number in range(40))
    response = client.post(reverse("devices:batch_create"), batch_data(lines=serials))
    batch = IntakeBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("devices:batch", args=[batch.pk])
    assert batch.devices.count() == 40
    assert set(batch.devices.values_list("brand", "donor", "status")) == {("HP", "Bedrijf NV", "intake")}
    assert DeviceTransition.objects.filter(action="register").count() == 40


def test_a_batch_with_bad_lines_stores_nothing_and_reports_every_line(client, alice, gent):
    DeviceFactory(organisation=gent, serial_number="EXISTS1")
    client.force_login(alice)
    lines = "GOOD1\n\nGOOD2; Dell; Latitude\nexists1\ngood1\n;Dell\n"
    response = client.post(reverse("devices:batch_create"), batch_data(lines=lines))
    assert response.status_code == 200
    problems = response.context["problems"]
    assert problems == [
        (4, "Het serienummer EXISTS1 is al geregistreerd in uw toestellenbank."),
        (5, "Het serienummer GOOD1 staat ook op regel 1."),
        (6, "Het serienummer ontbreekt."),
    ]
    assert "Niets is geregistreerd: 3 regels hebben een probleem." in response.content.decode()
    assert Device.objects.count() == 1
    assert not IntakeBatch.objects.exists()


def test_a_spreadsheet_batch_reads_type_brand_and_condition(alice, gent):
    csv = "serienummer;soort;merk;model;staat\nA1;tablet;Samsung;Tab A8;goed\nA2;;;;defect\nA3;fiets;;;nieuw\n"
    rows = intake.rows_from_file(SimpleUploadedFile("partij.csv", csv.encode()), DEFAULTS)
    assert [(line, row["device_type"], row["brand"], row["condition"]) for line, row in rows] == [
        (2, "tablet", "Samsung", "good"),
        (3, "laptop", "HP", "broken"),
        (4, None, "HP", "new"),
    ]
    problems = services.batch_problems(organisation=gent, rows=rows)
    assert problems == [(4, "Onbekende soort toestel “fiets”.")]


def test_a_batch_needs_serials_or_a_file(client, alice):
    client.force_login(alice)
    response = client.post(reverse("devices:batch_create"), batch_data())
    assert "Vul de serienummers in of voeg een bestand toe." in response.content.decode()


def test_a_spreadsheet_with_an_unknown_column_is_refused_as_a_whole(client, alice):
    client.force_login(alice)
    upload = SimpleUploadedFile("partij.csv", b"serienummer;kleur\nA1;rood\n")
    response = client.post(reverse("devices:batch_create"), batch_data(file=upload))
    assert "Onbekende kolom “kleur”" in response.content.decode()
    assert not Device.objects.exists()


def test_one_device_and_a_batch_ask_the_shared_questions_alike(client, alice):
    """Type, condition, origin, donor and date are declared once (forms.IntakeFields) for both pages."""
    client.force_login(alice)
    future = {"received_on_day": "2", "received_on_month": "3", "received_on_year": "2099"}
    one = client.post(reverse("devices:create"), {**future, "serial_number": "X1", "brand": "HP"})
    many = client.post(reverse("devices:batch_create"), {**batch_data(lines="X1"), **future, "source": ""})
    one_errors, many_errors = one.context["form"].errors, many.context["form"].errors
    assert one_errors["received_on"] == many_errors["received_on"] == ["De datum van ontvangst ligt in de toekomst."]
    assert one_errors["source"] == many_errors["source"] == ["Kies de herkomst."]
    assert one_errors["device_type"] == ["Kies de soort toestel."]
    assert not Device.objects.exists()
