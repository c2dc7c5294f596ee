"""Writes and reads of the local operation: the framework, yearly self-assessments, the toolkit."""

import hashlib
import json
import unicodedata
from pathlib import Path
from statistics import mean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.core.concurrency import EDIT_CONFLICT, lock_unchanged
from einclusie.core.models import record_event
from einclusie.operation.models import (
    Assessment,
    Block,
    BlockAction,
    Colour,
    Framework,
    Question,
    Score,
    ToolkitItem,
    ToolkitUse,
    colour_of,
)

FRAMEWORK_FILE = Path(__file__).parent / "data" / "framework-2026.json"
MIN_PEERS = 3  # a comparison shows the average of at least this many other local governments


def framework_load(path=FRAMEWORK_FILE):
    """Create or update a framework from its JSON file; safe to run twice. Returns the framework."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    names = {key: data.get(key, "") for key in ("name_nl", "name_fr", "name_en")}
    with transaction.atomic():
        framework, _created = Framework.objects.update_or_create(
            code=data["code"], defaults={**names, "year": data["year"], "scale": data["scale"]}
        )
        for position, block_data in enumerate(data["blocks"], start=1):
            block, _created = Block.objects.update_or_create(
                framework=framework,
                code=block_data["code"],
                defaults={
                    "position": position,
                    "aspect": block_data["aspect"],
                    **{key: block_data.get(key, "") for key in ("name_nl", "name_fr", "name_en")},
                },
            )
            for number, question in enumerate(block_data["questions"], start=1):
                Question.objects.update_or_create(
                    block=block,
                    code=question["code"],
                    defaults={
                        "position": number,
                        **{key: question.get(key, "") for key in ("text_nl", "text_fr", "text_en")},
                    },
                )
    return framework


def assessment_start(*, organisation, year, by):
    """This year's self-assessment of the organisation (made on first use with the current framework)."""
    framework = Framework.objects.current()
    if framework is None:
        raise ValidationError(_("Er is nog geen kader voor de zelfevaluatie. Vraag het aan het programmateam."))
    with transaction.atomic():
        assessment, created = Assessment.objects.get_or_create(
            organisation=organisation, year=year, defaults={"framework": framework}
        )
        if created:
            record_event(verb="operation.assessment_started", actor=by, organisation=organisation, subject=year)
    return assessment


def assessment_version(assessment):
    """A short hash of every score, evidence and action of the self-assessment: what its form was opened on."""
    scores = sorted(assessment.scores.values_list("question_id", "value", "evidence"))
    actions = sorted(assessment.actions.values_list("block_id", "text"))
    return hashlib.sha256(json.dumps([scores, actions]).encode()).hexdigest()[:32]


def scores_save(*, assessment, values, actions, by, version=None):
    """Store scores ({question: (value, evidence)}) and actions ({block: text}) of an open self-assessment.

    The form saves every statement at once, so with the version it was opened on (`assessment_version`) the save
    is refused when a colleague saved the self-assessment in the meantime: nothing of theirs is overwritten.
    """
    with transaction.atomic():
        # Locked like assessment_complete: a save that arrives while a colleague finishes comes before or is refused.
        if Assessment.objects.select_for_update().get(pk=assessment.pk).is_completed:
            raise ValidationError(_("Deze zelfevaluatie is afgerond en kan niet meer veranderen."))
        if version and version != assessment_version(assessment):
            raise ValidationError(EDIT_CONFLICT, code="edit_conflict")
        for question, (value, evidence) in values.items():
            if value is None:
                Score.objects.filter(assessment=assessment, question=question).delete()
                continue
            Score.objects.update_or_create(
                assessment=assessment, question=question, defaults={"value": value, "evidence": evidence}
            )
        for block, text in actions.items():
            if text:
                BlockAction.objects.update_or_create(assessment=assessment, block=block, defaults={"text": text})
            else:
                BlockAction.objects.filter(assessment=assessment, block=block).delete()
        record_event(
            verb="operation.assessment_saved",
            actor=by,
            organisation=assessment.organisation,
            subject=assessment.year,
            scores=sum(1 for value, _evidence in values.values() if value is not None),
        )


def block_results(assessment):
    """Per block: the block, its average score, colour, the action planned. In the framework's order."""
    scores = {}
    for score in assessment.scores.select_related("question"):
        scores.setdefault(score.question.block_id, []).append(score.value)
    actions = dict(assessment.actions.values_list("block_id", "text"))
    results = []
    for block in assessment.framework.blocks.all():
        values = scores.get(block.pk, [])
        average = round(float(mean(values)), 1) if values else None
        results.append(
            {"block": block, "average": average, "colour": colour_of(average), "action": actions.get(block.pk, "")}
        )
    return results


def completion_problems(assessment):
    """What still stops the self-assessment from being finished."""
    problems = []
    scored = set(assessment.scores.values_list("question_id", flat=True))
    for block in assessment.framework.blocks.prefetch_related("questions"):
        missing = [question for question in block.questions.all() if question.pk not in scored]
        if missing:
            problems.append(_("Geef een score bij elke stelling van “%(block)s”.") % {"block": block.name})
    for result in block_results(assessment):
        if result["colour"] in (Colour.RED, Colour.ORANGE) and not result["action"]:
            problems.append(
                _("Schrijf wat u gaat doen voor “%(block)s” (%(colour)s).")
                % {"block": result["block"].name, "colour": Colour(result["colour"]).label}
            )
    return problems


def assessment_complete(*, assessment, by):
    """Finish the self-assessment: every statement scored, an action for each red or orange block."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_completed:
            raise ValidationError(_("Deze zelfevaluatie is al afgerond."))
        problems = completion_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.completed_at = timezone.now()
        locked.completed_by = by
        locked.save(update_fields=["completed_at", "completed_by"])
        record_event(
            verb="operation.assessment_completed", actor=by, organisation=locked.organisation, subject=locked.year
        )
    return locked


def population(municipality):
    """The latest number of inhabitants of a municipality (territory statistics), or None."""
    from einclusie.territory.models import Statistic

    row = Statistic.objects.filter(municipality=municipality, indicator__code="inhabitants").order_by("-year").first()
    return int(row.value) if row else None


def same_size_municipalities(municipality):
    """The ids of the municipalities in the same size class (inhabitant band) as this one, or None if unknown."""
    from einclusie.monitoring.dashboard import size_class
    from einclusie.territory.models import Statistic

    if municipality is None:
        return None
    own = size_class(population(municipality))
    if own is None:
        return None
    latest = {}
    for pk, value in (
        Statistic.objects.filter(indicator__code="inhabitants").order_by("year").values_list("municipality_id", "value")
    ):
        latest[pk] = value
    return [pk for pk, value in latest.items() if size_class(int(value)) == own]


def size_class_of(organisation):
    from einclusie.monitoring.dashboard import size_class

    return size_class(population(organisation.municipality)) if organisation.municipality else None


def peer_averages(assessment, by="province"):
    """Average score per block code of the other local governments of the same province (or, with by="size",
    of the same size class), same year and framework.

    Returns ({block code: average}, number of peers), or ({}, n) when fewer than MIN_PEERS finished theirs.
    """
    municipality = assessment.organisation.municipality
    peers = (
        Assessment.objects.completed()
        .filter(year=assessment.year, framework=assessment.framework)
        .exclude(organisation=assessment.organisation)
    )
    if by == "size":
        same = same_size_municipalities(municipality)
        if same is None:
            return {}, 0
        peers = peers.filter(organisation__municipality__in=same)
    elif municipality is not None:
        peers = peers.filter(organisation__municipality__province=municipality.province_id)
    count = peers.count()
    if count < MIN_PEERS:
        return {}, count
    values = {}
    for code, value in Score.objects.filter(assessment__in=peers).values_list("question__block__code", "value"):
        values.setdefault(code, []).append(value)
    return {code: round(float(mean(found)), 1) for code, found in values.items()}, count


def previous_averages(assessment):
    """Average per block code of the organisation's previous finished self-assessment, and its year."""
    previous = (
        Assessment.objects.for_organisation(assessment.organisation)
        .completed()
        .filter(year__lt=assessment.year)
        .order_by("-year")
        .first()
    )
    if previous is None:
        return {}, None
    return {result["block"].code: result["average"] for result in block_results(previous)}, previous.year


def recommendations(assessment, limit=6):
    """Toolkit items about the aspects of the red and orange blocks, most used first."""
    from django.db.models import Count

    aspects = {
        result["block"].aspect
        for result in block_results(assessment)
        if result["colour"] in (Colour.RED, Colour.ORANGE)
    }
    if not aspects:
        return []
    items = ToolkitItem.objects.published().for_aspects(aspects).annotate(used=Count("uses"))
    return list(items.order_by("-used", "title")[:limit])


def normalise(text):
    """Lower case without accents: "Privacy én Veiligheid" -> "privacy en veiligheid"."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def search_terms(query):
    """The words of a search, normalised, without special characters, at most ten."""
    cleaned = "".join(character if character.isalnum() else " " for character in normalise(query))
    return [word for word in cleaned.split() if len(word) > 1][:10]


def stem(word):
    """A light Dutch stemmer for search: plural and diminutive endings off ("gidsen" finds "gids")."""
    for _round in range(2):  # "websites" -> "website" -> "websit", as "website" -> "websit"
        for ending in ("tjes", "jes", "tje", "je", "en", "s", "e"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
    return word


def item_search_text(item):
    parts = [item.title, item.summary, item.get_kind_display(), item.get_aspect_display()]
    if item.action_type_id:
        parts.append(item.action_type.label_nl)
    if item.pk:
        parts.extend(code.label_nl for code in item.target_groups.all())
    return " ".join(stem(word) for word in search_terms(" ".join(parts)))


def toolkit_search(queryset, query):
    """Items whose text holds every word of the query (stemmed, accents and case ignored)."""
    for word in search_terms(query):
        queryset = queryset.filter(search_text__contains=stem(word))
    return queryset


def toolkit_item_save(*, form, by):
    with transaction.atomic():
        lock_unchanged(form)  # two programme officers editing the same item: the second save is refused
        item = form.save()
        item.search_text = item_search_text(item)
        item.save(update_fields=["search_text"])
        record_event(verb="operation.toolkit_item_saved", actor=by, subject=item.title)
    return item


def toolkit_use(*, item, organisation, rating, by):
    """Record that the organisation used the item, with an optional rating from 1 to 5."""
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("Geef een beoordeling van 1 tot 5 sterren."))
    with transaction.atomic():
        use, _created = ToolkitUse.objects.update_or_create(
            item=item, organisation=organisation, defaults={"rating": rating}
        )
        record_event(verb="operation.toolkit_used", actor=by, organisation=organisation, subject=item.title)
    return use


TOOLKIT_FILE_BYTES = 20 * 1024 * 1024
TOOLKIT_FILE_KINDS = {
    # kind: (label, content type, extension)
    "pdf": ("PDF", "application/pdf", "pdf"),
    "docx": ("Word (docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("Excel (xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "odt": ("OpenDocument-tekst (odt)", "application/vnd.oasis.opendocument.text", "odt"),
    "png": ("PNG", "image/png", "png"),
    "jpeg": ("JPEG", "image/jpeg", "jpg"),
}


def _office_kind(upload):
    """docx, xlsx or odt for an Office or OpenDocument file (a zip archive), read from its content; else None."""
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def toolkit_file_kind(upload):
    """Check an uploaded toolkit file by its content and size; returns its kind or raises a specific message."""
    from einclusie.core.uploads import check_upload, detected_kind

    try:
        check_upload(upload, kinds={"pdf", "png", "jpeg", "xlsx"}, max_bytes=TOOLKIT_FILE_BYTES)
    except ValidationError as error:
        if error.code != "wrong_type":
            raise
        raise ValidationError(
            _("Dit bestand is geen PDF, Word (docx), Excel (xlsx), OpenDocument-tekst (odt), PNG of JPEG."),
            code="wrong_type",
        ) from error
    kind = detected_kind(upload)
    if kind == "xlsx":  # a zip archive: which Office document is it?
        kind = _office_kind(upload)
        if kind is None:
            raise ValidationError(
                _("Dit bestand is geen PDF, Word (docx), Excel (xlsx), OpenDocument-tekst (odt), PNG of JPEG."),
                code="wrong_type",
            )
    return kind


def toolkit_file_add(*, item, title, upload, by):
    """Attach a checked file to a toolkit item."""
    from einclusie.operation.models import ToolkitFile

    kind = toolkit_file_kind(upload)
    upload.name = f"file.{TOOLKIT_FILE_KINDS[kind][2]}"  # the stored name follows the content, not the upload's name
    with transaction.atomic():
        toolkit_file = ToolkitFile.objects.create(
            item=item, title=title, file=upload, kind=kind, size=upload.size, uploaded_by=by
        )
        record_event(verb="operation.toolkit_file_added", actor=by, subject=f"{item.title}: {title}")
    return toolkit_file


def toolkit_file_remove(*, toolkit_file, by):
    with transaction.atomic():
        title = toolkit_file.title
        toolkit_file.file.delete(save=False)
        toolkit_file.delete()
        record_event(verb="operation.toolkit_file_removed", actor=by, subject=title)
