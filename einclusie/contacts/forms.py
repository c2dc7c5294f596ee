import datetime

from django import forms
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.contacts.models import HelpContact, Outcome
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS, codes
from einclusie.core.fields import DateInputsField
from einclusie.helppoints.forms import CodeChoiceField
from einclusie.helppoints.models import HelpPoint

OLDEST_DAYS = 366


class CodeSelect(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class HelpPointChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Kies een digipunt van uw eigen organisatie.")}

    def label_from_instance(self, obj):
        return f"{obj.service.name} – {obj.location.name}"


class HelpContactForm(forms.ModelForm):
    """At most five choices: help point (remembered), how, topics, result, duration. The rest is optional."""

    help_point = HelpPointChoiceField(label=_("Digipunt"), queryset=HelpPoint.objects.none(), empty_label=None)
    topics = CodeChoiceField(label=_("Waarover ging het?"), queryset=None)
    target_groups = CodeChoiceField(label=_("Doelgroep"), queryset=None, required=False)
    language = CodeSelect(label=_("Taal van het gesprek"), queryset=None, required=False, empty_label=_("Nederlands"))
    date = DateInputsField(label=_("Datum"))

    class Meta:
        model = HelpContact
        fields = [
            "help_point",
            "channel",
            "topics",
            "outcome",
            "referred_to",
            "duration",
            "date",
            "age_band",
            "target_groups",
            "language",
            "note",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "referred_to": forms.RadioSelect,
            "duration": forms.RadioSelect,
            "age_band": forms.RadioSelect,
            "note": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 200}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        help_points = HelpPoint.objects.for_organisation(organisation).select_related("service", "location")
        self.fields["help_point"].queryset = help_points
        self.fields["topics"].queryset = most_used_topics(organisation)
        self.fields["target_groups"].queryset = codes(TARGET_GROUPS)
        self.fields["language"].queryset = codes(LANGUAGES).exclude(code="nl")
        self.fields["referred_to"].required = False
        for name in ("channel", "outcome", "referred_to", "duration", "age_band"):
            # Radio buttons never offer an empty "---------" choice.
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0]]
        self.fields["referred_to"].label = _("Doorverwezen naar (alleen bij doorverwezen)")
        self.fields["age_band"].required = False
        required_messages = {
            "channel": _("Kies hoe de persoon hulp kreeg."),
            "topics": _("Kies minstens één onderwerp."),
            "outcome": _("Kies het resultaat."),
            "duration": _("Kies hoe lang het duurde."),
            "help_point": _("Kies het digipunt."),
        }
        for name, message in required_messages.items():
            self.fields[name].error_messages["required"] = message

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date > today:
            raise forms.ValidationError(_("De datum ligt in de toekomst. Noteer een contact op de dag zelf of later."))
        if date < today - datetime.timedelta(days=OLDEST_DAYS):
            raise forms.ValidationError(_("De datum ligt meer dan een jaar terug."))
        return date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Outcome.REFERRED and not cleaned.get("referred_to"):
            self.add_error("referred_to", _("Kies naar wie u doorverwees."))
        if cleaned.get("outcome") != Outcome.REFERRED:
            cleaned["referred_to"] = ""
            self.instance.referred_to = ""
        return cleaned


def most_used_topics(organisation):
    """Help topics, the ones this organisation logged most in the last 90 days first."""
    since = timezone.localdate() - datetime.timedelta(days=90)
    usage = (
        HelpContact.topics.through.objects.filter(helpcontact__organisation=organisation, helpcontact__date__gte=since)
        .values("code_id")
        .annotate(uses=Count("id"))
    )
    ranking = Case(
        *[When(pk=row["code_id"], then=Value(row["uses"])) for row in usage],
        default=Value(0),
        output_field=IntegerField(),
    )
    return codes(HELP_TOPICS).order_by(-ranking if usage else "position", "position")


MAX_UPLOAD_BYTES = 10_000_000
MAX_UPLOAD_ROWS = 50_000
ALL_OR_NOTHING = "all"
KEEP_GOOD_ROWS = "good"


class ContactsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand met contacten"),
        help_text=_("Een CSV-bestand of een Excel-bestand (.xlsx) met de kolommen van het sjabloon. Hoogstens 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 10 MB. Verdeel het over kleinere bestanden."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Kies een CSV-bestand of een Excel-bestand (.xlsx)."))
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        label=_("Wat met de rijen met een probleem?"),
        choices=[
            (KEEP_GOOD_ROWS, _("Lees de goede rijen in; de rijen met een probleem verbeter ik later")),
            (ALL_OR_NOTHING, _("Lees niets in zolang er één rij een probleem heeft (alles of niets)")),
        ],
        initial=KEEP_GOOD_ROWS,
        widget=forms.RadioSelect,
    )


class ContactsExportForm(forms.Form):
    """The period to export; the button pressed (?formaat=csv or xlsx) chooses the kind of file."""

    van = DateInputsField(label=_("Van"))
    tot = DateInputsField(label=_("Tot en met"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["van"] > cleaned["tot"]:
            self.add_error("tot", _("Deze datum ligt voor de begindatum."))
        return cleaned
