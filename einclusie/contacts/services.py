"""Writes of help contacts. A contact is logged by the person who helped, once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.contacts.models import HelpContact
from einclusie.monitoring.tasks import refresh_soon


def contact_log(*, form, organisation, by):
    """Save a valid HelpContactForm for a help point of the organisation."""
    contact = form.save(commit=False)
    if contact.help_point.service.organisation_id != organisation.pk:
        raise ValidationError(_("Kies een digipunt van uw eigen organisatie."))
    contact.organisation = organisation
    contact.logged_by = by
    with transaction.atomic():
        contact.save()
        # A new contact has no topics or target groups yet: one insert each, no reading first.
        for related, codes in (
            (HelpContact.topics.through, form.cleaned_data["topics"]),
            (HelpContact.target_groups.through, form.cleaned_data.get("target_groups") or []),
        ):
            if codes:
                related.objects.bulk_create([related(helpcontact=contact, code=code) for code in codes])
        refresh_soon()  # the monitoring counts the new contact once it is committed
    return contact


def last_contact(*, organisation, by):
    """The last contact this person logged for this organisation, if any."""
    return HelpContact.objects.filter(organisation=organisation, logged_by=by).order_by("-logged_at", "-pk").first()


def contact_repeat(*, organisation, by):
    """Log the same contact as the person's previous one again, dated today (for a queue of similar questions)."""
    previous = last_contact(organisation=organisation, by=by)
    if previous is None:
        raise ValidationError(_("U hebt nog geen contact genoteerd om te herhalen."))
    with transaction.atomic():
        topics = list(previous.topics.all())
        target_groups = list(previous.target_groups.all())
        previous.pk = None
        previous._state.adding = True
        previous.date = timezone.localdate()
        previous.note = ""
        previous.save()
        previous.topics.set(topics)
        previous.target_groups.set(target_groups)
    return previous


def contact_undo(*, organisation, by):
    """Remove the last contact this person logged today; older contacts are not undone here."""
    with transaction.atomic():
        contact = (
            HelpContact.objects.select_for_update()
            .filter(organisation=organisation, logged_by=by, logged_at__date=timezone.localdate())
            .order_by("-logged_at", "-pk")
            .first()
        )
        if contact is None:
            raise ValidationError(_("Er is vandaag geen contact van u om ongedaan te maken."))
        contact.delete()
    return contact
