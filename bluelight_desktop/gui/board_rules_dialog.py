"""Register > Board rules: where the quadrant lines fall, how many major projects may run at once, and which
stages count as running."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.board import BoardRules
from ..core.model import Stage
from ..core.validation import validate_board_rules


class BoardRulesDialog(QDialog):
    def __init__(self, rules: BoardRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Board rules")
        self.setMinimumWidth(520)
        intro = QLabel(
            "The Lancashire paper asks that only 1 or 2 major projects run at any one time. Set the limit, the "
            "stages that count as running, and where the high and low lines fall (scores of 0 to 100)."
        )
        intro.setWordWrap(True)
        self.effort_spin = self._spin(rules.thresholds.effort, "Effort line")
        self.benefit_spin = self._spin(rules.thresholds.benefit, "Benefit line")
        self.limit_spin = QSpinBox()
        self.limit_spin.setRange(0, 99)
        self.limit_spin.setValue(rules.major_project_limit)
        self.limit_spin.setAccessibleName("Major projects at once")
        self.stages_list = QListWidget()
        self.stages_list.setAccessibleName("Stages that count as active")
        for stage in Stage:
            item = QListWidgetItem(stage.label)
            item.setData(Qt.ItemDataRole.UserRole, stage.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if stage in rules.active_stages else Qt.CheckState.Unchecked)
            self.stages_list.addItem(item)
        self.stages_list.setMaximumHeight(self.stages_list.sizeHintForRow(0) * len(Stage) + 8)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.hide()

        form = QFormLayout()
        form.addRow("&Effort counts as high from:", self.effort_spin)
        form.addRow("&Benefit counts as high from:", self.benefit_spin)
        form.addRow("&Major projects at once:", self.limit_spin)
        form.addRow("&Stages that count as running:", self.stages_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(value: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 100)
        spin.setValue(value)
        spin.setAccessibleName(name)
        return spin

    def active_stages(self) -> list[Stage]:
        return [
            Stage(self.stages_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.stages_list.count())
            if self.stages_list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        problems = validate_board_rules(
            self.effort_spin.value(),
            self.benefit_spin.value(),
            self.limit_spin.value(),
            [s.value for s in self.active_stages()],
        )
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return
        super().accept()
