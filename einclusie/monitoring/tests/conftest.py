import datetime

import pytest

from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.helppoints.models import HelpPoint, Location, Service
from einclusie.territory.models import Indicator as TerritoryIndicator
from einclusie.territory.models import Statistic


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def help_point_in(organisation):
    service = Service.objects.create(organisation=organisation, name=f"Digipunt {organisation.name}", description="-")
    location = Location.objects.create(
        organisation=organisation,
        name="Bibliotheek",
        street="Straat 1",
        postal_code="9000",
        city="Stad",
        municipality=organisation.municipality,
    )
    return HelpPoint.objects.create(service=service, location=location)


def add_contacts(help_point, day, count, topic="itsme"):
    topic_code = Code.objects.get(code_list__slug="help-topics", code=topic)
    for _ in range(count):
        contact = HelpContact.objects.create(
            organisation=help_point.service.organisation,
            help_point=help_point,
            date=day,
            channel="walk_in",
            outcome="solved",
            duration="0-15",
        )
        contact.topics.add(topic_code)


@pytest.fixture
def world(gent, aalst, alice, charlie):
    """Gent with 30 contacts in January 2026 and 2 in February; Aalst with 3 in January; populations."""
    codelists_load()
    gent_point, aalst_point = help_point_in(gent), help_point_in(aalst)
    add_contacts(gent_point, datetime.date(2026, 1, 10), 30)
    add_contacts(gent_point, datetime.date(2026, 2, 10), 2, topic="ebox")
    add_contacts(aalst_point, datetime.date(2026, 1, 12), 3)
    inhabitants = TerritoryIndicator.objects.get_or_create(code="inhabitants", defaults={"name_nl": "inwoners"})[0]
    Statistic.objects.create(municipality=gent.municipality, indicator=inhabitants, year=2024, value=260000, source="t")
    Statistic.objects.create(municipality=aalst.municipality, indicator=inhabitants, year=2024, value=90000, source="t")
    from einclusie.monitoring.services import indicators_load, monitoring_refresh

    indicators_load()
    monitoring_refresh(full=True)
    return {"gent_point": gent_point, "aalst_point": aalst_point}
