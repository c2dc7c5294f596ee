"""The residents' survey (residents.py): the public anonymous form and the results for the programme team."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.spreadsheets import spreadsheet_response
from einclusie.monitoring import residents, survey
from einclusie.monitoring.access import require_region
from einclusie.monitoring.forms import RoundForm, SurveyForm
from einclusie.monitoring.models import Audience, SurveyResponse, SurveyRound


def residents_public(request, year):
    """The anonymous form of a year's residents' survey: one submission is one response."""
    survey_round = get_object_or_404(SurveyRound, audience=Audience.RESIDENTS, year=year)
    today = timezone.localdate()
    context = {"round": survey_round, "is_open": survey_round.is_open(today), "thanks": "bedankt" in request.GET}
    if not context["is_open"]:
        if request.method == "POST":
            context["problem"] = _("Deze bevraging is gesloten. Uw antwoorden zijn niet bewaard.")
            return render(request, "monitoring/residents_public.html", context, status=400)
        return render(request, "monitoring/residents_public.html", context)
    questions = survey.questions(Audience.RESIDENTS)
    if request.method == "POST":
        form = SurveyForm(request.POST, questions=questions, submit=True)
        token = request.POST.get("token", "")
        status = 400
        problem = residents.check_token(token, survey_round)
        if problem is None and residents.over_limit(request):
            status = 429
            problem = _(
                "Vanaf deze aansluiting zijn het afgelopen uur al veel antwoorden verstuurd. Probeer later opnieuw."
            )
        if form.is_valid() and problem is None:
            if residents.save(request, survey_round, token, form.answers()):
                return redirect(f"{request.path}?bedankt=1")
            problem = _("Dit formulier is al verstuurd. Uw antwoorden zijn één keer bewaard.")
        if problem:
            form.add_error(None, problem)
        context.update(form=form, token=residents.form_token(survey_round))
        return render(request, "monitoring/residents_public.html", context, status=status)
    context.update(form=SurveyForm(questions=questions), token=residents.form_token(survey_round))
    return render(request, "monitoring/residents_public.html", context)


def residents_region(request):
    """Rounds of the residents' survey, suppressed results, a CSV download and a form to open a round."""
    membership = require_region(request)
    can_manage = membership.allows("monitoring.survey.manage")
    today = timezone.localdate()
    form = RoundForm(request.POST or None, today=today, audience=Audience.RESIDENTS)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            survey.questions_load(Audience.RESIDENTS)
            survey_round = SurveyRound.objects.create(
                audience=Audience.RESIDENTS,
                year=form.cleaned_data["year"],
                closes_on=form.cleaned_data["closes_on"],
                opened_by=request.user,
            )
            messages.success(request, _("De inwonersbevraging %(year)s is geopend.") % {"year": survey_round.year})
            return redirect(f"{request.path}?jaar={survey_round.year}")
    rounds = list(SurveyRound.objects.filter(audience=Audience.RESIDENTS))
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
    if selected is not None:
        header, rows = survey.csv_rows(selected)
        if request.GET.get("formaat") == "csv":
            return spreadsheet_response(
                filename=f"inwonersbevraging-{selected.year}", header=header, rows=rows, file_format="csv"
            )
        context.update(
            header=header,
            rows=rows,
            count=SurveyResponse.objects.filter(round=selected, submitted_at__isnull=False).count(),
            indicator_names=[i["name"] for i in survey.indicators(selected, [])],
            **residents.breakdowns(selected),
        )
    return render(request, "monitoring/residents_region.html", context, status=status)
