"""The call's own justification questions: written by the programme team, answered by the local government."""

import pytest
from django.urls import reverse

from einclusie.subsidies.models import JustificationAnswer, JustificationQuestion, QuestionKind, QuestionScope
from einclusie.subsidies.tests.test_applications import call  # noqa: F401 - fixture
from einclusie.subsidies.tests.test_justifications import approved, expense, report  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def add_question(client, call, **data):  # noqa: F811
    fields = {
        "text_nl": "Hoeveel vrijwilligers hielpen mee?",
        "scope": QuestionScope.JUSTIFICATION,
        "kind": QuestionKind.NUMBER,
        "required": "on",
        "max_length": 1000,
        "position": 1,
        **data,
    }
    return client.post(reverse("subsidies:question_create", args=[call.pk]), fields)


def test_the_programme_officer_adds_a_question_to_the_call(client, paula, call):  # noqa: F811
    client.force_login(paula)
    response = add_question(client, call, text_fr="Combien de bénévoles ont aidé ?")
    assert response.status_code == 302
    question = call.questions.get(text_nl="Hoeveel vrijwilligers hielpen mee?")
    assert (question.scope, question.kind, question.required) == ("justification", "number", True)
    page = client.get(reverse("subsidies:call_detail", args=[call.pk])).content.decode()
    assert "Hoeveel vrijwilligers hielpen mee?" in page


def test_a_choice_question_needs_two_different_choices(client, paula, call):  # noqa: F811
    client.force_login(paula)
    before = call.questions.count()
    page = add_question(client, call, kind=QuestionKind.CHOICE, options="Bibliotheek\n").content.decode()
    assert "Geef minstens twee keuzes, één per regel." in page
    page = add_question(client, call, kind=QuestionKind.CHOICE, options="Bib\nBib\n").content.decode()
    assert "Elke keuze mag maar één keer in de lijst staan." in page
    assert call.questions.count() == before


def test_a_local_government_cannot_write_questions(client, alice, call):  # noqa: F811
    client.force_login(alice)
    assert add_question(client, call).status_code == 404
    assert not call.questions.filter(text_nl="Hoeveel vrijwilligers hielpen mee?").exists()


def test_a_required_question_stops_the_submission_until_it_is_answered(client, approved):  # noqa: F811
    JustificationQuestion.objects.create(
        call=approved.call,
        scope=QuestionScope.JUSTIFICATION,
        kind=QuestionKind.NUMBER,
        text_nl="Hoeveel vrijwilligers?",
    )
    report(client, approved)
    expense(client, approved, "100")
    page = client.get(reverse("subsidies:justification_detail", args=[approved.pk])).content.decode()
    assert "Beantwoord de vraag “Hoeveel vrijwilligers?”." in page

    url = reverse("subsidies:answers_edit", args=[approved.pk])
    question = approved.call.questions.get(text_nl="Hoeveel vrijwilligers?")
    bad = client.post(url, {f"vraag_{question.pk}": "twaalf"}).content.decode()
    assert "Vul een geheel getal in, zoals 12." in bad
    assert not JustificationAnswer.objects.filter(question=question).exists()
    assert client.post(url, {f"vraag_{question.pk}": "12"}).status_code == 302
    page = client.get(reverse("subsidies:justification_detail", args=[approved.pk])).content.decode()
    assert "Beantwoord de vraag" not in page
    assert "<dt>Hoeveel vrijwilligers?</dt><dd>12</dd>" in page


def test_a_question_per_action_is_answered_in_the_actions_report(client, approved, paula):  # noqa: F811
    question = JustificationQuestion.objects.create(
        call=approved.call,
        scope=QuestionScope.ACTION,
        kind=QuestionKind.YES_NO,
        text_nl="Werkte u samen met het OCMW?",
    )
    field = f"vraag_{question.pk}"
    unanswered = report(client, approved).content.decode()
    assert "Beantwoord deze vraag." in unanswered
    assert not approved.actions.get(is_mandatory=True).answers.exists()
    assert report(client, approved, **{field: "yes"}).status_code == 302
    answer = JustificationAnswer.objects.get(question=question)
    assert (answer.value, answer.action.is_mandatory) == ("yes", True)

    client.force_login(paula)
    expense(client, approved, "100")
    page = client.get(reverse("subsidies:review_justification", args=[approved.pk])).content.decode()
    assert "<dt>Werkte u samen met het OCMW?</dt><dd>ja</dd>" in page


def test_an_answered_question_keeps_its_kind_and_cannot_be_removed(client, approved, paula):  # noqa: F811
    question = JustificationQuestion.objects.create(
        call=approved.call, scope=QuestionScope.JUSTIFICATION, kind=QuestionKind.TEXT, text_nl="Wie was uw partner?"
    )
    client.post(reverse("subsidies:answers_edit", args=[approved.pk]), {f"vraag_{question.pk}": "De bibliotheek"})
    client.force_login(paula)
    page = client.post(
        reverse("subsidies:question_edit", args=[question.pk]),
        {"text_nl": "Wie?", "scope": "justification", "kind": "number", "max_length": 1000, "position": 1},
    ).content.decode()
    assert "Deze vraag is al beantwoord" in page
    response = client.post(reverse("subsidies:question_remove", args=[question.pk]))
    assert "kan niet meer weg" in client.get(response.url).content.decode()
    assert JustificationQuestion.objects.filter(pk=question.pk).exists()


def test_an_unanswered_question_can_be_removed(client, paula, call):  # noqa: F811
    question = JustificationQuestion.objects.create(
        call=call, scope=QuestionScope.JUSTIFICATION, kind=QuestionKind.TEXT, text_nl="Weg ermee"
    )
    client.force_login(paula)
    client.post(reverse("subsidies:question_remove", args=[question.pk]))
    assert not JustificationQuestion.objects.filter(pk=question.pk).exists()


def test_a_long_answer_beyond_the_limit_is_refused(client, approved):  # noqa: F811
    question = JustificationQuestion.objects.create(
        call=approved.call,
        scope=QuestionScope.JUSTIFICATION,
        kind=QuestionKind.LONG_TEXT,
        text_nl="Wat leerde u?",
        max_length=20,
    )
    page = client.post(
        reverse("subsidies:answers_edit", args=[approved.pk]), {f"vraag_{question.pk}": "x" * 21}
    ).content.decode()
    assert "Schrijf ten hoogste 20 tekens (nu 21)." in page
    assert not JustificationAnswer.objects.filter(question=question).exists()
