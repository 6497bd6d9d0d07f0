"""View > History (Ctrl+7) as a user drives it: the change log newest first, filters, following the register's
changes, the CSV export (read back with the csv module), and a log of more than 10,000 rows."""

from __future__ import annotations

import copy
import csv
import re
import shutil
import sqlite3
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from bluelight_desktop.core import edits
from bluelight_desktop.core.history import CSV_COLUMNS
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.history_view import HistoryPage
from bluelight_desktop.gui.main_window import MainWindow

WHEN = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}$")


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    make_application()
    win = MainWindow()
    win.today = lambda: date(2026, 11, 21)  # type: ignore[method-assign]
    qtbot.addWidget(win)
    win.resize(1440, 860)
    win.show()
    qtbot.waitExposed(win)
    win.errors = []  # type: ignore[attr-defined]
    win.show_error = lambda title, text: win.errors.append((title, text))  # type: ignore[method-assign]
    assert win.open_path(sample_path)
    return win


def log_count(path: Path) -> int:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM change_log").fetchone()[0])
    finally:
        connection.close()


def show_history(win: MainWindow, qtbot) -> HistoryPage:
    qtbot.keyClick(win, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = win.history
    assert isinstance(page, HistoryPage) and win.views.currentWidget() is page
    return page


def cells(page: HistoryPage, row: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def rename(win: MainWindow, reference: str, title: str) -> None:
    assert win.session is not None
    target = next(o for o in win.session.data.opportunities.values() if o.reference == reference)
    changed = copy.deepcopy(target)
    changed.title = title
    assert win.session.apply(edits.update(target, changed, f"Edit {reference}"))


def test_ctrl_7_shows_every_change_newest_first(window: MainWindow, qtbot, sample_path: Path, tmp_path: Path) -> None:
    page = show_history(window, qtbot)
    assert page.table.hasFocus() or page.focusWidget() is page.table
    total = log_count(sample_path)
    assert page.model.rowCount() == total
    assert page.count_label.text() == f"{total:,} changes"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "When"
    first = cells(page, 0)
    assert WHEN.match(first[0]) and first[2] == "Add closure days" and first[3].startswith("Closure day: ")
    # The sample's quadrant moves were made at meetings, and say which.
    moves = [cells(page, r) for r in range(page.model.rowCount()) if cells(page, r)[2].startswith("Move LAN-012")]
    assert moves and all(row[7] for row in moves) and {row[4] for row in moves} == {"Effort", "Benefit"}
    # The filters hide the register's own search bar; the History tab and menu item are there.
    assert not window.filters.isVisible()
    assert window.show_history_action.shortcuts()[0].toString() == "Ctrl+7"
    for widget in (page.table, page.person_combo, page.search, page.period_combo, page.export_button, page.detail):
        assert widget.accessibleName()
    assert page.detail.isVisible() and "Add closure days" in page.detail.text()
    window.grab().save(str(tmp_path / "history.png"))


def test_it_follows_the_registers_changes(window: MainWindow, qtbot) -> None:
    page = show_history(window, qtbot)
    before = page.model.rowCount()
    rename(window, "LAN-001", "Recruitment shared service (renamed)")
    assert page.model.rowCount() == before + 1
    row = cells(page, 0)
    assert row[1:7] == [
        row[1],
        "Edit LAN-001",
        "LAN-001 Recruitment shared service (renamed)",
        "Title",
        row[5],
        "Recruitment shared service (renamed)",
    ]
    assert row[1] and row[5] and row[5] != row[6]
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo is a change too
    assert cells(page, 0)[2] == "Undo: Edit LAN-001" and page.model.rowCount() == before + 2
    # Hidden, it catches up when shown again.
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    rename(window, "LAN-002", "Seen later")
    page = show_history(window, qtbot)
    assert cells(page, 0)[3] == "LAN-002 Seen later" and page.model.rowCount() == before + 3


def test_filters_by_person_search_and_period(window: MainWindow, qtbot, sample_path: Path) -> None:
    # Someone else made one of the changes, yesterday.
    connection = sqlite3.connect(sample_path, isolation_level=None)
    connection.execute(
        "UPDATE change_log SET changed_by = 'bpatel', changed_at = '2026-11-20T10:00:00Z' "
        "WHERE action LIKE 'Move LAN-024%'"
    )
    connection.close()
    page = show_history(window, qtbot)
    total = page.model.rowCount()
    combo = page.person_combo
    assert [combo.itemText(i) for i in range(combo.count())][:1] == ["Everyone"] and combo.findText("bpatel") > 0
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert combo.hasFocus()
    combo.setCurrentIndex(combo.findText("bpatel"))
    assert page.model.rowCount() == 2 and {cells(page, r)[1] for r in range(2)} == {"bpatel"}
    assert page.count_label.text() == f"Showing 2 of {total:,} changes"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # C&lear
    qtbot.waitUntil(lambda: page.model.rowCount() == total)
    # Search by record text: a reference, any case.
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "lan-027")
    shown = [cells(page, r) for r in range(page.model.rowCount())]
    assert shown and all("LAN-027" in " ".join(row) for row in shown)
    page.search.clear()
    # Between dates: the 20th alone holds bpatel's move.
    page.period_combo.setCurrentText("Between dates")
    assert page.from_date.isVisible() and page.to_date.isVisible()
    page.from_date.setDate(QDate(2026, 11, 20))
    page.to_date.setDate(QDate(2026, 11, 20))
    assert page.model.rowCount() == 2
    page.period_combo.setCurrentText("Today")
    today = [cells(page, r)[0] for r in range(page.model.rowCount())]
    assert 0 < len(today) <= total - 2 and not page.from_date.isVisible()
    assert all(when.startswith("21 Nov 2026 ") for when in today)
    qtbot.keyClicks(page.search, "no such thing anywhere")
    assert page.model.rowCount() == 0 and page.empty_label.isVisible() and not page.export_button.isEnabled()


def test_export_writes_the_rows_shown_as_csv(window: MainWindow, qtbot, tmp_path: Path) -> None:
    rename(window, "LAN-003", '=HYPERLINK("http://example.invalid","click")')
    page = show_history(window, qtbot)
    qtbot.keyClicks(page.search, "LAN-003")
    shown = page.model.rowCount()
    assert 0 < shown < 100
    target = tmp_path / "audit.csv"
    page.ask_csv_path = lambda _suggestion: target  # type: ignore[method-assign]
    messages: list[str] = []
    page.status.connect(messages.append)
    qtbot.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks (animated)
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == ["OFFICIAL"] and tuple(read[1]) == CSV_COLUMNS
    assert len(read) == shown + 2
    newest = dict(zip(CSV_COLUMNS, read[2], strict=True))
    assert newest["What"] == "Edit LAN-003" and newest["Field"] == "Title"
    assert newest["To"] == '\'=HYPERLINK("http://example.invalid","click")'  # never a live formula
    assert re.match(r"^2026-\d\d-\d\d \d\d:\d\d:\d\d$", newest["When"])
    assert messages == [f"Exported {shown:,} changes to audit.csv."]
    assert not list(tmp_path.glob(".audit.csv.*"))
    # A name that is not .csv is refused plainly.
    page.ask_csv_path = lambda _suggestion: tmp_path / "audit.xlsx"  # type: ignore[method-assign]
    failures: list[str] = []
    page.failed.connect(failures.append)
    page.export_csv()
    assert failures == ["audit.xlsx: choose a name ending .csv."] and not (tmp_path / "audit.xlsx").exists()


def test_more_than_ten_thousand_changes(qtbot, sample_path: Path, tmp_path: Path) -> None:
    """A model, not a widget per cell: a large log loads and filters quickly."""
    big = tmp_path / "big.bluelight"
    shutil.copyfile(sample_path, big)
    connection = sqlite3.connect(big, isolation_level=None)
    rows = []
    for number in range(12_000):
        stamp = f"2026-{1 + number % 11:02d}-{1 + number % 28:02d}T{number % 24:02d}:00:00Z"
        rows.append(
            (
                str(uuid.uuid4()),
                f"Bulk edit {number}",
                "opportunity",
                f"bulk-{number % 500}",
                "title",
                "old",
                "new",
                f"user{number % 7}",
                stamp,
            )
        )
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO change_log (action_id, action, entity, record_id, field, old_value, new_value, changed_by, "
        "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("COMMIT")
    connection.close()
    make_application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(big)
    started = time.perf_counter()
    page = win.history
    win.views.setCurrentWidget(page)
    built = time.perf_counter() - started
    total = log_count(big)
    assert total > 13_000 and page.model.rowCount() == total
    started = time.perf_counter()
    page.person_combo.setCurrentIndex(page.person_combo.findText("user3"))
    page.search.setText("bulk edit 11")
    filtered = time.perf_counter() - started
    assert 0 < page.model.rowCount() < 2000
    print(f"\nHistory of {total:,} changes: built in {built:.2f} s, filtered in {filtered:.3f} s")
    assert built < 5 and filtered < 2  # generous: a shared machine; typically ~0.2 s and ~0.02 s
