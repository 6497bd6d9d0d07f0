"""The benefit and cost line forms, driven as a user would on the sample register: type the figures, pick the
kind, type the partners' shares, press OK. OK lists the problems in the domain's words until the line is valid."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from bluelight_desktop.core.benefits import lines_of
from bluelight_desktop.core.model import BenefitKind, CostKind, Opportunity, RegisterData, Unit
from bluelight_desktop.gui.benefits_dialog import BenefitLineDialog, CostLineDialog, _LineDialog
from bluelight_desktop.storage.register import Register, open_register

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = date(2026, 11, 21)


@pytest.fixture
def register(sample_path: Path) -> Iterator[Register]:
    register = open_register(sample_path)
    yield register
    register.close()


@pytest.fixture
def data(register: Register) -> RegisterData:
    return register.load()


def titled(data: RegisterData, start: str) -> Opportunity:
    return next(o for o in data.opportunities.values() if o.title.startswith(start))


def org_id(data: RegisterData, short_name: str) -> str:
    return next(o.id for o in data.organisations.values() if o.short_name == short_name)


def show(qtbot, dialog: _LineDialog) -> _LineDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def type_into(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def choose(qtbot, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry with the keyboard: focus the combo and step to it with the arrow keys."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def press_ok(qtbot, dialog: _LineDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def site_sharing_dialog(qtbot, data: RegisterData) -> BenefitLineDialog:  # type: ignore[no-untyped-def]
    """A new benefit on Site Sharing with North West Ambulance Service (LFRS leads, NWAS is the partner)."""
    return show(qtbot, BenefitLineDialog(data, titled(data, "Site Sharing"), None, lambda: TODAY))


# ------------------------------------------------------------------------------------------------ benefits


def test_a_new_benefit_starts_in_this_financial_year_with_equal_shares(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    assert dialog.windowTitle() == "Add benefit of LAN-033"
    assert dialog.kind_combo.currentText() == "Cashable saving"
    assert dialog.unit_combo.currentText() == "Pounds"
    assert dialog.year_combo.currentText() == "2026/27"
    assert dialog.planned_edit.text() == dialog.actual_edit.text() == ""
    shares = dialog.shares_editor
    assert [shares.name_labels[o].text() for o in shares.organisation_ids] == [
        "Lancashire Fire and Rescue Service (LFRS), lead",
        "North West Ambulance Service (NWAS)",
    ]
    assert [e.text() for e in shares.edits.values()] == ["50", "50"]
    assert shares.total_label.text().startswith("Total 100%: equal shares")


def test_financial_year_follows_today_across_april(qtbot, data: RegisterData) -> None:
    opportunity = titled(data, "Site Sharing")
    march = show(qtbot, BenefitLineDialog(data, opportunity, None, date(2027, 3, 31)))
    april = show(qtbot, CostLineDialog(data, opportunity, None, date(2027, 4, 1)))
    assert march.year_combo.currentText() == "2026/27"
    assert april.year_combo.currentText() == "2027/28"


def test_typed_line_with_40_60_shares_is_accepted(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    choose(qtbot, dialog.year_combo, "2027/28")
    type_into(qtbot, dialog.planned_edit, "£42,500")
    type_into(qtbot, dialog.actual_edit, "41k")
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "Finance ledger, month 12")
    type_into(qtbot, dialog.owner_edit, "Kay Patel, estates")  # matches no one: no completer popup
    lfrs, nwas = org_id(data, "LFRS"), org_id(data, "NWAS")
    type_into(qtbot, dialog.shares_editor.edits[lfrs], "40")
    assert dialog.shares_editor.total_label.text() == "Total 90%: the shares must add up to 100%."
    type_into(qtbot, dialog.shares_editor.edits[nwas], "60%")
    assert dialog.shares_editor.total_label.text() == "Total 100%"
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    line = dialog.line()
    assert (line.kind, line.unit, line.year) == (BenefitKind.CASHABLE_SAVING, Unit.POUNDS, 2027)
    assert (line.planned, line.actual) == (4_250_000, 4_100_000)
    assert line.evidence == "Finance ledger, month 12"
    assert line.owner == "Kay Patel, estates"
    assert line.shares == {lfrs: 4000, nwas: 6000}


def test_shares_not_adding_to_100_keep_the_dialog_open_with_the_domains_words(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    type_into(qtbot, dialog.planned_edit, "35000")
    type_into(qtbot, dialog.shares_editor.edits[org_id(data, "LFRS")], "30")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.problems_label.isVisible()
    assert dialog.problems_label.text() == (
        "The partners' shares add up to 80% (LFRS 30%, NWAS 50%); they must add up to 100%."
    )
    assert "must add up to 100%" in dialog.shares_editor.total_label.text()
    # Once refused, the list follows the corrections as they are typed.
    type_into(qtbot, dialog.shares_editor.edits[org_id(data, "NWAS")], "70")
    assert dialog.problems_label.isHidden()
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)


def test_equal_shares_are_saved_as_equal(qtbot, data: RegisterData) -> None:
    """Typed shares equal to the equal split are stored as {} (equal), so they follow a change of partners; the
    Equal shares button puts them back after other figures were typed."""
    dialog = site_sharing_dialog(qtbot, data)
    type_into(qtbot, dialog.planned_edit, "1000")
    lfrs, nwas = org_id(data, "LFRS"), org_id(data, "NWAS")
    type_into(qtbot, dialog.shares_editor.edits[lfrs], "25")
    type_into(qtbot, dialog.shares_editor.edits[nwas], "75")
    assert dialog.line().shares == {lfrs: 2500, nwas: 7500}
    qtbot.mouseClick(dialog.shares_editor.equal_button, Qt.MouseButton.LeftButton)
    assert [e.text() for e in dialog.shares_editor.edits.values()] == ["50", "50"]
    assert dialog.line().shares == {}
    type_into(qtbot, dialog.shares_editor.edits[lfrs], "50.00%")
    assert dialog.line().shares == {}


def test_three_partners_share_equally_to_the_hundredth(qtbot, data: RegisterData) -> None:
    opportunity = next(o for o in data.opportunities.values() if len(o.partner_ids) == 2 and o.lead_organisation_id)
    dialog = show(qtbot, BenefitLineDialog(data, opportunity, None, TODAY))
    assert [e.text() for e in dialog.shares_editor.edits.values()] == ["33.34", "33.33", "33.33"]
    type_into(qtbot, dialog.planned_edit, "300")
    assert dialog.problems() == []
    assert dialog.line().shares == {}


def test_choosing_a_kind_sets_its_usual_unit_and_a_wrong_unit_is_refused(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    choose(qtbot, dialog.kind_combo, "Hours released")
    assert dialog.unit_combo.currentText() == "Hours"
    assert "hours" in dialog.planned_edit.placeholderText()
    type_into(qtbot, dialog.planned_edit, "138 hours")
    choose(qtbot, dialog.kind_combo, "Outcome measure")
    assert dialog.unit_combo.currentText() == "Count"
    choose(qtbot, dialog.kind_combo, "Cashable saving")
    assert dialog.unit_combo.currentText() == "Pounds"
    type_into(qtbot, dialog.planned_edit, "12")
    choose(qtbot, dialog.unit_combo, "Hours")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problems_label.text() == "A cashable saving is counted in pounds, not hours."
    choose(qtbot, dialog.unit_combo, "Pounds")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    assert (dialog.line().unit, dialog.line().planned) == (Unit.POUNDS, 1200)


def test_unreadable_figures_and_years_are_listed(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    dialog.year_combo.setFocus()
    dialog.year_combo.lineEdit().selectAll()
    qtbot.keyClicks(dialog.year_combo, "2026/28")
    type_into(qtbot, dialog.actual_edit, "lots")
    type_into(qtbot, dialog.shares_editor.edits[org_id(data, "NWAS")], "half")
    press_ok(qtbot, dialog)
    problems = dialog.problems_label.text().splitlines()
    assert problems[0] == "“2026/28” is not a financial year: it runs April to March, as 2026/27."
    assert problems[1] == "Give the planned figure: 0 if none was planned."
    assert problems[2].startswith("Actual: 'lots' is not an amount of money")
    assert problems[3] == "NWAS: “half” is not a percentage: give a figure such as 40."
    assert dialog.shares_editor.total_label.text().startswith("A share cannot be read")
    assert dialog.isVisible()


def test_a_year_typed_beyond_the_list_is_taken(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    dialog.year_combo.setFocus()
    dialog.year_combo.lineEdit().selectAll()
    qtbot.keyClicks(dialog.year_combo, "2040-41")
    type_into(qtbot, dialog.planned_edit, "0")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    assert dialog.line().year == 2040


def test_editing_keeps_the_line_and_its_pence(qtbot, data: RegisterData) -> None:
    opportunity = titled(data, "Site Sharing")
    benefits, _ = lines_of(data, opportunity.id)
    line = benefits[0]
    line.planned = 3_500_050  # £35,000.50
    dialog = show(qtbot, BenefitLineDialog(data, opportunity, line, TODAY))
    assert dialog.windowTitle() == "Edit benefit of LAN-033"
    assert dialog.year_combo.currentText() == "2023/24"
    assert dialog.planned_edit.text() == "£35,000.50"
    assert dialog.actual_edit.text() == "£33,000"
    assert [e.text() for e in dialog.shares_editor.edits.values()] == ["40", "60"]
    assert dialog.line() == line  # nothing typed: the same line, to the penny
    type_into(qtbot, dialog.actual_edit, "")  # not measured after all
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    assert dialog.line().id == line.id and dialog.line().actual is None


def test_a_former_partners_share_is_shown_and_kept(qtbot, data: RegisterData) -> None:
    opportunity = titled(data, "Site Sharing")
    benefits, _ = lines_of(data, opportunity.id)
    line = benefits[0]
    gmfrs = org_id(data, "GMFRS")
    line.shares = {org_id(data, "LFRS"): 4000, org_id(data, "NWAS"): 5000, gmfrs: 1000}
    dialog = show(qtbot, BenefitLineDialog(data, opportunity, line, TODAY))
    assert dialog.shares_editor.name_labels[gmfrs].text().endswith(", no longer a partner")
    assert dialog.line().shares == line.shares
    # Given nothing, a former partner drops out of the line's shares.
    type_into(qtbot, dialog.shares_editor.edits[gmfrs], "0")
    type_into(qtbot, dialog.shares_editor.edits[org_id(data, "NWAS")], "60")
    assert dialog.line().shares == {org_id(data, "LFRS"): 4000, org_id(data, "NWAS"): 6000}


# ------------------------------------------------------------------------------------------------ costs


def test_cost_line_is_pounds_with_a_note(qtbot, data: RegisterData) -> None:
    dialog = show(qtbot, CostLineDialog(data, titled(data, "Site Sharing"), None, TODAY))
    assert dialog.windowTitle() == "Add cost of LAN-033"
    assert [dialog.kind_combo.itemText(i) for i in range(dialog.kind_combo.count())] == ["One-off", "Recurring"]
    assert not hasattr(dialog, "unit_combo")
    choose(qtbot, dialog.kind_combo, "Recurring")
    type_into(qtbot, dialog.planned_edit, "12 hours")
    press_ok(qtbot, dialog)
    assert dialog.problems_label.text().startswith("Planned: '12 hours' is not an amount of money")
    type_into(qtbot, dialog.planned_edit, "£12,000")
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "Shared running costs")
    type_into(qtbot, dialog.shares_editor.edits[org_id(data, "LFRS")], "45")
    press_ok(qtbot, dialog)
    assert "add up to 95%" in dialog.problems_label.text()
    type_into(qtbot, dialog.shares_editor.edits[org_id(data, "NWAS")], "55")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    line = dialog.line()
    assert (line.kind, line.year, line.planned, line.actual, line.note) == (
        CostKind.RECURRING,
        2026,
        1_200_000,
        None,
        "Shared running costs",
    )
    assert line.shares == {org_id(data, "LFRS"): 4500, org_id(data, "NWAS"): 5500}


def test_no_partners_means_nothing_to_share(qtbot, data: RegisterData) -> None:
    opportunity = titled(data, "Site Sharing")
    opportunity.lead_organisation_id = None
    opportunity.partner_ids = []
    dialog = show(qtbot, CostLineDialog(data, opportunity, None, TODAY))
    assert dialog.shares_editor.edits == {}
    assert not dialog.shares_editor.equal_button.isEnabled()
    type_into(qtbot, dialog.planned_edit, "5k")
    with qtbot.waitSignal(dialog.accepted):
        press_ok(qtbot, dialog)
    assert dialog.line().shares == {} and dialog.line().planned == 500_000


# ------------------------------------------------------------------------------------------------ keyboard


@pytest.mark.parametrize("kind", ["benefit", "cost"])
def test_every_field_is_named_and_labelled_with_its_own_letter(qtbot, data: RegisterData, kind: str) -> None:
    opportunity = titled(data, "Site Sharing")
    dialog_class = BenefitLineDialog if kind == "benefit" else CostLineDialog
    dialog = show(qtbot, dialog_class(data, opportunity, None, TODAY))
    buddies = {label.buddy(): label for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    inputs = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, (QLineEdit, QComboBox, QPlainTextEdit)) and not isinstance(w.parent(), QComboBox)
    ]
    assert len(inputs) >= (8 if kind == "benefit" else 7)
    for widget in inputs:
        assert widget.accessibleName(), widget.objectName()
        assert widget in buddies, widget.objectName()
    letters = [
        t[t.index("&") + 1].lower()
        for t in [lb.text().replace("&&", "") for lb in dialog.findChildren(QLabel)]
        + [b.text() for b in dialog.findChildren(QAbstractButton)]
        if "&" in t
    ]
    assert len(letters) == len(set(letters)), letters
    assert dialog.focusWidget() is dialog.kind_combo


def test_alt_letters_reach_the_fields_and_enter_saves(qtbot, data: RegisterData) -> None:
    dialog = site_sharing_dialog(qtbot, data)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.planned_edit
    qtbot.keyClicks(dialog.planned_edit, "35k")
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Sha&res: the first share
    assert dialog.focusWidget() is dialog.shares_editor.edits[org_id(data, "LFRS")]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.line().planned == 3_500_000
