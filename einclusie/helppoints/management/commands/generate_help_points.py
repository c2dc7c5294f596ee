from django.core.management.base import BaseCommand, CommandError

from einclusie.helppoints.demo import generate_help_points
from einclusie.organisations.models import Kind, Organisation


class Command(BaseCommand):
    help = "Maakt fictieve digipunten over heel Vlaanderen aan (voor benchmarks). Zonder --yes: alleen tonen."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--yes", action="store_true", help="Echt aanmaken.")

    def handle(self, *args, count, yes=False, **options):
        if count < 1 or count > 100_000:
            raise CommandError("count must be between 1 and 100000")
        if not yes:
            self.stdout.write(f"would create {count} fictitious help points (add --yes to go ahead)")
            return

        def organisation_for(municipality):
            organisation, _created = Organisation.objects.get_or_create(
                kind=Kind.PARTNER,
                name=f"Digipuntnetwerk {municipality.name_nl} (demo)",
                defaults={"municipality": municipality, "is_demo": True},
            )
            return organisation

        generate_help_points(count, organisation_for=organisation_for)
        self.stdout.write(f"created {count} fictitious help points")
