"""The monitor: crawl one site and run axe-core plus the monitor's own checks on every page.

`scan_site(url, browser=…)` needs no database: the command line prints its result, the scan service stores it.
It never raises for what a site does (unreachable, redirected away, slow, huge, not HTML, a calendar trap): each
page gets an outcome and a note, and the scan goes on. Limits: pages, depth (3 by default, like the federal
simplified method), query-string variants of one path (calendar traps), bytes per page, seconds per page.
"""

import contextlib
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from einclusie.a11y import crawler, pagechecks
from einclusie.a11y.criteria import AXE_FIXES, SERIOUS_IMPACTS, criteria_from_axe_tags, en_clauses_from_axe_tags

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
DEFAULT_MAX_PAGES = 50
DEFAULT_MAX_DEPTH = 3
DEFAULT_TIMEOUT = 15.0
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_VARIANTS_PER_PATH = 5  # /agenda?maand=1, ?maand=2 … : a calendar goes on for ever

_axe = Axe()


@dataclass
class PageResult:
    url: str
    depth: int
    outcome: str  # "scanned", "skipped", "error" (PageOutcome)
    http_status: int | None = None
    note: str = ""
    barriers: list = field(default_factory=list)

    @property
    def serious(self):
        return sum(1 for barrier in self.barriers if barrier.impact in SERIOUS_IMPACTS)


@dataclass
class ScanResult:
    start_url: str
    pages: list = field(default_factory=list)
    problem: str = ""

    @property
    def scanned(self):
        return [page for page in self.pages if page.outcome == "scanned"]

    @property
    def could_run(self):
        return bool(self.scanned)


def axe_barriers(page):
    barriers = []
    for violation in _axe.run(page, options=AXE_OPTIONS).response["violations"]:
        numbers = criteria_from_axe_tags(violation["tags"])
        clauses = en_clauses_from_axe_tags(violation["tags"], numbers)
        fix = AXE_FIXES.get(violation["id"])
        message = str(fix) if fix else violation["help"]
        for node in violation["nodes"][:20]:
            target = node.get("target") or ["html"]
            selector = " ".join(str(part) for part in target) if isinstance(target, list) else str(target)
            barriers.append(
                pagechecks.Barrier(
                    violation["id"],
                    "axe",
                    numbers,
                    clauses,
                    node.get("impact") or violation.get("impact") or "",
                    selector,
                    message,
                    violation.get("helpUrl", ""),
                )
            )
    return barriers


class _Crawl:
    def __init__(self, start_url, *, max_pages, max_depth, delay, timeout, language, on_page, on_planned):
        self.start = crawler.normalise(start_url)
        if self.start is None:
            raise ValueError("not an http(s) URL")
        self.origin = crawler.origin(self.start)
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.delay = delay
        self.timeout = timeout
        self.language = language
        self.on_page = on_page or (lambda page, planned: None)
        self.on_planned = on_planned or (lambda planned: None)
        self.queue = deque()
        self.seen = set()
        self.variants = {}
        self.pdfs = {}
        self.result = ScanResult(self.start)
        self.fetched_once = False

    def enqueue(self, url, depth):
        if url in self.seen or depth > self.max_depth or crawler.origin(url) != self.origin or crawler.is_pdf(url):
            return
        self.seen.add(url)
        self.queue.append((url, depth))

    @property
    def planned(self):
        return min(self.max_pages, len(self.result.scanned) + len(self.queue) + 1)

    def record(self, page):
        self.result.pages.append(page)
        self.on_page(page, self.planned)

    def polite_pause(self):
        if self.fetched_once and self.delay:
            time.sleep(self.delay)
        self.fetched_once = True

    def run(self, browser):
        self.robots = crawler.Robots(self.origin, timeout=self.timeout)
        self.enqueue(self.start, 0)
        for url in crawler.sitemap_urls(self.origin, self.robots, timeout=self.timeout, limit=self.max_pages * 4):
            self.enqueue(url, 1)
        self.on_planned(self.planned)
        context = browser.new_context(
            locale="nl-BE", viewport={"width": pagechecks.WIDTH, "height": pagechecks.HEIGHT}, accept_downloads=False
        )
        try:
            page = context.new_page()
            while self.queue and len(self.result.scanned) < self.max_pages:
                url, depth = self.queue.popleft()
                page = self.visit(context, page, url, depth)
                if not browser.is_connected():
                    self.result.problem = "de browser is gestopt"
                    break
        finally:
            with contextlib.suppress(Exception):  # a crashed browser has nothing left to close
                context.close()
        return self.result

    def visit(self, context, page, url, depth):
        if not self.robots.allows(url):
            self.record(PageResult(url, depth, "skipped", note="robots.txt verbiedt deze pagina"))
            return page
        path = urlsplit(url).path
        self.variants[path] = self.variants.get(path, 0) + 1
        if self.variants[path] > MAX_VARIANTS_PER_PATH:
            self.record(
                PageResult(url, depth, "skipped", note="overgeslagen: te veel varianten van dezelfde pagina (val)")
            )
            return page
        self.polite_pause()
        fetched = crawler.fetch(url, timeout=self.timeout, max_bytes=MAX_PAGE_BYTES)
        outcome = self.classify(url, depth, fetched)
        if outcome is not None:
            self.record(outcome)
            return page
        try:
            result = self.check_in_browser(page, fetched.url, depth, fetched.status)
        except Exception as error:  # noqa: BLE001 - one page must never stop the scan
            result = PageResult(
                url,
                depth,
                "error",
                fetched.status,
                f"de browser kon de pagina niet verwerken ({error.__class__.__name__})",
            )
            with contextlib.suppress(Exception):
                page.close()
            page = context.new_page()
        self.record(result)
        return page

    def classify(self, url, depth, fetched):
        """A PageResult when the page is not one to load in the browser, else None."""
        if fetched.error == "timeout":
            return PageResult(url, depth, "error", note="time-out: de server antwoordde niet op tijd")
        if fetched.error == "unreachable":
            return PageResult(url, depth, "error", note="niet bereikbaar")
        if fetched.error:
            return PageResult(url, depth, "error", note="te veel doorverwijzingen")
        if fetched.redirected_to:
            return PageResult(
                url, depth, "skipped", fetched.status, f"verwijst door naar een ander domein: {fetched.redirected_to}"
            )
        if fetched.status is None or fetched.status >= 400:
            return PageResult(url, depth, "error", fetched.status, f"HTTP {fetched.status}")
        if not fetched.is_html:
            kind = fetched.content_type.split(";")[0] or "onbekend"
            return PageResult(url, depth, "skipped", fetched.status, f"geen webpagina ({kind})")
        if fetched.too_big:
            limit = MAX_PAGE_BYTES // (1024 * 1024)
            return PageResult(url, depth, "skipped", fetched.status, f"te groot (meer dan {limit} MB)")
        return None

    def check_in_browser(self, page, url, depth, status):
        page.goto(url, timeout=self.timeout * 1000, wait_until="load")
        barriers = axe_barriers(page)
        facts = pagechecks.page_facts(page)
        barriers += pagechecks.language_barriers(facts.lang, self.language)
        barriers += pagechecks.link_text_barriers(facts)
        barriers += pagechecks.statement_barriers(facts)
        barriers += self.pdf_barriers(facts)
        barriers += pagechecks.focus_barriers(page)
        barriers += pagechecks.reflow_barriers(page)
        for link in facts.links:
            target = crawler.normalise(link)
            if target is not None:
                self.enqueue(target, depth + 1)
        return PageResult(url, depth, "scanned", status, barriers=barriers)

    def pdf_barriers(self, facts):
        barriers = []
        for link in facts.pdfs:
            url = crawler.normalise(link["href"])
            if url is None or crawler.origin(url) != self.origin or not self.robots.allows(url):
                continue
            if url not in self.pdfs:
                fetched = crawler.fetch(url, timeout=self.timeout, max_bytes=MAX_PDF_BYTES)
                usable = fetched.status == 200 and not fetched.error and not fetched.too_big
                self.pdfs[url] = pagechecks.pdf_is_tagged(fetched.body) if usable else None
            if self.pdfs[url] is False:
                barriers.append(pagechecks.barrier("pdf-untagged", link["selector"], f"({url})"))
        return barriers


def scan_site(
    start_url,
    *,
    browser,
    max_pages=DEFAULT_MAX_PAGES,
    max_depth=DEFAULT_MAX_DEPTH,
    delay=1.0,
    timeout=DEFAULT_TIMEOUT,
    language="nl",
    on_page=None,
    on_planned=None,
):
    """Crawl a site from `start_url` in a Playwright browser and check every page. Returns a ScanResult.

    `on_page(page_result, planned)` is called after each page; `on_planned(planned)` once the sitemap is read.
    """
    crawl = _Crawl(
        start_url,
        max_pages=max_pages,
        max_depth=max_depth,
        delay=delay,
        timeout=timeout,
        language=language,
        on_page=on_page,
        on_planned=on_planned,
    )
    result = crawl.run(browser)
    if not result.scanned and not result.problem:
        first = result.pages[0] if result.pages else None
        result.problem = first.note if first else "geen enkele pagina gevonden"
    return result
