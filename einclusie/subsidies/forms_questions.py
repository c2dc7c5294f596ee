"""Forms for the call's own justification questions: the programme team writes them, the applicant answers."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einclusie.core.concurrency import EditConflictMixin, show_unbound
from einclusie.subsidies.models import JustificationQuestion, QuestionKind
from einclusie.subsidies.questions import answers_version

YES, NO = "yes", "no"
VERSION_FIELD = "answers_version"  # not "version": the action report's form on the same page has that one


class JustificationQuestionForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = JustificationQuestion
        fields = [
            "text_nl",
            "text_fr",
            "text_en",
            "help_nl",
            "help_fr",
            "help_en",
            "scope",
            "kind",
            "required",
            "max_length",
            "options",
            "position",
        ]
        widgets = {
            "scope": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "options": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == QuestionKind.CHOICE:
            options = [line.strip() for line in cleaned.get("options", "").splitlines() if line.strip()]
            if len(options) < 2:
                self.add_error("options", _("Geef minstens twee keuzes, één per regel."))
            elif len(set(options)) != len(options):
                self.add_error("options", _("Elke keuze mag maar één keer in de lijst staan."))
        answered = self.instance.pk is not None and self.instance.answers.exclude(value="").exists()
        if answered:
            for name in ("kind", "scope"):
                if name in cleaned and cleaned[name] != getattr(self.instance, name):
                    self.add_error(
                        name,
                        _("Deze vraag is al beantwoord: de soort antwoord en wanneer ze gevraagd wordt liggen vast."),
                    )
        return cleaned


class AnswersForm(forms.Form):
    """One field per question; `initial` holds the stored answers by question id.

    A hidden `answers_version` holds the answers as they were shown (see `questions.answers_version`), so that of two
    people answering the same questions the second save is refused instead of overwriting the first.
    """

    yes_no_choices = [(YES, gettext_lazy("ja")), (NO, gettext_lazy("nee"))]

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for question in self.questions:
            name = self.field_name(question)
            self.fields[name] = self._field(question)
            self.initial[name] = answers.get(question.pk, "")
        if self.questions:
            self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.initial[VERSION_FIELD] = answers_version(self.questions, answers)

    @property
    def version(self):
        """The version the form was opened on, as posted back."""
        return self.cleaned_data.get(VERSION_FIELD, "")

    def show_current(self, answers, error):
        """After a refused save: show the answers stored now (with a fresh version) and the error at the top."""
        initial = {self.field_name(question): answers.get(question.pk, "") for question in self.questions}
        show_unbound(self, {**initial, VERSION_FIELD: answers_version(self.questions, answers)}, error)

    @staticmethod
    def field_name(question):
        return f"vraag_{question.pk}"

    def _field(self, question):
        common = {"label": question.text, "help_text": question.help, "required": question.required}
        required_message = {"required": _("Beantwoord deze vraag.")}
        if question.kind == QuestionKind.NUMBER:
            return forms.IntegerField(
                min_value=0,
                max_value=10_000_000,
                error_messages={**required_message, "invalid": _("Vul een geheel getal in, zoals 12.")},
                **common,
            )
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(
                choices=self.yes_no_choices, widget=forms.RadioSelect, error_messages=required_message, **common
            )
        if question.kind == QuestionKind.CHOICE:
            options = question.option_list()
            return forms.ChoiceField(
                choices=[(option, option) for option in options],
                widget=forms.RadioSelect,
                error_messages={
                    **required_message,
                    "invalid_choice": _("Kies een van de mogelijkheden in de lijst."),
                },
                **common,
            )
        widget = forms.Textarea(attrs={"rows": 4}) if question.kind == QuestionKind.LONG_TEXT else forms.TextInput
        field = forms.CharField(
            max_length=question.max_length,
            widget=widget,
            error_messages={
                **required_message,
                "max_length": _("Schrijf ten hoogste %(limit_value)d tekens (nu %(show_value)d)."),
            },
            **common,
        )
        return field

    def values(self):
        """The answers as text by question, to store."""
        return {
            question: ""
            if self.cleaned_data.get(self.field_name(question)) is None
            else str(self.cleaned_data[self.field_name(question)])
            for question in self.questions
        }


def answer_display(question, value):
    if question.kind == QuestionKind.YES_NO:
        return {YES: _("ja"), NO: _("nee")}.get(value, value)
    return value
