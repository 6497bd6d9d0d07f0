"""The forms for one line of an opportunity's benefits register: a benefit (kind, unit, financial year, planned and
actual, evidence, owner) or a cost (one-off or recurring, in pounds, with a note), each shared between the
opportunity's lead and partners.

The rules are core.benefits': parse_year, parse_amount and parse_share read what people type, and
check_benefit_line / check_cost_line say what is wrong in plain words. OK stays enabled and lists the problems
(CheckedDialog) until there are none; `line()` then gives the line to save with save_line. Shares equal to the
equal split are saved as no shares at all ({}), which means "equal", so they follow any later change of partners.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.benefits import (
    WHOLE,
    BenefitError,
    check_benefit_line,
    check_cost_line,
    equal_shares,
    format_amount,
    format_share,
    parse_amount,
    parse_share,
    parse_year,
    partners_of,
    year_label,
    year_of,
)
from ..core.model import BenefitKind, BenefitLine, CostKind, CostLine, Opportunity, RegisterData, Unit
from .checked_dialog import CheckedDialog

__all__ = ["BenefitLineDialog", "CostLineDialog", "SharesEditor", "amount_text", "describe_shares"]

WARNING_STYLE = "color: #7a4b00; background: #fff4d6; border: 1px solid #e7c665; border-radius: 3px; padding: 3px 8px;"
TOTAL_STYLE = "color: #1d5434; background: #e6f3ea; border: 1px solid #a9d3b6; border-radius: 3px; padding: 3px 8px;"
HINT_STYLE = "color: #5a6778;"

_PLACEHOLDERS = {
    Unit.POUNDS: "£, such as 35,000 or 35k",
    Unit.HOURS: "hours, such as 138",
    Unit.COUNT: "a number, such as 355",
    Unit.PERCENT: "a percentage, such as 4",
}


def amount_text(unit: Unit, hundredths: int | None) -> str:
    """An amount as the form shows it for editing: as people read it, but keeping any pence, so an untouched
    figure reads back exactly."""
    if hundredths is None:
        return ""
    if unit is Unit.POUNDS and hundredths % 100:
        return f"£{Decimal(hundredths) / 100:,.2f}"
    return format_amount(unit, hundredths)


def describe_shares(shares: Mapping[str, int], opportunity: Opportunity, data: RegisterData) -> str:
    """How a line is shared, for a table cell: "Equal" or "LFRS 40%, NWAS 60%" (lead and partners first)."""
    if not shares:
        return "Equal"
    order = {org: n for n, org in enumerate(partners_of(opportunity))}
    parts = []
    for org, share in sorted(shares.items(), key=lambda item: (order.get(item[0], len(order)), item[0])):
        organisation = data.organisations.get(org)
        name = (organisation.short_name or organisation.name) if organisation else "a former partner"
        parts.append(f"{name} {format_share(share)}")
    return ", ".join(parts)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


# ------------------------------------------------------------------------------------------------ shares


class SharesEditor(QWidget):
    """Each sharing organisation's percentage, a running total and an Equal shares button.

    The organisations are the opportunity's lead and partners, then any other organisation the line already
    gives a share to (a former partner), so nothing recorded is hidden. Emits `changed` as the user types."""

    changed = Signal()

    def __init__(
        self, data: RegisterData, opportunity: Opportunity, shares: Mapping[str, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sharesEditor")
        self.setAccessibleName("Shares per partner organisation")
        self._data = data
        self._lead_id = opportunity.lead_organisation_id
        self.partner_ids = partners_of(opportunity)
        extra = [org for org, share in shares.items() if org not in self.partner_ids]
        self.organisation_ids = [*self.partner_ids, *extra]
        start = dict(shares) if shares else equal_shares(self.partner_ids)

        frame = QFrame()
        frame.setObjectName("sharesFrame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(frame)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        heading_org = QLabel("Organisation")
        heading_share = QLabel("Share")
        for heading in (heading_org, heading_share):
            heading.setStyleSheet("font-weight: 600;")
        grid.addWidget(heading_org, 0, 0)
        grid.addWidget(heading_share, 0, 1, 1, 2)
        self.edits: dict[str, QLineEdit] = {}
        self.name_labels: dict[str, QLabel] = {}
        width = self.fontMetrics().horizontalAdvance("100.00") + 24
        for row, org in enumerate(self.organisation_ids, start=1):
            name = self.organisation_name(org)
            edit = QLineEdit(_share_text(start.get(org, 0)))
            edit.setObjectName(f"share_{row}")
            edit.setAccessibleName(f"Share of {name}")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setFixedWidth(width)
            edit.setToolTip("A percentage, such as 40 or 33.33")
            edit.textChanged.connect(self._on_edited)
            label = _label(self._row_text(org), edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(QLabel("%"), row, 2)
            self.edits[org] = edit
            self.name_labels[org] = label
        grid.setColumnStretch(0, 1)
        if not self.organisation_ids:
            none = QLabel("This opportunity has no lead or partner organisations yet, so there is nothing to share.")
            none.setWordWrap(True)
            none.setStyleSheet(HINT_STYLE)
            grid.addWidget(none, 1, 0, 1, 3)

        self.total_label = QLabel()
        self.total_label.setObjectName("sharesTotal")
        self.total_label.setAccessibleName("Total of the shares")
        self.total_label.setWordWrap(True)
        self.equal_button = QPushButton("E&qual shares")
        self.equal_button.setObjectName("equalSharesButton")
        self.equal_button.setAccessibleName("Equal shares")
        self.equal_button.setToolTip("Share the line equally between the lead and the partners")
        self.equal_button.setAutoDefault(False)
        self.equal_button.setEnabled(bool(self.partner_ids))
        self.equal_button.clicked.connect(self.set_equal)
        under = QHBoxLayout()
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(self.total_label, 1)
        under.addWidget(self.equal_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(frame)
        layout.addLayout(under)
        self._show_total()

    def organisation_name(self, org: str) -> str:
        organisation = self._data.organisations.get(org)
        if organisation is None:
            return "An organisation no longer in the register"
        return organisation.short_name or organisation.name

    def _row_text(self, org: str) -> str:
        organisation = self._data.organisations.get(org)
        if organisation is None:
            return "An organisation no longer in the register"
        text = f"{organisation.name} ({organisation.short_name})" if organisation.short_name else organisation.name
        if org == self._lead_id:
            text += ", lead"
        elif org not in self.partner_ids:
            text += ", no longer a partner"
        return text.replace("&", "&&")

    def first_edit(self) -> QWidget:
        return next(iter(self.edits.values()), self.equal_button)

    # ---- reading

    def problems(self) -> list[str]:
        """What cannot be read as a percentage, in plain words."""
        problems = []
        for org, edit in self.edits.items():
            try:
                parse_share(edit.text())
            except BenefitError as exc:
                problems.append(f"{self.organisation_name(org)}: {exc}")
        return problems

    def typed(self) -> dict[str, int] | None:
        """Every share as typed, in hundredths of a percent; None while one cannot be read."""
        try:
            return {org: parse_share(edit.text()) for org, edit in self.edits.items()}
        except BenefitError:
            return None

    def shares(self) -> dict[str, int]:
        """The shares to record: {} (equal) when they are the equal split, or there is no one to share with;
        otherwise each organisation's share, leaving out a former partner given nothing."""
        typed = self.typed()
        if typed is None or not typed:
            return {}
        if typed == equal_shares(self.partner_ids):
            return {}
        return {org: share for org, share in typed.items() if share or org in self.partner_ids}

    # ---- changing

    def set_equal(self) -> None:
        equal = equal_shares(self.partner_ids)
        for org, edit in self.edits.items():
            edit.setText(_share_text(equal.get(org, 0)))

    def set_share(self, org: str, text: str) -> None:
        self.edits[org].setText(text)

    def _on_edited(self) -> None:
        self._show_total()
        self.changed.emit()

    def _show_total(self) -> None:
        typed = self.typed()
        if not self.edits:
            text, style = "Nothing to share.", HINT_STYLE
        elif typed is None:
            text, style = "A share cannot be read: give each as a percentage, such as 40.", WARNING_STYLE
        else:
            total = sum(typed.values())
            if total != WHOLE:
                text = f"Total {format_share(total)}: the shares must add up to 100%."
                style = WARNING_STYLE
            elif typed == equal_shares(self.partner_ids):
                text, style = "Total 100%: equal shares, which follow any change of partners.", TOTAL_STYLE
            else:
                text, style = "Total 100%", TOTAL_STYLE
        self.total_label.setText(text)
        self.total_label.setStyleSheet(style)


def _day(today: Callable[[], date] | date) -> date:
    return today() if callable(today) else today


def _share_text(hundredths: int) -> str:
    return format_share(hundredths).removesuffix("%")


# ------------------------------------------------------------------------------------------------ the forms


class _LineDialog(CheckedDialog):
    """What a benefit and a cost have in common: the year, planned and actual, a note, an owner and the shares.
    Subclasses add their kind (and, for a benefit, the unit) at the top of the form."""

    noun = "line"
    note_label = "&Note:"
    note_name = "Note"
    note_placeholder = ""

    def __init__(
        self,
        data: RegisterData,
        opportunity: Opportunity,
        shares: Mapping[str, int],
        year: int,
        owner: str,
        note: str,
        editing: bool,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.data = data
        self.opportunity = opportunity
        verb = "Edit" if editing else "Add"
        self.setWindowTitle(f"{verb} {self.noun} of {opportunity.reference}")
        self.setAccessibleName(self.windowTitle())

        self.heading = QLabel(f"{opportunity.reference} {opportunity.title}".replace("&", "&&"))
        self.heading.setObjectName("lineHeading")
        self.heading.setStyleSheet("font-weight: 600; color: #123a6b;")
        self.heading.setWordWrap(True)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.year_combo = QComboBox()
        self.year_combo.setObjectName("yearCombo")
        self.year_combo.setEditable(True)
        self.year_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.year_combo.setAccessibleName("Financial year")
        self.year_combo.setToolTip("April to March, as 2026/27; type another year if it is not listed")
        for listed in range(min(year, self._this_year()) - 4, max(year, self._this_year()) + 7):
            self.year_combo.addItem(year_label(listed), listed)
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))
        self.year_combo.setMinimumContentsLength(8)
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.year_combo.editTextChanged.connect(self.recheck)

        self.planned_edit = self._amount_edit("plannedEdit", "Planned")
        self.actual_edit = self._amount_edit("actualEdit", "Actual")
        self.actual_edit.setToolTip("Leave blank until the benefit has been measured")
        self.note_edit = QPlainTextEdit(note)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setAccessibleName(self.note_name)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.note_placeholder)
        self.note_edit.setFixedHeight(self.note_edit.fontMetrics().lineSpacing() * 3 + 26)
        self.owner_edit = QLineEdit(owner)
        self.owner_edit.setObjectName("ownerEdit")
        self.owner_edit.setAccessibleName("Owner")
        self.owner_edit.setPlaceholderText("Who answers for this figure")
        owners = {b.owner for b in data.benefit_lines.values()} | {c.owner for c in data.cost_lines.values()}
        owners |= {o.lead_officer for o in data.opportunities.values()}
        completer = QCompleter(sorted((o for o in owners if o.strip()), key=str.casefold), self.owner_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner_edit.setCompleter(completer)

        self.shares_editor = SharesEditor(data, opportunity, shares)
        self.shares_editor.changed.connect(self.recheck)
        shares_title = _label("Sha&res:", self.shares_editor.first_edit())
        shares_title.setObjectName("sharesTitle")
        shares_title.setStyleSheet("font-weight: 600;")
        shares_hint = QLabel("Each organisation's part of this line. Equal shares follow any change of partners.")
        shares_hint.setStyleSheet(HINT_STYLE)
        shares_hint.setWordWrap(True)

        self.problems_label = QLabel()
        self.problems_label.setObjectName("problems")
        self.problems_label.setAccessibleName("Problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems_label.hide()

        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("OK")
        self.ok_button.setAccessibleName(f"Save the {self.noun}")
        self.ok_button.setDefault(True)
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        self.layout_ = QVBoxLayout(self)
        self.layout_.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows when problems show
        self.layout_.addWidget(self.heading)
        self.layout_.addSpacing(4)
        self.layout_.addLayout(self.form)
        self.layout_.addSpacing(8)
        self.layout_.addWidget(shares_title)
        self.layout_.addWidget(shares_hint)
        self.layout_.addWidget(self.shares_editor)
        self.layout_.addWidget(self.problems_label)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.button_box)

    def _this_year(self) -> int:
        return year_of(self.today)

    def _amount_edit(self, object_name: str, accessible_name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
        edit.setAccessibleName(accessible_name)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("a percentage, such as 4") + 40)
        edit.textChanged.connect(self.recheck)
        return edit

    def _show_problems(self, problems: list[str]) -> None:
        super()._show_problems(problems)
        # Grow to make room for the list rather than squeezing the fields (a top-level window does not grow for
        # a word-wrapped label by itself).
        self.layout_.activate()
        wanted = self.layout_.totalHeightForWidth(self.width()) if self.layout_.hasHeightForWidth() else 0
        self.resize(self.width(), max(self.height(), wanted, self.sizeHint().height()))

    def _add_rows(self, rows: list[tuple[str, QWidget]]) -> None:
        for text, field in rows:
            self.form.addRow(_label(text, field), field)

    def _fit(self) -> None:
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    # ---- reading the form

    def unit(self) -> Unit:
        return Unit.POUNDS

    def year(self) -> int:
        """The financial year typed or chosen (raises BenefitError)."""
        return parse_year(self.year_combo.currentText())

    def _figures(self) -> tuple[int | None, int | None, int | None, list[str]]:
        """Year, planned and actual as far as they can be read, and what cannot be."""
        problems: list[str] = []
        year = planned = actual = None
        try:
            year = self.year()
        except BenefitError as exc:
            problems.append(str(exc))
        try:
            planned = parse_amount(self.unit(), self.planned_edit.text())
            if planned is None:
                problems.append("Give the planned figure: 0 if none was planned.")
        except BenefitError as exc:
            problems.append(f"Planned: {exc}")
        try:
            actual = parse_amount(self.unit(), self.actual_edit.text())
        except BenefitError as exc:
            problems.append(f"Actual: {exc}")
        problems.extend(self.shares_editor.problems())
        return year, planned, actual, problems


class BenefitLineDialog(_LineDialog):
    """Add a benefit to `opportunity` (line None: a new one in the current financial year) or correct `line`."""

    noun = "benefit"
    note_label = "&Evidence:"
    note_name = "Evidence"
    note_placeholder = "Where the figures come from: a ledger, a report, a survey"

    def __init__(
        self,
        data: RegisterData,
        opportunity: Opportunity,
        line: BenefitLine | None = None,
        today: Callable[[], date] | date = date.today,
        parent: QWidget | None = None,
    ) -> None:
        day = _day(today)
        start = line or BenefitLine(opportunity.id, BenefitKind.CASHABLE_SAVING, year_of(day))
        super().__init__(
            data, opportunity, start.shares, start.year, start.owner, start.evidence, line is not None, day, parent
        )
        self.original = copy.deepcopy(line)
        self.setObjectName("benefitLineDialog")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.setAccessibleName("Kind of benefit")
        for kind in BenefitKind:
            self.kind_combo.addItem(kind.label, kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(start.kind))
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setAccessibleName("Unit")
        self.unit_combo.setToolTip("Set to the kind's usual unit when the kind changes")
        for unit in Unit:
            self.unit_combo.addItem(unit.label, unit)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(start.unit))
        self.planned_edit.setText(amount_text(start.unit, start.planned) if line is not None else "")
        self.actual_edit.setText(amount_text(start.unit, start.actual))
        self._show_placeholders()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_chosen)
        self._add_rows(
            [
                ("&Kind:", self.kind_combo),
                ("&Unit:", self.unit_combo),
                ("Financial &year:", self.year_combo),
                ("&Planned:", self.planned_edit),
                ("&Actual:", self.actual_edit),
                (self.note_label, self.note_edit),
                ("&Owner:", self.owner_edit),
            ]
        )
        self._fit()
        self.kind_combo.setFocus()

    def kind(self) -> BenefitKind:
        return BenefitKind(self.kind_combo.currentData())

    def unit(self) -> Unit:
        return Unit(self.unit_combo.currentData())

    def _on_kind_chosen(self) -> None:
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(self.kind().usual_unit))
        self.recheck()

    def _on_unit_chosen(self) -> None:
        self._show_placeholders()
        self.recheck()

    def _show_placeholders(self) -> None:
        self.planned_edit.setPlaceholderText(_PLACEHOLDERS[self.unit()])
        self.actual_edit.setPlaceholderText("blank until measured")

    def line(self) -> BenefitLine:
        """The line as the form stands (same id as the one corrected, or a new one). Call when problems() is
        empty; a figure that cannot be read is taken as nought."""
        year, planned, actual, _ = self._figures()
        base = self.original or BenefitLine(self.opportunity.id, self.kind(), self._this_year())
        return replace(
            base,
            kind=self.kind(),
            unit=self.unit(),
            year=year if year is not None else base.year,
            planned=planned or 0,
            actual=actual,
            evidence=self.note_edit.toPlainText().strip(),
            owner=self.owner_edit.text().strip(),
            shares=self.shares_editor.shares(),
        )

    def problems(self) -> list[str]:
        *_, problems = self._figures()
        return problems + [p for p in check_benefit_line(self.line(), self.data) if p not in problems]


class CostLineDialog(_LineDialog):
    """Add a cost to `opportunity` (line None: a new one-off cost in the current financial year) or correct it.
    Costs are always in pounds."""

    noun = "cost"
    note_label = "&Note:"
    note_name = "Note"
    note_placeholder = "What the cost is for"

    def __init__(
        self,
        data: RegisterData,
        opportunity: Opportunity,
        line: CostLine | None = None,
        today: Callable[[], date] | date = date.today,
        parent: QWidget | None = None,
    ) -> None:
        day = _day(today)
        start = line or CostLine(opportunity.id, CostKind.ONE_OFF, year_of(day))
        super().__init__(
            data, opportunity, start.shares, start.year, start.owner, start.note, line is not None, day, parent
        )
        self.original = copy.deepcopy(line)
        self.setObjectName("costLineDialog")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.setAccessibleName("Kind of cost")
        for kind in CostKind:
            self.kind_combo.addItem(kind.label, kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(start.kind))
        self.kind_combo.setToolTip("One-off: paid once. Recurring: paid every year (give a line for each year).")
        self.planned_edit.setText(amount_text(Unit.POUNDS, start.planned) if line is not None else "")
        self.actual_edit.setText(amount_text(Unit.POUNDS, start.actual))
        self.planned_edit.setPlaceholderText(_PLACEHOLDERS[Unit.POUNDS])
        self.actual_edit.setPlaceholderText("blank until known")
        self.actual_edit.setToolTip("Leave blank until the cost is known")
        self._add_rows(
            [
                ("&Kind:", self.kind_combo),
                ("Financial &year:", self.year_combo),
                ("&Planned:", self.planned_edit),
                ("&Actual:", self.actual_edit),
                (self.note_label, self.note_edit),
                ("&Owner:", self.owner_edit),
            ]
        )
        self._fit()
        self.kind_combo.setFocus()

    def kind(self) -> CostKind:
        return CostKind(self.kind_combo.currentData())

    def line(self) -> CostLine:
        """The line as the form stands (same id as the one corrected, or a new one)."""
        year, planned, actual, _ = self._figures()
        base = self.original or CostLine(self.opportunity.id, self.kind(), self._this_year())
        return replace(
            base,
            kind=self.kind(),
            year=year if year is not None else base.year,
            planned=planned or 0,
            actual=actual,
            note=self.note_edit.toPlainText().strip(),
            owner=self.owner_edit.text().strip(),
            shares=self.shares_editor.shares(),
        )

    def problems(self) -> list[str]:
        *_, problems = self._figures()
        return problems + [p for p in check_cost_line(self.line(), self.data) if p not in problems]
