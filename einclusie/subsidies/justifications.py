"""Writes of justifications: start, report per action, expenses, submit, accept or send back, and settle.

Settlement rule: the eligible amount is what was spent, at most the approved amount. The balance tranche
pays the eligible amount minus what was already paid; when more was paid than is eligible, the
difference is reclaimed (terugvordering) and the balance tranche lapses.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.concurrency import EDIT_CONFLICT, lock_unchanged
from einclusie.core.models import record_event
from einclusie.subsidies.applications import municipalities_of
from einclusie.subsidies.models import (
    ApplicationStatus,
    Justification,
    JustificationStatus,
    StepKind,
    Tranche,
    TrancheStatus,
)
from einclusie.subsidies.questions import unanswered


def justification_period(application):
    """From the opening of the call's application step to the day before the justification opens."""
    application_step = application.call.step(StepKind.APPLICATION)
    justification_step = application.call.step(StepKind.JUSTIFICATION)
    start = application_step.opens_on if application_step else application.created_at.date()
    end = justification_step.opens_on - datetime.timedelta(days=1) if justification_step else timezone.localdate()
    return start, end


def platform_figures(*, organisation, start, end):
    """What the platform itself counted for this organisation's municipalities in the period (no retyping)."""
    from einclusie.contacts.models import HelpContact

    municipalities = municipalities_of(organisation)
    contacts = HelpContact.objects.in_period(start, end).filter(help_point__location__municipality__in=municipalities)
    figures = {"help_contacts": contacts.count()}
    try:
        from einclusie.courses.models import Enrolment
    except ImportError:  # pragma: no cover - the courses module is part of the product
        return figures
    in_place = Q(course__location__municipality__in=municipalities) | Q(
        course__location__isnull=True, course__organisation__municipality__in=municipalities
    )
    enrolments = Enrolment.objects.in_period(start, end).filter(in_place)
    figures["course_participants"] = enrolments.participants().count()
    figures["course_completions"] = enrolments.completed().count()
    figures.update(_device_figures(organisation, municipalities, start, end))
    return figures


def _device_figures(organisation, municipalities, start, end):
    """Devices lent and given by the organisation and by the local governments of its municipalities."""
    from einclusie.devices import monitoring
    from einclusie.organisations.models import Organisation

    lenders = {organisation, *Organisation.objects.filter(municipality__in=municipalities)}
    return {
        "devices_lent": sum(monitoring.devices_lent(organisation=org, start=start, end=end) for org in lenders),
        "devices_given": sum(monitoring.devices_given(organisation=org, start=start, end=end) for org in lenders),
    }


def justification_for(application):
    """The justification of an approved application (made on first use)."""
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationError(_("Alleen een goedgekeurde aanvraag wordt verantwoord."))
    existing = Justification.objects.filter(application=application).first()
    if existing:
        return existing
    start, end = justification_period(application)
    justification, _created = Justification.objects.get_or_create(
        application=application, defaults={"period_start": start, "period_end": end}
    )
    return justification


def _ensure_editable(justification):
    if not justification.is_editable:
        raise ValidationError(_("Deze verantwoording is ingediend en kan niet meer veranderen."))


def report_save(*, justification, form, by):
    _ensure_editable(justification)
    try:
        with transaction.atomic():
            lock_unchanged(form)  # two people editing the same report: the second save is refused
            report = form.save(commit=False)
            report.justification = justification
            report.save()
            form.save_m2m()
    except IntegrityError as error:  # two first reports of one action at the same moment: one is kept
        raise ValidationError(EDIT_CONFLICT, code="edit_conflict") from error
    record_event(
        verb="subsidies.justification.report_saved",
        actor=by,
        organisation=justification.application.organisation,
        subject=justification,
    )
    return report


def expense_add(*, justification, form, by):
    _ensure_editable(justification)
    expense = form.save(commit=False)
    expense.justification = justification
    attachment = expense.attachment
    with transaction.atomic():
        expense.attachment = None
        expense.save()
        if attachment:
            expense.attachment = attachment
            expense.save(update_fields=["attachment"])
    record_event(
        verb="subsidies.justification.expense_added",
        actor=by,
        organisation=justification.application.organisation,
        subject=justification,
        amount=str(expense.amount),
    )
    return expense


def expense_remove(*, expense, by):
    justification = expense.justification
    _ensure_editable(justification)
    if expense.attachment:
        expense.attachment.delete(save=False)
    expense.delete()
    record_event(
        verb="subsidies.justification.expense_removed",
        actor=by,
        organisation=justification.application.organisation,
        subject=justification,
    )


def totals(justification):
    """Spent, approved, already paid, and what the settlement would be now."""
    application = justification.application
    spent = justification.expenses.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    approved = application.approved_amount or Decimal(0)
    paid = application.tranches.filter(status=TrancheStatus.PAID).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    eligible = min(spent, approved)
    return {
        "spent": spent,
        "approved": approved,
        "paid": paid,
        "eligible": eligible,
        "balance": max(eligible - paid, Decimal(0)),
        "reclaim": max(paid - eligible, Decimal(0)),
    }


def justification_problems(justification):
    """What still stops the justification from being submitted."""
    problems = []
    reported = set(justification.action_reports.values_list("action_id", flat=True))
    for action in justification.application.actions.all():
        if action.pk not in reported:
            problems.append(_("Schrijf het verslag van de actie “%(objective)s”.") % {"objective": action.objective})
    if not justification.expenses.exists():
        problems.append(_("Voeg minstens één uitgave toe."))
    return problems + unanswered(justification)


def is_late(justification, on=None):
    step = justification.application.call.step(StepKind.JUSTIFICATION)
    if step is None:
        return False
    moment = justification.submitted_at.date() if justification.submitted_at else (on or timezone.localdate())
    return moment > step.deadline_for(justification.application.organisation)


def justification_submit(*, justification, membership):
    """Submit for review, with the platform's figures for the period fixed as they are today."""
    if not membership.allows("subsidies.apply"):
        raise ValidationError(_("Uw rol laat dit niet toe."))
    with transaction.atomic():
        locked = Justification.objects.select_for_update().select_related("application__call").get(pk=justification.pk)
        _ensure_editable(locked)
        problems = justification_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.figures = platform_figures(
            organisation=locked.application.organisation, start=locked.period_start, end=locked.period_end
        )
        locked.status = JustificationStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save()
    record_event(
        verb="subsidies.justification.submitted",
        actor=membership.user,
        organisation=locked.application.organisation,
        subject=locked,
        late=is_late(locked),
    )
    return locked


def justification_decide(*, justification, accept, membership, note=""):
    """Accept (and settle: balance tranche or reclaim) or send back with a note. Exactly one decision wins."""
    if not membership.allows("subsidies.review"):
        raise ValidationError(_("Uw rol laat dit niet toe."))
    if not accept and not note.strip():
        raise ValidationError(_("Schrijf kort wat er moet veranderen: de aanvrager leest dit."))
    with transaction.atomic():
        locked = Justification.objects.select_for_update().select_related("application").get(pk=justification.pk)
        if locked.status != JustificationStatus.SUBMITTED:
            raise ValidationError(
                _("Dit kan niet meer: de verantwoording is intussen %(status)s.")
                % {"status": locked.get_status_display()}
            )
        locked.status = JustificationStatus.ACCEPTED if accept else JustificationStatus.RETURNED
        locked.decided_at = timezone.now()
        locked.decided_by = membership.user
        locked.officer_note = note.strip()
        if accept:
            _settle(locked)
        locked.save()
    record_event(
        verb="subsidies.justification.accepted" if accept else "subsidies.justification.returned",
        actor=membership.user,
        organisation=locked.application.organisation,
        subject=locked,
    )
    return locked


def _settle(justification):
    figures = totals(justification)
    waiting = list(
        Tranche.objects.select_for_update()
        .filter(application=justification.application, status=TrancheStatus.WAITING)
        .order_by("position")
    )
    balance = figures["balance"]
    for tranche in waiting:
        share = min(balance, tranche.amount)
        if share > 0:
            tranche.amount = share
            tranche.status = TrancheStatus.DUE
            balance -= share
        else:
            tranche.status = TrancheStatus.CANCELLED
        tranche.save(update_fields=["amount", "status"])
    justification.reclaim_amount = figures["reclaim"] or None


def reminders_due(*, days, on=None):
    """Approved applications whose justification is not in yet, with their deadline within `days` days.

    One reminder per week at most: a justification reminded less than 7 days ago is skipped.
    """
    from einclusie.subsidies.models import Application

    on = on or timezone.localdate()
    due = []
    for application in (
        Application.objects.filter(status=ApplicationStatus.APPROVED)
        .select_related("call", "organisation")
        .prefetch_related("call__steps__overrides")
    ):
        step = application.call.step(StepKind.JUSTIFICATION)
        if step is None:
            continue
        deadline = step.deadline_for(application.organisation)
        justification = Justification.objects.filter(application=application).first()
        if justification and not justification.is_editable:
            continue
        if justification and justification.last_reminder_on and (on - justification.last_reminder_on).days < 7:
            continue
        if on <= deadline <= on + datetime.timedelta(days=days) or deadline < on:
            due.append((application, deadline))
    return due
