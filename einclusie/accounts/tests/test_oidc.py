"""Logging in through OpenID Connect, against a real (small) provider on 127.0.0.1: the whole code flow."""

import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.urls import reverse

from einclusie.accounts import oidc, second_factor
from einclusie.accounts.models import User
from einclusie.accounts.tests.fake_provider import FakeProvider
from einclusie.core.models import Event

pytestmark = pytest.mark.django_db

PROVIDER_NAME = "Test-IdP"


@pytest.fixture
def provider(settings):
    with FakeProvider() as running:
        settings.OIDC_ENABLED = True
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = running.client_id
        settings.OIDC_RP_CLIENT_SECRET = running.client_secret
        settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
        settings.OIDC_SECOND_FACTOR_VALUES = []
        oidc._discovery.clear()
        yield running
    oidc._discovery.clear()


def go_to_provider(client, **query):
    """Click "Aanmelden met …": our site sends the browser to the provider's authorize endpoint."""
    response = client.get(reverse("accounts:oidc_login"), query)
    assert response.status_code == 302
    return response.url


def come_back(provider_url):
    """The person logs in at the provider, which sends the browser back to our callback with a code."""
    answer = requests.get(provider_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlparse(answer.headers["Location"])
    return back.path, {key: values[0] for key, values in parse_qs(back.query).items()}


def log_in(client, provider):
    path, query = come_back(go_to_provider(client))
    return client.get(path, query)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_the_login_page_offers_the_provider_when_it_is_configured(client, provider):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f"Aanmelden met {PROVIDER_NAME}" in page
    assert reverse("accounts:oidc_login") in page


def test_without_an_issuer_there_is_no_provider_login(client, settings):
    settings.OIDC_ENABLED = False
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Aanmelden met" not in page
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_browser_goes_to_the_provider_with_state_nonce_and_pkce(client, provider):
    url = urlparse(go_to_provider(client))
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{provider.issuer}/authorize"
    assert query["client_id"] == [provider.client_id]
    assert query["redirect_uri"] == ["http://testserver" + reverse("accounts:oidc_callback")]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0] and query["nonce"][0]


def test_a_person_with_an_account_logs_in_through_the_provider(client, provider, alice):
    response = log_in(client, provider)
    assert response.status_code == 302
    assert response.url == reverse("organisations:home")
    assert logged_in_user_id(client) == str(alice.pk)
    assert client.get(reverse("organisations:home")).status_code == 200
    # the code was exchanged with our secret and the PKCE verifier
    assert provider.token_requests[0]["client_secret"] == provider.client_secret
    assert provider.token_requests[0]["code_verifier"]
    assert Event.objects.filter(verb="account.logged_in_oidc", actor=alice).count() == 1


def test_the_email_address_is_matched_whatever_its_capitals(client, provider, alice):
    provider.claims["email"] = "Alice@Example.org"
    log_in(client, provider)
    assert logged_in_user_id(client) == str(alice.pk)


def test_the_person_comes_back_to_the_page_they_asked_for(client, provider, alice):
    path, query = come_back(go_to_provider(client, next="/werk/"))
    response = client.get(path, query)
    assert response.url == "/werk/"


def refused(client, response):
    """Not logged in, back on the login page with the reason."""
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert logged_in_user_id(client) is None
    return client.get(response.url).content.decode()


def test_an_unknown_email_address_does_not_create_an_account(client, provider, alice):
    provider.claims["email"] = "nobody@example.org"
    users = User.objects.count()
    page = refused(client, log_in(client, provider))
    assert "Er is geen account met het e-mailadres dat Test-IdP doorgaf" in page
    assert "U kunt zich niet zelf registreren" in page
    assert User.objects.count() == users


def test_an_unverified_email_address_is_refused(client, provider, alice):
    provider.claims["email_verified"] = False
    page = refused(client, log_in(client, provider))
    assert "Test-IdP gaf geen bevestigd e-mailadres door" in page


def test_a_deactivated_account_cannot_log_in_through_the_provider(client, provider, alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    page = refused(client, log_in(client, provider))
    assert "Er is geen account met het e-mailadres" in page


def test_a_wrong_nonce_is_refused(client, provider, alice):
    provider.id_token_changes = {"nonce": "a-nonce-from-another-login"}
    page = refused(client, log_in(client, provider))
    assert "het antwoord van de dienst was ongeldig of verlopen" in page


def test_a_wrong_state_is_refused_before_the_code_is_used(client, provider, alice):
    path, query = come_back(go_to_provider(client))
    page = refused(client, client.get(path, {**query, "state": "forged"}))
    assert "het antwoord van de dienst was ongeldig of verlopen" in page
    assert provider.token_requests == []


def test_an_answer_cannot_be_used_twice(client, provider, alice):
    path, query = come_back(go_to_provider(client))
    client.get(path, query)
    client.logout()
    refused(client, client.get(path, query))


def test_an_answer_to_another_browsers_login_is_refused(client, provider, alice, django_user_model):
    from django.test import Client

    path, query = come_back(go_to_provider(Client()))
    refused(client, client.get(path, query))


def test_an_id_token_for_another_client_is_refused(client, provider, alice):
    provider.id_token_changes = {"aud": "another-application"}
    refused(client, log_in(client, provider))


def test_an_id_token_for_several_clients_needs_us_as_authorised_party(client, provider, alice):
    provider.id_token_changes = {"aud": [provider.client_id, "another-application"]}
    refused(client, log_in(client, provider))
    provider.id_token_changes = {"aud": [provider.client_id, "another-application"], "azp": provider.client_id}
    log_in(client, provider)
    assert logged_in_user_id(client) == str(alice.pk)


def test_an_expired_id_token_is_refused(client, provider, alice):
    now = int(time.time())
    provider.id_token_changes = {"iat": now - 7200, "exp": now - 3600}
    refused(client, log_in(client, provider))


def test_an_id_token_from_another_issuer_is_refused(client, provider, alice):
    provider.id_token_changes = {"iss": "http://127.0.0.1:1/another"}
    refused(client, log_in(client, provider))


def test_an_id_token_signed_with_another_key_is_refused(client, provider, alice):
    from cryptography.hazmat.primitives.asymmetric import rsa

    provider.private_key, published = rsa.generate_private_key(public_exponent=65537, key_size=2048), provider.jwks()
    provider.jwks = lambda: published  # the provider publishes its old key but signs with a new one
    refused(client, log_in(client, provider))


def test_an_error_from_the_provider_is_explained(client, provider, alice):
    go_to_provider(client)
    page = refused(client, client.get(reverse("accounts:oidc_callback"), {"error": "access_denied"}))
    assert "Aanmelden met Test-IdP is niet gelukt" in page


def test_a_provider_that_does_not_answer_is_explained(client, settings, alice):
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = "http://127.0.0.1:9/nobody"
    settings.OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.OIDC_TIMEOUT = 2
    oidc._discovery.clear()
    response = client.get(reverse("accounts:oidc_login"))
    assert response.url == reverse("accounts:login")
    assert "de dienst antwoordt niet" in client.get(response.url).content.decode()


def test_the_second_step_still_applies_after_the_provider(client, provider, alice, settings):
    settings.MFA_REQUIRED = True  # alice is a coordinator: she must set up an app
    log_in(client, provider)
    assert client.session[second_factor.SESSION_KEY] == second_factor.SET_UP
    response = client.get(reverse("organisations:home"))
    assert response.url.startswith(reverse("accounts:second_factor_setup"))


def test_a_second_factor_checked_by_the_provider_counts_when_configured(client, provider, alice, settings):
    settings.MFA_REQUIRED = True
    settings.OIDC_SECOND_FACTOR_VALUES = ["mfa", "urn:be:vlaanderen:acm:loa:substantial"]
    provider.id_token_changes = {"amr": ["pwd", "mfa"]}
    log_in(client, provider)
    assert second_factor.SESSION_KEY not in client.session
    assert client.get(reverse("organisations:home")).status_code == 200
    event = Event.objects.get(verb="account.logged_in_oidc")
    assert event.data == {"second_factor_by_provider": True}


def test_an_acr_value_can_prove_the_second_factor(client, provider, alice, settings):
    settings.MFA_REQUIRED = True
    settings.OIDC_SECOND_FACTOR_VALUES = ["urn:be:vlaanderen:acm:loa:substantial"]
    provider.id_token_changes = {"acr": "urn:be:vlaanderen:acm:loa:substantial"}
    log_in(client, provider)
    assert second_factor.SESSION_KEY not in client.session


def test_a_weaker_provider_login_does_not_count_as_second_factor(client, provider, alice, settings):
    settings.MFA_REQUIRED = True
    settings.OIDC_SECOND_FACTOR_VALUES = ["mfa"]
    provider.id_token_changes = {"amr": ["pwd"], "acr": "low"}
    log_in(client, provider)
    assert client.session[second_factor.SESSION_KEY] == second_factor.SET_UP


def test_the_password_login_still_works_next_to_the_provider(client, provider, alice, password):
    response = client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": password})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(alice.pk)
