"""An open register in the app: the file, what it holds, and the undo stack of the user's edits."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.edits import Edit
from ..core.model import RegisterData
from ..core.register_view import RegisterRow, build_rows
from ..storage.register import Register


@contextmanager
def paused_gc() -> Iterator[None]:
    """Load a register without the garbage collector: at 10,000 opportunities its passes over the new objects
    cost 70-120 ms, and the records hold no reference cycles to collect. Freezing afterwards keeps later
    passes from walking them again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.freeze()


class EditCommand(QUndoCommand):
    """One user action on the undo stack. Each redo and undo is one committed transaction, logged against the
    meeting the edit was first logged against (or none), whatever is in session when it is undone."""

    def __init__(self, session: RegisterSession, edit: Edit, meeting_id: str | None = None) -> None:
        super().__init__(edit.description)
        self._session = session
        self._edit = edit
        self.meeting_id = meeting_id
        self._applied = True  # the session applies the edit before pushing, so a failed write is never stacked

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._session._write_at(self._edit, self.meeting_id)

    def undo(self) -> None:
        self._session._write_at(self._edit.inverse(), self.meeting_id)


class RegisterSession(QObject):
    """Emits `changed` after every write so views reload from `data`."""

    changed = Signal()
    failed = Signal(str)
    # The meeting in session changed (its id, or "" for none): the board and the meeting page both show it.
    meeting_in_session_changed = Signal(str)

    def __init__(self, register: Register, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.undo_stack = QUndoStack(self)
        self._current_meeting_id: str | None = None
        self.data: RegisterData = register.load()
        self._rows: list[RegisterRow] | None = None

    @property
    def current_meeting_id(self) -> str | None:
        """The meeting in session, if any: moves and edits made now are logged against it."""
        return self._current_meeting_id

    @current_meeting_id.setter
    def current_meeting_id(self, meeting_id: str | None) -> None:
        meeting_id = meeting_id or None
        if meeting_id != self._current_meeting_id:
            self._current_meeting_id = meeting_id
            self.meeting_in_session_changed.emit(meeting_id or "")

    @property
    def read_only(self) -> bool:
        return self.register.read_only

    def apply(self, edit: Edit, meeting_id: str | None = None) -> bool:
        """Save an edit at once and put it on the undo stack. False (and `failed` emitted) if it could not be
        saved; the register is then as it was. The change is logged against `meeting_id` when given (a decision
        recorded after its meeting belongs to it), else against the meeting in session, if any; its undo and
        redo are logged against the same meeting."""
        meeting_id = meeting_id or self.current_meeting_id
        if not self._write_at(edit, meeting_id):
            return False
        self.undo_stack.push(EditCommand(self, edit, meeting_id))
        return True

    def write(self, edit: Edit, meeting_id: str | None = None) -> bool:
        """Save an edit without putting it on the undo stack, logged as `apply` logs it."""
        return self._write_at(edit, meeting_id or self.current_meeting_id)

    def _write_at(self, edit: Edit, meeting_id: str | None) -> bool:
        """Save an edit logged against exactly `meeting_id` (None: no meeting)."""
        try:
            self.register.apply(edit, meeting_id=meeting_id)
        except Exception as exc:  # disk full, file removed, read-only: tell the user, keep the app alive
            self.failed.emit(f"The change could not be saved: {exc}")
            return False
        self.reload()
        return True

    @property
    def rows(self) -> list[RegisterRow]:
        """The register as table rows, built once per load and shared by the table and the board."""
        if self._rows is None:
            with paused_gc():
                self._rows = build_rows(self.data)
        return self._rows

    def reload(self) -> None:
        with paused_gc():
            self.data = self.register.load()
            self._rows = None
        if self._current_meeting_id and self._current_meeting_id not in self.data.meetings:
            self.current_meeting_id = None  # the meeting was undone away or deleted
        self.changed.emit()

    def close(self) -> None:
        self.undo_stack.clear()
        self.register.close()
