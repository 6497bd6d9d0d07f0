"""Build pack…: choose what a meeting's pack holds, its protective marking and an optional password, then build it
on a worker thread with a progress bar and Cancel; the pack opens in the in-app preview.

The dialog holds no rules: `reports.pack` decides what a pack says and refuses what cannot be built. The build
runs `write_pack` in a QThread and checks a flag between flowables, so Cancel stops ReportLab within a
flowable or two; the window never waits on it.
"""

from __future__ import annotations

import tempfile
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.formatting import format_date
from ..core.governance import agenda_of, deadline_state, meeting_title, previous_meeting
from ..core.model import RegisterData
from ..reports.board_pdf import MARKINGS
from ..reports.pack import (
    PackCancelled,
    PackError,
    PackOptions,
    PackResult,
    Section,
    long_date,
    pack_file_name,
    pack_problem,
    write_pack,
)
from .session import RegisterSession

SECTION_TEXT = {
    Section.PAPERS: "&Papers for the agenda items",
    Section.BOARD: "The &effort and benefit board, this meeting's items outlined",
    Section.BENEFITS: "Be&nefits summary: savings, realisation, pipeline and quadrants charted",
    Section.ACTIONS: "Open and overdue &actions",
    Section.DECISIONS: "&Decisions since the previous meeting",
    Section.MINUTES: "&Minutes of the previous meeting",
    Section.REGISTER: "The &register, by workstream, as an appendix",
}

_open_previews: set[QWidget] = set()  # previews without a parent window, kept alive until they close


class PackWorker(QThread):
    """Builds one pack off the UI thread. Signals arrive on the UI thread (queued)."""

    progressed = Signal(int, str)  # percent, what is being done
    succeeded = Signal(object)  # PackResult
    failed = Signal(str)  # a plain message
    was_cancelled = Signal()

    def __init__(
        self, data: RegisterData, meeting_id: str, options: PackOptions, path: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.data, self.meeting_id, self.options, self.path = data, meeting_id, options, path
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = write_pack(
                self.path,
                self.data,
                self.meeting_id,
                self.options,
                progress=lambda fraction, message: self.progressed.emit(round(fraction * 100), message),
                cancelled=self._stop.is_set,
            )
        except PackCancelled:
            self.was_cancelled.emit()
        except PackError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # never a traceback on a worker thread: say what happened
            self.failed.emit(f"The pack could not be built: something went wrong ({type(exc).__name__}: {exc}).")
        else:
            self.succeeded.emit(result)


class PackDialog(QDialog):
    """`PackDialog(session, meeting_id, parent)`: accepting builds the pack and opens it in a PackPreview."""

    built = Signal(object)  # PackResult, once the pack is built (its path is in a temporary folder)

    def __init__(self, session: RegisterSession, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.meeting_id = meeting_id
        self.worker: PackWorker | None = None
        self.result_pack: PackResult | None = None
        self.preview: QWidget | None = None
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        self._close_when_stopped = False
        data = session.data
        meeting = data.meetings.get(meeting_id)
        self.setWindowTitle(f"Build pack: {meeting_title(data, meeting)}" if meeting else "Build pack")
        self.setMinimumWidth(560)

        self.intro = QLabel(self._intro(data))
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("Meeting")

        group = QGroupBox("What the pack holds")
        group_layout = QVBoxLayout(group)
        always = QLabel("The cover, contents and agenda are always included.")
        always.setWordWrap(True)
        group_layout.addWidget(always)
        self.section_boxes: dict[Section, QCheckBox] = {}
        previous = previous_meeting(data, meeting) if meeting else None
        self._minutes_recorded = previous is not None and bool(previous.minutes_text.strip())
        for section in Section:
            box = QCheckBox(SECTION_TEXT[section])
            box.setAccessibleName(section.label)
            box.setChecked(True)
            if section is Section.MINUTES:
                if previous is None:
                    box.setText("&Minutes of the previous meeting (the board has not met before)")
                elif not previous.minutes_text.strip():
                    box.setText(f"&Minutes of the meeting of {format_date(previous.date)} (not recorded yet)")
                else:
                    box.setText(f"&Minutes of the meeting of {format_date(previous.date)}")
                box.setChecked(self._minutes_recorded)
                box.setEnabled(self._minutes_recorded)
            self.section_boxes[section] = box
            group_layout.addWidget(box)

        self.marking_combo = QComboBox()
        self.marking_combo.setAccessibleName("Protective marking")
        self.marking_combo.addItems(list(MARKINGS))
        register_marking = (data.settings.marking or "OFFICIAL").upper()
        self.marking_combo.setCurrentText(register_marking if register_marking in MARKINGS else MARKINGS[0])
        self.password_box = QCheckBox("Protect with a pass&word (AES-256)")
        self.password_box.setAccessibleName("Protect with a password")
        self.password_edit = self._password_field("Password")
        self.confirm_edit = self._password_field("Confirm the password")
        self.password_box.toggled.connect(self._password_toggled)

        form = QFormLayout()
        form.addRow("Protective mar&king:", self.marking_combo)
        form.addRow(self.password_box)
        self.password_label = QLabel("Pa&ssword:")
        self.password_label.setBuddy(self.password_edit)
        self.confirm_label = QLabel("&Confirm the password:")
        self.confirm_label.setBuddy(self.confirm_edit)
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.confirm_label, self.confirm_edit)
        self._password_toggled(False)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Build progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setAccessibleName("Build status")
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.build_button = QPushButton("&Build pack")
        self.build_button.setDefault(True)
        self.build_button.setAccessibleName("Build pack")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.addButton(self.build_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start_build)
        self.buttons.rejected.connect(self._cancel_pressed)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(group)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self._buildable = True
        problem = pack_problem(data, meeting_id)
        if problem:
            self._show_problems([problem])
            self._buildable = False
            self._set_building(False)

    # ---- the form

    def _intro(self, data: RegisterData) -> str:
        meeting = data.meetings.get(self.meeting_id)
        if meeting is None:
            return "This meeting is no longer in the register."
        board = data.boards.get(meeting.board_id)
        when = long_date(meeting.date) + (f" at {meeting.time}" if meeting.time else "")
        items = agenda_of(data, meeting.id)
        papers = sum(1 for i in items if i.has_paper)
        count = "1 agenda item" if len(items) == 1 else f"{len(items)} agenda items"
        lines = [f"The pack for the {board.name if board else 'meeting'}, {when}: {count}, {papers} with papers."]
        if board is not None and not meeting.cancelled:
            lines.append(deadline_state(data, meeting, date.today()).text + ".")
        return " ".join(lines)

    def _password_field(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    def _password_toggled(self, on: bool) -> None:
        for widget in (self.password_edit, self.confirm_edit, self.password_label, self.confirm_label):
            widget.setEnabled(on)
        if on:
            self.password_edit.setFocus()

    def options(self) -> PackOptions:
        sections = frozenset(s for s, box in self.section_boxes.items() if box.isChecked() and box.isEnabled())
        password = self.password_edit.text() if self.password_box.isChecked() else None
        return PackOptions(
            sections=sections,
            marking=self.marking_combo.currentText(),
            password=password or None,
            placement_history=self.session.register.placement_history(),  # read here: the worker has no connection
        )

    def problems_now(self) -> list[str]:
        problems = []
        if self.password_box.isChecked():
            if not self.password_edit.text():
                problems.append("Type the password, or untick Protect with a password.")
            elif self.password_edit.text() != self.confirm_edit.text():
                problems.append("The two passwords are not the same. Type them again.")
        return problems

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    # ---- building

    def is_building(self) -> bool:
        return self.worker is not None

    def start_build(self) -> None:
        if self.is_building():
            return
        problems = self.problems_now()
        self._show_problems(problems)
        if problems:
            return
        data = self.session.data
        meeting = data.meetings.get(self.meeting_id)
        if meeting is None:
            self._show_problems(["This meeting is no longer in the register."])
            return
        self._temporary = tempfile.TemporaryDirectory(prefix="bluelight-pack-")
        path = Path(self._temporary.name) / pack_file_name(data, meeting)
        # The session replaces its data on every change rather than editing it, so this snapshot stays whole.
        worker = PackWorker(data, self.meeting_id, self.options(), path, self)
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.was_cancelled.connect(self._cancelled)
        worker.finished.connect(self._worker_finished)
        self.worker = worker
        self._set_building(True)
        self.status.setText("Building the pack…")
        worker.start()

    def _cancel_pressed(self) -> None:
        """Cancel stops a build and keeps the dialog, so the clerk can change the options; else it closes."""
        if self.is_building():
            self.cancel_build()
        else:
            self.reject()

    def cancel_build(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _set_building(self, building: bool) -> None:
        for section, box in self.section_boxes.items():
            box.setEnabled(not building and (section is not Section.MINUTES or self._minutes_recorded))
        self.marking_combo.setEnabled(not building)
        self.password_box.setEnabled(not building)
        for widget in (self.password_edit, self.confirm_edit, self.password_label, self.confirm_label):
            widget.setEnabled(not building and self.password_box.isChecked())
        self.build_button.setEnabled(not building and self._buildable)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(building or self.progress.value() > 0)
        if building:
            self.progress.setValue(0)
            self.cancel_button.setFocus()

    def _progressed(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        if self.worker is not None and self.cancel_button.isEnabled():
            self.status.setText(message)

    def _succeeded(self, result: PackResult) -> None:
        self._worker_finished()  # the thread has done its work: let it end before the dialog can close
        self.result_pack = result
        self.progress.setValue(100)
        pages = "1 page" if result.pages == 1 else f"{result.pages} pages"
        self.status.setText(f"Built the pack: {pages}.")
        temporary, self._temporary = self._temporary, None
        self.built.emit(result)
        if self._close_when_stopped:  # closed while it finished: keep nothing
            if temporary is not None:
                temporary.cleanup()
            return
        assert result.path is not None
        self.preview = self.show_preview(result.path, self.options().password, temporary)
        self.accept()

    def _failed(self, message: str) -> None:
        self._drop_temporary()
        self._show_problems([message])
        self.status.setText("The pack was not built.")

    def _cancelled(self) -> None:
        self._drop_temporary()
        self.status.setText("Cancelled: no pack was built.")

    def _worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.wait()
        worker.deleteLater()
        self._set_building(False)
        if self._close_when_stopped:
            super().reject()

    def _drop_temporary(self) -> None:
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None

    # ---- showing the result (overridable)

    def show_preview(
        self, path: Path, password: str | None, temporary: tempfile.TemporaryDirectory[str] | None
    ) -> QWidget:
        """Open the built pack in the in-app preview, which then owns its temporary folder. Tests replace this."""
        from .pack_preview import PackPreview

        preview = PackPreview(path, self.parentWidget(), password=password, temporary=temporary)
        if self.parentWidget() is None:
            _open_previews.add(preview)
            preview.destroyed.connect(lambda *_: _open_previews.discard(preview))
        preview.show()
        return preview

    # ---- closing while building cancels first

    def reject(self) -> None:
        if self.is_building():
            self._close_when_stopped = True
            self.cancel_build()
            return
        self._drop_temporary()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.is_building():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
