"""Write many help contacts at once: one statement per batch, the topics and target groups alongside.

The ORM's bulk_create builds a model instance per row; for a year of a busy region (a million rows)
that costs more than reading and checking the file. These writers send the prepared tuples straight to
the database: SQLite `executemany` of one prepared INSERT, PostgreSQL `COPY ... FROM STDIN`. The ids
are handed out first (SQLite: after the highest one, while the import's transaction holds the write
lock; PostgreSQL: reserved from the table's sequence), so the rows of the two many-to-many tables can
be written in the same batch.

Call them inside a transaction, after `lock_organisation`.
"""

import zlib

from django.db import connection
from django.utils import timezone

from einclusie.contacts.models import HelpContact

BATCH_ROWS = 20_000
SQLITE_CACHE_KIB = -256_000  # negative: in KiB, as SQLite's PRAGMA cache_size reads it
# The columns a writer fills, in the order of the tuples handed to `add` (id, organisation, logged_* added).
FIELDS = (
    "help_point",
    "date",
    "channel",
    "outcome",
    "referred_to",
    "duration",
    "age_band",
    "language",
    "note",
    "import_key",
)
LOCK_NAMESPACE = zlib.crc32(b"contacts.import") & 0x7FFFFFFF


def lock_organisation(organisation):
    """One import at a time per organisation (PostgreSQL; SQLite's write lock already serialises writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, organisation.pk])


def contact_writer(*, organisation, by):
    """A writer for the current database."""
    writer = PostgresWriter if connection.vendor == "postgresql" else SqliteWriter
    return writer(organisation=organisation, by=by)


def _column(name):
    return HelpContact._meta.get_field(name).column


class Writer:
    def __init__(self, *, organisation, by):
        self.table = HelpContact._meta.db_table
        self.columns = [
            "id",
            _column("organisation"),
            *map(_column, FIELDS),
            _column("logged_by"),
            _column("logged_at"),
        ]
        self.topics_table = HelpContact.topics.through._meta.db_table
        self.groups_table = HelpContact.target_groups.through._meta.db_table
        self.head = (organisation.pk,)
        self.tail = (by.pk if by is not None and by.is_authenticated else None, self.adapt_now(timezone.now()))
        self.pending = []
        self.count = 0

    def adapt_now(self, now):
        return now

    def add(self, row, topic_ids, group_ids):
        """Queue one contact: `row` in the order of FIELDS, then its topic and target-group code ids."""
        self.pending.append((row, topic_ids, group_ids))
        if len(self.pending) >= BATCH_ROWS:
            self.flush()

    def close(self):
        """Give back what the writer changed on the connection."""

    def finish(self):
        """Write what is left; the number of contacts written."""
        self.flush()
        return self.count

    def flush(self):
        if not self.pending:
            return
        ids = self.reserve_ids(len(self.pending))
        head, tail = self.head, self.tail
        contacts, topics, groups = [], [], []
        for number, (row, topic_ids, group_ids) in zip(ids, self.pending, strict=True):
            contacts.append((number, *head, *row, *tail))
            topics.extend((number, code_id) for code_id in topic_ids)
            groups.extend((number, code_id) for code_id in group_ids)
        self.write(contacts, topics, groups)
        self.count += len(self.pending)
        self.pending = []

    def names(self, columns):
        return ", ".join(f'"{name}"' for name in columns)


class SqliteWriter(Writer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        self.next_id = None
        # The indexes of a big table no longer fit SQLite's default page cache (2 MB): every insert would
        # read its index pages again. A larger cache while the import runs; given back in `close`.
        self.cache_size = self.cursor.execute("PRAGMA cache_size").fetchone()[0]
        self.cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")

    def close(self):
        self.cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def adapt_now(self, now):
        return connection.ops.adapt_datetimefield_value(now)

    def reserve_ids(self, count):
        if self.next_id is None:
            # The transaction holds SQLite's write lock (transaction_mode IMMEDIATE): no one else adds rows now.
            highest = self.cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"').fetchone()[0]  # noqa: S608
            sequence = self.cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [self.table]).fetchone()
            self.next_id = max(highest, sequence[0] if sequence else 0) + 1
        first = self.next_id
        self.next_id += count
        return range(first, first + count)

    def write(self, contacts, topics, groups):
        marks = ", ".join("?" * len(self.columns))
        insert = f'INSERT INTO "{self.table}" ({self.names(self.columns)}) VALUES ({marks})'  # noqa: S608
        self.cursor.executemany(insert, contacts)
        for table, pairs in ((self.topics_table, topics), (self.groups_table, groups)):
            if pairs:
                insert = f'INSERT INTO "{table}" ("helpcontact_id", "code_id") VALUES (?, ?)'  # noqa: S608
                self.cursor.executemany(insert, pairs)


class PostgresWriter(Writer):
    def reserve_ids(self, count):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [self.table, count]
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, contacts, topics, groups):
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table, columns, rows in (
                (self.table, self.columns, contacts),
                (self.topics_table, ("helpcontact_id", "code_id"), topics),
                (self.groups_table, ("helpcontact_id", "code_id"), groups),
            ):
                if rows:
                    with raw.copy(f'COPY "{table}" ({self.names(columns)}) FROM STDIN') as copy:
                        write_row = copy.write_row
                        for row in rows:
                            write_row(row)
