"""Opening hours of a digipunt: when it is open, and how we say that to a citizen.

The rules, in one place:

- Every time is a wall-clock time in Belgium (Europe/Brussels). Times come back as aware datetimes in that zone.
- A period belongs to the day it starts on. A closing time at or before the opening time ends the next day
  (Friday 20:00–01:00 is open on Saturday at 00:30, even when Saturday itself is closed).
- What a day looks like, first rule that applies:
  1. a schedule exception covering the day. When several cover it, the shortest one wins (a one-day session
     inside the Christmas closure); among equally short ones a closure wins over other hours, and several
     "other hours" exceptions on the same day all count (a morning and an afternoon).
     An exception that is not closed but has no hours says nothing and is ignored.
  2. a Belgian public holiday, when the help point is closed on public holidays: closed.
  3. the weekly hours of that weekday.
- Summer time: a time the clocks skip (02:30 on the last Sunday of March) moves forward by the hour the clocks
  jump, to 03:30. A time that happens twice (02:30 on the last Sunday of October) is the first one, in summer
  time. Periods keep their real length: 01:00–04:00 lasts two hours in March and four in October.
  Python subtracts and compares datetimes of the same zone by their wall-clock times, so this module compares
  in UTC; do the same (`end.astimezone(UTC) - start.astimezone(UTC)`) to get a real duration.

Every function reads `help_point.opening_hours.all()` and `help_point.exceptions.all()` once, so a list page that
prefetches both runs no extra queries.
"""

import json
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

# Belgian help points and Belgian holidays: the zone is a fact of the domain, not a deployment setting.
BRUSSELS = ZoneInfo("Europe/Brussels")

# How far ahead we look for the next opening.
HORIZON_DAYS = 14

# The Dutch holiday names in belgica's data, listed so that makemessages offers them to the translators.
HOLIDAY_NAMES = (
    gettext_noop("Nieuwjaar"),
    gettext_noop("Paasmaandag"),
    gettext_noop("Feest van de Arbeid"),
    gettext_noop("Hemelvaartsdag"),
    gettext_noop("Pinkstermaandag"),
    gettext_noop("Nationale feestdag"),
    gettext_noop("Onze-Lieve-Vrouw-Hemelvaart"),
    gettext_noop("Allerheiligen"),
    gettext_noop("Wapenstilstand"),
    gettext_noop("Kerstmis"),
)


# Public holidays ------------------------------------------------------------------------------------------------


def easter_sunday(year):
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm of Meeus, Jones and Butcher)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    to_sunday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * to_sunday) // 451
    month, day = divmod(epact + to_sunday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


@cache
def _holiday_data():
    # belgica ships the legal rules as data but has no public function for them (checked in belgica 0.6.1).
    text = files("belgica").joinpath("data", "public-holidays.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _holidays_of(year):
    data = _holiday_data()
    if year < data["fromYear"]:
        return ()
    easter = easter_sunday(year)
    found = {}
    for holiday in data["holidays"]:
        rule = holiday["rule"]
        if rule["type"] == "fixed":
            day = date(year, rule["month"], rule["day"])
        elif rule["type"] == "easter":
            day = easter + timedelta(days=rule["daysAfterEaster"])
        else:
            raise ValueError(f"Unknown public holiday rule in belgica: {rule!r}")
        found[holiday["id"]] = (day, holiday["name"]["nl"])
    for replacement in data.get("replacements", []):
        holiday_id = replacement["holiday"]
        if holiday_id in found and found[holiday_id][0] == date.fromisoformat(replacement["replaces"]):
            found[holiday_id] = (date.fromisoformat(replacement["day"]), found[holiday_id][1])
    days = {}
    for day, name in sorted(found.values()):
        days.setdefault(day, name)  # two holidays on one day without a replacement: the first in the calendar
    return tuple(days.items())


def public_holidays(year):
    """The ten Belgian legal public holidays of a year as {day: Dutch name}, from belgica's rules.

    Fixed days plus Easter Monday, Ascension Day (39 days after Easter) and Whit Monday (50 days after), with the
    days moved by royal decree (Ascension on 2 May 2008). Nothing before 1975, the first year the law describes.
    """
    return dict(_holidays_of(year))


def _holiday_on(day):
    for holiday, name in _holidays_of(day.year):
        if holiday == day:
            return name
    return ""


# Which periods a day has ----------------------------------------------------------------------------------------


class _Rows(NamedTuple):
    hours: list
    exceptions: list
    closed_on_public_holidays: bool


class _Plan(NamedTuple):
    times: list  # (opens_at, closes_at) pairs, earliest first
    exceptions: list  # the schedule exceptions that decide the day, if any
    holiday: str  # the Dutch name of the public holiday that closes the day, if any


def _rows(help_point):
    return _Rows(
        hours=list(help_point.opening_hours.all()),
        exceptions=list(help_point.exceptions.all()),
        closed_on_public_holidays=help_point.closed_on_public_holidays,
    )


def _deciding_exceptions(exceptions, day):
    covering = [
        exception
        for exception in exceptions
        if exception.starts_on <= day <= exception.ends_on
        and (exception.closed or (exception.opens_at is not None and exception.closes_at is not None))
    ]
    if not covering:
        return []
    shortest = min(exception.ends_on - exception.starts_on for exception in covering)
    deciding = [exception for exception in covering if exception.ends_on - exception.starts_on == shortest]
    closures = [exception for exception in deciding if exception.closed]
    return closures or deciding


def _plan(rows, day):
    exceptions = _deciding_exceptions(rows.exceptions, day)
    if exceptions:
        times = [(e.opens_at, e.closes_at) for e in exceptions if not e.closed]
        return _Plan(sorted(times), exceptions, "")
    holiday = _holiday_on(day) if rows.closed_on_public_holidays else ""
    if holiday:
        return _Plan([], [], holiday)
    times = [(hours.opens_at, hours.closes_at) for hours in rows.hours if hours.weekday == day.weekday()]
    return _Plan(sorted(times), [], "")


def _utc(moment):
    return moment.astimezone(UTC)


def _at(day, clock):
    """A Brussels wall-clock time on a day; a time the clocks skip moves forward, a repeated time is the first."""
    return datetime.combine(day, clock).replace(tzinfo=BRUSSELS).astimezone(UTC).astimezone(BRUSSELS)


def _aware(moment):
    """An aware moment; a naive one is read as Brussels time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=BRUSSELS)
    return moment


def _periods(rows, day):
    periods = []
    for opens_at, closes_at in _plan(rows, day).times:
        start = _at(day, opens_at)
        end = _at(day if closes_at > opens_at else day + timedelta(days=1), closes_at)
        if _utc(end) > _utc(start):  # 02:00–03:00 on the March change day does not exist
            periods.append((start, end))
    return sorted(periods, key=lambda period: _utc(period[0]))


def periods_on(help_point, day):
    """The opening periods that start on a day, as aware (start, end) datetimes in Brussels time.

    An exception covering the day decides first, then a public holiday (when the help point closes on them),
    then the weekly hours. A period running past midnight is listed on the day it starts.
    """
    return _periods(_rows(help_point), day)


def _current_period(rows, moment):
    moment = _utc(_aware(moment))
    today = moment.astimezone(BRUSSELS).date()
    for day in (today - timedelta(days=1), today):
        for start, end in _periods(rows, day):
            if _utc(start) <= moment < _utc(end):
                return start, end
    return None


def is_open_at(help_point, moment):
    """Whether the help point is open at a moment (naive means Brussels time), including a session from the
    evening before that runs past midnight. Opening time included, closing time excluded."""
    return _current_period(_rows(help_point), moment) is not None


def _next_opening(rows, moment, horizon_days):
    moment = _utc(_aware(moment))
    today = moment.astimezone(BRUSSELS).date()
    for offset in range(horizon_days + 1):
        for start, end in _periods(rows, today + timedelta(days=offset)):
            if _utc(start) >= moment:
                return start, end
    return None


def next_opening(help_point, moment, horizon_days=HORIZON_DAYS):
    """The next period that starts at or after a moment, looking at that day and the `horizon_days` after it;
    None when there is none. A period already under way does not count: see `is_open_at`."""
    return _next_opening(_rows(help_point), moment, horizon_days)


def opens_on_weekday(help_point, weekday, now):
    """Whether the help point opens on the coming day with this weekday (0 = Monday), exceptions and holidays
    included. Today counts while one of its sessions has not ended yet; otherwise the same weekday next week."""
    rows = _rows(help_point)
    now = _utc(_aware(now))
    today = now.astimezone(BRUSSELS).date()
    offset = (weekday - today.weekday()) % 7
    if offset == 0 and any(_utc(end) > now for _start, end in _periods(rows, today)):
        return True
    return bool(_periods(rows, today + timedelta(days=offset or 7)))


# Plain-language text ------------------------------------------------------------------------------------------


def _clock(value, closing=False):
    """A time the way people say it: 9, 9.30; midnight at the end of a period is 24."""
    hour = value.hour
    if closing and hour == 0 and value.minute == 0:
        hour = 24
    if value.minute:
        return pgettext("tijdstip met minuten, zoals 9.30", "%(hour)s.%(minute)s") % {
            "hour": hour,
            "minute": f"{value.minute:02d}",
        }
    return pgettext("tijdstip op het hele uur, zoals 9", "%(hour)s") % {"hour": hour}


def _period_text(opens, closes):
    return _("van %(opens)s tot %(closes)s uur") % {"opens": _clock(opens), "closes": _clock(closes, closing=True)}


def _times_text(times):
    """'van 9 tot 12 uur en van 13 tot 16 uur' for (opens, closes) pairs of times or datetimes."""
    return get_text_list([_period_text(opens, closes) for opens, closes in times], _("en"))


def _reasons(exceptions):
    reasons = []
    for exception in exceptions:
        if exception.reason and exception.reason not in reasons:
            reasons.append(exception.reason)
    return ", ".join(reasons)


def _closed_text(plan):
    if plan.holiday:
        return _("gesloten (wettelijke feestdag: %(name)s)") % {"name": _(plan.holiday)}
    reasons = _reasons(plan.exceptions)
    if reasons:
        return _("gesloten (%(reason)s)") % {"reason": reasons}
    return _("gesloten")


def describe_day(help_point, day):
    """What a citizen needs to know about one day, in plain language: 'van 9 tot 12 uur en van 13 tot 16 uur',
    'van 10 tot 12 uur (Kerstmarkt)', 'gesloten (Kerstvakantie)', 'gesloten (wettelijke feestdag: Kerstmis)'."""
    rows = _rows(help_point)
    plan = _plan(rows, day)
    periods = _periods(rows, day)
    if not periods:
        return _closed_text(plan)
    text = _times_text(periods)
    reasons = _reasons(plan.exceptions)
    if reasons:
        return _("%(hours)s (%(reason)s)") % {"hours": text, "reason": reasons}
    return text


def describe_week(help_point):
    """The regular week, Monday first, as (weekday name, text) pairs: ('maandag', 'gesloten'),
    ('dinsdag', 'van 9 tot 12 uur en van 13 tot 16 uur'). Exceptions and holidays are not in it."""
    hours = list(help_point.opening_hours.all())
    week = []
    for weekday in range(7):
        times = sorted((row.opens_at, row.closes_at) for row in hours if row.weekday == weekday)
        week.append((str(WEEKDAYS[weekday]), _times_text(times) if times else _("gesloten")))
    return week


def _day_name(day):
    """'dinsdag 3 december', with Django's translated day and month names."""
    return date_format(day, "l j F")


def today_text(help_point, now):
    """One or two short sentences for the finder and the detail page, for example 'Nu open tot 12 uur',
    'Vandaag open van 9 tot 12 uur', 'Vandaag gesloten. Volgende keer open: dinsdag 3 december van 9 tot 12 uur'."""
    rows = _rows(help_point)
    now = _aware(now)
    today = _utc(now).astimezone(BRUSSELS).date()
    current = _current_period(rows, now)
    if current:
        return _("Nu open tot %(closes)s uur") % {"closes": _clock(current[1], closing=True)}
    periods = _periods(rows, today)
    later = [period for period in periods if _utc(period[0]) > _utc(now)]
    if later and len(later) == len(periods):
        return _("Vandaag open %(hours)s") % {"hours": _times_text(later)}
    if later:
        return _("Vandaag nog open %(hours)s") % {"hours": _times_text(later)}
    if periods:
        first = _("Nu gesloten.")
    else:
        closed = _closed_text(_plan(rows, today))
        first = _("Vandaag %(closed)s.") % {"closed": closed}
    upcoming = _next_opening(rows, now, HORIZON_DAYS)
    if upcoming is None:
        nothing = _("De komende %(days)s dagen niet open.") % {"days": HORIZON_DAYS}
        return f"{first} {nothing}"
    day = upcoming[0].date()
    times = [period for period in _periods(rows, day) if _utc(period[0]) >= _utc(upcoming[0])]
    following = _("Volgende keer open: %(day)s %(hours)s") % {"day": _day_name(day), "hours": _times_text(times)}
    return f"{first} {following}"


# Checking the weekly hours a coordinator enters -----------------------------------------------------------------

_MINUTES_PER_DAY = 24 * 60
_MINUTES_PER_WEEK = 7 * _MINUTES_PER_DAY


def _as_tuple(row):
    if isinstance(row, tuple | list):
        return tuple(row)
    return row.weekday, row.opens_at, row.closes_at


def validate_weekly_hours(rows):
    """Problems with weekly hours, as Dutch sentences for the form; an empty list means they can be saved.

    Rows are (weekday, opens_at, closes_at) tuples or OpeningHours. Refused: a period that opens and closes at the
    same time, and periods that overlap, also when one runs past midnight into the next day (Sunday into Monday
    too). Periods that touch (9–12 and 12–16) are fine.
    """
    problems = []
    periods = []
    for weekday, opens, closes in sorted(_as_tuple(row) for row in rows):
        if opens == closes:
            problems.append(
                _("Op %(day)s opent en sluit een periode allebei om %(time)s uur. Kies een ander einduur.")
                % {"day": WEEKDAYS[weekday], "time": _clock(opens)}
            )
            continue
        start = weekday * _MINUTES_PER_DAY + opens.hour * 60 + opens.minute
        length = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        if length < 0:
            length += _MINUTES_PER_DAY
        periods.append((weekday, opens, closes, start, length))
    for index, first in enumerate(periods):
        for second in periods[index + 1 :]:
            if (second[3] - first[3]) % _MINUTES_PER_WEEK < first[4] or (first[3] - second[3]) % _MINUTES_PER_WEEK < (
                second[4]
            ):
                problems.append(_overlap_text(first, second))
    return problems


def _overlap_text(first, second):
    if first[0] == second[0]:
        return _("Op %(day)s overlappen de uren %(first)s en %(second)s. Pas de uren aan.") % {
            "day": WEEKDAYS[first[0]],
            "first": _period_text(first[1], first[2]),
            "second": _period_text(second[1], second[2]),
        }
    return _("De uren op %(first_day)s %(first)s en op %(second_day)s %(second)s overlappen. Pas de uren aan.") % {
        "first_day": WEEKDAYS[first[0]],
        "first": _period_text(first[1], first[2]),
        "second_day": WEEKDAYS[second[0]],
        "second": _period_text(second[1], second[2]),
    }
