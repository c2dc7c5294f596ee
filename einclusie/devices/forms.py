"""Forms of the device bank. Labels and hints in plain Dutch; radio buttons and checkboxes in fieldsets."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core.concurrency import EditConflictMixin
from einclusie.core.fields import DateInputsField
from einclusie.core.uploads import check_upload
from einclusie.devices.models import (
    AgreementLanguage,
    Beneficiary,
    Condition,
    ConnectivityKind,
    Device,
    DeviceBankSettings,
    DeviceStatus,
    DeviceType,
    EligibilityGround,
    GroundKind,
    Loan,
    ReferrerKind,
    Source,
    WipeMethod,
)
from einclusie.territory.models import Municipality

CERTIFICATE_BYTES = 5 * 1024 * 1024
SPREADSHEET_BYTES = 2 * 1024 * 1024


def required(form, **messages):
    """Give required fields a message that says what to do, instead of "Dit veld is verplicht"."""
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class IntakeFields(forms.Form):
    """What registering one device and registering a batch ask alike: type, condition, origin, donor, date.

    DeviceForm and BatchForm both inherit these fields, their messages and the check on the date.
    """

    device_type = forms.ChoiceField(label=_("Soort toestel"), choices=DeviceType.choices, widget=forms.RadioSelect)
    condition = forms.ChoiceField(
        label=_("Staat"), choices=Condition.choices, initial=Condition.GOOD, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(label=_("Herkomst"), choices=Source.choices, widget=forms.RadioSelect)
    donor = forms.CharField(
        label=_("Schenker of leverancier"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: Bedrijf NV. Voor een inwoner: laat leeg."),
    )
    received_on = DateInputsField(label=_("Ontvangen op"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(
            self,
            device_type=_("Kies de soort toestel."),
            condition=_("Kies de staat."),
            source=_("Kies de herkomst."),
            received_on=_("Vul in wanneer het toestel binnenkwam."),
        )
        self.initial.setdefault("received_on", timezone.localdate())

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("De datum van ontvangst ligt in de toekomst."))
        return day


class DeviceForm(EditConflictMixin, forms.ModelForm, IntakeFields):  # ModelForm first: Django's rule for mixing the two
    class Meta:
        model = Device
        fields = [
            "device_type",
            "brand",
            "model",
            "serial_number",
            "specifications",
            "condition",
            "source",
            "donor",
            "received_on",
            "note",
        ]
        widgets = {"serial_number": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self, brand=_("Vul het merk in."), serial_number=_("Vul het serienummer in."))


class BatchForm(IntakeFields):
    """Many devices at once: what they share, then one line (or spreadsheet row) per device."""

    brand = forms.CharField(
        label=_("Merk"), max_length=60, required=False, help_text=_("Voor elke regel zonder eigen merk.")
    )
    model = forms.CharField(label=_("Model"), max_length=100, required=False)
    lines = forms.CharField(
        label=_("Serienummers, één per regel"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "Eén toestel per regel. Alleen het serienummer, of: serienummer; merk; model. "
            "Of voeg hieronder een CSV- of Excel-bestand toe."
        ),
    )
    file = forms.FileField(
        label=_("CSV- of Excel-bestand"),
        required=False,
        help_text=_(
            "Kolommen: serienummer, en naar keuze soort, merk, model, staat, kenmerken. Ten hoogste 2 MB en 500 rijen."
        ),
    )
    note = forms.CharField(label=_("Notitie"), max_length=300, required=False)

    field_order = [
        "received_on",
        "source",
        "donor",
        "device_type",
        "brand",
        "model",
        "condition",
        "lines",
        "file",
        "note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device_type"].help_text = _("Voor elke regel zonder eigen soort.")
        self.fields["received_on"].error_messages["required"] = _("Vul in wanneer de toestellen binnenkwamen.")

    def clean(self):
        data = super().clean()
        if not data.get("lines", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Vul de serienummers in of voeg een bestand toe."))
        if data.get("file") and data["file"].size > SPREADSHEET_BYTES:
            self.add_error("file", _("Het bestand is groter dan 2 MB."))
        return data


class WipeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Hoe werden de gegevens gewist?"), choices=WipeMethod.choices, widget=forms.RadioSelect
    )
    wiped_on = DateInputsField(label=_("Gewist op"))
    wiped_by = forms.CharField(
        label=_("Gewist door"),
        max_length=200,
        help_text=_("De persoon of het bedrijf, bijvoorbeeld: Digibank Gent of Jan (vrijwilliger)."),
    )
    certificate_number = forms.CharField(
        label=_("Nummer van het certificaat"),
        max_length=100,
        required=False,
        help_text=_("Vul het nummer in, voeg het bestand toe, of allebei."),
    )
    certificate_file = forms.FileField(
        label=_("Certificaat (bestand)"),
        required=False,
        help_text=_("Een PDF, PNG of JPEG van ten hoogste 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(
            self,
            method=_("Kies hoe de gegevens gewist werden."),
            wiped_on=_("Vul in wanneer de gegevens gewist werden."),
            wiped_by=_("Vul in wie de gegevens wiste."),
        )
        self.initial.setdefault("wiped_on", timezone.localdate())

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        if upload:
            check_upload(upload, kinds={"pdf", "png", "jpeg"}, max_bytes=CERTIFICATE_BYTES)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("certificate_number", "").strip() and not data.get("certificate_file") and not self.errors:
            self.add_error(
                "certificate_number", _("Vul het nummer van het wiscertificaat in of voeg het certificaat toe.")
            )
        return data


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Notitie"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat gebeurde er? Bijvoorbeeld: nieuwe batterij, Windows opnieuw geïnstalleerd."),
    )
    condition = forms.ChoiceField(
        label=_("Staat van het toestel"), choices=Condition.choices, widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args, needs_note=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = needs_note
        self.fields["condition"].choices = [("", _("niet veranderd")), *Condition.choices]
        required(self, note=_("Schrijf kort wat er gebeurde."))


class BeneficiaryForm(EditConflictMixin, forms.ModelForm):
    retain_until = DateInputsField(
        label=_("Bewaren tot"), help_text=_("Daarna wissen we de persoonsgegevens. De anonieme cijfers blijven.")
    )

    class Meta:
        model = Beneficiary
        fields = [
            "municipality",
            "grounds",
            "referrer_kind",
            "referrer_name",
            "full_name",
            "phone",
            "email",
            "referrer_file",
            "note",
            "retain_until",
            "consent",
        ]
        widgets = {
            "grounds": forms.CheckboxSelectMultiple,
            "referrer_kind": forms.RadioSelect,
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, organisation, retention_months=30, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(is_flemish=True).order_by("name_nl")
        self.fields["municipality"].empty_label = _("Kies de gemeente")
        self.fields["referrer_kind"].choices = ReferrerKind.choices
        required(self, municipality=_("Kies de gemeente waar de persoon woont."), retain_until=_("Vul een datum in."))
        self.fields["grounds"].queryset = EligibilityGround.objects.for_organisation(organisation).active()
        self.fields["grounds"].help_text = _("Kies er één of meer. Vraag het bewijs, maar bewaar er geen kopie van.")
        self.fields["consent"].required = True
        self.fields["consent"].label = _("De persoon gaf toestemming")
        self.fields["consent"].error_messages["required"] = _(
            "Zonder toestemming van de persoon kunnen we geen gegevens bewaren."
        )
        if not self.instance.pk:
            from einclusie.devices.services import add_months

            self.initial.setdefault("municipality", organisation.municipality_id)
            self.initial.setdefault("retain_until", add_months(timezone.localdate(), retention_months))

    def clean_grounds(self):
        grounds = self.cleaned_data["grounds"]
        if not grounds:
            raise forms.ValidationError(_("Kies minstens één grond."))
        return grounds

    def clean_retain_until(self):
        day = self.cleaned_data["retain_until"]
        if day and day <= timezone.localdate():
            raise forms.ValidationError(_("Kies een datum in de toekomst."))
        if day and day > timezone.localdate() + datetime.timedelta(days=5 * 366):
            raise forms.ValidationError(_("Bewaar gegevens ten hoogste vijf jaar."))
        return day


class BeneficiaryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name()


def beneficiary_field(organisation, label):
    return BeneficiaryChoiceField(
        label=label,
        error_messages={"required": _("Kies een persoon.")},
        queryset=Beneficiary.objects.for_organisation(organisation).not_erased().order_by("reference"),
        empty_label=_("Kies een persoon"),
        help_text=_("Staat de persoon er niet bij? Registreer hem of haar eerst bij Mensen."),
    )


class ReserveForm(forms.Form):
    reserved_from = DateInputsField(label=_("Gereserveerd van"))
    reserved_until = DateInputsField(label=_("Gereserveerd tot"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"beneficiary": beneficiary_field(organisation, _("Voor wie?")), **self.fields}
        today = timezone.localdate()
        required(self, reserved_from=_("Vul de eerste dag in."), reserved_until=_("Vul de laatste dag in."))
        self.initial.setdefault("reserved_from", today)
        self.initial.setdefault("reserved_until", today + datetime.timedelta(days=14))


class ExtendReservationForm(forms.Form):
    reserved_until = DateInputsField(label=_("Gereserveerd tot"), help_text=_("De nieuwe laatste dag."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(self, reserved_until=_("Vul de nieuwe laatste dag in."))
        self.initial.setdefault("reserved_until", timezone.localdate() + datetime.timedelta(days=14))

    def clean_reserved_until(self):
        day = self.cleaned_data["reserved_until"]
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("De reservatie eindigt in het verleden. Kies vandaag of later."))
        return day


class DueSoonFilterForm(forms.Form):
    """How far ahead the list of loans due soon looks (and a round of reminders reaches)."""

    DEFAULT_DAYS = 30

    dagen = forms.IntegerField(
        label=_("Terug binnen zoveel dagen"),
        min_value=1,
        max_value=365,
        initial=DEFAULT_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Vul een aantal dagen in."),
            "invalid": _("Vul een aantal dagen in, bijvoorbeeld 30."),
            "min_value": _("Kies minstens 1 dag."),
            "max_value": _("Kies ten hoogste 365 dagen."),
        },
    )


CHECKLIST_CHOICES = [
    ("checked_wiped", _("De gegevens van het toestel zijn gewist")),
    ("checked_charger", _("De lader is meegegeven")),
    ("checked_bag", _("Een tas of hoes is meegegeven")),
    ("checked_explained", _("De overeenkomst is uitgelegd")),
    ("checked_signed", _("De persoon ondertekende de overeenkomst ter plaatse")),
]


class HandoverForm(forms.Form):
    GIFT_CHOICES = [
        ("loan", _("Lening: de persoon brengt het toestel terug")),
        ("gift", _("Schenking: het toestel blijft bij de persoon")),
    ]

    kind = forms.ChoiceField(
        label=_("Lening of schenking?"), choices=GIFT_CHOICES, initial="loan", widget=forms.RadioSelect
    )
    due_on = DateInputsField(
        label=_("Terugbrengen tegen"), required=False, help_text=_("Alleen voor een lening. Meestal na 24 maanden.")
    )
    course = forms.ModelChoiceField(
        label=_("Bij de cursus"),
        queryset=None,
        required=False,
        empty_label=_("Geen cursus"),
        help_text=_("Volgt de persoon een cursus bij de lening? Kies ze hier."),
    )
    checklist = forms.MultipleChoiceField(
        label=_("Controlelijst bij het meegeven"),
        choices=CHECKLIST_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Gewist, uitgelegd en ondertekend zijn nodig. Print eerst de overeenkomst."),
    )
    language = forms.ChoiceField(
        label=_("Taal van de overeenkomst"),
        choices=AgreementLanguage.choices,
        initial=AgreementLanguage.NL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisation, beneficiary=None, loan_months=24, **kwargs):
        super().__init__(*args, **kwargs)
        from einclusie.courses.models import Course
        from einclusie.devices.services import add_months

        fields = {}
        if beneficiary is None:
            fields["beneficiary"] = beneficiary_field(organisation, _("Aan wie?"))
        self.fields = {**fields, **self.fields}
        self.fields["course"].queryset = Course.objects.for_organisation(organisation).exclude(status="cancelled")
        self.initial.setdefault("due_on", add_months(timezone.localdate(), loan_months))

    def clean(self):
        data = super().clean()
        if data.get("kind") == "loan" and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Vul in tegen wanneer de persoon het toestel terugbrengt."))
        elif data.get("kind") == "loan" and data.get("due_on") and data["due_on"] <= timezone.localdate():
            self.add_error("due_on", _("Kies een datum in de toekomst om het toestel terug te brengen."))
        checked = set(data.get("checklist") or [])
        from einclusie.devices.services import REQUIRED_CHECKS

        missing = [str(message) for field, message in REQUIRED_CHECKS.items() if field not in checked]
        if missing:
            self.add_error("checklist", missing)
        return data

    def checklist_dict(self):
        checked = set(self.cleaned_data.get("checklist") or [])
        return {field: field in checked for field, _label in CHECKLIST_CHOICES}


class ReturnForm(forms.ModelForm):
    class Meta:
        model = Loan
        fields = ["return_condition", "return_note"]
        widgets = {"return_condition": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_condition"].required = True
        self.fields["return_condition"].label = _("In welke staat is het toestel?")
        self.fields["return_condition"].choices = Condition.choices
        required(self, return_condition=_("Kies in welke staat het toestel is."))
        self.fields["return_note"].help_text = _("Bijvoorbeeld: scherm gebarsten, lader ontbreekt.")


class ConnectivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=ConnectivityKind.choices, widget=forms.RadioSelect)
    provider = forms.CharField(
        label=_("Operator"), max_length=60, help_text=_("Bijvoorbeeld: Proximus, Orange, Mobile Vikings")
    )
    codes = forms.CharField(
        label=_("Nummers of codes, één per regel"),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("Het simkaartnummer, de herlaadcode of het serienummer van de modem."),
    )
    data = forms.CharField(label=_("Data"), max_length=60, required=False, help_text=_("Bijvoorbeeld: 20 GB per maand"))
    valid_until = DateInputsField(label=_("Geldig tot"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required(
            self,
            kind=_("Kies de soort."),
            provider=_("Vul de operator in."),
            codes=_("Vul minstens één nummer of code in."),
        )

    def clean_codes(self):
        codes = [line.strip() for line in self.cleaned_data["codes"].splitlines() if line.strip()]
        if len(codes) > 500:
            raise forms.ValidationError(_("Ten hoogste 500 codes tegelijk."))
        too_long = [code for code in codes if len(code) > 60]
        if too_long:
            raise forms.ValidationError(_("Een code is ten hoogste 60 tekens lang: %(code)s") % {"code": too_long[0]})
        return codes


class HandOutForm(forms.Form):
    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"] = beneficiary_field(organisation, _("Aan wie?"))


class DeviceBankSettingsForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = DeviceBankSettings
        fields = [
            "public_check",
            "where_nl",
            "where_fr",
            "where_en",
            "loan_months",
            "retention_months",
            "agreement_nl",
            "agreement_fr",
            "agreement_en",
        ]
        widgets = {
            "where_nl": forms.Textarea(attrs={"rows": 3}),
            "where_fr": forms.Textarea(attrs={"rows": 3}),
            "where_en": forms.Textarea(attrs={"rows": 3}),
            "agreement_nl": forms.Textarea(attrs={"rows": 12}),
            "agreement_fr": forms.Textarea(attrs={"rows": 12}),
            "agreement_en": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint = _(
            "Laat leeg voor de standaardtekst. U kunt gebruiken: {organisatie}, {referentie}, {naam}, {toestel}, "
            "{serienummer}, {meegegeven_op}, {terugbrengen_tegen}."
        )
        for field in ("agreement_nl", "agreement_fr", "agreement_en"):
            self.fields[field].help_text = hint
        self.fields["loan_months"].min_value = 1
        self.fields["retention_months"].min_value = 1

    def clean(self):
        data = super().clean()
        if data.get("public_check") and not (data.get("where_nl") or "").strip():
            self.add_error("where_nl", _("Schrijf waar inwoners naartoe moeten voor u de publieke check aanzet."))
        if data.get("loan_months") is not None and not 1 <= data["loan_months"] <= 60:
            self.add_error("loan_months", _("Kies tussen 1 en 60 maanden."))
        if data.get("retention_months") is not None and not 1 <= data["retention_months"] <= 60:
            self.add_error("retention_months", _("Kies tussen 1 en 60 maanden."))
        return data


class EligibilityGroundForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = EligibilityGround
        fields = [
            "label_nl",
            "label_fr",
            "label_en",
            "kind",
            "proof_nl",
            "proof_fr",
            "proof_en",
            "position",
            "is_active",
        ]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["kind"].choices = GroundKind.choices
        required(self, label_nl=_("Vul de naam in het Nederlands in."), kind=_("Kies de soort."))

    def clean_label_nl(self):
        label = self.cleaned_data["label_nl"].strip()
        others = EligibilityGround.objects.for_organisation(self.organisation).filter(label_nl__iexact=label)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Er is al een grond met deze naam."))
        return label


class DeviceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *DeviceStatus.choices], required=False
    )
    soort = forms.ChoiceField(label=_("Soort"), choices=[("", _("Alle soorten")), *DeviceType.choices], required=False)
    zoek = forms.CharField(label=_("Serienummer, merk of model"), max_length=60, required=False)


class PublicCheckForm(forms.Form):
    """The anonymous 'Kan ik hier een laptop lenen?' questions, built from the local grounds."""

    YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]
    INTERNET = [("ja", _("Ja")), ("nee", _("Nee")), ("weet-niet", _("Ik weet het niet"))]
    NONE = "geen"

    woont_hier = forms.ChoiceField(widget=forms.RadioSelect, choices=YES_NO)
    situatie = forms.MultipleChoiceField(
        label=_("Wat past bij uw situatie?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies alles wat past. We bewaren uw antwoorden niet."),
    )
    internet = forms.ChoiceField(label=_("Heeft u thuis internet?"), widget=forms.RadioSelect, choices=INTERNET)

    def __init__(self, *args, municipality, grounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["woont_hier"].label = _("Woont u in %(municipality)s?") % {"municipality": municipality.name}
        self.fields["situatie"].choices = [
            *[(str(ground.pk), ground.label) for ground in grounds],
            (self.NONE, _("Geen van deze")),
        ]
        self.fields["situatie"].error_messages["required"] = _("Kies wat bij uw situatie past, of 'Geen van deze'.")
        self.fields["woont_hier"].error_messages["required"] = _("Kies ja of nee.")
        self.fields["internet"].error_messages["required"] = _("Kies ja, nee of ik weet het niet.")
