"""`make bench`: measure the demo site as `make run` serves it; one BENCH line per benchmark.

Every ratio compares with a baseline measured in the same run, on the same server:
- finder_*: requests per second of the public finder (postal code + topic, 3,000 help points) under wrk,
  divided by the requests per second of a static file of exactly the same size served by the same
  gunicorn workers and whitenoise (baseline measured before and after, averaged). Target >= 0.5.
- page_latency_*: median time of a page / median time of /healthz (one tiny query). Lower is better.
- home_first_visit_weight: bytes a first visit transfers (HTML + CSS + JS, as served) / 60 KB. Target <= 1.
- contact_form_*: p95 time to log one help contact through the form with 20 helpers at once / median of
  /healthz under the same load. Target <= 24 (benchmarks/contact_form.py says why).
- contacts_import_*: rows per second of importing a million-row CSV of help contacts with every check /
  rows per second of the database's own bulk load of the same rows. Target >= 0.25
  (benchmarks/contacts_import.py; EINCLUSIE_BENCH_IMPORT_ROWS lowers the count for a quick run).
- monitoring_vs_duckdb / monitoring_vs_orm: the dashboard's data queries from the monthly rollups, p95 against a
  DuckDB scan of the same rows in Parquet (target <= 1) and the naive ORM aggregation over the raw table
  (target >= 50); and the refresh after 10,000 new contacts (benchmarks/monitoring.py;
  EINCLUSIE_BENCH_MONITORING_ROWS, default 1,000,000). On PostgreSQL the same lines end in _postgresql.
- a11y_scan: pages per minute of the accessibility monitor on a generated 200-page site / pages per minute of
  bare axe-core on the same pages in the same browser. Target >= 0.5 (benchmarks/a11y_scan.py, docs/a11y.md).
  No database: it runs once, in its own process.
- load_50_users: failed requests / requests with 50 people at once for 60 s (citizens on the public finder,
  digihelpers logging contacts), locust headless against 127.0.0.1. Target 0 (benchmarks/load.py).

Runs on SQLite, and on PostgreSQL too when one answers at EINCLUSIE_BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/einclusie_bench).
"""

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks import contact_form, contacts_import, load, monitoring
from einclusie.core.demosite import prepare_demo_site, serving

HELP_POINTS = int(os.environ.get("EINCLUSIE_BENCH_HELP_POINTS", "3000"))
WRK_SECONDS = int(os.environ.get("EINCLUSIE_BENCH_SECONDS", "5"))
WRK_CONNECTIONS = 8
REQUESTS = 40
BUDGET_BYTES = 60 * 1024
FINDER_PATH = "/hulp/?waar=9000&onderwerp=itsme"
PAGES = {"home": ("/", 8.0), "municipality_list": ("/gemeenten/", 15.0), "login": ("/aanmelden/", 8.0)}
LUA = Path(__file__).with_name("finder.lua")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
        return response.read(), response.headers


def median_seconds(url):
    fetch(url)
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        fetch(url)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def wrk(url):
    """Requests per second and latency figures of wrk against one URL."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    figures = dict(part.split("=") for part in line.split()[1:])
    figures = {key: float(value) for key, value in figures.items()}
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def first_visit_bytes(base_url, path):
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "nl"}
    body, response_headers = fetch(base_url + path, headers)
    html = gzip.decompress(body) if response_headers.get("Content-Encoding") == "gzip" else body
    total = len(body)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js|svg|woff2))"', html):
        asset_body, _ = fetch(base_url + asset.decode(), headers)
        total += len(asset_body)
    return total


def postgres_url():
    url = os.environ.get("EINCLUSIE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/einclusie_bench")
    try:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return url
    except Exception:  # noqa: BLE001 - no PostgreSQL here: benchmark SQLite only
        return None


def bench_database(label, database_url):
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory() as directory:
        env = prepare_demo_site(
            directory,
            suffix="bench",
            extra_commands=[["generate_help_points", str(HELP_POINTS), "--yes"], contact_form.SETUP_COMMAND],
        )
        with serving(env, log_name="measure") as base:
            finder_size = len(fetch(base + FINDER_PATH)[0])
            for name, (path, target) in PAGES.items():
                baseline = median_seconds(base + "/healthz")
                seconds = median_seconds(base + path)
                print(
                    f"BENCH page_latency_{name}_{label} ratio={seconds / baseline:.2f} target={target} "
                    f"median_ms={seconds * 1000:.1f} baseline_healthz_ms={baseline * 1000:.1f} requests={REQUESTS}"
                )
            weight = first_visit_bytes(base, "/")
            ratio = weight / BUDGET_BYTES
            print(f"BENCH home_first_visit_weight_{label} ratio={ratio:.3f} target=1.0 bytes={weight}")
            print(contact_form.measure(label, base), flush=True)
        static_root = Path(env["EINCLUSIE_STATIC_ROOT"])
        (static_root / "bench-same-size.html").write_bytes(b"x" * finder_size)
        for mode, extra_env in (("cached", {}), ("uncached", {"EINCLUSIE_FINDER_CACHE": "false"})):
            with serving(env, log_name=f"finder-{mode}", extra_env=extra_env) as base:
                static_url = base + "/static/bench-same-size.html"
                before = wrk(static_url)
                finder = wrk(base + FINDER_PATH)
                after = wrk(static_url)
            baseline_rps = (before["rps"] + after["rps"]) / 2
            print(
                f"BENCH finder_{mode}_{label} ratio={finder['rps'] / baseline_rps:.3f} target=0.5 "
                f"rps={finder['rps']:.0f} baseline_static_rps={baseline_rps:.0f} "
                f"p50_ms={finder['p50'] / 1000:.1f} p95_ms={finder['p95'] / 1000:.1f} "
                f"p99_ms={finder['p99'] / 1000:.1f} "
                f"non2xx={finder['non2xx']:.0f} errors={finder['errors']:.0f} bytes={finder_size} "
                f"help_points={HELP_POINTS} seconds={WRK_SECONDS} connections={WRK_CONNECTIONS} workers=2"
            )


def main():
    if not shutil.which("wrk"):
        print("wrk is missing: `make bench` installs Debian's wrk", file=sys.stderr)
        return 1
    bench_database("sqlite", None)  # contact_form_* runs on the same site
    contacts_import.run("sqlite", None)
    load.run("sqlite", None)
    monitoring.run()
    subprocess.run([sys.executable, "-m", "benchmarks.a11y_scan"], check=False)
    url = postgres_url()
    if url:
        bench_database("postgresql", url)
        contacts_import.run("postgresql", url)
        monitoring.run("postgresql", url)
        load.run("postgresql", url)
    else:
        print("no PostgreSQL reachable: PostgreSQL figures skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
