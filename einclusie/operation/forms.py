from django import forms
from django.utils.translation import gettext_lazy as _

from einclusie.operation.models import ToolkitItem


class AssessmentForm(forms.Form):
    """A score (0–4) and evidence per statement, and an action per block. A draft may leave scores open."""

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.structure = []
        scores = {score.question_id: score for score in assessment.scores.all()}
        actions = dict(assessment.actions.values_list("block_id", "text"))
        scale = [(str(value), f"{value} – {label}") for value, label in assessment.framework.scale_labels()]
        for block in assessment.framework.blocks.prefetch_related("questions"):
            rows = []
            for question in block.questions.all():
                score = scores.get(question.pk)
                name = f"score_{question.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=scale,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=str(score.value) if score else None,
                    error_messages={"invalid_choice": _("Kies een score van 0 tot 4.")},
                )
                self.fields[f"evidence_{question.pk}"] = forms.CharField(
                    label=_("Waaruit blijkt dat?"),
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=score.evidence if score else "",
                )
                rows.append((question, name, f"evidence_{question.pk}"))
            self.fields[f"action_{block.pk}"] = forms.CharField(
                label=_("Wat gaan we doen?"),
                help_text=_("Nodig voor een bouwblok dat rood of oranje kleurt."),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=actions.get(block.pk, ""),
            )
            self.structure.append((block, rows, f"action_{block.pk}"))

    def blocks(self):
        """Per block: the block, [(question, score field, evidence field)], the action field — for the template."""
        return [
            (block, [(question, self[score], self[evidence]) for question, score, evidence in rows], self[action])
            for block, rows, action in self.structure
        ]

    def values(self):
        scores = {}
        actions = {}
        for block, rows, action in self.structure:
            for question, score, evidence in rows:
                scores[question] = (self.cleaned_data.get(score), self.cleaned_data.get(evidence, ""))
            actions[block] = self.cleaned_data.get(action, "")
        return scores, actions


class ToolkitSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    aspect = forms.ChoiceField(label=_("Aspect"), required=False)
    soort = forms.ChoiceField(label=_("Soort"), required=False)

    def __init__(self, *args, **kwargs):
        from einclusie.operation.models import Aspect, ItemKind

        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [("", _("alle aspecten")), *Aspect.choices]
        self.fields["soort"].choices = [("", _("alle soorten")), *ItemKind.choices]


class ToolkitItemForm(forms.ModelForm):
    class Meta:
        model = ToolkitItem
        fields = [
            "title",
            "summary",
            "kind",
            "aspect",
            "action_type",
            "target_groups",
            "url",
            "language",
            "is_published",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "target_groups": forms.CheckboxSelectMultiple}


class ToolkitUseForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Hoe nuttig was het?"),
        choices=[("", _("geen beoordeling")), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Geef een beoordeling van 1 tot 5 sterren.")},
    )
