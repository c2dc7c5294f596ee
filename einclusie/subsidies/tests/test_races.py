"""Two programme officers deciding on the same justification or publishing the same distribution key at the same
moment (PostgreSQL only).

Approving an application twice and paying a tranche twice are in test_applications.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from einclusie.core.models import Event
from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.organisations.models import Membership
from einclusie.subsidies import justifications as services
from einclusie.subsidies import services as keys
from einclusie.subsidies.demo import call_2022_load
from einclusie.subsidies.models import Call, DistributionKey, Justification, JustificationStatus, KeyStatus
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


@pytest.fixture
def computed_key(territory):
    """The 2022 call's what-if version (a formula over the municipalities of 2025), computed, not yet published."""
    call_2022_load()
    key = Call.objects.get(slug="iedereen-digitaal-2022").keys.get(version=2)
    return keys.key_compute(key=key, by=None)


def test_publishing_a_distribution_key_twice_at_once_publishes_it_once(computed_key, paula):
    events = Event.objects.filter(verb="subsidies.key.published")
    before = events.count()
    results = at_once(
        lambda: keys.key_publish(key=computed_key, by=paula), lambda: keys.key_publish(key=computed_key, by=paula)
    )
    assert refused(results) == 1
    assert DistributionKey.objects.get(pk=computed_key.pk).status == KeyStatus.PUBLISHED
    assert events.count() == before + 1


def test_recomputing_a_key_while_it_is_published_never_takes_the_publication_back(computed_key, paula):
    # The settings page holds the key as it was read: computed, so still editable.
    stale = DistributionKey.objects.get(pk=computed_key.pk)
    results = at_once(
        lambda: keys.key_publish(key=computed_key, by=paula), lambda: keys.key_compute(key=stale, by=paula)
    )
    assert not isinstance(results[0], ValidationError)  # publishing a computed key always succeeds
    key = DistributionKey.objects.get(pk=computed_key.pk)
    assert key.status == KeyStatus.PUBLISHED
    assert key.drawing_rights.exists()
    # The recompute came before the publication or was refused: never after it.
    if isinstance(results[1], ValidationError):
        assert "gepubliceerde versie verandert niet meer" in results[1].messages[0]
    else:
        assert key.computed_at <= key.published_at
