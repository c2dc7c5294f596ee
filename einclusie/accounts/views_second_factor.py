"""Pages of two-step verification: the code after the password, setting up an app, recovery codes."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from einclusie.accounts import second_factor
from einclusie.accounts.forms import SecondFactorForm, SecondFactorSetupForm


def safe_next(request, default=None):
    """The page asked for before the second step, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(default or settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request):
    """After the password: a code from the app or a recovery code."""
    if request.session.get(second_factor.SESSION_KEY) != second_factor.VERIFY:
        return redirect(safe_next(request))
    if second_factor.authenticator(request.user) is None:
        # An administrator removed the app since the login: take the step that applies now.
        step = second_factor.step_after_password(request.user)
        if step is None:
            request.session.pop(second_factor.SESSION_KEY, None)
            return redirect(safe_next(request))
        request.session[second_factor.SESSION_KEY] = step
        return redirect("accounts:second_factor_setup")
    form = SecondFactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        second_factor.step_done(request, form.device)
        left = second_factor.recovery_codes_left(request.user)
        if form.device.name == second_factor.RECOVERY_NAME:
            messages.warning(
                request,
                _("U gebruikte een herstelcode. U hebt er nog %(count)s. Maak nieuwe codes aan via Mijn account.")
                % {"count": left},
            )
        return redirect(safe_next(request))
    return render(request, "accounts/second_factor.html", {"form": form, "next": safe_next(request)})


@login_required
def setup(request):
    """Set up an authenticator app: scan the QR code or type the key, then confirm with a code."""
    if second_factor.authenticator(request.user) is not None:
        return redirect("accounts:security")
    key = second_factor.new_setup_session_key(request)
    form = SecondFactorSetupForm(request.POST or None, key=key)
    if request.method == "POST" and form.is_valid():
        result = second_factor.authenticator_confirm(user=request.user, key=key, code=form.cleaned_data["code"])
        if result is not None:
            device, codes = result
            request.session.pop(second_factor.SETUP_KEY_SESSION_KEY, None)
            second_factor.step_done(request, device)
            request.session[second_factor.RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Tweestapsverificatie staat aan."))
            return redirect(resolve_url("accounts:recovery_codes") + "?" + urlencode({"next": safe_next(request)}))
    context = {
        "form": form,
        "next": safe_next(request),
        "required": request.session.get(second_factor.SESSION_KEY) == second_factor.SET_UP,
        "qr_code": second_factor.qr_code_svg(request.user, key),
        "key_text": second_factor.setup_key_as_text(key),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@login_required
def security(request):
    """Two-step verification of one's own account: on or off, recovery codes left."""
    device = second_factor.authenticator(request.user)
    context = {
        "device": device,
        "codes_left": second_factor.recovery_codes_left(request.user) if device else 0,
        "required": second_factor.is_required_for(request.user),
    }
    return render(request, "accounts/security.html", context)


@login_required
def recovery_codes(request):
    """New recovery codes, shown once: until the person says they kept them, or logs out."""
    codes = request.session.get(second_factor.RECOVERY_CODES_SESSION_KEY)
    if request.method == "POST":
        request.session.pop(second_factor.RECOVERY_CODES_SESSION_KEY, None)
        return redirect(safe_next(request, "accounts:security"))
    if not codes:
        return redirect("accounts:security")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request, "accounts:security")}
    )


@login_required
def recovery_codes_download(request):
    """The codes just made, as a text file to keep."""
    codes = request.session.get(second_factor.RECOVERY_CODES_SESSION_KEY)
    if not codes:
        raise Http404
    lines = [
        _("Herstelcodes voor e-inclusie (%(email)s)") % {"email": request.user.email},
        _("Elke code werkt één keer, in plaats van de code uit uw app."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="e-inclusie-herstelcodes.txt"'
    return response


@login_required
@require_POST
def recovery_codes_renew(request):
    """Ten new codes; the old ones stop working."""
    if second_factor.authenticator(request.user) is None:
        raise Http404
    codes = second_factor.recovery_codes_renew(user=request.user, by=request.user)
    request.session[second_factor.RECOVERY_CODES_SESSION_KEY] = codes
    return redirect("accounts:recovery_codes")
