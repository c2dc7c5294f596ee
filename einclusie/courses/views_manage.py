"""Workspace pages: a coordinator plans and publishes courses; a teacher takes attendance and marks completion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.core.spreadsheets import FORMATS, spreadsheet_response
from einclusie.courses import attendance_sheet, services
from einclusie.courses.forms import (
    AttendanceSheetForm,
    CourseForm,
    CourseSessionForm,
    HelperEnrolmentForm,
    PeopleForm,
    display_phone,
)
from einclusie.courses.models import Course, CourseSession, Enrolment, EnrolmentStatus
from einclusie.organisations.access import get_for_organisation_or_404, require

VIEW = "courses.view"
MANAGE = "courses.manage"
ATTENDANCE = "courses.attendance"
COMPLETION_SHARE = 0.75  # present at three sessions in four (of those held) suggests the course is completed
COURSES_PER_PAGE = 50


def can_see_people(membership):
    """Names, phone numbers and e-mail addresses of sign-ups: only for those who manage or teach the course."""
    return membership.allows(MANAGE) or membership.allows(ATTENDANCE)


def _course(request, course_id, action):
    queryset = Course.objects.select_related("language", "location", "help_point__service").prefetch_related(
        "digcomp_areas", "target_groups", Prefetch("sessions", queryset=CourseSession.objects.order_by("date"))
    )
    return get_for_organisation_or_404(request, queryset, action=action, pk=course_id)


@login_required
def course_list(request):
    membership = require(request, VIEW)
    organisation = membership.organisation
    courses = (
        Course.objects.for_organisation(organisation)
        .with_dates()
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED), distinct=True),
            waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING), distinct=True),
        )
        .order_by(F("first_date").desc(nulls_first=True), "-pk")
    )
    file_format = request.GET.get("formaat")
    if file_format in FORMATS:
        return spreadsheet_response(
            filename=_("cursussen"), header=COURSE_LIST_HEADER, rows=_course_rows(courses), file_format=file_format
        )
    page = Paginator(courses, COURSES_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "courses/list.html",
        {"organisation": organisation, "page": page, "can_manage": membership.allows(MANAGE), "query_string": ""},
    )


COURSE_LIST_HEADER = ["cursus", "status", "eerste_sessie", "laatste_sessie", "plaatsen", "ingeschreven", "wachtlijst"]


def _course_rows(courses):
    for course in courses:
        yield [
            course.title,
            course.get_status_display(),
            course.first_date,
            course.last_date,
            course.capacity,
            course.enrolled,
            course.waiting,
        ]


@login_required
def course_form(request, course_id=None):
    membership = require(request, MANAGE)
    course = _course(request, course_id, MANAGE) if course_id is not None else None
    form = CourseForm(
        request.POST if request.method == "POST" else None, instance=course, organisation=membership.organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.course_save(form=form, organisation=membership.organisation, by=request.user)
        except ValidationError as error:
            form.show_current(error)
        else:
            messages.success(request, _("De cursus %(title)s is bewaard.") % {"title": saved.title})
            if course is None:
                messages.info(request, _("Voeg nu de sessies toe: de dagen en uren van de cursus."))
                return redirect("courses:sessions", course_id=saved.pk)
            return redirect("courses:detail", course_id=saved.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@login_required
def course_detail(request, course_id):
    membership = require(request, VIEW)
    course = _course(request, course_id, VIEW)
    today = timezone.localdate()
    sessions = course.sessions.annotate(
        present=Count("attendances", filter=Q(attendances__present=True)), recorded=Count("attendances")
    ).order_by("date", "starts_at")
    enrolments = list(
        course.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("helper_organisation")
        .annotate(present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("status", "enrolled_at", "pk")
    )
    held = sum(1 for session in sessions if session.date <= today)
    for enrolment in enrolments:
        enrolment.phone_display = display_phone(enrolment.phone)
    counts = {
        "enrolled": sum(1 for e in enrolments if e.status == EnrolmentStatus.ENROLLED),
        "waiting": sum(1 for e in enrolments if e.status == EnrolmentStatus.WAITING),
        "completed": sum(1 for e in enrolments if e.completed),
    }
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "sessions": sessions,
            "held": held,
            "enrolments": enrolments,
            "counts": counts,
            "today": today,
            "can_manage": membership.allows(MANAGE),
            "can_teach": membership.allows(ATTENDANCE),
            "can_see_people": can_see_people(membership),
            "open_for_sign_up": course.is_published and not course.has_started(),
        },
    )


@login_required
def sessions(request, course_id):
    require(request, MANAGE)
    course = _course(request, course_id, MANAGE)
    form = CourseSessionForm(request.POST if request.method == "POST" else None, course=course)
    if request.method == "POST" and form.is_valid():
        session = services.session_add(form=form, course=course, by=request.user)
        messages.success(request, _("De sessie van %(date)s is toegevoegd.") % {"date": _date(session.date)})
        return redirect("courses:sessions", course_id=course.pk)
    return render(
        request,
        "courses/sessions.html",
        {"course": course, "form": form, "sessions": course.sessions.annotate(recorded=Count("attendances"))},
    )


@login_required
@require_POST
def session_delete(request, session_id):
    require(request, MANAGE)
    session = get_for_organisation_or_404(
        request,
        CourseSession.objects.select_related("course"),
        action=MANAGE,
        owner="course__organisation",
        pk=session_id,
    )
    try:
        services.session_remove(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De sessie van %(date)s is verwijderd.") % {"date": _date(session.date)})
    return redirect("courses:sessions", course_id=session.course_id)


@login_required
@require_POST
def publish(request, course_id):
    require(request, MANAGE)
    course = _course(request, course_id, MANAGE)
    try:
        services.course_transition(course=course, action="publish", by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De cursus is gepubliceerd. Inwoners vinden ze nu en kunnen zich inschrijven."))
    return redirect("courses:detail", course_id=course.pk)


@login_required
def cancel(request, course_id):
    require(request, MANAGE)
    course = _course(request, course_id, MANAGE)
    if request.method == "POST":
        try:
            services.course_transition(course=course, action="cancel", by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("De cursus is geannuleerd. Verwittig de ingeschreven deelnemers."))
        return redirect("courses:detail", course_id=course.pk)
    enrolled = course.enrolments.exclude(status=EnrolmentStatus.CANCELLED).count()
    return render(request, "courses/cancel.html", {"course": course, "enrolled": enrolled})


@login_required
def enrol(request, course_id):
    """A digihelper signs someone up; without a phone or e-mail the helper's organisation is the contact."""
    membership = require(request, ATTENDANCE)
    course = _course(request, course_id, ATTENDANCE)
    form = HelperEnrolmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                course=course,
                first_name=form.cleaned_data["first_name"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                helper_organisation=membership.organisation,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                messages.warning(
                    request,
                    _("De cursus is volzet. %(name)s staat op de wachtlijst (plaats %(position)s).")
                    % {"name": enrolment.first_name, "position": services.waiting_position(enrolment)},
                )
            else:
                messages.success(request, _("%(name)s is ingeschreven.") % {"name": enrolment.first_name})
            return redirect("courses:detail", course_id=course.pk)
    return render(request, "courses/enrol.html", {"course": course, "form": form})


@login_required
@require_POST
def enrolment_cancel(request, enrolment_id):
    require(request, ATTENDANCE)
    enrolment = get_for_organisation_or_404(
        request,
        Enrolment.objects.select_related("course"),
        action=ATTENDANCE,
        owner="course__organisation",
        pk=enrolment_id,
    )
    try:
        promoted = services.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("De inschrijving is geschrapt."))
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s van de wachtlijst heeft nu een plaats. Laat het de persoon weten.")
                % {"name": promoted.first_name or _("Iemand")},
            )
    return redirect("courses:detail", course_id=enrolment.course_id)


def _people_choices(enrolments):
    return [(enrolment.pk, _person_label(enrolment)) for enrolment in enrolments]


def _person_label(enrolment):
    if enrolment.is_erased:
        return _("deelnemer %(number)s (gegevens gewist)") % {"number": enrolment.pk}
    return enrolment.first_name


@login_required
def attendance(request, session_id):
    require(request, ATTENDANCE)
    session = get_for_organisation_or_404(
        request,
        CourseSession.objects.select_related("course"),
        action=ATTENDANCE,
        owner="course__organisation",
        pk=session_id,
    )
    course = session.course
    enrolments = list(course.enrolments.holding_a_place().order_by("first_name", "pk"))
    present = set(session.attendances.filter(present=True).values_list("enrolment_id", flat=True))
    form = PeopleForm(
        request.POST if request.method == "POST" else None,
        choices=_people_choices(enrolments),
        label=_("Wie was er aanwezig op %(date)s?") % {"date": _date(session.date)},
        help_text=_("Vink aan wie er was. Wie u niet aanvinkt, noteren we als afwezig."),
        initial={"people": sorted(present)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.attendance_record(
                session=session, present_ids=form.cleaned_data["people"], by=request.user
            )
        except ValidationError as error:
            form.add_error("people", error)
        else:
            messages.success(
                request,
                _("De aanwezigheid is bewaard: %(present)s van %(total)s aanwezig.")
                % {"present": count, "total": len(enrolments)},
            )
            return redirect("courses:detail", course_id=course.pk)
    return render(
        request,
        "courses/attendance.html",
        {
            "course": course,
            "session": session,
            "form": form,
            "enrolments": enrolments,
            "recorded": session.attendances.exists(),
            "is_future": not session.is_held(),
        },
    )


@login_required
def attendance_list(request, course_id):
    """Attendance of every session as one list: download it, fill it in (in Excel), read it back in."""
    require(request, ATTENDANCE)
    course = _course(request, course_id, ATTENDANCE)
    enrolments = list(course.enrolments.holding_a_place().order_by("first_name", "pk"))
    file_format = request.GET.get("formaat")
    if file_format in FORMATS:
        return spreadsheet_response(
            filename=_("aanwezigheid-cursus-%(number)d") % {"number": course.pk},
            header=attendance_sheet.attendance_header(course),
            rows=list(attendance_sheet.attendance_rows(course, enrolments)),
            file_format=file_format,
        )
    form = AttendanceSheetForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = attendance_sheet.attendance_import(course=course, source=upload, filename=upload.name, by=request.user)
        if report.error:
            form.add_error("file", report.error)
        elif report.ok:
            messages.success(
                request,
                _("De aanwezigheidslijst is ingelezen: %(recorded)s aanwezigheden van %(people)s deelnemers.")
                % {"recorded": report.recorded, "people": report.people},
            )
            return redirect("courses:attendance_list", course_id=course.pk)
        else:
            form.add_error("file", _("Er is niets ingelezen: verbeter de rijen hieronder en kies het bestand opnieuw."))
    return render(
        request,
        "courses/attendance_list.html",
        {
            "course": course,
            "form": form,
            "report": report,
            "header": attendance_sheet.attendance_header(course),
            "rows": list(attendance_sheet.attendance_rows(course, enrolments)),
        },
    )


@login_required
def completion(request, course_id):
    require(request, ATTENDANCE)
    course = _course(request, course_id, ATTENDANCE)
    today = timezone.localdate()
    held = course.sessions.filter(date__lte=today).count()
    enrolments = list(
        course.enrolments.holding_a_place()
        .annotate(
            present=Count("attendances", filter=Q(attendances__present=True, attendances__session__date__lte=today))
        )
        .order_by("first_name", "pk")
    )
    suggested = {e.pk for e in enrolments if held and e.present / held >= COMPLETION_SHARE}
    use_suggestion = request.GET.get("voorstel") == "1"
    initial = sorted(suggested if use_suggestion else {e.pk for e in enrolments if e.completed})
    choices = [
        (
            enrolment.pk,
            _("%(name)s – aanwezig op %(present)s van %(held)s sessies%(suggestion)s")
            % {
                "name": _person_label(enrolment),
                "present": enrolment.present,
                "held": held,
                "suggestion": _(" (voorstel: afgerond)") if enrolment.pk in suggested else "",
            },
        )
        for enrolment in enrolments
    ]
    form = PeopleForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        label=_("Wie heeft de cursus afgerond?"),
        help_text=_("Wie op minstens drie van de vier sessies aanwezig was, stellen we voor als afgerond."),
        initial={"people": initial},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.completion_record(
                course=course, completed_ids=form.cleaned_data["people"], by=request.user
            )
        except ValidationError as error:
            form.add_error("people", error)
        else:
            messages.success(request, _("Bewaard: %(count)s deelnemers hebben de cursus afgerond.") % {"count": count})
            return redirect("courses:detail", course_id=course.pk)
    return render(
        request,
        "courses/completion.html",
        {
            "course": course,
            "form": form,
            "held": held,
            "has_suggestion": bool(suggested),
            "use_suggestion": use_suggestion,
            "enrolments": enrolments,
        },
    )


def _date(day):
    return date_format(day, "j F Y")
