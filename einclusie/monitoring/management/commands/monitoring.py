import json
import sys

from django.core.management.base import BaseCommand, CommandError

from einclusie.monitoring.services import indicators_load, monitoring_refresh


class Command(BaseCommand):
    help = (
        "Monitoring: 'refresh' werkt de maandcijfers bij (--full: alles opnieuw); 'load-indicators' laadt de "
        "indicatoren uit data/indicators.json; 'load-quickscan' de vragen van de quickscan; "
        "'openapi' schrijft de OpenAPI van /api/v1/ (--check: vergelijk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh", "load-indicators", "load-quickscan", "openapi"])
        parser.add_argument("--full", action="store_true", help="Alles opnieuw berekenen (refresh).")
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen wat er zou gebeuren.")
        parser.add_argument("--output", default="docs/api/openapi-v1.json", help="Bestand voor 'openapi'.")
        parser.add_argument("--check", action="store_true", help="'openapi': faal als het bestand verschilt.")

    def handle(self, *args, action, full=False, dry_run=False, output="", check=False, **options):
        if action == "refresh":
            result = monitoring_refresh(full=full)
            cells = "every cell" if result["cells"] is None else f"{result['cells']} municipality-months"
            self.stdout.write(
                f"monitoring refreshed ({'full' if result['full'] else 'incremental'}): {cells}, "
                f"{result['facts']} facts written"
            )
        elif action == "load-indicators":
            counts = indicators_load(dry_run=dry_run)
            suffix = " (dry run, nothing saved)" if dry_run else ""
            self.stdout.write("indicators: " + ", ".join(f"{k}={v}" for k, v in counts.items()) + suffix)
        elif action == "load-quickscan":
            from einclusie.monitoring.survey import questions_load

            counts = questions_load()
            self.stdout.write("quick scan questions: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
        else:
            from einclusie.monitoring.api import open_data_api

            text = openapi_text(open_data_api)
            if check:
                with open(output, encoding="utf-8") as handle:
                    if handle.read() != text:
                        raise CommandError(f"{output} differs from the served OpenAPI: run it without --check")
                self.stdout.write(f"{output} is up to date")
                return
            if output == "-":
                sys.stdout.write(text)
                return
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(f"wrote {output}")


def openapi_text(api):
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
