"""The partner network and the local action plan of a local government (its workspace, 404 for outsiders)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.core.pdf import pdf_response
from einclusie.operation import plans
from einclusie.operation.forms import ActionPlanForm, PartnerForm, PlanActionForm
from einclusie.operation.models import ActionPlan, Aspect, Partner, PlanAction
from einclusie.organisations.access import get_for_organisation_or_404, require

VIEW = "operation.view"
PLAN = "operation.plan"


def _add_errors(form, error):
    if getattr(error, "code", None) == "edit_conflict":  # changed by someone else: show what is stored now
        form.show_current(error)
    elif hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- Partners ---------------------------------------------------------------------------------------------------


@login_required
def partners(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    found = list(Partner.objects.for_organisation(organisation).select_related("category").prefetch_related("actions"))
    return render(
        request,
        "operation/partners.html",
        {
            "organisation": organisation,
            "active": [partner for partner in found if partner.is_active],
            "ended": [partner for partner in found if not partner.is_active],
            "can_plan": membership.allows(PLAN),
        },
    )


@login_required
def partner_edit(request, partner_id=None):
    membership = require(request, PLAN)
    partner = None
    if partner_id is not None:
        partner = get_for_organisation_or_404(request, Partner.objects.all(), action=PLAN, pk=partner_id)
        if not partner.is_active:
            messages.info(request, _("Deze samenwerking is beëindigd en verandert niet meer."))
            return redirect("operation:partners")
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            plans.partner_save(form=form, organisation=membership.organisation, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("De partner is bewaard."))
            return redirect("operation:partners")
    return render(request, "operation/partner_form.html", {"form": form, "partner": form.instance if partner else None})


@login_required
@require_POST
def partner_end(request, partner_id):
    require(request, PLAN)
    partner = get_for_organisation_or_404(request, Partner.objects.all(), action=PLAN, pk=partner_id)
    try:
        plans.partner_end(partner=partner, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("De samenwerking met %(name)s is beëindigd. De contactgegevens zijn gewist.") % {"name": partner}
        )
    return redirect("operation:partners")


# --- Plans ------------------------------------------------------------------------------------------------------


def _plan(request, plan_id, action=VIEW):
    return get_for_organisation_or_404(
        request, ActionPlan.objects.select_related("organisation__municipality"), action=action, pk=plan_id
    )


@login_required
def plan_edit(request, plan_id=None):
    membership = require(request, PLAN)
    plan = _plan(request, plan_id, PLAN) if plan_id is not None else None
    form = ActionPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = plans.plan_save(form=form, organisation=membership.organisation, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Het actieplan is bewaard."))
            return redirect("operation:plan_detail", plan_id=saved.pk)
    figures = plans.context_figures(membership.organisation)
    return render(
        request, "operation/plan_form.html", {"form": form, "plan": form.instance if plan else None, "figures": figures}
    )


def _plan_context(plan):
    actions = list(plans.with_links(plan.actions.all()))
    progress = plans.action_progress(actions, plan=plan)
    for action in actions:
        action.progress = progress[action.pk]
    by_aspect = []
    for code, label in Aspect.choices:
        found = [action for action in actions if action.aspect == code]
        if found:
            by_aspect.append((label, found))
    return {
        "plan": plan,
        "actions": actions,
        "by_aspect": by_aspect,
        "summary": plans.plan_summary(plan),
        "figures": plans.context_figures(plan.organisation),
        "partners": Partner.objects.for_organisation(plan.organisation).active().select_related("category"),
    }


@login_required
def plan_detail(request, plan_id):
    membership = require(request, VIEW)
    plan = _plan(request, plan_id)
    assessment = plans.latest_assessment(plan.organisation)
    return render(
        request,
        "operation/plan_detail.html",
        {
            **_plan_context(plan),
            "can_plan": membership.allows(PLAN),
            "assessment": assessment,
            "covers_today": plan.covers(timezone.localdate()),
        },
    )


@login_required
def plan_pdf(request, plan_id):
    require(request, VIEW)
    plan = _plan(request, plan_id)
    filename = f"{slugify(plan.title) or 'actieplan'}-{plan.start_year}-{plan.end_year}.pdf"
    return pdf_response(
        "operation/pdf/plan.html",
        {**_plan_context(plan), "today": timezone.localdate()},
        filename=filename,
        request=request,
    )


@login_required
def plan_action_edit(request, plan_id, plan_action_id=None):
    require(request, PLAN)
    plan = _plan(request, plan_id, PLAN)
    action = None
    if plan_action_id is not None:
        action = get_for_organisation_or_404(
            request, PlanAction.objects.filter(plan=plan), action=PLAN, owner="plan__organisation", pk=plan_action_id
        )
    form = PlanActionForm(request.POST or None, instance=action, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plans.plan_action_save(plan=plan, form=form, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("De actie is bewaard."))
            return redirect("operation:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "operation/plan_action_form.html",
        {"form": form, "plan": plan, "action": form.instance if action else None},
    )


@login_required
@require_POST
def plan_from_assessment(request, plan_id):
    require(request, PLAN)
    plan = _plan(request, plan_id, PLAN)
    assessment = plans.latest_assessment(plan.organisation)
    if assessment is None:
        messages.error(request, _("Er is nog geen zelfevaluatie met scores."))
        return redirect("operation:plan_detail", plan_id=plan.pk)
    made = plans.plan_actions_from_assessment(plan=plan, assessment=assessment, by=request.user)
    if made:
        messages.success(
            request,
            _("%(count)s acties toegevoegd uit de rode en oranje bouwblokken. Vul ze verder aan.") % {"count": made},
        )
    else:
        messages.info(request, _("Er zijn geen rode of oranje bouwblokken zonder actie in het plan."))
    return redirect("operation:plan_detail", plan_id=plan.pk)
