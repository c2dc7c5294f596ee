from django.core.management.base import BaseCommand, CommandError

from einclusie.core.backups import BackupError, has_data, restore


class Command(BaseCommand):
    help = (
        "Zet een back-up van `einclusie backup` terug. Weigert een databank met gegevens, tenzij --yes; "
        "dan wordt eerst een back-up van de huidige databank geschreven."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Een bestand gemaakt door einclusie backup.")
        parser.add_argument("--yes", action="store_true", help="Vervang ook een databank die al gegevens heeft.")

    def handle(self, *args, file, yes=False, **options):
        replacing = has_data()
        try:
            file_format, safety = restore(path=file, replace=yes)
        except BackupError as error:
            raise CommandError(f"restore: {error}") from None
        if safety:
            self.stdout.write(f"restore: the data that was replaced is kept in {safety}")
        what = "replaced the database's data" if replacing else "filled the empty database"
        self.stdout.write(f"restore: {what} from {file} ({file_format}); run `einclusie migrate` next")
