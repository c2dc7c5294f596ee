"""A person's rights over the device bank's data, and the retention job.

- `beneficiary_export`: everything stored about one person, as a dict (the JSON export and the PDF use it).
- `beneficiary_erase`: the personal fields emptied and the reference replaced by a new random one; loans,
  steps, municipality and grounds stay, so the counts do not change but nobody can be traced.
- `beneficiaries_purge`: the same for everyone past their retention date (`einclusie devices purge`).
Export and erasure are recorded in the activity log (without the personal data).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.models import record_event
from einclusie.devices.models import ACTIVE_LOAN_STATUSES, Beneficiary
from einclusie.devices.models.people import new_reference


def _date(value):
    return value.isoformat() if value else None


def beneficiary_data(beneficiary):
    """Everything the device bank stores about one person, in plain keys."""
    loans = beneficiary.loans.select_related("device", "course").order_by("created_at", "pk")
    items = beneficiary.connectivity_items.order_by("handed_out_on", "pk")
    return {
        "reference": beneficiary.reference,
        "organisation": beneficiary.organisation.name,
        "municipality": {"nis_code": beneficiary.municipality.nis_code, "name": beneficiary.municipality.name_nl},
        "grounds": [ground.label_nl for ground in beneficiary.grounds.order_by("position", "pk")],
        "referrer": {"kind": beneficiary.referrer_kind, "name": beneficiary.referrer_name},
        "consent": beneficiary.consent,
        "consent_on": _date(beneficiary.consent_on),
        "retain_until": _date(beneficiary.retain_until),
        "personal": {field: getattr(beneficiary, field) for field in Beneficiary.PERSONAL_FIELDS},
        "registered_at": beneficiary.created_at.isoformat(),
        "erased_at": beneficiary.erased_at.isoformat() if beneficiary.erased_at else None,
        "loans": [
            {
                "device": {
                    "type": loan.device.device_type,
                    "brand": loan.device.brand,
                    "model": loan.device.model,
                    "serial_number": loan.device.serial_number,
                },
                "status": loan.status,
                "reserved_from": _date(loan.reserved_from),
                "reserved_until": _date(loan.reserved_until),
                "handed_over_on": _date(loan.handed_over_on),
                "due_on": _date(loan.due_on),
                "returned_on": _date(loan.returned_on),
                "return_condition": loan.return_condition,
                "given_on": _date(loan.given_on),
                "course": loan.course.title if loan.course else None,
                "reminders": loan.reminders,
                "agreement_language": loan.agreement_language,
            }
            for loan in loans
        ],
        "connectivity": [
            {
                "kind": item.kind,
                "provider": item.provider,
                "code": item.code,
                "valid_until": _date(item.valid_until),
                "handed_out_on": _date(item.handed_out_on),
            }
            for item in items
        ],
    }


def beneficiary_export(*, beneficiary, by, file_format):
    """The data of one person for an export, recorded in the activity log."""
    record_event(
        verb="beneficiary.exported",
        actor=by,
        organisation=beneficiary.organisation,
        subject=beneficiary.reference,
        format=file_format,
    )
    return beneficiary_data(beneficiary)


def _erase(beneficiary, now):
    """Empty the personal fields and replace the reference (a locked, not yet erased row)."""
    old_reference = beneficiary.reference
    for field in Beneficiary.PERSONAL_FIELDS:
        setattr(beneficiary, field, "")
    beneficiary.referrer_name = ""
    beneficiary.erased_at = now
    for _attempt in range(10):
        beneficiary.reference = new_reference()
        try:
            with transaction.atomic():
                beneficiary.save()
            return old_reference
        except IntegrityError:
            continue  # the new reference was taken: draw another
    raise RuntimeError("no free reference after 10 attempts")


def beneficiary_erase(*, beneficiary, by, now=None):
    """Erase one person on request. Refused while a device is reserved for them or still with them."""
    now = now or timezone.now()
    with transaction.atomic():
        beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        if beneficiary.is_erased:
            raise ValidationError(_("De gegevens van deze persoon zijn al gewist."), code="erased")
        if beneficiary.loans.filter(status__in=ACTIVE_LOAN_STATUSES).exists():
            raise ValidationError(
                _(
                    "Er is nog een toestel gereserveerd voor deze persoon of uitgeleend aan deze persoon. Neem het "
                    "eerst terug, annuleer de reservatie of zet de lening om in een schenking."
                ),
                code="active_loan",
            )
        _erase(beneficiary, now)
        record_event(
            verb="beneficiary.erased",
            actor=by,
            organisation=beneficiary.organisation,
            subject=beneficiary.reference,
            reason="request",
        )
    return beneficiary


def beneficiaries_purge(*, today=None, dry_run=True, now=None):
    """Erase everyone past their retention date (see BeneficiaryQuerySet.due_for_erasure). Safe to run twice.

    Returns the number of people concerned (erased, or that would be erased in a dry run).
    """
    now = now or timezone.now()
    ids = list(Beneficiary.objects.due_for_erasure(today=today).values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    erased = 0
    with transaction.atomic():
        for beneficiary in Beneficiary.objects.select_for_update().filter(pk__in=ids, erased_at__isnull=True):
            _erase(beneficiary, now)
            erased += 1
        record_event(verb="beneficiary.retention_erased", subject=str(erased), people=erased)
    return erased
