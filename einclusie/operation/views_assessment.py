"""The yearly self-assessment of a local government's digital-inclusion operation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.core.spreadsheets import FORMATS, spreadsheet_response
from einclusie.monitoring.operation import criteria_texts, operation_status, rule
from einclusie.operation import services
from einclusie.operation.forms import AssessmentForm
from einclusie.operation.models import ActionPlan, Assessment, Colour, Partner
from einclusie.organisations.access import get_for_organisation_or_404, require

VIEW = "operation.view"
ASSESS = "operation.assess"
CHART_WIDTH = 400  # the width of a score of 4 in the bar chart


def _assessment(request, assessment_id, action=VIEW):
    queryset = Assessment.objects.select_related("framework", "organisation__municipality")
    return get_for_organisation_or_404(request, queryset, action=action, pk=assessment_id)


@login_required
def home(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    year = timezone.localdate().year
    assessments = list(Assessment.objects.for_organisation(organisation).order_by("-year"))
    today = timezone.localdate()
    goal = None
    if organisation.is_local_government and organisation.municipality_id is not None:
        definition = rule()
        goal = {
            "status": operation_status([organisation.municipality_id], today=today, definition=definition)[
                organisation.municipality_id
            ],
            "criteria": criteria_texts(definition),
        }
    return render(
        request,
        "operation/home.html",
        {
            "organisation": organisation,
            "assessments": assessments,
            "this_year": next((a for a in assessments if a.year == year), None),
            "year": year,
            "can_assess": membership.allows(ASSESS),
            "can_plan": membership.allows("operation.plan"),
            "plans": list(ActionPlan.objects.for_organisation(organisation)),
            "current_plan": ActionPlan.objects.for_organisation(organisation).current(today).first(),
            "partner_count": Partner.objects.for_organisation(organisation).active().count(),
            "goal": goal,
        },
    )


@login_required
@require_POST
def assessment_start(request):
    membership = require(request, ASSESS)
    try:
        assessment = services.assessment_start(
            organisation=membership.organisation, year=timezone.localdate().year, by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("operation:home")
    return redirect("operation:assessment_edit", assessment_id=assessment.pk)


@login_required
def assessment_edit(request, assessment_id):
    require(request, ASSESS)
    assessment = _assessment(request, assessment_id, ASSESS)
    if assessment.is_completed:
        messages.info(request, _("Deze zelfevaluatie is afgerond."))
        return redirect("operation:assessment_result", assessment_id=assessment.pk)
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        scores, actions = form.values()
        try:
            services.scores_save(
                assessment=assessment,
                values=scores,
                actions=actions,
                by=request.user,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            if error.code == "edit_conflict":  # a colleague saved meanwhile: the form shows what is stored now
                return redirect("operation:assessment_edit", assessment_id=assessment.pk)
        else:
            messages.success(request, _("Uw zelfevaluatie is bewaard."))
        return redirect("operation:assessment_result", assessment_id=assessment.pk)
    return render(request, "operation/assessment_form.html", {"assessment": assessment, "form": form})


@login_required
@require_POST
def assessment_complete(request, assessment_id):
    require(request, ASSESS)
    assessment = _assessment(request, assessment_id, ASSESS)
    try:
        services.assessment_complete(assessment=assessment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De zelfevaluatie is afgerond."))
    return redirect("operation:assessment_result", assessment_id=assessment.pk)


@login_required
def assessment_result(request, assessment_id):
    membership = require(request, VIEW)
    assessment = _assessment(request, assessment_id)
    results = services.block_results(assessment)
    previous, previous_year = services.previous_averages(assessment)
    peers, peer_count = services.peer_averages(assessment)
    size_peers, size_count = services.peer_averages(assessment, by="size")
    rows = []
    for position, result in enumerate(results):
        code = result["block"].code
        rows.append(
            {
                **result,
                "colour_label": Colour(result["colour"]).label if result["colour"] else _("nog geen score"),
                "previous": previous.get(code),
                "peers": peers.get(code),
                "size_peers": size_peers.get(code),
                "y": 10 + position * 34,
                "width": round((result["average"] or 0) / 4 * CHART_WIDTH),
            }
        )
    if request.GET.get("formaat") in FORMATS:
        header = [
            "bouwblok",
            "score",
            "kleur",
            "vorig_jaar",
            "gemiddelde_provincie",
            "gemiddelde_grootteklasse",
            "actie",
        ]
        data = [
            [
                str(row["block"].name),
                row["average"],
                str(row["colour_label"]),
                row["previous"],
                row["peers"],
                row["size_peers"],
                row["action"],
            ]
            for row in rows
        ]
        return spreadsheet_response(
            filename=_("zelfevaluatie-%(year)s") % {"year": assessment.year},
            header=header,
            rows=data,
            file_format=request.GET["formaat"],
        )
    return render(
        request,
        "operation/assessment_result.html",
        {
            "assessment": assessment,
            "rows": rows,
            "chart_height": 20 + len(rows) * 34,
            "chart_width": CHART_WIDTH,
            "previous_year": previous_year,
            "peer_count": peer_count,
            "size_count": size_count,
            "size_class": services.size_class_of(assessment.organisation),
            "min_peers": services.MIN_PEERS,
            "problems": [] if assessment.is_completed else services.completion_problems(assessment),
            "can_assess": membership.allows(ASSESS),
            "recommendations": services.recommendations(assessment),
        },
    )
