"""The device bank's pages, as a coordinator, a digihelper, a read-only colleague and an outsider."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from einclusie.core.models import Event
from einclusie.devices.models import Device, DeviceStatus, Loan, LoanStatus
from einclusie.devices.tests.conftest import make_available
from einclusie.devices.tests.factories import DataWipeFactory, DeviceFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_a_digihelper_takes_in_wipes_lends_and_takes_back_a_laptop(client, helper, person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(helper)
    today = timezone.localdate()
    response = client.post(
        reverse("devices:create"),
        {
            "device_type": "laptop",
            "brand": "Lenovo",
            "model": "ThinkPad T480",
            "serial_number": "pf-1abc",
            "condition": "good",
            "source": "citizen",
            **date_fields("received_on", today),
        },
    )
    device = Device.objects.get()
    assert response["Location"] == reverse("devices:detail", args=[device.pk])
    page = client.get(response["Location"]).content.decode()
    assert "nog niet gewist" in page

    response = client.post(
        reverse("devices:wipe", args=[device.pk]),
        {
            "method": "overwrite",
            "wiped_by": "Hanne",
            "certificate_file": SimpleUploadedFile("certificaat.pdf", PDF),
            **date_fields("wiped_on", today),
        },
    )
    assert response.status_code == 302
    wipe = device.wipes.get()
    assert wipe.certificate_file.name.startswith("devices/wipe-certificates/")
    assert client.get(reverse("devices:certificate", args=[wipe.pk]))["Content-Type"] == "application/pdf"

    client.post(reverse("devices:step", args=[device.pk]), {"stap": "make_available"})
    device.refresh_from_db()
    assert device.status == DeviceStatus.AVAILABLE

    url = reverse("devices:handover", args=[device.pk]) + f"?persoon={person.pk}"
    page = client.get(url).content.decode()
    assert "Maria Peeters" in page
    preview = client.get(reverse("devices:agreement_preview", args=[device.pk]) + f"?persoon={person.pk}")
    assert preview["Content-Type"] == "application/pdf"
    response = client.post(
        url,
        {
            "kind": "loan",
            "language": "nl",
            "checklist": ["checked_wiped", "checked_charger"],
            **date_fields("due_on", today + datetime.timedelta(days=730)),
        },
    )
    assert "Bevestig dat u de overeenkomst uitlegde." in response.content.decode()
    assert not Loan.objects.exists()
    response = client.post(
        url,
        {
            "kind": "loan",
            "language": "fr",
            "checklist": ["checked_wiped", "checked_charger", "checked_explained", "checked_signed"],
            **date_fields("due_on", today + datetime.timedelta(days=730)),
        },
    )
    loan = Loan.objects.get()
    assert response["Location"] == reverse("devices:loan", args=[loan.pk])
    assert (loan.status, loan.agreement_language, loan.checked_bag) == (LoanStatus.LENT, "fr", False)
    agreement = client.get(reverse("devices:agreement", args=[loan.pk]))
    assert agreement["Content-Type"] == "application/pdf"
    assert agreement.content.startswith(b"%PDF")

    response = client.post(
        reverse("devices:loan_return", args=[loan.pk]), {"return_condition": "usable", "return_note": "Kras"}
    )
    assert response["Location"] == reverse("devices:detail", args=[device.pk])
    device.refresh_from_db()
    assert (device.status, device.data_wiped) == (DeviceStatus.RETURNED, False)
    again = client.post(reverse("devices:loan_return", args=[loan.pk]), {"return_condition": "usable"})
    assert "Dit toestel is niet uitgeleend: terugbrengen kan niet." in again.content.decode()


def test_the_agreement_uses_the_text_the_local_government_wrote(client, alice, available, person, bank):
    from einclusie.devices import agreement

    bank.agreement_nl = "Afspraak met {referentie} over {serienummer} tot {terugbrengen_tegen}. {onbekend}"
    bank.save()
    loan = Loan(
        organisation=available.organisation,
        device=available,
        beneficiary=person,
        due_on=datetime.date(2028, 3, 31),
    )
    text = agreement.fill(bank.agreement_text("nl"), agreement.agreement_values(loan))
    assert text == f"Afspraak met {person.reference} over PF1ABC23 tot 31 maart 2028. {{onbekend}}"
    assert bank.agreement_text("fr").startswith("Entre {organisatie}")


def test_a_read_only_colleague_sees_the_stock_but_no_people_and_changes_nothing(client, bob, available, person):
    client.force_login(bob)
    for name in ("devices:home", "devices:list", "devices:loans", "devices:connectivity", "devices:figures"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("devices:detail", args=[available.pk])).status_code == 200
    for url in (
        reverse("devices:beneficiaries"),
        reverse("devices:beneficiary", args=[person.pk]),
        reverse("devices:create"),
        reverse("devices:wipe", args=[available.pk]),
        reverse("devices:handover", args=[available.pk]),
        reverse("devices:settings"),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("devices:step", args=[available.pk]), {"stap": "recycle", "note": "x"}).status_code == 404
    )
    available.refresh_from_db()
    assert available.status == DeviceStatus.AVAILABLE


def test_a_digihelper_lends_but_does_not_configure_nor_erase(client, helper, person):
    client.force_login(helper)
    assert client.get(reverse("devices:beneficiary", args=[person.pk])).status_code == 200
    assert client.get(reverse("devices:settings")).status_code == 404
    assert client.get(reverse("devices:export_json", args=[person.pk])).status_code == 404
    assert client.post(reverse("devices:erase", args=[person.pk])).status_code == 404


def test_an_outsider_gets_404_for_every_object(client, charlie, available, person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    wipe = DataWipeFactory(device=available, certificate_file=SimpleUploadedFile("c.pdf", PDF))
    client.force_login(charlie)
    for url in (
        reverse("devices:detail", args=[available.pk]),
        reverse("devices:certificate", args=[wipe.pk]),
        reverse("devices:beneficiary", args=[person.pk]),
        reverse("devices:export_pdf", args=[person.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("devices:list")).content.decode().count("PF1ABC23") == 0


def test_a_person_is_registered_with_consent_and_a_retention_date(client, alice, grounds, gent):
    client.force_login(alice)
    data = {
        "municipality": gent.municipality_id,
        "grounds": [grounds["leefloon"].pk],
        "referrer_kind": "ocmw",
        "full_name": "Jan Janssens",
        **date_fields("retain_until", timezone.localdate() + datetime.timedelta(days=400)),
    }
    response = client.post(reverse("devices:beneficiary_create"), data)
    assert "Zonder toestemming van de persoon kunnen we geen gegevens bewaren." in response.content.decode()
    response = client.post(reverse("devices:beneficiary_create"), {**data, "consent": "on"})
    person = gent.beneficiaries.get()
    assert response["Location"] == reverse("devices:beneficiary", args=[person.pk])
    assert person.reference.startswith("TB-")
    assert person.consent_on == timezone.localdate()
    assert Event.objects.filter(verb="beneficiary.created", subject=person.reference).exists()
    assert "Jan Janssens" not in str(list(Event.objects.values_list("subject", "data")))


def test_the_device_list_pins_its_query_count(client, alice, gent, django_assert_max_num_queries):
    for _ in range(30):
        DeviceFactory(organisation=gent)
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("devices:list"))
    assert response.content.decode().count("<tr>") == 31


def test_the_pages_of_the_device_bank_answer(client, alice, available, person, alice_loan_steps):
    client.force_login(alice)
    loan = alice_loan_steps
    for url in (
        reverse("devices:home"),
        reverse("devices:list") + "?status=available&persoon=" + str(person.pk),
        reverse("devices:batch_create"),
        reverse("devices:edit", args=[available.pk]),
        reverse("devices:reserve", args=[available.pk]),
        reverse("devices:beneficiaries") + "?zoek=Maria",
        reverse("devices:beneficiary_edit", args=[person.pk]),
        reverse("devices:social_internet", args=[person.pk]),
        reverse("devices:loans") + "?toon=te-laat",
        reverse("devices:loans") + "?toon=alle",
        reverse("devices:loan", args=[loan.pk]),
        reverse("devices:loan_gift", args=[loan.pk]),
        reverse("devices:erase", args=[person.pk]),
        reverse("devices:connectivity_add"),
        reverse("devices:grounds"),
        reverse("devices:ground_create"),
        reverse("devices:figures"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.fixture
def alice_loan_steps(alice, gent, grounds):
    from einclusie.devices import services
    from einclusie.devices.tests.conftest import CHECKLIST
    from einclusie.devices.tests.factories import BeneficiaryFactory

    device = make_available(DeviceFactory(organisation=gent), alice)
    other = BeneficiaryFactory(organisation=gent, grounds=[grounds["igo"]])
    return services.loan_handover(
        device=device,
        beneficiary=other,
        by=alice,
        checklist=CHECKLIST,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def test_a_certificate_that_is_no_pdf_or_image_is_refused(client, alice, device, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    response = client.post(
        reverse("devices:wipe", args=[device.pk]),
        {
            "method": "overwrite",
            "wiped_by": "Jan",
            "certificate_file": SimpleUploadedFile("certificaat.pdf", b"MZ\x90\x00 not a pdf"),
            **date_fields("wiped_on", timezone.localdate()),
        },
    )
    assert "Dit bestand is geen PDF, PNG, JPEG. Kies een ander bestand." in response.content.decode()
    device.refresh_from_db()
    assert (device.status, device.wipes.count()) == (DeviceStatus.INTAKE, 0)


def test_recording_a_wipe_for_a_device_that_is_out_is_refused(client, alice, available, person):
    from einclusie.devices import services
    from einclusie.devices.tests.conftest import CHECKLIST

    services.loan_handover(device=available, beneficiary=person, by=alice, checklist=CHECKLIST, as_gift=True)
    client.force_login(alice)
    response = client.post(
        reverse("devices:wipe", args=[available.pk]),
        {
            "method": "overwrite",
            "wiped_by": "Jan",
            "certificate_number": "X-1",
            **date_fields("wiped_on", timezone.localdate()),
        },
    )
    assert "Een wissing registreren kan alleen voor een toestel dat binnenkwam" in response.content.decode()
    assert available.wipes.count() == 1


def test_a_device_is_corrected_but_never_gets_a_serial_of_another_device(client, alice, gent, device):
    DeviceFactory(organisation=gent, serial_number="OTHER1")
    client.force_login(alice)
    data = {
        "device_type": "laptop",
        "brand": "Lenovo",
        "model": "ThinkPad T490",
        "serial_number": "other 1",
        "condition": "usable",
        "source": "company",
        **date_fields("received_on", device.received_on),
    }
    response = client.post(reverse("devices:edit", args=[device.pk]), data)
    assert "Het serienummer OTHER1 is al geregistreerd in uw toestellenbank." in response.content.decode()
    response = client.post(reverse("devices:edit", args=[device.pk]), {**data, "serial_number": "pf1abc23"})
    assert response["Location"] == reverse("devices:detail", args=[device.pk])
    device.refresh_from_db()
    assert (device.model, device.condition, device.serial_number) == ("ThinkPad T490", "usable", "PF1ABC23")
