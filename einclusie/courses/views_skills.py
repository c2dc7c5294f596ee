"""The anonymous skills check (public) and its group results for the coordinator (never per person)."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from einclusie.courses import services, skills
from einclusie.courses.forms import SkillsCheckForm
from einclusie.courses.models import Course, CourseStatus, Moment, Questionnaire, SkillsCheck
from einclusie.courses.views_manage import VIEW, _course
from einclusie.organisations.access import require

SESSION_SKILLS = "skills_check_done"
MOMENTS = {"voor": Moment.BEFORE, "na": Moment.AFTER}


def _linked_course(request):
    """The course named in ?cursus=<uuid>, when it is a course citizens can see; else None."""
    try:
        course_uuid = uuid.UUID(request.GET.get("cursus", ""))
    except ValueError:
        return None
    return (
        Course.objects.exclude(status=CourseStatus.DRAFT).filter(organisation__is_active=True, uuid=course_uuid).first()
    )


def skills_check(request):
    questionnaire = Questionnaire.objects.current()
    if questionnaire is None:
        raise Http404
    course = _linked_course(request)
    moment = MOMENTS.get(request.GET.get("moment", ""))
    form = SkillsCheckForm(
        request.POST if request.method == "POST" else None,
        questionnaire=questionnaire,
        code_required=moment == Moment.AFTER,
        ask_code=moment != Moment.BEFORE,
    )
    if request.method == "POST" and form.is_valid():
        try:
            check = services.skills_check_submit(
                questionnaire=questionnaire,
                ratings=form.ratings(),
                code=form.cleaned_data.get("code", ""),
                course=course,
            )
        except ValidationError as error:
            form.add_error("code" if "code" in form.fields else None, error)
        else:
            request.session[SESSION_SKILLS] = {
                "code": check.code if check.moment == Moment.BEFORE else "",
                "course": str(course.uuid) if course else "",
            }
            return redirect("courses:skills_done")
    return render(
        request,
        "courses/skills/check.html",
        {"form": form, "questionnaire": questionnaire, "course": course, "moment": moment},
    )


def skills_done(request):
    """After the check: the code to keep (first check) or a thank-you (second check)."""
    done = request.session.get(SESSION_SKILLS) or {}
    return render(
        request,
        "courses/skills/done.html",
        {"code": skills.display_code(done.get("code", "")), "known": bool(done), "course_uuid": done.get("course")},
    )


@login_required
def skills_results(request, course_id):
    require(request, VIEW)
    course = _course(request, course_id, VIEW)
    result = skills.group_result(SkillsCheck.objects.pairs().for_course(course))
    return render(
        request,
        "courses/skills/results.html",
        {
            "course": course,
            "result": result,
            "minimum": skills.MIN_GROUP,
            "first_checks": SkillsCheck.objects.filter(course=course, moment=Moment.BEFORE).count(),
        },
    )
