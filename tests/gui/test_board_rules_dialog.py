"""Register > Board rules: the limit, the active stages and the quadrant lines, saved to the register."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from bluelight_desktop.core.board import BoardRules
from bluelight_desktop.core.model import Stage
from bluelight_desktop.gui.board_rules_dialog import BoardRulesDialog
from bluelight_desktop.storage.register import open_register


def test_rules_are_shown_changed_and_saved(qtbot, sample_path) -> None:
    with open_register(sample_path) as register:
        rules = BoardRules.from_settings(register.settings())
        dialog = BoardRulesDialog(rules)
        qtbot.addWidget(dialog)
        assert dialog.limit_spin.value() == 2
        assert set(dialog.active_stages()) == {Stage.BUSINESS_CASE, Stage.APPROVED, Stage.IMPLEMENTATION}
        dialog.limit_spin.clear()
        qtbot.keyClicks(dialog.limit_spin, "1")
        for row in range(dialog.stages_list.count()):
            item = dialog.stages_list.item(row)
            if item.text() == "Live":
                item.setCheckState(Qt.CheckState.Checked)
        dialog.effort_spin.setValue(60)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        register.set_board_rules(
            dialog.effort_spin.value(), dialog.benefit_spin.value(), dialog.limit_spin.value(), dialog.active_stages()
        )
    with sqlite3.connect(sample_path) as db:
        stored = dict(db.execute("SELECT key, value FROM setting"))
    assert stored["major_project_limit"] == "1" and stored["effort_threshold"] == "60"
    assert "live" in stored["active_stages"].split(",")
    with open_register(sample_path) as register:
        again = BoardRules.from_settings(register.settings())
    assert again.major_project_limit == 1 and Stage.LIVE in again.active_stages and again.thresholds.effort == 60


def test_no_active_stage_or_a_line_at_the_edge_is_refused(qtbot) -> None:
    dialog = BoardRulesDialog(BoardRules())
    qtbot.addWidget(dialog)
    for row in range(dialog.stages_list.count()):
        dialog.stages_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.benefit_spin.setValue(100)
    dialog.limit_spin.setValue(0)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    text = dialog.problems.text()
    assert "at least one stage" in text and "benefit line" in text and "between 1 and 20" in text


def test_board_rules_from_the_register_menu_show_a_breach_on_the_board(qtbot, sample_path, monkeypatch) -> None:
    from bluelight_desktop.gui.app import make_application
    from bluelight_desktop.gui.main_window import MainWindow

    make_application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(sample_path)
    assert window.board.banner.isHidden()

    def allow_one_and_count_live(dialog) -> bool:
        dialog.limit_spin.setValue(1)
        for row in range(dialog.stages_list.count()):
            if dialog.stages_list.item(row).text() in ("Live", "Scoping"):
                dialog.stages_list.item(row).setCheckState(Qt.CheckState.Checked)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(window, "run_dialog", allow_one_and_count_live)
    window.board_rules_action.trigger()
    assert window.session.data.settings.major_project_limit == 1
    assert not window.board.banner.isHidden()  # scoping major projects now count, over a limit of one
    assert "allows 1" in window.board.banner.full_text
