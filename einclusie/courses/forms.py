import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.codelists import DIGCOMP_AREAS, LANGUAGES, TARGET_GROUPS, codes
from einclusie.core.concurrency import EditConflictMixin
from einclusie.core.fields import DateInputsField
from einclusie.courses import attendance_sheet, skills
from einclusie.courses.models import Course, CourseSession, EnrolmentStatus
from einclusie.helppoints.forms import CodeChoiceField
from einclusie.helppoints.models import HelpPoint, Location

OLDEST_SESSION_DAYS = 366
FURTHEST_SESSION_DAYS = 2 * 366
NOT_ENROLLED = _("Kies alleen mensen die voor deze cursus ingeschreven zijn.")


class CodeSelect(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class LocationChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Kies een locatie van uw eigen organisatie.")}

    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.city}"


class HelpPointChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Kies een digipunt van uw eigen organisatie.")}

    def label_from_instance(self, obj):
        return f"{obj.service.name} – {obj.location.name}"


class CourseForm(EditConflictMixin, forms.ModelForm):
    digcomp_areas = CodeChoiceField(
        label=_("Welke vaardigheden leren de deelnemers?"),
        queryset=None,
        help_text=_("De gebieden van DigComp 2.2, het Europese kader voor digitale vaardigheden."),
        error_messages={"required": _("Kies minstens één gebied.")},
    )
    language = CodeSelect(label=_("Taal van de cursus"), queryset=None, empty_label=None)
    target_groups = CodeChoiceField(label=_("Voor welke doelgroepen is de cursus?"), queryset=None, required=False)
    location = LocationChoiceField(
        label=_("Waar gaat de cursus door?"), queryset=None, required=False, empty_label=_("Op een andere plaats")
    )
    help_point = HelpPointChoiceField(
        label=_("Hoort de cursus bij een digipunt?"), queryset=None, required=False, empty_label=_("Nee")
    )
    capacity = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": _("Vul het aantal plaatsen in."),
            "invalid": _("Schrijf het aantal plaatsen als een getal, bijvoorbeeld 12."),
            "min_value": _("Een cursus heeft minstens 1 plaats."),
            "max_value": _("Een cursus heeft hoogstens 500 plaatsen."),
        },
    )
    price = forms.DecimalField(
        label=_("Prijs in euro"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Alleen als de cursus niet gratis is. Bijvoorbeeld 5 of 12,50."),
        localize=True,
        error_messages={"invalid": _("Schrijf de prijs als een bedrag, bijvoorbeeld 12,50.")},
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "description",
            "digcomp_areas",
            "level",
            "language",
            "target_groups",
            "location",
            "place",
            "help_point",
            "capacity",
            "is_free",
            "price",
        ]
        widgets = {"level": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["digcomp_areas"].queryset = codes(DIGCOMP_AREAS)
        self.fields["language"].queryset = codes(LANGUAGES)
        self.fields["target_groups"].queryset = codes(TARGET_GROUPS)
        self.fields["location"].queryset = Location.objects.filter(organisation=organisation)
        self.fields["help_point"].queryset = HelpPoint.objects.for_organisation(organisation).select_related(
            "service", "location"
        )
        self.fields["level"].choices = [choice for choice in self.fields["level"].choices if choice[0]]
        self.fields["title"].error_messages["required"] = _("Geef de cursus een titel.")
        self.fields["description"].error_messages["required"] = _("Beschrijf kort wat de deelnemers leren.")
        if not self.instance.pk:
            self.initial.setdefault("language", codes(LANGUAGES).filter(code="nl").first())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("location") and not cleaned.get("place") and "location" not in self.errors:
            self.add_error("place", _("Kies een locatie of schrijf waar de cursus doorgaat."))
        if cleaned.get("location"):
            cleaned["place"] = ""
        if not cleaned.get("is_free") and cleaned.get("price") in (None, 0) and "price" not in self.errors:
            self.add_error("price", _("Vul de prijs in, of kies 'gratis'."))
        if cleaned.get("is_free"):
            cleaned["price"] = None
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity:
            taken = self.instance.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("Er zijn al %(count)s mensen ingeschreven. Kies minstens %(count)s plaatsen.") % {"count": taken},
                )
        return cleaned


class ClockField(forms.TimeField):
    """An hour as people write it in Flanders: 9, 9u, 9u30, 9.30 or 09:30."""

    widget = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    default_error_messages = {
        "required": _("Vul het uur in."),
        "invalid": _("Schrijf het uur als 9:30 of 14:00."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower().replace("u", ":").replace(".", ":").replace("h", ":")
            if value and ":" not in value:
                value += ":00"
            if value.endswith(":"):
                value += "00"
        return super().to_python(value)


class CourseSessionForm(forms.ModelForm):
    date = DateInputsField(label=_("Datum"), help_text=_("Bijvoorbeeld 14 1 2027."))
    starts_at = ClockField(label=_("Van"))
    ends_at = ClockField(label=_("Tot"))

    class Meta:
        model = CourseSession
        fields = ["date", "starts_at", "ends_at"]

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date < today - datetime.timedelta(days=OLDEST_SESSION_DAYS):
            raise forms.ValidationError(_("De datum ligt meer dan een jaar terug."))
        if date > today + datetime.timedelta(days=FURTHEST_SESSION_DAYS):
            raise forms.ValidationError(_("De datum ligt meer dan twee jaar verder."))
        return date

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at, date = cleaned.get("starts_at"), cleaned.get("ends_at"), cleaned.get("date")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Het einduur moet later zijn dan het beginuur."))
        elif date and starts_at and self.course.sessions.filter(date=date, starts_at=starts_at).exists():
            self.add_error("starts_at", _("Er is al een sessie op deze dag en dit uur."))
        return cleaned


def normalise_phone(text):
    """A Belgian number as ten (mobile) or nine digits starting with 0; a foreign one as + and its digits.

    Returns "" for a number that cannot be right.
    """
    text = (text or "").strip()
    if not text or any(ch.isalpha() for ch in text):
        return ""
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if digits.startswith("32"):
            digits = "0" + digits[2:].removeprefix("0")
        elif 8 <= len(digits) <= 15:
            return "+" + digits
        else:
            return ""
    if digits.startswith("0") and len(digits) in (9, 10):
        return digits
    return ""


def display_phone(phone):
    """0470123456 → 0470 12 34 56; 091234567 → 09 123 45 67."""
    if len(phone) == 10 and phone.startswith("04"):
        return f"{phone[:4]} {phone[4:6]} {phone[6:8]} {phone[8:]}"
    if len(phone) == 9 and phone.startswith("0"):
        return f"{phone[:2]} {phone[2:5]} {phone[5:7]} {phone[7:]}"
    return phone


class SignUpForm(forms.Form):
    """A citizen signs up: a first name and a phone number or e-mail address, nothing more."""

    first_name = forms.CharField(
        label=_("Uw voornaam"),
        max_length=60,
        error_messages={"required": _("Vul uw voornaam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer, bijvoorbeeld 0470 12 34 56"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
        template_name="courses/public/_contact_field.html",
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        template_name="courses/public/_contact_field.html",
        max_length=254,
        required=False,
        error_messages={"invalid": _("Dit e-mailadres klopt niet. Schrijf het zoals naam@voorbeeld.be.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_required = True

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_phone(self):
        raw = self.cleaned_data["phone"]
        if not raw.strip():
            return ""
        phone = normalise_phone(raw)
        if not phone:
            raise forms.ValidationError(_("Dit telefoonnummer klopt niet. Schrijf bijvoorbeeld 0470 12 34 56."))
        return phone

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if self.contact_required and not self.errors and not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Vul uw telefoonnummer of uw e-mailadres in, zodat we u kunnen bereiken."))
        return cleaned


class HelperEnrolmentForm(SignUpForm):
    """A digihelper signs someone up; the helper's organisation is the contact when the person has none."""

    contact_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].label = _("Voornaam van de deelnemer")
        self.fields["first_name"].error_messages["required"] = _("Vul de voornaam van de deelnemer in.")
        self.fields["phone"].label = _("Telefoonnummer van de deelnemer")
        self.fields["phone"].template_name = self.fields["email"].template_name = None
        self.fields["phone"].help_text = _(
            "Niet verplicht: zonder nummer of e-mailadres is uw organisatie het contact."
        )
        self.fields["email"].label = _("E-mailadres van de deelnemer")
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"


class PeopleForm(forms.Form):
    """One list of checkboxes for the people enrolled in a course (attendance, completion)."""

    people = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_ENROLLED},
        template_name="courses/_people_field.html",
    )

    def __init__(self, *args, choices, label, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = choices
        self.fields["people"].label = label
        self.fields["people"].help_text = help_text


class CourseFilterForm(forms.Form):
    waar = forms.CharField(
        label=_("Waar?"),
        help_text=_("Postcode of gemeente, bijvoorbeeld 9000 of Gent."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "enterkeyhint": "search"}),
    )
    gebied = forms.ChoiceField(label=_("Wat wilt u leren?"), required=False)
    taal = forms.ChoiceField(label=_("In welke taal?"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebied"].choices = [("", _("Alles"))] + [(c.code, c.label) for c in codes(DIGCOMP_AREAS)]
        self.fields["taal"].choices = [("", _("Alle talen"))] + [(c.code, c.label) for c in codes(LANGUAGES)]


class SkillsCheckForm(forms.Form):
    """The self-rating statements of a questionnaire, each a group of radio buttons; the code of a first check."""

    code = forms.CharField(
        label=_("Uw code van de eerste test"),
        max_length=12,
        required=False,
        help_text=_("U kreeg die code na de eerste test, bijvoorbeeld K7P-A3Q."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def __init__(self, *args, questionnaire, code_required=False, ask_code=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        if not ask_code:
            del self.fields["code"]
        elif code_required:
            self.fields["code"].required = True
            self.fields["code"].error_messages["required"] = _("Vul de code in die u kreeg na de eerste test.")
        else:
            self.fields["code"].label = _("Hebt u al een code van een eerste test?")
            self.fields["code"].help_text = _("Vul ze dan hier in, bijvoorbeeld K7P-A3Q. Eerste keer? Laat dit leeg.")
        scale = questionnaire.scale_choices()
        for item in questionnaire.items.all():
            self.fields[f"item_{item.code}"] = forms.TypedChoiceField(
                label=item.text,
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies een antwoord bij: %(statement)s") % {"statement": item.text},
                    "invalid_choice": _("Kies een van de antwoorden bij: %(statement)s") % {"statement": item.text},
                },
            )

    def clean_code(self):
        code = skills.normalise_code(self.cleaned_data.get("code"))
        if code and (len(code) != skills.CODE_LENGTH or any(ch not in skills.CODE_ALPHABET for ch in code)):
            raise forms.ValidationError(_("Deze code klopt niet. Een code heeft 6 tekens, bijvoorbeeld K7P-A3Q."))
        return code

    def ratings(self):
        return {
            name.removeprefix("item_"): value for name, value in self.cleaned_data.items() if name.startswith("item_")
        }


class AttendanceSheetForm(forms.Form):
    file = forms.FileField(
        label=_("Aanwezigheidslijst"),
        help_text=_(
            "De gedownloade lijst, ingevuld: ja of nee per sessie. Een CSV-bestand of een Excel-bestand (.xlsx), "
            "hoogstens 2 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > attendance_sheet.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Kies een CSV-bestand of een Excel-bestand (.xlsx)."))
        return upload
