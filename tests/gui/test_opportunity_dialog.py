"""The Add/Edit opportunity dialog, driven as a user would on the sample register: type, pick, tick, OK."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from bluelight_desktop.core.model import Opportunity, RegisterData, Stage
from bluelight_desktop.gui.opportunity_dialog import OpportunityDialog
from bluelight_desktop.storage.register import Register, open_register

# The offscreen platform plugin warns whenever a window with a layout is shown; nothing to do with our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def register(sample_path: Path) -> Iterator[Register]:
    register = open_register(sample_path)
    yield register
    register.close()


@pytest.fixture
def data(register: Register) -> RegisterData:
    return register.load()


def show(qtbot, dialog: OpportunityDialog) -> OpportunityDialog:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):  # a context manager: called bare, it would not wait
        dialog.show()
    return dialog


def new_dialog(qtbot, register: Register, data: RegisterData) -> OpportunityDialog:  # type: ignore[no-untyped-def]
    return show(qtbot, OpportunityDialog(data, None, register.next_reference()))


def press_ok(qtbot, dialog: OpportunityDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)


def type_into(qtbot, spin: QSpinBox | QDoubleSpinBox, text: str) -> None:  # type: ignore[no-untyped-def]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def tick(qtbot, widget: QListWidget, text_start: str) -> None:  # type: ignore[no-untyped-def]
    """Tick a row with the keyboard: make it current, press Space."""
    row = next(r for r in range(widget.count()) if widget.item(r).text().startswith(text_start))
    widget.setFocus()
    widget.setCurrentRow(row)
    qtbot.keyClick(widget.viewport(), Qt.Key.Key_Space)
    assert widget.item(row).checkState() == Qt.CheckState.Checked


def ticked_texts(widget: QListWidget) -> list[str]:
    return [
        widget.item(r).text() for r in range(widget.count()) if widget.item(r).checkState() == Qt.CheckState.Checked
    ]


def fully_described(data: RegisterData) -> Opportunity:
    """A sample opportunity with every kind of field filled in: dates, money, partners and dependencies."""
    return next(
        o
        for o in sorted(data.opportunities.values(), key=lambda o: o.reference)
        if o.start_date
        and o.end_date
        and o.cashable_saving_pence
        and o.one_off_cost_pence
        and o.partner_ids
        and o.dependency_ids
        and o.workstream_id
        and o.lead_organisation_id
        and o.effort is not None
        and o.summary
    )


# (1) A new opportunity, from typing to OK


def test_new_opportunity_gathers_what_was_entered(qtbot, register: Register, data: RegisterData) -> None:
    dialog = new_dialog(qtbot, register, data)
    ui = dialog.ui
    assert dialog.windowTitle() == "New opportunity LAN-037"

    qtbot.keyClicks(ui.titleEdit, "Joint fleet workshop")
    ui.workstreamCombo.setCurrentIndex(ui.workstreamCombo.findText("Shared Support Services"))
    ui.leadOrganisationCombo.setCurrentIndex(ui.leadOrganisationCombo.findText("LFRS", Qt.MatchFlag.MatchStartsWith))
    tick(qtbot, ui.partnersList, "LC —")
    tick(qtbot, ui.partnersList, "NWAS")
    ui.tabs.setCurrentWidget(ui.placementTab)
    type_into(qtbot, ui.effortSpin, "20")
    ui.benefitSlider.setValue(80)  # the slider drives the spin box
    assert ui.benefitSpin.value() == 80
    assert "Quick win" in ui.quadrantLabel.text()
    assert "Low effort, high benefit" in ui.quadrantLabel.text()
    ui.tabs.setCurrentWidget(ui.moneyTab)
    type_into(qtbot, ui.cashableSavingSpin, "250000")
    assert ui.cashableSavingSpin.value() == 250_000

    press_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    opp = dialog.opportunity()
    by_short = {o.short_name: o.id for o in data.organisations.values()}
    assert opp.title == "Joint fleet workshop"
    assert opp.reference == "LAN-037"
    assert opp.id not in data.opportunities
    assert data.workstreams[opp.workstream_id].name == "Shared Support Services"  # type: ignore[index]
    assert opp.lead_organisation_id == by_short["LFRS"]
    assert sorted(opp.partner_ids) == sorted([by_short["LC"], by_short["NWAS"]])
    assert (opp.effort, opp.benefit) == (20, 80)
    assert opp.cashable_saving_pence == 250_000 * 100
    assert opp.stage == Stage.IDEA
    assert (opp.start_date, opp.end_date) == (None, None)
    assert opp.shareable is True  # the model's default for a new one


def test_new_opportunity_has_fresh_id_each_time(qtbot, register: Register, data: RegisterData) -> None:
    first = new_dialog(qtbot, register, data)
    second = new_dialog(qtbot, register, data)
    assert first.opportunity().id != second.opportunity().id
    assert first.opportunity() is not first.opportunity()  # a new object every call


# (2) and (3) Problems keep the dialog open


def test_end_date_before_start_date_is_refused(qtbot, register: Register, data: RegisterData) -> None:
    dialog = new_dialog(qtbot, register, data)
    ui = dialog.ui
    qtbot.keyClicks(ui.titleEdit, "Shared training calendar")
    ui.tabs.setCurrentWidget(ui.placementTab)
    assert not ui.startDateEdit.isEnabled()
    ui.startDateCheck.setChecked(True)
    ui.endDateCheck.setChecked(True)
    assert ui.startDateEdit.isEnabled() and ui.endDateEdit.isEnabled()
    ui.startDateEdit.setDate(QDate(2026, 6, 1))
    ui.endDateEdit.setDate(QDate(2026, 5, 1))
    assert ui.startDateEdit.text() == "1 Jun 2026"
    ui.tabs.setCurrentWidget(ui.detailsTab)

    press_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert ui.problemsLabel.isVisible()
    assert ui.problemsLabel.accessibleName() == "Problems"
    assert "End date is before start date" in ui.problemsLabel.text()
    assert ui.tabs.currentWidget() is ui.placementTab  # taken to the bad field
    assert dialog.focusWidget() is ui.endDateEdit

    ui.endDateEdit.setDate(QDate(2027, 3, 31))
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opportunity().start_date == date(2026, 6, 1)
    assert dialog.opportunity().end_date == date(2027, 3, 31)


def test_empty_title_is_refused(qtbot, register: Register, data: RegisterData) -> None:
    dialog = new_dialog(qtbot, register, data)
    ui = dialog.ui
    qtbot.keyClicks(ui.titleEdit, "   ")
    ui.tabs.setCurrentWidget(ui.linksTab)

    press_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert "Title is required" in ui.problemsLabel.text()
    assert ui.tabs.currentWidget() is ui.detailsTab
    assert dialog.focusWidget() is ui.titleEdit

    qtbot.keyClicks(ui.titleEdit, "Joint youth engagement")
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.opportunity().title == "Joint youth engagement"


def test_cancel_rejects(qtbot, register: Register, data: RegisterData) -> None:
    dialog = new_dialog(qtbot, register, data)
    qtbot.mouseClick(dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected


# (4) Editing pre-fills every field


def test_edit_prefills_every_field_and_keeps_identity(qtbot, data: RegisterData) -> None:
    original = fully_described(data)
    before = dataclasses.replace(original)
    dialog = show(qtbot, OpportunityDialog(data, original, original.reference))
    ui = dialog.ui
    orgs = data.organisations

    assert dialog.windowTitle() == f"Edit {original.reference}"
    assert ui.titleEdit.text() == original.title
    assert ui.summaryEdit.toPlainText() == original.summary
    assert ui.workstreamCombo.currentText() == data.workstreams[original.workstream_id].name  # type: ignore[index]
    lead = orgs[original.lead_organisation_id]  # type: ignore[index]
    assert ui.leadOrganisationCombo.currentText() == f"{lead.short_name} — {lead.name}"
    assert ui.leadOfficerEdit.text() == original.lead_officer
    assert ui.sponsorEdit.text() == original.sponsor
    assert ui.stageCombo.currentText() == Stage(original.stage).label
    assert sorted(ticked_texts(ui.partnersList)) == sorted(
        f"{orgs[i].short_name} — {orgs[i].name}" for i in original.partner_ids
    )
    assert ui.shareableCheck.isChecked() == original.shareable
    assert ui.effortSpin.value() == original.effort
    assert ui.benefitSpin.value() == original.benefit
    assert ui.effortSlider.value() == original.effort
    assert ui.illustrativeCheck.isChecked() == original.placement_illustrative
    assert ui.startDateCheck.isChecked() and ui.endDateCheck.isChecked()
    assert ui.startDateEdit.date().toPython() == original.start_date
    assert ui.endDateEdit.date().toPython() == original.end_date
    assert ui.cashableSavingSpin.value() * 100 == original.cashable_saving_pence
    assert ui.oneOffCostSpin.value() * 100 == original.one_off_cost_pence
    assert ui.cashableSavingSpin.text().startswith("£") and "," in ui.cashableSavingSpin.text()
    assert ui.nonCashableEdit.toPlainText() == original.non_cashable_benefits
    assert ui.risksEdit.toPlainText() == original.risks
    assert ui.notesEdit.toPlainText() == original.notes
    deps = data.opportunities
    assert ticked_texts(ui.dependenciesList) == sorted(
        f"{deps[i].reference}  {deps[i].title}" for i in original.dependency_ids
    )
    # The other opportunities, by reference, and never itself
    listed = [ui.dependenciesList.item(r).text() for r in range(ui.dependenciesList.count())]
    assert listed == sorted(f"{o.reference}  {o.title}" for o in deps.values() if o.id != original.id)

    press_ok(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    result = dialog.opportunity()
    assert (result.id, result.reference) == (original.id, original.reference)
    assert result == original  # nothing touched, nothing changed
    assert result is not original
    assert original == before  # the dialog never mutates what it was given


def test_edit_changes_come_back(qtbot, data: RegisterData) -> None:
    original = fully_described(data)
    dialog = show(qtbot, OpportunityDialog(data, original, original.reference))
    ui = dialog.ui
    ui.titleEdit.selectAll()
    qtbot.keyClicks(ui.titleEdit, "Renamed")
    ui.stageCombo.setCurrentIndex(ui.stageCombo.findText("Live"))
    ui.tabs.setCurrentWidget(ui.placementTab)
    ui.endDateCheck.setChecked(False)
    assert not ui.endDateEdit.isEnabled()
    ui.tabs.setCurrentWidget(ui.moneyTab)
    type_into(qtbot, ui.oneOffCostSpin, "1234567")
    ui.tabs.setCurrentWidget(ui.linksTab)
    qtbot.keyClicks(ui.dependencyFilterEdit, "wellbeing")
    visible = [
        ui.dependenciesList.item(r).text()
        for r in range(ui.dependenciesList.count())
        if not ui.dependenciesList.item(r).isHidden()
    ]
    assert len(visible) == 1 and visible[0].endswith("Wellbeing")
    tick(qtbot, ui.dependenciesList, visible[0])
    ui.dependencyFilterEdit.clear()

    press_ok(qtbot, dialog)

    result = dialog.opportunity()
    wellbeing = next(o.id for o in data.opportunities.values() if o.title == "Wellbeing")
    assert result.title == "Renamed"
    assert result.stage == Stage.LIVE
    assert result.end_date is None and result.start_date == original.start_date
    assert result.one_off_cost_pence == 123_456_700
    assert result.dependency_ids == [*original.dependency_ids, wellbeing]  # ticks hidden by the filter stay


def test_untouched_money_keeps_its_pence(qtbot, data: RegisterData) -> None:
    odd = dataclasses.replace(fully_described(data), cashable_saving_pence=1_234_567)
    dialog = show(qtbot, OpportunityDialog(data, odd, odd.reference))
    assert dialog.ui.cashableSavingSpin.text() == "£12,346"  # whole pounds on screen
    assert dialog.opportunity().cashable_saving_pence == 1_234_567  # but not rounded away unasked


# (5) Not assessed


def test_not_assessed_gives_no_score(qtbot, data: RegisterData) -> None:
    original = fully_described(data)
    dialog = show(qtbot, OpportunityDialog(data, original, original.reference))
    ui = dialog.ui
    ui.tabs.setCurrentWidget(ui.placementTab)

    ui.effortSlider.setValue(-1)
    assert ui.effortSpin.text() == "Not assessed"
    assert "Not placed" in ui.quadrantLabel.text()
    press_ok(qtbot, dialog)  # one score without the other is refused by validation
    assert dialog.isVisible()
    assert "Give both effort and benefit" in ui.problemsLabel.text()
    assert dialog.opportunity().effort is None

    ui.benefitSpin.setValue(ui.benefitSpin.minimum())
    assert ui.benefitSpin.text() == "Not assessed"
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    result = dialog.opportunity()
    assert (result.effort, result.benefit) == (None, None)
    assert "Not placed" in ui.quadrantLabel.text()


def test_not_assessed_opportunity_opens_not_assessed(qtbot, data: RegisterData) -> None:
    unplaced = next(o for o in data.opportunities.values() if o.effort is None)
    dialog = show(qtbot, OpportunityDialog(data, unplaced, unplaced.reference))
    assert dialog.ui.effortSpin.text() == dialog.ui.benefitSpin.text() == "Not assessed"
    assert (dialog.opportunity().effort, dialog.opportunity().benefit) == (None, None)


def test_quadrant_uses_the_register_thresholds(qtbot, register: Register, data: RegisterData) -> None:
    data.settings.effort_threshold = 10
    dialog = new_dialog(qtbot, register, data)
    dialog.ui.effortSpin.setValue(20)
    dialog.ui.benefitSpin.setValue(80)
    assert "Major project" in dialog.ui.quadrantLabel.text()


# Keyboard and screen reader access


INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QListWidget, QCheckBox)


def test_every_input_is_labelled_with_a_mnemonic_and_named(qtbot, register: Register, data: RegisterData) -> None:
    dialog = new_dialog(qtbot, register, data)
    tabs = dialog.ui.tabs
    buddies = {label.buddy(): label for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    inputs = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, INPUTS)
        and not isinstance(w.parent(), INPUTS)
        and w.objectName()
        and not w.objectName().startswith("qt_")
    ]
    assert len(inputs) >= 23
    # A date is labelled by the check box that says whether there is one (and enables it).
    labelled_by_check = {
        dialog.ui.startDateEdit: dialog.ui.startDateCheck,
        dialog.ui.endDateEdit: dialog.ui.endDateCheck,
    }
    for widget in inputs:
        assert widget.accessibleName(), widget.objectName()
        if isinstance(widget, QCheckBox):
            assert "&" in widget.text(), widget.objectName()
        elif widget in labelled_by_check:
            check = labelled_by_check[widget]
            assert "&" in check.text()
            check.setChecked(True)
            assert widget.isEnabled()
            check.setChecked(False)
            assert not widget.isEnabled()
        else:
            assert widget in buddies, f"{widget.objectName()} has no label"
            assert "&" in buddies[widget].text(), widget.objectName()

    # Within each page, with the tab titles always on screen, no Alt+letter does two things.
    def letter(text: str) -> str:
        return text[text.index("&") + 1].lower()

    tab_letters = [letter(tabs.tabText(i)) for i in range(tabs.count())]
    assert len(set(tab_letters)) == len(tab_letters)
    for i in range(tabs.count()):
        page = tabs.widget(i)
        texts = [lb.text() for lb in page.findChildren(QLabel) if "&" in lb.text()]
        texts += [b.text() for b in page.findChildren(QAbstractButton) if "&" in b.text()]
        letters = [letter(t) for t in texts] + tab_letters
        assert len(set(letters)) == len(letters), (tabs.tabText(i), letters)


def test_alt_letter_reaches_the_field(qtbot, register: Register, data: RegisterData) -> None:
    dialog = new_dialog(qtbot, register, data)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # Sp&onsor
    assert dialog.focusWidget() is dialog.ui.sponsorEdit
    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Mone&y and risks
    assert dialog.ui.tabs.currentWidget() is dialog.ui.moneyTab
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # One-off &cost
    assert dialog.focusWidget() is dialog.ui.oneOffCostSpin
