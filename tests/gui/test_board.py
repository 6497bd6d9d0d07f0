"""The effort/benefit board as a user drives it: drag with the mouse on the viewport, the keyboard, the tray,
undo, the major-project rule, history, filters and presentation mode. The register file is checked with
sqlite3 after each move: what the board shows is what was saved."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QListWidget, QTableView

from bluelight_desktop.core.board import BoardRules, breach_message, scores_in_quadrant
from bluelight_desktop.core.formatting import format_pounds
from bluelight_desktop.core.model import Opportunity
from bluelight_desktop.core.quadrant import Quadrant, quadrant_for
from bluelight_desktop.core.register_view import RegisterFilter, build_rows
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.board import mime_for
from bluelight_desktop.gui.board.style import DESK, PROJECTOR, STAGE_COLOURS
from bluelight_desktop.gui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    make_application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1440, 860)
    win.show()
    qtbot.waitExposed(win)
    win.errors = []  # type: ignore[attr-defined]
    win.show_error = lambda title, text: win.errors.append((title, text))  # type: ignore[method-assign]
    assert win.open_path(sample_path)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)  # window shortcuts need the active window
    qtbot.keyClick(win, Qt.Key.Key_2, CTRL)
    assert win.views.currentWidget() is win.board
    QApplication.processEvents()
    return win


def titled(win: MainWindow, title: str) -> Opportunity:
    assert win.session is not None
    return next(o for o in win.session.data.opportunities.values() if o.title == title)


def stored(path: Path, opportunity_id: str) -> tuple[int | None, int | None]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT effort, benefit FROM opportunity WHERE id=?", (opportunity_id,)).fetchone()


def log_rows(path: Path, opportunity_id: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT action, field, old_value, new_value, changed_by, meeting_id FROM change_log "
            "WHERE record_id=? AND field IN ('effort', 'benefit') ORDER BY seq",
            (opportunity_id,),
        ).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def on_screen(win: MainWindow, scene_point: QPointF) -> QPoint:
    return win.board.view.mapFromScene(scene_point)


def card_centre(win: MainWindow, opportunity_id: str) -> QPointF:
    return win.board.scene.cards[opportunity_id].centre()


def drag(win: MainWindow, start: QPointF, end: QPointF, release: bool = True) -> None:
    """Press on the viewport, move there in steps, release: what a hand on a mouse does."""
    viewport = win.board.view.viewport()
    QTest.mousePress(viewport, LEFT, NO_MODIFIER, on_screen(win, start))
    for step in range(1, 6):
        point = start + (end - start) * (step / 5)
        QTest.mouseMove(viewport, on_screen(win, point))
    if release:
        QTest.mouseRelease(viewport, LEFT, NO_MODIFIER, on_screen(win, end))


def quadrant_point(win: MainWindow, effort: int, benefit: int) -> QPointF:
    x, y = win.board.scene.geometry.point(effort, benefit)
    return QPointF(x, y)


def rules(win: MainWindow) -> BoardRules:
    assert win.session is not None
    return BoardRules.from_settings(win.session.data.settings)


# ------------------------------------------------------------------------------------------------ showing


def test_the_board_shows_every_placed_card_legibly(window: MainWindow) -> None:
    scene = window.board.scene
    data = window.session.data
    placed = [o for o in data.opportunities.values() if o.effort is not None]
    assert len(placed) >= 32
    assert set(scene.visible_ids) == {o.id for o in placed}
    board = scene.board_rect()
    rects = {i: scene.cards[i].sceneBoundingRect() for i in scene.visible_ids}
    for opportunity_id, item in ((i, scene.cards[i]) for i in scene.visible_ids):
        card = item.mapRectToScene(item.shape().boundingRect())
        assert board.contains(card), item.data_.reference  # nothing off the board or clipped
        opp = data.opportunities[opportunity_id]
        centre = item.centre()
        assert scene.quadrant_at(centre) is quadrant_for(opp.effort, opp.benefit, scene.thresholds)
        assert item.stacked_under == 0
    shapes = {i: scene.cards[i].mapRectToScene(scene.cards[i].shape().boundingRect()) for i in rects}
    ids = list(shapes)
    for n, first in enumerate(ids):  # at 1440x860 the sample's cards are all readable: none covers another
        for second in ids[n + 1 :]:
            overlap = shapes[first].intersected(shapes[second])
            assert overlap.width() <= 1 or overlap.height() <= 1, (first, second)
    # Each quadrant's header counts its cards; the view says what it is.
    counts = {q: sum(1 for o in placed if quadrant_for(o.effort, o.benefit) is q) for q in scene.headers}
    assert {q: h.count_text for q, h in scene.headers.items()} == {q: str(n) for q, n in counts.items()}
    assert window.board.view.accessibleName() == "Effort and benefit board"
    tray = window.board.panel.tray
    assert tray.count() == len(data.opportunities) - len(placed)


def test_every_board_control_has_an_accessible_name(window: MainWindow) -> None:
    page = window.pages.widget(1)
    for kind in (QAbstractButton, QLineEdit, QComboBox, QTableView, QListWidget):
        for widget in page.findChildren(kind):
            parent = widget.parent()
            if parent is not None and (parent.inherits("QComboBox") or parent.inherits("QLineEdit")):
                continue
            if not widget.isVisibleTo(window) or (isinstance(widget, QLineEdit) and isinstance(parent, QComboBox)):
                continue
            assert widget.accessibleName(), f"{kind.__name__} {widget.objectName()} has no accessible name"


def test_ctrl_1_and_ctrl_2_switch_between_table_and_board(window: MainWindow, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.views.currentWidget() is window.table
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.views.currentWidget() is window.board
    assert window.board.view.hasFocus()


def test_selecting_a_card_shows_its_details(window: MainWindow) -> None:
    opp = titled(window, "Occupational Health Services")
    assert opp.cashable_saving_pence
    window.board.select(opp.id)
    details = window.board.panel.details.text()
    assert opp.title in details and "Lancashire Constabulary" in details and opp.lead_officer in details
    assert format_pounds(opp.cashable_saving_pence) in details
    tip = window.board.scene.cards[opp.id].toolTip()
    assert opp.title in tip and "Lead: Lancashire Constabulary" in tip
    assert window.selected_opportunity() is not None and window.selected_opportunity().id == opp.id


def test_the_board_follows_the_meeting_put_in_session_elsewhere(window: MainWindow, qtbot) -> None:
    """The meeting page and the board share one meeting in session; cancelled meetings cannot be chosen."""
    assert window.session is not None
    data = window.session.data
    meeting = next(m for m in data.meetings.values() if m.date.isoformat() == "2026-12-15")
    with qtbot.waitSignal(window.session.meeting_in_session_changed) as signal:
        window.session.current_meeting_id = meeting.id
    assert signal.args == [meeting.id]
    assert window.board.meeting.currentData() == meeting.id
    assert "15 Dec 2026" in window.board.meeting.currentText()
    window.session.current_meeting_id = None
    assert window.board.meeting.currentData() is None
    offered = [window.board.meeting.itemData(i) for i in range(window.board.meeting.count())]
    assert all(data.meetings[i].status.value == "scheduled" for i in offered if i)


# ---------------------------------------------------------------------------------------------- mouse


def test_dragging_a_card_across_a_boundary_moves_it_and_logs_the_move_at_the_meeting(window, sample_path) -> None:
    opp = titled(window, "Second 'Event' Drone")  # effort 55, benefit 38: Park, an idea (not active)
    assert quadrant_for(opp.effort, opp.benefit) is Quadrant.PARK
    assert window.session is not None
    meeting_combo = window.board.meeting
    meeting_combo.setCurrentIndex(meeting_combo.findText("CPB 17 Nov 2026"))
    meeting_id = window.session.current_meeting_id
    assert meeting_id is not None and window.session.data.meetings[meeting_id].date.isoformat() == "2026-11-17"

    target = quadrant_point(window, 20, 80)
    drag(window, card_centre(window, opp.id), target, release=False)
    assert window.board.scene.quadrants[Quadrant.QUICK_WIN].highlighted  # the target quadrant lights up
    QTest.mouseRelease(window.board.view.viewport(), LEFT, NO_MODIFIER, on_screen(window, target))
    assert not any(q.highlighted for q in window.board.scene.quadrants.values())

    expected = window.board.scene.geometry.scores(target.x(), target.y())
    assert abs(expected[0] - 20) <= 1 and abs(expected[1] - 80) <= 1
    assert stored(sample_path, opp.id) == expected
    moved = window.session.data.opportunities[opp.id]
    assert quadrant_for(moved.effort, moved.benefit) is Quadrant.QUICK_WIN
    assert window.board.scene.quadrant_at(card_centre(window, opp.id)) is Quadrant.QUICK_WIN
    rows = log_rows(sample_path, opp.id)[-2:]
    assert {r[1]: (r[2], r[3]) for r in rows} == {
        "effort": ("55", str(expected[0])),
        "benefit": ("38", str(expected[1])),
    }
    assert all(r[0] == f"Move {opp.reference} from Park to Quick win" for r in rows)
    assert all(r[4] and r[5] == meeting_id for r in rows)  # who, and at which meeting
    assert window.undo_action.text() == f"&Undo Move {opp.reference} from Park to Quick win"

    # The history panel lists the move, as a board would say it.
    history = window.board.panel.history
    assert history.item(0).text().split(" — ")[1:3] == [
        "Park → Quick win",
        "at Collaboration Programme Board, 17 Nov 2026",
    ]
    assert re.match(r"^\d{1,2} [A-Z][a-z]{2} \d{4} — Park → Quick win — at .+ — by \S+$", history.item(0).text())


def test_a_move_with_no_meeting_in_session_is_logged_without_one(window, sample_path) -> None:
    opp = titled(window, "Second 'Event' Drone")
    drag(window, card_centre(window, opp.id), quadrant_point(window, 85, 85))
    rows = log_rows(sample_path, opp.id)[-2:]
    assert [r[5] for r in rows] == [None, None]
    assert rows[0][0] == f"Move {opp.reference} from Park to Major project"


def test_esc_during_a_drag_puts_the_card_back_and_saves_nothing(window, qtbot, sample_path) -> None:
    opp = titled(window, "Second 'Event' Drone")
    card = window.board.scene.cards[opp.id]
    start_pos = card.pos()
    before = digest(sample_path)
    target = quadrant_point(window, 20, 80)
    drag(window, card.centre(), target, release=False)
    assert card.pos() != start_pos and window.board.view.dragging
    qtbot.keyClick(window.board.view, Qt.Key.Key_Escape)
    assert card.pos() == start_pos
    assert not any(q.highlighted for q in window.board.scene.quadrants.values())
    QTest.mouseRelease(window.board.view.viewport(), LEFT, NO_MODIFIER, on_screen(window, target))
    assert card.pos() == start_pos
    assert digest(sample_path) == before
    assert not window.session.undo_stack.canUndo()
    assert not window.presenting  # Esc went to the drag, not to a window shortcut


def test_a_click_without_moving_selects_and_saves_nothing(window, sample_path) -> None:
    opp = titled(window, "Wellbeing")
    before = digest(sample_path)
    point = on_screen(window, card_centre(window, opp.id))
    QTest.mouseClick(window.board.view.viewport(), LEFT, NO_MODIFIER, point)
    assert window.board.selected_id() == opp.id
    assert digest(sample_path) == before


def test_undo_and_redo_of_a_drag(window, qtbot, sample_path) -> None:
    opp = titled(window, "Second 'Event' Drone")
    original = stored(sample_path, opp.id)
    drag(window, card_centre(window, opp.id), quadrant_point(window, 20, 80))
    moved = stored(sample_path, opp.id)
    assert moved != original
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored(sample_path, opp.id) == original
    assert window.board.scene.quadrant_at(card_centre(window, opp.id)) is Quadrant.PARK
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    assert stored(sample_path, opp.id) == moved
    assert window.board.scene.quadrant_at(card_centre(window, opp.id)) is Quadrant.QUICK_WIN


# ------------------------------------------------------------------------------------------- keyboard


def test_keyboard_only_select_and_move(window, qtbot, sample_path) -> None:
    view = window.board.view
    view.setFocus()
    window.board.select(None)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    first = window.board.selected_id()
    assert first == window.board.scene.visible_ids[0]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.board.selected_id() == window.board.scene.visible_ids[1]
    qtbot.keyClick(view, Qt.Key.Key_Backtab, SHIFT)
    assert window.board.selected_id() == first

    # Arrows pick the nearest card that way.
    opp = titled(window, "Wellbeing")
    window.board.select(opp.id)
    here = card_centre(window, opp.id)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    right = window.board.selected_id()
    assert right != opp.id and card_centre(window, right).x() > here.x()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert card_centre(window, window.board.selected_id()).x() < card_centre(window, right).x()
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert card_centre(window, window.board.selected_id()).y() < here.y() + 1

    window.board.select(opp.id)
    effort, benefit = stored(sample_path, opp.id)
    steps = window.session.undo_stack.count()
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert stored(sample_path, opp.id) == (effort, benefit + 2)
    qtbot.keyClick(view, Qt.Key.Key_Down, CTRL | SHIFT)
    assert stored(sample_path, opp.id) == (effort - 10, benefit + 2)
    assert window.session.undo_stack.count() == steps + 3  # one undo step a keypress
    assert window.board.selected_id() == opp.id  # the card stays selected for the next press
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored(sample_path, opp.id) == (effort, benefit + 2)


def test_enter_opens_the_selected_card(window, qtbot, monkeypatch) -> None:
    opp = titled(window, "Wellbeing")
    seen = []

    def look(dialog) -> bool:
        seen.append(dialog.windowTitle())
        return False

    monkeypatch.setattr(window, "run_dialog", look)
    window.board.select(opp.id)
    window.board.view.setFocus()
    qtbot.keyClick(window.board.view, Qt.Key.Key_Return)
    assert seen == [f"Edit {opp.reference}"]


def test_send_to_quadrant_by_name(window, qtbot, sample_path, monkeypatch) -> None:
    opp = titled(window, "Second 'Event' Drone")
    asked = []
    monkeypatch.setattr(window.board, "ask_quadrant", lambda o: asked.append(o.reference) or "quick")
    window.board.select(opp.id)
    window.board.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL)
    assert asked == [opp.reference]
    expected = scores_in_quadrant(opp, Quadrant.QUICK_WIN, rules(window).thresholds)
    assert stored(sample_path, opp.id) == expected
    assert quadrant_for(*expected) is Quadrant.QUICK_WIN
    assert window.undo_action.text() == f"&Undo Move {opp.reference} from Park to Quick win"


def test_tidy_a_quadrant_keeps_its_cards_in_it(window, sample_path) -> None:
    data = window.session.data
    in_park = {o.id for o in data.opportunities.values() if quadrant_for(o.effort, o.benefit) is Quadrant.PARK}
    window.board.tidy_actions[Quadrant.PARK].trigger()
    assert window.undo_action.text() == "&Undo Tidy Park"
    for opportunity_id in in_park:
        assert quadrant_for(*stored(sample_path, opportunity_id)) is Quadrant.PARK


# --------------------------------------------------------------------------------------- the tray


def test_a_drop_from_the_tray_places_the_opportunity(window, sample_path) -> None:
    tray = window.board.panel.tray
    opportunity_id = tray.ids()[0]
    assert stored(sample_path, opportunity_id) == (None, None)
    target = quadrant_point(window, 30, 70)
    viewport = window.board.view.viewport()
    point = QPointF(on_screen(window, target))
    text_only = QMimeData()
    text_only.setText("not an opportunity")
    refused = QDragEnterEvent(point.toPoint(), Qt.DropAction.MoveAction, text_only, LEFT, NO_MODIFIER)
    QApplication.sendEvent(viewport, refused)
    assert not refused.isAccepted()
    # Qt delivers a drop only to the widget that accepted the drag's entry, as a real drag does.
    mime = mime_for(opportunity_id)  # kept referenced: the events do not own it
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.MoveAction, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.MoveAction, mime, LEFT, NO_MODIFIER)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()
    assert stored(sample_path, opportunity_id) == window.board.scene.geometry.scores(target.x(), target.y())
    assert opportunity_id not in tray.ids()
    assert opportunity_id in window.board.scene.visible_ids
    reference = window.session.data.opportunities[opportunity_id].reference
    assert window.undo_action.text() == f"&Undo Place {reference} in Quick win"


def test_place_from_tray_and_take_off_the_board_again(window, sample_path) -> None:
    tray = window.board.panel.tray
    opportunity_id = tray.ids()[-1]
    assert window.board.place_from_tray(opportunity_id, quadrant_point(window, 80, 20))
    assert quadrant_for(*stored(sample_path, opportunity_id)) is Quadrant.PARK
    assert window.board.take_off_board(opportunity_id)
    assert stored(sample_path, opportunity_id) == (None, None)
    assert opportunity_id in tray.ids()


def test_the_tray_drags_the_opportunity_id(window) -> None:
    tray = window.board.panel.tray
    data = tray.mimeData([tray.item(0)])
    assert bytes(data.data("application/x-bluelight-opportunity-id").data()).decode() == tray.ids()[0]


# ------------------------------------------------------------------------------- the major-project rule


def test_the_major_project_limit_asks_and_shows_a_banner(window, qtbot, sample_path, monkeypatch) -> None:
    board = window.board
    assert board.banner.isHidden()
    occupational = titled(window, "Occupational Health Services")  # business case, Quick win
    procurement = titled(window, "Joint Procurement")  # business case, Quick win
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text: asked.append(text) or False)

    # One active major project now (Shared Data): a second stays within the limit of 2 and asks nothing.
    drag(window, card_centre(window, occupational.id), quadrant_point(window, 80, 80))
    assert quadrant_for(*stored(sample_path, occupational.id)) is Quadrant.MAJOR_PROJECT
    assert asked == [] and board.banner.isHidden()

    # A third asks first; declining leaves the card where it was.
    before = stored(sample_path, procurement.id)
    start_pos = board.scene.cards[procurement.id].pos()
    drag(window, card_centre(window, procurement.id), quadrant_point(window, 85, 60))
    assert len(asked) == 1 and "3 active major projects" in asked[0] and "allows 2" in asked[0]
    assert stored(sample_path, procurement.id) == before
    assert board.scene.cards[procurement.id].pos() == start_pos
    assert board.banner.isHidden()

    # Accepting moves it, and the banner says so plainly until it is resolved.
    monkeypatch.setattr(window, "confirm", lambda title, text: True)
    drag(window, card_centre(window, procurement.id), quadrant_point(window, 85, 60))
    assert quadrant_for(*stored(sample_path, procurement.id)) is Quadrant.MAJOR_PROJECT
    assert board.banner.isVisible()
    assert breach_message(window.session.data, rules(window)) in board.banner.text()
    assert board.banner.full_text.endswith(breach_message(window.session.data, rules(window)))
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert board.banner.isHidden()


# ------------------------------------------------------------------------------- filters and colours


def test_filters_hide_cards_and_search_highlights(window, qtbot) -> None:
    scene = window.board.scene
    placed = set(scene.visible_ids)
    workstream = window.filters.workstream
    workstream.setCurrentIndex(workstream.findText("Response"))
    response = {
        o.id
        for o in window.session.data.opportunities.values()
        if o.workstream_id and window.session.data.workstreams[o.workstream_id].name == "Response"
    }
    assert set(scene.visible_ids) == response & placed
    assert all(not scene.cards[i].isVisible() for i in placed - response)
    assert any(h.count_text != str(h.total) for h in scene.headers.values())  # "2 of 6"
    window.filters.reset()
    assert set(scene.visible_ids) == placed

    qtbot.keyClicks(window.filters.search, "drone")
    hits = {r.id for r in build_rows(window.session.data) if RegisterFilter(text="drone").matches(r)} & placed
    assert titled(window, "Second 'Event' Drone").id in hits and len(hits) < len(placed)
    assert set(scene.visible_ids) == placed  # search does not hide on the board...
    assert {i for i in placed if scene.cards[i].matched} == hits  # ...it highlights
    assert all(scene.cards[i].opacity() < 1 for i in placed - hits)
    assert {row.id for row in window.model.shown_rows} >= hits  # the table shows only what matches
    window.filters.search.clear()
    assert not any(c.matched for c in scene.cards.values()) and all(c.opacity() == 1 for c in scene.cards.values())


def test_colour_by_stage_and_lead(window) -> None:
    board = window.board
    opp = titled(window, "Real Time Demand Management")
    workstream_colour = window.session.data.workstreams[opp.workstream_id].colour
    assert board.scene.cards[opp.id].data_.colour == workstream_colour
    assert "Shared Support Services" in board.legend.text()
    board.colour.setCurrentIndex(board.colour.findText("Stage"))
    assert board.scene.cards[opp.id].data_.colour == STAGE_COLOURS[opp.stage]
    assert "Scoping" in board.legend.text()
    board.colour.setCurrentIndex(board.colour.findText("Lead organisation"))
    assert "LFRS" in board.legend.text() and "LC" in board.legend.text()
    assert board.scene.cards[opp.id].data_.colour != STAGE_COLOURS[opp.stage]


# -------------------------------------------------------------------------------------- presentation


def test_presentation_mode_shows_the_board_alone_and_esc_leaves(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    board = window.board
    assert window.presenting and window.views.currentWidget() is board
    assert window.menuBar().isHidden() and window.statusBar().isHidden() and window.filters.isHidden()
    assert board.toolbar.isHidden() and board.panel.isHidden() and board.title_bar.isVisible()
    assert board.scene.style_ is PROJECTOR
    assert "Lancashire" in board.title.text()
    card = next(iter(board.scene.cards.values()))
    assert card.width == PROJECTOR.card_width
    qtbot.keyClick(board.view, Qt.Key.Key_Escape)
    assert not window.presenting
    assert window.menuBar().isVisible() and board.toolbar.isVisible() and board.panel.isVisible()
    assert board.scene.style_ is DESK and card.width == DESK.card_width
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc outside presentation does nothing of the kind
    assert window.menuBar().isVisible()


def test_a_read_only_register_cannot_be_moved(qtbot, sample_path) -> None:
    make_application()
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1440, 860)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(sample_path, read_only=True)
    win.show_board()
    QApplication.processEvents()
    before = digest(sample_path)
    opp = titled(win, "Second 'Event' Drone")
    start_pos = win.board.scene.cards[opp.id].pos()
    drag(win, card_centre(win, opp.id), quadrant_point(win, 20, 80))
    assert win.board.scene.cards[opp.id].pos() == start_pos  # back where it was
    assert not win.board.send_button.isEnabled() and not win.send_to_quadrant_action.isEnabled()
    assert "read-only" in win.statusBar().currentMessage()
    assert digest(sample_path) == before


def test_tab_leaves_the_board_after_the_last_card(window, qtbot) -> None:
    view = window.board.view
    view.setFocus()
    window.board.select(window.board.scene.visible_ids[-1])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus()  # the keyboard is never trapped in the board
    assert window.board.selected_id() == window.board.scene.visible_ids[-1]


def test_the_context_menu_offers_the_card_and_quadrant_commands(window, monkeypatch) -> None:
    opp = titled(window, "Wellbeing")
    seen: list[list[str]] = []
    monkeypatch.setattr(window.board, "show_menu", lambda menu, pos: seen.append([a.text() for a in menu.actions()]))
    point = on_screen(window, card_centre(window, opp.id))
    QTest.mouseClick(window.board.view.viewport(), Qt.MouseButton.RightButton, NO_MODIFIER, point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, window.board.view.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.board.view.viewport(), event)
    assert window.board.selected_id() == opp.id
    assert seen[-1] == ["&Open…", "&Send to quadrant…", "&Take off the board", "", "T&idy Quick win"]
