import hashlib
from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from einclusie.core import forms as core_forms
from einclusie.core.codelists import ACTION_TYPES, MEASURES, PARTNERS, TARGET_GROUPS, codes
from einclusie.core.concurrency import VERSION_FIELD, EditConflictMixin, row_version
from einclusie.core.fields import DateInputsField
from einclusie.core.uploads import check_upload
from einclusie.organisations.models import Organisation
from einclusie.subsidies.applications import AMOUNT_TOO_HIGH
from einclusie.subsidies.models import (
    ActionReport,
    Application,
    ApplicationAction,
    Call,
    CallStep,
    DistributionKey,
    EnvelopePart,
    ExpenseLine,
    KeyComponent,
    PaymentRule,
    StepKind,
)
from einclusie.subsidies.models.applications import DESCRIPTION_LENGTH, OBJECTIVE_LENGTH
from einclusie.subsidies.models.calls import DEFAULT_APPROVAL_LETTER, DEFAULT_REJECTION_LETTER
from einclusie.subsidies.validators import normalise_iban
from einclusie.territory.models import Indicator, Municipality

MAX_UPLOAD_BYTES = 1024 * 1024


class CodeLabelMultipleChoiceField(core_forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


def _combined(*versions):
    """One version for a row and the rows edited on the same page."""
    return hashlib.sha256("|".join(versions).encode()).hexdigest()[:32]


class CallForm(EditConflictMixin, forms.ModelForm):
    """The call itself, with which action types it funds and which one every applicant must have."""

    action_types = CodeLabelMultipleChoiceField(label=_("Soorten acties die de oproep steunt"), queryset=None)
    mandatory_action_types = CodeLabelMultipleChoiceField(
        label=_("Verplichte soorten acties"),
        queryset=None,
        required=False,
        help_text=_("Elke aanvraag moet minstens één actie van elke verplichte soort hebben."),
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "scheme",
            "description",
            "eligibility",
            "exclusions",
            "legal_basis",
            "status",
            "approval_letter",
            "rejection_letter",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "exclusions": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
            "approval_letter": forms.Textarea(attrs={"rows": 8}),
            "rejection_letter": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_types"].queryset = codes(ACTION_TYPES)
        self.fields["mandatory_action_types"].queryset = codes(ACTION_TYPES)
        self.fields["status"].choices = [choice for choice in self.fields["status"].choices if choice[0]]
        self.fields["approval_letter"].required = False
        self.fields["rejection_letter"].required = False
        if self.instance.pk:
            chosen = list(self.instance.action_types.all())
            self.initial["action_types"] = [entry.action_type_id for entry in chosen]
            self.initial["mandatory_action_types"] = [entry.action_type_id for entry in chosen if entry.is_mandatory]

    def stored_version(self, instance):
        """The call's fields and what the page edits with it: action types, budget, steps, payment schedule."""
        return _combined(
            super().stored_version(instance),
            *[f"{entry.action_type_id}:{entry.is_mandatory}" for entry in instance.action_types.order_by("pk")],
            *[row_version(row) for row in instance.envelope_parts.order_by("pk")],
            *[row_version(row) for row in instance.steps.order_by("pk")],
            *[row_version(row) for row in instance.payment_rules.order_by("pk")],
        )

    def show_current(self, error):
        super().show_current(error)
        chosen = list(self.instance.action_types.all())
        self.initial["action_types"] = [entry.action_type_id for entry in chosen]
        self.initial["mandatory_action_types"] = [entry.action_type_id for entry in chosen if entry.is_mandatory]

    def clean_approval_letter(self):
        return self.cleaned_data.get("approval_letter") or DEFAULT_APPROVAL_LETTER

    def clean_rejection_letter(self):
        return self.cleaned_data.get("rejection_letter") or DEFAULT_REJECTION_LETTER

    def clean(self):
        cleaned = super().clean()
        funded = set(cleaned.get("action_types") or [])
        mandatory = set(cleaned.get("mandatory_action_types") or [])
        if mandatory - funded:
            self.add_error("mandatory_action_types", _("Een verplichte soort moet ook bij de gesteunde soorten staan."))
        return cleaned


class EnvelopePartForm(forms.ModelForm):
    class Meta:
        model = EnvelopePart
        fields = ["beneficiary_kind", "amount", "is_maximum"]


class StepForm(forms.ModelForm):
    opens_on = DateInputsField(label=_("Open vanaf"))
    closes_on = DateInputsField(label=_("Uiterste datum"), help_text=_("De laatste dag waarop indienen kan."))

    class Meta:
        model = CallStep
        fields = ["kind", "opens_on", "closes_on"]

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("De uiterste datum ligt voor de startdatum."))
        return cleaned


class PaymentRuleForm(forms.ModelForm):
    class Meta:
        model = PaymentRule
        fields = ["position", "percentage", "trigger"]


class BaseStepFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kinds = [form.cleaned_data.get("kind") for form in self.forms if _kept(form)]
        if len(kinds) != len(set(kinds)):
            raise forms.ValidationError(_("Elke stap komt maar één keer voor."))
        if StepKind.APPLICATION not in kinds:
            raise forms.ValidationError(_("Een oproep heeft een aanvraagperiode nodig."))


class BasePaymentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        rules = [form.cleaned_data for form in self.forms if _kept(form)]
        total = sum((rule.get("percentage") or Decimal(0) for rule in rules), Decimal(0))
        if rules and total != 100:
            raise forms.ValidationError(
                _("De schijven samen moeten 100 %% zijn, nu is het %(total)s %%.") % {"total": total}
            )
        positions = [rule.get("position") for rule in rules]
        if len(positions) != len(set(positions)):
            raise forms.ValidationError(_("Elke schijf heeft een eigen volgnummer."))


class BaseEnvelopeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kinds = [form.cleaned_data.get("beneficiary_kind") for form in self.forms if _kept(form)]
        if len(kinds) != len(set(kinds)):
            raise forms.ValidationError(_("Geef elke soort begunstigde maar één deel van het budget."))


def _kept(form):
    """A row that stays: one already stored (unless marked for deletion), or a new one that was filled in."""
    filled = form.instance.pk is not None or form.has_changed()
    return filled and form.is_valid() and not form.cleaned_data.get("DELETE")


EnvelopeFormSet = inlineformset_factory(
    Call, EnvelopePart, form=EnvelopePartForm, formset=BaseEnvelopeFormSet, extra=1, can_delete=True
)
StepFormSet = inlineformset_factory(
    Call, CallStep, form=StepForm, formset=BaseStepFormSet, extra=2, max_num=2, can_delete=True
)
PaymentFormSet = inlineformset_factory(
    Call, PaymentRule, form=PaymentRuleForm, formset=BasePaymentFormSet, extra=1, can_delete=True
)


class DeadlineOverrideForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Stap"), queryset=CallStep.objects.none(), empty_label=None)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.filter(is_active=True).order_by("name")
    )
    closes_on = DateInputsField(label=_("Nieuwe uiterste datum"))
    reason = forms.CharField(label=_("Reden"), max_length=300)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = call.steps.all()


class KeyForm(EditConflictMixin, forms.ModelForm):
    reference_date = DateInputsField(
        label=_("Peildatum"), help_text=_("De gemeenten die op deze dag bestaan, krijgen een trekkingsrecht.")
    )
    excluded_codes = forms.CharField(
        label=_("Uitgesloten gemeenten (NIS-codes)"),
        required=False,
        help_text=_("NIS-codes gescheiden door een komma of spatie, bijvoorbeeld 73028."),
    )

    class Meta:
        model = DistributionKey
        fields = [
            "name",
            "method",
            "beneficiary_kind",
            "envelope",
            "rounding",
            "floor",
            "cap",
            "reference_date",
            "statistics_year",
            "note",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "rounding": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("method", "rounding"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0]]
        if self.instance.pk:
            self.initial["excluded_codes"] = " ".join(self.instance.excluded.values_list("nis_code", flat=True))

    def stored_version(self, instance):
        """The version's settings, its excluded municipalities and its components."""
        return _combined(
            super().stored_version(instance),
            *sorted(instance.excluded.values_list("nis_code", flat=True)),
            *[row_version(row) for row in instance.components.order_by("pk")],
        )

    def show_current(self, error):
        super().show_current(error)
        self.initial["excluded_codes"] = " ".join(self.instance.excluded.values_list("nis_code", flat=True))

    def clean_excluded_codes(self):
        codes_given = sorted(set(self.cleaned_data["excluded_codes"].replace(",", " ").split()))
        found = dict(Municipality.objects.filter(nis_code__in=codes_given).values_list("nis_code", "pk"))
        unknown = [code for code in codes_given if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("Onbekende NIS-codes: %(codes)s.") % {"codes": ", ".join(unknown)}, code="unknown"
            )
        return list(found.values())

    def clean(self):
        cleaned = super().clean()
        floor, cap = cleaned.get("floor"), cleaned.get("cap")
        if floor is not None and cap is not None and floor > cap:
            self.add_error("cap", _("Het maximum is kleiner dan het minimum."))
        return cleaned


class ComponentForm(forms.ModelForm):
    indicator = forms.ModelChoiceField(label=_("Statistiek"), queryset=Indicator.objects.order_by("name_nl"))

    class Meta:
        model = KeyComponent
        fields = ["indicator", "weight"]


class BaseComponentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        indicators = [form.cleaned_data.get("indicator") for form in self.forms if _kept(form)]
        if len(indicators) != len(set(indicators)):
            raise forms.ValidationError(_("Elke statistiek mag maar één keer in de sleutel staan."))


ComponentFormSet = inlineformset_factory(
    DistributionKey, KeyComponent, form=ComponentForm, formset=BaseComponentFormSet, extra=2, can_delete=True
)


class FixedAmountsForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand met de bedragen"),
        help_text=_("Twee kolommen: nis_code en amount, gescheiden door een puntkomma of komma. Ten hoogste 1 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 1 MB."))
        raw = upload.read()
        if b"\x00" in raw[:4096]:
            raise forms.ValidationError(_("Dit is geen tekstbestand (CSV)."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Bewaar het bestand als CSV in UTF-8.")) from None


class CompareForm(forms.Form):
    met = forms.ModelChoiceField(label=_("Vergelijk met versie"), queryset=DistributionKey.objects.none())

    def __init__(self, *args, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].queryset = key.call.keys.exclude(pk=key.pk).order_by("version")
        self.fields["met"].label_from_instance = lambda other: f"v{other.version} – {other.name}"


BANK_LETTER_BYTES = 5 * 1024 * 1024


class ApplicationForm(EditConflictMixin, forms.ModelForm):
    """The general part of the application. Everything may stay empty in a draft; submitting checks it is complete."""

    current_action_types = CodeLabelMultipleChoiceField(
        label=_("Welke acties rond e-inclusie organiseert het bestuur nu al?"), queryset=None, required=False
    )

    class Meta:
        model = Application
        fields = [
            "contact_first_name",
            "contact_last_name",
            "contact_phone",
            "contact_email",
            "contact_job_title",
            "iban",
            "is_gemeentefonds_account",
            "bank_letter",
            "requested_amount",
            "current_action_types",
            "no_current_actions",
        ]
        widgets = {
            "contact_first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "contact_last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "iban": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "bank_letter": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
            "requested_amount": forms.TextInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, maximum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.maximum = maximum
        self.fields["current_action_types"].queryset = codes(ACTION_TYPES)
        self.fields["requested_amount"].error_messages["max_decimal_places"] = _(
            "Een bedrag heeft ten hoogste twee cijfers na de komma."
        )
        self.fields["requested_amount"].error_messages["invalid"] = _(
            "Vul een bedrag in, bijvoorbeeld 25000 of 25000,50."
        )
        self.fields["requested_amount"].localize = True
        if maximum is not None:
            self.fields["requested_amount"].help_text = _("Ten hoogste %(maximum)s euro (het trekkingsrecht).") % {
                "maximum": number_format(maximum, decimal_pos=2, force_grouping=True)
            }

    def clean_iban(self):
        return normalise_iban(self.cleaned_data["iban"])

    def clean_bank_letter(self):
        letter = self.cleaned_data.get("bank_letter")
        if letter and hasattr(letter, "content_type"):
            check_upload(letter, kinds={"pdf"}, max_bytes=BANK_LETTER_BYTES)
        return letter

    def clean_requested_amount(self):
        amount = self.cleaned_data.get("requested_amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Het gevraagde bedrag moet groter zijn dan nul."))
        if amount is not None and self.maximum is not None and amount > self.maximum:
            raise forms.ValidationError(_(AMOUNT_TOO_HIGH) + ".")
        return amount

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("no_current_actions") and cleaned.get("current_action_types"):
            self.add_error(
                "no_current_actions",
                _("Kies bestaande acties of duid aan dat er nog geen zijn, niet allebei."),
            )
        return cleaned


class ActionForm(EditConflictMixin, forms.ModelForm):
    target_groups = CodeLabelMultipleChoiceField(label=_("Doelgroepen"), queryset=None, required=False)

    class Meta:
        model = ApplicationAction
        fields = ["action_type", "objective", "description", "target_groups", "target_group_other"]
        widgets = {
            "objective": forms.TextInput(attrs={"maxlength": OBJECTIVE_LENGTH}),
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": DESCRIPTION_LENGTH}),
        }

    def __init__(self, *args, call, mandatory, **kwargs):
        super().__init__(*args, **kwargs)
        entries = call.action_types.select_related("action_type")
        if mandatory:
            entries = entries.filter(is_mandatory=True)
        self.fields["action_type"] = forms.ModelChoiceField(
            label=_("Soort actie"),
            queryset=codes(ACTION_TYPES).filter(pk__in=[entry.action_type_id for entry in entries]),
            empty_label=None if mandatory else "---------",
            widget=forms.RadioSelect,
        )
        self.fields["action_type"].label_from_instance = lambda code: code.label
        self.fields["target_groups"].queryset = codes(TARGET_GROUPS).filter(position__lte=10)
        self.fields["objective"].error_messages["max_length"] = _(
            "De doelstelling is te lang: ten hoogste 150 tekens (nu %(show_value)d)."
        )
        self.fields["description"].error_messages["max_length"] = _(
            "De beschrijving is te lang: ten hoogste 700 tekens (nu %(show_value)d)."
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("target_groups") and not cleaned.get("target_group_other"):
            self.add_error("target_groups", _("Kies minstens één doelgroep of vul een andere doelgroep in."))
        return cleaned


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting voor de aanvrager"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_reference = forms.CharField(
        label=_("Besluit"),
        required=False,
        max_length=300,
        help_text=_("Alleen bij goedkeuren of afwijzen, bijvoorbeeld: ministerieel besluit van 15 december 2022."),
    )


class BulkApproveForm(forms.Form):
    applications = core_forms.ModelMultipleChoiceField(
        label=_("Aanvragen om goed te keuren"), queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decision_reference = forms.CharField(label=_("Besluit"), max_length=300)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = call.applications.filter(status="in_review").select_related(
            "organisation"
        )
        self.fields["applications"].label_from_instance = _bulk_label


def _bulk_label(application):
    amount = number_format(application.requested_amount or 0, 2, force_grouping=True)
    return f"{application.organisation.name} – {amount} euro"


class PaidForm(forms.Form):
    payment_reference = forms.CharField(label=_("Betalingsreferentie"), max_length=100)


class ActionReportForm(EditConflictMixin, forms.ModelForm):
    measures = CodeLabelMultipleChoiceField(
        label=_("Welke maatregelen pasten jullie toe?"), queryset=None, required=False
    )
    target_groups_reached = CodeLabelMultipleChoiceField(
        label=_("Welke doelgroepen hebben jullie bereikt?"), queryset=None, required=False
    )
    partners = CodeLabelMultipleChoiceField(label=_("Met wie werkten jullie samen?"), queryset=None, required=False)

    class Meta:
        model = ActionReport
        fields = [
            "description",
            "measures",
            "target_groups_reached",
            "partners",
            "impact",
            "success_factors",
            "lessons",
            "follow_up",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4, "maxlength": 1000})
            for name in ("description", "impact", "success_factors", "lessons", "follow_up")
        }

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = codes(MEASURES).filter(code__startswith=f"{action.action_type.code}--")
        if not self.fields["measures"].queryset.exists():
            del self.fields["measures"]
        self.fields["target_groups_reached"].queryset = codes(TARGET_GROUPS)
        self.fields["partners"].queryset = codes(PARTNERS)
        self.fields["description"].error_messages.update(
            {
                "min_length": _("Beschrijf de actie in minstens 500 tekens (nu %(show_value)d)."),
                "max_length": _("Beschrijf de actie in ten hoogste 1000 tekens (nu %(show_value)d)."),
            }
        )
        if self.instance.pk is None:  # the first report: refused when a colleague wrote it while this form was open
            self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.initial[VERSION_FIELD] = NEW_REPORT


NEW_REPORT = "nieuw"  # the version a form for the first report carries: no stored version matches it

EXPENSE_ATTACHMENT_BYTES = 5 * 1024 * 1024


class ExpenseForm(forms.ModelForm):
    class Meta:
        model = ExpenseLine
        fields = ["category", "description", "amount", "attachment"]
        widgets = {"amount": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].localize = True
        self.fields["amount"].error_messages["max_decimal_places"] = _(
            "Een bedrag heeft ten hoogste twee cijfers na de komma."
        )

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and hasattr(attachment, "content_type"):
            check_upload(attachment, kinds={"pdf", "png", "jpeg"}, max_bytes=EXPENSE_ATTACHMENT_BYTES)
        return attachment


class JustificationDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting voor de aanvrager"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nodig bij terugsturen: wat moet er veranderen?"),
    )
