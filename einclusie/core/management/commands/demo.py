from django.core.management.base import BaseCommand

from einclusie.core.codelists import codelists_load
from einclusie.core.demo import demo_load
from einclusie.territory.services import territory_load


class Command(BaseCommand):
    help = "Laadt de referentiegegevens en een fictieve demoset (veilig om twee keer uit te voeren)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wat er zou gebeuren, zonder iets te bewaren.")

    def handle(self, *args, dry_run=False, **options):
        territory_load(dry_run=dry_run)
        codelists_load(dry_run=dry_run)
        created = demo_load(dry_run=dry_run)
        prefix = "would create" if dry_run else "created"
        for line in created:
            self.stdout.write(f"{prefix} {line}")
        self.stdout.write(f"demo: {len(created)} new rows{' (dry run, nothing saved)' if dry_run else ''}")
