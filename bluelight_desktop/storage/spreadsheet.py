"""Spreadsheets in: read an .xlsx workbook (openpyxl, read-only and values only: a formula gives the value Excel
last saved, never runs) or a CSV text file into rows of cell values for `core.spreadsheet_import`, and write a
planned import into a register after a backup, as one Edit. No Qt.

Real office files: a workbook's first sheet may be a cover page (the first sheet whose header names a title is
read unless one is chosen); a marking or heading may sit above the header (the header is the row among the first
that names most fields); CSV comes as UTF-8 with or without a byte order mark, UTF-16 (Excel's "Unicode text") or
Windows-1252 (the pound sign is byte 0xA3 there), with CRLF or LF line ends, separated by commas, semicolons or
tabs (and Excel's "sep=;" first line); blank rows anywhere are passed over. Row numbers are those the spreadsheet
shows, so a problem on "row 14" is found on row 14.

At most MAX_ROWS rows of data are read. The register is built and measured for about 10,000 opportunities (the
benchmarks' target: open, sort and search under 150 ms); an import of 100,000 rows would make a register the app
cannot keep responsive, and openpyxl alone takes about 35 s to read that many. A larger sheet is refused with a
plain message as soon as its 20,001st row of data is read, before anything is planned or written.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.edits import Edit
from ..core.spreadsheet_import import (
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    CellValue,
    ImportPlan,
    ImportProblem,
    find_header_row,
    is_blank,
    match_columns,
    parse_mapping,
    plan_import,
)
from .register import Register, RegisterError, backup_register, plain_reason

MAX_FILE_BYTES = 200 * 1024 * 1024  # far above a 20,000-row sheet; stops a mistaken multi-gigabyte file at once
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
SQLITE_MAGIC = b"SQLite format 3\x00"
Row = tuple[int, Sequence[CellValue]]  # (row number as the spreadsheet shows it, its cells)


class ImportCancelled(ImportProblem):
    def __init__(self) -> None:
        super().__init__("Cancelled: nothing was imported.")


@dataclass
class SheetTable:
    """One sheet as read: its header and the rows below it that are not blank."""

    path: Path
    sheet_name: str
    sheet_names: list[str]
    header_row: int  # as the spreadsheet shows it
    headers: list[CellValue]
    rows: list[Row]
    columns: dict[str, int] = field(default_factory=dict)  # the columns matched (with the mapping, if given)
    encoding: str = ""  # a CSV's text encoding, as found

    @property
    def is_csv(self) -> bool:
        return self.encoding != ""


# --------------------------------------------------------------------------------------------- reading


def read_spreadsheet(
    path: Path,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int], None] | None = None,
    max_rows: int = MAX_ROWS,
) -> SheetTable:
    """Read the sheet `sheet` (or the first whose header names a title) of an .xlsx or CSV file. Raises
    ImportProblem with one plain message for a file that is missing, not a spreadsheet, protected, damaged, has no
    recognisable columns or too many rows."""
    path = Path(path)
    head = _head(path)
    name = path.name
    if head.startswith(SQLITE_MAGIC):
        raise ImportProblem(
            f"{name} is a database (perhaps a register), not a spreadsheet: import .xlsx workbooks or CSV files."
        )
    if head.startswith(OLE_MAGIC):
        raise ImportProblem(
            f"{name} is protected with a password, or is an old Excel 97-2003 workbook (.xls). Open it in Excel, "
            "remove the password or save it as an Excel workbook (.xlsx) or CSV, and import that."
        )
    if head.startswith(XLSX_MAGIC):
        return _read_xlsx(path, sheet, mapping, cancelled, progress, max_rows)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise ImportProblem(f"{name} is not an Excel workbook that can be read: it may be damaged or only named .xlsx.")
    return _read_csv(path, sheet, mapping, cancelled, progress, max_rows)


def _head(path: Path) -> bytes:
    if not path.exists():
        raise ImportProblem(f"There is no file at {path}.")
    if path.is_dir():
        raise ImportProblem(f"{path} is a folder, not a spreadsheet.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise ImportProblem(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if size == 0:
        raise ImportProblem(f"{path.name} is empty.")
    if size > MAX_FILE_BYTES:
        raise ImportProblem(
            f"{path.name} is {size // (1024 * 1024):,} MB, too large for a register's spreadsheet; import at most "
            f"{MAX_ROWS:,} rows at a time."
        )
    return head


def _too_many(name: str, max_rows: int) -> ImportProblem:
    return ImportProblem(
        f"{name} has more than {max_rows:,} rows of data. A register works best with up to about 10,000 "
        "opportunities: import the rows you need (filter or split the sheet) rather than the whole of it."
    )


def _no_columns(where: str, mapping: dict[str, str | None] | None) -> ImportProblem:
    if mapping:
        return ImportProblem(
            f"{where} has no header row with the columns the mapping names "
            f"({', '.join(repr(h) for h in mapping.values() if h)}) in its first {HEADER_SEARCH_ROWS} rows."
        )
    return ImportProblem(
        f"{where} has no columns this app recognises: it needs at least a column headed Title (or Project, Name) "
        "in its first rows. Name the columns, or give a mapping from fields to your headers."
    )


def _table(
    path: Path,
    sheet_name: str,
    sheet_names: list[str],
    rows: Iterator[Row],
    mapping: dict[str, str | None] | None,
    cancelled: Callable[[], bool] | None,
    progress: Callable[[int], None] | None,
    max_rows: int,
    encoding: str = "",
) -> SheetTable | None:
    """The header among the first rows that are not blank, then every row below it (None if no header)."""
    first: list[Row] = []
    for row in rows:
        if not all(is_blank(value) for value in row[1]):
            first.append(row)
            if len(first) >= HEADER_SEARCH_ROWS:
                break
    index = find_header_row([cells for _number, cells in first], mapping)
    if index is None:
        return None
    header_number, headers = first[index]
    body: list[Row] = list(first[index + 1 :])
    for count, row in enumerate(rows):
        if count % 256 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(len(body))
        if all(is_blank(value) for value in row[1]):
            continue
        body.append(row)
        if len(body) > max_rows:
            raise _too_many(path.name, max_rows)
    if len(body) > max_rows:
        raise _too_many(path.name, max_rows)
    return SheetTable(
        path=path,
        sheet_name=sheet_name,
        sheet_names=sheet_names,
        header_row=header_number,
        headers=list(headers),
        rows=body,
        columns=match_columns(headers, mapping),
        encoding=encoding,
    )


def _read_xlsx(
    path: Path,
    sheet: str | None,
    mapping: dict[str, str | None] | None,
    cancelled: Callable[[], bool] | None,
    progress: Callable[[int], None] | None,
    max_rows: int,
) -> SheetTable:
    import openpyxl  # imported here: the app starts without it

    name = path.name
    try:
        handle = path.open("rb")  # a file object: openpyxl refuses a name not ending in .xlsx
    except OSError as exc:
        raise ImportProblem(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    try:
        with no_size_scan():
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # not a zip, no workbook inside, damaged XML: openpyxl has many ways to say so
        handle.close()
        raise ImportProblem(
            f"{name} is not an Excel workbook that can be read: it may be damaged, or another kind of file."
        ) from exc
    try:
        names = [ws.title for ws in workbook.worksheets if hasattr(ws, "iter_rows")]  # chart sheets hold no rows
        if sheet is not None:
            chosen = [n for n in names if n == sheet] or [n for n in names if n.casefold() == sheet.strip().casefold()]
            if not chosen:
                raise ImportProblem(f"{name} has no sheet called {sheet}. Its sheets: {', '.join(names)}.")
            candidates = chosen[:1]
        else:
            candidates = _sheets_by_promise(workbook, names, mapping, name)
        for candidate in candidates:
            try:
                table = _table(
                    path, candidate, names, _xlsx_rows(workbook[candidate]), mapping, cancelled, progress, max_rows
                )
            except ImportProblem:
                raise
            except Exception as exc:  # openpyxl raises many kinds on a damaged sheet (zip, XML, values)
                raise ImportProblem(f"{name} is damaged: its sheet {candidate} cannot be read.") from exc
            if table is not None:
                return table
        raise _no_columns(f"{name} (sheet {candidates[0]})" if sheet is not None else name, mapping)
    finally:
        workbook.close()
        handle.close()


_PATCH_LOCK = threading.Lock()


@contextmanager
def no_size_scan() -> Iterator[None]:
    """Open read-only worksheets without openpyxl's search for their <dimension> element. It listens for the end
    of each element, so a sheet written without one (openpyxl's own write-only mode leaves it out, and so our
    exports) is parsed whole just to find it missing: 3.8 s of a 100,000-row sheet. The dimension is thrown away
    anyway (reset_dimensions), so skipping the search changes nothing read. Scoped to the load and guarded: if a
    later openpyxl has no such method, the load is simply as slow as before."""
    try:
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    except ImportError:  # pragma: no cover (a reorganised openpyxl)
        yield
        return
    with _PATCH_LOCK:
        original = ReadOnlyWorksheet.__dict__.get("_get_size")
        if original is None:  # pragma: no cover
            yield
            return
        ReadOnlyWorksheet._get_size = lambda self: None  # type: ignore[method-assign]
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original  # type: ignore[method-assign]


def _xlsx_rows(worksheet: Any) -> Iterator[Row]:
    worksheet.reset_dimensions()  # some writers record a wrong size; read every cell there is
    yield from enumerate(worksheet.iter_rows(values_only=True), start=1)


def _sheets_by_promise(workbook: Any, names: list[str], mapping: dict[str, str | None] | None, name: str) -> list[str]:
    """The sheets to try, the first whose header names a title first (a cover or notes sheet is passed over)."""

    def promising(name: str) -> bool:
        worksheet = workbook[name]
        if getattr(worksheet, "sheet_state", "visible") != "visible":
            return False
        first = []
        for _number, cells in _xlsx_rows(worksheet):
            if not all(is_blank(v) for v in cells):
                first.append(cells)
                if len(first) >= HEADER_SEARCH_ROWS:
                    break
        index = find_header_row(first, mapping)
        if index is None:
            return False
        try:
            return "title" in match_columns(first[index], mapping)
        except ImportProblem:
            return False

    try:
        best = [n for n in names if promising(n)]
    except Exception as exc:  # openpyxl raises many kinds on a damaged sheet (zip, XML, values)
        raise ImportProblem(f"{name} is damaged: its sheets cannot be read.") from exc
    return best + [n for n in names if n not in best]


_CHUNK = 1 << 20


def _csv_encoding(path: Path) -> tuple[str, str, int]:
    """The codec a CSV file is in, its name for people, and how many bytes of byte order mark to skip: UTF-16 or
    UTF-8 by their marks, else UTF-8 if every byte decodes so, else Windows-1252, else Latin-1 (which takes any
    byte). The file is checked in chunks, never held whole."""
    name = path.name
    with path.open("rb") as handle:
        head = handle.read(65536)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "UTF-16", 0
        if b"\x00" in head:
            raise ImportProblem(f"{name} is not a spreadsheet: import an Excel workbook (.xlsx) or a CSV file.")
        skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        label = "UTF-8 with BOM" if skip else "UTF-8"
        for codec, found in (("utf-8", label), ("cp1252", "Windows-1252")):
            handle.seek(skip)
            decoder = codecs.getincrementaldecoder(codec)()
            try:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return codec, found, skip
    return "latin-1", "Latin-1", skip


def _read_csv(
    path: Path,
    sheet: str | None,
    mapping: dict[str, str | None] | None,
    cancelled: Callable[[], bool] | None,
    progress: Callable[[int], None] | None,
    max_rows: int,
) -> SheetTable:
    name = path.name
    sheet_name = path.stem
    if sheet is not None and sheet.strip().casefold() != sheet_name.casefold():
        raise ImportProblem(f"{name} is a CSV file, which has one sheet: leave out the sheet's name.")
    try:
        codec, encoding, skip = _csv_encoding(path)
        raw = path.open("rb")
    except OSError as exc:
        raise ImportProblem(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    raw.seek(skip)
    with io.TextIOWrapper(raw, encoding=codec, newline="") as text:  # read as it is parsed, never held whole
        start = text.tell()
        first = text.readline()
        delimiter = None
        if first.strip().casefold().startswith("sep=") and len(first.strip()) == 5:
            delimiter = first.strip()[4]  # Excel's own hint line, which Excel hides: row 1 is the next line
        else:
            sample = first
            for _ in range(HEADER_SEARCH_ROWS):
                if sample.strip():
                    break
                sample = text.readline()
            counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
            delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
            text.seek(start)
        reader = csv.reader(text, delimiter=delimiter)

        def rows() -> Iterator[Row]:
            try:
                yield from enumerate(reader, start=1)
            except csv.Error as exc:
                raise ImportProblem(f"{name} cannot be read as CSV near line {reader.line_num}: {exc}.") from exc
            except UnicodeDecodeError as exc:
                raise ImportProblem(f"{name} is not a text file that can be read as CSV.") from exc

        table = _table(path, sheet_name, [sheet_name], rows(), mapping, cancelled, progress, max_rows, encoding)
    if table is None:
        raise _no_columns(name, mapping)
    return table


def load_mapping(path: Path) -> dict[str, str | None]:
    """A mapping file: JSON from field names to column headers, such as {"title": "Project name"}."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportProblem(f"The mapping file {path} cannot be read: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"The mapping file {path.name} is not UTF-8 text.") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"The mapping file {path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc
    return parse_mapping(value, f"The mapping file {path.name}")


# --------------------------------------------------------------------------------------------- planning/writing


def taken_references(register: Register) -> set[str]:
    """Every reference the register has ever given, deleted opportunities' included (a reference is never reused),
    read on a connection of its own."""
    connection = sqlite3.connect(register.path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT reference FROM opportunity")}
    finally:
        connection.close()


def plan_from_table(
    register: Register,
    table: SheetTable,
    columns: dict[str, int] | None = None,
    data: Any = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """The import plan of a sheet against the register (its current contents unless `data` is given)."""
    return plan_import(
        data if data is not None else register.load(),
        table.headers,
        table.rows,
        table.columns if columns is None else columns,
        taken_references(register),
        header_row=table.header_row,
        sheet_name=table.sheet_name,
        source_name=table.path.name,
        cancelled=cancelled,
    )


def apply_import(register: Register, edit: Edit, meeting_id: str | None = None) -> Path:
    """Back the register up ("before import"), then apply the import as one transaction. Returns the backup's
    path. On any failure the register is as it was (the transaction rolls back), and the RegisterError says why
    in plain words (a full disk, a backups folder that cannot be written)."""
    try:
        backup = backup_register(register.path, "before import")
    except (OSError, sqlite3.Error) as exc:
        raise RegisterError(
            f"The backup before the import could not be taken: {plain_reason(exc)}. Nothing was imported."
        ) from exc
    register.apply(edit, meeting_id=meeting_id)
    return backup


def reference_span(references: Iterable[str]) -> str:
    """ "LAN-038 to LAN-085" (or the one reference) for messages."""

    def key(reference: str) -> tuple[str, int, str]:
        prefix, _, number = reference.rpartition("-")
        return (prefix, int(number), "") if number.isdigit() else (reference, 0, reference)

    listed = sorted(references, key=key)
    if not listed:
        return ""
    return listed[0] if len(listed) == 1 else f"{listed[0]} to {listed[-1]}"
