"""Merge…: fold a partner's register into the open one, after a preview of everything it would do.

`MergeDialog(session, incoming_path, parent)` reads both registers on a worker thread (`storage.merge.plan_merge`,
each register through its own connection) and shows what the merge would do, before anything is written: tabs
for New, Changed, Deleted and Conflicts, each with its count. Every conflict is one row with both values in words
(dates UK style, money in pounds, stages by name) and a Mine / Theirs choice; "Use mine for all" and "Use theirs
for all" settle the rest. Merge is enabled once every conflict is settled; it runs `apply_merge` on a worker
thread (a backup, then one transaction), with a progress bar and Cancel, and the session reloads. The result says
what was merged and where the backup is; the report can be saved as a text file.

A merge cannot be undone with Undo (the session's undo stack is cleared, since its steps were recorded against
the register as it was): the backup taken first is the way back.

An encrypted file asks for its passphrase first (`ask_passphrase`, which tests replace). The dialog holds no
rules: core.merge decides what is new, changed, deleted or in conflict, and how values read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..core.formatting import format_date
from ..core.merge import (
    Conflict,
    ConflictKey,
    MergeError,
    MergePlan,
    MergeReport,
    Side,
    base_words,
    change_line,
    entity_line,
    field_label,
    side_words,
)
from ..files import write_atomically
from ..storage.export import export_details, receive, received_banner
from ..storage.merge import MergeCancelled, apply_merge, exchange_partners, plan_merge, register_id
from ..storage.register import Register, RegisterError
from ..storage.sealed import is_sealed
from .session import RegisterSession
from .worker import CallWorker

RESULT_STYLE = "background: #e8f4ec; border: 1px solid #9ccfaa; padding: 6px; border-radius: 3px;"


_running: set[CallWorker] = set()  # workers still running, whatever became of their dialogs


def _release(worker: CallWorker) -> None:
    if worker in _running:
        _running.discard(worker)
        worker.deleteLater()


@dataclass(frozen=True)
class Preview:
    """What the plan worker found: the plan and the words around it."""

    plan: MergePlan
    partner_name: str
    register_name: str
    banner: str  # who exported the file and when
    last_merged: str  # "" for a first merge from this partner


def _preview(mine_path: Path, incoming_path: Path, passphrase: str | None) -> Preview:
    incoming = receive(incoming_path, passphrase).open()
    try:
        with Register(mine_path, read_only=True) as mine:
            plan = plan_merge(mine, incoming)
            partner_id = register_id(incoming)
            last = next((p.last_merged_at for p in exchange_partners(mine) if p.register_id == partner_id), "")
            return Preview(
                plan=plan,
                partner_name=incoming.settings().name,
                register_name=mine.settings().name,
                banner=received_banner(incoming) if export_details(incoming) is not None else "",
                last_merged=last,
            )
    finally:
        incoming.close()


class Choice(QWidget):
    """One side of a conflict: a radio button and the value in words beside it, wrapped; clicking the words
    chooses too."""

    def __init__(self, side: Side, words: str, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.radio = QRadioButton(side.label, self)
        self.radio.setAccessibleName(name)
        self.radio.setAccessibleDescription(words)
        self.words = QLabel(words, self)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setWordWrap(True)
        self.words.setToolTip(words)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.words, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.radio.click()
            self.radio.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class ConflictRow:
    """One conflict's controls: the field with the last value both registers knew, and Mine / Theirs."""

    def __init__(self, plan: MergePlan, conflict: Conflict, parent: QWidget) -> None:
        self.conflict = conflict
        field = field_label(conflict.entity, conflict.field)
        was = base_words(plan, conflict)
        self.field_label = QLabel(field[:1].upper() + field[1:])
        self.field_label.setWordWrap(True)
        self.field_label.setAccessibleName(f"{field}, was {was}" if was else field)
        self.was_label = QLabel(f"was {was}" if was else "")
        self.was_label.setObjectName("conflictWas")  # secondary text, greyed further when disabled
        self.was_label.setWordWrap(True)
        self.was_label.setVisible(bool(was))
        if was:
            self.field_label.setToolTip(f"Both registers had {was} when they last exchanged.")
            self.was_label.setToolTip(self.field_label.toolTip())
        self.cell = QWidget(parent)
        cell = QVBoxLayout(self.cell)
        cell.setContentsMargins(0, 3, 0, 0)  # level with the radio buttons' text
        cell.setSpacing(0)
        cell.addWidget(self.field_label)
        cell.addWidget(self.was_label)
        self.group = QButtonGroup(parent)
        self.group.setExclusive(True)
        self.choices: dict[Side, Choice] = {}
        for side, verb in ((Side.MINE, "Keep mine"), (Side.THEIRS, "Take theirs")):
            choice = Choice(side, side_words(plan, conflict, side), f"{verb} for {conflict.label}", parent)
            self.group.addButton(choice.radio)
            self.choices[side] = choice

    @property
    def buttons(self) -> dict[Side, QRadioButton]:
        return {side: choice.radio for side, choice in self.choices.items()}

    def choice(self) -> Side | None:
        for side, choice in self.choices.items():
            if choice.radio.isChecked():
                return side
        return None

    def choose(self, side: Side) -> None:
        self.choices[side].radio.setChecked(True)


class MergeDialog(QDialog):
    """`MergeDialog(session, incoming_path, parent)`: preview a partner's register against the session's, settle
    the conflicts, and merge."""

    planned = Signal()  # the preview is ready (or could not be made: see `problem`)
    merged = Signal(object)  # MergeReport, once written and the session reloaded

    def __init__(self, session: RegisterSession, incoming_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.incoming_path = Path(incoming_path)
        self.preview: Preview | None = None
        self.report: MergeReport | None = None
        self.problem = ""
        self.rows: list[ConflictRow] = []
        self.worker: CallWorker | None = None
        self._passphrase: str | None = None
        self._close_when_stopped = False
        self.setWindowTitle(f"Merge {self.incoming_path.name}")
        self.setMinimumSize(820, 560)

        self.intro = QLabel(f"Reading {self.incoming_path.name} and this register…")
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About the merge")
        self.intro.setTextFormat(Qt.TextFormat.PlainText)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("What the merge would do")
        self.new_list = self._tree(["Record", "Note"], "New records")
        self.changed_list = self._tree(["Record and field", "Now", "After the merge"], "Changed records")
        self.deleted_list = self._tree(["Record"], "Deleted records")
        self.conflicts_page = QWidget()
        self.conflicts_page.setAccessibleName("Conflicts")
        self._build_conflicts_page()
        self.tabs.addTab(self.new_list, "&New")
        self.tabs.addTab(self.changed_list, "C&hanged")
        self.tabs.addTab(self.deleted_list, "&Deleted")
        self.tabs.addTab(self.conflicts_page, "&Conflicts")
        self.tabs.setEnabled(False)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.result = QLabel()
        self.result.setAccessibleName("Result")
        self.result.setWordWrap(True)
        self.result.setStyleSheet(RESULT_STYLE)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Merge progress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setAccessibleName("Merge status")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setAccessibleName("Merge")
        self.merge_button.setEnabled(False)
        self.save_report_button = QPushButton("&Save report…")
        self.save_report_button.setAccessibleName("Save the merge report")
        self.save_report_button.setAutoDefault(False)
        self.save_report_button.hide()
        self.save_report_button.clicked.connect(self.save_report)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.save_report_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_report_button.hide()  # adding it to the box showed it; it is for after the merge
        self.buttons.accepted.connect(self.start_merge)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.result)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.merge_button.setDefault(True)
        self.start()

    # ---- building

    def _tree(self, headers: list[str], name: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        tree.setAccessibleName(name)
        tree.setRootIsDecorated(len(headers) == 3)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setUniformRowHeights(True)
        header = tree.header()
        header.setStretchLastSection(True)
        if len(headers) > 1:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        return tree

    def _build_conflicts_page(self) -> None:
        self.conflicts_intro = QLabel()
        self.conflicts_intro.setWordWrap(True)
        self.conflicts_intro.setAccessibleName("About the conflicts")
        self.all_mine_button = QPushButton("Use m&ine for all")
        self.all_mine_button.setAccessibleName("Use mine for all conflicts")
        self.all_mine_button.setAutoDefault(False)
        self.all_mine_button.clicked.connect(lambda: self.choose_all(Side.MINE))
        self.all_theirs_button = QPushButton("Use &theirs for all")
        self.all_theirs_button.setAccessibleName("Use theirs for all conflicts")
        self.all_theirs_button.setAutoDefault(False)
        self.all_theirs_button.clicked.connect(lambda: self.choose_all(Side.THEIRS))
        row = QHBoxLayout()
        row.addWidget(self.conflicts_intro, 1)
        row.addWidget(self.all_mine_button)
        row.addWidget(self.all_theirs_button)
        self.conflict_area = QScrollArea()
        self.conflict_area.setWidgetResizable(True)
        self.conflict_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflict_area.setAccessibleName("Conflicts to settle")
        self.conflict_grid_host = QWidget()
        self.conflict_grid_host.setObjectName("conflictGrid")
        self.conflict_grid_host.setStyleSheet(
            "QWidget#conflictGrid { background: #ffffff; } QLabel#conflictWas { color: #5b6876; } "
            "QLabel#conflictWas:disabled { color: #8a96a3; }"
        )
        self.conflict_grid = QGridLayout(self.conflict_grid_host)
        self.conflict_grid.setColumnStretch(0, 2)
        self.conflict_grid.setColumnStretch(1, 3)
        self.conflict_grid.setColumnStretch(2, 3)
        self.conflict_grid.setVerticalSpacing(8)
        self.conflict_grid.setHorizontalSpacing(14)
        self.conflict_area.setWidget(self.conflict_grid_host)
        page = QVBoxLayout(self.conflicts_page)
        page.addLayout(row)
        page.addWidget(self.conflict_area, 1)

    # ---- planning

    def ask_passphrase(self) -> str | None:
        """The passphrase of an encrypted incoming file, or None when the person gives none. Tests replace it."""
        from .export_dialog import PassphraseDialog

        dialog = PassphraseDialog(self.incoming_path, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            if dialog.register is not None:
                dialog.register.close()  # checked; each worker opens its own copy on its own thread
            return dialog.passphrase()
        finally:
            dialog.deleteLater()

    def start(self) -> None:
        """Ask for a passphrase if the file needs one, then read both registers on a worker thread."""
        if is_sealed(self.incoming_path):
            self._passphrase = self.ask_passphrase()
            if self._passphrase is None:
                self._show_failure("Nothing was merged: the file is encrypted and no passphrase was given.")
                return
        mine, incoming, passphrase = Path(self.session.register.path), self.incoming_path, self._passphrase
        self.status.setText("Reading both registers…")
        self._run(lambda _progress, _cancelled: _preview(mine, incoming, passphrase), self._planned)

    def _run(self, call: Callable[..., Any], done: Callable[[Any], None]) -> None:
        # No parent: a dialog deleted while its worker runs (the app quitting) must not take the running thread
        # with it, which would abort the process. The worker is kept alive here until it has finished.
        worker = CallWorker(call, None, cancelled_by=(MergeCancelled,), plain=(RegisterError, MergeError))
        _running.add(worker)
        worker.succeeded.connect(done)
        worker.failed.connect(self._failed)
        worker.was_cancelled.connect(self._cancelled)
        worker.progressed.connect(self._progressed)
        worker.finished.connect(self._worker_finished)
        # Released on the UI thread after the dialog's own slot: a lambda alone runs on the worker's thread, and
        # its deleteLater could land before _worker_finished ("CallWorker already deleted", seen under load).
        worker.finished.connect(lambda: _release(worker), Qt.ConnectionType.QueuedConnection)
        self.worker = worker
        self.progress.show()
        worker.start()

    def _planned(self, preview: Preview) -> None:
        self.preview = preview
        plan = preview.plan
        self.setWindowTitle(f"Merge {preview.partner_name}")
        self.intro.setText(self._intro_text(preview))
        # A wrapped label set after the dialog is shown keeps its old height unless told: give it room for all
        # its lines, so the first line is never cut off.
        self.intro.setMinimumHeight(self.intro.heightForWidth(max(self.intro.width(), 600)))
        self._fill_new(plan)
        self._fill_changed(plan)
        self._fill_deleted(plan)
        self._fill_conflicts(plan)
        counts = plan.counts()
        for index, (text, key) in enumerate(
            (("&New", "new"), ("C&hanged", "changed"), ("&Deleted", "deleted"), ("&Conflicts", "conflicts"))
        ):
            self.tabs.setTabText(index, f"{text} ({counts[key]:,})")
        self.tabs.setEnabled(True)
        first = 3 if plan.conflicts else next((i for i, k in enumerate(counts) if counts[k]), 0)
        self.tabs.setCurrentIndex(first)
        if self.session.read_only:
            self._show_problem("This register is open read-only, so nothing can be merged into it.")
        self._update_state()
        self.planned.emit()

    def _intro_text(self, preview: Preview) -> str:
        plan = preview.plan
        lines = [f"Merge {preview.partner_name} ({self.incoming_path.name}) into {preview.register_name}."]
        if preview.banner:
            lines[0] += f" {preview.banner}."
        if preview.last_merged:
            lines.append(
                f"Last merged from this partner on {_date_words(preview.last_merged)}: changes are compared with what "
                "you received then, so a change made on one side only is simply taken."
            )
        else:
            lines.append(
                "This is the first merge from this partner, so any record that differs between the two is a "
                "conflict for you to settle: nothing is overwritten unseen."
            )
        if plan.is_empty:
            lines.append(
                "The two registers hold the same records. Merging records this exchange, so the next merge from "
                "this partner compares with it."
            )
        lines.append("Nothing is written until you choose Merge, and a backup is taken first.")
        return "\n".join(lines)

    def _fill_new(self, plan: MergePlan) -> None:
        renumbered = {r.record_id: r for r in plan.renumbered}
        for record in plan.new:
            numbered = renumbered.get(record.record_id)
            item = QTreeWidgetItem([entity_line(record.entity, record.label), numbered.note() if numbered else ""])
            item.setToolTip(1, numbered.sentence() if numbered else "")
            self.new_list.addTopLevelItem(item)
        self._size_first_column(self.new_list)

    def _fill_changed(self, plan: MergePlan) -> None:
        bold = QFont()
        bold.setBold(True)
        for change in plan.changed:
            item = QTreeWidgetItem([entity_line(change.entity, change.label)])
            item.setFont(0, bold)
            item.setToolTip(0, change_line(plan, change))
            if change.restored:
                item.addChild(QTreeWidgetItem(["Comes back", "Deleted", "Restored with their values"]))
            else:
                for name in change.fields:
                    before, after = plan.before_after(change, name)
                    label = field_label(change.entity, name)
                    child = QTreeWidgetItem([label[:1].upper() + label[1:], before, after])
                    child.setToolTip(1, before)
                    child.setToolTip(2, after)
                    item.addChild(child)
            self.changed_list.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)  # a heading across the columns (only once it is in the tree)
        self.changed_list.expandAll()
        self._size_first_column(self.changed_list)

    def _fill_deleted(self, plan: MergePlan) -> None:
        for record in plan.deleted:
            self.deleted_list.addTopLevelItem(QTreeWidgetItem([entity_line(record.entity, record.label)]))

    def _size_first_column(self, tree: QTreeWidget) -> None:
        tree.resizeColumnToContents(0)
        tree.setColumnWidth(0, min(max(tree.columnWidth(0) + 12, 220), 420))

    def _fill_conflicts(self, plan: MergePlan) -> None:
        bold = QFont()
        bold.setBold(True)
        grid = self.conflict_grid
        row_number = 0
        shown_record: tuple[str, str] | None = None
        for conflict in plan.conflicts:
            record = (conflict.entity, conflict.record_id)
            if record != shown_record:
                shown_record = record
                heading = QLabel(conflict.label.rsplit(": ", 1)[0], self.conflict_grid_host)
                heading.setFont(bold)
                heading.setWordWrap(True)
                if row_number:
                    heading.setContentsMargins(0, 8, 0, 0)
                grid.addWidget(heading, row_number, 0, 1, 3)
                row_number += 1
            row = ConflictRow(plan, conflict, self.conflict_grid_host)
            row.group.buttonToggled.connect(lambda _button, _on: self._update_state())
            grid.addWidget(row.cell, row_number, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.choices[Side.MINE], row_number, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.choices[Side.THEIRS], row_number, 2, Qt.AlignmentFlag.AlignTop)
            self.rows.append(row)
            row_number += 1
        grid.setRowStretch(row_number, 1)
        if self.rows and plan.first_exchange:
            self.conflicts_intro.setText(
                "These differ between the two registers, and with no earlier exchange to compare with, neither can "
                "be taken as the newer. Choose which to keep for each: mine (this register) or theirs (the file)."
            )
        elif self.rows:
            self.conflicts_intro.setText(
                "Both registers changed these differently since they last exchanged. Choose which to keep for each: "
                "mine (this register) or theirs (the file)."
            )
        else:
            self.conflicts_intro.setText("No conflicts: nothing changed differently on both sides.")
        self.all_mine_button.setEnabled(bool(self.rows))
        self.all_theirs_button.setEnabled(bool(self.rows))

    # ---- choosing

    def choose_all(self, side: Side) -> None:
        for row in self.rows:
            row.choose(side)
        self._update_state()

    def choices(self) -> dict[ConflictKey, Side]:
        return {row.conflict.key: choice for row in self.rows if (choice := row.choice()) is not None}

    def unresolved(self) -> int:
        return sum(1 for row in self.rows if row.choice() is None)

    def _update_state(self) -> None:
        if self.preview is None or self.report is not None:
            return
        left = self.unresolved()
        ready = left == 0 and not self.session.read_only and self.worker is None
        self.merge_button.setEnabled(ready)
        if self.rows:
            total = len(self.rows)
            if left:
                self.status.setText(
                    f"{total - left:,} of {total:,} conflicts settled. Choose mine or theirs for each, or use "
                    "mine or theirs for all, to merge."
                )
            else:
                self.status.setText(f"All {total:,} conflicts settled. Choose Merge to write the merge.")
        else:
            self.status.setText("Choose Merge to write the merge.")

    # ---- merging

    def start_merge(self) -> None:
        if self.preview is None or self.worker is not None or self.report is not None:
            return
        if self.unresolved() or self.session.read_only:
            self._update_state()
            return
        plan, choices = self.preview.plan, self.choices()
        mine, incoming, passphrase = Path(self.session.register.path), self.incoming_path, self._passphrase

        def call(progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> MergeReport:
            received = receive(incoming, passphrase).open()
            try:
                with Register(mine) as register:
                    return apply_merge(register, received, plan, choices, progress=progress, cancelled=cancelled)
            finally:
                received.close()

        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.tabs.setEnabled(False)
        self.merge_button.setEnabled(False)
        self.status.setText("Merging…")
        self._run(call, self._merged)

    def _merged(self, report: MergeReport) -> None:
        self.report = report
        self.session.undo_stack.clear()  # its steps were recorded against the register before the merge
        self.session.reload()
        self.result.setText(
            f"{report.summary()}\nA backup was taken first: {report.backup}\nA merge cannot be undone with Undo; "
            "to go back, restore that backup."
        )
        self.result.show()
        self.tabs.setEnabled(True)  # what was merged can still be looked through; the choices are made
        for row in self.rows:
            for choice in row.choices.values():
                choice.setEnabled(False)
        self.all_mine_button.setEnabled(False)
        self.all_theirs_button.setEnabled(False)
        self.intro.setText(f"Merged {report.partner_name} ({self.incoming_path.name}) into {report.register_name}.")
        self.status.setText("")
        self.merge_button.hide()
        self.save_report_button.show()
        self.cancel_button.setText("Close")
        self.cancel_button.setAccessibleName("Close")
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.merged.emit(report)

    def choose_report_path(self) -> Path | None:
        """Where to save the report (a file dialog; tests replace it)."""
        stem = (self.preview.partner_name if self.preview else "partner").replace("/", "-")
        suggested = Path(self.session.register.path).with_name(f"Merge from {stem}.txt")
        name, _filter = QFileDialog.getSaveFileName(self, "Save the merge report", str(suggested), "Text (*.txt)")
        return Path(name) if name else None

    def save_report(self) -> None:
        if self.report is None:
            return
        path = self.choose_report_path()
        if path is None:
            return
        text = self.report.text()
        try:
            write_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8"))
        except OSError as exc:
            self._show_problem(f"The report could not be saved to {path}: {exc.strerror or exc}.")
            return
        self.status.setText(f"Saved the report to {path}.")

    # ---- worker plumbing

    def _progressed(self, percent: int, message: str) -> None:
        if self.progress.maximum():
            self.progress.setValue(percent)
        self.status.setText(message)

    def _failed(self, message: str) -> None:
        if self.preview is None:
            self._show_failure(message)
        else:  # the merge itself failed: the register is as it was; the preview stays
            self._show_problem(message)
            self.tabs.setEnabled(True)

    def _show_failure(self, message: str) -> None:
        self.problem = message
        self._show_problem(message)
        self.intro.setText(f"{self.incoming_path.name} cannot be merged.")
        self.tabs.hide()  # nothing to preview: a small dialog that says why
        self.merge_button.hide()
        self.setMinimumSize(520, 0)
        self.resize(560, self.sizeHint().height())
        self.status.setText("")
        self.progress.hide()
        self.merge_button.setEnabled(False)
        self.cancel_button.setText("Close")
        self.cancel_button.setAccessibleName("Close")
        self.planned.emit()

    def _show_problem(self, message: str) -> None:
        self.problems.setText(message)
        self.problems.setVisible(bool(message))

    def _cancelled(self) -> None:
        self._show_problem("Cancelled: nothing was merged.")
        self.tabs.setEnabled(True)

    def _worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        if isValid(worker):  # released already only if the dialog's slot came late; the thread has ended then
            worker.wait()
        self.progress.hide()
        self.cancel_button.setEnabled(True)
        if self._close_when_stopped:
            super().reject()
            return
        self._update_state()

    def is_busy(self) -> bool:
        return self.worker is not None

    def reject(self) -> None:
        if self.worker is not None:  # stop the merge (rolled back) or let the reading finish, then close
            self._close_when_stopped = True
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Stopping…")
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.worker is not None:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def _date_words(stamp: str) -> str:
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return f"{format_date(moment.date())} at {moment:%H:%M}"
