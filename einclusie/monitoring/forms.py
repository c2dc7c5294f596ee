"""The researcher's extract form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.monitoring.dashboard import FIRST_YEAR
from einclusie.monitoring.extracts import EXTRACTS


class ExtractForm(forms.Form):
    extract = forms.ChoiceField(
        label=_("Gegevens"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies welke gegevens u wilt."),
            "invalid_choice": _("Kies welke gegevens u wilt."),
        },
    )
    year = forms.TypedChoiceField(
        label=_("Jaar"),
        coerce=int,
        error_messages={"required": _("Kies een jaar."), "invalid_choice": _("Kies een jaar uit de lijst.")},
    )
    linkable = forms.BooleanField(
        label=_("Koppelbaar met andere extracten van onze instelling"),
        required=False,
        help_text=_(
            "Standaard krijgt elk extract nieuwe codes: twee extracten kunnen niet aan elkaar gekoppeld worden. "
            "Vink dit aan als uw onderzoek dezelfde contacten of personen over meerdere extracten moet volgen."
        ),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["extract"].choices = [(e.slug, e.title) for e in EXTRACTS.values()]
        self.fields["year"].choices = [(year, str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)]


class RoundForm(forms.Form):
    """Open a round of the quick scan for a year."""

    year = forms.IntegerField(
        label=_("Jaar"),
        error_messages={"required": _("Vul het jaar in."), "invalid": _("Vul het jaar in als getal, bv. 2026.")},
    )
    closes_on = forms.DateField(
        label=_("Sluit op"),
        help_text=_("De laatste dag waarop lokale besturen kunnen antwoorden, bijvoorbeeld 2026-12-31."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Vul de sluitingsdatum in."), "invalid": _("Vul een geldige datum in.")},
    )

    def __init__(self, *args, today=None, audience="local", **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.audience = audience

    def clean_year(self):
        from einclusie.monitoring.models import SurveyRound

        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= self.today.year + 1:
            raise forms.ValidationError(
                _("Kies een jaar van %(first)s tot %(last)s.") % {"first": FIRST_YEAR, "last": self.today.year + 1}
            )
        if SurveyRound.objects.filter(audience=self.audience, year=year).exists():
            raise forms.ValidationError(_("Voor %(year)s is er al een ronde.") % {"year": year})
        return year

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < self.today:
            raise forms.ValidationError(_("De sluitingsdatum mag niet in het verleden liggen."))
        return closes_on


class SurveyForm(forms.Form):
    """The quick scan's questions as fields. Required questions are checked only on submit: a draft may be
    incomplete, but what is filled in must be valid."""

    def __init__(self, *args, questions, submit=False, **kwargs):
        from einclusie.monitoring.models import QuestionKind

        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            required = submit and question.required
            missing = _("Beantwoord deze vraag: ze is verplicht.")
            if question.kind == QuestionKind.YES_NO:
                field = forms.TypedChoiceField(
                    choices=[("ja", _("ja")), ("nee", _("nee"))],
                    coerce=lambda value: value == "ja",
                    empty_value=None,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Kies ja of nee.")},
                )
            elif question.kind == QuestionKind.NUMBER:
                low, high = question.minimum, question.maximum
                limits = {"low": low, "high": high}
                field = forms.IntegerField(
                    min_value=low,
                    max_value=high,
                    error_messages={
                        "invalid": _("Vul een geheel getal in."),
                        "min_value": _("Vul een getal in van %(low)s tot %(high)s.") % limits,
                        "max_value": _("Vul een getal in van %(low)s tot %(high)s.") % limits,
                    },
                )
                if low is not None and high is not None:
                    field.help_text = _("Een geheel getal van %(low)s tot %(high)s.") % limits
            elif question.kind == QuestionKind.CHOICE:
                field = forms.ChoiceField(
                    choices=[(c["code"], question.choice_label(c["code"])) for c in question.choices],
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Kies een van de mogelijkheden.")},
                )
            else:
                field = forms.CharField(
                    max_length=question.max_length,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={
                        "max_length": _("Gebruik hoogstens %(count)s tekens.") % {"count": question.max_length}
                    },
                )
            field.label = question.text
            field.required = required
            field.error_messages["required"] = missing
            self.fields[question.code] = field

    def answers(self):
        """{question code: answer} of what was filled in (empty answers left out)."""
        return {code: value for code, value in self.cleaned_data.items() if value not in (None, "")}

    @staticmethod
    def initial_from(answers, questions):
        from einclusie.monitoring.models import QuestionKind

        initial = {}
        for question in questions:
            value = answers.get(question.code)
            if question.kind == QuestionKind.YES_NO and value is not None:
                value = "ja" if value else "nee"
            if value is not None:
                initial[question.code] = value
        return initial
