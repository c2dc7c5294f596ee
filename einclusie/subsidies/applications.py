"""Writes of applications: start, fill, submit, review and decide. One function per step, each recorded."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.organisations.models import Kind
from einclusie.subsidies.models import (
    Application,
    ApplicationTransition,
    BeneficiaryKind,
    CallStatus,
    DrawingRight,
    StepKind,
)
from einclusie.subsidies.models.applications import MAX_ADDITIONAL_ACTIONS
from einclusie.subsidies.workflow import TRANSITIONS

# The message of the real 2022 form, word for word.
AMOUNT_TOO_HIGH = gettext_noop("Het aangevraagde bedrag overschrijdt de maximale waarde voor dit bestuur")
APPLICANT_KINDS = {Kind.MUNICIPALITY, Kind.OCMW, Kind.VGC, Kind.PARTNERSHIP}


def municipalities_of(organisation):
    """The municipalities an organisation applies for: its own, or those of every member of a partnership."""
    if organisation.kind == Kind.PARTNERSHIP:
        return {partner.municipality_id for partner in organisation.partners.all() if partner.municipality_id}
    return {organisation.municipality_id} if organisation.municipality_id else set()


def drawing_right_for(*, call, organisation):
    """The most this organisation may ask: the published drawing rights of its municipalities, pooled.

    Rights of former municipalities count for the municipality they merged into (grants outlive mergers).
    The VGC may ask the VGC part of the envelope. None when the call has no published right for it.
    """
    if organisation.kind == Kind.VGC:
        part = call.envelope_parts.filter(beneficiary_kind=BeneficiaryKind.VGC).first()
        return part.amount if part else None
    key = call.published_key()
    municipalities = municipalities_of(organisation)
    if key is None or not municipalities:
        return None
    rights = DrawingRight.objects.filter(key=key).filter(
        Q(municipality__in=municipalities) | Q(municipality__successor__in=municipalities)
    )
    if not rights.exists():
        return None
    return rights.aggregate(total=Sum("amount"))["total"]


def can_apply(*, call, organisation, on=None):
    """(allowed, reason): whether this organisation can start an application for the call now."""
    if call.status != CallStatus.PUBLISHED:
        return False, _("Deze oproep staat niet open.")
    if organisation.kind not in APPLICANT_KINDS:
        return False, _("Alleen lokale besturen en samenwerkingsverbanden kunnen aanvragen.")
    step = call.step(StepKind.APPLICATION)
    on = on or timezone.localdate()
    if step is None or not step.is_open_for(organisation, on):
        return False, _("De aanvraagperiode is voorbij of nog niet begonnen.")
    if drawing_right_for(call=call, organisation=organisation) is None:
        return False, _("Dit bestuur heeft geen trekkingsrecht in deze oproep.")
    pooled = overlapping_application(call=call, organisation=organisation)
    if pooled is not None:
        return False, _("Dit bestuur vraagt al aan via %(name)s: samen één aanvraag.") % {
            "name": pooled.organisation.name
        }
    return True, ""


def overlapping_application(*, call, organisation):
    """Another application for the call that already uses this organisation's drawing right.

    A partnership applies once for all its members: a member cannot apply on its own as well, and a
    partnership cannot pool a member that already applied.
    """
    others = Application.objects.filter(call=call).exclude(organisation=organisation).select_related("organisation")
    if organisation.kind == Kind.PARTNERSHIP:
        return others.filter(organisation__in=organisation.partners.all()).first()
    return others.filter(organisation__in=organisation.partnerships.all()).first()


def application_start(*, call, organisation, by):
    """The organisation's application for the call: the existing one, or a new draft."""
    existing = Application.objects.filter(call=call, organisation=organisation).first()
    if existing:
        return existing
    allowed, reason = can_apply(call=call, organisation=organisation)
    if not allowed:
        raise ValidationError(reason)
    application, created = Application.objects.get_or_create(
        call=call,
        organisation=organisation,
        defaults={
            "contact_first_name": by.first_name,
            "contact_last_name": by.last_name,
            "contact_email": by.email,
        },
    )
    if created:
        record_event(verb="subsidies.application.started", actor=by, organisation=organisation, subject=application)
    return application


def _ensure_editable(application):
    if not application.is_editable_by_applicant:
        raise ValidationError(_("Deze aanvraag is ingediend en kan niet meer veranderen."))


def application_save(*, form, by):
    """Save the general part of a draft (contact, bank account, amount, current actions)."""
    _ensure_editable(form.instance)
    with transaction.atomic():
        locked = lock_unchanged(form)  # two people editing the same application: the second save is refused
        _ensure_editable(locked or form.instance)  # not submitted in the meantime
        application = form.save()
    record_event(
        verb="subsidies.application.saved", actor=by, organisation=application.organisation, subject=application
    )
    return application


def action_save(*, application, form, mandatory, by):
    """Save one action of a draft; there is at most one mandatory action and at most 15 additional ones."""
    _ensure_editable(application)
    action = form.save(commit=False)
    is_new = action.pk is None
    if is_new and not mandatory:
        additional = application.actions.filter(is_mandatory=False).count()
        if additional >= MAX_ADDITIONAL_ACTIONS:
            raise ValidationError(
                _("Een aanvraag heeft ten hoogste %(count)s bijkomende acties.") % {"count": MAX_ADDITIONAL_ACTIONS}
            )
    if is_new and mandatory and application.actions.filter(is_mandatory=True).exists():
        raise ValidationError(_("De verplichte actie bestaat al: pas ze aan."))
    action.application = application
    action.is_mandatory = mandatory if is_new else action.is_mandatory
    with transaction.atomic():
        lock_unchanged(form)  # two people editing the same action: the second save is refused
        action.save()
        form.save_m2m()
    record_event(
        verb="subsidies.application.action_saved",
        actor=by,
        organisation=application.organisation,
        subject=application,
        action=action.pk,
    )
    return action


def action_delete(*, action, by):
    application = action.application
    _ensure_editable(application)
    if action.is_mandatory:
        raise ValidationError(_("De verplichte actie kan niet weg. Pas ze aan."))
    action.delete()
    record_event(
        verb="subsidies.application.action_deleted",
        actor=by,
        organisation=application.organisation,
        subject=application,
    )


def submission_problems(application):
    """What still stops the application from being submitted, in the order of the form."""
    problems = []
    contact = [
        application.contact_first_name,
        application.contact_last_name,
        application.contact_phone,
        application.contact_email,
        application.contact_job_title,
    ]
    if not all(contact):
        problems.append(_("Vul de gegevens van de contactpersoon volledig in."))
    if not application.iban:
        problems.append(_("Vul het rekeningnummer in."))
    if not application.is_gemeentefonds_account and not application.bank_letter:
        problems.append(
            _("Voeg de brief toe die het rekeningnummer bevestigt: het is niet de rekening van het Gemeentefonds.")
        )
    maximum = drawing_right_for(call=application.call, organisation=application.organisation)
    if not application.requested_amount:
        problems.append(_("Vul het gevraagde bedrag in."))
    elif maximum is not None and application.requested_amount > maximum:
        problems.append(_(AMOUNT_TOO_HIGH) + ".")
    if not application.no_current_actions and not application.current_action_types.exists():
        problems.append(
            _("Duid aan welke acties rond e-inclusie het bestuur nu al organiseert, of dat er nog geen zijn.")
        )
    mandatory_types = set(application.call.action_types.filter(is_mandatory=True).values_list("action_type", flat=True))
    mandatory = application.actions.filter(is_mandatory=True).first()
    if mandatory_types and mandatory is None:
        problems.append(_("Beschrijf de verplichte actie."))
    for action in application.actions.prefetch_related("target_groups"):
        if not action.target_groups.all() and not action.target_group_other:
            problems.append(
                _("Kies minstens één doelgroep voor de actie “%(objective)s”.") % {"objective": action.objective}
            )
    return problems


def application_transition(*, application, name, membership, note="", decision_reference=""):
    """Take one transition of the workflow table; exactly one of two people doing it at once succeeds."""
    transition = TRANSITIONS[name]
    if not membership.allows(transition.permission):
        raise ValidationError(_("Uw rol laat dit niet toe."))
    if transition.needs_note and not note.strip():
        raise ValidationError(_("Schrijf kort waarom: de aanvrager leest dit."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call", "organisation").get(pk=application.pk)
        if locked.status not in transition.sources:
            raise ValidationError(
                _("Dit kan niet meer: de aanvraag is intussen %(status)s.") % {"status": locked.get_status_display()}
            )
        if name in ("submit", "resubmit"):
            _check_submission(locked)
            locked.submitted_at = timezone.now()
        if name == "approve":
            if not decision_reference.strip():
                raise ValidationError(_("Vermeld het besluit waarop de goedkeuring steunt."))
            locked.approved_amount = locked.requested_amount
        if name in ("approve", "reject"):
            locked.decided_at = timezone.now()
            locked.decision_reference = decision_reference.strip()
        if name == "reopen":
            locked.decided_at = None
            locked.approved_amount = None
        previous = locked.status
        locked.status = transition.target
        locked.save()
        ApplicationTransition.objects.create(
            application=locked,
            action=name,
            from_status=previous,
            to_status=locked.status,
            by=membership.user,
            note=note.strip(),
        )
        if name == "approve":
            from einclusie.subsidies.tranches import tranches_create

            tranches_create(application=locked)
    record_event(
        verb=f"subsidies.application.{name}",
        actor=membership.user,
        organisation=locked.organisation,
        subject=locked,
        application=locked.pk,
        from_status=previous,
        to_status=locked.status,
    )
    return locked


def _check_submission(application):
    problems = submission_problems(application)
    step = application.call.step(StepKind.APPLICATION)
    if step is None or not step.is_open_for(application.organisation, timezone.localdate()):
        problems.insert(0, _("De uiterste datum om aan te vragen is voorbij."))
    if problems:
        raise ValidationError(problems)


def applications_bulk_approve(*, applications, decision_reference, membership):
    """Approve every application in review among these, with one decision; returns (approved, skipped)."""
    approved, skipped = [], []
    for application in applications:
        try:
            approved.append(
                application_transition(
                    application=application,
                    name="approve",
                    membership=membership,
                    decision_reference=decision_reference,
                )
            )
        except ValidationError:
            skipped.append(application)
    return approved, skipped


def total_requested(applications):
    return applications.aggregate(total=Sum("requested_amount"))["total"] or Decimal(0)
