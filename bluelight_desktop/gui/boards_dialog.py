"""Meetings > Boards and cadences: the boards, their members and when they meet; and the register's closure days.

The boards are listed on the left and the chosen board's details fill the right: name, remit, chairs (one, or
two jointly), members, the default time and place, the paper lead time in clear working days, whose bank
holidays apply, and the cadence (every month, quarterly or in chosen months, on the nth weekday) with a preview
of the next dates. Save writes the details and the members as one change (one Undo), through
core.governance.save_board: a new cadence replaces only planned meetings nobody has touched, never one already
held, and the dialog says how many before it does so. Plan meetings adds the cadence's meetings up to a chosen
date (governance.generate_meetings).

Modal prompts sit behind small methods (`_confirm`, `_ask_unsaved`) so tests can replace them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..core import governance
from ..core.cadence import (
    MONTH_NAMES,
    ORDINALS,
    QUARTERLY,
    WEEKDAY_NAMES,
    Cadence,
    CadenceError,
    cadence_dates,
    parse_cadence,
)
from ..core.edits import Edit
from ..core.formatting import format_date
from ..core.model import Board, BoardMember, ClosureDay, Meeting, Nation
from ..core.working_days import WorkingCalendar
from .reference_dialogs import list_references
from .session import RegisterSession

__all__ = ["BoardsDialog", "CadenceEditor", "ClosureDaysDialog", "qdate", "pydate"]

ID_ROLE = Qt.ItemDataRole.UserRole
ORGANISATION_ROLE = Qt.ItemDataRole.UserRole + 1
NEW_BOARD = "__new__"  # the list entry of a board not saved yet
DATE_FORMAT = "d MMM yyyy"
PREVIEW_COUNT = 4

# The house stylesheet borders spin boxes without placing their buttons (so their arrows vanish) and keeps
# disabled text as dark as enabled text; these rules put both right inside the dialogs of this module.
DIALOG_STYLE = """
QSpinBox { padding-right: 18px; }
QSpinBox::up-button { subcontrol-origin: border; subcontrol-position: top right; width: 18px; }
QSpinBox::down-button { subcontrol-origin: border; subcontrol-position: bottom right; width: 18px; }
QPushButton:disabled { color: #8a96a3; background: #f1f3f6; border-color: #cfd7e2; }
QLabel:disabled, QCheckBox:disabled, QComboBox:disabled, QSpinBox:disabled, QLineEdit:disabled { color: #8a96a3; }
"""

_INFO_STYLE = "background: #eaf1fa; border: 1px solid #c7d7ee; padding: 6px; border-radius: 3px;"

FREQUENCIES = (
    ("Every month", "monthly"),
    ("Quarterly (March, June, September, December)", "quarterly"),
    ("Chosen months", "chosen"),
    ("No regular cadence", "none"),
)
WEEKS = (1, 2, 3, 4, -1)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(accessible: str, day: date) -> QDateEdit:
    """A UK-style date field (21 Nov 2026) with a calendar to pick from."""
    edit = QDateEdit(qdate(day))
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setAccessibleName(accessible)
    return edit


def _problem_label(object_name: str = "problems") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName("Problems")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _note_label(object_name: str, accessible: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(text: str, object_name: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(object_name)
    button.setAccessibleName(accessible)
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button


_DATE = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\b")


def keep_dates_whole(text: str) -> str:
    """No line break inside a date (21 Nov 2026) when a label wraps."""
    return _DATE.sub("\\1\u00a0\\2\u00a0\\3", text)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# -------------------------------------------------------------------------------------------- cadence


class CadenceEditor(QWidget):
    """Frequency, months, week of the month and weekday: a monthly nth-weekday RRULE without typing one.

    `rule()` gives the rule the controls describe; a rule loaded with `set_rule` comes back unchanged until the
    user changes a control (so a rule this editor cannot show is never rewritten by opening and saving)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded_rule = ""
        self._touched = False
        self._loading = False

        self.frequency_combo = QComboBox()
        self.frequency_combo.setObjectName("frequencyCombo")
        self.frequency_combo.setAccessibleName("Frequency")
        for text, value in FREQUENCIES:
            self.frequency_combo.addItem(text, value)

        self.month_checks: list[QCheckBox] = []
        months = QGridLayout()
        months.setContentsMargins(0, 0, 0, 0)
        months.setHorizontalSpacing(10)
        for number, name in enumerate(MONTH_NAMES, start=1):
            check = QCheckBox(name[:3])
            check.setObjectName(f"month{number}Check")
            check.setAccessibleName(name)
            check.toggled.connect(self._user_changed)
            self.month_checks.append(check)
            months.addWidget(check, (number - 1) // 4, (number - 1) % 4)
        months_box = QWidget()
        months_box.setLayout(months)

        self.week_combo = QComboBox()
        self.week_combo.setObjectName("weekCombo")
        self.week_combo.setAccessibleName("Week of the month")
        for week in WEEKS:
            self.week_combo.addItem(ORDINALS[week].capitalize(), week)
        self.weekday_combo = QComboBox()
        self.weekday_combo.setObjectName("weekdayCombo")
        self.weekday_combo.setAccessibleName("Day of the week")
        for number, name in enumerate(WEEKDAY_NAMES[:5]):
            self.weekday_combo.addItem(name, number)

        self.description_label = _note_label("cadenceDescription", "Cadence")
        self.description_label.setStyleSheet("font-weight: 600;")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.months_label = QLabel("Month&s:")
        self.months_label.setBuddy(self.month_checks[0])
        self._row(form, "Fre&quency:", self.frequency_combo)
        form.addRow(self.months_label, months_box)
        day = QHBoxLayout()
        day.addWidget(self.week_combo)
        weekday_label = QLabel("Da&y:")
        weekday_label.setBuddy(self.weekday_combo)
        day.addSpacing(8)
        day.addWidget(weekday_label)
        day.addWidget(self.weekday_combo, 1)
        week_label = QLabel("Wee&k:")
        week_label.setBuddy(self.week_combo)
        form.addRow(week_label, day)
        form.addRow(self.description_label)

        self.frequency_combo.currentIndexChanged.connect(self._frequency_changed)
        self.week_combo.currentIndexChanged.connect(self._user_changed)
        self.weekday_combo.currentIndexChanged.connect(self._user_changed)
        self.set_rule("")

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    # ---- reading and writing

    def set_rule(self, rule: str) -> None:
        self._loading = True
        self._loaded_rule = rule
        self._touched = False
        try:
            cadence = parse_cadence(rule)
            note = ""
        except CadenceError as exc:
            cadence, note = None, str(exc)
        if cadence is None:
            self._set_frequency("none")
            self._set_months(())
        else:
            months = cadence.months
            self._set_frequency("monthly" if not months else "quarterly" if months == QUARTERLY else "chosen")
            self._set_months(months or tuple(range(1, 13)))
            self.week_combo.setCurrentIndex(self.week_combo.findData(cadence.week))
            if self.weekday_combo.findData(cadence.weekday) < 0:  # a weekend cadence, kept as it was
                self.weekday_combo.addItem(WEEKDAY_NAMES[cadence.weekday], cadence.weekday)
            self.weekday_combo.setCurrentIndex(self.weekday_combo.findData(cadence.weekday))
        self._loading = False
        self._update(note)

    def frequency(self) -> str:
        return str(self.frequency_combo.currentData())

    def cadence(self) -> Cadence | None:
        """The cadence the controls describe; None for no regular cadence (or no month ticked)."""
        frequency = self.frequency()
        if frequency == "none":
            return None
        months: tuple[int, ...] = ()
        if frequency == "quarterly":
            months = QUARTERLY
        elif frequency == "chosen":
            months = tuple(n for n, check in enumerate(self.month_checks, start=1) if check.isChecked())
            if not months:
                return None
        return Cadence(
            weekday=int(self.weekday_combo.currentData()), week=int(self.week_combo.currentData()), months=months
        )

    def rule(self) -> str:
        if not self._touched:
            return self._loaded_rule
        cadence = self.cadence()
        if cadence is None:
            return ""
        try:
            if parse_cadence(self._loaded_rule) == cadence:
                return self._loaded_rule  # the same cadence, spelt as it was stored
        except CadenceError:
            pass
        return cadence.rule

    def problems(self) -> list[str]:
        if self._touched and self.frequency() == "chosen" and self.cadence() is None:
            return ["Tick at least one month the board meets in, or choose another frequency."]
        return []

    # ---- reacting

    def _set_frequency(self, value: str) -> None:
        self.frequency_combo.setCurrentIndex(self.frequency_combo.findData(value))

    def _set_months(self, months: tuple[int, ...]) -> None:
        for number, check in enumerate(self.month_checks, start=1):
            check.setChecked(number in months)

    def _frequency_changed(self) -> None:
        if not self._loading:
            self._loading = True
            frequency = self.frequency()
            if frequency == "monthly":
                self._set_months(tuple(range(1, 13)))
            elif frequency == "quarterly":
                self._set_months(QUARTERLY)
            self._loading = False
        self._user_changed()

    def _user_changed(self) -> None:
        if self._loading:
            return
        self._touched = True
        self._update()

    def _update(self, note: str = "") -> None:
        frequency = self.frequency()
        regular = frequency != "none"
        for check in self.month_checks:
            check.setEnabled(frequency == "chosen")
        self.months_label.setEnabled(frequency == "chosen")
        self.week_combo.setEnabled(regular)
        self.weekday_combo.setEnabled(regular)
        cadence = self.cadence()
        if note and not self._touched:
            text = note
        elif cadence is not None:
            text = cadence.describe()
        elif regular:
            text = "Tick the months the board meets in."
        else:
            text = "No regular cadence: meetings are added one at a time."
        self.description_label.setText(text)
        if not self._loading:
            self.changed.emit()


# -------------------------------------------------------------------------------------------- members


class _OrganisationDelegate(QStyledItemDelegate):
    """The organisation column of the members table: a list of the register's organisations."""

    def __init__(
        self, choices: Callable[[], list[tuple[str, str]]], shown: Callable[[str], str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._choices = choices
        self._shown = shown

    def createEditor(  # noqa: N802 (Qt naming)
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Organisation")
        for text, organisation_id in self._choices():
            combo.addItem(text, organisation_id)
        combo.activated.connect(lambda _i: self._finish(combo))
        return combo

    def _finish(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(ORGANISATION_ROLE) or "")))

    def setModelData(  # noqa: N802 (Qt naming)
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        organisation_id = editor.currentData() or ""
        model.setData(index, organisation_id, ORGANISATION_ROLE)
        model.setData(index, self._shown(organisation_id), Qt.ItemDataRole.DisplayRole)


# --------------------------------------------------------------------------------------------- boards


class BoardsDialog(QDialog):
    """The boards of the register: details, members, cadence and planning their meetings."""

    def __init__(
        self, session: RegisterSession, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardsDialog")
        self.setWindowTitle("Boards and cadences")
        self.setAccessibleName("Boards and cadences")
        self.session = session
        self._today = today
        self._board_id: str | None = None  # the board shown (a new one's id before it is saved)
        self._new_board: Board | None = None  # a board being added, not yet saved
        self._loaded: tuple[Board, list[BoardMember]] | None = None  # the form as loaded, to tell changes
        self._base = Board("")  # the saved board shown
        self._loading = False
        self._saving = False
        self.closure_dialog: ClosureDaysDialog | None = None

        self._build()
        session.changed.connect(self._on_session_changed)
        session.failed.connect(self.show_problems)
        self._refresh_list()
        if self.board_list.count():
            self.board_list.setCurrentRow(0)
        else:
            self.new_board()
        self.board_list.setFocus()

    # ------------------------------------------------------------------------------------------ building

    def _build(self) -> None:
        # Left: the boards.
        boards_label = QLabel("&Boards:")
        self.board_list = QListWidget()
        self.board_list.setObjectName("boardList")
        self.board_list.setAccessibleName("Boards")
        boards_label.setBuddy(self.board_list)
        self.board_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.board_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.board_list.currentItemChanged.connect(self._board_chosen)
        self.new_button = _button("Ne&w board", "newBoardButton", "New board", self.new_board)
        self.delete_button = _button("&Delete board", "deleteBoardButton", "Delete board", self.delete_board)
        self.closure_button = _button("Clos&ure days…", "closureDaysButton", "Closure days", self.open_closure_days)
        self.closure_button.setToolTip("Days the services are closed besides weekends and bank holidays")
        left = QVBoxLayout()
        left.addWidget(boards_label)
        left.addWidget(self.board_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        left.addWidget(self.closure_button)

        # The board.
        self.name_edit = self._line("nameEdit", "Name", "for example Programme Board")
        self.short_name_edit = self._line("shortNameEdit", "Short name", "for example CPB")
        self.short_name_edit.setAccessibleDescription(
            f"Up to {governance.BOARD_SHORT_NAME_MAX} characters, used in meeting references and the calendar."
        )
        self.remit_edit = QPlainTextEdit()
        self.remit_edit.setObjectName("remitEdit")
        self.remit_edit.setAccessibleName("Remit")
        self.remit_edit.setTabChangesFocus(True)
        self.remit_edit.setPlaceholderText("What the board decides and oversees")
        self.remit_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 22)
        self.remit_edit.textChanged.connect(self._form_changed)
        self.first_chair_edit = self._line("firstChairEdit", "First chair", "name and role")
        self.second_chair_edit = self._line("secondChairEdit", "Second chair", "if jointly chaired")
        self.second_chair_edit.setAccessibleDescription("Optional: fill in when the board is jointly chaired.")
        board_form = self._form()
        self._row(board_form, "&Name:", self.name_edit)
        self._row(board_form, "S&hort name:", self.short_name_edit)
        self._row(board_form, "&Remit:", self.remit_edit)
        self._row(board_form, "&First chair:", self.first_chair_edit)
        self._row(board_form, "Se&cond chair:", self.second_chair_edit)
        board_group = QGroupBox("The board")
        board_group.setLayout(board_form)

        # Members.
        members_label = QLabel("&Members, their role and organisation:")
        self.members_table = QTableWidget(0, 3)
        self.members_table.setObjectName("membersTable")
        self.members_table.setAccessibleName("Members")
        self.members_table.setAccessibleDescription(
            "Type to change a name or role; on the organisation, press F2 to choose from the list."
        )
        members_label.setBuddy(self.members_table)
        self.members_table.setHorizontalHeaderLabels(["Name", "Role", "Organisation"])
        self.members_table.verticalHeader().hide()
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_table.setTabKeyNavigation(False)
        self.members_table.setAlternatingRowColors(True)
        self.members_table.setWordWrap(False)
        header = self.members_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.members_table.setItemDelegateForColumn(
            2, _OrganisationDelegate(self._organisation_choices, self._organisation_shown, self)
        )
        self.members_table.itemChanged.connect(self._form_changed)
        # Enter finishes a cell (or does nothing on the table); it never reaches the dialog's Save button.
        self.members_table.installEventFilter(self)
        self.members_table.itemSelectionChanged.connect(self._update_buttons)
        self.add_member_button = _button("Add m&ember", "addMemberButton", "Add member", self.add_member)
        self.remove_member_button = _button("Remo&ve member", "removeMemberButton", "Remove member", self.remove_member)
        members_buttons = QHBoxLayout()
        members_buttons.addWidget(self.add_member_button)
        members_buttons.addWidget(self.remove_member_button)
        members_buttons.addStretch(1)
        members_layout = QVBoxLayout()
        members_layout.addWidget(members_label)
        members_layout.addWidget(self.members_table, 1)
        members_layout.addLayout(members_buttons)
        members_group = QGroupBox("Members")
        members_group.setLayout(members_layout)

        # Meetings.
        self.time_edit = QTimeEdit()
        self.time_edit.setObjectName("timeEdit")
        self.time_edit.setAccessibleName("Default start time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.timeChanged.connect(self._form_changed)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName("minutesSpin")
        self.minutes_spin.setAccessibleName("Meeting length in minutes")
        self.minutes_spin.setRange(15, 600)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setSuffix(" minutes")
        self.minutes_spin.valueChanged.connect(self._form_changed)
        self.place_edit = self._line("placeEdit", "Default place", "for example Service Headquarters, Fulwood")
        self.lead_spin = QSpinBox()
        self.lead_spin.setObjectName("leadSpin")
        self.lead_spin.setAccessibleName("Paper lead time in clear working days")
        self.lead_spin.setRange(0, governance.PAPER_LEAD_DAYS_MAX)
        self.lead_spin.setSuffix(" clear working days")
        self.lead_spin.setAccessibleDescription(
            "Papers are published this many whole working days before the meeting; neither the day of "
            "publication nor the meeting day counts."
        )
        self.lead_spin.valueChanged.connect(self._form_changed)
        self.nation_combo = QComboBox()
        self.nation_combo.setObjectName("nationCombo")
        self.nation_combo.setAccessibleName("Bank holidays of")
        for nation in Nation:
            self.nation_combo.addItem(nation.label, nation.value)
        self.nation_combo.currentIndexChanged.connect(self._form_changed)
        meetings_form = self._form()
        self._row(meetings_form, "&Time:", self.time_edit)
        self._row(meetings_form, "Len&gth:", self.minutes_spin)
        self._row(meetings_form, "&Place:", self.place_edit)
        self._row(meetings_form, "Paper &lead time:", self.lead_spin)
        self._row(meetings_form, "Bank holidays &of:", self.nation_combo)
        meetings_group = QGroupBox("Meetings")
        meetings_group.setLayout(meetings_form)

        # Cadence.
        self.cadence_editor = CadenceEditor()
        self.cadence_editor.setObjectName("cadenceEditor")
        self.cadence_editor.changed.connect(self._form_changed)
        self.preview_label = _note_label("previewLabel", "Next meetings")
        cadence_layout = QVBoxLayout()
        cadence_layout.addWidget(self.cadence_editor)
        cadence_layout.addWidget(self.preview_label)
        cadence_group = QGroupBox("Cadence")
        cadence_group.setLayout(cadence_layout)

        # Planning.
        self.until_edit = date_edit("Plan meetings until", governance.horizon_end(self._today()))
        self.until_edit.setObjectName("untilEdit")
        self.plan_button = _button("Pl&an meetings", "planButton", "Plan meetings", self.plan_meetings)
        self.plan_result_label = _note_label("planResultLabel", "Planning result")
        self.plan_result_label.setStyleSheet(_INFO_STYLE)
        self.plan_result_label.hide()
        self.summary_label = _note_label("summaryLabel", "Meetings of this board")
        until_label = QLabel("Plan meetings unt&il:")
        until_label.setBuddy(self.until_edit)
        plan_row = QHBoxLayout()
        plan_row.addWidget(until_label)
        plan_row.addWidget(self.until_edit)
        plan_row.addWidget(self.plan_button)
        plan_row.addStretch(1)
        plan_layout = QVBoxLayout()
        plan_layout.addWidget(self.summary_label)
        plan_layout.addLayout(plan_row)
        plan_layout.addWidget(self.plan_result_label)
        plan_group = QGroupBox("Planned meetings")
        plan_group.setLayout(plan_layout)

        # Bottom.
        self.problems_label = _problem_label()
        self.read_only_label = QLabel("This register is open read-only, so its boards cannot be changed.")
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setVisible(self.session.read_only)
        self.save_button = _button("Save", "saveButton", "Save board", self.save)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the board's details and members (Ctrl+S)")
        self.close_button = _button("Close", "closeButton", "Close", self.reject)
        self.close_button.setToolTip("Close (Esc)")
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.read_only_label, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        first = QVBoxLayout()
        first.addWidget(board_group)
        first.addWidget(members_group, 1)
        second = QVBoxLayout()
        second.addWidget(meetings_group)
        second.addWidget(cadence_group)
        second.addWidget(plan_group)
        second.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(first, 6)
        columns.addLayout(second, 5)
        self.details = QWidget()
        self.details.setObjectName("boardDetails")
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(columns, 1)

        right = QVBoxLayout()
        right.addWidget(self.details, 1)
        right.addWidget(self.problems_label)
        right.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addSpacing(6)
        layout.addLayout(right, 1)
        self.setStyleSheet(DIALOG_STYLE)
        self.resize(1240, 760)

    def _line(self, object_name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(object_name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._form_changed)
        return edit

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return form

    @staticmethod
    def _row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    def _organisation_choices(self) -> list[tuple[str, str]]:
        organisations = sorted(self.session.data.organisations.values(), key=lambda o: o.name.casefold())
        return [("No organisation", "")] + [
            (f"{o.name} ({o.short_name})" if o.short_name else o.name, o.id) for o in organisations
        ]

    def _organisation_shown(self, organisation_id: str) -> str:
        """How the members table names an organisation: its short name (the full name is in the tooltip)."""
        organisation = self.session.data.organisations.get(organisation_id or "")
        return (organisation.short_name or organisation.name) if organisation else ""

    # ---------------------------------------------------------------------------------------- the list

    def _fit_list(self) -> None:
        """As wide as the longest board name (within reason), so names are not cut off."""
        metrics = self.board_list.fontMetrics()
        texts = [self.board_list.item(row).text() for row in range(self.board_list.count())]
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        average = metrics.averageCharWidth()
        self.board_list.setFixedWidth(max(average * 26, min(widest + 40, average * 46)))

    def _refresh_list(self) -> None:
        self.board_list.blockSignals(True)
        self.board_list.clear()
        boards = sorted(self.session.data.boards.values(), key=lambda b: (b.name.casefold(), b.id))
        for board in boards:
            text = f"{board.name} ({board.short_name})" if board.short_name else board.name
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, board.id)
            item.setToolTip(text)
            self.board_list.addItem(item)
        if self._new_board is not None:
            item = QListWidgetItem("New board (not saved)")
            item.setData(ID_ROLE, NEW_BOARD)
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            self.board_list.addItem(item)
        wanted = NEW_BOARD if self._new_board is not None else self._board_id
        for row in range(self.board_list.count()):
            if self.board_list.item(row).data(ID_ROLE) == wanted:
                self.board_list.setCurrentRow(row)
        self.board_list.blockSignals(False)
        self._fit_list()

    def board_ids(self) -> list[str]:
        """The ids in the list, in order (the new board's entry reads NEW_BOARD)."""
        return [self.board_list.item(row).data(ID_ROLE) for row in range(self.board_list.count())]

    def current_board_id(self) -> str | None:
        """The saved board shown, or None when a new board is being added."""
        return None if self._new_board is not None else self._board_id

    def select_board(self, board_id: str) -> bool:
        """Show a board, as if chosen in the list (asking about unsaved changes first)."""
        for row, known in enumerate(self.board_ids()):
            if known == board_id:
                self.board_list.setCurrentRow(row)
                return self._board_id == board_id
        return False

    def _board_chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        wanted = current.data(ID_ROLE)
        if not self._leave_current():
            self.board_list.blockSignals(True)
            self.board_list.setCurrentItem(previous)
            self.board_list.blockSignals(False)
            return
        if wanted == NEW_BOARD:
            return
        if self._new_board is not None:  # leaving a new board that was discarded
            self._new_board = None
            self._refresh_list()
        self._load(wanted)

    def _leave_current(self) -> bool:
        """True when the board shown can be left: unchanged, saved, or its changes discarded."""
        if self._loading or not self.is_dirty():
            return True
        answer = self._ask_unsaved(self.draft()[0].name.strip() or "the new board")
        if answer == "save":
            return self.save()
        if answer == "discard":
            if self._new_board is not None:
                self._new_board = None
            self._loaded = None
            return True
        return False

    # ---------------------------------------------------------------------------------------- the form

    def _load(self, board_id: str | None) -> None:
        """Fill the form from a saved board, or blank for the new board."""
        self._loading = True
        data = self.session.data
        if board_id is None or self._new_board is not None:
            board = self._new_board or Board("")
            members: list[BoardMember] = []
        else:
            board = data.boards[board_id]
            members = sorted(
                (m for m in data.board_members.values() if m.board_id == board_id),
                key=lambda m: (m.name.casefold(), m.id),
            )
        self._board_id = board.id
        self._base = board
        self.name_edit.setText(board.name)
        self.short_name_edit.setText(board.short_name)
        self.remit_edit.setPlainText(board.remit)
        chairs = board.chair_list
        self.first_chair_edit.setText(chairs[0] if chairs else "")
        self.second_chair_edit.setText("\n".join(chairs[1:]))
        time = QTime.fromString(board.default_time, "HH:mm")
        self.time_edit.setTime(time if time.isValid() else QTime(10, 0))
        self.minutes_spin.setValue(board.default_minutes)
        self.place_edit.setText(board.default_location)
        self.lead_spin.setValue(board.paper_lead_days)
        self.nation_combo.setCurrentIndex(self.nation_combo.findData(board.nation.value))
        for edit in (self.name_edit, self.short_name_edit, self.first_chair_edit, self.second_chair_edit):
            edit.setCursorPosition(0)
        self.place_edit.setCursorPosition(0)
        self.cadence_editor.set_rule(board.cadence)
        self.members_table.setRowCount(0)
        for member in members:
            self._append_member(member)
        self._loading = False
        self._loaded = self.draft()
        self.plan_result_label.hide()
        self.clear_problems()
        self._form_changed()

    def _append_member(self, member: BoardMember) -> int:
        row = self.members_table.rowCount()
        self.members_table.insertRow(row)
        name = QTableWidgetItem(member.name)
        name.setData(ID_ROLE, member.id)
        organisation = self.session.data.organisations.get(member.organisation_id or "")
        org_item = QTableWidgetItem(self._organisation_shown(member.organisation_id or ""))
        org_item.setData(ORGANISATION_ROLE, organisation.id if organisation else "")
        org_item.setToolTip(organisation.name if organisation else "")
        role = QTableWidgetItem(member.role)
        name.setToolTip(member.name)
        role.setToolTip(member.role)
        for column, item in enumerate((name, role, org_item)):
            self.members_table.setItem(row, column, item)
        return row

    def members(self) -> list[BoardMember]:
        """The members as the table stands."""
        board_id = self._board_id or ""
        result = []
        for row in range(self.members_table.rowCount()):
            name, role, org = (self.members_table.item(row, c) for c in range(3))
            result.append(
                BoardMember(
                    board_id=board_id,
                    name=name.text().strip() if name else "",
                    role=role.text().strip() if role else "",
                    organisation_id=(org.data(ORGANISATION_ROLE) or None) if org else None,
                    id=str(name.data(ID_ROLE)) if name else "",
                )
            )
        return result

    def draft(self) -> tuple[Board, list[BoardMember]]:
        """The board and members as the form stands (not necessarily valid)."""
        # The board as loaded carries what the form does not show (its id, when its cadence took effect).
        base = self._new_board or self._base
        chairs = [t.strip() for t in (self.first_chair_edit.text(), self.second_chair_edit.text()) if t.strip()]
        board = replace(
            base,
            name=self.name_edit.text().strip(),
            short_name=self.short_name_edit.text().strip(),
            remit=self.remit_edit.toPlainText().strip(),
            chairs="\n".join(chairs),
            default_time=self.time_edit.time().toString("HH:mm"),
            default_minutes=self.minutes_spin.value(),
            default_location=self.place_edit.text().strip(),
            paper_lead_days=self.lead_spin.value(),
            nation=Nation(self.nation_combo.currentData()),
            cadence=self.cadence_editor.rule(),
        )
        return board, self.members()

    def is_dirty(self) -> bool:
        if self._loaded is None:
            return False
        return self.draft() != self._loaded

    def problems(self) -> list[str]:
        board, members = self.draft()
        others = [b for b in self.session.data.boards.values() if b.id != board.id]
        return self.cadence_editor.problems() + governance.validate_board(board, members, others)

    def _form_changed(self) -> None:
        if self._loading:
            return
        self._update_preview()
        self._update_summary()
        self._update_buttons()

    def _calendar(self) -> WorkingCalendar:
        return WorkingCalendar(
            Nation(self.nation_combo.currentData()), (c.date for c in self.session.data.closure_days.values())
        )

    def _update_preview(self) -> None:
        cadence = self.cadence_editor.cadence()
        if cadence is None:
            self.preview_label.clear()
            self.preview_label.hide()
            return
        today = self._today()
        dates = cadence_dates(cadence.rule, today, governance.horizon_end(today, 24))
        calendar = self._calendar()
        shown = dates[:PREVIEW_COUNT]
        more = " …" if len(dates) > PREVIEW_COUNT else ""
        text = "Next meetings: " + ", ".join(format_date(day) for day in shown) + more
        closed = [f"{format_date(day)} is {why}" for day in shown if (why := calendar.why_closed(day))]
        if closed:
            text += "\nCheck the date: " + "; ".join(closed) + "."
        self.preview_label.setText(keep_dates_whole(text))
        self.preview_label.show()

    def _update_summary(self) -> None:
        if self._new_board is not None or self._board_id not in self.session.data.boards:
            self.summary_label.setText("Save the new board, then plan its meetings.")
            return
        today = self._today()
        meetings = governance.meetings_of(self.session.data, self._board_id)
        held = [m for m in meetings if m.date < today and not m.cancelled]
        coming = [m for m in meetings if m.date >= today and not m.cancelled]
        cancelled = [m for m in meetings if m.cancelled]
        if coming:
            span = f"{format_date(coming[0].date)} to {format_date(coming[-1].date)}"
            if len(coming) == 1:
                span = format_date(coming[0].date)
            text = f"{_plural(len(coming), 'meeting')} planned: {span}."
        else:
            text = "No meetings planned."
        if held:
            text += f" {_plural(len(held), 'meeting')} held."
        if cancelled:
            text += f" {len(cancelled)} cancelled."
        self.summary_label.setText(keep_dates_whole(text))

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        new = self._new_board is not None
        dirty = self.is_dirty()
        self.details.setEnabled(writable and self._board_id is not None)
        self.save_button.setEnabled(writable and (dirty or new))
        self.new_button.setEnabled(writable)
        self.delete_button.setEnabled(writable and self._board_id is not None)
        self.closure_button.setEnabled(writable)
        self.remove_member_button.setEnabled(writable and bool(self.members_table.selectionModel().selectedRows()))
        has_cadence = bool(self.draft()[0].cadence)
        self.plan_button.setEnabled(writable and not new and not dirty and has_cadence)
        if new or dirty:
            self.plan_button.setToolTip("Save the board's changes first, then plan its meetings.")
        elif not has_cadence:
            self.plan_button.setToolTip("This board has no regular cadence; add its meetings one at a time.")
        else:
            self.plan_button.setToolTip("Add the cadence's meetings up to the date chosen")
        self.setWindowTitle("Boards and cadences" + (" (unsaved changes)" if dirty else ""))

    # -------------------------------------------------------------------------------------- messages

    def show_problems(self, text: str) -> None:
        self.problems_label.setText(text)
        self.problems_label.setVisible(bool(text))

    def clear_problems(self) -> None:
        self.problems_label.clear()
        self.problems_label.hide()

    def _confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question; tests replace this."""
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_unsaved(self, name: str) -> str:
        """'save', 'discard' or 'cancel' for a board with unsaved changes; tests replace this."""
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {name}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
            answer, "cancel"
        )

    # --------------------------------------------------------------------------------------- actions

    def new_board(self) -> None:
        if self.session.read_only or not self._leave_current():
            return
        self._new_board = Board("")
        self._refresh_list()
        self._load(None)
        self.name_edit.setFocus()

    def delete_board(self) -> None:
        if self.session.read_only or self._board_id is None:
            return
        if self._new_board is not None:
            self._new_board = None
            self._loaded = None
            self._refresh_list()
            self._show_first()
            return
        try:
            edit = governance.delete_board(self.session.data, self._board_id)
        except governance.GovernanceError as exc:
            self.show_problems(str(exc))
            return
        board = self.session.data.boards[self._board_id]
        if not self._confirm("Delete board", f"Delete the {board.name}? You can undo this afterwards."):
            return
        self._saving = True
        try:
            applied = self.session.apply(edit)
        finally:
            self._saving = False
        if applied:
            self._board_id = None
            self._refresh_list()
            self._show_first()

    def _show_first(self) -> None:
        if self.board_list.count():
            self.board_list.setCurrentRow(0)
            self._load(self.board_list.item(0).data(ID_ROLE))
        else:
            self.new_board()

    def add_member(self) -> None:
        row = self._append_member(BoardMember(board_id=self._board_id or "", name=""))
        self._form_changed()
        self.members_table.setCurrentCell(row, 0)
        self.members_table.setFocus()
        self.members_table.editItem(self.members_table.item(row, 0))

    def remove_member(self) -> None:
        rows = self.members_table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        self.members_table.removeRow(row)
        if self.members_table.rowCount():
            self.members_table.selectRow(min(row, self.members_table.rowCount() - 1))
        self._form_changed()

    def set_member_organisation(self, row: int, organisation_id: str | None) -> None:
        """Set a member's organisation as the organisation list would."""
        organisation = self.session.data.organisations.get(organisation_id or "")
        item = self.members_table.item(row, 2)
        item.setData(ORGANISATION_ROLE, organisation.id if organisation else "")
        item.setText(self._organisation_shown(organisation_id or ""))

    def save(self) -> bool:
        """Save the board and its members as one change. False when refused, cancelled or not written."""
        if self.session.read_only or self._board_id is None:
            return False
        self.members_table.setCurrentItem(None)  # commit a cell being edited
        problems = self.problems()
        if problems:
            self.show_problems("\n".join(problems))
            return False
        board, members = self.draft()
        today = self._today()
        edit = governance.save_board(self.session.data, board, members, today)
        if not edit.changes:
            self._loaded = self.draft()
            self._update_buttons()
            return True
        removed, added = governance.planned_meeting_changes(edit)
        if (removed or added) and not self._confirm("Change the cadence", self._cadence_change_text(removed, added)):
            return False
        self._saving = True
        try:
            applied = self.session.apply(edit)
        finally:
            self._saving = False
        if not applied:
            return False
        self._new_board = None
        self._board_id = board.id
        self._refresh_list()
        self._load(board.id)
        if removed or added:
            self._show_plan_result(
                f"The new cadence applies from {format_date(today)}: {self._replaced_text(removed, added)}"
            )
        return True

    @staticmethod
    def _dates(meetings: list[Meeting]) -> str:
        return list_references([format_date(m.date) for m in meetings], shown=4)

    def _replaced_text(self, removed: list[Meeting], added: list[Meeting]) -> str:
        parts = []
        if removed:
            verb = "was" if len(removed) == 1 else "were"
            parts.append(f"{_plural(len(removed), 'planned meeting')} ({self._dates(removed)}) {verb} removed")
        if added:
            verb = "was" if len(added) == 1 else "were"
            parts.append(f"{_plural(len(added), 'meeting')} ({self._dates(added)}) {verb} planned")
        return " and ".join(parts) + "."

    def _cadence_change_text(self, removed: list[Meeting], added: list[Meeting]) -> str:
        today = format_date(self._today())
        lines = [f"The new cadence applies from today, {today}."]
        if removed:
            lines.append(
                f"{_plural(len(removed), 'planned meeting')} from the old cadence ({self._dates(removed)}) will be "
                + (
                    "replaced by " + _plural(len(added), "meeting") + f" on the new dates ({self._dates(added)})."
                    if added
                    else "removed."
                )
            )
        elif added:
            lines.append(f"{_plural(len(added), 'meeting')} will be planned ({self._dates(added)}).")
        lines.append("Meetings already held, moved, cancelled or with an agenda keep their dates.")
        return "\n\n".join(lines) + "\n\nChange the cadence?"

    def plan_meetings(self) -> None:
        board_id = self.current_board_id()
        if self.session.read_only or board_id is None or self.is_dirty():
            return
        data = self.session.data
        until = pydate(self.until_edit.date())
        today = self._today()
        board = data.boards[board_id]
        if not board.cadence:
            self._show_plan_result("This board has no regular cadence; add its meetings one at a time.")
            return
        if until < today:
            self.show_problems(f"{format_date(until)} is in the past. Plan meetings up to a later date.")
            return
        edit = governance.generate_meetings(data, board_id, until, today)
        _removed, added = governance.planned_meeting_changes(edit)
        if not added:
            self._show_plan_result(f"Nothing to add: every meeting up to {format_date(until)} is already planned.")
            return
        clashes = [(m, governance.meeting_clash(data, m)) for m in added]
        if not self.session.apply(edit):
            return
        if len(added) <= PREVIEW_COUNT:
            text = f"Added {_plural(len(added), 'meeting')}: {self._dates(added)}."
        else:
            text = f"Added {len(added)} meetings, from {format_date(added[0].date)} to {format_date(added[-1].date)}."
        named = [f"{format_date(m.date)} is {why}" for m, why in clashes if why]
        if named:
            text += " Check the date: " + "; ".join(named) + "."
        self._show_plan_result(text)

    def _show_plan_result(self, text: str) -> None:
        self.plan_result_label.setText(keep_dates_whole(text))
        self.plan_result_label.show()

    def open_closure_days(self) -> None:
        dialog = ClosureDaysDialog(self.session, self, today=self._today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "closure_dialog", None))
        self.closure_dialog = dialog
        dialog.open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.members_table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------------------------------- session

    def _on_session_changed(self) -> None:
        if self._saving:
            return
        dirty = self.is_dirty()  # against the form as loaded, before the change
        self._refresh_list()
        if self._new_board is not None:
            self._form_changed()
        elif self._board_id not in self.session.data.boards:
            self._board_id = None
            self._show_first()
        elif not dirty:
            self._load(self._board_id)
        else:
            self._form_changed()

    def done(self, result: int) -> None:
        if not self._leave_current():
            return
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        if not self._leave_current():
            event.ignore()
            return
        super().closeEvent(event)


# ----------------------------------------------------------------------------------------- closure days


class ClosureDaysDialog(QDialog):
    """The register's closure days: paper deadlines skip them, as they skip weekends and bank holidays."""

    def __init__(
        self, session: RegisterSession, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closureDaysDialog")
        self.setWindowTitle("Closure days")
        self.setAccessibleName("Closure days")
        self.session = session
        self._today = today

        intro = QLabel(
            "Days the services treat as closed besides weekends and bank holidays, such as a shared-services "
            "shutdown between Christmas and New Year. Paper deadlines skip them."
        )
        intro.setWordWrap(True)
        table_label = QLabel("&Closure days:")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("closureTable")
        self.table.setAccessibleName("Closure days")
        table_label.setBuddy(self.table)
        self.table.setHorizontalHeaderLabels(["Date", "Day", "Name"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.date_edit = date_edit("Date of the closure day", today())
        self.date_edit.setObjectName("closureDateEdit")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("closureNameEdit")
        self.name_edit.setAccessibleName("Name of the closure day")
        self.name_edit.setPlaceholderText("for example Shared services shutdown")
        self.add_button = _button("&Add", "addClosureButton", "Add closure day", self.add_closure_day)
        self.remove_button = _button("&Remove", "removeClosureButton", "Remove closure day", self.remove_selected)
        self.message_label = _note_label("closureMessage", "Message")
        self.message_label.hide()
        self.problems_label = _problem_label()
        close_button = _button("Close", "closeButton", "Close", self.reject)
        close_button.setToolTip("Close (Esc)")

        form = QFormLayout()
        date_label = QLabel("&Date:")
        date_label.setBuddy(self.date_edit)
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name_edit)
        form.addRow(date_label, self.date_edit)
        form.addRow(name_label, self.name_edit)
        add_row = QHBoxLayout()
        add_row.addLayout(form, 1)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        add_group = QGroupBox("Add a closure day")
        add_group.setLayout(add_row)

        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(add_group)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.setStyleSheet(DIALOG_STYLE)
        self.resize(580, 480)

        session.changed.connect(self.refresh)
        self.refresh()
        self.date_edit.setFocus()

    def closure_days(self) -> list[ClosureDay]:
        return sorted(self.session.data.closure_days.values(), key=lambda c: (c.date, c.id))

    def refresh(self) -> None:
        selected = self.selected_id()
        days = self.closure_days()
        self.table.setRowCount(len(days))
        for row, closure in enumerate(days):
            cells = (format_date(closure.date), f"{closure.date:%A}", closure.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, closure.id)
                self.table.setItem(row, column, item)
            if closure.id == selected:
                self.table.selectRow(row)
        self._update_buttons()

    def row_texts(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(3)] for r in range(self.table.rowCount())]

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(self.table.item(rows[0].row(), 0).data(ID_ROLE)) if rows else None

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and self.selected_id() is not None)

    def _deadlines(self) -> dict[str, date]:
        data, today = self.session.data, self._today()
        return {
            m.id: governance.paper_deadline(data, m)
            for m in governance.meetings_of(data, include_cancelled=False)
            if m.date >= today and m.board_id in data.boards
        }

    def _apply(self, edit: Edit, done: str) -> None:
        before = self._deadlines()
        if not self.session.apply(edit):
            return
        after = self._deadlines()
        moved = [m for m in before if m in after and after[m] != before[m]]
        data = self.session.data
        text = done
        if moved:
            meetings = sorted((data.meetings[m] for m in moved), key=lambda m: m.date)
            changes = [
                f"{governance.meeting_title(data, m)}: {format_date(after[m.id])} (was {format_date(before[m.id])})"
                for m in meetings[:3]
            ]
            more = f"; and {len(meetings) - 3} more" if len(meetings) > 3 else ""
            text += " Papers are now due: " + "; ".join(changes) + more + "."
        self.message_label.setText(text)
        self.message_label.show()

    def add_closure_day(self) -> None:
        self.problems_label.hide()
        day = pydate(self.date_edit.date())
        try:
            edit = governance.add_closure_day(self.session.data, day, self.name_edit.text())
        except governance.GovernanceError as exc:
            self.problems_label.setText(str(exc))
            self.problems_label.show()
            return
        self._apply(edit, f"Added {format_date(day)} as a closure day.")
        self.name_edit.clear()
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == format_date(day):
                self.table.selectRow(row)

    def remove_selected(self) -> None:
        closure_id = self.selected_id()
        if closure_id is None:
            return
        self.problems_label.hide()
        closure = self.session.data.closure_days[closure_id]
        row = self.table.currentRow()
        self._apply(
            governance.remove_closure_day(self.session.data, closure_id), f"Removed {format_date(closure.date)}."
        )
        if self.table.rowCount():
            self.table.selectRow(min(max(row, 0), self.table.rowCount() - 1))
        self.table.setFocus()
