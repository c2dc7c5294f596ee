import datetime
import io

import openpyxl
import pytest

from einclusie.core.spreadsheets import Column, SpreadsheetError, csv_chunks, open_spreadsheet, xlsx_bytes

COLUMNS = [Column("naam"), Column("aantal"), Column("opmerking", required=False)]


def _rows(data, **kwargs):
    return list(open_spreadsheet(io.BytesIO(data), COLUMNS, **kwargs))


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_a_csv_is_read_by_its_header_whatever_the_delimiter(delimiter):
    data = delimiter.join(["Naam ", "AANTAL"]) + "\r\n" + delimiter.join(["Krook", " 3 "]) + "\r\n"
    assert _rows(data.encode()) == [(2, {"naam": "Krook", "aantal": "3"})]


def test_a_byte_order_mark_and_empty_rows_are_skipped_and_row_numbers_stay_the_ones_of_excel():
    data = "\ufeffnaam;aantal;opmerking\n;;\nKrook;1;\n".encode()
    assert _rows(data) == [(3, {"naam": "Krook", "aantal": "1", "opmerking": ""})]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"naam;opmerking\nKrook;x\n", "De kolom “aantal” ontbreekt."),
        (b"naam;aantal;kleur\nKrook;1;rood\n", "Onbekende kolom “kleur”."),
        (b"naam;aantal;naam\n", "De kolom “naam” staat twee keer in het bestand."),
        (b"", "Het bestand is leeg."),
        ("naam;aantal\nKr\xf6ok;1\n".encode("latin-1"), "Het bestand is geen UTF-8-tekst."),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, message):
    with pytest.raises(SpreadsheetError, match=message):
        _rows(data)


def test_too_many_rows_or_bytes_are_refused():
    data = b"naam;aantal\na;1\nb;2\nc;3\n"
    with pytest.raises(SpreadsheetError, match="meer dan 2 rijen"):
        _rows(data, max_rows=2)
    with pytest.raises(SpreadsheetError, match="groter dan 0 MB"):
        _rows(data, max_bytes=10)


def test_an_xlsx_is_read_from_its_first_sheet_with_dates_and_numbers_as_text():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Naam", "Aantal", None])
    workbook.active.append([datetime.datetime(2026, 3, 27), 2.0, "vrij"])
    workbook.create_sheet("tweede").append(["iets anders"])
    output = io.BytesIO()
    workbook.save(output)
    assert _rows(output.getvalue()) == [(2, {"naam": "2026-03-27", "aantal": "2"})]


def test_a_broken_excel_file_is_refused():
    with pytest.raises(SpreadsheetError, match="Dit Excel-bestand kan niet gelezen worden"):
        _rows(b"PK\x03\x04 not really a zip")


def test_what_is_written_reads_back_the_same_and_formulas_stay_text():
    rows = [["=SOM(A1)", datetime.date(2026, 3, 27), 3], ["-25", None, ""]]
    csv_data = b"".join(csv_chunks(["naam", "aantal", "opmerking"], rows))
    assert csv_data.startswith("\ufeffnaam;aantal;opmerking\r\n'=SOM(A1);27/03/2026;3".encode())
    assert _rows(csv_data) == [
        (2, {"naam": "=SOM(A1)", "aantal": "27/03/2026", "opmerking": "3"}),
        (3, {"naam": "-25", "aantal": "", "opmerking": ""}),
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["naam", "aantal", "opmerking"], rows)))
    cell = workbook.worksheets[0]["A2"]
    assert (cell.value, cell.data_type) == ("=SOM(A1)", "s")
    assert workbook.worksheets[0]["B2"].value == datetime.datetime(2026, 3, 27)
