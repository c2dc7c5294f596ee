"""Public pages about the municipalities of Flanders."""

from django.db import models
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from einclusie.territory.models import Municipality, Statistic


@require_GET
def municipality_list(request):
    query = request.GET.get("q", "").strip()[:100]
    name_field = "name_fr" if get_language() == "fr" else "name_nl"
    municipalities = Municipality.objects.flemish().current().select_related("province")
    if query:
        municipalities = municipalities.search(query).prefetch_related("postal_codes")
    context = {
        "query": query,
        "municipalities": list(municipalities.order_by("province__nis_code", name_field)),
    }
    return render(request, "territory/municipality_list.html", context)


def published_drawing_rights(municipality):
    """The published drawing rights of this municipality and of the former municipalities that merged into it."""
    from einclusie.subsidies.models import DrawingRight

    return (
        DrawingRight.objects.published()
        .filter(models.Q(municipality=municipality) | models.Q(municipality__successor=municipality))
        .select_related("key__call", "municipality")
        .order_by("-key__call__created_at", "municipality__name_nl")
    )


@require_GET
def municipality_detail(request, nis_code):
    municipality = get_object_or_404(Municipality.objects.select_related("province", "successor"), nis_code=nis_code)
    statistics = Statistic.objects.latest_per_indicator(municipality)
    context = {
        "municipality": municipality,
        "postal_codes": [postal_code.code for postal_code in municipality.postal_codes.all()],
        "predecessors": municipality.predecessors.order_by("name_nl"),
        "statistics": [
            {"statistic": statistic, "value": number_format(statistic.value.normalize(), force_grouping=True)}
            for statistic in sorted(statistics, key=lambda statistic: statistic.indicator.name)
        ],
        "drawing_rights": published_drawing_rights(municipality),
    }
    return render(request, "territory/municipality_detail.html", context)
