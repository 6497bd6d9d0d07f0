"""The board page beside the register table: toolbar, major-project banner, the board, its legend and the side
panel (tray, details, history). Every move goes through `move_card`, which asks core.board what it means and
applies it through the session (one transaction, one undo step)."""

from __future__ import annotations

import dataclasses
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...core.board import (
    PLACED_QUADRANTS,
    BoardRules,
    active_major_projects,
    breach_message,
    move_edit,
    move_would_breach,
    nudge,
    quadrant_by_name,
    scores_in_quadrant,
    tidy_edit,
)
from ...core.formatting import format_pounds
from ...core.model import Opportunity
from ...core.quadrant import Quadrant, quadrant_for
from ...core.register_view import RegisterFilter
from .items import CardData
from .panel import SidePanel, meeting_label
from .scene import BoardScene
from .style import DESK, PROJECTOR, ColourBy, colour_key
from .view import BoardView

if TYPE_CHECKING:
    from ..session import RegisterSession

BREACH_STYLE = (
    "QLabel#boardBreachBanner { background: #fdecec; color: #8a1414; border: 1px solid #e5a3a0;"
    " border-left: 6px solid #b3261e; padding: 6px 10px; font-weight: 600; border-radius: 3px; }"
)


class Banner(QLabel):
    """A warning that keeps to two lines however long it is (the middle is elided; the tooltip and
    `full_text` hold it all), so the board keeps its room."""

    def __init__(self) -> None:
        super().__init__()
        self.full_text = ""
        self.setWordWrap(True)

    def set_message(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()
        self.setVisible(bool(text))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(200, self.contentsRect().width() - 24) * 1.8
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideMiddle, int(room)))


class BoardPage(QWidget):
    open_requested = Signal(str)  # opportunity id
    presentation_requested = Signal()
    selection_changed = Signal(str)  # opportunity id, "" when none

    def __init__(self, host: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardPage")
        self.host = host  # the main window: its confirm() and status bar
        self.session: RegisterSession | None = None
        self.filter = RegisterFilter()
        self.colour_by = ColourBy.WORKSTREAM
        self.rules = BoardRules()
        self.presenting = False

        self.scene = BoardScene(self)
        self.view = BoardView(self.scene)
        self.view.card_dropped.connect(self.move_card)
        self.view.nudge_requested.connect(self.nudge_selected)
        self.view.open_requested.connect(self.open_requested)
        self.view.tray_dropped.connect(self.place_from_tray)
        self.view.context_requested.connect(self._context_menu)
        self.scene.selectionChanged.connect(self._on_selection_changed)

        # ---- toolbar
        self.meeting = QComboBox()
        self.meeting.setObjectName("boardMeeting")
        self.meeting.setAccessibleName("Meeting in session")
        self.meeting.setToolTip("Moves made now are recorded against this meeting")
        self.meeting.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.meeting.currentIndexChanged.connect(self._on_meeting_chosen)
        meeting_label_widget = QLabel("Meeting in &session:")
        meeting_label_widget.setBuddy(self.meeting)
        self.colour = QComboBox()
        self.colour.setObjectName("boardColourBy")
        self.colour.setAccessibleName("Colour cards by")
        for choice in ColourBy:
            self.colour.addItem(choice.value, choice)
        self.colour.currentIndexChanged.connect(lambda _i: self.set_colour_by(self.colour.currentData()))
        colour_label = QLabel("Colour b&y:")
        colour_label.setBuddy(self.colour)
        self.send_button = QPushButton("Sen&d to quadrant…")
        self.send_button.setObjectName("boardSendButton")
        self.send_button.setAccessibleName("Send the selected card to a quadrant")
        self.send_button.setToolTip("Send the selected card to a quadrant by name (Ctrl+M)")
        self.send_button.clicked.connect(lambda: self.send_to_quadrant())
        self.tidy_menu = QMenu("T&idy quadrant", self)
        self.tidy_actions: dict[Quadrant, QAction] = {}
        for quadrant in PLACED_QUADRANTS:
            action = self.tidy_menu.addAction(f"Tidy {quadrant.value}")
            action.triggered.connect(lambda _c=False, q=quadrant: self.tidy(q))
            self.tidy_actions[quadrant] = action
        self.tidy_button = QPushButton("T&idy quadrant")
        self.tidy_button.setObjectName("boardTidyButton")
        self.tidy_button.setAccessibleName("Tidy a quadrant")
        self.tidy_button.setToolTip("Spread a quadrant's cards on an even grid, without changing quadrant")
        self.tidy_button.setMenu(self.tidy_menu)
        self.present_button = QPushButton("Present&ation")
        self.present_button.setObjectName("boardPresentButton")
        self.present_button.setAccessibleName("Presentation mode")
        self.present_button.setToolTip("Full screen board for the meeting room (F11); Esc leaves it")
        self.present_button.clicked.connect(self.presentation_requested)

        self.toolbar = QWidget()
        self.toolbar.setObjectName("boardToolbar")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(meeting_label_widget)
        bar.addWidget(self.meeting)
        bar.addSpacing(16)
        bar.addWidget(colour_label)
        bar.addWidget(self.colour)
        bar.addSpacing(16)
        bar.addWidget(self.send_button)
        bar.addWidget(self.tidy_button)
        bar.addStretch(1)
        bar.addWidget(self.present_button)

        # ---- presentation title (shown only when presenting)
        self.title = QLabel()
        self.title.setObjectName("boardTitle")
        self.title.setStyleSheet("QLabel#boardTitle { font-size: 17pt; font-weight: 700; color: #000000; }")
        self.leave_hint = QLabel("Esc leaves presentation")
        self.leave_hint.setStyleSheet("color: #2b3440; font-size: 11pt;")
        self.title_bar = QWidget()
        title_layout = QHBoxLayout(self.title_bar)
        title_layout.setContentsMargins(4, 0, 4, 0)
        title_layout.addWidget(self.title, 1)
        title_layout.addWidget(self.leave_hint)
        self.title_bar.hide()

        self.banner = Banner()
        self.banner.setObjectName("boardBreachBanner")
        self.banner.setAccessibleName("Major project limit")
        self.banner.setStyleSheet(BREACH_STYLE)
        self.banner.hide()

        self.legend = QLabel()
        self.legend.setObjectName("boardLegend")
        self.legend.setAccessibleName("Colour key")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)

        board_column = QWidget()
        column = QVBoxLayout(board_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.view, 1)
        column.addWidget(self.legend)

        self.panel = SidePanel()
        self.panel.tray.place_requested.connect(lambda opportunity_id: self.send_to_quadrant(opportunity_id))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("boardSplitter")
        self.splitter.addWidget(board_column)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([1160, 260])
        self.panel.setMinimumWidth(230)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.title_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self._cards_stale = False
        self._update_legend([])
        self._set_enabled()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._cards_stale:
            self._show_cards()

    # ------------------------------------------------------------------------------------------ session

    def set_session(self, session: RegisterSession | None) -> None:
        if self.session is not None:
            try:
                self.session.changed.disconnect(self.refresh)
                self.session.meeting_in_session_changed.disconnect(self._on_meeting_in_session)
            except (RuntimeError, TypeError):
                pass
        self.session = session
        self.scene.clearSelection()
        if session is not None:
            session.changed.connect(self.refresh)
            session.meeting_in_session_changed.connect(self._on_meeting_in_session)
        self.refresh()

    def set_filter(self, register_filter: RegisterFilter) -> None:
        self.filter = register_filter
        self._show_cards()

    def set_colour_by(self, by: ColourBy) -> None:
        self.colour_by = by
        index = self.colour.findData(by)
        if index >= 0 and index != self.colour.currentIndex():
            self.colour.setCurrentIndex(index)
        self._show_cards()

    def refresh(self) -> None:
        """Reload from the session's data (after every write, undo and redo)."""
        self._set_enabled()
        self._fill_meetings()
        if self.session is None:
            self.scene.set_cards([], set(), None)
            self.panel.tray.set_entries([], None)
            self.banner.set_message("")
            self._update_legend([])
            self._on_selection_changed()
            return
        data = self.session.data
        self.rules = BoardRules.from_settings(data.settings)
        self.scene.set_thresholds(self.rules.thresholds)
        self.view.fit_board()
        self._show_cards()
        message = breach_message(data, self.rules)
        self.banner.set_message(f"⚠ {message}" if message else "")
        self._update_title()
        self._on_selection_changed()

    def _show_cards(self) -> None:
        if self.session is None:
            return
        if not self.isVisible():
            # Laying out a thousand cards costs more than start-up itself: do it when the board is shown.
            self._cards_stale = True
            return
        self._cards_stale = False
        data = self.session.data
        rows = self.session.rows  # built once per load, shared with the table
        structural = dataclasses.replace(self.filter, text="")
        shown = {row.id for row in rows if structural.matches(row)}
        text = self.filter.text.strip()
        searching = RegisterFilter(text=text)
        matched = {row.id for row in rows if row.id in shown and searching.matches(row)} if text else None
        key = colour_key(data, self.colour_by)
        cards = [self._card_data(opp, key.colours.get(opp.id, "#8a96a8")) for opp in data.opportunities.values()]
        self.scene.set_cards(cards, shown, matched)
        unplaced = sorted(
            (o for o in data.opportunities.values() if o.effort is None or o.benefit is None),
            key=lambda o: o.reference,
        )
        entries = [(o.id, f"{o.reference}  {o.title}", self._tooltip(o)) for o in unplaced if o.id in shown]
        self.panel.tray.set_entries(entries, matched)
        self.panel.set_tray_count(len(entries), len(unplaced))
        self._update_legend(key.legend)

    def _card_data(self, opp: Opportunity, colour: str) -> CardData:
        data = self.session.data  # type: ignore[union-attr]
        partners = " · ".join(data.organisations[p].short_name for p in opp.partner_ids if p in data.organisations)
        return CardData(
            id=opp.id,
            reference=opp.reference,
            title=opp.title,
            stage=opp.stage.label,
            partners=partners,
            colour=colour,
            tooltip=self._tooltip(opp),
            effort=opp.effort,
            benefit=opp.benefit,
        )

    def _tooltip(self, opp: Opportunity) -> str:
        data = self.session.data  # type: ignore[union-attr]
        lead = data.organisations.get(opp.lead_organisation_id or "")
        partners = ", ".join(data.organisations[p].short_name for p in opp.partner_ids if p in data.organisations)
        lead_text = " — ".join(x for x in (lead.name if lead else "", opp.lead_officer) if x) or "not recorded"
        lines = [
            f"<b>{html.escape(opp.reference)} {html.escape(opp.title)}</b>",
            f"Stage: {html.escape(opp.stage.label)}",
            f"Lead: {html.escape(lead_text)}",
        ]
        if partners:
            lines.append(f"Partners: {html.escape(partners)}")
        if opp.cashable_saving_pence:
            lines.append(f"Saving a year: {format_pounds(opp.cashable_saving_pence)}")
        if opp.effort is not None and opp.benefit is not None:
            lines.append(f"Effort {opp.effort}, benefit {opp.benefit}")
        return "<br>".join(lines)

    def _update_legend(self, legend: list[tuple[str, str]]) -> None:
        size = "13pt" if self.presenting else "9pt"
        swatches = "&nbsp;&nbsp;&nbsp;".join(
            f"<span style='color:{c}; font-size:{size}'>■</span>&nbsp;{html.escape(name)}" for c, name in legend
        )
        prefix = f"<span style='color:#5a6778'>{html.escape(self.colour_by.value)}:</span>&nbsp;&nbsp;"
        self.legend.setText(f"<span style='font-size:{size}'>{prefix}{swatches}</span>" if legend else "")

    def _set_enabled(self) -> None:
        writable = self.session is not None and not self.session.read_only
        for widget in (self.send_button, self.tidy_button):
            widget.setEnabled(writable)
        self.meeting.setEnabled(self.session is not None)
        self.colour.setEnabled(self.session is not None)

    # -------------------------------------------------------------------------------------- meetings

    def _fill_meetings(self) -> None:
        current = self.session.current_meeting_id if self.session else None
        self.meeting.blockSignals(True)
        self.meeting.clear()
        self.meeting.addItem("(none)", None)
        if self.session is not None:
            data = self.session.data
            for meeting in sorted(data.meetings.values(), key=lambda m: (m.date, m.time)):
                if meeting.cancelled:
                    continue
                self.meeting.addItem(meeting_label(data, meeting.id, short=True), meeting.id)
                self.meeting.setItemData(
                    self.meeting.count() - 1, meeting_label(data, meeting.id), Qt.ItemDataRole.ToolTipRole
                )
        index = self.meeting.findData(current) if current else 0
        self.meeting.setCurrentIndex(max(index, 0))
        self.meeting.blockSignals(False)

    def _on_meeting_in_session(self, meeting_id: str) -> None:
        """Another screen (the meeting page) put a meeting in session: show it here too."""
        index = self.meeting.findData(meeting_id) if meeting_id else 0
        if index >= 0 and index != self.meeting.currentIndex():
            self.meeting.blockSignals(True)
            self.meeting.setCurrentIndex(index)
            self.meeting.blockSignals(False)
            self._update_title()

    def _on_meeting_chosen(self, _index: int) -> None:
        if self.session is None:
            return
        self.session.current_meeting_id = self.meeting.currentData()
        self._update_title()
        label = meeting_label(self.session.data, self.session.current_meeting_id)
        self._status(f"Moves are now recorded against {label}." if label else "No meeting in session.")

    def _update_title(self) -> None:
        if self.session is None:
            self.title.clear()
            return
        data = self.session.data
        parts = [data.settings.name, "Effort and benefit board"]
        meeting = meeting_label(data, self.session.current_meeting_id)
        if meeting:
            parts.append(meeting)
        self.title.setText(" · ".join(parts))

    # ------------------------------------------------------------------------------------------ selection

    def selected_id(self) -> str | None:
        card = self.view.selected_card()
        return card.opportunity_id if card is not None else None

    def select(self, opportunity_id: str | None) -> None:
        card = self.scene.cards.get(opportunity_id or "")
        self.view.select_card(card if card is not None and card.isVisible() else None)

    def _on_selection_changed(self) -> None:
        opportunity_id = self.selected_id()
        opp = self.session.data.opportunities.get(opportunity_id or "") if self.session else None
        history = self.session.register.history(opp.id) if self.session and opp else []
        self.panel.show_opportunity(opp, self.session.data if self.session else None, self.rules.thresholds, history)
        if opp is not None:
            quadrant = quadrant_for(opp.effort, opp.benefit, self.rules.thresholds)
            self.view.setAccessibleDescription(
                f"{opp.reference} {opp.title}: {quadrant.value}, effort {opp.effort}, benefit {opp.benefit}"
            )
        else:
            self.view.setAccessibleDescription("No card selected")
        self.selection_changed.emit(opportunity_id or "")

    # --------------------------------------------------------------------------------------------- moves

    def _writable(self) -> bool:
        if self.session is None:
            return False
        if self.session.read_only:
            self._status("This register is open read-only: the board cannot be changed.")
            return False
        return True

    def move_card(self, opportunity_id: str, effort: int | None, benefit: int | None) -> bool:
        """Put a card at (effort, benefit): the one way every move (drag, keys, tray, send) is made. The
        major-project rule asks first; a move not made leaves the card where it was."""
        opp = self.session.data.opportunities.get(opportunity_id) if self.session else None
        if opp is None or not self._writable():
            self.scene.layout_cards()
            return False
        assert self.session is not None
        edit = move_edit(opp, effort, benefit, self.rules)
        if edit is None:
            self.scene.layout_cards()
            return False
        if effort is not None and benefit is not None:
            if move_would_breach(self.session.data, self.rules, opp.id, effort, benefit):
                running = active_major_projects(
                    self.session.data.opportunities.values(), self.rules, {opp.id: (effort, benefit)}
                )
                question = (
                    f"Moving {opp.reference} {opp.title} to Major project makes {len(running)} active major "
                    f"projects ({', '.join(o.reference for o in running)}). The programme allows "
                    f"{self.rules.major_project_limit}: only 1 or 2 major projects should run at any one time."
                    "\n\nMove it anyway?"
                )
                if not self.confirm("More major projects than agreed", question):
                    self.scene.layout_cards()
                    self._status(f"{opp.reference} was not moved.")
                    return False
        if not self.session.apply(edit):
            self.scene.layout_cards()
            return False
        self.select(opp.id)
        self._status(f"{edit.description}. Undo with Ctrl+Z.")
        return True

    def place_from_tray(self, opportunity_id: str, scene_pos: QPointF) -> bool:
        """A card dropped from the tray at a point of the board."""
        effort, benefit = self.scene.geometry.scores(scene_pos.x(), scene_pos.y())
        return self.move_card(opportunity_id, effort, benefit)

    def nudge_selected(self, d_benefit: int, d_effort: int) -> bool:
        opp = self._selected_opportunity()
        if opp is None:
            return False
        effort, benefit = nudge(opp, d_benefit, d_effort)
        return self.move_card(opp.id, effort, benefit)

    def send_to_quadrant(self, opportunity_id: str | None = None) -> bool:
        """Ask for a quadrant by name and send the card (the selected one unless given) there."""
        opp = (
            self.session.data.opportunities.get(opportunity_id) if self.session and opportunity_id else None
        ) or self._selected_opportunity()
        if opp is None:
            self._status("Select a card first (Tab or the arrow keys choose one).")
            return False
        if not self._writable():
            return False
        answer = self.ask_quadrant(opp)
        quadrant = quadrant_by_name(answer) if answer else None
        if quadrant is None or quadrant is Quadrant.NOT_PLACED:
            return False
        effort, benefit = scores_in_quadrant(opp, quadrant, self.rules.thresholds)
        return self.move_card(opp.id, effort, benefit)

    def take_off_board(self, opportunity_id: str | None = None) -> bool:
        """Back to the tray: effort and benefit cleared."""
        opp = self._selected_opportunity() if opportunity_id is None else None
        if opportunity_id is not None and self.session is not None:
            opp = self.session.data.opportunities.get(opportunity_id)
        if opp is None or opp.effort is None:
            return False
        return self.move_card(opp.id, None, None)

    def tidy(self, quadrant: Quadrant) -> bool:
        if not self._writable():
            return False
        assert self.session is not None
        edit = tidy_edit(self.session.data, quadrant, self.rules)
        if edit is None:
            self._status(f"{quadrant.value} is already tidy.")
            return False
        selected = self.selected_id()
        if not self.session.apply(edit):
            return False
        self.select(selected)
        self._status(f"{edit.description}. Undo with Ctrl+Z.")
        return True

    def _selected_opportunity(self) -> Opportunity | None:
        opportunity_id = self.selected_id()
        return self.session.data.opportunities.get(opportunity_id) if self.session and opportunity_id else None

    # -------------------------------------------------------------------------------------------- menus

    def _context_menu(self, card_id: str, scene_pos: QPointF, global_pos: QPoint) -> None:
        menu = QMenu(self)
        writable = self.session is not None and not self.session.read_only
        if card_id:
            menu.addAction("&Open…", lambda: self.open_requested.emit(card_id))
            send = menu.addAction("&Send to quadrant…", lambda: self.send_to_quadrant(card_id))
            send.setEnabled(writable)
            back = menu.addAction("&Take off the board", lambda: self.take_off_board(card_id))
            back.setEnabled(writable)
            menu.addSeparator()
        quadrant = self.scene.quadrant_at(scene_pos)
        if self.scene.board_rect().contains(scene_pos) and quadrant is not Quadrant.NOT_PLACED:
            tidy = menu.addAction(f"T&idy {quadrant.value}", lambda: self.tidy(quadrant))
            tidy.setEnabled(writable)
        if menu.actions():
            self.show_menu(menu, global_pos)
        menu.deleteLater()

    # ---------------------------------------------------------------------------------------- presentation

    def set_presentation(self, on: bool) -> None:
        self.presenting = on
        self.view.cancel_drag()
        self.toolbar.setVisible(not on)
        self.panel.setVisible(not on)
        self.title_bar.setVisible(on)
        self.scene.set_style(PROJECTOR if on else DESK)
        self.banner.setStyleSheet(
            BREACH_STYLE.replace("font-weight: 600;", "font-weight: 700; font-size: 14pt;") if on else BREACH_STYLE
        )
        self._update_title()
        self._show_cards()
        self.view.fit_board()
        self.view.setFocus()

    # ------------------------------------------------------------------------------- prompts (overridable)

    def confirm(self, title: str, text: str) -> bool:
        confirm = getattr(self.host, "confirm", None)
        if confirm is not None:
            return bool(confirm(title, text))
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def ask_quadrant(self, opp: Opportunity) -> str | None:
        names = [q.value for q in PLACED_QUADRANTS]
        here = quadrant_for(opp.effort, opp.benefit, self.rules.thresholds)
        name, ok = QInputDialog.getItem(
            self,
            "Send to quadrant",
            f"Send {opp.reference} {opp.title} to:",
            names,
            names.index(here.value) if here.value in names else 0,
            False,
        )
        return name if ok and name else None

    def show_menu(self, menu: QMenu, global_pos: QPoint) -> None:
        menu.exec(global_pos)

    def _status(self, text: str) -> None:
        status = getattr(self.host, "statusBar", None)
        if status is not None:
            status().showMessage(text, 8000)
