"""`einclusie territory load`, `… import-statistics FILE` and `… load-boundaries FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from einclusie.territory.boundaries import DEFAULT_TOLERANCE, load_boundaries
from einclusie.territory.importers import import_statistics
from einclusie.territory.projections import CONVERTERS
from einclusie.territory.services import territory_load


class Command(BaseCommand):
    help = "Grondgebied: referentiegegevens laden en gemeentelijke statistieken importeren."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{load,import-statistics,load-boundaries}"
        )

        load = subcommands.add_parser(
            "load",
            help=_(
                "Laadt provincies, gemeenten (2025 en de gefuseerde van 2019–2024), postcodes, indicatoren en de "
                "bevolking van de oproep 2022. Veilig om twee keer uit te voeren."
            ),
        )
        load.add_argument(
            "--dry-run", action="store_true", help=_("Toon wat er zou veranderen, zonder iets te bewaren.")
        )

        statistics = subcommands.add_parser(
            "import-statistics",
            help=_("Importeert statistieken uit een CSV-bestand in de vorm van Statbel."),
        )
        statistics.add_argument("file", help=_("Het CSV-bestand."))
        statistics.add_argument(
            "--indicator", help=_("Indicatorcode voor rijen zonder kolom INDICATOR, bv. inhabitants.")
        )
        statistics.add_argument("--year", type=int, help=_("Jaar voor rijen zonder CD_YEAR of YEAR."))
        statistics.add_argument("--source", help=_("Bron voor rijen zonder kolom SOURCE."))
        statistics.add_argument(
            "--keep-good-rows",
            action="store_true",
            help=_("Importeer de goede rijen als er ook slechte zijn (standaard: dan niets)."),
        )
        statistics.add_argument(
            "--dry-run", action="store_true", help=_("Controleer het bestand zonder iets te bewaren.")
        )

        boundaries = subcommands.add_parser(
            "load-boundaries",
            help=_(
                "Importeert officiële gemeentegrenzen uit een GeoJSON-bestand: de kaarten worden dan "
                "choropleten. Zie docs/monitoring.md."
            ),
        )
        boundaries.add_argument("file", help=_("Het GeoJSON-bestand (FeatureCollection) of TopoJSON-bestand."))
        boundaries.add_argument(
            "--crs",
            type=int,
            choices=sorted(CONVERTERS),
            help=_("Coördinatenstelsel als het niet in het bestand staat: 4326, 31370 (Lambert 72) of 3812."),
        )
        boundaries.add_argument("--code-property", help=_("Naam van de eigenschap met de NIS-code."))
        boundaries.add_argument("--layer", help=_("TopoJSON: de naam van de laag met de gemeenten."))
        boundaries.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help=_("Vereenvoudiging in graden (standaard %(default)s, ongeveer 100–170 m)."),
        )
        boundaries.add_argument("--source", default="", help=_("Bron en datum van de grenzen, voor de kaart."))
        boundaries.add_argument(
            "--keep-good",
            action="store_true",
            help=_("Importeer de goede objecten als er ook slechte zijn (standaard: dan niets)."),
        )
        boundaries.add_argument(
            "--dry-run", action="store_true", help=_("Controleer het bestand zonder iets te bewaren.")
        )

    def handle(self, *args, subcommand, **options):
        if subcommand == "load":
            self.load(dry_run=options["dry_run"])
        elif subcommand == "load-boundaries":
            self.load_boundaries(**options)
        else:
            self.import_statistics(**options)

    def load_boundaries(self, *, file, crs, code_property, layer, tolerance, source, keep_good, dry_run, **options):
        report = load_boundaries(
            file,
            crs=crs,
            code_property=code_property,
            layer=layer,
            tolerance=tolerance,
            source=source or Path(file).name,
            keep_good=keep_good,
            dry_run=dry_run,
        )
        self.report(report, file)

    def report(self, report, file):
        """Print an import's report; fail (exit status 1) when it found errors and imported nothing."""
        for line in report.lines():
            self.stdout.write(line)
        if report.errors and not report.imported:
            raise CommandError(
                ngettext(
                    "%(count)s fout gevonden in %(file)s; er is niets geïmporteerd.",
                    "%(count)s fouten gevonden in %(file)s; er is niets geïmporteerd.",
                    len(report.errors),
                )
                % {"count": len(report.errors), "file": file}
            )

    def load(self, *, dry_run):
        report = territory_load(dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)

    def import_statistics(self, *, file, indicator, year, source, keep_good_rows, dry_run, **options):
        report = import_statistics(
            file=file,
            keep_good_rows=keep_good_rows,
            dry_run=dry_run,
            default_indicator=indicator,
            default_year=year,
            source=source,
        )
        self.report(report, file)
