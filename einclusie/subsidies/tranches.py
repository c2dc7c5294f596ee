"""Tranches are made when an application is approved and paid exactly once."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.models import record_event
from einclusie.subsidies.models import PaymentTrigger
from einclusie.subsidies.models.tranches import Tranche, TrancheStatus

CENT = Decimal("0.01")


def tranche_amounts(total, percentages):
    """Split an amount by percentages in cents; the last tranche takes the rest, so they add up exactly."""
    amounts = [(total * percentage / 100).quantize(CENT, rounding=ROUND_DOWN) for percentage in percentages[:-1]]
    return [*amounts, total - sum(amounts, Decimal(0))]


def tranches_create(*, application):
    """Make the tranches of an approved application from the call's schedule (once)."""
    if application.tranches.exists():
        return list(application.tranches.all())
    rules = list(application.call.payment_rules.order_by("position"))
    if not rules:
        return []
    amounts = tranche_amounts(application.approved_amount, [rule.percentage for rule in rules])
    return Tranche.objects.bulk_create(
        Tranche(
            application=application,
            position=rule.position,
            percentage=rule.percentage,
            amount=amount,
            trigger=rule.trigger,
            status=TrancheStatus.DUE if rule.trigger == PaymentTrigger.APPROVAL else TrancheStatus.WAITING,
        )
        for rule, amount in zip(rules, amounts, strict=True)
    )


def tranche_mark_paid(*, tranche, reference, by):
    """Record that the finance system paid this tranche. A second time is refused: it is paid exactly once."""
    with transaction.atomic():
        locked = Tranche.objects.select_for_update().get(pk=tranche.pk)
        if locked.status == TrancheStatus.PAID:
            raise ValidationError(_("Deze schijf is al betaald op %(date)s.") % {"date": locked.paid_at.date()})
        if locked.status != TrancheStatus.DUE:
            raise ValidationError(_("Deze schijf is nog niet te betalen."))
        locked.status = TrancheStatus.PAID
        locked.paid_at = timezone.now()
        locked.paid_by = by
        locked.payment_reference = reference
        locked.save()
    record_event(
        verb="subsidies.tranche.paid",
        actor=by,
        organisation=locked.application.organisation,
        subject=locked,
        tranche=locked.pk,
        amount=str(locked.amount),
    )
    return locked
