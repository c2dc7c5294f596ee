"""Writes of the monitoring: refreshing the monthly facts and their rollups, and loading the indicators.

The refresh is incremental for help contacts (the big table): only the municipality × month cells of contacts
logged since the watermark are recomputed. The other modules are small and recomputed whole. A full refresh
(`einclusie monitoring refresh --full`, nightly) also corrects contacts that were removed. The province and
region rollups are recounted from the monthly facts for the same months and data items, in the same
transaction, so they never disagree with the facts.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from einclusie.monitoring import sources
from einclusie.monitoring.models import (
    Indicator,
    MonthlyFact,
    ProvinceMonthlyFact,
    RefreshState,
    RegionMonthlyFact,
)

INDICATORS_JSON = Path(__file__).resolve().parent / "data" / "indicators.json"
# Contacts logged up to this long before the last refresh are looked at again: a transaction that was still
# open when the refresh ran is counted by the next one (recounting a cell twice is harmless).
OVERLAP = datetime.timedelta(minutes=5)
# A dashboard refreshes the facts itself when they are older than this (no worker running; see tasks.py).
STALE_AFTER = datetime.timedelta(minutes=1)
BATCH = 5000


def _places():
    """nis_code -> (municipality id, province id), a merged municipality's code leading to its successor."""
    from einclusie.territory.models import Municipality

    rows = {row["id"]: row for row in Municipality.objects.values("id", "nis_code", "province_id", "successor_id")}
    places = {}
    for row in rows.values():
        target, seen = row, set()
        while target["successor_id"] and target["successor_id"] in rows and target["id"] not in seen:
            seen.add(target["id"])
            target = rows[target["successor_id"]]
        places[row["nis_code"]] = (target["id"], target["province_id"])
    return places


def _facts(rows, places):
    """MonthlyFact instances for {(nis, month, item, dimension, code): value}, merged into today's municipality."""
    merged = {}
    for (nis_code, month, item, dimension, code), value in rows.items():
        if nis_code not in places or not value:
            continue
        municipality_id, province_id = places[nis_code]
        key = (municipality_id, province_id, month, item, dimension, code)
        merged[key] = merged.get(key, 0) + value
    return [
        MonthlyFact(
            municipality_id=municipality_id,
            province_id=province_id,
            month=month,
            item=item,
            dimension=dimension,
            code=code,
            value=value,
        )
        for (municipality_id, province_id, month, item, dimension, code), value in merged.items()
    ]


def _roll_up(*, item_codes, months=None):
    """Recount the province and region rollups of these data items from the Flemish municipalities' facts.

    `months`: only these months (first days); None: every month. Returns the number of rollup rows written.
    """
    keys = ("month", "item", "dimension", "code")
    facts = MonthlyFact.objects.filter(item__in=item_codes, municipality__is_flemish=True)
    provinces = ProvinceMonthlyFact.objects.filter(item__in=item_codes)
    regions = RegionMonthlyFact.objects.filter(item__in=item_codes)
    if months is not None:
        if not months:
            return 0
        months = sorted(months)
        facts, provinces, regions = (q.filter(month__in=months) for q in (facts, provinces, regions))
    provinces.delete()
    regions.delete()
    province_rows, region_values = [], {}
    for row in facts.values("province_id", *keys).annotate(total=Sum("value")).order_by():
        value = row.pop("total")
        province_rows.append(ProvinceMonthlyFact(value=value, **row))
        key = tuple(row[name] for name in keys)
        region_values[key] = region_values.get(key, 0) + value
    region_rows = [
        RegionMonthlyFact(value=value, **dict(zip(keys, key, strict=True))) for key, value in region_values.items()
    ]
    ProvinceMonthlyFact.objects.bulk_create(province_rows, batch_size=BATCH)
    RegionMonthlyFact.objects.bulk_create(region_rows, batch_size=BATCH)
    return len(province_rows) + len(region_rows)


def _touched_cells(since):
    """(nis_code, month) of the help contacts logged after `since`."""
    from einclusie.contacts.models import HelpContact

    rows = (
        HelpContact.objects.filter(logged_at__gt=since).values_list(sources.CONTACT_PLACE, "date").distinct().order_by()
    )
    return {(nis_code, sources.first_of_month(day)) for nis_code, day in rows}


def monitoring_refresh(*, since=None, full=False):
    """Recompute the monthly facts; returns {"cells": …, "facts": …, "full": bool}.

    `since`: recount the help contacts logged after this moment (default: the stored watermark). The first
    refresh, and `full=True`, recount everything.
    """
    started = timezone.now()
    places = _places()
    with transaction.atomic():
        state = RefreshState.current()
        state = RefreshState.objects.select_for_update().get(pk=state.pk)
        full = full or state.refreshed_at is None
        if full:
            contact_facts = _facts(sources.help_contacts(), places)
            MonthlyFact.objects.filter(item__in=sources.CONTACT_ITEMS).delete()
            cells = None
            touched_months = None
        else:
            since = since or (state.contacts_logged_at - OVERLAP)
            cells = _touched_cells(since)
            contact_facts = _facts(sources.help_contacts(cells=cells), places)
            by_month = {}
            for nis_code, month in cells:
                if nis_code in places:
                    by_month.setdefault(month, set()).add(places[nis_code][0])
            for month, municipality_ids in by_month.items():
                MonthlyFact.objects.filter(
                    item__in=sources.CONTACT_ITEMS, month=month, municipality_id__in=municipality_ids
                ).delete()
            touched_months = {month for _nis_code, month in cells}
        other_facts = _facts(sources.other_modules(), places)
        MonthlyFact.objects.filter(item__in=sources.OTHER_ITEMS).delete()
        MonthlyFact.objects.bulk_create(contact_facts + other_facts, batch_size=BATCH)
        rolled_up = _roll_up(item_codes=sources.CONTACT_ITEMS, months=touched_months)
        rolled_up += _roll_up(item_codes=sources.OTHER_ITEMS)
        state.refreshed_at = timezone.now()
        state.contacts_logged_at = started
        if full:
            state.full_refreshed_at = state.refreshed_at
        state.save()
    written = len(contact_facts) + len(other_facts)
    return {"cells": None if cells is None else len(cells), "facts": written, "rollups": rolled_up, "full": full}


def refresh_if_stale():
    """Refresh now when the facts are older than a minute: the fallback when no task worker runs."""
    from einclusie.monitoring.replica import primary

    with primary():
        state = RefreshState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
        if state is None or timezone.now() - state > STALE_AFTER:
            return monitoring_refresh()
    return None


INDICATOR_FIELDS = [
    "name_nl",
    "name_fr",
    "name_en",
    "description",
    "numerator",
    "denominator",
    "factor",
    "decimals",
    "unit",
    "position",
    "is_public",
]


def indicators_load(*, path=INDICATORS_JSON, dry_run=False, model=Indicator):
    """Create or update the indicators of the JSON file (by code); returns {"created": n, "updated": n, …}.

    Indicators the programme team added in the admin are left alone. Safe to run twice.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = model.objects.in_bulk(field_name="code")
        for position, row in enumerate(data["indicators"], start=1):
            values = {field: row[field] for field in INDICATOR_FIELDS if field in row}
            values.setdefault("position", position)
            indicator = existing.get(row["code"])
            if indicator is None:
                model.objects.create(code=row["code"], **values)
                counts["created"] += 1
                continue
            changed = [field for field, value in values.items() if not _same(getattr(indicator, field), value)]
            if changed:
                for field in changed:
                    setattr(indicator, field, values[field])
                indicator.save(update_fields=changed)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if dry_run:
            transaction.set_rollback(True)
    return counts


def _same(current, value):
    if isinstance(current, Decimal):
        return current == Decimal(str(value))
    return current == value
