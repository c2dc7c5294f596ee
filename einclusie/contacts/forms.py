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
