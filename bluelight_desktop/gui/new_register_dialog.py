"""Start a new register: its name, the prefix of its references, and where the file goes."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.validation import validate_new_register
from ..paths import REGISTER_SUFFIX, data_dir, default_register_path


class NewRegisterDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start a new register")
        self.setMinimumWidth(560)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Lancashire Blue Light Collaboration")
        self.name_edit.setAccessibleName("Register name")
        self.prefix_edit = QLineEdit("REF")
        self.prefix_edit.setMaxLength(6)
        self.prefix_edit.setAccessibleName("Reference prefix")
        self.prefix_edit.setToolTip("Opportunities are numbered with it: LAN-001, LAN-002…")
        self.location_edit = QLineEdit(str(self._free_default()))
        self.location_edit.setAccessibleName("File location")
        browse = QPushButton("&Browse…")
        browse.setAccessibleName("Choose where to save the register")
        browse.clicked.connect(self._browse)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self._location_touched = False
        self.location_edit.textEdited.connect(lambda _t: setattr(self, "_location_touched", True))
        self.name_edit.textChanged.connect(self._suggest_file_name)

        location_row = QHBoxLayout()
        location_row.addWidget(self.location_edit, 1)
        location_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Register &name:", self.name_edit)
        form.addRow("Reference &prefix:", self.prefix_edit)
        form.addRow("Save &in:", location_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create register")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    @staticmethod
    def _free_default() -> Path:
        path = default_register_path()
        return path if not path.exists() else data_dir() / f"new register{REGISTER_SUFFIX}"

    def _suggest_file_name(self, name: str) -> None:
        if self._location_touched:
            return
        stem = re.sub(r"[^\w\- ]+", "", name).strip()
        if stem:
            self.location_edit.setText(str(Path(self.location_edit.text()).parent / f"{stem}{REGISTER_SUFFIX}"))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the new register as", self.location_edit.text(), f"Registers (*{REGISTER_SUFFIX})"
        )
        if chosen:
            self._location_touched = True
            self.location_edit.setText(chosen)

    def path(self) -> Path:
        path = Path(self.location_edit.text().strip()).expanduser()
        return path if path.suffix == REGISTER_SUFFIX else path.with_name(path.name + REGISTER_SUFFIX)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def prefix(self) -> str:
        return self.prefix_edit.text().strip().upper()

    def _accept_if_valid(self) -> None:
        problems = validate_new_register(self.name(), self.prefix())
        if not self.location_edit.text().strip():
            problems.append("Choose where to save the register.")
        elif self.path().exists():
            problems.append(f"{self.path().name} already exists there; choose another name.")
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return
        self.accept()
