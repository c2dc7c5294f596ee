"""Two programme officers deciding on the same justification at the same moment (PostgreSQL only).

Approving an application twice and paying a tranche twice are in test_applications.py.
"""

import pytest
from django.urls import reverse

from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.organisations.models import Membership
from einclusie.subsidies import justifications as services
from einclusie.subsidies.models import Justification, JustificationStatus
from einclusie.subsidies.tests.test_applications import call  # noqa: F401 - fixture
from einclusie.subsidies.tests.test_justifications import approved, expense, report  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]


def test_accepting_and_sending_back_a_justification_at_once_gives_one_decision(client, approved, paula):  # noqa: F811
    report(client, approved)
    expense(client, approved, "250000")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    officer = Membership.objects.get(user=paula)
    justification = approved.justification

    results = at_once(
        lambda: services.justification_decide(justification=justification, accept=True, membership=officer),
        lambda: services.justification_decide(
            justification=justification, accept=False, membership=officer, note="Bewijsstuk ontbreekt."
        ),
    )
    assert refused(results) == 1
    decided = Justification.objects.get(pk=justification.pk)
    assert decided.status in (JustificationStatus.ACCEPTED, JustificationStatus.RETURNED)
    balance = approved.tranches.filter(position=2)
    if decided.status == JustificationStatus.ACCEPTED:
        assert balance.count() == 1
    assert approved.tranches.count() == 2
