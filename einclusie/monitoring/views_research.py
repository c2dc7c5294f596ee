"""A researcher downloads pseudonymised extracts (extracts.py); every download is in the activity log."""

from django.shortcuts import render

from einclusie.core.spreadsheets import spreadsheet_response
from einclusie.monitoring import extracts
from einclusie.monitoring.access import require_research
from einclusie.monitoring.forms import ExtractForm


def research(request):
    membership = require_research(request)
    form = ExtractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        slug, year = form.cleaned_data["extract"], form.cleaned_data["year"]
        header, rows = extracts.extract_download(
            slug=slug,
            year=year,
            linkable=form.cleaned_data["linkable"],
            by=request.user,
            organisation=membership.organisation,
        )
        return spreadsheet_response(filename=f"extract-{slug}-{year}", header=header, rows=rows, file_format="csv")
    context = {"form": form, "extracts": extracts.EXTRACTS.values(), "k": extracts.K}
    return render(request, "monitoring/research.html", context, status=400 if form.errors else 200)
