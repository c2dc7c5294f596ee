"""Two coordinators on the same self-assessment, partner, plan or plan action; two programme officers on the same
toolkit item.

An edit form carries the version it was opened on: of two people who opened the same version, the first save is
kept and the second is refused with a message, whatever the order (both databases); saves at the very same moment
end the same way (PostgreSQL only, where rows are locked).
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from einclusie.core.codelists import codelists_load
from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.core.tests.concurrency import at_once, calls_at_once, only_on_postgresql, refused, the_one_saved
from einclusie.operation import plans, services
from einclusie.operation.forms import ActionPlanForm, PartnerForm, PlanActionForm, ToolkitItemForm
from einclusie.operation.models import ActionPlan, Assessment, Partner, PlanAction, Score, ToolkitItem
from einclusie.operation.tests.test_plan import YEAR, action_data, partner, partner_data, plan
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory

on_both = pytest.mark.django_db
at_the_same_moment = [pytest.mark.django_db(transaction=True), only_on_postgresql]


@pytest.fixture
def _codes(db):
    codelists_load()


@pytest.fixture
def carla(gent):
    """A second coordinator of Gent."""
    return MembershipFactory(user=UserFactory(email="carla@example.org"), organisation=gent, role=Role.COORDINATOR).user


def _version(form_class, instance, **extra):
    """The version token both people's forms carry: they opened the same version of the row."""
    return form_class(instance=instance, **extra)["version"].value()


# --- One after another (both databases) -------------------------------------------------------------------------


@on_both
def test_the_second_of_two_partner_edits_opened_on_the_same_version_is_refused(_codes, gent, alice, carla):
    original = partner(gent)
    token = _version(PartnerForm, original)
    events = Event.objects.filter(verb="operation.partner_saved")

    def save(role, by):
        form = PartnerForm({**partner_data(role=role), "version": token}, instance=Partner.objects.get(pk=original.pk))
        assert form.is_valid(), form.errors
        return plans.partner_save(form=form, organisation=gent, by=by)

    save("Digipunt in de hoofdbibliotheek.", alice)
    with pytest.raises(ValidationError) as refusal:
        save("Cursussen voor senioren.", carla)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert Partner.objects.get(pk=original.pk).role == "Digipunt in de hoofdbibliotheek."
    assert events.count() == 1  # the refused save left no trace in the audit trail


@on_both
def test_a_partner_edit_opened_before_the_partnership_ended_is_refused(_codes, gent, alice, carla):
    original = partner(gent, contact_name="")
    token = _version(PartnerForm, original)
    plans.partner_end(partner=original, by=carla)
    form = PartnerForm(
        {**partner_data(contact_name=""), "version": token}, instance=Partner.objects.get(pk=original.pk)
    )
    assert form.is_valid(), form.errors

    with pytest.raises(ValidationError, match="Deze samenwerking is beëindigd en verandert niet meer."):
        plans.partner_save(form=form, organisation=gent, by=alice)
    assert Partner.objects.get(pk=original.pk).ended_on is not None  # not taken back by the stale form


@on_both
def test_the_second_of_two_plan_edits_opened_on_the_same_version_is_refused(gent, alice, carla):
    original = plan(gent)
    token = _version(ActionPlanForm, original)

    def save(goals, by):
        data = {"title": "Actieplan", "start_year": YEAR, "end_year": YEAR + 2, "status": "draft", "goals": goals}
        form = ActionPlanForm({**data, "version": token}, instance=ActionPlan.objects.get(pk=original.pk))
        assert form.is_valid(), form.errors
        return plans.plan_save(form=form, organisation=gent, by=by)

    save("Elke inwoner vindt hulp in de buurt.", alice)
    with pytest.raises(ValidationError) as refusal:
        save("Minder mensen zonder toestel.", carla)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert ActionPlan.objects.get(pk=original.pk).goals == "Elke inwoner vindt hulp in de buurt."


@on_both
def test_the_second_of_two_plan_action_edits_opened_on_the_same_version_is_refused(_codes, gent, alice, carla):
    the_plan = plan(gent)
    original = PlanAction.objects.create(plan=the_plan, title="Uitleenpunt laptops", aspect="toegang")
    library, ocmw = partner(gent, name="Bibliotheek"), partner(gent, name="OCMW")
    token = _version(PlanActionForm, original, plan=the_plan)

    def save(chosen, by):
        data = {**action_data(), "partners": [chosen.pk], "version": token}
        form = PlanActionForm(data, instance=PlanAction.objects.get(pk=original.pk), plan=the_plan)
        assert form.is_valid(), form.errors
        return plans.plan_action_save(plan=the_plan, form=form, by=by)

    save(library, alice)
    with pytest.raises(ValidationError) as refusal:
        save(ocmw, carla)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert list(PlanAction.objects.get(pk=original.pk).partners.all()) == [library]


@on_both
def test_the_second_of_two_toolkit_item_edits_opened_on_the_same_version_is_refused(paula):
    original = ToolkitItem.objects.create(title="Gids outreach", summary="Mensen opzoeken.", kind="guide")
    token = _version(ToolkitItemForm, original)

    def save(summary):
        data = {"title": "Gids outreach", "summary": summary, "kind": "guide", "aspect": "bereik-doelgroepen"}
        form = ToolkitItemForm(
            {**data, "language": "nl", "version": token}, instance=ToolkitItem.objects.get(pk=original.pk)
        )
        assert form.is_valid(), form.errors
        return services.toolkit_item_save(form=form, by=paula)

    save("Mensen opzoeken waar ze zijn.")
    with pytest.raises(ValidationError) as refusal:
        save("Huisbezoeken.")

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert ToolkitItem.objects.get(pk=original.pk).summary == "Mensen opzoeken waar ze zijn."


@on_both
def test_the_second_coordinator_sees_the_message_and_the_partner_as_the_first_saved_it(
    _codes, client, gent, alice, carla
):
    original = partner(gent)
    url = reverse("operation:partner_edit", args=[original.pk])
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()  # both open the form
    client.post(url, {**partner_data(role="Digipunt in de hoofdbibliotheek."), "version": token})

    client.force_login(carla)
    response = client.post(url, {**partner_data(role="Cursussen voor senioren."), "version": token})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "Digipunt in de hoofdbibliotheek." in page and "Cursussen voor senioren." not in page
    assert Partner.objects.get(pk=original.pk).role == "Digipunt in de hoofdbibliotheek."
    fresh = response.context["form"]["version"].value()
    assert fresh != token  # saving again from this page is taken as a new change
    client.post(url, {**partner_data(role="Cursussen voor senioren."), "version": fresh})
    assert Partner.objects.get(pk=original.pk).role == "Cursussen voor senioren."


@on_both
def test_a_self_assessment_saved_on_an_old_version_keeps_the_colleagues_scores(client, gent, alice, carla):
    services.framework_load()
    assessment = services.assessment_start(organisation=gent, year=2026, by=alice)
    first, second = [question for block in assessment.framework.blocks.all() for question in block.questions.all()][:2]
    url = reverse("operation:assessment_edit", args=[assessment.pk])
    client.force_login(alice)
    token = client.get(url).context["form"]["version"].value()  # both open the empty self-assessment
    client.post(url, {f"score_{first.pk}": "3", f"evidence_{first.pk}": "Meerjarenplan, actie 4.2", "version": token})

    client.force_login(carla)
    response = client.post(url, {f"score_{second.pk}": "1", "version": token})  # her form has no score for the first

    assert response["Location"] == url  # back to the form, which shows what is stored now
    page = client.get(url).content.decode()
    assert str(EDIT_CONFLICT) in page and "Meerjarenplan, actie 4.2" in page
    stored = dict(Score.objects.filter(assessment=assessment).values_list("question_id", "value"))
    assert stored == {first.pk: 3}
    assert Event.objects.filter(verb="operation.assessment_saved").count() == 1


# --- At the same moment (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_coordinators_saving_the_same_plan_action_at_once_one_wins_the_other_is_refused(gent, alice, carla):
    codelists_load()
    the_plan = plan(gent)
    original = PlanAction.objects.create(plan=the_plan, title="Uitleenpunt laptops", aspect="toegang")
    token = _version(PlanActionForm, original, plan=the_plan)

    def save(title, by):
        form = PlanActionForm(
            {**action_data(title=title), "version": token},
            instance=PlanAction.objects.get(pk=original.pk),
            plan=the_plan,
        )
        assert form.is_valid(), form.errors
        return plans.plan_action_save(plan=the_plan, form=form, by=by).title

    results = calls_at_once(save, ("Uitleenpunt in de bib", alice), ("Uitleenpunt in het OCMW", carla))

    winner = the_one_saved(results)
    assert PlanAction.objects.get(pk=original.pk).title == winner
    assert Event.objects.filter(verb="operation.plan_action_saved").count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_coordinators_saving_the_same_self_assessment_at_once_one_wins_the_other_is_refused(gent, alice, carla):
    framework = services.framework_load()
    first = framework.blocks.first().questions.first()
    assessment = services.assessment_start(organisation=gent, year=2026, by=alice)
    token = services.assessment_version(assessment)

    def save(value, by):
        return lambda: services.scores_save(
            assessment=Assessment.objects.get(pk=assessment.pk),
            values={first: (value, "")},
            actions={},
            by=by,
            version=token,
        )

    results = at_once(save(3, alice), save(1, carla))

    assert refused(results) == 1
    assert Score.objects.get(assessment=assessment, question=first).value == (3 if results[0] is None else 1)
    assert Event.objects.filter(verb="operation.assessment_saved").count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_scores_saved_while_a_colleague_finishes_are_refused_or_counted_before_the_end(gent, alice):
    framework = services.framework_load()
    questions = [question for block in framework.blocks.all() for question in block.questions.all()]
    assessment = services.assessment_start(organisation=gent, year=2026, by=alice)
    services.scores_save(assessment=assessment, values=dict.fromkeys(questions, (3, "")), actions={}, by=alice)

    results = at_once(
        lambda: services.scores_save(
            assessment=Assessment.objects.get(pk=assessment.pk),
            values={questions[0]: (4, "Later bijgewerkt")},
            actions={},
            by=alice,
        ),
        lambda: services.assessment_complete(assessment=Assessment.objects.get(pk=assessment.pk), by=alice),
    )
    assert Assessment.objects.get(pk=assessment.pk).is_completed
    saved = Event.objects.filter(verb="operation.assessment_saved").order_by("pk").last()
    completed = Event.objects.get(verb="operation.assessment_completed")
    if results[0] is None:  # both went through: the save came first and the completion saw it
        assert saved.pk < completed.pk
    else:  # the save came too late and changed nothing
        assert Score.objects.get(assessment=assessment, question=questions[0]).value == 3
