import io

import pytest

from einclusie.core.models import Event
from einclusie.territory.importers import RowError, import_statistics
from einclusie.territory.models import Statistic

pytestmark = pytest.mark.django_db


def write(tmp_path, text, *, name="statistieken.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def value(nis_code, indicator, year):
    return Statistic.objects.get(municipality__nis_code=nis_code, indicator__code=indicator, year=year).value


def test_a_statbel_population_file_imports_its_values(territory, tmp_path):
    path = write(
        tmp_path,
        "\ufeffCD_REFNIS|TX_DESCR_NL|CD_YEAR|MS_POPULATION\n44021|Gent|2024|267000\n23106|Pajottegem|2024|40123\n",
    )
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.ok
    assert (report.rows, report.created, report.updated) == (2, 2, 0)
    assert value("44021", "inhabitants", 2024) == 267000
    assert value("23106", "inhabitants", 2024) == 40123
    assert Statistic.objects.get(municipality__nis_code="44021", year=2024).source == "statistieken.csv"


@pytest.mark.parametrize("delimiter", ["|", ";", ",", "\t"])
def test_the_delimiter_is_recognised(territory, tmp_path, delimiter):
    rows = [["CD_REFNIS", "INDICATOR", "YEAR", "MS_VALUE"], ["44021", "inhabitants_65_plus", "2024", "50000"]]
    path = write(tmp_path, "".join(delimiter.join(row) + "\r\n" for row in rows))
    report = import_statistics(file=path)
    assert report.ok, report.lines()
    assert value("44021", "inhabitants_65_plus", 2024) == 50000


def test_column_names_are_case_insensitive_and_a_comma_is_a_decimal_separator(territory, tmp_path):
    path = write(
        tmp_path,
        "cd_refnis;Indicator;cd_year;ms_value;Source\n41002;digitally_vulnerable_share;2024;12,5;Eigen schatting\n",
    )
    report = import_statistics(file=path)
    assert report.ok, report.lines()
    statistic = Statistic.objects.get(municipality__nis_code="41002", indicator__code="digitally_vulnerable_share")
    assert (statistic.value, statistic.year, statistic.source) == (pytest.approx(12.5), 2024, "Eigen schatting")


def test_an_open_file_can_be_imported_too(territory):
    upload = io.BytesIO(b"CD_REFNIS,MS_VALUE\n44021,3.25\n")
    report = import_statistics(file=upload, default_indicator="gemeentefonds_social", default_year=2023, source="VVSG")
    assert report.ok
    statistic = Statistic.objects.get(municipality__nis_code="44021", indicator__code="gemeentefonds_social")
    assert (statistic.value, statistic.year, statistic.source) == (pytest.approx(3.25), 2023, "VVSG")


def test_a_file_with_a_bad_row_imports_nothing_and_reports_line_and_column(territory, tmp_path):
    path = write(
        tmp_path,
        "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|267000\n99999|2024|1\n41002|2024|abc\n41002||89000\n4102|2024|1\n",
    )
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.errors == [
        RowError(3, "CD_REFNIS", "onbekende NIS-code 99999"),
        RowError(4, "MS_VALUE", "waarde is geen getal: 'abc'"),
        RowError(5, "CD_YEAR", "jaar ontbreekt"),
        RowError(6, "CD_REFNIS", "NIS-code moet uit 5 cijfers bestaan: '4102'"),
    ]
    assert (report.imported, report.rejected) == (0, 4)
    assert not Statistic.objects.filter(year=2024).exists()
    assert "regel 4, kolom MS_VALUE: waarde is geen getal: 'abc'" in report.lines()
    assert report.lines()[-1] == "Er is niets geïmporteerd."


def test_keep_good_rows_imports_the_rest(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|267000\n99999|2024|1\n41002|2024|89000\n")
    report = import_statistics(file=path, default_indicator="inhabitants", keep_good_rows=True)
    assert report.errors == [RowError(3, "CD_REFNIS", "onbekende NIS-code 99999")]
    assert (report.created, report.rejected) == (2, 1)
    assert value("44021", "inhabitants", 2024) == 267000
    assert value("41002", "inhabitants", 2024) == 89000


def test_a_row_is_never_imported_in_part(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|INDICATOR|MS_VALUE\n44021|2024|onbekend|5\n")
    report = import_statistics(file=path, keep_good_rows=True)
    assert report.errors[0].column == "INDICATOR"
    assert report.errors[0].message.startswith("onbekende indicator 'onbekend'")
    assert report.imported == 0
    assert not Statistic.objects.filter(year=2024).exists()


def test_duplicate_keys_in_a_file_are_an_error(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|1\n41002|2024|2\n44021|2024|3\n")
    report = import_statistics(file=path, default_indicator="inhabitants", keep_good_rows=True)
    assert [(error.line, error.column) for error in report.errors] == [(2, "CD_REFNIS"), (4, "CD_REFNIS")]
    assert "staan ook op regel 4" in report.errors[0].message
    assert report.created == 1
    assert not Statistic.objects.filter(municipality__nis_code="44021", year=2024).exists()


def test_an_existing_value_is_updated(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|1\n")
    import_statistics(file=path, default_indicator="inhabitants", source="eerste versie")
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|2\n")
    report = import_statistics(file=path, default_indicator="inhabitants", source="tweede versie")
    assert (report.created, report.updated) == (0, 1)
    statistic = Statistic.objects.get(municipality__nis_code="44021", year=2024)
    assert (statistic.value, statistic.source) == (2, "tweede versie")


def test_importing_twice_changes_nothing(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|1\n41002|2024|2\n")
    import_statistics(file=path, default_indicator="inhabitants")
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Event.objects.filter(verb="statistics.imported").count() == 1


def test_codes_of_municipalities_that_merged_are_accepted(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_POPULATION\n11007|2024|11400\n11056|2024|20000\n")
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.ok
    assert value("11007", "inhabitants", 2024) == 11400


def test_rows_about_municipalities_outside_flanders_are_skipped(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_POPULATION\n21004|2024|190000\n62063|2024|195000\n44021|2024|1\n")
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.ok
    assert (report.skipped, report.created) == (2, 1)
    assert report.lines()[1] == "2 rijen over gemeenten buiten het Vlaams Gewest overgeslagen."


def test_a_missing_column_is_reported_on_the_header_line(territory, tmp_path):
    path = write(tmp_path, "NIS|CD_YEAR|WAARDE\n44021|2024|1\n")
    report = import_statistics(file=path, default_indicator="inhabitants", keep_good_rows=True)
    assert [(error.line, error.column) for error in report.errors] == [
        (1, "CD_REFNIS"),
        (1, "MS_VALUE / MS_POPULATION"),
    ]
    assert report.imported == 0


def test_a_year_and_an_indicator_are_needed(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|MS_VALUE\n44021|1\n")
    report = import_statistics(file=path)
    assert {error.column for error in report.errors} == {"CD_YEAR / YEAR", "INDICATOR"}


@pytest.mark.parametrize(
    ("arguments", "column"),
    [({"default_indicator": "bestaat-niet"}, "--indicator"), ({"default_year": 20}, "--year")],
)
def test_wrong_arguments_are_reported(territory, tmp_path, arguments, column):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|INDICATOR|MS_VALUE\n44021|2024|inhabitants|1\n")
    report = import_statistics(file=path, **arguments)
    assert report.errors[0] == RowError(None, column, report.errors[0].message)
    assert report.imported == 0


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("", "waarde ontbreekt"),
        ("1.234,5", "waarde is geen getal: '1.234,5'"),
        ("NaN", "waarde is geen getal: 'NaN'"),
        ("1.23456", "waarde heeft meer dan 4 cijfers na de komma: '1.23456'"),
        ("1000000000000", "waarde is te groot: '1000000000000'"),
    ],
)
def test_a_value_must_be_a_number_that_fits(territory, tmp_path, cell, message):
    path = write(tmp_path, f"CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|{cell}\n")
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.errors == [RowError(2, "MS_VALUE", message)]


def test_a_file_that_is_not_utf8_is_refused(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|1\n45041|2024|Renaix é\n", encoding="latin-1")
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.errors == [RowError(3, "", "het bestand is geen geldige UTF-8-tekst")]


def test_a_row_with_too_many_cells_is_reported(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|1|extra\n")
    report = import_statistics(file=path, default_indicator="inhabitants")
    assert report.errors == [RowError(2, "", "de regel heeft 4 kolommen in plaats van 3")]


def test_an_empty_file_is_refused(territory, tmp_path):
    assert import_statistics(file=write(tmp_path, ""), default_indicator="inhabitants").errors
    assert import_statistics(
        file=write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n"), default_indicator="inhabitants"
    ).errors


def test_a_dry_run_checks_the_file_and_saves_nothing(territory, tmp_path):
    path = write(tmp_path, "CD_REFNIS|CD_YEAR|MS_VALUE\n44021|2024|1\n")
    report = import_statistics(file=path, default_indicator="inhabitants", dry_run=True)
    assert report.created == 1
    assert report.lines()[-1] == "Proefdraai: er is niets bewaard."
    assert not Statistic.objects.filter(year=2024).exists()
