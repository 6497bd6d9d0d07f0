"""Sharing from the File menu of the real main window: export for a partner, open a partner's register in a
read-only window of its own, merge it, spreadsheets in and out. Results are read back from the files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bluelight_desktop.core.model import Stage
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.export_dialog import ExportDialog, PassphraseDialog
from bluelight_desktop.gui.import_dialog import ImportDialog
from bluelight_desktop.gui.main_window import MainWindow
from bluelight_desktop.gui.merge_dialog import MergeDialog
from bluelight_desktop.recent import recent_registers
from bluelight_desktop.storage.register import Register
from tests.storage.test_merge import DEMAND, edit, make_partner


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    make_application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1440, 860)
    win.show()
    qtbot.waitExposed(win)
    win.errors = []  # type: ignore[attr-defined]
    win.show_error = lambda title, text: win.errors.append((title, text))  # type: ignore[method-assign]
    assert win.open_path(sample_path)
    return win


def export_through_the_dialog(qtbot, window: MainWindow, dest: Path, passphrase: str = "") -> None:
    def run(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ExportDialog)
        qtbot.addWidget(dialog)
        dialog.choose_destination = lambda suggested: dest  # type: ignore[method-assign]
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
        if passphrase:
            dialog.passphrase_box.setChecked(True)
            dialog.passphrase_edit.setText(passphrase)
            dialog.confirm_edit.setText(passphrase)
        with qtbot.waitSignal(dialog.exported, timeout=30_000):
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        return True

    window.run_dialog = run  # type: ignore[method-assign]
    window.sharing.export_action.trigger()


def test_export_for_a_partner_then_open_it_read_only_in_a_window_of_its_own(window, qtbot, tmp_path) -> None:
    dest = tmp_path / "for Cumbria.bluelight"
    export_through_the_dialog(qtbot, window, dest)
    with Register(dest, read_only=True) as copy:
        assert copy.settings().name == "Lancashire Blue Light Collaboration"

    window.ask_path_to_open = lambda title, file_filter: dest  # type: ignore[method-assign]
    window.sharing.open_partner_action.trigger()
    [partner] = window.sharing.partner_windows
    qtbot.addWidget(partner)
    assert partner.session is not None and partner.session.read_only
    banner = partner.register_banner.text()
    assert partner.register_banner.isVisible() or not partner.isVisible()
    assert "A partner's register, open read-only" in banner and "Exported by" in banner
    assert "from Lancashire Blue Light Collaboration" in banner
    assert not partner.add_action.isEnabled()  # nothing can be changed
    assert all(Path(p).name != dest.name for p in recent_registers())  # a private copy is not a recent register
    assert window.session is not None and not window.session.read_only  # my own register is untouched


def test_a_sealed_export_asks_for_its_passphrase_before_it_opens(window, qtbot, tmp_path) -> None:
    dest = tmp_path / "sealed.bluelight"
    export_through_the_dialog(qtbot, window, dest, passphrase="correct horse battery")
    assert not dest.read_bytes().startswith(b"SQLite format 3")

    def answer(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, PassphraseDialog)
        qtbot.addWidget(dialog)
        dialog.passphrase_edit.setText("correct horse battery")
        dialog.try_open()
        qtbot.waitUntil(lambda: dialog.register is not None, timeout=30_000)
        return True

    window.run_dialog = answer  # type: ignore[method-assign]
    window.ask_path_to_open = lambda title, file_filter: dest  # type: ignore[method-assign]
    window.sharing.open_partner_action.trigger()
    [partner] = window.sharing.partner_windows
    qtbot.addWidget(partner)
    # The tick box starts ticked while the register has restricted items: the sample's 4 stay at home.
    assert partner.session is not None and len(partner.session.data.opportunities) == 32
    assert "shareable items only" in partner.register_banner.text()


def test_a_file_that_is_not_a_register_is_refused_in_plain_words(window, tmp_path) -> None:
    wrong = tmp_path / "minutes.bluelight"
    wrong.write_text("These are the minutes, not a register.")
    window.ask_path_to_open = lambda title, file_filter: wrong  # type: ignore[method-assign]
    window.sharing.open_partner_action.trigger()
    assert window.sharing.partner_windows == []
    assert window.errors and "not a Bluelight register" in window.errors[-1][1]


def test_merge_opens_the_preview_dialog_for_the_chosen_file(window, qtbot, sample_path, tmp_path) -> None:
    partner = make_partner(sample_path, tmp_path / "cumbria.bluelight")
    edit(partner, DEMAND, stage=Stage.LIVE)
    opened: list[MergeDialog] = []

    def run(dialog) -> bool:  # type: ignore[no-untyped-def]
        qtbot.addWidget(dialog)
        opened.append(dialog)
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)  # its reading runs on a worker thread
        return False

    window.run_dialog = run  # type: ignore[method-assign]
    window.ask_path_to_open = lambda title, file_filter: partner  # type: ignore[method-assign]
    window.sharing.merge_action.trigger()
    assert len(opened) == 1 and isinstance(opened[0], MergeDialog)


def test_import_opens_the_mapping_dialog_for_the_chosen_spreadsheet(window, qtbot, tmp_path) -> None:
    sheet = tmp_path / "pipeline.csv"
    sheet.write_text("Title,Lead officer\nShared vehicle workshop,Jo Bloggs\n", encoding="utf-8")
    opened: list[ImportDialog] = []

    def run(dialog) -> bool:  # type: ignore[no-untyped-def]
        qtbot.addWidget(dialog)
        opened.append(dialog)
        qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)  # its reading runs on a worker thread
        return False

    window.run_dialog = run  # type: ignore[method-assign]
    window.ask_path_to_open = lambda title, file_filter: sheet  # type: ignore[method-assign]
    window.sharing.import_action.trigger()
    assert len(opened) == 1 and isinstance(opened[0], ImportDialog)


def test_export_to_spreadsheet_writes_the_register_under_its_marking(window, tmp_path) -> None:
    out = tmp_path / "register.xlsx"
    window.ask_path_to_write = lambda *args: out  # type: ignore[method-assign]
    window.sharing.export_sheet_action.trigger()
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(1, 1).value == "OFFICIAL"
    titles = {sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)}
    assert "Real Time Demand Management" in titles
    assert "Exported 36 opportunities" in window.statusBar().currentMessage()


def test_the_file_menu_offers_every_sharing_command(window) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    for wanted in (
        "Export register for a partner…",
        "Open a partner's register…",
        "Merge a partner's register…",
        "Import from spreadsheet…",
        "Export to spreadsheet…",
    ):
        assert wanted in texts
    QApplication.processEvents()
