"""The regional sample of local-government sites and its results per cluster (programme team)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from einclusie.a11y.forms import SampleForm
from einclusie.a11y.sampling import sample_draw, sample_report
from einclusie.organisations.access import require


@login_required
def sample(request):
    require(request, "programme.a11y.sample")
    form = SampleForm(request.GET or None)
    rows = None
    if form.is_valid():
        data = form.cleaned_data
        rows = sample_report(sample_draw(seed=data["seed"], size=data["size"], by=data["cluster"]))
    return render(request, "a11y/sample.html", {"form": form, "rows": rows})
