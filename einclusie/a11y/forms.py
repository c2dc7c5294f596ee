"""Forms of the accessibility register. Labels and hints in plain Dutch; choices as radio buttons in fieldsets."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from einclusie.a11y.models import DigitalService, Statement
from einclusie.core.fields import DateInputsField


def _https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class DigitalServiceForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Adres (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Het volledige adres, bv. https://stad.gent/. Voor een app: de pagina in de appwinkel."),
    )
    statement_url = forms.URLField(
        label=_("Adres van de toegankelijkheidsverklaring"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Waar de toegankelijkheidsverklaring van deze site nu staat, als er een is."),
    )
    statement_date = DateInputsField(label=_("Datum van de verklaring"), required=False)
    last_audit_on = DateInputsField(
        label=_("Laatste audit door een expert"), required=False, help_text=_("Bijvoorbeeld een audit van AnySurfer.")
    )
    anysurfer_label_on = DateInputsField(
        label=_("AnySurfer-label behaald op"), required=False, help_text=_("Het label is twee jaar geldig.")
    )

    class Meta:
        model = DigitalService
        fields = [
            "kind",
            "name",
            "url",
            "legal_status",
            "statement_url",
            "statement_date",
            "last_audit_on",
            "anysurfer_label_on",
            "scan_every_days",
            "max_pages",
            "max_depth",
        ]
        widgets = {"kind": forms.RadioSelect, "legal_status": forms.RadioSelect}
        formfield_callback = _https_by_default
        help_texts = {
            "max_depth": _("3 zoals de vereenvoudigde methode van de federale overheid."),
        }

    def clean_max_pages(self):
        value = self.cleaned_data["max_pages"]
        if not 1 <= value <= 500:
            raise forms.ValidationError(_("Kies tussen 1 en 500 pagina's."))
        return value

    def clean_max_depth(self):
        value = self.cleaned_data["max_depth"]
        if value > 10:
            raise forms.ValidationError(_("Kies hoogstens 10 klikken diep."))
        return value


class StatementForm(forms.ModelForm):
    prepared_on = DateInputsField(label=_("Opgesteld op"))
    reviewed_on = DateInputsField(label=_("Laatst herzien op"), required=False)

    class Meta:
        model = Statement
        fields = [
            "scope",
            "compliance",
            "method",
            "non_compliant",
            "disproportionate_burden",
            "out_of_scope",
            "alternatives",
            "contact_email",
            "contact_phone",
            "enforcement",
            "prepared_on",
            "reviewed_on",
        ]
        widgets = {
            "compliance": forms.RadioSelect,
            "method": forms.RadioSelect,
            "scope": forms.Textarea(attrs={"rows": 2}),
            "non_compliant": forms.Textarea(attrs={"rows": 8}),
            "disproportionate_burden": forms.Textarea(attrs={"rows": 3}),
            "out_of_scope": forms.Textarea(attrs={"rows": 3}),
            "alternatives": forms.Textarea(attrs={"rows": 3}),
            "enforcement": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "non_compliant": _("Welke inhoud niet toegankelijk is en waarom. Ingevuld uit de laatste scan: kijk na."),
            "disproportionate_burden": _(
                "Inhoud die u niet toegankelijk maakt omdat dat onevenredig zwaar zou zijn, met de reden."
            ),
            "alternatives": _("Hoe iemand de inhoud toch kan krijgen, bv. op papier of aan het loket."),
            "enforcement": _("Waar iemand terecht kan als uw antwoord niet volstaat."),
        }


class SampleForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Startgetal (seed)"),
        min_value=0,
        max_value=2**31,
        initial=2026,
        help_text=_("Hetzelfde startgetal geeft dezelfde steekproef."),
    )
    size = forms.IntegerField(label=_("Aantal sites in de steekproef"), min_value=1, max_value=1000, initial=20)
    cluster = forms.ChoiceField(
        label=_("Groepeer per"),
        choices=[("province", _("provincie")), ("size", _("grootte van de gemeente"))],
        initial="province",
        widget=forms.RadioSelect,
    )
