"""The programme team's view of the programme goal: every local government's status, on a table and a map, and the
definition of the goal with its versions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.spreadsheets import FORMATS, spreadsheet_response
from einclusie.monitoring import charts
from einclusie.monitoring.dashboard import FilterError, Territory
from einclusie.monitoring.operation import criteria_texts, operation_status
from einclusie.operation import goal
from einclusie.operation.forms import GoalDefinitionForm
from einclusie.operation.models import GoalDefinition
from einclusie.organisations.access import require
from einclusie.territory.boundaries import map_paths

PROGRAMME = "operation.programme"
OPERATION_FILL = "#1b6e3a"
NOT_YET_FILL = "#f6c9a3"
STATUSES = {"ja": True, "nee": False}


def programme_filters(query, territory):
    """(province or None, wanted status or None) from the GET form; FilterError with a Dutch message otherwise."""
    province_code = query.get("provincie", "").strip()
    status = query.get("werking", "").strip()
    province = territory.area(province_code=province_code)[1] if province_code else None
    if status and status not in STATUSES:
        raise FilterError(_("Onbekende keuze voor werking: kies ja, nee of alle gemeenten."))
    return province, STATUSES.get(status)


@login_required
def programme_status(request):
    require(request, PROGRAMME)
    territory = Territory()
    definition, version = goal.current_definition()
    query = {key: request.GET.get(key, "")[:20] for key in ("provincie", "werking")}
    error = ""
    try:
        province, wanted = programme_filters(request.GET, territory)
    except FilterError as bad:
        province, wanted, error = None, None, str(bad)
    ids = territory.members.get(province.pk, []) if province else list(territory.municipalities)
    status = operation_status(ids, today=timezone.localdate(), definition=definition) if not error else {}
    rows = [(territory.municipalities[pk], row) for pk, row in status.items() if wanted is None or row["ok"] is wanted]
    if request.GET.get("formaat") in FORMATS and not error:
        return spreadsheet_response(
            filename="programmadoelstelling",
            header=["nis_code", "gemeente", "werking", "wat_ontbreekt"],
            rows=[
                [municipality.nis_code, municipality.name, "ja" if row["ok"] else "nee", " ".join(row["reasons"])]
                for municipality, row in rows
            ],
            file_format=request.GET["formaat"],
        )
    chart = _status_map(territory, rows)
    if request.GET.get("formaat") == "svg" and not error:
        if chart.kind != "choropleth":
            raise Http404
        return HttpResponse(
            render_to_string("monitoring/map.svg", {"chart": chart}), content_type="image/svg+xml; charset=utf-8"
        )
    return render(
        request,
        "operation/programme_status.html",
        {
            "rows": rows,
            "with_operation": sum(1 for row in status.values() if row["ok"]),
            "total": len(status),
            "chart": chart,
            "criteria": criteria_texts(definition),
            "version": version,
            "filter_missing": request.GET.get("toon") == "ontbrekend",
            "provinces": territory.provinces.values(),
            "query": query,
            "filter_query": urlencode({key: value for key, value in query.items() if value}),
            "error": error,
        },
        status=400 if error else 200,
    )


def _status_map(territory, rows):
    """Municipalities with and without an operation: coloured outlines once boundaries are imported, else dots."""
    paths = map_paths()
    if paths:
        shown = {municipality.pk for municipality, _row in rows}
        chart = charts.Chart(
            key="kaart",
            title=_("Lokale digitale inclusiewerking op de kaart"),
            description=_(
                "Kaart van Vlaanderen met de gemeentegrenzen: groen een gemeente met een lokale digitale "
                "inclusiewerking, lichtoranje een gemeente waar nog iets ontbreekt, grijs buiten de filter. De "
                "tabel geeft alle gemeenten."
            ),
            kind="choropleth",
            header=[],
        )
        return charts.category_choropleth(
            chart,
            [(municipality, row["ok"]) for municipality, row in rows],
            paths=paths,
            categories={
                True: (OPERATION_FILL, _("heeft een lokale digitale inclusiewerking")),
                False: (NOT_YET_FILL, _("nog niet")),
            },
            context=[m for pk, m in territory.municipalities.items() if pk not in shown],
        )
    chart = charts.Chart(
        key="kaart",
        title=_("Lokale digitale inclusiewerking op de kaart"),
        description=_(
            "Kaart van Vlaanderen: een gevulde cirkel per gemeente met een lokale digitale inclusiewerking, een "
            "lege ring voor een gemeente waar nog iets ontbreekt. Posities bij benadering. De tabel geeft alle "
            "gemeenten."
        ),
        kind="map",
        header=[],
    )
    charts.symbol_map(chart, [(municipality, 1) for municipality, _row in rows])
    ok_by_name = {municipality.name: row["ok"] for municipality, row in rows}
    for shape in chart.shapes:
        shape["ok"] = ok_by_name.get(shape["label"], False)
    return chart


@login_required
def goal_edit(request):
    require(request, PROGRAMME)
    definition, version = goal.current_definition()
    initial = {key: definition.get(key) for key in goal.PARAMETERS}
    form = GoalDefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = goal.goal_definition_save(parameters=data, note=data["note"], by=request.user)
        messages.success(request, _("Versie %(version)s van de definitie geldt vanaf nu.") % {"version": saved.version})
        return redirect("operation:programme_status")
    return render(
        request,
        "operation/goal_form.html",
        {
            "form": form,
            "criteria": criteria_texts(definition),
            "version": version,
            "versions": GoalDefinition.objects.select_related("created_by")[:20],
        },
    )
