"""The tamper-evident activity log: every Event carries the hash of the one before it.

`hash` = sha256 over the canonical JSON of the event's content (time, actor, organisation, verb, subject,
data) and the previous event's hash. Changing, inserting or deleting an event in the middle breaks the chain
at that point; `einclusie audit verify` walks the chain in id order and reports the first break. Removing the
newest events cannot be seen from the chain alone: `verify` prints the length and the last hash so an operator
can keep them elsewhere (see docs/security.md).

Writers are serialised so the chain never forks: on PostgreSQL by a transaction-level advisory lock taken
before the last hash is read, on SQLite by the write lock every transaction takes at its start
(`transaction_mode = IMMEDIATE` in settings).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

# Any fixed number: the key of PostgreSQL's advisory lock for appending to the activity log.
CHAIN_LOCK_KEY = 7_340_201
GENESIS = ""


def canonical_data(data):
    """The event's data as the database gives it back (JSON types only), so a hash made now verifies later."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def content_of(*, occurred_at, actor_id, organisation_id, verb, subject, data):
    return {
        # Milliseconds: what Django's JSON serialisation keeps, so a json backup restores a valid chain.
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="milliseconds"),
        "actor": actor_id,
        "organisation": organisation_id,
        "verb": verb,
        "subject": subject,
        "data": data,
    }


def chain_hash(content, previous_hash):
    """sha256 of the canonical JSON of an event's content and the previous hash."""
    canonical = json.dumps(
        {"content": content, "previous_hash": previous_hash},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def lock_and_read_last_hash(table):
    """Take the chain's write lock and read the newest hash, in one round trip. Call inside a transaction.

    On PostgreSQL the two statements go as one query: the SELECT runs after the lock is granted, with a fresh
    snapshot (read committed), so it sees the event that the previous lock holder committed.
    """
    last = f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1"  # noqa: S608 - the model's own table name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY}); {last}")
            cursor.nextset()
        else:
            cursor.execute(last)
        row = cursor.fetchone()
    return row[0] if row else GENESIS


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    event_id: int
    reason: str


@dataclass(frozen=True)
class Report:
    length: int
    last_hash: str
    first_break: Break | None

    @property
    def intact(self):
        return self.first_break is None


def verify_chain(events):
    """Walk events in id order (an iterable of Event rows) and report the first break, if any."""
    previous_hash = GENESIS
    length = 0
    for event in events:
        length += 1
        if event.previous_hash != previous_hash:
            return Report(
                length,
                previous_hash,
                Break(event.id, "the link to the event before it is broken: an event was removed or inserted"),
            )
        if event.compute_hash() != event.hash:
            return Report(length, previous_hash, Break(event.id, "its content no longer matches its hash"))
        previous_hash = event.hash
    return Report(length, previous_hash, None)
