"""An opportunity's benefit profile: its benefit lines and costs by financial year, planned against actual, the
totals the board asks about (cashable savings, costs, net, how much has been realised), and Add/Edit/Remove.

Every change is saved at once as one undoable step (session.apply(save_line(...))), as the register's other list
editors do: the line's own form is the save point, so a line is never half-kept. The profile sits on the
opportunity's window, which is modal, so the main window's Undo cannot be reached from here: Undo (Ctrl+Z) on the
profile takes back its own changes, newest first, and the main window's Undo reaches them afterwards as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..core.benefits import BenefitError, Totals, format_amount, lines_of, remove_line, save_line, year_label
from ..core.formatting import format_pounds
from ..core.model import BenefitKind, BenefitLine, CostLine, Unit
from .benefits_dialog import BenefitLineDialog, CostLineDialog, describe_shares
from .meeting.widgets import MUTED, EditableTable, MessageBanner, button, button_row, cell, muted
from .session import RegisterSession

__all__ = ["BENEFIT_COLUMNS", "COST_COLUMNS", "BenefitProfile"]

BENEFIT_COLUMNS = ("Year", "Kind", "Planned", "Actual", "Realised", "Owner", "Evidence", "Shared")
COST_COLUMNS = ("Year", "Kind", "Planned", "Actual", "Owner", "Note", "Shared")
NOT_MEASURED = "Not yet"

PROFILE_STYLE = """
QLabel#sectionTitle { font-size: 11pt; font-weight: 700; color: #123a6b; }
QLabel#sectionHint { color: #5a6778; }
QFrame#benefitTotals { background: #ffffff; border: 1px solid #cfd7e2; border-radius: 3px; }
QFrame#benefitTotals QLabel { background: transparent; }
QLabel[figure="heading"] { font-weight: 600; color: #37475a; }
QLabel[figure="net"] { font-weight: 700; }
QLabel#meetingMessage { border-radius: 3px; padding: 6px 10px; }
QLabel#meetingMessage[kind="error"] { background: #fdecec; border: 1px solid #f2b8b5; color: #9b1c1c;
    font-weight: 600; }
QLabel#meetingMessage[kind="info"] { background: #e8f1fb; border: 1px solid #b6cde9; color: #123a6b; }
QTableWidget { background: #ffffff; alternate-background-color: #f4f7fb; gridline-color: #e3e8ef;
    selection-background-color: #1f5aa6; selection-color: #ffffff; border: 1px solid #cfd7e2; }
"""


def _percent(planned: int, actual: int | None) -> str:
    if actual is None or planned == 0:
        return ""
    return f"{round(100 * actual / planned)}%"


class BenefitProfile(QWidget):
    """The benefit profile of the opportunity `opportunity_id` in `session`, kept in step with it. `today` gives
    the default financial year of a new line."""

    def __init__(
        self,
        session: RegisterSession,
        opportunity_id: str,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("benefitProfile")
        self.setAccessibleName("Benefit profile")
        self.setStyleSheet(PROFILE_STYLE)
        self.session = session
        self.opportunity_id = opportunity_id
        self.today = today
        self.dialog: BenefitLineDialog | CostLineDialog | None = None  # the open line form, if any
        self._first_step = session.undo_stack.index()  # Undo here reaches back no further than this

        self.intro = QLabel(
            "Each line is saved when you press OK in its window, and stays saved whether or not you keep your "
            "other changes to this opportunity. Undo (Ctrl+Z) takes back the changes made here."
        )
        self.intro.setObjectName("sectionHint")
        self.intro.setWordWrap(True)
        self.partners_note = QLabel()
        self.partners_note.setObjectName("sectionHint")
        self.partners_note.setWordWrap(True)
        self.partners_note.hide()
        self.message = MessageBanner()

        # ---- totals
        self.totals_frame = QFrame()
        self.totals_frame.setObjectName("benefitTotals")
        self.totals_frame.setAccessibleName("Totals")
        grid = QGridLayout(self.totals_frame)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(3)
        for column, text in enumerate(("", "Planned", "Actual")):
            heading = QLabel(text)
            heading.setProperty("figure", "heading")
            if column:
                heading.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(heading, 0, column)
        self.figures: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (key, text) in enumerate(
            (("savings", "Cashable savings"), ("costs", "Costs"), ("net", "Net (savings less costs)")), start=1
        ):
            name = QLabel(text)
            planned, actual = QLabel(), QLabel()
            for label in (planned, actual):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key == "net":
                for label in (name, planned, actual):
                    label.setProperty("figure", "net")
            planned.setAccessibleName(f"{text}, planned")
            actual.setAccessibleName(f"{text}, actual")
            grid.addWidget(name, row, 0)
            grid.addWidget(planned, row, 1)
            grid.addWidget(actual, row, 2)
            self.figures[key] = (planned, actual)
        self.realised_label = QLabel()
        self.realised_label.setObjectName("realisedLabel")
        self.realised_label.setAccessibleName("Realised so far")
        self.realised_label.setWordWrap(True)
        self.realised_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.other_label = QLabel()
        self.other_label.setObjectName("otherBenefitsLabel")
        self.other_label.setAccessibleName("Other benefits in pounds")
        self.other_label.setWordWrap(True)
        self.other_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.other_label.setStyleSheet(f"color: {MUTED};")
        side = QVBoxLayout()
        side.setSpacing(4)
        side.addWidget(self.realised_label)
        side.addWidget(self.other_label)
        side.addStretch(1)
        grid.addLayout(side, 0, 3, 4, 1)
        grid.setColumnMinimumWidth(1, self.fontMetrics().horizontalAdvance("£10,000,000") + 8)
        grid.setColumnMinimumWidth(2, self.fontMetrics().horizontalAdvance("£10,000,000") + 8)
        grid.setColumnStretch(3, 1)

        # ---- the two tables
        self.benefits_table = EditableTable(
            list(BENEFIT_COLUMNS), "Benefits by year", "No benefits recorded yet. Add one with Add benefit…"
        )
        self.benefits_table.setObjectName("benefitsTable")
        self.benefits_table.setAccessibleDescription("Enter edits the selected line; Delete removes it.")
        self.benefits_table.set_widths(6, {0: 74, 1: 136, 2: 92, 3: 92, 4: 76, 5: 176, 7: 172})
        self.costs_table = EditableTable(list(COST_COLUMNS), "Costs by year", "No costs recorded yet.")
        self.costs_table.setObjectName("costsTable")
        self.costs_table.setAccessibleDescription("Enter edits the selected line; Delete removes it.")
        self.costs_table.set_widths(5, {0: 74, 1: 136, 2: 92, 3: 92, 4: 176, 6: 172})
        benefits_title = QLabel("Bene&fits by year")
        benefits_title.setObjectName("sectionTitle")
        benefits_title.setBuddy(self.benefits_table)
        costs_title = QLabel("Co&sts by year")
        costs_title.setObjectName("sectionTitle")
        costs_title.setBuddy(self.costs_table)
        for table in (self.benefits_table, self.costs_table):
            table.edit_requested.connect(self.edit_selected)
            table.remove_requested.connect(self.remove_selected)
            table.itemSelectionChanged.connect(lambda t=table: self._on_selection(t))

        # ---- commands
        self.add_benefit_button = button("&Add benefit…", "Add benefit", "Add a benefit line", "addBenefitButton")
        self.add_cost_button = button("Add &cost…", "Add cost", "Add a cost line", "addCostButton")
        self.edit_button = button("&Edit…", "Edit line", "Edit the selected line (Enter)", "editLineButton")
        self.remove_button = button("&Remove", "Remove line", "Remove the selected line (Delete)", "removeLineButton")
        self.undo_button = button("&Undo", "Undo", "Take back the last change made here (Ctrl+Z)", "undoButton")
        self.add_benefit_button.clicked.connect(self.add_benefit)
        self.add_cost_button.clicked.connect(self.add_cost)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.undo_button.clicked.connect(self.undo)
        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.redo_action.triggered.connect(self.redo)
        self.addActions([self.undo_action, self.redo_action])

        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.intro)
        layout.addWidget(self.partners_note)
        layout.addWidget(self.message)
        layout.addWidget(self.totals_frame)
        layout.addSpacing(4)
        layout.addWidget(benefits_title)
        layout.addWidget(self.benefits_table, 3)
        layout.addWidget(costs_title)
        layout.addWidget(self.costs_table, 2)
        layout.addLayout(
            button_row(
                self.add_benefit_button,
                self.add_cost_button,
                self.edit_button,
                self.remove_button,
                None,
                self.undo_button,
            )
        )

        session.changed.connect(self.refresh)
        session.failed.connect(self._on_failed)
        # The stack moves after the write it records (and after `changed`): follow it for Undo's state.
        session.undo_stack.indexChanged.connect(lambda _index: self._update_buttons())
        self.refresh()

    # ------------------------------------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Show the opportunity's lines as the register now holds them (after every write, undo and redo)."""
        data = self.session.data
        opportunity = data.opportunities.get(self.opportunity_id)
        chosen = self.selected_id()
        benefits, costs = lines_of(data, self.opportunity_id) if opportunity is not None else ([], [])
        self._fill_benefits(benefits)
        self._fill_costs(costs)
        self._show_totals(benefits, costs)
        if chosen is not None:
            self.select_line(chosen)
        self._update_buttons()

    def _fill_benefits(self, lines: list[BenefitLine]) -> None:
        data = self.session.data
        opportunity = data.opportunities.get(self.opportunity_id)
        table = self.benefits_table
        table.blockSignals(True)
        table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            shares = describe_shares(line.shares, opportunity, data) if opportunity else ""
            actual = format_amount_or(line.unit, line.actual)
            cells = [
                cell(year_label(line.year), line.id),
                cell(line.kind.label),
                cell(_amount(line.unit, line.planned), number=True),
                cell(actual, number=True, tip="" if line.actual is not None else "Not measured yet"),
                cell(_percent(line.planned, line.actual), number=True, tip="Actual as a percentage of planned"),
                cell(line.owner, tip=line.owner),
                cell(_one_line(line.evidence), tip=line.evidence),
                cell(shares, tip=shares),
            ]
            if line.actual is None:
                muted(cells[3])
            for column, item in enumerate(cells):
                table.setItem(row, column, item)
        table.blockSignals(False)

    def _fill_costs(self, lines: list[CostLine]) -> None:
        data = self.session.data
        opportunity = data.opportunities.get(self.opportunity_id)
        table = self.costs_table
        table.blockSignals(True)
        table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            shares = describe_shares(line.shares, opportunity, data) if opportunity else ""
            cells = [
                cell(year_label(line.year), line.id),
                cell(line.kind.label),
                cell(format_pounds(line.planned), number=True),
                cell(format_amount_or(Unit.POUNDS, line.actual), number=True),
                cell(line.owner, tip=line.owner),
                cell(_one_line(line.note), tip=line.note),
                cell(shares, tip=shares),
            ]
            if line.actual is None:
                muted(cells[3])
            for column, item in enumerate(cells):
                table.setItem(row, column, item)
        table.blockSignals(False)

    def _show_totals(self, benefits: list[BenefitLine], costs: list[CostLine]) -> None:
        savings, spent = Totals(), Totals()
        others: dict[BenefitKind, Totals] = {}
        measured_years: list[int] = []
        for line in benefits:
            if line.unit is not Unit.POUNDS:
                continue
            if line.kind is BenefitKind.CASHABLE_SAVING:
                savings.add(line.planned, line.actual)
                if line.actual is not None:
                    measured_years.append(line.year)
            else:
                others.setdefault(line.kind, Totals()).add(line.planned, line.actual)
        for cost in costs:
            spent.add(cost.planned, cost.actual)
        rows: dict[str, tuple[int, int | None]] = {
            "savings": (savings.planned, savings.actual if savings.measured or savings.actual else None),
            "costs": (spent.planned, spent.actual if spent.measured or spent.actual else None),
        }
        net_actual = None
        if rows["savings"][1] is not None or rows["costs"][1] is not None:
            net_actual = (rows["savings"][1] or 0) - (rows["costs"][1] or 0)
        rows["net"] = (savings.planned - spent.planned, net_actual)
        for key, (planned, actual) in rows.items():
            planned_label, actual_label = self.figures[key]
            planned_label.setText(format_pounds(planned))
            actual_label.setText(format_pounds(actual) if actual is not None else NOT_MEASURED)

        if savings.measured:
            first, last = min(measured_years), max(measured_years)
            years = year_label(first) if first == last else f"{year_label(first)} to {year_label(last)}"
            self.realised_label.setText(
                f"Realised so far: {format_pounds(savings.actual)} of cashable savings against "
                f"{format_pounds(savings.measured)} planned for {years} "
                f"({round(100 * savings.actual / savings.measured)}%)."
            )
        elif savings.planned:
            self.realised_label.setText("No cashable saving has been measured yet.")
        else:
            self.realised_label.setText("No cashable saving is planned.")
        parts = []
        for kind, totals in others.items():
            text = f"{kind.label} {format_pounds(totals.planned)} planned"
            if totals.measured:
                text += f", {format_pounds(totals.actual)} actual"
            parts.append(text)
        self.other_label.setText(f"Also in pounds: {'; '.join(parts)}." if parts else "")
        self.other_label.setVisible(bool(parts))

    def set_partners_note(self, text: str) -> None:
        """A note above the profile, e.g. that partners changed on another tab are not saved yet."""
        self.partners_note.setText(text)
        self.partners_note.setVisible(bool(text))

    # ------------------------------------------------------------------------------------------ selection

    def _on_selection(self, table: EditableTable) -> None:
        # One line is chosen at a time, in either table: choosing in one clears the other.
        other = self.costs_table if table is self.benefits_table else self.benefits_table
        if table.selected_id() is not None and other.selected_id() is not None:
            other.blockSignals(True)
            other.clearSelection()
            other.setCurrentItem(None)
            other.blockSignals(False)
        self._update_buttons()

    def selected_id(self) -> str | None:
        return self.benefits_table.selected_id() or self.costs_table.selected_id()

    def selected_line(self) -> BenefitLine | CostLine | None:
        line_id = self.selected_id() or ""
        data = self.session.data
        found = data.benefit_lines.get(line_id) or data.cost_lines.get(line_id)
        return found if found is not None and found.opportunity_id == self.opportunity_id else None

    def select_line(self, line_id: str) -> bool:
        for table, other in ((self.benefits_table, self.costs_table), (self.costs_table, self.benefits_table)):
            if table.row_of(line_id) >= 0:
                other.clearSelection()
                table.select_id(line_id)
                return True
        return False

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        present = self.opportunity_id in self.session.data.opportunities
        chosen = self.selected_line() is not None
        self.add_benefit_button.setEnabled(writable and present)
        self.add_cost_button.setEnabled(writable and present)
        self.edit_button.setEnabled(writable and chosen)
        self.remove_button.setEnabled(writable and chosen)
        stack = self.session.undo_stack
        can_undo = writable and stack.index() > self._first_step
        self.undo_button.setEnabled(can_undo)
        self.undo_button.setToolTip(
            f"Undo: {stack.undoText()} (Ctrl+Z)" if can_undo else "Nothing changed here to undo (Ctrl+Z)"
        )
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(writable and self._first_step <= stack.index() < stack.count())

    # ------------------------------------------------------------------------------------------ commands

    def add_benefit(self) -> None:
        opportunity = self.session.data.opportunities.get(self.opportunity_id)
        if opportunity is None or self.session.read_only:
            return
        self._open(BenefitLineDialog(self.session.data, opportunity, None, self.today, self))

    def add_cost(self) -> None:
        opportunity = self.session.data.opportunities.get(self.opportunity_id)
        if opportunity is None or self.session.read_only:
            return
        self._open(CostLineDialog(self.session.data, opportunity, None, self.today, self))

    def edit_selected(self) -> None:
        line = self.selected_line()
        opportunity = self.session.data.opportunities.get(self.opportunity_id)
        if line is None or opportunity is None or self.session.read_only:
            return
        if isinstance(line, BenefitLine):
            self._open(BenefitLineDialog(self.session.data, opportunity, line, self.today, self))
        else:
            self._open(CostLineDialog(self.session.data, opportunity, line, self.today, self))

    def _open(self, dialog: BenefitLineDialog | CostLineDialog) -> None:
        """Open a line's form window-modally without blocking (so tests fill it in); OK saves it."""
        self.message.clear_text()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save(dialog))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _save(self, dialog: BenefitLineDialog | CostLineDialog) -> None:
        line = dialog.line()
        if dialog.original is not None and line == dialog.original:
            return  # nothing changed: no write and no empty step to undo
        try:
            edit = save_line(self.session.data, line)
        except BenefitError as exc:  # the register changed under the form (an undo elsewhere)
            self.message.show_text(str(exc))
            return
        if self.session.apply(edit):
            self.select_line(line.id)
            (self.benefits_table if isinstance(line, BenefitLine) else self.costs_table).setFocus()

    def remove_selected(self) -> None:
        line = self.selected_line()
        if line is None or self.session.read_only:
            return
        what = describe_line(line)
        if not self.confirm(
            f"Remove {'benefit' if isinstance(line, BenefitLine) else 'cost'}",
            f"Remove the {what}?\n\nUndo (Ctrl+Z) puts it back.",
            "Remove",
        ):
            return
        table = self.benefits_table if isinstance(line, BenefitLine) else self.costs_table
        row = table.currentRow()
        if self.session.apply(remove_line(self.session.data, line.id)):
            self.message.show_text(f"Removed the {what}. Undo (Ctrl+Z) puts it back.", "info")
            if table.rowCount():
                table.selectRow(min(row, table.rowCount() - 1))
            table.setFocus()

    def undo(self) -> None:
        stack = self.session.undo_stack
        if self.session.read_only or stack.index() <= self._first_step:
            return
        text = stack.undoText()
        stack.undo()
        self.message.show_text(f"Undone: {text[:1].lower()}{text[1:]}.", "info")

    def redo(self) -> None:
        stack = self.session.undo_stack
        if self.session.read_only or not (self._first_step <= stack.index() < stack.count()):
            return
        text = stack.redoText()
        stack.redo()
        self.message.show_text(f"Redone: {text[:1].lower()}{text[1:]}.", "info")

    def confirm(self, title: str, text: str, accept: str) -> bool:
        """Ask before removing a line: True to go ahead. Cancel is the default. Tests replace this."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        go = box.addButton(accept, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is go

    def _on_failed(self, message: str) -> None:
        if self.isVisible():
            self.message.show_text(message)

    # ------------------------------------------------------------------------------------------ for tests

    def row_texts(self, table: EditableTable) -> list[list[str]]:
        return [
            [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]


def describe_line(line: BenefitLine | CostLine) -> str:
    """'cashable saving of £35,000 planned for 2026/27', 'one-off cost of £12,000 for 2024/25'."""
    if isinstance(line, BenefitLine):
        return f"{line.kind.value} of {_amount(line.unit, line.planned)} planned for {year_label(line.year)}"
    return f"{line.kind.value} cost of {format_pounds(line.planned)} for {year_label(line.year)}"


def _amount(unit: Unit, hundredths: int) -> str:
    return format_amount(unit, hundredths)


def format_amount_or(unit: Unit, hundredths: int | None) -> str:
    """An actual figure, or "Not yet" while it has not been measured."""
    return NOT_MEASURED if hundredths is None else _amount(unit, hundredths)


def _one_line(text: str) -> str:
    return " ".join(text.split())
