"""The published results of the surveys (survey.published): the closed rounds of the quick scan and of the
residents' survey, for everyone. A round that is still open, an unknown survey or year: 404."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einclusie.monitoring import charts, downloads, survey
from einclusie.monitoring.models import Audience
from einclusie.monitoring.replica import reads_from_replica

TITLES = {
    Audience.LOCAL: gettext_lazy("Quickscan van de lokale besturen"),
    Audience.RESIDENTS: gettext_lazy("Inwonersbevraging"),
}


def _title(audience):
    return str(TITLES[audience])


@reads_from_replica
def survey_rounds_public(request):
    """The closed rounds of both surveys, newest year first."""
    years = {}
    for survey_round in survey.published_rounds(timezone.localdate()):
        years.setdefault(survey_round.year, []).append(
            {
                "round": survey_round,
                "slug": survey.slug_of(survey_round.audience),
                "title": _title(survey_round.audience),
            }
        )
    return render(request, "monitoring/survey_rounds_public.html", {"years": sorted(years.items(), reverse=True)})


@reads_from_replica
def survey_round_public(request, audience, year):
    """One closed round: responses, every question and indicator for Flanders and per province, with charts."""
    survey_round = survey.published_round(survey.SLUGS.get(audience), year, timezone.localdate())
    if survey_round is None:
        raise Http404
    data = survey.published(survey_round)
    question_charts, indicator_charts = _charts(data)
    if downloads.wants_download(request):
        return downloads.chart_download(request, question_charts + indicator_charts, filename=f"{audience}-{year}")
    context = {
        "round": survey_round,
        "slug": audience,
        "title": _title(survey_round.audience),
        "data": data,
        "flanders": data["areas"][0],
        "indicator_charts": indicator_charts,
        "questions": list(zip(question_charts, data["questions"], strict=True)),
        "download_query": "",
    }
    return render(request, "monitoring/survey_public.html", context)


def _charts(data):
    """A chart per question (the answers in Flanders, in %) and per indicator (Flanders and each province)."""
    question_charts, indicator_charts = [], []
    for question in data["questions"]:
        flanders = question["areas"][0]
        chart = charts.Chart(
            key=f"vraag-{question['code']}",
            title=question["text"],
            description=_("Antwoorden in Vlaanderen, in procent van wie de vraag beantwoordde."),
            kind="bars",
            header=[_("antwoord"), _("aantal"), _("procent")],
            rows=[
                [answer["label"], survey.shown_count(answer["count"]), answer["percent"]]
                for answer in ([] if flanders["too_few"] else flanders["answers"])
            ],
        )
        question_charts.append(charts.bars(chart, [row[-1] for row in chart.rows]))
    for indicator in data["indicators"]:
        rows = [[area["name"], area["value"]] for area in indicator["areas"] if not area["too_few"]]
        chart = charts.Chart(
            key=f"indicator-{indicator['code']}",
            title=indicator["name"],
            description=_("In procent, voor Vlaanderen en per provincie met minstens 5 antwoorden."),
            kind="bars",
            header=[_("gebied"), _("procent")],
            rows=rows,
        )
        indicator_charts.append(charts.bars(chart, [row[-1] for row in rows]))
    return question_charts, indicator_charts
