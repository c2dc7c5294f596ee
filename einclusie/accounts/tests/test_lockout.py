import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCKED = "U hebt te vaak een verkeerd wachtwoord ingegeven"


def log_in(client, email, password, address="192.0.2.10"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def fail(client, email, times, address="192.0.2.10"):
    for _ in range(times):
        response = log_in(client, email, "verkeerd wachtwoord", address)
        assert response.status_code in (200, 429)
    return response


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, alice, password):
    fail(client, "alice@example.org", 5)
    response = log_in(client, "alice@example.org", password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert LOCKED in response.content.decode()


def test_the_lockout_is_explained_on_the_login_page_in_an_error_summary(client, alice):
    response = fail(client, "alice@example.org", 5)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Er is een probleem" in page
    assert 'role="alert"' in page
    assert "15 minuten" in page
    assert 'name="username"' in page  # still the login form, not a bare refusal


def test_four_failures_leave_the_account_open(client, alice, password):
    fail(client, "alice@example.org", 4)
    assert log_in(client, "alice@example.org", password).status_code == 302


def test_a_successful_login_resets_the_count(client, alice, password):
    fail(client, "alice@example.org", 4)
    assert log_in(client, "alice@example.org", password).status_code == 302
    client.post(reverse("accounts:logout"))
    fail(client, "alice@example.org", 4)
    assert log_in(client, "alice@example.org", password).status_code == 302


def test_capitals_in_the_address_count_for_the_same_account(client, alice, password):
    for email in [
        "ALICE@example.org",
        "Alice@Example.org",
        "alice@example.org",
        "aLiCe@example.org",
        "ALICE@EXAMPLE.ORG",
    ]:
        log_in(client, email, "verkeerd wachtwoord")
    assert log_in(client, "alice@example.org", password).status_code == 429


def test_failures_from_elsewhere_do_not_lock_the_person_out_of_their_own_desk(client, alice, password):
    fail(client, "alice@example.org", 5, address="198.51.100.7")
    assert log_in(client, "alice@example.org", password, address="192.0.2.10").status_code == 302


def test_an_unknown_account_is_locked_out_the_same_way(client):
    response = fail(client, "nobody@example.org", 5)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_the_limit_and_cool_off_come_from_the_settings(client, alice, password, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, "alice@example.org", 2)
    assert log_in(client, "alice@example.org", password).status_code == 429


def test_a_new_password_by_e_mail_ends_the_lockout(client, alice, password):
    import re

    from django.core import mail

    fail(client, "alice@example.org", 5)
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "een nieuw en lang wachtwoord"
    client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert log_in(client, "alice@example.org", new_password).status_code == 302


def test_behind_a_proxy_the_address_the_proxy_saw_counts(client, alice, password, settings):
    settings.BEHIND_PROXY = True
    for _ in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": "alice@example.org", "password": "nope"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    other_client = client.post(
        reverse("accounts:login"),
        {"username": "alice@example.org", "password": password},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert other_client.status_code == 302
