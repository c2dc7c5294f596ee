from auditlog.models import LogEntry
from django.core.management.base import BaseCommand, CommandError

from einclusie.core.audit import verify_chain
from einclusie.core.audit_changes import verify_change_records
from einclusie.core.models import Event


class Command(BaseCommand):
    help = (
        "Controleert de keten van hashes in het activiteitenlogboek en meldt de eerste gebeurtenis die gewijzigd, "
        "verwijderd of ingevoegd is; daarna of elke wijzigingsregistratie (veld per veld) nog overeenkomt met de "
        "vingerafdruk in de keten. Stopt met een foutcode bij een breuk."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        events = Event.objects.order_by("id").only(
            "id", "occurred_at", "actor_id", "organisation_id", "verb", "subject", "data", "previous_hash", "hash"
        )
        report = verify_chain(events.iterator(chunk_size=2000))
        if not report.intact:
            broken = Event.objects.filter(pk=report.first_break.event_id).first()
            raise CommandError(
                f"audit: chain broken at event {report.first_break.event_id} "
                f"({broken.occurred_at:%Y-%m-%d %H:%M:%S} {broken.verb}): {report.first_break.reason}. "
                f"The {report.length - 1} events before it are intact."
            )
        record_events = Event.objects.filter(verb__startswith="record.").order_by("id").values_list("data", flat=True)
        entries = LogEntry.objects.select_related("content_type").order_by("id")
        broken_record = verify_change_records(record_events.iterator(chunk_size=2000), entries.iterator(2000))
        if broken_record is not None:
            raise CommandError(f"audit: change record {broken_record.entry_id} broken: {broken_record.reason}.")
        self.stdout.write(
            f"audit: chain intact, {report.length} events, last hash {report.last_hash or '-'}; "
            f"{entries.count()} change records match their events"
        )
