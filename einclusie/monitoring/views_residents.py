"""The residents' survey (residents.py): the public anonymous form and the results for the programme team."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.monitoring import residents, survey
from einclusie.monitoring.access import require_region
from einclusie.monitoring.forms import SurveyForm
from einclusie.monitoring.models import Audience, SurveyResponse, SurveyRound
from einclusie.monitoring.views_survey import round_overview


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
    response, context, status = round_overview(
        request,
        membership,
        audience=Audience.RESIDENTS,
        opened=_("De inwonersbevraging %(year)s is geopend."),
        filename="inwonersbevraging",
    )
    if response is not None:
        return response
    selected = context["selected"]
    if selected is not None:
        header, rows = survey.csv_rows(selected)
        context.update(
            header=header,
            rows=rows,
            count=SurveyResponse.objects.filter(round=selected, submitted_at__isnull=False).count(),
            indicator_names=[i["name"] for i in survey.indicators(selected, [])],
            **residents.breakdowns(selected),
        )
    return render(request, "monitoring/residents_region.html", context, status=status)
