"""Reading a batch of devices from typed lines or a CSV/Excel file, into rows the service checks as a whole.

A typed line is a serial number, or `serienummer; merk; model`. A spreadsheet has the columns below (only
`serienummer` is required); what a line or row leaves empty comes from the batch form. Types and
conditions are understood by their Dutch label or their code, whatever the case.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from einclusie.core.spreadsheets import Column, SpreadsheetError, open_spreadsheet
from einclusie.devices.models import Condition, DeviceType

COLUMNS = [
    Column("serienummer"),
    Column("soort", required=False),
    Column("merk", required=False),
    Column("model", required=False),
    Column("staat", required=False),
    Column("kenmerken", required=False),
]
MAX_ROWS = 500


def _lookup(choices, text, default):
    """The value of a choice given as its code or its Dutch label; the default for empty text, None if unknown."""
    wanted = (text or "").strip().lower()
    if not wanted:
        return default
    with translation.override("nl"):
        for value, label in choices.choices:
            if wanted in (value, str(label).lower()):
                return value
    return None


def _row(fields, defaults):
    type_text = fields.get("soort", "")
    condition_text = fields.get("staat", "")
    return {
        "serial_number": fields.get("serienummer", ""),
        "device_type": _lookup(DeviceType, type_text, defaults["device_type"]),
        "device_type_text": type_text,
        "brand": fields.get("merk") or defaults["brand"],
        "model": fields.get("model") or defaults["model"],
        "condition": _lookup(Condition, condition_text, defaults["condition"]),
        "condition_text": condition_text,
        "specifications": fields.get("kenmerken", "")[:200],
    }


def rows_from_lines(text, defaults):
    """(line number, fields) for each non-empty typed line."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.replace("\t", ";").split(";")]
        parts += [""] * (3 - len(parts))
        rows.append((number, _row({"serienummer": parts[0], "merk": parts[1], "model": parts[2]}, defaults)))
    return rows


def rows_from_file(upload, defaults):
    """(row number as Excel shows it, fields) for each row of an uploaded CSV or XLSX.

    Raises SpreadsheetError when the file as a whole cannot be read.
    """
    sheet = open_spreadsheet(upload, COLUMNS, filename=upload.name, max_rows=MAX_ROWS)
    rows = [(number, _row(values, defaults)) for number, values in sheet]
    if not rows:
        raise SpreadsheetError(_("Het bestand bevat geen enkel toestel."))
    return rows
