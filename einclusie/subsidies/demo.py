"""The Iedereen Digitaal 2022 call as a worked example, with its real drawing rights.

The drawing rights (version 1, fixed amounts, published) are the real ones of 2022 and add up to
23,124,995 euro (lblod/app-digitaal-loket, MIT). Version 2 is a what-if: the same envelope shared over the
285 municipalities of 2025 by inhabitants only, with a floor of 10,000 euro. The per-organisation deadline
extensions name demo organisations and are fictitious, like the demo data around them.
"""

import csv
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from einclusie.core.codelists import ACTION_TYPES, TARGET_GROUPS, codes
from einclusie.subsidies import services
from einclusie.subsidies.models import (
    Application,
    ApplicationStatus,
    ApplicationTransition,
    BeneficiaryKind,
    Call,
    CallStatus,
    KeyMethod,
    PaymentTrigger,
    QuestionKind,
    QuestionScope,
    StepKind,
    TrancheStatus,
)
from einclusie.subsidies.tranches import tranches_create
from einclusie.territory.models import Indicator, Municipality
from einclusie.territory.services import IEDEREEN_DIGITAAL_2022_CSV

SLUG_2022 = "iedereen-digitaal-2022"
ENVELOPE_MUNICIPALITIES = Decimal("23125000")
ENVELOPE_VGC = Decimal("1875000")
MANDATORY_ACTION = "internet-thuis"


def fixed_amounts_2022_csv():
    """The real 2022 drawing rights as the CSV the fixed-amount import reads (`nis_code;amount`)."""
    with open(IEDEREEN_DIGITAAL_2022_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return "nis_code;amount\n" + "".join(f"{row['nis_2022']};{row['drawing_right_eur']}\n" for row in rows)


def call_2022_load(*, organisations=None, by=None):
    """Create the 2022 call with its keys, once. Returns lines saying what was created."""
    if Call.objects.filter(slug=SLUG_2022).exists():
        return []
    with transaction.atomic():
        call = Call.objects.create(
            slug=SLUG_2022,
            title="Iedereen Digitaal 2022",
            scheme="Uitrol lokaal e-inclusiebeleid",
            description=(
                "Subsidie voor lokale besturen om een lokaal e-inclusiebeleid uit te bouwen: toegang, "
                "vaardigheden, ondersteuning op maat en toegankelijke digitale dienstverlening."
            ),
            eligibility="Alle Vlaamse gemeenten (met een trekkingsrecht) en de Vlaamse Gemeenschapscommissie.",
            exclusions="Geen loutere aankoop van ICT-materiaal zonder begeleiding.",
            legal_basis="Ministerieel besluit Iedereen Digitaal 2022 (Vlaamse Veerkracht)",
            status=CallStatus.PUBLISHED,
        )
        call.envelope_parts.create(beneficiary_kind=BeneficiaryKind.MUNICIPALITY, amount=ENVELOPE_MUNICIPALITIES)
        call.envelope_parts.create(beneficiary_kind=BeneficiaryKind.VGC, amount=ENVELOPE_VGC, is_maximum=True)
        call.steps.create(
            kind=StepKind.APPLICATION, opens_on=datetime.date(2022, 11, 1), closes_on=datetime.date(2024, 12, 31)
        )
        justification = call.steps.create(
            kind=StepKind.JUSTIFICATION, opens_on=datetime.date(2025, 1, 1), closes_on=datetime.date(2025, 6, 30)
        )
        for code in codes(ACTION_TYPES):
            call.action_types.create(action_type=code, is_mandatory=code.code == MANDATORY_ACTION)
        call.payment_rules.create(position=1, percentage=Decimal(80), trigger=PaymentTrigger.APPROVAL)
        call.payment_rules.create(position=2, percentage=Decimal(20), trigger=PaymentTrigger.JUSTIFICATION_ACCEPTED)
        # Two questions of the call beside the fixed form, not required: the 2022 form itself had none.
        call.questions.create(
            position=1,
            scope=QuestionScope.JUSTIFICATION,
            kind=QuestionKind.NUMBER,
            required=False,
            text_nl="Hoeveel vrijwilligers zetten zich in voor deze acties?",
            text_fr="Combien de bénévoles se sont engagés dans ces actions ?",
            text_en="How many volunteers took part in these actions?",
        )
        call.questions.create(
            position=1,
            scope=QuestionScope.ACTION,
            kind=QuestionKind.YES_NO,
            required=False,
            text_nl="Werd deze actie samen met het OCMW uitgevoerd?",
            text_fr="Cette action a-t-elle été menée avec le CPAS ?",
            text_en="Was this action carried out with the public social welfare centre (OCMW)?",
        )
        fixed = services.key_create(
            call=call,
            by=by,
            name="Trekkingsrechten 2022 (zoals vastgelegd door de Vlaamse overheid)",
            method=KeyMethod.FIXED,
            envelope=ENVELOPE_MUNICIPALITIES,
            reference_date=datetime.date(2022, 11, 1),
            statistics_year=2021,
            note="Verdeling op inwoners, ouderen en de sociale parameters van het Gemeentefonds 2021.",
        )
        report = services.key_import_fixed(key=fixed, text=fixed_amounts_2022_csv(), by=by)
        if not report.ok:
            raise ValueError(f"the 2022 drawing rights do not load: {report.errors[:3]}")
        services.key_publish(key=fixed, by=by)
        what_if = services.key_create(
            call=call,
            by=by,
            name="Proef: alleen inwoners, gemeenten van 2025, minimum 10.000 euro",
            method=KeyMethod.FORMULA,
            envelope=ENVELOPE_MUNICIPALITIES,
            floor=Decimal(10000),
            reference_date=datetime.date(2025, 1, 1),
            statistics_year=2021,
        )
        what_if.components.create(indicator=Indicator.objects.get(code="inhabitants"), weight=Decimal(1))
        # Herstappe has no population in the 2022 data: it had no drawing right then either.
        what_if.excluded.set(Municipality.objects.filter(nis_code="73028"))
        services.key_compute(key=what_if, by=by)
        if organisations:
            _demo_extensions(justification, organisations, by)
            _demo_applications(call, organisations)
    return [f"call {call.title} with {report.rows.__len__()} drawing rights"]


def _demo_extensions(step, organisations, by):
    extensions = {
        "gent": (datetime.date(2025, 9, 30), "Fictief voorbeeld: uitstel gevraagd wegens personeelswissel."),
        "ronse": (datetime.date(2026, 6, 30), "Fictief voorbeeld: uitstel tot een jaar later."),
    }
    for key, (closes_on, reason) in extensions.items():
        if key in organisations:
            services.deadline_extend(
                step=step, organisation=organisations[key], closes_on=closes_on, reason=reason, by=by
            )


DEMO_APPLICATIONS = {
    # organisation key: (status, requested amount, submitted on)
    "gent": (ApplicationStatus.APPROVED, Decimal("1250000"), datetime.date(2022, 12, 12)),
    "aalst": (ApplicationStatus.IN_REVIEW, Decimal("300000"), datetime.date(2023, 1, 20)),
    "ronse": (ApplicationStatus.CHANGES_REQUESTED, Decimal("75000"), datetime.date(2023, 2, 3)),
}
DEMO_IBAN = "BE68539007547034"  # a valid example number, not a real account


def _demo_applications(call, organisations):
    """Fictitious applications in every stage, and an open window for Pajottegem to try the form."""
    application_step = call.step(StepKind.APPLICATION)
    if "pajottegem" in organisations:
        application_step.overrides.create(
            organisation=organisations["pajottegem"],
            closes_on=datetime.date(datetime.date.today().year + 1, 6, 30),
            reason="Fictief voorbeeld: de demo laat Pajottegem de aanvraag uitproberen.",
        )
    action_types = {code.code: code for code in codes(ACTION_TYPES)}
    target_groups = list(codes(TARGET_GROUPS)[:3])
    for key, (status, amount, submitted_on) in DEMO_APPLICATIONS.items():
        organisation = organisations.get(key)
        if organisation is None or not action_types:
            continue
        submitted_at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(10, 0)))
        application = Application.objects.create(
            call=call,
            organisation=organisation,
            status=status,
            contact_first_name="Demo",
            contact_last_name="Coördinator",
            contact_phone="09 000 00 00",
            contact_email=f"coordinator.{key}@example.org",
            contact_job_title="coördinator e-inclusie",
            iban=DEMO_IBAN,
            requested_amount=amount,
            submitted_at=submitted_at,
        )
        application.current_action_types.set([action_types["ondersteuningsnetwerk"]])
        mandatory = application.actions.create(
            is_mandatory=True,
            action_type=action_types[MANDATORY_ACTION],
            objective="Kwetsbare gezinnen krijgen betaalbaar internet thuis.",
            description="Fictief voorbeeld: een connectiviteitsscan aan huis en hulp bij het sociaal internetaanbod.",
        )
        mandatory.target_groups.set(target_groups)
        extra = application.actions.create(
            action_type=action_types["vaardigheden"],
            objective="Wekelijkse digicafés in de bibliotheek.",
            description="Fictief voorbeeld: vrijwilligers helpen inwoners met hun smartphone en met itsme.",
        )
        extra.target_groups.set(target_groups[1:])
        steps = [("submit", ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, "")]
        if status != ApplicationStatus.SUBMITTED:
            steps.append(("start_review", ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ""))
        if status == ApplicationStatus.CHANGES_REQUESTED:
            steps.append(
                (
                    "request_changes",
                    ApplicationStatus.IN_REVIEW,
                    ApplicationStatus.CHANGES_REQUESTED,
                    "Fictief voorbeeld: beschrijf hoe u de doelgroep bereikt.",
                )
            )
        if status == ApplicationStatus.APPROVED:
            steps.append(("approve", ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED, ""))
            application.approved_amount = amount
            application.decided_at = submitted_at + datetime.timedelta(days=30)
            application.decision_reference = "Ministerieel besluit van 15 december 2022 (fictief voorbeeld)"
            application.save()
        for action, source, target, note in steps:
            ApplicationTransition.objects.create(
                application=application, action=action, from_status=source, to_status=target, note=note
            )
        if status == ApplicationStatus.APPROVED:
            first, *_rest = tranches_create(application=application)
            first.status = TrancheStatus.PAID
            first.paid_at = application.decided_at + datetime.timedelta(days=20)
            first.payment_reference = "DEMO-2023-0001"
            first.save()
            _demo_justification(application, mandatory)


def _demo_justification(application, mandatory):
    """Gent is halfway through its justification: one action reported, one expense."""
    from einclusie.subsidies.justifications import justification_for
    from einclusie.subsidies.models import ActionReport

    justification = justification_for(application)
    ActionReport.objects.create(
        justification=justification,
        action=mandatory,
        description=(
            "Fictief voorbeeld. Samen met het OCMW en de bibliotheek bezochten digicoaches gezinnen die geen "
            "internet thuis hadden. Ze keken welke verbinding er mogelijk was, hielpen bij de aanvraag van het "
            "sociaal internetaanbod en legden uit hoe je veilig online gaat. Wie dat wou, kreeg daarna een "
            "afspraak in een digipunt om itsme en Mijn Burgerprofiel in te stellen. De gezinnen werden bereikt "
            "via de sociale dienst, scholen en buurtwerkers, met een folder in eenvoudige taal."
        ),
        impact="Fictief voorbeeld: 140 gezinnen hebben nu internet thuis.",
    )
    justification.expenses.create(category="staff", description="Loon digicoach (fictief)", amount=Decimal(180000))
