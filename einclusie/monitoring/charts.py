"""Charts drawn on the server as SVG: each has a title, a description, the same numbers as a table beside
it, and a CSV download. Bars carry their value as text, so no meaning depends on colour.

The map of Flanders places each municipality at its approximate position (territory.geo.map_position)
with a circle whose area grows with the value: it needs no boundaries and works offline.
"""

import math
from dataclasses import dataclass, field

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
