"""A coordinator's view of their own municipality, compared with similar municipalities per 1,000 inhabitants."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from einclusie.monitoring import dashboard, downloads, items
from einclusie.monitoring.access import require_local
from einclusie.monitoring.indicators import compute, statistic
from einclusie.monitoring.models import Indicator, SurveyRound
from einclusie.monitoring.operation import operation_status
from einclusie.monitoring.replica import reads_from_replica
from einclusie.monitoring.services import refresh_if_stale

# Fewer peers than this and their average would be one municipality's own figure: it is not shown.
MIN_PEERS = 3


@reads_from_replica
def local(request):
    membership = require_local(request)
    refresh_if_stale()
    territory = dashboard.Territory()
    municipality = territory.municipalities.get(membership.organisation.municipality_id)
    context = {"query": request.GET, "item_choices": [(c, items.label(c)) for c in items.DATA_ITEMS]}
    if municipality is None:
        context["error"] = ""
        return render(request, "monitoring/local.html", context)
    context["municipality"] = municipality
    try:
        period = dashboard.parse_period(request.GET.get("van", ""), request.GET.get("tot", ""))
        item = dashboard.parse_item(request.GET.get("gegeven", ""))
    except dashboard.FilterError as error:
        context["error"] = str(error)
        return render(request, "monitoring/local.html", context, status=400)
    area = ("municipality", municipality)
    figures = dashboard.figures(territory=territory, period=period, area=area, item=item, protect=False)
    if downloads.wants_download(request):
        return downloads.chart_download(request, figures["charts"], filename=f"gemeente-{municipality.nis_code}")
    context.update(
        figures,
        period=period,
        item=item,
        item_label=items.label(item),
        operation=operation_status([municipality.pk], today=timezone.localdate())[municipality.pk],
        comparison=comparison(territory, municipality, period),
        survey_round=SurveyRound.objects.filter(audience="local", closes_on__gte=timezone.localdate()).first(),
        can_answer_survey=membership.allows("monitoring.survey.answer"),
        download_query=urlencode({k: v for k, v in request.GET.items() if k not in ("formaat", "tabel")}),
    )
    return render(request, "monitoring/local.html", context)


def comparison(territory, municipality, period):
    """The municipality's indicators next to its peers' (same province and size class), its province and the
    region. Peers are shown together, never one by one: another municipality's own figures are not public."""
    population = statistic("inhabitants", list(territory.municipalities))
    own_class = dashboard.size_class(population.get(municipality.pk))
    peers = [
        pk
        for pk, m in territory.municipalities.items()
        if pk != municipality.pk
        and m.province_id == municipality.province_id
        and dashboard.size_class(population.get(pk)) == own_class
    ]
    groups = {
        "own": [municipality.pk],
        "peers": peers,
        "province": territory.members[municipality.province_id],
        "region": list(territory.municipalities),
    }
    rows = []
    for indicator in Indicator.objects.all():
        values = compute(indicator, groups=groups, start=period.start, end=period.end)
        row = {"indicator": indicator, **{key: value["value"] for key, value in values.items()}}
        if len(peers) < MIN_PEERS:
            row["peers"] = None
        rows.append(row)
    return {"size_class": own_class, "peer_count": len(peers), "rows": rows}
