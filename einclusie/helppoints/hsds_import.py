"""HSDS 3.0 in and out: import a data set into one local government's directory, export the public directory.

hsds_import(*, organisation, data, dry_run=False, by=None) -> ImportReport
    `data` is parsed JSON (a list of fully nested services, {"services": [...]} or an API page
    {"contents": [...]}) or a path to a .json file, to a directory or to a .zip with the tabular package
    (services.csv, locations.csv, service_at_location.csv, schedules.csv, …: the file names and columns
    come from the table schemas in hsds_schema/). Records are matched by their uuid: this organisation's
    records are updated, new ones created, a uuid of another organisation's record is refused. Each
    service is read and checked completely first, then written with its locations, help points and
    schedules in one savepoint: all or nothing per service. Nothing is ever deleted.
hsds_export(*, organisation=None) -> {"services": [fully nested services]}
hsds_export_tabular(*, organisation=None, directory) -> the CSV files written

docs/hsds.md explains the mapping; hsds.py holds the serialisation both sides share.
"""

import csv
import datetime
import decimal
import io
import json
import math
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS
from einclusie.core.models import Code, record_event
from einclusie.helppoints import hsds
from einclusie.helppoints.models import (
    HSDS_DAYS,
    HelpPoint,
    Location,
    OpeningHours,
    ScheduleException,
    Service,
    Status,
)
from einclusie.helppoints.services import directory_changed
from einclusie.territory.models import Municipality

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"
MAX_ZIP_BYTES = 50 * 1024 * 1024
STATUSES = {
    "active": Status.ACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "inactive": Status.INACTIVE,
    "defunct": Status.INACTIVE,  # HSDS knows "defunct"; for us that is "inactive"
}
COUNTRIES = {"be", "bel", "belgium", "belgië", "belgie", "belgique", "belgien"}
TRUE_VALUES, FALSE_VALUES = {"true", "ja", "yes", "1"}, {"false", "nee", "no", "0"}
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
OUTCOMES = [CREATED, UPDATED, UNCHANGED]  # when a record is written twice, the first of these counts


class HsdsImportError(ValueError):
    """The input as a whole cannot be read (not a data set we know); the message is in Dutch."""


@dataclass
class Problem:
    record_id: str  # the HSDS id of the record with the problem ("" when it has none)
    field: str  # the HSDS field
    reason: str  # in Dutch


@dataclass
class Line:
    kind: str  # "service", "location" or "service_at_location"
    id: str
    name: str


@dataclass
class Rejection:
    """A service that was not imported, with every problem found in it or in its locations and schedules."""

    service_id: str
    name: str
    problems: list


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)

    def add(self, outcome, line):
        """Count a record once: a location shared by two services is created once, then left alone."""
        for earlier in (CREATED, UPDATED, UNCHANGED):
            lines = getattr(self, earlier)
            if any((other.kind, other.id) == (line.kind, line.id) for other in lines):
                if OUTCOMES.index(outcome) < OUTCOMES.index(earlier):
                    lines[:] = [other for other in lines if (other.kind, other.id) != (line.kind, line.id)]
                    getattr(self, outcome).append(line)
                return
        getattr(self, outcome).append(line)

    @property
    def counts(self):
        return {
            CREATED: len(self.created),
            UPDATED: len(self.updated),
            UNCHANGED: len(self.unchanged),
            "rejected": len(self.rejected),
        }


class Rejected(Exception):
    """Raised inside the import to roll back one service; carries its problems."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


# --- the plan of one service, once read and checked ---------------------------------------------------


@dataclass
class LocationPlan:
    uuid: str
    values: dict | None  # None: an existing location referred to by location_id, left as it is
    name: str = ""


@dataclass
class HelpPointPlan:
    uuid: str
    location_uuid: str
    values: dict
    hours: list | None  # [(weekday, opens, closes)]; None: keep the current hours
    exceptions: list | None  # [dict of ScheduleException fields]; None: keep


@dataclass
class ServicePlan:
    uuid: str
    values: dict
    codes: dict  # {"topics": [Code], …}; a relation left out is kept as it is
    locations: dict = field(default_factory=dict)
    help_points: list = field(default_factory=list)


def _normalise(text):
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


class _Lookups:
    """What every service of one import looks up: codes and postal codes, loaded once."""

    def __init__(self):
        codes = list(Code.objects.filter(code_list__slug__in=hsds.DIRECTORY_LISTS).select_related("code_list"))
        self.codes_by_id = {str(code.uuid): code for code in codes}
        self.languages = {}
        self.documents = {}
        for code in codes:
            if code.code_list.slug == LANGUAGES:
                for key in (code.code, code.label_nl, code.label_fr, code.label_en):
                    if key:
                        self.languages.setdefault(_normalise(key), code)
            elif code.code_list.slug == REQUIRED_DOCUMENTS:
                for key in (code.code, code.label_nl, code.label_fr, code.label_en):
                    if key:
                        self.documents.setdefault(_normalise(key), code)
        self._postal_codes = {}

    def municipalities(self, postal_code):
        if postal_code not in self._postal_codes:
            found = Municipality.objects.filter(postal_codes__code=postal_code).select_related("successor").distinct()
            current = {municipality.resolve() for municipality in found}
            self._postal_codes[postal_code] = sorted(current, key=lambda municipality: municipality.nis_code)
        return self._postal_codes[postal_code]


class _Reader:
    """Reads one HSDS service into a ServicePlan, collecting every problem instead of stopping at the first."""

    def __init__(self, *, organisation, lookups):
        self.organisation = organisation
        self.lookups = lookups
        self.problems = []

    def problem(self, record_id, field_name, reason):
        problem = Problem(record_id=str(record_id or ""), field=field_name, reason=reason)
        if problem not in self.problems:  # a record nested twice (a language of service and location) once
            self.problems.append(problem)

    # values

    def id_of(self, raw):
        value = raw.get("id")
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            self.problem(value if isinstance(value, str) else "", "id", _("Geen geldige id: HSDS vraagt een uuid."))
            return None

    def text(self, raw, key, record_id, *, required=False, max_length=None):
        value = raw.get(key)
        if value is None or value == "":
            if required:
                self.problem(record_id, key, _("Dit veld is verplicht."))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(record_id, key, _("Dit veld moet tekst zijn."))
            return ""
        value = str(value).strip()
        if max_length and len(value) > max_length:
            self.problem(
                record_id,
                key,
                _("Te lang: ten hoogste %(maximum)d tekens, hier %(length)d.")
                % {"maximum": max_length, "length": len(value)},
            )
        return value

    def records(self, raw, key, record_id):
        """The list under `key`, or None when the key is left out (then the current data is kept)."""
        if key not in raw or raw[key] is None:
            return None
        value = raw[key]
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(record_id, key, _("Dit veld moet een lijst van objecten zijn."))
            return []
        return value

    def boolean(self, value, record_id, key):
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        self.problem(record_id, key, _("Verwacht true of false, niet “%(value)s”.") % {"value": value})
        return None

    def date(self, value, record_id, key):
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(record_id, key, _("Geen geldige datum (JJJJ-MM-DD): “%(value)s”.") % {"value": value})
            return None

    def time(self, raw, key, record_id):
        value = raw.get(key)
        if value is None or value == "":
            self.problem(record_id, key, _("Dit veld is verplicht."))
            return None
        match = TIME.match(str(value).strip())
        if match:
            hour, minute, second = (int(part or 0) for part in match.groups())
            if (hour, minute, second) == (24, 0, 0):
                return datetime.time(0, 0)  # "24:00": midnight at the end of the day
            if hour < 24 and minute < 60 and second < 60:
                return datetime.time(hour, minute, second)
        self.problem(record_id, key, _("Geen geldig uur (UU:MM): “%(value)s”.") % {"value": value})
        return None

    def coordinate(self, raw, key, record_id, limit):
        value = raw.get(key)
        if value is None or value == "":
            return None
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > limit:
            self.problem(record_id, key, _("Geen geldige coördinaat: “%(value)s”.") % {"value": value})
            return None
        return number.quantize(decimal.Decimal("0.000001"))

    def term_of(self, attribute):
        """The taxonomy term id of an attribute, or None after reporting the problem."""
        term = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
        value = attribute.get("taxonomy_term_id") or term.get("id")
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            record_id = attribute.get("id") or attribute.get("link_id")
            self.problem(record_id, "taxonomy_term_id", _("Dit kenmerk verwijst niet naar een term (uuid)."))
            return None

    def own_attributes(self, raw, record_id, allowed, *, codes=None):
        """{Term: value} of our own taxonomy; codes of the published lists go into `codes` when given."""
        found = {}
        for attribute in self.records(raw, "attributes", record_id) or []:
            attribute_id = attribute.get("id") or record_id
            term_id = self.term_of(attribute)
            if term_id is None:
                continue
            term = hsds.OWN_TERMS_BY_ID.get(term_id)
            code = self.lookups.codes_by_id.get(term_id)
            if term is not None and term in allowed:
                found[term] = attribute.get("value", "")
            elif code is not None and codes is not None:
                if not code.is_active:
                    self.problem(attribute_id, "taxonomy_term_id", _("Deze term wordt niet meer gebruikt."))
                else:
                    codes.setdefault(code.code_list.slug, []).append(code)
            elif term is not None or code is not None:
                self.problem(attribute_id, "taxonomy_term_id", _("Deze term hoort niet bij dit soort gegeven."))
            else:
                self.problem(
                    attribute_id,
                    "taxonomy_term_id",
                    _("Onbekende term %(id)s: gebruik de termen van /api/hsds/taxonomy_terms.") % {"id": term_id},
                )
        return found

    # records

    def service(self, raw):
        if not isinstance(raw, dict):
            self.problem("", "", _("Een hulpaanbod moet een JSON-object zijn."))
            return None
        service_id = self.id_of(raw)
        values = {
            "name": self.text(raw, "name", service_id, required=True, max_length=200),
            "description": self.text(raw, "description", service_id, required=True, max_length=1000),
            "notice": self.text(raw, "alert", service_id, max_length=300),
            "fees_description": self.text(raw, "fees_description", service_id, max_length=200),
            "url": self.text(raw, "url", service_id, max_length=200),
            "email": self.text(raw, "email", service_id, max_length=254),
        }
        status = self.text(raw, "status", service_id, required=True)
        if status and status not in STATUSES:
            self.problem(service_id, "status", _("Onbekende status “%(value)s”.") % {"value": status})
        values["status"] = STATUSES.get(status, Status.ACTIVE)
        self._check(URLValidator(schemes=["http", "https"]), values["url"], service_id, "url")
        self._check(EmailValidator(), values["email"], service_id, "email")
        phones = self.records(raw, "phones", service_id)
        if phones is not None:
            values["phone"] = self.text(phones[0], "number", phones[0].get("id"), max_length=30) if phones else ""
        costs = self.records(raw, "cost_options", service_id)
        if costs:
            values["is_free"] = any(self._is_zero(cost.get("amount")) for cost in costs)
        elif costs is not None or "fees_description" in raw:
            values["is_free"] = not values["fees_description"]
        codes = {}
        if "attributes" in raw:
            codes[HELP_TOPICS] = []
            own = self.own_attributes(raw, service_id, {hsds.HOME_VISITS, hsds.NOTICE_UNTIL}, codes=codes)
            home_visits = own.get(hsds.HOME_VISITS)
            values["home_visits"] = bool(home_visits and self.boolean(home_visits, service_id, "attributes"))
            until = own.get(hsds.NOTICE_UNTIL)
            values["notice_until"] = self.date(until, service_id, "attributes") if until else None
        languages = self.records(raw, "languages", service_id)
        if languages is not None:
            codes.setdefault(LANGUAGES, []).extend(self.languages(languages))
        documents = self.records(raw, "required_documents", service_id)
        if documents is not None:
            codes.setdefault(REQUIRED_DOCUMENTS, []).extend(self.documents(documents))
        plan = ServicePlan(uuid=service_id, values=values, codes=codes)
        if service_id:
            existing = Service.objects.filter(uuid=service_id).first()
            if existing is not None and existing.organisation_id != self.organisation.pk:
                self.problem(service_id, "id", _("Dit hulpaanbod hoort bij een andere organisatie."))
        fallback = self._schedules_given(raw, service_id)
        seen_locations = set()
        for help_point in self.records(raw, "service_at_locations", service_id) or []:
            self.help_point(help_point, plan, fallback, seen_locations)
        return plan

    def _check(self, validator, value, record_id, key):
        if value:
            try:
                validator(value)
            except ValidationError:
                self.problem(record_id, key, _("Geen geldige waarde: “%(value)s”.") % {"value": value})

    @staticmethod
    def _is_zero(amount):
        try:
            return float(amount) == 0
        except (TypeError, ValueError):
            return False

    def languages(self, records):
        found = []
        for record in records:
            code = self.lookups.languages.get(_normalise(record.get("code"))) or self.lookups.languages.get(
                _normalise(record.get("name"))
            )
            if code is None or not code.is_active:
                self.problem(
                    record.get("id"),
                    "code",
                    _("Onbekende taal “%(value)s”: gebruik een code uit de lijst van talen.")
                    % {"value": record.get("code") or record.get("name") or ""},
                )
            else:
                found.append(code)
        return found

    def documents(self, records):
        found = []
        for record in records:
            linked = {}
            self.own_attributes(record, record.get("id"), set(), codes=linked)
            codes = linked.pop(REQUIRED_DOCUMENTS, [])
            if linked:
                self.problem(record.get("id"), "attributes", _("Deze term hoort niet bij wat u moet meebrengen."))
            if not codes:
                code = self.lookups.documents.get(_normalise(record.get("document")))
                if code is None or not code.is_active:
                    self.problem(
                        record.get("id"),
                        "document",
                        _("Onbekend document “%(value)s”: kies uit de lijst van wat mensen meebrengen.")
                        % {"value": record.get("document") or ""},
                    )
                    continue
                codes = [code]
            found.extend(codes)
        return found

    def _schedules_given(self, raw, record_id):
        records = self.records(raw, "schedules", record_id)
        return records or []

    def help_point(self, raw, plan, fallback, seen_locations):
        help_point_id = self.id_of(raw)
        if help_point_id:
            existing = HelpPoint.objects.filter(uuid=help_point_id).select_related("service").first()
            if existing is not None and existing.service.organisation_id != self.organisation.pk:
                self.problem(help_point_id, "id", _("Dit digipunt hoort bij een andere organisatie."))
        location_uuid, location_schedules = self.location_of(raw, help_point_id, plan)
        if location_uuid in seen_locations:
            self.problem(help_point_id, "location_id", _("Dit hulpaanbod staat twee keer op dezelfde locatie."))
        seen_locations.add(location_uuid)
        values = {}
        if "attributes" in raw:
            allowed = {*hsds.HELP_POINT_TERMS.values(), hsds.APPOINTMENT_DETAILS}
            own = self.own_attributes(raw, help_point_id, allowed)
            for field_name, term in hsds.HELP_POINT_TERMS.items():
                default = HelpPoint._meta.get_field(field_name).default
                value = self.boolean(own[term], help_point_id, "attributes") if term in own else default
                values[field_name] = default if value is None else value
            details = {"attributes": own.get(hsds.APPOINTMENT_DETAILS, "")}
            values["appointment_details"] = self.text(details, "attributes", help_point_id, max_length=300)
        schedules = self.records(raw, "schedules", help_point_id)
        if not schedules and (location_schedules or fallback):
            schedules = location_schedules or fallback
        hours, exceptions = (None, None) if schedules is None else self.schedules(schedules)
        plan.help_points.append(
            HelpPointPlan(
                uuid=help_point_id,
                location_uuid=location_uuid,
                values=values,
                hours=hours,
                exceptions=exceptions,
            )
        )

    def location_of(self, raw, help_point_id, plan):
        """The uuid of the help point's location (read into the plan when nested) and its own schedules."""
        nested = raw.get("location")
        if isinstance(nested, dict):
            return self.location(nested, plan)
        location_id = raw.get("location_id")
        try:
            location_id = str(uuid.UUID(str(location_id)))
        except ValueError:
            self.problem(help_point_id, "location", _("De locatie ontbreekt."))
            return None, []
        existing = Location.objects.filter(uuid=location_id).first()
        if existing is None or existing.organisation_id != self.organisation.pk:
            self.problem(help_point_id, "location_id", _("Deze locatie kennen we niet bij uw organisatie."))
        plan.locations.setdefault(location_id, LocationPlan(uuid=location_id, values=None))
        return location_id, []

    def location(self, raw, plan):
        location_id = self.id_of(raw)
        if location_id:
            existing = Location.objects.filter(uuid=location_id).first()
            if existing is not None and existing.organisation_id != self.organisation.pk:
                self.problem(location_id, "id", _("Deze locatie hoort bij een andere organisatie."))
        location_type = raw.get("location_type", "physical")
        if location_type not in ("physical", "postal", "virtual"):
            self.problem(
                location_id, "location_type", _("Onbekend soort locatie “%(value)s”.") % {"value": location_type}
            )
        elif location_type != "physical":
            self.problem(location_id, "location_type", _("Alleen een plaats die mensen bezoeken (physical) kan."))
        values = {
            "organisation_id": self.organisation.pk,
            "name": self.text(raw, "name", location_id, required=True, max_length=200),
            "transportation": self.text(raw, "transportation", location_id, max_length=500),
            "latitude": self.coordinate(raw, "latitude", location_id, 90),
            "longitude": self.coordinate(raw, "longitude", location_id, 180),
        }
        if (raw.get("latitude") in (None, "")) != (raw.get("longitude") in (None, "")):
            self.problem(
                location_id, "latitude", _("Geef zowel de breedtegraad als de lengtegraad, of geen van beide.")
            )
        values.update(self.address(raw, location_id))
        values.update(self.accessibility(raw, location_id))
        languages = self.records(raw, "languages", location_id)
        if languages:
            plan.codes.setdefault(LANGUAGES, []).extend(self.languages(languages))
        plan.locations[location_id] = LocationPlan(uuid=location_id, values=values, name=values["name"])
        return location_id, self._schedules_given(raw, location_id)

    def address(self, raw, location_id):
        addresses = self.records(raw, "addresses", location_id) or []
        for address in addresses:
            if address.get("address_type") not in ("physical", "postal", "virtual"):
                self.problem(address.get("id"), "address_type", _("Kies physical, postal of virtual."))
        physical = [address for address in addresses if address.get("address_type") == "physical"]
        if not physical:
            self.problem(location_id, "addresses", _("Er is geen bezoekadres (address_type physical)."))
            return {}
        address = physical[0]
        address_id = address.get("id") or location_id
        street = self.text(address, "address_1", address_id, required=True, max_length=200)
        extra = self.text(address, "address_2", address_id)
        street = f"{street}, {extra}" if extra else street
        if len(street) > 200:
            self.problem(address_id, "address_2", _("Straat en nummer zijn samen te lang (ten hoogste 200 tekens)."))
        country = self.text(address, "country", address_id)
        if country and _normalise(country) not in COUNTRIES:
            self.problem(address_id, "country", _("Alleen adressen in België (BE) kunnen."))
        postal_code = self.text(address, "postal_code", address_id, required=True)
        municipality = None
        if postal_code:
            candidates = self.lookups.municipalities(postal_code) if re.fullmatch(r"\d{4}", postal_code) else []
            hints = {_normalise(address.get("region")), _normalise(address.get("city"))}
            if len(candidates) > 1:
                matching = [m for m in candidates if {_normalise(m.name_nl), _normalise(m.name_fr)} & hints]
                candidates = matching or candidates
            if not candidates:
                self.problem(address_id, "postal_code", _("Onbekende postcode “%(value)s”.") % {"value": postal_code})
            elif len(candidates) > 1:
                self.problem(
                    address_id,
                    "region",
                    _("Postcode %(code)s hoort bij meer dan één gemeente: geef de gemeente in region.")
                    % {"code": postal_code},
                )
            else:
                municipality = candidates[0]
        city = self.text(address, "city", address_id, max_length=100)
        if not city and municipality is not None:
            city = municipality.name_nl
        return {
            "street": street,
            "postal_code": postal_code,
            "city": city,
            "municipality_id": municipality.pk if municipality else None,
        }

    def accessibility(self, raw, location_id):
        records = self.records(raw, "accessibility", location_id)
        values = {}
        own = (
            self.own_attributes(raw, location_id, set(hsds.ACCESSIBILITY_TERMS.values())) if "attributes" in raw else {}
        )
        if records is None and not own:
            return values
        notes = []
        for record in records or []:
            found = self.own_attributes(record, record.get("id"), set(hsds.ACCESSIBILITY_TERMS.values()))
            if found:
                own.update(found)
                continue
            text = " ".join(part for part in (record.get("description"), record.get("details")) if part)
            if text.strip():
                notes.append(text.strip())
        for field_name, term in hsds.ACCESSIBILITY_TERMS.items():
            values[field_name] = self.boolean(own[term], location_id, "accessibility") if term in own else None
        if records is not None:
            notes = {"accessibility": "\n".join(notes)}
            values["accessibility_notes"] = self.text(notes, "accessibility", location_id, max_length=500)
        return values

    def schedules(self, records):
        """Weekly hours and exceptions from HSDS schedules; see docs/hsds.md for what is recognised."""
        hours, exceptions = set(), []
        for record in records:
            record_id = record.get("id")
            own = self.own_attributes(record, record_id, {hsds.SCHEDULE_EXCEPTION})
            kind = own.get(hsds.SCHEDULE_EXCEPTION)
            freq = str(record.get("freq") or "").upper()
            if kind is not None or (not freq and record.get("valid_from") and not record.get("opens_at")):
                # Ours carry the attribute; a foreign schedule with only dates and no hours is a closure.
                exception = self.exception(record, record_id, hsds.CLOSED if kind is None else kind)
                if exception:
                    exceptions.append(exception)
            elif freq == "WEEKLY":
                hours.update(self.weekly(record, record_id))
            elif freq:
                self.problem(record_id, "freq", _("Alleen wekelijkse openingsuren (WEEKLY) kunnen we overnemen."))
            else:
                self.problem(
                    record_id,
                    "freq",
                    _("Dit uurrooster kunnen we niet lezen: geef freq WEEKLY, byday, opens_at en closes_at."),
                )
        return sorted(hours), exceptions

    def weekly(self, record, record_id):
        interval = record.get("interval")
        if interval not in (None, "", 1, "1", 1.0):
            self.problem(record_id, "interval", _("Alleen elke week (interval 1) kan."))
        days = [day.strip().upper() for day in str(record.get("byday") or "").split(",") if day.strip()]
        if not days:
            self.problem(record_id, "byday", _("Geef de dagen, bijvoorbeeld MO,TU."))
        unknown = [day for day in days if day not in HSDS_DAYS]
        if unknown:
            self.problem(
                record_id,
                "byday",
                _("Onbekende dag: %(days)s. Gebruik MO, TU, WE, TH, FR, SA of SU.") % {"days": ",".join(unknown)},
            )
        opens, closes = self.time(record, "opens_at", record_id), self.time(record, "closes_at", record_id)
        if unknown or opens is None or closes is None:
            return []
        return [(HSDS_DAYS.index(day), opens, closes) for day in days]

    def exception(self, record, record_id, kind):
        if kind not in (hsds.CLOSED, hsds.OPEN):
            self.problem(
                record_id, "attributes", _("Een uitzondering is closed of open, niet “%(value)s”.") % {"value": kind}
            )
            return None
        if record.get("valid_from"):
            starts_on = self.date(record["valid_from"], record_id, "valid_from")
        else:
            starts_on = None
            self.problem(record_id, "valid_from", _("Een uitzondering heeft een begindatum nodig."))
        ends_on = self.date(record["valid_to"], record_id, "valid_to") if record.get("valid_to") else starts_on
        if starts_on and ends_on and ends_on < starts_on:
            self.problem(record_id, "valid_to", _("De einddatum ligt voor de begindatum."))
        opens = closes = None
        if kind == hsds.OPEN and (record.get("opens_at") or record.get("closes_at")):
            opens, closes = self.time(record, "opens_at", record_id), self.time(record, "closes_at", record_id)
        reason = self.text(record, "notes", record_id, max_length=200)
        if not starts_on or not ends_on:
            return None
        return {
            "starts_on": starts_on,
            "ends_on": ends_on,
            "closed": kind == hsds.CLOSED,
            "opens_at": opens,
            "closes_at": closes,
            "reason": reason,
        }


# --- writing one service ------------------------------------------------------------------------------


def _full_clean(obj):
    try:
        obj.full_clean()
    except ValidationError as error:
        raise Rejected(
            [
                Problem(record_id=str(obj.uuid), field=name, reason=" ".join(messages))
                for name, messages in error.message_dict.items()
            ]
        ) from None


def _upsert(model, *, uuid_value, values):
    obj = model.objects.filter(uuid=uuid_value).first()
    if obj is None:
        obj = model(uuid=uuid_value, **values)
        _full_clean(obj)
        obj.save()
        return obj, CREATED
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, UNCHANGED
    for name in changed:
        setattr(obj, name, values[name])
    _full_clean(obj)
    obj.save()
    return obj, UPDATED


def _touch(obj, outcome):
    """A change in related rows (codes, hours) counts as a change of the record itself."""
    if outcome == UNCHANGED:
        obj.save(update_fields=["updated_at"])
        return UPDATED
    return outcome


def _write(plan, *, organisation):
    """Write a checked plan; returns [(outcome, Line)]. Raises Rejected for what only the database can tell."""
    lines = []
    locations = {}
    for location_plan in plan.locations.values():
        if location_plan.values is None:
            locations[location_plan.uuid] = Location.objects.get(uuid=location_plan.uuid)
            continue
        location, outcome = _upsert(Location, uuid_value=location_plan.uuid, values=location_plan.values)
        locations[location_plan.uuid] = location
        lines.append((outcome, Line("location", location_plan.uuid, location.name)))
    values = {**plan.values, "organisation_id": organisation.pk}
    service, outcome = _upsert(Service, uuid_value=plan.uuid, values=values)
    relations = {
        HELP_TOPICS: service.topics,
        LANGUAGES: service.languages,
        REQUIRED_DOCUMENTS: service.required_documents,
    }
    codes_changed = False
    for slug, codes in plan.codes.items():
        manager = relations[slug]
        wanted = {code.pk for code in codes}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            codes_changed = True
    if codes_changed:
        outcome = _touch(service, outcome)
    lines.insert(0, (outcome, Line("service", plan.uuid, service.name)))
    for help_point_plan in plan.help_points:
        location = locations[help_point_plan.location_uuid]
        duplicate = (
            HelpPoint.objects.filter(service=service, location=location).exclude(uuid=help_point_plan.uuid).first()
        )
        if duplicate is not None:
            reason = _("Dit hulpaanbod heeft op deze locatie al een digipunt met id %(id)s.") % {"id": duplicate.uuid}
            raise Rejected([Problem(record_id=help_point_plan.uuid, field="location_id", reason=reason)])
        values = {"service_id": service.pk, "location_id": location.pk, **help_point_plan.values}
        help_point, outcome = _upsert(HelpPoint, uuid_value=help_point_plan.uuid, values=values)
        changed = False
        if help_point_plan.hours is not None:
            changed |= _replace_hours(help_point, help_point_plan.hours)
        if help_point_plan.exceptions is not None:
            changed |= _replace_exceptions(help_point, help_point_plan.exceptions)
        if changed:
            outcome = _touch(help_point, outcome)
        lines.append((outcome, Line("service_at_location", help_point_plan.uuid, f"{service.name} – {location.name}")))
    return lines


def _replace_hours(help_point, hours):
    current = sorted(help_point.opening_hours.values_list("weekday", "opens_at", "closes_at"))
    if current == sorted(hours):
        return False
    help_point.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(help_point=help_point, weekday=weekday, opens_at=opens, closes_at=closes)
        for weekday, opens, closes in hours
    )
    return True


EXCEPTION_FIELDS = ["starts_on", "ends_on", "closed", "opens_at", "closes_at", "reason"]


def _exception_key(values):
    return tuple(
        value.isoformat() if isinstance(value, datetime.time) else ("" if value is None else value)
        for value in (values[name] for name in EXCEPTION_FIELDS)
    )


def _replace_exceptions(help_point, exceptions):
    current = sorted(_exception_key(row) for row in help_point.exceptions.values(*EXCEPTION_FIELDS))
    if current == sorted(_exception_key(row) for row in exceptions):
        return False
    help_point.exceptions.all().delete()
    ScheduleException.objects.bulk_create(ScheduleException(help_point=help_point, **row) for row in exceptions)
    return True


# --- the import ---------------------------------------------------------------------------------------


def hsds_import(*, organisation, data, dry_run=False, by=None):
    """Import an HSDS data set into the directory of `organisation`; returns an ImportReport."""
    services = _services_from(data)
    report = ImportReport(dry_run=dry_run)
    lookups = _Lookups()
    with transaction.atomic():
        for raw in services:
            reader = _Reader(organisation=organisation, lookups=lookups)
            plan = reader.service(raw)
            rejection = Rejection(
                service_id=str(raw.get("id") or "") if isinstance(raw, dict) else "",
                name=str(raw.get("name") or "") if isinstance(raw, dict) else "",
                problems=reader.problems,
            )
            if reader.problems:
                report.rejected.append(rejection)
                continue
            try:
                with transaction.atomic():
                    lines = _write(plan, organisation=organisation)
            except Rejected as error:
                rejection.problems = error.problems
                report.rejected.append(rejection)
                continue
            except IntegrityError:
                rejection.problems = [
                    Problem(record_id=plan.uuid, field="", reason=_("Dit botst met bestaande gegevens."))
                ]
                report.rejected.append(rejection)
                continue
            for outcome, line in lines:
                report.add(outcome, line)
        if report.created or report.updated:
            directory_changed()
        record_event(
            verb="directory.hsds_imported", actor=by, organisation=organisation, subject="HSDS", **report.counts
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _services_from(data):
    if isinstance(data, str | Path):
        data = _read_path(Path(data))
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("services", "contents"):
            if isinstance(data.get(key), list):
                return data[key]
        if "id" in data and "name" in data:
            return [data]
    raise HsdsImportError(_("Dit is geen HSDS-gegevensset: verwacht een lijst van services, of een CSV-pakket."))


def _read_path(path):
    try:
        return _read_path_or_fail(path)
    except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, OSError) as error:
        raise HsdsImportError(_("Dit bestand kunnen we niet lezen: %(error)s") % {"error": error}) from None


def _read_path_or_fail(path):
    if path.is_dir():
        return _nest(
            _read_tables(lambda name: (path / name).read_text("utf-8-sig") if (path / name).is_file() else None)
        )
    if not path.is_file():
        raise HsdsImportError(_("Bestand niet gevonden: %(path)s") % {"path": path})
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = {Path(info.filename).name: info for info in archive.infolist() if not info.is_dir()}
            if sum(info.file_size for info in members.values()) > MAX_ZIP_BYTES:
                raise HsdsImportError(_("Het zip-bestand is te groot."))

            def opener(name):
                info = members.get(name)
                return archive.read(info).decode("utf-8-sig") if info else None

            return _nest(_read_tables(opener))
    try:
        return json.loads(path.read_text("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HsdsImportError(_("Dit is geen leesbaar JSON-bestand: %(error)s") % {"error": error}) from None


# --- the tabular package ------------------------------------------------------------------------------

# The HSDS objects in the package, by table schema name, in the order the files are written.
TABLES = [
    "organization",
    "service",
    "phone",
    "language",
    "required_document",
    "cost_option",
    "service_at_location",
    "location",
    "address",
    "accessibility",
    "schedule",
    "attribute",
    "taxonomy_term",
    "taxonomy",
]


@cache
def table_schema(name):
    """(file name, columns, numeric columns) of one HSDS table, from its table schema."""
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text("utf-8"))
    columns = [
        key
        for key, spec in schema["properties"].items()
        if spec.get("type") not in ("array", "object") and "$ref" not in spec
    ]
    numeric = {key for key, spec in schema["properties"].items() if spec.get("type") == "number"}
    return schema["path"], columns, numeric


def _number(text):
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    return int(number) if number.is_integer() and re.fullmatch(r"-?\d+", text.strip()) else number


def _read_tables(opener):
    """{table name: [rows]} for the files present; empty cells are left out, numbers become numbers."""
    tables = {}
    for name in TABLES:
        path, _columns, numeric = table_schema(name)
        text = opener(path)
        if text is None and name == "service_at_location":
            text = opener("service_at_locations.csv")
        if text is None:
            continue
        rows = []
        for row in csv.DictReader(io.StringIO(text)):
            rows.append(
                {
                    key: _number(value) if key in numeric else value
                    for key, value in row.items()
                    if key and value not in (None, "")
                }
            )
        tables[name] = rows
    if "service" not in tables:
        raise HsdsImportError(_("Het CSV-pakket heeft geen services.csv."))
    return tables


def _nest(tables):
    """Fully nested services from the tables: the same shape as GET /services/{id}.

    A list is only set when its file is in the package, so a package without (say) accessibility.csv
    leaves the accessibility of existing locations as it is.
    """
    index = {}

    def rows(table, key, value):
        if (table, key) not in index:
            grouped = index[(table, key)] = {}
            for row in tables.get(table, []):
                grouped.setdefault(row.get(key), []).append(row)
        return index[(table, key)].get(value, [])

    def put(record, key, table, items):
        if table in tables:
            record[key] = items

    taxonomies = {row.get("id"): row for row in tables.get("taxonomy", [])}
    terms = {}
    for row in tables.get("taxonomy_term", []):
        terms[row.get("id")] = (
            {**row, "taxonomy_detail": taxonomies[row["taxonomy_id"]]}
            if row.get("taxonomy_id") in taxonomies
            else dict(row)
        )

    def with_attributes(row):
        record = dict(row)
        attributes = []
        for attribute in rows("attribute", "link_id", row.get("id")):
            term = terms.get(attribute.get("taxonomy_term_id"))
            attributes.append({**attribute, "taxonomy_term": term} if term else dict(attribute))
        put(record, "attributes", "attribute", attributes)
        return record

    locations = {row.get("id"): row for row in tables.get("location", [])}

    def location(row):
        record, location_id = with_attributes(row), row.get("id")
        put(record, "addresses", "address", [dict(item) for item in rows("address", "location_id", location_id)])
        accessibility = [with_attributes(item) for item in rows("accessibility", "location_id", location_id)]
        put(record, "accessibility", "accessibility", accessibility)
        languages = [dict(item) for item in rows("language", "location_id", location_id) if not item.get("service_id")]
        put(record, "languages", "language", languages)
        schedules = [
            with_attributes(item)
            for item in rows("schedule", "location_id", location_id)
            if not item.get("service_at_location_id")
        ]
        put(record, "schedules", "schedule", schedules)
        return record

    def help_point(row):
        record = with_attributes(row)
        schedules = rows("schedule", "service_at_location_id", row.get("id"))
        put(record, "schedules", "schedule", [with_attributes(item) for item in schedules])
        if row.get("location_id") in locations:
            record["location"] = location(locations[row["location_id"]])
        return record

    services = []
    for row in tables["service"]:
        record, service_id = with_attributes(row), row.get("id")
        put(record, "phones", "phone", [dict(item) for item in rows("phone", "service_id", service_id)])
        put(record, "languages", "language", [dict(item) for item in rows("language", "service_id", service_id)])
        documents = [with_attributes(item) for item in rows("required_document", "service_id", service_id)]
        put(record, "required_documents", "required_document", documents)
        put(
            record,
            "cost_options",
            "cost_option",
            [dict(item) for item in rows("cost_option", "service_id", service_id)],
        )
        schedules = [
            with_attributes(item)
            for item in rows("schedule", "service_id", service_id)
            if not item.get("service_at_location_id")
        ]
        put(record, "schedules", "schedule", schedules)
        help_points = [help_point(item) for item in rows("service_at_location", "service_id", service_id)]
        put(record, "service_at_locations", "service_at_location", help_points)
        services.append(record)
    return services


# --- export -------------------------------------------------------------------------------------------


def hsds_export(*, organisation=None):
    """The public directory (or one organisation's public part) as fully nested HSDS services."""
    services = hsds.with_full_service(hsds.public_services())
    if organisation is not None:
        services = services.filter(organisation=organisation)
    return {"services": [hsds.service_full(service) for service in services]}


def hsds_export_tabular(*, organisation=None, directory):
    """Write the tabular package (one CSV per HSDS table) into `directory`; returns the paths written."""
    rows = {name: {} for name in TABLES}

    def add(table, record):
        rows[table].setdefault(record["id"], record)

    def add_attributes(record):
        for attribute in record.get("attributes", []):
            add("attribute", attribute)
            term = attribute.get("taxonomy_term")
            if term:
                add("taxonomy_term", term)
                if term.get("taxonomy_detail"):
                    add("taxonomy", term["taxonomy_detail"])

    for service in hsds_export(organisation=organisation)["services"]:
        add("organization", service["organization"])
        add("service", service)
        add_attributes(service)
        for table, key in (("phone", "phones"), ("language", "languages"), ("cost_option", "cost_options")):
            for record in service[key]:
                add(table, record)
        for document in service["required_documents"]:
            add("required_document", document)
            add_attributes(document)
        for help_point in service["service_at_locations"]:
            add("service_at_location", help_point)
            add_attributes(help_point)
            for schedule in help_point["schedules"]:
                add("schedule", schedule)
                add_attributes(schedule)
            location = help_point["location"]
            add("location", location)
            for address in location["addresses"]:
                add("address", address)
            for accessibility in location["accessibility"]:
                add("accessibility", accessibility)
                add_attributes(accessibility)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        path, columns, _numeric = table_schema(name)
        target = directory / path
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows[name].values())
        written.append(target)
    return written
