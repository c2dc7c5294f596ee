from django.core.management.base import BaseCommand

from einclusie.core.privacy import purge


class Command(BaseCommand):
    help = (
        "Persoonsgegevens: 'purge' voert de bewaarregel van elke module uit (inschrijvingen voor cursussen, "
        "ontvangers van de toestellenbank) en wist wat voorbij de bewaartermijn is; de anonieme cijfers blijven. "
        "Zonder --yes verandert er niets. Veilig om twee keer uit te voeren; dagelijks uitvoeren."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge"])
        parser.add_argument(
            "--yes", action="store_true", help="Echt wissen. Zonder --yes: alleen tonen hoeveel er gewist zou worden."
        )

    def handle(self, *args, action, yes=False, **options):
        counts = purge(dry_run=not yes)
        for module, count in counts.items():
            verb = "erased" if yes else "would erase"
            self.stdout.write(f"{module}: {verb} the personal data of {count}")
        if not yes:
            self.stdout.write("dry run, nothing changed; add --yes to erase")
