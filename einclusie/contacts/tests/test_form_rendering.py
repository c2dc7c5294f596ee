import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from einclusie.contacts import forms as contact_forms
from einclusie.contacts.forms import HelpContactForm
from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.core.roles import Role
from einclusie.helppoints.tests.factories import HelpPointFactory, ServiceFactory
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _render_all(form):
    return "".join(str(form[name].as_field_group()) for name in form.fields)


@pytest.mark.parametrize("data", [None, {"channel": "phone", "topics": ["x"], "note": "<b>&</b>"}])
def test_the_quick_widgets_write_exactly_the_html_of_djangos_templates(gent, monkeypatch, data):
    codelists_load()
    HelpPointFactory(service=ServiceFactory(organisation=gent, name="Digipunt <Krook> & co"))
    quick = _render_all(HelpContactForm(data, organisation=gent))
    for widget in (contact_forms.QuickOptions, contact_forms.QuickSelect):
        monkeypatch.setattr(widget, "_render", forms.Widget._render)
    assert quick == _render_all(HelpContactForm(data, organisation=gent))


def test_the_topics_this_organisation_uses_most_come_first(gent, aalst):
    codelists_load()
    point = HelpPointFactory(service=ServiceFactory(organisation=gent))
    elsewhere = HelpPointFactory(service=ServiceFactory(organisation=aalst))
    usage = ((gent, point, "ebox", 2), (gent, point, "csam", 1), (aalst, elsewhere, "andere", 5))
    for organisation, help_point, topic, times in usage:
        for _time in range(times):
            contact = HelpContact.objects.create(
                organisation=organisation,
                help_point=help_point,
                date=timezone.localdate(),
                channel="phone",
                outcome="solved",
                duration="0-15",
            )
            contact.topics.set(Code.objects.filter(code_list__slug="help-topics", code=topic))
    labels = [label for _value, label in HelpContactForm(organisation=gent).fields["topics"].choices]
    assert labels[:3] == ["eBox", "CSAM / aanmelden bij de overheid", "itsme"]  # then the list's own order


def test_the_log_page_and_a_logged_contact_take_a_fixed_number_of_queries(client, gent, django_assert_num_queries):
    codelists_load()
    point = HelpPointFactory(service=ServiceFactory(organisation=gent))
    helper = MembershipFactory(user=UserFactory(email="helper@example.org"), organisation=gent, role=Role.HELPER).user
    client.force_login(helper)
    topic = Code.objects.get(code_list__slug="help-topics", code="itsme").pk
    today = timezone.localdate()
    data = {"help_point": point.pk, "channel": "phone", "topics": [topic], "outcome": "solved", "duration": "0-15"}
    data |= {"date_day": today.day, "date_month": today.month, "date_year": today.year}
    client.post(reverse("contacts:log"), data)
    with django_assert_num_queries(9):  # session, user, membership, help points, codes, topic use, today (2), last
        client.get(reverse("contacts:log"))
    # session, user, membership; help point and topics checked (the help point by the form and the model);
    # the contact and its topics written in a savepoint.
    with django_assert_num_queries(10):
        client.post(reverse("contacts:log"), data)
