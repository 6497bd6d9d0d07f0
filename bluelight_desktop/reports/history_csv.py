"""The History view's CSV export: the change log rows core/history.py shapes, written as a spreadsheet opens them
(UTF-8 with a byte order mark, CRLF, the protective marking first, formula-like cells neutralised), atomically."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..core.history import CSV_COLUMNS, HistoryRow
from ..files import write_atomically
from .spreadsheet import neutralise


def csv_rows(rows: Iterable[HistoryRow]) -> list[list[str]]:
    """The rows as CSV cells: the time as 2026-11-21 14:05:09 (local; Excel reads it as a date and time in any
    locale), every text cell that a spreadsheet would run as a formula neutralised."""
    out = []
    for row in rows:
        cells: list[Any] = [
            row.when.strftime("%Y-%m-%d %H:%M:%S"),
            row.who,
            row.what,
            row.record,
            row.field,
            row.old,
            row.new,
            row.meeting,
            row.record_id,
            row.action_id,
        ]
        out.append([str(neutralise(cell)) for cell in cells])
    return out


def write_history_csv(rows: Sequence[HistoryRow], path: Path, marking: str) -> int:
    """Write `rows` to `path` as CSV (UTF-8 with a byte order mark so that Excel shows every character; CRLF
    line ends), the protective marking on the first line and the headers on the second, as the register's own
    CSV export does. Written beside `path`, read back, then renamed into place. Returns the number of rows."""
    cells = csv_rows(rows)

    def fill(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([marking])
            writer.writerow(CSV_COLUMNS)
            writer.writerows(cells)

    def check(temp: Path) -> None:
        with temp.open(encoding="utf-8-sig", newline="") as handle:
            count = sum(1 for _row in csv.reader(handle))
        if count != len(cells) + 2:
            raise OSError("the CSV file did not read back as written; nothing was saved")

    write_atomically(Path(path), fill, check=check)
    return len(cells)
