"""Export register… and the passphrase asked for when a partner's encrypted register is opened.

`ExportDialog(session, parent)`: where to save, whether to leave out the opportunities not marked as shareable
(with a count of what that leaves out), an optional passphrase typed twice; Export runs `export_register` on a
worker thread (it reads the register through its own connection) with a progress bar and Cancel, and the result
says where the copy went and what was left out.

`PassphraseDialog(path, parent)`: asks for the passphrase of a sealed file, checks it on a worker thread
(`storage.export.receive`: scrypt takes a third of a second, the full integrity check more on a large file) and
keeps the dialog open with a plain message when it is wrong; accepted, `register` is the partner's register,
open read-only (the caller closes it), and `passphrase()` what was typed.

The dialogs hold no rules: storage.export and storage.sealed decide what is left out, what a usable passphrase is
and what a bad file is called.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.formatting import format_date
from ..paths import REGISTER_SUFFIX, data_dir
from ..storage.export import (
    ExportCancelled,
    ExportReport,
    ReceivedCopy,
    ReceivedRegister,
    export_register,
    receive,
    restricted_preview,
)
from ..storage.register import RegisterError
from ..storage.sealed import MIN_PASSPHRASE, passphrase_problem
from .session import RegisterSession
from .worker import CallWorker

RESULT_STYLE = "background: #e8f4ec; border: 1px solid #9ccfaa; padding: 6px; border-radius: 3px;"
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"1 {word}" if count == 1 else f"{count:,} {plural or word + 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def fit_height(dialog: QDialog) -> None:
    """Grow a dialog to show every line of its wrapped text: its minimum size ignores height-for-width, so a
    message that appears later would be squeezed and clipped."""
    layout = dialog.layout()
    layout.activate()
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


def _password_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class ExportDialog(QDialog):
    """`ExportDialog(session, parent)`: Export writes a copy of the session's register for a partner."""

    exported = Signal(object)  # ExportReport, once the file is written

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.worker: CallWorker | None = None
        self.report: ExportReport | None = None
        self._confirmed: Path | None = None  # chosen with Browse…, whose dialog already asked about replacing
        self._close_when_stopped = False
        data = session.data
        self.setWindowTitle("Export register")
        self.setMinimumWidth(640)

        count = len(data.opportunities)
        self.intro = QLabel(
            f"A copy of {data.settings.name} ({_plural(count, 'opportunity', 'opportunities')}) for a partner "
            "service: taken now, checked, and written whole. It opens in Bluelight Desktop like any register. Your "
            "register is not changed."
        )
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About the export")

        self.destination = QLineEdit(str(self.default_destination()))
        self.destination.setAccessibleName("Save the copy to")
        self.destination.textEdited.connect(lambda _text: self._forget_confirmation())
        self.browse_button = QPushButton("B&rowse…")
        self.browse_button.setAccessibleName("Browse for where to save the copy")
        self.browse_button.setAutoDefault(False)  # Enter in the form exports; it never opens the file dialog
        self.browse_button.clicked.connect(self._browse)
        destination_row = QHBoxLayout()
        destination_row.addWidget(self.destination, 1)
        destination_row.addWidget(self.browse_button)
        destination_label = QLabel("Save &to:")
        destination_label.setBuddy(self.destination)

        self.preview = restricted_preview(data)
        self.shareable_box = QCheckBox("Only opportunities marked as &shareable")
        self.shareable_box.setAccessibleName("Only opportunities marked as shareable")
        self.shareable_box.setChecked(self.preview["opportunities"] > 0)
        self.shareable_box.toggled.connect(self._update_left_out)
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.left_out.setAccessibleName("What is left out")
        self.left_out.setIndent(22)

        self.passphrase_box = QCheckBox("&Encrypt with a passphrase (AES-256)")
        self.passphrase_box.setAccessibleName("Encrypt with a passphrase")
        self.passphrase_edit = _password_field("Passphrase")
        self.confirm_edit = _password_field("Confirm the passphrase")
        self.passphrase_label = QLabel("&Passphrase:")
        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.confirm_label = QLabel("Con&firm the passphrase:")
        self.confirm_label.setBuddy(self.confirm_edit)
        self.passphrase_hint = QLabel(
            f"At least {MIN_PASSPHRASE} characters. Give it to the partner another way than the file: by phone, "
            "or in person."
        )
        self.passphrase_hint.setWordWrap(True)
        self.passphrase_hint.setAccessibleName("About the passphrase")
        self.passphrase_box.toggled.connect(self._passphrase_toggled)

        form = QFormLayout()
        form.addRow(destination_label, destination_row)
        form.addRow(self.shareable_box)
        form.addRow(self.left_out)
        form.addRow(self.passphrase_box)
        form.addRow(self.passphrase_label, self.passphrase_edit)
        form.addRow(self.confirm_label, self.confirm_edit)
        form.addRow("", self.passphrase_hint)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setAccessibleName("Export status")
        self.status.setWordWrap(True)
        self.status.hide()
        self.checks = QLabel()
        self.checks.setObjectName("registerBanner")  # the app's amber note
        self.checks.setAccessibleName("Check before sending")
        self.checks.setWordWrap(True)
        self.checks.hide()

        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton("E&xport")
        self.export_button.setAccessibleName("Export")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self._cancel_pressed)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.checks)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.export_button.setDefault(True)  # again, now that it belongs to the dialog
        self._update_left_out()
        self._sync_passphrase_fields()

    # ---- the form

    def default_destination(self) -> Path:
        """Named for the register and today ("Lancashire Blue Light Collaboration 21 Nov 2026.bluelight"), beside
        the register, or in Documents when the register lives in the app's own data folder, where nobody would
        find the copy to send it."""
        name = _UNSAFE_NAME.sub(" ", self.session.data.settings.name).strip(" .") or "Register"
        folder = Path(self.session.register.path).resolve().parent
        if folder == data_dir().resolve() or data_dir().resolve() in folder.parents:
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            if documents and Path(documents).is_dir():
                folder = Path(documents)
        candidate = folder / f"{name} {format_date(date.today())}{REGISTER_SUFFIX}"
        if candidate.resolve() == Path(self.session.register.path).resolve():
            candidate = folder / f"{name} {format_date(date.today())} export{REGISTER_SUFFIX}"
        return candidate

    def _update_left_out(self) -> None:
        preview = self.preview
        restricted = preview["opportunities"]
        total = len(self.session.data.opportunities)
        if not restricted:
            self.left_out.setText("Every opportunity is marked as shareable: nothing would be left out.")
            return
        some = f"{restricted} of {total} opportunities are" if restricted != 1 else f"1 of {total} opportunities is"
        if self.shareable_box.isChecked():
            about = [
                _plural(preview[key], word)
                for key, word in (("agenda items", "agenda item"), ("decisions", "decision"), ("actions", "action"))
                if preview[key]
            ]
            with_ = f", with {_join(about)} about them," if about else ""
            self.left_out.setText(
                f"{some} not marked as shareable. They are left out{with_} and their history goes with them."
            )
        else:
            self.left_out.setText(f"{some} not marked as shareable; unticked, they go to the partner with the rest.")

    def _passphrase_toggled(self, on: bool) -> None:
        self._sync_passphrase_fields()
        if on:
            self.passphrase_edit.setFocus()

    def _sync_passphrase_fields(self) -> None:
        on = self.passphrase_box.isChecked()
        for widget in (self.passphrase_edit, self.confirm_edit, self.passphrase_label, self.confirm_label):
            widget.setEnabled(on and not self.is_exporting())
        self.passphrase_hint.setEnabled(on)

    def _forget_confirmation(self) -> None:
        self._confirmed = None

    def _browse(self) -> None:
        chosen = self.choose_destination(Path(self.destination.text().strip() or str(self.default_destination())))
        if chosen is not None:
            if chosen.suffix == "":
                chosen = chosen.with_name(chosen.name + REGISTER_SUFFIX)
            self.destination.setText(str(chosen))
            self._confirmed = chosen

    def choose_destination(self, suggested: Path) -> Path | None:
        """Ask where to save (the platform's save dialog, which asks before replacing a file). Tests replace
        this."""
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export register", str(suggested), f"Bluelight registers (*{REGISTER_SUFFIX})"
        )
        return Path(name) if name else None

    def confirm_replace(self, path: Path) -> bool:
        """Ask before replacing a file typed by hand. Tests replace this."""
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{path.name} already exists in {path.parent}. Replace it with this export?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def chosen_path(self) -> Path | None:
        text = self.destination.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path.with_name(path.name + REGISTER_SUFFIX) if path.suffix == "" else path

    def passphrase(self) -> str | None:
        return self.passphrase_edit.text() if self.passphrase_box.isChecked() else None

    def problems_now(self) -> list[str]:
        problems = []
        path = self.chosen_path()
        if path is None:
            problems.append("Say where to save the copy.")
        elif path.suffix.lower() != REGISTER_SUFFIX:
            problems.append(f"The file name must end in {REGISTER_SUFFIX}, so that the partner's app opens it.")
        elif path.resolve() == Path(self.session.register.path).resolve():
            problems.append("That is your register itself; choose another name for the copy.")
        elif path.is_dir():
            problems.append(f"{path} is a folder; add a file name such as partner{REGISTER_SUFFIX}.")
        elif not path.parent.is_dir():
            problems.append(f"The folder {path.parent} does not exist.")
        if self.passphrase_box.isChecked():
            problem = passphrase_problem(self.passphrase_edit.text())
            if problem:
                problems.append(problem)
            elif self.passphrase_edit.text() != self.confirm_edit.text():
                problems.append("The two passphrases are not the same. Type them again.")
        return problems

    # ---- exporting

    def is_exporting(self) -> bool:
        return self.worker is not None

    def start_export(self) -> None:
        if self.is_exporting():
            return
        problems = self.problems_now()
        self._show_problems(problems)
        if problems:
            return
        path = self.chosen_path()
        assert path is not None
        if path.exists() and path != self._confirmed and not self.confirm_replace(path):
            return
        register = self.session.register
        shareable_only = self.shareable_box.isChecked()
        passphrase = self.passphrase()

        def call(progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> ExportReport:
            return export_register(register, path, shareable_only, passphrase, progress=progress, cancelled=cancelled)

        worker = CallWorker(call, self, cancelled_by=(ExportCancelled,), plain=(RegisterError,))
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.was_cancelled.connect(self._cancelled)
        worker.finished.connect(self._worker_finished)
        self.worker = worker
        self.report = None
        self.checks.hide()
        self._set_exporting(True)
        self._show_status("Exporting…")
        worker.start()

    def _set_exporting(self, exporting: bool) -> None:
        for widget in (self.destination, self.browse_button, self.shareable_box, self.passphrase_box):
            widget.setEnabled(not exporting)
        self._sync_passphrase_fields()
        self.export_button.setEnabled(not exporting)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(exporting)
        if exporting:
            self.progress.setValue(0)
            self.cancel_button.setFocus()

    def _show_status(self, text: str, done: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(RESULT_STYLE if done else "")
        self.status.setVisible(bool(text))
        self._fit_height()

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self._fit_height()

    def _fit_height(self) -> None:
        fit_height(self)

    def _progressed(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        if self.worker is not None and self.cancel_button.isEnabled():
            self._show_status(message)

    def _succeeded(self, report: ExportReport) -> None:
        self._worker_finished()
        self.report = report
        self._show_status(report.summary(with_checks=False), done=True)
        if report.still_named:
            places = "\n".join(f"• {place}" for place in report.still_named)
            self.checks.setText(
                "Check before sending: the meetings' own words still name opportunities that were left out. "
                f"Change them in the register and export again if they should not go.\n{places}"
            )
            self.checks.show()
            self._fit_height()
        self.cancel_button.setText("Close")
        self.cancel_button.setAccessibleName("Close")
        self.cancel_button.setFocus()
        self.exported.emit(report)

    def _failed(self, message: str) -> None:
        self._show_problems([message])
        self._show_status("Nothing was exported.")

    def _cancelled(self) -> None:
        self._show_status("Cancelled: nothing was exported.")

    def _worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.wait()
        worker.deleteLater()
        self._set_exporting(False)
        if self._close_when_stopped:
            super().reject()

    def _cancel_pressed(self) -> None:
        if self.is_exporting():
            self.cancel_export()
        else:
            self.reject()

    def cancel_export(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self._show_status("Cancelling…")
            self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        if self.is_exporting():
            self._close_when_stopped = True
            self.cancel_export()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.is_exporting():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


class PassphraseDialog(QDialog):
    """`PassphraseDialog(path, parent)`: the passphrase of a sealed register being opened. Accepted, `register`
    is the partner's register open read-only (the caller closes it) and `passphrase()` is what was typed."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.register: ReceivedRegister | None = None
        self.worker: CallWorker | None = None
        self._close_when_stopped = False
        self.setWindowTitle("Passphrase needed")
        self.setMinimumWidth(460)

        self.intro = QLabel(
            f"“{self.path.name}” is encrypted. Type the passphrase that the person who sent it gave you."
        )
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName("About the file")
        self.passphrase_edit = _password_field("Passphrase")
        self.passphrase_edit.textEdited.connect(lambda _text: self._show_problem(""))
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase_edit)
        self.show_box = QCheckBox("&Show the passphrase")
        self.show_box.setAccessibleName("Show the passphrase")
        self.show_box.toggled.connect(self._show_toggled)
        form = QFormLayout()
        form.addRow(label, self.passphrase_edit)
        form.addRow("", self.show_box)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Checking the passphrase")
        self.progress.setRange(0, 0)  # busy: scrypt gives no progress
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.buttons = QDialogButtonBox()
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open")
        self.open_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.open_button.setDefault(True)  # again, now that it belongs to the dialog
        self.passphrase_edit.setFocus()

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    def _show_toggled(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)

    def _show_problem(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setVisible(bool(text))
        fit_height(self)

    def is_checking(self) -> bool:
        return self.worker is not None

    def try_open(self) -> None:
        if self.is_checking():
            return
        passphrase = self.passphrase()
        if not passphrase:
            self._show_problem("Type the passphrase.")
            return
        path = self.path
        worker = CallWorker(
            lambda _progress, _cancelled: receive(path, passphrase),
            self,
            cancelled_by=(ExportCancelled,),
            plain=(RegisterError,),
        )
        worker.succeeded.connect(self._received)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._worker_finished)
        self.worker = worker
        self._set_checking(True)
        worker.start()

    def _set_checking(self, checking: bool) -> None:
        self.passphrase_edit.setEnabled(not checking)
        self.show_box.setEnabled(not checking)
        self.open_button.setEnabled(not checking)
        self.open_button.setDefault(True)  # disabling it handed the default to Cancel
        self.progress.setVisible(checking)
        if checking:
            self._show_problem("")

    def _received(self, copy: ReceivedCopy) -> None:
        self._worker_finished()
        if self._close_when_stopped:
            copy.discard()
            return
        try:
            self.register = copy.open()  # on the UI thread, which will use it
        except RegisterError as exc:
            self._show_problem(str(exc))
            return
        self.accept()

    def _failed(self, message: str) -> None:
        self._worker_finished()  # the thread has done its work: enable the field before focusing it
        self._show_problem(message)
        self.passphrase_edit.setFocus()
        self.passphrase_edit.selectAll()

    def _worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.wait()
        worker.deleteLater()
        self._set_checking(False)
        if self._close_when_stopped:
            super().reject()

    def reject(self) -> None:
        if self.is_checking():  # let the check finish (a fraction of a second), then close and keep nothing
            self._close_when_stopped = True
            self.cancel_button.setEnabled(False)
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.is_checking():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
