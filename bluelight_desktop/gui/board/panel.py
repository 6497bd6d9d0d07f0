"""The board's side panel: the tray, the selected card's details, and its quadrant history."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QSizePolicy, QVBoxLayout, QWidget

from ...core.board import QuadrantMove, quadrant_moves
from ...core.formatting import format_date, format_pounds
from ...core.model import Opportunity, RegisterData
from ...core.quadrant import Quadrant, Thresholds, quadrant_for
from .tray import TrayList


def _when(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_date(moment.astimezone().date())


def meeting_label(data: RegisterData, meeting_id: str | None, short: bool = False) -> str:
    """'Collaboration Programme Board, 17 Nov 2026' (or 'CPB 17 Nov 2026'); '' if unknown."""
    meeting = data.meetings.get(meeting_id or "")
    if meeting is None:
        return ""
    board = data.boards.get(meeting.board_id)
    if short:
        return f"{(board.short_name or board.name) if board else 'Meeting'} {format_date(meeting.date)}"
    return f"{board.name if board else 'Meeting'}, {format_date(meeting.date)}"


def describe_move(move: QuadrantMove, data: RegisterData) -> str:
    """'21 Nov 2026 — Quick win → Major project — at Collaboration Programme Board, 17 Nov 2026 — by jsmith'"""
    parts = [_when(move.when), f"{move.before.value} → {move.after.value}"]
    meeting = meeting_label(data, move.meeting_id)
    if meeting:
        parts.append(f"at {meeting}")
    parts.append(f"by {move.by}")
    return " — ".join(parts)


def history_lines(history: Sequence[Mapping[str, Any]], data: RegisterData, thresholds: Thresholds) -> list[str]:
    """A card's quadrant moves, newest first."""
    return [describe_move(m, data) for m in reversed(quadrant_moves(history, thresholds))]


def details_html(opp: Opportunity, data: RegisterData, thresholds: Thresholds) -> str:
    workstream = data.workstreams.get(opp.workstream_id or "")
    lead = data.organisations.get(opp.lead_organisation_id or "")
    partners = [data.organisations[p].short_name for p in opp.partner_ids if p in data.organisations]
    quadrant = quadrant_for(opp.effort, opp.benefit, thresholds)
    place = (
        f"{quadrant.value} · effort {opp.effort}, benefit {opp.benefit}"
        if quadrant is not Quadrant.NOT_PLACED
        else "Not yet placed"
    )
    if opp.placement_illustrative and quadrant is not Quadrant.NOT_PLACED:
        place += " (illustrative)"
    lead_text = " — ".join(x for x in (lead.name if lead else "", opp.lead_officer) if x) or "Not recorded"
    rows = [
        ("Where", place),
        ("Stage", opp.stage.label),
        ("Workstream", workstream.name if workstream else "None"),
        ("Lead", lead_text),
        ("Partners", ", ".join(partners) or "None"),
        ("Saving a year", format_pounds(opp.cashable_saving_pence) if opp.cashable_saving_pence else "Not estimated"),
    ]
    cells = "".join(
        f"<tr><td style='color:#5a6778;padding-right:8px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return (
        f"<p style='margin:0 0 4px 0'><b>{html.escape(opp.reference)} {html.escape(opp.title)}</b></p>"
        f"<table cellspacing=0 cellpadding=1>{cells}</table>"
    )


def _heading(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    label.setObjectName("boardPanelHeading")
    label.setStyleSheet("font-weight: 600; color: #123a6b; padding-top: 6px;")
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class SidePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardSidePanel")
        self.tray = TrayList()
        self.tray_heading = _heading("&Not yet placed", self.tray)
        tray_hint = QLabel("Drag onto the board, or select and press Enter to choose a quadrant.")
        tray_hint.setWordWrap(True)
        tray_hint.setStyleSheet("color: #5a6778; font-size: 9pt;")

        self.details = QLabel("Select a card to see its details.")
        self.details.setObjectName("boardDetails")
        self.details.setAccessibleName("Selected card")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.details.setStyleSheet(
            "QLabel#boardDetails { background: #ffffff; border: 1px solid #d5dde8; border-radius: 4px; padding: 6px; }"
        )

        self.history = QListWidget()
        self.history.setObjectName("boardHistory")
        self.history.setAccessibleName("Quadrant moves of the selected card")
        self.history.setWordWrap(True)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setStyleSheet(
            "QListWidget#boardHistory::item { padding: 4px 2px; border-bottom: 1px solid #e3e8ef; }"
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.tray_heading)
        layout.addWidget(self.tray)
        layout.addWidget(tray_hint)
        layout.addWidget(_heading("Selected card"))
        layout.addWidget(self.details)
        layout.addWidget(_heading("Hist&ory on the board", self.history))
        layout.addWidget(self.history, 1)

    def set_tray_count(self, shown: int, total: int) -> None:
        count = str(total) if shown == total else f"{shown} of {total}"
        self.tray_heading.setText(f"&Not yet placed ({count})")

    def show_opportunity(
        self,
        opp: Opportunity | None,
        data: RegisterData | None,
        thresholds: Thresholds,
        history: Sequence[Mapping[str, Any]],
    ) -> None:
        self.history.clear()
        if opp is None or data is None:
            self.details.setText("Select a card to see its details.")
            return
        self.details.setText(details_html(opp, data, thresholds))
        lines = history_lines(history, data, thresholds)
        self.history.addItems(lines or ["No quadrant moves recorded yet."])
