"""The regional sample of local-government sites and its results per cluster (programme team).

A sample is first drawn as a preview (GET: the same seed gives the same sites); "vastleggen" (POST) keeps it
as drawn, so the yearly report refers to a fixed set of sites even after the register changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from einclusie.a11y.forms import SampleForm
from einclusie.a11y.models import Sample
from einclusie.a11y.sampling import report_day, sample_draw, sample_report, sample_store, stored_clusters
from einclusie.organisations.access import require

SAMPLE = "programme.a11y.sample"


@login_required
def sample(request):
    require(request, SAMPLE)
    form = SampleForm(request.POST if request.method == "POST" else (request.GET or None))
    rows = None
    if form.is_valid():
        data = form.cleaned_data
        if request.method == "POST":
            stored = sample_store(
                seed=data["seed"], size=data["size"], by=data["cluster"], year=data["year"], drawn_by=request.user
            )
            messages.success(request, _("De steekproef is vastgelegd."))
            return redirect("a11y:sample_detail", sample_id=stored.pk)
        rows = sample_report(sample_draw(seed=data["seed"], size=data["size"], by=data["cluster"]))
    samples = list(Sample.objects.latest_first().select_related("drawn_by").annotate(site_count=Count("sites"))[:50])
    return render(request, "a11y/sample.html", {"form": form, "rows": rows, "samples": samples})


@login_required
def sample_detail(request, sample_id):
    require(request, SAMPLE)
    stored = get_object_or_404(Sample.objects.select_related("drawn_by"), pk=sample_id)
    day = report_day(stored)
    rows = sample_report(stored_clusters(stored), on=day)
    return render(request, "a11y/sample_detail.html", {"sample": stored, "rows": rows, "day": day})
