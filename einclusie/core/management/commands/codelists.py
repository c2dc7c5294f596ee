from django.core.management.base import BaseCommand

from einclusie.core.codelists import codelists_load


class Command(BaseCommand):
    help = "Laadt de gedeelde codelijsten (hulponderwerpen, doelgroepen, …). Veilig om twee keer uit te voeren."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--dry-run", action="store_true", help="Toon wat er zou veranderen, zonder te bewaren.")

    def handle(self, *args, action, dry_run=False, **options):
        counts = codelists_load(dry_run=dry_run)
        summary = ", ".join(f"{key}={value}" for key, value in counts.items())
        self.stdout.write(f"codelists: {summary}{' (dry run, nothing saved)' if dry_run else ''}")
