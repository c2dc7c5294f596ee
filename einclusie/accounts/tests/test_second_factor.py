"""Two-step verification with enforcement on (the test settings keep it off for every other test)."""

import re
from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from einclusie.accounts import second_factor
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

KEY = "3132333435363738393031323334353637383930"  # the RFC 6238 test secret


def code_for(key):
    """The code an authenticator app shows now."""
    return f"{totp(unhexlify(key), step=30, t0=0, digits=6, drift=0):06d}"


@pytest.fixture
def enforced(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture
def helper(gent):
    return MembershipFactory(user=UserFactory(email="hanne@example.org"), organisation=gent, role=Role.HELPER).user


def log_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def with_app(user, key=KEY):
    device = TOTPDevice.objects.create(user=user, key=key, name=second_factor.APP_NAME, confirmed=True)
    codes = second_factor.recovery_codes_renew(user=user, by=user, record=False)
    return device, codes


def test_with_enforcement_off_a_coordinator_without_an_app_logs_in_with_the_password(client, alice, password):
    response = log_in(client, "alice@example.org", password)
    assert response.url == reverse("organisations:home")
    assert client.get(reverse("organisations:home")).status_code == 200


def test_a_coordinator_without_an_app_is_sent_to_set_one_up(client, alice, password, enforced):
    response = log_in(client, "alice@example.org", password)
    page = client.get(response.url)
    assert page.status_code == 302
    assert page.url.startswith(reverse("accounts:second_factor_setup"))
    # Every other page waits for the set-up too, the public ones included.
    assert client.get(reverse("accounts:profile")).url.startswith(reverse("accounts:second_factor_setup"))
    assert client.get(reverse("www:home")).status_code == 302


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FINANCE])
def test_local_staff_roles_need_a_second_step(client, gent, password, enforced, role):
    MembershipFactory(user=UserFactory(email="staff@example.org"), organisation=gent, role=role)
    log_in(client, "staff@example.org", password)
    assert client.get(reverse("organisations:home")).status_code == 302


@pytest.mark.parametrize("role", [Role.PROGRAMME_ADMIN, Role.PROGRAMME_OFFICER, Role.AUDITOR])
def test_programme_roles_need_a_second_step(client, region, password, enforced, role):
    MembershipFactory(user=UserFactory(email="staff@example.org"), organisation=region, role=role)
    log_in(client, "staff@example.org", password)
    assert client.get(reverse("organisations:home")).status_code == 302


def test_a_digihelper_is_not_asked_for_a_second_step(client, helper, password, enforced):
    log_in(client, "hanne@example.org", password)
    assert client.get(reverse("organisations:home")).status_code == 200


def test_the_set_up_journey(client, alice, password, enforced):
    log_in(client, "alice@example.org", password)
    setup_url = reverse("accounts:second_factor_setup")
    page = client.get(setup_url + "?next=/werk/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert "style=" not in html and "<script>" not in html
    key_text = re.search(r'<code class="setup-key">([A-Z2-7 ]+)</code>', html).group(1)
    key = client.session[second_factor.SETUP_KEY_SESSION_KEY]
    assert second_factor.setup_key_as_text(key) == key_text  # the secret as text, for screen readers

    wrong = client.post(setup_url, {"code": "000000", "next": "/werk/"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert "Er is een probleem" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=alice).exists()

    done = client.post(setup_url, {"code": code_for(key), "next": "/werk/"})
    assert done.url.startswith(reverse("accounts:recovery_codes"))
    codes_page = client.get(done.url).content.decode()
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10

    download = client.get(reverse("accounts:recovery_codes_download"))
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in codes)

    kept = client.post(reverse("accounts:recovery_codes"), {"next": "/werk/"})
    assert kept.url == "/werk/"
    assert client.get("/werk/").status_code == 200
    # Shown once: afterwards the codes cannot be seen or downloaded again.
    assert client.get(reverse("accounts:recovery_codes")).url == reverse("accounts:security")
    assert client.get(reverse("accounts:recovery_codes_download")).status_code == 404
    assert TOTPDevice.objects.get(user=alice).confirmed
    assert Event.objects.filter(verb="account.second_factor_on", actor=alice).exists()


def test_a_person_with_an_app_enters_a_code_after_the_password(client, alice, password, enforced):
    with_app(alice)
    log_in(client, "alice@example.org", password)
    blocked = client.get("/werk/")
    assert blocked.url == reverse("accounts:second_factor") + "?next=%2Fwerk%2F"
    assert client.get(blocked.url).status_code == 200
    response = client.post(reverse("accounts:second_factor"), {"code": code_for(KEY), "next": "/werk/"})
    assert response.url == "/werk/"
    assert client.get("/werk/").status_code == 200


def test_a_person_with_an_app_enters_a_code_even_when_enforcement_is_off(client, helper, password):
    with_app(helper)
    log_in(client, "hanne@example.org", password)
    assert client.get("/werk/").url.startswith(reverse("accounts:second_factor"))


def test_a_wrong_code_is_refused_with_a_message(client, alice, password, enforced):
    with_app(alice)
    log_in(client, "alice@example.org", password)
    response = client.post(reverse("accounts:second_factor"), {"code": "123456", "next": "/werk/"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in page
    assert "Deze code klopt niet" in page
    assert client.get("/werk/").status_code == 302


def test_many_wrong_codes_make_the_person_wait(client, alice, password, enforced):
    with_app(alice)
    log_in(client, "alice@example.org", password)
    for _ in range(3):
        client.post(reverse("accounts:second_factor"), {"code": "123456"})
    response = client.post(reverse("accounts:second_factor"), {"code": code_for(KEY)})
    assert "Wacht een minuut" in response.content.decode()
    assert client.get("/werk/").status_code == 302


def test_a_recovery_code_works_once(client, alice, password, enforced):
    _, codes = with_app(alice)
    log_in(client, "alice@example.org", password)
    response = client.post(reverse("accounts:second_factor"), {"code": codes[0].upper(), "next": "/werk/"})
    assert response.url == "/werk/"
    assert "nog 9" in client.get("/werk/").content.decode()
    assert Event.objects.filter(verb="account.recovery_code_used", actor=alice).exists()

    client.post(reverse("accounts:logout"))
    log_in(client, "alice@example.org", password)
    again = client.post(reverse("accounts:second_factor"), {"code": codes[0], "next": "/werk/"})
    assert "Deze code klopt niet" in again.content.decode()
    assert client.get("/werk/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, alice, password, enforced, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # no wait after the refused old code
    _, old_codes = with_app(alice)
    log_in(client, "alice@example.org", password)
    client.post(reverse("accounts:second_factor"), {"code": code_for(KEY)})
    assert "Herstelcodes over" in client.get(reverse("accounts:security")).content.decode()

    response = client.post(reverse("accounts:recovery_codes_renew"))
    assert response.url == reverse("accounts:recovery_codes")
    new_codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", client.get(response.url).content.decode())
    assert len(new_codes) == 10
    assert Event.objects.filter(verb="account.recovery_codes_renewed", actor=alice).exists()

    client.post(reverse("accounts:logout"))
    log_in(client, "alice@example.org", password)
    assert (
        "Deze code klopt niet"
        in client.post(reverse("accounts:second_factor"), {"code": old_codes[0]}).content.decode()
    )
    assert client.post(reverse("accounts:second_factor"), {"code": new_codes[0], "next": "/werk/"}).url == "/werk/"


def test_the_code_page_does_not_send_the_person_elsewhere(client, alice, password, enforced):
    with_app(alice)
    log_in(client, "alice@example.org", password)
    response = client.post(reverse("accounts:second_factor"), {"code": code_for(KEY), "next": "https://evil.example/"})
    assert response.url == reverse("organisations:home")


def test_logging_out_stays_possible_before_the_second_step(client, alice, password, enforced):
    with_app(alice)
    log_in(client, "alice@example.org", password)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_app_removed_by_an_administrator_leads_to_a_new_set_up(client, alice, password, enforced):
    device, _ = with_app(alice)
    log_in(client, "alice@example.org", password)
    device.delete()
    response = client.get(reverse("accounts:second_factor"))
    assert response.url == reverse("accounts:second_factor_setup")
    assert client.get("/werk/").url.startswith(reverse("accounts:second_factor_setup"))


def test_an_app_removed_for_a_digihelper_lets_them_in_with_the_password(client, helper, password):
    device, _ = with_app(helper)
    log_in(client, "hanne@example.org", password)
    device.delete()
    client.get(reverse("accounts:second_factor"))
    assert client.get("/werk/").status_code == 200
