"""Walks every URL of the site as an official of another local government.

A new page cannot be forgotten: a URL parameter that is not in PARAMETERS below fails this test,
and every page is requested with GET and POST as the outsider.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from einclusie.a11y.tests.tenant import a11y_data, a11y_snapshot
from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.core.roles import Role
from einclusie.core.urlwalk import all_routes
from einclusie.courses.models import Attendance, Course, CourseSession, Enrolment, SkillsCheck
from einclusie.devices.tests.tenant import device_data, devices_snapshot
from einclusie.helppoints import hsds
from einclusie.helppoints.models import HelpPoint, Location, ScheduleException, Service
from einclusie.operation.tests.tenant import operation_data, operation_snapshot
from einclusie.organisations.models import Invitation, Membership
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory
from einclusie.subsidies.models import (
    Application,
    ApplicationAction,
    Call,
    DeadlineOverride,
    DistributionKey,
    ExpenseLine,
    Justification,
    Tranche,
)

pytestmark = pytest.mark.django_db


def _assessment(data):
    from einclusie.operation import services as operation

    operation.framework_load()
    return operation.assessment_start(organisation=data["organisation"], year=2026, by=None)


def _toolkit_item():
    from einclusie.operation.models import ToolkitItem

    return ToolkitItem.objects.get_or_create(
        title="Gids (test)", defaults={"summary": "x", "kind": "guide", "aspect": "toegang"}
    )[0]


def _residents_round():
    from einclusie.monitoring.models import SurveyRound

    today = timezone.localdate()
    return SurveyRound.objects.get_or_create(
        audience="residents", year=today.year, defaults={"closes_on": today + datetime.timedelta(days=30)}
    )[0]


# For each URL parameter: how to get a value that belongs to Stad Gent, and whether the page shows
# Gent's own data (outsiders must get 403/404) or public data (anyone may see it).
PARAMETERS = {
    "membership_id": ("tenant", lambda data: data["membership"].pk),
    "invitation_id": ("tenant", lambda data: data["invitation"].pk),
    "organisation_id": ("tenant", lambda data: data["organisation"].pk),
    "service_id": ("tenant", lambda data: data["service"].pk),
    "location_id": ("tenant", lambda data: data["location"].pk),
    "help_point_id": ("tenant", lambda data: data["help_point"].pk),
    "exception_id": ("tenant", lambda data: data["exception"].pk),
    "course_id": ("tenant", lambda data: data["course"].pk),
    "session_id": ("tenant", lambda data: data["session"].pk),
    "enrolment_id": ("tenant", lambda data: data["enrolment"].pk),
    # The public page of a published course: anyone may read it (never who signed up).
    "course_uuid": ("public", lambda data: data["course"].uuid),
    # The HSDS API publishes the public directory: anyone may read it.
    "id": ("public", lambda data: hsds.organisation_id(data["organisation"])),
    # The public page of a help point: anyone may read it.
    "help_point_uuid": ("public", lambda data: data["help_point"].uuid),
    # Secret links sent by e-mail: whoever holds one may open it, no one else can guess it.
    "uidb64": ("secret-link", lambda data: urlsafe_base64_encode(force_bytes(data["alice"].pk))),
    "token": ("secret-link", lambda data: data["invitation"].token),
    "nis_code": ("public", lambda data: data["organisation"].municipality.nis_code),
    # Calls and distribution keys belong to the programme team: a local government official gets 404.
    "call_id": ("tenant", lambda data: data["call"].pk),
    "key_id": ("tenant", lambda data: data["key"].pk),
    "override_id": ("tenant", lambda data: data["override"].pk),
    "application_id": ("tenant", lambda data: data["application"].pk),
    "action_id": ("tenant", lambda data: data["application_action"].pk),
    "tranche_id": ("tenant", lambda data: data["tranche"].pk),
    "expense_id": ("tenant", lambda data: data["expense"].pk),
    "question_id": (
        "tenant",
        lambda data: (
            data["call"]
            .questions.get_or_create(text_nl="Vraag (test)", defaults={"scope": "justification", "kind": "text"})[0]
            .pk
        ),
    ),
    # A self-assessment belongs to its local government; toolkit items are public.
    "assessment_id": ("tenant", lambda data: _assessment(data).pk),
    "toolkit_item_id": ("public", lambda data: _toolkit_item().pk),
    # Partners and action plans belong to their local government; a file of a published toolkit item is public
    # (made on first use by einclusie/operation/tests/tenant.py).
    "partner_id": ("tenant", lambda data: operation_data(data)["partner"].pk),
    "plan_id": ("tenant", lambda data: operation_data(data)["plan"].pk),
    "plan_action_id": ("tenant", lambda data: operation_data(data)["action"].pk),
    "toolkit_file_id": ("public", lambda data: operation_data(data)["toolkit_file"].pk),
    # The public page of a published call.
    "slug": ("public", lambda data: data["call"].slug),
    # The device bank (made on first use by einclusie/devices/tests/tenant.py).
    "batch_id": ("tenant", lambda data: device_data(data)["batch"].pk),
    "device_id": ("tenant", lambda data: device_data(data)["device"].pk),
    "wipe_id": ("tenant", lambda data: device_data(data)["wipe"].pk),
    "beneficiary_id": ("tenant", lambda data: device_data(data)["beneficiary"].pk),
    "loan_id": ("tenant", lambda data: device_data(data)["loan"].pk),
    "item_id": ("tenant", lambda data: device_data(data)["item"].pk),
    "ground_id": ("tenant", lambda data: device_data(data)["ground"].pk),
    # The monitoring's open data: a data set and an indicator are public (suppressed figures only).
    "dataset": ("public", lambda data: "help-contacts"),
    "indicator_code": ("public", lambda data: "help-contacts-per-1000"),
    # The accessibility register (made on first use by einclusie/a11y/tests/tenant.py); a published statement is
    # public.
    "site_id": ("tenant", lambda data: a11y_data(data)["service"].pk),
    "scan_id": ("tenant", lambda data: a11y_data(data)["scan"].pk),
    "statement_slug": ("public", lambda data: a11y_data(data)["statement"].slug),
    "audit_id": ("tenant", lambda data: a11y_data(data)["audit"].pk),
    "sample_id": ("tenant", lambda data: a11y_data(data)["sample"].pk),
    # The public, anonymous form of a year's residents' survey: anyone may answer it.
    "year": ("public", lambda data: _residents_round().year),
    # The published results of a closed survey round (page and API): public, suppressed figures only.
    "audience": ("public", lambda data: "residents"),
}

# Text that only pages about Gent's own workspace contain.
TENANT_MARKERS = [
    "bob@example.org",
    "alice@example.org",
    "gent-invite@example.org",
    "cursist-gent@example.org",
    "lener-gent@example.org",
]


@pytest.fixture
def tenant(gent, alice, bob):
    service = Service.objects.create(organisation=gent, name="Digipunt Gent (test)", description="Hulp.")
    location = Location.objects.create(
        organisation=gent,
        name="Bibliotheek Gent (test)",
        street="Teststraat 1",
        postal_code="9000",
        city="Gent",
        municipality=gent.municipality,
    )
    help_point = HelpPoint.objects.create(service=service, location=location)
    exception = ScheduleException.objects.create(
        help_point=help_point, starts_on=datetime.date(2026, 12, 24), ends_on=datetime.date(2026, 12, 31)
    )
    HelpContact.objects.create(
        organisation=gent,
        help_point=help_point,
        date=datetime.date(2026, 11, 2),
        channel="phone",
        outcome="solved",
        duration="0-15",
        logged_by=alice,
    )
    invitation = Invitation.objects.create(
        organisation=gent,
        email="gent-invite@example.org",
        role=Role.HELPER,
        invited_by=alice,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    codelists_load()
    course = Course.objects.create(
        organisation=gent, title="Cursus Gent (test)", description="Les.", language_id=_dutch(), location=location
    )
    session = CourseSession.objects.create(
        course=course, date=datetime.date(2026, 10, 6), starts_at=datetime.time(9), ends_at=datetime.time(12)
    )
    enrolment = Enrolment.objects.create(course=course, first_name="Cursist", email="cursist-gent@example.org")
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)
    call = Call.objects.create(title="Oproep (test)", slug="oproep-test", scheme="Test", status="published")
    step = call.steps.create(
        kind="justification", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 6, 30)
    )
    override = step.overrides.create(organisation=gent, closes_on=datetime.date(2026, 9, 30), reason="Uitstel (test)")
    key = call.keys.create(
        version=1, name="Sleutel (test)", envelope=1000, reference_date=datetime.date(2026, 1, 1), statistics_year=2025
    )
    key.drawing_rights.create(municipality=gent.municipality, amount=1000)
    key.status = "published"
    key.save()
    application = Application.objects.create(
        call=call, organisation=gent, contact_email="alice@example.org", requested_amount=500, status="approved"
    )
    application_action = application.actions.create(
        is_mandatory=True, action_type=_action_type(), objective="Doel (test)", description="Beschrijving (test)"
    )
    justification = Justification.objects.create(
        application=application, period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30)
    )
    expense = justification.expenses.create(category="staff", description="Loon (test)", amount=100)
    tranche = application.tranches.create(position=1, percentage=100, amount=500, trigger="approval", status="due")
    return {
        "expense": expense,
        "application": application,
        "application_action": application_action,
        "tranche": tranche,
        "course": course,
        "session": session,
        "enrolment": enrolment,
        "call": call,
        "key": key,
        "override": override,
        "organisation": gent,
        "membership": Membership.objects.get(user=bob),
        "invitation": invitation,
        "alice": alice,
        "service": service,
        "location": location,
        "help_point": help_point,
        "exception": exception,
    }


def _dutch():
    from einclusie.core.models import Code

    return Code.objects.get(code_list__slug="languages", code="nl").pk


def _action_type():
    codelists_load()
    return Code.objects.get(code_list__slug="action-types", code="internet-thuis")


def _snapshot():
    return (
        sorted(Course.objects.values_list("pk", "status", "title", "capacity")),
        sorted(CourseSession.objects.values_list("pk", "date")),
        sorted(Enrolment.objects.values_list("pk", "status", "completed", "first_name")),
        sorted(Attendance.objects.values_list("pk", "present")),
        SkillsCheck.objects.count(),
        sorted(Membership.objects.values_list("pk", "role")),
        sorted(Invitation.objects.values_list("pk", "withdrawn_at", "accepted_at")),
        sorted(Service.objects.values_list("pk", "name", "status")),
        sorted(Location.objects.values_list("pk", "name")),
        sorted(HelpPoint.objects.values_list("pk", "walk_in")),
        sorted(ScheduleException.objects.values_list("pk", "starts_on")),
        sorted(HelpContact.objects.values_list("pk", "organisation_id", "help_point_id")),
        sorted(DeadlineOverride.objects.values_list("pk", "closes_on")),
        sorted(DistributionKey.objects.values_list("pk", "version", "status")),
        sorted(Application.objects.values_list("pk", "status", "requested_amount", "contact_email")),
        sorted(ApplicationAction.objects.values_list("pk", "objective")),
        sorted(Tranche.objects.values_list("pk", "status")),
        sorted(ExpenseLine.objects.values_list("pk", "amount")),
        sorted(Justification.objects.values_list("pk", "status")),
        devices_snapshot(),
        a11y_snapshot(),
        operation_snapshot(),
    )


def test_every_url_parameter_is_known():
    unknown = {kwarg for route in all_routes() for kwarg in route.kwargs} - set(PARAMETERS)
    assert not unknown, f"Add these URL parameters to PARAMETERS in {__file__}: {sorted(unknown)}"


@pytest.mark.parametrize("route", all_routes(), ids=lambda route: route.name or route.route)
def test_an_official_of_another_municipality_never_sees_or_changes_gents_data(client, tenant, charlie, route):
    client.force_login(charlie)
    kinds = {PARAMETERS[kwarg][0] for kwarg in route.kwargs}
    path = route.build({kwarg: PARAMETERS[kwarg][1](tenant) for kwarg in route.kwargs})
    before = _snapshot()
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        body = response.content.decode(errors="replace")
        if "tenant" in kinds:
            allowed = (403, 404, 405) if method == "get" else (403, 404)
            assert response.status_code in allowed, f"{method.upper()} {path} gave {response.status_code}"
        else:
            assert response.status_code < 500, f"{method.upper()} {path} gave {response.status_code}"
            if "secret-link" not in kinds:
                leaked = [marker for marker in TENANT_MARKERS if marker in body]
                assert not leaked, f"{method.upper()} {path} shows {leaked}"
    assert _snapshot() == before, f"{path} changed Gent's data for an outsider"


@pytest.mark.parametrize("route", all_routes(), ids=lambda route: route.name or route.route)
def test_every_page_answers_its_own_coordinator_without_error(client, tenant, alice, route):
    client.force_login(alice)
    path = route.build({kwarg: PARAMETERS[kwarg][1](tenant) for kwarg in route.kwargs})
    assert client.get(path).status_code < 500


def test_the_technical_admin_is_closed_to_officials(client, charlie, paula):
    client.force_login(charlie)
    assert client.get("/admin/").status_code == 302
    admin = MembershipFactory(user=UserFactory(email="root@example.org", is_staff=True, is_superuser=True)).user
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
