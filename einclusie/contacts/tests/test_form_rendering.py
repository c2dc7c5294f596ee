import pytest
from django import forms

from einclusie.contacts import forms as contact_forms
from einclusie.contacts.forms import HelpContactForm
from einclusie.core.codelists import codelists_load
from einclusie.helppoints.tests.factories import HelpPointFactory, ServiceFactory

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
