"""Build pack… and the pack preview, driven as a clerk would: tick what the pack holds, choose the marking, set a
password, press Build pack; the build runs on a worker thread with a progress bar and Cancel; the pack opens in
the QtPdf preview, which prints (to a PDF printer here) and saves a copy. Packs are read back with pypdf."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from bluelight_desktop.core.governance import agenda_of, find_meeting, meetings_of
from bluelight_desktop.gui import pack_dialog as pack_dialog_module
from bluelight_desktop.gui.pack_dialog import PackDialog
from bluelight_desktop.gui.pack_preview import PackPreview
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.reports.pack import PackCancelled, PackOptions, Section, write_pack
from bluelight_desktop.storage.register import open_register

MEETING = "CPB-2026-12-15"


@pytest.fixture
def session(sample_path: Path):
    opened = RegisterSession(open_register(sample_path))
    yield opened
    opened.close()


@pytest.fixture
def dialog(qtbot, session: RegisterSession):
    meeting = find_meeting(session.data, MEETING)
    assert meeting is not None and agenda_of(session.data, meeting.id)
    shown = PackDialog(session, meeting.id)
    qtbot.addWidget(shown)
    shown.previews = []

    def keep_preview(path: Path, password: str | None, temporary) -> PackPreview:
        preview = PackPreview(path, password=password, temporary=temporary)
        qtbot.addWidget(preview)
        shown.previews.append(preview)
        return preview

    shown.show_preview = keep_preview
    shown.show()
    return shown


def outline_titles(reader: PdfReader) -> list[str]:
    found: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.append(entry.title)

    walk(reader.outline)
    return found


def test_defaults_come_from_the_register_and_the_meeting(dialog: PackDialog) -> None:
    assert all(box.isChecked() and box.isEnabled() for box in dialog.section_boxes.values())
    assert dialog.section_boxes[Section.MINUTES].text() == "&Minutes of the meeting of 17 Nov 2026"
    assert dialog.marking_combo.currentText() == "OFFICIAL"
    assert not dialog.password_edit.isEnabled() and not dialog.confirm_edit.isEnabled()
    assert dialog.build_button.isEnabled() and dialog.build_button.isDefault()
    assert "Collaboration Programme Board, Tuesday 15 Dec 2026 at 10:00: 9 agenda items" in dialog.intro.text()
    for widget in (*dialog.section_boxes.values(), dialog.marking_combo, dialog.password_box, dialog.password_edit):
        assert widget.accessibleName()
    assert dialog.options() == PackOptions(frozenset(Section), "OFFICIAL", None)


def test_build_runs_off_the_ui_thread_and_opens_the_preview(qtbot, dialog: PackDialog, monkeypatch) -> None:
    threads: list[int] = []
    real = pack_dialog_module.write_pack

    def recording(*args, **kwargs):
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(pack_dialog_module, "write_pack", recording)
    qtbot.mouseClick(dialog.section_boxes[Section.REGISTER], Qt.MouseButton.LeftButton)
    dialog.marking_combo.setCurrentText("OFFICIAL-SENSITIVE")
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.built, timeout=30_000) as built:
        qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
        assert dialog.is_building() and not dialog.build_button.isEnabled() and dialog.progress.isVisible()
    result = built.args[0]
    assert threads and threads[0] != threading.get_ident()
    assert progress[-1] == 100 and progress == sorted(progress)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.is_building()
    reader = PdfReader(result.path)
    assert len(reader.pages) == result.pages
    assert "Appendix: the register" not in outline_titles(reader)
    assert "OFFICIAL-SENSITIVE" in (reader.pages[3].extract_text() or "")
    preview = dialog.previews[0]
    assert preview.pdf_path == result.path and preview.page_count == result.pages
    assert preview.load_error == QPdfDocument.Error.None_
    # The preview owns the temporary folder the pack was built in: closing it removes the pack.
    folder = result.path.parent
    assert folder.name.startswith("bluelight-pack-")
    preview.close()
    assert not folder.exists()


def test_password_must_be_typed_twice_alike(qtbot, dialog: PackDialog) -> None:
    dialog.password_box.setFocus()
    qtbot.keyClick(dialog.password_box, Qt.Key.Key_Space)
    assert dialog.password_edit.isEnabled() and dialog.password_edit.hasFocus()
    qtbot.keyClicks(dialog.password_edit, "board pack")
    qtbot.keyClicks(dialog.confirm_edit, "board pak")
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_building() and dialog.problems.isVisible()
    assert dialog.problems.text() == "The two passwords are not the same. Type them again."
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, "board pack")
    with qtbot.waitSignal(dialog.built, timeout=30_000) as built:
        qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Return)  # Enter presses the default button
    result = built.args[0]
    assert result.encrypted and not dialog.problems.isVisible()
    reader = PdfReader(result.path)
    assert reader.is_encrypted and reader.decrypt("board pack")
    preview = dialog.previews[0]
    assert preview.load_error == QPdfDocument.Error.None_ and preview.page_count == result.pages
    assert "encrypted" in preview.statusBar().currentMessage()


def test_cancel_stops_the_build_and_keeps_the_dialog(qtbot, dialog: PackDialog, monkeypatch) -> None:
    started = threading.Event()
    folders: list[Path] = []

    def slow_build(path, data, meeting_id, options, progress=None, cancelled=None):
        folders.append(Path(path).parent)
        started.set()
        while not cancelled():
            progress(0.3, "Laid out page 4")
            time.sleep(0.01)
        raise PackCancelled()

    monkeypatch.setattr(pack_dialog_module, "write_pack", slow_build)
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    qtbot.waitUntil(lambda: dialog.progress.value() == 30, timeout=5000)
    assert dialog.status.text() == "Laid out page 4"
    with qtbot.waitSignal(dialog.progress.valueChanged, timeout=100, raising=False):
        pass  # the window keeps painting while the build runs
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_building(), timeout=10_000)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.status.text() == "Cancelled: no pack was built."
    assert dialog.build_button.isEnabled() and dialog.previews == []
    assert folders and not folders[0].exists()


def test_closing_while_building_cancels_first(qtbot, dialog: PackDialog, monkeypatch) -> None:
    def slow_build(path, data, meeting_id, options, progress=None, cancelled=None):
        while not cancelled():
            time.sleep(0.01)
        raise PackCancelled()

    monkeypatch.setattr(pack_dialog_module, "write_pack", slow_build)
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not until the worker has stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.is_building()


def test_a_meeting_without_an_agenda_cannot_be_built(qtbot, session: RegisterSession) -> None:
    empty = next(m for m in meetings_of(session.data) if not agenda_of(session.data, m.id) and not m.cancelled)
    dialog = PackDialog(session, empty.id)
    qtbot.addWidget(dialog)
    assert not dialog.build_button.isEnabled()
    assert dialog.problems.text().endswith("has no agenda yet: add its items before building the pack.")


def test_a_failed_build_says_why_in_the_dialog(qtbot, dialog: PackDialog, monkeypatch) -> None:
    def full_disk(*_args, **_kwargs):
        from bluelight_desktop.reports.pack import PackError

        raise PackError("Could not write the pack: No space left on device.")

    monkeypatch.setattr(pack_dialog_module, "write_pack", full_disk)
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_building(), timeout=10_000)
    assert dialog.problems.text() == "Could not write the pack: No space left on device."
    assert dialog.status.text() == "The pack was not built." and dialog.isVisible()


# ------------------------------------------------------------------------------------------ the preview


@pytest.fixture
def built_pack(session: RegisterSession, tmp_path: Path) -> Path:
    meeting = find_meeting(session.data, MEETING)
    out = tmp_path / "pack.pdf"
    write_pack(out, session.data, meeting.id)
    return out


def test_preview_shows_pages_and_bookmarks(qtbot, built_pack: Path) -> None:
    preview = PackPreview(built_pack)
    qtbot.addWidget(preview)
    preview.resize(1100, 800)
    preview.show()
    reader = PdfReader(built_pack)
    assert preview.page_count == len(reader.pages)
    model = preview.bookmark_model
    top = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert top[:2] == ["Agenda", "Papers"] and "Appendix: the register" in top
    assert preview.page_label.text() == f"Page 1 of {len(reader.pages)}"
    board = next(
        model.index(row, 0) for row in range(model.rowCount()) if model.index(row, 0).data().startswith("The effort")
    )
    page = board.data(int(QPdfBookmarkModel.Role.Page))
    preview.bookmarks.setFocus()
    preview.bookmarks.setCurrentIndex(board)
    qtbot.keyClick(preview.bookmarks, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: preview.current_page() == page, timeout=5000)
    assert preview.page_label.text() == f"Page {page + 1} of {len(reader.pages)}"
    for action, keys in (
        (preview.print_action, "Ctrl+P"),
        (preview.save_action, "Ctrl+Shift+S"),
        (preview.fit_action, "Ctrl+0"),
    ):
        assert action.shortcut().toString() == keys
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow, timeout=5000)  # window shortcuts go to the active window
    fitted = preview._fitted_factor()
    qtbot.keyClick(preview.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.view.zoomMode() == preview.view.ZoomMode.Custom
    assert preview.view.zoomFactor() == pytest.approx(fitted * 1.25, rel=0.02)
    preview.zoom_out()
    assert preview.view.zoomFactor() == pytest.approx(fitted, rel=0.02)
    qtbot.keyClick(preview.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.view.zoomMode() == preview.view.ZoomMode.FitToWidth


def test_preview_saves_a_copy_and_prints_every_page(qtbot, built_pack: Path, tmp_path: Path) -> None:
    preview = PackPreview(built_pack)
    qtbot.addWidget(preview)
    target = tmp_path / "saved" / "Programme Board pack"
    target.parent.mkdir()
    preview.ask_save_path = lambda suggestion: target if suggestion.name == "pack.pdf" else None
    saved = preview.save_as()
    assert saved == target.with_name("Programme Board pack.pdf")
    assert saved.read_bytes() == built_pack.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["Programme Board pack.pdf"]

    printed = tmp_path / "printed.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printer_path := printed))
        assert printer_path == printed
        return printer

    preview.ask_printer = pdf_printer
    preview.print_action.trigger()
    pages = len(PdfReader(built_pack).pages)
    assert len(PdfReader(printed).pages) == pages
    assert preview.statusBar().currentMessage() == f"Sent {pages} pages to the printer."
    ranged = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    ranged.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    ranged.setOutputFileName(str(tmp_path / "range.pdf"))
    ranged.setFromTo(2, 3)
    assert preview.print_to(ranged) == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


def test_preview_of_an_encrypted_pack_without_its_password_says_so(qtbot, session, tmp_path: Path) -> None:
    meeting = find_meeting(session.data, MEETING)
    out = tmp_path / "locked.pdf"
    write_pack(out, session.data, meeting.id, PackOptions(password="right"))
    wrong = PackPreview(out, password="wrong")
    qtbot.addWidget(wrong)
    assert wrong.load_error == QPdfDocument.Error.IncorrectPassword
    assert not wrong.print_action.isEnabled()
    assert "password is not the one it was encrypted with" in wrong.statusBar().currentMessage()
