"""Public pages (no account): "Kan ik hier een laptop lenen?" — an anonymous check per local government.

The questions come from the eligibility grounds of the device banks in the municipality that switched the
check on. The answers are not stored and not put in the address (the form posts). Works without JavaScript.
"""

from django.shortcuts import get_object_or_404, render

from einclusie.devices.forms import PublicCheckForm
from einclusie.devices.models import SOCIAL_INTERNET, DeviceBankSettings, EligibilityGround
from einclusie.territory.models import Municipality


def _banks():
    return DeviceBankSettings.objects.filter(
        public_check=True, organisation__is_active=True, organisation__municipality__isnull=False
    ).select_related("organisation__municipality")


def check_index(request):
    banks = _banks().order_by("organisation__municipality__name_nl", "organisation__name")
    municipalities = []
    for bank in banks:
        municipality = bank.organisation.municipality
        if municipality not in municipalities:
            municipalities.append(municipality)
    return render(request, "devices/public/index.html", {"municipalities": municipalities})


def check(request, nis_code):
    municipality = get_object_or_404(Municipality, nis_code=nis_code)
    banks = list(_banks().filter(organisation__municipality=municipality).order_by("organisation__name"))
    grounds = list(
        EligibilityGround.objects.active()
        .filter(organisation__in=[bank.organisation_id for bank in banks])
        .select_related("organisation")
        .order_by("organisation__name", "position", "pk")
    )
    # The municipality and its OCMW may both run a bank with the same grounds: ask each ground once.
    by_label = {}
    for ground in grounds:
        by_label.setdefault(ground.label.lower(), []).append(ground)
    questions = [same[0] for same in by_label.values()]
    form = PublicCheckForm(
        request.POST if request.method == "POST" else None, municipality=municipality, grounds=questions
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = _result(form.cleaned_data, banks, questions, by_label)
    return render(
        request,
        "devices/public/check.html",
        {"municipality": municipality, "banks": banks, "form": form, "result": result},
    )


def _result(answers, banks, questions, by_label):
    """What the answers mean: whether a device is likely, where to go, what to bring, internet advice."""
    chosen_ids = {value for value in answers["situatie"] if value != PublicCheckForm.NONE}
    chosen = [
        ground
        for question in questions
        if str(question.pk) in chosen_ids
        for ground in by_label[question.label.lower()]
    ]
    lives_here = answers["woont_hier"] == "ja"
    organisations = {ground.organisation_id for ground in chosen}
    return {
        "lives_here": lives_here,
        "likely": lives_here and bool(chosen),
        "chosen": chosen,
        "banks": [bank for bank in banks if bank.organisation_id in organisations] or banks,
        "proofs": list(dict.fromkeys(ground.proof for ground in chosen if ground.proof)),
        "social_internet": any(ground.kind in SOCIAL_INTERNET for ground in chosen),
        "needs_internet": answers["internet"] != "ja",
    }
