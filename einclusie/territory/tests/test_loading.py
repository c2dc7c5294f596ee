import csv
import datetime
from decimal import Decimal

import pytest

from einclusie.core.models import Event
from einclusie.territory.geo import distance_km
from einclusie.territory.models import Indicator, Municipality, PostalCode, Province, Statistic
from einclusie.territory.services import (
    IEDEREEN_DIGITAAL_2022_CSV,
    POPULATION_2022_CALL_SOURCE,
    POPULATION_2022_CALL_YEAR,
    territory_load,
)

pytestmark = pytest.mark.django_db

IN_2022 = datetime.date(2022, 6, 1)
IN_2025 = datetime.date(2025, 6, 1)
NEW_IN_2025 = [
    "23106",
    "37021",
    "37022",
    "44086",
    "44087",
    "44088",
    "46029",
    "46030",
    "71071",
    "71072",
    "73110",
    "73111",
]


def _snapshot():
    return (
        list(Province.objects.values_list()),
        list(Municipality.objects.order_by("pk").values_list()),
        list(PostalCode.objects.order_by("pk").values_list()),
        list(Indicator.objects.values_list()),
        list(Statistic.objects.order_by("pk").values_list()),
    )


def test_loading_creates_the_territory_of_flanders(territory):
    assert Province.objects.count() == 5
    assert Municipality.objects.count() == 312
    assert Municipality.objects.flemish().current(IN_2025).count() == 285
    assert Municipality.objects.flemish().current(IN_2022).count() == 300
    assert Municipality.objects.merged().count() == 13
    assert Municipality.objects.filter(valid_until=datetime.date(2025, 1, 1)).count() == 27
    assert sorted(Municipality.objects.filter(valid_from__isnull=False).values_list("nis_code", flat=True)) == (
        NEW_IN_2025
    )
    assert Indicator.objects.count() == 4


def test_the_report_counts_what_was_created(territory):
    assert {model._meta.model_name: counts.created for model, counts in territory.counts.items()} == {
        "province": 5,
        "municipality": 312,
        "postalcode": 522,
        "indicator": 4,
        "statistic": 299,
    }
    assert "gemeenten: 312 nieuw, 0 bijgewerkt, 0 ongewijzigd" in territory.lines()


def test_loading_twice_changes_nothing(territory):
    before = _snapshot()
    report = territory_load()
    assert _snapshot() == before
    assert not report.changed
    assert report.counts[Municipality].unchanged == 312
    assert report.counts[PostalCode].unchanged == 522
    assert report.counts[Statistic].unchanged == 299


def test_loading_again_repairs_what_was_changed(territory):
    Municipality.objects.filter(nis_code="44021").update(name_fr="Gent", has_language_facilities=True)
    PostalCode.objects.filter(code="9000").delete()
    PostalCode.objects.create(code="9999", municipality=Municipality.objects.get(nis_code="44021"))
    report = territory_load()
    gent = Municipality.objects.get(nis_code="44021")
    assert (gent.name_fr, gent.has_language_facilities) == ("Gand", False)
    assert report.counts[Municipality].updated == 1
    assert (report.counts[PostalCode].created, report.counts[PostalCode].deleted) == (1, 1)
    assert list(gent.postal_codes.filter(code__in=["9000", "9999"]).values_list("code", flat=True)) == ["9000"]


def test_a_dry_run_saves_nothing_but_reports_what_it_would_do(db):
    report = territory_load(dry_run=True)
    assert report.counts[Municipality].created == 312
    assert Municipality.objects.count() == 0
    assert report.lines()[-1] == "Proefdraai: er is niets bewaard."


def test_loading_takes_a_handful_of_queries(territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        territory_load()


def test_loading_records_an_event_only_when_something_changed(territory):
    assert Event.objects.filter(verb="territory.loaded").count() == 1
    territory_load()
    assert Event.objects.filter(verb="territory.loaded").count() == 1


def test_2022_codes_resolve_to_their_2025_municipality(territory):
    with open(IEDEREEN_DIGITAAL_2022_CSV, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    municipalities = Municipality.objects.in_bulk(field_name="nis_code")
    for row in rows:
        assert municipalities[row["nis_2022"]].resolve(IN_2025).nis_code == row["nis_2025"], row["name_nl"]
    assert municipalities["11007"].resolve().name_nl == "Antwerpen"
    assert municipalities["11056"].resolve().nis_code == "46030"
    # Hasselt got a new code: the old one is a municipality of its own that merged into the new Hasselt.
    assert municipalities["71022"].successor.nis_code == "71072"
    # Herstappe, the one municipality missing from the 2022 data, did not merge.
    assert municipalities["73028"].is_current(IN_2022)
    assert municipalities["73028"].is_current(IN_2025)


def test_a_2022_municipality_resolves_to_itself_in_2022(territory):
    borsbeek = Municipality.objects.get(nis_code="11007")
    assert borsbeek.resolve(IN_2022) == borsbeek


def test_mergers_list_their_former_municipalities(territory):
    def former(code):
        return sorted(Municipality.objects.get(nis_code=code).predecessors.values_list("name_nl", flat=True))

    assert former("23106") == ["Galmaarden", "Gooik", "Herne"]
    assert former("46030") == ["Beveren", "Kruibeke", "Zwijndrecht"]
    assert former("11002") == ["Borsbeek"]
    assert former("71072") == ["Hasselt", "Kortessem"]
    assert Municipality.objects.get(nis_code="11002").valid_from is None


def test_a_former_municipality_keeps_the_province_it_was_in(territory):
    zwijndrecht = Municipality.objects.select_related("province", "successor__province").get(nis_code="11056")
    assert zwijndrecht.province.nis_code == "10000"
    assert zwijndrecht.successor.province.nis_code == "40000"
    assert zwijndrecht.name_fr == zwijndrecht.name_nl == "Zwijndrecht"


def test_names_come_in_dutch_and_french(territory):
    assert Province.objects.get(nis_code="40000").name_nl == "Provincie Oost-Vlaanderen"
    assert Municipality.objects.get(nis_code="11002").name_fr == "Anvers"
    assert Municipality.objects.get(nis_code="73111").name_fr == "Tongres-Looz"


def test_the_twelve_municipalities_with_language_facilities(territory):
    names = Municipality.objects.filter(has_language_facilities=True).values_list("name_nl", flat=True)
    assert sorted(names) == [
        "Bever",
        "Drogenbos",
        "Herstappe",
        "Kraainem",
        "Linkebeek",
        "Mesen",
        "Ronse",
        "Sint-Genesius-Rode",
        "Spiere-Helkijn",
        "Voeren",
        "Wemmel",
        "Wezembeek-Oppem",
    ]


def test_postal_codes_belong_to_the_municipalities_of_2025(territory):
    assert PostalCode.objects.count() == 522
    assert set(PostalCode.objects.filter(code="9000").values_list("municipality__nis_code", flat=True)) == {"44021"}
    # Borsbeek's postal code now belongs to Antwerpen.
    assert set(PostalCode.objects.filter(code="2150").values_list("municipality__nis_code", flat=True)) == {"11002"}
    assert not PostalCode.objects.filter(municipality__valid_until__isnull=False).exists()
    assert not Municipality.objects.flemish().current(IN_2025).filter(postal_codes__isnull=True).exists()


def test_the_population_of_the_2022_call_is_kept_per_2022_municipality(territory):
    statistics = Statistic.objects.filter(indicator__code="inhabitants", year=POPULATION_2022_CALL_YEAR)
    assert statistics.count() == 299
    assert sum(statistics.values_list("value", flat=True)) == Decimal(6652984)
    assert statistics.get(municipality__nis_code="11007").value == 11077  # Borsbeek, before the merger
    assert statistics.get(municipality__nis_code="11002").value == 529417  # Antwerpen without Borsbeek
    assert set(statistics.values_list("source", flat=True)) == {POPULATION_2022_CALL_SOURCE}
    assert not statistics.filter(municipality__nis_code="73028").exists()


def test_loading_keeps_a_value_that_another_source_brought(territory):
    Statistic.objects.filter(municipality__nis_code="44021", indicator__code="inhabitants").update(
        value=1, source="Statbel"
    )
    territory_load()
    statistic = Statistic.objects.get(municipality__nis_code="44021", indicator__code="inhabitants")
    assert (statistic.value, statistic.source) == (1, "Statbel")


def test_every_current_municipality_gets_an_approximate_position(territory):
    current = Municipality.objects.flemish().current(IN_2025)
    assert not current.filter(latitude__isnull=True).exists()
    # Flanders lies between 50.6 and 51.6 degrees north, 2.5 and 6.0 degrees east.
    assert not current.exclude(latitude__range=(50.6, 51.6), longitude__range=(2.5, 6.0)).exists()
    gent = Municipality.objects.get(nis_code="44021")
    assert distance_km(float(gent.latitude), float(gent.longitude), 51.054, 3.717) < 5
    # The municipalities that merged are found through the one they merged into.
    assert not Municipality.objects.filter(valid_until__isnull=False, latitude__isnull=False).exists()
