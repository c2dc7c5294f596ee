from django.shortcuts import get_object_or_404, render

from einclusie.territory.models import Municipality


def municipality_list(request):
    municipalities = Municipality.objects.flemish().current().select_related("province")
    return render(request, "territory/municipality_list.html", {"municipalities": municipalities})


def municipality_detail(request, nis_code):
    municipality = get_object_or_404(Municipality, nis_code=nis_code)
    return render(request, "territory/municipality_detail.html", {"municipality": municipality})
