import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from einclusie.contacts.models import HelpContact
from einclusie.core.codelists import codelists_load
from einclusie.core.models import Code
from einclusie.core.roles import Role
from einclusie.helppoints.models import HelpPoint, Location, Service
from einclusie.operation import plans, services
from einclusie.operation.models import ActionPlan, Partner, PlanAction, PlanStatus
from einclusie.organisations.tests.factories import MembershipFactory
from einclusie.territory.models import Indicator, Statistic

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _codes(db):
    codelists_load()


def category(code="sociale-organisaties"):
    return Code.objects.get(code_list__slug="partners", code=code)


def partner(organisation, name="Bibliotheek", **extra):
    return Partner.objects.create(organisation=organisation, name=name, category=category(), role="Digipunt", **extra)


def plan(organisation, **extra):
    values = {"title": "Actieplan", "start_year": YEAR, "end_year": YEAR + 2, **extra}
    return ActionPlan.objects.create(organisation=organisation, **values)


def help_point(organisation, name="Digipunt"):
    service = Service.objects.create(organisation=organisation, name=name, description="Hulp.")
    location = Location.objects.create(
        organisation=organisation,
        name=f"{name} locatie",
        street="Straat 1",
        postal_code="9000",
        city="Gent",
        municipality=organisation.municipality,
    )
    return HelpPoint.objects.create(service=service, location=location)


def partner_data(**overrides):
    data = {
        "name": "Bibliotheek Gent",
        "category": str(category().pk),
        "role": "Beheert het digipunt in de hoofdbibliotheek.",
        "contact_name": "An Peeters",
        "contact_email": "an@bib.example.org",
        "contact_phone": "09 123 45 67",
        "started_on_day": "1",
        "started_on_month": "3",
        "started_on_year": "2025",
    }
    return {**data, **overrides}


def action_data(**overrides):
    return {"title": "Uitleenpunt laptops", "aspect": "toegang", "status": "planned", **overrides}


# --- Partners ---------------------------------------------------------------------------------------------------


def test_a_coordinator_adds_edits_and_ends_a_partnership_which_erases_the_contact_person(client, alice, gent):
    client.force_login(alice)
    response = client.post(reverse("operation:partner_create"), partner_data())
    assert response.status_code == 302
    saved = Partner.objects.get()
    assert (saved.organisation, saved.contact_email, saved.started_on) == (
        gent,
        "an@bib.example.org",
        datetime.date(2025, 3, 1),
    )
    client.post(reverse("operation:partner_edit", args=[saved.pk]), partner_data(role="Digipunt en cursussen."))
    saved.refresh_from_db()
    assert saved.role == "Digipunt en cursussen."
    page = client.get(reverse("operation:partners")).content.decode()
    assert "Bibliotheek Gent" in page and "an@bib.example.org" in page

    client.post(reverse("operation:partner_end", args=[saved.pk]))
    saved.refresh_from_db()
    assert saved.ended_on == timezone.localdate()
    assert (saved.contact_name, saved.contact_email, saved.contact_phone) == ("", "", "")
    page = client.get(reverse("operation:partners")).content.decode()
    assert "Beëindigde samenwerkingen" in page


def test_a_partner_without_name_or_with_a_bad_email_is_refused_with_a_clear_message(client, alice):
    client.force_login(alice)
    page = client.post(
        reverse("operation:partner_create"), partner_data(name="", contact_email="geen-adres")
    ).content.decode()
    assert "Vul de naam van de partner in." in page
    assert "Vul een geldig e-mailadres in" in page
    assert "Er is een probleem" in page
    assert not Partner.objects.exists()


def test_a_read_only_colleague_sees_partners_but_cannot_change_them(client, bob, gent):
    existing = partner(gent)
    client.force_login(bob)
    assert client.get(reverse("operation:partners")).status_code == 200
    assert client.post(reverse("operation:partner_create"), partner_data()).status_code == 404
    assert client.post(reverse("operation:partner_end", args=[existing.pk])).status_code == 404
    existing.refresh_from_db()
    assert existing.ended_on is None


def test_another_local_government_gets_404_on_gents_partner(client, charlie, gent):
    existing = partner(gent)
    client.force_login(charlie)
    assert client.get(reverse("operation:partner_edit", args=[existing.pk])).status_code == 404
    assert client.post(reverse("operation:partner_end", args=[existing.pk])).status_code == 404
    assert "Bibliotheek" not in client.get(reverse("operation:partners")).content.decode()


# --- Plans ------------------------------------------------------------------------------------------------------


def test_the_context_analysis_is_pre_filled_with_the_municipalitys_own_figures(client, alice, gent):
    inhabitants = Indicator.objects.create(code="inhabitants", name_nl="inwoners")
    older = Indicator.objects.create(code="inhabitants_65_plus", name_nl="65+")
    Statistic.objects.create(municipality=gent.municipality, indicator=inhabitants, year=2025, value=265000, source="x")
    Statistic.objects.create(municipality=gent.municipality, indicator=older, year=2025, value=45000, source="x")
    point = help_point(gent)
    HelpContact.objects.create(
        organisation=gent,
        help_point=point,
        date=timezone.localdate(),
        channel="phone",
        outcome="solved",
        duration="0-15",
        logged_by=alice,
    )
    figures = plans.context_figures(gent)
    assert figures["inhabitants"] == 265000
    assert figures["inhabitants_65_plus"] == 45000
    assert figures["share"] == Decimal("40")  # the Barometer's share, monitoring/data/indicators.json
    assert figures["vulnerable"] == 106000
    assert figures["help_points"] == 1
    assert figures["help_contacts"] == 1
    client.force_login(alice)
    page = client.get(reverse("operation:plan_create")).content.decode()
    assert "Inwoners van 65 jaar en ouder" in page and ("106000" in page or "106.000" in page)


def test_a_coordinator_drafts_and_adopts_a_plan_with_its_adoption_date(client, alice, gent):
    client.force_login(alice)
    data = {"title": "Actieplan digitale inclusie", "start_year": YEAR, "end_year": YEAR + 2, "status": "draft"}
    response = client.post(reverse("operation:plan_create"), data)
    saved = ActionPlan.objects.get()
    assert response.url == reverse("operation:plan_detail", args=[saved.pk])
    assert (saved.organisation, saved.status) == (gent, PlanStatus.DRAFT)

    page = client.post(reverse("operation:plan_edit", args=[saved.pk]), {**data, "status": "adopted"}).content.decode()
    assert "Vul de datum in waarop de gemeenteraad het plan goedkeurde." in page
    day = {"adopted_on_day": "15", "adopted_on_month": "1", "adopted_on_year": str(YEAR)}
    client.post(reverse("operation:plan_edit", args=[saved.pk]), {**data, "status": "adopted", **day})
    saved.refresh_from_db()
    assert saved.status == PlanStatus.ADOPTED and saved.adopted_on == datetime.date(YEAR, 1, 15)
    assert list(ActionPlan.objects.current()) == [saved]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (YEAR, YEAR - 1, "Het laatste jaar kan niet vóór het eerste jaar liggen."),
        (YEAR, YEAR + 9, "Een actieplan loopt over ten hoogste zes jaar"),
        (1800, 1801, "Vul een jaar tussen 2000 en 2100 in."),
    ],
)
def test_an_impossible_period_is_refused(client, alice, start, end, message):
    client.force_login(alice)
    data = {"title": "Plan", "start_year": start, "end_year": end, "status": "draft"}
    assert message in client.post(reverse("operation:plan_create"), data).content.decode()
    assert not ActionPlan.objects.exists()


def test_an_action_links_own_partners_help_points_and_courses_and_shows_progress(client, alice, gent):
    from einclusie.courses.models import Attendance, Course, CourseSession, Enrolment

    own_plan = plan(gent)
    library = partner(gent)
    point = help_point(gent)
    HelpContact.objects.create(
        organisation=gent,
        help_point=point,
        date=datetime.date(YEAR, 1, 10),
        channel="phone",
        outcome="solved",
        duration="0-15",
        logged_by=alice,
    )
    language = Code.objects.get(code_list__slug="languages", code="nl")
    course = Course.objects.create(organisation=gent, title="Smartphone", description="Les.", language=language)
    session = CourseSession.objects.create(
        course=course, date=datetime.date(YEAR, 2, 1), starts_at=datetime.time(9), ends_at=datetime.time(12)
    )
    enrolment = Enrolment.objects.create(course=course, first_name="Cursist", email="cursist@example.org")
    Attendance.objects.create(enrolment=enrolment, session=session, present=True)

    client.force_login(alice)
    data = action_data(
        partners=[library.pk],
        help_points=[point.pk],
        courses=[course.pk],
        budget="2500",
        indicator="inwoners geholpen",
        target="200",
    )
    response = client.post(reverse("operation:plan_action_create", args=[own_plan.pk]), data)
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert list(action.partners.all()) == [library]
    page = client.get(reverse("operation:plan_detail", args=[own_plan.pk])).content.decode()
    assert "1 hulpcontact in de looptijd van het plan" in page
    assert "1 cursist" in page
    assert "streefcijfer 200" in page
    pdf = client.get(reverse("operation:plan_pdf", args=[own_plan.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_an_action_that_names_another_governments_partner_or_help_point_is_refused(client, alice, gent, aalst):
    own_plan = plan(gent)
    theirs = partner(aalst, name="Bibliotheek Aalst")
    their_point = help_point(aalst, name="Digipunt Aalst")
    client.force_login(alice)
    url = reverse("operation:plan_action_create", args=[own_plan.pk])
    page = client.post(url, action_data(partners=[theirs.pk], help_points=[their_point.pk])).content.decode()
    assert "Kies alleen partners van uw eigen bestuur." in page
    assert "Kies alleen digipunten van uw eigen bestuur." in page
    assert not PlanAction.objects.exists()


def test_the_service_refuses_links_to_another_government_whatever_the_form_offers(gent, aalst, alice):
    from einclusie.operation.forms import PlanActionForm

    own_plan = plan(gent)
    theirs = partner(aalst, name="Bibliotheek Aalst")
    form = PlanActionForm(action_data(), plan=own_plan)
    assert form.is_valid()
    form.cleaned_data["partners"] = [theirs]  # as if another path filled it in
    with pytest.raises(Exception, match="Kies alleen partners van uw eigen bestuur."):
        plans.plan_action_save(plan=own_plan, form=form, by=alice)
    assert not PlanAction.objects.exists()


def test_red_and_orange_blocks_of_the_self_assessment_become_plan_actions_once(client, alice, gent):
    framework = services.framework_load()
    assessment = services.assessment_start(organisation=gent, year=YEAR, by=alice)
    questions = [question for block in framework.blocks.all() for question in block.questions.all()]
    values = {question: (1 if question.block.aspect == "toegang" else 4, "") for question in questions}
    toegang = framework.blocks.get(aspect="toegang")
    services.scores_save(assessment=assessment, values=values, actions={toegang: "Laptops uitlenen."}, by=alice)
    own_plan = plan(gent)
    client.force_login(alice)
    client.post(reverse("operation:plan_from_assessment", args=[own_plan.pk]))
    client.post(reverse("operation:plan_from_assessment", args=[own_plan.pk]))
    action = PlanAction.objects.get()
    assert (action.title, action.aspect, action.from_block) == ("Laptops uitlenen.", "toegang", toegang)


def test_a_read_only_colleague_reads_the_plan_but_cannot_change_it(client, bob, gent):
    own_plan = plan(gent)
    client.force_login(bob)
    assert client.get(reverse("operation:plan_detail", args=[own_plan.pk])).status_code == 200
    assert client.get(reverse("operation:plan_edit", args=[own_plan.pk])).status_code == 404
    assert client.post(reverse("operation:plan_action_create", args=[own_plan.pk]), action_data()).status_code == 404
    assert not PlanAction.objects.exists()


def test_another_local_government_gets_404_on_gents_plan_and_pdf(client, charlie, gent):
    own_plan = plan(gent)
    action = PlanAction.objects.create(plan=own_plan, title="Actie", aspect="toegang")
    client.force_login(charlie)
    for url in (
        reverse("operation:plan_detail", args=[own_plan.pk]),
        reverse("operation:plan_pdf", args=[own_plan.pk]),
        reverse("operation:plan_edit", args=[own_plan.pk]),
        reverse("operation:plan_action_edit", args=[own_plan.pk, action.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_helper_cannot_draw_up_a_plan(client, gent):
    helper = MembershipFactory(organisation=gent, role=Role.HELPER).user
    client.force_login(helper)
    data = {"title": "Plan", "start_year": YEAR, "end_year": YEAR, "status": "draft"}
    assert client.post(reverse("operation:plan_create"), data).status_code == 404
    assert not ActionPlan.objects.exists()
