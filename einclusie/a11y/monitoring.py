"""The read API of the accessibility monitor for the monitoring module: the "e-inclusion by design" indicator.

    by_design(*, organisation=None, on=None)

Rows, one per local government with at least one finished scan (the latest finished scan of each of its
scannable sites up to `on`, a date, default today):

    {"organisation_id": 12, "organisation": "Stad Gent", "nis_code": "44021",
     "sites": 2,                  sites with a finished scan
     "pages": 57,                 pages scanned in those latest scans
     "pages_without_serious": 41, pages without a serious or critical violation
     "share": 0.719}              pages_without_serious / pages (None when pages is 0)

The indicator is the share of pages without serious or critical violations (axe-core impacts "serious" and
"critical", and the monitor's own checks of that impact): "e-inclusion by design" counts what a person who
relies on assistive technology or the keyboard can actually use. `organisation` limits the rows to one.
"""

import datetime

from django.utils import timezone

from einclusie.a11y.models import Scan


def latest_scans(*, organisation=None, on=None):
    """The latest finished scan of each site, up to the end of day `on`."""
    on = on or timezone.localdate()
    end = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time()))
    scans = Scan.objects.finished().filter(created_at__lt=end).select_related("service__organisation__municipality")
    if organisation is not None:
        scans = scans.for_organisation(organisation)
    latest = {}
    for scan in scans.order_by("service_id", "-created_at", "-pk"):
        latest.setdefault(scan.service_id, scan)
    return list(latest.values())


def by_design(*, organisation=None, on=None):
    """Rows of the "e-inclusion by design" indicator per local government (see the module docstring)."""
    rows = {}
    for scan in latest_scans(organisation=organisation, on=on):
        owner = scan.service.organisation
        row = rows.setdefault(
            owner.pk,
            {
                "organisation_id": owner.pk,
                "organisation": owner.name,
                "nis_code": owner.municipality.nis_code if owner.municipality_id else None,
                "sites": 0,
                "pages": 0,
                "pages_without_serious": 0,
            },
        )
        row["sites"] += 1
        row["pages"] += scan.pages_scanned
        row["pages_without_serious"] += scan.pages_without_serious
    for row in rows.values():
        row["share"] = round(row["pages_without_serious"] / row["pages"], 3) if row["pages"] else None
    return sorted(rows.values(), key=lambda row: row["organisation"])
