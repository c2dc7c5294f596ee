"""Help contacts: one row per person helped at a digipunt, by phone or at home. Never who: only what."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from einclusie.contacts.guards import validate_anonymous_note
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("binnengelopen")
    APPOINTMENT = "appointment", _("op afspraak")
    PHONE = "phone", _("telefoon")
    HOME_VISIT = "home_visit", _("aan huis")


class Outcome(models.TextChoices):
    SOLVED = "solved", _("opgelost")
    PARTLY = "partly", _("deels opgelost")
    REFERRED = "referred", _("doorverwezen")
    NOT_SOLVED = "not_solved", _("niet opgelost")


class ReferredTo(models.TextChoices):
    OTHER_HELP_POINT = "help_point", _("een ander digipunt")
    SOCIAL_SERVICE = "social_service", _("OCMW of sociale dienst")
    GOVERNMENT_DESK = "government_desk", _("loket van de overheid")
    BANK = "bank", _("bank of ziekenfonds")
    COURSE = "course", _("een cursus")
    OTHER = "other", _("andere")


class Duration(models.TextChoices):
    UP_TO_15 = "0-15", _("tot 15 minuten")
    UP_TO_30 = "15-30", _("15 tot 30 minuten")
    UP_TO_60 = "30-60", _("30 tot 60 minuten")
    OVER_60 = "60+", _("meer dan een uur")


class AgeBand(models.TextChoices):
    UNDER_25 = "-25", _("jonger dan 25")
    FROM_25 = "25-44", _("25 tot 44")
    FROM_45 = "45-64", _("45 tot 64")
    FROM_65 = "65-74", _("65 tot 74")
    FROM_75 = "75+", _("75 of ouder")


class HelpContactQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """Contacts logged at the help points of one organisation."""
        return self.filter(organisation=organisation)

    def in_period(self, start, end):
        """Contacts on or after `start` and on or before `end` (dates)."""
        return self.filter(date__gte=start, date__lte=end)

    def per_month(self):
        """Counts per month, municipality and help point: the monitoring's basic rollup."""
        return (
            self.annotate(month=TruncMonth("date"))
            .values("month", "help_point__location__municipality__nis_code", "help_point_id")
            .annotate(contacts=Count("id"))
            .order_by("month", "help_point__location__municipality__nis_code", "help_point_id")
        )

    def per_topic(self):
        """Counts per help topic code (a contact about two topics counts for both)."""
        return self.values("topics__code").annotate(contacts=Count("id")).order_by("-contacts", "topics__code")

    def per_target_group(self):
        """Counts per target-group code; contacts without a marker count under None."""
        return (
            self.values("target_groups__code")
            .annotate(contacts=Count("id"))
            .order_by("-contacts", "target_groups__code")
        )


class HelpContact(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="help_contacts", editable=False
    )
    help_point = models.ForeignKey(
        "helppoints.HelpPoint", on_delete=models.PROTECT, related_name="contacts", verbose_name=_("digipunt")
    )
    date = models.DateField(_("datum"))
    channel = models.CharField(_("hoe"), max_length=20, choices=Channel.choices)
    topics = models.ManyToManyField(
        "core.Code", related_name="+", limit_choices_to={"code_list__slug": HELP_TOPICS}, verbose_name=_("onderwerpen")
    )
    outcome = models.CharField(_("resultaat"), max_length=20, choices=Outcome.choices)
    referred_to = models.CharField(_("doorverwezen naar"), max_length=20, choices=ReferredTo.choices, blank=True)
    duration = models.CharField(_("duur"), max_length=10, choices=Duration.choices)
    age_band = models.CharField(_("leeftijd"), max_length=10, choices=AgeBand.choices, blank=True)
    target_groups = models.ManyToManyField(
        "core.Code",
        related_name="+",
        blank=True,
        limit_choices_to={"code_list__slug": TARGET_GROUPS},
        verbose_name=_("doelgroep"),
    )
    language = models.ForeignKey(
        "core.Code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__slug": LANGUAGES},
        verbose_name=_("taal van het gesprek"),
    )
    note = models.CharField(
        _("korte notitie"),
        max_length=200,
        blank=True,
        validators=[validate_anonymous_note],
        help_text=_("Geen namen, geen rijksregisternummer, geen e-mailadres of telefoonnummer."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    logged_at = models.DateTimeField(_("genoteerd op"), auto_now_add=True)
    # Set for contacts read from a spreadsheet: a hash of the row's content and its occurrence in the file,
    # so the same file (or an extended one) never adds a contact twice. See contacts/spreadsheet_import.py.
    import_key = models.CharField(_("importsleutel"), max_length=48, null=True, blank=True, editable=False)

    objects = HelpContactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-logged_at"]
        indexes = [models.Index(fields=["organisation", "date"]), models.Index(fields=["help_point", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "import_key"],
                condition=models.Q(import_key__isnull=False),
                name="unique_import_key_per_organisation",
            )
        ]
        verbose_name = _("hulpcontact")
        verbose_name_plural = _("hulpcontacten")

    def __str__(self):
        return f"{self.date} {self.help_point_id} {self.get_outcome_display()}"
