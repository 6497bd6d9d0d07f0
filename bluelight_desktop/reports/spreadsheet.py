"""Spreadsheets out: the register's opportunities as an Excel workbook (.xlsx, openpyxl) or a CSV file, one row each,
for partners and colleagues who work in Excel. No Qt.

- The protective marking (OFFICIAL, in capitals) is the first row, above the header; the workbook also prints it
  at the top and bottom of every page.
- Columns: reference, title, workstream, lead organisation, partners, stage, quadrant, effort, benefit, lead
  officer, start, end, cashable saving a year (£), one-off cost (£), shareable. Organisations by full name;
  partners in one cell separated by "; " (what the import reads back).
- In the workbook money is a number in pounds with a £ format, and dates are real dates shown as 19/03/2018.
  In the CSV (UTF-8 with a byte order mark, so Excel shows "£" rightly; CRLF line ends) money is a plain number of
  pounds and dates are ISO (2018-03-19): Excel reads ISO as a date in every locale, while "03/04/2018" is read
  as 4 March by a US Excel.
- Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is
  neutralised with a leading single quote in both formats (OWASP, CSV injection); the import drops it again.
- Written beside the destination and read back before it takes the name (files.write_atomically).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..core.model import RegisterData
from ..core.register_view import build_rows, sorted_rows
from ..files import write_atomically

HEADERS = (
    "Reference",
    "Title",
    "Workstream",
    "Lead organisation",
    "Partners",
    "Stage",
    "Quadrant",
    "Effort",
    "Benefit",
    "Lead officer",
    "Start date",
    "End date",
    "Cashable saving a year (£)",
    "One-off cost (£)",
    "Shareable",
)
FORMATS = (".xlsx", ".csv")
_MONEY_COLUMNS = (12, 13)
_DATE_COLUMNS = (10, 11)
_WIDTHS = (11, 44, 24, 30, 36, 16, 18, 8, 8, 28, 12, 12, 16, 14, 10)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
POUNDS_FORMAT = '"£"#,##0'
DATE_FORMAT = "DD/MM/YYYY"
SHEET_TITLE = "Opportunities"


class SpreadsheetError(ValueError):
    """A spreadsheet that cannot be written as asked, in plain words."""


def neutralise(value: Any) -> Any:
    """Text that Excel or LibreOffice would run as a formula gets a leading single quote; anything else is as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _pounds(pence: int) -> int | float:
    return pence // 100 if pence % 100 == 0 else pence / 100


def spreadsheet_rows(data: RegisterData) -> Iterator[tuple[Any, ...]]:
    """One row of values per opportunity, in reference order: text, whole numbers, pounds and dates."""
    organisations = data.organisations
    for row in sorted_rows(build_rows(data), 0):
        opp = data.opportunities[row.id]
        lead = organisations.get(opp.lead_organisation_id or "")
        workstream = data.workstreams.get(opp.workstream_id or "")
        partners = "; ".join(organisations[p].name for p in opp.partner_ids if p in organisations)
        yield (
            opp.reference,
            opp.title,
            workstream.name if workstream else "",
            lead.name if lead else "",
            partners,
            opp.stage.label,
            row.cells[6],  # the quadrant as the register shows it ("" when not placed)
            opp.effort,
            opp.benefit,
            opp.lead_officer,
            opp.start_date,
            opp.end_date,
            _pounds(opp.cashable_saving_pence),
            _pounds(opp.one_off_cost_pence),
            "Yes" if opp.shareable else "No",
        )


def write_spreadsheet(data: RegisterData, path: Path, marking: str) -> int:
    """Write the register's opportunities to `path` (.xlsx or .csv, by its extension) under the protective
    `marking`; return the number of opportunity rows written. Raises SpreadsheetError for another extension and
    OSError when the file cannot be written (nothing is left behind)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise SpreadsheetError(f"{path.name} must end in .xlsx or .csv (the format follows the extension).")
    marking = " ".join(marking.split()).upper() or "OFFICIAL"
    rows = [tuple(neutralise(value) for value in row) for row in spreadsheet_rows(data)]
    if suffix == ".xlsx":
        write_atomically(
            path, lambda temp: _fill_xlsx(temp, rows, marking), check=lambda t: _check_xlsx(t, rows, marking)
        )
    else:
        write_atomically(
            path, lambda temp: _fill_csv(temp, rows, marking), check=lambda t: _check_csv(t, rows, marking)
        )
    return len(rows)


# ------------------------------------------------------------------------------------------------------ xlsx


def _fill_xlsx(temp: Path, rows: list[tuple[Any, ...]], marking: str) -> None:
    from openpyxl import Workbook  # imported here: the app starts without it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"  # the marking, the header, the reference and the title stay in view
    last = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
    sheet.oddHeader.center.text = marking
    sheet.oddFooter.center.text = marking
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    marking_cell = WriteOnlyCell(sheet, value=marking)
    marking_cell.font = Font(bold=True, size=12)
    sheet.append([marking_cell])
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    header_cells = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells: list[Any] = []
        for column, value in enumerate(row):
            if value is None or value == "":
                cells.append(None)
            elif column in _MONEY_COLUMNS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = POUNDS_FORMAT
                cells.append(cell)
            elif column in _DATE_COLUMNS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            elif isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text is text: never a formula, whatever it starts with
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    workbook.properties.title = "Opportunities"
    workbook.properties.keywords = marking
    workbook.save(temp)


def _check_xlsx(temp: Path, rows: list[tuple[Any, ...]], marking: str) -> None:
    """Read the workbook back: openpyxl opens it and finds the marking and the header on top, and the sheet's XML,
    read whole through the zip (which checks its CRC), holds one row per opportunity besides those two. Counting
    the rows' tags costs a tenth of parsing every cell again."""
    from openpyxl import load_workbook

    from ..storage.spreadsheet import no_size_scan  # the sheet is written without a <dimension>: skip the search

    with temp.open("rb") as handle, no_size_scan():  # a file object: openpyxl refuses a name not ending in .xlsx
        workbook = load_workbook(handle, read_only=True)
        try:
            read = workbook[SHEET_TITLE].iter_rows(values_only=True)
            first = next(read, ())
            header = next(read, ())
        finally:
            workbook.close()
    count = 0
    with zipfile.ZipFile(temp) as archive:
        with archive.open("xl/worksheets/sheet1.xml") as sheet_xml:  # the one sheet written
            tail = b""
            while chunk := sheet_xml.read(1 << 20):
                count += (tail + chunk).count(b"<row ")
                tail = chunk[-4:]  # shorter than the tag: a tag across two chunks is counted once
    if not first or first[0] != marking or tuple(header[: len(HEADERS)]) != HEADERS or count != len(rows) + 2:
        raise OSError("the workbook did not read back as written; nothing was saved")


# ------------------------------------------------------------------------------------------------------- csv


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fill_csv(temp: Path, rows: list[tuple[Any, ...]], marking: str) -> None:
    with temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([marking])
        writer.writerow(HEADERS)
        writer.writerows([_csv_value(v) for v in row] for row in rows)


def _check_csv(temp: Path, rows: list[tuple[Any, ...]], marking: str) -> None:
    with temp.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    if len(read) != len(rows) + 2 or read[0] != [marking] or tuple(read[1]) != HEADERS:
        raise OSError("the CSV file did not read back as written; nothing was saved")
