"""A person's rights across the modules: find what the platform holds about one person, export it, erase it.

A programme administrator (for every organisation) or a coordinator (for their own organisation) looks a person
up by a device-bank reference or an e-mail address. What is found within that reach:

- device-bank beneficiaries (reference or e-mail) — exported and erased by `devices.privacy`, reused here;
- course sign-ups (e-mail) in courses the organisation runs;
- staff accounts (e-mail) with a membership in the organisation, and the help contacts they logged there
  (help contacts hold nothing about the citizen who was helped, see contacts/models.py).

Erasure empties the personal fields and keeps the rows, so every count stays the same. Export and erasure are
recorded in the activity log with counts only, never the e-mail address that was searched.

`purge` runs every module's retention rule (`einclusie privacy purge`, or the task `retention_purge`).
"""

import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from einclusie.core.models import record_event
from einclusie.core.roles import Role

ACTION = "privacy.persons"
ERASED_EMAIL_DOMAIN = "gewist.e-inclusie.invalid"


@dataclass
class Reach:
    """Whose records a person may search: every organisation (None) or one."""

    organisation: object | None
    everything: bool

    @classmethod
    def of(cls, membership):
        everything = membership.role == Role.PROGRAMME_ADMIN and membership.organisation.is_programme_team
        return cls(organisation=None if everything else membership.organisation, everything=everything)

    def limit(self, queryset, path):
        return queryset if self.everything else queryset.filter(**{path: self.organisation})


@dataclass
class PersonRecords:
    beneficiaries: list = field(default_factory=list)
    enrolments: list = field(default_factory=list)
    accounts: list = field(default_factory=list)
    help_contacts: int = 0

    @property
    def found(self):
        return bool(self.beneficiaries or self.enrolments or self.accounts)

    def counts(self):
        return {
            "beneficiaries": len(self.beneficiaries),
            "enrolments": len(self.enrolments),
            "accounts": len(self.accounts),
            "help_contacts": self.help_contacts,
        }


def normalised_query(text):
    return (text or "").strip()


def person_find(*, query, reach):
    """Everything within reach that belongs to the person with this reference or e-mail address."""
    from einclusie.contacts.models import HelpContact
    from einclusie.courses.models import Enrolment
    from einclusie.devices.models import Beneficiary

    query = normalised_query(query)
    if not query:
        return PersonRecords()
    records = PersonRecords()
    beneficiaries = Beneficiary.objects.select_related("organisation", "municipality").order_by("pk")
    if "@" in query:
        records.beneficiaries = list(reach.limit(beneficiaries.filter(email__iexact=query), "organisation"))
        enrolments = Enrolment.objects.select_related("course", "course__organisation").filter(email__iexact=query)
        records.enrolments = list(reach.limit(enrolments, "course__organisation").order_by("pk"))
        accounts = get_user_model().objects.filter(email__iexact=query)
        if not reach.everything:
            accounts = accounts.filter(memberships__organisation=reach.organisation)
        records.accounts = list(accounts.distinct().order_by("pk"))
        if records.accounts:
            contacts = HelpContact.objects.filter(logged_by__in=records.accounts)
            records.help_contacts = reach.limit(contacts, "organisation").count()
    else:
        records.beneficiaries = list(reach.limit(beneficiaries.filter(reference__iexact=query), "organisation"))
    return records


def _enrolment_data(enrolment):
    return {
        "course": enrolment.course.title,
        "organisation": enrolment.course.organisation.name,
        "first_name": enrolment.first_name,
        "phone": enrolment.phone,
        "email": enrolment.email,
        "language": enrolment.language,
        "status": enrolment.status,
        "enrolled_at": enrolment.enrolled_at.isoformat(),
        "completed": enrolment.completed,
        "sessions_attended": enrolment.attendances.filter(present=True).count(),
        "erased_at": enrolment.erased_at.isoformat() if enrolment.erased_at else None,
    }


def _account_data(user, reach):
    memberships = reach.limit(user.memberships.select_related("organisation"), "organisation")
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "active": user.is_active,
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "memberships": [
            {"organisation": membership.organisation.name, "role": membership.role}
            for membership in memberships.order_by("organisation__name")
        ],
    }


def person_export(*, query, reach, by):
    """Everything within reach about one person, as plain data; recorded in the activity log (counts only)."""
    from einclusie.devices import privacy as devices_privacy

    records = person_find(query=query, reach=reach)
    data = {
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "device_bank": [
            devices_privacy.beneficiary_export(beneficiary=beneficiary, by=by, file_format="json")
            for beneficiary in records.beneficiaries
        ],
        "courses": [_enrolment_data(enrolment) for enrolment in records.enrolments],
        "accounts": [_account_data(user, reach) for user in records.accounts],
        "help_contacts_logged": records.help_contacts,
    }
    record_event(verb="person.exported", actor=by, organisation=reach.organisation, **records.counts())
    return data


def _account_erasable(user, reach, by):
    if user.pk == by.pk:
        return False
    if reach.everything:
        return True
    return not user.memberships.exclude(organisation=reach.organisation).exists()


def person_erase(*, query, reach, by, now=None):
    """Erase the personal fields of everything within reach about one person; the rows and counts stay.

    All or nothing: refused (ValidationError, nothing changed) while a device is still with the person, or when
    an account also works for an organisation outside the reach (or is one's own).
    """
    from einclusie.courses.models import Enrolment
    from einclusie.devices import privacy as devices_privacy
    from einclusie.devices.models import ACTIVE_LOAN_STATUSES

    now = now or timezone.now()
    with transaction.atomic():
        records = person_find(query=query, reach=reach)
        if not records.found:
            raise ValidationError(_("Er is niets gevonden om te wissen."), code="nothing")
        for beneficiary in records.beneficiaries:
            if beneficiary.loans.filter(status__in=ACTIVE_LOAN_STATUSES).exists():
                raise ValidationError(
                    _(
                        "Er is nog een toestel gereserveerd voor of uitgeleend aan %(reference)s. Neem het eerst "
                        "terug, annuleer de reservatie of zet de lening om in een schenking. Er is niets gewist."
                    )
                    % {"reference": beneficiary.reference},
                    code="active_loan",
                )
        for user in records.accounts:
            if not _account_erasable(user, reach, by):
                raise ValidationError(
                    _(
                        "Het account met dit e-mailadres is ook lid van een andere organisatie, of het is uw eigen "
                        "account. Vraag een programmabeheerder om het te wissen. Er is niets gewist."
                    ),
                    code="account_elsewhere",
                )
        for beneficiary in records.beneficiaries:
            if not beneficiary.is_erased:
                devices_privacy.beneficiary_erase(beneficiary=beneficiary, by=by, now=now)
        enrolment_ids = [enrolment.pk for enrolment in records.enrolments if enrolment.erased_at is None]
        Enrolment.objects.filter(pk__in=enrolment_ids).update(first_name="", phone="", email="", erased_at=now)
        for user in records.accounts:
            _account_erase(user, reach)
        record_event(verb="person.erased", actor=by, organisation=reach.organisation, **records.counts())
    return records


def _account_erase(user, reach):
    """A pseudonym instead of the name and address, no password, no memberships within reach: the id stays for
    the activity log and the help contacts the person logged."""
    user.first_name = ""
    user.last_name = ""
    user.email = f"gewist-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    reach.limit(user.memberships.all(), "organisation").delete()


def purge(*, dry_run=True, today=None):
    """Every module's retention rule at once; returns {module: number concerned}. Safe to run twice."""
    from einclusie.courses.services import enrolments_purge
    from einclusie.devices.privacy import beneficiaries_purge

    return {
        "courses": enrolments_purge(today=today, dry_run=dry_run)["enrolments"],
        "devices": beneficiaries_purge(today=today, dry_run=dry_run),
    }


@task()
def retention_purge():
    """Every module's retention rule on the task queue: enqueue it daily (`retention_purge.enqueue()`) for
    `einclusie db_worker`, or let cron run `einclusie privacy purge --yes`, which needs no worker."""
    return purge(dry_run=False)
