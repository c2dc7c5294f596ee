"""The justification: the local government reports per action and on its expenses; the programme team decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.organisations.access import get_for_organisation_or_404, require
from einclusie.subsidies import justifications as services
from einclusie.subsidies import questions
from einclusie.subsidies.forms import ActionReportForm, ExpenseForm, JustificationDecisionForm
from einclusie.subsidies.forms_questions import AnswersForm, answer_display
from einclusie.subsidies.models import Application, ExpenseLine, QuestionScope, StepKind

VIEW = "subsidies.view"
APPLY = "subsidies.apply"
REVIEW = "subsidies.review"


def _justification(request, application_id, action=VIEW):
    application = get_for_organisation_or_404(
        request, Application.objects.select_related("call", "organisation"), action=action, pk=application_id
    )
    try:
        return services.justification_for(application)
    except ValidationError:
        raise Http404 from None


def _context(justification):
    application = justification.application
    reports = {report.action_id: report for report in justification.action_reports.all()}
    step = application.call.step(StepKind.JUSTIFICATION)
    answers = _answers(justification)
    return {
        "justification": justification,
        "application": application,
        "actions": [
            (action, reports.get(action.pk), answers["action_answers"](action.pk))
            for action in application.actions.select_related("action_type")
        ],
        "expenses": justification.expenses.all(),
        "totals": services.totals(justification),
        "figures": justification.figures
        or services.platform_figures(
            organisation=application.organisation, start=justification.period_start, end=justification.period_end
        ),
        "deadline": step.deadline_for(application.organisation) if step else None,
        "late": services.is_late(justification),
        "problems": services.justification_problems(justification) if justification.is_editable else [],
        "general_answers": answers["general_answers"],
    }


def _answers(justification):
    """The call's questions with their answers: those asked once, and those asked per action by action id."""
    call = justification.application.call
    stored = {(a.question_id, a.action_id): a.value for a in justification.answers.all()}
    per_action = list(questions.questions_of(call, QuestionScope.ACTION))
    return {
        "general_answers": [
            (question, answer_display(question, stored.get((question.pk, None), "")))
            for question in questions.questions_of(call, QuestionScope.JUSTIFICATION)
        ],
        "action_answers": lambda action_id: [
            (question, answer_display(question, stored.get((question.pk, action_id), ""))) for question in per_action
        ],
    }


@login_required
def justification_detail(request, application_id):
    justification = _justification(request, application_id)
    context = _context(justification)
    context["can_edit"] = justification.is_editable and request.current_membership.allows(APPLY)
    return render(request, "subsidies/justify/detail.html", context)


@login_required
def report_edit(request, application_id, action_id):
    justification = _justification(request, application_id, APPLY)
    if not justification.is_editable:
        messages.error(request, _("Deze verantwoording is ingediend en kan niet meer veranderen."))
        return redirect("subsidies:justification_detail", application_id=application_id)
    action = get_object_or_404(justification.application.actions.select_related("action_type"), pk=action_id)
    report = getattr(action, "report", None)
    form = ActionReportForm(request.POST or None, instance=report, action=action)
    if report is None:
        form.instance.action = action
    asked = questions.questions_of(justification.application.call, QuestionScope.ACTION)
    answers = AnswersForm(
        request.POST or None, questions=asked, answers=questions.answers_for(justification, action=action)
    )
    if request.method == "POST" and form.is_valid() and answers.is_valid():
        first_report = form.instance.pk is None  # (a refused save rolls back, but leaves the instance its pk)
        try:
            with transaction.atomic():
                services.report_save(justification=justification, form=form, by=request.user)
                if answers.questions:
                    questions.answers_save(
                        justification=justification,
                        values=answers.values(),
                        action=action,
                        by=request.user,
                        version=answers.version,
                    )
        except ValidationError as error:
            if getattr(error, "code", None) != "edit_conflict":  # submitted meanwhile
                messages.error(request, error.messages[0])
                return redirect("subsidies:justification_detail", application_id=application_id)
            if first_report:  # a colleague wrote the first report at the same moment
                messages.error(request, error.messages[0])
                return redirect("subsidies:report_edit", application_id=application_id, action_id=action.pk)
            form.show_current(error)  # changed by someone else: show what is stored now
            answers.show_current(questions.answers_for(justification, action=action), error)
        else:
            messages.success(request, _("Het verslag van de actie is bewaard."))
            return redirect("subsidies:justification_detail", application_id=application_id)
    return render(
        request,
        "subsidies/justify/report_form.html",
        {"form": form, "answers": answers, "action": action, "application": justification.application},
    )


@login_required
def expense_add(request, application_id):
    justification = _justification(request, application_id, APPLY)
    if not justification.is_editable:
        messages.error(request, _("Deze verantwoording is ingediend en kan niet meer veranderen."))
        return redirect("subsidies:justification_detail", application_id=application_id)
    form = ExpenseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.expense_add(justification=justification, form=form, by=request.user)
        messages.success(request, _("De uitgave is toegevoegd."))
        return redirect("subsidies:justification_detail", application_id=application_id)
    return render(
        request, "subsidies/justify/expense_form.html", {"form": form, "application": justification.application}
    )


@login_required
@require_POST
def expense_remove(request, application_id, expense_id):
    justification = _justification(request, application_id, APPLY)
    expense = get_object_or_404(justification.expenses, pk=expense_id)
    try:
        services.expense_remove(expense=expense, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De uitgave is geschrapt."))
    return redirect("subsidies:justification_detail", application_id=application_id)


@login_required
@require_POST
def justification_submit(request, application_id):
    justification = _justification(request, application_id, APPLY)
    try:
        services.justification_submit(justification=justification, membership=request.current_membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De verantwoording is ingediend. Het programmateam bekijkt ze."))
    return redirect("subsidies:justification_detail", application_id=application_id)


@login_required
def expense_attachment(request, application_id, expense_id):
    membership = request.current_membership
    if membership and membership.allows(REVIEW):
        expense = get_object_or_404(ExpenseLine, pk=expense_id, justification__application_id=application_id)
    else:
        justification = _justification(request, application_id)
        expense = get_object_or_404(justification.expenses, pk=expense_id)
    if not expense.attachment:
        raise Http404
    response = FileResponse(expense.attachment.open("rb"), as_attachment=True)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def review_justification(request, application_id):
    require(request, REVIEW)
    application = get_object_or_404(Application.objects.select_related("call", "organisation"), pk=application_id)
    justification = getattr(application, "justification", None)
    if justification is None:
        raise Http404
    context = _context(justification)
    context["form"] = JustificationDecisionForm()
    return render(request, "subsidies/justify/review.html", context)


@login_required
@require_POST
def review_justification_decide(request, application_id):
    membership = require(request, REVIEW)
    application = get_object_or_404(Application, pk=application_id)
    justification = getattr(application, "justification", None)
    if justification is None:
        raise Http404
    form = JustificationDecisionForm(request.POST)
    form.is_valid()
    accept = request.POST.get("beslissing") == "aanvaarden"
    try:
        services.justification_decide(
            justification=justification, accept=accept, membership=membership, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("De verantwoording is aanvaard; de laatste schijf is te betalen.")
            if accept
            else _("De verantwoording is teruggestuurd."),
        )
    return redirect("subsidies:review_justification", application_id=application_id)
