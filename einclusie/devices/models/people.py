"""The people a device bank lends to, with as little personal data as works, and each bank's own settings."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.models import translated


class GroundKind(models.TextChoices):
    """The common grounds, the same in every municipality, so monitoring can compare them.

    `SOCIAL_INTERNET` marks the kinds that give a right to the federal social internet offer
    (sociaal internetaanbod, since 1 March 2024). Verhoogde tegemoetkoming alone does not.
    """

    LIVING_WAGE = "leefloon", _("leefloon of equivalent leefloon (OCMW)")
    INCREASED_REIMBURSEMENT = "verhoogde-tegemoetkoming", _("verhoogde tegemoetkoming (VT)")
    DEBT_SETTLEMENT = "schuldenregeling", _("collectieve schuldenregeling of budgetbeheer")
    INCOME_GUARANTEE_ELDERLY = "igo", _("inkomensgarantie voor ouderen (IGO)")
    DISABILITY_ALLOWANCE = "handicap", _("tegemoetkoming voor personen met een handicap")
    REFERRAL_OCMW = "doorverwijzing-ocmw", _("doorverwezen door het OCMW")
    REFERRAL_CAW = "doorverwijzing-caw", _("doorverwezen door het CAW")
    REFERRAL_OTHER = "doorverwijzing-andere", _("doorverwezen door een andere sociale organisatie")
    OTHER = "andere", _("andere")


SOCIAL_INTERNET = {GroundKind.LIVING_WAGE, GroundKind.INCOME_GUARANTEE_ELDERLY, GroundKind.DISABILITY_ALLOWANCE}

# The grounds a device bank starts with; it can rename, hide or add to them.
DEFAULT_GROUNDS = [
    (GroundKind.LIVING_WAGE, "Leefloon of equivalent leefloon", "Attest van het OCMW"),
    (GroundKind.INCREASED_REIMBURSEMENT, "Verhoogde tegemoetkoming", "Kleefbriefje of attest van uw ziekenfonds"),
    (
        GroundKind.DEBT_SETTLEMENT,
        "Collectieve schuldenregeling of budgetbeheer",
        "Brief van uw schuldbemiddelaar of budgetbeheerder",
    ),
    (
        GroundKind.INCOME_GUARANTEE_ELDERLY,
        "Inkomensgarantie voor ouderen (IGO)",
        "Attest van de Federale Pensioendienst",
    ),
    (
        GroundKind.DISABILITY_ALLOWANCE,
        "Tegemoetkoming voor personen met een handicap",
        "Attest van de FOD Sociale Zekerheid (DG Personen met een handicap)",
    ),
    (GroundKind.REFERRAL_OCMW, "Doorverwezen door het OCMW", "Naam van uw maatschappelijk werker"),
    (GroundKind.REFERRAL_CAW, "Doorverwezen door het CAW", "Naam van uw begeleider"),
]


class EligibilityGroundQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Grounds of one device bank."""
        return self.filter(organisation=organisation)

    def active(self):
        """Grounds that can be chosen today."""
        return self.filter(is_active=True)


class EligibilityGround(models.Model):
    """A reason a person may borrow a device, as one local government words it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="eligibility_grounds", editable=False
    )
    kind = models.CharField(
        _("soort"),
        max_length=30,
        choices=GroundKind.choices,
        help_text=_("Waaraan deze grond beantwoordt in de gemeenschappelijke lijst (voor de cijfers)."),
    )
    label_nl = models.CharField(_("naam (Nederlands)"), max_length=150)
    label_fr = models.CharField(_("naam (Frans)"), max_length=150, blank=True)
    label_en = models.CharField(_("naam (Engels)"), max_length=150, blank=True)
    proof_nl = models.CharField(
        _("wat meebrengen (Nederlands)"),
        max_length=200,
        blank=True,
        help_text=_("Het bewijs dat een inwoner meebrengt, bijvoorbeeld: attest van het OCMW."),
    )
    proof_fr = models.CharField(_("wat meebrengen (Frans)"), max_length=200, blank=True)
    proof_en = models.CharField(_("wat meebrengen (Engels)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("actief"), default=True)

    objects = EligibilityGroundQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "label_nl"], name="one_ground_per_label_and_organisation")
        ]
        verbose_name = _("grond")
        verbose_name_plural = _("gronden")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return translated(self, "label")

    @property
    def proof(self):
        return translated(self, "proof")

    @property
    def gives_social_internet(self):
        return self.kind in SOCIAL_INTERNET


class ReferrerKind(models.TextChoices):
    SELF = "self", _("niemand: kwam zelf")
    OCMW = "ocmw", _("OCMW of sociale dienst")
    CAW = "caw", _("CAW")
    SCHOOL = "school", _("school of CLB")
    HEALTH = "health", _("ziekenfonds of zorgorganisatie")
    SOCIAL = "social", _("andere sociale organisatie")
    OTHER = "other", _("andere")


def new_reference():
    """A pseudonymous reference such as TB-7K3Q9M: no name, no date of birth, easy to read aloud."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "TB-" + "".join(secrets.choice(alphabet) for _ in range(6))


class BeneficiaryQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """People of one device bank."""
        return self.filter(organisation=organisation)

    def not_erased(self):
        """People whose personal data is still stored."""
        return self.filter(erased_at__isnull=True)

    def due_for_erasure(self, today=None):
        """People past their retention date, not yet erased, with no device reserved for them or still with them.

        Someone who still has a device stays reachable until it is back (or becomes a gift).
        """
        today = today or timezone.localdate()
        from einclusie.devices.models.loans import ACTIVE_LOAN_STATUSES

        return self.not_erased().filter(retain_until__lt=today).exclude(loans__status__in=ACTIVE_LOAN_STATUSES)


class Beneficiary(models.Model):
    """A person who borrows a device or gets internet access. Only the reference and the anonymous facts stay."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="beneficiaries", editable=False
    )
    reference = models.CharField(_("referentie"), max_length=20, unique=True, default=new_reference, editable=False)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("woonplaats"),
        help_text=_("De gemeente waar de persoon woont."),
    )
    grounds = models.ManyToManyField(EligibilityGround, related_name="beneficiaries", verbose_name=_("gronden"))
    referrer_kind = models.CharField(
        _("doorverwezen door"), max_length=20, choices=ReferrerKind.choices, default=ReferrerKind.SELF
    )
    referrer_name = models.CharField(
        _("naam van de doorverwijzer"),
        max_length=150,
        blank=True,
        help_text=_("De organisatie, bijvoorbeeld: CAW Oost-Vlaanderen, onthaal Gent. Geen naam van een persoon."),
    )
    consent = models.BooleanField(
        _("toestemming"),
        default=False,
        help_text=_("De persoon weet welke gegevens we bewaren, waarom en hoe lang, en gaat akkoord."),
    )
    consent_on = models.DateField(_("toestemming gegeven op"), null=True, blank=True, editable=False)
    retain_until = models.DateField(
        _("bewaren tot"),
        help_text=_("Daarna wissen we de persoonsgegevens. De anonieme cijfers blijven."),
    )
    # Personal fields: erased at the retention date or on request.
    full_name = models.CharField(
        _("naam"),
        max_length=150,
        blank=True,
        help_text=_("Alleen nodig voor de overeenkomst die de persoon ondertekent."),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    referrer_file = models.CharField(
        _("dossiernummer bij de doorverwijzer"),
        max_length=60,
        blank=True,
        help_text=_("Zo vindt de doorverwijzer de persoon terug. Geen rijksregisternummer."),
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True, editable=False)

    objects = BeneficiaryQuerySet.as_manager()

    PERSONAL_FIELDS = ("full_name", "phone", "email", "referrer_file", "note")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True) | Q(erased_at__isnull=False), name="beneficiary_gave_consent"
            ),
        ]
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")

    def __str__(self):
        return self.reference

    @property
    def is_erased(self):
        return self.erased_at is not None

    def is_past_retention(self, today=None):
        return self.retain_until < (today or timezone.localdate())

    def display_name(self):
        """The reference, and the name when there is one."""
        return f"{self.reference} – {self.full_name}" if self.full_name else self.reference


class DeviceBankSettings(models.Model):
    """How one organisation runs its device bank: the public check, the loan term and the agreement text."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="device_bank", editable=False
    )
    public_check = models.BooleanField(
        _("publieke check tonen"),
        default=False,
        help_text=_(
            "Inwoners zien dan op 'Kan ik hier een laptop lenen?' uw gronden, waar ze moeten zijn en wat meebrengen."
        ),
    )
    where_nl = models.TextField(
        _("waar moeten inwoners naartoe? (Nederlands)"),
        max_length=600,
        blank=True,
        help_text=_("Adres en uren, bijvoorbeeld: Sociaal Huis, Onderbergen 86, op dinsdag van 9 tot 12 uur."),
    )
    where_fr = models.TextField(_("waar moeten inwoners naartoe? (Frans)"), max_length=600, blank=True)
    where_en = models.TextField(_("waar moeten inwoners naartoe? (Engels)"), max_length=600, blank=True)
    loan_months = models.PositiveSmallIntegerField(
        _("standaardduur van een lening in maanden"), default=24, help_text=_("Meestal 24 maanden.")
    )
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn in maanden"),
        default=30,
        help_text=_(
            "Hoe lang na de registratie we de persoonsgegevens bewaren. Langer zolang iemand een toestel leent."
        ),
    )
    agreement_nl = models.TextField(_("tekst van de overeenkomst (Nederlands)"), blank=True)
    agreement_fr = models.TextField(_("tekst van de overeenkomst (Frans)"), blank=True)
    agreement_en = models.TextField(_("tekst van de overeenkomst (Engels)"), blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("instellingen van de toestellenbank")
        verbose_name_plural = _("instellingen van toestellenbanken")

    def __str__(self):
        return str(self.organisation_id)

    @property
    def where(self):
        return translated(self, "where")

    def agreement_text(self, language):
        """The agreement in a language (nl, fr, en): the organisation's own text, else the standard one."""
        from einclusie.devices.agreement import DEFAULT_AGREEMENT

        own = getattr(self, f"agreement_{language}", "") or ""
        return own.strip() or DEFAULT_AGREEMENT[language]
