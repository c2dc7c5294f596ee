"""CSV and XLSX downloads of a chart's table (einclusie/core/spreadsheets.py)."""

from django.http import Http404

from einclusie.core.spreadsheets import spreadsheet_response

FORMATS = ("csv", "xlsx")


def wants_download(request):
    return request.GET.get("formaat") in FORMATS


def chart_download(request, charts, *, filename):
    """The table of the chart named in ?tabel=…, as ?formaat=csv or xlsx; 404 for an unknown table."""
    key = request.GET.get("tabel", "")
    chart = next((chart for chart in charts if chart.key == key), None)
    if chart is None:
        raise Http404
    return spreadsheet_response(
        filename=f"{filename}-{chart.key}",
        header=[str(name) for name in chart.header],
        rows=chart.rows,
        file_format=request.GET["formaat"],
    )
