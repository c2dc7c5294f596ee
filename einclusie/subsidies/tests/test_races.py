"""Two programme officers deciding on the same justification or publishing the same distribution key at the same
moment (PostgreSQL only), and two people editing the same call, version of a key, action, report or question.

Edit forms carry the version they were opened on: of two people who opened the same version, the first save is
kept and the second is refused with a message (both databases); saves at the very same moment end the same way
(PostgreSQL only, where rows are locked).

Approving an application twice and paying a tranche twice are in test_applications.py; the general part of an
application in test_edit_conflicts.py.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from einclusie.core.concurrency import EDIT_CONFLICT
from einclusie.core.models import Event
from einclusie.core.roles import Role
from einclusie.core.tests.concurrency import at_once, calls_at_once, only_on_postgresql, refused, the_one_saved
from einclusie.organisations.models import Membership
from einclusie.organisations.tests.factories import MembershipFactory, UserFactory
from einclusie.subsidies import justifications as services
from einclusie.subsidies import questions
from einclusie.subsidies import services as keys
from einclusie.subsidies.demo import call_2022_load
from einclusie.subsidies.forms_questions import AnswersForm, JustificationQuestionForm
from einclusie.subsidies.models import (
    ActionReport,
    ApplicationAction,
    Call,
    DistributionKey,
    Justification,
    JustificationAnswer,
    JustificationQuestion,
    JustificationStatus,
    KeyStatus,
    QuestionKind,
    QuestionScope,
)
from einclusie.subsidies.tests.test_applications import call, complete_application  # noqa: F401 - fixture
from einclusie.subsidies.tests.test_justifications import approved, expense, report  # noqa: F401 - fixture
from einclusie.subsidies.tests.test_pages import action_types, call_data  # noqa: F401 - fixture

on_both = pytest.mark.django_db


@pytest.fixture
def pieter(region):
    """A second programme officer."""
    return MembershipFactory(
        user=UserFactory(email="pieter@example.org"), organisation=region, role=Role.PROGRAMME_OFFICER
    ).user


@pytest.fixture
def carla(gent):
    """A second coordinator of Gent."""
    return MembershipFactory(user=UserFactory(email="carla@example.org"), organisation=gent, role=Role.COORDINATOR).user


def _as_posted(*parts):
    """What a browser sends back for forms and formsets as shown (their values unchanged)."""
    data = {}
    for part in parts:
        if hasattr(part, "management_form"):
            data.update(_as_posted(part.management_form, *part.forms))
            continue
        for field in part:
            value, widget = field.value(), field.field.widget
            if isinstance(widget, forms.MultiWidget):
                for suffix, piece in zip(widget.widgets_names, widget.decompress(value), strict=True):
                    data[field.html_name + suffix] = "" if piece is None else str(piece)
            elif isinstance(widget, forms.CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "" if value is None else str(value)
    return data


def _opened(client, url, *names):
    """The page's forms as posted back unchanged: what both people start from."""
    context = client.get(url).context
    return _as_posted(*(context[name] for name in names))


# --- One after another (both databases) -------------------------------------------------------------------------


@on_both
def test_the_second_officer_sees_the_message_and_the_call_as_the_first_saved_it(client, paula, pieter, action_types):  # noqa: F811
    client.force_login(paula)
    client.post(reverse("subsidies:call_create"), call_data(action_types))
    the_call = Call.objects.get(slug="iedereen-digitaal-2027")
    url = reverse("subsidies:call_edit", args=[the_call.pk])
    shown = _opened(client, url, "form", "budget", "steps", "payments")  # both open the form
    client.post(url, {**shown, "budget-0-amount": "1200000"})  # the first changes only the budget

    client.force_login(pieter)
    response = client.post(url, {**shown, "title": "Iedereen Digitaal 2027 (herzien)"})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "1200000" in page and "(herzien)" not in page
    the_call.refresh_from_db()
    assert (the_call.title, the_call.envelope_total) == ("Iedereen Digitaal 2027", 1200000)


@pytest.fixture
def draft_key(territory):
    """The 2022 call's what-if version (a formula over the municipalities of 2025), not yet computed."""
    call_2022_load()
    return Call.objects.get(slug="iedereen-digitaal-2022").keys.get(version=2)


@on_both
def test_the_second_of_two_key_edits_opened_on_the_same_version_is_refused(client, draft_key, paula, pieter):
    url = reverse("subsidies:key_edit", args=[draft_key.pk])
    client.force_login(paula)
    shown = _opened(client, url, "form", "formset")
    client.post(url, {**shown, "onderdelen-0-weight": "2"})  # the first changes only a component

    client.force_login(pieter)
    response = client.post(url, {**shown, "note": "Met een minimum per gemeente."})

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    assert response.context["formset"].forms[0]["weight"].value() == 2
    key = DistributionKey.objects.get(pk=draft_key.pk)
    assert key.components.get().weight == 2
    assert "minimum" not in key.note


@on_both
def test_a_key_published_while_its_form_was_open_stays_published(client, draft_key, paula, pieter):
    url = reverse("subsidies:key_edit", args=[draft_key.pk])
    client.force_login(paula)
    shown = _opened(client, url, "form", "formset")
    keys.key_publish(key=keys.key_compute(key=draft_key, by=pieter), by=pieter)

    response = client.post(url, {**shown, "note": "Met een minimum per gemeente."})

    assert response["Location"] == reverse("subsidies:key_detail", args=[draft_key.pk])
    key = DistributionKey.objects.get(pk=draft_key.pk)
    assert (key.status, key.drawing_rights.exists()) == (KeyStatus.PUBLISHED, True)
    assert "minimum" not in key.note


@on_both
def test_the_second_of_two_action_edits_opened_on_the_same_version_is_refused(client, alice, carla, call):  # noqa: F811
    application = complete_application(client, alice, call)
    action = application.actions.get(is_mandatory=True)
    url = reverse("subsidies:action_edit", args=[application.pk, action.pk])
    shown = _opened(client, url, "form")
    client.post(url, {**shown, "objective": "Tweehonderd gezinnen hebben internet thuis."})

    client.force_login(carla)
    response = client.post(url, {**shown, "objective": "Elk gezin heeft internet thuis."})

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    assert ApplicationAction.objects.get(pk=action.pk).objective == "Tweehonderd gezinnen hebben internet thuis."


@on_both
def test_the_second_of_two_report_edits_opened_on_the_same_version_is_refused(client, approved, carla):  # noqa: F811
    report(client, approved)
    action = approved.actions.get(is_mandatory=True)
    url = reverse("subsidies:report_edit", args=[approved.pk, action.pk])
    shown = _opened(client, url, "form")
    client.post(url, {**shown, "impact": "150 gezinnen online."})

    client.force_login(carla)
    response = client.post(url, {**shown, "impact": "Alle gezinnen online."})

    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in response.content.decode()
    assert ActionReport.objects.get(action=action).impact == "150 gezinnen online."


@on_both
def test_a_first_report_written_by_two_people_keeps_the_first_and_shows_it_to_the_second(client, approved, carla):  # noqa: F811
    action = approved.actions.get(is_mandatory=True)
    url = reverse("subsidies:report_edit", args=[approved.pk, action.pk])
    token = client.get(url).context["form"]["version"].value()  # both open the form for the first report
    report(client, approved, impact="150 gezinnen online.", version=token)

    client.force_login(carla)
    response = report(client, approved, impact="Alle gezinnen online.", version=token)

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "150 gezinnen online." in page and "Alle gezinnen online." not in page
    assert ActionReport.objects.get(action=action).impact == "150 gezinnen online."


def _question_data(**overrides):
    data = {"text_nl": "Hoeveel vrijwilligers hielpen mee?", "scope": "justification", "kind": "number"}
    return {**data, "max_length": 1000, "position": 1, **overrides}


@on_both
def test_the_second_of_two_question_edits_opened_on_the_same_version_is_refused(call, paula, pieter):  # noqa: F811
    question = JustificationQuestion.objects.create(call=call, **_question_data())
    token = JustificationQuestionForm(instance=JustificationQuestion.objects.get(pk=question.pk))["version"].value()

    def save(help_text, by):
        form = JustificationQuestionForm(
            {**_question_data(help_nl=help_text), "version": token},
            instance=JustificationQuestion.objects.get(pk=question.pk),
        )
        assert form.is_valid(), form.errors
        return questions.question_save(form=form, call=call, by=by)

    save("Tel elke vrijwilliger één keer.", paula)
    with pytest.raises(ValidationError) as refusal:
        save("Ook de digibuddies.", pieter)

    assert refusal.value.messages == [str(EDIT_CONFLICT)]
    assert JustificationQuestion.objects.get(pk=question.pk).help_nl == "Tel elke vrijwilliger één keer."
    assert Event.objects.filter(verb="subsidies.question.changed").count() == 1  # the refused save left no trace


@pytest.fixture
def asked(approved):  # noqa: F811
    """A question of the call asked once per justification, answered (as the call's own numbers) by Gent."""
    question = JustificationQuestion.objects.create(
        call=approved.call, scope=QuestionScope.JUSTIFICATION, kind=QuestionKind.TEXT, text_nl="Wie was uw partner?"
    )
    others = questions.questions_of(approved.call, QuestionScope.JUSTIFICATION).exclude(pk=question.pk)
    assert {other.kind for other in others} <= {QuestionKind.NUMBER}
    values = {question: "De bibliotheek", **dict.fromkeys(others, "7")}
    questions.answers_save(justification=services.justification_for(approved), values=values, by=None)
    return question


@on_both
def test_the_second_of_two_answer_edits_opened_on_the_same_version_is_refused(client, approved, asked, carla):  # noqa: F811
    url = reverse("subsidies:answers_edit", args=[approved.pk])
    field = AnswersForm.field_name(asked)
    shown = _opened(client, url, "form")
    assert client.post(url, {**shown, field: "De bibliotheek en het OCMW"}).status_code == 302
    saved = Event.objects.filter(verb="subsidies.justification.answers_saved").count()

    client.force_login(carla)
    response = client.post(url, {**shown, field: "Het buurthuis"})

    page = response.content.decode()
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in page
    assert "De bibliotheek en het OCMW" in page and "Het buurthuis" not in page  # what is stored now
    assert JustificationAnswer.objects.get(question=asked).value == "De bibliotheek en het OCMW"
    assert Event.objects.filter(verb="subsidies.justification.answers_saved").count() == saved
    again = _as_posted(response.context["form"])  # saved from the page that showed the message: accepted
    assert client.post(url, {**again, field: "Het buurthuis"}).status_code == 302
    assert JustificationAnswer.objects.get(question=asked).value == "Het buurthuis"


@on_both
def test_a_question_added_while_the_answers_were_open_is_no_edit_conflict(client, approved, asked):  # noqa: F811
    url = reverse("subsidies:answers_edit", args=[approved.pk])
    shown = _opened(client, url, "form")
    JustificationQuestion.objects.create(
        call=approved.call,
        scope=QuestionScope.JUSTIFICATION,
        kind=QuestionKind.TEXT,
        text_nl="Wat leerde u?",
        required=False,
    )

    response = client.post(url, {**shown, AnswersForm.field_name(asked): "Het buurthuis"})

    assert response.status_code == 302
    assert JustificationAnswer.objects.get(question=asked).value == "Het buurthuis"


@on_both
def test_the_second_of_two_answers_to_an_actions_question_is_refused_with_its_report(client, approved, carla):  # noqa: F811
    question = JustificationQuestion.objects.create(
        call=approved.call, scope=QuestionScope.ACTION, kind=QuestionKind.TEXT, text_nl="Met wie werkte u samen?"
    )
    field = AnswersForm.field_name(question)
    report(client, approved, **{field: "Het OCMW"})
    action = approved.actions.get(is_mandatory=True)
    url = reverse("subsidies:report_edit", args=[approved.pk, action.pk])
    shown = _opened(client, url, "form", "answers")
    client.post(url, {**shown, field: "Het OCMW en de bib"})

    client.force_login(carla)
    response = client.post(url, {**shown, field: "Niemand"})

    assert str(EDIT_CONFLICT) in response.content.decode()
    assert JustificationAnswer.objects.get(question=question, action=action).value == "Het OCMW en de bib"


@on_both
def test_answers_sent_after_the_justification_was_submitted_change_nothing(client, approved, asked, paula):  # noqa: F811
    url = reverse("subsidies:answers_edit", args=[approved.pk])
    shown = _opened(client, url, "form")
    report(client, approved)
    expense(client, approved, "100")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    assert Justification.objects.get(pk=approved.justification.pk).status == JustificationStatus.SUBMITTED

    response = client.post(url, {**shown, AnswersForm.field_name(asked): "Het buurthuis"}, follow=True)

    assert "kan niet meer veranderen" in response.content.decode()
    assert JustificationAnswer.objects.get(question=asked).value == "De bibliotheek"


# --- At the same moment (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_officers_saving_the_same_question_at_once_one_wins_the_other_is_refused(call, paula, pieter):  # noqa: F811
    question = JustificationQuestion.objects.create(call=call, **_question_data())
    token = JustificationQuestionForm(instance=JustificationQuestion.objects.get(pk=question.pk))["version"].value()

    def save(help_text, by):
        form = JustificationQuestionForm(
            {**_question_data(help_nl=help_text), "version": token},
            instance=JustificationQuestion.objects.get(pk=question.pk),
        )
        assert form.is_valid(), form.errors
        return questions.question_save(form=form, call=call, by=by).help_nl

    results = calls_at_once(save, ("Tel elke vrijwilliger één keer.", paula), ("Ook de digibuddies.", pieter))

    winner = the_one_saved(results)
    assert JustificationQuestion.objects.get(pk=question.pk).help_nl == winner
    assert Event.objects.filter(verb="subsidies.question.changed").count() == 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_accepting_and_sending_back_a_justification_at_once_gives_one_decision(client, approved, paula):  # noqa: F811
    report(client, approved)
    expense(client, approved, "250000")
    client.post(reverse("subsidies:justification_submit", args=[approved.pk]))
    officer = Membership.objects.get(user=paula)
    justification = approved.justification

    results = at_once(
        lambda: services.justification_decide(justification=justification, accept=True, membership=officer),
        lambda: services.justification_decide(
            justification=justification, accept=False, membership=officer, note="Bewijsstuk ontbreekt."
        ),
    )
    assert refused(results) == 1
    decided = Justification.objects.get(pk=justification.pk)
    assert decided.status in (JustificationStatus.ACCEPTED, JustificationStatus.RETURNED)
    balance = approved.tranches.filter(position=2)
    if decided.status == JustificationStatus.ACCEPTED:
        assert balance.count() == 1
    assert approved.tranches.count() == 2


@pytest.fixture
def computed_key(territory):
    """The 2022 call's what-if version (a formula over the municipalities of 2025), computed, not yet published."""
    call_2022_load()
    key = Call.objects.get(slug="iedereen-digitaal-2022").keys.get(version=2)
    return keys.key_compute(key=key, by=None)


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_publishing_a_distribution_key_twice_at_once_publishes_it_once(computed_key, paula):
    events = Event.objects.filter(verb="subsidies.key.published")
    before = events.count()
    results = at_once(
        lambda: keys.key_publish(key=computed_key, by=paula), lambda: keys.key_publish(key=computed_key, by=paula)
    )
    assert refused(results) == 1
    assert DistributionKey.objects.get(pk=computed_key.pk).status == KeyStatus.PUBLISHED
    assert events.count() == before + 1


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_recomputing_a_key_while_it_is_published_never_takes_the_publication_back(computed_key, paula):
    # The settings page holds the key as it was read: computed, so still editable.
    stale = DistributionKey.objects.get(pk=computed_key.pk)
    results = at_once(
        lambda: keys.key_publish(key=computed_key, by=paula), lambda: keys.key_compute(key=stale, by=paula)
    )
    assert not isinstance(results[0], ValidationError)  # publishing a computed key always succeeds
    key = DistributionKey.objects.get(pk=computed_key.pk)
    assert key.status == KeyStatus.PUBLISHED
    assert key.drawing_rights.exists()
    # The recompute came before the publication or was refused: never after it.
    if isinstance(results[1], ValidationError):
        assert "gepubliceerde versie verandert niet meer" in results[1].messages[0]
    else:
        assert key.computed_at <= key.published_at


@pytest.mark.django_db(transaction=True)
@only_on_postgresql
def test_two_coordinators_saving_the_same_answers_at_once_one_wins_the_other_is_refused(approved, asked, alice, carla):  # noqa: F811
    justification = Justification.objects.get(application=approved)
    shown = AnswersForm(questions=[asked], answers=questions.answers_for(justification))
    token = shown["answers_version"].value()

    def save(value, by):
        form = AnswersForm({AnswersForm.field_name(asked): value, "answers_version": token}, questions=[asked])
        assert form.is_valid(), form.errors
        questions.answers_save(justification=justification, values=form.values(), by=by, version=form.version)
        return value

    results = calls_at_once(save, ("Het OCMW", alice), ("Het buurthuis", carla))

    winner = the_one_saved(results)
    assert JustificationAnswer.objects.get(question=asked).value == winner
    assert Event.objects.filter(verb="subsidies.justification.answers_saved", actor__in=[alice, carla]).count() == 1
