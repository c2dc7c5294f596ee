"""What the dashboards show, for the region, a province or one municipality, with or without suppression.

Every figure comes from the monthly facts and their rollups. Public figures come from one suppressed table per
data item and calendar year (municipalities × months, with province and region totals), so that every public
page, download and API answer reads the same hidden cells: a small count cannot be found by subtracting two of
them (SuppressedReader). Staff dashboards (programme team, a coordinator for their own municipality) are not
suppressed, may choose any run of months and read each question from the coarsest table that answers it: the
region's or a province's rollup, one municipality's own rows (RollupReader).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from einclusie.monitoring import charts, items
from einclusie.monitoring.disclosure import Table
from einclusie.monitoring.indicators import compute, statistic
from einclusie.monitoring.models import Indicator, MonthlyFact, ProvinceMonthlyFact, RegionMonthlyFact
from einclusie.territory.boundaries import map_paths

FIRST_YEAR = 2015
MAX_MONTHS = 60
TOP_CODES = 10


class FilterError(ValueError):
    """A filter that cannot be answered: the message says why (shown with status 400)."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def months(self):
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    @classmethod
    def last_months(cls, count, today=None):
        end = (today or timezone.localdate()).replace(day=1)
        total = end.year * 12 + end.month - count
        return cls(datetime.date(total // 12, total % 12 + 1, 1), end)

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 1))


def parse_month(text, name):
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        raise FilterError(
            _("%(name)s moet een maand zijn als JJJJ-MM, bijvoorbeeld 2026-01.") % {"name": name}
        ) from None


def parse_period(start_text, end_text, *, today=None):
    """The run of months of a staff dashboard (default: the last 12 months)."""
    today = today or timezone.localdate()
    if not start_text and not end_text:
        return Period.last_months(12, today)
    default = Period.last_months(12, today)
    start = parse_month(start_text, "van") if start_text else default.start
    end = parse_month(end_text, "tot") if end_text else default.end
    if start > end:
        raise FilterError(_("De periode begint na het einde: kies een begin vóór het einde."))
    if start.year < FIRST_YEAR or end > today.replace(day=1):
        raise FilterError(
            _("Kies maanden van %(first)s tot nu: er zijn geen cijfers van daarvoor of van later.")
            % {"first": FIRST_YEAR}
        )
    if len(Period(start, end).months) > MAX_MONTHS:
        raise FilterError(_("Kies ten hoogste %(count)s maanden.") % {"count": MAX_MONTHS})
    return Period(start, end)


def parse_year(text, *, today=None):
    """The calendar year of a public page (default: this year)."""
    today = today or timezone.localdate()
    if not text:
        return today.year
    try:
        year = int(text)
    except ValueError:
        raise FilterError(_("jaar moet een jaartal zijn, bijvoorbeeld 2026.")) from None
    if not FIRST_YEAR <= year <= today.year:
        raise FilterError(_("Kies een jaar van %(first)s tot %(last)s.") % {"first": FIRST_YEAR, "last": today.year})
    return year


def parse_item(text):
    if not text:
        return items.HELP_CONTACTS
    if text not in items.DATA_ITEMS:
        raise FilterError(_("Onbekend gegeven: %(code)s.") % {"code": text[:60]})
    return text


class Territory:
    """The current Flemish municipalities and provinces, read once per request."""

    def __init__(self):
        from einclusie.territory.models import Municipality

        self.municipalities = {
            m.pk: m for m in Municipality.objects.current().flemish().select_related("province").order_by("name_nl")
        }
        self.by_code = {m.nis_code: m for m in self.municipalities.values()}
        self.provinces = {}
        for municipality in self.municipalities.values():
            self.provinces.setdefault(municipality.province_id, municipality.province)
        self.members = {pk: [] for pk in self.provinces}
        for municipality in self.municipalities.values():
            self.members[municipality.province_id].append(municipality.pk)

    def province_by_code(self, code):
        return next((p for p in self.provinces.values() if p.nis_code == code), None)

    def area(self, *, province_code="", municipality_code=""):
        """("region" | "province" | "municipality", object); FilterError for an unknown code."""
        if municipality_code:
            municipality = self.by_code.get(municipality_code)
            if municipality is None:
                raise FilterError(_("Onbekende gemeente: %(code)s.") % {"code": municipality_code[:10]})
            return "municipality", municipality
        if province_code:
            province = self.province_by_code(province_code)
            if province is None:
                raise FilterError(_("Onbekende provincie: %(code)s.") % {"code": province_code[:10]})
            return "province", province
        return "region", None

    def ids_of(self, area):
        kind, obj = area
        if kind == "municipality":
            return [obj.pk]
        if kind == "province":
            return self.members.get(obj.pk, [])
        return list(self.municipalities)


def item_tables(territory, period, *, protect, item_codes=None):
    """{item: Table of municipalities × months} for the period, in one query."""
    item_codes = item_codes or list(items.DATA_ITEMS)
    values = {item: {} for item in item_codes}
    rows = (
        MonthlyFact.objects.filter(item__in=item_codes, dimension="", municipality_id__in=territory.municipalities)
        .in_months(period.start, period.end)
        .values("item", "municipality_id", "month")
        .annotate(total=_sum())
        .order_by()
    )
    for row in rows:
        values[row["item"]][(row["municipality_id"], row["month"])] = row["total"]
    tables = {}
    for item in item_codes:
        municipality_ids = sorted({pk for pk, _month in values[item]})
        present = set(municipality_ids)
        groups = {pid: [pk for pk in ids if pk in present] for pid, ids in territory.members.items()}
        tables[item] = Table(
            municipality_ids,
            period.months,
            values[item],
            groups={pid: ids for pid, ids in groups.items() if ids},
            protect=protect and items.is_suppressed(item),
        )
    return tables


def dimension_table(territory, period, item, dimension, *, protect):
    """A Table of municipalities × codes of one disaggregation over the whole period."""
    values = {}
    rows = (
        MonthlyFact.objects.of(item, dimension)
        .filter(municipality_id__in=territory.municipalities)
        .in_months(period.start, period.end)
        .per_municipality_and_code()
    )
    for row in rows:
        values[(row["municipality_id"], row["code"])] = row["value"]
    municipality_ids = sorted({pk for pk, _code in values})
    codes = sorted({code for _pk, code in values})
    present = set(municipality_ids)
    groups = {pid: [pk for pk in ids if pk in present] for pid, ids in territory.members.items()}
    return Table(municipality_ids, codes, values, groups={p: i for p, i in groups.items() if i}, protect=protect)


def _sum():
    from django.db.models import Sum

    return Sum("value")


def read(table, area, column=None):
    """The area's figure in a table: one month (column) or the whole period (column None)."""
    kind, obj = area
    if kind == "municipality":
        if obj.pk not in table.rows:
            return 0
        return table.row_total(obj.pk) if column is None else table.value(obj.pk, column)
    if kind == "province":
        if obj.pk not in table.groups:
            return 0
        return table.group_total(obj.pk) if column is None else table.group_value(obj.pk, column)
    return table.total() if column is None else table.column_total(column)


def code_labels():
    """{dimension: {code: label}} for every disaggregation."""
    from einclusie.contacts.models import AgeBand, Channel
    from einclusie.core.codelists import DIGCOMP_AREAS, HELP_TOPICS, TARGET_GROUPS
    from einclusie.core.models import Code
    from einclusie.devices.models import DeviceType, GroundKind

    labels = {"channel": dict(Channel.choices), "age_band": dict(AgeBand.choices)}
    labels["device_type"] = dict(DeviceType.choices)
    labels["ground"] = dict(GroundKind.choices)
    slugs = {HELP_TOPICS: "topic", TARGET_GROUPS: "target_group", DIGCOMP_AREAS: "digcomp_area"}
    for code in Code.objects.filter(code_list__slug__in=slugs).select_related("code_list"):
        labels.setdefault(slugs[code.code_list.slug], {})[code.code] = code.label
    return labels


def month_label(month):
    return f"{month:%Y-%m}"


class SuppressedReader:
    """Public figures: every number read from the suppressed municipality tables of the calendar year."""

    def __init__(self, territory, period, area):
        self.territory, self.period, self.area = territory, period, area
        self.tables = item_tables(territory, period, protect=True)

    def totals(self):
        return {code: read(table, self.area) for code, table in self.tables.items()}

    def per_month(self, item):
        return {month: read(self.tables[item], self.area, month) for month in self.period.months}

    def per_province(self, item):
        return {pk: read(self.tables[item], ("province", p)) for pk, p in self.territory.provinces.items()}

    def per_municipality(self, item, ids):
        municipalities = self.territory.municipalities
        return {pk: read(self.tables[item], ("municipality", municipalities[pk])) for pk in ids}

    def per_code(self, item, dimension):
        table = dimension_table(self.territory, self.period, item, dimension, protect=items.is_suppressed(item))
        kind, obj = self.area
        values = {}
        for code in table.columns:
            if kind == "municipality":
                values[code] = table.value(obj.pk, code) if obj.pk in table.rows else 0
            elif kind == "province":
                values[code] = table.group_value(obj.pk, code) if obj.pk in table.groups else 0
            else:
                values[code] = table.column_total(code)
        return values


class RollupReader:
    """Staff figures, unsuppressed: each question read from the coarsest table that answers it.

    The region from RegionMonthlyFact, a province from ProvinceMonthlyFact, one municipality from its own
    MonthlyFact rows (by index); only the map needs every municipality's row.
    """

    tables = None

    def __init__(self, territory, period, area):
        self.territory, self.period, self.area = territory, period, area
        kind, obj = area
        if kind == "region":
            facts = RegionMonthlyFact.objects.all()
        elif kind == "province":
            facts = ProvinceMonthlyFact.objects.in_province(obj)
        else:
            facts = MonthlyFact.objects.filter(municipality=obj)
        self.facts = facts.in_months(period.start, period.end)

    def totals(self):
        rows = self.facts.filter(dimension="").values("item").annotate(total=_sum()).order_by()
        found = {row["item"]: row["total"] for row in rows}
        return {code: found.get(code, 0) for code in items.DATA_ITEMS}

    def per_month(self, item):
        found = {row["month"]: row["value"] for row in self.facts.of(item).per_month()}
        return {month: found.get(month, 0) for month in self.period.months}

    def per_province(self, item):
        rows = ProvinceMonthlyFact.objects.of(item).in_months(self.period.start, self.period.end).per_province()
        found = {row["province_id"]: row["value"] for row in rows}
        return {pk: found.get(pk, 0) for pk in self.territory.provinces}

    def per_municipality(self, item, ids):
        rows = (
            MonthlyFact.objects.of(item)
            .in_months(self.period.start, self.period.end)
            .filter(municipality_id__in=ids)
            .per_municipality()
        )
        found = {row["municipality_id"]: row["value"] for row in rows}
        return {pk: found.get(pk, 0) for pk in ids}

    def per_code(self, item, dimension):
        return {row["code"]: row["value"] for row in self.facts.of(item, dimension).per_code()}


def figures(*, territory, period, area, item, protect, with_indicators=True):
    """Everything a dashboard shows for one area, period and data item."""
    reader = (SuppressedReader if protect else RollupReader)(territory, period, area)
    label = items.label(item)
    totals = [{"item": code, "label": items.label(code), "value": value} for code, value in reader.totals().items()]

    monthly = reader.per_month(item)
    trend = charts.Chart(
        key="maanden",
        title=_("%(item)s per maand") % {"item": label},
        description=_("Staafdiagram: één staaf per maand; de tabel ernaast geeft dezelfde cijfers."),
        kind="columns",
        header=[_("maand"), label],
        rows=[[month_label(month), monthly[month]] for month in period.months],
    )
    charts.columns(trend, [row[1] for row in trend.rows])

    chart_list = [trend]
    kind, obj = area
    if kind == "region":
        provinces = sorted(territory.provinces.values(), key=lambda p: p.name_nl)
        per_province = reader.per_province(item)
        by_province = charts.Chart(
            key="provincies",
            title=_("%(item)s per provincie") % {"item": label},
            description=_("Staafdiagram: één staaf per provincie; de tabel ernaast geeft dezelfde cijfers."),
            kind="bars",
            header=[_("provincie"), label],
            rows=[[p.name, per_province[p.pk]] for p in provinces],
        )
        chart_list.append(charts.bars(by_province, [row[1] for row in by_province.rows]))

    if kind != "municipality":
        chart_list.append(area_map(territory, area, reader, item, label))

    labels = code_labels()
    for dimension in items.DATA_ITEMS[item][2][:2]:
        rows = [
            [labels.get(dimension, {}).get(code, code or _("niet ingevuld")), value]
            for code, value in reader.per_code(item, dimension).items()
        ]
        rows.sort(key=lambda row: (-(row[1] or 0), str(row[0])))
        rows = [row for row in rows if row[1] != 0][:TOP_CODES]
        chart = charts.Chart(
            key=dimension,
            title=_("%(item)s per %(dimension)s") % {"item": label, "dimension": items.DIMENSIONS[dimension]},
            description=_("Staafdiagram, grootste eerst; de tabel ernaast geeft dezelfde cijfers."),
            kind="bars",
            header=[str(items.DIMENSIONS[dimension]), label],
            rows=rows,
        )
        chart_list.append(charts.bars(chart, [row[1] for row in rows]))

    result = {"totals": totals, "charts": chart_list, "tables": reader.tables}
    if with_indicators:
        result["indicators"] = indicator_rows(territory, period, area, reader.tables, protect=protect)
    return result


def area_map(territory, area, reader, item, label):
    """The map chart: a choropleth per 1,000 inhabitants when boundaries are imported, else proportional circles."""
    ids = territory.ids_of(area)
    values = reader.per_municipality(item, ids)
    paths = map_paths()
    if paths:
        places = [(territory.municipalities[pk], values[pk]) for pk in ids]
        chart = charts.Chart(
            key="kaart",
            title=_("%(item)s per 1.000 inwoners op de kaart") % {"item": label},
            description=_(
                "Kaart van Vlaanderen met de gemeentegrenzen: hoe donkerder een gemeente, hoe hoger het cijfer "
                "per 1.000 inwoners; de legende geeft de klassen. Gearceerd: cijfer afgeschermd. De tabel ernaast "
                "geeft alle cijfers."
            ),
            kind="choropleth",
            header=[_("NIS-code"), _("gemeente"), label],
        )
        inside = set(ids)
        outside = [m for pk, m in territory.municipalities.items() if pk not in inside]
        populations = statistic("inhabitants", ids)
        return charts.choropleth(chart, places, paths=paths, populations=populations, context=outside)
    shown = [(territory.municipalities[pk], values[pk]) for pk in ids if values[pk] != 0]
    chart = charts.Chart(
        key="kaart",
        title=_("%(item)s per gemeente op de kaart") % {"item": label},
        description=_(
            "Kaart van Vlaanderen: een cirkel per gemeente, groter naarmate het cijfer hoger is. Posities bij "
            "benadering. Een kleine ring: cijfer afgeschermd. De tabel ernaast geeft alle cijfers."
        ),
        kind="map",
        header=[_("NIS-code"), _("gemeente"), label],
        rows=[[m.nis_code, m.name, v] for m, v in sorted(shown, key=lambda mv: mv[0].name_nl)],
    )
    return charts.symbol_map(chart, shown)


def indicator_rows(territory, period, area, tables, *, protect, indicators=None):
    """[{"indicator", "value"}] for the area; in public, hidden when a count it is made of is hidden."""
    ids = territory.ids_of(area)
    result = []
    queryset = indicators if indicators is not None else Indicator.objects.filter(is_public=True)
    for indicator in queryset:
        value = compute(indicator, groups={"area": ids}, start=period.start, end=period.end)["area"]["value"]
        if protect:
            for spec in (indicator.numerator, indicator.denominator):
                if "item" in spec and (spec.get("dimension") or read(tables[spec["item"]], area) is None):
                    value = None
        result.append({"indicator": indicator, "value": value})
    return result


def completeness(territory, period):
    """[(municipality, months with help contacts, months in the period)] for every municipality."""
    counts = dict(
        MonthlyFact.objects.of(items.HELP_CONTACTS)
        .in_months(period.start, period.end)
        .filter(value__gt=0)
        .values("municipality_id")
        .annotate(months=_count_months())
        .values_list("municipality_id", "months")
    )
    total = len(period.months)
    return [(m, counts.get(pk, 0), total) for pk, m in territory.municipalities.items()]


def _count_months():
    from django.db.models import Count

    return Count("month", distinct=True)


SIZE_CLASSES = [(10_000, "< 10.000"), (25_000, "10.000–25.000"), (50_000, "25.000–50.000"), (100_000, "50.000–100.000")]


def size_class(population):
    if population is None:
        return None
    for limit, label in SIZE_CLASSES:
        if population < limit:
            return label
    return "≥ 100.000"
