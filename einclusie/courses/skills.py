"""The anonymous skills check: its questionnaire (data), its codes, and the group results a coordinator sees.

A learner gets a short code after the first check and types it in at the second one; the two checks are
linked by that code only. Results are shown for a group of at least MIN_GROUP people, never per person.
"""

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from einclusie.core.codelists import DIGCOMP_AREAS

DATA_FILE = Path(__file__).parent / "data" / "skills_check.json"
MIN_GROUP = 5
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing a person can misread on paper.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


def skills_check_load(apps=None):
    """Create or update every questionnaire version in the data file. Safe to run twice; returns counts.

    `apps` is a migration's app registry (the loader also runs from a data migration).
    """
    if apps is None:
        from einclusie.courses.models import Questionnaire, SkillsItem
    else:
        Questionnaire = apps.get_model("courses", "Questionnaire")  # noqa: N806
        SkillsItem = apps.get_model("courses", "SkillsItem")  # noqa: N806
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    specs = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    with transaction.atomic():
        for spec in specs:
            fields = {key: spec[key] for key in ("title_nl", "title_fr", "title_en", "scale", "is_current")}
            questionnaire, created = Questionnaire.objects.get_or_create(version=spec["version"], defaults=fields)
            _count(questionnaire, fields, created, counts)
            for position, item_spec in enumerate(spec["items"], start=1):
                item_fields = {key: item_spec[key] for key in ("text_nl", "text_fr", "text_en", "area")}
                item_fields["position"] = position
                item, created = SkillsItem.objects.get_or_create(
                    questionnaire=questionnaire, code=item_spec["code"], defaults=item_fields
                )
                _count(item, item_fields, created, counts)
    return counts


def _count(obj, fields, created, counts):
    if created:
        counts["created"] += 1
        return
    changed = [key for key, value in fields.items() if getattr(obj, key) != value]
    for key in changed:
        setattr(obj, key, fields[key])
    if changed:
        obj.save(update_fields=changed)
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1


def new_code():
    """A random code of six characters that cannot be misread, e.g. K7PA3Q (shown as K7P-A3Q)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def normalise_code(text):
    """Upper case without spaces or dashes: "k7p-a3q " → "K7PA3Q"."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def display_code(code):
    """The code as printed for people: two groups of three."""
    return f"{code[:3]}-{code[3:]}" if len(code) == CODE_LENGTH else code


@dataclass
class AreaChange:
    label: str
    before: float
    after: float

    @property
    def change(self):
        return self.after - self.before


@dataclass
class GroupResult:
    pairs: int
    areas: list = field(default_factory=list)

    @property
    def shown(self):
        return self.pairs >= MIN_GROUP


def group_result(pairs):
    """Average self-rating per DigComp area before and after, over linked pairs; nothing below MIN_GROUP.

    `pairs` is a SkillsCheck queryset of after-checks with their before-check (SkillsCheck.objects.pairs()).
    Each person counts once per area: the mean of their answers in that area.
    """
    from einclusie.core.codelists import codes
    from einclusie.courses.models import SkillsAnswer

    links = dict(pairs.values_list("pk", "before_id"))
    result = GroupResult(pairs=len(links))
    if not result.shown:
        return result
    per_check = {}
    answers = SkillsAnswer.objects.filter(skills_check_id__in=[*links, *links.values()]).values_list(
        "skills_check_id", "item__area", "rating"
    )
    for check_id, area, rating in answers:
        per_check.setdefault(check_id, {}).setdefault(area, []).append(rating)
    totals = {}
    for after_id, before_id in links.items():
        before, after = per_check.get(before_id, {}), per_check.get(after_id, {})
        for area in set(before) & set(after):
            sums = totals.setdefault(area, [0.0, 0.0, 0])
            sums[0] += sum(before[area]) / len(before[area])
            sums[1] += sum(after[area]) / len(after[area])
            sums[2] += 1
    labels = {area.code: area.label for area in codes(DIGCOMP_AREAS)}
    order = list(labels)
    for area in sorted(totals, key=lambda code: (order.index(code) if code in order else len(order), code)):
        before_sum, after_sum, people = totals[area]
        if people >= MIN_GROUP:
            result.areas.append(AreaChange(labels.get(area, area), before_sum / people, after_sum / people))
    return result
