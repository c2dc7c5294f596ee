"""The quick scan of local governments: a yearly survey whose questions are data (data/quickscan.json).

The programme team or a researcher opens a round for a year with a closing date; each local government's
coordinator answers it once per round (a draft first, then submitted; submitted answers are final). The
regional pages show the response rate, the results per question and the survey indicators: the share of the
local governments that answered with "yes" (or a number at or above a threshold), e.g. the share with a
digital-inclusion contact person. Anything exported is suppressed: counts 1–4 become "<5".
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from einclusie.monitoring.disclosure import is_small, suppress
from einclusie.monitoring.models import Audience, QuestionKind, SurveyQuestion, SurveyResponse

QUICKSCAN_JSON = Path(__file__).resolve().parent / "data" / "quickscan.json"
RESIDENTS_JSON = Path(__file__).resolve().parent / "data" / "residents.json"
DATA_FILES = {Audience.LOCAL: QUICKSCAN_JSON, Audience.RESIDENTS: RESIDENTS_JSON}


def _data(audience=Audience.LOCAL):
    return json.loads(DATA_FILES[audience].read_text(encoding="utf-8"))


def questions_load(audience=Audience.LOCAL):
    """Create or update the audience's questions from its data file; questions no longer in it stop being asked."""
    counts = {"created": 0, "updated": 0}
    codes = []
    with transaction.atomic():
        for position, row in enumerate(_data(audience)["questions"]):
            codes.append(row["code"])
            _question, created = SurveyQuestion.objects.update_or_create(
                code=row["code"],
                defaults={
                    "kind": row["kind"],
                    "audience": audience,
                    "text_nl": row["text_nl"],
                    "text_fr": row.get("text_fr", ""),
                    "text_en": row.get("text_en", ""),
                    "required": row.get("required", True),
                    "choices": row.get("choices", []),
                    "minimum": row.get("min"),
                    "maximum": row.get("max"),
                    "max_length": row.get("max_length", 300),
                    "position": position,
                    "is_active": True,
                },
            )
            counts["created" if created else "updated"] += 1
        SurveyQuestion.objects.filter(audience=audience).exclude(code__in=codes).update(is_active=False)
    return counts


def questions(audience=Audience.LOCAL):
    return list(SurveyQuestion.objects.filter(is_active=True, audience=audience))


def local_governments():
    """The local governments that are asked: those of a municipality."""
    from einclusie.organisations.models import LOCAL_GOVERNMENT_KINDS, Organisation

    return Organisation.objects.filter(kind__in=LOCAL_GOVERNMENT_KINDS, municipality__isnull=False)


def save_answers(response, answers, *, submit, by):
    """Store the answers; `submit` makes them final. The caller validated them (forms.SurveyForm)."""
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        if locked.submitted_at is not None:
            return False
        locked.answers = answers
        if submit:
            locked.submitted_at = timezone.now()
            locked.submitted_by = by
        locked.save()
    return True


def _yes(question, value, at_least=None):
    if question.kind == QuestionKind.YES_NO:
        return value is True
    if question.kind == QuestionKind.NUMBER and value is not None:
        return value >= (at_least if at_least is not None else 1)
    return False


def results(survey_round):
    """The response rate and, per question, the counts of each answer among the submitted responses.
    Residents' rounds have no number asked: their rate is None."""
    residents = survey_round.audience == Audience.RESIDENTS
    asked = None if residents else local_governments().count()
    submitted = list(SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=False))
    drafts = SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=True).count()
    rows = []
    for question in questions(survey_round.audience):
        values = [r.answers.get(question.code) for r in submitted]
        answered = [v for v in values if v not in (None, "")]
        row = {"question": question, "answered": len(answered), "counts": [], "summary": ""}
        if question.kind == QuestionKind.YES_NO:
            row["counts"] = [
                (_("ja"), sum(1 for v in answered if v is True)),
                (_("nee"), sum(1 for v in answered if v is False)),
            ]
        elif question.kind == QuestionKind.CHOICE:
            row["counts"] = [
                (question.choice_label(c["code"]), sum(1 for v in answered if v == c["code"])) for c in question.choices
            ]
        elif question.kind == QuestionKind.NUMBER and answered:
            ordered = sorted(answered)
            row["summary"] = _("gemiddelde %(mean)s, mediaan %(median)s, van %(low)s tot %(high)s") % {
                "mean": round(sum(ordered) / len(ordered), 1),
                "median": ordered[len(ordered) // 2],
                "low": ordered[0],
                "high": ordered[-1],
            }
        elif question.kind == QuestionKind.TEXT:
            row["summary"] = _("vrije tekst: alleen in het overzicht per lokaal bestuur, niet in de download")
        row["counts"] = [(label, count, _percent(count, len(answered))) for label, count in row["counts"]]
        rows.append(row)
    return {
        "asked": asked,
        "submitted": len(submitted),
        "drafts": drafts,
        "rate": None if residents else _percent(len(submitted), asked),
        "rows": rows,
        "indicators": indicators(survey_round, submitted),
    }


def _percent(count, total):
    return round(100 * count / total, 1) if total else None


def indicators(survey_round, submitted=None):
    """The survey indicators of the round: {"code", "name", "numerator", "denominator", "value" (percent)}."""
    if submitted is None:
        submitted = list(SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=False))
    by_code = {q.code: q for q in questions(survey_round.audience)}
    language = (get_language() or "nl")[:2]
    result = []
    for spec in _data(survey_round.audience)["indicators"]:
        question = by_code.get(spec["question"])
        if question is None:
            continue
        answered = [r.answers.get(question.code) for r in submitted]
        answered = [v for v in answered if v not in (None, "")]
        numerator = sum(1 for v in answered if _yes(question, v, spec.get("at_least")))
        result.append(
            {
                "code": spec["code"],
                "name": spec.get(f"name_{language}") or spec["name_nl"],
                "numerator": numerator,
                "denominator": len(answered),
                "value": _percent(numerator, len(answered)),
            }
        )
    return result


def shown(count):
    """A count as published: 1–4 become "<5"."""
    return "<5" if is_small(count) else count


def csv_rows(survey_round):
    """The results for download, suppressed: one row per question and answer, then the indicators."""
    data = results(survey_round)
    header = [_("jaar"), _("vraag"), _("antwoord"), _("aantal"), _("procent")]
    rate = "" if data["rate"] is None else data["rate"]
    rows = [[survey_round.year, _("respons"), _("ingediend"), shown(data["submitted"]), rate]]
    for row in data["rows"]:
        # Complementary suppression: a hidden answer cannot be recovered from the number that answered.
        cells = {index: count for index, (_label, count, _percent) in enumerate(row["counts"])}
        cells["total"] = row["answered"]
        hidden = suppress(cells, [(list(range(len(row["counts"]))), "total")]) if row["counts"] else set()
        for index, (label, count, percent) in enumerate(row["counts"]):
            if index in hidden:
                rows.append([survey_round.year, row["question"].text, label, "<5" if is_small(count) else "x", ""])
            else:
                rows.append([survey_round.year, row["question"].text, label, count, percent])
        if row["question"].kind == QuestionKind.NUMBER and row["answered"] and not is_small(row["answered"]):
            rows.append([survey_round.year, row["question"].text, row["summary"], row["answered"], ""])
    for indicator in data["indicators"]:
        small = is_small(indicator["numerator"]) or is_small(indicator["denominator"] - indicator["numerator"])
        rows.append(
            [
                survey_round.year,
                indicator["name"],
                _("indicator"),
                shown(indicator["numerator"]) if small else indicator["numerator"],
                "" if small else indicator["value"],
            ]
        )
    return header, rows
