"""The programme team's regional dashboard: the whole region, a province or one municipality, unsuppressed."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.monitoring import dashboard, downloads, items
from einclusie.monitoring.access import require_region
from einclusie.monitoring.operation import criteria_texts, operation_status, rule
from einclusie.monitoring.replica import reads_from_replica
from einclusie.monitoring.services import refresh_if_stale


@reads_from_replica
def region(request):
    membership = require_region(request)
    refresh_if_stale()
    territory = dashboard.Territory()
    context = {
        "territory": territory,
        "item_choices": _item_choices(),
        "query": request.GET,
        "can_research": membership.allows("monitoring.research"),
    }
    try:
        period = dashboard.parse_period(request.GET.get("van", ""), request.GET.get("tot", ""))
        area = territory.area(
            province_code=request.GET.get("provincie", ""), municipality_code=request.GET.get("gemeente", "")
        )
        item = dashboard.parse_item(request.GET.get("gegeven", ""))
    except dashboard.FilterError as error:
        context["error"] = str(error)
        return render(request, "monitoring/region.html", context, status=400)
    figures = dashboard.figures(territory=territory, period=period, area=area, item=item, protect=False)
    if downloads.wants_download(request):
        return downloads.chart_download(request, figures["charts"] + _extra_charts(territory, period), filename="regio")
    status = operation_status(list(territory.municipalities), today=timezone.localdate())
    with_operation = sum(1 for row in status.values() if row["ok"])
    context.update(
        figures,
        period=period,
        area=area,
        item=item,
        item_label=items.label(item),
        with_operation=with_operation,
        municipality_count=len(territory.municipalities),
        operation_rows=[(territory.municipalities[pk], row) for pk, row in status.items()],
        completeness=dashboard.completeness(territory, period),
        criteria=criteria_texts(rule()),
        **_survey_context(),
        download_query=urlencode({k: v for k, v in request.GET.items() if k not in ("formaat", "tabel")}),
    )
    return render(request, "monitoring/region.html", context)


def _extra_charts(territory, period):
    from einclusie.monitoring.charts import Chart

    rows = [[m.nis_code, m.name, months, total] for m, months, total in dashboard.completeness(territory, period)]
    return [
        Chart(
            key="volledigheid",
            title=_("Volledigheid"),
            description="",
            kind="table",
            header=[_("NIS-code"), _("gemeente"), _("maanden met cijfers"), _("maanden in de periode")],
            rows=rows,
        )
    ]


def _item_choices():
    return [(code, items.label(code)) for code in items.DATA_ITEMS]


def _survey_context():
    """The newest quick scan round and its indicators (shares of the local governments that answered)."""
    from einclusie.monitoring.models import Audience, SurveyRound
    from einclusie.monitoring.survey import indicators

    context = {"survey_round": None, "survey_indicators": [], "residents_round": None, "residents_indicators": []}
    survey_round = SurveyRound.objects.filter(audience=Audience.LOCAL).first()
    if survey_round is not None:
        context.update(survey_round=survey_round, survey_indicators=indicators(survey_round))
    residents_round = SurveyRound.objects.filter(audience=Audience.RESIDENTS).first()
    if residents_round is not None:
        context.update(residents_round=residents_round, residents_indicators=indicators(residents_round))
    return context
