import pytest

from einclusie.core.roles import Role
from einclusie.devices import services
from einclusie.devices.models import DeviceStatus, EligibilityGround, WipeMethod
from einclusie.devices.tests.factories import BeneficiaryFactory, DeviceFactory
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def helper(gent):
    """Hanne, digihelper at Stad Gent: she takes devices in, wipes and lends them."""
    return MembershipFactory(user=UserFactory(email="hanne@example.org"), organisation=gent, role=Role.HELPER).user


@pytest.fixture
def bank(gent):
    """Gent's device bank, with the standard eligibility grounds."""
    return services.bank_settings(gent)


@pytest.fixture
def grounds(bank):
    return {ground.kind: ground for ground in EligibilityGround.objects.for_organisation(bank.organisation)}


@pytest.fixture
def device(gent):
    """A laptop Gent just took in: not wiped yet."""
    return DeviceFactory(organisation=gent, serial_number="PF1ABC23")


def make_available(device, by):
    """Wipe a device and make it available, as the helpers do."""
    services.wipe_record(
        device=device,
        method=WipeMethod.OVERWRITE,
        wiped_on=device.received_on,
        wiped_by="Digibank Gent",
        certificate_number="BL-2026-0001",
        by=by,
    )
    services.device_transition(device=device, action="make_available", by=by)
    device.refresh_from_db()
    assert device.status == DeviceStatus.AVAILABLE
    return device


@pytest.fixture
def available(device, alice):
    return make_available(device, alice)


@pytest.fixture
def person(gent, grounds):
    return BeneficiaryFactory(organisation=gent, full_name="Maria Peeters", grounds=[grounds["leefloon"]])


CHECKLIST = {
    "checked_wiped": True,
    "checked_charger": True,
    "checked_bag": False,
    "checked_explained": True,
    "checked_signed": True,
}
