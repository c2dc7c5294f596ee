"""Field-level change records (django-auditlog), made tamper-evident by the activity log's hash chain.

django-auditlog writes a `LogEntry` for every create, change and delete of the registered models below: who
(the request's user, set by `auditlog.middleware.AuditlogMiddleware`), when, and the old and new value of each
field. Each new LogEntry is then *fed into the hash-chained activity log*: one `Event` (verb `record.created`,
`record.changed` or `record.deleted`) in the same transaction, carrying the entry's id and the sha256 digest of
its content. So the chain covers the change records too, and `einclusie audit verify` finds:

- a change record whose content no longer matches the digest in its event (changed afterwards),
- an event whose change record is gone (removed),
- a change record that no event names (inserted behind the application's back).

Personal fields are never copied into a change record in clear: they are masked with `mask_personal` (the
record says that the field changed, not what it said). The organisation's bank account (IBAN) stays readable on
purpose: a changed account number is exactly what an auditor must see. Wiring the library's `post_log` signal
is infrastructure, not business logic: the services still record their own events.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

VERBS = {
    LogEntry.Action.CREATE: "record.created",
    LogEntry.Action.UPDATE: "record.changed",
    LogEntry.Action.DELETE: "record.deleted",
}
MASK = "•••"

# The models whose changes are recorded field by field, and their personal fields (masked).
TRACKED = {
    "subsidies.Application": ("contact_first_name", "contact_last_name", "contact_phone", "contact_email"),
    "subsidies.ApplicationTransition": (),  # the decisions on an application
    "subsidies.Tranche": (),
    "subsidies.Justification": (),
    "devices.Loan": ("return_note",),
    "devices.Beneficiary": ("full_name", "phone", "email", "referrer_file", "note", "referrer_name"),
    "organisations.Membership": (),  # a person's role in an organisation
}


def mask_personal(value):
    """A personal value in a change record: that there was one, never what it said."""
    return MASK if value not in (None, "", "None") else value


def register():
    """Register the tracked models with django-auditlog and chain their change records (apps.ready)."""
    for label, personal in TRACKED.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            auditlog.register(
                model,
                mask_fields=list(personal),
                mask_callable="einclusie.core.audit_changes.mask_personal",
            )
    post_log.connect(chain_change_record, dispatch_uid="einclusie_chain_change_record")


def digest(entry):
    """sha256 over the canonical JSON of what a change record says: what, which object, who, when, which fields."""
    content = {
        "id": entry.pk,
        # By name, not id: a JSON backup restores content types under other ids.
        "content_type": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "object_pk": str(entry.object_pk),  # an int until it is read back
        "object_repr": entry.object_repr,
        "action": entry.action,
        "changes": entry.changes,
        "actor": entry.actor_id,
        "timestamp": entry.timestamp.astimezone(UTC).isoformat(timespec="milliseconds"),
    }
    canonical = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def organisation_id_of(instance):
    """The organisation a tracked object belongs to, without a query where the object already knows it."""
    if hasattr(instance, "organisation_id"):
        return instance.organisation_id
    application = getattr(instance, "application", None)
    return application.organisation_id if application is not None else None


def chain_change_record(sender, instance, log_entry=None, log_created=False, **kwargs):
    """Receiver of auditlog's `post_log`: one activity-log event that carries the new record's digest."""
    if not log_created or log_entry is None:
        return
    from einclusie.core.models import record_event
    from einclusie.organisations.models import Organisation

    organisation_id = organisation_id_of(instance)
    record_event(
        verb=VERBS.get(log_entry.action, "record.changed"),
        actor=log_entry.actor,
        # Only the id goes into the event: no query to load the organisation.
        organisation=Organisation(pk=organisation_id) if organisation_id else None,
        subject=f"{sender._meta.label_lower} {log_entry.object_pk}",
        entry=log_entry.pk,
        digest=digest(log_entry),
    )


@dataclass(frozen=True)
class RecordBreak:
    entry_id: int
    reason: str


def verify_change_records(events, entries):
    """Compare the change records with the digests the chained events hold; the first mismatch, or None.

    `events`: (data) of the record.* events; `entries`: every LogEntry. Both iterables.
    """
    expected = {}
    for data in events:
        expected[data.get("entry")] = data.get("digest")
    seen = set()
    for entry in entries:
        seen.add(entry.pk)
        if entry.pk not in expected:
            return RecordBreak(entry.pk, "no event in the chain names it: it was inserted")
        if digest(entry) != expected[entry.pk]:
            return RecordBreak(entry.pk, "its content no longer matches the digest in its event")
    missing = sorted(set(expected) - seen)
    if missing:
        return RecordBreak(missing[0], "its event is in the chain but the record is gone: it was removed")
    return None
