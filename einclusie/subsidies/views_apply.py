"""The local government's pages: see the calls, fill the application, submit it, follow the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.organisations.access import get_for_organisation_or_404, require
from einclusie.subsidies import applications as services
from einclusie.subsidies import letters, workflow
from einclusie.subsidies.forms import ActionForm, ApplicationForm
from einclusie.subsidies.models import Application, ApplicationStatus, Call
from einclusie.subsidies.validators import format_iban

VIEW = "subsidies.view"
APPLY = "subsidies.apply"


@login_required
def apply_home(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    own = {application.call_id: application for application in Application.objects.for_organisation(organisation)}
    calls = []
    for call in Call.objects.published().prefetch_related("steps"):
        allowed, reason = services.can_apply(call=call, organisation=organisation)
        calls.append(
            {
                "call": call,
                "application": own.get(call.pk),
                "allowed": allowed,
                "reason": reason,
                "maximum": services.drawing_right_for(call=call, organisation=organisation),
                "deadline": call.step("application").deadline_for(organisation) if call.step("application") else None,
            }
        )
    return render(
        request,
        "subsidies/apply/home.html",
        {"calls": calls, "organisation": organisation, "can_apply": membership.allows(APPLY)},
    )


@login_required
@require_POST
def apply_start(request):
    membership = require(request, APPLY)
    chosen = request.POST.get("oproep", "")
    call = Call.objects.published().filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if call is None:
        messages.error(request, _("Kies een oproep."))
        return redirect("subsidies:apply_home")
    try:
        application = services.application_start(call=call, organisation=membership.organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("subsidies:apply_home")
    return redirect("subsidies:application_detail", application_id=application.pk)


def _own_application(request, application_id, action=VIEW):
    return get_for_organisation_or_404(
        request, Application.objects.select_related("call", "organisation"), action=action, pk=application_id
    )


@login_required
def application_detail(request, application_id):
    application = _own_application(request, application_id)
    membership = request.current_membership
    actions = application.actions.select_related("action_type").prefetch_related("target_groups")
    return render(
        request,
        "subsidies/apply/detail.html",
        {
            "application": application,
            "maximum": services.drawing_right_for(call=application.call, organisation=application.organisation),
            "iban": format_iban(application.iban),
            "actions": actions,
            "has_mandatory": any(action.is_mandatory for action in actions),
            "additional_count": sum(1 for action in actions if not action.is_mandatory),
            "problems": services.submission_problems(application) if application.is_editable_by_applicant else [],
            "can_edit": application.is_editable_by_applicant and membership.allows(APPLY),
            "transitions": workflow.available(application, membership),
            "history": application.transitions.select_related("by"),
            "tranches": application.tranches.all(),
            "max_additional": services.MAX_ADDITIONAL_ACTIONS,
        },
    )


@login_required
def application_edit(request, application_id):
    application = _own_application(request, application_id, APPLY)
    if not application.is_editable_by_applicant:
        messages.error(request, _("Deze aanvraag is ingediend en kan niet meer veranderen."))
        return redirect("subsidies:application_detail", application_id=application.pk)
    maximum = services.drawing_right_for(call=application.call, organisation=application.organisation)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application, maximum=maximum)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save(form=form, by=request.user)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("De gegevens zijn bewaard. U kunt later verder werken."))
            return redirect("subsidies:application_detail", application_id=application.pk)
    return render(request, "subsidies/apply/general_form.html", {"form": form, "application": application})


@login_required
def action_edit(request, application_id, action_id=None):
    application = _own_application(request, application_id, APPLY)
    if not application.is_editable_by_applicant:
        messages.error(request, _("Deze aanvraag is ingediend en kan niet meer veranderen."))
        return redirect("subsidies:application_detail", application_id=application.pk)
    action = get_object_or_404(application.actions, pk=action_id) if action_id else None
    mandatory = action.is_mandatory if action else request.GET.get("verplicht") == "1"
    form = ActionForm(request.POST or None, instance=action, call=application.call, mandatory=mandatory)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(application=application, form=form, mandatory=mandatory, by=request.user)
        except ValidationError as error:
            if getattr(error, "code", None) == "edit_conflict":  # changed by someone else: show what is stored now
                form.show_current(error)
                action = form.instance
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("De actie is bewaard."))
            return redirect("subsidies:application_detail", application_id=application.pk)
    return render(
        request,
        "subsidies/apply/action_form.html",
        {"form": form, "application": application, "action": action, "mandatory": mandatory},
    )


@login_required
@require_POST
def action_delete(request, application_id, action_id):
    application = _own_application(request, application_id, APPLY)
    action = get_object_or_404(application.actions, pk=action_id)
    try:
        services.action_delete(action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De actie is geschrapt."))
    return redirect("subsidies:application_detail", application_id=application.pk)


@login_required
@require_POST
def application_submit(request, application_id):
    application = _own_application(request, application_id, APPLY)
    name = "resubmit" if application.status == ApplicationStatus.CHANGES_REQUESTED else "submit"
    try:
        services.application_transition(application=application, name=name, membership=request.current_membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Uw aanvraag is ingediend. Het ontvangstbewijs staat hieronder; het programmateam neemt contact op."),
        )
    return redirect("subsidies:application_detail", application_id=application.pk)


def _readable_application(request, application_id):
    """The applicant's own organisation, or the programme team, may read an application's documents."""
    membership = request.current_membership
    if membership and membership.allows(workflow.REVIEW):
        return get_object_or_404(Application.objects.select_related("call", "organisation"), pk=application_id)
    return _own_application(request, application_id)


@login_required
def application_receipt(request, application_id):
    application = _readable_application(request, application_id)
    if application.submitted_at is None:
        raise Http404
    return letters.receipt_response(application, request)


@login_required
def application_letter(request, application_id):
    application = _readable_application(request, application_id)
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        raise Http404
    return letters.decision_letter_response(application, request)


@login_required
def application_bank_letter(request, application_id):
    application = _readable_application(request, application_id)
    if not application.bank_letter:
        raise Http404
    response = FileResponse(application.bank_letter.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bankbrief-{application.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
