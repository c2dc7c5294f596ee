"""load_50_users: 50 people at once for 60 seconds on the public finder and the contact form, without an error.

The demo site is served as `make run` serves it (gunicorn, 2 workers, DEBUG off) on a fresh database with the
demo data, 3,000 generated help points and 20 helper accounts of Stad Gent (benchmarks/contact_form.py makes
them). locust (benchmarks/locustfile.py: 3 citizens searching the finder by postal code and topic for every
digihelper logging contacts with the form's CSRF token) runs headless in its own process against 127.0.0.1 only:
50 users, 10 more a second, 60 seconds.

ratio = failed requests ÷ requests, target 0. The line also gives the number of requests, the throughput and the
95th percentile of the response time over all requests.

`python -m benchmarks.load [sqlite|postgresql URL]` runs it alone; `make bench` runs it on SQLite and, when one
answers, on PostgreSQL. EINCLUSIE_BENCH_LOAD_SECONDS and EINCLUSIE_BENCH_LOAD_USERS change the run.
"""

import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks import contact_form
from benchmarks.contacts_import import drop_database
from einclusie.core.demosite import BIN_DIR, prepare_demo_site, serving

USERS = int(os.environ.get("EINCLUSIE_BENCH_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("EINCLUSIE_BENCH_LOAD_SECONDS", "60"))
SPAWN_RATE = 10
HELP_POINTS = 3000
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run(label, database_url):
    """Serve the demo site on a fresh database (database_url None: SQLite), load it, print the BENCH line."""
    saved = os.environ.pop("DATABASE_URL", None)
    try:
        if database_url:
            os.environ["DATABASE_URL"] = database_url
        with tempfile.TemporaryDirectory() as directory:
            env = prepare_demo_site(
                directory,
                suffix="bench_load",
                extra_commands=[["generate_help_points", str(HELP_POINTS), "--yes"], contact_form.SETUP_COMMAND],
            )
            with serving(env, log_name="load") as base:
                print(measure(label, base, Path(directory)), flush=True)
                _wait_until_drained(base)
            if database_url:
                drop_database(env["DATABASE_URL"])
    finally:
        os.environ.pop("DATABASE_URL", None)
        if saved is not None:
            os.environ["DATABASE_URL"] = saved


def measure(label, base, directory):
    prefix = directory / "locust"
    env = {
        **os.environ,
        "EINCLUSIE_LOAD_PASSWORD": contact_form.PASSWORD,
        "EINCLUSIE_LOAD_HELPERS": str(contact_form.HELPERS),
    }
    result = subprocess.run(
        [
            str(BIN_DIR / "locust"),
            "--locustfile",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(SPAWN_RATE),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics:\n{result.stderr[-3000:]}")
    with stats.open() as file:
        total = next(row for row in csv.DictReader(file) if row["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    failures = int(total["Failure Count"])
    if failures:
        print(Path(f"{prefix}_failures.csv").read_text(), file=sys.stderr)
    return (
        f"BENCH load_{USERS}_users ratio={failures / max(requests, 1):.4f} target=0 "
        f"requests={requests} rps={float(total['Requests/s']):.1f} p95_ms={float(total['95%']):.0f} "
        f"failures={failures} p50_ms={float(total['50%']):.0f} database={label} users={USERS} "
        f"seconds={SECONDS} workers=2"
    )


def _wait_until_drained(base, timeout=120):
    """Requests that locust sent before it stopped may still wait in gunicorn's queue: let them finish, so that
    the server stops within its grace period."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=timeout) as response:  # noqa: S310 - our server
                response.read()
        except OSError:
            return
        if time.monotonic() - start < 0.5:
            return


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "sqlite", sys.argv[2] if len(sys.argv) > 2 else None)
