from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Log in with e-mail address and password; a failure never tells whether the account exists."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw of vraag een nieuw wachtwoord aan."
        ),
        "inactive": _(
            "Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw of vraag een nieuw wachtwoord aan."
        ),
    }


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Het adres waarmee u zich aanmeldt."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden."
        )

    def save(self, commit=True):
        from axes.utils import reset

        user = super().save(commit)
        # The link in the mailbox proves the person: a lockout of their address ends with the new password.
        reset(username=user.email.lower())
        return user


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden."
        )


class SecondFactorForm(forms.Form):
    """The second step of logging in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De 6 cijfers die uw app nu toont. Geen toestel bij de hand? Typ een van uw herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        from einclusie.accounts import second_factor

        try:
            self.device = second_factor.verify_code(self.user, self.cleaned_data["code"])
        except second_factor.Throttled:
            raise forms.ValidationError(
                _("U hebt te vaak een verkeerde code ingegeven. Wacht een minuut en probeer het opnieuw."),
                code="throttled",
            ) from None
        if self.device is None:
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Typ de code die uw app nu toont (hij verandert elke 30 seconden), "
                    "of een herstelcode die u nog niet gebruikte."
                ),
                code="wrong",
            )
        return self.cleaned_data["code"]


class SecondFactorSetupForm(forms.Form):
    """Confirm a new authenticator app with the code it shows."""

    code = forms.CharField(
        label=_("Code uit uw app"),
        max_length=10,
        help_text=_("De 6 cijfers die uw app toont na het scannen of overtypen van de sleutel."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    def clean_code(self):
        from einclusie.accounts import second_factor

        if not second_factor.key_accepts(self.key, self.cleaned_data["code"]):
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Controleer of de klok van uw toestel juist staat en typ de code "
                    "die de app nu toont."
                ),
                code="wrong",
            )
        return self.cleaned_data["code"]
