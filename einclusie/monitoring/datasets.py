"""The open data sets: one per data item, municipality × month of a calendar year, suppressed; one per survey
(the quick scan, the residents' survey) with the results of its closed rounds per province; with DCAT-AP
metadata. The licence is the Flemish government's Modellicentie Gratis Hergebruik v1.0."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from einclusie.monitoring import dashboard, items

LICENCE = {
    "name": "Modellicentie Gratis Hergebruik v1.0",
    "url": "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0",
}
PUBLISHER = "e-inclusie"
HIDDEN = "afgeschermd"


def catalogue():
    """[{"slug", "item", "title", "description", "unit"}] of every data set."""
    result = []
    for code in items.DATA_ITEMS:
        result.append(
            {
                "slug": code.replace("_", "-"),
                "item": code,
                "title": _("%(item)s per gemeente en maand") % {"item": items.label(code)},
                "description": _(
                    "Aantal per gemeente (NIS-code van 2025) en maand. Aantallen van 1 tot 4 en de cellen die ze "
                    "zouden verraden zijn afgeschermd (leeg, met de vlag '%(hidden)s')."
                )
                % {"hidden": HIDDEN}
                if items.is_suppressed(code)
                else _("Bedrag of aantal per gemeente (NIS-code van 2025) en maand: openbare beslissingen."),
                "unit": items.DATA_ITEMS[code][1],
            }
        )
    return result


def survey_catalogue():
    """[{"slug", "survey" (the audience), "title", "description", "years"}]: a data set per survey, its years
    those of the closed rounds (newest first)."""
    from einclusie.monitoring.models import Audience
    from einclusie.monitoring.survey import SLUGS, published_rounds

    years = {}
    for audience, year in published_rounds().values_list("audience", "year"):
        years.setdefault(audience, []).append(year)
    titles = {
        Audience.LOCAL: _("Quickscan van de lokale besturen: resultaten per provincie"),
        Audience.RESIDENTS: _("Inwonersbevraging: resultaten per provincie"),
    }
    description = _(
        "Resultaten van de gesloten rondes, per jaar: het aantal antwoorden, de antwoorden per vraag en de "
        "indicatoren (aandeel in procent), voor Vlaanderen en per provincie. Aantallen van 1 tot 4 staan er als "
        "'<5', cijfers die ze zouden verraden als 'x'; een provincie met minder dan 5 antwoorden staat er zonder "
        "cijfers ('te weinig antwoorden'). Nooit per antwoord."
    )
    return [
        {
            "slug": slug,
            "survey": audience,
            "title": titles[audience],
            "description": description,
            "years": sorted(years.get(audience, []), reverse=True),
        }
        for slug, audience in SLUGS.items()
    ]


def by_slug(slug):
    return next((spec for spec in [*catalogue(), *survey_catalogue()] if spec["slug"] == slug), None)


def records(spec, year, *, territory=None):
    """The published records: [{"nis_code", "municipality", "province", "month", "value", "hidden"}], with a
    total per province (nis_code of the province) and for the region (nis_code "02000") per month."""
    territory = territory or dashboard.Territory()
    period = dashboard.Period.year(year)
    table = dashboard.item_tables(territory, period, protect=True, item_codes=[spec["item"]])[spec["item"]]
    result = []
    for pk in table.rows:
        municipality = territory.municipalities[pk]
        for month in period.months:
            value = table.value(pk, month)
            result.append(_record(municipality.nis_code, municipality.name, municipality.province.name, month, value))
    for pid in table.groups:
        province = territory.provinces[pid]
        for month in period.months:
            result.append(_record(province.nis_code, "", province.name, month, table.group_value(pid, month)))
    for month in period.months:
        result.append(_record("02000", "", "", month, table.column_total(month)))
    return result


def _record(nis_code, municipality, province, month, value):
    return {
        "nis_code": nis_code,
        "municipality": municipality,
        "province": province,
        "month": f"{month:%Y-%m}",
        "value": value,
        "hidden": value is None,
    }


def rows(spec, year):
    header = ["nis_code", "gemeente", "provincie", "maand", spec["item"], "vlag"]
    return header, [
        [r["nis_code"], r["municipality"], r["province"], r["month"], r["value"], HIDDEN if r["hidden"] else ""]
        for r in records(spec, year)
    ]


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def dcat_dataset(spec):
    """DCAT-AP (JSON-LD) of one data set, with its CSV, XLSX and JSON distributions."""
    if "survey" in spec:
        return dcat_survey_dataset(spec)
    download = reverse("monitoring:dataset_download", args=[spec["slug"]])
    api = reverse("open-data:facts") + f"?item={spec['item']}"
    distributions = [
        ("csv", "text/csv", download + "?formaat=csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download + "?formaat=xlsx"),
        ("json", "application/json", api),
    ]
    return {
        "@id": _absolute(reverse("open-data:dataset", args=[spec["slug"]])),
        "@type": "dcat:Dataset",
        "dct:identifier": spec["slug"],
        "dct:title": {"@language": "nl", "@value": str(spec["title"])},
        "dct:description": {"@language": "nl", "@value": str(spec["description"])},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": PUBLISHER},
        "dct:license": {"@id": LICENCE["url"]},
        "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/DAILY"},
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/atu/BEL_REG_VLG"},
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
        "dcat:landingPage": {"@id": _absolute(reverse("monitoring:open_data"))},
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:format": {"@id": f"http://publications.europa.eu/resource/authority/file-type/{name.upper()}"},
                "dcat:mediaType": media_type,
                "dcat:accessURL": {"@id": _absolute(url)},
                "dct:license": {"@id": LICENCE["url"]},
            }
            for name, media_type, url in distributions
        ],
    }


MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def dcat_survey_dataset(spec):
    """DCAT-AP of a survey's data set: its temporal coverage the years of the closed rounds, and per year a
    distribution in CSV, XLSX and JSON (the API)."""
    download = reverse("monitoring:dataset_download", args=[spec["slug"]])
    distributions = []
    for year in spec["years"]:
        urls = {
            "csv": f"{download}?jaar={year}&formaat=csv",
            "xlsx": f"{download}?jaar={year}&formaat=xlsx",
            "json": reverse("open-data:survey", args=[spec["survey"], year]),
        }
        for name, url in urls.items():
            distribution = {
                "@type": "dcat:Distribution",
                "dct:title": {"@language": "nl", "@value": f"{year} ({name.upper()})"},
                "dct:format": {"@id": f"http://publications.europa.eu/resource/authority/file-type/{name.upper()}"},
                "dcat:mediaType": MEDIA_TYPES[name],
                "dcat:accessURL": {"@id": _absolute(url)},
                "dct:temporal": _period(year, year),
                "dct:license": {"@id": LICENCE["url"]},
            }
            if name != "json":
                distribution["dcat:downloadURL"] = {"@id": _absolute(url)}
            distributions.append(distribution)
    dataset = {
        "@id": _absolute(reverse("open-data:dataset", args=[spec["slug"]])),
        "@type": "dcat:Dataset",
        "dct:identifier": spec["slug"],
        "dct:title": {"@language": "nl", "@value": str(spec["title"])},
        "dct:description": {"@language": "nl", "@value": str(spec["description"])},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": PUBLISHER},
        "dct:license": {"@id": LICENCE["url"]},
        "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"},
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/atu/BEL_REG_VLG"},
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
        "dcat:landingPage": {"@id": _absolute(reverse("monitoring:survey_rounds_public"))},
        "dcat:distribution": distributions,
    }
    if spec["years"]:
        dataset["dct:temporal"] = _period(min(spec["years"]), max(spec["years"]))
    return dataset


def _period(first_year, last_year):
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": {"@value": f"{first_year}-01-01", "@type": "xsd:date"},
        "dcat:endDate": {"@value": f"{last_year}-12-31", "@type": "xsd:date"},
    }


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def dcat_catalogue():
    return {
        "@context": CONTEXT,
        "@id": _absolute(reverse("open-data:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": {"@language": "nl", "@value": _("Open data van e-inclusie")},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": PUBLISHER},
        "dct:license": {"@id": LICENCE["url"]},
        "dcat:dataset": [dcat_dataset(spec) for spec in catalogue()]
        + [dcat_survey_dataset(spec) for spec in survey_catalogue() if spec["years"]],
    }
