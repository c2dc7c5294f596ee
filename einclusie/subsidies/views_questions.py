"""The call's own justification questions: the programme team writes them, the local government answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.organisations.access import require
from einclusie.subsidies import questions as services
from einclusie.subsidies.forms_questions import AnswersForm, JustificationQuestionForm
from einclusie.subsidies.models import Call, JustificationQuestion, QuestionScope
from einclusie.subsidies.views_justify import APPLY, _justification

MANAGE = "subsidies.calls.manage"


@login_required
def question_edit(request, call_id=None, question_id=None):
    membership = require(request, MANAGE)
    if question_id is not None:
        question = get_object_or_404(JustificationQuestion.objects.select_related("call"), pk=question_id)
        call = question.call
    else:
        call = get_object_or_404(Call, pk=call_id)
        question = JustificationQuestion(call=call, position=call.questions.count() + 1)
    form = JustificationQuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(form=form, call=call, by=membership.user)
        except ValidationError as error:  # changed by someone else: show what is stored now
            form.show_current(error)
            question = form.instance
        else:
            messages.success(request, _("De vraag is bewaard."))
            return redirect("subsidies:call_detail", call_id=call.pk)
    return render(request, "subsidies/programme/question_form.html", {"form": form, "call": call, "question": question})


@login_required
@require_POST
def question_remove(request, question_id):
    membership = require(request, MANAGE)
    question = get_object_or_404(JustificationQuestion, pk=question_id)
    try:
        services.question_remove(question=question, by=membership.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De vraag is geschrapt."))
    return redirect("subsidies:call_detail", call_id=question.call_id)


@login_required
def answers_edit(request, application_id):
    """The questions asked once per justification."""
    justification = _justification(request, application_id, APPLY)
    if not justification.is_editable:
        messages.error(request, _("Deze verantwoording is ingediend en kan niet meer veranderen."))
        return redirect("subsidies:justification_detail", application_id=application_id)
    asked = services.questions_of(justification.application.call, QuestionScope.JUSTIFICATION)
    form = AnswersForm(request.POST or None, questions=asked, answers=services.answers_for(justification))
    if request.method == "POST" and form.is_valid():
        try:
            services.answers_save(
                justification=justification, values=form.values(), by=request.user, version=form.version
            )
        except ValidationError as error:
            if error.code != "edit_conflict":  # submitted meanwhile
                messages.error(request, error.messages[0])
                return redirect("subsidies:justification_detail", application_id=application_id)
            form.show_current(services.answers_for(justification), error)  # changed by someone else
        else:
            messages.success(request, _("Uw antwoorden zijn bewaard."))
            return redirect("subsidies:justification_detail", application_id=application_id)
    return render(
        request, "subsidies/justify/answers_form.html", {"form": form, "application": justification.application}
    )
