"""Distribution keys on the real reference data: the 2022 call and a what-if over the municipalities of 2025."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from einclusie.subsidies import services
from einclusie.subsidies.demo import call_2022_load
from einclusie.subsidies.models import Call, DistributionKey, KeyMethod, KeyStatus
from einclusie.territory.models import Indicator, Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_2022(territory):
    call_2022_load()
    return Call.objects.get(slug="iedereen-digitaal-2022")


def test_the_2022_drawing_rights_are_published_as_they_were(call_2022):
    key = call_2022.published_key()
    assert key.version == 1
    assert key.drawing_rights.count() == 299
    assert sum(right.amount for right in key.drawing_rights.all()) == Decimal("23124995")
    assert key.drawing_rights.get(municipality__nis_code="41002").amount == Decimal("329827")


def test_the_what_if_shares_the_envelope_over_the_municipalities_of_2025_exactly(call_2022):
    key = call_2022.keys.get(version=2)
    rights = list(key.drawing_rights.select_related("municipality"))
    assert len(rights) == 284  # the 285 municipalities of 2025 without Herstappe
    assert sum(right.amount for right in rights) == Decimal("23125000")
    assert min(right.amount for right in rights) >= 10000
    assert all(right.municipality.is_current(datetime.date(2025, 1, 1)) for right in rights)


def test_a_merged_municipality_counts_the_inhabitants_of_its_parts(call_2022):
    key = call_2022.keys.get(version=2)
    nazareth_de_pinte = key.drawing_rights.get(municipality__nis_code="44086")
    value = nazareth_de_pinte.explanation["components"][0]["value"]
    parts = Municipality.objects.get(nis_code="44086").predecessors.values_list("nis_code", flat=True)
    assert sorted(parts) == ["44012", "44048"]
    from einclusie.territory.models import Statistic

    expected = sum(
        Statistic.objects.filter(
            municipality__nis_code__in=parts, indicator__code="inhabitants", year=2021
        ).values_list("value", flat=True)
    )
    assert Decimal(value) == expected


def test_comparing_2022_with_the_what_if_adds_former_municipalities_to_their_successor(call_2022):
    fixed, what_if = call_2022.keys.get(version=1), call_2022.keys.get(version=2)
    rows = services.key_compare(fixed, what_if)
    by_code = {row.municipality.nis_code: row for row in rows}
    assert "44012" not in by_code
    assert by_code["44086"].first == sum(
        fixed.drawing_rights.filter(municipality__nis_code__in=["44012", "44048"]).values_list("amount", flat=True)
    )
    assert sum(row.first for row in rows) == Decimal("23124995")
    assert sum(row.second for row in rows) == Decimal("23125000")
    assert rows == sorted(rows, key=lambda row: (row.change, row.municipality.name_nl))


def test_a_published_version_cannot_be_recomputed(call_2022):
    key = call_2022.published_key()
    with pytest.raises(ValidationError, match="gepubliceerde versie"):
        services.key_import_fixed(key=key, text="nis_code;amount\n41002;1\n", by=None)


def test_a_formula_key_names_the_municipalities_without_statistics(call_2022):
    key = services.key_create(
        call=call_2022,
        by=None,
        name="Zonder uitsluiting",
        envelope=Decimal(1000000),
        reference_date=datetime.date(2025, 1, 1),
        statistics_year=2021,
    )
    key.components.create(indicator=Indicator.objects.get(code="inhabitants"), weight=1)
    with pytest.raises(ValidationError, match=r"Herstappe \(73028\)"):
        services.key_compute(key=key, by=None)
    assert not key.drawing_rights.exists()
    key.refresh_from_db()
    assert key.status == KeyStatus.DRAFT


def test_a_copy_is_a_new_draft_version_with_the_same_components(call_2022):
    what_if = call_2022.keys.get(version=2)
    copy = services.key_copy(key=what_if, by=None)
    assert copy.version == 3
    assert copy.status == KeyStatus.DRAFT
    assert list(copy.components.values_list("indicator__code", "weight")) == [("inhabitants", Decimal(1))]
    assert list(copy.excluded.values_list("nis_code", flat=True)) == ["73028"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nis_code;amount\n99999;10\n", "Onbekende NIS-code 99999"),
        ("nis_code;amount\n41002;10\n41002;12\n", "staat al op regel 2"),
        ("nis_code;amount\n41002;tien\n", "tien is geen bedrag"),
        ("nis_code;amount\n41002;-5\n", "niet negatief"),
        ("nis_code;amount\n41002;10,123\n", "twee cijfers na de komma"),
        ("nis_code;bedrag\n41002;10\n", "De kolom amount ontbreekt"),
        ("nis_code;amount\n41002;999999999\n", "meer dan het budget"),
    ],
)
def test_fixed_amounts_with_a_bad_line_import_nothing(call_2022, text, message):
    key = services.key_create(
        call=call_2022,
        by=None,
        name="Vast",
        method=KeyMethod.FIXED,
        envelope=Decimal(1000000),
        reference_date=datetime.date(2025, 1, 1),
        statistics_year=2021,
    )
    report = services.key_import_fixed(key=key, text=text + "44021;20\n", by=None)
    assert any(message in error for _line, error in report.errors)
    assert not key.drawing_rights.exists()


def test_fixed_amounts_accept_a_decimal_comma(call_2022):
    key = services.key_create(
        call=call_2022,
        by=None,
        name="Vast",
        method=KeyMethod.FIXED,
        envelope=Decimal(1000000),
        reference_date=datetime.date(2025, 1, 1),
        statistics_year=2021,
    )
    report = services.key_import_fixed(key=key, text='nis_code,amount\n44021,"1234,50"\n', by=None)
    assert report.ok, report.errors
    assert key.drawing_rights.get().amount == Decimal("1234.50")


def test_versions_are_numbered_per_call(call_2022):
    assert list(DistributionKey.objects.filter(call=call_2022).values_list("version", flat=True)) == [1, 2]
