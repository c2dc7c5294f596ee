"""The activity log: one vocabulary of events, written by services, read by people and auditors."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core import audit


class EventQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Events that happened in one organisation."""
        return self.filter(organisation=organisation)

    def in_period(self, start=None, end=None):
        """Events on or after the day `start` and on or before the day `end` (local dates; either may be None)."""
        events = self
        if start:
            events = events.filter(occurred_at__date__gte=start)
        if end:
            events = events.filter(occurred_at__date__lte=end)
        return events


class Event(models.Model):
    """One entry of the activity log. Entries are never changed or deleted; each carries the hash of the one
    before it (core/audit.py), so a change made behind the application's back shows."""

    occurred_at = models.DateTimeField(_("tijdstip"), default=timezone.now, editable=False, db_index=True)
    # PROTECT: a person or organisation in the log is deactivated or pseudonymised, never deleted, so the hashed
    # content stays what it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organisatie"),
    )
    verb = models.CharField(_("gebeurtenis"), max_length=60, db_index=True)
    subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    previous_hash = models.CharField(_("vorige hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} {self.subject}"

    def compute_hash(self):
        """The hash this event should carry, from its content and its previous_hash."""
        content = audit.content_of(
            occurred_at=self.occurred_at,
            actor_id=self.actor_id,
            organisation_id=self.organisation_id,
            verb=self.verb,
            subject=self.subject,
            data=self.data,
        )
        return audit.chain_hash(content, self.previous_hash)


def record_event(*, verb, actor=None, organisation=None, subject="", **data):
    """Write one event to the activity log, chained to the one before it (one query more than a plain insert)."""
    event = Event(
        verb=verb,
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        subject=str(subject)[:200],
        data=audit.canonical_data(data),
    )
    # No savepoint: the lock and the insert belong to the caller's transaction, or to this one.
    with transaction.atomic(savepoint=False):
        event.previous_hash = audit.lock_and_read_last_hash(Event._meta.db_table)
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


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
