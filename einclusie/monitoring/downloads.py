"""Downloads of a chart: its table as CSV or XLSX (einclusie/core/spreadsheets.py), a choropleth as SVG."""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

from einclusie.core.spreadsheets import spreadsheet_response

FORMATS = ("csv", "xlsx", "svg")


def wants_download(request):
    return request.GET.get("formaat") in FORMATS


def chart_download(request, charts, *, filename):
    """The chart named in ?tabel=…: its table as ?formaat=csv or xlsx, or a choropleth map as ?formaat=svg.

    404 for an unknown table, and for an SVG of a chart that is not a choropleth.
    """
    key = request.GET.get("tabel", "")
    chart = next((chart for chart in charts if chart.key == key), None)
    if chart is None:
        raise Http404
    if request.GET["formaat"] == "svg":
        if chart.kind != "choropleth":
            raise Http404
        response = HttpResponse(
            render_to_string("monitoring/map.svg", {"chart": chart}), content_type="image/svg+xml; charset=utf-8"
        )
        response["Cache-Control"] = "private, max-age=300"
        return response
    return spreadsheet_response(
        filename=f"{filename}-{chart.key}",
        header=[str(name) for name in chart.header],
        rows=chart.rows,
        file_format=request.GET["formaat"],
    )
