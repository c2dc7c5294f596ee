"""The public open-data API, version 1, mounted at /api/v1/ (django-ninja). Read-only, suppressed figures only.

The OpenAPI description is served at /api/v1/openapi.json and committed in docs/api/openapi-v1.json
(`einclusie monitoring openapi` rewrites it; a test checks that both are equal). Bad parameters get 422 with a
message, an unknown data set or indicator 404, a page size above the limit 422. The surveys' published results
(survey.published) come per closed round; an unknown survey, a year without a round or a round still open is a 404
with a message.
"""

import datetime
import math

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from einclusie.monitoring import dashboard, datasets, items, survey
from einclusie.monitoring.indicators import UnknownIndicator, indicator_by_code
from einclusie.monitoring.replica import reads_from_replica

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000

open_data_api = NinjaAPI(
    title="e-inclusie: open data van de monitoring",
    version="1.0.0",
    description=(
        "Cijfers van de regionale monitoring digitale inclusie per gemeente en maand, en de resultaten van de "
        "gesloten rondes van de bevragingen (quickscan van de lokale besturen, inwonersbevraging) voor Vlaanderen "
        "en per provincie. Aantallen van 1 tot 4 en de cellen die ze zouden verraden zijn afgeschermd (value "
        "null, hidden true; in de bevragingen flag '<5' of 'x'). Licentie: "
        + datasets.LICENCE["name"]
        + " ("
        + datasets.LICENCE["url"]
        + "). Uitleg: docs/monitoring.md."
    ),
    urls_namespace="open-data",
    docs_url=None,
)
# Every answer is a read: from the replica when there is one (DATABASE_REPLICA_URL), like the dashboards.
open_data_api.add_decorator(reads_from_replica, mode="view")


@open_data_api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    message = _("Ongeldige parameter: %(names)s.") % {"names": ", ".join(names)}
    return open_data_api.create_response(request, {"detail": message, "errors": exc.errors}, status=422)


class Record(Schema):
    nis_code: str
    municipality: str
    province: str
    month: str
    value: int | None
    hidden: bool


class FactsPage(Schema):
    item: str
    year: int
    licence: str
    total: int
    page: int
    per_page: int
    pages: int
    records: list[Record]


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    unit: str
    numerator: dict
    denominator: dict
    factor: float


class IndicatorValue(Schema):
    code: str
    name: str
    year: int
    area: str
    value: float | None


class Message(Schema):
    detail: str


class SurveyRoundOut(Schema):
    audience: str
    year: int
    closes_on: datetime.date
    title: str
    responses: int | None
    url: str
    page: str


class Count(Schema):
    value: int | None
    flag: str


class AreaOut(Schema):
    area: str
    name: str
    too_few: bool
    responses: Count


class OptionOut(Schema):
    code: str
    label: str


class AnswerOut(Schema):
    code: str
    label: str
    count: Count
    percent: float | None


class QuestionAreaOut(Schema):
    area: str
    name: str
    too_few: bool
    answered: Count
    answers: list[AnswerOut]


class QuestionOut(Schema):
    code: str
    text: str
    kind: str
    options: list[OptionOut]
    areas: list[QuestionAreaOut]


class SurveyIndicatorAreaOut(Schema):
    area: str
    name: str
    too_few: bool
    numerator: Count
    denominator: Count
    value: float | None


class SurveyIndicatorOut(Schema):
    code: str
    name: str
    areas: list[SurveyIndicatorAreaOut]


class SurveyResults(Schema):
    audience: str
    year: int
    closes_on: datetime.date
    licence: str
    areas: list[AreaOut]
    questions: list[QuestionOut]
    indicators: list[SurveyIndicatorOut]


def _year(year):
    try:
        return dashboard.parse_year(str(year) if year is not None else "")
    except dashboard.FilterError as error:
        raise HttpError(422, str(error)) from None


@open_data_api.get("/catalogue", url_name="catalogue", summary="DCAT-AP-catalogus (JSON-LD)")
def catalogue(request):
    return JsonResponse(datasets.dcat_catalogue(), content_type="application/ld+json")


@open_data_api.get(
    "/datasets/{dataset}", url_name="dataset", summary="DCAT-AP van één dataset (JSON-LD)", response={404: Message}
)
def dataset(request, dataset: str):
    spec = datasets.by_slug(dataset)
    if spec is None:
        raise HttpError(404, _("Onbekende dataset: %(slug)s.") % {"slug": dataset[:60]})
    body = {"@context": datasets.CONTEXT, **datasets.dcat_dataset(spec)}
    return JsonResponse(body, content_type="application/ld+json")


@open_data_api.get("/facts", url_name="facts", response={200: FactsPage, 404: Message, 422: Message})
def facts(
    request,
    item: str = items.HELP_CONTACTS,
    year: int | None = None,
    nis_code: str | None = None,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
):
    """Records of one data item in one calendar year, per municipality, province and the region."""
    if item not in items.DATA_ITEMS:
        raise HttpError(404, _("Onbekend gegeven: %(code)s.") % {"code": item[:60]})
    if page < 1:
        raise HttpError(422, _("page moet 1 of meer zijn."))
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise HttpError(422, _("per_page moet tussen 1 en %(max)s liggen.") % {"max": MAX_PER_PAGE})
    year = _year(year)
    spec = datasets.by_slug(item.replace("_", "-"))
    records = datasets.records(spec, year)
    if nis_code:
        records = [record for record in records if record["nis_code"] == nis_code]
    pages = max(math.ceil(len(records) / per_page), 1)
    start = (page - 1) * per_page
    return {
        "item": item,
        "year": year,
        "licence": datasets.LICENCE["url"],
        "total": len(records),
        "page": page,
        "per_page": per_page,
        "pages": pages,
        "records": records[start : start + per_page],
    }


@open_data_api.get("/indicators", url_name="indicators", response=list[IndicatorOut])
def indicators(request):
    from einclusie.monitoring.models import Indicator

    return [
        {
            "code": i.code,
            "name": i.name,
            "description": i.description,
            "unit": i.unit,
            "numerator": i.numerator,
            "denominator": i.denominator,
            "factor": float(i.factor),
        }
        for i in Indicator.objects.filter(is_public=True)
    ]


@open_data_api.get(
    "/indicators/{indicator_code}", url_name="indicator", response={200: IndicatorValue, 404: Message, 422: Message}
)
def indicator(request, indicator_code: str, year: int | None = None, nis_code: str | None = None):
    """One indicator for the region, a province (its NIS code) or a municipality, in one calendar year."""
    try:
        found = indicator_by_code(indicator_code)
    except UnknownIndicator:
        raise HttpError(404, _("Onbekende indicator: %(code)s.") % {"code": indicator_code[:60]}) from None
    year = _year(year)
    territory = dashboard.Territory()
    area = ("region", None)
    if nis_code:
        if nis_code in territory.by_code:
            area = ("municipality", territory.by_code[nis_code])
        elif territory.province_by_code(nis_code):
            area = ("province", territory.province_by_code(nis_code))
        else:
            raise HttpError(404, _("Onbekende gemeente of provincie: %(code)s.") % {"code": nis_code[:10]})
    period = dashboard.Period.year(year)
    tables = dashboard.item_tables(territory, period, protect=True)
    row = dashboard.indicator_rows(territory, period, area, tables, protect=True, indicators=[found])[0]
    return {
        "code": found.code,
        "name": found.name,
        "year": year,
        "area": nis_code or "02000",
        "value": None if row["value"] is None else float(row["value"]),
    }


@open_data_api.get("/surveys", url_name="surveys", response=list[SurveyRoundOut], summary="Gepubliceerde bevragingen")
def surveys(request):
    """The closed rounds of the quick scan (local) and the residents' survey (residents), newest first."""
    titles = {"local": _("Quickscan van de lokale besturen"), "residents": _("Inwonersbevraging")}
    result = []
    for survey_round in survey.published_rounds(timezone.localdate()):
        data = survey.published(survey_round)
        slug = survey.slug_of(survey_round.audience)
        result.append(
            {
                "audience": survey_round.audience,
                "year": survey_round.year,
                "closes_on": survey_round.closes_on,
                "title": titles[survey_round.audience],
                "responses": data["areas"][0]["responses"]["value"],
                "url": reverse("open-data:survey", args=[survey_round.audience, survey_round.year]),
                "page": reverse("monitoring:survey_round_public", args=[slug, survey_round.year]),
            }
        )
    return result


@open_data_api.get(
    "/surveys/{audience}/{year}",
    url_name="survey",
    response={200: SurveyResults, 404: Message, 422: Message},
    summary="Resultaten van één gesloten ronde",
)
def survey_results(request, audience: str, year: int):
    """The published results of one closed round: responses, answers per question and the indicators, for
    Flanders (02000) and per province, suppressed."""
    from einclusie.monitoring.models import Audience, SurveyRound

    if audience not in Audience.values:
        raise HttpError(
            404, _("Onbekende bevraging: %(audience)s. Kies local of residents.") % {"audience": audience[:30]}
        )
    survey_round = survey.published_round(audience, year, timezone.localdate())
    if survey_round is None:
        still_open = 1 <= year <= 9999 and SurveyRound.objects.filter(audience=audience, year=year).first()
        if still_open:
            message = _("De ronde %(year)s loopt nog tot en met %(date)s; de resultaten zijn openbaar na de sluiting.")
            raise HttpError(404, message % {"year": year, "date": still_open.closes_on.isoformat()})
        raise HttpError(404, _("Voor %(year)s is er geen ronde van deze bevraging.") % {"year": year})
    data = survey.published(survey_round)
    return {
        "audience": survey_round.audience,
        "year": survey_round.year,
        "closes_on": survey_round.closes_on,
        "licence": datasets.LICENCE["url"],
        "areas": data["areas"],
        "questions": data["questions"],
        "indicators": data["indicators"],
    }
