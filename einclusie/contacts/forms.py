import datetime
import functools

from django import forms
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from einclusie.contacts.models import HelpContact, Outcome
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, TARGET_GROUPS, codes
from einclusie.core.fields import DateInputsField
from einclusie.core.models import Code
from einclusie.helppoints.forms import CodeChoiceField
from einclusie.helppoints.models import HelpPoint

OLDEST_DAYS = 366
TOPIC_USAGE_SECONDS = 10 * 60


class QuickOptions:
    """Radio buttons and check boxes written in Python instead of three nested templates per option.

    The log form has some sixty of them and is opened again after every contact; the HTML is exactly
    Django's (django/forms/widgets/input_option.html).
    """

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        html = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        if widget["value"] is not None:
            html += f' value="{conditional_escape(str(widget["value"]))}"'
        html += _attrs(widget["attrs"]) + ">"
        if widget.get("wrap_label"):
            label_for = f' for="{conditional_escape(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
            html = f"<label{label_for}>{html} {conditional_escape(widget['label'])}</label>"
        return mark_safe(html)  # noqa: S308 - every part above is escaped


class QuickRadioSelect(QuickOptions, forms.RadioSelect):
    pass


class QuickCheckboxes(QuickOptions, forms.CheckboxSelectMultiple):
    pass


class QuickSelect(forms.Select):
    """A drop-down list written in Python; the HTML is exactly Django's (django/forms/widgets/select.html)."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.template_name:
            return super()._render(template_name, context, renderer)
        widget = context["widget"]
        html = f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html += f'\n  <optgroup label="{conditional_escape(group_name)}">'
            for option in options:
                html += (
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html += "\n  </optgroup>"
        return mark_safe(html + "\n</select>")  # noqa: S308 - every part above is escaped


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them."""
    html = ""
    for name, value in attrs.items():
        if value is True:
            html += f" {name}"
        elif value is not False:
            html += f' {name}="{conditional_escape(str(value))}"'
    return html


class CodeSelect(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class HelpPointChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Kies een digipunt van uw eigen organisatie.")}

    def label_from_instance(self, obj):
        return f"{obj.service.name} – {obj.location.name}"


class HelpContactForm(forms.ModelForm):
    """At most five choices: help point (remembered), how, topics, result, duration. The rest is optional."""

    help_point = HelpPointChoiceField(
        label=_("Digipunt"), queryset=HelpPoint.objects.none(), empty_label=None, widget=QuickSelect
    )
    topics = CodeChoiceField(label=_("Waarover ging het?"), queryset=None, widget=QuickCheckboxes)
    target_groups = CodeChoiceField(label=_("Doelgroep"), queryset=None, required=False, widget=QuickCheckboxes)
    language = CodeSelect(
        label=_("Taal van het gesprek"), queryset=None, required=False, empty_label=_("Nederlands"), widget=QuickSelect
    )
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
            "channel": QuickRadioSelect,
            "outcome": QuickRadioSelect,
            "referred_to": QuickRadioSelect,
            "duration": QuickRadioSelect,
            "age_band": QuickRadioSelect,
            "note": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 200}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The form is opened again after every contact: each list of choices is read at most once, only
        # when the page is drawn (not for a valid POST), and rendering runs no query per field.
        help_points = HelpPoint.objects.for_organisation(organisation)
        label = self.fields["help_point"].label_from_instance
        points = help_points.select_related("service", "location")
        self._choose(
            "help_point",
            help_points.select_related("service"),  # contact_log checks the service's organisation again
            lambda: [(point.pk, label(point)) for point in points],
        )
        lists = functools.cache(_code_lists)  # the three code lists in one query, when first needed
        self._choose(
            "topics",
            codes(HELP_TOPICS),
            lambda: [(code.pk, code.label) for code in most_used_topics(organisation, lists()[HELP_TOPICS])],
        )
        self._choose(
            "target_groups", codes(TARGET_GROUPS), lambda: [(code.pk, code.label) for code in lists()[TARGET_GROUPS]]
        )
        self._choose(
            "language",
            codes(LANGUAGES).exclude(code="nl"),
            lambda: [(code.pk, code.label) for code in lists()[LANGUAGES] if code.code != "nl"],
        )
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

    def _choose(self, name, queryset, choices):
        """Check against the queryset; offer the choices, read once and only when the form is drawn."""
        field = self.fields[name]
        field.queryset = queryset
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.choices = functools.cache(lambda: empty + choices())

    def has_help_points(self):
        return any(value for value, _label in self.fields["help_point"].choices)

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


def most_used_topics(organisation, topics=None):
    """Help topics (a list), the ones this organisation logged most in the last 90 days first.

    The counts are kept for ten minutes: the order helps a helper find a topic quickly, it need not
    follow every contact, and counting a busy organisation's quarter on every page would not be cheap.
    """

    def usage():
        since = timezone.localdate() - datetime.timedelta(days=90)
        return dict(
            HelpContact.topics.through.objects.filter(
                helpcontact__organisation=organisation, helpcontact__date__gte=since
            )
            .values("code_id")
            .annotate(uses=Count("id"))
            .values_list("code_id", "uses")
        )

    uses = cache.get_or_set(f"contacts:topic-usage:{organisation.pk}", usage, TOPIC_USAGE_SECONDS)
    topics = list(codes(HELP_TOPICS)) if topics is None else topics
    return sorted(topics, key=lambda code: -uses.get(code.pk, 0))  # stable: list order next


def _code_lists():
    """The active help topics, target groups and languages, in list order, read in one query."""
    lists = {HELP_TOPICS: [], TARGET_GROUPS: [], LANGUAGES: []}
    found = Code.objects.active().filter(code_list__slug__in=lists).select_related("code_list")
    for code in found.order_by("position", "code"):
        lists[code.code_list.slug].append(code)
    return lists


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
