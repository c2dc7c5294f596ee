"""einclusie contacts import FILE --organisation ID [--all-or-nothing] [--yes]

Reads help contacts from a CSV or XLSX file in the template of docs/spreadsheets.md and prints what it
found: good new rows, rows imported before, and every bad row with its problem. Without --yes it only
checks. Safe to run twice: rows imported before are recognised and skipped.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from einclusie.contacts.spreadsheet_import import COLUMNS, contacts_import
from einclusie.core.spreadsheets import SpreadsheetError, open_spreadsheet
from einclusie.organisations.models import Organisation


class Command(BaseCommand):
    help = "Leest hulpcontacten in uit een CSV- of Excel-bestand (het sjabloon van docs/spreadsheets.md)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Lees hulpcontacten in voor één organisatie.")
        load.add_argument("file", help="Een .csv- of .xlsx-bestand.")
        load.add_argument("--organisation", required=True, type=int, help="Het nummer (id) van de organisatie.")
        load.add_argument(
            "--all-or-nothing", action="store_true", help="Bewaar niets als er één rij een probleem heeft."
        )
        load.add_argument("--yes", action="store_true", help="Echt inlezen; zonder --yes wordt alleen nagekeken.")

    def handle(self, *args, action, file, organisation, all_or_nothing=False, yes=False, **options):
        with translation.override("nl"):
            found = Organisation.objects.filter(pk=organisation).first()
            if found is None:
                raise CommandError(_("Organisatie %(value)s bestaat niet.") % {"value": organisation})
            try:
                with open(file, "rb") as handle:
                    sheet = open_spreadsheet(handle, COLUMNS, filename=file)
                    report = contacts_import(
                        rows=sheet, organisation=found, by=None, all_or_nothing=all_or_nothing, dry_run=not yes
                    )
            except OSError as error:
                raise CommandError(str(error)) from None
            except SpreadsheetError as error:
                raise CommandError(str(error)) from None
            if report.error:
                raise CommandError(report.error)
            self.print_report(found, report)

    def print_report(self, organisation, report):
        write = self.stdout.write
        write(_("Organisatie: %(name)s") % {"name": organisation.name})
        write(_("Rijen gelezen: %(count)d") % {"count": report.rows})
        write(_("Goed en nieuw: %(count)d") % {"count": report.new})
        write(_("Al eerder ingelezen: %(count)d") % {"count": report.duplicates})
        write(_("Rijen met een probleem: %(count)d") % {"count": report.bad_rows})
        for problem in report.problems:
            write(
                _("  rij %(row)d, %(column)s: %(message)s")
                % {"row": problem.row, "column": problem.column, "message": problem.message}
            )
        if report.problems_left_off:
            write(_("  en nog %(count)d problemen.") % {"count": report.problems_left_off})
        if report.dry_run:
            write(_("Alleen nagekeken: er is niets bewaard. Voeg --yes toe om in te lezen."))
        elif report.refused:
            write(_("Er is niets bewaard: u vroeg alles of niets en er zijn rijen met een probleem."))
        else:
            write(_("Ingelezen: %(count)d contacten.") % {"count": report.created})
