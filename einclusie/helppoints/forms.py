import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from einclusie.core import forms as core_forms
from einclusie.core.codelists import HELP_TOPICS, LANGUAGES, REQUIRED_DOCUMENTS, codes
from einclusie.core.concurrency import EditConflictMixin
from einclusie.core.fields import DateInputsField
from einclusie.core.forms import https_formfield
from einclusie.helppoints.models import HelpPoint, Location, ScheduleException, Service, Weekday
from einclusie.territory.models import Municipality, PostalCode

YES_NO_UNKNOWN = [("true", _("ja")), ("false", _("nee")), ("", _("weet ik niet"))]


class CodeChoiceField(core_forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class ServiceForm(forms.ModelForm):
    topics = CodeChoiceField(
        label=_("Waarmee helpt u?"), queryset=None, help_text=_("Kies alles wat inwoners hier kunnen vragen.")
    )
    languages = CodeChoiceField(
        label=_("Welke talen spreken de medewerkers?"),
        queryset=None,
        help_text=_("Alleen talen die medewerkers zelf spreken, geen tolken."),
    )
    required_documents = CodeChoiceField(label=_("Wat moet een inwoner meebrengen?"), queryset=None, required=False)
    notice_until = DateInputsField(
        label=_("Mededeling tonen tot en met"), required=False, help_text=_("Bijvoorbeeld 24 12 2026.")
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "topics",
            "languages",
            "required_documents",
            "status",
            "notice",
            "notice_until",
            "is_free",
            "fees_description",
            "home_visits",
            "phone",
            "email",
            "url",
        ]
        widgets = {"status": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = https_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = codes(HELP_TOPICS)
        self.fields["languages"].queryset = codes(LANGUAGES)
        self.fields["required_documents"].queryset = codes(REQUIRED_DOCUMENTS)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_free") and not cleaned.get("fees_description"):
            self.add_error("fees_description", _("Schrijf wat de hulp kost, of kies 'gratis'."))
        return cleaned


class TriStateField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO_UNKNOWN,
            coerce=lambda value: {"true": True, "false": False}.get(value),
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "true", False: "false"}.get(value, "")


class LocationForm(forms.ModelForm):
    step_free = TriStateField(label=_("Kan iemand in een rolstoel binnen zonder trappen?"))
    accessible_toilet = TriStateField(label=_("Is er een aangepast toilet?"))
    hearing_loop = TriStateField(label=_("Is er een ringleiding voor hoorapparaten?"))
    quiet_room = TriStateField(label=_("Is er een rustige ruimte?"))
    accessible_parking = TriStateField(label=_("Is er een parkeerplaats voor personen met een handicap?"))
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.flemish().current(),
        required=False,
        help_text=_("Alleen nodig als de postcode bij meer dan één gemeente hoort."),
    )

    class Meta:
        model = Location
        fields = [
            "name",
            "street",
            "postal_code",
            "city",
            "municipality",
            "transportation",
            "step_free",
            "accessible_toilet",
            "hearing_loop",
            "quiet_room",
            "accessible_parking",
            "accessibility_notes",
            "latitude",
            "longitude",
        ]
        widgets = {
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "transportation": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "latitude": _("Optioneel. Zonder coördinaten gebruiken we het midden van de gemeente."),
            "longitude": _("Bijvoorbeeld 3.7174 voor Gent."),
        }

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if not (len(code) == 4 and code.isdigit()):
            raise forms.ValidationError(_("Een postcode heeft 4 cijfers, bijvoorbeeld 9000."))
        if not PostalCode.objects.filter(code=code, municipality__is_flemish=True).exists():
            raise forms.ValidationError(_("Deze postcode kennen we niet in Vlaanderen."))
        return code

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("postal_code")
        if code and not cleaned.get("municipality"):
            candidates = list(Municipality.objects.filter(postal_codes__code=code).current().distinct())
            if len(candidates) == 1:
                cleaned["municipality"] = candidates[0]
            else:
                self.add_error("municipality", _("Deze postcode hoort bij meer dan één gemeente. Kies de gemeente."))
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Vul beide coördinaten in, of geen van beide."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and not (50.6 <= latitude <= 51.6 and 2.5 <= longitude <= 6.0):
            self.add_error("latitude", _("Deze coördinaten liggen niet in Vlaanderen."))
        return cleaned

    def save(self, commit=True):
        self.instance.municipality = self.cleaned_data["municipality"]
        return super().save(commit=commit)


class HelpPointForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = HelpPoint
        fields = ["location", "walk_in", "by_appointment", "appointment_details", "closed_on_public_holidays"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)
        self.fields["location"].label = _("Waar?")
        self.fields["location"].empty_label = _("Kies een locatie")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("walk_in") and not cleaned.get("by_appointment"):
            self.add_error("walk_in", _("Kies of inwoners kunnen binnenlopen, op afspraak komen, of allebei."))
        if cleaned.get("by_appointment") and not cleaned.get("appointment_details"):
            self.add_error("appointment_details", _("Schrijf hoe iemand een afspraak maakt."))
        return cleaned


PERIODS_PER_DAY = 2


class WeeklyHoursForm(forms.Form):
    """Up to two opening periods per weekday (for example a morning and an afternoon)."""

    def __init__(self, *args, help_point, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {}
        for hours in help_point.opening_hours.all():
            existing.setdefault(hours.weekday, []).append(hours)
        self.days = []
        for weekday in Weekday:
            fields = []
            for index in range(PERIODS_PER_DAY):
                current = existing.get(weekday.value, [])
                period = current[index] if index < len(current) else None
                for part in ("opens", "closes"):
                    name = f"day{weekday.value}_{index}_{part}"
                    self.fields[name] = forms.TimeField(
                        label=_("Van") if part == "opens" else _("Tot"),
                        required=False,
                        initial=getattr(period, f"{part}_at") if period else None,
                        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
                    )
                    fields.append(name)
            self.days.append((weekday, [self[name] for name in fields]))

    def periods(self):
        """The cleaned periods as (weekday, opens_at, closes_at)."""
        result = []
        for weekday in Weekday:
            for index in range(PERIODS_PER_DAY):
                opens = self.cleaned_data.get(f"day{weekday.value}_{index}_opens")
                closes = self.cleaned_data.get(f"day{weekday.value}_{index}_closes")
                if opens and closes:
                    result.append((weekday.value, opens, closes))
        return result

    def clean(self):
        cleaned = super().clean()
        for weekday in Weekday:
            for index in range(PERIODS_PER_DAY):
                opens_name = f"day{weekday.value}_{index}_opens"
                closes_name = f"day{weekday.value}_{index}_closes"
                opens, closes = cleaned.get(opens_name), cleaned.get(closes_name)
                if bool(opens) != bool(closes) and opens_name not in self.errors and closes_name not in self.errors:
                    missing = closes_name if opens else opens_name
                    self.add_error(
                        missing,
                        _("Vul voor %(day)s zowel het begin- als het einduur in.") % {"day": weekday.label},
                    )
                elif opens and closes and opens == closes:
                    self.add_error(closes_name, _("Het einduur moet verschillen van het beginuur."))
        return cleaned


class ScheduleExceptionForm(forms.ModelForm):
    starts_on = DateInputsField(label=_("Eerste dag"))
    ends_on = DateInputsField(
        label=_("Laatste dag"), required=False, help_text=_("Leeg laten als het om één dag gaat.")
    )
    closed = forms.TypedChoiceField(
        label=_("Wat verandert er?"),
        choices=[("true", _("Gesloten")), ("false", _("Open op andere uren"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        initial="true",
    )

    class Meta:
        model = ScheduleException
        fields = ["starts_on", "ends_on", "closed", "opens_at", "closes_at", "reason"]
        widgets = {
            "opens_at": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "closes_at": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and not ends_on and "ends_on" not in self.errors:
            cleaned["ends_on"] = starts_on
            self.instance.ends_on = starts_on
        elif starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De laatste dag ligt voor de eerste dag."))
        elif starts_on and ends_on and (ends_on - starts_on) > datetime.timedelta(days=366):
            self.add_error("ends_on", _("Een uitzondering duurt hoogstens een jaar."))
        if cleaned.get("closed") is False:
            if not cleaned.get("opens_at"):
                self.add_error("opens_at", _("Vul het uur in waarop het digipunt opengaat."))
            if not cleaned.get("closes_at"):
                self.add_error("closes_at", _("Vul het uur in waarop het digipunt sluit."))
        else:
            cleaned["opens_at"] = cleaned["closes_at"] = None
        return cleaned


MAX_IMPORT_BYTES = 10 * 1024 * 1024


class HsdsImportForm(forms.Form):
    file = forms.FileField(
        label=_("HSDS-bestand"),
        help_text=_("Een JSON-bestand of een zip met de CSV-bestanden van Open Referral HSDS 3.0. Hoogstens 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.zip,application/json,application/zip"}),
    )
    dry_run = forms.BooleanField(
        label=_("Alleen nakijken, nog niets bewaren"),
        required=False,
        initial=True,
        help_text=_("U ziet eerst wat er zou veranderen. Vink dit uit om echt in te lezen."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 10 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head.startswith(b"PK\x03\x04"):
            upload.kind = "zip"
        elif head.lstrip()[:1] in (b"{", b"[") or head.startswith(b"\xef\xbb\xbf"):
            upload.kind = "json"
        else:
            raise forms.ValidationError(_("Dit is geen JSON-bestand en geen zip-bestand."))
        return upload
