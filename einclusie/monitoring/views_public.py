"""Public figures: the regional dashboard and a municipality's page, per calendar year, suppressed; the
open-data page with its downloads. See dashboard.py for why public figures come per calendar year."""

import re
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.spreadsheets import spreadsheet_response
from einclusie.monitoring import dashboard, datasets, downloads, items, survey
from einclusie.monitoring.operation import operation_status
from einclusie.monitoring.replica import reads_from_replica
from einclusie.monitoring.services import refresh_if_stale


def _years():
    return list(range(timezone.localdate().year, dashboard.FIRST_YEAR - 1, -1))


@reads_from_replica
def public(request):
    refresh_if_stale()
    territory = dashboard.Territory()
    context = {"territory": territory, "years": _years(), "query": request.GET, "item_choices": _item_choices()}
    context["residents_round"] = _open_residents_round()
    try:
        year = dashboard.parse_year(request.GET.get("jaar", ""))
        area = territory.area(province_code=request.GET.get("provincie", ""))
        item = dashboard.parse_item(request.GET.get("gegeven", ""))
    except dashboard.FilterError as error:
        context["error"] = str(error)
        return render(request, "monitoring/public.html", context, status=400)
    period = dashboard.Period.year(year)
    figures = dashboard.figures(territory=territory, period=period, area=area, item=item, protect=True)
    if downloads.wants_download(request):
        return downloads.chart_download(request, figures["charts"], filename=f"cijfers-{year}")
    status = operation_status(list(territory.municipalities), today=timezone.localdate())
    context.update(
        figures,
        year=year,
        area=area,
        item=item,
        item_label=items.label(item),
        with_operation=sum(1 for row in status.values() if row["ok"]),
        municipality_count=len(territory.municipalities),
        download_query=urlencode({k: v for k, v in request.GET.items() if k not in ("formaat", "tabel")}),
    )
    return render(request, "monitoring/public.html", context)


@reads_from_replica
def public_municipality(request, nis_code):
    refresh_if_stale()
    territory = dashboard.Territory()
    municipality = territory.by_code.get(nis_code)
    if municipality is None:
        raise Http404
    context = {"municipality": municipality, "years": _years(), "query": request.GET, "item_choices": _item_choices()}
    try:
        year = dashboard.parse_year(request.GET.get("jaar", ""))
        item = dashboard.parse_item(request.GET.get("gegeven", ""))
    except dashboard.FilterError as error:
        context["error"] = str(error)
        return render(request, "monitoring/public_municipality.html", context, status=400)
    area = ("municipality", municipality)
    figures = dashboard.figures(
        territory=territory, period=dashboard.Period.year(year), area=area, item=item, protect=True
    )
    if downloads.wants_download(request):
        return downloads.chart_download(request, figures["charts"], filename=f"cijfers-{nis_code}-{year}")
    context.update(
        figures,
        year=year,
        item=item,
        item_label=items.label(item),
        download_query=urlencode({k: v for k, v in request.GET.items() if k not in ("formaat", "tabel")}),
    )
    return render(request, "monitoring/public_municipality.html", context)


@reads_from_replica
def open_data(request):
    return render(
        request,
        "monitoring/open_data.html",
        {
            "datasets": datasets.catalogue(),
            "surveys": datasets.survey_catalogue(),
            "years": _years(),
            "licence": datasets.LICENCE,
        },
    )


@reads_from_replica
def dataset_download(request, dataset):
    spec = datasets.by_slug(dataset)
    if spec is None:
        raise Http404
    if "survey" in spec:
        return _survey_download(request, spec)
    try:
        year = dashboard.parse_year(request.GET.get("jaar", ""))
    except dashboard.FilterError as error:
        return render(request, "monitoring/open_data.html", {"error": str(error)}, status=400)
    file_format = request.GET.get("formaat", "csv")
    if file_format not in downloads.FORMATS:
        return render(
            request,
            "monitoring/open_data.html",
            {"error": _("formaat moet csv of xlsx zijn (JSON: zie de API).")},
            status=400,
        )
    header, rows = datasets.rows(spec, year)
    return _whole(
        spreadsheet_response(filename=f"{spec['slug']}-{year}", header=header, rows=rows, file_format=file_format)
    )


def _survey_download(request, spec):
    """The published results of one closed round of a survey: ?jaar= (a closed round) and ?formaat=csv|xlsx."""
    text = request.GET.get("jaar", "")
    if not re.fullmatch(r"[0-9]{4}", text):
        error = _("Kies het jaar van een gesloten ronde, bijvoorbeeld ?jaar=%(year)s.") % {
            "year": spec["years"][0] if spec["years"] else timezone.localdate().year - 1
        }
        return render(request, "monitoring/open_data.html", {"error": error}, status=400)
    survey_round = survey.published_round(spec["survey"], int(text), timezone.localdate())
    if survey_round is None:
        error = _(
            "Voor %(year)s zijn er geen openbare resultaten van deze bevraging: er is geen ronde, of ze loopt nog."
        )
        return render(request, "monitoring/open_data.html", {"error": error % {"year": text}}, status=404)
    file_format = request.GET.get("formaat", "csv")
    if file_format not in downloads.FORMATS:
        error = _("formaat moet csv of xlsx zijn (JSON: zie de API).")
        return render(request, "monitoring/open_data.html", {"error": error}, status=400)
    header, rows = survey.published_rows(survey.published(survey_round))
    filename = f"{spec['slug']}-{survey_round.year}"
    return _whole(spreadsheet_response(filename=filename, header=header, rows=rows, file_format=file_format))


def _whole(response):
    if response.streaming:  # a few thousand rows at most: sent whole, with a length
        whole = HttpResponse(b"".join(response.streaming_content), content_type=response["Content-Type"])
        whole["Content-Disposition"] = response["Content-Disposition"]
        return whole
    return response


def _item_choices():
    return [(code, items.label(code)) for code in items.DATA_ITEMS]


def _open_residents_round():
    """The newest residents' survey that is still open: /cijfers/ invites residents to answer it."""
    from einclusie.monitoring.models import Audience, SurveyRound

    return (
        SurveyRound.objects.filter(audience=Audience.RESIDENTS, closes_on__gte=timezone.localdate())
        .order_by("-year")
        .first()
    )
