from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import translation

from einclusie.helppoints import opening
from einclusie.helppoints.models import HelpPoint, Location, OpeningHours, ScheduleException, Service

BRUSSELS = opening.BRUSSELS
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def help_point(gent):
    location = Location.objects.create(
        organisation=gent,
        name="Bibliotheek",
        street="Kouter 1",
        postal_code="9000",
        city="Gent",
        municipality=gent.municipality,
    )
    service = Service.objects.create(organisation=gent, name="Digipunt", description="Hulp met uw smartphone.")
    return HelpPoint.objects.create(service=service, location=location)


def hours(help_point, weekday, opens, closes):
    OpeningHours.objects.create(
        help_point=help_point, weekday=weekday, opens_at=time.fromisoformat(opens), closes_at=time.fromisoformat(closes)
    )


def exception(help_point, starts_on, ends_on=None, opens=None, closes=None, reason=""):
    ScheduleException.objects.create(
        help_point=help_point,
        starts_on=starts_on,
        ends_on=ends_on or starts_on,
        closed=opens is None,
        opens_at=time.fromisoformat(opens) if opens else None,
        closes_at=time.fromisoformat(closes) if closes else None,
        reason=reason,
    )


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def real_length(period):
    start, end = period
    return end.astimezone(UTC) - start.astimezone(UTC)


# Public holidays


def test_easter_monday_2026_is_a_holiday():
    holidays = opening.public_holidays(2026)
    assert opening.easter_sunday(2026) == date(2026, 4, 5)
    assert holidays[date(2026, 4, 6)] == "Paasmaandag"
    assert holidays[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert holidays[date(2026, 5, 25)] == "Pinkstermaandag"
    assert holidays[date(2026, 12, 25)] == "Kerstmis"
    assert len(holidays) == 10


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2008, date(2008, 3, 23)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2038, date(2038, 4, 25))],
)
def test_easter_sunday_falls_on_the_known_days(year, easter):
    assert opening.easter_sunday(year) == easter


def test_a_holiday_moved_by_royal_decree_is_on_its_new_day():
    holidays = opening.public_holidays(2008)
    assert holidays[date(2008, 5, 1)] == "Feest van de Arbeid"
    assert holidays[date(2008, 5, 2)] == "Hemelvaartsdag"


def test_changing_the_returned_holidays_does_not_change_the_cache():
    opening.public_holidays(2026).clear()
    assert len(opening.public_holidays(2026)) == 10


def test_every_holiday_name_is_offered_to_the_translators():
    assert set(opening.public_holidays(2026).values()) <= set(opening.HOLIDAY_NAMES)


# Which periods a day has


@pytest.mark.django_db
def test_a_friday_evening_session_is_open_after_midnight(help_point):
    hours(help_point, FRIDAY, "20:00", "01:00")
    assert not opening.is_open_at(help_point, at(2025, 12, 5, 19, 59))
    assert opening.is_open_at(help_point, at(2025, 12, 5, 20, 0))
    assert opening.is_open_at(help_point, at(2025, 12, 6, 0, 30))
    assert not opening.is_open_at(help_point, at(2025, 12, 6, 1, 0))
    assert opening.periods_on(help_point, date(2025, 12, 6)) == []
    assert opening.periods_on(help_point, date(2025, 12, 5)) == [(at(2025, 12, 5, 20), at(2025, 12, 6, 1))]


@pytest.mark.django_db
def test_a_naive_moment_is_brussels_time_and_a_utc_moment_is_converted(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    assert opening.is_open_at(help_point, datetime(2024, 12, 3, 9, 30))
    # 08:30 UTC is 09:30 in Brussels in winter
    assert opening.is_open_at(help_point, datetime(2024, 12, 3, 8, 30, tzinfo=UTC))
    assert not opening.is_open_at(help_point, datetime(2024, 12, 3, 11, 30, tzinfo=UTC))


@pytest.mark.django_db
def test_a_closure_exception_beats_the_weekly_hours(help_point):
    hours(help_point, MONDAY, "09:00", "12:00")
    exception(help_point, date(2025, 12, 22), date(2026, 1, 4), reason="Kerstvakantie")
    assert opening.periods_on(help_point, date(2025, 12, 29)) == []
    assert not opening.is_open_at(help_point, at(2025, 12, 29, 10))
    assert opening.describe_day(help_point, date(2025, 12, 29)) == "gesloten (Kerstvakantie)"
    assert opening.is_open_at(help_point, at(2026, 1, 5, 10))


@pytest.mark.django_db
def test_an_exception_with_other_hours_replaces_the_weekly_hours(help_point):
    hours(help_point, MONDAY, "09:00", "12:00")
    hours(help_point, MONDAY, "13:00", "16:00")
    exception(help_point, date(2025, 12, 8), opens="10:00", closes="11:30", reason="Personeelsvergadering")
    assert opening.periods_on(help_point, date(2025, 12, 8)) == [(at(2025, 12, 8, 10), at(2025, 12, 8, 11, 30))]
    assert opening.describe_day(help_point, date(2025, 12, 8)) == "van 10 tot 11.30 uur (Personeelsvergadering)"


@pytest.mark.django_db
def test_a_one_day_session_inside_a_longer_closure_opens_that_day(help_point):
    exception(help_point, date(2025, 12, 22), date(2026, 1, 4), reason="Kerstvakantie")
    exception(help_point, date(2025, 12, 30), opens="09:00", closes="12:00")
    exception(help_point, date(2025, 12, 30), opens="13:00", closes="15:00")
    assert opening.describe_day(help_point, date(2025, 12, 30)) == "van 9 tot 12 uur en van 13 tot 15 uur"
    assert opening.describe_day(help_point, date(2025, 12, 31)) == "gesloten (Kerstvakantie)"


@pytest.mark.django_db
def test_a_closure_wins_over_other_hours_on_the_same_day(help_point):
    exception(help_point, date(2025, 12, 8), opens="09:00", closes="12:00")
    exception(help_point, date(2025, 12, 8), reason="Ziekte")
    assert opening.periods_on(help_point, date(2025, 12, 8)) == []


@pytest.mark.django_db
def test_public_holidays_close_the_help_point_unless_it_opens_on_holidays(help_point):
    hours(help_point, THURSDAY, "09:00", "12:00")
    christmas = date(2025, 12, 25)  # a Thursday
    assert opening.periods_on(help_point, christmas) == []
    assert opening.describe_day(help_point, christmas) == "gesloten (wettelijke feestdag: Kerstmis)"
    assert opening.periods_on(help_point, date(2025, 12, 18)) == [(at(2025, 12, 18, 9), at(2025, 12, 18, 12))]

    help_point.closed_on_public_holidays = False
    help_point.save()
    assert opening.describe_day(help_point, christmas) == "van 9 tot 12 uur"
    assert opening.is_open_at(help_point, at(2025, 12, 25, 10))


@pytest.mark.django_db
def test_an_exception_can_open_a_help_point_on_a_public_holiday(help_point):
    exception(help_point, date(2026, 4, 6), opens="10:00", closes="12:00", reason="Paasontbijt")
    assert opening.is_open_at(help_point, at(2026, 4, 6, 11))


@pytest.mark.django_db
def test_the_dst_change_day_does_not_crash_and_keeps_real_durations(help_point):
    hours(help_point, SUNDAY, "01:00", "04:00")
    (spring,) = opening.periods_on(help_point, date(2026, 3, 29))
    assert real_length(spring) == timedelta(hours=2)
    assert opening.is_open_at(help_point, datetime(2026, 3, 29, 0, 30, tzinfo=UTC))  # 01:30 winter time
    assert opening.is_open_at(help_point, datetime(2026, 3, 29, 1, 30, tzinfo=UTC))  # 03:30 summer time
    assert not opening.is_open_at(help_point, datetime(2026, 3, 29, 2, 0, tzinfo=UTC))  # 04:00 summer time

    (autumn,) = opening.periods_on(help_point, date(2026, 10, 25))
    assert real_length(autumn) == timedelta(hours=4)
    assert opening.is_open_at(help_point, datetime(2026, 10, 25, 2, 30, tzinfo=UTC))  # 03:30 winter time
    assert not opening.is_open_at(help_point, datetime(2026, 10, 25, 3, 0, tzinfo=UTC))  # 04:00 winter time


@pytest.mark.django_db
def test_an_opening_time_the_clocks_skip_moves_forward(help_point):
    exception(help_point, date(2026, 3, 29), opens="02:30", closes="05:00")
    (period,) = opening.periods_on(help_point, date(2026, 3, 29))
    start, end = period
    assert (start.hour, start.minute, start.utcoffset()) == (3, 30, timedelta(hours=2))
    assert real_length(period) == timedelta(hours=1, minutes=30)
    assert opening.describe_day(help_point, date(2026, 3, 29)) == "van 3.30 tot 5 uur"
    assert opening.is_open_at(help_point, datetime(2026, 3, 29, 2, 30))  # a naive time that does not exist


@pytest.mark.django_db
def test_next_opening_finds_the_next_session_within_the_horizon(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    hours(help_point, TUESDAY, "13:00", "16:00")
    assert opening.next_opening(help_point, at(2024, 12, 2, 10)) == (at(2024, 12, 3, 9), at(2024, 12, 3, 12))
    assert opening.next_opening(help_point, at(2024, 12, 3, 10)) == (at(2024, 12, 3, 13), at(2024, 12, 3, 16))
    exception(help_point, date(2024, 12, 1), date(2024, 12, 31), reason="Verbouwing")
    assert opening.next_opening(help_point, at(2024, 12, 2, 10)) is None
    assert opening.next_opening(help_point, at(2024, 12, 2, 10), horizon_days=40) == (
        at(2025, 1, 7, 9),
        at(2025, 1, 7, 12),
    )


@pytest.mark.django_db
def test_opens_on_weekday_looks_at_the_coming_day_with_that_name(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    monday = at(2024, 12, 2, 10)
    assert opening.opens_on_weekday(help_point, TUESDAY, monday)
    assert not opening.opens_on_weekday(help_point, WEDNESDAY, monday)
    assert opening.opens_on_weekday(help_point, TUESDAY, at(2024, 12, 3, 11))
    exception(help_point, date(2024, 12, 10), reason="Opleiding")
    assert not opening.opens_on_weekday(help_point, TUESDAY, at(2024, 12, 3, 13))  # today is over, next is closed


@pytest.mark.django_db
def test_a_prefetched_help_point_needs_no_more_queries(help_point, django_assert_num_queries):
    hours(help_point, TUESDAY, "09:00", "12:00")
    exception(help_point, date(2024, 12, 24), date(2024, 12, 26), reason="Kerstmis")
    prefetched = HelpPoint.objects.prefetch_related("opening_hours", "exceptions").get(pk=help_point.pk)
    with django_assert_num_queries(0):
        opening.periods_on(prefetched, date(2024, 12, 3))
        opening.is_open_at(prefetched, at(2024, 12, 3, 10))
        opening.next_opening(prefetched, at(2024, 12, 3, 13))
        opening.opens_on_weekday(prefetched, TUESDAY, at(2024, 12, 3, 13))
        opening.describe_day(prefetched, date(2024, 12, 24))
        opening.describe_week(prefetched)
        opening.today_text(prefetched, at(2024, 12, 2, 10))


# Plain-language text


@pytest.mark.django_db
def test_describe_day_uses_plain_dutch(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    hours(help_point, TUESDAY, "13:00", "16:00")
    hours(help_point, WEDNESDAY, "09:30", "12:00")
    hours(help_point, FRIDAY, "20:00", "00:00")
    assert opening.describe_day(help_point, date(2024, 12, 3)) == "van 9 tot 12 uur en van 13 tot 16 uur"
    assert opening.describe_day(help_point, date(2024, 12, 4)) == "van 9.30 tot 12 uur"
    assert opening.describe_day(help_point, date(2024, 12, 6)) == "van 20 tot 24 uur"
    assert opening.describe_day(help_point, date(2024, 12, 2)) == "gesloten"


@pytest.mark.django_db
def test_describe_week_lists_the_regular_week_from_monday(help_point):
    hours(help_point, TUESDAY, "13:00", "16:00")
    hours(help_point, TUESDAY, "09:00", "12:00")
    hours(help_point, FRIDAY, "20:00", "01:00")
    week = opening.describe_week(help_point)
    assert week[0] == ("maandag", "gesloten")
    assert week[1] == ("dinsdag", "van 9 tot 12 uur en van 13 tot 16 uur")
    assert week[4] == ("vrijdag", "van 20 tot 1 uur")
    assert [day for day, _text in week][-1] == "zondag"


@pytest.mark.django_db
def test_today_text_says_when_it_opens_today_and_until_when_it_is_open_now(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    hours(help_point, TUESDAY, "13:00", "16:00")
    assert opening.today_text(help_point, at(2024, 12, 3, 8)) == "Vandaag open van 9 tot 12 uur en van 13 tot 16 uur"
    assert opening.today_text(help_point, at(2024, 12, 3, 10)) == "Nu open tot 12 uur"
    assert opening.today_text(help_point, at(2024, 12, 3, 12, 30)) == "Vandaag nog open van 13 tot 16 uur"
    assert opening.today_text(help_point, at(2024, 12, 3, 17)) == (
        "Nu gesloten. Volgende keer open: dinsdag 10 december van 9 tot 12 uur en van 13 tot 16 uur"
    )


@pytest.mark.django_db
def test_today_text_on_a_closed_day_points_to_the_next_opening(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    assert opening.today_text(help_point, at(2024, 12, 2, 10)) == (
        "Vandaag gesloten. Volgende keer open: dinsdag 3 december van 9 tot 12 uur"
    )
    exception(help_point, date(2024, 12, 2), date(2024, 12, 31), reason="Verbouwing")
    assert opening.today_text(help_point, at(2024, 12, 2, 10)) == (
        "Vandaag gesloten (Verbouwing). De komende 14 dagen niet open."
    )


@pytest.mark.django_db
def test_day_and_month_names_follow_the_language_of_the_page(help_point):
    hours(help_point, TUESDAY, "09:00", "12:00")
    with translation.override("en"):
        assert "Tuesday 3 December" in opening.today_text(help_point, at(2024, 12, 2, 10))
        assert opening.describe_week(help_point)[1][0] == "Tuesday"
    with translation.override("fr"):
        assert "mardi 3 décembre" in opening.today_text(help_point, at(2024, 12, 2, 10))


# Checking the weekly hours a coordinator enters


def test_overlapping_hours_are_refused():
    problems = opening.validate_weekly_hours([(MONDAY, time(9), time(12)), (MONDAY, time(11), time(14))])
    assert problems == ["Op maandag overlappen de uren van 9 tot 12 uur en van 11 tot 14 uur. Pas de uren aan."]


def test_hours_past_midnight_are_checked_against_the_next_day():
    problems = opening.validate_weekly_hours([(FRIDAY, time(20), time(2)), (SATURDAY, time(1), time(5))])
    assert problems == [
        "De uren op vrijdag van 20 tot 2 uur en op zaterdag van 1 tot 5 uur overlappen. Pas de uren aan."
    ]
    assert opening.validate_weekly_hours([(SUNDAY, time(22), time(2)), (MONDAY, time(1, 30), time(3))])


def test_an_opening_time_equal_to_the_closing_time_is_refused():
    assert opening.validate_weekly_hours([(TUESDAY, time(9), time(9))]) == [
        "Op dinsdag opent en sluit een periode allebei om 9 uur. Kies een ander einduur."
    ]


def test_periods_that_touch_are_fine():
    rows = [(TUESDAY, time(9), time(12)), (TUESDAY, time(12), time(16)), (FRIDAY, time(20), time(0))]
    assert opening.validate_weekly_hours(rows) == []
    assert opening.validate_weekly_hours([]) == []
