"""One call run off the UI thread, for the dialogs whose work is long (export, merge): its progress, result or
plain failure arrive on the UI thread as queued signals, and it can be asked to stop."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

Progress = Callable[[float, str], None]
Call = Callable[[Progress, Callable[[], bool]], Any]


class CallWorker(QThread):
    """Runs `call(progress, cancelled)` on its own thread. Exceptions of the `cancelled_by` types report
    `was_cancelled`; those of `plain` types carry a message for the user as they are; anything else is reported
    in words too, never as a traceback on a worker thread."""

    progressed = Signal(int, str)  # percent, what is being done
    succeeded = Signal(object)
    failed = Signal(str)  # a plain message
    was_cancelled = Signal()

    def __init__(
        self,
        call: Call,
        parent: QObject | None,
        cancelled_by: tuple[type[BaseException], ...] = (),
        plain: tuple[type[BaseException], ...] = (),
    ) -> None:
        super().__init__(parent)
        self._call = call
        self._cancelled_by = cancelled_by
        self._plain = plain
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            result = self._call(
                lambda fraction, message: self.progressed.emit(round(fraction * 100), message), self._stop.is_set
            )
        except Exception as exc:
            if isinstance(exc, self._cancelled_by):
                self.was_cancelled.emit()
            elif isinstance(exc, self._plain):
                self.failed.emit(str(exc))
            else:
                self.failed.emit(f"Something went wrong that the app did not expect ({type(exc).__name__}: {exc}).")
        else:
            self.succeeded.emit(result)
