"""Factories for the device bank. Pass what a test is about; the rest is realistic."""

import datetime

import factory
from django.utils import timezone

from einclusie.devices.models import (
    Beneficiary,
    Condition,
    ConnectivityItem,
    ConnectivityKind,
    DataWipe,
    Device,
    DeviceTransition,
    DeviceType,
    Source,
    WipeMethod,
)
from einclusie.organisations.tests.factories import OrganisationFactory


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    device_type = DeviceType.LAPTOP
    brand = "Lenovo"
    model = "ThinkPad T480"
    serial_number = factory.Sequence(lambda n: f"PF{n:06d}")
    source = Source.COMPANY
    donor = "Bedrijf NV"
    received_on = factory.LazyFunction(timezone.localdate)
    condition = Condition.GOOD

    @factory.post_generation
    def registered(obj, create, extracted, **kwargs):  # noqa: N805
        """The intake step, as device_register records it (pass registered=False to leave it out)."""
        if create and extracted is not False:
            DeviceTransition.objects.create(
                device=obj,
                organisation=obj.organisation,
                action="register",
                to_status=obj.status,
                occurred_at=timezone.now(),
                occurred_on=obj.received_on,
            )


class DataWipeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataWipe

    device = factory.SubFactory(DeviceFactory)
    method = WipeMethod.OVERWRITE
    wiped_on = factory.LazyFunction(timezone.localdate)
    wiped_by = "Digibank"
    certificate_number = factory.Sequence(lambda n: f"CERT-{n}")


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    consent = True
    consent_on = factory.LazyFunction(timezone.localdate)
    retain_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=900))
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    phone = "0470 12 34 56"

    @factory.post_generation
    def grounds(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.grounds.set(extracted)


class ConnectivityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConnectivityItem

    organisation = factory.SubFactory(OrganisationFactory)
    kind = ConnectivityKind.SIM
    provider = "Proximus"
    code = factory.Sequence(lambda n: f"8932{n:08d}")
    data = "20 GB per maand"
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))
