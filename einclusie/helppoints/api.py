"""The public HSDS 3.0 API of the help-point directory, read-only, mounted at /api/hsds/.

Endpoints, parameters and the page shape follow the HSDS OpenAPI (hsds_schema/openapi.json); the
responses validate against the official compiled schemas (see tests/test_hsds_api.py). Only public data:
services that are not inactive, of active organisations. Nonsense parameters give 422 with a message,
an unknown id 404, a page past the end an empty page.
"""

import datetime
import math
import uuid

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS
from einclusie.core.models import Code, CodeList
from einclusie.helppoints import hsds
from einclusie.territory.geo import distance_km, municipality_positions
from einclusie.territory.models import Municipality

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_SEARCH_LENGTH = 200
# The service's many-to-many field for each published code list.
RELATIONS = {HELP_TOPICS: "topics", LANGUAGES: "languages", REQUIRED_DOCUMENTS: "required_documents"}

hsds_api = NinjaAPI(
    title="e-inclusie: digipunten (Open Referral HSDS 3.0)",
    version="1.0.0",
    description=(
        "De openbare gids van digipunten volgens Open Referral HSDS 3.0, alleen lezen. "
        "Uitleg over de vertaling van onze gegevens naar HSDS: docs/hsds.md."
    ),
    urls_namespace="hsds",
    # Swagger UI is served from django-ninja's static files only when "ninja" is in INSTALLED_APPS;
    # without it the page would load scripts from a CDN, which our CSP forbids. The OpenAPI file stays.
    docs_url=None,
)


@hsds_api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    message = _("Ongeldige parameter: %(names)s.") % {"names": ", ".join(names)}
    return hsds_api.create_response(request, {"detail": message, "errors": exc.errors}, status=422)


def _invalid(message):
    return HttpError(422, message)


def _not_found():
    return HttpError(404, _("Niet gevonden: er is geen openbaar gegeven met deze id."))


# --- parameters ---------------------------------------------------------------------------------------


def _paging(page, per_page):
    if page < 1:
        raise _invalid(_("page moet 1 of meer zijn."))
    if per_page < 1:
        raise _invalid(_("per_page moet 1 of meer zijn."))
    return page, min(per_page, MAX_PER_PAGE)


def _uuid(value, name):
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise _invalid(_("%(name)s is geen geldige id (uuid).") % {"name": name}) from None


def _modified_after(value):
    try:
        moment = parse_datetime(value)
        day = parse_date(value) if moment is None else None
    except ValueError:  # well formed, but not a real date (2026-13-45)
        moment = day = None
    if moment is None and day is None:
        raise _invalid(_("modified_after is geen datum en tijd volgens ISO 8601, bv. 2026-01-31T09:00:00Z."))
    if moment is None:
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _search(value):
    return (value or "").strip()[:MAX_SEARCH_LENGTH]


def _term_filter(term_id, *, service="", help_point="help_points__"):
    """Services or help points classified with one taxonomy term (a code or one of our own terms)."""
    code = Code.objects.filter(uuid=term_id, code_list__slug__in=RELATIONS).select_related("code_list").first()
    if code is not None:
        return Q(**{f"{service}{RELATIONS[code.code_list.slug]}": code})
    term = hsds.OWN_TERMS_BY_ID.get(term_id)
    if term is None:
        return Q(pk__in=[])
    location = f"{help_point}location__"
    filters = {
        hsds.HOME_VISITS: Q(**{f"{service}home_visits": True}),
        hsds.NOTICE_UNTIL: Q(**{f"{service}notice_until__isnull": False}),
        hsds.APPOINTMENT_DETAILS: ~Q(**{f"{help_point}appointment_details": ""}),
        hsds.SCHEDULE_EXCEPTION: Q(**{f"{help_point}exceptions__isnull": False}),
    }
    filters.update({own: Q(**{f"{help_point}{field}": True}) for field, own in hsds.HELP_POINT_TERMS.items()})
    filters.update({own: Q(**{f"{location}{field}": True}) for field, own in hsds.ACCESSIBILITY_TERMS.items()})
    return filters[term]


def _taxonomy_filter(taxonomy_id, *, service=""):
    if taxonomy_id == hsds.OWN_TAXONOMY_ID:
        return Q()  # every service has attributes of our own taxonomy
    code_list = CodeList.objects.filter(uuid=taxonomy_id, slug__in=RELATIONS).first()
    if code_list is None:
        return Q(pk__in=[])
    return Q(**{f"{service}{RELATIONS[code_list.slug]}__code_list": code_list})


def _organisation_filter(organization_id, *, service=""):
    organisation = hsds.organisation_by_hsds_id(organization_id)
    return Q(**{f"{service}organisation": organisation}) if organisation else Q(pk__in=[])


# --- the page shape -----------------------------------------------------------------------------------


def _page(items, *, page, per_page, render):
    """The HSDS Page: `items` is a queryset or a list; only the requested page is loaded and rendered."""
    total = len(items) if isinstance(items, list) else items.count()
    total_pages = math.ceil(total / per_page)
    offset = (page - 1) * per_page
    contents = [render(item) for item in items[offset : offset + per_page]] if offset < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- endpoints ----------------------------------------------------------------------------------------


@hsds_api.get("/", url_name="root")
def root(request):
    """Information about this API and its relation to HSDS."""
    return {
        "version": hsds.HSDS_VERSION,
        "profile": hsds.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


@hsds_api.get("/services", url_name="services")
def services(
    request,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str = "",
    taxonomy_term_id: str = "",
    taxonomy_id: str = "",
    organization_id: str = "",
    modified_after: str = "",
    minimal: bool = False,
    full: bool = False,
):
    """Public services, one page at a time; full=true nests everything, minimal=true gives id and date."""
    page, per_page = _paging(page, per_page)
    queryset = hsds.public_services()
    if search := _search(search):
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if taxonomy_term_id:
        queryset = queryset.filter(_term_filter(_uuid(taxonomy_term_id, "taxonomy_term_id")))
    if taxonomy_id:
        queryset = queryset.filter(_taxonomy_filter(_uuid(taxonomy_id, "taxonomy_id")))
    if organization_id:
        queryset = queryset.filter(_organisation_filter(_uuid(organization_id, "organization_id")))
    if modified_after:
        queryset = queryset.filter(updated_at__gte=_modified_after(modified_after))
    queryset = queryset.distinct()
    if minimal:
        return _page(
            queryset,
            page=page,
            per_page=per_page,
            render=lambda service: {"id": str(service.uuid), "last_modified": service.updated_at.isoformat()},
        )
    if full:
        return _page(hsds.with_full_service(queryset), page=page, per_page=per_page, render=hsds.service_full)
    return _page(queryset, page=page, per_page=per_page, render=hsds.service_list_item)


def _by_uuid(queryset, id):
    """The record with this HSDS id, or a 404 (also for an id that is not a uuid)."""
    try:
        wanted = uuid.UUID(id)
    except ValueError:
        raise _not_found() from None
    found = queryset.filter(uuid=wanted).first()
    if found is None:
        raise _not_found()
    return found


@hsds_api.get("/services/{id}", url_name="service")
def service(request, id: str):
    """One public service, fully nested."""
    return hsds.service_full(_by_uuid(hsds.with_full_service(hsds.public_services()), id))


@hsds_api.get("/service_at_locations", url_name="service_at_locations")
def service_at_locations(
    request,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str = "",
    taxonomy_term_id: str = "",
    taxonomy_id: str = "",
    organization_id: str = "",
    modified_after: str = "",
    full: bool = False,
    postcode: str = "",
    proximity: str = "",
):
    """Public help points, one page at a time; with postcode and proximity (metres) the nearest first."""
    page, per_page = _paging(page, per_page)
    queryset = hsds.public_help_points()
    if search := _search(search):
        queryset = queryset.filter(
            Q(service__name__icontains=search)
            | Q(service__description__icontains=search)
            | Q(location__name__icontains=search)
        )
    if taxonomy_term_id:
        term_id = _uuid(taxonomy_term_id, "taxonomy_term_id")
        queryset = queryset.filter(_term_filter(term_id, service="service__", help_point=""))
    if taxonomy_id:
        queryset = queryset.filter(_taxonomy_filter(_uuid(taxonomy_id, "taxonomy_id"), service="service__"))
    if organization_id:
        queryset = queryset.filter(_organisation_filter(_uuid(organization_id, "organization_id"), service="service__"))
    if modified_after:
        moment = _modified_after(modified_after)
        queryset = queryset.filter(Q(updated_at__gte=moment) | Q(service__updated_at__gte=moment))
    queryset = queryset.distinct()
    postcode = postcode.strip()[:10]
    if proximity:
        queryset = _nearest(queryset, postcode=postcode, proximity=proximity)
    elif postcode:
        queryset = queryset.filter(location__postal_code=postcode)
    if full:
        if not isinstance(queryset, list):
            queryset = hsds.with_full_help_point(queryset)
        return _page(queryset, page=page, per_page=per_page, render=hsds.service_at_location_full)
    return _page(queryset, page=page, per_page=per_page, render=hsds.service_at_location_list_item)


def _nearest(queryset, *, postcode, proximity):
    """Help points within `proximity` metres of the centre of the postcode, nearest first (a list)."""
    try:
        metres = float(proximity)
    except ValueError:
        raise _invalid(_("proximity is een afstand in meter, bijvoorbeeld 5000.")) from None
    if not math.isfinite(metres) or metres < 0:
        raise _invalid(_("proximity is een afstand in meter, bijvoorbeeld 5000."))
    if not postcode:
        raise _invalid(_("Geef bij proximity ook een postcode."))
    municipalities = Municipality.objects.filter(postal_codes__code=postcode).select_related("successor").distinct()
    centres = [centre for centre in (_centre(municipality.resolve()) for municipality in municipalities) if centre]
    if not centres:
        raise _invalid(_("Deze postcode kennen we niet: %(postcode)s.") % {"postcode": postcode})
    latitude = sum(lat for lat, _lon in centres) / len(centres)
    longitude = sum(lon for _lat, lon in centres) / len(centres)
    candidates = hsds.with_full_help_point(
        queryset.filter(location__latitude__isnull=False, location__longitude__isnull=False)
    )
    nearby = []
    for help_point in candidates:
        location = help_point.location
        distance = distance_km(latitude, longitude, float(location.latitude), float(location.longitude))
        if distance * 1000 <= metres:
            nearby.append((distance, help_point))
    nearby.sort(key=lambda item: item[0])
    return [help_point for _distance, help_point in nearby]


def _centre(municipality):
    """(latitude, longitude) of a municipality: its stored position, else the centre of its canton(s)."""
    if municipality.latitude is not None and municipality.longitude is not None:
        return float(municipality.latitude), float(municipality.longitude)
    return municipality_positions().get(municipality.nis_code)


@hsds_api.get("/service_at_locations/{id}", url_name="service_at_location")
def service_at_location(request, id: str):
    """One public help point, fully nested, with its service."""
    return hsds.service_at_location_full(_by_uuid(hsds.with_full_help_point(hsds.public_help_points()), id))


@hsds_api.get("/organizations", url_name="organizations")
def organizations(
    request,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str = "",
    full: bool = False,
    full_service: bool = False,
):
    """The organisations that run at least one public service."""
    page, per_page = _paging(page, per_page)
    queryset = hsds.public_organisations()
    if search := _search(search):
        queryset = queryset.filter(name__icontains=search)
    if full or full_service:
        return _page(
            hsds.with_full_organisation(queryset, full_service=full_service),
            page=page,
            per_page=per_page,
            render=lambda organisation: _organization_full(organisation, full_service=full_service),
        )
    return _page(queryset, page=page, per_page=per_page, render=hsds.organization_list_item)


@hsds_api.get("/organizations/{id}", url_name="organization")
def organization(request, id: str, full_service: bool = False):
    """One organisation with its public services (list items, or fully nested with full_service=true)."""
    found = hsds.organisation_by_hsds_id(id)
    if found is None:
        raise _not_found()
    found = hsds.with_full_organisation(hsds.public_organisations(), full_service=full_service).filter(pk=found.pk)
    found = found.first()
    if found is None:
        raise _not_found()
    return _organization_full(found, full_service=full_service)


def _organization_full(organisation, *, full_service):
    return hsds.organization_full(
        organisation,
        services=organisation.hsds_services,
        locations=organisation.hsds_locations,
        full_service=full_service,
    )


@hsds_api.get("/taxonomies", url_name="taxonomies")
def taxonomies(request, page: int = 1, per_page: int = DEFAULT_PER_PAGE, search: str = ""):
    """Our code lists of the directory (help topics, languages, what to bring) and our own taxonomy."""
    page, per_page = _paging(page, per_page)
    items = _all_taxonomies()
    if search := _search(search).lower():
        items = [item for item in items if search in item["name"].lower()]
    return _page(items, page=page, per_page=per_page, render=lambda item: item)


@hsds_api.get("/taxonomies/{id}", url_name="taxonomy")
def taxonomy(request, id: str):
    for item in _all_taxonomies():
        if item["id"] == id.lower():
            return item
    raise _not_found()


@hsds_api.get("/taxonomy_terms", url_name="taxonomy_terms")
def taxonomy_terms(
    request,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    search: str = "",
    taxonomy_id: str = "",
    top_only: bool = False,
    parent_id: str = "",
):
    """The terms of the published taxonomies. They are flat: no term has a parent or children."""
    page, per_page = _paging(page, per_page)
    items = _all_terms()
    if search := _search(search).lower():
        items = [item for item in items if search in item["name"].lower() or search in item.get("code", "")]
    if taxonomy_id:
        wanted = _uuid(taxonomy_id, "taxonomy_id")
        items = [item for item in items if item["taxonomy_id"] == wanted]
    if parent_id:
        items = []  # flat taxonomies: no term has a parent (top_only changes nothing for the same reason)
    return _page(items, page=page, per_page=per_page, render=lambda item: item)


@hsds_api.get("/taxonomy_terms/{id}", url_name="taxonomy_term")
def taxonomy_term(request, id: str):
    for item in _all_terms():
        if item["id"] == id.lower():
            return item
    raise _not_found()


def _all_taxonomies():
    return [hsds.taxonomy(code_list) for code_list in hsds.directory_code_lists()] + [hsds.own_taxonomy()]


def _all_terms():
    return [hsds.taxonomy_term(code) for code in hsds.directory_codes()] + [
        hsds.own_taxonomy_term(term) for term in hsds.OWN_TERMS
    ]
