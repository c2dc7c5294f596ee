"""Failed logins through the OpenID Connect provider count toward the lockout (django-axes) of that client.

The provider names nobody when a login fails (an unknown or unverified address, a forged or expired answer), so the
failures are counted for the client address alone, apart from the password logins, which are counted per e-mail
address and client address together: guessing at the provider locks the provider login from that address, not a
colleague's password login at the same desk.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from einclusie.accounts.tests.test_lockout import LOCKED
from einclusie.accounts.tests.test_oidc import log_in, logged_in_user_id, provider  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _fail(client, provider, times):  # noqa: F811
    provider.claims["email"] = "nobody@example.org"
    for _ in range(times):
        response = log_in(client, provider)
    provider.claims["email"] = "alice@example.org"
    return response


def test_five_failed_provider_logins_lock_the_provider_login_of_that_client(client, provider, alice):  # noqa: F811
    assert _fail(client, provider, 4).status_code == 302
    locked = _fail(client, provider, 1)
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert AccessAttempt.objects.get(username=None, ip_address="127.0.0.1").failures_since_start == 5
    # Even a person with an account cannot log in through the provider from this client now.
    response = log_in(client, provider)
    assert response.status_code == 429
    assert logged_in_user_id(client) is None


def test_four_failed_provider_logins_leave_it_open_and_a_success_resets_the_count(client, provider, alice):  # noqa: F811
    _fail(client, provider, 4)
    assert log_in(client, provider).status_code == 302
    assert logged_in_user_id(client) == str(alice.pk)
    assert not AccessAttempt.objects.filter(username=None, failures_since_start__gt=0).exists()


def test_provider_failures_do_not_lock_a_password_login_at_the_same_desk(client, provider, alice, password):  # noqa: F811
    _fail(client, provider, 5)
    response = client.post(
        reverse("accounts:login"), {"username": alice.email, "password": password}, REMOTE_ADDR="127.0.0.1"
    )
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(alice.pk)
