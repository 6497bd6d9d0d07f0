"""Render every main screen of the sample register to PNG, offscreen: `python tests/gallery.py OUTDIR`.

Look at the pictures after any change to a screen. The README's screenshot comes from here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def render(outdir: Path) -> list[Path]:
    os.environ["BLUELIGHT_HOME"] = tempfile.mkdtemp(prefix="bluelight-gallery-")
    from PySide6.QtWidgets import QApplication, QWidget

    from bluelight_desktop.gui.app import make_application
    from bluelight_desktop.gui.main_window import MainWindow
    from bluelight_desktop.gui.new_register_dialog import NewRegisterDialog
    from bluelight_desktop.gui.opportunity_dialog import OpportunityDialog
    from bluelight_desktop.gui.reference_dialogs import OrganisationsDialog, WorkstreamsDialog

    app = make_application()
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(3):
            app.processEvents()
        path = outdir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    window = MainWindow()
    window.today = lambda: date(2026, 11, 21)  # the sample's "today": deadlines and overdue actions as designed
    window.resize(1440, 860)
    shot(window, "01-welcome")
    window.open_sample()
    shot(window, "02-register")
    window.filters.workstream.setCurrentIndex(window.filters.workstream.findText("Response"))
    window.filters.search.setText("control")
    shot(window, "03-register-filtered")
    window.filters.reset()
    assert window.session is not None
    data = window.session.data
    example = next(o for o in data.opportunities.values() if o.title == "Real Time Demand Management")
    dialog = OpportunityDialog(data, example, example.reference, window)
    for number in range(dialog.ui.tabs.count()):
        dialog.ui.tabs.setCurrentIndex(number)
        shot(dialog, f"04-opportunity-tab{number + 1}")
    dialog.close()
    new = OpportunityDialog(data, None, window.session.register.next_reference(), window)
    new.ui.startDateCheck.setChecked(True)
    new.ui.endDateCheck.setChecked(True)
    new.ui.endDateEdit.setDate(new.ui.startDateEdit.date().addDays(-30))
    new.accept()  # refused: no title, end before start; the problems show
    shot(new, "05-opportunity-problems")
    new.close()
    organisations = OrganisationsDialog(window.session, window)
    shot(organisations, "06-organisations")
    organisations.close()
    workstreams = WorkstreamsDialog(window.session, window)
    shot(workstreams, "07-workstreams")
    workstreams.close()
    shot(NewRegisterDialog(window), "08-new-register")

    # The effort/benefit board (issue 3): the desk view with a card selected, a drag in progress, a move at a
    # meeting in the card's history, search and colour by stage, the major-project banner, presentation.
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    def titled(title: str) -> str:
        assert window.session is not None
        return next(o.id for o in window.session.data.opportunities.values() if o.title == title)

    board = window.board
    window.show_board()
    board.select(titled("Real Time Demand Management"))
    shot(window, "09-board")
    view = board.view
    card = board.scene.cards[titled("Second 'Event' Drone")]
    start = card.centre()
    target = QPointF(*board.scene.geometry.point(22, 80))
    QTest.mousePress(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.mapFromScene(start)
    )
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), view.mapFromScene(start + (target - start) * (step / 5)))
    shot(window, "10-board-dragging")
    view.cancel_drag()
    QTest.mouseRelease(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.mapFromScene(target)
    )
    board.meeting.setCurrentIndex(board.meeting.findText("CPB 17 Nov 2026"))
    moved = titled("Occupational Health Services")
    board.move_card(moved, 78, 74)
    board.select(moved)
    shot(window, "11-board-moved-at-a-meeting")
    board.colour.setCurrentIndex(board.colour.findText("Stage"))
    window.filters.search.setText("control")
    shot(window, "12-board-search-colour-by-stage")
    window.filters.reset()
    board.colour.setCurrentIndex(0)
    window.confirm = lambda title, text: True  # type: ignore[method-assign]
    board.move_card(titled("Joint Procurement"), 70, 66)
    shot(window, "13-board-major-project-limit")
    window.undo()
    board.meeting.setCurrentIndex(0)
    board.select(None)
    window.enter_presentation()
    window.showNormal()  # offscreen, full screen is the virtual screen's size: show the projector's instead
    window.resize(1920, 1080)
    shot(window, "14-board-presentation-1920x1080")
    window.leave_presentation()

    # Governance (issue 4): the calendar's three views, a meeting's agenda with its paper, the room after a
    # meeting, the actions log, and the dialogs that set boards up and move meetings.
    from bluelight_desktop.core.governance import agenda_of
    from bluelight_desktop.gui.boards_dialog import BoardsDialog
    from bluelight_desktop.gui.meeting.dialogs import AgendaItemDialog, DecisionDialog
    from bluelight_desktop.gui.meeting_schedule import MoveMeetingDialog

    meetings = window.meetings
    meetings.show_calendar()
    calendar = meetings.calendar
    calendar.show_month(2026, 12)
    calendar.select_date(date(2026, 12, 15))
    shot(window, "15-calendar-month")
    calendar.show_view("agenda")
    shot(window, "16-calendar-agenda")
    calendar.show_view("forward plan")
    shot(window, "17-calendar-forward-plan")
    calendar.show_view("month")
    calendar.open_selected()
    page = meetings.meeting_page
    data = window.session.data
    items = agenda_of(data, page.meeting_id)
    page.agenda.select(next(i.id for i in items if i.opportunity_id))
    shot(window, "18-meeting-agenda")
    item_dialog = AgendaItemDialog(data, data.meetings[page.meeting_id], items[3], window)
    item_dialog.resize(900, 760)
    shot(item_dialog, "19-agenda-item-dialog")
    item_dialog.close()
    held = next(m for m in data.meetings.values() if m.date == date(2026, 11, 17))
    meetings.open_meeting(held.id)
    page.tabs.setCurrentIndex(1)
    shot(window, "20-meeting-in-the-room")
    decision = DecisionDialog(data, held, None, window)
    shot(decision, "21-record-decision")
    decision.close()
    page.tabs.setCurrentIndex(2)
    shot(window, "22-meeting-minutes")
    meetings.show_actions()
    shot(window, "23-actions-log")
    boards = BoardsDialog(window.session, today=window.today, parent=window)
    boards.resize(1180, 780)
    shot(boards, "24-boards-and-cadences")
    boards.close()
    coming = next(m for m in data.meetings.values() if m.date == date(2026, 12, 15))
    shot(MoveMeetingDialog(data, coming.id, date(2026, 11, 21), window), "25-move-meeting")

    # The programme dashboard (issue 7): the sample's charts with a bar under the keyboard's highlight, a bar
    # hovered, and the register narrowed to a bar's opportunities with the strip that says so.
    window.dashboard.show()
    dashboard = window.dashboard.page
    shot(window, "26-dashboard")
    savings = dashboard.savings_chart
    bar = next(n for n, t in enumerate(savings.targets) if t.tip.startswith("2025/26 · LFRS") and t.rect[0] > 2)
    QTest.mouseMove(savings.viewport(), savings.target_point(bar))
    shot(window, "27-dashboard-hover")
    QTest.mouseClick(
        savings.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, savings.target_point(bar)
    )
    shot(window, "28-register-from-a-dashboard-bar")
    window.filters.reset()

    # The benefits register (issue 7): an opportunity's benefit profile on its window, a line's form with 40/60
    # shares, the same form refusing shares that add up to 80%, a cost, and the register by planned savings.
    from bluelight_desktop.core.benefits import lines_of
    from bluelight_desktop.core.register_view import PLANNED_SAVINGS_COLUMN
    from bluelight_desktop.gui.benefits_dialog import BenefitLineDialog, CostLineDialog

    data = window.session.data
    site = next(o for o in data.opportunities.values() if o.title.startswith("Site Sharing"))
    profile_dialog = OpportunityDialog(data, site, site.reference, window, session=window.session, today=window.today)
    profile_dialog.ui.tabs.setCurrentIndex(profile_dialog.ui.tabs.count() - 1)
    assert profile_dialog.benefit_profile is not None
    profile_dialog.benefit_profile.benefits_table.selectRow(4)
    shot(profile_dialog, "30-opportunity-benefits")
    profile_dialog.close()
    site_benefits, site_costs = lines_of(data, site.id)
    line_dialog = BenefitLineDialog(data, site, site_benefits[4], window.today, window)
    shot(line_dialog, "31-benefit-line-40-60")
    line_dialog.close()
    refused = BenefitLineDialog(data, site, None, window.today, window)
    refused.planned_edit.setText("35k")
    refused.shares_editor.set_share(refused.shares_editor.organisation_ids[0], "30")
    refused.accept()  # refused: the shares add up to 80%
    shot(refused, "32-benefit-line-shares-refused")
    refused.close()
    cost_dialog = CostLineDialog(data, site, site_costs[0], window.today, window)
    shot(cost_dialog, "33-cost-line")
    cost_dialog.close()
    window.views.setCurrentIndex(0)
    window.table.sortByColumn(PLANNED_SAVINGS_COLUMN, Qt.SortOrder.DescendingOrder)
    shot(window, "34-register-by-planned-savings")
    QApplication.closeAllWindows()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/gallery.py OUTDIR")
    for path in render(Path(sys.argv[1])):
        print(path)
