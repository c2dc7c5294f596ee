from django.core.management.base import BaseCommand

from einclusie.courses.services import enrolments_purge
from einclusie.courses.skills import skills_check_load


class Command(BaseCommand):
    help = (
        "Cursussen: 'purge' wist voornaam, telefoon en e-mail van inschrijvingen na de bewaartermijn; "
        "'load-skills-check' laadt de vragenlijst van de vaardighedentest. Veilig om twee keer uit te voeren."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge", "load-skills-check"])
        parser.add_argument(
            "--yes", action="store_true", help="Echt wissen. Zonder --yes: alleen tonen wat er zou gebeuren."
        )
        parser.add_argument(
            "--months", type=int, default=None, help="Bewaartermijn in maanden (standaard de instelling)."
        )

    def handle(self, *args, action, yes=False, months=None, **options):
        if action == "load-skills-check":
            counts = skills_check_load()
            self.stdout.write("skills check: " + ", ".join(f"{key}={value}" for key, value in counts.items()))
            return
        result = enrolments_purge(months=months, dry_run=not yes)
        if yes:
            self.stdout.write(
                f"erased the personal data of {result['enrolments']} enrolments in {result['courses']} courses"
            )
        else:
            self.stdout.write(
                f"would erase the personal data of {result['enrolments']} enrolments in {result['courses']} courses "
                "(dry run, nothing changed; add --yes to erase)"
            )
