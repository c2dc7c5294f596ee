"""Generated input for the main forms: never a server error, bad input changes nothing and says what is wrong.

Each form is opened as the person who uses it; the fields and their choices are read from the page itself (so a
new field is fuzzed too). Hypothesis then posts mixes of real choices and hostile values: unicode, control
characters (NUL included), very long text, huge and negative numbers, missing fields. For every example:
- the answer is never a 5xx;
- a form shown again (the input was refused) changed no row of any table and has the error summary at the top;
- a redirect means the input was valid (a real choice can make a valid contact): that is allowed.
The finder is a GET form: its query string is fuzzed the same way and may never change a row.

MAX_EXAMPLES examples per form keep the whole file under a minute.
"""

import datetime
from html.parser import HTMLParser

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from einclusie.core.tests.test_state_changing_views import fingerprint
from einclusie.core.tests.test_tenant_isolation import PARAMETERS, tenant  # noqa: F401 - the fixture
from einclusie.courses.tests.factories import CourseFactory, CourseSessionFactory

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 30
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    # The personas and Gent's data are made once per form, not per example: every example starts from what the
    # examples before it left (a valid example may add a contact), which is what a busy site sees too.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Rows a refused login may add: django-axes counts the failed attempt (the lockout depends on it).
LOGIN_TABLES = {"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"}


class FormFields(HTMLParser):
    """The fields of the page's main form (the one with most fields), each with the values the page offers."""

    def __init__(self, method):
        super().__init__()
        self.method = method
        self.forms = []
        self.current = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == self.method:
            self.current = {}
            self.forms.append(self.current)
        if self.current is None or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input" and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            values = self.current.setdefault(name, set())
            if kind in ("radio", "checkbox", "hidden") and attrs.get("value") is not None:
                values.add(attrs["value"])
        elif tag in ("textarea",):
            self.current.setdefault(name, set())
        elif tag == "select":
            self.select = name
            self.current.setdefault(name, set())
        elif tag == "option" and self.select is not None:
            self.current[self.select].add(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None

    def main_form(self):
        return max(self.forms, key=len) if self.forms else {}


def page_fields(client, path, method):
    response = client.get(path)
    assert response.status_code == 200, f"GET {path} gave {response.status_code}"
    parser = FormFields(method)
    parser.feed(response.content.decode())
    fields = parser.main_form()
    assert fields, f"{path} shows no {method.upper()} form"
    return {name: sorted(values) for name, values in fields.items()}


HOSTILE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20),
    st.sampled_from(["\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd"]),
    st.integers(min_value=1_000, max_value=20_000).map(lambda size: "é" * size),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e309", "99999999999999999999", "2026-02-30", "31/12/99999"]),
)


def field_values(choices):
    """A value for one field: mostly one the page offers (to get past the first check), else a hostile one."""
    if not choices:
        return HOSTILE
    offered = st.sampled_from(choices)
    return st.one_of(offered, offered, st.lists(offered, max_size=3, unique=True), HOSTILE)


def form_data(fields):
    """Some of the fields (any may be missing), each with a drawn value, and the CSRF field a browser always sends."""
    return st.fixed_dictionaries(
        {"csrfmiddlewaretoken": st.just("x")},
        optional={name: field_values(choices) for name, choices in fields.items()},
    )


def _refused_changes_nothing(response, before, path, allowed_tables=frozenset()):
    assert response.status_code < 500, f"POST {path} gave {response.status_code}"
    if response.status_code in (301, 302, 303):
        return  # valid input, accepted
    changed = sorted(table for table, digest in fingerprint().items() if before.get(table) != digest)
    assert set(changed) <= allowed_tables, f"refused input on {path} changed {changed}"
    assert 'class="error-summary"' in response.content.decode(), f"refused input on {path} shows no error summary"


def _fuzz_post(client, path, allowed_tables=frozenset()):
    fields = page_fields(client, path, "post")

    @FUZZ
    @given(data=form_data(fields))
    def run(data):
        before = fingerprint()
        response = client.post(path, data)
        _refused_changes_nothing(response, before, path, allowed_tables)

    run()


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_logging_a_help_contact(tenant, alice):  # noqa: F811
    _fuzz_post(_logged_in(alice), "/werk/contacten/")


def test_editing_a_help_point(tenant, alice):  # noqa: F811
    _fuzz_post(_logged_in(alice), f"/werk/digipunten/{tenant['help_point'].pk}/bewerken/")


def test_signing_up_for_a_course(tenant):  # noqa: F811
    course = CourseFactory(organisation=tenant["organisation"], capacity=2)
    CourseSessionFactory(course=course, date=datetime.date.today() + datetime.timedelta(days=30))
    _fuzz_post(Client(), f"/cursussen/{course.uuid}/")


def test_a_subsidy_application(tenant, alice):  # noqa: F811
    application = tenant["application"]
    application.status = "draft"
    application.save()
    _fuzz_post(_logged_in(alice), f"/werk/aanvragen/{application.pk}/gegevens/")


def test_taking_a_device_in(tenant, alice):  # noqa: F811
    _fuzz_post(_logged_in(alice), "/werk/toestellen/nieuw/")


def test_scoring_the_self_assessment(tenant, alice):  # noqa: F811
    assessment_id = PARAMETERS["assessment_id"][1](tenant)
    _fuzz_post(_logged_in(alice), f"/werk/werking/zelfevaluatie/{assessment_id}/invullen/")


def test_logging_in(tenant):  # noqa: F811
    _fuzz_post(Client(), "/aanmelden/", allowed_tables=LOGIN_TABLES)


def test_the_public_finder_query_string(tenant):  # noqa: F811
    client = Client()
    fields = page_fields(client, "/hulp/", "get")
    fields.pop("csrfmiddlewaretoken", None)

    @FUZZ
    @given(data=form_data(fields))
    def run(data):
        before = fingerprint()
        data.pop("csrfmiddlewaretoken")
        response = client.get("/hulp/", data)
        assert response.status_code < 500, f"GET /hulp/?{data} gave {response.status_code}"
        assert fingerprint() == before, "the finder changed a row"

    run()


def test_a_number_past_64_bits_is_an_invalid_choice_not_a_server_error(tenant, alice):  # noqa: F811
    application = tenant["application"]
    application.status = "draft"
    application.save()
    client = _logged_in(alice)
    before = fingerprint()
    response = client.post(f"/werk/aanvragen/{application.pk}/gegevens/", {"current_action_types": str(2**63)})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert fingerprint() == before
