"""File > Restore from backup…: this register's backups, newest first, and restoring one.

The dialog lists each backup with when it was taken (21 Nov 2026 14:05, local time), why (on opening, before
a merge…), its size and what it holds. `restore_from_backup(window)` runs the command: choose, confirm, then
close the register, restore (storage/backups.restore_backup: the backup checked, the register backed up as it
is, the backup's copy renamed into place), and open it again, holding the register's write lock throughout so
that no other copy can slip in between. Undo history starts afresh with the reopened register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..paths import backup_dir
from ..storage.backups import BackupInfo, backups_of, restore_backup
from ..storage.register import RegisterError

if TYPE_CHECKING:
    from .main_window import MainWindow

COLUMNS = ("Taken", "Why", "Size", "Holds")
TAKEN, WHY, SIZE, HOLDS = range(len(COLUMNS))
_DAMAGED = "Damaged: cannot be restored"
DIALOG_STYLE = """
QLabel#restoreIntro { color: #1b2430; }
QLabel#restoreNote { color: #37475a; }
QTableWidget#restoreTable { selection-background-color: #1f5aa6; selection-color: #ffffff; }
"""


class RestoreDialog(QDialog):
    """The backups of the register at `register_path`; `chosen()` is the one selected when Restore is pressed."""

    def __init__(
        self,
        register_path: Path,
        register_name: str = "",
        backups: list[BackupInfo] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from a backup")
        self.setAccessibleName("Restore from a backup")
        self.setStyleSheet(DIALOG_STYLE)
        self.register_path = Path(register_path)
        self.backups = backups if backups is not None else backups_of(self.register_path)
        name = f"{register_name} ({self.register_path.name})" if register_name else self.register_path.name

        intro = QLabel(
            f"Backups of {name}, newest first. Restoring replaces the register with the backup you choose. The "
            "register as it is now is backed up first, so you can come back to it the same way."
        )
        intro.setObjectName("restoreIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("restoreTable")
        self.table.setAccessibleName("Backups")
        self.table.setAccessibleDescription("Newest first. Choose one and press Restore (Enter).")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in (TAKEN, WHY, SIZE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HOLDS, QHeaderView.ResizeMode.Stretch)
        self._fill()
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        table_label = QLabel("&Backups:")
        table_label.setBuddy(self.table)

        self.note = QLabel()
        self.note.setObjectName("restoreNote")
        self.note.setAccessibleName("About the chosen backup")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.restore_button.setDefault(True)
        self.folder_button = QPushButton("Show backups &folder")
        self.folder_button.setAccessibleName("Show the backups folder")
        self.folder_button.setToolTip(str(backup_dir()))
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.folder_button.clicked.connect(self.show_folder)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        if self.table.rowCount():
            self.table.selectRow(0)
        self._update()
        self.table.setFocus()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            holds = _DAMAGED if backup.problem else backup.counts_text or "—"
            cells = (backup.when_text, backup.reason_text, backup.size_text, holds)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                if column == SIZE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if backup.problem:
                    item.setForeground(Qt.GlobalColor.darkRed)
                item.setToolTip(str(backup.path))
                self.table.setItem(row, column, item)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update(self) -> None:
        backup = self.chosen()
        if not self.backups:
            self.note.setText(
                "There are no backups of this register yet. One is taken when you open it (if it has changed), and "
                "before every import, merge and upgrade."
            )
        elif backup is None:
            self.note.setText("Choose a backup to restore.")
        elif backup.problem:
            self.note.setText(
                f"This backup cannot be restored: it is damaged, or is not a register ({backup.path.name})."
            )
        else:
            moved = ""
            if backup.original and Path(backup.original) != self.register_path.resolve():
                moved = f" It was taken from {backup.original}."
            self.note.setText(
                f"Taken {backup.when_text} ({backup.reason_text.lower()}); {backup.size_text}; "
                f"{backup.path.name}.{moved} Undo history starts afresh after a restore."
            )
        self.restore_button.setEnabled(backup is not None and backup.problem is None)

    def accept(self) -> None:
        backup = self.chosen()
        if backup is None or backup.problem is not None:
            return
        super().accept()

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_dir())))


def _inform(window: QWidget, title: str, text: str) -> None:
    QMessageBox.information(window, title, text)


def restore_from_backup(window: MainWindow, inform: Callable[[QWidget, str, str], None] = _inform) -> bool:
    """The File menu command: True when a backup was restored and the register reopened."""
    from ..storage.lock import acquire_write_lock

    session = window.session
    if session is None or session.read_only:
        return False
    path = session.register.path
    dialog = RestoreDialog(path, session.data.settings.name, parent=window)
    if not window.run_dialog(dialog):
        return False
    backup = dialog.chosen()
    if backup is None:
        return False
    if not window.confirm(
        "Restore from a backup",
        f"Replace {path.name} with the backup taken {backup.when_text} ({backup.reason_text.lower()})?\n\n"
        "The register as it is now is backed up first. Undo history starts afresh.",
    ):
        return False
    try:
        lock = acquire_write_lock(path)  # held from closing to reopening: no other copy can take it between
    except RegisterError as exc:
        window.show_error("The backup was not restored", str(exc))
        return False
    try:
        window.close_register()
        if window.session is not None:  # minutes not yet saved, and the user chose to stay with them
            return False
        window.statusBar().showMessage("Restoring the backup…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # ~2.5 s for a 66 MB register, checks included
        failure = None
        try:
            result = restore_backup(path, backup.path)
        except RegisterError as exc:
            failure = str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        window.open_path(path)  # the register as restored, or as it was when the backup was refused
        if failure is not None:
            window.show_error("The backup was not restored", failure)
            return False
        window.statusBar().showMessage(result.message(), 20000)
        inform(window, "Backup restored", result.message())
        return True
    finally:
        lock.release()
