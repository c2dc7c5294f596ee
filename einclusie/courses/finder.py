"""Courses beside the help points in the public finder."""

from einclusie.courses.models import Course

FINDER_COURSES = 5


def courses_near(place, *, today=None, limit=FINDER_COURSES):
    """Up to `limit` upcoming published courses near a place, in the place itself first, then soonest first.

    One query.
    """
    courses = Course.objects.upcoming(today).near(place).select_related("location")
    return list(courses.order_by("elsewhere", "first_date", "pk")[:limit])
