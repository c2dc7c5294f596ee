"""Organisations taking part in the programme, and the people who work for them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.roles import ROLES_BY_ORGANISATION_KIND, Role, role_allows


class Kind(models.TextChoices):
    REGION = "region", _("programmateam van de regio")
    MUNICIPALITY = "municipality", _("gemeente")
    OCMW = "ocmw", _("OCMW")
    VGC = "vgc", _("Vlaamse Gemeenschapscommissie")
    PARTNERSHIP = "partnership", _("samenwerkingsverband")
    PARTNER = "partner", _("partnerorganisatie")
    RESEARCH = "research", _("onderzoeksinstelling")


LOCAL_GOVERNMENT_KINDS = {Kind.MUNICIPALITY, Kind.OCMW, Kind.VGC}


def validate_kbo_number(value):
    """A Belgian enterprise number: 10 digits, the last two a modulo-97 check of the first eight."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 10 or digits[0] not in "01":
        raise ValidationError(_("Een ondernemingsnummer heeft 10 cijfers en begint met 0 of 1."), code="kbo_length")
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(_("Dit ondernemingsnummer klopt niet: het controlegetal is fout."), code="kbo_checksum")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        """Organisations that still take part."""
        return self.filter(is_active=True)

    def local_governments(self):
        """Municipalities, OCMWs and the VGC: the governments that run a local operation."""
        return self.filter(kind__in=LOCAL_GOVERNMENT_KINDS)

    def for_user(self, user):
        """Organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("gemeente"),
        help_text=_(
            "Voor een gemeente of OCMW: de gemeente die het bestuurt. Voor een partner: de vestigingsgemeente."
        ),
    )
    kbo_number = models.CharField(
        _("ondernemingsnummer"),
        max_length=12,
        blank=True,
        validators=[validate_kbo_number],
        help_text=_("10 cijfers, bijvoorbeeld 0207451227."),
    )
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    lead = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_partnerships",
        verbose_name=_("penhouder"),
        help_text=_("Alleen voor een samenwerkingsverband: het lokaal bestuur dat namens alle leden aanvraagt."),
    )
    partners = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="partnerships",
        verbose_name=_("leden van het samenwerkingsverband"),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(_("fictief (demo)"), default=False, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "municipality"],
                condition=models.Q(kind__in=["municipality", "ocmw"]),
                name="one_municipality_and_one_ocmw_per_municipality",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind in {Kind.MUNICIPALITY, Kind.OCMW} and not self.municipality_id:
            raise ValidationError({"municipality": _("Kies de gemeente van dit lokaal bestuur.")})
        if self.kind == Kind.PARTNERSHIP and not self.lead_id:
            raise ValidationError({"lead": _("Een samenwerkingsverband heeft een penhouder nodig.")})
        if self.kind != Kind.PARTNERSHIP and self.lead_id:
            raise ValidationError({"lead": _("Alleen een samenwerkingsverband heeft een penhouder.")})
        if self.lead_id and self.lead.kind not in LOCAL_GOVERNMENT_KINDS:
            raise ValidationError({"lead": _("De penhouder moet een lokaal bestuur zijn.")})

    @property
    def is_local_government(self):
        return self.kind in LOCAL_GOVERNMENT_KINDS

    @property
    def is_programme_team(self):
        return self.kind == Kind.REGION

    def allowed_roles(self):
        return ROLES_BY_ORGANISATION_KIND[self.kind]


class MembershipQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Memberships of one organisation."""
        return self.filter(organisation=organisation)

    def active(self):
        """Memberships of active people in active organisations."""
        return self.filter(user__is_active=True, organisation__is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("lid sinds"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_person_and_organisation")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    def clean(self):
        if self.organisation_id and self.role and self.role not in self.organisation.allowed_roles():
            raise ValidationError(
                {"role": _("Deze rol bestaat niet in een organisatie van deze soort.")},
                code="role_not_allowed",
            )

    def allows(self, action):
        """Whether this membership lets its person do an action in its organisation."""
        if action.startswith("programme.") and not self.organisation.is_programme_team:
            return False
        return role_allows(self.role, action)


def new_invitation_token():
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations not yet accepted, withdrawn nor expired."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("aanvaard op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_pending(self):
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > timezone.now()
