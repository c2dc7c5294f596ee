"""Logging in through an OpenID Connect provider, as an option next to the password (mozilla-django-oidc).

Off unless `EINCLUSIE_OIDC_ISSUER` is set. The provider's endpoints come from its discovery document
(`<issuer>/.well-known/openid-configuration`), read once per process. The flow is the authorization code flow
with PKCE, a state and a nonce; the id_token must be signed with RS256 by a key of the provider's JWKS, name our
client id as its audience, come from the configured issuer and not be expired.

Nobody registers themselves: the provider's *verified* e-mail address must belong to an active account that
already exists (invited by a colleague). The second step of logging in (accounts/second_factor.py) still
applies, unless the provider says it already checked a second factor: an `amr` value or the `acr` of the
id_token is one of `EINCLUSIE_OIDC_SECOND_FACTOR` (see docs/security.md).
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from einclusie.accounts import second_factor
from einclusie.core.models import record_event

LOGGER = logging.getLogger(__name__)
# Seconds of clock difference allowed between the provider and us for exp, iat and nbf.
LEEWAY = 60
_discovery = {}

# Why a login through the provider failed: the message the login page shows.
UNAVAILABLE = "unavailable"
REFUSED = "refused"
UNKNOWN = "unknown"
UNVERIFIED = "unverified"


def failure_message(reason, provider_name):
    messages_by_reason = {
        UNAVAILABLE: _(
            "Aanmelden met %(provider)s lukt nu niet: de dienst antwoordt niet. Probeer het later opnieuw of meld "
            "u aan met uw e-mailadres en wachtwoord."
        ),
        REFUSED: _(
            "Aanmelden met %(provider)s is niet gelukt: het antwoord van de dienst was ongeldig of verlopen. "
            "Probeer het opnieuw."
        ),
        UNKNOWN: _(
            "Er is geen account met het e-mailadres dat %(provider)s doorgaf. U kunt zich niet zelf registreren: "
            "vraag een collega met een coördinerende rol om u uit te nodigen op dat e-mailadres."
        ),
        UNVERIFIED: _(
            "%(provider)s gaf geen bevestigd e-mailadres door. Bevestig uw e-mailadres bij %(provider)s of meld u "
            "aan met uw e-mailadres en wachtwoord."
        ),
    }
    return messages_by_reason[reason] % {"provider": provider_name}


class ProviderUnavailable(Exception):
    """The discovery document could not be read or does not describe the configured issuer."""


def provider_configuration():
    """The provider's discovery document (cached per process and issuer)."""
    issuer = settings.OIDC_ISSUER
    if issuer not in _discovery:
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"discovery document {url}: {error}") from None
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if any(not document.get(key) for key in needed) or document["issuer"] != issuer:
            raise ProviderUnavailable(f"discovery document {url} does not describe the issuer {issuer}")
        _discovery[issuer] = document
    return _discovery[issuer]


def proves_second_factor(claims):
    """Whether the provider says it checked a second factor (an accepted `amr` value or `acr`)."""
    accepted = set(settings.OIDC_SECOND_FACTOR_VALUES)
    if not accepted:
        return False
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(accepted.intersection(amr)) or claims.get("acr") in accepted


def _fail(request, reason):
    request.oidc_failure = reason


class ProviderBackend(OIDCAuthenticationBackend):
    """Authenticates the person the provider names, by their verified e-mail address; never creates accounts."""

    def __init__(self, *args, **kwargs):
        # The endpoints are read from the discovery document when a login comes back, not at start-up.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None  # a password login, or OpenID Connect is off
        try:
            configuration = provider_configuration()
        except ProviderUnavailable as error:
            LOGGER.warning("OpenID Connect: %s", error)
            _fail(request, UNAVAILABLE)
            return None
        self.configuration = configuration
        self.OIDC_OP_TOKEN_ENDPOINT = configuration["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = configuration["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = configuration["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            LOGGER.warning("OpenID Connect: the provider did not answer: %s", error)
            _fail(request, UNAVAILABLE)
        except (SuspiciousOperation, jwt.InvalidTokenError) as error:
            LOGGER.warning("OpenID Connect: login refused: %s", error)
            _fail(request, REFUSED)
        return None

    def _verify_jws(self, payload, key):
        """The signature, and the claims mozilla-django-oidc leaves unchecked: issuer, audience, expiry."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"id_token signed with {header.get('alg')!r}, expected RS256")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.configuration["issuer"],
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audience) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("id_token for several audiences without our client as its azp")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo is about another subject than the id_token")
        email = (user_info.get("email") or "").strip()
        if not email or user_info.get("email_verified") is not True:
            _fail(self.request, UNVERIFIED)
            return None
        user = self.UserModel.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            _fail(self.request, UNKNOWN)
            return None
        self.request.oidc_second_factor = proves_second_factor(payload)
        return user


def _require_enabled():
    if not settings.OIDC_ENABLED:
        raise Http404


class ProviderLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a state, a nonce and a PKCE challenge kept in the session."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        _require_enabled()
        try:
            configuration = provider_configuration()
        except ProviderUnavailable as error:
            LOGGER.warning("OpenID Connect: %s", error)
            messages.error(request, failure_message(UNAVAILABLE, settings.OIDC_PROVIDER_NAME))
            return HttpResponseRedirect(resolve_url("accounts:login"))
        self.OIDC_OP_AUTH_ENDPOINT = configuration["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: log in the person it names, or say on the login page why not."""

    @property
    def failure_url(self):
        return resolve_url("accounts:login")

    def get(self, request):
        _require_enabled()
        state = request.GET.get("state")
        if "code" in request.GET and state not in request.session.get("oidc_states", {}):
            # Not a login this browser started (or started twice): a forged or replayed answer.
            LOGGER.warning("OpenID Connect: unknown state in the callback")
            return self.failure(REFUSED)
        if request.GET.get("error") or "code" not in request.GET:
            response = super().get(request)
            messages.error(request, failure_message(REFUSED, settings.OIDC_PROVIDER_NAME))
            return response
        response = super().get(request)
        reason = getattr(request, "oidc_failure", None)
        if reason:
            messages.error(request, failure_message(reason, settings.OIDC_PROVIDER_NAME))
        return response

    def failure(self, reason):
        messages.error(self.request, failure_message(reason, settings.OIDC_PROVIDER_NAME))
        return self.login_failure()

    def login_success(self):
        response = super().login_success()
        if getattr(self.request, "oidc_second_factor", False):
            # The provider checked a second factor: ours is not asked again (docs/security.md).
            self.request.session.pop(second_factor.SESSION_KEY, None)
        record_event(
            verb="account.logged_in_oidc",
            actor=self.user,
            second_factor_by_provider=bool(getattr(self.request, "oidc_second_factor", False)),
        )
        return response
