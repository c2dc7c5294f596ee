"""Two coordinators on the same self-assessment at the same moment (PostgreSQL only)."""

import pytest

from einclusie.core.models import Event
from einclusie.core.tests.concurrency import at_once, only_on_postgresql
from einclusie.operation import services
from einclusie.operation.models import Assessment, Score

pytestmark = [pytest.mark.django_db(transaction=True), only_on_postgresql]


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
