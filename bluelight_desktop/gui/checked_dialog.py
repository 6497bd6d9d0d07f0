"""Dialogs whose OK checks the form first: they stay open, listing the problems in words, until there are none;
after a refused OK the list follows the user's corrections as they type. Screen readers hear the problems."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QDialog, QLabel, QWidget


def announce(widget: QWidget, text: str) -> None:
    """Tell a screen reader about a message that appeared without moving the focus."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


class CheckedDialog(QDialog):
    """Subclasses set `problems_label` (hidden at first) and provide `problems()`; connect field changes to
    `recheck`."""

    problems_label: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._checked_once = False

    def problems(self) -> list[str]:
        raise NotImplementedError

    def _show_problems(self, problems: list[str]) -> None:
        text = "\n".join(problems)
        changed = text != self.problems_label.text()
        self.problems_label.setText(text)
        self.problems_label.setVisible(bool(problems))
        if changed:
            announce(self.problems_label, text)

    def recheck(self) -> None:
        """Once OK has been refused, keep the list of problems current as the user fixes them."""
        if self._checked_once:
            self._show_problems(self.problems())

    def accept(self) -> None:
        problems = self.problems()
        self._checked_once = True
        self._show_problems(problems)
        if not problems:
            super().accept()
