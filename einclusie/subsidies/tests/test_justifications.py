"""The functional and financial justification: pre-filled figures, limits, settlement and exactly one decision."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import MEASURES, codes
from einclusie.helppoints.models import HelpPoint, Location, Service
from einclusie.organisations.models import Membership
from einclusie.subsidies import applications as application_services
from einclusie.subsidies import justifications as services
from einclusie.subsidies.models import JustificationStatus, TrancheStatus
from einclusie.subsidies.tests.test_applications import call, complete_application  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

LONG_TEXT = "Samen met het OCMW en de bibliotheek hielpen we kwetsbare gezinnen aan internet thuis. " * 7


@pytest.fixture
def approved(client, alice, paula, call):  # noqa: F811
    application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    officer = Membership.objects.get(user=paula)
    application_services.application_transition(application=application, name="start_review", membership=officer)
    application = application_services.application_transition(
        application=application, name="approve", membership=officer, decision_reference="MB 2022"
    )
    first = application.tranches.get(position=1)
    first.status = TrancheStatus.PAID
    first.save()
    client.force_login(alice)
    return application


def report(client, application, **overrides):
    action = application.actions.get(is_mandatory=True)
    measure = codes(MEASURES).get(code="internet-thuis--connectiviteitsscan")
    data = {"description": LONG_TEXT[:800], "measures": [measure.pk], "impact": "120 gezinnen online.", **overrides}
    return client.post(reverse("subsidies:report_edit", args=[application.pk, action.pk]), data)


def expense(client, application, amount, **extra):
    data = {"category": "staff", "description": "Loon digicoach", "amount": amount, **extra}
    return client.post(reverse("subsidies:expense_add", args=[application.pk]), data)


def test_the_justification_is_prefilled_with_the_platforms_own_counts(client, approved, gent):
    service = Service.objects.create(organisation=gent, name="Digipunt", description="Hulp")
    location = Location.objects.create(
        organisation=gent,
        name="Bib",
        street="Straat 1",
        postal_code="9000",
        city="Gent",
        municipality=gent.municipality,
    )
    help_point = HelpPoint.objects.create(service=service, location=location)
    for day in (datetime.date(2023, 3, 1), datetime.date(2024, 5, 2), datetime.date(2025, 2, 1)):
        HelpContact.objects.create(
            organisation=gent, help_point=help_point, date=day, channel="phone", outcome="solved", duration="0-15"
        )
    page = client.get(reverse("subsidies:justification_detail", args=[approved.pk])).content.decode()
    # Two contacts fall in the 2022 call's period (1 November 2022 – 31 December 2024); the third is later.
    assert "<dt>Hulpcontacten in de digipunten</dt><dd>2</dd>" in page


def test_the_action_report_needs_500_to_1000_characters_and_offers_the_measures_of_its_type(client, approved):
    too_short = report(client, approved, description="Te kort.")
    assert "minstens 500 tekens (nu 8)" in too_short.content.decode()
    too_long = report(client, approved, description="x" * 1001)
    assert "ten hoogste 1000 tekens (nu 1001)" in too_long.content.decode()
    page = client.get(
        reverse("subsidies:report_edit", args=[approved.pk, approved.actions.get(is_mandatory=True).pk])
    ).content.decode()
    assert "Uitvoeren van een digi-connectiviteitsscan bij mensen thuis" in page
    assert "Digibuddy-werking opzetten" not in page
    assert report(client, approved).status_code == 302


def test_an_attachment_must_be_a_pdf_or_an_image(client, approved, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exe = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00 not a document", content_type="application/pdf")
    response = expense(client, approved, "100", attachment=exe)
    assert "Dit bestand is geen PDF, PNG, JPEG" in response.content.decode()
    assert not approved.justification.expenses.exists()
    pdf = SimpleUploadedFile("factuur.pdf", b"%PDF-1.4 factuur", content_type="application/pdf")
    expense(client, approved, "100", attachment=pdf)
    line = approved.justification.expenses.get()
    download = client.get(reverse("subsidies:expense_attachment", args=[approved.pk, line.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_complete_justification_is_accepted_and_releases_the_balance(client, approved, paula):
    report(client, approved)
    expense(client, approved, "250000")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    justification = approved.justification
    justification.refresh_from_db()
    assert justification.status == JustificationStatus.SUBMITTED
    assert "help_contacts" in justification.figures
    client.force_login(paula)
    client.post(reverse("subsidies:review_justification_decide", args=[approved.pk]), {"beslissing": "aanvaarden"})
    justification.refresh_from_db()
    assert justification.status == JustificationStatus.ACCEPTED
    balance = approved.tranches.get(position=2)
    assert (balance.status, balance.amount) == (TrancheStatus.DUE, Decimal(50000))
    assert justification.reclaim_amount is None


def test_spending_less_than_the_advance_means_a_reclaim(client, approved, paula):
    report(client, approved)
    expense(client, approved, "150000")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    officer = Membership.objects.get(user=paula)
    justification = services.justification_decide(justification=approved.justification, accept=True, membership=officer)
    assert justification.reclaim_amount == Decimal(50000)  # 200,000 paid, 150,000 spent
    assert approved.tranches.get(position=2).status == TrancheStatus.CANCELLED


def test_spending_between_the_advance_and_the_approved_amount_pays_the_difference(client, approved, paula):
    report(client, approved)
    expense(client, approved, "220000,50")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    officer = Membership.objects.get(user=paula)
    services.justification_decide(justification=approved.justification, accept=True, membership=officer)
    assert approved.tranches.get(position=2).amount == Decimal("20000.50")


def test_an_incomplete_justification_cannot_be_submitted(client, approved):
    response = client.post(reverse("subsidies:justification_submit", args=[approved.pk]), follow=True)
    page = response.content.decode()
    assert "Schrijf het verslag van de actie" in page
    assert "Voeg minstens één uitgave toe." in page
    assert approved.justification.status == JustificationStatus.DRAFT


def test_sending_back_needs_a_note_and_reopens_the_justification(client, approved, paula):
    report(client, approved)
    expense(client, approved, "1000")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    client.force_login(paula)
    decide = reverse("subsidies:review_justification_decide", args=[approved.pk])
    client.post(decide, {"beslissing": "terugsturen"})
    approved.justification.refresh_from_db()
    assert approved.justification.status == JustificationStatus.SUBMITTED
    client.post(decide, {"beslissing": "terugsturen", "note": "Voeg de facturen toe."})
    approved.justification.refresh_from_db()
    assert approved.justification.status == JustificationStatus.RETURNED
    assert approved.justification.is_editable


def test_reminders_go_to_approved_applications_without_a_justification_near_the_deadline(approved, call):  # noqa: F811
    step = call.step("justification")
    due = services.reminders_due(days=30, on=step.closes_on - datetime.timedelta(days=10))
    assert [application.pk for application, _deadline in due] == [approved.pk]
    assert services.reminders_due(days=30, on=step.closes_on - datetime.timedelta(days=60)) == []


def test_an_outsider_cannot_open_the_justification(client, approved, charlie):
    client.force_login(charlie)
    assert client.get(reverse("subsidies:justification_detail", args=[approved.pk])).status_code == 404


def test_the_reminder_command_mails_once_and_only_with_yes(approved, call, mailoutbox, monkeypatch):  # noqa: F811
    from django.core.management import call_command

    step = call.step("justification")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: step.closes_on - datetime.timedelta(days=5))
    call_command("subsidies", "remind")
    assert mailoutbox == []
    call_command("subsidies", "remind", "--yes")
    assert len(mailoutbox) == 1
    assert "verantwoording" in mailoutbox[0].body
    call_command("subsidies", "remind", "--yes")
    assert len(mailoutbox) == 1


def test_the_regional_overview_counts_applicants_and_names_late_justifications(client, approved, paula, call):  # noqa: F811
    client.force_login(paula)
    step = call.step("justification")
    step.closes_on = datetime.date.today() + datetime.timedelta(days=30)
    step.save()
    page = client.get(reverse("subsidies:call_overview", args=[call.pk])).content.decode()
    assert "1 van 299 gemeenten met een trekkingsrecht" in page
    assert "<li>Geen.</li>" in page
    step.closes_on = datetime.date(2020, 1, 1)
    step.save()
    page = client.get(reverse("subsidies:call_overview", args=[call.pk])).content.decode()
    assert "uiterste datum 1 januari 2020" in page
    export = client.get(reverse("subsidies:call_overview", args=[call.pk]), {"formaat": "csv"})
    assert "Stad Gent (test)" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_the_list_of_applications_links_to_a_justification(client, approved, paula, call):  # noqa: F811
    from einclusie.subsidies.justifications import justification_for

    justification_for(approved)
    client.force_login(paula)
    page = client.get(reverse("subsidies:review_list", args=[call.pk])).content.decode()
    assert reverse("subsidies:review_justification", args=[approved.pk]) in page


def test_devices_lent_and_given_in_the_period_are_prefilled(client, approved, gent, alice):
    from django.db.models import F
    from django.utils import timezone

    from einclusie.devices import services as devices
    from einclusie.devices.models import DeviceTransition
    from einclusie.devices.tests.conftest import CHECKLIST, make_available
    from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory

    laptops = [DeviceFactory(organisation=gent, received_on=datetime.date(2023, 5, 1)) for _ in range(3)]
    for laptop in laptops:
        make_available(laptop, alice)
    person = BeneficiaryFactory(organisation=gent)
    due = timezone.localdate() + datetime.timedelta(days=700)
    devices.loan_handover(device=laptops[0], beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due)
    devices.loan_handover(device=laptops[1], beneficiary=person, by=alice, checklist=CHECKLIST, as_gift=True)
    # Both steps in the 2022 call's period (1 November 2022 – 31 December 2024); the third laptop is lent today.
    today = timezone.localdate()
    DeviceTransition.objects.filter(occurred_on=today).update(
        occurred_on=datetime.date(2023, 6, 1), occurred_at=F("occurred_at") - (today - datetime.date(2023, 6, 1))
    )
    devices.loan_handover(device=laptops[2], beneficiary=person, by=alice, checklist=CHECKLIST, due_on=due)
    page = client.get(reverse("subsidies:justification_detail", args=[approved.pk])).content.decode()
    assert "<dt>Uitgeleende toestellen</dt><dd>1</dd>" in page
    assert "<dt>Geschonken toestellen</dt><dd>1</dd>" in page
