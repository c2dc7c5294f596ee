from django.core.management.base import BaseCommand, CommandError

from einclusie.core.backups import FORMATS, BackupError, backup_write, native_format


class Command(BaseCommand):
    help = (
        "Schrijft een back-up van de hele databank naar één bestand: een kopie van het SQLite-bestand, "
        "pg_dump (PostgreSQL) of JSON (om van databank te wisselen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Het bestand (standaard var/backups/einclusie-<datum>-<tijd>.<soort>).")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="sqlite of pg_dump volgens de databank (standaard), of json om naar een andere databank te gaan.",
        )

    def handle(self, *args, output=None, format=None, **options):
        try:
            path, file_format = backup_write(output=output, file_format=format)
        except BackupError as error:
            raise CommandError(f"backup: {error}") from None
        default = " (the default here)" if file_format == native_format() else ""
        self.stdout.write(f"backup: {path} ({file_format}{default}, {path.stat().st_size} bytes)")
