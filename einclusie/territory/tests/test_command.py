import pytest
from django.core.management import CommandError, call_command

from einclusie.territory.models import Municipality, Statistic

pytestmark = pytest.mark.django_db


def test_territory_load_prints_its_report_and_is_safe_to_run_twice(capsys):
    call_command("territory", "load")
    assert "gemeenten: 312 nieuw, 0 bijgewerkt, 0 ongewijzigd" in capsys.readouterr().out
    call_command("territory", "load")
    assert "gemeenten: 0 nieuw, 0 bijgewerkt, 312 ongewijzigd" in capsys.readouterr().out
    assert Municipality.objects.count() == 312


def test_territory_load_dry_run_saves_nothing(capsys):
    call_command("territory", "load", "--dry-run")
    assert "Proefdraai: er is niets bewaard." in capsys.readouterr().out
    assert not Municipality.objects.exists()


def test_import_statistics_fails_when_rows_were_rejected_and_nothing_imported(territory, tmp_path, capsys):
    path = tmp_path / "bevolking.csv"
    path.write_text("CD_REFNIS|CD_YEAR|MS_POPULATION\n44021|2024|267000\n99999|2024|1\n")
    with pytest.raises(CommandError, match="1 fout gevonden"):
        call_command("territory", "import-statistics", str(path), "--indicator", "inhabitants")
    assert "regel 3, kolom CD_REFNIS: onbekende NIS-code 99999" in capsys.readouterr().out
    assert not Statistic.objects.filter(year=2024).exists()


def test_import_statistics_with_keep_good_rows_imports_the_rest(territory, tmp_path, capsys):
    path = tmp_path / "bevolking.csv"
    path.write_text("CD_REFNIS;MS_POPULATION\n44021;267000\n99999;1\n")
    call_command(
        "territory", "import-statistics", str(path), "--indicator", "inhabitants", "--year", "2024", "--keep-good-rows"
    )
    output = capsys.readouterr().out
    assert "2 rijen gelezen: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 afgekeurd." in output
    assert Statistic.objects.get(municipality__nis_code="44021", year=2024).value == 267000


def test_import_statistics_names_a_missing_file(territory, tmp_path):
    with pytest.raises(CommandError):
        call_command("territory", "import-statistics", str(tmp_path / "weg.csv"), "--indicator", "inhabitants")
