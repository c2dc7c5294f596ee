from django.core.management.base import BaseCommand, CommandError

from einclusie.devices.models import Loan
from einclusie.devices.privacy import beneficiaries_purge
from einclusie.devices.services import loans_remind_due, reservations_release_expired


class Command(BaseCommand):
    help = (
        "Toestellenbank: 'purge' wist de persoonsgegevens van wie voorbij de bewaartermijn is (niet zolang er "
        "een toestel uit is); 'overdue' toont hoeveel toestellen te laat zijn; 'release' maakt de toestellen van "
        "verlopen reservaties weer beschikbaar; 'remind' herinnert wie een toestel binnen --days dagen (30) moet "
        "terugbrengen of te laat is, één keer per moment. Zonder --yes verandert er niets. Veilig om twee keer "
        "uit te voeren."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge", "overdue", "release", "remind"])
        parser.add_argument(
            "--yes", action="store_true", help="Echt uitvoeren. Zonder --yes: alleen tonen wat er zou gebeuren."
        )
        parser.add_argument(
            "--days", type=int, default=30, help="remind: herinner wie binnen zoveel dagen moet terugbrengen (30)."
        )

    def handle(self, *args, action, yes=False, days=30, **options):
        if action == "overdue":
            self.overdue()
        elif action == "release":
            self.release(yes)
        elif action == "remind":
            if not 0 <= days <= 365:
                raise CommandError("--days must be between 0 and 365")
            self.remind(days, yes)
        else:
            self.purge(yes)

    def overdue(self):
        overdue = Loan.objects.overdue().select_related("organisation").order_by("organisation__name")
        per_organisation = {}
        for loan in overdue:
            per_organisation[loan.organisation.name] = per_organisation.get(loan.organisation.name, 0) + 1
        for name, count in per_organisation.items():
            self.stdout.write(f"{name}: {count} overdue")
        self.stdout.write(f"overdue loans: {sum(per_organisation.values())}")

    def release(self, yes):
        loans = reservations_release_expired(dry_run=not yes)
        for loan in loans:
            self.stdout.write(
                f"{loan.organisation.name}: {loan.device.serial_number} reserved for {loan.beneficiary.reference} "
                f"until {loan.reserved_until:%Y-%m-%d}"
            )
        if yes:
            self.stdout.write(f"released {len(loans)} expired reservations; the devices are available again")
        else:
            self.stdout.write(
                f"would release {len(loans)} expired reservations (dry run, nothing changed; add --yes to release)"
            )

    def remind(self, days, yes):
        outcome = loans_remind_due(days=days, dry_run=not yes)
        for loan in outcome.to_call:
            # No names or phone numbers in a log: the helpers see them under Leningen → Bellen of schrijven.
            self.stdout.write(
                f"call or write: {loan.organisation.name}: {loan.beneficiary.reference}, "
                f"{loan.device.serial_number}, due {loan.due_on:%Y-%m-%d}"
            )
        for loan in outcome.failed:
            self.stdout.write(f"failed: {loan.organisation.name}: {loan.beneficiary.reference} (see the log)")
        verb = "e-mailed" if yes else "would e-mail"
        summary = (
            f"{verb} {len(outcome.emailed)} reminders; {len(outcome.to_call)} people to call or write; "
            f"{outcome.already} already reminded at this stage"
        )
        if outcome.failed:
            summary += f"; {len(outcome.failed)} failed"
        if not yes:
            summary += " (dry run, nothing changed; add --yes to send)"
        self.stdout.write(summary)

    def purge(self, yes):
        count = beneficiaries_purge(dry_run=not yes)
        if yes:
            self.stdout.write(f"erased the personal data of {count} people past their retention date")
        else:
            self.stdout.write(
                f"would erase the personal data of {count} people past their retention date "
                "(dry run, nothing changed; add --yes to erase)"
            )
