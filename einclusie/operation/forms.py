from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einclusie.core import forms as core_forms
from einclusie.core.codelists import ACTION_TYPES, PARTNERS, TARGET_GROUPS, codes
from einclusie.core.concurrency import EditConflictMixin
from einclusie.core.fields import DateInputsField
from einclusie.operation import plans, services
from einclusie.operation.models import ActionPlan, Aspect, Partner, PlanAction, PlanStatus, ToolkitItem


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
        # The version of all scores and actions as shown: a save on an older version is refused (a colleague saved).
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial["version"] = services.assessment_version(assessment)

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


class ToolkitItemForm(EditConflictMixin, forms.ModelForm):
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


# --- Partners, action plans, the programme goal, toolkit files ------------------------------------------------


class PartnerForm(EditConflictMixin, forms.ModelForm):
    started_on = DateInputsField(label=_("Samenwerking sinds"))

    class Meta:
        model = Partner
        fields = ["name", "category", "role", "contact_name", "contact_email", "contact_phone", "started_on"]
        widgets = {"role": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "contact_name": _("Alleen wat u nodig hebt om samen te werken. Bij het beëindigen wissen we dit."),
        }
        error_messages = {
            "name": {"required": _("Vul de naam van de partner in.")},
            "role": {"required": _("Beschrijf wat deze partner doet in de lokale werking.")},
            "category": {
                "required": _("Kies de soort partner."),
                "invalid_choice": _("Kies een soort partner uit de lijst."),
            },
            "contact_email": {"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@bibliotheek.be.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = codes(PARTNERS)
        self.fields["category"].empty_label = _("Kies een soort")
        if not self.instance.pk:
            self.initial.setdefault("started_on", timezone.localdate())


class ActionPlanForm(EditConflictMixin, forms.ModelForm):
    adopted_on = DateInputsField(
        label=_("Goedgekeurd door de gemeenteraad op"), required=False, help_text=_("Nodig voor een goedgekeurd plan.")
    )

    class Meta:
        model = ActionPlan
        fields = ["title", "start_year", "end_year", "status", "adopted_on", "context", "goals"]
        widgets = {
            "status": forms.RadioSelect,
            "context": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "start_year": forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-year"}),
            "end_year": forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-year"}),
        }
        error_messages = {
            "title": {"required": _("Geef het actieplan een titel.")},
            "start_year": {"required": _("Vul het eerste jaar van het plan in.")},
            "end_year": {"required": _("Vul het laatste jaar van het plan in.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            year = timezone.localdate().year
            self.initial.setdefault("start_year", year)
            self.initial.setdefault("end_year", year + 2)
            self.initial.setdefault("title", _("Actieplan digitale inclusie"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        for name in ("start_year", "end_year"):
            if data.get(name) is not None and not 2000 <= data[name] <= 2100:
                self.add_error(name, _("Vul een jaar tussen 2000 en 2100 in."))
        if start and end and end < start:
            self.add_error("end_year", _("Het laatste jaar kan niet vóór het eerste jaar liggen."))
        elif start and end and end - start > 6:
            self.add_error("end_year", _("Een actieplan loopt over ten hoogste zes jaar (een legislatuur)."))
        if data.get("status") == PlanStatus.ADOPTED and not data.get("adopted_on"):
            self.add_error("adopted_on", _("Vul de datum in waarop de gemeenteraad het plan goedkeurde."))
        return data


class OwnChoices(core_forms.ModelMultipleChoiceField):
    """Linked objects, offered only from the plan's own local government; anything else gets a specific refusal."""

    def __init__(self, *args, refusal, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = refusal
        self.error_messages["invalid_pk_value"] = refusal


class PlanActionForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = PlanAction
        fields = [
            "title",
            "description",
            "aspect",
            "action_type",
            "target_groups",
            "partners",
            "budget",
            "indicator",
            "target",
            "status",
            "help_points",
            "courses",
            "subsidy_actions",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": _("Beschrijf de actie in een paar woorden.")},
            "aspect": {"required": _("Kies het aspect van de actie.")},
            "budget": {"invalid": _("Vul het budget in als bedrag in euro, bijvoorbeeld 2500.")},
            "target": {"invalid": _("Vul het streefcijfer in als heel getal, bijvoorbeeld 200.")},
        }

    def __init__(self, *args, plan, **kwargs):
        from einclusie.courses.models import Course
        from einclusie.helppoints.models import HelpPoint
        from einclusie.subsidies.models import ApplicationAction

        super().__init__(*args, **kwargs)
        organisation = plan.organisation
        self.fields["action_type"].queryset = codes(ACTION_TYPES)
        self.fields["target_groups"].queryset = codes(TARGET_GROUPS)
        self.fields["partners"] = OwnChoices(
            Partner.objects.for_organisation(organisation).active(),
            label=_("Partners die de actie dragen"),
            refusal=plans.LINKS["partners"][1],
        )
        self.fields["help_points"] = OwnChoices(
            HelpPoint.objects.for_organisation(organisation).select_related("service", "location"),
            label=_("Gekoppelde digipunten"),
            help_text=_("De hulpcontacten aan deze digipunten tellen mee als voortgang."),
            refusal=plans.LINKS["help_points"][1],
        )
        self.fields["courses"] = OwnChoices(
            Course.objects.for_organisation(organisation).order_by("title"),
            label=_("Gekoppelde cursussen"),
            help_text=_("De cursisten van deze cursussen tellen mee als voortgang."),
            refusal=plans.LINKS["courses"][1],
        )
        self.fields["subsidy_actions"] = OwnChoices(
            ApplicationAction.objects.filter(application__organisation=organisation).select_related("application"),
            label=_("Gekoppelde acties van een subsidieaanvraag"),
            help_text=_("Het toegekende en verantwoorde bedrag van de aanvraag tonen we bij de actie."),
            refusal=plans.LINKS["subsidy_actions"][1],
        )
        if self.instance.pk and self.instance.partners.filter(ended_on__isnull=False).exists():
            # keep ended partners that the action already names
            self.fields["partners"].queryset = Partner.objects.for_organisation(organisation).filter(
                models.Q(pk__in=self.instance.partners.values("pk")) | models.Q(pk__in=Partner.objects.active())
            )

    def clean(self):
        data = super().clean()
        if data.get("target") is not None and not data.get("indicator"):
            self.add_error("indicator", _("Schrijf wat het streefcijfer telt, bijvoorbeeld: inwoners geholpen."))
        return data


ASPECT_CHOICES = [(code, label) for code, label in Aspect.choices]


class GoalDefinitionForm(forms.Form):
    min_active_help_points = forms.IntegerField(
        label=_("Minimum aantal open digipunten"),
        min_value=0,
        max_value=50,
        error_messages={
            "min_value": _("Vul een aantal van 0 tot 50 in."),
            "max_value": _("Vul een aantal van 0 tot 50 in."),
            "invalid": _("Vul een aantal van 0 tot 50 in."),
            "required": _("Vul een aantal van 0 tot 50 in."),
        },
    )
    requires_coordinator = forms.BooleanField(label=_("Een coördinator e-inclusie op het platform"), required=False)
    requires_current_plan = forms.BooleanField(
        label=_("Een goedgekeurd actieplan dat over dit jaar loopt"), required=False
    )
    required_aspects = forms.MultipleChoiceField(
        label=_("Acties nodig over deze aspecten"),
        choices=ASPECT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies aspecten uit de lijst.")},
    )
    activity_months = forms.IntegerField(
        label=_("Activiteit in de laatste … maanden"),
        min_value=1,
        max_value=36,
        error_messages={
            "min_value": _("Vul een aantal maanden van 1 tot 36 in."),
            "max_value": _("Vul een aantal maanden van 1 tot 36 in."),
            "invalid": _("Vul een aantal maanden van 1 tot 36 in."),
            "required": _("Vul een aantal maanden van 1 tot 36 in."),
        },
    )
    activity_items = forms.MultipleChoiceField(
        label=_("Wat telt als activiteit"),
        required=True,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één soort activiteit."),
            "invalid_choice": _("Kies soorten activiteit uit de lijst."),
        },
    )
    note = forms.CharField(
        label=_("Waarom deze wijziging?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort waarom de definitie verandert.")},
    )

    def __init__(self, *args, **kwargs):
        from einclusie.monitoring import items

        super().__init__(*args, **kwargs)
        self.fields["activity_items"].choices = [
            (code, items.label(code))
            for code in (items.HELP_CONTACTS, items.COURSE_PARTICIPANTS, items.DEVICES_LENT, items.DEVICES_GIVEN)
        ]


class ToolkitFileForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van het bestand"),
        max_length=200,
        error_messages={"required": _("Geef het bestand een titel, bijvoorbeeld: Sjabloon (Word).")},
    )
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, Word (docx), Excel (xlsx), OpenDocument-tekst (odt), PNG of JPEG, ten hoogste 20 MB."),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )

    def clean_file(self):
        from einclusie.operation.services import toolkit_file_kind

        upload = self.cleaned_data["file"]
        self.kind = toolkit_file_kind(upload)
        return upload
