"""The activity log: one vocabulary of events, written by services, read by people and auditors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Events that happened in one organisation."""
        return self.filter(organisation=organisation)


class Event(models.Model):
    occurred_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    verb = models.CharField(_("gebeurtenis"), max_length=60, db_index=True)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} {self.subject}"


def record_event(*, verb, actor=None, organisation=None, subject="", **data):
    """Write one event to the activity log."""
    return Event.objects.create(
        verb=verb,
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        subject=str(subject)[:200],
        data=data,
    )


class CodeList(models.Model):
    """A managed, versioned list of codes shared by every municipality (help topics, target groups, …).

    Published as an HSDS taxonomy. A code is never deleted once used: it is deactivated.
    """

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_fr = models.CharField(_("naam (Frans)"), max_length=200, blank=True)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    version = models.CharField(_("versie"), max_length=20)
    uuid = models.UUIDField(unique=True, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("codelijst")
        verbose_name_plural = _("codelijsten")

    def __str__(self):
        return f"{self.name_nl} ({self.version})"

    @property
    def name(self):
        return translated(self, "name")


class CodeQuerySet(models.QuerySet):
    def active(self):
        """Codes that can be chosen today."""
        return self.filter(is_active=True)

    def of(self, list_slug):
        """The codes of one list, in their list order."""
        return self.filter(code_list__slug=list_slug).order_by("position", "code")


class Code(models.Model):
    code_list = models.ForeignKey(CodeList, on_delete=models.CASCADE, related_name="codes")
    code = models.SlugField(_("code"), max_length=80)
    label_nl = models.CharField(_("label (Nederlands)"), max_length=300)
    label_fr = models.CharField(_("label (Frans)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (Engels)"), max_length=300, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)
    uuid = models.UUIDField(unique=True, editable=False)

    objects = CodeQuerySet.as_manager()

    class Meta:
        ordering = ["code_list", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="unique_code_per_list")]
        verbose_name = _("code")
        verbose_name_plural = _("codes")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return translated(self, "label")


def translated(obj, field):
    """The French or English variant of a field when the reader uses that language and it is filled in."""
    from django.utils.translation import get_language

    language = (get_language() or "nl")[:2]
    if language in ("fr", "en"):
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, f"{field}_nl")
