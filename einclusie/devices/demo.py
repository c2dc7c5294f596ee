"""A fictitious device bank for the demo: a company's donated laptops in every status, people (all made up),
loans running, overdue, returned and given, SIM cards and vouchers, and the public check switched on.

Every donor and person says "(demo)". Safe to run twice: an organisation that has devices is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from einclusie.devices import privacy, services
from einclusie.devices.models import (
    Beneficiary,
    Device,
    DeviceTransition,
    EligibilityGround,
    Loan,
    LoanReminder,
    ReminderChannel,
    ReminderStage,
)
from einclusie.organisations.models import Membership

CHECKLIST = {
    "checked_wiped": True,
    "checked_charger": True,
    "checked_bag": True,
    "checked_explained": True,
    "checked_signed": True,
}

WHERE = {
    "gent": (
        "Sociaal Huis (demo), Onderbergen 86, 9000 Gent. Op dinsdag en donderdag van 9 tot 12 uur.",
        "Maison sociale (démo), Onderbergen 86, 9000 Gand. Le mardi et le jeudi de 9 à 12 heures.",
        "Social House (demo), Onderbergen 86, 9000 Ghent. Tuesdays and Thursdays from 9 to 12.",
    ),
    "ocmw-gent": (
        "OCMW Gent, onthaal (demo), Sint-Salvatorstraat 18, 9000 Gent. Elke werkdag van 9 tot 12 uur.",
        "",
        "",
    ),
}

# (name, grounds by kind, referrer kind, referrer name)
PEOPLE = {
    "gent": [
        ("Maria V. (demo)", ["leefloon"], "ocmw", "OCMW Gent (demo)"),
        ("Ahmed B. (demo)", ["verhoogde-tegemoetkoming", "schuldenregeling"], "caw", "CAW Oost-Vlaanderen (demo)"),
        ("Olena K. (demo)", ["doorverwijzing-ocmw"], "ocmw", "OCMW Gent (demo)"),
        ("Georges D. (demo)", ["igo"], "self", ""),
        ("Yasmina E. (demo)", ["handicap"], "health", "Ziekenfonds (demo)"),
        ("Rik P. (demo)", ["doorverwijzing-caw"], "caw", "CAW Oost-Vlaanderen (demo)"),
    ],
    "ocmw-gent": [
        ("Fatima A. (demo)", ["leefloon"], "ocmw", "OCMW Gent (demo)"),
        ("Luc M. (demo)", ["schuldenregeling"], "social", "Welzijnsschakel (demo)"),
    ],
}


def _actor(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role__in=["coordinator", "helper"])
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.user if membership else None


def _backdate(device, days_ago):
    """Move the steps of a device so far to `days_ago` days before today (the demo has a history)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    shift = datetime.timedelta(days=days_ago)
    for step in DeviceTransition.objects.filter(device=device, occurred_on=timezone.localdate()):
        step.occurred_on = day
        step.occurred_at = step.occurred_at - shift
        step.save(update_fields=["occurred_on", "occurred_at"])


def _people(organisation, key, by):
    grounds = {ground.kind: ground for ground in EligibilityGround.objects.for_organisation(organisation)}
    people = []
    today = timezone.localdate()
    for number, (name, kinds, referrer_kind, referrer_name) in enumerate(PEOPLE[key], start=1):
        person = Beneficiary.objects.create(
            organisation=organisation,
            municipality=organisation.municipality,
            referrer_kind=referrer_kind,
            referrer_name=referrer_name,
            consent=True,
            consent_on=today - datetime.timedelta(days=90),
            retain_until=services.add_months(today, 30),
            full_name=name,
            phone=f"0470 00 00 {number:02d}",
            referrer_file=f"DEMO-{number:03d}",
            created_by=by,
        )
        person.grounds.set([grounds[kind] for kind in kinds])
        people.append(person)
    return people


def _wiped(device, by, *, days_ago):
    services.wipe_record(
        device=device,
        method="overwrite",
        wiped_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        wiped_by="Digibank Gent (demo)",
        certificate_number=f"BL-DEMO-{device.pk:05d}",
        by=by,
    )


def _bank_for_gent(organisation, by):
    today = timezone.localdate()
    received = today - datetime.timedelta(days=420)
    rows = [
        (
            number,
            {
                "serial_number": f"DEMO-PF{number:04d}",
                "device_type": "laptop",
                "brand": "Lenovo",
                "model": "ThinkPad T480",
                "specifications": "i5, 8 GB, 256 GB SSD",
                "condition": "good",
            },
        )
        for number in range(1, 15)
    ]
    batch = services.batch_register(
        organisation=organisation,
        received_on=received,
        source="company",
        donor="Nova Logistics NV (demo)",
        note="Vervangen kantoorlaptops (demo)",
        rows=rows,
        by=by,
    )
    devices = list(batch.devices.order_by("pk"))
    tablet = services.device_register(
        organisation=organisation,
        by=by,
        serial_number="DEMO-R9TAB01",
        device_type="tablet",
        brand="Samsung",
        model="Galaxy Tab A8",
        source="citizen",
        received_on=today - datetime.timedelta(days=10),
        condition="usable",
    )
    for device in devices:
        _backdate(device, 420)
    people = _people(organisation, "gent", by)
    # 0–1: still waiting for a wipe; 2: wiped; 3: refurbished; 4–6: available; 7: reserved;
    # 8–10: lent (10 overdue); 11: returned; 12: given; 13: recycled.
    for device in devices[2:13]:
        _wiped(device, by, days_ago=400)
    services.device_transition(device=devices[3], action="refurbish", by=by, note="Nieuwe batterij (demo)")
    for device in devices[4:13]:
        services.device_transition(device=device, action="make_available", by=by)
    for device in devices[2:13]:
        _backdate(device, 400)
    services.loan_reserve(
        device=devices[7],
        beneficiary=people[5],
        reserved_from=today,
        reserved_until=today + datetime.timedelta(days=14),
        by=by,
    )
    for device, person in zip(devices[8:12], people[:4], strict=True):
        services.loan_handover(
            device=device,
            beneficiary=person,
            by=by,
            checklist=CHECKLIST,
            due_on=services.add_months(today, 24),
            language="nl",
        )
        _backdate(device, 380)
    Loan.objects.filter(device=devices[10]).update(
        handed_over_on=today - datetime.timedelta(days=760), due_on=today - datetime.timedelta(days=30)
    )
    services.loan_return(loan=devices[11].loans.get(), condition="usable", by=by, note="Kras op het deksel (demo)")
    # Due back in twelve days, from someone with an e-mail address: "Binnenkort terug" and its reminder button.
    Loan.objects.filter(device=devices[9]).update(due_on=today + datetime.timedelta(days=12))
    Beneficiary.objects.filter(pk=people[1].pk).update(email="lener.demo@example.org")
    # The overdue one has no e-mail address: last night's round put it on "Bellen of schrijven".
    LoanReminder.objects.create(
        loan=devices[10].loans.get(),
        stage=ReminderStage.LATE_30,
        due_on=today - datetime.timedelta(days=30),
        channel=ReminderChannel.CALL,
        automatic=True,
    )
    # A reservation whose window passed: not handed over until it is extended (or released at night).
    services.loan_reserve(
        device=devices[6],
        beneficiary=people[3],
        reserved_from=today - datetime.timedelta(days=20),
        reserved_until=today - datetime.timedelta(days=6),
        by=by,
        today=today - datetime.timedelta(days=20),
    )
    services.loan_handover(
        device=devices[12], beneficiary=people[4], by=by, checklist=CHECKLIST, due_on=services.add_months(today, 24)
    )
    services.loan_convert_to_gift(loan=devices[12].loans.get(), by=by)
    services.device_transition(device=devices[13], action="recycle", by=by, note="Moederbord defect (demo)")
    services.device_transition(device=tablet, action="send_to_repair", by=by, note="Scherm gebarsten (demo)")
    # Someone who asked to be erased: the loan stays, anonymously.
    erased = Beneficiary.objects.create(
        organisation=organisation,
        municipality=organisation.municipality,
        consent=True,
        retain_until=services.add_months(today, 6),
        full_name="Wordt gewist (demo)",
    )
    erased.grounds.set([EligibilityGround.objects.for_organisation(organisation).first()])
    privacy.beneficiary_erase(beneficiary=erased, by=by)
    _connectivity(organisation, by)
    return len(devices) + 1


def _connectivity(organisation, by):
    today = timezone.localdate()
    services.connectivity_add(
        organisation=organisation,
        kind="sim",
        provider="Proximus (demo)",
        codes=[f"89320000{number:04d}" for number in range(1, 7)],
        data="20 GB per maand",
        valid_until=today + datetime.timedelta(days=200),
        by=by,
    )
    services.connectivity_add(
        organisation=organisation,
        kind="voucher",
        provider="Orange (demo)",
        codes=["DEMO-VOUCHER-1", "DEMO-VOUCHER-2"],
        data="10 GB",
        valid_until=today - datetime.timedelta(days=5),
        by=by,
    )
    person = Beneficiary.objects.for_organisation(organisation).not_erased().order_by("pk").first()
    item = organisation.connectivity_items.filter(kind="sim").order_by("pk").first()
    services.connectivity_hand_out(item=item, beneficiary=person, by=by)


def _bank_for_ocmw(organisation, by):
    today = timezone.localdate()
    devices = []
    for number, (kind, brand, model) in enumerate(
        [("laptop", "Dell", "Latitude 5490"), ("laptop", "HP", "EliteBook 840 G5"), ("smartphone", "Samsung", "A52")],
        start=1,
    ):
        device = services.device_register(
            organisation=organisation,
            by=by,
            serial_number=f"DEMO-OCMW-{number:03d}",
            device_type=kind,
            brand=brand,
            model=model,
            source="purchase",
            donor="Refurbisher (demo)",
            received_on=today - datetime.timedelta(days=30),
            condition="good",
        )
        _wiped(device, by, days_ago=20)
        services.device_transition(device=device, action="make_available", by=by)
        devices.append(device)
    people = _people(organisation, "ocmw-gent", by)
    # A laptop due back in ten days (the person gave an e-mail address) and a reservation whose window passed.
    services.loan_handover(
        device=devices[1], beneficiary=people[0], by=by, checklist=CHECKLIST, due_on=services.add_months(today, 24)
    )
    Loan.objects.filter(device=devices[1]).update(due_on=today + datetime.timedelta(days=10))
    Beneficiary.objects.filter(pk=people[0].pk).update(email="lener.ocmw.demo@example.org")
    services.loan_reserve(
        device=devices[2],
        beneficiary=people[1],
        reserved_from=today - datetime.timedelta(days=20),
        reserved_until=today - datetime.timedelta(days=6),
        by=by,
        today=today - datetime.timedelta(days=20),
    )
    return len(devices)


BANKS = {"gent": _bank_for_gent, "ocmw-gent": _bank_for_ocmw}


def demo_devices(organisations):
    """Fill the device banks of the demo organisations. Returns the number of devices created."""
    created = 0
    with transaction.atomic():
        for key, build in BANKS.items():
            organisation = organisations.get(key)
            if organisation is None or Device.objects.filter(organisation=organisation).exists():
                continue
            bank = services.bank_settings(organisation)
            bank.public_check = True
            bank.where_nl, bank.where_fr, bank.where_en = WHERE[key]
            bank.save()
            created += build(organisation, _actor(organisation))
    return created
