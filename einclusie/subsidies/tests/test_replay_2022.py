"""The 2022 call replayed from set-up to final settlement, as one story."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.organisations.models import Membership
from einclusie.subsidies import justifications
from einclusie.subsidies.models import ApplicationStatus, JustificationStatus, StepKind, TrancheStatus
from einclusie.subsidies.tests.test_applications import call, complete_application  # noqa: F401 - fixture
from einclusie.subsidies.tests.test_justifications import expense, report
from einclusie.subsidies.tranches import tranche_mark_paid

pytestmark = pytest.mark.django_db


def test_the_2022_call_from_drawing_rights_to_the_last_euro(client, alice, paula, call, gent):  # noqa: F811
    # Set-up: the real drawing rights are published; Gent may ask at most its own.
    page = client.get(reverse("subsidies:call_public", args=[call.slug])).content.decode()
    assert "1.678.197" in page

    # Application: filled, submitted, receipt.
    application = complete_application(client, alice, call)
    client.post(reverse("subsidies:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # Decision in bulk with the decree; 80 % is due at once and paid once.
    client.force_login(paula)
    client.post(reverse("subsidies:review_decide", args=[application.pk]), {"handeling": "start_review"})
    client.post(
        reverse("subsidies:review_bulk_approve", args=[call.pk]),
        {"applications": [application.pk], "decision_reference": "MB van 15 december 2022"},
    )
    first, balance = application.tranches.order_by("position")
    assert (first.amount, first.status) == (Decimal(200000), TrancheStatus.DUE)
    tranche_mark_paid(tranche=first, reference="BET-1", by=paula)

    # Justification, one organisation's own extended deadline, figures fixed at submission.
    step = call.step(StepKind.JUSTIFICATION)
    step.overrides.create(organisation=gent, closes_on=timezone.localdate() + datetime.timedelta(days=10), reason="x")
    client.force_login(alice)
    report(client, application)
    expense(client, application, "245000")
    client.post(reverse("subsidies:justification_submit", args=[application.pk]))
    justification = application.justification
    justification.refresh_from_db()
    assert justification.status == JustificationStatus.SUBMITTED
    assert not justifications.is_late(justification)

    # Acceptance releases the balance: 245,000 spent − 200,000 paid.
    justifications.justification_decide(
        justification=justification, accept=True, membership=Membership.objects.get(user=paula)
    )
    balance.refresh_from_db()
    assert (balance.amount, balance.status) == (Decimal(45000), TrancheStatus.DUE)
    tranche_mark_paid(tranche=balance, reference="BET-2", by=paula)
    paid = sum(tranche.amount for tranche in application.tranches.filter(status=TrancheStatus.PAID))
    assert paid == Decimal(245000)
