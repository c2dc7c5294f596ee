"""Two-step verification: a time-based code from an authenticator app (TOTP), with ten one-time recovery codes.

The devices are django-otp's (`TOTPDevice`, `StaticDevice`). What happens after the password:

- a person with a confirmed authenticator app enters a code (or a recovery code) before any page opens;
- a person whose role needs a second step (core/roles.SECOND_FACTOR_ROLES, when settings.MFA_REQUIRED) and who
  has none sets one up first;
- everyone else goes on as before.

The step still to take is kept in the session (`SESSION_KEY`) by `note_step_after_login`, and enforced for every
page by `accounts.middleware.SecondFactorMiddleware`.
"""

import secrets
from binascii import unhexlify
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from einclusie.core.models import record_event
from einclusie.core.roles import SECOND_FACTOR_ROLES

SESSION_KEY = "second_factor_step"
SETUP_KEY_SESSION_KEY = "second_factor_setup_key"
RECOVERY_CODES_SESSION_KEY = "second_factor_recovery_codes"
VERIFY = "verify"
SET_UP = "set_up"

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a recovery code is often copied from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
APP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def authenticator(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user):
    """The person's recovery codes (django-otp's static device), or None."""
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def is_required_for(user):
    """Whether this person must use a second step: staff roles and technical administrators, when enforced."""
    if not settings.MFA_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.memberships.filter(role__in=SECOND_FACTOR_ROLES).exists()


def step_after_password(user):
    """What a person still has to do after a correct password: VERIFY, SET_UP or None."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    if is_required_for(user):
        return SET_UP
    return None


def note_step_after_login(sender, request, user, **kwargs):
    """Receiver of `user_logged_in`: remember in the session which step is still to take."""
    session = getattr(request, "session", None)
    if session is None:
        return
    step = step_after_password(user)
    if step:
        session[SESSION_KEY] = step
    else:
        session.pop(SESSION_KEY, None)


def step_done(request, device):
    """The person proved the second step with `device`: every page opens again."""
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)


def normalise(code):
    """A code as typed: spaces, dashes and capitals do not matter."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def new_setup_key():
    """A fresh secret for an authenticator app, as hex (django-otp's format)."""
    return default_key()


def unsaved_app(user, key):
    return TOTPDevice(user=user, key=key, name=APP_NAME, confirmed=False)


def setup_key_as_text(key):
    """The secret as people type it into an app without a camera: base32 in groups of four."""
    from base64 import b32encode

    text = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(user, key):
    """The otpauth:// address of the secret as an inline SVG QR code (no script, no style attribute)."""
    image = qrcode.make(unsaved_app(user, key).config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def key_accepts(key, code):
    """Whether a code from the app matches a secret (one step of clock drift either way)."""
    code = normalise(code)
    if not code.isdigit():
        return False
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    return totp.verify(int(code), tolerance=1)


@transaction.atomic
def authenticator_confirm(*, user, key, code):
    """Turn on two-step verification with the app that made `code`; returns (device, recovery codes) or None."""
    if not key_accepts(key, code):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, key=key, name=APP_NAME, confirmed=True)
    codes = recovery_codes_renew(user=user, by=user, record=False)
    record_event(verb="account.second_factor_on", actor=user, subject=user.email)
    return device, codes


def random_recovery_code():
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))


def show_recovery_code(code):
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def recovery_codes_renew(*, user, by, record=True):
    """Ten new one-time recovery codes; the old ones stop working. Returns the codes as shown to people."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [random_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if record:
        record_event(verb="account.recovery_codes_renewed", actor=by, subject=user.email)
    return [show_recovery_code(code) for code in codes]


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


class Throttled(Exception):
    """Too many wrong codes in a row: django-otp makes the person wait before the next try."""


def verify_code(user, code):
    """The device that accepts `code` (a six-digit app code or a recovery code, which is then used up), or None.

    Raises Throttled while the device makes the person wait after wrong codes.
    """
    code = normalise(code)
    device = authenticator(user) if code.isdigit() else recovery_device(user)
    if device is None:
        return None
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise Throttled
    if not device.verify_token(code):
        return None
    if isinstance(device, StaticDevice):
        record_event(verb="account.recovery_code_used", actor=user, subject=user.email)
    return device


def new_setup_session_key(request):
    """The secret being set up, kept in the session until the person confirms it with a code."""
    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not key:
        key = new_setup_key()
        request.session[SETUP_KEY_SESSION_KEY] = key
    return key
