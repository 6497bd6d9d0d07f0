"""Dialogs that manage the register's reference lists: organisations and workstreams.

Each list dialog shows the records in a table, sorted by name, with Add, Edit, Delete and Close. Add and Edit
open a small editor that validates with the domain rules and will not close until the record is valid. Every
change goes through `RegisterSession.apply`, so it is saved at once and can be undone; the table reloads
whenever the session changes (an undo from the main window shows up here too).

A record still named by an opportunity cannot be deleted; the dialog says which opportunities name it.

Modal prompts sit behind small methods (`_confirm`, `_pick_colour`) so tests can replace them, and the editors
are opened with `open()` (window-modal, not blocking) so tests can fill them in and press OK.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeyEvent,
    QPainter,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import edits
from ..core.edits import Edit, RecordChange
from ..core.model import Organisation, OrganisationKind, Workstream
from ..core.validation import validate_organisation, validate_workstream
from .checked_dialog import CheckedDialog, announce
from .session import RegisterSession

__all__ = [
    "OrganisationEditor",
    "OrganisationsDialog",
    "WorkstreamEditor",
    "WorkstreamsDialog",
    "list_references",
]

R = TypeVar("R", Organisation, Workstream)

ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_PROBLEM_STYLE = "color: #a4262c; font-weight: 600;"


def list_references(references: Sequence[str], shown: int = 2) -> str:
    """'LAN-001', 'LAN-001 and LAN-002', 'LAN-001, LAN-002 and LAN-003', 'LAN-001, LAN-002 and 3 more'."""
    refs = list(references)
    if len(refs) <= shown + 1:
        if len(refs) <= 1:
            return "".join(refs)
        return f"{', '.join(refs[:-1])} and {refs[-1]}"
    return f"{', '.join(refs[:shown])} and {len(refs) - shown} more"


def _message_label(object_name: str, accessible_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setStyleSheet(_PROBLEM_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _swatch(colour: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#5c5c5c"))
    if _HEX_COLOUR.match(colour):
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(0.5, 0.5, size - 1, size - 1, 3, 3)
    else:  # not a colour yet: an empty box with a diagonal, the usual "no colour" sign
        painter.setBrush(Qt.GlobalColor.white)
        painter.drawRoundedRect(0.5, 0.5, size - 1, size - 1, 3, 3)
        painter.setPen(QColor("#a4262c"))
        painter.drawLine(3, size - 3, size - 3, 3)
    painter.end()
    return QIcon(pixmap)


class _Item(QTableWidgetItem):
    """A read-only cell that sorts by a key (case-insensitive text, or a number) rather than Qt's
    case-sensitive text order."""

    def __init__(self, value: str | int, icon: QIcon | None = None) -> None:
        super().__init__()
        self.setData(Qt.ItemDataRole.DisplayRole, value)
        self.setData(SORT_ROLE, value.casefold() if isinstance(value, str) else value)
        if icon is not None:
            self.setIcon(icon)
        if isinstance(value, int):
            self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if type(mine) is type(theirs):
            return bool(mine < theirs)
        return super().__lt__(other)


# --------------------------------------------------------------------------------------------- editors


class _RecordEditor(CheckedDialog, Generic[R]):
    """A small form for one record. OK checks the record and stays open, listing the problems, until it is
    valid; `record()` then returns the edited copy (same id as the original, or a new one)."""

    noun = "record"

    def __init__(self, original: R | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = original
        self.setWindowTitle(f"Edit {self.noun}" if original is not None else f"Add {self.noun}")
        self.setAccessibleName(self.windowTitle())

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.problems_label = _message_label("problemsLabel", "Problems")

        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.button_box.setObjectName("buttonBox")
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("OK")
        self.ok_button.setAccessibleName(f"Save {self.noun}")
        self.ok_button.setDefault(True)
        self.cancel_button = self.button_box.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        layout.addWidget(self.button_box)

    def _line_edit(self, label: str, object_name: str, text: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(object_name)
        edit.setAccessibleName(label.replace("&", ""))
        if placeholder:
            edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.recheck)
        return edit

    def _add_row(self, label: str, field: QWidget, buddy: QWidget | None = None) -> None:
        caption = QLabel(label)
        caption.setBuddy(buddy or field)
        self.form.addRow(caption, field)

    def _fit(self) -> None:
        """Wide enough for the name placeholder and a two-line problem list without cramped wrapping."""
        metrics = self.fontMetrics()
        name_edit = self.findChild(QLineEdit, "nameEdit")
        if name_edit is not None:
            name_edit.setMinimumWidth(
                max(
                    metrics.horizontalAdvance(name_edit.placeholderText()) + 24,
                    metrics.averageCharWidth() * 36,
                )
            )
        self.setMinimumWidth(metrics.averageCharWidth() * 64)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()))

    # ---- to be provided by each editor

    def record(self) -> R:
        """The record as the form stands (not necessarily valid)."""
        raise NotImplementedError


class OrganisationEditor(_RecordEditor[Organisation]):
    """Name, short name, kind and area of one organisation."""

    noun = "organisation"

    def __init__(
        self,
        original: Organisation | None,
        other_short_names: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(original, parent)
        self.setObjectName("organisationEditor")
        self._other_short_names = set(other_short_names)
        org = original

        self.name_edit = self._line_edit(
            "&Name", "nameEdit", org.name if org else "", "for example Lancashire Fire and Rescue Service"
        )
        self.short_name_edit = self._line_edit(
            "&Short name", "shortNameEdit", org.short_name if org else "", "for example LFRS"
        )
        self.short_name_edit.setAccessibleDescription("Up to 12 characters, used on cards and in lists.")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.setAccessibleName("Kind")
        for kind in OrganisationKind:
            self.kind_combo.addItem(kind.label, kind.value)
        if org is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(org.kind.value))
        self.area_edit = self._line_edit("&Area", "areaEdit", org.area if org else "", "for example Lancashire")

        self._add_row("&Name:", self.name_edit)
        self._add_row("&Short name:", self.short_name_edit)
        self._add_row("&Kind:", self.kind_combo)
        self._add_row("A&rea:", self.area_edit)
        self._fit()

    def record(self) -> Organisation:
        org = copy.deepcopy(self._original) if self._original is not None else None
        kind = OrganisationKind(self.kind_combo.currentData())
        name, short, area = (e.text().strip() for e in (self.name_edit, self.short_name_edit, self.area_edit))
        if org is None:
            return Organisation(name=name, short_name=short, kind=kind, area=area)
        org.name, org.short_name, org.kind, org.area = name, short, kind, area
        return org

    def problems(self) -> list[str]:
        return validate_organisation(self.record(), self._other_short_names)


class WorkstreamEditor(_RecordEditor[Workstream]):
    """Name and colour of one workstream. The colour can be typed as hex or chosen from a colour dialog."""

    noun = "workstream"
    default_colour = Workstream.__dataclass_fields__["colour"].default

    def __init__(
        self,
        original: Workstream | None,
        other_names: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(original, parent)
        self.setObjectName("workstreamEditor")
        self._other_names = set(other_names)
        ws = original

        self.name_edit = self._line_edit("&Name", "nameEdit", ws.name if ws else "", "for example Training")
        self.colour_edit = self._line_edit(
            "Colour", "colourEdit", ws.colour if ws else str(self.default_colour), "#1f5aa6"
        )
        self.colour_edit.setAccessibleName("Colour as hex")
        self.colour_edit.setAccessibleDescription("A hash and six hex digits, for example #1f5aa6.")
        self.colour_edit.setMaxLength(7)
        self.colour_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("#MMMMMMM") + 16)
        self.colour_button = QPushButton("C&hoose…")
        self.colour_button.setObjectName("colourButton")
        self.colour_button.setAccessibleName("Choose colour")
        self.colour_button.setAutoDefault(False)
        self.colour_button.clicked.connect(self._choose_colour)
        self.colour_edit.textChanged.connect(self._update_swatch)

        colour_row = QWidget()
        row = QHBoxLayout(colour_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.colour_edit)
        row.addWidget(self.colour_button)
        row.addStretch(1)

        self._add_row("&Name:", self.name_edit)
        self._add_row("&Colour:", colour_row, buddy=self.colour_edit)
        self._update_swatch()
        self._fit()

    def _update_swatch(self) -> None:
        self.colour_button.setIcon(_swatch(self.colour_edit.text().strip()))

    def _pick_colour(self, current: str) -> str | None:
        """Ask for a colour; None if the user cancels. Tests replace this."""
        colour = QColorDialog.getColor(
            QColor(current) if _HEX_COLOUR.match(current) else QColor(), self, "Workstream colour"
        )
        return colour.name() if colour.isValid() else None

    def _choose_colour(self) -> None:
        chosen = self._pick_colour(self.colour_edit.text().strip())
        if chosen:
            self.colour_edit.setText(chosen)
            self.colour_edit.setFocus()

    def record(self) -> Workstream:
        name, colour = self.name_edit.text().strip(), self.colour_edit.text().strip()
        if self._original is None:
            return Workstream(name=name, colour=colour)
        ws = copy.deepcopy(self._original)
        ws.name, ws.colour = name, colour
        return ws

    def problems(self) -> list[str]:
        return validate_workstream(self.record(), self._other_names)


# --------------------------------------------------------------------------------------------- list dialogs


class _ReferenceDialog(QDialog, Generic[R]):
    """A table of records with Add, Edit, Delete and Close, kept in step with the session."""

    noun = "record"
    plural = "Records"
    headers: tuple[str, ...] = ()
    name_column = 0  # stretches, and the table is sorted by it until the user clicks another header
    intro = ""

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editor: _RecordEditor[R] | None = None
        self._stale = False
        self.setWindowTitle(self.plural)

        intro = QLabel(self.intro)
        intro.setObjectName("introLabel")
        intro.setWordWrap(True)

        table_label = QLabel(f"&{self.plural}:")
        self.table = QTableWidget(0, len(self.headers))
        self.table.setObjectName(f"{self.plural.lower()}Table")
        self.table.setAccessibleName(self.plural)
        self.table.setAccessibleDescription(
            f"Press Enter or double-click to edit the {self.noun}; press Delete to delete it."
        )
        table_label.setBuddy(self.table)
        self.table.setHorizontalHeaderLabels(list(self.headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(self.name_column, Qt.SortOrder.AscendingOrder)
        for column in range(len(self.headers)):
            fit = QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == self.name_column else fit)
        # Double-click edits (not `activated`, which some styles fire on a single click); Enter and Delete are
        # handled in eventFilter so Enter never reaches a dialog button.
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.installEventFilter(self)

        self.message_label = _message_label("messageLabel", "Message")

        self.add_button = self._button("&Add…", "addButton", f"Add {self.noun}", self.add_record)
        self.edit_button = self._button("&Edit…", "editButton", f"Edit {self.noun}", self.edit_selected)
        self.delete_button = self._button("&Delete", "deleteButton", f"Delete {self.noun}", self.delete_selected)
        self.close_button = self._button("C&lose", "closeButton", "Close", self.reject)
        self.read_only_label = QLabel("This register is open read-only, so it cannot be changed.")
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setVisible(session.read_only)

        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        left = QVBoxLayout()
        left.addWidget(intro)
        left.addSpacing(6)
        left.addWidget(table_label)
        left.addWidget(self.table, 1)
        left.addWidget(self.message_label)
        left.addWidget(self.read_only_label)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(buttons)

        session.changed.connect(self._on_session_changed)
        session.failed.connect(self._on_session_failed)
        self.refresh()
        if self.table.rowCount():
            self.table.selectRow(0)
        self.table.setFocus()

    def _button(self, text: str, object_name: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(object_name)
        button.setAccessibleName(accessible)
        # No default button: Enter in the table edits the selected row rather than pressing a button.
        button.setAutoDefault(False)
        button.setDefault(False)
        button.clicked.connect(slot)
        return button

    # ---- to be provided by each dialog

    def records(self) -> list[R]:
        raise NotImplementedError

    def cells(self, record: R) -> list[_Item]:
        raise NotImplementedError

    def label(self, record: R) -> str:
        """How the record is named in messages and undo descriptions (LFRS, Training)."""
        raise NotImplementedError

    def make_editor(self, record: R | None) -> _RecordEditor[R]:
        raise NotImplementedError

    def uses(self, record: R) -> list[str]:
        raise NotImplementedError

    def refusal(self, record: R, uses: list[str]) -> str:
        raise NotImplementedError

    # ---- table

    def refresh(self) -> None:
        """Reload the table from the session, keeping the selected record selected where it still exists."""
        self._stale = False
        selected = self.selected_id()
        self.table.setSortingEnabled(False)
        records = self.records()
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            for column, item in enumerate(self.cells(record)):
                item.setData(ID_ROLE, record.id)
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)  # sorts by the header's indicator: name, unless the user chose
        if selected is not None:
            self.select_id(selected)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else str(item.data(ID_ROLE))

    def selected_record(self) -> R | None:
        record_id = self.selected_id()
        return None if record_id is None else self._lookup(record_id)

    def select_id(self, record_id: str) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == record_id:
                self.table.selectRow(row)
                self.table.scrollToItem(item)
                return True
        return False

    def row_texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and checks)."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def _lookup(self, record_id: str) -> R | None:
        return next((r for r in self.records() if r.id == record_id), None)

    def _selection_changed(self) -> None:
        self.clear_message()  # a refusal speaks of the record it was about
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        has_selection = self.selected_id() is not None
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and has_selection)
        self.delete_button.setEnabled(writable and has_selection)

    def _on_session_changed(self) -> None:
        # A hidden dialog (closed, not yet deleted) does not reload on every change; it catches up when shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _on_session_failed(self, message: str) -> None:
        if self.isVisible():
            self.show_message(message)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt naming)
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.edit_selected()
                return True
            if key == Qt.Key.Key_Delete and not event.modifiers():
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)

    # ---- messages

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        announce(self.message_label, text)

    def clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

    def _confirm(self, text: str) -> bool:
        """Ask a yes/no question; tests replace this."""
        answer = QMessageBox.question(
            self,
            f"Delete {self.noun}",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ---- actions

    def add_record(self) -> None:
        if self.session.read_only:
            return
        self._open_editor(None)

    def edit_selected(self) -> None:
        record = self.selected_record()
        if record is None or self.session.read_only:
            return
        self._open_editor(record)

    def _open_editor(self, record: R | None) -> None:
        self.clear_message()
        editor = self.make_editor(record)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self._save(record, editor.record()))
        editor.finished.connect(lambda _result: self._forget_editor(editor))
        self.editor = editor
        editor.open()  # window-modal without blocking: the dialog stays responsive and testable

    def _forget_editor(self, editor: _RecordEditor[R]) -> None:
        if self.editor is editor:
            self.editor = None

    def _save(self, before: R | None, after: R) -> None:
        if before is None:
            edit = edits.create(after, f"Add {self.noun} {self.label(after)}")
        elif before == after:
            return  # nothing changed: no save and no empty step on the undo stack
        else:
            edit = edits.update(before, after, f"Edit {self.noun} {self.label(after)}")
        if self.session.apply(edit):
            self.select_id(after.id)
        self.table.setFocus()

    def delete_selected(self) -> None:
        record = self.selected_record()
        if record is None or self.session.read_only:
            return
        uses = self.uses(record)
        if uses:
            self.show_message(self.refusal(record, uses))
            return
        self.clear_message()
        if not self._confirm(self._confirm_text(record)):
            return
        row = self.table.currentRow()
        edit = Edit(
            f"Delete {self.noun} {self.label(record)}",
            [RecordChange(before=copy.deepcopy(record), after=None)],
        )
        if self.session.apply(edit) and self.table.rowCount():
            self.table.selectRow(min(row, self.table.rowCount() - 1))
        self.table.setFocus()

    def _confirm_text(self, record: R) -> str:
        return f"Delete the {self.noun} {self.label(record)}? You can undo this afterwards."


class OrganisationsDialog(_ReferenceDialog[Organisation]):
    """The organisations taking part in the programme."""

    noun = "organisation"
    plural = "Organisations"
    headers = ("Short name", "Name", "Kind", "Area", "Opportunities")
    name_column = 1
    intro = (
        "The services and bodies that lead or take part in opportunities. An organisation cannot be "
        "deleted while an opportunity names it."
    )

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("organisationsDialog")
        self.resize(900, 440)

    def records(self) -> list[Organisation]:
        return sorted(self.session.data.organisations.values(), key=lambda o: (o.name.casefold(), o.id))

    def cells(self, record: Organisation) -> list[_Item]:
        return [
            _Item(record.short_name),
            _Item(record.name),
            _Item(record.kind.label),
            _Item(record.area),
            _Item(len(self.uses(record))),
        ]

    def label(self, record: Organisation) -> str:
        return record.short_name or record.name

    def uses(self, record: Organisation) -> list[str]:
        return edits.organisation_uses(self.session.data, record.id)

    def make_editor(self, record: Organisation | None) -> OrganisationEditor:
        others = {o.short_name for o in self.session.data.organisations.values() if record is None or o.id != record.id}
        return OrganisationEditor(record, others, self)

    def refusal(self, record: Organisation, uses: list[str]) -> str:
        return (
            f"{self.label(record)} cannot be deleted: it leads or partners {list_references(uses)}. Change those first."
        )


class WorkstreamsDialog(_ReferenceDialog[Workstream]):
    """The workstreams that group the opportunities."""

    noun = "workstream"
    plural = "Workstreams"
    headers = ("Name", "Colour", "Opportunities")
    name_column = 0
    intro = (
        "Workstreams group the opportunities; each has a colour used on the board and in charts. "
        "A workstream cannot be deleted while it holds opportunities."
    )

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("workstreamsDialog")
        self.resize(660, 400)

    def records(self) -> list[Workstream]:
        return sorted(self.session.data.workstreams.values(), key=lambda w: (w.name.casefold(), w.id))

    def cells(self, record: Workstream) -> list[_Item]:
        return [
            _Item(record.name),
            _Item(record.colour, _swatch(record.colour)),
            _Item(len(self.uses(record))),
        ]

    def label(self, record: Workstream) -> str:
        return record.name

    def uses(self, record: Workstream) -> list[str]:
        return edits.workstream_uses(self.session.data, record.id)

    def make_editor(self, record: Workstream | None) -> WorkstreamEditor:
        others = {w.name for w in self.session.data.workstreams.values() if record is None or w.id != record.id}
        return WorkstreamEditor(record, others, self)

    def refusal(self, record: Workstream, uses: list[str]) -> str:
        return (
            f"{record.name} cannot be deleted: it holds {list_references(uses)}. "
            "Move those to another workstream first."
        )
