"""The programme team reviews and decides applications, and follows the tranches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from einclusie.core.spreadsheets import spreadsheet_response
from einclusie.organisations.access import require
from einclusie.subsidies import applications as services
from einclusie.subsidies import workflow
from einclusie.subsidies.forms import BulkApproveForm, PaidForm, TransitionForm
from einclusie.subsidies.models import Application, ApplicationStatus, Call, Justification, Tranche
from einclusie.subsidies.overview import regional_overview
from einclusie.subsidies.tranches import tranche_mark_paid
from einclusie.subsidies.validators import format_iban

REVIEW = workflow.REVIEW


@login_required
def review_list(request, call_id):
    require(request, REVIEW)
    call = get_object_or_404(Call, pk=call_id)
    status = request.GET.get("status", "")
    applications = (
        call.applications.select_related("organisation")
        .annotate(has_justification=Exists(Justification.objects.filter(application=OuterRef("pk"))))
        .order_by("organisation__name")
    )
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    counts = dict(call.applications.values_list("status").annotate(count=Count("pk")))
    submitted = call.applications.submitted()
    return render(
        request,
        "subsidies/review/list.html",
        {
            "call": call,
            "applications": applications,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
            "requested": services.total_requested(submitted),
            "approved": call.applications.filter(status=ApplicationStatus.APPROVED).aggregate(
                total=Sum("approved_amount")
            )["total"]
            or 0,
            "envelope": call.envelope_total,
            "bulk_form": BulkApproveForm(call=call),
        },
    )


@login_required
def review_detail(request, application_id):
    membership = require(request, REVIEW)
    application = get_object_or_404(Application.objects.select_related("call", "organisation"), pk=application_id)
    return render(
        request,
        "subsidies/review/detail.html",
        {
            "application": application,
            "maximum": services.drawing_right_for(call=application.call, organisation=application.organisation),
            "iban": format_iban(application.iban),
            "actions": application.actions.select_related("action_type").prefetch_related("target_groups"),
            "current_action_types": application.current_action_types.all(),
            "transitions": [t for t in workflow.available(application, membership) if t.permission == REVIEW],
            "form": TransitionForm(),
            "history": application.transitions.select_related("by"),
            "tranches": application.tranches.all(),
            "paid_form": PaidForm(),
            "has_justification": hasattr(application, "justification"),
        },
    )


@login_required
@require_POST
def review_decide(request, application_id):
    membership = require(request, REVIEW)
    application = get_object_or_404(Application, pk=application_id)
    form = TransitionForm(request.POST)
    name = request.POST.get("handeling", "")
    if name not in workflow.TRANSITIONS or not form.is_valid():
        messages.error(request, _("Kies wat u met de aanvraag wilt doen."))
        return redirect("subsidies:review_detail", application_id=application.pk)
    try:
        application = services.application_transition(
            application=application,
            name=name,
            membership=membership,
            note=form.cleaned_data["note"],
            decision_reference=form.cleaned_data["decision_reference"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De aanvraag is nu: %(status)s.") % {"status": application.get_status_display()})
    return redirect("subsidies:review_detail", application_id=application.pk)


@login_required
@require_POST
def review_bulk_approve(request, call_id):
    membership = require(request, REVIEW)
    call = get_object_or_404(Call, pk=call_id)
    form = BulkApproveForm(request.POST, call=call)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("subsidies:review_list", call_id=call.pk)
    approved, skipped = services.applications_bulk_approve(
        applications=form.cleaned_data["applications"],
        decision_reference=form.cleaned_data["decision_reference"],
        membership=membership,
    )
    messages.success(
        request,
        ngettext("%(count)s aanvraag is goedgekeurd.", "%(count)s aanvragen zijn goedgekeurd.", len(approved))
        % {"count": len(approved)},
    )
    if skipped:
        messages.error(
            request,
            ngettext(
                "%(count)s aanvraag was intussen niet meer in behandeling en bleef ongewijzigd.",
                "%(count)s aanvragen waren intussen niet meer in behandeling en bleven ongewijzigd.",
                len(skipped),
            )
            % {"count": len(skipped)},
        )
    return redirect("subsidies:review_list", call_id=call.pk)


@login_required
def tranche_list(request, call_id):
    require(request, REVIEW)
    call = get_object_or_404(Call, pk=call_id)
    tranches = (
        Tranche.objects.filter(application__call=call)
        .select_related("application__organisation", "application__call")
        .order_by("status", "application__organisation__name", "position")
    )
    file_format = request.GET.get("formaat")
    if file_format in ("csv", "xlsx"):
        header = [
            _("referentie"),
            _("begunstigde"),
            _("ondernemingsnummer"),
            _("IBAN"),
            _("schijf"),
            _("percentage"),
            _("bedrag"),
            _("status"),
            _("betaald op"),
            _("betalingsreferentie"),
        ]
        rows = (
            [
                tranche.application.reference,
                tranche.application.organisation.name,
                tranche.application.organisation.kbo_number,
                tranche.application.iban,
                tranche.position,
                tranche.percentage,
                tranche.amount,
                tranche.get_status_display(),
                tranche.paid_at.date() if tranche.paid_at else None,
                tranche.payment_reference,
            ]
            for tranche in tranches
        )
        return spreadsheet_response(filename=f"schijven-{call.slug}", header=header, rows=rows, file_format=file_format)
    return render(
        request,
        "subsidies/review/tranches.html",
        {
            "call": call,
            "tranches": tranches,
            "due_total": tranches.filter(status="due").aggregate(total=Sum("amount"))["total"] or 0,
            "paid_form": PaidForm(),
        },
    )


@login_required
@require_POST
def tranche_paid(request, tranche_id):
    membership = require(request, REVIEW)
    tranche = get_object_or_404(Tranche.objects.select_related("application"), pk=tranche_id)
    form = PaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul de betalingsreferentie in."))
    else:
        try:
            tranche_mark_paid(tranche=tranche, reference=form.cleaned_data["payment_reference"], by=membership.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("De schijf is als betaald genoteerd."))
    if request.POST.get("terug") == "aanvraag":
        return redirect("subsidies:review_detail", application_id=tranche.application_id)
    return redirect("subsidies:tranche_list", call_id=tranche.application.call_id)


@login_required
def call_overview(request, call_id):
    require(request, REVIEW)
    call = get_object_or_404(Call, pk=call_id)
    overview = regional_overview(call)
    if request.GET.get("formaat") in ("csv", "xlsx"):
        header = [_("aanvrager"), _("NIS-code"), _("provincie"), _("status"), _("gevraagd"), _("toegekend")]
        rows = (
            [
                row["application"].organisation.name,
                row["nis_code"],
                row["province"],
                row["application"].get_status_display(),
                row["application"].requested_amount,
                row["application"].approved_amount,
            ]
            for row in overview["participants"]
        )
        return spreadsheet_response(
            filename=f"aanvragen-{call.slug}", header=header, rows=rows, file_format=request.GET["formaat"]
        )
    return render(request, "subsidies/review/overview.html", {"call": call, **overview})
