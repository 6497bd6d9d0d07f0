"""File > Import from spreadsheet…, driven as a project officer would: the file is read off the UI thread, its
columns matched automatically (and changeable), its rows previewed with their problems in colour and in words,
Import held back while a row has a problem unless those rows are skipped, then one undoable import after a
backup. The register is read back from disk."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLabel

from bluelight_desktop.gui import import_dialog as import_dialog_module
from bluelight_desktop.gui.import_dialog import NOT_IMPORTED, PROBLEM_FILL, ImportDialog
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.paths import backup_dir
from bluelight_desktop.storage.register import open_register
from tests.fixtures.spreadsheets.office import BAD_ROWS, CLEAN_TITLES, row_number, write_office_workbook


@pytest.fixture
def session(sample_path: Path):
    opened = RegisterSession(open_register(sample_path))
    yield opened
    opened.close()


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_office_workbook(tmp_path / "Collaboration register.xlsx")


@pytest.fixture
def bad_workbook(tmp_path: Path) -> Path:
    return write_office_workbook(tmp_path / "With problems.xlsx", bad=True)


def open_dialog(qtbot, session: RegisterSession, path: Path | None) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(session, path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # mnemonics act in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    if path is not None:
        settle(qtbot, dialog)
    return dialog


def settle(qtbot, dialog: ImportDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.writer is None, timeout=20_000)


def tick(qtbot, box: QCheckBox) -> None:  # type: ignore[no-untyped-def]
    """Click a tick box on its box (a wide one's middle is empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def count_on_disk(path: Path) -> int:
    with open_register(path, read_only=True) as register:
        return register.counts()["opportunities"]


def test_columns_are_matched_and_every_row_previewed(qtbot, session: RegisterSession, workbook: Path) -> None:
    dialog = open_dialog(qtbot, session, workbook)
    assert dialog.windowTitle() == "Import from spreadsheet: Collaboration register.xlsx"
    assert dialog.sheet_combo.currentText() == "Register" and dialog.sheet_combo.isEnabled()
    assert dialog.found_label.text() == "Excel workbook; headers on row 4; 8 rows below them."
    assert dialog.field_combos["title"].currentText() == "B: Project title"
    assert dialog.field_combos["cashable_saving"].currentText() == "L: Cashable saving (£)"
    assert dialog.field_combos["shareable"].currentText() == "Q: Share with partners?"
    assert dialog.field_combos["summary"].currentText() == NOT_IMPORTED
    assert dialog.counts_label.text() == "8 rows ready; 1 new organisation and 1 new workstream."
    assert dialog.model.rowCount() == len(CLEAN_TITLES)
    texts = [dialog.model.data(dialog.model.index(r, 3)) for r in range(dialog.model.rowCount())]
    assert texts == CLEAN_TITLES
    first = [dialog.model.data(dialog.model.index(0, c)) for c in range(dialog.model.columnCount())]
    assert first[:4] == [str(row_number("Joint Estates Review")), "Ready", "LAN-101", "Joint Estates Review"]
    assert "£1,700,000" in first and "1 Mar 2018" in first and "LC, NWAS" in first
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 8 opportunities"
    assert not dialog.skip_box.isEnabled()  # nothing to skip


def test_rows_with_problems_hold_the_import_until_skipped(qtbot, session: RegisterSession, bad_workbook: Path) -> None:
    before = bad_workbook.read_bytes(), session.register.path.read_bytes()
    dialog = open_dialog(qtbot, session, bad_workbook)
    assert dialog.counts_label.text().startswith("8 rows ready, 5 with problems; 1 new organisation")
    assert "Put the problems right in the sheet" in dialog.counts_label.text()
    assert not dialog.import_button.isEnabled() and dialog.skip_box.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert dialog.writer is None and session.register.path.read_bytes() == before[1]

    tick(qtbot, dialog.only_problems_box)
    model = dialog.model
    assert model.rowCount() == len(BAD_ROWS)
    # Colour and words: a red fill, "Problem" in the status column and the problem itself.
    index = model.index(0, 1)
    assert model.data(index) == "Problem"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == QColor(PROBLEM_FILL)
    assert model.data(model.index(0, 4)) == "Effort 'high' is not a number from 0 to 100."
    assert model.data(model.index(0, 0)) == str(row_number("Shared Occupational Health", bad=True))
    # The keyboard reaches the preview, and the row's problems are read in full below it.
    dialog.preview.setFocus()
    qtbot.keyClick(dialog.preview, Qt.Key.Key_Home)
    assert dialog.detail.text().startswith("Row 14: Effort 'high'")
    qtbot.keyClick(dialog.preview, Qt.Key.Key_Down)
    row = row_number("Joint Legal Services", bad=True)
    assert dialog.detail.text() == (
        f"Row {row}: Start date: '03/19/2018' is not a date on the calendar: dates are read day first, as 19/03/2018."
    )

    tick(qtbot, dialog.skip_box)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 8 opportunities"
    existing = len(session.data.opportunities)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert imported.args == [8]
    assert dialog.status.text() == (
        "Imported 8 opportunities (LAN-100 to LAN-107) with 1 new organisation and 1 new workstream; 5 rows with "
        "problems left out. Edit > Undo takes the import back."
    )
    assert dialog.cancel_button.text() == "Close" and not dialog.import_button.isVisible()
    assert len(session.data.opportunities) == existing + 8
    assert count_on_disk(session.register.path) == existing + 8
    assert bad_workbook.read_bytes() == before[0]  # the spreadsheet is only read
    assert [p.name for p in backup_dir().iterdir() if "before import" in p.name]
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_one_undo_takes_the_whole_import_back(qtbot, session: RegisterSession, workbook: Path) -> None:
    existing = len(session.data.opportunities), len(session.data.organisations), len(session.data.workstreams)
    dialog = open_dialog(qtbot, session, workbook)
    threads: list[int] = []
    real = import_dialog_module.apply_import

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    import_dialog_module.apply_import = recording  # type: ignore[assignment]
    try:
        with qtbot.waitSignal(dialog.imported, timeout=20_000):
            qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # the mnemonic presses Import
        settle(qtbot, dialog)
    finally:
        import_dialog_module.apply_import = real  # type: ignore[assignment]
    assert threads and threads[0] != threading.get_ident()  # written off the UI thread
    assert len(session.data.opportunities) == existing[0] + 8
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == (
        "Import 8 opportunities from Collaboration register.xlsx"
    )
    session.undo_stack.undo()
    assert (len(session.data.opportunities), len(session.data.organisations), len(session.data.workstreams)) == existing
    assert count_on_disk(session.register.path) == existing[0]
    session.undo_stack.redo()
    assert count_on_disk(session.register.path) == existing[0] + 8


def test_changing_a_column_checks_the_rows_again(qtbot, session: RegisterSession, workbook: Path) -> None:
    dialog = open_dialog(qtbot, session, workbook)
    dialog.field_combos["notes"].setCurrentIndex(0)
    dialog.set_column("summary", "Comments")
    settle(qtbot, dialog)
    assert dialog.plan is not None and "summary" in dialog.plan.columns and "notes" not in dialog.plan.columns
    assert dialog.plan.rows[0].opportunity.summary == "Board asked for options"

    dialog.set_column("title", None)
    settle(qtbot, dialog)
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert dialog.problems.text() == "Choose the column that holds each opportunity's title: an import needs titles."

    dialog.set_column("title", "Project title")
    dialog.set_column("sponsor", "Project title")
    assert dialog.problems.text() == "Title and Sponsor both read column B: choose one."
    assert not dialog.import_button.isEnabled()
    dialog.set_column("sponsor", None)
    settle(qtbot, dialog)
    assert not dialog.problems.isVisible() and dialog.import_button.isEnabled()


def test_another_sheet_can_be_chosen(qtbot, session: RegisterSession, workbook: Path) -> None:
    dialog = open_dialog(qtbot, session, workbook)
    dialog.choose_sheet("Read me")
    settle(qtbot, dialog)
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert dialog.problems.text().startswith("Collaboration register.xlsx (sheet Read me) has no columns this app")
    assert dialog.sheet_combo.isEnabled() and dialog.sheet_combo.count() == 3
    dialog.choose_sheet("Register")
    settle(qtbot, dialog)
    assert dialog.plan is not None and len(dialog.plan.ready) == 8 and not dialog.problems.isVisible()


def test_a_file_that_is_not_a_spreadsheet_says_so_and_another_can_be_chosen(
    qtbot, session: RegisterSession, tmp_path: Path, workbook: Path
) -> None:
    bad = tmp_path / "minutes.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    before = session.register.path.read_bytes()
    dialog = open_dialog(qtbot, session, bad)
    assert dialog.problems.isVisible() and dialog.problems.text().startswith(
        "minutes.xlsx is protected with a password, or is an old Excel 97-2003 workbook (.xls)."
    )
    assert not dialog.import_button.isEnabled() and dialog.model.rowCount() == 0
    assert session.register.path.read_bytes() == before
    dialog.choose_file = lambda: workbook  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert not dialog.problems.isVisible() and dialog.model.rowCount() == 8


def test_without_a_path_the_dialog_asks_for_one(qtbot, session: RegisterSession, workbook: Path) -> None:
    dialog = open_dialog(qtbot, session, None)
    assert dialog.file_label.text() == "No file chosen yet: choose one."
    assert not dialog.import_button.isEnabled() and not dialog.columns_group.isEnabled()
    asked: list[Path | None] = []

    def choose(answer: Path | None) -> Path | None:
        asked.append(answer)
        return answer

    dialog.choose_file = lambda: choose(None)  # type: ignore[method-assign]
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # C&hoose file…, then cancelled
    qtbot.waitUntil(lambda: len(asked) == 1)  # a mnemonic clicks its button after a short animation
    assert dialog.worker is None and dialog.table is None
    dialog.choose_file = lambda: choose(workbook)  # type: ignore[method-assign]
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 2)
    settle(qtbot, dialog)
    assert dialog.file_label.text() == str(workbook) and dialog.import_button.isEnabled()


def test_cancel_stops_a_slow_read_and_keeps_the_dialog(
    qtbot, session: RegisterSession, workbook: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def slow_read(path, sheet=None, mapping=None, *, cancelled=None, progress=None, max_rows=0):  # type: ignore[no-untyped-def]
        started.set()
        rows = 0
        while not cancelled():
            rows += 256
            progress(rows)
            threading.Event().wait(0.01)
        from bluelight_desktop.storage.spreadsheet import ImportCancelled

        raise ImportCancelled()

    monkeypatch.setattr(import_dialog_module, "read_spreadsheet", slow_read)
    dialog = open_dialog(qtbot, session, None)
    dialog.load(workbook)
    assert started.wait(10)
    qtbot.waitUntil(lambda: "rows so far" in dialog.status.text(), timeout=5000)
    assert dialog.progress.isVisible() and not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog)
    assert dialog.isVisible() and dialog.status.text() == "Stopped reading: nothing was imported."
    assert dialog.choose_button.isEnabled() and not dialog.progress.isVisible()


def test_closing_while_reading_stops_the_read_first(
    qtbot, session: RegisterSession, workbook: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def slow_read(path, sheet=None, mapping=None, *, cancelled=None, progress=None, max_rows=0):  # type: ignore[no-untyped-def]
        while not cancelled():
            threading.Event().wait(0.01)
        from bluelight_desktop.storage.spreadsheet import ImportCancelled

        raise ImportCancelled()

    monkeypatch.setattr(import_dialog_module, "read_spreadsheet", slow_read)
    dialog = open_dialog(qtbot, session, None)
    dialog.load(workbook)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.worker is None


def test_a_read_only_register_cannot_take_an_import(qtbot, sample_path: Path, workbook: Path) -> None:
    session = RegisterSession(open_register(sample_path, read_only=True))
    try:
        dialog = open_dialog(qtbot, session, workbook)
        assert dialog.model.rowCount() == 8  # it can still be looked at
        assert not dialog.import_button.isEnabled()
        assert dialog.problems.text() == "This register is open read-only: it cannot take an import."
    finally:
        session.close()


def test_every_control_is_named_and_labelled(qtbot, session: RegisterSession, workbook: Path) -> None:
    dialog = open_dialog(qtbot, session, workbook)
    for combo in dialog.field_combos.values():
        assert combo.accessibleName().endswith(" column") and combo.toolTip()
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert set(dialog.field_combos.values()) <= buddies and dialog.sheet_combo in buddies and dialog.preview in buddies
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            assert "&" in label.text()
    named = (dialog.import_button, dialog.cancel_button, dialog.choose_button, dialog.skip_box)
    named += (dialog.only_problems_box, dialog.preview, dialog.counts_label, dialog.status, dialog.problems)
    assert all(widget.accessibleName() for widget in named)


def test_a_dialog_deleted_while_reading_leaves_its_worker_to_finish(
    qtbot, session: RegisterSession, workbook: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Deleting a QThread that is still running aborts the process; a dialog closed by the app quitting must not."""
    from PySide6.QtCore import QCoreApplication, QEvent

    started, release = threading.Event(), threading.Event()
    real = import_dialog_module.read_spreadsheet

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_dialog_module, "read_spreadsheet", slow)
    dialog = ImportDialog(session, workbook)
    assert started.wait(10)
    worker = dialog.worker
    assert worker is not None and worker in import_dialog_module._running
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert worker.cancelled  # nobody will see what it reads
    release.set()
    qtbot.waitUntil(lambda: not import_dialog_module._running, timeout=20_000)
