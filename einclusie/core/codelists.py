"""The shared code lists (core/data/codelists.json): loading them and reading them."""

import json
import uuid
from pathlib import Path

from django.db import transaction

from einclusie.core.models import Code, CodeList

DATA_FILE = Path(__file__).parent / "data" / "codelists.json"
# Stable identifiers, the same on every installation, so HSDS ids of taxonomies and terms never change.
UUID_NAMESPACE = uuid.UUID("5b6f3f0e-3d0c-4b8e-9a53-6d7c1f1e2a10")

HELP_TOPICS = "help-topics"
ACTION_TYPES = "action-types"
TARGET_GROUPS = "target-groups"
PARTNERS = "partners"
DIGCOMP_AREAS = "digcomp-areas"
LANGUAGES = "languages"
REQUIRED_DOCUMENTS = "required-documents"
MEASURES = "measures"


def codelists_load(*, dry_run=False):
    """Create or update every shipped list and code; codes no longer shipped are deactivated, never deleted.

    Returns a dict of counts: created, updated, unchanged, deactivated.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deactivated": 0}
    specs = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    with transaction.atomic():
        for spec in specs:
            list_fields = {key: spec[key] for key in ("name_nl", "name_fr", "name_en", "version", "description")}
            code_list = CodeList.objects.filter(slug=spec["slug"]).first()
            if code_list is None:
                code_list = CodeList.objects.create(
                    slug=spec["slug"], uuid=uuid.uuid5(UUID_NAMESPACE, spec["slug"]), **list_fields
                )
                counts["created"] += 1
            else:
                _update(code_list, list_fields, counts)
            shipped = set()
            for code_spec in spec["codes"]:
                shipped.add(code_spec["code"])
                fields = {key: code_spec[key] for key in ("label_nl", "label_fr", "label_en", "position")}
                fields["is_active"] = True
                code = Code.objects.filter(code_list=code_list, code=code_spec["code"]).first()
                if code is None:
                    Code.objects.create(
                        code_list=code_list,
                        code=code_spec["code"],
                        uuid=uuid.uuid5(UUID_NAMESPACE, f"{spec['slug']}/{code_spec['code']}"),
                        **fields,
                    )
                    counts["created"] += 1
                else:
                    _update(code, fields, counts)
            counts["deactivated"] += (
                Code.objects.filter(code_list=code_list, is_active=True)
                .exclude(code__in=shipped)
                .update(is_active=False)
            )
        if dry_run:
            transaction.set_rollback(True)
    return counts


def _update(obj, fields, counts):
    changed = [key for key, value in fields.items() if getattr(obj, key) != value]
    if changed:
        for key in changed:
            setattr(obj, key, fields[key])
        obj.save(update_fields=changed)
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1


def codes(list_slug):
    """The active codes of a list, in order."""
    return Code.objects.active().of(list_slug)
