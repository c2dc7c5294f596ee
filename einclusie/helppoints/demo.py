"""Fictitious help points for the demo and the benchmarks. Every name says "(demo)"."""

import datetime
import random

from django.db import transaction

from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS, codes
from einclusie.helppoints.models import HelpPoint, Location, OpeningHours, ScheduleException, Service
from einclusie.helppoints.services import directory_changed

T = datetime.time

# (service name, place name, street, weekly hours, walk_in, by_appointment, languages, step_free)
DEMO_SETS = {
    "gent": [
        (
            "Digipunt bibliotheek (demo)",
            "Bibliotheek centrum (demo)",
            "Demostraat 1",
            {1: [(T(9), T(12))], 3: [(T(13), T(16, 30))], 5: [(T(10), T(12))]},
            True,
            False,
            ["nl", "fr", "en", "ar"],
            True,
        ),
        (
            "Digitaal spreekuur Sociaal Huis (demo)",
            "Sociaal Huis (demo)",
            "Voorbeeldlaan 20",
            {0: [(T(9), T(12)), (T(13), T(16))], 2: [(T(9), T(12))]},
            True,
            True,
            ["nl", "tr", "en"],
            True,
        ),
        (
            "Digihulp in de buurt (demo)",
            "Buurtcentrum Noord (demo)",
            "Proefplein 5",
            {3: [(T(14), T(17))]},
            False,
            True,
            ["nl", "uk", "ru"],
            False,
        ),
    ],
    "ocmw-gent": [
        (
            "Hulp met itsme en de eBox (demo)",
            "OCMW-antenne Zuid (demo)",
            "Oefenstraat 8",
            {1: [(T(13), T(16))], 4: [(T(9), T(12))]},
            True,
            True,
            ["nl", "fr"],
            True,
        ),
    ],
    "aalst": [
        (
            "Digipunt stadhuis (demo)",
            "Stadhuis loket (demo)",
            "Demomarkt 3",
            {0: [(T(9), T(12))], 2: [(T(14), T(18))]},
            True,
            False,
            ["nl", "fr"],
            True,
        ),
        (
            "Computerhulp voor senioren (demo)",
            "Dienstencentrum (demo)",
            "Testweg 14",
            {3: [(T(10), T(12))]},
            False,
            True,
            ["nl"],
            True,
        ),
    ],
    "ronse": [
        (
            "Digipunt / Point numérique (demo)",
            "Bibliotheek (demo)",
            "Voorbeeldstraat 2",
            {1: [(T(9), T(12))], 4: [(T(13, 30), T(16, 30))], 5: [(T(9, 30), T(12))]},
            True,
            False,
            ["nl", "fr"],
            True,
        ),
    ],
    "bib-ronse": [
        (
            "Digicafé (demo)",
            "Leeszaal bibliotheek (demo)",
            "Voorbeeldstraat 2A",
            {2: [(T(14), T(16))]},
            True,
            False,
            ["nl", "fr"],
            False,
        ),
    ],
    "pajottegem": [
        (
            "Digipunt Pajottegem (demo)",
            "Gemeentehuis (demo)",
            "Proefstraat 1",
            {0: [(T(9), T(12))], 3: [(T(17), T(20))]},
            True,
            True,
            ["nl"],
            True,
        ),
    ],
    "oudenaarde": [
        (
            "Digitale zitdag (demo)",
            "Administratief centrum (demo)",
            "Demoplein 7",
            {4: [(T(9), T(11, 30))]},
            False,
            True,
            ["nl", "fr"],
            True,
        ),
    ],
}

TOPIC_SETS = [
    ["itsme", "mijn-burgerprofiel", "tax-on-web", "ebox", "smartphone-tablet"],
    ["online-bankieren", "veiligheid-fraude", "email-berichten", "laptop-computer"],
    ["gezondheid", "afspraken-online", "fotos-documenten", "internet-thuis", "csam"],
    ["jobbonus-werk", "school-kinderopvang", "itsme", "andere"],
]


def _position(municipality, rng):
    if municipality.latitude is None:
        return None, None
    return (
        round(float(municipality.latitude) + rng.uniform(-0.01, 0.01), 6),
        round(float(municipality.longitude) + rng.uniform(-0.015, 0.015), 6),
    )


def _create(organisation, spec, index, rng, topic_codes, language_codes, document_codes, today):
    name, place, street, hours, walk_in, by_appointment, languages, step_free = spec
    municipality = organisation.municipality or organisation.lead.municipality
    postal_code = municipality.postal_codes.order_by("code").first()
    latitude, longitude = _position(municipality, rng)
    location = Location.objects.create(
        organisation=organisation,
        name=place,
        street=street,
        postal_code=postal_code.code if postal_code else "0000",
        city=municipality.name_nl,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        transportation="Bushalte 'Centrum' op 200 meter (demo).",
        step_free=step_free,
        accessible_toilet=step_free,
        hearing_loop=index % 2 == 0,
        quiet_room=index % 3 == 0,
    )
    service = Service.objects.create(
        organisation=organisation,
        name=name,
        description=(
            "Vrijwilligers helpen u met uw smartphone, tablet of computer en met websites van de overheid. "
            "Dit digipunt is verzonnen voor de demo."
        ),
        phone="09 000 00 " + f"{10 + index:02d}",
        email="digipunt@example.org",
        home_visits=index % 4 == 1,
    )
    service.topics.set([topic_codes[code] for code in TOPIC_SETS[index % len(TOPIC_SETS)] if code in topic_codes])
    service.languages.set([language_codes[code] for code in languages if code in language_codes])
    service.required_documents.set(
        [document_codes[code] for code in ("eid-pin", "smartphone") if code in document_codes]
    )
    help_point = HelpPoint.objects.create(
        service=service,
        location=location,
        walk_in=walk_in,
        by_appointment=by_appointment,
        appointment_details="Bel naar het nummer hieronder om een afspraak te maken." if by_appointment else "",
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(help_point=help_point, weekday=weekday, opens_at=opens, closes_at=closes)
        for weekday, periods in hours.items()
        for opens, closes in periods
    )
    if index % 3 == 0:
        christmas = datetime.date(today.year, 12, 24)
        ScheduleException.objects.create(
            help_point=help_point,
            starts_on=christmas,
            ends_on=christmas + datetime.timedelta(days=10),
            closed=True,
            reason="Kerstvakantie",
        )
    return help_point


def _code_maps():
    return (
        {c.code: c for c in codes(HELP_TOPICS)},
        {c.code: c for c in codes(LANGUAGES)},
        {c.code: c for c in codes(REQUIRED_DOCUMENTS)},
    )


def demo_help_points(organisations, *, today=None):
    """Create the demo help points of the demo organisations once (keyed by organisation key)."""
    today = today or datetime.date.today()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    maps = _code_maps()
    created = []
    with transaction.atomic():
        for key, specs in DEMO_SETS.items():
            organisation = organisations[key]
            if Service.objects.filter(organisation=organisation).exists():
                continue
            for index, spec in enumerate(specs):
                created.append(_create(organisation, spec, index, rng, *maps, today))
        if created:
            directory_changed()
    return created


def generate_help_points(count, *, organisation_for, seed=1):
    """Spread `count` fictitious help points over all current Flemish municipalities (for benchmarks)."""
    from einclusie.territory.models import Municipality

    rng = random.Random(seed)  # noqa: S311 - generated data, not security
    municipalities = list(Municipality.objects.flemish().current().exclude(latitude=None))
    maps = _code_maps()
    specs = [spec for specs in DEMO_SETS.values() for spec in specs]
    today = datetime.date.today()
    with transaction.atomic():
        for number in range(count):
            municipality = municipalities[number % len(municipalities)]
            name, place, street, hours, walk_in, by_appointment, languages, step_free = specs[number % len(specs)]
            spec = (
                f"{name} {number}",
                f"{place} {number}",
                street,
                hours,
                walk_in,
                by_appointment,
                languages,
                step_free,
            )
            _create(organisation_for(municipality), spec, number, rng, *maps, today)
        directory_changed()
