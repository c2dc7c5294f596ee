import json

from django.core.management.base import BaseCommand, CommandError

from einclusie.a11y import criteria
from einclusie.a11y.browser import BrowserThread, BrowserUnavailable
from einclusie.a11y.scanner import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, scan_site
from einclusie.a11y.services import scans_run_due


class Command(BaseCommand):
    help = (
        "Toegankelijkheidsmonitor. 'scan <url>' scant een site zonder ze te registreren en toont de bevindingen "
        "(exitcode 0, ook met bevindingen; niet 0 als de scan niet kon lopen). 'run-due' (voor cron) zet de "
        "geregistreerde sites die aan de beurt zijn in de wachtrij; met --run voert het ook uit wat wacht."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        scan = actions.add_parser("scan", help="Scan een site en toon de bevindingen.")
        scan.add_argument("url")
        scan.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES)
        scan.add_argument("--depth", type=int, default=DEFAULT_MAX_DEPTH)
        scan.add_argument("--format", choices=["text", "json"], default="text")
        scan.add_argument("--delay", type=float, default=1.0, help="Seconden tussen twee pagina's (beleefdheid).")
        scan.add_argument("--timeout", type=float, default=15.0, help="Seconden per pagina.")
        scan.add_argument("--language", default="nl", help="Verwachte taal van de pagina's ('' om niet te eisen).")
        due = actions.add_parser("run-due", help="Zet de sites die aan de beurt zijn in de wachtrij.")
        due.add_argument("--run", action="store_true", help="Voer ook de wachtende scans hier uit (zonder worker).")
        due.add_argument("--dry-run", action="store_true", help="Alleen tonen wat er zou gebeuren.")
        due.add_argument("--delay", type=float, default=None)

    def handle(self, *args, action, **options):
        if action == "run-due":
            for line in scans_run_due(run_pending=options["run"], dry_run=options["dry_run"], delay=options["delay"]):
                self.stdout.write(line)
            return
        self.scan(**options)

    def scan(self, *, url, max_pages, depth, format, delay, timeout, language, **options):  # noqa: A002
        try:
            with BrowserThread() as browser_thread:
                result = browser_thread.run(
                    lambda browser: scan_site(
                        url,
                        browser=browser,
                        max_pages=max_pages,
                        max_depth=depth,
                        delay=delay,
                        timeout=timeout,
                        language=language or None,
                    )
                )
        except (BrowserUnavailable, ValueError) as error:
            raise CommandError(f"the scan could not run: {error}") from error
        if format == "json":
            self.stdout.write(json.dumps(as_json(result), indent=2, ensure_ascii=False))
        else:
            self.write_text(result)
        if not result.could_run:
            raise CommandError(f"the scan could not run: {result.problem}")

    def write_text(self, result):
        for page in result.pages:
            status = page.http_status or "-"
            self.stdout.write(f"{page.url}\t{page.outcome}\t{status}\t{page.note}".rstrip())
            for barrier in page.barriers:
                numbers = ",".join(barrier.criteria) or "-"
                self.stdout.write(
                    f"  {barrier.check_id}\tWCAG {numbers}\t{barrier.impact}\t{barrier.selector}\t{barrier.message}"
                )
        findings = sum(len(page.barriers) for page in result.pages)
        self.stdout.write(f"{len(result.scanned)} pages scanned, {len(result.pages)} met, {findings} findings")


def as_json(result):
    return {
        "start_url": result.start_url,
        "problem": result.problem,
        "pages": [
            {
                "url": page.url,
                "depth": page.depth,
                "outcome": page.outcome,
                "http_status": page.http_status,
                "note": page.note,
            }
            for page in result.pages
        ],
        "findings": [
            {
                "page": page.url,
                "check": barrier.check_id,
                "source": barrier.source,
                "wcag": barrier.criteria,
                "en_301_549": barrier.en_clauses,
                "impact": barrier.impact,
                "selector": barrier.selector,
                "message": barrier.message,
                "criteria_labels": [criteria.criterion_label(number) for number in barrier.criteria],
            }
            for page in result.pages
            for barrier in page.barriers
        ],
    }
