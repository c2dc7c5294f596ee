"""Two coordinators saving the same help point at the same moment (PostgreSQL only)."""

import datetime

import pytest

from einclusie.core.tests.concurrency import at_once, only_on_postgresql, refused
from einclusie.helppoints import services
from einclusie.helppoints.models import HelpPoint
from einclusie.helppoints.tests.factories import HelpPointFactory, LocationFactory, ServiceFactory

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]

MORNINGS = [(weekday, datetime.time(9), datetime.time(12)) for weekday in range(5)]
EVENINGS = [(weekday, datetime.time(18), datetime.time(21)) for weekday in range(2)]


def _periods(help_point):
    return sorted(help_point.opening_hours.values_list("weekday", "opens_at", "closes_at"))


def test_two_saves_of_the_weekly_hours_at_once_keep_one_of_them_not_both(gent, alice):
    help_point = HelpPointFactory(
        service=ServiceFactory(organisation=gent), location=LocationFactory(organisation=gent)
    )
    results = at_once(
        lambda: services.opening_hours_replace(
            help_point=HelpPoint.objects.get(pk=help_point.pk), periods=MORNINGS, by=alice
        ),
        lambda: services.opening_hours_replace(
            help_point=HelpPoint.objects.get(pk=help_point.pk), periods=EVENINGS, by=alice
        ),
    )
    assert refused(results) == 0
    assert _periods(help_point) in (sorted(MORNINGS), sorted(EVENINGS))
    assert help_point.opening_hours.count() in (len(MORNINGS), len(EVENINGS))
