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


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden."
        )
