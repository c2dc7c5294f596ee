"""Gent's device bank for the tenant-isolation walk (einclusie/core/tests/test_tenant_isolation.py).

Made once per test on first use, so the walk's fixture stays as it is: PARAMETERS call `device_data(data)`.
"""

import datetime

from django.utils import timezone

from einclusie.devices import services
from einclusie.devices.models import (
    Beneficiary,
    ConnectivityItem,
    DataWipe,
    Device,
    EligibilityGround,
    IntakeBatch,
    Loan,
)

CHECKLIST = {"checked_wiped": True, "checked_explained": True, "checked_signed": True}


def device_data(data):
    if "devices" in data:
        return data["devices"]
    gent, alice = data["organisation"], data["alice"]
    bank = services.bank_settings(gent)
    bank.public_check = True
    bank.where_nl = "Sociaal Huis Gent (test)"
    bank.save()
    ground = EligibilityGround.objects.for_organisation(gent).first()
    today = timezone.localdate()
    batch = services.batch_register(
        organisation=gent,
        received_on=today,
        source="company",
        donor="Bedrijf Gent (test)",
        rows=[
            (1, {"serial_number": "GENT-1", "device_type": "laptop", "brand": "Dell", "condition": "good"}),
            (2, {"serial_number": "GENT-2", "device_type": "tablet", "brand": "Samsung", "condition": "good"}),
        ],
        by=alice,
    )
    device = batch.devices.get(serial_number="GENT-1")
    wipe = services.wipe_record(
        device=device, method="overwrite", wiped_on=today, wiped_by="Digibank", certificate_number="C-1", by=alice
    )
    services.device_transition(device=device, action="make_available", by=alice)
    person = Beneficiary.objects.create(
        organisation=gent,
        municipality=gent.municipality,
        consent=True,
        retain_until=today + datetime.timedelta(days=700),
        full_name="Persoon Gent (test)",
        email="lener-gent@example.org",
    )
    person.grounds.set([ground])
    loan = services.loan_handover(
        device=device, beneficiary=person, by=alice, checklist=CHECKLIST, due_on=today + datetime.timedelta(days=700)
    )
    (item,) = services.connectivity_add(organisation=gent, kind="sim", provider="Proximus", codes=["8932000"], by=alice)
    data["devices"] = {
        "batch": batch,
        "device": device,
        "wipe": wipe,
        "beneficiary": person,
        "loan": loan,
        "item": item,
        "ground": ground,
    }
    return data["devices"]


def devices_snapshot():
    """What an outsider must never change: Gent's device bank (an outsider's visit may set up their own)."""
    gent = {"organisation__municipality__nis_code": "44021"}
    return (
        sorted(Device.objects.filter(**gent).values_list("pk", "status", "serial_number", "data_wiped")),
        sorted(IntakeBatch.objects.filter(**gent).values_list("pk", "donor")),
        DataWipe.objects.filter(device__organisation__municipality__nis_code="44021").count(),
        sorted(Beneficiary.objects.filter(**gent).values_list("pk", "full_name", "erased_at", "retain_until")),
        sorted(Loan.objects.filter(**gent).values_list("pk", "status", "reminders")),
        sorted(ConnectivityItem.objects.filter(**gent).values_list("pk", "status")),
        sorted(EligibilityGround.objects.filter(**gent).values_list("pk", "label_nl", "is_active")),
    )
