"""A local government applies as in the real 2022 form; the programme team reviews, decides and pays."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from einclusie.core.codelists import ACTION_TYPES, TARGET_GROUPS, codelists_load, codes
from einclusie.organisations.models import Kind, Membership
from einclusie.organisations.tests.factories import OrganisationFactory
from einclusie.subsidies import applications as services
from einclusie.subsidies.demo import call_2022_load
from einclusie.subsidies.models import Application, ApplicationStatus, Call, StepKind, Tranche, TrancheStatus
from einclusie.subsidies.tranches import tranche_amounts, tranche_mark_paid
from einclusie.subsidies.validators import validate_iban
from einclusie.territory.models import Municipality

pytestmark = pytest.mark.django_db

VALID_IBAN = "BE68 5390 0754 7034"
GENT_RIGHT = Decimal("1678197")  # the real 2022 drawing right of Gent


@pytest.fixture
def call(territory, gent, aalst):
    codelists_load()
    # The test personas' municipalities are the real Gent and Aalst of the reference data.
    for organisation, code in ((gent, "44021"), (aalst, "41002")):
        organisation.municipality = Municipality.objects.get(nis_code=code)
        organisation.save()
    call_2022_load()
    call = Call.objects.get(slug="iedereen-digitaal-2022")
    # The 2022 window is over: Gent and Aalst get an extension so they can apply today.
    step = call.step(StepKind.APPLICATION)
    for organisation in (gent, aalst):
        step.overrides.create(
            organisation=organisation, closes_on=timezone.localdate() + datetime.timedelta(days=30), reason="Test"
        )
    return call


def general_data(**overrides):
    return {
        "contact_first_name": "An",
        "contact_last_name": "Peeters",
        "contact_phone": "09 266 11 11",
        "contact_email": "an.peeters@example.org",
        "contact_job_title": "coördinator e-inclusie",
        "iban": VALID_IBAN,
        "is_gemeentefonds_account": "on",
        "requested_amount": "250000",
        "current_action_types": [codes(ACTION_TYPES).first().pk],
        **overrides,
    }


def action_data(**overrides):
    return {
        "action_type": codes(ACTION_TYPES).get(code="internet-thuis").pk,
        "objective": "Kwetsbare gezinnen hebben internet thuis.",
        "description": "We bieden samen met het OCMW een connectiviteitsscan aan huis aan.",
        "target_groups": [codes(TARGET_GROUPS).get(code="kansarmoede").pk],
        **overrides,
    }


def complete_application(client, alice, call):
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    application = Application.objects.get(call=call, organisation=alice.memberships.get().organisation)
    client.post(reverse("subsidies:application_edit", args=[application.pk]), general_data())
    client.post(reverse("subsidies:action_create", args=[application.pk]) + "?verplicht=1", action_data())
    return application


@pytest.mark.parametrize(
    ("iban", "valid"),
    [("BE68539007547034", True), ("BE68 5390 0754 7035", False), ("BE6853900754703", False), ("XX00", False)],
)
def test_an_iban_is_checked_with_its_check_digits(iban, valid):
    if valid:
        validate_iban(iban)
    else:
        with pytest.raises(ValidationError):
            validate_iban(iban)


def test_the_drawing_right_of_gent_is_its_2022_amount(call, gent):
    assert services.drawing_right_for(call=call, organisation=gent) == GENT_RIGHT


def test_a_merged_municipality_pools_the_rights_of_its_former_municipalities(call):
    pajottegem = OrganisationFactory(
        kind=Kind.MUNICIPALITY,
        name="Gemeente Pajottegem (test)",
        municipality=Municipality.objects.get(nis_code="23106"),
    )
    rights = call.published_key().drawing_rights.filter(municipality__nis_code__in=["23023", "23024", "23032"])
    assert services.drawing_right_for(call=call, organisation=pajottegem) == sum(r.amount for r in rights)


def test_a_partnership_pools_the_rights_of_its_members(call, gent, aalst):
    partnership = OrganisationFactory(kind=Kind.PARTNERSHIP, name="Samen digitaal (test)", municipality=None)
    partnership.partners.set([gent, aalst])
    assert services.drawing_right_for(call=call, organisation=partnership) == GENT_RIGHT + Decimal(329827)


def test_the_coordinator_fills_submits_and_gets_a_receipt(client, alice, call):
    application = complete_application(client, alice, call)
    application.refresh_from_db()
    assert application.requested_amount == Decimal(250000)
    assert services.submission_problems(application) == []
    response = client.post(reverse("subsidies:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == ApplicationStatus.SUBMITTED
    receipt = client.get(reverse("subsidies:application_receipt", args=[application.pk]))
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")
    # A submitted application no longer changes.
    client.post(reverse("subsidies:application_edit", args=[application.pk]), general_data(requested_amount="1"))
    application.refresh_from_db()
    assert application.requested_amount == Decimal(250000)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requested_amount", "1678197.01", "Het aangevraagde bedrag overschrijdt de maximale waarde voor dit bestuur"),
        ("requested_amount", "100,555", "ten hoogste twee cijfers na de komma"),
        ("requested_amount", "0", "groter zijn dan nul"),
        ("iban", "BE68 5390 0754 7035", "de controlecijfers kloppen niet"),
        ("no_current_actions", "on", "niet allebei"),
    ],
)
def test_bad_general_input_is_refused_with_a_specific_message(client, alice, call, field, value, message):
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    application = Application.objects.get(call=call)
    response = client.post(reverse("subsidies:application_edit", args=[application.pk]), general_data(**{field: value}))
    assert message in response.content.decode()
    application.refresh_from_db()
    assert application.requested_amount is None


def test_a_bank_letter_must_be_a_pdf_and_only_members_can_read_it(client, alice, charlie, call, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    application = Application.objects.get(call=call)
    url = reverse("subsidies:application_edit", args=[application.pk])
    not_pdf = SimpleUploadedFile("brief.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = client.post(url, general_data(is_gemeentefonds_account="", bank_letter=not_pdf))
    assert "Dit bestand is geen PDF" in response.content.decode()
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.7\n% test\n", content_type="application/pdf")
    client.post(url, general_data(is_gemeentefonds_account="", bank_letter=pdf))
    application.refresh_from_db()
    assert application.bank_letter.name.endswith(".pdf")
    assert str(tmp_path) in application.bank_letter.path
    letter_url = reverse("subsidies:application_bank_letter", args=[application.pk])
    assert b"".join(client.get(letter_url).streaming_content).startswith(b"%PDF-")
    client.force_login(charlie)
    assert client.get(letter_url).status_code == 404


def test_the_mandatory_action_respects_the_150_and_700_character_limits(client, alice, call):
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    application = Application.objects.get(call=call)
    url = reverse("subsidies:action_create", args=[application.pk]) + "?verplicht=1"
    response = client.post(url, action_data(objective="x" * 151, description="y" * 701))
    page = response.content.decode()
    assert "ten hoogste 150 tekens (nu 151)" in page
    assert "ten hoogste 700 tekens (nu 701)" in page
    assert not application.actions.exists()


def test_a_sixteenth_additional_action_is_refused(client, alice, call):
    application = complete_application(client, alice, call)
    url = reverse("subsidies:action_create", args=[application.pk])
    for number in range(15):
        client.post(url, action_data(objective=f"Actie {number}"))
    assert application.actions.filter(is_mandatory=False).count() == 15
    response = client.post(url, action_data(objective="Actie 16"))
    assert "ten hoogste 15 bijkomende acties" in response.content.decode()
    assert application.actions.filter(is_mandatory=False).count() == 15


def test_an_incomplete_application_cannot_be_submitted_and_says_what_is_missing(client, alice, call):
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    application = Application.objects.get(call=call)
    response = client.post(reverse("subsidies:application_submit", args=[application.pk]), follow=True)
    page = response.content.decode()
    assert "Vul het rekeningnummer in." in page
    assert "Beschrijf de verplichte actie." in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_after_the_deadline_nobody_can_apply_unless_their_deadline_was_extended(client, call, gent):
    ronse = OrganisationFactory(
        kind=Kind.MUNICIPALITY, name="Stad Ronse (test)", municipality=Municipality.objects.get(nis_code="45041")
    )
    allowed, reason = services.can_apply(call=call, organisation=ronse)
    assert not allowed
    assert "aanvraagperiode is voorbij" in reason
    assert services.can_apply(call=call, organisation=gent) == (True, "")


def test_a_submit_after_the_deadline_is_refused(client, alice, call, gent):
    application = complete_application(client, alice, call)
    call.step(StepKind.APPLICATION).overrides.filter(organisation=gent).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client.post(reverse("subsidies:application_submit", args=[application.pk]), follow=True)
    assert "De uiterste datum om aan te vragen is voorbij." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_review_approval_makes_tranches_that_are_paid_exactly_once(client, alice, paula, call):
    application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    client.force_login(paula)
    decide = reverse("subsidies:review_decide", args=[application.pk])
    client.post(decide, {"handeling": "start_review"})
    response = client.post(decide, {"handeling": "approve"}, follow=True)
    assert "Vermeld het besluit" in response.content.decode()
    client.post(decide, {"handeling": "approve", "decision_reference": "MB van 15 december 2022"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    tranches = list(application.tranches.order_by("position"))
    assert [tranche.amount for tranche in tranches] == [Decimal(200000), Decimal(50000)]
    assert [tranche.status for tranche in tranches] == [TrancheStatus.DUE, TrancheStatus.WAITING]
    letter = client.get(reverse("subsidies:application_letter", args=[application.pk]))
    assert letter.content.startswith(b"%PDF-")
    paid = reverse("subsidies:tranche_paid", args=[tranches[0].pk])
    client.post(paid, {"payment_reference": "BET-2023-001"})
    response = client.post(paid, {"payment_reference": "BET-2023-002"}, follow=True)
    assert "al betaald" in response.content.decode()
    tranches[0].refresh_from_db()
    assert tranches[0].payment_reference == "BET-2023-001"
    with pytest.raises(ValidationError, match="nog niet te betalen"):
        tranche_mark_paid(tranche=tranches[1], reference="x", by=None)
    export = client.get(reverse("subsidies:tranche_list", args=[call.pk]), {"formaat": "csv"})
    assert "BET-2023-001" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_a_request_for_changes_needs_a_note_and_lets_the_applicant_resubmit(client, alice, paula, call):
    application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    client.force_login(paula)
    decide = reverse("subsidies:review_decide", args=[application.pk])
    client.post(decide, {"handeling": "request_changes"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(decide, {"handeling": "request_changes", "note": "Verduidelijk de doelgroep."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CHANGES_REQUESTED
    client.force_login(alice)
    page = client.get(reverse("subsidies:application_detail", args=[application.pk])).content.decode()
    assert "Verduidelijk de doelgroep." in page
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert list(application.transitions.values_list("action", flat=True)) == ["submit", "request_changes", "resubmit"]


def test_bulk_approval_skips_applications_that_are_not_in_review(client, alice, charlie, paula, call):
    gent_application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[gent_application.pk]))
    aalst_application = complete_application(client, charlie, call)
    client.post(reverse("subsidies:application_submit", args=[aalst_application.pk]))
    paula_membership = Membership.objects.get(user=paula)
    for application in (gent_application, aalst_application):
        services.application_transition(application=application, name="start_review", membership=paula_membership)
    client.force_login(paula)
    response = client.post(
        reverse("subsidies:review_bulk_approve", args=[call.pk]),
        {"applications": [gent_application.pk, aalst_application.pk], "decision_reference": "MB 2022"},
        follow=True,
    )
    assert "2 aanvragen zijn goedgekeurd." in response.content.decode()
    assert Tranche.objects.count() == 4


def test_an_outsider_cannot_read_or_change_another_application(client, alice, charlie, call):
    application = complete_application(client, alice, call)
    client.force_login(charlie)
    assert client.get(reverse("subsidies:application_detail", args=[application.pk])).status_code == 404
    assert client.post(reverse("subsidies:application_submit", args=[application.pk])).status_code == 404


def test_read_only_colleagues_see_but_cannot_fill(client, alice, bob, call):
    application = complete_application(client, alice, call)
    client.force_login(bob)
    assert client.get(reverse("subsidies:application_detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("subsidies:application_edit", args=[application.pk])).status_code == 404


@pytest.mark.parametrize(("total", "split"), [(Decimal("100.01"), ["80.00", "20.01"]), (Decimal(3), ["2.40", "0.60"])])
def test_tranches_add_up_to_the_approved_amount_to_the_cent(total, split):
    assert tranche_amounts(total, [Decimal(80), Decimal(20)]) == [Decimal(value) for value in split]


@pytest.mark.django_db(transaction=True)
def test_two_officers_approving_at_once_give_one_decision(client, alice, paula, call):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    membership = Membership.objects.get(user=paula)
    services.application_transition(application=application, name="start_review", membership=membership)
    outcomes = []
    barrier = threading.Barrier(2)

    def approve():
        barrier.wait()
        try:
            services.application_transition(
                application=application, name="approve", membership=membership, decision_reference="MB"
            )
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert application.tranches.count() == 2
    assert application.transitions.filter(action="approve").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_tranche_marked_paid_twice_at_once_is_paid_once(client, alice, paula, call):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    membership = Membership.objects.get(user=paula)
    services.application_transition(application=application, name="start_review", membership=membership)
    services.application_transition(
        application=application, name="approve", membership=membership, decision_reference="MB"
    )
    tranche = application.tranches.get(position=1)
    outcomes = []
    barrier = threading.Barrier(2)

    def pay(reference):
        barrier.wait()
        try:
            tranche_mark_paid(tranche=tranche, reference=reference, by=paula)
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(f"BET-{number}",)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["paid", "refused"]


def test_a_member_of_a_partnership_that_applied_cannot_apply_alone(client, alice, call, gent, aalst):
    partnership = OrganisationFactory(kind=Kind.PARTNERSHIP, name="Samen digitaal (test)", municipality=None)
    partnership.partners.set([gent, aalst])
    call.step(StepKind.APPLICATION).overrides.create(
        organisation=partnership, closes_on=timezone.localdate() + datetime.timedelta(days=30), reason="Test"
    )
    Application.objects.create(call=call, organisation=partnership)
    allowed, reason = services.can_apply(call=call, organisation=gent)
    assert not allowed
    assert "Samen digitaal (test)" in reason
    client.force_login(alice)
    client.post(reverse("subsidies:apply_start"), {"oproep": call.pk})
    assert not Application.objects.filter(organisation=gent).exists()
