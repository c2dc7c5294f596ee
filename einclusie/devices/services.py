"""Writes of the device bank: intake, wipes, lifecycle steps, people, loans and connectivity.

Every write locks what it changes, follows the table in einclusie/devices/lifecycle.py, records the step
(`DeviceTransition`) and an event in the activity log (never a name, phone or e-mail address), and raises a
ValidationError with a specific Dutch message when it cannot go ahead, having changed nothing.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.devices.lifecycle import NEEDS_WIPE, TRANSITIONS
from einclusie.devices.models import (
    DEFAULT_GROUNDS,
    ConnectivityItem,
    ConnectivityStatus,
    DataWipe,
    Device,
    DeviceBankSettings,
    DeviceStatus,
    DeviceTransition,
    EligibilityGround,
    IntakeBatch,
    Loan,
    LoanReminder,
    LoanStatus,
    ReminderChannel,
    ReminderStage,
    normalise_serial,
)

logger = logging.getLogger(__name__)

# After the due date of a loan, the person's data is kept this much longer (to settle the return).
MONTHS_AFTER_DUE = 6

REFUSALS = {
    "wipe": gettext_lazy(
        "Een wissing registreren kan alleen voor een toestel dat binnenkwam, teruggebracht werd, in herstelling is "
        "of opgeknapt werd."
    ),
    "refurbish": gettext_lazy("Alleen een gewist toestel kan opgeknapt worden. Registreer eerst de wissing."),
    "make_available": gettext_lazy("Alleen een gewist of opgeknapt toestel kan beschikbaar worden."),
    "reserve": gettext_lazy("Dit toestel is niet beschikbaar: het kan niet gereserveerd worden."),
    "cancel_reservation": gettext_lazy("Dit toestel is niet gereserveerd."),
    "extend_reservation": gettext_lazy("Dit toestel is niet gereserveerd."),
    "release_reservation": gettext_lazy("Dit toestel is niet gereserveerd."),
    "lend": gettext_lazy("Dit toestel is niet beschikbaar: het kan niet meegegeven worden."),
    "give": gettext_lazy("Dit toestel is niet beschikbaar: het kan niet meegegeven worden."),
    "convert_to_gift": gettext_lazy("Alleen een uitgeleend toestel kan een schenking worden."),
    "return": gettext_lazy("Dit toestel is niet uitgeleend: terugbrengen kan niet."),
    "send_to_repair": gettext_lazy("Dit toestel kan nu niet naar herstelling."),
    "repair_done": gettext_lazy("Dit toestel is niet in herstelling."),
    "recycle": gettext_lazy("Dit toestel is niet meer in de toestellenbank: recycleren kan niet."),
}


def add_months(day, months):
    """The same day `months` months later (the last day of that month when it is shorter)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    first = datetime.date(year, month + 1, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first.replace(day=min(day.day, (following - first).days))


def _day(value):
    return date_format(value, "j F Y")


# Settings and grounds -------------------------------------------------------------------------------------


def bank_settings(organisation):
    """The device-bank settings of an organisation, created with the standard grounds the first time."""
    bank, created = DeviceBankSettings.objects.get_or_create(organisation=organisation)
    if created and not EligibilityGround.objects.filter(organisation=organisation).exists():
        EligibilityGround.objects.bulk_create(
            EligibilityGround(organisation=organisation, kind=kind, label_nl=label, proof_nl=proof, position=position)
            for position, (kind, label, proof) in enumerate(DEFAULT_GROUNDS, start=1)
        )
    return bank


def settings_save(*, form, by):
    """Store the device-bank settings from a valid DeviceBankSettingsForm."""
    with transaction.atomic():
        lock_unchanged(form)  # two coordinators editing the settings: the second save is refused
        bank = form.save()
        record_event(
            verb="devices.settings_changed",
            actor=by,
            organisation=bank.organisation,
            subject=bank.organisation.name,
            public_check=bank.public_check,
        )
    return bank


def ground_save(*, form, organisation, by):
    """Create or change an eligibility ground from a valid EligibilityGroundForm."""
    created = form.instance.pk is None
    form.instance.organisation = organisation
    with transaction.atomic():
        lock_unchanged(form)  # two coordinators editing the same ground: the second save is refused
        ground = form.save()
        record_event(
            verb="devices.ground_created" if created else "devices.ground_changed",
            actor=by,
            organisation=organisation,
            subject=ground.label_nl,
        )
    return ground


# Devices --------------------------------------------------------------------------------------------------


def _record_step(device, action, *, by, from_status, note="", loan=None, now=None):
    now = now or timezone.now()
    DeviceTransition.objects.create(
        device=device,
        organisation_id=device.organisation_id,
        action=action,
        from_status=from_status,
        to_status=device.status,
        loan=loan,
        note=note,
        by=by if by is not None and by.is_authenticated else None,
        occurred_at=now,
        occurred_on=timezone.localdate(now),
    )
    record_event(
        verb=f"device.{action}",
        actor=by,
        organisation=device.organisation,
        subject=device.serial_number,
        device=device.pk,
        status=device.status,
        loan=loan.pk if loan is not None else None,
    )


def _move(device, action, *, by, note="", loan=None, now=None):
    """Check the table and the wipe guard, then change a locked device's status and record the step."""
    transition = TRANSITIONS[action]
    if device.status not in transition.sources:
        raise ValidationError(REFUSALS[action], code="transition")
    if transition.needs_note and not note.strip():
        raise ValidationError(_("Schrijf kort wat er gebeurde (een notitie is nodig voor deze stap)."), code="note")
    if action in NEEDS_WIPE and not device.data_wiped:
        raise ValidationError(
            _("De gegevens van dit toestel zijn nog niet gewist. Registreer eerst de wissing met het certificaat."),
            code="not_wiped",
        )
    from_status = device.status
    device.status = transition.target
    if action == "return":
        device.data_wiped = False  # the person's data is on it now
    device.save(update_fields=["status", "data_wiped", "condition", "updated_at"])
    _record_step(device, action, by=by, from_status=from_status, note=note.strip(), loan=loan, now=now)
    return device


def _locked(device):
    return Device.objects.select_for_update().get(pk=device.pk)


def serial_taken(organisation, serial):
    return Device.objects.filter(organisation=organisation, serial_number=normalise_serial(serial)).exists()


def device_register(*, organisation, by, batch=None, now=None, **fields):
    """Register one device (status: binnengekomen). Refuses a serial number the bank already has."""
    serial = normalise_serial(fields.pop("serial_number"))
    if not serial:
        raise ValidationError(_("Vul het serienummer in."), code="no_serial")
    if serial_taken(organisation, serial):
        raise ValidationError(
            _("Het serienummer %(serial)s is al geregistreerd in uw toestellenbank.") % {"serial": serial},
            code="duplicate_serial",
        )
    try:
        with transaction.atomic():
            device = Device.objects.create(
                organisation=organisation, batch=batch, serial_number=serial, status=DeviceStatus.INTAKE, **fields
            )
            _record_step(device, "register", by=by, from_status="", now=now)
    except IntegrityError:
        raise ValidationError(
            _("Het serienummer %(serial)s is al geregistreerd in uw toestellenbank.") % {"serial": serial},
            code="duplicate_serial",
        ) from None
    return device


class BatchProblems(ValidationError):
    """A batch that cannot be registered: one (line number, message) per bad line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([f"{line}: {message}" for line, message in problems], code="batch")


def batch_problems(*, organisation, rows):
    """Every problem of a batch: (line number, message), in line order. `rows` are (line, fields) pairs."""
    from einclusie.devices.models import Condition, DeviceType

    problems = []
    seen = {}
    serials = [normalise_serial(fields.get("serial_number")) for _line, fields in rows]
    existing = set(
        Device.objects.filter(organisation=organisation, serial_number__in=[s for s in serials if s]).values_list(
            "serial_number", flat=True
        )
    )
    for (line, fields), serial in zip(rows, serials, strict=True):
        if not serial:
            problems.append((line, _("Het serienummer ontbreekt.")))
        elif serial in seen:
            problems.append(
                (
                    line,
                    _("Het serienummer %(serial)s staat ook op regel %(other)s.")
                    % {"serial": serial, "other": seen[serial]},
                )
            )
        elif serial in existing:
            problems.append(
                (line, _("Het serienummer %(serial)s is al geregistreerd in uw toestellenbank.") % {"serial": serial})
            )
        else:
            seen[serial] = line
        if len(serial) > 60:
            problems.append((line, _("Het serienummer is langer dan 60 tekens.")))
        if fields.get("device_type") not in DeviceType.values:
            problems.append(
                (line, _("Onbekende soort toestel “%(value)s”.") % {"value": fields.get("device_type_text", "")})
            )
        if not fields.get("brand"):
            problems.append((line, _("Het merk ontbreekt.")))
        if fields.get("condition") not in Condition.values:
            problems.append((line, _("Onbekende staat “%(value)s”.") % {"value": fields.get("condition_text", "")}))
    return problems


def batch_register(*, organisation, received_on, source, donor, note="", rows, by, now=None):
    """Register a batch all or nothing. Raises BatchProblems listing every bad line; stores nothing then."""
    if not rows:
        raise BatchProblems([(0, _("Er staat geen enkel toestel in de lijst."))])
    problems = batch_problems(organisation=organisation, rows=rows)
    if problems:
        raise BatchProblems(problems)
    try:
        with transaction.atomic():
            batch = IntakeBatch.objects.create(
                organisation=organisation,
                received_on=received_on,
                source=source,
                donor=donor,
                note=note,
                created_by=by if by is not None and by.is_authenticated else None,
            )
            for _line, fields in rows:
                device = Device.objects.create(
                    organisation=organisation,
                    batch=batch,
                    serial_number=normalise_serial(fields["serial_number"]),
                    device_type=fields["device_type"],
                    brand=fields["brand"],
                    model=fields.get("model", ""),
                    specifications=fields.get("specifications", ""),
                    condition=fields["condition"],
                    source=source,
                    donor=donor,
                    received_on=received_on,
                )
                _record_step(device, "register", by=by, from_status="", now=now)
            record_event(
                verb="device.batch_registered",
                actor=by,
                organisation=organisation,
                subject=donor or str(received_on),
                devices=len(rows),
            )
    except IntegrityError:
        # Someone registered one of these serials at the same moment: report it like any duplicate.
        raise BatchProblems(
            batch_problems(organisation=organisation, rows=rows) or [(0, _("Probeer opnieuw."))]
        ) from None
    return batch


def device_update(*, form, by):
    """Store changed data of a device (type, brand, model, serial, condition, …) from a valid DeviceForm."""
    device = form.instance
    device.serial_number = normalise_serial(device.serial_number)
    duplicate = (
        Device.objects.filter(organisation=device.organisation_id, serial_number=device.serial_number)
        .exclude(pk=device.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            _("Het serienummer %(serial)s is al geregistreerd in uw toestellenbank.")
            % {"serial": device.serial_number},
            code="duplicate_serial",
        )
    with transaction.atomic():
        lock_unchanged(form)  # two helpers editing the same device: the second save is refused
        # Only what the form shows: a status a colleague set meanwhile (lent, wiped, …) stays as it is.
        device.save(update_fields=[name for name in form._meta.fields if name in form.fields])
        record_event(verb="device.changed", actor=by, organisation=device.organisation, subject=device.serial_number)
    return device


def wipe_record(*, device, method, wiped_on, wiped_by, certificate_number="", certificate_file=None, by, now=None):
    """Record a data wipe with its certificate; the device becomes 'gewist'. Needs a certificate number or file."""
    if not (certificate_number or "").strip() and not certificate_file:
        raise ValidationError(
            _("Vul het nummer van het wiscertificaat in of voeg het certificaat toe."), code="no_certificate"
        )
    if wiped_on > timezone.localdate(now):
        raise ValidationError(_("De datum van de wissing ligt in de toekomst."), code="future")
    with transaction.atomic():
        device = _locked(device)
        if device.status not in TRANSITIONS["wipe"].sources:
            raise ValidationError(REFUSALS["wipe"], code="transition")
        wipe = DataWipe(
            device=device,
            method=method,
            wiped_on=wiped_on,
            wiped_by=wiped_by.strip(),
            certificate_number=(certificate_number or "").strip(),
            recorded_by=by if by is not None and by.is_authenticated else None,
        )
        if certificate_file:
            wipe.certificate_file = certificate_file
        wipe.save()
        device.data_wiped = True
        _move(device, "wipe", by=by, note=wipe.get_method_display(), now=now)
    return wipe


def device_transition(*, device, action, by, note="", condition=None, now=None):
    """Take a step of the device page (refurbish, make available, repair, recycle) following the table."""
    if action not in TRANSITIONS or not TRANSITIONS[action].is_step:
        raise ValidationError(_("Deze stap bestaat niet."), code="unknown")
    with transaction.atomic():
        device = _locked(device)
        if condition:
            device.condition = condition
        return _move(device, action, by=by, note=note, now=now)


# People ---------------------------------------------------------------------------------------------------


def beneficiary_save(*, form, organisation, by, today=None):
    """Create or change a person from a valid BeneficiaryForm. Consent is dated the day it is first given."""
    created = form.instance.pk is None
    beneficiary = form.instance
    if created:
        beneficiary.organisation = organisation
        beneficiary.created_by = by if by is not None and by.is_authenticated else None
    if beneficiary.is_erased:
        raise ValidationError(_("De gegevens van deze persoon zijn gewist. Wijzigen kan niet meer."), code="erased")
    if beneficiary.consent and beneficiary.consent_on is None:
        beneficiary.consent_on = today or timezone.localdate()
    with transaction.atomic():
        locked = lock_unchanged(form)  # two helpers editing the same person: the second save is refused
        if locked is not None and locked.is_erased:  # erased meanwhile
            raise ValidationError(_("De gegevens van deze persoon zijn gewist. Wijzigen kan niet meer."), code="erased")
        beneficiary = form.save()
        record_event(
            verb="beneficiary.created" if created else "beneficiary.changed",
            actor=by,
            organisation=organisation,
            subject=beneficiary.reference,
        )
    return beneficiary


def _check_beneficiary(beneficiary, organisation, today):
    if beneficiary.organisation_id != organisation.pk:
        raise ValidationError(_("Kies een persoon van uw eigen toestellenbank."), code="other_organisation")
    if beneficiary.is_erased:
        raise ValidationError(
            _("De gegevens van %(reference)s zijn gewist. Registreer de persoon opnieuw.")
            % {"reference": beneficiary.reference},
            code="erased",
        )
    if beneficiary.is_past_retention(today):
        raise ValidationError(
            _(
                "De bewaartermijn van %(reference)s liep af op %(date)s. Verleng eerst de bewaartermijn, "
                "met de toestemming van de persoon."
            )
            % {"reference": beneficiary.reference, "date": _day(beneficiary.retain_until)},
            code="past_retention",
        )


# Loans ----------------------------------------------------------------------------------------------------


def _already_out(device):
    loan = device.loans.filter(status__in=[LoanStatus.LENT, LoanStatus.GIVEN]).order_by("-pk").first()
    if loan is not None and device.status in (DeviceStatus.LENT, DeviceStatus.GIVEN):
        return ValidationError(
            _("Dit toestel is al meegegeven op %(date)s (%(reference)s). Kies een ander toestel.")
            % {"date": _day(loan.handed_over_on), "reference": loan.beneficiary.reference},
            code="already_lent",
        )
    return None


def loan_reserve(*, device, beneficiary, reserved_from, reserved_until, by, today=None):
    """Hold an available, wiped device for a person during a window of days."""
    today = today or timezone.localdate()
    if reserved_until < reserved_from:
        raise ValidationError(_("De reservatie eindigt voor ze begint."), code="window")
    if reserved_until < today:
        raise ValidationError(_("De reservatie eindigt in het verleden."), code="window")
    with transaction.atomic():
        device = _locked(device)
        _check_beneficiary(beneficiary, device.organisation, today)
        refusal = _already_out(device)
        if refusal is not None:
            raise refusal
        if device.status == DeviceStatus.RESERVED:
            raise ValidationError(_("Dit toestel is al gereserveerd. Kies een ander toestel."), code="already_reserved")
        try:
            with transaction.atomic():
                loan = Loan.objects.create(
                    organisation_id=device.organisation_id,
                    device=device,
                    beneficiary=beneficiary,
                    status=LoanStatus.RESERVED,
                    reserved_from=reserved_from,
                    reserved_until=reserved_until,
                    created_by=by if by is not None and by.is_authenticated else None,
                )
        except IntegrityError:
            raise ValidationError(
                _("Dit toestel is al gereserveerd. Kies een ander toestel."), code="already_reserved"
            ) from None
        _move(device, "reserve", by=by, loan=loan)
    return loan


def loan_cancel(*, loan, by):
    """Cancel a reservation: the device is available again."""
    with transaction.atomic():
        device = _locked(loan.device)
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != LoanStatus.RESERVED:
            raise ValidationError(_("Dit is geen lopende reservatie."), code="not_reserved")
        loan.status = LoanStatus.CANCELLED
        loan.save(update_fields=["status"])
        _move(device, "cancel_reservation", by=by, loan=loan)
    return loan


def loan_extend_reservation(*, loan, reserved_until, by, today=None):
    """Give a reservation a new last day; a reservation that expired starts a new window today."""
    today = today or timezone.localdate()
    if reserved_until < today:
        raise ValidationError(_("De reservatie eindigt in het verleden. Kies vandaag of later."), code="window")
    with transaction.atomic():
        device = _locked(loan.device)
        loan = Loan.objects.select_for_update().select_related("beneficiary").get(pk=loan.pk)
        if loan.status != LoanStatus.RESERVED:
            raise ValidationError(_("Dit is geen lopende reservatie."), code="not_reserved")
        _check_beneficiary(loan.beneficiary, device.organisation, today)
        if loan.is_expired_reservation(today):
            loan.reserved_from = today
        loan.reserved_until = reserved_until
        loan.save(update_fields=["reserved_from", "reserved_until"])
        note = _("gereserveerd tot %(date)s") % {"date": _day(reserved_until)}
        _move(device, "extend_reservation", by=by, loan=loan, note=note)
    return loan


def reservations_release_expired(*, organisation=None, by=None, today=None, dry_run=False):
    """Make the devices of expired reservations available again, each step recorded. Returns the loans.

    Safe to run twice: a reservation released once is no longer reserved. With dry_run, changes nothing.
    """
    today = today or timezone.localdate()
    expired = Loan.objects.expired_reservations(today).select_related("organisation", "beneficiary", "device")
    if organisation is not None:
        expired = expired.for_organisation(organisation)
    expired = list(expired.order_by("organisation__name", "reserved_until", "pk"))
    if dry_run:
        return expired
    released = []
    for candidate in expired:
        with transaction.atomic():
            device = _locked(candidate.device)
            loan = Loan.objects.select_for_update().get(pk=candidate.pk)
            if not loan.is_expired_reservation(today) or device.status != DeviceStatus.RESERVED:
                continue  # handed over, cancelled or extended in the meantime
            loan.status = LoanStatus.EXPIRED
            loan.save(update_fields=["status"])
            note = _("reservatie liep af op %(date)s") % {"date": _day(loan.reserved_until)}
            _move(device, "release_reservation", by=by, loan=loan, note=note)
        released.append(candidate)
    return released


CHECKLIST = ("checked_wiped", "checked_charger", "checked_bag", "checked_explained", "checked_signed")
REQUIRED_CHECKS = {
    "checked_wiped": gettext_lazy("Bevestig dat de gegevens van het toestel gewist zijn."),
    "checked_explained": gettext_lazy("Bevestig dat u de overeenkomst uitlegde."),
    "checked_signed": gettext_lazy("Bevestig dat de persoon de overeenkomst ter plaatse ondertekende."),
}


def loan_handover(
    *,
    device,
    beneficiary,
    by,
    checklist,
    due_on=None,
    as_gift=False,
    course=None,
    language="nl",
    today=None,
    now=None,
):
    """Hand a device over to a person, as a loan until `due_on` or as a gift, after the checklist.

    The device row is locked and an active loan per device is unique in the database: two helpers
    confirming the same laptop at the same moment end with one loan; the other gets a clear refusal.
    """
    today = today or timezone.localdate()
    missing = [str(message) for field, message in REQUIRED_CHECKS.items() if not checklist.get(field)]
    if missing:
        raise ValidationError(missing, code="checklist")
    if not as_gift and (due_on is None or due_on <= today):
        raise ValidationError(_("Kies een datum in de toekomst om het toestel terug te brengen."), code="due_on")
    with transaction.atomic():
        device = _locked(device)
        _check_beneficiary(beneficiary, device.organisation, today)
        refusal = _already_out(device)
        if refusal is not None:
            raise refusal
        if not device.data_wiped:
            raise ValidationError(
                _("De gegevens van dit toestel zijn nog niet gewist. Het kan niet meegegeven worden."),
                code="not_wiped",
            )
        loan = device.loans.filter(status=LoanStatus.RESERVED).first()
        if loan is not None and loan.is_expired_reservation(today):
            raise ValidationError(
                _(
                    "De reservatie voor %(reference)s liep af op %(date)s. Verleng de reservatie of annuleer ze "
                    "voor u het toestel meegeeft."
                )
                % {"reference": loan.beneficiary.reference, "date": _day(loan.reserved_until)},
                code="reservation_expired",
            )
        if loan is not None and loan.beneficiary_id != beneficiary.pk:
            raise ValidationError(
                _("Dit toestel is gereserveerd voor %(reference)s. Kies een ander toestel of annuleer de reservatie.")
                % {"reference": loan.beneficiary.reference},
                code="reserved_for_other",
            )
        if loan is None:
            loan = Loan(
                organisation_id=device.organisation_id,
                device=device,
                beneficiary=beneficiary,
                created_by=by if by is not None and by.is_authenticated else None,
            )
        loan.status = LoanStatus.GIVEN if as_gift else LoanStatus.LENT
        loan.handed_over_on = today
        loan.handed_over_by = by if by is not None and by.is_authenticated else None
        loan.due_on = None if as_gift else due_on
        loan.given_on = today if as_gift else None
        loan.course = course
        loan.agreement_language = language
        for field in CHECKLIST:
            setattr(loan, field, bool(checklist.get(field)))
        try:
            with transaction.atomic():
                loan.save()
        except IntegrityError:
            raise ValidationError(
                _("Dit toestel is net aan iemand anders meegegeven. Kies een ander toestel."), code="already_lent"
            ) from None
        _move(device, "give" if as_gift else "lend", by=by, loan=loan, now=now)
        if not as_gift:
            keep_until = add_months(due_on, MONTHS_AFTER_DUE)
            if beneficiary.retain_until < keep_until:
                beneficiary.retain_until = keep_until
                beneficiary.save(update_fields=["retain_until"])
    return loan


def loan_return(*, loan, condition, by, note="", today=None, now=None):
    """Take a lent device back, with its condition. The device must be wiped again before its next hand-over."""
    today = today or timezone.localdate()
    with transaction.atomic():
        device = _locked(loan.device)
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != LoanStatus.LENT or device.status != DeviceStatus.LENT:
            raise ValidationError(REFUSALS["return"], code="not_lent")
        loan.status = LoanStatus.RETURNED
        loan.returned_on = today
        loan.return_condition = condition
        loan.return_note = note.strip()
        loan.save(update_fields=["status", "returned_on", "return_condition", "return_note"])
        device.condition = condition
        _move(device, "return", by=by, note=note.strip(), loan=loan, now=now)
    return loan


def loan_convert_to_gift(*, loan, by, today=None, now=None):
    """Turn a loan into a gift (loan-to-own): the device stays with the person for good."""
    today = today or timezone.localdate()
    with transaction.atomic():
        device = _locked(loan.device)
        loan = Loan.objects.select_for_update().get(pk=loan.pk)
        if loan.status != LoanStatus.LENT:
            raise ValidationError(REFUSALS["convert_to_gift"], code="not_lent")
        loan.status = LoanStatus.GIVEN
        loan.given_on = today
        loan.save(update_fields=["status", "given_on"])
        _move(device, "convert_to_gift", by=by, loan=loan, now=now)
    return loan


def _reminder_email(loan, stage):
    """Subject and body of a reminder, in the language of the person's agreement."""
    values = {
        "device": loan.device.name,
        "organisation": loan.organisation.name,
        "date": _day(loan.due_on),
        "reference": loan.beneficiary.reference,
    }
    if stage in (ReminderStage.SOON, ReminderStage.OTHER):
        subject = _("Herinnering: toestel terugbrengen")
        body = _(
            "Goeddag,\n\nU leende een %(device)s van %(organisation)s. Breng het terug tegen %(date)s, "
            "of vraag ons om de lening te verlengen.\n\nUw referentie: %(reference)s.\n\n"
            "Met vriendelijke groet,\n%(organisation)s"
        )
    else:
        subject = _("Herinnering: uw geleend toestel moest terug zijn")
        body = _(
            "Goeddag,\n\nU leende een %(device)s van %(organisation)s. Het moest terug zijn op %(date)s. "
            "Breng het zo snel mogelijk terug, of laat ons weten als dat niet lukt. Dan zoeken we samen een "
            "oplossing.\n\nUw referentie: %(reference)s.\n\nMet vriendelijke groet,\n%(organisation)s"
        )
    return subject, body % values


def _send_reminder(loan, stage, *, by, today, automatic):
    """Record a reminder on a locked loan and e-mail it when the person gave an address. Returns the reminder."""
    email = loan.beneficiary.email
    language = loan.agreement_language or "nl"
    channel = ReminderChannel.EMAIL
    if not email:  # a run of reminders leaves the call to a helper; a helper who reminds notes it
        channel = ReminderChannel.CALL if automatic else ReminderChannel.NOTED
    reminder = LoanReminder.objects.create(
        loan=loan,
        stage=stage,
        due_on=loan.due_on,
        channel=channel,
        language=language if email else "",
        automatic=automatic,
        by=by if by is not None and by.is_authenticated else None,
    )
    if channel != ReminderChannel.CALL:
        loan.reminders += 1
        loan.reminded_on = today
        loan.save(update_fields=["reminders", "reminded_on"])
    if email:
        with translation.override(language):
            subject, body = _reminder_email(loan, stage)
        send_mail(subject, body, None, [email])
    record_event(
        verb="loan.reminded",
        actor=by,
        organisation=loan.organisation,
        subject=loan.beneficiary.reference,
        loan=loan.pk,
        stage=stage,
        channel=channel,
        automatic=automatic,
        by_email=bool(email),
    )
    return reminder


def loan_remind(*, loan, by, today=None):
    """Note a reminder to bring a device back; send it by e-mail when the person gave an address.

    Returns True when an e-mail was sent, False when the helper reminds the person by phone, letter or in person.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        loan = Loan.objects.select_for_update().select_related("beneficiary", "device", "organisation").get(pk=loan.pk)
        if loan.status != LoanStatus.LENT:
            raise ValidationError(
                _("Alleen voor een uitgeleend toestel kan u een herinnering sturen."), code="not_lent"
            )
        stage = loan.reminder_stage(today) or ReminderStage.OTHER
        reminder = _send_reminder(loan, stage, by=by, today=today, automatic=False)
    return reminder.channel == ReminderChannel.EMAIL


@dataclass
class RemindOutcome:
    """What a round of reminders did (or would do): loans e-mailed, loans to call or write, failures."""

    emailed: list = field(default_factory=list)
    to_call: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    already: int = 0


def loans_remind_due(*, organisation=None, days=30, by=None, today=None, dry_run=False):
    """Remind everyone whose device is due within `days` days or late, once per stage and due date.

    The stages are in LoanReminder's model (soon, late, 30 and 90 days late). A person with an e-mail
    address gets an e-mail in the language of their agreement; for someone without one, the helpers find the
    loan under "bellen of schrijven". Safe to run twice: the second run reminds no one. With dry_run, changes
    nothing and says what would happen.
    """
    today = today or timezone.localdate()
    loans = (
        Loan.objects.out()
        .filter(due_on__lte=today + datetime.timedelta(days=days))
        .select_related("organisation", "beneficiary", "device")
        .order_by("organisation__name", "due_on", "pk")
    )
    if organisation is not None:
        loans = loans.for_organisation(organisation)
    loans = list(loans)
    sent = set(
        LoanReminder.objects.filter(loan__in=[loan.pk for loan in loans]).values_list("loan_id", "stage", "due_on")
    )
    outcome = RemindOutcome()
    for loan in loans:
        stage = loan.reminder_stage(today, soon_days=days)
        if not stage:
            continue
        if (loan.pk, stage, loan.due_on) in sent:
            outcome.already += 1
            continue
        if dry_run:
            (outcome.emailed if loan.beneficiary.email else outcome.to_call).append(loan)
            continue
        try:
            with transaction.atomic():
                locked = (
                    Loan.objects.select_for_update()
                    .select_related("beneficiary", "device", "organisation")
                    .get(pk=loan.pk)
                )
                if locked.status != LoanStatus.LENT or locked.due_on != loan.due_on:
                    continue
                if locked.reminder_log.filter(stage=stage, due_on=locked.due_on).exists():
                    outcome.already += 1  # another run got there first
                    continue
                reminder = _send_reminder(locked, stage, by=by, today=today, automatic=True)
        except Exception:  # one address the mail server refuses never stops the others
            logger.exception("reminder for loan %s failed", loan.pk)
            outcome.failed.append(loan)
            continue
        (outcome.emailed if reminder.channel == ReminderChannel.EMAIL else outcome.to_call).append(loan)
    return outcome


# Connectivity ---------------------------------------------------------------------------------------------


def connectivity_add(*, organisation, kind, provider, codes, data="", valid_until=None, by):
    """Add SIM cards, vouchers or modems to the stock, one per code; refuses a code the stock already has."""
    codes = [code.strip() for code in codes if code.strip()]
    if not codes:
        raise ValidationError(_("Vul minstens één nummer of code in."), code="no_codes")
    doubles = sorted({code for code in codes if codes.count(code) > 1})
    if doubles:
        raise ValidationError(
            _("Deze codes staan twee keer in de lijst: %(codes)s.") % {"codes": ", ".join(doubles)}, code="duplicate"
        )
    existing = sorted(
        ConnectivityItem.objects.filter(organisation=organisation, kind=kind, code__in=codes).values_list(
            "code", flat=True
        )
    )
    if existing:
        raise ValidationError(
            _("Deze codes zijn al geregistreerd: %(codes)s.") % {"codes": ", ".join(existing)}, code="duplicate"
        )
    with transaction.atomic():
        items = ConnectivityItem.objects.bulk_create(
            ConnectivityItem(
                organisation=organisation, kind=kind, provider=provider, code=code, data=data, valid_until=valid_until
            )
            for code in codes
        )
        record_event(
            verb="connectivity.added",
            actor=by,
            organisation=organisation,
            subject=provider,
            kind=kind,
            count=len(codes),
        )
    return items


def connectivity_hand_out(*, item, beneficiary, by, today=None):
    """Give a SIM card, voucher or modem from the stock to a person."""
    today = today or timezone.localdate()
    with transaction.atomic():
        item = ConnectivityItem.objects.select_for_update().get(pk=item.pk)
        _check_beneficiary(beneficiary, item.organisation, today)
        if item.status != ConnectivityStatus.IN_STOCK:
            raise ValidationError(_("Dit is al meegegeven of niet meer in voorraad."), code="not_in_stock")
        if item.is_expired(today):
            raise ValidationError(
                _("Deze %(kind)s was geldig tot %(date)s. Geef een andere mee.")
                % {"kind": item.get_kind_display(), "date": _day(item.valid_until)},
                code="expired",
            )
        item.status = ConnectivityStatus.HANDED_OUT
        item.beneficiary = beneficiary
        item.handed_out_on = today
        item.handed_out_by = by if by is not None and by.is_authenticated else None
        item.save(update_fields=["status", "beneficiary", "handed_out_on", "handed_out_by"])
        record_event(
            verb="connectivity.handed_out",
            actor=by,
            organisation=item.organisation,
            subject=beneficiary.reference,
            kind=item.kind,
            item=item.pk,
        )
    return item
