"""Pseudonymised extracts for researchers: help contacts, course participation and device loans per record.

What goes in and what never does:
- Only the columns named in each extract's `build` are read from the database (`values(...)`): names, phone
  numbers, e-mail addresses, references, file numbers, notes and other free text, help points, organisations
  and the people who logged a record are never selected, so they cannot leak.
- Every record and person gets a pseudonym: HMAC-SHA256 of the record's id with a secret. By default the secret
  is drawn anew for each extract and never stored: pseudonyms cannot be reversed and two extracts cannot be
  linked. On request ("koppelbaar") the secret is derived from SECRET_KEY and the research institute, so the
  same institute's extracts share pseudonyms (still not reversible without the server's key).
- Dates become months, ages are bands (the contact form only records bands), the municipality is kept (NIS code
  of today's municipality after the 2025 mergers).
- Small cells: records whose municipality × month (× age band) combination occurs fewer than K times are
  coarsened: first the age band is blanked, then the month becomes the year; what is still rarer than K is left
  out. The number left out is in the activity log and the file name stays the same.
- Every download is written to the activity log (`monitoring.extract_downloaded`).
"""

import datetime
import hashlib
import hmac
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from einclusie.core.models import record_event

K = 5  # the smallest group a combination of municipality, month and age band may describe
SUPPRESSED = "afgeschermd"


@dataclass(frozen=True)
class Extract:
    slug: str
    title: str
    description: str
    header: tuple
    # The quasi-identifiers whose combination must describe K records or more, coarsened in this order.
    coarsen: tuple


EXTRACTS = {
    "hulpcontacten": Extract(
        slug="hulpcontacten",
        title=_("Hulpcontacten"),
        description=_(
            "Eén rij per hulpcontact: maand, gemeente, kanaal, resultaat, duur, leeftijdsgroep, onderwerpen."
        ),
        header=(
            "contact",
            "maand",
            "nis_code",
            "leeftijd",
            "kanaal",
            "resultaat",
            "doorverwezen_naar",
            "duur",
            "onderwerpen",
            "doelgroepen",
        ),
        coarsen=("leeftijd", "maand"),
    ),
    "cursusdeelnames": Extract(
        slug="cursusdeelnames",
        title=_("Cursusdeelnames"),
        description=_(
            "Eén rij per deelnemer aan een cursus (aanwezig op minstens één les): maand van de eerste les, "
            "gemeente van de cursus, niveau, afgerond, DigComp-gebieden en doelgroepen."
        ),
        header=("deelnemer", "cursus", "maand", "nis_code", "niveau", "afgerond", "digcomp", "doelgroepen"),
        coarsen=("maand",),
    ),
    "uitleningen": Extract(
        slug="uitleningen",
        title=_("Uitleningen van toestellen"),
        description=_(
            "Eén rij per toestel dat werd meegegeven: maand, woonplaats van de persoon, soort toestel, status, "
            "maand van terugbrengen of schenken, gronden. Dezelfde persoon heeft in één extract dezelfde code."
        ),
        header=(
            "uitlening",
            "persoon",
            "maand",
            "nis_code",
            "soort_toestel",
            "status",
            "teruggebracht",
            "geschonken",
            "gronden",
        ),
        coarsen=("maand",),
    ),
}


class Pseudonymiser:
    """HMAC-SHA256 pseudonyms with one secret for one extract (or the institute's, when linkable)."""

    def __init__(self, *, linkable, organisation):
        if linkable:
            key = f"research-extract:{organisation.pk}".encode()
            self.secret = hmac.new(settings.SECRET_KEY.encode(), key, hashlib.sha256).digest()
        else:
            self.secret = secrets.token_bytes(32)

    def __call__(self, kind, pk):
        return hmac.new(self.secret, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:20]


def month_of(day):
    return f"{day:%Y-%m}" if day else ""


def _current_nis_codes():
    """nis_code -> today's NIS code: a former municipality's records count for the one it merged into."""
    from einclusie.territory.models import Municipality

    rows = {row["id"]: row for row in Municipality.objects.values("id", "nis_code", "successor_id")}
    result = {}
    for row in rows.values():
        target, seen = row, set()
        while target["successor_id"] in rows and target["id"] not in seen:
            seen.add(target["id"])
            target = rows[target["successor_id"]]
        result[row["nis_code"]] = target["nis_code"]
    return result


def _codes(pairs):
    """{id: "code1|code2"} from (id, code) pairs, codes sorted, None left out."""
    found = defaultdict(set)
    for pk, code in pairs:
        if code:
            found[pk].add(code)
    return {pk: "|".join(sorted(codes)) for pk, codes in found.items()}


def help_contact_records(year, pseudonym, places):
    from einclusie.contacts.models import HelpContact
    from einclusie.monitoring.sources import CONTACT_PLACE

    contacts = HelpContact.objects.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    topics = _codes(contacts.values_list("id", "topics__code"))
    groups = _codes(contacts.values_list("id", "target_groups__code"))
    fields = ("id", "date", CONTACT_PLACE, "age_band", "channel", "outcome", "referred_to", "duration")
    for row in contacts.values(*fields).order_by("date", "id").iterator(chunk_size=5000):
        yield {
            "contact": pseudonym("contact", row["id"]),
            "maand": month_of(row["date"]),
            "nis_code": places.get(row[CONTACT_PLACE], ""),
            "leeftijd": row["age_band"],
            "kanaal": row["channel"],
            "resultaat": row["outcome"],
            "doorverwezen_naar": row["referred_to"],
            "duur": row["duration"],
            "onderwerpen": topics.get(row["id"], ""),
            "doelgroepen": groups.get(row["id"], ""),
        }


def course_records(year, pseudonym, places):
    from django.db.models import OuterRef, Subquery

    from einclusie.courses.models import Course, CourseSession, Enrolment, place_nis_code

    first = CourseSession.objects.filter(course=OuterRef("course")).order_by("date").values("date")[:1]
    participants = (
        Enrolment.objects.participants()
        .annotate(first_session=Subquery(first), place=place_nis_code("course__"))
        .filter(first_session__year=year)
    )
    courses = Course.objects.filter(pk__in=participants.values("course_id"))
    areas = _codes(courses.values_list("id", "digcomp_areas__code"))
    groups = _codes(courses.values_list("id", "target_groups__code"))
    fields = ("id", "course_id", "first_session", "place", "course__level", "completed")
    for row in participants.values(*fields).order_by("first_session", "id"):
        yield {
            "deelnemer": pseudonym("enrolment", row["id"]),
            "cursus": pseudonym("course", row["course_id"]),
            "maand": month_of(row["first_session"]),
            "nis_code": places.get(row["place"], ""),
            "niveau": row["course__level"],
            "afgerond": "ja" if row["completed"] else "nee",
            "digcomp": areas.get(row["course_id"], ""),
            "doelgroepen": groups.get(row["course_id"], ""),
        }


def loan_records(year, pseudonym, places):
    from einclusie.devices.models import Loan

    loans = Loan.objects.filter(handed_over_on__year=year)
    grounds = _codes(loans.values_list("id", "beneficiary__grounds__kind"))
    fields = (
        "id",
        "beneficiary_id",
        "handed_over_on",
        "beneficiary__municipality__nis_code",
        "device__device_type",
        "status",
        "returned_on",
        "given_on",
    )
    for row in loans.values(*fields).order_by("handed_over_on", "id"):
        yield {
            "uitlening": pseudonym("loan", row["id"]),
            "persoon": pseudonym("beneficiary", row["beneficiary_id"]),
            "maand": month_of(row["handed_over_on"]),
            "nis_code": places.get(row["beneficiary__municipality__nis_code"], ""),
            "soort_toestel": row["device__device_type"],
            "status": row["status"],
            "teruggebracht": month_of(row["returned_on"]),
            "geschonken": month_of(row["given_on"]),
            "gronden": grounds.get(row["id"], ""),
        }


BUILDERS = {"hulpcontacten": help_contact_records, "cursusdeelnames": course_records, "uitleningen": loan_records}


def protect_small_cells(records, coarsen):
    """Coarsen, then leave out, records whose quasi-identifiers occur fewer than K times.

    The quasi-identifiers are the municipality and the columns in `coarsen` (an age band is blanked, a month
    becomes its year). Returns (records kept, number left out).
    """
    keys = ("nis_code", *coarsen)

    def rare(rows):
        counts = Counter(tuple(row[key] for key in keys) for row in rows)
        return [row for row in rows if counts[tuple(row[key] for key in keys)] < K]

    for column in coarsen:
        for row in rare(records):
            row[column] = row["maand"][:4] if column == "maand" else SUPPRESSED
    left_out = {id(row) for row in rare(records)}
    return [row for row in records if id(row) not in left_out], len(left_out)


def extract_build(*, slug, year, organisation, linkable=False):
    """(header, rows, number of records left out) of one extract."""
    extract = EXTRACTS[slug]
    pseudonym = Pseudonymiser(linkable=linkable, organisation=organisation)
    records = list(BUILDERS[slug](year, pseudonym, _current_nis_codes()))
    kept, left_out = protect_small_cells(records, extract.coarsen)
    return extract.header, [[row[column] for column in extract.header] for row in kept], left_out


def extract_download(*, slug, year, linkable, by, organisation):
    """Build an extract and record the download in the activity log; returns (header, rows)."""
    header, rows, left_out = extract_build(slug=slug, year=year, organisation=organisation, linkable=linkable)
    record_event(
        verb="monitoring.extract_downloaded",
        actor=by,
        organisation=organisation,
        subject=f"{slug} {year}",
        extract=slug,
        year=year,
        linkable=linkable,
        rows=len(rows),
        left_out=left_out,
        k=K,
    )
    return header, rows
