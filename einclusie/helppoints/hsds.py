"""The help-point directory as Open Referral HSDS 3.0: pure functions from our models to HSDS dicts.

Mapping (docs/hsds.md explains every decision):

    Organisation  → organization        id = uuid5(NAMESPACE, "organisation/<pk>")
    Service       → service             id = Service.uuid
    Location      → location + address  id = Location.uuid
    HelpPoint     → service_at_location id = HelpPoint.uuid
    OpeningHours  → schedule (freq WEEKLY, one per set of days with the same hours)
    ScheduleException → schedule with valid_from/valid_to and the attribute "schedule-exception"
    CodeList/Code → taxonomy/taxonomy_term (help topics, languages, what to bring), ids = their uuid
    what HSDS has no field for (structured accessibility, walk-in, home visits, …)
                  → attributes on the small taxonomy OWN_TAXONOMY below

Every id of a record we do not store (schedule, address, attribute, …) is derived from stable values
with uuid5, so the same data always gives the same document. Only public data is serialised: callers
pass querysets built on `Service.objects.public()` / `HelpPoint.objects.public()`, and nothing here reads
people (members, users) or the organisation's own e-mail address.
"""

import functools
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS
from einclusie.core.models import Code, CodeList
from einclusie.helppoints.models import HSDS_DAYS, HelpPoint, Location, Service, Weekday
from einclusie.organisations.models import Organisation

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
# Namespace of every id derived here. Never change it: the ids published so far would all change.
NAMESPACE = uuid.UUID("e13ce6db-f72b-4294-958c-3fb87e1d7f86")
# The code lists published as HSDS taxonomies, in this order.
DIRECTORY_LISTS = [HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS]
COUNTRY = "BE"
CURRENCY = "EUR"
TRUE, FALSE = "true", "false"
CLOSED, OPEN = "closed", "open"


def derived_id(*parts):
    """A stable uuid for a record we do not store, from the values that identify it."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def organisation_id(organisation):
    """The HSDS id of an organisation: Organisation has no uuid, so it is derived from the primary key."""
    return derived_id("organisation", organisation.pk)


def organisation_by_hsds_id(value):
    """The organisation whose HSDS id is `value`, or None."""
    wanted = str(value).lower()
    for pk in Organisation.objects.values_list("pk", flat=True):
        if derived_id("organisation", pk) == wanted:
            return Organisation.objects.get(pk=pk)
    return None


# --- our own small taxonomy, for what HSDS has no field for -----------------------------------------


@dataclass(frozen=True)
class Term:
    code: str
    name: object  # a lazy translation: rendered in Dutch
    link_type: str

    @property
    def id(self):
        return derived_id("taxonomy-term", self.code)


OWN_TAXONOMY_ID = derived_id("taxonomy", "einclusie-kenmerken")
OWN_TAXONOMY_SLUG = "einclusie-kenmerken"
OWN_TAXONOMY_NAME = gettext_lazy("Kenmerken van digipunten (e-inclusie)")
OWN_TAXONOMY_DESCRIPTION = gettext_lazy(
    "Wat HSDS niet als veld kent: toegankelijkheid, binnenlopen of op afspraak, hulp aan huis en "
    "uitzonderingen op de openingsuren. De waarde van het kenmerk is true of false, tenzij anders vermeld."
)
OWN_TAXONOMY_VERSION = "1"

# Location fields with True/False/None, in the order they are published.
ACCESSIBILITY_TERMS = {
    "step_free": Term("step-free", gettext_lazy("Toegankelijk zonder trappen"), "accessibility"),
    "accessible_toilet": Term("accessible-toilet", gettext_lazy("Aangepast toilet"), "accessibility"),
    "hearing_loop": Term("hearing-loop", gettext_lazy("Ringleiding voor hoorapparaten"), "accessibility"),
    "quiet_room": Term("quiet-room", gettext_lazy("Rustige ruimte"), "accessibility"),
    "accessible_parking": Term(
        "accessible-parking", gettext_lazy("Parkeerplaats voor personen met een handicap"), "accessibility"
    ),
}
# HelpPoint booleans, published as attributes of the service_at_location.
HELP_POINT_TERMS = {
    "walk_in": Term("walk-in", gettext_lazy("Binnenlopen zonder afspraak"), "access"),
    "by_appointment": Term("by-appointment", gettext_lazy("Op afspraak"), "access"),
    "closed_on_public_holidays": Term(
        "closed-on-public-holidays", gettext_lazy("Gesloten op wettelijke feestdagen"), "schedule"
    ),
}
APPOINTMENT_DETAILS = Term("appointment-details", gettext_lazy("Hoe maakt u een afspraak (tekst)"), "access")
HOME_VISITS = Term("home-visits", gettext_lazy("Hulp aan huis mogelijk"), "service")
NOTICE_UNTIL = Term("notice-until", gettext_lazy("Mededeling (alert) geldt tot en met (datum)"), "service")
SCHEDULE_EXCEPTION = Term(
    "schedule-exception", gettext_lazy("Uitzondering op de openingsuren (closed of open)"), "schedule"
)
OWN_TERMS = [
    *ACCESSIBILITY_TERMS.values(),
    *HELP_POINT_TERMS.values(),
    APPOINTMENT_DETAILS,
    HOME_VISITS,
    NOTICE_UNTIL,
    SCHEDULE_EXCEPTION,
]
OWN_TERMS_BY_ID = {term.id: term for term in OWN_TERMS}


# --- small helpers ----------------------------------------------------------------------------------


def clean(record):
    """Leave out empty values: HSDS fields are strings or numbers, never null. Lists stay, even empty."""
    return {key: value for key, value in record.items() if value is not None and value != ""}


def hhmm(value):
    return value.strftime("%H:%M") if value is not None else None


def boolean(value):
    return TRUE if value else FALSE


def _long_date(value):
    return formats.date_format(value, "j F Y")


def dutch(function):
    """Serialise in Dutch whatever language the request asked for: the data set has one language."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override("nl"):
            return function(*args, **kwargs)

    return wrapper


# --- taxonomies ---------------------------------------------------------------------------------------


def taxonomy(code_list):
    return clean(
        {
            "id": str(code_list.uuid),
            "name": code_list.name_nl,
            "description": code_list.description or code_list.name_nl,
            "version": code_list.version,
        }
    )


@dutch
def own_taxonomy():
    return {
        "id": OWN_TAXONOMY_ID,
        "name": str(OWN_TAXONOMY_NAME),
        "description": str(OWN_TAXONOMY_DESCRIPTION),
        "version": OWN_TAXONOMY_VERSION,
    }


def taxonomy_term(code):
    """A Code as taxonomy_term; its code_list must be loaded (select_related) to avoid a query."""
    code_list = code.code_list
    return clean(
        {
            "id": str(code.uuid),
            "code": code.code,
            "name": code.label_nl,
            "description": code.description or code.label_nl,
            "taxonomy": code_list.slug,
            "taxonomy_id": str(code_list.uuid),
            "taxonomy_detail": taxonomy(code_list),
            "language": "nl",
        }
    )


@dutch
def own_taxonomy_term(term):
    return {
        "id": term.id,
        "code": term.code,
        "name": str(term.name),
        "description": str(term.name),
        "taxonomy": OWN_TAXONOMY_SLUG,
        "taxonomy_id": OWN_TAXONOMY_ID,
        "taxonomy_detail": own_taxonomy(),
        "language": "nl",
    }


def attribute(*, link_id, link_entity, term, link_type, value=None):
    """An attribute linking one record to a taxonomy_term (a dict as made by the two functions above)."""
    return clean(
        {
            "id": derived_id("attribute", link_id, term["id"]),
            "link_id": str(link_id),
            "taxonomy_term_id": term["id"],
            "link_type": link_type,
            "link_entity": link_entity,
            "value": value,
            "taxonomy_term": term,
        }
    )


def own_attribute(*, link_id, link_entity, term, value):
    return attribute(
        link_id=link_id, link_entity=link_entity, term=own_taxonomy_term(term), link_type=term.link_type, value=value
    )


def directory_code_lists():
    """The code lists published as taxonomies, in DIRECTORY_LISTS order."""
    lists = {code_list.slug: code_list for code_list in CodeList.objects.filter(slug__in=DIRECTORY_LISTS)}
    return [lists[slug] for slug in DIRECTORY_LISTS if slug in lists]


def directory_codes():
    """The active codes of the published lists, list by list, in list order."""
    order = {slug: index for index, slug in enumerate(DIRECTORY_LISTS)}
    codes = Code.objects.active().filter(code_list__slug__in=DIRECTORY_LISTS).select_related("code_list")
    return sorted(codes, key=lambda code: (order[code.code_list.slug], code.position, code.code))


# --- organisations ------------------------------------------------------------------------------------


def _organisation_description(organisation):
    kind = capfirst(str(organisation.get_kind_display()))
    if organisation.municipality_id:
        return f"{kind}, {organisation.municipality.name_nl}"
    return kind


@dutch
def organization_list_item(organisation):
    """The organisation's public facts only: no people, no e-mail address (it may be a person's)."""
    return clean(
        {
            "id": organisation_id(organisation),
            "name": organisation.name,
            "description": _organisation_description(organisation),
            "website": organisation.website,
        }
    )


@dutch
def organization_full(organisation, *, services, locations, full_service=False):
    record = organization_list_item(organisation)
    identifiers = []
    if organisation.kbo_number:
        identifiers.append(
            {
                "id": derived_id("organisation", organisation.pk, "kbo"),
                "organization_id": record["id"],
                "identifier_scheme": "BE-BCE_KBO",
                "identifier_type": _("Ondernemingsnummer"),
                "identifier": "".join(ch for ch in organisation.kbo_number if ch.isdigit()),
            }
        )
    record["organization_identifiers"] = identifiers
    record["locations"] = [location_full(location) for location in locations]
    serialise = service_full if full_service else service_list_item
    record["services"] = [serialise(service) for service in services]
    return record


# --- services -----------------------------------------------------------------------------------------


@dutch
def service_list_item(service):
    """The one-to-one fields of a service (HSDS service_list); the organisation must be select_related."""
    return clean(
        {
            "id": str(service.uuid),
            "organization_id": organisation_id(service.organisation),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees_description": service.fees_description,
            "alert": service.current_notice(),
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
            "organization": organization_list_item(service.organisation),
        }
    )


@dutch
def service_full(service):
    """A fully nested service (GET /services/{id}); use `services_full_queryset` to load it."""
    record = service_list_item(service)
    service_id = record["id"]
    record["phones"] = phones(service)
    record["schedules"] = []
    record["service_at_locations"] = [
        service_at_location_full(help_point, service=service) for help_point in service.help_points.all()
    ]
    record["languages"] = languages(service)
    record["cost_options"] = cost_options(service)
    record["required_documents"] = required_documents(service)
    attributes = [
        attribute(link_id=service_id, link_entity="service", term=taxonomy_term(code), link_type="topic")
        for code in service.topics.all()
    ]
    attributes.append(
        own_attribute(link_id=service_id, link_entity="service", term=HOME_VISITS, value=boolean(service.home_visits))
    )
    if record.get("alert") and service.notice_until:
        attributes.append(
            own_attribute(
                link_id=service_id, link_entity="service", term=NOTICE_UNTIL, value=service.notice_until.isoformat()
            )
        )
    record["attributes"] = attributes
    return record


def phones(service):
    if not service.phone:
        return []
    return [
        {
            "id": derived_id("phone", service.uuid),
            "service_id": str(service.uuid),
            "number": service.phone,
            "type": "voice",
        }
    ]


def languages(service):
    """Languages the staff speak (HSDS: no interpretation), named in Dutch with their code."""
    return [
        {
            "id": derived_id("language", service.uuid, code.code),
            "service_id": str(service.uuid),
            "name": code.label_nl,
            "code": code.code,
        }
        for code in service.languages.all()
    ]


def required_documents(service):
    records = []
    for code in service.required_documents.all():
        record_id = derived_id("required-document", service.uuid, code.code)
        records.append(
            {
                "id": record_id,
                "service_id": str(service.uuid),
                "document": code.label_nl,
                "attributes": [
                    attribute(
                        link_id=record_id,
                        link_entity="required_document",
                        term=taxonomy_term(code),
                        link_type="required_document",
                    )
                ],
            }
        )
    return records


def cost_options(service):
    """Free is a cost option of 0 euro; otherwise one option "niet gratis" (the text is in fees_description)."""
    record = {"id": derived_id("cost-option", service.uuid), "service_id": str(service.uuid), "currency": CURRENCY}
    if service.is_free:
        record.update(option=_("Gratis"), amount=0)
    else:
        record.update(option=_("Niet gratis"))
    return [record]


# --- help points (service_at_location) ----------------------------------------------------------------


@dutch
def service_at_location_list_item(help_point):
    """The one-to-one fields (HSDS service_at_location_list): service and location select_related."""
    record = _help_point_base(help_point)
    record["location"] = location_list_item(help_point.location)
    record["service"] = service_list_item(help_point.service)
    return record


@dutch
def service_at_location_full(help_point, *, service=None):
    """A fully nested service_at_location; inside a service (service given) without the service again."""
    record = _help_point_base(help_point)
    record_id = record["id"]
    record["schedules"] = schedules(help_point)
    record["location"] = location_full(help_point.location)
    attributes = [
        own_attribute(
            link_id=record_id,
            link_entity="service_at_location",
            term=term,
            value=boolean(getattr(help_point, field)),
        )
        for field, term in HELP_POINT_TERMS.items()
    ]
    if help_point.appointment_details:
        attributes.append(
            own_attribute(
                link_id=record_id,
                link_entity="service_at_location",
                term=APPOINTMENT_DETAILS,
                value=help_point.appointment_details,
            )
        )
    record["attributes"] = attributes
    if service is None:
        record["service"] = service_list_item(help_point.service)
    return record


def _help_point_base(help_point):
    return clean(
        {
            "id": str(help_point.uuid),
            "service_id": str(help_point.service.uuid),
            "location_id": str(help_point.location.uuid),
            # Also published as the attribute "appointment-details", which the importer reads.
            "description": help_point.appointment_details,
        }
    )


# --- locations ----------------------------------------------------------------------------------------


def location_list_item(location):
    return clean(
        {
            "id": str(location.uuid),
            "location_type": "physical",
            "organization_id": derived_id("organisation", location.organisation_id),
            "name": location.name,
            "transportation": location.transportation,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
    )


@dutch
def location_full(location):
    """A location with its address and accessibility; municipality and province must be select_related."""
    record = location_list_item(location)
    record["addresses"] = [address(location)]
    record["accessibility"] = accessibility(location)
    return record


def address(location):
    municipality = location.municipality
    province = municipality.province.name_nl
    return clean(
        {
            "id": derived_id("address", location.uuid),
            "location_id": str(location.uuid),
            "address_1": location.street,
            "city": location.city,
            "region": municipality.name_nl,
            "state_province": province.removeprefix("Provincie ").strip() or province,
            "postal_code": location.postal_code,
            "country": COUNTRY,
            "address_type": "physical",
        }
    )


def accessibility(location):
    """One record per known feature ("ja"/"nee" in details, true/false in an attribute), then the notes."""
    records = []
    for field, term in ACCESSIBILITY_TERMS.items():
        value = getattr(location, field)
        if value is None:
            continue
        record_id = derived_id("accessibility", location.uuid, term.code)
        records.append(
            {
                "id": record_id,
                "location_id": str(location.uuid),
                "description": str(term.name),
                "details": _("ja") if value else _("nee"),
                "attributes": [
                    own_attribute(link_id=record_id, link_entity="accessibility", term=term, value=boolean(value))
                ],
            }
        )
    if location.accessibility_notes:
        records.append(
            {
                "id": derived_id("accessibility", location.uuid, "notes"),
                "location_id": str(location.uuid),
                "description": location.accessibility_notes,
            }
        )
    return records


# --- schedules ----------------------------------------------------------------------------------------


def schedules(help_point):
    """The weekly hours (one schedule per set of days with the same hours), then the exceptions."""
    return weekly_schedules(help_point) + [
        exception_schedule(help_point, exception)
        for exception in sorted(
            help_point.exceptions.all(),
            key=lambda item: (item.starts_on, item.ends_on, item.opens_at is not None, item.opens_at),
        )
    ]


def weekly_schedules(help_point):
    groups = {}
    for hours in help_point.opening_hours.all():
        groups.setdefault((hhmm(hours.opens_at), hhmm(hours.closes_at)), set()).add(hours.weekday)
    ordered = sorted(groups.items(), key=lambda item: (min(item[1]), item[0]))
    records = []
    for (opens, closes), days in ordered:
        byday = ",".join(HSDS_DAYS[day] for day in sorted(days))
        records.append(
            {
                "id": derived_id("schedule", help_point.uuid, byday, opens, closes),
                "service_at_location_id": str(help_point.uuid),
                "freq": "WEEKLY",
                "interval": 1,
                "wkst": "MO",
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
                "description": _weekly_description(sorted(days), opens, closes),
            }
        )
    return records


def _weekly_description(days, opens, closes):
    names = ", ".join(str(Weekday(day).label) for day in days)
    if closes <= opens:
        text = _("%(days)s van %(opens)s tot %(closes)s de volgende dag (Belgische tijd)")
    else:
        text = _("%(days)s van %(opens)s tot %(closes)s (Belgische tijd)")
    return capfirst(text % {"days": names, "opens": opens, "closes": closes})


def exception_schedule(help_point, exception):
    """A closure or other hours for a run of days: a schedule valid only then, marked by our attribute."""
    opens, closes = hhmm(exception.opens_at), hhmm(exception.closes_at)
    record_id = derived_id(
        "schedule-exception", help_point.uuid, exception.starts_on, exception.ends_on, exception.closed, opens, closes
    )
    start, end = _long_date(exception.starts_on), _long_date(exception.ends_on)
    record = {
        "id": record_id,
        "service_at_location_id": str(help_point.uuid),
        "valid_from": exception.starts_on.isoformat(),
        "valid_to": exception.ends_on.isoformat(),
        "dtstart": exception.starts_on.isoformat(),
    }
    if exception.closed:
        record["description"] = _("Gesloten van %(start)s tot en met %(end)s.") % {"start": start, "end": end}
    elif opens and closes:
        # Every day of the period, these hours: a weekly rule on all seven days until the last day.
        record.update(
            freq="WEEKLY",
            interval=1,
            wkst="MO",
            byday=",".join(HSDS_DAYS),
            until=exception.ends_on.isoformat(),
            opens_at=opens,
            closes_at=closes,
        )
        record["description"] = _("Van %(start)s tot en met %(end)s open van %(opens)s tot %(closes)s.") % {
            "start": start,
            "end": end,
            "opens": opens,
            "closes": closes,
        }
    else:
        record["description"] = _("Open van %(start)s tot en met %(end)s.") % {"start": start, "end": end}
    if exception.reason:
        record["notes"] = exception.reason
    record["attributes"] = [
        own_attribute(
            link_id=record_id,
            link_entity="schedule",
            term=SCHEDULE_EXCEPTION,
            value=CLOSED if exception.closed else OPEN,
        )
    ]
    return record


# --- what to load -------------------------------------------------------------------------------------


def _codes():
    return Code.objects.select_related("code_list").order_by("position", "code")


def _help_points_for_service():
    return (
        HelpPoint.objects.select_related("location__municipality__province")
        .prefetch_related("opening_hours", "exceptions")
        .order_by("location__name", "uuid")
    )


def public_services():
    """Public services in a stable order, with what a list item needs."""
    return Service.objects.public().select_related("organisation__municipality").order_by("name", "uuid")


def with_full_service(queryset):
    """Everything `service_full` reads, in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("topics", queryset=_codes()),
        Prefetch("languages", queryset=_codes()),
        Prefetch("required_documents", queryset=_codes()),
        Prefetch("help_points", queryset=_help_points_for_service()),
    )


def public_help_points():
    """Public help points in a stable order, with what a list item needs."""
    return (
        HelpPoint.objects.public()
        .select_related("service__organisation__municipality", "location__municipality__province")
        .order_by("service__name", "location__name", "uuid")
    )


def with_full_help_point(queryset):
    return queryset.prefetch_related("opening_hours", "exceptions")


def public_organisations():
    """Active organisations with at least one public service: the providers of the directory."""
    return (
        Organisation.objects.active()
        .filter(pk__in=Service.objects.public().values("organisation"))
        .select_related("municipality")
        .order_by("name")
    )


def with_full_organisation(queryset, *, full_service=False):
    services = public_services()
    if full_service:
        services = with_full_service(services)
    locations = (
        Location.objects.filter(help_points__in=HelpPoint.objects.public())
        .select_related("municipality__province")
        .distinct()
        .order_by("name", "uuid")
    )
    return queryset.prefetch_related(
        Prefetch("services", queryset=services, to_attr="hsds_services"),
        Prefetch("locations", queryset=locations, to_attr="hsds_locations"),
    )
