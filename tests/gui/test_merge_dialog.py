"""Merge…, driven as an officer would: the preview lists what is new, changed, deleted and in conflict (with counts)
before anything is written; each conflict is settled with Mine or Theirs (by mouse or keyboard, or all at once);
Merge is enabled only when every conflict is settled; the merge runs on a worker thread, the session reloads and
the result says what was merged. Registers are real files made from the sample (tests/storage/test_merge.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.merge import DELETED, Side
from bluelight_desktop.core.model import Opportunity, Stage
from bluelight_desktop.gui.merge_dialog import MergeDialog
from bluelight_desktop.gui.session import RegisterSession
from bluelight_desktop.storage import sealed as sealed_module
from bluelight_desktop.storage.export import export_register
from bluelight_desktop.storage.register import open_register
from tests.storage.test_merge import DEMAND, PARTNER_NAME, RECRUITMENT, delete, edit, make_partner, merge

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def partner_path(sample_path: Path, tmp_path: Path) -> Path:
    """A partner after a first exchange, then: their stage for Real Time Demand Management (one-sided), their
    deletion of Recruitment and Selection, a new opportunity of theirs whose reference I hold, and Wellbeing's
    notes changed differently on both sides (a conflict)."""
    partner = make_partner(sample_path, tmp_path / "cumbria.bluelight")
    merge(sample_path, partner)
    edit(partner, DEMAND, stage=Stage.LIVE)
    delete(partner, RECRUITMENT)
    with open_register(partner) as register:
        drones = Opportunity("Shared Fell Rescue Drones", reference=register.next_reference(), stage=Stage.SCOPING)
        register.apply(Edit("Add", [RecordChange(None, drones)]))
    with open_register(sample_path) as register:
        hub = Opportunity("Joint Buying Hub", reference=register.next_reference(), stage=Stage.IDEA)
        register.apply(Edit("Add", [RecordChange(None, hub)]))
    edit(partner, "Wellbeing", notes="Cumbria would join from April 2027.")
    edit(sample_path, "Wellbeing", notes="Waiting on the business case.")
    return partner


@pytest.fixture
def session(sample_path: Path):
    opened = RegisterSession(open_register(sample_path))
    yield opened
    opened.close()


def open_dialog(qtbot, session: RegisterSession, incoming: Path, cls: type[MergeDialog] = MergeDialog) -> MergeDialog:
    dialog = cls(session, incoming)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(dialog.problem), timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=20_000)
    return dialog


def test_the_preview_lists_new_changed_deleted_and_conflicts_before_anything_is_written(
    qtbot, session: RegisterSession, sample_path: Path, partner_path: Path
) -> None:
    original = sample_path.read_bytes()
    dialog = open_dialog(qtbot, session, partner_path)
    assert [dialog.tabs.tabText(i) for i in range(4)] == ["&New (1)", "C&hanged (1)", "&Deleted (1)", "&Conflicts (1)"]
    assert dialog.tabs.currentWidget() is dialog.conflicts_page  # conflicts first: they need a person
    assert dialog.windowTitle() == f"Merge {PARTNER_NAME}"
    assert "Last merged from this partner on" in dialog.intro.text()
    assert "Nothing is written until you choose Merge" in dialog.intro.text()

    [new] = [dialog.new_list.topLevelItem(0)]
    assert new.text(0) == "Opportunity LAN-037 Shared Fell Rescue Drones"
    assert new.text(1) == "Numbered LAN-038 here (LAN-037 is Joint Buying Hub)"
    assert new.toolTip(1) == "Numbered LAN-038 here: LAN-037 is already Joint Buying Hub in this register."
    changed = dialog.changed_list.topLevelItem(0)
    assert changed.text(0) == "Opportunity LAN-018 Real Time Demand Management"
    assert [changed.child(0).text(c) for c in range(3)] == ["Stage", "Scoping", "Live"]
    assert dialog.deleted_list.topLevelItem(0).text(0) == "Opportunity LAN-001 Recruitment and Selection"

    [row] = dialog.rows
    assert row.field_label.accessibleName() == "notes, was not set"
    mine, theirs = row.choices[Side.MINE], row.choices[Side.THEIRS]
    assert (mine.radio.text(), mine.words.text()) == ("Mine", "Waiting on the business case.")
    assert (theirs.radio.text(), theirs.words.text()) == ("Theirs", "Cumbria would join from April 2027.")
    assert theirs.radio.accessibleName() == "Take theirs for LAN-006 Wellbeing: notes"
    assert not dialog.merge_button.isEnabled()
    assert dialog.status.text().startswith("0 of 1 conflicts settled")
    assert sample_path.read_bytes() == original  # a preview writes nothing


def test_settling_the_conflict_enables_merge_and_the_merge_reloads_the_session(
    qtbot, session: RegisterSession, sample_path: Path, partner_path: Path
) -> None:
    edits_before = session.undo_stack.count()
    dialog = open_dialog(qtbot, session, partner_path)
    [row] = dialog.rows
    qtbot.mouseClick(row.choices[Side.THEIRS].words, Qt.MouseButton.LeftButton)  # clicking the words chooses
    assert row.choice() is Side.THEIRS
    assert dialog.merge_button.isEnabled()
    assert dialog.status.text() == "All 1 conflicts settled. Choose Merge to write the merge."
    with qtbot.waitSignal(dialog.merged, timeout=20_000) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    report = merged.args[0]
    assert report.summary() in dialog.result.text()
    assert "1 conflict resolved (0 kept mine, 1 took theirs)" in dialog.result.text()
    assert "A backup was taken first:" in dialog.result.text() and "before merge" in dialog.result.text()
    assert dialog.cancel_button.text() == "Close" and dialog.save_report_button.isVisible()
    assert not dialog.merge_button.isVisible()

    titles = {o.title: o for o in session.data.opportunities.values()}  # the session reloaded
    assert titles["Wellbeing"].notes == "Cumbria would join from April 2027."
    assert titles[DEMAND].stage is Stage.LIVE
    assert RECRUITMENT not in titles
    assert titles["Shared Fell Rescue Drones"].reference == "LAN-038"
    assert session.undo_stack.count() == 0 <= edits_before  # undo cannot step back across a merge

    saved = sample_path.parent / "report.txt"
    dialog.choose_report_path = lambda: saved
    qtbot.mouseClick(dialog.save_report_button, Qt.MouseButton.LeftButton)
    assert saved.read_text(encoding="utf-8") == report.text()
    assert dialog.status.text() == f"Saved the report to {saved}."


def test_the_keyboard_path_settles_every_conflict_and_merges(
    qtbot, session: RegisterSession, sample_path: Path, partner_path: Path
) -> None:
    edit(partner_path, DEMAND, notes="Theirs")
    edit(sample_path, DEMAND, notes="Mine")
    session.reload()
    dialog = open_dialog(qtbot, session, partner_path)
    assert len(dialog.rows) == 2
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_T, ALT)  # Use theirs for all (a mnemonic clicks, animated)
    qtbot.waitUntil(lambda: [row.choice() for row in dialog.rows] == [Side.THEIRS, Side.THEIRS])
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)  # Use mine for all
    qtbot.waitUntil(lambda: [row.choice() for row in dialog.rows] == [Side.MINE, Side.MINE])
    demand = next(row for row in dialog.rows if DEMAND in row.conflict.label)
    demand.buttons[Side.MINE].setFocus()
    qtbot.keyClick(demand.buttons[Side.MINE], Qt.Key.Key_Right)  # arrows move within the row's pair, and choose
    assert demand.choice() is Side.THEIRS and demand.buttons[Side.THEIRS].hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_H, ALT)
    assert dialog.tabs.currentWidget() is dialog.changed_list
    with qtbot.waitSignal(dialog.merged, timeout=20_000):
        qtbot.keyClick(dialog, Qt.Key.Key_M, ALT)
    notes = {o.title: o.notes for o in session.data.opportunities.values()}
    assert notes[DEMAND] == "Theirs" and notes["Wellbeing"] == "Waiting on the business case."


def test_every_control_has_an_accessible_name(qtbot, session: RegisterSession, partner_path: Path) -> None:
    dialog = open_dialog(qtbot, session, partner_path)
    for button in dialog.findChildren(QRadioButton):
        assert button.accessibleName().startswith(("Keep mine for ", "Take theirs for "))
        assert button.accessibleDescription()
    for widget in (dialog.tabs, dialog.new_list, dialog.changed_list, dialog.deleted_list, dialog.merge_button):
        assert widget.accessibleName()
    assert dialog.all_mine_button.accessibleName() == "Use mine for all conflicts"


def test_a_deleted_record_changed_here_is_a_keep_or_delete_row(
    qtbot, session: RegisterSession, sample_path: Path, partner_path: Path
) -> None:
    delete(partner_path, "Health and Safety")
    edit(sample_path, "Health and Safety", notes="Still needed here.")
    session.reload()
    dialog = open_dialog(qtbot, session, partner_path)
    row = next(r for r in dialog.rows if r.conflict.field == DELETED)
    assert row.choices[Side.MINE].words.text() == "Kept, changed: notes"
    assert row.choices[Side.THEIRS].words.text() == "Deleted"


def test_cancel_writes_nothing(qtbot, session: RegisterSession, sample_path: Path, partner_path: Path) -> None:
    original = sample_path.read_bytes()
    dialog = open_dialog(qtbot, session, partner_path)
    dialog.choose_all(Side.THEIRS)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert sample_path.read_bytes() == original


def test_a_file_that_is_not_a_register_says_so_and_cannot_be_merged(
    qtbot, session: RegisterSession, tmp_path: Path
) -> None:
    bad = tmp_path / "minutes.bluelight"
    bad.write_text("Minutes of the meeting\n", encoding="utf-8")
    dialog = open_dialog(qtbot, session, bad)
    assert "minutes.bluelight is not a Bluelight register" in dialog.problems.text()
    assert dialog.problems.isVisible() and not dialog.merge_button.isEnabled()
    assert not dialog.tabs.isEnabled() and dialog.cancel_button.text() == "Close"


def test_a_copy_of_this_register_is_refused(qtbot, session: RegisterSession, sample_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.bluelight"
    session.register.save_copy(copy)
    dialog = open_dialog(qtbot, session, copy)
    assert "copy.bluelight is a copy of this register" in dialog.problems.text()


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed_module, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(sealed_module, "LOG2_N_RANGE", (10, 20))


def test_an_encrypted_file_asks_for_its_passphrase_first(
    qtbot, session: RegisterSession, partner_path: Path, tmp_path: Path, cheap_kdf: None
) -> None:
    sealed = tmp_path / "sealed.bluelight"
    with open_register(partner_path, read_only=True) as partner:
        export_register(partner, sealed, passphrase="correct horse battery")
    asked: list[Path] = []

    class Answering(MergeDialog):
        answer: str | None = "correct horse battery"

        def ask_passphrase(self) -> str | None:
            asked.append(self.incoming_path)
            return self.answer

    dialog = open_dialog(qtbot, session, sealed, Answering)
    assert asked == [sealed]
    assert len(dialog.rows) == 1 and "Exported by" in dialog.intro.text()
    dialog.choose_all(Side.MINE)
    with qtbot.waitSignal(dialog.merged, timeout=20_000):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    Answering.answer = None
    refused = open_dialog(qtbot, session, sealed, Answering)
    assert refused.problems.text() == "Nothing was merged: the file is encrypted and no passphrase was given."


def test_a_read_only_register_cannot_be_merged_into(qtbot, sample_path: Path, partner_path: Path) -> None:
    session = RegisterSession(open_register(sample_path, read_only=True))
    try:
        dialog = open_dialog(qtbot, session, partner_path)
        dialog.choose_all(Side.MINE)
        assert not dialog.merge_button.isEnabled()
        assert "open read-only" in dialog.problems.text()
    finally:
        session.close()


def test_a_dialog_deleted_while_reading_leaves_its_worker_to_finish(
    qtbot, session: RegisterSession, partner_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting a QThread that is still running aborts the process; a dialog closed by the app quitting must not."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    from bluelight_desktop.gui import merge_dialog as merge_dialog_module

    started, release = threading.Event(), threading.Event()
    real = merge_dialog_module._preview

    def slow(*args):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(merge_dialog_module, "_preview", slow)
    dialog = MergeDialog(session, partner_path)
    assert started.wait(10)
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    qtbot.waitUntil(lambda: not merge_dialog_module._running, timeout=20_000)
