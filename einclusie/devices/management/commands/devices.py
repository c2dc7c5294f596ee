from django.core.management.base import BaseCommand

from einclusie.devices.models import Loan
from einclusie.devices.privacy import beneficiaries_purge


class Command(BaseCommand):
    help = (
        "Toestellenbank: 'purge' wist de persoonsgegevens van wie voorbij de bewaartermijn is (niet zolang er "
        "een toestel uit is); 'overdue' toont hoeveel toestellen te laat zijn. Zonder --yes verandert er niets. "
        "Veilig om twee keer uit te voeren."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge", "overdue"])
        parser.add_argument(
            "--yes", action="store_true", help="Echt wissen. Zonder --yes: alleen tonen wat er zou gebeuren."
        )

    def handle(self, *args, action, yes=False, **options):
        if action == "overdue":
            overdue = Loan.objects.overdue().select_related("organisation").order_by("organisation__name")
            per_organisation = {}
            for loan in overdue:
                per_organisation[loan.organisation.name] = per_organisation.get(loan.organisation.name, 0) + 1
            for name, count in per_organisation.items():
                self.stdout.write(f"{name}: {count} overdue")
            self.stdout.write(f"overdue loans: {sum(per_organisation.values())}")
            return
        count = beneficiaries_purge(dry_run=not yes)
        if yes:
            self.stdout.write(f"erased the personal data of {count} people past their retention date")
        else:
            self.stdout.write(
                f"would erase the personal data of {count} people past their retention date "
                "(dry run, nothing changed; add --yes to erase)"
            )
