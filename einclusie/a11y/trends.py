"""The trend per success criterion over a site's latest finished scans, for a small chart and its data table."""

from einclusie.a11y import criteria as wcag
from einclusie.a11y.models import Finding

TREND_SCANS = 8
CHART_WIDTH = 120
CHART_HEIGHT = 28


def criterion_trend(service, *, limit=TREND_SCANS):
    """{"scans": [Scan, … oldest first], "rows": [{"number", "label", "counts", "points"}]} in WCAG order.

    `counts` is the number of findings under the criterion in each scan; `points` the polyline of a small line
    chart (the chart repeats the numbers of the row, so it is hidden from assistive technology).
    """
    scans = list(service.scans.finished().order_by("-created_at", "-pk")[:limit])[::-1]
    position = {scan.pk: index for index, scan in enumerate(scans)}
    counts = {}
    for scan_id, numbers in Finding.objects.filter(scan__in=scans).values_list("scan_id", "criteria"):
        for number in numbers or ["?"]:
            counts.setdefault(number, [0] * len(scans))[position[scan_id]] += 1
    top = max((max(values) for values in counts.values()), default=0) or 1
    rows = []
    for number in sorted(counts, key=lambda n: wcag.sort_key(n) if n != "?" else (100,)):
        values = counts[number]
        rows.append(
            {
                "number": number,
                "label": wcag.criterion_label(number),
                "counts": values,
                "points": _points(values, top),
            }
        )
    return {"scans": scans, "rows": rows, "width": CHART_WIDTH, "height": CHART_HEIGHT}


def _points(values, top):
    step = (CHART_WIDTH - 8) / max(len(values) - 1, 1)
    return [
        (round(4 + index * step, 1), round(CHART_HEIGHT - 4 - (CHART_HEIGHT - 8) * value / top, 1))
        for index, value in enumerate(values)
    ]
