"""Factories for the help-point directory. Plain on purpose: pass what a test is about, the rest is realistic.

A location's municipality follows its organisation's; a help point's location belongs to the organisation
of its service. Codes (topics, languages) come from `codelists_load()`, not from factories.
"""

import datetime

import factory

from einclusie.helppoints.models import HelpPoint, Location, OpeningHours, ScheduleException, Service, Status
from einclusie.organisations.tests.factories import MunicipalityFactory, OrganisationFactory
from einclusie.territory.models import PostalCode


class PostalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostalCode
        django_get_or_create = ["code", "municipality"]

    code = "9000"
    municipality = factory.SubFactory(MunicipalityFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Digipunt {n}")
    description = "Hulp bij itsme, e-mail en uw smartphone. Kom gewoon langs."
    status = Status.ACTIVE
    is_free = True


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    street = "Kouter 1"
    postal_code = "9000"
    city = "Gent"
    municipality = factory.LazyAttribute(lambda location: location.organisation.municipality or MunicipalityFactory())
    latitude = None
    longitude = None


class HelpPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpPoint

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory, organisation=factory.SelfAttribute("..service.organisation"))
    walk_in = True
    by_appointment = False


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    help_point = factory.SubFactory(HelpPointFactory)
    weekday = 1  # Tuesday
    opens_at = datetime.time(9, 0)
    closes_at = datetime.time(12, 0)


class ScheduleExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleException

    help_point = factory.SubFactory(HelpPointFactory)
    starts_on = datetime.date(2026, 12, 24)
    ends_on = datetime.date(2027, 1, 1)
    closed = True
    reason = "Kerstvakantie"
