"""a11y_scan: pages per minute of the accessibility monitor, as a ratio to bare axe-core in the same browser.

A site of 200 generated pages (a municipal page each: menu, text, a picture with alt text, a table, a form, a
link to the statement; the start page links to all) is served on 127.0.0.1 by the monitor's fixture server.
In one run, in one headless Chromium (Debian's, through Playwright):

- baseline: open each page and run axe-core on it (`page.goto` + `axe.run`, the same WCAG tags and options the
  monitor uses), half of the pages before the scan and half after, to even out a machine that gets busier;
- the monitor: `scan_site` from the start page, 200 pages, depth 3, no delay between pages: robots.txt and the
  sitemap, fetching every page first (size, type, redirects), axe-core, then its own checks (page facts, link
  texts, statement link, PDFs, tabbing for focus, reflow at 320 px).

ratio = monitor pages per minute / axe pages per minute, target >= 0.5 (docs/a11y.md says why).
Run: `python -m benchmarks.a11y_scan` (`make bench` runs it). EINCLUSIE_BENCH_A11Y_PAGES changes the 200.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

PAGES = int(os.environ.get("EINCLUSIE_BENCH_A11Y_PAGES", "200"))
TARGET = 0.5

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Gemeente Bench</title><link rel="stylesheet" href="/stijl.css"></head>
<body>
<header><nav aria-label="Hoofdmenu"><ul><li><a href="/">Start</a></li><li><a href="/pagina-1.html">Wonen</a></li>
<li><a href="/pagina-2.html">Afval</a></li><li><a href="/pagina-3.html">E-loket</a></li></ul></nav></header>
<main>
<h1>{title}</h1>
<p>Informatie van de gemeente over {title}. Hier leest u wat u moet doen, wat u meebrengt en wanneer het loket
open is. De dienst helpt u ook aan de telefoon.</p>
<p><img src="/logo.svg" alt="Wapenschild van de gemeente Bench" width="40" height="40"></p>
<table><caption>Openingsuren</caption><thead><tr><th scope="col">Dag</th><th scope="col">Uren</th></tr></thead>
<tbody><tr><td>maandag</td><td>9 tot 12 uur</td></tr><tr><td>woensdag</td><td>13 tot 17 uur</td></tr></tbody></table>
<form action="/zoeken"><label for="q">Zoeken</label> <input id="q" name="q" type="search">
<button type="submit">Zoeken</button></form>
{links}
</main>
<footer><p><a href="/toegankelijkheid.html">Toegankelijkheidsverklaring</a></p></footer>
</body>
</html>
"""
CSS = """body { font-family: sans-serif; max-width: 40rem; margin: 0 auto; padding: 1rem; color: #222; }
h1 { overflow-wrap: anywhere; } nav ul { list-style: none; padding: 0; } nav li { display: inline-block; }
nav a, footer a, main li a { display: inline-block; padding: .5rem .25rem; }
a:focus-visible { outline: 3px solid #0645ad; }"""


def generate_site(folder, pages=PAGES):
    """Page 0 is the start page and links to every other page; each page links to its neighbours."""
    folder = Path(folder)
    (folder / "stijl.css").write_text(CSS)
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"></svg>')
    names = ["index.html"] + [f"pagina-{number}.html" for number in range(1, pages - 1)] + ["toegankelijkheid.html"]
    for number, name in enumerate(names):
        targets = names[1:] if number == 0 else [names[(number + 1) % len(names)], names[number - 1]]
        links = (
            "<ul>" + "".join(f'<li><a href="/{target}">Pagina {target[:-5]}</a></li>' for target in targets) + "</ul>"
        )
        (folder / name).write_text(PAGE.format(title=f"Onderwerp {number}", links=links))
    return ["/" if name == "index.html" else "/" + name for name in names]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "einclusie.settings")
    import django

    django.setup()
    from einclusie.a11y.browser import BrowserThread
    from einclusie.a11y.scanner import AXE_OPTIONS, _axe, scan_site
    from einclusie.a11y.tests.server import serving

    with tempfile.TemporaryDirectory() as directory:
        paths = generate_site(directory)
        with serving(directory) as base, BrowserThread() as browser_thread:

            def bare_axe(selection):
                def job(browser):
                    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    start = time.perf_counter()
                    for path in selection:
                        page.goto(base + path, wait_until="load")
                        _axe.run(page, options=AXE_OPTIONS)
                    seconds = time.perf_counter() - start
                    context.close()
                    return seconds

                return browser_thread.run(job)

            bare_axe(paths[:3])  # warm up the browser and the server
            half = len(paths) // 2
            axe_seconds = bare_axe(paths[:half])
            start = time.perf_counter()
            result = browser_thread.run(
                lambda browser: scan_site(base + "/", browser=browser, max_pages=len(paths), max_depth=3, delay=0)
            )
            scan_seconds = time.perf_counter() - start
            axe_seconds += bare_axe(paths[half:])
    scanned = len(result.scanned)
    findings = sum(len(page.barriers) for page in result.pages)
    scan_rate = scanned / scan_seconds * 60
    axe_rate = len(paths) / axe_seconds * 60
    print(
        f"BENCH a11y_scan ratio={scan_rate / axe_rate:.3f} target={TARGET} pages={scanned} "
        f"scan_pages_per_min={scan_rate:.1f} axe_pages_per_min={axe_rate:.1f} findings={findings}",
        flush=True,
    )
    return 0 if scanned == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
