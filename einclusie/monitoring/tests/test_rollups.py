import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from einclusie.monitoring import dashboard, items
from einclusie.monitoring.models import MonthlyFact, ProvinceMonthlyFact, RegionMonthlyFact
from einclusie.monitoring.services import monitoring_refresh
from einclusie.monitoring.tests.conftest import add_contacts

pytestmark = pytest.mark.django_db
KEYS = ("month", "item", "dimension", "code")


def sums_of_the_facts(*keys):
    rows = MonthlyFact.objects.values(*keys).annotate(total=Sum("value")).order_by()
    return {tuple(row[key] for key in keys): row["total"] for row in rows}


def rollup(model, *keys):
    return {tuple(row[key] for key in keys): row["value"] for row in model.objects.values(*keys, "value")}


def assert_rollups_match_the_facts():
    assert rollup(ProvinceMonthlyFact, "province_id", *KEYS) == sums_of_the_facts("province_id", *KEYS)
    assert rollup(RegionMonthlyFact, *KEYS) == sums_of_the_facts(*KEYS)


def test_the_rollups_are_the_sums_of_the_monthly_facts_after_a_full_refresh(world, gent):
    assert_rollups_match_the_facts()
    january = RegionMonthlyFact.objects.of(items.HELP_CONTACTS).in_months(datetime.date(2026, 1, 1)).per_month()
    assert [(row["month"], row["value"]) for row in january] == [
        (datetime.date(2026, 1, 1), 33),
        (datetime.date(2026, 2, 1), 2),
    ]
    province = ProvinceMonthlyFact.objects.of(items.HELP_CONTACTS).in_province(gent.municipality.province)
    assert province.total() == 35


def test_an_incremental_refresh_updates_the_rollups_of_the_touched_months_only(world, aalst):
    from einclusie.contacts.models import HelpContact

    HelpContact.objects.update(logged_at=timezone.now() - datetime.timedelta(hours=1))
    january_before = set(RegionMonthlyFact.objects.filter(month=datetime.date(2026, 1, 1)).values_list("pk", flat=True))
    add_contacts(world["aalst_point"], datetime.date(2026, 3, 5), 4, topic="ebox")
    monitoring_refresh(since=timezone.now() - datetime.timedelta(minutes=1))
    assert_rollups_match_the_facts()
    assert RegionMonthlyFact.objects.of(items.HELP_CONTACTS).in_months(datetime.date(2026, 3, 1)).total() == 4
    assert RegionMonthlyFact.objects.of(items.HELP_CONTACTS, "topic").filter(code="ebox").total() == 6
    # January was not touched: its rows were not rewritten.
    january_after = set(RegionMonthlyFact.objects.filter(month=datetime.date(2026, 1, 1)).values_list("pk", flat=True))
    assert january_after == january_before


def test_a_removed_contact_leaves_the_rollups_after_a_full_refresh(world, gent):
    from einclusie.contacts.models import HelpContact

    HelpContact.objects.filter(help_point=world["gent_point"], date__month=2).delete()
    monitoring_refresh(full=True)
    assert_rollups_match_the_facts()
    assert not RegionMonthlyFact.objects.of(items.HELP_CONTACTS).filter(month=datetime.date(2026, 2, 1)).exists()


def test_the_staff_dashboard_reads_the_same_figures_from_the_rollups(world, gent):
    territory = dashboard.Territory()
    period = dashboard.Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    province = gent.municipality.province
    for area, january, itsme in (
        (("region", None), 33, 33),
        (("province", province), 33, 33),
        (("municipality", gent.municipality), 30, 30),
    ):
        result = dashboard.figures(
            territory=territory, period=period, area=area, item=items.HELP_CONTACTS, protect=False
        )
        charts = {chart.key: chart for chart in result["charts"]}
        assert charts["maanden"].rows == [["2026-01", january], ["2026-02", 2], ["2026-03", 0]]
        assert [row[1] for row in charts["topic"].rows] == [itsme, 2]  # itsme, then ebox
        totals = {row["item"]: row["value"] for row in result["totals"]}
        assert totals[items.HELP_CONTACTS] == january + 2
    region = dashboard.figures(
        territory=territory, period=period, area=("region", None), item=items.HELP_CONTACTS, protect=False
    )
    by_province = {row[0]: row[1] for row in next(c for c in region["charts"] if c.key == "provincies").rows}
    assert by_province[province.name] == 35
    assert sum(by_province.values()) == 35
