"""Writes about courses: the course lifecycle, sessions, sign-ups, attendance, completion, purge, skills checks.

Each write records an event (never a name, phone or e-mail address). Changes citizens can see in the public
finder bump the directory version, so cached finder pages are rebuilt.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.courses import mail, skills
from einclusie.courses.models import (
    Attendance,
    Course,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Moment,
    SkillsAnswer,
    SkillsCheck,
)
from einclusie.helppoints.services import directory_changed

# The course lifecycle: which action leads from which statuses to which status.
COURSE_TRANSITIONS = {
    "publish": ({CourseStatus.DRAFT}, CourseStatus.PUBLISHED),
    "cancel": ({CourseStatus.DRAFT, CourseStatus.PUBLISHED}, CourseStatus.CANCELLED),
}
REFUSALS = {
    "publish": gettext_lazy("Alleen een cursus in ontwerp kan gepubliceerd worden."),
    "cancel": gettext_lazy("Deze cursus is al geannuleerd."),
}


def course_save(*, form, organisation, by):
    """Create or change a course from a valid CourseForm."""
    created = form.instance.pk is None
    form.instance.organisation = organisation
    with transaction.atomic():
        lock_unchanged(form)  # two people editing the same course: the second save is refused
        course = form.save()
        record_event(
            verb="course.created" if created else "course.changed",
            actor=by,
            organisation=organisation,
            subject=course.title,
        )
        if course.is_published:
            directory_changed()
    return course


def course_transition(*, course, action, by):
    """Publish or cancel a course, following COURSE_TRANSITIONS; a published course needs a session."""
    allowed_from, to = COURSE_TRANSITIONS[action]
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if course.status not in allowed_from:
            raise ValidationError(REFUSALS[action], code="transition")
        if to == CourseStatus.PUBLISHED and not course.sessions.exists():
            raise ValidationError(_("Voeg eerst minstens één sessie toe."), code="no_sessions")
        course.status = to
        course.save(update_fields=["status", "updated_at"])
        record_event(verb=f"course.{action}", actor=by, organisation=course.organisation, subject=course.title)
        directory_changed()
        if to == CourseStatus.CANCELLED:
            for enrolment in course.enrolments.exclude(status=EnrolmentStatus.CANCELLED).exclude(email=""):
                transaction.on_commit(lambda enrolment=enrolment: mail.enrolment_mail(enrolment, "cancelled"))
    return course


def session_add(*, form, course, by):
    """Add a session from a valid CourseSessionForm."""
    form.instance.course = course
    with transaction.atomic():
        session = form.save()
        record_event(
            verb="course.session_added",
            actor=by,
            organisation=course.organisation,
            subject=course.title,
            date=session.date.isoformat(),
        )
        if course.is_published:
            directory_changed()
    return session


def session_remove(*, session, by):
    """Remove a session on which no attendance was taken yet."""
    course = session.course
    if session.attendances.exists():
        raise ValidationError(
            _("Voor deze sessie is de aanwezigheid al genoteerd. U kunt ze niet meer verwijderen."), code="attended"
        )
    if course.is_published and course.sessions.count() == 1:
        raise ValidationError(
            _("Een gepubliceerde cursus heeft minstens één sessie. Voeg eerst een andere sessie toe."),
            code="last_session",
        )
    with transaction.atomic():
        record_event(
            verb="course.session_removed",
            actor=by,
            organisation=course.organisation,
            subject=course.title,
            date=session.date.isoformat(),
        )
        session.delete()
        if course.is_published:
            directory_changed()


def enrolment_create(*, course, first_name, phone="", email="", helper_organisation=None, by=None, now=None):
    """Sign someone up for a published course that has not started; a full course puts them on the waiting list.

    Raises ValidationError (code: not_published, cancelled, started, duplicate, no_contact) and stores nothing.
    """
    now = now or timezone.now()
    if not (phone or email or helper_organisation):
        raise ValidationError(
            _("Vul uw telefoonnummer of uw e-mailadres in, zodat we u kunnen bereiken."), code="no_contact"
        )
    with transaction.atomic():
        # Lock the course row: two sign-ups for the last place end in one place and one waiting-list entry.
        course = Course.objects.select_for_update().get(pk=course.pk)
        if course.status == CourseStatus.CANCELLED:
            raise ValidationError(_("Deze cursus gaat niet door. Inschrijven kan niet meer."), code="cancelled")
        if course.status != CourseStatus.PUBLISHED:
            raise ValidationError(_("Voor deze cursus kunt u zich nog niet inschrijven."), code="not_published")
        if course.has_started(now):
            raise ValidationError(_("Deze cursus is al begonnen. Inschrijven kan niet meer."), code="started")
        others = course.enrolments.exclude(status=EnrolmentStatus.CANCELLED)
        if (phone and others.filter(phone=phone).exists()) or (email and others.filter(email=email).exists()):
            raise ValidationError(
                _("Met dit telefoonnummer of e-mailadres is al iemand ingeschreven voor deze cursus."),
                code="duplicate",
            )
        full = others.filter(status=EnrolmentStatus.ENROLLED).count() >= course.capacity
        enrolment = Enrolment.objects.create(
            course=course,
            first_name=first_name,
            phone=phone,
            email=email,
            helper_organisation=helper_organisation,
            entered_by=by if by is not None and by.is_authenticated else None,
            status=EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED,
            language=translation.get_language() or "",
        )
        record_event(
            verb="course.enrolled",
            actor=by,
            organisation=course.organisation,
            subject=course.title,
            status=enrolment.status,
            via_helper=helper_organisation is not None,
        )
        if email:
            transaction.on_commit(
                lambda: mail.enrolment_mail(enrolment, enrolment.status, position=waiting_position(enrolment))
            )
    return enrolment


def waiting_position(enrolment):
    """1 for the first on the waiting list; None when the person holds a place."""
    if enrolment.status != EnrolmentStatus.WAITING:
        return None
    ahead = Enrolment.objects.waiting().filter(course=enrolment.course_id, enrolled_at__lt=enrolment.enrolled_at)
    return ahead.count() + 1


def enrolment_cancel(*, enrolment, by):
    """Sign someone out; their place goes to the first person on the waiting list. Returns that person or None."""
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=enrolment.course_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == EnrolmentStatus.CANCELLED:
            raise ValidationError(_("Deze persoon is al uitgeschreven."), code="already_cancelled")
        held_a_place = enrolment.status == EnrolmentStatus.ENROLLED
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.save(update_fields=["status"])
        promoted = None
        taken = course.enrolments.holding_a_place().count()
        if held_a_place and taken < course.capacity:
            promoted = course.enrolments.waiting().first()
            if promoted is not None:
                promoted.status = EnrolmentStatus.ENROLLED
                promoted.save(update_fields=["status"])
        record_event(
            verb="course.enrolment_cancelled",
            actor=by,
            organisation=course.organisation,
            subject=course.title,
            promoted_from_waiting_list=promoted is not None,
        )
        if promoted is not None and promoted.email:
            transaction.on_commit(lambda: mail.enrolment_mail(promoted, "promoted"))
    return promoted


def attendance_record(*, session, present_ids, by, today=None):
    """Store who was present at a held session: one row per enrolled person, present or not."""
    today = today or timezone.localdate()
    if not session.is_held(today):
        raise ValidationError(
            _("Deze sessie is nog niet geweest. Noteer de aanwezigheid op de dag zelf of later."), code="future"
        )
    enrolments = list(session.course.enrolments.holding_a_place())
    known = {enrolment.pk for enrolment in enrolments}
    present_ids = {int(pk) for pk in present_ids}
    if present_ids - known:
        raise ValidationError(_("Kies alleen mensen die voor deze cursus ingeschreven zijn."), code="not_enrolled")
    with transaction.atomic():
        for enrolment in enrolments:
            Attendance.objects.update_or_create(
                enrolment=enrolment, session=session, defaults={"present": enrolment.pk in present_ids}
            )
        record_event(
            verb="course.attendance_recorded",
            actor=by,
            organisation=session.course.organisation,
            subject=session.course.title,
            date=session.date.isoformat(),
            present=len(present_ids),
            enrolled=len(known),
        )
    return len(present_ids)


def completion_record(*, course, completed_ids, by, now=None):
    """Mark which enrolled people completed the course (the teacher confirms; others are not completed)."""
    now = now or timezone.now()
    enrolments = list(course.enrolments.holding_a_place())
    known = {enrolment.pk for enrolment in enrolments}
    completed_ids = {int(pk) for pk in completed_ids}
    if completed_ids - known:
        raise ValidationError(_("Kies alleen mensen die voor deze cursus ingeschreven zijn."), code="not_enrolled")
    with transaction.atomic():
        for enrolment in enrolments:
            completed = enrolment.pk in completed_ids
            if completed != enrolment.completed:
                enrolment.completed = completed
                enrolment.completed_at = now if completed else None
                enrolment.save(update_fields=["completed", "completed_at"])
        record_event(
            verb="course.completion_recorded",
            actor=by,
            organisation=course.organisation,
            subject=course.title,
            completed=len(completed_ids),
        )
    return len(completed_ids)


def enrolments_purge(*, today=None, months=None, dry_run=True):
    """Erase the first name, phone and e-mail of enrolments due for erasure; counts and attendance stay.

    Returns the number of enrolments and of courses concerned. Safe to run twice.
    """
    due = Enrolment.objects.due_for_erasure(today=today, months=months)
    ids = list(due.values_list("pk", flat=True))
    courses = Enrolment.objects.filter(pk__in=ids).values("course_id").distinct().count()
    if ids and not dry_run:
        with transaction.atomic():
            Enrolment.objects.filter(pk__in=ids, erased_at__isnull=True).update(
                first_name="", phone="", email="", erased_at=timezone.now()
            )
            record_event(verb="course.enrolments_erased", subject=str(len(ids)), enrolments=len(ids), courses=courses)
    return {"enrolments": len(ids), "courses": courses}


def skills_check_submit(*, questionnaire, ratings, code="", course=None, today=None):
    """Store one anonymous check. Without a code it is a first check and gets a new code; with the code of a
    first check it is the second one, linked to the first. Raises ValidationError for an unknown or used code.
    """
    today = today or timezone.localdate()
    items = {item.code: item for item in questionnaire.items.all()}
    if set(ratings) != set(items):
        raise ValidationError(_("Kies een antwoord bij elke zin."), code="incomplete")
    with transaction.atomic():
        before = None
        if code:
            before = (
                SkillsCheck.objects.select_for_update(of=("self",))
                .filter(code=code, moment=Moment.BEFORE)
                .select_related("course")
                .first()
            )
            if before is None:
                raise ValidationError(_("We kennen deze code niet. Kijk of u ze goed overschreef."), code="unknown")
            if SkillsCheck.objects.filter(before=before).exists():
                raise ValidationError(_("Met deze code is de tweede test al ingevuld."), code="used")
            check = SkillsCheck.objects.create(
                questionnaire=questionnaire,
                code=code,
                moment=Moment.AFTER,
                course=course or before.course,
                before=before,
                taken_on=today,
            )
        else:
            check = _first_check(questionnaire, course, today)
        SkillsAnswer.objects.bulk_create(
            SkillsAnswer(skills_check=check, item=items[item_code], rating=rating)
            for item_code, rating in ratings.items()
        )
    return check


def _first_check(questionnaire, course, today):
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return SkillsCheck.objects.create(
                    questionnaire=questionnaire,
                    code=skills.new_code(),
                    moment=Moment.BEFORE,
                    course=course,
                    taken_on=today,
                )
        except IntegrityError:
            continue  # the code was taken (about one chance in a few million): draw another
    raise RuntimeError("no free skills-check code after 10 attempts")
