"""Lockout after repeated failed logins (django-axes): how the platform names the person and the client,
and the page a locked-out person sees.

Failures are counted per e-mail address *and* client address together (settings.AXES_LOCKOUT_PARAMETERS),
so a stranger cannot lock a colleague out from elsewhere by guessing on purpose.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext

from einclusie.accounts.forms import LoginForm


def attempted_username(request, credentials):
    """The e-mail address as typed, in lower case: ALICE@ and alice@ are one account and one count."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return value.strip().lower() or None


def client_ip(request):
    """The address of the client. Behind our own reverse proxy it is the last address the proxy added."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "U hebt te vaak een verkeerd wachtwoord ingegeven. Om uw account te beschermen kunt u zich "
        "de komende minuut niet aanmelden. Probeer het daarna opnieuw, of vraag een nieuw wachtwoord aan.",
        "U hebt te vaak een verkeerd wachtwoord ingegeven. Om uw account te beschermen kunt u zich "
        "de komende %(minutes)s minuten niet aanmelden. Probeer het daarna opnieuw, of vraag een nieuw "
        "wachtwoord aan.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    """The login page again, with the reason at the top, answered with 429 Too Many Requests."""
    form = LoginForm(request, initial={"username": attempted_username(request, credentials) or ""})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "lockout_message": lockout_message(),
    }
    return render(request, "accounts/login.html", context, status=429)
