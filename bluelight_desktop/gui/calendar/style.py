"""How the calendar looks: the app's light colours (resources/style.qss, gui/board/style.py) and a colour for
each board, so a board's meetings are recognised at a glance in every view."""

from __future__ import annotations

from ...core.model import Board, RegisterData

TEXT = "#1b2430"
MUTED = "#5a6778"
FAINT = "#8a96a8"  # days of the months either side, cancelled meetings, passed deadlines
LINE = "#dde3ea"
BACKGROUND = "#ffffff"
WEEKEND = "#f3f5f8"
OTHER_MONTH = "#fafbfc"
ACCENT = "#1f5aa6"  # the app's selection blue: today, the selected day
SELECTED_FILL = "#eaf1fa"
HOLIDAY = "#6b5a8e"
CANCELLED_FILL = "#f1f2f4"

AMBER_FILL = "#fff1d6"
AMBER_LINE = "#e0a030"
AMBER_TEXT = "#7a4a00"
PASSED_FILL = "#f1f2f4"

DEADLINE_COLOURS = {  # level -> (fill, outline, text)
    "today": (AMBER_FILL, "#c77700", AMBER_TEXT),
    "soon": (AMBER_FILL, AMBER_LINE, AMBER_TEXT),
    "passed": (PASSED_FILL, "#d3d8df", FAINT),
    "later": (BACKGROUND, "#c5cedb", MUTED),
}

_BOARD_PALETTE = ("#1f5aa6", "#0f7c8c", "#7b3fa0", "#a85d00", "#2e7d32", "#ad1457", "#455a64", "#5c6bc0")


def board_colours(data: RegisterData) -> dict[str, str]:
    """A colour for each board, in the order of their names, stable from one load to the next."""
    boards: list[Board] = sorted(data.boards.values(), key=lambda b: (b.name.casefold(), b.id))
    return {b.id: _BOARD_PALETTE[n % len(_BOARD_PALETTE)] for n, b in enumerate(boards)}


def tint(colour: str, amount: float = 0.88) -> str:
    """The colour mixed with white (amount 1 is white): a chip's fill behind the board's own colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * amount) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in mixed)


PAGE_STYLE = f"""
QWidget#calendarToolbar QPushButton {{ padding: 5px 12px; }}
QPushButton[segment="true"] {{
    border-radius: 0; margin: 0; padding: 5px 14px; background: {BACKGROUND};
}}
QPushButton[segment="true"][first="true"] {{ border-top-left-radius: 4px; border-bottom-left-radius: 4px; }}
QPushButton[segment="true"][last="true"] {{ border-top-right-radius: 4px; border-bottom-right-radius: 4px; }}
QPushButton[segment="true"]:checked {{ background: {ACCENT}; color: #ffffff; border-color: #184a8a; }}
QPushButton[segment="true"]:checked:focus {{ border: 2px solid #0b2a52; }}
QLabel#calendarTitle {{ font-size: 15pt; font-weight: 600; color: #123a6b; padding: 0 8px; }}
QLabel#calendarLegend {{ color: {MUTED}; font-size: 9pt; }}
QFrame#calendarDayPanel {{ background: {BACKGROUND}; border: 1px solid #cfd7e2; border-radius: 4px; }}
QLabel#calendarDayTitle {{ font-size: 12pt; font-weight: 600; color: #123a6b; }}
QLabel#calendarDayNotes {{ color: {TEXT}; }}
QTreeWidget {{
    background: {BACKGROUND}; alternate-background-color: #f6f8fb; border: 1px solid #cfd7e2;
    selection-background-color: {ACCENT}; selection-color: #ffffff;
}}
QTreeWidget:focus {{ border: 2px solid {ACCENT}; }}
QTreeWidget::item {{ padding: 4px 2px; }}
QTableView#calendarMonthGrid {{ gridline-color: {LINE}; border: 1px solid #cfd7e2; }}
QTableView#calendarMonthGrid:focus {{ border: 2px solid {ACCENT}; }}
"""
