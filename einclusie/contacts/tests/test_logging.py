import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.core.roles import Role
from einclusie.helppoints.models import HelpPoint, Location, Service
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _help_point(organisation, name="Digipunt"):
    service = Service.objects.create(organisation=organisation, name=name, description="Hulp.")
    location = Location.objects.create(
        organisation=organisation,
        name=f"{name} plaats",
        street="Straat 1",
        postal_code="9000",
        city="Gent",
        municipality=organisation.municipality,
    )
    return HelpPoint.objects.create(service=service, location=location)


@pytest.fixture
def helper(gent):
    return MembershipFactory(user=UserFactory(email="helper@example.org"), organisation=gent, role=Role.HELPER).user


@pytest.fixture
def setup(gent, aalst):
    codelists_load()
    return {"gent": _help_point(gent), "aalst": _help_point(aalst, "Digipunt Aalst")}


def _topic(code):
    return Code.objects.get(code_list__slug="help-topics", code=code).pk


def _data(help_point, **overrides):
    today = timezone.localdate()
    data = {
        "help_point": help_point.pk,
        "channel": "walk_in",
        "topics": [_topic("itsme")],
        "outcome": "solved",
        "duration": "15-30",
        "date_day": today.day,
        "date_month": today.month,
        "date_year": today.year,
    }
    data.update(overrides)
    return data


def test_a_helper_logs_a_contact_with_five_choices(client, helper, setup, gent):
    second = _help_point(gent, "Tweede digipunt")
    client.force_login(helper)
    response = client.post(reverse("contacts:log"), _data(second))
    assert response.status_code == 302
    contact = HelpContact.objects.get()
    assert contact.organisation == gent
    assert contact.logged_by == helper
    assert list(contact.topics.values_list("code", flat=True)) == ["itsme"]
    page = client.get(reverse("contacts:log")).content.decode()
    assert "Vandaag genoteerd" in page
    assert f'<option value="{second.pk}" selected>' in page  # the help point is remembered


def test_a_future_date_is_refused_and_nothing_is_stored(client, helper, setup):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(helper)
    response = client.post(
        reverse("contacts:log"),
        _data(setup["gent"], date_day=tomorrow.day, date_month=tomorrow.month, date_year=tomorrow.year),
    )
    assert "De datum ligt in de toekomst" in response.content.decode()
    assert not HelpContact.objects.exists()


def test_a_help_point_of_another_organisation_is_refused(client, helper, setup):
    client.force_login(helper)
    response = client.post(reverse("contacts:log"), _data(setup["aalst"]))
    assert "Kies een digipunt van uw eigen organisatie." in response.content.decode()
    assert not HelpContact.objects.exists()


def test_an_unknown_topic_or_duration_is_refused(client, helper, setup):
    client.force_login(helper)
    response = client.post(reverse("contacts:log"), _data(setup["gent"], topics=[999999], duration="5 uur"))
    assert response.status_code == 200
    assert "Er is een probleem" in response.content.decode()
    assert not HelpContact.objects.exists()


def test_referred_needs_to_whom(client, helper, setup):
    client.force_login(helper)
    response = client.post(reverse("contacts:log"), _data(setup["gent"], outcome="referred"))
    assert "Kies naar wie u doorverwees." in response.content.decode()
    client.post(reverse("contacts:log"), _data(setup["gent"], outcome="referred", referred_to="social_service"))
    assert HelpContact.objects.get().referred_to == "social_service"


def test_a_note_with_a_phone_number_is_refused_on_the_page(client, helper, setup):
    client.force_login(helper)
    response = client.post(reverse("contacts:log"), _data(setup["gent"], note="bel 0470 12 34 56"))
    assert "Schrijf geen telefoonnummer in de notitie" in response.content.decode()
    assert not HelpContact.objects.exists()


def test_same_as_last_and_undo(client, helper, setup):
    client.force_login(helper)
    client.post(reverse("contacts:log"), _data(setup["gent"], topics=[_topic("ebox"), _topic("itsme")]))
    client.post(reverse("contacts:repeat"))
    assert HelpContact.objects.count() == 2
    newest = HelpContact.objects.order_by("-pk").first()
    assert set(newest.topics.values_list("code", flat=True)) == {"ebox", "itsme"}
    client.post(reverse("contacts:undo"))
    assert list(HelpContact.objects.values_list("pk", flat=True)) == [HelpContact.objects.order_by("pk").first().pk]


def test_undo_never_removes_a_colleagues_contact(client, helper, alice, setup):
    client.force_login(alice)
    client.post(reverse("contacts:log"), _data(setup["gent"]))
    client.force_login(helper)
    client.post(reverse("contacts:undo"))
    assert HelpContact.objects.count() == 1


def test_a_read_only_colleague_cannot_log(client, bob, setup):
    client.force_login(bob)
    assert client.get(reverse("contacts:log")).status_code == 404
    assert client.get(reverse("contacts:summary")).status_code == 200


def test_counts_per_month_topic_and_municipality_for_monitoring(helper, setup, gent):
    help_point = setup["gent"]
    for day, topic in [
        (datetime.date(2026, 10, 3), "itsme"),
        (datetime.date(2026, 10, 9), "ebox"),
        (datetime.date(2026, 11, 2), "itsme"),
    ]:
        contact = HelpContact.objects.create(
            organisation=gent, help_point=help_point, date=day, channel="phone", outcome="solved", duration="0-15"
        )
        contact.topics.set([_topic(topic)])
    rows = list(HelpContact.objects.for_organisation(gent).per_month())
    assert [
        (row["month"].month, row["help_point__location__municipality__nis_code"], row["contacts"]) for row in rows
    ] == [
        (10, "44021", 2),
        (11, "44021", 1),
    ]
    assert list(HelpContact.objects.in_period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)).per_topic()) == [
        {"topics__code": "ebox", "contacts": 1},
        {"topics__code": "itsme", "contacts": 1},
    ]
