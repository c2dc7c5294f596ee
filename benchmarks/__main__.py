"""`make bench`: measure the demo site as `make run` serves it and print one BENCH line per benchmark.

Each ratio compares a page with a baseline measured in the same run, on the same server:
- page latency: median time of a page ÷ median time of /healthz (one tiny database query)
- a ratio at or below its target passes
- page weight: bytes transferred for a first visit (HTML + CSS + JS, compressed as served) ÷ 60 KB
"""

import gzip
import re
import statistics
import sys
import tempfile
import time
import urllib.request

REQUESTS = 60
BUDGET_BYTES = 60 * 1024
PAGES = {
    "home": ("/", 8.0),
    "municipality_list": ("/gemeenten/", 15.0),
    "municipality_detail": ("/gemeenten/44021/", 8.0),
    "login": ("/aanmelden/", 8.0),
}


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own server
        return response.read(), response.headers


def median_seconds(url):
    fetch(url)  # warm up
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        fetch(url)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def first_visit_bytes(base_url, path):
    """What a browser downloads on a first visit: the page and its stylesheets and scripts, gzip-encoded."""
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "nl"}
    body, response_headers = fetch(base_url + path, headers)
    html = gzip.decompress(body) if response_headers.get("Content-Encoding") == "gzip" else body
    total = len(body)
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js|svg|woff2))"', html):
        asset_body, _ = fetch(base_url + asset.decode(), headers)
        total += len(asset_body)
    return total


def main():
    from einclusie.core.demosite import running_demo_site

    with tempfile.TemporaryDirectory() as directory, running_demo_site(directory, suffix="bench", workers=2) as base:
        baseline = median_seconds(base + "/healthz")
        for name, (path, target) in PAGES.items():
            seconds = median_seconds(base + path)
            print(
                f"BENCH page_latency_{name} ratio={seconds / baseline:.2f} target={target} "
                f"median_ms={seconds * 1000:.1f} baseline_healthz_ms={baseline * 1000:.1f} requests={REQUESTS}"
            )
        weight = first_visit_bytes(base, "/")
        print(f"BENCH home_first_visit_weight ratio={weight / BUDGET_BYTES:.3f} target=1.0 bytes={weight}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
