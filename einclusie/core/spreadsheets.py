"""Spreadsheets in and out: read an uploaded CSV or XLSX by its header, write a list as CSV or XLSX.

Generic on purpose: help contacts use it today, course attendance and device lists later. A caller
names its columns; `open_spreadsheet` checks the header against them and yields `(row_number, values)`
where `values` maps each column found to its text (stripped; an Excel date cell becomes an ISO date
such as 2026-03-27). Row numbers are the ones Excel shows: the header is row 1.

CSV: UTF-8 with or without a byte order mark, `;` (what Belgian Excel writes), `,` or a tab between
the cells, found from the header line. XLSX: the first sheet, read in read-only mode.

Writing: CSV with `;` and a byte order mark so Excel opens it in the right encoding and columns,
streamed in chunks; XLSX with real date cells. Text that Excel would take for a formula (=, +, -, @)
is written so that it stays text.
"""

import csv
import datetime
import io
import re
import secrets
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
CSV_DELIMITERS = (";", ",", "\t")
FORMULA_STARTS = ("=", "+", "-", "@")
CSV_CHUNK_ROWS = 1000
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Column:
    """A column of a spreadsheet template. A required column must be in the header (its cells may be empty)."""

    name: str
    required: bool = True


class SpreadsheetError(Exception):
    """The file cannot be read as a whole; the message says why in plain language."""


def normalise_header(name):
    """Header names match whatever their case, spaces, underscores or dashes: "Doorverwezen naar"."""
    return re.sub(r"[\s_\-]+", "", str(name or "")).lower()


@dataclass
class Sheet:
    """An opened spreadsheet whose header matched the columns. Iterate it for (row_number, values)."""

    kind: str
    names: list  # the column name for each position in the file (None: an empty header cell, ignored)
    rows: object  # an iterator of lists of text, the header already read
    max_rows: int | None

    @property
    def found(self):
        """The names of the columns in the file."""
        return [name for name in self.names if name]

    def __iter__(self):
        names = self.names
        keep = [position for position, name in enumerate(names) if name]
        plain = len(keep) == len(names)
        kept_names = [names[position] for position in keep]
        limit = self.max_rows if self.max_rows is not None else float("inf")
        count = 0
        for number, cells in enumerate(self.rows, start=2):
            if not any(cells):
                continue
            count += 1
            if count > limit:
                raise SpreadsheetError(
                    _("Het bestand heeft meer dan %(limit)d rijen. Verdeel het over kleinere bestanden.")
                    % {"limit": limit}
                )
            if plain:
                yield number, dict(zip(names, cells, strict=False))
            else:
                yield (
                    number,
                    {
                        name: cells[position]
                        for name, position in zip(kept_names, keep, strict=True)
                        if position < len(cells)
                    },
                )


def open_spreadsheet(source, columns, *, filename="", max_rows=None, max_bytes=None):
    """Open a CSV or XLSX file (a binary file object, seekable) and check its header against the columns.

    Raises SpreadsheetError for a file that is too big, not a spreadsheet, or has a missing or unknown column.
    """
    handle = source
    size = _size(handle)
    if max_bytes is not None and size is not None and size > max_bytes:
        raise SpreadsheetError(
            _("Het bestand is groter dan %(megabytes)d MB. Verdeel het over kleinere bestanden.")
            % {"megabytes": max_bytes // 1_000_000}
        )
    head = handle.read(4)
    handle.seek(0)
    if head == XLSX_MAGIC:
        kind, header, rows = "xlsx", *_open_xlsx(handle)
    elif str(filename).lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError(_("Dit Excel-bestand kan niet gelezen worden. Bewaar het als .xlsx of als CSV."))
    else:
        kind, header, rows = "csv", *_open_csv(handle)
    return Sheet(kind=kind, names=_match_header(header, columns), rows=rows, max_rows=max_rows)


def _size(handle):
    try:
        position = handle.tell()
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        handle.seek(position)
        return size
    except (AttributeError, OSError):
        return None


def _match_header(header, columns):
    known = {normalise_header(column.name): column.name for column in columns}
    names = []
    for cell in header:
        if not str(cell or "").strip():
            names.append(None)
            continue
        name = known.get(normalise_header(cell))
        if name is None:
            raise SpreadsheetError(
                _("Onbekende kolom “%(column)s”. Gebruik de kolommen van het sjabloon: %(columns)s.")
                % {"column": str(cell).strip(), "columns": ", ".join(column.name for column in columns)}
            )
        if name in names:
            raise SpreadsheetError(_("De kolom “%(column)s” staat twee keer in het bestand.") % {"column": name})
        names.append(name)
    if not any(names):
        raise SpreadsheetError(_("De eerste rij moet de namen van de kolommen bevatten, zoals in het sjabloon."))
    missing = [column.name for column in columns if column.required and column.name not in names]
    if missing:
        raise SpreadsheetError(
            _("De kolom “%(column)s” ontbreekt. Neem de eerste rij van het sjabloon over.") % {"column": missing[0]}
        )
    return names


def _open_csv(handle):
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise SpreadsheetError(_not_utf8()) from None
    if not first.strip():
        raise SpreadsheetError(_("Het bestand is leeg."))
    delimiter = max(CSV_DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    return [cell.strip() for cell in header], _csv_rows(text, delimiter)


def _not_utf8():
    return _("Het bestand is geen UTF-8-tekst. Bewaar het in Excel als “CSV UTF-8 (door komma’s gescheiden)”.")


def _csv_rows(text, delimiter):
    try:
        strip = str.strip
        for cells in csv.reader(text, delimiter=delimiter):
            cells = list(map(strip, cells))
            if "'" in "".join(cells):
                cells = [_csv_cell(cell) for cell in cells]
            yield cells
    except UnicodeDecodeError:
        raise SpreadsheetError(_not_utf8()) from None
    except csv.Error as error:
        raise SpreadsheetError(_("Het CSV-bestand is niet leesbaar: %(error)s") % {"error": error}) from None


def _csv_cell(cell):
    # What `spreadsheet_response` wrote as '=… to keep it text comes back as =….
    if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS and cell[1:2]:
        return cell[1:]
    return cell


def _open_xlsx(handle):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise SpreadsheetError(
            _("Dit Excel-bestand kan niet gelezen worden. Bewaar het als .xlsx of als CSV.")
        ) from None
    if header is None:
        raise SpreadsheetError(_("Het bestand is leeg."))
    return [_xlsx_cell(cell) for cell in header], _xlsx_rows(workbook, rows)


def _xlsx_rows(workbook, rows):
    try:
        for cells in rows:
            yield [_xlsx_cell(cell) for cell in cells]
    finally:
        workbook.close()


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def spreadsheet_response(*, filename, header, rows, file_format):
    """A download of the rows (sequences of text, numbers, dates or None) as CSV or XLSX.

    `filename` has no extension. CSV is streamed, so a long list starts downloading at once.
    """
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows), content_type=XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


def csv_chunks(header, rows):
    """The CSV file in chunks of bytes: byte order mark, header, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if count % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and value[:1]:
        return "'" + value
    return value


def xlsx_bytes(header, rows):
    """The XLSX file (one sheet) as bytes; text stays text, dates are date cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# An upload kept between "check" and "import", so no one has to choose the file twice. Kept in the
# data folder (not in the media folder: never served), removed after the import or after a day.
KEEP_SECONDS = 24 * 60 * 60


def _kept_folder():
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "uploads-pending"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_keep(upload):
    """Save an uploaded file for a later step; returns its token (the only way to find it again)."""
    folder = _kept_folder()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.glob("*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    with open(folder / f"{token}.upload", "wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def upload_path(token):
    """The kept file of a token, or None when it is gone (or the token is not one of ours)."""
    if not token or not re.fullmatch(r"[A-Za-z0-9_-]{32}", token):
        return None
    path = _kept_folder() / f"{token}.upload"
    return path if path.exists() else None


def upload_forget(token):
    path = upload_path(token)
    if path is not None:
        path.unlink(missing_ok=True)
