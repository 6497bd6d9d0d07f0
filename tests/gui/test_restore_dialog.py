"""File > Restore from backup…, the backup taken on opening, and a register another copy of the app holds (the
read-only banner, every editing action disabled), driven as a user would. Files are read back with sqlite3."""

from __future__ import annotations

import copy
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bluelight_desktop.core import edits
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.main_window import MainWindow
from bluelight_desktop.gui.restore_dialog import RestoreDialog
from bluelight_desktop.paths import backup_dir
from bluelight_desktop.storage.backups import all_backups, take_backup
from bluelight_desktop.storage.lock import lock_path

DATE_TIME = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}$")


@pytest.fixture
def window(qtbot) -> MainWindow:
    make_application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.errors = []  # type: ignore[attr-defined]
    win.show_error = lambda title, text: win.errors.append((title, text))  # type: ignore[method-assign]
    return win


def titles(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT id, title FROM opportunity WHERE deleted_at IS NULL").fetchall())
    finally:
        connection.close()


def rename_first(win: MainWindow, title: str) -> str:
    assert win.session is not None
    target = sorted(win.session.data.opportunities.values(), key=lambda o: o.reference)[0]
    changed = copy.deepcopy(target)
    changed.title = title
    assert win.session.apply(edits.update(target, changed, f"Edit {target.reference}"))
    return target.id


def wait_for_open_backup(qtbot, path: Path) -> None:
    """The backup on opening is taken on a background thread after the integrity check."""
    qtbot.waitUntil(lambda: any(b.reason == "on opening" for b in all_backups()), timeout=10000)


# ------------------------------------------------------------------------------------------------ dialog


def test_the_dialog_lists_this_registers_backups_newest_first(qtbot, sample_path: Path, tmp_path: Path) -> None:
    make_application()
    first = take_backup(sample_path, "before import")
    second = take_backup(sample_path, "before merge")
    damaged = backup_dir() / "lancashire 2026-11-01 090000 on opening.bluelight"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(200))
    other = tmp_path / "other.bluelight"
    from bluelight_desktop.storage.register import create_register

    create_register(other, "Another programme").close()
    take_backup(other, "before merge")  # another register's backup is not listed

    dialog = RestoreDialog(sample_path, "Lancashire Blue Light Collaboration")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.rowCount() == 3
    assert [table.item(row, 1).text() for row in range(3)] == ["Before merge", "Before import", "On opening"]
    assert [b.path for b in dialog.backups[:2]] == [second, first]
    assert all(DATE_TIME.match(table.item(row, 0).text()) for row in range(3))
    assert table.item(2, 0).text() == "1 Nov 2026 09:00"
    assert table.item(0, 2).text().endswith(" KB")
    assert table.item(0, 3).text() == "36 opportunities, 10 meetings, 14 decisions, 14 actions"
    assert table.item(2, 3).text() == "Damaged: cannot be restored"
    # The newest is chosen and Restore is ready; a damaged one cannot be restored.
    assert dialog.chosen() is not None and dialog.chosen().path == second  # type: ignore[union-attr]
    assert dialog.restore_button.isEnabled() and dialog.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert dialog.chosen() is not None and dialog.chosen().path == damaged  # type: ignore[union-attr]
    assert not dialog.restore_button.isEnabled()
    assert "cannot" in dialog.note.text() or "damaged" in dialog.note.text()
    for widget in (dialog.table, dialog.restore_button, dialog.folder_button, dialog.note):
        assert widget.accessibleName()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert dialog.restore_button.isEnabled()
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))


def test_no_backups_says_when_they_are_taken(qtbot, sample_path: Path) -> None:
    make_application()
    dialog = RestoreDialog(sample_path)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert "There are no backups of this register yet" in dialog.note.text()


# ----------------------------------------------------------------------------------------------- restoring


def choose(backup: Path) -> Any:
    """A run_dialog that picks `backup` in the Restore dialog's list and presses Restore."""

    def run(dialog: Any) -> bool:
        if isinstance(dialog, RestoreDialog):
            dialog.table.selectRow([b.path for b in dialog.backups].index(backup))
            return dialog.chosen() is not None
        raise AssertionError(f"unexpected dialog {dialog!r}")

    return run


def test_restore_puts_the_register_back_and_keeps_the_state_it_replaced(
    window: MainWindow, qtbot, sample_path: Path
) -> None:
    assert window.open_path(sample_path)
    wait_for_open_backup(qtbot, sample_path)
    original = titles(sample_path)
    backup = take_backup(sample_path, "before merge")
    changed_id = rename_first(window, "Renamed after the backup")
    assert window.session is not None and window.session.undo_stack.canUndo()
    informed: list[str] = []
    window.run_dialog = choose(backup)  # type: ignore[method-assign]
    confirmations: list[str] = []
    window.confirm = lambda title, text: confirmations.append(text) or True  # type: ignore[method-assign]
    from bluelight_desktop.gui.restore_dialog import restore_from_backup

    assert restore_from_backup(window, inform=lambda _w, _title, text: informed.append(text))
    assert window.errors == []  # type: ignore[attr-defined]
    assert "The register as it is now is backed up first" in confirmations[0]
    # The file and the window hold the backup's state; undo history starts afresh.
    assert titles(sample_path) == original
    assert window.session is not None and not window.session.read_only
    assert {o.id: o.title for o in window.session.data.opportunities.values()} == original
    assert not window.session.undo_stack.canUndo()
    assert window.model.rowCount() == 36
    # The state it replaced is a backup of its own.
    kept = [b for b in all_backups() if b.reason == "before restore"]
    assert len(kept) == 1 and titles(kept[0].path)[changed_id] == "Renamed after the backup"
    assert informed and "is back as it was on" in informed[0]
    assert backup.exists()
    assert lock_path(sample_path).exists()  # open for writing again, still holding its lock


def test_a_corrupt_backup_is_refused_and_the_register_stays_open(window: MainWindow, qtbot, sample_path: Path) -> None:
    assert window.open_path(sample_path)
    wait_for_open_backup(qtbot, sample_path)
    backup = take_backup(sample_path, "before merge")
    data = bytearray(backup.read_bytes())
    data[4096 * 2 : 4096 * 5] = bytes(4096 * 3)  # pages zeroed: the header still reads as ours
    backup.write_bytes(bytes(data))
    rename_first(window, "Kept")
    before = sample_path.read_bytes()
    window.run_dialog = choose(backup)  # type: ignore[method-assign]
    window.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    window.restore_from_backup()
    [(title, message)] = window.errors  # type: ignore[attr-defined]
    assert title == "The backup was not restored"
    assert "is damaged, so it cannot be restored" in message and "lancashire.bluelight has not been changed" in message
    assert sample_path.read_bytes() == before
    assert window.session is not None and "Kept" in {o.title for o in window.session.data.opportunities.values()}


def test_restore_is_in_the_file_menu_and_needs_a_writable_register(window: MainWindow, sample_path: Path) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.restore_action in file_menu.actions()  # type: ignore[union-attr]
    assert window.restore_action.text() == "Res&tore from backup…"
    assert not window.restore_action.isEnabled()  # no register open
    window.open_path(sample_path)
    assert window.restore_action.isEnabled()
    window.open_path(sample_path, read_only=True)
    assert not window.restore_action.isEnabled()


def test_opening_takes_a_backup_once(window: MainWindow, qtbot, sample_path: Path) -> None:
    window.open_path(sample_path)
    wait_for_open_backup(qtbot, sample_path)
    window.close_register()
    window.open_path(sample_path)  # unchanged: no second copy
    qtbot.wait(300)
    assert [b.reason for b in all_backups()] == ["on opening"]


# ---------------------------------------------------------------------------------- another copy holds it


def test_a_register_another_copy_writes_opens_read_only_with_a_banner(
    window: MainWindow, qtbot, sample_path: Path, tmp_path: Path
) -> None:
    from tests.storage.test_lock import Holder

    window.resize(1280, 760)
    held = Holder(sample_path)
    try:
        assert window.open_path(sample_path)
        session = window.session
        assert session is not None and session.read_only
        banner = window.register_banner
        assert banner.isVisible()
        text = banner.text()
        assert text.startswith("Open in another copy of Bluelight Desktop by ")
        assert re.search(
            r" on \S+ since \d{2}:\d{2} — read-only\. Close the other copy, then reopen to make changes\.", text
        )
        assert "[read-only]" in window.windowTitle()
        # Every editing action is off; looking around is not.
        for action in (
            window.add_action,
            window.edit_action,
            window.delete_action,
            window.organisations_action,
            window.workstreams_action,
            window.board_rules_action,
            window.send_to_quadrant_action,
            window.take_off_board_action,
            window.restore_action,
            window.sharing.merge_action,
            window.sharing.import_action,
            *window.meetings.writing_actions,
        ):
            assert not action.isEnabled(), action.text()
        for action in (window.show_table_action, window.show_board_action, window.show_history_action):
            assert action.isEnabled()
        assert window.errors == []  # type: ignore[attr-defined]
        assert not [b for b in all_backups()]  # a read-only look takes no backup
        window.grab().save(str(tmp_path / "read-only-banner.png"))
        # Still held: Reopen now keeps it read-only.
        banner.linkActivated.emit("reopen")
        assert window.session is not None and window.session.read_only
        held.close()
        banner.linkActivated.emit("reopen")  # the other copy closed: open for changes
        assert window.session is not None and not window.session.read_only
        assert not window.register_banner.isVisible()
        assert window.add_action.isEnabled()
    finally:
        held.stop()
    QApplication.processEvents()
