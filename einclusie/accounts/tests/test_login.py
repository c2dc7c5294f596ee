import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

WRONG = "Het e-mailadres of het wachtwoord klopt niet"


def test_a_person_logs_in_with_email_and_password(client, alice, password):
    response = client.post(reverse("accounts:login"), {"username": "ALICE@example.org", "password": password})
    assert response.status_code == 302
    assert response.url == reverse("organisations:home")


def test_a_wrong_password_and_an_unknown_account_get_the_same_answer(client, alice):
    wrong_password = client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": "nope"})
    unknown = client.post(reverse("accounts:login"), {"username": "nobody@example.org", "password": "nope"})
    assert WRONG in wrong_password.content.decode()
    assert WRONG in unknown.content.decode()

    def comparable(response, email):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()).replace(email, "x@")

    assert comparable(wrong_password, "alice@") == comparable(unknown, "nobody@")


def test_the_login_error_is_in_french_for_a_french_reader(client, alice):
    client.cookies["django_language"] = "fr"
    response = client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": "nope"})
    assert '<html lang="fr">' in response.content.decode()
    assert WRONG not in response.content.decode()


def test_password_reset_by_email(client, alice):
    response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new_password = "een nieuw en lang wachtwoord"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_pages_for_staff_ask_to_log_in(client):
    response = client.get(reverse("organisations:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
