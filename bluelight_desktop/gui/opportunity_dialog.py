"""Add or edit one opportunity. The form is ui/opportunity_form.ui; this module fills it from the register's
data and gathers it back into an Opportunity. The rules are core's: validate_opportunity says what is wrong,
quadrant_for says where the scores land."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Opportunity, RegisterData, Stage
from ..core.quadrant import Thresholds, quadrant_for
from ..core.validation import validate_opportunity
from .forms.ui_opportunity_form import Ui_OpportunityForm

if TYPE_CHECKING:
    from .benefit_profile import BenefitProfile
    from .session import RegisterSession

NOT_ASSESSED = -1  # the spin boxes' minimum, shown as "Not assessed": no score
ID_ROLE = Qt.ItemDataRole.UserRole
MISSING = "(no longer in the register)"
BENEFITS_TAB = "&Benefits and costs"


class OpportunityDialog(QDialog):
    """`opportunity` None starts a new one numbered `reference`; otherwise that one is edited (never mutated).

    `opportunity()` returns the opportunity the fields describe. OK validates it with core's
    validate_opportunity and stays open, with the problems shown, until it is valid.

    Given the `session`, an opportunity already in the register shows its benefit profile on the Benefits and
    costs tab, whose lines are saved as they are made (each its own undoable step), not with OK: a line has its
    own form, and the profile's totals and the register's are then always what is saved.
    """

    def __init__(
        self,
        data: RegisterData,
        opportunity: Opportunity | None,
        reference: str,
        parent: QWidget | None = None,
        *,
        session: RegisterSession | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_OpportunityForm()
        self.ui.setupUi(self)
        self._data = data
        self._is_new = opportunity is None
        # A new one starts from the model's defaults (and its new id), so the dialog adds none of its own.
        self._source = Opportunity(title="", reference=reference) if opportunity is None else opportunity
        self._thresholds = Thresholds(data.settings.effort_threshold, data.settings.benefit_threshold)
        self._money_start: dict[QDoubleSpinBox, tuple[float, int]] = {}
        self.setWindowTitle(
            f"New opportunity {self._source.reference}" if self._is_new else f"Edit {self._source.reference}"
        )
        ui = self.ui
        ui.problemsLabel.hide()
        ui.thresholdsLabel.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        ui.thresholdsLabel.setText(
            f"Scores run from 0 to 100. Effort of {self._thresholds.effort} or more counts as high effort; "
            f"benefit of {self._thresholds.benefit} or more as high benefit."
        )
        self._fill_choices()
        self._load(self._source)
        ui.effortSpin.valueChanged.connect(self._show_quadrant)
        ui.benefitSpin.valueChanged.connect(self._show_quadrant)
        ui.dependencyFilterEdit.textChanged.connect(self._filter_dependencies)
        self.benefit_profile: BenefitProfile | None = None
        self._add_benefits_tab(session, today)
        self._show_quadrant()
        ui.tabs.setCurrentIndex(0)
        ui.titleEdit.setFocus()

    # Filling the form

    def _fill_choices(self) -> None:
        ui, data = self.ui, self._data
        ui.workstreamCombo.addItem("(none)", None)
        for ws in sorted(data.workstreams.values(), key=lambda w: w.name.casefold()):
            ui.workstreamCombo.addItem(ws.name, ws.id)
        ui.leadOrganisationCombo.addItem("(none)", None)
        organisations = sorted(data.organisations.values(), key=lambda o: o.short_name.casefold())
        for org in organisations:
            ui.leadOrganisationCombo.addItem(f"{org.short_name} — {org.name}", org.id)
        for stage in Stage:
            ui.stageCombo.addItem(stage.label, stage.value)
        _add_checkable(ui.partnersList, ((f"{o.short_name} — {o.name}", o.id) for o in organisations))
        others = sorted((o for o in data.opportunities.values() if o.id != self._source.id), key=lambda o: o.reference)
        _add_checkable(ui.dependenciesList, ((f"{o.reference}  {o.title}", o.id) for o in others))

    def _load(self, opp: Opportunity) -> None:
        ui = self.ui
        ui.titleEdit.setText(opp.title)
        ui.summaryEdit.setPlainText(opp.summary)
        _select(ui.workstreamCombo, opp.workstream_id)
        _select(ui.leadOrganisationCombo, opp.lead_organisation_id)
        ui.leadOfficerEdit.setText(opp.lead_officer)
        ui.sponsorEdit.setText(opp.sponsor)
        _select(ui.stageCombo, Stage(opp.stage).value)
        _tick(ui.partnersList, opp.partner_ids)
        ui.shareableCheck.setChecked(opp.shareable)
        ui.effortSpin.setValue(NOT_ASSESSED if opp.effort is None else opp.effort)
        ui.benefitSpin.setValue(NOT_ASSESSED if opp.benefit is None else opp.benefit)
        ui.illustrativeCheck.setChecked(opp.placement_illustrative)
        today = QDate.currentDate()
        ui.startDateCheck.setChecked(opp.start_date is not None)
        ui.startDateEdit.setDate(QDate(opp.start_date) if opp.start_date else today)
        ui.endDateCheck.setChecked(opp.end_date is not None)
        ui.endDateEdit.setDate(QDate(opp.end_date) if opp.end_date else ui.startDateEdit.date())
        for spin, pence in (
            (ui.cashableSavingSpin, opp.cashable_saving_pence),
            (ui.oneOffCostSpin, opp.one_off_cost_pence),
        ):
            spin.setValue(pence / 100)
            self._money_start[spin] = (spin.value(), pence)
        ui.nonCashableEdit.setPlainText(opp.non_cashable_benefits)
        ui.risksEdit.setPlainText(opp.risks)
        _tick(ui.dependenciesList, opp.dependency_ids)
        ui.notesEdit.setPlainText(opp.notes)

    def _add_benefits_tab(self, session: RegisterSession | None, today: Callable[[], date]) -> None:
        saved = session is not None and self._source.id in session.data.opportunities
        if session is not None and saved:
            from .benefit_profile import BenefitProfile

            profile = BenefitProfile(session, self._source.id, today)
            self.benefit_profile = profile
            page: QWidget = profile
            self.ui.partnersList.itemChanged.connect(lambda _item: self._note_partner_changes())
            self.ui.leadOrganisationCombo.currentIndexChanged.connect(lambda _i: self._note_partner_changes())
            self.resize(max(self.width(), 1060), max(self.height(), 700))
        else:
            page = QWidget()
            note = QLabel(
                "Benefits and costs are recorded once the opportunity is saved: press OK, then open it again."
                if self._is_new
                else "Open the opportunity from the register to record its benefits and costs."
            )
            note.setObjectName("benefitsNotYet")
            note.setWordWrap(True)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout = QVBoxLayout(page)
            layout.addWidget(note)
            layout.addStretch(1)
        page.setObjectName("benefitsTab")
        self.ui.tabs.addTab(page, BENEFITS_TAB)
        self.ui.tabs.setTabToolTip(self.ui.tabs.indexOf(page), "Benefit lines and costs by financial year")

    def _note_partner_changes(self) -> None:
        """Shares are among the lead and partners as saved: say so while the form's differ from them."""
        if self.benefit_profile is None:
            return
        ui = self.ui
        changed = ui.leadOrganisationCombo.currentData() != self._source.lead_organisation_id or set(
            _ticked(ui.partnersList, self._source.partner_ids)
        ) != set(self._source.partner_ids)
        self.benefit_profile.set_partners_note(
            "The lead or partners changed on the Details tab are not saved yet: shares here are among those "
            "saved until you press OK. Lines with equal shares follow the new partners once saved."
            if changed
            else ""
        )

    # Reading it back

    def opportunity(self) -> Opportunity:
        """A new Opportunity from the fields: the edited one's id and reference, or a new id and the given
        reference. Fields the form does not show are carried over unchanged."""
        ui = self.ui
        return dataclasses.replace(
            self._source,
            title=ui.titleEdit.text().strip(),
            summary=ui.summaryEdit.toPlainText().strip(),
            workstream_id=ui.workstreamCombo.currentData(),
            lead_organisation_id=ui.leadOrganisationCombo.currentData(),
            lead_officer=ui.leadOfficerEdit.text().strip(),
            sponsor=ui.sponsorEdit.text().strip(),
            partner_ids=_ticked(ui.partnersList, self._source.partner_ids),
            stage=Stage(ui.stageCombo.currentData()),
            effort=_score(ui.effortSpin.value()),
            benefit=_score(ui.benefitSpin.value()),
            placement_illustrative=ui.illustrativeCheck.isChecked(),
            start_date=_date(ui.startDateEdit.date()) if ui.startDateCheck.isChecked() else None,
            end_date=_date(ui.endDateEdit.date()) if ui.endDateCheck.isChecked() else None,
            cashable_saving_pence=self._pence(ui.cashableSavingSpin),
            one_off_cost_pence=self._pence(ui.oneOffCostSpin),
            non_cashable_benefits=ui.nonCashableEdit.toPlainText().strip(),
            risks=ui.risksEdit.toPlainText().strip(),
            dependency_ids=_ticked(ui.dependenciesList, self._source.dependency_ids),
            notes=ui.notesEdit.toPlainText().strip(),
            shareable=ui.shareableCheck.isChecked(),
        )

    def _pence(self, spin: QDoubleSpinBox) -> int:
        shown, pence = self._money_start[spin]
        # The box shows whole pounds: an untouched figure keeps its pence rather than being rounded away.
        return pence if spin.value() == shown else round(spin.value() * 100)

    # Reacting

    def accept(self) -> None:
        problems = validate_opportunity(self.opportunity(), known_ids=set(self._data.opportunities))
        if not problems:
            self.ui.problemsLabel.hide()
            super().accept()
            return
        self.ui.problemsLabel.setText("\n".join(problems))
        self.ui.problemsLabel.show()
        field = self._field_for(problems[0])
        if field is not None:
            page = next(
                (
                    self.ui.tabs.widget(i)
                    for i in range(self.ui.tabs.count())
                    if self.ui.tabs.widget(i).isAncestorOf(field)
                ),
                None,
            )
            if page is not None:
                self.ui.tabs.setCurrentWidget(page)
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field_for(self, problem: str) -> QWidget | None:
        """The input a problem message is about, to put the cursor there."""
        ui = self.ui
        for start, widget in (
            ("Title", ui.titleEdit),
            ("Effort", ui.effortSpin),
            ("Benefit", ui.benefitSpin),
            ("Give both effort and benefit", ui.effortSpin if ui.effortSpin.value() < 0 else ui.benefitSpin),
            ("End date", ui.endDateEdit),
            ("Cashable saving", ui.cashableSavingSpin),
            ("One-off cost", ui.oneOffCostSpin),
            ("The lead organisation", ui.partnersList),
            ("An opportunity cannot depend", ui.dependenciesList),
            ("A dependency", ui.dependenciesList),
        ):
            if problem.startswith(start):
                return widget
        return None

    def _show_quadrant(self) -> None:
        quadrant = quadrant_for(
            _score(self.ui.effortSpin.value()), _score(self.ui.benefitSpin.value()), self._thresholds
        )
        self.ui.quadrantLabel.setText(f"<b>{html.escape(quadrant.value)}</b><br>{html.escape(quadrant.meaning)}")
        self.ui.quadrantLabel.setAccessibleDescription(f"{quadrant.value}. {quadrant.meaning}")

    def _filter_dependencies(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.ui.dependenciesList.count()):
            item = self.ui.dependenciesList.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def ok_button(self) -> QPushButton:
        """The OK button, for tests and for callers that relabel it."""
        return self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)


def _score(value: int) -> int | None:
    return None if value == NOT_ASSESSED else value


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _select(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value)
    if index < 0 and value is not None:  # e.g. a workstream deleted since: keep it, do not drop it silently
        combo.addItem(MISSING, value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def _add_checkable(widget: QListWidget, rows: Iterable[tuple[str, str]]) -> None:
    for text, record_id in rows:
        item = QListWidgetItem(text, widget)
        item.setData(ID_ROLE, record_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)


def _tick(widget: QListWidget, ids: Iterable[str]) -> None:
    wanted = list(ids)
    present = {widget.item(row).data(ID_ROLE) for row in range(widget.count())}
    _add_checkable(widget, ((MISSING, i) for i in wanted if i not in present))
    for row in range(widget.count()):
        item = widget.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in wanted else Qt.CheckState.Unchecked)


def _ticked(widget: QListWidget, before: list[str]) -> list[str]:
    """The ticked ids: those ticked before keep their order, new ticks follow in list order."""
    ticked = [
        widget.item(row).data(ID_ROLE)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]
    return [i for i in before if i in ticked] + [i for i in ticked if i not in before]
