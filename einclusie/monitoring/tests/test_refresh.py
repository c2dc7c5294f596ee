import datetime

import pytest
from django.utils import timezone

from einclusie.monitoring import items
from einclusie.monitoring.models import MonthlyFact, RefreshState
from einclusie.monitoring.services import monitoring_refresh
from einclusie.monitoring.tests.conftest import add_contacts

pytestmark = pytest.mark.django_db


def total(municipality, month, dimension="", code=""):
    return MonthlyFact.objects.filter(
        municipality=municipality, month=month, item=items.HELP_CONTACTS, dimension=dimension, code=code
    ).total()


def test_a_full_refresh_counts_contacts_per_municipality_month_and_topic(world, gent, aalst):
    january = datetime.date(2026, 1, 1)
    assert total(gent.municipality, january) == 30
    assert total(gent.municipality, january, "topic", "itsme") == 30
    assert total(gent.municipality, datetime.date(2026, 2, 1), "topic", "ebox") == 2
    assert total(aalst.municipality, january) == 3


def test_an_incremental_refresh_recounts_only_the_cells_of_new_contacts(world, gent, aalst):
    from einclusie.contacts.models import HelpContact

    HelpContact.objects.update(logged_at=timezone.now() - datetime.timedelta(hours=1))
    add_contacts(world["aalst_point"], datetime.date(2026, 3, 5), 4)
    result = monitoring_refresh(since=timezone.now() - datetime.timedelta(minutes=1))
    assert result["cells"] == 1
    assert total(aalst.municipality, datetime.date(2026, 3, 1)) == 4
    assert total(gent.municipality, datetime.date(2026, 1, 1)) == 30


def test_logging_a_contact_enqueues_a_refresh_that_counts_it(world, gent, django_capture_on_commit_callbacks):
    from einclusie.contacts import services
    from einclusie.monitoring.tasks import refresh_soon

    assert services.refresh_soon is refresh_soon  # contact_log calls it inside its transaction
    RefreshState.objects.update(refreshed_at=timezone.now(), contacts_logged_at=timezone.now())
    day = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        add_contacts(world["gent_point"], day, 5)
        refresh_soon()
    assert total(gent.municipality, day.replace(day=1)) >= 5
