"""Writes and reads of the call's own justification questions and their answers."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from einclusie.core.concurrency import EDIT_CONFLICT, lock_unchanged
from einclusie.core.models import record_event
from einclusie.subsidies.models import Justification, JustificationAnswer, JustificationQuestion, QuestionScope


def question_save(*, form, call, by):
    """Add or change a question of the call from a valid JustificationQuestionForm."""
    created = form.instance.pk is None
    form.instance.call = call
    with transaction.atomic():
        lock_unchanged(form)  # two people editing the same question: the second save is refused
        question = form.save()
        record_event(
            verb="subsidies.question.added" if created else "subsidies.question.changed",
            actor=by,
            subject=call,
            question=question.pk,
        )
    return question


def question_remove(*, question, by):
    """Remove a question nobody answered yet."""
    with transaction.atomic():
        question = JustificationQuestion.objects.select_for_update().get(pk=question.pk)
        if question.answers.exclude(value="").exists():
            raise ValidationError(
                _("Deze vraag is al beantwoord en kan niet meer weg. Maak ze niet verplicht als ze niet meer telt."),
                code="answered",
            )
        question.answers.all().delete()
        record_event(verb="subsidies.question.removed", actor=by, subject=question.call, question=question.pk)
        question.delete()


def questions_of(call, scope):
    return call.questions.filter(scope=scope).order_by("position", "pk")


def answers_for(justification, action=None):
    """The stored answers of one justification (or of one of its actions) by question id."""
    answers = justification.answers.filter(action=action)
    return dict(answers.values_list("question_id", "value"))


def answers_version(questions, answers):
    """A short hash of the answers to these questions (by question id), as an answers form was shown.

    Only the form's own questions with an answer count: a question added (or an unanswered one removed) by the
    programme team meanwhile is no edit conflict.
    """
    shown = {str(question.pk): answers[question.pk] for question in questions if answers.get(question.pk)}
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:32]


def answers_save(*, justification, values, action=None, by, version=None):
    """Store the answers (question -> text) of a justification, or of one action when `action` is given.

    `version` is the `answers_version` the form was opened on: when someone else saved other answers to these
    questions since, the save is refused (code "edit_conflict") and nothing is written. Saves of one
    justification's answers wait for each other (the justification's row is locked).
    """
    with transaction.atomic():
        locked = Justification.objects.select_for_update().get(pk=justification.pk)
        if not locked.is_editable:
            raise ValidationError(_("Deze verantwoording is ingediend en kan niet meer veranderen."), code="submitted")
        if version and version != answers_version(values, answers_for(locked, action=action)):
            raise ValidationError(EDIT_CONFLICT, code="edit_conflict")
        for question, value in values.items():
            JustificationAnswer.objects.update_or_create(
                justification=justification, question=question, action=action, defaults={"value": value}
            )
        record_event(
            verb="subsidies.justification.answers_saved",
            actor=by,
            organisation=justification.application.organisation,
            subject=justification,
            answers=len(values),
        )


def unanswered(justification):
    """A sentence for every required question without an answer, asked once or for an action."""
    call = justification.application.call
    given = {
        (question_id, action_id)
        for question_id, action_id in justification.answers.exclude(value="").values_list("question_id", "action_id")
    }
    problems = []
    for question in questions_of(call, QuestionScope.JUSTIFICATION).filter(required=True):
        if (question.pk, None) not in given:
            problems.append(_("Beantwoord de vraag “%(question)s”.") % {"question": question.text})
    per_action = list(questions_of(call, QuestionScope.ACTION).filter(required=True))
    if per_action:
        for action in justification.application.actions.all():
            for question in per_action:
                if (question.pk, action.pk) not in given:
                    problems.append(
                        _("Beantwoord de vraag “%(question)s” bij de actie “%(objective)s”.")
                        % {"question": question.text, "objective": action.objective}
                    )
    return problems
