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
