"""The public finder: where is the person, which help points match, nearest first."""

import difflib
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from einclusie.helppoints import opening
from einclusie.helppoints.models import HelpPoint, OpeningHours
from einclusie.territory.geo import distance_km
from einclusie.territory.models import Municipality, PostalCode

SEARCH_RADIUS_DEGREES = 0.35  # about 25–40 km around the place searched for
MIN_NEARBY_RESULTS = 5


def normalise(text):
    """Lower case without accents or punctuation, for forgiving name matches ("Sint-Niklaas" = "sint niklaas")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


@dataclass
class Place:
    label: str
    municipalities: list
    latitude: float | None
    longitude: float | None


@dataclass
class PlaceLookup:
    place: Place | None = None
    suggestions: list = field(default_factory=list)


def _current(municipality):
    return municipality.resolve(timezone.localdate())


def find_place(query):
    """Resolve a postal code or a municipality name (Dutch, French or a pre-2025 name) to a place."""
    query = (query or "").strip()[:100]
    if not query:
        return PlaceLookup()
    if query.isdigit():
        municipalities = list(
            Municipality.objects.filter(postal_codes__code=query, is_flemish=True)
            .select_related("successor")
            .distinct()
        )
        if municipalities:
            current = [_current(m) for m in municipalities]
            return PlaceLookup(place=_place(f"{query} {', '.join(sorted({m.name for m in current}))}", current))
        nearby = PostalCode.objects.filter(municipality__is_flemish=True, code__startswith=query[:2]).select_related(
            "municipality"
        )[:200]
        codes = sorted({p.code for p in nearby}, key=lambda code: abs(int(code) - int(query[:4] or 0)))[:5]
        return PlaceLookup(suggestions=[(code, code) for code in codes])
    wanted = normalise(query)
    candidates = {}
    for municipality in Municipality.objects.flemish().select_related("successor"):
        for name in {municipality.name_nl, municipality.name_fr}:
            if name:
                candidates.setdefault(normalise(name), municipality)
    if wanted in candidates:
        current = _current(candidates[wanted])
        return PlaceLookup(place=_place(current.name, [current]))
    close = difflib.get_close_matches(wanted, list(candidates), n=5, cutoff=0.6)
    starts = [name for name in candidates if name.startswith(wanted)][:5] if len(wanted) >= 3 else []
    names = []
    for key in [*starts, *close]:
        name = _current(candidates[key]).name
        if name not in names:
            names.append(name)
    return PlaceLookup(suggestions=[(name, name) for name in names[:5]])


def _place(label, municipalities):
    positions = [(m.latitude, m.longitude) for m in municipalities if m.latitude is not None]
    if not positions:
        return Place(label, municipalities, None, None)
    return Place(
        label,
        municipalities,
        sum(float(lat) for lat, _ in positions) / len(positions),
        sum(float(lon) for _, lon in positions) / len(positions),
    )


@dataclass
class Criteria:
    topic: str = ""
    language: str = ""
    open_now: bool = False
    weekday: int | None = None
    walk_in: bool = False
    step_free: bool = False


def base_queryset():
    return (
        HelpPoint.objects.public()
        .select_related("service", "service__organisation", "location", "location__municipality")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
            "exceptions",
            "service__topics",
            "service__languages",
            "service__required_documents",
        )
    )


def search(place, criteria, *, now=None):
    """Matching public help points, nearest first, as (help point id, distance in km or None).

    Only identifiers and positions are read here; `load()` fetches the full help points of one page.
    """
    now = now or timezone.now()
    queryset = HelpPoint.objects.public()
    if criteria.topic:
        queryset = queryset.filter(service__topics__code=criteria.topic, service__topics__code_list__slug="help-topics")
    if criteria.language:
        queryset = queryset.filter(
            service__languages__code=criteria.language, service__languages__code_list__slug="languages"
        )
    if criteria.walk_in:
        queryset = queryset.filter(walk_in=True)
    if criteria.step_free:
        queryset = queryset.filter(location__step_free=True)
    candidates = _candidates(queryset, place)
    if criteria.open_now or criteria.weekday is not None:
        schedules = HelpPoint.objects.filter(pk__in=[row[0] for row in candidates]).prefetch_related(
            "opening_hours", "exceptions"
        )
        keep = set()
        for help_point in schedules:
            if criteria.open_now and not opening.is_open_at(help_point, now):
                continue
            if criteria.weekday is not None and not opening.opens_on_weekday(help_point, criteria.weekday, now):
                continue
            keep.add(help_point.pk)
        candidates = [row for row in candidates if row[0] in keep]
    results = []
    for pk, latitude, longitude, name in candidates:
        distance = None
        if place and place.latitude is not None and latitude is not None:
            distance = distance_km(place.latitude, place.longitude, float(latitude), float(longitude))
        results.append((pk, distance, name))
    results.sort(key=lambda item: (item[1] is None, item[1] or 0, item[2]))
    return [(pk, distance) for pk, distance, _name in results]


def _candidates(queryset, place):
    """(id, latitude, longitude, name) of the help points near the place (all of them when none is near)."""
    fields = ("pk", "location__latitude", "location__longitude", "service__name")
    if place and place.latitude is not None:
        box = Q(
            location__latitude__range=(place.latitude - SEARCH_RADIUS_DEGREES, place.latitude + SEARCH_RADIUS_DEGREES),
            location__longitude__range=(
                place.longitude - SEARCH_RADIUS_DEGREES * 1.6,
                place.longitude + SEARCH_RADIUS_DEGREES * 1.6,
            ),
        )
        in_place = Q(location__municipality__in=place.municipalities)
        nearby = list(queryset.filter(box | in_place).values_list(*fields).distinct())
        if len(nearby) >= MIN_NEARBY_RESULTS:
            return nearby
        return list(queryset.values_list(*fields).distinct())
    if place:
        return list(queryset.filter(location__municipality__in=place.municipalities).values_list(*fields).distinct())
    return list(queryset.values_list(*fields).distinct())


def load(ids):
    """The full help points for these ids, in the same order."""
    by_id = {help_point.pk: help_point for help_point in base_queryset().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
