"""Export register… and the passphrase dialog, driven as an officer would: choose where, tick shareable only,
type a passphrase twice, press Export; the export runs on a worker thread and the dialog says where the copy went
and what was left out. Opening a partner's encrypted file asks for its passphrase and stays open when it is
wrong. Exported files are read back with open_register and open_received."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLineEdit, QPushButton

from bluelight_desktop.gui import export_dialog as export_dialog_module
from bluelight_desktop.gui.export_dialog import ExportDialog, PassphraseDialog
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.paths import data_dir
from bluelight_desktop.storage import sealed as sealed_module
from bluelight_desktop.storage.export import ExportCancelled, export_register, open_received
from bluelight_desktop.storage.register import RegisterError, open_register
from bluelight_desktop.storage.sealed import is_sealed

PASSPHRASE = "Fulwood control room 2026"
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed_module, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(sealed_module, "LOG2_N_RANGE", (10, 20))


@pytest.fixture
def session(sample_path: Path):
    opened = RegisterSession(open_register(sample_path))
    yield opened
    opened.close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "USB stick"
    folder.mkdir()
    return folder


@pytest.fixture
def dialog(qtbot, session: RegisterSession) -> ExportDialog:
    shown = ExportDialog(session)
    qtbot.addWidget(shown)
    shown.asked_to_replace = []

    def never_replace(path: Path) -> bool:
        shown.asked_to_replace.append(path)
        return False

    shown.confirm_replace = never_replace
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def set_destination(qtbot, dialog: ExportDialog, path: Path) -> None:
    dialog.destination.selectAll()
    qtbot.keyClicks(dialog.destination, str(path))


def export_and_wait(qtbot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_exporting(), timeout=20_000)


def test_defaults_and_what_shareable_only_leaves_out(dialog: ExportDialog, sample_path: Path) -> None:
    destination = Path(dialog.destination.text())
    assert destination.parent == sample_path.parent and destination.suffix == ".bluelight"
    assert destination.name.startswith("Lancashire Blue Light Collaboration ")
    assert "Lancashire Blue Light Collaboration (36 opportunities)" in dialog.intro.text()
    assert dialog.shareable_box.isChecked()  # the register has restricted items: leaving them out is the default
    assert dialog.left_out.text() == (
        "4 of 36 opportunities are not marked as shareable. They are left out, with 2 agenda items, 2 decisions "
        "and 2 actions about them, and their history goes with them."
    )
    dialog.shareable_box.click()
    assert dialog.left_out.text() == (
        "4 of 36 opportunities are not marked as shareable; unticked, they go to the partner with the rest."
    )
    assert not dialog.passphrase_edit.isEnabled() and not dialog.confirm_edit.isEnabled()
    assert dialog.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.confirm_edit.echoMode() == QLineEdit.EchoMode.Password


def test_a_register_in_the_app_data_folder_exports_to_documents(
    qtbot, sample_path: Path, bluelight_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QStandardPaths

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    inside = data_dir() / "register.bluelight"
    shutil.copyfile(sample_path, inside)
    opened = RegisterSession(open_register(inside))
    try:
        shown = ExportDialog(opened)
        qtbot.addWidget(shown)
        assert Path(shown.destination.text()).parent == documents  # not the hidden data folder
    finally:
        opened.close()


def test_every_control_is_named_and_reachable_by_its_mnemonic(qtbot, dialog: ExportDialog) -> None:
    assert all(w.accessibleName() for w in dialog.findChildren(QPushButton))
    assert all(w.accessibleName() for w in dialog.findChildren(QCheckBox))
    assert all(w.accessibleName() for w in dialog.findChildren(QLineEdit))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)
    assert dialog.destination.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)  # a mnemonic clicks its tick box (animated)
    qtbot.waitUntil(lambda: not dialog.shareable_box.isChecked())
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: dialog.passphrase_box.isChecked() and dialog.passphrase_edit.hasFocus())
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    assert dialog.confirm_edit.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)
    assert dialog.passphrase_edit.hasFocus()


def test_shareable_export_with_a_passphrase(qtbot, dialog: ExportDialog, out_dir: Path, sample_path: Path) -> None:
    before = sample_path.read_bytes()
    dest = out_dir / "for Cumbria.bluelight"
    set_destination(qtbot, dialog, dest)
    dialog.passphrase_box.click()
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    qtbot.keyClicks(dialog.confirm_edit, PASSPHRASE)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as signal:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_exporting(), timeout=20_000)

    report = signal.args[0]
    assert report is dialog.report and report.sealed and report.shareable_only
    text = dialog.status.text()
    assert text.startswith(f"Exported Lancashire Blue Light Collaboration to {dest}, encrypted with a passphrase:")
    assert "Left out 4 opportunities not marked as shareable, with 2 agenda items, 2 decisions and 2 actions" in text
    assert dialog.status.isVisible() and not dialog.problems.isVisible()
    assert dialog.cancel_button.text() == "Close" and dialog.isVisible()
    assert is_sealed(dest) and [p.name for p in out_dir.iterdir()] == [dest.name]
    assert sample_path.read_bytes() == before
    with open_received(dest, PASSPHRASE) as received:
        assert received.counts()["opportunities"] == 32
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_whole_register_without_a_passphrase(qtbot, dialog: ExportDialog, out_dir: Path) -> None:
    dest = out_dir / "partner"  # no extension: .bluelight is added
    set_destination(qtbot, dialog, dest)
    dialog.shareable_box.click()
    assert dialog.export_button.isDefault() and not dialog.browse_button.autoDefault()
    qtbot.keyClick(dialog.destination, Qt.Key.Key_Return)  # Enter exports
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.is_exporting(), timeout=20_000)
    written = out_dir / "partner.bluelight"
    assert dialog.report is not None and dialog.report.path == written
    assert "including 4 opportunities not marked as shareable" in dialog.status.text()
    with open_register(written) as exported:
        assert exported.counts()["opportunities"] == 36


@pytest.mark.parametrize(
    "passphrase, confirm, expected",
    [
        ("", "", "Type a passphrase."),
        ("seven77", "seven77", "The passphrase must be at least 8 characters long: a short one can be guessed."),
        (PASSPHRASE, PASSPHRASE + "!", "The two passphrases are not the same. Type them again."),
    ],
)
def test_passphrase_problems_are_shown_and_nothing_is_written(
    qtbot, dialog: ExportDialog, out_dir: Path, passphrase: str, confirm: str, expected: str
) -> None:
    set_destination(qtbot, dialog, out_dir / "partner.bluelight")
    dialog.passphrase_box.click()
    qtbot.keyClicks(dialog.passphrase_edit, passphrase)
    qtbot.keyClicks(dialog.confirm_edit, confirm)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_exporting()
    assert dialog.problems.isVisible() and dialog.problems.text() == expected
    assert not list(out_dir.iterdir())


def test_destination_problems(qtbot, dialog: ExportDialog, out_dir: Path, sample_path: Path) -> None:
    for typed, expected in (
        ("", "Say where to save the copy."),
        (str(out_dir / "partner.xlsx"), "The file name must end in .bluelight, so that the partner's app opens it."),
        (str(sample_path), "That is your register itself; choose another name for the copy."),
        (str(out_dir / "missing" / "partner.bluelight"), f"The folder {out_dir / 'missing'} does not exist."),
    ):
        dialog.destination.selectAll()
        qtbot.keyClick(dialog.destination, Qt.Key.Key_Delete)
        qtbot.keyClicks(dialog.destination, typed)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.is_exporting()
        assert dialog.problems.text() == expected
    assert not list(out_dir.iterdir())


def test_browse_chooses_the_file_and_a_typed_existing_file_is_asked_about(
    qtbot, dialog: ExportDialog, out_dir: Path
) -> None:
    existing = out_dir / "last week.bluelight"
    existing.write_bytes(b"last week's export")
    offered: list[Path] = []

    def choose(suggested: Path) -> Path:
        offered.append(suggested)
        return existing

    dialog.choose_destination = choose
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert offered and offered[0].suffix == ".bluelight"
    assert dialog.destination.text() == str(existing)
    export_and_wait(qtbot, dialog)  # the save dialog already asked about replacing it
    assert dialog.asked_to_replace == []
    assert existing.read_bytes().startswith(b"SQLite format 3\x00")

    existing.write_bytes(b"last week's export")
    set_destination(qtbot, dialog, existing)  # typed by hand: ask, and "No" writes nothing
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.asked_to_replace == [existing] and not dialog.is_exporting()
    assert existing.read_bytes() == b"last week's export"


def test_cancel_stops_the_export_and_keeps_the_dialog(
    qtbot, dialog: ExportDialog, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def slow_export(register, dest, shareable_only, passphrase, progress=None, cancelled=None):
        started.set()
        while not cancelled():
            progress(0.2, "Leaving out the opportunities not marked as shareable…")
            time.sleep(0.01)
        raise ExportCancelled()

    monkeypatch.setattr(export_dialog_module, "export_register", slow_export)
    set_destination(qtbot, dialog, out_dir / "partner.bluelight")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    qtbot.waitUntil(lambda: dialog.progress.value() == 20, timeout=5000)
    assert dialog.progress.isVisible() and not dialog.export_button.isEnabled()
    assert not dialog.shareable_box.isEnabled() and not dialog.destination.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_exporting(), timeout=10_000)
    assert dialog.isVisible() and dialog.status.text() == "Cancelled: nothing was exported."
    assert dialog.export_button.isEnabled() and dialog.destination.isEnabled()
    assert not list(out_dir.iterdir())


def test_closing_while_exporting_cancels_first(
    qtbot, dialog: ExportDialog, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_export(register, dest, shareable_only, passphrase, progress=None, cancelled=None):
        while not cancelled():
            time.sleep(0.01)
        raise ExportCancelled()

    monkeypatch.setattr(export_dialog_module, "export_register", slow_export)
    set_destination(qtbot, dialog, out_dir / "partner.bluelight")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not until the worker has stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.is_exporting()


def test_a_failed_export_says_why(qtbot, dialog: ExportDialog, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_stick(*_args, **_kwargs):
        raise RegisterError("The export could not be written to E:\\partner.bluelight: No space left on device.")

    monkeypatch.setattr(export_dialog_module, "export_register", full_stick)
    set_destination(qtbot, dialog, out_dir / "partner.bluelight")
    export_and_wait(qtbot, dialog)
    assert (
        dialog.problems.text() == "The export could not be written to E:\\partner.bluelight: No space left on device."
    )
    assert dialog.status.text() == "Nothing was exported." and dialog.isVisible()
    assert dialog.cancel_button.text() == "Cancel"


def test_a_register_with_nothing_restricted(qtbot, session: RegisterSession) -> None:
    import copy

    from bluelight_desktop.core import edits

    for opportunity in list(session.data.opportunities.values()):
        if not opportunity.shareable:
            after = copy.deepcopy(opportunity)
            after.shareable = True
            session.apply(edits.update(opportunity, after, "Share"))
    shown = ExportDialog(session)
    qtbot.addWidget(shown)
    assert not shown.shareable_box.isChecked()
    assert shown.left_out.text() == "Every opportunity is marked as shareable: nothing would be left out."


# ------------------------------------------------------------------------------------- passphrase dialog


@pytest.fixture
def sealed_file(session: RegisterSession, out_dir: Path) -> Path:
    dest = out_dir / "from Lancashire.bluelight"
    export_register(session.register, dest, shareable_only=True, passphrase=PASSPHRASE)
    return dest


@pytest.fixture
def asking(qtbot, sealed_file: Path) -> PassphraseDialog:
    shown = PassphraseDialog(sealed_file)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    if shown.register is not None:
        shown.register.close()


def test_passphrase_dialog_opens_the_register(qtbot, asking: PassphraseDialog, sealed_file: Path) -> None:
    assert asking.intro.text() == (
        "“from Lancashire.bluelight” is encrypted. Type the passphrase that the person who sent it gave you."
    )
    assert asking.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(asking.passphrase_edit, PASSPHRASE)
    with qtbot.waitSignal(asking.accepted, timeout=20_000):
        qtbot.keyClick(asking.passphrase_edit, Qt.Key.Key_Return)
    assert asking.passphrase() == PASSPHRASE
    register = asking.register
    assert register is not None and register.read_only and register.source == sealed_file
    assert register.counts()["opportunities"] == 32


def test_a_wrong_passphrase_keeps_the_dialog_open(qtbot, asking: PassphraseDialog) -> None:
    qtbot.mouseClick(asking.open_button, Qt.MouseButton.LeftButton)
    assert asking.problems.text() == "Type the passphrase." and not asking.is_checking()
    qtbot.keyClicks(asking.passphrase_edit, "Fulwood control room 2025")
    qtbot.mouseClick(asking.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not asking.is_checking(), timeout=20_000)
    assert asking.isVisible() and asking.register is None
    assert asking.problems.text() == (
        "from Lancashire.bluelight cannot be opened. The passphrase is not right, or the file has been changed "
        "since it was sealed."
    )
    assert asking.passphrase_edit.hasFocus() and asking.passphrase_edit.selectedText() == "Fulwood control room 2025"
    qtbot.keyClicks(asking.passphrase_edit, PASSPHRASE)  # typing over the selection
    assert not asking.problems.isVisible()
    with qtbot.waitSignal(asking.accepted, timeout=20_000):
        qtbot.mouseClick(asking.open_button, Qt.MouseButton.LeftButton)
    assert asking.register is not None


def test_show_the_passphrase(qtbot, asking: PassphraseDialog) -> None:
    asking.activateWindow()
    qtbot.waitUntil(asking.isActiveWindow)
    qtbot.keyClick(asking, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(asking.show_box.isChecked)
    assert asking.passphrase_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.keyClick(asking, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: asking.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password)
    qtbot.keyClick(asking, Qt.Key.Key_P, ALT)
    assert asking.passphrase_edit.hasFocus()
    assert all(w.accessibleName() for w in asking.findChildren(QPushButton))
