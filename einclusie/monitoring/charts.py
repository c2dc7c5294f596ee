"""Charts drawn on the server as SVG: each has a title, a description, the same numbers as a table beside
it, and a CSV download. Bars carry their value as text, so no meaning depends on colour.

The map of Flanders places each municipality at its approximate position (territory.geo.map_position)
with a circle whose area grows with the value: it needs no boundaries and works offline. Once official
municipal boundaries are imported (territory/boundaries.py) it becomes a choropleth: each municipality
coloured by its value per 1,000 inhabitants in up to five classes of equal size (quantiles), a hatched
pattern for a hidden value, and a legend in text. The choropleth is a separate SVG image (?formaat=svg, the
same view and permissions as the page), so the page itself stays light.
"""

import bisect
import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from einclusie.territory.geo import MAP_HEIGHT, MAP_WIDTH, map_position

BAR_AREA = 360  # width in SVG units of the longest horizontal bar
ROW_HEIGHT = 22
COLUMN_AREA_HEIGHT = 160
MAX_RADIUS = 18


@dataclass
class Chart:
    key: str  # also the name of its CSV download (?tabel=…)
    title: str
    description: str
    kind: str  # "bars" (horizontal), "columns" (over time) or "map"
    header: list
    rows: list = field(default_factory=list)  # [label, value or None, …] as in the table
    shapes: list = field(default_factory=list)
    width: int = 0
    height: int = 0
    note: str = ""
    legend: list = field(default_factory=list)  # choropleth: [{"fill", "label", "hatched"}]


def _scale(values):
    largest = max([value for value in values if value], default=0)
    return largest or 1


def bars(chart, values):
    """Horizontal bars, one per row; `values` are the numbers the bars show (None: hidden)."""
    largest = _scale(values)
    chart.width, chart.height = BAR_AREA + 220, max(ROW_HEIGHT * len(values), ROW_HEIGHT)
    for index, (row, value) in enumerate(zip(chart.rows, values, strict=True)):
        y = index * ROW_HEIGHT
        length = 0 if not value else max(round(value / largest * BAR_AREA, 1), 1)
        chart.shapes.append(
            {
                "label": str(row[0])[:32],
                "y": y,
                "text_y": y + 15,
                "length": length,
                "value_x": 170 + length + 6,
                "value": "–" if value is None else value,
            }
        )
    return chart


def columns(chart, values):
    """Vertical bars over time, one per month; the month labels sit under them."""
    largest = _scale(values)
    step = max(min(600 // max(len(values), 1), 48), 12)
    chart.width, chart.height = step * len(values) + 20, COLUMN_AREA_HEIGHT + 40
    for index, (row, value) in enumerate(zip(chart.rows, values, strict=True)):
        height = 0 if not value else max(round(value / largest * COLUMN_AREA_HEIGHT, 1), 1)
        x = 10 + index * step
        chart.shapes.append(
            {
                "x": x,
                "width": step - 4,
                "y": COLUMN_AREA_HEIGHT - height,
                "height": height,
                "label_x": x + (step - 4) / 2,
                "label": str(row[0]),
                "show_label": len(values) <= 12 or index % 3 == 0,
                "value": "–" if value is None else value,
            }
        )
    return chart


def symbol_map(chart, places):
    """Proportional circles: `places` is [(municipality, value or None)]; hidden values get a small ring."""
    largest = _scale([value for _m, value in places])
    chart.width, chart.height = MAP_WIDTH, MAP_HEIGHT
    for municipality, value in places:
        position = map_position(municipality)
        if position is None:
            continue
        radius = 3 if not value else max(round(math.sqrt(value / largest) * MAX_RADIUS, 1), 2)
        chart.shapes.append(
            {
                "x": position[0],
                "y": position[1],
                "r": radius,
                "hidden": value is None,
                "label": municipality.name,
                "value": "–" if value is None else value,
            }
        )
    chart.shapes.sort(key=lambda shape: -shape["r"])  # small circles on top of big ones
    return chart


# Sequential blues, light to dark (ColorBrewer "Blues" without its near-white step, which is kept for 0); fewer
# classes take the darkest ones. Each class is also named in the legend.
CLASS_FILLS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
ZERO_FILL = "#ffffff"
OUTSIDE_FILL = "#e6e9ec"  # municipalities outside the chosen area, for context
NO_POPULATION_FILL = "#b8bfc6"
MAX_CLASSES = len(CLASS_FILLS)


def class_breaks(values):
    """Upper bounds of up to five quantile classes of the positive values (each bound a value that occurs)."""
    ordered = sorted(value for value in values if value)
    if not ordered:
        return []
    breaks = []
    for index in range(1, MAX_CLASSES + 1):
        bound = ordered[min(len(ordered) - 1, math.ceil(index * len(ordered) / MAX_CLASSES) - 1)]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def _rate_text(value):
    return number_format(value, decimal_pos=2, use_l10n=True)


def choropleth(chart, places, *, paths, populations, context=()):
    """Colour each municipality of `places` ([(municipality, value or None)]) by its value per 1,000 inhabitants.

    `paths` are the SVG outlines by municipality id (territory.boundaries.map_paths); a municipality without
    one is drawn as a small circle. `context` are municipalities drawn in grey around the chosen area. The
    chart's table gets a row per place with a figure: the value and the rate the colour stands for.
    """
    chart.kind = "choropleth"
    chart.width, chart.height = MAP_WIDTH, MAP_HEIGHT
    rates = {}
    for municipality, value in places:
        population = populations.get(municipality.pk)
        if value is None or (value and not population):
            rates[municipality.pk] = None
        else:
            rates[municipality.pk] = round(float(value) / float(population) * 1000, 2) if value else 0
    breaks = class_breaks(rates.values())
    fills = CLASS_FILLS[len(CLASS_FILLS) - len(breaks) :]
    kinds = set()

    coloured = []
    for municipality, value in places:
        rate = rates[municipality.pk]
        if value is None:
            fill, kind = "url(#afgeschermd)", "hidden"
        elif rate is None:
            fill, kind = NO_POPULATION_FILL, "no-population"
        elif rate == 0:
            fill, kind = ZERO_FILL, "zero"
        else:
            fill, kind = fills[min(bisect.bisect_left(breaks, rate), len(breaks) - 1)], "class"
        kinds.add(kind)
        coloured.append((municipality, fill))
    _area_shapes(chart, coloured, paths=paths, context=context)

    chart.header = [*chart.header, _("per 1.000 inwoners")]
    # Like the circles' table: the municipalities with a figure (or a hidden one); 0 is said once, in the legend.
    chart.rows = [[m.nis_code, m.name, value, rates[m.pk]] for m, value in places if value != 0]
    chart.legend = [{"fill": ZERO_FILL, "label": _("0 (niet in de tabel)")}] if "zero" in kinds else []
    lower = 0
    for bound, fill in zip(breaks, fills, strict=True):
        label = _("meer dan %(low)s tot en met %(high)s") % {"low": _rate_text(lower), "high": _rate_text(bound)}
        chart.legend.append({"fill": fill, "label": label})
        lower = bound
    if "hidden" in kinds:
        chart.legend.append({"fill": "url(#afgeschermd)", "label": _("afgeschermd: een klein aantal")})
    if "no-population" in kinds:
        chart.legend.append({"fill": NO_POPULATION_FILL, "label": _("geen inwonersaantal bekend")})
    return chart


def _area_shapes(chart, coloured, *, paths, context):
    """The shapes of a choropleth: grey context outlines, then each (municipality, fill) as its outline, or as a
    small circle at its position when it has no imported outline."""
    chart.shapes = [{"path": paths[m.pk], "fill": OUTSIDE_FILL} for m in context if m.pk in paths]
    for municipality, fill in coloured:
        shape = {"fill": fill, "label": municipality.name}
        if municipality.pk in paths:
            shape["path"] = paths[municipality.pk]
        else:
            position = map_position(municipality)
            if position is None:
                continue
            shape.update(x=position[0], y=position[1], r=4)
        chart.shapes.append(shape)


def category_choropleth(chart, places, *, paths, categories, context=()):
    """A choropleth of categories: `places` is [(municipality, category)], `categories` {category: (fill, label)}
    in legend order. The caller's table names each municipality's category."""
    chart.kind = "choropleth"
    chart.width, chart.height = MAP_WIDTH, MAP_HEIGHT
    _area_shapes(chart, [(m, categories[category][0]) for m, category in places], paths=paths, context=context)
    used = {category for _m, category in places}
    chart.legend = [
        {"fill": fill, "label": label} for category, (fill, label) in categories.items() if category in used
    ]
    return chart
