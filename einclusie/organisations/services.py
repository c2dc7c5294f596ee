"""Writes that change organisations, memberships and invitations. Each one records an event."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from einclusie.core.concurrency import lock_unchanged
from einclusie.core.models import record_event
from einclusie.core.roles import INVITABLE_ROLES, Role
from einclusie.organisations.models import Invitation, Membership, Organisation


def invitable_roles(*, membership, organisation):
    """Roles the person may hand out in the organisation: within their own reach and what it can give."""
    reach = INVITABLE_ROLES.get(membership.role, set())
    return [role for role in organisation.allowed_roles() if role in reach]


def invitation_create(*, organisation, email, role, by_membership, language=None):
    """Invite someone to an organisation by e-mail; the link is valid for INVITATION_DAYS days."""
    email = email.strip().lower()
    if role not in invitable_roles(membership=by_membership, organisation=organisation):
        raise PermissionDenied(_("U mag deze rol niet toekennen."))
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("Deze persoon is al lid van %(organisation)s.") % {"organisation": organisation})
    with transaction.atomic():
        Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).update(
            withdrawn_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=by_membership.user,
            expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
        )
        record_event(
            verb="invitation.created",
            actor=by_membership.user,
            organisation=organisation,
            subject=email,
            role=role,
        )
    _send_invitation_mail(invitation, language=language)
    return invitation


def _send_invitation_mail(invitation, *, language=None):
    link = settings.SITE_URL.rstrip("/") + reverse("organisations:invitation_accept", args=[invitation.token])
    with translation.override(language or translation.get_language()):
        context = {"invitation": invitation, "link": link, "days": settings.INVITATION_DAYS}
        subject = _("Uitnodiging voor %(organisation)s op e-inclusie") % {"organisation": invitation.organisation}
        body = render_to_string("organisations/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_withdraw(*, invitation, by):
    with transaction.atomic():
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        record_event(
            verb="invitation.withdrawn",
            actor=by,
            organisation=invitation.organisation,
            subject=invitation.email,
        )


def invitation_accept(*, invitation, user):
    """Turn a pending invitation into a membership, exactly once."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending:
            raise ValidationError(_("Deze uitnodiging is niet meer geldig."))
        if invitation.email.lower() != user.email.lower():
            raise ValidationError(_("Deze uitnodiging is voor een ander e-mailadres."))
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        record_event(
            verb="membership.created",
            actor=user,
            organisation=invitation.organisation,
            subject=user.email,
            role=membership.role,
            via="invitation",
        )
    return membership


def _lock_memberships_of(organisation_id):
    """Changes to one organisation's roles wait for each other: two coordinators removing each other at the same
    moment would otherwise both see the other one still there and leave the organisation without a coordinator."""
    Organisation.objects.select_for_update().only("pk").get(pk=organisation_id)


def _check_not_last_coordinator(membership, new_role=None):
    if membership.role != Role.COORDINATOR or new_role == Role.COORDINATOR:
        return
    others = Membership.objects.filter(organisation=membership.organisation, role=Role.COORDINATOR).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ValidationError(
            _("%(organisation)s heeft dan geen coördinator meer. Duid eerst een andere coördinator aan.")
            % {"organisation": membership.organisation}
        )


def membership_add(*, organisation, user, role, by):
    """Give an existing person a role in an organisation (programme staff only)."""
    membership = Membership(organisation=organisation, user=user, role=role)
    membership.full_clean()
    with transaction.atomic():
        membership.save()
        record_event(verb="membership.created", actor=by, organisation=organisation, subject=user.email, role=role)
    return membership


def membership_change_role(*, membership, role, by):
    if role not in membership.organisation.allowed_roles():
        raise ValidationError(_("Deze rol bestaat niet in een organisatie van deze soort."))
    with transaction.atomic():
        _lock_memberships_of(membership.organisation_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _check_not_last_coordinator(membership, new_role=role)
        old_role = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        record_event(
            verb="membership.role_changed",
            actor=by,
            organisation=membership.organisation,
            subject=membership.user.email,
            old_role=old_role,
            role=role,
        )
    return membership


def membership_remove(*, membership, by):
    with transaction.atomic():
        _lock_memberships_of(membership.organisation_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _check_not_last_coordinator(membership)
        record_event(
            verb="membership.removed",
            actor=by,
            organisation=membership.organisation,
            subject=membership.user.email,
            role=membership.role,
        )
        membership.delete()


def organisation_save(*, organisation, partners=None, by, form=None):
    """Create or change an organisation after validating it; with the edit form, refused when someone changed the
    organisation since the form was shown."""
    created = organisation.pk is None
    organisation.full_clean()
    with transaction.atomic():
        if form is not None:
            lock_unchanged(form)  # two programme staff editing the same organisation: the second save is refused
        organisation.save()
        if partners is not None:
            organisation.partners.set(partners)
        record_event(
            verb="organisation.created" if created else "organisation.changed",
            actor=by,
            organisation=organisation,
            subject=organisation.name,
        )
    return organisation
