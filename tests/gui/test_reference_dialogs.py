"""The organisations and workstreams dialogs, driven as a user would: type into the editor, press OK, press
Delete, undo. Each test works on its own copy of the sample register and reads the file back with sqlite3."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from bluelight_desktop.core.model import OrganisationKind
from bluelight_desktop.gui.reference_dialogs import (
    OrganisationEditor,
    OrganisationsDialog,
    WorkstreamEditor,
    WorkstreamsDialog,
    list_references,
)
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import open_register

# The offscreen platform plugin warns whenever a window with a layout is shown; nothing to do with our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

D = TypeVar("D", bound=QWidget)


@pytest.fixture
def session(sample_path: Path) -> Iterator[RegisterSession]:
    session = RegisterSession(open_register(sample_path))
    yield session
    session.close()


def on_disk(path: Path, sql: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute(sql)]


def short_names_on_disk(path: Path) -> list[str]:
    return on_disk(path, "SELECT short_name FROM organisation WHERE deleted_at IS NULL")


def show(qtbot, dialog: D) -> D:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def column(dialog: OrganisationsDialog | WorkstreamsDialog, header: str) -> list[str]:
    index = dialog.headers.index(header)
    return [row[index] for row in dialog.row_texts()]


def add_organisation(qtbot, dialog: OrganisationsDialog, name: str, short: str, area: str = "") -> None:
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert isinstance(editor, OrganisationEditor)
    qtbot.keyClicks(editor.name_edit, name)
    qtbot.keyClicks(editor.short_name_edit, short)
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(OrganisationKind.LOCAL_AUTHORITY.value))
    if area:
        qtbot.keyClicks(editor.area_edit, area)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)


def select_row(dialog: OrganisationsDialog | WorkstreamsDialog, header: str, text: str) -> None:
    row = column(dialog, header).index(text)
    dialog.table.selectRow(row)


# ------------------------------------------------------------------------------------------ organisations


def test_lists_organisations_sorted_by_name(qtbot: QtBot, session: RegisterSession) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    names = column(dialog, "Name")
    assert names == sorted(names, key=str.casefold)
    assert "LFRS" in column(dialog, "Short name")
    lfrs = column(dialog, "Short name").index("LFRS")
    assert dialog.row_texts()[lfrs][2:4] == ["Fire and rescue", "Lancashire"]


def test_add_organisation_shows_in_table_and_is_saved(
    qtbot: QtBot, session: RegisterSession, sample_path: Path
) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    add_organisation(qtbot, dialog, "Blackpool Council", "BC", "Blackpool")
    qtbot.waitUntil(lambda: dialog.editor is None)

    assert "BC" in column(dialog, "Short name")
    assert "BC" in short_names_on_disk(sample_path)
    row = dialog.row_texts()[column(dialog, "Short name").index("BC")]
    assert row[1:4] == ["Blackpool Council", "Local authority", "Blackpool"]
    assert session.undo_stack.undoText() == "Add organisation BC"
    assert dialog.selected_record() is not None and dialog.selected_record().short_name == "BC"


def test_duplicate_short_name_is_refused_with_the_problem_shown(
    qtbot: QtBot, session: RegisterSession, sample_path: Path
) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    before = sorted(short_names_on_disk(sample_path))
    add_organisation(qtbot, dialog, "Another fire service", "lfrs")

    editor = dialog.editor
    assert isinstance(editor, OrganisationEditor) and editor.isVisible()  # refused: the editor stays open
    assert editor.problems_label.isVisible()
    assert "Another organisation is already called lfrs." in editor.problems_label.text()
    assert sorted(short_names_on_disk(sample_path)) == before
    assert session.undo_stack.count() == 0

    # Fixing the short name clears the problem, and OK then saves.
    editor.short_name_edit.clear()
    qtbot.keyClicks(editor.short_name_edit, "AFS")
    assert not editor.problems_label.isVisible()
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)
    assert "AFS" in short_names_on_disk(sample_path)


def test_editor_on_its_own_returns_the_edited_record(qtbot: QtBot, session: RegisterSession) -> None:
    lfrs = next(o for o in session.data.organisations.values() if o.short_name == "LFRS")
    others = {o.short_name for o in session.data.organisations.values() if o.id != lfrs.id}
    editor = OrganisationEditor(lfrs, others)
    qtbot.addWidget(editor)
    assert editor.windowTitle() == "Edit organisation"
    assert editor.short_name_edit.text() == "LFRS"  # its own short name is no duplicate
    assert editor.problems() == []
    editor.area_edit.setText("  Lancashire and Blackpool  ")
    edited = editor.record()
    assert edited.id == lfrs.id and edited.area == "Lancashire and Blackpool"
    assert lfrs.area == "Lancashire"  # the original is untouched


def test_enter_on_a_row_edits_it_and_saves_one_undoable_step(
    qtbot: QtBot, session: RegisterSession, sample_path: Path
) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    select_row(dialog, "Short name", "NWAS")
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    editor = dialog.editor
    assert isinstance(editor, OrganisationEditor) and editor.short_name_edit.text() == "NWAS"
    editor.short_name_edit.selectAll()
    qtbot.keyClicks(editor.short_name_edit, "NWASFT")
    qtbot.keyClick(editor.short_name_edit, Qt.Key.Key_Return)  # Enter in the form presses OK
    qtbot.waitUntil(lambda: dialog.editor is None)

    assert "NWASFT" in short_names_on_disk(sample_path) and "NWAS" not in short_names_on_disk(sample_path)
    assert session.undo_stack.undoText() == "Edit organisation NWASFT"
    session.undo_stack.undo()
    assert "NWAS" in column(dialog, "Short name") and "NWASFT" not in column(dialog, "Short name")


def test_double_click_on_a_row_edits_it(qtbot: QtBot, session: RegisterSession) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    row = column(dialog, "Short name").index("LCC")
    centre = dialog.table.visualItemRect(dialog.table.item(row, 1)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    editor = dialog.editor
    assert isinstance(editor, OrganisationEditor)
    assert editor.name_edit.text() == "Lancashire County Council"
    assert editor.windowTitle() == "Edit organisation"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert dialog.editor is None
    assert session.undo_stack.count() == 0


def test_edit_without_changes_saves_nothing(qtbot: QtBot, session: RegisterSession) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    select_row(dialog, "Short name", "LC")
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)
    assert session.undo_stack.count() == 0


def test_deleting_lfrs_is_refused_naming_the_opportunities(
    qtbot: QtBot, session: RegisterSession, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    asked: list[str] = []
    monkeypatch.setattr(dialog, "_confirm", lambda text: asked.append(text) or True)
    select_row(dialog, "Short name", "LFRS")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    message = dialog.message_label.text()
    assert dialog.message_label.isVisible()
    assert message.startswith("LFRS cannot be deleted: it leads or partners LAN-001, LAN-002 and ")
    assert message.endswith(" more. Change those first.")
    assert asked == []  # refused outright, never asked
    assert "LFRS" in short_names_on_disk(sample_path)
    assert session.undo_stack.count() == 0

    select_row(dialog, "Short name", "LC")  # the message was about LFRS: it goes with the selection
    assert not dialog.message_label.isVisible()


def test_delete_unused_organisation_then_undo_brings_it_back(
    qtbot: QtBot, session: RegisterSession, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    add_organisation(qtbot, dialog, "Blackpool Council", "BC")
    qtbot.waitUntil(lambda: dialog.editor is None)
    asked: list[str] = []
    monkeypatch.setattr(dialog, "_confirm", lambda text: asked.append(text) or True)

    select_row(dialog, "Short name", "BC")
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)

    assert asked == ["Delete the organisation BC? You can undo this afterwards."]
    assert "BC" not in column(dialog, "Short name")
    assert "BC" not in short_names_on_disk(sample_path)
    assert session.undo_stack.undoText() == "Delete organisation BC"
    assert dialog.selected_id() is not None  # the selection moves to a neighbour, ready for the next key

    session.undo_stack.undo()  # as the main window's Undo would
    assert "BC" in column(dialog, "Short name")
    assert "BC" in short_names_on_disk(sample_path)


def test_declining_the_confirmation_keeps_the_organisation(
    qtbot: QtBot, session: RegisterSession, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    add_organisation(qtbot, dialog, "Blackpool Council", "BC")
    qtbot.waitUntil(lambda: dialog.editor is None)
    monkeypatch.setattr(dialog, "_confirm", lambda text: False)
    select_row(dialog, "Short name", "BC")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "BC" in column(dialog, "Short name") and "BC" in short_names_on_disk(sample_path)
    assert session.undo_stack.count() == 1


def test_read_only_register_cannot_be_changed(qtbot: QtBot, sample_path: Path) -> None:
    session = RegisterSession(open_register(sample_path, read_only=True))
    try:
        dialog = show(qtbot, OrganisationsDialog(session))
        select_row(dialog, "Short name", "LC")
        assert not dialog.add_button.isEnabled()
        assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()
        assert dialog.read_only_label.isVisible()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert dialog.editor is None
    finally:
        session.close()


# ------------------------------------------------------------------------------------------ workstreams


def test_edit_workstream_colour_by_typing_hex(qtbot: QtBot, session: RegisterSession, sample_path: Path) -> None:
    dialog = show(qtbot, WorkstreamsDialog(session))
    select_row(dialog, "Name", "Training")
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert isinstance(editor, WorkstreamEditor)
    editor.colour_edit.selectAll()
    qtbot.keyClicks(editor.colour_edit, "#1f5aa6")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)

    assert on_disk(sample_path, "SELECT colour FROM workstream WHERE name = 'Training'") == ["#1f5aa6"]
    assert dialog.row_texts()[column(dialog, "Name").index("Training")][1] == "#1f5aa6"
    assert session.undo_stack.undoText() == "Edit workstream Training"


def test_bad_colour_and_duplicate_name_are_refused(qtbot: QtBot, session: RegisterSession) -> None:
    dialog = show(qtbot, WorkstreamsDialog(session))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert isinstance(editor, WorkstreamEditor)
    qtbot.keyClicks(editor.name_edit, "response")
    editor.colour_edit.selectAll()
    qtbot.keyClicks(editor.colour_edit, "blue")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.problems_label.text().splitlines() == [
        "There is already a workstream called response.",
        "Colour must be a colour such as #1f6fb2.",
    ]
    assert session.undo_stack.count() == 0
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)
    assert session.undo_stack.count() == 0


def test_colour_button_uses_the_colour_picker(
    qtbot: QtBot, session: RegisterSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = WorkstreamEditor(None, {w.name for w in session.data.workstreams.values()})
    qtbot.addWidget(editor)
    offered: list[str] = []
    monkeypatch.setattr(editor, "_pick_colour", lambda current: offered.append(current) or "#2e7d32")
    qtbot.mouseClick(editor.colour_button, Qt.MouseButton.LeftButton)
    assert offered == [WorkstreamEditor.default_colour]
    assert editor.colour_edit.text() == "#2e7d32"
    monkeypatch.setattr(editor, "_pick_colour", lambda current: None)  # cancelled: the colour stays
    qtbot.mouseClick(editor.colour_button, Qt.MouseButton.LeftButton)
    assert editor.colour_edit.text() == "#2e7d32"
    editor.name_edit.setText("Estates")
    assert editor.problems() == []
    assert (editor.record().name, editor.record().colour) == ("Estates", "#2e7d32")


def test_deleting_a_used_workstream_is_refused(
    qtbot: QtBot, session: RegisterSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = show(qtbot, WorkstreamsDialog(session))
    monkeypatch.setattr(dialog, "_confirm", lambda text: pytest.fail("must not ask"))
    select_row(dialog, "Name", "Response")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.message_label.text().startswith("Response cannot be deleted: it holds LAN-")
    assert "Response" in column(dialog, "Name")


def test_add_then_delete_workstream(
    qtbot: QtBot, session: RegisterSession, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = show(qtbot, WorkstreamsDialog(session))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert isinstance(editor, WorkstreamEditor)
    qtbot.keyClicks(editor.name_edit, "Estates")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)
    assert "Estates" in on_disk(sample_path, "SELECT name FROM workstream WHERE deleted_at IS NULL")

    monkeypatch.setattr(dialog, "_confirm", lambda text: True)
    select_row(dialog, "Name", "Estates")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Estates" not in column(dialog, "Name")
    assert "Estates" not in on_disk(sample_path, "SELECT name FROM workstream WHERE deleted_at IS NULL")
    session.undo_stack.undo()
    assert "Estates" in column(dialog, "Name")


# ------------------------------------------------------------------------------------------ both


def test_hidden_dialog_catches_up_when_shown_again(qtbot: QtBot, session: RegisterSession, sample_path: Path) -> None:
    dialog = show(qtbot, OrganisationsDialog(session))
    add_organisation(qtbot, dialog, "Blackpool Council", "BC")
    qtbot.waitUntil(lambda: dialog.editor is None)
    dialog.hide()
    session.undo_stack.undo()
    dialog.show()
    assert "BC" not in column(dialog, "Short name")


@pytest.mark.parametrize("dialog_class", [OrganisationsDialog, WorkstreamsDialog])
def test_every_control_has_an_accessible_name_and_a_mnemonic(
    qtbot: QtBot, session: RegisterSession, dialog_class: type[OrganisationsDialog | WorkstreamsDialog]
) -> None:
    dialog = show(qtbot, dialog_class(session))
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QTableWidget) and widget.isVisibleTo(dialog):
            assert widget.accessibleName(), widget.objectName()
    for button in (dialog.add_button, dialog.edit_button, dialog.delete_button, dialog.close_button):
        assert "&" in button.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None
    for widget in editor.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QComboBox) and widget.isVisibleTo(editor):
            assert widget.accessibleName(), widget.objectName()
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.editor is None)


def test_list_references() -> None:
    assert list_references([]) == ""
    assert list_references(["LAN-001"]) == "LAN-001"
    assert list_references(["LAN-001", "LAN-002"]) == "LAN-001 and LAN-002"
    assert list_references(["LAN-001", "LAN-002", "LAN-003"]) == "LAN-001, LAN-002 and LAN-003"
    refs = [f"LAN-{n:03d}" for n in range(1, 6)]
    assert list_references(refs) == "LAN-001, LAN-002 and 3 more"
