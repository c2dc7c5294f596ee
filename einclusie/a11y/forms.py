"""Forms of the accessibility register. Labels and hints in plain Dutch; choices as radio buttons in fieldsets."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.a11y import criteria as wcag
from einclusie.a11y.models import Audit, CriterionResult, DigitalService, ServiceKind, Statement
from einclusie.core.concurrency import VERSION_FIELD, EditConflictMixin, row_version
from einclusie.core.fields import DateInputsField
from einclusie.core.uploads import check_upload

NEW_STATEMENT = "nieuw"  # the version a form for a site without a statement carries: no stored version matches it


def _https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class DigitalServiceForm(EditConflictMixin, forms.ModelForm):
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


class StatementForm(EditConflictMixin, forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # the first statement: refused when someone wrote one while this form was open
            self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.initial[VERSION_FIELD] = NEW_STATEMENT


class SampleForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Startgetal (seed)"),
        min_value=0,
        max_value=2**31,
        initial=2026,
        help_text=_("Hetzelfde startgetal geeft dezelfde steekproef."),
    )
    size = forms.IntegerField(label=_("Aantal sites in de steekproef"), min_value=1, max_value=1000, initial=20)
    year = forms.IntegerField(
        label=_("Monitoringsjaar"),
        min_value=2019,
        max_value=2100,
        required=False,
        help_text=_("Het jaar waarover het rapport gaat, als u de steekproef vastlegt. Leeg: dit jaar."),
    )
    cluster = forms.ChoiceField(
        label=_("Groepeer per"),
        choices=[("province", _("provincie")), ("size", _("grootte van de gemeente"))],
        initial="province",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_year(self):
        return self.cleaned_data.get("year") or timezone.localdate().year


AUDIT_REPORT_BYTES = 20 * 1024 * 1024


def result_field_name(number):
    return "sc_" + number.replace(".", "_")


class AuditForm(EditConflictMixin, forms.ModelForm):
    """An audit with its result per success criterion (WCAG 2.1 A and AA); one select per criterion."""

    audited_on = DateInputsField(label=_("Getest op"))
    report = forms.FileField(
        label=_("Rapport of bewijsstuk (PDF)"),
        required=False,
        help_text=_("Het auditrapport als PDF van ten hoogste 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    class Meta:
        model = Audit
        fields = ["audited_on", "method", "auditor", "devices", "summary", "report"]
        widgets = {"method": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "auditor": _("De persoon of de organisatie die testte, bv. AnySurfer of de digitale dienst van de stad."),
            "devices": _("Bijvoorbeeld: iPhone 13 met VoiceOver, Android 14 met TalkBack, een extern toetsenbord."),
        }

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        software = service.kind == ServiceKind.APP
        results = self.instance.results if self.instance.pk else {}
        self.fields["auditor"].error_messages["required"] = _("Vul in wie de audit deed.")
        self.fields["audited_on"].error_messages["required"] = _("Vul in wanneer de audit gebeurde.")
        for criterion in wcag.required_criteria():
            clause = wcag.en_clause(criterion.number, software=software)
            self.fields[result_field_name(criterion.number)] = forms.ChoiceField(
                label=f"{wcag.criterion_label(criterion.number)} – EN 301 549 {clause}",
                choices=CriterionResult.choices,
                initial=results.get(criterion.number, CriterionResult.NOT_TESTED),
            )

    def clean_audited_on(self):
        day = self.cleaned_data["audited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Een audit ligt niet in de toekomst. Kies een datum tot vandaag."))
        return day

    def clean_report(self):
        upload = self.cleaned_data.get("report")
        if upload and hasattr(upload, "content_type"):  # a new file, not the one already stored
            check_upload(upload, kinds={"pdf"}, max_bytes=AUDIT_REPORT_BYTES)
        return upload

    def stored_version(self, instance):
        """The audit's fields and its result per criterion (a barrier added to the audit changes a result too)."""
        return row_version(instance, fields=[*self._meta.fields, "results"])

    def show_current(self, error):
        super().show_current(error)
        for criterion in wcag.required_criteria():
            stored = self.instance.results.get(criterion.number, CriterionResult.NOT_TESTED)
            self.initial[result_field_name(criterion.number)] = stored

    def results(self):
        """{criterion: result} from the cleaned data."""
        return {
            criterion.number: self.cleaned_data[result_field_name(criterion.number)]
            for criterion in wcag.required_criteria()
        }


class AuditFindingForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Succescriterium"))
    location = forms.CharField(
        label=_("Scherm of pagina"),
        max_length=300,
        help_text=_("Waar in de app of op de site, bv. het scherm 'Ophaaldagen'."),
    )
    selector = forms.CharField(
        label=_("Element"), max_length=300, required=False, help_text=_("Bv. de knop 'Volgende' of het zoekveld.")
    )
    impact = forms.ChoiceField(
        label=_("Impact"), choices=[(key, label) for key, label in wcag.IMPACT_LABELS.items()], widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Wat er mis is"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("En hoe het op te lossen.")
    )
    check_id = forms.CharField(
        label=_("Test"),
        max_length=80,
        required=False,
        help_text=_("De test of het hulpmiddel, bv. 'TalkBack' of 'toetsenbord'. Leeg: handmatig."),
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        software = service.kind == ServiceKind.APP
        self.fields["criterion"].choices = [("", _("Kies een succescriterium"))] + [
            (c.number, f"{wcag.criterion_label(c.number)} – EN 301 549 {wcag.en_clause(c.number, software=software)}")
            for c in wcag.required_criteria()
        ]
        self.fields["criterion"].error_messages["required"] = _("Kies het succescriterium dat niet voldoet.")
        self.fields["location"].error_messages["required"] = _("Vul in op welk scherm het probleem zit.")
        self.fields["impact"].error_messages["required"] = _("Kies hoe zwaar het probleem weegt.")
        self.fields["message"].error_messages["required"] = _("Beschrijf wat er mis is.")
