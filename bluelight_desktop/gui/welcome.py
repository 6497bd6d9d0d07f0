"""The first-run screen: start a new register, open the sample, open a file, or pick a recent one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME


class WelcomePage(QWidget):
    new_requested = Signal()
    sample_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome")

        title = QLabel(f"Welcome to {APP_NAME}")
        title.setObjectName("welcomeTitle")
        intro = QLabel(
            "Keep your collaboration register between police, fire and ambulance services on this laptop: "
            "opportunities, running collaborations, who leads them and what they should save. "
            "Everything is saved as you go, and nothing needs a network."
        )
        intro.setWordWrap(True)
        intro.setObjectName("welcomeIntro")

        self.new_button = self._choice(
            "&Start a new register", "An empty register for your programme.", self.new_requested
        )
        self.sample_button = self._choice(
            "Open the s&ample register",
            "The Lancashire programme: 32 opportunities, four workstreams, two boards.",
            self.sample_requested,
        )
        self.open_button = self._choice(
            "&Open a register file…", "A .bluelight file you have been sent or saved.", self.open_requested
        )

        self.recent_label = QLabel("&Recent registers")
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent registers")
        self.recent_list.setObjectName("recentList")
        self.recent_label.setBuddy(self.recent_list)
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
        )

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(16)
        for button in (self.new_button, self.sample_button, self.open_button):
            column.addWidget(button)
        column.addSpacing(16)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent_list, 1)
        column.addStretch(0)

        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setLayout(column)
        card.setMaximumWidth(720)
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        column.setContentsMargins(28, 20, 28, 24)
        centre = QVBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card)
        centre.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centre, 3)
        outer.addStretch(1)

    def _choice(self, text: str, detail: str, signal: Signal) -> QPushButton:
        button = QPushButton(f"{text}\n{detail}")
        button.setObjectName("welcomeChoice")
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(detail)
        button.setMinimumHeight(64)
        button.clicked.connect(signal.emit)
        # The mnemonic lives in the first line; keep it working although the text has two lines.
        return button

    def set_recent(self, paths: list[Path]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.name}    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent_list.addItem(item)
        has_recent = bool(paths)
        self.recent_label.setVisible(has_recent)
        self.recent_list.setVisible(has_recent)
