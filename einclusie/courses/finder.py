"""Courses beside the help points in the public finder."""

from einclusie.courses.models import Course

FINDER_COURSES = 5


def courses_near(place, *, today=None, limit=FINDER_COURSES):
    """Up to `limit` upcoming published courses near a place, soonest first, in one query."""
    return list(
        Course.objects.upcoming(today).near(place).select_related("location").order_by("first_date", "pk")[:limit]
    )
