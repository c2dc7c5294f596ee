"""A sample of local-government sites for monitoring, as the EU monitoring methodology asks.

Implementing Decision (EU) 2018/1524 asks a representative sample, spread over the kinds and levels of
government. We stratify by cluster (the province, or the size class of the municipality by inhabitants) and
allocate the sample to the clusters in proportion to their number of sites (largest remainder, at least one per
cluster that has sites), then draw within each cluster with `random.Random` seeded with the seed and the
cluster: the same seed gives the same sample, whatever else was registered in other clusters.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.a11y.models import DigitalService, Sample, SampleSite, ServiceKind
from einclusie.a11y.monitoring import latest_scans
from einclusie.core.models import record_event
from einclusie.territory.models import Statistic

SIZE_CLASSES = [
    (10_000, _("minder dan 10.000 inwoners")),
    (25_000, _("10.000 tot 25.000 inwoners")),
    (50_000, _("25.000 tot 50.000 inwoners")),
    (100_000, _("50.000 tot 100.000 inwoners")),
    (None, _("100.000 inwoners of meer")),
]
UNKNOWN = _("onbekend")


def _inhabitants():
    latest = {}
    for nis_code, year, value in Statistic.objects.filter(indicator__code="inhabitants").values_list(
        "municipality__nis_code", "year", "value"
    ):
        if nis_code not in latest or latest[nis_code][0] < year:
            latest[nis_code] = (year, value)
    return {nis_code: value for nis_code, (_year, value) in latest.items()}


def size_class(inhabitants):
    if inhabitants is None:
        return str(UNKNOWN)
    for limit, label in SIZE_CLASSES:
        if limit is None or inhabitants < limit:
            return str(label)
    return str(UNKNOWN)


def population():
    """The sites that can be sampled: websites and e-loket forms of local governments."""
    return (
        DigitalService.objects.exclude(kind=ServiceKind.APP)
        .filter(organisation__kind__in=["municipality", "ocmw", "vgc", "partnership"])
        .select_related("organisation__municipality__province")
        .order_by("pk")
    )


def cluster_of(service, by, inhabitants):
    municipality = service.organisation.municipality
    if by == "province":
        return municipality.province.name if municipality else str(UNKNOWN)
    return size_class(inhabitants.get(municipality.nis_code) if municipality else None)


def allocate(sizes, total):
    """Seats per cluster in proportion to its size, adding up to `total` (at least one per non-empty cluster)."""
    total = min(total, sum(sizes.values()))
    if not total:
        return dict.fromkeys(sizes, 0)
    overall = sum(sizes.values())
    exact = {name: total * size / overall for name, size in sizes.items()}
    seats = {name: min(sizes[name], max(1, int(value))) for name, value in exact.items()}
    order = sorted(sizes, key=lambda name: (-(exact[name] - int(exact[name])), name))
    while sum(seats.values()) > total:
        name = max((n for n in seats if seats[n] > 1), key=lambda n: (seats[n] - exact[n], n), default=None)
        if name is None:
            break
        seats[name] -= 1
    while sum(seats.values()) < total:
        name = next((n for n in order if seats[n] < sizes[n]), None)
        if name is None:
            break
        seats[name] += 1
        order.remove(name)
        order.append(name)
    return seats


def sample_draw(*, seed, size, by="province"):
    """{cluster: {"population": n, "sample": [DigitalService, …]}}, reproducible for a seed."""
    inhabitants = _inhabitants() if by == "size" else {}
    clusters = {}
    for service in population():
        clusters.setdefault(cluster_of(service, by, inhabitants), []).append(service)
    seats = allocate({name: len(members) for name, members in clusters.items()}, size)
    drawn = {}
    for name in sorted(clusters):
        generator = random.Random(f"{seed}:{by}:{name}")  # noqa: S311 - a sample, not a secret
        drawn[name] = {"population": len(clusters[name]), "sample": generator.sample(clusters[name], seats[name])}
    return drawn


def sample_store(*, seed, size, by, year, drawn_by):
    """Draw a sample and keep it as drawn: who, when, the seed, the frame and the sites chosen per cluster.

    The yearly report then refers to this fixed set, even after sites are registered, renamed or removed.
    """
    drawn = sample_draw(seed=seed, size=size, by=by)
    with transaction.atomic():
        sample = Sample.objects.create(
            year=year,
            seed=seed,
            size=size,
            cluster_by=by,
            frame_size=sum(cluster["population"] for cluster in drawn.values()),
            clusters={name: cluster["population"] for name, cluster in drawn.items()},
            drawn_by=drawn_by,
        )
        SampleSite.objects.bulk_create(
            SampleSite(
                sample=sample,
                service=service,
                cluster=name,
                organisation_name=service.organisation.name,
                name=service.name,
                url=service.url,
            )
            for name, cluster in drawn.items()
            for service in cluster["sample"]
        )
        record_event(verb="a11y.sample_drawn", actor=drawn_by, subject=sample, seed=seed, size=size, year=year)
    return sample


def stored_clusters(sample):
    """A stored sample in the shape `sample_draw` returns, its sites as they were at the draw."""
    drawn = {name: {"population": population, "sample": []} for name, population in sorted(sample.clusters.items())}
    for site in sample.sites.all():
        drawn.setdefault(site.cluster, {"population": 0, "sample": []})["sample"].append(site)
    return drawn


def _site(item):
    """(service id, organisation, name, URL) of a drawn DigitalService or a stored SampleSite."""
    if isinstance(item, SampleSite):
        return item.service_id, item.organisation_name, item.name, item.url
    return item.pk, item.organisation.name, item.name, item.url


def sample_report(drawn, *, on=None):
    """Per cluster: sites drawn, of which scanned, pages, and the share of pages without serious violations.

    The latest finished scan of each site up to `on` (a date; default today).
    """
    latest = {scan.service_id: scan for scan in latest_scans(on=on)}
    rows = []
    for name, cluster in drawn.items():
        sites = [_site(item) for item in cluster["sample"]]
        scans = [latest[service_id] for service_id, *_rest in sites if service_id in latest]
        pages = sum(scan.pages_scanned for scan in scans)
        good = sum(scan.pages_without_serious for scan in scans)
        rows.append(
            {
                "cluster": name,
                "population": cluster["population"],
                "drawn": len(sites),
                "scanned": len(scans),
                "pages": pages,
                "share": round(100 * good / pages) if pages else None,
                "sites": [
                    {"organisation": organisation, "name": site_name, "url": url, "scan": latest.get(service_id)}
                    for service_id, organisation, site_name, url in sites
                ],
            }
        )
    return rows


def report_day(sample, today=None):
    """The day a stored sample's results are read on: the last day of its year, or today for the current year."""
    today = today or timezone.localdate()
    return min(today, datetime.date(sample.year, 12, 31))
