"""The call's own questions for the justification, beside the fixed form of 2024.

The programme team adds them per call without a developer: asked once per justification or for every
action, as a short or long text, a number, yes or no, or one choice from a list.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from einclusie.core.models import translated
from einclusie.subsidies.models.applications import ApplicationAction
from einclusie.subsidies.models.calls import Call
from einclusie.subsidies.models.justifications import Justification


class QuestionScope(models.TextChoices):
    JUSTIFICATION = "justification", _("één keer per verantwoording")
    ACTION = "action", _("voor elke actie")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("korte tekst")
    LONG_TEXT = "long_text", _("lange tekst")
    NUMBER = "number", _("getal")
    YES_NO = "yes_no", _("ja of nee")
    CHOICE = "choice", _("één keuze uit een lijst")


class JustificationQuestion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    scope = models.CharField(_("gevraagd"), max_length=20, choices=QuestionScope.choices)
    kind = models.CharField(_("soort antwoord"), max_length=20, choices=QuestionKind.choices)
    text_nl = models.CharField(_("vraag (Nederlands)"), max_length=300)
    text_fr = models.CharField(_("vraag (Frans)"), max_length=300, blank=True)
    text_en = models.CharField(_("vraag (Engels)"), max_length=300, blank=True)
    help_nl = models.CharField(_("uitleg (Nederlands)"), max_length=500, blank=True)
    help_fr = models.CharField(_("uitleg (Frans)"), max_length=500, blank=True)
    help_en = models.CharField(_("uitleg (Engels)"), max_length=500, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)
    max_length = models.PositiveIntegerField(
        _("hoogstens zoveel tekens"),
        default=1000,
        validators=[MinValueValidator(10), MaxValueValidator(5000)],
        help_text=_("Voor een korte of lange tekst."),
    )
    options = models.TextField(
        _("keuzes"), blank=True, help_text=_("Voor één keuze uit een lijst: één keuze per regel, minstens twee.")
    )

    class Meta:
        ordering = ["call", "scope", "position", "pk"]
        verbose_name = _("vraag van de verantwoording")
        verbose_name_plural = _("vragen van de verantwoording")

    def __str__(self):
        return self.text_nl

    @property
    def text(self):
        return translated(self, "text")

    @property
    def help(self):
        return translated(self, "help")

    def option_list(self):
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class JustificationAnswer(models.Model):
    justification = models.ForeignKey(Justification, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(JustificationQuestion, on_delete=models.PROTECT, related_name="answers")
    action = models.ForeignKey(
        ApplicationAction, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    value = models.TextField(_("antwoord"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["justification", "question"],
                condition=Q(action__isnull=True),
                name="one_answer_per_question",
            ),
            models.UniqueConstraint(
                fields=["justification", "question", "action"],
                condition=Q(action__isnull=False),
                name="one_answer_per_question_and_action",
            ),
        ]
        verbose_name = _("antwoord op een vraag")
        verbose_name_plural = _("antwoorden op vragen")

    def __str__(self):
        return f"{self.question_id}: {self.value[:40]}"
