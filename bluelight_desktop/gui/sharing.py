"""Sharing registers from the File menu: export for a partner, open a partner's register read-only in a window
of its own, merge a partner's register into this one, and spreadsheets in and out.

The work is done by storage.export, storage.merge, core.spreadsheet_import and reports.spreadsheet, and by
their dialogs; this module only asks for files and opens the right dialog, each imported when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from ..paths import REGISTER_SUFFIX

if TYPE_CHECKING:
    from .main_window import MainWindow

REGISTER_FILTER = f"Bluelight registers (*{REGISTER_SUFFIX});;All files (*)"
SPREADSHEET_FILTER = "Spreadsheets (*.xlsx *.csv);;Excel workbooks (*.xlsx);;CSV files (*.csv);;All files (*)"
EXPORT_SPREADSHEET_FILTER = "Excel workbook (*.xlsx);;CSV file (*.csv)"


def ask_path_to_open(parent: QWidget, title: str, file_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return Path(chosen) if chosen else None


class SharingController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.partner_windows: list[MainWindow] = []  # kept alive while open
        self.export_action = self._action(
            "E&xport register for a partner…", self.export_register, ["Ctrl+Shift+X"], "A checked copy to send"
        )
        self.open_partner_action = self._action(
            "Open a &partner's register…", self.open_partner, tip="Look at a register a partner sent, read-only"
        )
        self.merge_action = self._action(
            "&Merge a partner's register…", self.merge, ["Ctrl+Shift+G"], "Fold a partner's changes into yours"
        )
        self.import_action = self._action(
            "&Import from spreadsheet…", self.import_spreadsheet, ["Ctrl+Shift+I"], "Opportunities from .xlsx or .csv"
        )
        self.export_sheet_action = self._action(
            "Export to sprea&dsheet…", self.export_spreadsheet, tip="The register as an .xlsx or .csv file"
        )
        self.all_actions = [
            self.export_action,
            self.open_partner_action,
            self.merge_action,
            self.import_action,
            self.export_sheet_action,
        ]
        self.writing_actions = [self.merge_action, self.import_action]

    def _action(self, text: str, slot: Callable[[], object], keys: list[str] | None = None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def update_actions(self, has_register: bool, writable: bool) -> None:
        for action in self.all_actions:
            action.setEnabled(has_register)
        for action in self.writing_actions:
            action.setEnabled(writable)
        self.open_partner_action.setEnabled(True)  # a partner's register can be looked at with none open

    # ------------------------------------------------------------------------------------------- commands

    def export_register(self) -> None:
        if self.window.session is None:
            return
        from .export_dialog import ExportDialog

        self.window.run_dialog(ExportDialog(self.window.session, self.window))

    def open_partner(self) -> None:
        from ..storage.register import RegisterError

        path = self.window.ask_path_to_open("Open a partner's register", REGISTER_FILTER)
        if path is None:
            return
        register = self._receive(path)
        if register is None:
            return
        from ..storage.export import received_banner

        try:
            banner = received_banner(register)
        except RegisterError as exc:
            register.close()
            self.window.show_error("The register could not be opened", str(exc))
            return
        from .main_window import MainWindow

        partner = MainWindow()
        partner.today = self.window.today
        partner.show_received(register, banner)
        partner.show()
        self.partner_windows.append(partner)
        partner.destroyed.connect(lambda _obj=None, w=partner: self._forget(w))

    def _forget(self, window: Any) -> None:
        if window in self.partner_windows:
            self.partner_windows.remove(window)

    def _receive(self, path: Path) -> Any:
        """The partner's register open read-only (asking for its passphrase when it is sealed), or None."""
        from ..storage.export import open_received
        from ..storage.register import RegisterError
        from ..storage.sealed import is_sealed

        if is_sealed(path):
            from .export_dialog import PassphraseDialog

            dialog = PassphraseDialog(path, self.window)
            if not self.window.run_dialog(dialog):
                return None
            return dialog.register
        try:
            return open_received(path)
        except RegisterError as exc:
            self.window.show_error("The register could not be opened", str(exc))
            return None

    def merge(self) -> None:
        session = self.window.session
        if session is None or session.read_only:
            return
        path = self.window.ask_path_to_open("Merge a partner's register into this one", REGISTER_FILTER)
        if path is None:
            return
        from .merge_dialog import MergeDialog

        self.window.run_dialog(MergeDialog(session, path, self.window))

    def import_spreadsheet(self) -> None:
        session = self.window.session
        if session is None or session.read_only:
            return
        path = self.window.ask_path_to_open("Import opportunities from a spreadsheet", SPREADSHEET_FILTER)
        if path is None:
            return
        from .import_dialog import ImportDialog

        self.window.run_dialog(ImportDialog(session, path, self.window))

    def export_spreadsheet(self) -> None:
        session = self.window.session
        if session is None:
            return
        from ..reports.spreadsheet import write_spreadsheet

        suggestion = session.register.path.with_suffix(".xlsx")
        path = self.window.ask_path_to_write("Export to spreadsheet", suggestion, EXPORT_SPREADSHEET_FILTER, ".xlsx")
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".csv"):
            self.window.show_error("Not exported", f"{path.name}: choose a name ending .xlsx or .csv.")
            return
        try:
            rows = write_spreadsheet(session.data, path, session.data.settings.marking)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            self.window.show_error("The spreadsheet was not exported", f"{path.name} could not be written: {reason}.")
            return
        self.window.statusBar().showMessage(f"Exported {rows} opportunities to {path.name}.", 8000)
