"""The programme team's pages: calls, deadlines and distribution keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.organisations.access import require
from einclusie.subsidies import services
from einclusie.subsidies.forms import (
    CallForm,
    CompareForm,
    ComponentFormSet,
    DeadlineOverrideForm,
    EnvelopeFormSet,
    FixedAmountsForm,
    KeyForm,
    PaymentFormSet,
    StepFormSet,
)
from einclusie.subsidies.models import Call, DeadlineOverride, DistributionKey, KeyMethod

MANAGE = "subsidies.calls.manage"


@login_required
def call_list(request):
    require(request, MANAGE)
    calls = Call.objects.annotate(envelope=Sum("envelope_parts__amount"), versions=Count("keys", distinct=True))
    return render(request, "subsidies/programme/call_list.html", {"calls": calls})


def _call_formsets(request, call, *, stored=False):
    data = request.POST if request.method == "POST" and not stored else None
    return [
        EnvelopeFormSet(data, instance=call, prefix="budget"),
        StepFormSet(data, instance=call, prefix="stappen"),
        PaymentFormSet(data, instance=call, prefix="schijven"),
    ]


@login_required
def call_edit(request, call_id=None):
    membership = require(request, MANAGE)
    call = get_object_or_404(Call, pk=call_id) if call_id else Call()
    form = CallForm(request.POST or None, instance=call)
    formsets = _call_formsets(request, call)
    if request.method == "POST" and form.is_valid() and all(formset.is_valid() for formset in formsets):
        try:
            call = services.call_save(form=form, formsets=formsets, by=membership.user)
        except ValidationError as error:
            if getattr(error, "code", None) == "edit_conflict":  # changed by someone else: show what is stored now
                form.show_current(error)
                call = form.instance
                formsets = _call_formsets(request, call, stored=True)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("De oproep is bewaard."))
            return redirect("subsidies:call_detail", call_id=call.pk)
    budget, steps, payments = formsets
    return render(
        request,
        "subsidies/programme/call_form.html",
        {"form": form, "call": call if call.pk else None, "budget": budget, "steps": steps, "payments": payments},
    )


@login_required
def call_detail(request, call_id):
    require(request, MANAGE)
    call = get_object_or_404(Call, pk=call_id)
    steps = list(call.steps.prefetch_related("overrides__organisation"))
    return render(
        request,
        "subsidies/programme/call_detail.html",
        {
            "call": call,
            "steps": steps,
            "parts": call.envelope_parts.all(),
            "action_types": call.action_types.select_related("action_type"),
            "payment_rules": call.payment_rules.all(),
            "questions": call.questions.order_by("scope", "position", "pk"),
            "keys": call.keys.annotate(municipalities=Count("drawing_rights"), total=Sum("drawing_rights__amount")),
        },
    )


@login_required
def deadline_add(request, call_id):
    membership = require(request, MANAGE)
    call = get_object_or_404(Call, pk=call_id)
    form = DeadlineOverrideForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_extend(**form.cleaned_data, by=membership.user)
        except ValidationError as error:
            form.add_error("closes_on", error)
        else:
            messages.success(
                request,
                _("%(organisation)s heeft nu tot %(date)s.")
                % {"organisation": form.cleaned_data["organisation"], "date": form.cleaned_data["closes_on"]},
            )
            return redirect("subsidies:call_detail", call_id=call.pk)
    return render(request, "subsidies/programme/deadline_form.html", {"form": form, "call": call})


@login_required
@require_POST
def deadline_remove(request, override_id):
    membership = require(request, MANAGE)
    override = get_object_or_404(DeadlineOverride.objects.select_related("step"), pk=override_id)
    services.deadline_remove(override=override, by=membership.user)
    messages.success(request, _("De eigen uiterste datum is weg: de datum van de oproep geldt weer."))
    return redirect("subsidies:call_detail", call_id=override.step.call_id)


@login_required
def key_edit(request, call_id=None, key_id=None):
    membership = require(request, MANAGE)
    if key_id:
        key = get_object_or_404(DistributionKey.objects.select_related("call"), pk=key_id)
        if not key.is_editable:
            messages.error(request, _("Een gepubliceerde versie verandert niet meer. Maak een nieuwe versie."))
            return redirect("subsidies:key_detail", key_id=key.pk)
    else:
        key = DistributionKey(call=get_object_or_404(Call, pk=call_id))
    form = KeyForm(request.POST or None, instance=key)
    formset = ComponentFormSet(request.POST or None, instance=key, prefix="onderdelen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.key_save(form=form, formset=formset, by=membership.user)
        except ValidationError as error:
            if getattr(error, "code", None) != "edit_conflict":  # published meanwhile
                messages.error(request, error.messages[0])
                return redirect("subsidies:key_detail", key_id=key.pk)
            form.show_current(error)
            key = form.instance
            formset = ComponentFormSet(instance=key, prefix="onderdelen")
        else:
            messages.success(request, _("De verdeelsleutel is bewaard."))
            return redirect("subsidies:key_detail", key_id=saved.pk)
    return render(
        request,
        "subsidies/programme/key_form.html",
        {"form": form, "formset": formset, "key": key if key.pk else None, "call": key.call},
    )


@login_required
def key_detail(request, key_id):
    require(request, MANAGE)
    key = get_object_or_404(DistributionKey.objects.select_related("call"), pk=key_id)
    rights = key.drawing_rights.select_related("municipality__province").order_by("municipality__name_nl")
    total = rights.aggregate(total=Sum("amount"))["total"] or 0
    return render(
        request,
        "subsidies/programme/key_detail.html",
        {
            "key": key,
            "call": key.call,
            "components": key.components.select_related("indicator"),
            "excluded": key.excluded.all(),
            "rights": rights,
            "total": total,
            "difference": key.envelope - total,
            "compare_form": CompareForm(key=key),
        },
    )


def _key_action(request, key_id, action, success):
    membership = require(request, MANAGE)
    key = get_object_or_404(DistributionKey, pk=key_id)
    try:
        result = action(key=key, by=membership.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("subsidies:key_detail", key_id=key.pk)
    messages.success(request, success)
    return redirect("subsidies:key_detail", key_id=result.pk)


@login_required
@require_POST
def key_compute(request, key_id):
    return _key_action(request, key_id, services.key_compute, _("De trekkingsrechten zijn berekend."))


@login_required
@require_POST
def key_publish(request, key_id):
    return _key_action(
        request, key_id, services.key_publish, _("De trekkingsrechten zijn gepubliceerd: iedereen kan ze nu zien.")
    )


@login_required
@require_POST
def key_copy(request, key_id):
    return _key_action(request, key_id, services.key_copy, _("Een nieuwe versie staat klaar om aan te passen."))


@login_required
def key_import(request, key_id):
    membership = require(request, MANAGE)
    key = get_object_or_404(DistributionKey.objects.select_related("call"), pk=key_id)
    form = FixedAmountsForm(request.POST or None, request.FILES or None)
    report = None
    if key.method != KeyMethod.FIXED or not key.is_editable:
        messages.error(
            request, _("Vaste bedragen inlezen kan alleen in een niet-gepubliceerde versie met vaste bedragen.")
        )
        return redirect("subsidies:key_detail", key_id=key.pk)
    if request.method == "POST" and form.is_valid():
        report = services.key_import_fixed(key=key, text=form.cleaned_data["file"], by=membership.user)
        if report.ok:
            messages.success(request, _("%(count)s trekkingsrechten ingelezen.") % {"count": len(report.rows)})
            return redirect("subsidies:key_detail", key_id=key.pk)
    return render(request, "subsidies/programme/key_import.html", {"form": form, "key": key, "report": report})


@login_required
def key_compare(request, key_id):
    require(request, MANAGE)
    key = get_object_or_404(DistributionKey.objects.select_related("call"), pk=key_id)
    form = CompareForm(request.GET or None, key=key)
    rows = None
    other = None
    if form.is_valid():
        other = form.cleaned_data["met"]
        first, second = sorted([key, other], key=lambda version: version.version)
        rows = services.key_compare(first, second)
        key, other = first, second
    summary = None
    if rows is not None:
        summary = {
            "gains": sum(1 for row in rows if row.change > 0),
            "losses": sum(1 for row in rows if row.change < 0),
            "first_total": sum(row.first for row in rows),
            "second_total": sum(row.second for row in rows),
        }
    return render(
        request,
        "subsidies/programme/key_compare.html",
        {"form": form, "key": key, "other": other, "rows": rows, "summary": summary},
    )
