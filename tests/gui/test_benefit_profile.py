"""An opportunity's benefit profile on its window, and the register table's savings totals, driven as a user
would on the sample register; what was saved is read back from the register file with sqlite3."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from bluelight_desktop.core.model import Opportunity
from bluelight_desktop.core.register_view import ACTUAL_SAVINGS_COLUMN, PLANNED_SAVINGS_COLUMN
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.benefit_profile import BenefitProfile
from bluelight_desktop.gui.benefits_dialog import BenefitLineDialog, CostLineDialog
from bluelight_desktop.gui.main_window import MainWindow
from bluelight_desktop.gui.opportunity_dialog import BENEFITS_TAB, OpportunityDialog
from bluelight_desktop.gui.register_model import RegisterTableModel
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage.register import open_register

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = date(2026, 11, 21)


@pytest.fixture
def session(sample_path: Path) -> Iterator[RegisterSession]:
    session = RegisterSession(open_register(sample_path))
    yield session
    session.close()


def titled(session: RegisterSession, start: str) -> Opportunity:
    return next(o for o in session.data.opportunities.values() if o.title.startswith(start))


def org_id(session: RegisterSession, short_name: str) -> str:
    return next(o.id for o in session.data.organisations.values() if o.short_name == short_name)


def stored_benefits(path: Path, opportunity_id: str) -> list[tuple]:
    """The opportunity's live benefit lines as the register file holds them, by year."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT year, kind, unit, planned, actual, evidence, owner, shares FROM benefit_line "
            "WHERE opportunity_id = ? AND deleted_at IS NULL ORDER BY year, kind",
            (opportunity_id,),
        ).fetchall()


def stored_costs(path: Path, opportunity_id: str) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT year, kind, planned, actual, note, shares FROM cost_line "
            "WHERE opportunity_id = ? AND deleted_at IS NULL ORDER BY year, kind",
            (opportunity_id,),
        ).fetchall()


def profile_of(qtbot, session: RegisterSession, title: str = "Site Sharing") -> BenefitProfile:  # type: ignore[no-untyped-def]
    profile = BenefitProfile(session, titled(session, title).id, lambda: TODAY)
    qtbot.addWidget(profile)
    profile.resize(1000, 640)
    with qtbot.waitExposed(profile):
        profile.show()
    with qtbot.waitActive(profile):  # window shortcuts (Ctrl+Z) need an active window
        profile.activateWindow()
    return profile


def type_into(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def line_dialog(qtbot, profile: BenefitProfile) -> BenefitLineDialog | CostLineDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: profile.dialog is not None and profile.dialog.isVisible())
    assert profile.dialog is not None
    return profile.dialog


def press_ok(qtbot, dialog: BenefitLineDialog | CostLineDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------------------------------------ showing


def test_profile_shows_lines_by_year_and_totals(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    benefits = profile.row_texts(profile.benefits_table)
    assert [row[0] for row in benefits] == ["2023/24", "2024/25", "2025/26", "2025/26", "2026/27", "2027/28", "2028/29"]
    assert benefits[0] == [
        "2023/24",
        "Cashable saving",
        "£35,000",
        "£33,000",
        "94%",
        "Head of Property, LFRS",
        "Rent and service charges no longer paid, from the finance ledgers",
        "LFRS 40%, NWAS 60%",
    ]
    assert benefits[3][1:5] == ["Capital receipt", "£290,000", "£310,000", "107%"]
    assert benefits[4][3:5] == ["Not yet", ""]  # 2026/27 is not measured yet
    costs = profile.row_texts(profile.costs_table)
    assert [row[:4] for row in costs] == [
        ["2024/25", "Recurring", "£12,000", "£12,400"],
        ["2025/26", "Recurring", "£12,000", "£11,800"],
        ["2026/27", "Recurring", "£12,000", "Not yet"],
    ]
    figures = {key: (p.text(), a.text()) for key, (p, a) in profile.figures.items()}
    assert figures == {
        "savings": ("£210,000", "£105,300"),
        "costs": ("£36,000", "£24,200"),
        "net": ("£174,000", "£81,100"),
    }
    assert profile.realised_label.text() == (
        "Realised so far: £105,300 of cashable savings against £105,000 planned for 2023/24 to 2025/26 (100%)."
    )
    assert profile.other_label.text() == "Also in pounds: Capital receipt £290,000 planned, £310,000 actual."
    assert not profile.edit_button.isEnabled() and not profile.undo_button.isEnabled()


def test_an_opportunity_without_lines_says_so(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session, "Second 'Event' Drone")
    assert profile.benefits_table.rowCount() == profile.costs_table.rowCount() == 0
    assert profile.realised_label.text() == "No cashable saving is planned."
    assert [label.text() for label in profile.figures["net"]] == ["£0", "Not yet"]


# ------------------------------------------------------------------------------------------------ adding


def test_add_benefit_with_40_60_shares_saves_one_undoable_line(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    site = titled(session, "Site Sharing")
    path = session.register.path
    before = stored_benefits(path, site.id)
    steps = session.undo_stack.count()
    qtbot.mouseClick(profile.add_benefit_button, Qt.MouseButton.LeftButton)
    dialog = line_dialog(qtbot, profile)
    assert isinstance(dialog, BenefitLineDialog)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findText("2029/30"))
    type_into(qtbot, dialog.planned_edit, "35k")
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "Finance ledgers")
    lfrs, nwas = org_id(session, "LFRS"), org_id(session, "NWAS")
    type_into(qtbot, dialog.shares_editor.edits[lfrs], "40")
    type_into(qtbot, dialog.shares_editor.edits[nwas], "60")
    press_ok(qtbot, dialog)

    after = stored_benefits(path, site.id)
    assert len(after) == len(before) + 1
    added = after[-1]
    assert added[:7] == (2029, "cashable saving", "pounds", 3_500_000, None, "Finance ledgers", "")
    assert json.loads(added[7]) == {lfrs: 4000, nwas: 6000}
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == "Add benefit of LAN-033 for 2029/30"
    assert profile.row_texts(profile.benefits_table)[-1][:4] == ["2029/30", "Cashable saving", "£35,000", "Not yet"]
    assert profile.selected_line() is not None and profile.selected_line().year == 2029  # type: ignore[union-attr]
    assert profile.figures["savings"][0].text() == "£245,000"

    # Undo, on the profile, takes the line away again.
    assert profile.undo_button.isEnabled()
    qtbot.mouseClick(profile.undo_button, Qt.MouseButton.LeftButton)
    assert stored_benefits(path, site.id) == before
    assert profile.benefits_table.rowCount() == len(before)
    assert profile.message.text() == "Undone: add benefit of LAN-033 for 2029/30."
    assert not profile.undo_button.isEnabled()  # nothing older than the profile is undone from here


def test_equal_shares_are_stored_as_empty(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    site = titled(session, "Site Sharing")
    qtbot.mouseClick(profile.add_benefit_button, Qt.MouseButton.LeftButton)
    dialog = line_dialog(qtbot, profile)
    type_into(qtbot, dialog.planned_edit, "1,000")
    type_into(qtbot, dialog.shares_editor.edits[org_id(session, "LFRS")], "50")
    type_into(qtbot, dialog.shares_editor.edits[org_id(session, "NWAS")], "50")
    press_ok(qtbot, dialog)
    stored = [row for row in stored_benefits(session.register.path, site.id) if row[3] == 100_000]
    assert len(stored) == 1 and stored[0][7] == "{}"
    shown = next(row for row in profile.row_texts(profile.benefits_table) if row[2] == "£1,000")
    assert shown[7] == "Equal"


def test_shares_not_adding_to_100_keep_the_form_open_and_write_nothing(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    site = titled(session, "Site Sharing")
    path = session.register.path
    before = stored_benefits(path, site.id)
    steps = session.undo_stack.count()
    qtbot.mouseClick(profile.add_benefit_button, Qt.MouseButton.LeftButton)
    dialog = line_dialog(qtbot, profile)
    type_into(qtbot, dialog.planned_edit, "35000")
    type_into(qtbot, dialog.shares_editor.edits[org_id(session, "LFRS")], "30")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problems_label.text() == (
        "The partners' shares add up to 80% (LFRS 30%, NWAS 50%); they must add up to 100%."
    )
    assert stored_benefits(path, site.id) == before
    assert session.undo_stack.count() == steps
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: profile.dialog is None)
    assert stored_benefits(path, site.id) == before


def test_add_cost_saves_a_cost_line(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    site = titled(session, "Site Sharing")
    qtbot.mouseClick(profile.add_cost_button, Qt.MouseButton.LeftButton)
    dialog = line_dialog(qtbot, profile)
    assert isinstance(dialog, CostLineDialog)
    type_into(qtbot, dialog.planned_edit, "£8,500")
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "New shared kitchen")
    press_ok(qtbot, dialog)
    stored = stored_costs(session.register.path, site.id)
    assert (2026, "one-off", 850_000, None, "New shared kitchen", "{}") in stored
    assert session.undo_stack.undoText() == "Add cost of LAN-033 for 2026/27"
    assert profile.figures["costs"][0].text() == "£44,500"


# ------------------------------------------------------------------------------------------ editing and removing


def test_enter_edits_the_selected_line(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    site = titled(session, "Site Sharing")
    table = profile.benefits_table
    table.setFocus()
    table.selectRow(4)  # 2026/27, not yet measured
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = line_dialog(qtbot, profile)
    assert dialog.windowTitle() == "Edit benefit of LAN-033"
    assert dialog.planned_edit.text() == "£35,000"
    type_into(qtbot, dialog.actual_edit, "£17,250")
    press_ok(qtbot, dialog)
    row = next(r for r in stored_benefits(session.register.path, site.id) if r[0] == 2026)
    assert row[3:5] == (3_500_000, 1_725_000)
    assert json.loads(row[7]) == {org_id(session, "LFRS"): 4000, org_id(session, "NWAS"): 6000}
    assert session.undo_stack.undoText() == "Change benefit of LAN-033 for 2026/27"
    assert profile.row_texts(table)[4][3:5] == ["£17,250", "49%"]
    assert profile.selected_line() is not None and profile.selected_line().year == 2026  # type: ignore[union-attr]


def test_ok_without_changes_writes_nothing(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    steps = session.undo_stack.count()
    profile.costs_table.selectRow(0)
    qtbot.mouseClick(profile.edit_button, Qt.MouseButton.LeftButton)
    dialog = line_dialog(qtbot, profile)
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: profile.dialog is None)
    assert session.undo_stack.count() == steps


def test_delete_asks_then_removes_and_ctrl_z_puts_it_back(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    site = titled(session, "Site Sharing")
    path = session.register.path
    before = stored_costs(path, site.id)
    asked: list[str] = []
    profile.confirm = lambda title, text, accept: asked.append(text) is None and len(asked) > 1  # type: ignore[method-assign]
    table = profile.costs_table
    table.setFocus()
    table.selectRow(2)
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # the first time the user thinks again
    assert stored_costs(path, site.id) == before
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert asked[1] == "Remove the recurring cost of £12,000 for 2026/27?\n\nUndo (Ctrl+Z) puts it back."
    assert stored_costs(path, site.id) == before[:2]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:  # a tombstone, not a hard delete
        assert db.execute("SELECT count(*) FROM cost_line WHERE deleted_at IS NOT NULL").fetchone()[0] == 1
    assert profile.message.text() == "Removed the recurring cost of £12,000 for 2026/27. Undo (Ctrl+Z) puts it back."
    assert table.rowCount() == 2 and table.currentRow() == 1
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_costs(path, site.id) == before
    assert table.rowCount() == 3
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # and redo takes it away again
    assert stored_costs(path, site.id) == before[:2]


def test_selecting_in_one_table_clears_the_other(qtbot, session: RegisterSession) -> None:
    profile = profile_of(qtbot, session)
    profile.benefits_table.selectRow(0)
    profile.costs_table.selectRow(0)
    assert profile.benefits_table.selected_id() is None
    assert isinstance(profile.selected_line(), type(session.data.cost_lines[profile.costs_table.selected_id()]))
    assert profile.edit_button.isEnabled() and profile.remove_button.isEnabled()


# ------------------------------------------------------------------------------------ on the opportunity's window


def test_the_opportunity_window_shows_the_profile_and_the_register_follows(
    qtbot, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.today = lambda: TODAY  # type: ignore[method-assign]
    window.show()
    assert window.open_path(sample_path)
    session = window.session
    assert session is not None
    site = titled(session, "Site Sharing")
    seen: dict[str, object] = {}

    def use_the_profile(dialog: OpportunityDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.show()
        tabs = dialog.ui.tabs
        seen["tabs"] = [tabs.tabText(i) for i in range(tabs.count())]
        tabs.setCurrentIndex(tabs.count() - 1)
        profile = dialog.benefit_profile
        assert profile is not None and tabs.currentWidget() is profile
        # Ticking another partner on Details says the profile's shares are among those saved.
        row = next(
            r for r in range(dialog.ui.partnersList.count()) if dialog.ui.partnersList.item(r).text().startswith("LC ")
        )
        dialog.ui.partnersList.item(row).setCheckState(Qt.CheckState.Checked)
        seen["note"] = profile.partners_note.isVisibleTo(profile)
        dialog.ui.partnersList.item(row).setCheckState(Qt.CheckState.Unchecked)
        seen["note after"] = profile.partners_note.isVisibleTo(profile)
        qtbot.mouseClick(profile.add_benefit_button, Qt.MouseButton.LeftButton)
        line = line_dialog(qtbot, profile)
        type_into(qtbot, line.planned_edit, "40000")
        press_ok(qtbot, line)
        seen["planned"] = profile.figures["savings"][0].text()
        return False  # Cancel the opportunity's own changes: the line stays saved

    monkeypatch.setattr(window, "run_dialog", use_the_profile)
    window.edit_opportunity(site.id)
    assert seen == {
        "tabs": ["&Details", "Place&ment and dates", "Mone&y and risks", "Dependenc&ies and notes", BENEFITS_TAB],
        "note": True,
        "note after": False,
        "planned": "£250,000",
    }
    assert session.undo_stack.undoText() == "Add benefit of LAN-033 for 2026/27"
    row = window.model.row_of(site.id)
    assert window.model.index(row, PLANNED_SAVINGS_COLUMN).data() == "£250,000"
    window.undo()
    assert window.model.index(window.model.row_of(site.id), PLANNED_SAVINGS_COLUMN).data() == "£210,000"


def test_a_new_opportunity_records_benefits_once_saved(qtbot, session: RegisterSession) -> None:
    dialog = OpportunityDialog(session.data, None, session.register.next_reference(), session=session)
    qtbot.addWidget(dialog)
    assert dialog.benefit_profile is None
    page = dialog.ui.tabs.widget(dialog.ui.tabs.count() - 1)
    assert dialog.ui.tabs.tabText(dialog.ui.tabs.count() - 1) == BENEFITS_TAB
    assert page.findChild(QLabel, "benefitsNotYet").text().startswith("Benefits and costs are recorded once")


def test_profile_page_letters_are_its_own(qtbot, session: RegisterSession) -> None:
    """With the tab titles always on screen, no Alt+letter on the benefits page does two things."""
    site = titled(session, "Site Sharing")
    dialog = OpportunityDialog(session.data, site, site.reference, session=session, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    tabs = dialog.ui.tabs

    def letter(text: str) -> str:
        return text[text.index("&") + 1].lower()

    page = dialog.benefit_profile
    assert page is not None
    texts = [lb.text() for lb in page.findChildren(QLabel) if "&" in lb.text()]
    texts += [b.text() for b in page.findChildren(QAbstractButton) if "&" in b.text()]
    letters = [letter(t) for t in texts] + [letter(tabs.tabText(i)) for i in range(tabs.count())]
    assert len(letters) == len(set(letters)), letters
    buttons = [b for b in page.findChildren(QAbstractButton) if not b.objectName().startswith("qt_")]
    for widget in (page.benefits_table, page.costs_table, *buttons):
        assert widget.accessibleName(), widget.objectName()


# ------------------------------------------------------------------------------------------------ the register table


def test_register_table_shows_the_savings_totals_and_sorts_by_them(qtbot, session: RegisterSession) -> None:
    model = RegisterTableModel()
    model.set_register(session.data, session.rows)
    horizontal = Qt.Orientation.Horizontal
    assert model.headerData(PLANNED_SAVINGS_COLUMN, horizontal) == "Planned\nsavings"
    assert model.headerData(ACTUAL_SAVINGS_COLUMN, horizontal, Qt.ItemDataRole.AccessibleTextRole) == "Actual savings"
    assert "all financial years" in model.headerData(PLANNED_SAVINGS_COLUMN, horizontal, Qt.ItemDataRole.ToolTipRole)
    site = model.index(model.row_of(titled(session, "Site Sharing").id), 0).row()
    assert model.index(site, PLANNED_SAVINGS_COLUMN).data() == "£210,000"
    assert model.index(site, ACTUAL_SAVINGS_COLUMN).data() == "£105,300"
    assert model.index(site, ACTUAL_SAVINGS_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "£105,300 realised against £105,000 planned for the years measured so far (100%)"
    )
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(site, ACTUAL_SAVINGS_COLUMN).data(Qt.ItemDataRole.TextAlignmentRole) == right

    def column(number: int) -> list[tuple[str, str]]:
        return [(row.cells[0], row.cells[number]) for row in model.shown_rows]

    model.sort(PLANNED_SAVINGS_COLUMN, Qt.SortOrder.DescendingOrder)
    assert column(PLANNED_SAVINGS_COLUMN)[:4] == [
        ("LAN-034", "£540,000"),
        ("LAN-033", "£210,000"),
        ("LAN-009", "£150,000"),
        ("LAN-035", "£125,000"),
    ]
    model.sort(ACTUAL_SAVINGS_COLUMN, Qt.SortOrder.DescendingOrder)
    assert column(ACTUAL_SAVINGS_COLUMN)[:5] == [
        ("LAN-034", "£275,000"),
        ("LAN-033", "£105,300"),
        ("LAN-035", "£71,000"),
        ("LAN-036", "£59,000"),
        ("LAN-020", "£9,500"),
    ]
    assert {text for _ref, text in column(ACTUAL_SAVINGS_COLUMN)[5:]} == {""}  # none measured: below them all
    model.sort(ACTUAL_SAVINGS_COLUMN, Qt.SortOrder.AscendingOrder)
    assert column(ACTUAL_SAVINGS_COLUMN)[-1] == ("LAN-034", "£275,000")
