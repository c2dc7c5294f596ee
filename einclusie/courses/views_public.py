"""Public course pages (no account): find a course, read about it, sign up with a first name and a phone or e-mail."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from einclusie.courses import services
from einclusie.courses.forms import CourseFilterForm, SignUpForm
from einclusie.courses.models import Course, CourseSession, CourseStatus, EnrolmentStatus
from einclusie.helppoints import finder

COURSES_PER_PAGE = 20
SESSION_SIGN_UP = "course_sign_up"


def public_courses(queryset=None):
    """Published courses (or the given ones) with what a public page shows, and how many places are taken."""
    queryset = Course.objects.published() if queryset is None else queryset
    return (
        queryset.select_related("language", "location", "organisation", "help_point__service")
        .prefetch_related("digcomp_areas", Prefetch("sessions", queryset=CourseSession.objects.order_by("date")))
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED), distinct=True))
    )


def course_list(request):
    form = CourseFilterForm(request.GET or None)
    lookup = finder.PlaceLookup()
    courses = public_courses().with_dates().filter(first_date__gte=timezone.localdate())
    if request.GET and form.is_valid():
        data = form.cleaned_data
        if data["waar"]:
            lookup = finder.find_place(data["waar"])
            courses = courses.near(lookup.place) if lookup.place else courses.none()
        if data["gebied"]:
            courses = courses.filter(digcomp_areas__code=data["gebied"], digcomp_areas__code_list__slug="digcomp-areas")
        if data["taal"]:
            courses = courses.filter(language__code=data["taal"])
    elif request.GET:
        # Nonsense in the query string: the empty form again, never an error page.
        form = CourseFilterForm()
    order = ("elsewhere", "first_date", "pk") if lookup.place else ("first_date", "pk")
    page = Paginator(courses.order_by(*order), COURSES_PER_PAGE).get_page(_page_number(request))
    query_string = request.GET.copy()
    query_string.pop("pagina", None)
    return render(
        request,
        "courses/public/list.html",
        {"form": form, "lookup": lookup, "page": page, "query_string": query_string.urlencode()},
    )


def course_detail(request, course_uuid):
    course = get_object_or_404(_visible(), uuid=course_uuid)
    open_for_sign_up = course.is_published and not course.has_started()
    form = SignUpForm(request.POST if request.method == "POST" else None) if open_for_sign_up else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                course=course,
                first_name=form.cleaned_data["first_name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[SESSION_SIGN_UP] = {
                "course": str(course.uuid),
                "status": enrolment.status,
                "position": services.waiting_position(enrolment),
            }
            return redirect("courses:signed_up", course_uuid=course.uuid)
    return render(
        request,
        "courses/public/detail.html",
        {
            "course": course,
            "form": form,
            "open_for_sign_up": open_for_sign_up,
            "places_left": max(course.capacity - course.taken, 0),
        },
    )


def signed_up(request, course_uuid):
    """What happens next, after the sign-up form."""
    course = get_object_or_404(_visible(), uuid=course_uuid)
    sign_up = request.session.get(SESSION_SIGN_UP) or {}
    if sign_up.get("course") != str(course.uuid):
        sign_up = {}
    return render(
        request,
        "courses/public/signed_up.html",
        {
            "course": course,
            "waiting": sign_up.get("status") == EnrolmentStatus.WAITING,
            "position": sign_up.get("position"),
            "known": bool(sign_up),
            "retention_months": settings.COURSE_RETENTION_MONTHS,
        },
    )


def _visible():
    """Published and cancelled courses (a cancelled course keeps its page, saying it does not take place)."""
    return public_courses(Course.objects.exclude(status=CourseStatus.DRAFT).filter(organisation__is_active=True))


def _page_number(request):
    raw = request.GET.get("pagina", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1
