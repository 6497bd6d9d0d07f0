"""The main window as a user drives it: welcome, open, search, filter, sort, delete, undo, files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListWidget, QTableView

from bluelight_desktop.gui.app import create_main_window, make_application
from bluelight_desktop.gui.main_window import MainWindow
from bluelight_desktop.paths import sample_register_path


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


def shown_references(win: MainWindow) -> list[str]:
    return [row.cells[0] for row in win.model.shown_rows]


def live_titles(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {t for (t,) in db.execute("SELECT title FROM opportunity WHERE deleted_at IS NULL")}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_run_shows_welcome_and_opens_the_sample(window: MainWindow, qtbot) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.windowTitle() == "Bluelight Desktop"
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert sample_register_path().exists()  # written into the (test's) user data folder
    assert window.model.rowCount() == 36
    assert "Lancashire Blue Light Collaboration" in window.windowTitle()
    assert window.count_label.text().startswith("36 opportunities")


def test_start_up_opens_the_default_register_when_there_is_one(qtbot, sample_path: Path, monkeypatch) -> None:
    make_application()
    monkeypatch.setattr("bluelight_desktop.gui.app.default_register_path", lambda: sample_path)
    win = create_main_window(None)
    qtbot.addWidget(win)
    assert win.model.rowCount() == 36


def test_search_and_filters_narrow_the_table_and_the_status_bar_counts(window, qtbot, sample_path) -> None:
    window.open_path(sample_path)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filters.search.hasFocus()
    qtbot.keyClicks(window.filters.search, "drone")
    titles = [row.cells[1] for row in window.model.shown_rows]
    assert "Second 'Event' Drone" in titles
    assert window.count_label.text().startswith(f"Showing {len(titles)} of 36")

    window.filters.reset()
    workstream = window.filters.workstream
    workstream.setCurrentIndex(workstream.findText("Response"))
    assert window.model.rowCount() == 6
    stage = window.filters.stage
    stage.setCurrentIndex(stage.findText("Scoping"))
    assert 0 < window.model.rowCount() < 6
    assert all(row.cells[5] == "Scoping" for row in window.model.shown_rows)

    window.filters.reset()
    organisation = window.filters.organisation
    organisation.setCurrentIndex(organisation.findText("NWAS"))
    assert all("NWAS" in (row.cells[3] + row.cells[4]) for row in window.model.shown_rows)
    assert window.model.rowCount() >= 5
    quadrant = window.filters.quadrant
    quadrant.setCurrentIndex(quadrant.findText("Quick win"))
    assert all(row.cells[6] == "Quick win" for row in window.model.shown_rows)

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.model.rowCount() == 36


def test_search_matches_every_text_field(window, qtbot, sample_path) -> None:
    window.open_path(sample_path)
    # "Greater Manchester" appears only as an organisation's full name, never in a table cell.
    qtbot.keyClicks(window.filters.search, "greater manchester")
    assert [row.cells[1] for row in window.model.shown_rows] == [
        "Joint Procurement with Other Fire and Rescue Services"
    ]


def test_clicking_a_header_sorts_by_that_column(window, qtbot, sample_path) -> None:
    window.open_path(sample_path)
    header = window.table.horizontalHeader()
    title_x = header.sectionViewportPosition(1) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(title_x, 5))
    titles = [row.cells[1] for row in window.model.shown_rows]
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(titles, key=str.casefold, reverse=True)
    first = titles[0]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(title_x, 5))
    assert window.model.shown_rows[-1].cells[1] == first  # the second click reverses the order
    money_x = header.sectionViewportPosition(8) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(money_x, 5))
    savings = [row.cashable_saving_pence for row in window.model.shown_rows]
    assert savings == sorted(savings) or savings == sorted(savings, reverse=True)


def test_delete_with_the_keyboard_then_undo_and_redo(window, qtbot, sample_path, monkeypatch) -> None:
    window.open_path(sample_path)
    monkeypatch.setattr(window, "confirm", lambda title, text: True)
    window.table.setFocus()
    window.select_opportunity(window.model.shown_rows[3].id)
    doomed = window.selected_opportunity()
    assert doomed is not None
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert doomed.reference not in shown_references(window)
    assert doomed.title not in live_titles(sample_path)  # saved at once
    assert window.undo_action.text() == f"&Undo Delete {doomed.reference}"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doomed.reference in shown_references(window)
    assert doomed.title in live_titles(sample_path)

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert doomed.reference not in shown_references(window)
    assert doomed.title not in live_titles(sample_path)
    with sqlite3.connect(sample_path) as db:  # a tombstone, not a hard delete, and a logged change
        assert db.execute("SELECT deleted_at FROM opportunity WHERE id=?", (doomed.id,)).fetchone()[0]
        fields = [f for (f,) in db.execute("SELECT field FROM change_log WHERE record_id=?", (doomed.id,))]
    assert fields.count("deleted") == 2 and "restored" in fields


def test_declining_the_delete_keeps_the_opportunity(window, qtbot, sample_path, monkeypatch) -> None:
    window.open_path(sample_path)
    monkeypatch.setattr(window, "confirm", lambda title, text: False)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.model.rowCount() == 36
    assert len(live_titles(sample_path)) == 36


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"Minutes of the Programme Board\n", "not a Bluelight register"),
        (b"", "not a Bluelight register"),
    ],
)
def test_opening_a_wrong_file_says_so_and_leaves_it_alone(window, tmp_path, content, expected) -> None:
    bad = tmp_path / "minutes.bluelight"
    bad.write_bytes(content)
    before = digest(bad)
    assert not window.open_path(bad)
    assert expected in window.errors[0][1]
    assert digest(bad) == before
    assert window.pages.currentWidget() is window.welcome


def test_opening_a_damaged_register_is_refused(window, qtbot, sample_path) -> None:
    data = bytearray(sample_path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    sample_path.write_bytes(bytes(data))
    before = digest(sample_path)
    window.open_path(sample_path)
    # Refused at once if the damage lies in what the table reads, else by the background check moments later.
    qtbot.waitUntil(lambda: bool(window.errors), timeout=5000)
    assert "damaged" in window.errors[0][1]
    assert window.session is None and window.pages.currentWidget() is window.welcome
    assert digest(sample_path) == before


def test_damage_only_the_background_check_can_see_closes_the_register(window, qtbot, sample_path) -> None:
    with sqlite3.connect(sample_path) as db:  # damage the change log, which opening never reads
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name='change_log'").fetchone()[0]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(sample_path.read_bytes())
    offset = (root - 1) * page_size
    data[offset : offset + page_size] = b"\x0d" + b"\xee" * (page_size - 1)
    sample_path.write_bytes(bytes(data))
    before = digest(sample_path)
    assert window.open_path(sample_path)  # the table itself reads fine
    qtbot.waitUntil(lambda: bool(window.errors), timeout=5000)
    assert "damaged" in window.errors[0][1]
    assert window.session is None and window.pages.currentWidget() is window.welcome
    assert digest(sample_path) == before


def test_new_register_from_the_welcome_screen(window, qtbot, monkeypatch, tmp_path) -> None:
    target = tmp_path / "Cumbria.bluelight"

    def fill_in(dialog) -> bool:
        qtbot.keyClicks(dialog.name_edit, "Cumbria Blue Light Collaboration")
        dialog.prefix_edit.clear()
        qtbot.keyClicks(dialog.prefix_edit, "CUM")
        dialog.location_edit.setText(str(target))
        dialog._accept_if_valid()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(window, "run_dialog", fill_in)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert window.windowTitle().startswith("Cumbria Blue Light Collaboration (Cumbria.bluelight)")
    assert window.model.rowCount() == 0
    assert window.session is not None and window.session.register.next_reference() == "CUM-001"


def test_new_register_dialog_refuses_a_bad_prefix(window, qtbot, monkeypatch) -> None:
    seen = {}

    def fill_in(dialog) -> bool:
        qtbot.keyClicks(dialog.name_edit, "Test")
        dialog.prefix_edit.setText("1")
        dialog._accept_if_valid()
        seen["problems"] = dialog.problems.text()
        return False

    monkeypatch.setattr(window, "run_dialog", fill_in)
    window.new_register()
    assert "reference prefix" in seen["problems"]
    assert window.session is None


def test_save_a_copy_close_and_reopen_from_recent(window, qtbot, sample_path, tmp_path, monkeypatch) -> None:
    window.open_path(sample_path)
    copy_path = tmp_path / "for partners.bluelight"
    monkeypatch.setattr(window, "ask_save_path", lambda title, suggestion: copy_path)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert live_titles(copy_path) == live_titles(sample_path)
    assert not list(tmp_path.glob("*.part"))  # no half-written temporary left behind

    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    assert window.pages.currentWidget() is window.welcome
    recent = window.welcome.recent_list
    assert recent.count() >= 1
    window._fill_recent_menu()
    assert sample_path.name in window.recent_menu.actions()[0].text()
    window.recent_menu.actions()[0].trigger()
    assert window.model.rowCount() == 36


def test_save_a_copy_over_the_live_register_is_refused(window, qtbot, sample_path, monkeypatch) -> None:
    window.open_path(sample_path)
    monkeypatch.setattr(window, "ask_save_path", lambda title, suggestion: sample_path)
    window.save_copy()
    assert "cannot be saved over the register itself" in window.errors[0][1]


def test_every_control_has_an_accessible_name(window, sample_path) -> None:
    window.open_path(sample_path)
    for page in (window.welcome, window.pages.widget(1)):
        for kind in (QAbstractButton, QLineEdit, QComboBox, QTableView, QListWidget):
            for widget in page.findChildren(kind):
                parent = widget.parent()
                if parent is not None and (parent.inherits("QComboBox") or parent.inherits("QLineEdit")):
                    continue  # Qt's own parts: the combo's popup, the line edit's clear button
                if not widget.isVisibleTo(window):
                    continue  # a screen reader meets only what is shown (e.g. the table's unused corner)
                if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
                    continue
                assert widget.accessibleName(), f"{kind.__name__} {widget.objectName()} has no accessible name"


def test_every_menu_action_has_a_keyboard_path(window) -> None:
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text()
        for action in menu_action.menu().actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            assert "&" in action.text() or action.shortcuts(), action.text()


def test_add_an_opportunity_through_the_form(window, qtbot, sample_path, monkeypatch) -> None:
    window.open_path(sample_path)

    def fill_in(dialog) -> bool:
        ui = dialog.ui
        assert dialog.windowTitle() == "New opportunity LAN-037"
        qtbot.keyClicks(ui.titleEdit, "Joint estates review with NWAS")
        ui.workstreamCombo.setCurrentIndex(ui.workstreamCombo.findText("Shared Support Services"))
        for row in range(ui.partnersList.count()):
            if ui.partnersList.item(row).text().startswith("NWAS"):
                ui.partnersList.item(row).setCheckState(Qt.CheckState.Checked)
        ui.effortSpin.setValue(30)
        ui.benefitSpin.setValue(75)
        qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(window, "run_dialog", fill_in)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    added = window.selected_opportunity()
    assert added is not None and added.reference == "LAN-037"
    assert window.model.rowCount() == 37
    row = window.model.shown_rows[window.model.row_of(added.id)]
    assert row.cells[6] == "Quick win" and "NWAS" in row.cells[4]
    with sqlite3.connect(sample_path) as db:
        assert db.execute("SELECT effort, benefit FROM opportunity WHERE reference='LAN-037'").fetchone() == (
            30,
            75,
        )
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.rowCount() == 36


def test_enter_opens_the_selected_opportunity_and_edits_are_saved(window, qtbot, sample_path, monkeypatch) -> None:
    window.open_path(sample_path)
    target = window.model.shown_rows[0]

    def change_stage(dialog) -> bool:
        assert dialog.windowTitle() == f"Edit {target.cells[0]}"
        assert dialog.ui.titleEdit.text() == target.cells[1]
        dialog.ui.stageCombo.setCurrentIndex(dialog.ui.stageCombo.findText("Business case"))
        qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(window, "run_dialog", change_stage)
    window.table.setFocus()
    window.select_opportunity(target.id)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.model.shown_rows[window.model.row_of(target.id)].cells[5] == "Business case"
    with sqlite3.connect(sample_path) as db:
        assert db.execute("SELECT stage FROM opportunity WHERE id=?", (target.id,)).fetchone()[0] == "business case"
        logged = db.execute(
            "SELECT old_value, new_value, changed_by FROM change_log "
            "WHERE record_id=? AND field='stage' ORDER BY seq DESC",
            (target.id,),
        ).fetchone()
    assert logged[1] == "business case" and logged[0] != "business case" and logged[2]


def test_a_save_that_fails_says_so_and_keeps_the_table_as_it_was(window, qtbot, sample_path, monkeypatch) -> None:
    window.open_path(sample_path)
    monkeypatch.setattr(window, "confirm", lambda title, text: True)

    def refuse(edit):  # as a full disk or a removed USB stick would
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(window.session.register, "apply", refuse)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert window.errors and "could not be saved" in window.errors[0][1]
    assert window.model.rowCount() == 36
    assert not window.session.undo_stack.canUndo()
