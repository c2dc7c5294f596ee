"""The quick scan of local governments (survey.py): the regional overview and a coordinator's answers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.spreadsheets import spreadsheet_response
from einclusie.monitoring import survey
from einclusie.monitoring.access import require_region, require_survey_answer
from einclusie.monitoring.forms import RoundForm, SurveyForm
from einclusie.monitoring.models import Audience, SurveyResponse, SurveyRound


def round_overview(request, membership, *, audience, opened, filename):
    """What the overview pages of both surveys share: open a round (POST), pick one (?jaar=), download it as CSV
    (?formaat=csv). Returns (response, context, status): a response to send as it is, or the context to extend."""
    can_manage = membership.allows("monitoring.survey.manage")
    today = timezone.localdate()
    form = RoundForm(request.POST or None, today=today, audience=audience)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            survey.questions_load(audience)
            survey_round = SurveyRound.objects.create(
                audience=audience,
                year=form.cleaned_data["year"],
                closes_on=form.cleaned_data["closes_on"],
                opened_by=request.user,
            )
            messages.success(request, opened % {"year": survey_round.year})
            return redirect(f"{request.path}?jaar={survey_round.year}"), None, None
    rounds = list(SurveyRound.objects.filter(audience=audience))
    selected = rounds[0] if rounds else None
    status = 200 if not form.errors else 400
    if request.GET.get("jaar"):
        selected = next((r for r in rounds if str(r.year) == request.GET["jaar"]), None)
        if selected is None:
            status = 404
    context = {
        "form": form,
        "can_manage": can_manage,
        "rounds": rounds,
        "selected": selected,
        "today": today,
        "unknown_year": status == 404,
    }
    if selected is not None and request.GET.get("formaat") == "csv":
        header, rows = survey.csv_rows(selected)
        response = spreadsheet_response(
            filename=f"{filename}-{selected.year}", header=header, rows=rows, file_format="csv"
        )
        return response, None, None
    return None, context, status


def survey_region(request):
    """Rounds, response rate and results per question; ?jaar= picks a round, ?formaat=csv downloads it."""
    membership = require_region(request)
    response, context, status = round_overview(
        request, membership, audience=Audience.LOCAL, opened=_("De ronde %(year)s is geopend."), filename="quickscan"
    )
    if response is not None:
        return response
    selected = context["selected"]
    if selected is not None:
        context["results"] = survey.results(selected)
        context["responses"] = (
            SurveyResponse.objects.filter(round=selected).select_related("organisation").order_by("organisation__name")
        )
    return render(request, "monitoring/survey_region.html", context, status=status)


def survey_local(request):
    """The coordinator answers the open round for their own local government: save a draft, or submit."""
    membership = require_survey_answer(request)
    today = timezone.localdate()
    survey_round = SurveyRound.objects.filter(audience=Audience.LOCAL, closes_on__gte=today).order_by("-year").first()
    context = {"round": survey_round, "organisation": membership.organisation}
    if survey_round is None:
        return render(request, "monitoring/survey_local.html", context)
    response = SurveyResponse.objects.filter(round=survey_round, organisation=membership.organisation).first()
    response = response or SurveyResponse(round=survey_round, organisation=membership.organisation)
    questions = survey.questions()
    context.update(response=response, questions=questions)
    if response.submitted_at is not None:
        context["answers"] = [
            (q, _display(q, response.answers.get(q.code))) for q in questions if q.code in response.answers
        ]
        if request.method == "POST":
            messages.error(request, _("Uw antwoorden zijn al ingediend; ze kunnen niet meer veranderen."))
            return redirect(request.path)
        return render(request, "monitoring/survey_local.html", context)
    submit = request.method == "POST" and "indienen" in request.POST
    if request.method == "POST":
        form = SurveyForm(request.POST, questions=questions, submit=submit)
        if form.is_valid():
            if response.pk is None:
                response, _created = SurveyResponse.objects.get_or_create(
                    round=survey_round, organisation=membership.organisation
                )
            if not survey.save_answers(response, form.answers(), submit=submit, by=request.user):
                messages.error(request, _("Uw antwoorden zijn al ingediend; ze kunnen niet meer veranderen."))
            elif submit:
                messages.success(request, _("Uw antwoorden zijn ingediend. Bedankt!"))
            else:
                messages.success(request, _("Uw antwoorden zijn bewaard als ontwerp."))
            return redirect(request.path)
        context["form"] = form
        return render(request, "monitoring/survey_local.html", context, status=400)
    context["form"] = SurveyForm(questions=questions, initial=SurveyForm.initial_from(response.answers, questions))
    return render(request, "monitoring/survey_local.html", context)


def _display(question, value):
    if value is True:
        return _("ja")
    if value is False:
        return _("nee")
    if question.kind == "choice":
        return question.choice_label(value)
    return value
