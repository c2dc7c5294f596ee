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


# Published results: once a round has closed, its results are public for Flanders and per province.

FLANDERS = "02000"
OTHER_AREA = "other"
MIN_RESPONSES = 5
SLUGS = {"quickscan": Audience.LOCAL, "inwonersbevraging": Audience.RESIDENTS}
PUBLISHED_KINDS = (QuestionKind.YES_NO, QuestionKind.CHOICE)


def slug_of(audience):
    return next(slug for slug, value in SLUGS.items() if value == audience)


def published_rounds(today=None):
    """The rounds whose results are public: closed (their closing date has passed), newest first."""
    from einclusie.monitoring.models import SurveyRound

    today = today or timezone.localdate()
    return SurveyRound.objects.filter(closes_on__lt=today).order_by("-year", "audience")


def published_round(audience, year, today=None):
    """The closed round of that audience and year, or None (unknown, or still open)."""
    if audience not in Audience.values or not isinstance(year, int) or not 1 <= year <= 9999:
        return None
    return published_rounds(today).filter(audience=audience, year=year).first()


def _options(question):
    """[(code, label)] of the answers a published question is counted by."""
    if question.kind == QuestionKind.YES_NO:
        return [("yes", _("ja")), ("no", _("nee"))]
    return [(c["code"], question.choice_label(c["code"])) for c in question.choices]


def _option_of(question, value):
    if question.kind == QuestionKind.YES_NO:
        return {True: "yes", False: "no"}.get(value)
    return value


def _areas(survey_round, submitted):
    """([(code, name)] of Flanders, the Flemish provinces and — when some response has no Flemish province —
    the rest), {response pk: area code}. A local government counts in the province of its municipality; a
    resident in the province of the postal code they gave."""
    from einclusie.territory.models import PostalCode, Province

    provinces = list(Province.objects.filter(municipalities__is_flemish=True).distinct().order_by("nis_code"))
    codes = {p.pk: p.nis_code for p in provinces}
    area_of = {}
    if survey_round.audience == Audience.LOCAL:
        for response in submitted:
            municipality = response.organisation.municipality if response.organisation else None
            flemish = municipality is not None and municipality.is_flemish
            area_of[response.pk] = codes.get(municipality.province_id) if flemish else None
    else:
        from einclusie.monitoring.residents import POSTAL_QUESTION

        postal = {r.pk: str(r.answers.get(POSTAL_QUESTION) or "") for r in submitted}
        province_of = {}
        rows = PostalCode.objects.filter(code__in=set(postal.values()), municipality__is_flemish=True)
        for code, province_id in rows.order_by("code", "municipality__nis_code").values_list(
            "code", "municipality__province_id"
        ):
            province_of.setdefault(code, codes.get(province_id))
        area_of = {pk: province_of.get(code) for pk, code in postal.items()}
    area_of = {pk: code or OTHER_AREA for pk, code in area_of.items()}
    areas = [(FLANDERS, _("Vlaanderen"))] + [(p.nis_code, p.name) for p in provinces]
    if OTHER_AREA in area_of.values():
        label = _("lokaal bestuur zonder Vlaamse provincie")
        if survey_round.audience == Audience.RESIDENTS:
            label = _("postcode buiten Vlaanderen of onbekend")
        areas.append((OTHER_AREA, label))
    return areas, area_of


def published(survey_round):
    """The public results of a closed round, for Flanders and per province, suppressed as one table.

    {"round", "areas": [{"area", "name", "responses", "too_few"}], "questions": [{"code", "text", "options",
    "areas": [{"area", "name", "too_few", "answered", "answers": [{"code", "label", "count", "percent"}]}]}],
    "indicators": [{"code", "name", "areas": [{"area", "name", "too_few", "numerator", "denominator",
    "value"}]}]}; "area" is the NIS code of Flanders (02000) or a province, or "other".

    A count is {"value": int or None, "flag": "" | "<5" | "x"}: counts 1–4 are "<5", and cells that would
    give a hidden one away (the rest of its question, its province, Flanders) are "x". Every question,
    indicator and area is one table for disclosure.suppress, so no two published figures can be combined to
    recover a hidden one; a question every response answered shares its cells with the responses. An area
    with fewer than 5 responses publishes nothing ("too_few"). Only yes/no and choice questions are counted;
    number questions count through their indicators; free text and the postal code are never published.
    """
    submitted = list(
        SurveyResponse.objects.filter(round=survey_round, submitted_at__isnull=False)
        .select_related("organisation__municipality")
        .order_by("pk")
    )
    areas, area_of = _areas(survey_round, submitted)
    codes = [code for code, _name in areas]
    parts = codes[1:]  # the provinces (and the rest): together they make Flanders
    by_area = {code: [r for r in submitted if area_of[r.pk] == code] for code in parts}
    by_area[FLANDERS] = submitted
    cells, lines = {}, []
    for code in codes:
        cells[("r", code)] = len(by_area[code])
    lines.append(([("r", code) for code in parts], ("r", FLANDERS)))
    all_questions = questions(survey_round.audience)
    shown_questions = [q for q in all_questions if q.kind in PUBLISHED_KINDS]
    answered_key = {}

    def count_question(question):
        for code in codes:
            values = [r.answers.get(question.code) for r in by_area[code]]
            answered = sum(1 for v in values if v not in (None, ""))
            # Equal to the responses (a required question): one cell, hidden or shown together everywhere.
            key = ("r", code) if answered == len(by_area[code]) else ("a", question.code, code)
            cells[key] = answered
            answered_key[(question.code, code)] = key
        lines.append(([answered_key[(question.code, code)] for code in parts], answered_key[(question.code, FLANDERS)]))

    def split(prefix, name, code_of_value, options, question):
        for code in codes:
            values = [r.answers.get(question.code) for r in by_area[code]]
            for option in options:
                cells[(prefix, name, code, option)] = sum(1 for v in values if code_of_value(v) == option)
            lines.append(([(prefix, name, code, o) for o in options], answered_key[(question.code, code)]))
        for option in options:
            lines.append(([(prefix, name, code, option) for code in parts], (prefix, name, FLANDERS, option)))

    for question in shown_questions:
        count_question(question)
        options = [code for code, _label in _options(question)]
        split("q", question.code, lambda v, q=question: _option_of(q, v), options, question)
    by_code = {q.code: q for q in all_questions}
    specs = [spec for spec in _data(survey_round.audience)["indicators"] if spec["question"] in by_code]
    language = (get_language() or "nl")[:2]
    for spec in specs:
        question = by_code[spec["question"]]
        if question.kind == QuestionKind.YES_NO:
            continue  # its numerator is the question's "yes" cell
        if (question.code, FLANDERS) not in answered_key:
            count_question(question)
        at_least = spec.get("at_least")
        split(
            "i",
            spec["code"],
            lambda v, q=question, at_least=at_least: None if v in (None, "") else _yes(q, v, at_least),
            [True, False],
            question,
        )
    hidden = suppress(cells, lines)
    names = dict(areas)
    too_few = {code: len(by_area[code]) < MIN_RESPONSES for code in codes}

    def cell(key, area):
        if too_few[area]:
            return {"value": None, "flag": ""}
        if key in hidden:
            return {"value": None, "flag": "<5" if is_small(cells[key]) else "x"}
        return {"value": cells[key], "flag": ""}

    def share(part, whole):
        if part["value"] is None or not whole["value"]:
            return None
        return _percent(part["value"], whole["value"])

    def area_row(code):
        return {"area": code, "name": names[code], "too_few": too_few[code]}

    result_questions = []
    for question in shown_questions:
        rows = []
        for code in codes:
            answered = cell(answered_key[(question.code, code)], code)
            answers = []
            for option, label in _options(question):
                count = cell(("q", question.code, code, option), code)
                answers.append({"code": option, "label": label, "count": count, "percent": share(count, answered)})
            rows.append({**area_row(code), "answered": answered, "answers": answers})
        options = [{"code": code, "label": label} for code, label in _options(question)]
        result_questions.append(
            {"code": question.code, "text": question.text, "kind": question.kind, "options": options, "areas": rows}
        )
    result_indicators = []
    for spec in specs:
        question = by_code[spec["question"]]
        rows = []
        for code in codes:
            denominator = cell(answered_key[(question.code, code)], code)
            if question.kind == QuestionKind.YES_NO:
                numerator = cell(("q", question.code, code, "yes"), code)
            else:
                numerator = cell(("i", spec["code"], code, True), code)
            value = share(numerator, denominator)
            rows.append({**area_row(code), "numerator": numerator, "denominator": denominator, "value": value})
        name = spec.get(f"name_{language}") or spec["name_nl"]
        result_indicators.append({"code": spec["code"], "name": name, "areas": rows})
    return {
        "round": survey_round,
        "areas": [{**area_row(code), "responses": cell(("r", code), code)} for code in codes],
        "questions": result_questions,
        "indicators": result_indicators,
    }


def shown_count(count):
    """A published count as text: the number, "<5", "x", or "" for an area with too few responses."""
    return count["flag"] if count["value"] is None else count["value"]


PUBLISHED_HEADER = [
    "jaar",
    "bevraging",
    "nis_code",
    "gebied",
    "soort",
    "code",
    "onderwerp",
    "antwoord",
    "aantal",
    "procent",
    "vlag",
]


def published_rows(data):
    """The public results as one long table (the open-data download): the responses per area, then every
    question's answers and every indicator per area. `vlag`: "<5", "x" (hidden) or "te weinig antwoorden"."""
    survey_round = data["round"]
    rows = []

    def add(area, kind, code, subject, answer, count, percent):
        flag = _("te weinig antwoorden") if area["too_few"] else count["flag"]
        rows.append(
            [survey_round.year, slug_of(survey_round.audience), area["area"], area["name"], kind, code, subject]
            + [answer, count["value"], percent, flag]
        )

    for area in data["areas"]:
        add(area, "respons", "", _("antwoorden"), "", area["responses"], "")
    for question in data["questions"]:
        for area in question["areas"]:
            for answer in area["answers"]:
                add(
                    area,
                    "vraag",
                    question["code"],
                    question["text"],
                    answer["label"],
                    answer["count"],
                    answer["percent"],
                )
    for indicator in data["indicators"]:
        for area in indicator["areas"]:
            add(area, "indicator", indicator["code"], indicator["name"], _("ja"), area["numerator"], area["value"])
    return PUBLISHED_HEADER, rows
