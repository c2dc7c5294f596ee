"""Public pages of a call: what it funds, when, and every municipality's drawing right with its explanation."""

from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from einclusie.subsidies.models import Call, DrawingRight, KeyMethod
from einclusie.territory.models import Indicator


def call_public(request, slug):
    call = get_object_or_404(Call.objects.published(), slug=slug)
    key = call.published_key()
    rights = []
    total = Decimal(0)
    if key is not None:
        rights = key.drawing_rights.select_related("municipality").order_by("municipality__name_nl")
        total = rights.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return render(
        request,
        "subsidies/public/call.html",
        {
            "call": call,
            "key": key,
            "rights": rights,
            "total": total,
            "steps": call.steps.all(),
            "parts": call.envelope_parts.all(),
            "action_types": call.action_types.select_related("action_type"),
            "payment_rules": call.payment_rules.all(),
        },
    )


def drawing_right_explained(request, slug, nis_code):
    call = get_object_or_404(Call.objects.published(), slug=slug)
    key = call.published_key()
    if key is None:
        raise Http404
    right = get_object_or_404(
        DrawingRight.objects.select_related("municipality"), key=key, municipality__nis_code=nis_code
    )
    names = {indicator.code: indicator.name for indicator in Indicator.objects.all()}
    components = [
        {
            **component,
            "name": names.get(component["indicator"], component["indicator"]),
            "percentage": Decimal(component["share"]) * 100,
        }
        for component in right.explanation.get("components", [])
    ]
    return render(
        request,
        "subsidies/public/explained.html",
        {
            "call": call,
            "key": key,
            "right": right,
            "components": components,
            "is_fixed": key.method == KeyMethod.FIXED,
            "floor": key.floor,
            "cap": key.cap,
        },
    )
