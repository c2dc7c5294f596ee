from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from einclusie.core.concurrency import EditConflictMixin
from einclusie.core.forms import https_formfield
from einclusie.organisations.models import Kind, Organisation
from einclusie.territory.models import Municipality


class SwitchOrganisationForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Voor welke organisatie werkt u nu?"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, memberships, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.choices = [(m.organisation_id, f"{m.organisation.name} – {m.get_role_display()}") for m in memberships]
        if current:
            field.initial = current.organisation_id


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van uw collega"),
        help_text=_("We sturen een uitnodiging naar dit adres. De link is 14 dagen geldig."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(label=_("Rol"), widget=forms.RadioSelect)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Familienaam"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password = forms.CharField(
        label=_("Kies een wachtwoord"),
        help_text=_("Minstens 12 tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = get_user_model()(
            email=self.email,
            first_name=self.cleaned_data.get("first_name", ""),
            last_name=self.cleaned_data.get("last_name", ""),
        )
        validate_password(password, user)
        return password


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False)
    kind = forms.ChoiceField(label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Kind.choices])


class OrganisationForm(EditConflictMixin, forms.ModelForm):
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.flemish().current(),
        required=False,
        help_text=_("Verplicht voor een gemeente of OCMW."),
    )

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "name",
            "municipality",
            "kbo_number",
            "email",
            "website",
            "lead",
            "partners",
            "is_active",
        ]
        widgets = {"kind": forms.RadioSelect, "partners": forms.CheckboxSelectMultiple}
        formfield_callback = https_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        local_governments = Organisation.objects.local_governments().active()
        self.fields["lead"].queryset = local_governments
        self.fields["partners"].queryset = local_governments
        self.fields["partners"].help_text = _("Alleen voor een samenwerkingsverband.")
        self.fields["kind"].choices = Kind.choices


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Heeft deze persoon nog geen account, dan sturen we een uitnodiging."),
    )
    role = forms.ChoiceField(label=_("Rol"), widget=forms.RadioSelect)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Nieuwe rol"), widget=forms.RadioSelect)

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
