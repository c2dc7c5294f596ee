"""The local digital-inclusion operation: the yearly self-assessment and the toolkit.

Framework     a versioned self-assessment (blocks of questions, a 0–4 scale) the programme team publishes as data
Block         a building block of the local operation, tied to one aspect
Question      a statement scored on the scale
Assessment    one local government's self-assessment of one year
Score         the score (and evidence) of one question in an assessment
BlockAction   what the local government will do about a red or orange block
ToolkitItem   a guide, template, checklist, training material or campaign of the toolkit
ToolkitUse    "wij gebruikten dit" and a rating by a local government
ToolkitFile   a file (PDF, DOCX, XLSX, ODT, PNG, JPEG) of a toolkit item
Partner       a partner in a local government's network, with its role and contact person
ActionPlan    a local government's action plan for a period, with a context analysis
PlanAction    an action of the plan, linked to help points, courses and subsidy actions
GoalDefinition a version of the programme goal's criteria, set by the programme team
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.models import translated

RED_BELOW, GREEN_FROM = 2, 3  # a block averaging under 2 is red, from 3 green, in between orange


class Aspect(models.TextChoices):
    ACCESS = "toegang", _("toegang")
    SKILLS = "vaardigheden", _("vaardigheden")
    SUPPORT = "ondersteuning", _("ondersteuning op maat")
    SERVICES = "toegankelijke-dienstverlening", _("toegankelijke dienstverlening")
    GOVERNANCE = "regie-partners", _("lokale regie en partners")
    REACH = "bereik-doelgroepen", _("bereik van doelgroepen")


class Colour(models.TextChoices):
    RED = "red", _("rood")
    ORANGE = "orange", _("oranje")
    GREEN = "green", _("groen")


def colour_of(average):
    """Red, orange or green for a block's average score (None: not scored)."""
    if average is None:
        return None
    if average < RED_BELOW:
        return Colour.RED
    return Colour.ORANGE if average < GREEN_FROM else Colour.GREEN


class FrameworkQuerySet(models.QuerySet):
    def current(self):
        """The framework local governments fill in now: the most recent published one."""
        return self.filter(is_published=True).order_by("-year", "-pk").first()


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("jaar"))
    scale = models.JSONField(_("schaal"), default=list, help_text=_("De vijf niveaus van 0 tot 4, met hun naam."))
    is_published = models.BooleanField(_("gepubliceerd"), default=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("kader voor zelfevaluatie")
        verbose_name_plural = _("kaders voor zelfevaluatie")

    def __str__(self):
        return self.name_nl

    @property
    def name(self):
        return translated(self, "name")

    def scale_labels(self):
        """(value, label in the reader's language) for each level of the scale."""
        from django.utils.translation import get_language

        language = (get_language() or "nl")[:2]
        return [(level["value"], level.get(f"label_{language}") or level["label_nl"]) for level in self.scale]


class Block(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="blocks")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    aspect = models.CharField(_("aspect"), max_length=40, choices=Aspect.choices)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="one_block_per_code")]
        verbose_name = _("bouwblok")
        verbose_name_plural = _("bouwblokken")

    def __str__(self):
        return self.name_nl

    @property
    def name(self):
        return translated(self, "name")


class Question(models.Model):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    text_nl = models.CharField(_("stelling (Nederlands)"), max_length=300)
    text_fr = models.CharField(_("stelling (Frans)"), max_length=300, blank=True)
    text_en = models.CharField(_("stelling (Engels)"), max_length=300, blank=True)

    class Meta:
        ordering = ["block", "position"]
        constraints = [models.UniqueConstraint(fields=["block", "code"], name="one_question_per_code")]
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")

    def __str__(self):
        return self.text_nl

    @property
    def text(self):
        return translated(self, "text")


class AssessmentQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """The self-assessments of one local government."""
        return self.filter(organisation=organisation)

    def completed(self):
        """Self-assessments the local government finished (only those count in comparisons)."""
        return self.filter(completed_at__isnull=False)


class Assessment(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("jaar"))
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_assessment_per_year")]
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")

    def __str__(self):
        return f"{self.organisation} {self.year}"

    @property
    def is_completed(self):
        return self.completed_at is not None


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(4)])
    evidence = models.TextField(_("waaruit blijkt dat?"), blank=True, max_length=1000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_score_per_question"),
            models.CheckConstraint(condition=models.Q(value__lte=4), name="score_on_the_scale"),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self):
        return f"{self.question_id}: {self.value}"


class BlockAction(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("wat gaan we doen?"), max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "block"], name="one_action_per_block")]
        verbose_name = _("actie voor een bouwblok")
        verbose_name_plural = _("acties voor bouwblokken")

    def __str__(self):
        return self.text[:60]


class ItemKind(models.TextChoices):
    GUIDE = "guide", _("gids")
    TEMPLATE = "template", _("sjabloon")
    CHECKLIST = "checklist", _("checklist")
    TRAINING = "training", _("vormingsmateriaal")
    CAMPAIGN = "campaign", _("campagne")


class ToolkitItemQuerySet(models.QuerySet):
    def published(self):
        """Items the programme team published in the toolkit."""
        return self.filter(is_published=True)

    def for_aspects(self, aspects):
        """Items about at least one of these aspects."""
        return self.filter(aspect__in=list(aspects))


class ToolkitItem(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("korte beschrijving"), max_length=1000)
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    aspect = models.CharField(_("aspect"), max_length=40, choices=Aspect.choices)
    action_type = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": "action-types"},
        verbose_name=_("soort actie"),
    )
    target_groups = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": "target-groups"},
        verbose_name=_("doelgroepen"),
    )
    url = models.URLField(_("link"), blank=True)
    language = models.CharField(_("taal"), max_length=7, default="nl")
    search_text = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("gepubliceerd"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ToolkitItemQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("item van de toolkit")
        verbose_name_plural = _("items van de toolkit")

    def __str__(self):
        return self.title


class ToolkitUse(models.Model):
    item = models.ForeignKey(ToolkitItem, on_delete=models.CASCADE, related_name="uses")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("beoordeling"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "organisation"], name="one_use_per_organisation"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="rating_from_one_to_five",
            ),
        ]
        verbose_name = _("gebruik van een item")
        verbose_name_plural = _("gebruik van items")

    def __str__(self):
        return f"{self.item_id} {self.organisation_id}"


def toolkit_file_path(toolkit_file, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"operation/toolkit/{uuid.uuid4()}.{extension[:5]}"


class ToolkitFile(models.Model):
    """A file attached to a toolkit item, stored outside the web root and served through a view."""

    item = models.ForeignKey(ToolkitItem, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=toolkit_file_path)
    kind = models.CharField(_("soort bestand"), max_length=10, editable=False)
    size = models.PositiveIntegerField(_("grootte in bytes"), editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["item", "title", "pk"]
        verbose_name = _("bestand van de toolkit")
        verbose_name_plural = _("bestanden van de toolkit")

    def __str__(self):
        return self.title

    @property
    def kind_label(self):
        from einclusie.operation.services import TOOLKIT_FILE_KINDS

        return TOOLKIT_FILE_KINDS.get(self.kind, (self.kind,))[0]


# --- The partner network and the local action plan -------------------------------------------------------------


class PartnerQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """The partners of one local government."""
        return self.filter(organisation=organisation)

    def active(self, today=None):
        """Partnerships that have not ended (an end date in the future still counts as active)."""
        today = today or timezone.localdate()
        return self.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=today))


class Partner(models.Model):
    """A partner in the local network: a library, OCMW, CAW, school, Digibank, association…

    Personal data: only a contact person's name, work e-mail and phone, kept while the partnership runs;
    ending the partnership keeps the organisation's name and role for the plan's history and erases the
    contact person (services.partner_end).
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam van de partner"), max_length=200, help_text=_("Bijvoorbeeld: Bibliotheek Gent."))
    category = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code_list__slug": "partners"},
        verbose_name=_("soort partner"),
    )
    role = models.TextField(
        _("rol in de lokale werking"),
        max_length=500,
        help_text=_("Wat doet deze partner? Bijvoorbeeld: beheert het digipunt in de bibliotheek."),
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mailadres van de contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer van de contactpersoon"), max_length=30, blank=True)
    started_on = models.DateField(_("samenwerking sinds"), default=timezone.localdate)
    ended_on = models.DateField(_("samenwerking beëindigd op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.ended_on is None or self.ended_on > timezone.localdate()


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    ADOPTED = "adopted", _("goedgekeurd")


class ActionPlanQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """The action plans of one local government."""
        return self.filter(organisation=organisation)

    def current(self, today=None):
        """Adopted plans whose period covers today."""
        year = (today or timezone.localdate()).year
        return self.filter(status=PlanStatus.ADOPTED, start_year__lte=year, end_year__gte=year)


class ActionPlan(models.Model):
    """A local government's action plan for digital inclusion over one or more years."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("van het jaar"))
    end_year = models.PositiveSmallIntegerField(_("tot en met het jaar"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField(_("goedgekeurd op"), null=True, blank=True)
    context = models.TextField(
        _("contextanalyse"),
        blank=True,
        max_length=5000,
        help_text=_("Wat vertellen de cijfers over uw gemeente? Wie is digitaal kwetsbaar, wat bestaat er al?"),
    )
    goals = models.TextField(_("doelstellingen"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-start_year", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="plan_period_order"),
            models.CheckConstraint(
                condition=~models.Q(status="adopted") | models.Q(adopted_on__isnull=False),
                name="adopted_plan_has_a_date",
            ),
        ]
        verbose_name = _("actieplan")
        verbose_name_plural = _("actieplannen")

    def __str__(self):
        return self.title

    @property
    def period(self):
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"

    @property
    def is_adopted(self):
        return self.status == PlanStatus.ADOPTED

    def covers(self, day):
        return self.start_year <= day.year <= self.end_year


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    RUNNING = "running", _("lopend")
    DONE = "done", _("afgerond")
    DROPPED = "dropped", _("geschrapt")


class PlanAction(models.Model):
    """One action of an action plan, linked to what already exists on the platform so progress needs no retyping."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("actie"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True, max_length=2000)
    aspect = models.CharField(_("aspect"), max_length=40, choices=Aspect.choices)
    action_type = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": "action-types"},
        verbose_name=_("soort actie"),
    )
    target_groups = models.ManyToManyField(
        "core.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": "target-groups"},
        verbose_name=_("doelgroepen"),
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="actions", verbose_name=_("partners"))
    budget = models.DecimalField(
        _("budget in euro"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    indicator = models.CharField(
        _("indicator: wat telt u?"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: inwoners geholpen.")
    )
    target = models.PositiveIntegerField(_("streefcijfer"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    help_points = models.ManyToManyField(
        "helppoints.HelpPoint", blank=True, related_name="+", verbose_name=_("gekoppelde digipunten")
    )
    courses = models.ManyToManyField(
        "courses.Course", blank=True, related_name="+", verbose_name=_("gekoppelde cursussen")
    )
    subsidy_actions = models.ManyToManyField(
        "subsidies.ApplicationAction", blank=True, related_name="+", verbose_name=_("gekoppelde subsidieacties")
    )
    from_block = models.ForeignKey(
        Block, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "aspect", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0) | models.Q(budget__isnull=True), name="budget_not_negative"
            )
        ]
        verbose_name = _("actie van een actieplan")
        verbose_name_plural = _("acties van een actieplan")

    def __str__(self):
        return self.title


class GoalDefinition(models.Model):
    """A version of the programme goal's definition ("has a local digital-inclusion operation").

    The default lives in monitoring/data/indicators.json ("operation"); the programme team saves new versions here.
    The newest version counts.
    """

    version = models.PositiveIntegerField(_("versie"), unique=True)
    parameters = models.JSONField(_("criteria"))
    note = models.TextField(_("waarom deze wijziging?"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("definitie van de programmadoelstelling")
        verbose_name_plural = _("definities van de programmadoelstelling")

    def __str__(self):
        return f"v{self.version}"
