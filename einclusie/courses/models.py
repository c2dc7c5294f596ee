"""Courses, their sessions, sign-ups and attendance; the anonymous skills check taken before and after.

Course          a course an organisation offers (DigComp 2.2 areas, level, language, capacity)
CourseSession   one meeting of a course: a date with a start and end time
Enrolment       a sign-up: a first name and a phone number or e-mail address (or a digihelper as contact);
                erased some months after the course (see EnrolmentQuerySet.due_for_erasure)
Attendance      present or not, per enrolment and session
Questionnaire   a versioned skills check: statements mapped to the five DigComp 2.2 areas, a rating scale
SkillsCheck     one anonymous set of answers, before or after a course, linked by a short code; no person
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, Min, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import DIGCOMP_AREAS, LANGUAGES, TARGET_GROUPS
from einclusie.core.models import translated

# Where a course takes place, for monitoring: its location's municipality, else its organisation's
# (a partnership has none of its own: its lead's).
PLACE_PATHS = (
    "location__municipality__nis_code",
    "organisation__municipality__nis_code",
    "organisation__lead__municipality__nis_code",
)


def place_nis_code(via=""):
    """The NIS code of the place of a course, reached through `via` (e.g. "course__") from another model."""
    return Coalesce(*[F(via + path) for path in PLACE_PATHS])


def months_before(day, months):
    """The same day `months` months earlier (the last day of that month when it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    first = datetime.date(year, month + 1, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first.replace(day=min(day.day, (following - first).days))


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    PUBLISHED = "published", _("gepubliceerd")
    CANCELLED = "cancelled", _("geannuleerd")


class Level(models.TextChoices):
    """The DigComp 2.2 proficiency bands a citizen course is usually aimed at."""

    FOUNDATION = "foundation", _("basis: voor beginners")
    INTERMEDIATE = "intermediate", _("gemiddeld: u kent de basis al")
    ADVANCED = "advanced", _("gevorderd")


class CourseQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Courses of one organisation."""
        return self.filter(organisation=organisation)

    def published(self):
        """Courses citizens can see: published by an active organisation."""
        return self.filter(status=CourseStatus.PUBLISHED, organisation__is_active=True)

    def with_dates(self):
        """Annotate first_date and last_date: the days of the first and the last session."""
        return self.annotate(first_date=Min("sessions__date"), last_date=models.Max("sessions__date"))

    def upcoming(self, today=None):
        """Published courses whose first session is today or later (sign-up still possible for most)."""
        today = today or timezone.localdate()
        return self.published().with_dates().filter(first_date__gte=today)

    def in_municipalities(self, municipalities):
        """Courses at a location in these municipalities, or without a location run by an organisation there."""
        return self.filter(
            Q(location__municipality__in=municipalities)
            | Q(location__isnull=True, organisation__municipality__in=municipalities)
        )

    def near(self, place, radius_degrees=0.35):
        """Courses in the place's municipalities or at a location within about 25–40 km of it.

        Annotates `elsewhere`: 0 for a course in the place itself, 1 for one nearby (order on it first).
        """
        in_place = Q(location__municipality__in=place.municipalities) | Q(
            location__isnull=True, organisation__municipality__in=place.municipalities
        )
        queryset = self.annotate(elsewhere=Case(When(in_place, then=Value(0)), default=Value(1)))
        if place.latitude is None:
            return queryset.filter(in_place)
        box = Q(
            location__latitude__range=(place.latitude - radius_degrees, place.latitude + radius_degrees),
            location__longitude__range=(place.longitude - radius_degrees * 1.6, place.longitude + radius_degrees * 1.6),
        )
        return queryset.filter(in_place | box)

    def per_municipality(self):
        """Published and cancelled course counts per NIS code of the course's place."""
        return (
            self.annotate(nis_code=place_nis_code())
            .values("nis_code")
            .annotate(courses=Count("id"))
            .order_by("nis_code")
        )


class Course(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="courses", editable=False
    )
    title = models.CharField(_("titel"), max_length=150, help_text=_("Bijvoorbeeld: Veilig internetbankieren"))
    description = models.TextField(
        _("beschrijving"),
        max_length=1500,
        help_text=_("Wat leren de deelnemers? Voor wie is de cursus? Schrijf eenvoudige zinnen."),
    )
    digcomp_areas = models.ManyToManyField(
        "core.Code",
        related_name="+",
        limit_choices_to={"code_list__slug": DIGCOMP_AREAS},
        verbose_name=_("DigComp-gebieden"),
    )
    level = models.CharField(
        _("niveau"),
        max_length=20,
        choices=Level.choices,
        default=Level.FOUNDATION,
        help_text=_("Volgens DigComp 2.2: basis is niveau 1 en 2, gemiddeld 3 en 4, gevorderd 5 en 6."),
    )
    language = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code_list__slug": LANGUAGES},
        verbose_name=_("taal van de cursus"),
    )
    target_groups = models.ManyToManyField(
        "core.Code",
        related_name="+",
        blank=True,
        limit_choices_to={"code_list__slug": TARGET_GROUPS},
        verbose_name=_("doelgroepen"),
    )
    location = models.ForeignKey(
        "helppoints.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("locatie"),
    )
    place = models.CharField(
        _("andere plaats"),
        max_length=200,
        blank=True,
        help_text=_("Alleen als de cursus niet op een van uw locaties doorgaat. Bijvoorbeeld: Zaal De Kring, Markt 3."),
    )
    help_point = models.ForeignKey(
        "helppoints.HelpPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("digipunt"),
    )
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=12)
    is_free = models.BooleanField(_("gratis"), default=True)
    price = models.DecimalField(_("prijs in euro"), max_digits=6, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.DRAFT, editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_has_at_least_one_place"),
        ]
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.status == CourseStatus.PUBLISHED

    @property
    def is_cancelled(self):
        return self.status == CourseStatus.CANCELLED

    def ordered_sessions(self):
        """The sessions in time order (uses prefetched sessions when there are)."""
        return sorted(self.sessions.all(), key=lambda session: (session.date, session.starts_at))

    def starts(self):
        """When the first session starts (aware datetime), or None without sessions."""
        sessions = self.ordered_sessions()
        return sessions[0].starts() if sessions else None

    def has_started(self, now=None):
        starts = self.starts()
        return starts is not None and (now or timezone.now()) >= starts

    def last_date(self):
        sessions = self.ordered_sessions()
        return sessions[-1].date if sessions else None

    def place_text(self):
        """Where it takes place, in one line."""
        if self.location_id:
            location = self.location
            return f"{location.name}, {location.street}, {location.postal_code} {location.city}"
        return self.place


class CourseSessionQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Sessions of the courses of one organisation."""
        return self.filter(course__organisation=organisation)

    def held(self, today=None):
        """Sessions of courses that were not cancelled, on or before today."""
        today = today or timezone.localdate()
        return self.exclude(course__status=CourseStatus.CANCELLED).filter(date__lte=today)

    def per_month(self):
        """Sessions per month, per NIS code of the course's place and help point: the monitoring's rollup."""
        return (
            self.annotate(month=TruncMonth("date"), nis_code=place_nis_code("course__"))
            .values("month", "nis_code", "course__help_point_id")
            .annotate(sessions=Count("id"))
            .order_by("month", "nis_code", "course__help_point_id")
        )


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("van"))
    ends_at = models.TimeField(_("tot"))

    objects = CourseSessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "date", "starts_at"], name="one_session_per_course_and_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"),
        ]
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def __str__(self):
        return f"{self.date} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def starts(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts_at))

    def is_held(self, today=None):
        return self.date <= (today or timezone.localdate())


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("ingeschreven")
    WAITING = "waiting", _("op de wachtlijst")
    CANCELLED = "cancelled", _("uitgeschreven")


class EnrolmentQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Enrolments in the courses of one organisation."""
        return self.filter(course__organisation=organisation)

    def holding_a_place(self):
        """Enrolments that take a place: enrolled, not on the waiting list and not cancelled."""
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def waiting(self):
        """Enrolments on the waiting list, first come first."""
        return self.filter(status=EnrolmentStatus.WAITING).order_by("enrolled_at", "pk")

    def participants(self):
        """Participants: enrolled people who were present at one session or more."""
        return self.holding_a_place().filter(attendances__present=True).distinct()

    def completed(self):
        """Enrolments whose course the teacher marked as completed."""
        return self.filter(completed=True)

    def in_period(self, start, end):
        """Enrolments in courses with a session between start and end (dates, inclusive)."""
        return self.filter(course__sessions__date__gte=start, course__sessions__date__lte=end).distinct()

    def per_month(self):
        """Participants and completions per month of the course's first session, NIS code and help point."""
        first = CourseSession.objects.filter(course=models.OuterRef("course")).order_by("date").values("date")[:1]
        return (
            self.annotate(month=TruncMonth(models.Subquery(first)), nis_code=place_nis_code("course__"))
            .values("month", "nis_code", "course__help_point_id")
            .annotate(
                participants=Count("id", distinct=True),
                completions=Count("id", filter=Q(completed=True), distinct=True),
            )
            .order_by("month", "nis_code", "course__help_point_id")
        )

    def per_municipality(self):
        """Participants and completions per NIS code of the course's place."""
        return (
            self.annotate(nis_code=place_nis_code("course__"))
            .values("nis_code")
            .annotate(
                participants=Count("id", distinct=True),
                completions=Count("id", filter=Q(completed=True), distinct=True),
            )
            .order_by("nis_code")
        )

    def per_area(self):
        """Participants per DigComp area code (a course about two areas counts for both)."""
        return (
            self.values("course__digcomp_areas__code")
            .annotate(participants=Count("id", distinct=True))
            .order_by("-participants", "course__digcomp_areas__code")
        )

    def per_target_group(self):
        """Participants per target-group code of the course; courses without one count under None."""
        return (
            self.values("course__target_groups__code")
            .annotate(participants=Count("id", distinct=True))
            .order_by("-participants", "course__target_groups__code")
        )

    def due_for_erasure(self, today=None, months=None):
        """Enrolments not yet erased whose course ended `months` months ago or more (no sessions: its creation)."""
        today = today or timezone.localdate()
        months = settings.COURSE_RETENTION_MONTHS if months is None else months
        last = CourseSession.objects.filter(course=models.OuterRef("course")).order_by("-date").values("date")[:1]
        return (
            self.filter(erased_at__isnull=True)
            .annotate(ends_on=Coalesce(models.Subquery(last), TruncDate("course__created_at")))
            .filter(ends_on__lt=months_before(today, months))
        )


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    first_name = models.CharField(_("voornaam"), max_length=60, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    language = models.CharField(_("taal van de berichten"), max_length=7, blank=True, editable=False)
    helper_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingeschreven via digihelper van"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    enrolled_at = models.DateTimeField(_("ingeschreven op"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    completed = models.BooleanField(_("afgerond"), default=False)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["enrolled_at", "pk"]
        indexes = [models.Index(fields=["course", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="")
                | ~Q(email="")
                | Q(helper_organisation__isnull=False)
                | Q(erased_at__isnull=False),
                name="enrolment_has_a_way_to_reach_the_person",
            ),
        ]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")

    def __str__(self):
        return f"{self.course_id} {self.get_status_display()}"

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def via_helper(self):
        return self.helper_organisation_id is not None


class AttendanceQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Attendance taken in the courses of one organisation."""
        return self.filter(session__course__organisation=organisation)

    def present(self):
        """Rows where the person was there."""
        return self.filter(present=True)

    def rate(self):
        """Share (0–1) of recorded attendances that were present; None when nothing was recorded."""
        totals = self.aggregate(total=Count("id"), present=Count("id", filter=Q(present=True)))
        return totals["present"] / totals["total"] if totals["total"] else None

    def per_month(self):
        """Recorded and present attendances per month of the session and NIS code of the course's place."""
        return (
            self.annotate(
                month=TruncMonth("session__date"),
                nis_code=place_nis_code("session__course__"),
            )
            .values("month", "nis_code")
            .annotate(recorded=Count("id"), present=Count("id", filter=Q(present=True)))
            .order_by("month", "nis_code")
        )


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("aanwezig"), default=False)
    recorded_at = models.DateTimeField(_("genoteerd op"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="one_attendance_per_enrolment_and_session")
        ]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")

    def __str__(self):
        return f"{self.enrolment_id} {self.session_id} {self.present}"


class Moment(models.TextChoices):
    BEFORE = "before", _("voor de cursus")
    AFTER = "after", _("na de cursus")


class QuestionnaireQuerySet(models.QuerySet):
    def current(self):
        """The questionnaire new checks use: the newest marked current."""
        return self.filter(is_current=True).order_by("-version").first()


class Questionnaire(models.Model):
    """A version of the skills check (loaded from courses/data/skills_check.json)."""

    version = models.CharField(_("versie"), max_length=20, unique=True)
    title_nl = models.CharField(_("titel (Nederlands)"), max_length=200)
    title_fr = models.CharField(_("titel (Frans)"), max_length=200, blank=True)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    scale = models.JSONField(_("antwoordschaal"), default=list)
    is_current = models.BooleanField(_("in gebruik"), default=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("vragenlijst vaardigheden")
        verbose_name_plural = _("vragenlijsten vaardigheden")

    def __str__(self):
        return f"{self.title_nl} ({self.version})"

    @property
    def title(self):
        return translated(self, "title")

    def scale_choices(self):
        """(value, label) for each step of the scale, in the reader's language."""
        from django.utils.translation import get_language

        language = (get_language() or "nl")[:2]
        return [(str(step["value"]), step.get(f"label_{language}") or step["label_nl"]) for step in self.scale]


class SkillsItem(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text_nl = models.CharField(_("zin (Nederlands)"), max_length=300)
    text_fr = models.CharField(_("zin (Frans)"), max_length=300, blank=True)
    text_en = models.CharField(_("zin (Engels)"), max_length=300, blank=True)
    area = models.SlugField(_("DigComp-gebied"), max_length=80, help_text=_("Code uit de lijst digcomp-areas"))

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_item_per_questionnaire")]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return self.text_nl

    @property
    def text(self):
        return translated(self, "text")


class SkillsCheckQuerySet(models.QuerySet):
    def pairs(self):
        """After-checks linked to a before-check by their code: one row per person who took both."""
        return self.filter(moment=Moment.AFTER, before__isnull=False)

    def for_course(self, course):
        """Checks taken for one course (for a pair: either of its two checks)."""
        return self.filter(Q(course=course) | Q(before__course=course))

    def for_organisation(self, organisation):
        """Checks taken for the courses of one organisation."""
        return self.filter(Q(course__organisation=organisation) | Q(before__course__organisation=organisation))

    def per_month(self):
        """Checks per month and moment (before / after)."""
        return (
            self.annotate(month=TruncMonth("taken_on"))
            .values("month", "moment")
            .annotate(checks=Count("id"))
            .order_by("month", "moment")
        )


class SkillsCheck(models.Model):
    """One anonymous set of answers. The code links a before-check to its after-check; nothing names a person."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="checks")
    code = models.CharField(_("code"), max_length=6, db_index=True)
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="skills_checks")
    before = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="after", editable=False
    )
    taken_on = models.DateField(_("ingevuld op"), default=timezone.localdate)

    objects = SkillsCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(moment="before"), name="one_before_check_per_code"),
        ]
        verbose_name = _("vaardighedentest")
        verbose_name_plural = _("vaardighedentests")

    def __str__(self):
        return f"{self.code} {self.moment}"


class SkillsAnswer(models.Model):
    skills_check = models.ForeignKey(SkillsCheck, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SkillsItem, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(_("antwoord"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["skills_check", "item"], name="one_answer_per_item")]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self):
        return f"{self.item_id}={self.rating}"
