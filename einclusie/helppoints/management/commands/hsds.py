"""einclusie hsds export [--organisation ID] [--format json|csv] OUT
einclusie hsds import --organisation ID FILE [--dry-run]

Export writes the public directory (or one organisation's public part) as Open Referral HSDS 3.0: a JSON
file of fully nested services, or the tabular package (a folder of CSV files, or a .zip). Import reads
either into one organisation's directory and prints what it created, changed, left alone and refused.
Importing the same file twice changes nothing the second time.
"""

import csv
import json
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from einclusie.helppoints import hsds
from einclusie.helppoints.hsds_import import HsdsImportError, hsds_export, hsds_export_tabular, hsds_import
from einclusie.organisations.models import Organisation

KINDS = {
    "service": ngettext_lazy("%(count)d hulpaanbod", "%(count)d hulpaanbod", "count"),
    "location": ngettext_lazy("%(count)d locatie", "%(count)d locaties", "count"),
    "service_at_location": ngettext_lazy("%(count)d digipunt", "%(count)d digipunten", "count"),
}


class Command(BaseCommand):
    help = "Exporteert of importeert de gids van digipunten als Open Referral HSDS 3.0 (JSON of CSV-pakket)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Schrijf de openbare gids als HSDS.")
        export.add_argument("--organisation", help="Alleen deze organisatie: id (getal) of HSDS-id (uuid).")
        export.add_argument("--format", choices=["json", "csv"], default="json")
        export.add_argument("out", help="JSON: een bestand (of - voor het scherm). CSV: een map of een .zip.")
        load = actions.add_parser("import", help="Lees een HSDS-gegevensset in de gids van één organisatie.")
        load.add_argument("--organisation", required=True, help="id (getal) of HSDS-id (uuid) van de organisatie.")
        load.add_argument("file", help="JSON-bestand, map met CSV-bestanden of .zip.")
        load.add_argument("--dry-run", action="store_true", help="Toon wat er zou veranderen, zonder te bewaren.")

    def handle(self, *args, action, **options):
        with translation.override("nl"):
            if action == "export":
                self.export(organisation=options["organisation"], output_format=options["format"], out=options["out"])
            else:
                self.load(organisation=options["organisation"], file=options["file"], dry_run=options["dry_run"])

    def export(self, *, organisation, output_format, out):
        organisation = _organisation(organisation) if organisation else None
        if output_format == "json":
            data = hsds_export(organisation=organisation)
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if out == "-":
                self.stdout.write(text)
                return
            Path(out).write_text(text + "\n", encoding="utf-8")
            count = len(data["services"])
        elif out.endswith(".zip"):
            with tempfile.TemporaryDirectory() as folder:
                count = _services_written(hsds_export_tabular(organisation=organisation, directory=folder))
                shutil.make_archive(out.removesuffix(".zip"), "zip", folder)
        else:
            count = _services_written(hsds_export_tabular(organisation=organisation, directory=out))
        self.stdout.write(_("%(count)d hulpaanbod geschreven naar %(out)s.") % {"count": count, "out": out})

    def load(self, *, organisation, file, dry_run):
        organisation = _organisation(organisation)
        source = sys.stdin.read() if file == "-" else Path(file)
        if isinstance(source, str):
            try:
                source = json.loads(source)
            except json.JSONDecodeError as error:
                raise CommandError(_("Dit is geen leesbaar JSON: %(error)s") % {"error": error}) from None
        try:
            report = hsds_import(organisation=organisation, data=source, dry_run=dry_run)
        except HsdsImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Organisatie: %(name)s") % {"name": organisation.name})
        for title, lines in (
            (_("Nieuw"), report.created),
            (_("Gewijzigd"), report.updated),
            (_("Ongewijzigd"), report.unchanged),
        ):
            self.stdout.write(_("%(title)s: %(count)d%(details)s") % _summary(title, lines))
        self.stdout.write(_("Geweigerd: %(count)d hulpaanbod") % {"count": len(report.rejected)})
        for rejection in report.rejected:
            self.stdout.write(
                _("  hulpaanbod %(id)s “%(name)s” (niets ervan is bewaard):")
                % {"id": rejection.service_id or "?", "name": rejection.name}
            )
            for problem in rejection.problems:
                self.stdout.write(
                    _("    %(id)s, veld %(field)s: %(reason)s")
                    % {"id": problem.record_id or "?", "field": problem.field or "-", "reason": problem.reason}
                )
        if dry_run:
            self.stdout.write(_("Proefdraai: er is niets bewaard."))


def _summary(title, lines):
    counts = {}
    for line in lines:
        counts[line.kind] = counts.get(line.kind, 0) + 1
    parts = [KINDS[kind] % {"count": counts[kind]} for kind in KINDS if kind in counts]
    return {"title": title, "count": len(lines), "details": f" ({', '.join(parts)})" if parts else ""}


def _services_written(paths):
    services = next(path for path in paths if path.name == "services.csv")
    with services.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _row in csv.DictReader(handle))


def _organisation(value):
    """An organisation by its primary key or by its HSDS id."""
    found = None
    if value.isdigit():
        found = Organisation.objects.filter(pk=int(value)).first()
    else:
        try:
            found = hsds.organisation_by_hsds_id(uuid.UUID(value))
        except ValueError:
            found = None
    if found is None:
        raise CommandError(_("Organisatie %(value)s bestaat niet.") % {"value": value})
    return found
