"""The effort/benefit board as a drawing: laid out once, without Qt, then drawn by a renderer.

`board_shapes` and `page_shapes` work out everything that is drawn (boxes, lines, text already measured and
elided with the PDF's own fonts) from `core.board.BoardGeometry`, so a card sits where the screen puts it.
Two renderers draw the same shapes: ReportLab here (`draw_board`, `BoardFlowable`, `write_board_pdf`, vector)
and QPainter in `gui.board_export` (PNG). Coordinates run as on screen: origin top left, y down, in points.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .. import APP_NAME, __version__
from ..core.board import PLACED_QUADRANTS, BoardGeometry, BoardRules, active_major_projects, breach_message
from ..core.board_layout import lay_out_cards
from ..core.formatting import format_date
from ..core.model import Opportunity, RegisterData, Workstream
from ..core.quadrant import Quadrant
from ..files import write_atomically
from .fonts import FONT_BOLD, FONT_REGULAR, register_fonts, text_width

MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
ELLIPSIS = "…"
CARD_ASPECT = 0.34  # height / width: a reference and stage, a title, the organisations
SPREAD_LIMIT = 150  # BoardGeometry.card_positions spreads cards up to this many

# Colours: quiet quadrant backgrounds so the workstream colours on the cards stand out; dark text.
INK = "#1d232b"
MUTED = "#56606b"
RULE = "#8a939c"
CARD_BORDER = "#9aa3ad"
HIGHLIGHT = "#e37400"
WARNING = "#b3261e"
UNKNOWN_WORKSTREAM = "#8a96a8"
QUADRANT_FILL = {  # as on screen (gui/board/style.py)
    Quadrant.PARK: "#f3f1ed",
    Quadrant.MAJOR_PROJECT: "#fbf1e4",
    Quadrant.BUSINESS_AS_USUAL: "#eef2f7",
    Quadrant.QUICK_WIN: "#e9f4ec",
}
QUADRANT_INK = {
    Quadrant.PARK: "#4a4032",
    Quadrant.MAJOR_PROJECT: "#7a4100",
    Quadrant.BUSINESS_AS_USUAL: "#1f4a7a",
    Quadrant.QUICK_WIN: "#1f5a2a",
}


# ------------------------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    radius: float = 0.0
    dashed: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = RULE
    width: float = 0.75


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str


@dataclass(frozen=True)
class Text:
    """One line of text. (x, y) is the anchor on the baseline; `width` is measured with the PDF font, so
    every renderer aligns the same way; `angle` 90 reads upwards."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    colour: str = INK
    align: Literal["left", "centre", "right"] = "left"
    angle: Literal[0, 90] = 0
    width: float = 0.0

    @property
    def font(self) -> str:
        return FONT_BOLD if self.bold else FONT_REGULAR

    @property
    def start(self) -> float:
        """Where the text begins along its direction of reading."""
        return self.x - {"left": 0.0, "centre": self.width / 2, "right": self.width}[self.align]


Shape = Box | Line | Polygon | Text


@dataclass
class BoardLayout:
    shapes: list[Shape] = field(default_factory=list)
    card_rects: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)  # id: x, y, w, h
    placed: int = 0
    not_placed: int = 0
    overlapping: int = 0  # pairs of cards that still overlap (a quadrant too crowded to spread them)
    plot: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the area BoardGeometry maps scores to
    card_size: tuple[float, float] = (0.0, 0.0)


def text(
    x: float,
    y: float,
    value: str,
    size: float,
    *,
    bold: bool = False,
    colour: str = INK,
    align: Literal["left", "centre", "right"] = "left",
    angle: Literal[0, 90] = 0,
    max_width: float | None = None,
) -> Text:
    """A Text shape, elided with "…" to `max_width` when given."""
    font = FONT_BOLD if bold else FONT_REGULAR
    if max_width is not None:
        value = elide(value, font, size, max_width)
    return Text(x, y, value, size, bold, colour, align, angle, text_width(value, font, size))


def elide(value: str, font: str, size: float, max_width: float) -> str:
    """`value` cut so that it and "…" fit `max_width` (at a character, as screens elide: more of a short
    title survives than cutting at a word would keep)."""
    value = " ".join(value.split())
    if text_width(value, font, size) <= max_width:
        return value
    if text_width(ELLIPSIS, font, size) > max_width:
        return ""
    low, high = 0, len(value)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if text_width(value[:middle].rstrip() + ELLIPSIS, font, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return value[:low].rstrip(" ,;:-–(") + ELLIPSIS


def wrap(value: str, font: str, size: float, max_width: float, max_lines: int) -> list[str]:
    lines: list[str] = simpleSplit(" ".join(value.split()), font, size, max_width)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [elide(" ".join(lines[max_lines - 1 :]), font, size, max_width)]
    return [elide(line, font, size, max_width) for line in lines]  # a single over-long word


def colour_or(value: str | None, fallback: str) -> str:
    return value.lower() if value and re.fullmatch(r"#[0-9a-fA-F]{6}", value) else fallback


# ------------------------------------------------------------------------------------------ the board


def _cards(data: RegisterData, workstream_id: str | None) -> list[Opportunity]:
    return sorted(
        (o for o in data.opportunities.values() if workstream_id is None or o.workstream_id == workstream_id),
        key=lambda o: (o.reference, o.title),
    )


def _organisations(opportunity: Opportunity, data: RegisterData) -> str:
    """Lead first, then the partners: "LFRS · LC, NWAS"."""
    names = [data.organisations[i].short_name for i in opportunity.partner_ids if i in data.organisations]
    lead = data.organisations.get(opportunity.lead_organisation_id or "")
    partners = ", ".join(n for n in names if lead is None or n != lead.short_name)
    if lead is None:
        return partners
    return f"{lead.short_name} · {partners}" if partners else lead.short_name


def _overlaps(rects: Iterable[tuple[float, float, float, float]]) -> int:
    rects = list(rects)
    count = 0
    for i, (ax, ay, aw, ah) in enumerate(rects):
        for bx, by, bw, bh in rects[i + 1 :]:
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                count += 1
    return count


def _card_size(
    plot_w: float, plot_h: float, cards: Sequence[Opportunity], rules: BoardRules
) -> tuple[float, float, dict[str, tuple[float, float]], int]:
    """The largest card, from a size that reads well down to about 40% of it, that the screen's own layout
    (core.board_layout) places without overlaps (its nearest-free-spot search is not monotonic in the size,
    so every step is tried); failing that, the size with the fewest overlaps. Returns (width, height,
    positions, overlaps)."""
    base_w = min(plot_w * 0.2, plot_h * 0.36, 170.0)
    placed = [c for c in cards if c.effort is not None and c.benefit is not None]
    best: tuple[float, float, dict[str, tuple[float, float]], int] | None = None
    steps = 1 if len(placed) > SPREAD_LIMIT else 30  # past the limit the geometry stacks: the smallest is best
    for step in range(steps):
        card_w = base_w * (1 - step * 0.02) if steps > 1 else base_w * 0.42
        card_h = card_w * CARD_ASPECT
        positions = lay_out_cards(placed, BoardGeometry(plot_w, plot_h, card_w, card_h, rules.thresholds)).positions
        overlapping = _overlaps((x, y, card_w, card_h) for x, y in positions.values())
        if best is None or overlapping < best[3]:
            best = (card_w, card_h, positions, overlapping)
        if overlapping == 0:
            break
    assert best is not None
    return best


def _card_shapes(
    opportunity: Opportunity,
    data: RegisterData,
    x: float,
    y: float,
    w: float,
    h: float,
    highlighted: bool,
    dashed: bool,
) -> list[Shape]:
    workstream = data.workstreams.get(opportunity.workstream_id or "")
    strip = max(3.0, w * 0.04)
    pad = h * 0.09
    inner_x = x + strip + h * 0.08
    inner_w = x + w - h * 0.07 - inner_x
    leading = (h - 2 * pad) / 3
    big, small = leading * 0.86, leading * 0.74
    shapes: list[Shape] = [
        Box(x, y, w, h, fill="#ffffff", stroke=CARD_BORDER, stroke_width=0.5, radius=1.5, dashed=dashed),
        Box(x, y, strip, h, fill=colour_or(workstream.colour if workstream else None, UNKNOWN_WORKSTREAM)),
    ]
    first = y + pad + leading * 0.8
    reference = text(inner_x, first, opportunity.reference or "—", big, bold=True, max_width=inner_w * 0.55)
    shapes.append(reference)
    # The stage takes what the reference leaves, in smaller type if need be ("Implementation"), then elided.
    stage_room = inner_w - reference.width - small * 0.45
    stage = opportunity.stage.label
    stage_size = max(small * 0.82, min(small, small * stage_room / max(1.0, text_width(stage, FONT_REGULAR, small))))
    shapes.append(text(inner_x + inner_w, first, stage, stage_size, colour=MUTED, align="right", max_width=stage_room))
    shapes.append(text(inner_x, first + leading, opportunity.title, big, max_width=inner_w))
    shapes.append(
        text(inner_x, first + 2 * leading, _organisations(opportunity, data), small, colour=MUTED, max_width=inner_w)
    )
    if highlighted:
        shapes.append(Box(x - 1, y - 1, w + 2, h + 2, stroke=HIGHLIGHT, stroke_width=2.0, radius=2.5))
    return shapes


def board_shapes(
    data: RegisterData,
    rules: BoardRules,
    width: float,
    height: float,
    highlight_ids: Collection[str] = frozenset(),
    workstream_id: str | None = None,
    highlight_label: str = "",
) -> BoardLayout:
    """Everything the board draws in a `width` by `height` area (points; origin top left, y down): the four
    quadrants with their names, meanings and counts, the axes, the cards where BoardGeometry puts them, a
    workstream key and the "Not yet placed" list. With `highlight_label` ("On this agenda") the key also
    explains the highlighted cards' outline."""
    register_fonts()
    layout = BoardLayout()
    shapes = layout.shapes
    cards = _cards(data, workstream_id)
    placed = [c for c in cards if rules.quadrant(c) is not Quadrant.NOT_PLACED]
    waiting = [c for c in cards if rules.quadrant(c) is Quadrant.NOT_PLACED]
    layout.placed, layout.not_placed = len(placed), len(waiting)

    axis = max(18.0, min(26.0, height * 0.045))
    side = max(110.0, min(180.0, width * 0.16))
    gap = 10.0
    plot_x = axis
    plot_w = max(40.0, width - axis - gap - side)

    # Quadrant names and meanings sit in bands outside the area cards can reach (above the top quadrants,
    # below the bottom ones), so a card never hides them.
    name_size = max(8.0, min(11.0, height * 0.019))
    meaning_size = name_size * 0.72
    geometry = BoardGeometry(plot_w, 100.0, 1, 1, rules.thresholds)  # for the quadrants' widths only
    meaning_lines = {
        q: wrap(q.meaning, FONT_REGULAR, meaning_size, geometry.quadrant_rect(q)[2] - 14, 2) for q in PLACED_QUADRANTS
    }
    band = 5 + name_size * 1.25 + max(len(v) for v in meaning_lines.values()) * meaning_size * 1.22 + 5
    plot_y = band
    plot_h = max(40.0, height - 2 * band - axis)

    card_w, card_h, positions, layout.overlapping = _card_size(plot_w, plot_h, placed, rules)
    geometry = BoardGeometry(plot_w, plot_h, card_w, card_h, rules.thresholds)
    layout.plot, layout.card_size = (plot_x, plot_y, plot_w, plot_h), (card_w, card_h)

    counts = {q: 0 for q in PLACED_QUADRANTS}
    for card in placed:
        counts[rules.quadrant(card)] += 1
    active = len(active_major_projects(placed, rules))
    breach = active > rules.major_project_limit

    for quadrant in PLACED_QUADRANTS:
        qx, qy, qw, qh = geometry.quadrant_rect(quadrant)
        top = quadrant in (Quadrant.PARK, Quadrant.MAJOR_PROJECT)
        box_y = 0.0 if top else plot_y + qy
        box_h = plot_y + qh if top else qh + band
        shapes.append(Box(plot_x + qx, box_y, qw, box_h, fill=QUADRANT_FILL[quadrant]))
        label_y = 5 + name_size if top else plot_y + plot_h + 5 + name_size
        ink = QUADRANT_INK[quadrant]
        count = f"{counts[quadrant]}"
        if quadrant is Quadrant.MAJOR_PROJECT:
            count += f" ({active} active, limit {rules.major_project_limit})"
        count_shape = text(
            plot_x + qx + qw - 7,
            label_y,
            count,
            name_size,
            bold=True,
            colour=WARNING if breach and quadrant is Quadrant.MAJOR_PROJECT else ink,
            align="right",
        )
        shapes.append(count_shape)
        shapes.append(
            text(
                plot_x + qx + 7,
                label_y,
                quadrant.value,
                name_size,
                bold=True,
                colour=ink,
                max_width=qw - 21 - count_shape.width,
            )
        )
        for number, line in enumerate(meaning_lines[quadrant]):
            shapes.append(
                text(
                    plot_x + qx + 7,
                    label_y + name_size * 0.35 + (number + 1) * meaning_size * 1.22,
                    line,
                    meaning_size,
                    colour=ink,
                )
            )
    # The thresholds, where the quadrants meet, and a frame round the whole.
    split_x, split_y = geometry.point(rules.thresholds.effort, rules.thresholds.benefit)
    board_bottom = plot_y + plot_h + band
    shapes.append(Line(plot_x + split_x, 0, plot_x + split_x, board_bottom, RULE, 1.0))
    shapes.append(Line(plot_x, plot_y + split_y, plot_x + plot_w, plot_y + split_y, RULE, 1.0))
    shapes.append(Box(plot_x, 0, plot_w, board_bottom, stroke=RULE, stroke_width=0.75))

    # Axes: effort up the left, benefit across the bottom.
    axis_size = max(7.0, axis * 0.36)
    middle_y = plot_y + plot_h / 2
    arrow_x = axis * 0.72
    shapes.append(text(axis * 0.42, middle_y, "Effort", axis_size, bold=True, align="centre", angle=90))
    shapes.append(text(axis * 0.42, plot_y + plot_h, "Low", axis_size * 0.85, colour=MUTED, angle=90))
    shapes.append(text(axis * 0.42, plot_y, "High", axis_size * 0.85, colour=MUTED, align="right", angle=90))
    shapes.append(Line(arrow_x, plot_y + plot_h, arrow_x, plot_y + 3, INK, 0.8))
    shapes.append(Polygon(((arrow_x, plot_y), (arrow_x - 2.5, plot_y + 5), (arrow_x + 2.5, plot_y + 5)), INK))
    base = board_bottom + axis * 0.72
    arrow_y = board_bottom + axis * 0.22
    shapes.append(text(plot_x + plot_w / 2, base, "Benefit", axis_size, bold=True, align="centre"))
    shapes.append(text(plot_x, base, "Low", axis_size * 0.85, colour=MUTED))
    shapes.append(text(plot_x + plot_w, base, "High", axis_size * 0.85, colour=MUTED, align="right"))
    shapes.append(Line(plot_x, arrow_y, plot_x + plot_w - 3, arrow_y, INK, 0.8))
    end = plot_x + plot_w
    shapes.append(Polygon(((end, arrow_y), (end - 5, arrow_y - 2.5), (end - 5, arrow_y + 2.5)), INK))

    # The cards, highlighted ones drawn last so their outline is never covered.
    illustrative = [c for c in placed if c.placement_illustrative]
    dash_illustrative = 0 < len(illustrative) < len(placed)
    highlight = set(highlight_ids)
    for card in sorted(placed, key=lambda c: (c.id in highlight, c.reference)):
        cx, cy = positions[card.id]
        x, y = plot_x + cx, plot_y + cy
        layout.card_rects[card.id] = (x, y, card_w, card_h)
        shapes.extend(
            _card_shapes(
                card,
                data,
                x,
                y,
                card_w,
                card_h,
                card.id in highlight,
                dash_illustrative and card.placement_illustrative,
            )
        )

    label = highlight_label if highlight & {c.id for c in cards} else ""
    _side_panel(layout, data, cards, waiting, width - side, side, board_bottom, highlight, label)
    return layout


def _side_panel(
    layout: BoardLayout,
    data: RegisterData,
    cards: Sequence[Opportunity],
    waiting: Sequence[Opportunity],
    x: float,
    w: float,
    height: float,
    highlight: set[str],
    highlight_label: str = "",
) -> None:
    """The workstream key (the workstreams on this board), the highlight's meaning when labelled, and the
    "Not yet placed" list below them."""
    shapes = layout.shapes
    head, size = 8.5, 7.2
    row = size * 1.55
    y = head
    shapes.append(text(x, y, "Workstreams", head, bold=True))
    shown = {c.workstream_id for c in cards}
    workstreams = sorted((w_ for w_ in data.workstreams.values() if w_.id in shown), key=lambda w_: w_.name)
    if None in shown or any(c.workstream_id not in data.workstreams for c in cards if c.workstream_id):
        workstreams.append(Workstream("No workstream", UNKNOWN_WORKSTREAM, id=""))
    fits = max(1, int((height * 0.45 - head) // row))
    if len(workstreams) > fits:
        hidden = len(workstreams) - (fits - 1)
        workstreams = workstreams[: fits - 1]
    else:
        hidden = 0
    for workstream in workstreams:
        y += row
        shapes.append(
            Box(x, y - size * 0.85, size * 1.1, size * 1.1, fill=colour_or(workstream.colour, UNKNOWN_WORKSTREAM))
        )
        shapes.append(text(x + size * 1.6, y, workstream.name, size, max_width=w - size * 1.6))
    if hidden:
        y += row
        shapes.append(text(x + size * 1.6, y, f"and {hidden} more", size, colour=MUTED, max_width=w - size * 1.6))
    if highlight_label:
        y += row * 1.3
        box = size * 1.1
        shapes.append(Box(x, y - size * 0.85, box, box, fill="#ffffff", stroke=HIGHLIGHT, stroke_width=1.5, radius=1))
        shapes.append(text(x + size * 1.6, y, highlight_label, size, bold=True, max_width=w - size * 1.6))

    top = y + row * 1.1
    line = size * 1.3
    item_h = line * 2 + 3  # reference and stage, then the title
    room = int((height - top - 10 - head - 3) // item_h)
    if room < 1:
        return
    wanted = max(1, len(waiting))
    box_h = 6 + head + 3 + min(wanted, room) * item_h + 6
    shapes.append(Box(x, top, w, box_h, fill="#f7f8f9", stroke=RULE, stroke_width=0.75, radius=2))
    y = top + 6 + head
    shapes.append(text(x + 6, y, "Not yet placed", head, bold=True, max_width=w - 30))
    shapes.append(text(x + w - 6, y, str(len(waiting)), head, bold=True, align="right"))
    y += 3
    if not waiting:
        shapes.append(
            text(x + 6, y + line, "Every opportunity is on the board.", size * 0.92, colour=MUTED, max_width=w - 12)
        )
        return
    shown_items = waiting if len(waiting) <= room else waiting[: max(0, room - 1)]
    for card in shown_items:
        workstream = data.workstreams.get(card.workstream_id or "")
        shapes.append(
            Box(
                x + 6,
                y + 2,
                2.5,
                item_h - 4,
                fill=colour_or(workstream.colour if workstream else None, UNKNOWN_WORKSTREAM),
            )
        )
        reference = text(x + 12, y + line, card.reference or "—", size, bold=True, max_width=w - 18)
        shapes.append(reference)
        shapes.append(
            text(
                x + w - 6,
                y + line,
                card.stage.label,
                size * 0.9,
                colour=MUTED,
                align="right",
                max_width=w - 24 - reference.width,
            )
        )
        shapes.append(text(x + 12, y + 2 * line, card.title, size, max_width=w - 18))
        if card.id in highlight:
            shapes.append(Box(x + 4, y + 1, w - 8, item_h - 2, stroke=HIGHLIGHT, stroke_width=1.5, radius=1.5))
        y += item_h
    if len(shown_items) < len(waiting):
        shapes.append(
            text(x + 12, y + line, f"and {len(waiting) - len(shown_items)} more", size, colour=MUTED, max_width=w - 18)
        )


# ------------------------------------------------------------------------------------------- the page


def page_shapes(
    data: RegisterData,
    rules: BoardRules,
    width: float,
    height: float,
    *,
    workstream_id: str | None = None,
    marking: str | None = "OFFICIAL",
    today: date | None = None,
    highlight_ids: Collection[str] = frozenset(),
) -> BoardLayout:
    """A whole page (or image): the protective marking at top and bottom, the register's name and the date,
    what the board shows, the board, and a note when placements are illustrative."""
    register_fonts()
    today = today or date.today()
    margin = max(14.0, min(28.0, width * 0.03))
    marking_size = 10.0
    title_size = 15.0
    inner_w = width - 2 * margin
    shapes: list[Shape] = []
    top = margin * 0.5
    if marking:
        shapes.append(text(width / 2, top + marking_size, marking.upper(), marking_size, bold=True, align="centre"))
        top += marking_size + 6
    date_shape = text(width - margin, top + title_size, format_date(today), 11, bold=True, align="right")
    shapes.append(date_shape)
    name = data.settings.name or "Untitled register"
    shapes.append(
        text(
            margin,
            top + title_size,
            f"{name}: effort and benefit board",
            title_size,
            bold=True,
            max_width=inner_w - date_shape.width - 20,
        )
    )
    top += title_size + 6
    cards = _cards(data, workstream_id)
    on_board = sum(1 for c in cards if rules.quadrant(c) is not Quadrant.NOT_PLACED)
    which = "All workstreams"
    if workstream_id is not None:
        workstream = data.workstreams.get(workstream_id)
        which = f"Workstream: {workstream.name}" if workstream else "Workstream: (unknown)"
    waiting = len(cards) - on_board
    high = (
        f"high from {rules.thresholds.effort}"
        if rules.thresholds.effort == rules.thresholds.benefit
        else f"high effort from {rules.thresholds.effort}, high benefit from {rules.thresholds.benefit}"
    )
    summary = (
        f"{which}: {on_board} {'opportunity' if on_board == 1 else 'opportunities'} on the board"
        f"{f', {waiting} not yet placed' if waiting else ''}. Effort and benefit scored 0 to 100, {high}."
    )
    shapes.append(text(margin, top + 9, summary, 8.5, colour=MUTED, max_width=inner_w))
    top += 9 + 4
    breach = breach_message(_filtered(data, workstream_id), rules)
    if breach:
        shapes.append(text(margin, top + 9, breach, 8.5, bold=True, colour=WARNING, max_width=inner_w))
        top += 9 + 4
    top += 6

    bottom = height - margin * 0.5
    if marking:
        shapes.append(text(width / 2, bottom, marking.upper(), marking_size, bold=True, align="centre"))
        bottom -= marking_size + 4
    note_y = bottom
    bottom -= 7.5 + 6  # a line for notes under the board

    board = board_shapes(data, rules, inner_w, bottom - top, highlight_ids, workstream_id)
    notes = []
    illustrative = [c for c in cards if c.placement_illustrative and rules.quadrant(c) is not Quadrant.NOT_PLACED]
    if illustrative and len(illustrative) == on_board:
        notes.append("Effort and benefit placements are illustrative.")
    elif illustrative:
        notes.append("Cards with a dashed border have illustrative placements.")
    if board.overlapping:
        notes.append(
            "Some cards overlap where a quadrant is crowded: export one workstream at a time to see every card."
        )
    if notes:
        shapes.append(text(margin, note_y, " ".join(notes), 7.5, colour=MUTED, max_width=inner_w))
    x, y, w, h = board.plot
    layout = BoardLayout(
        shapes, {}, board.placed, board.not_placed, board.overlapping, (x + margin, y + top, w, h), board.card_size
    )
    layout.shapes.extend(translated(board.shapes, margin, top))
    layout.card_rects = {k: (x + margin, y + top, w, h) for k, (x, y, w, h) in board.card_rects.items()}
    return layout


def _filtered(data: RegisterData, workstream_id: str | None) -> RegisterData:
    if workstream_id is None:
        return data
    kept = {k: o for k, o in data.opportunities.items() if o.workstream_id == workstream_id}
    return replace(data, opportunities=kept)


def translated(shapes: Iterable[Shape], dx: float, dy: float) -> list[Shape]:
    moved: list[Shape] = []
    for shape in shapes:
        if isinstance(shape, Box):
            moved.append(
                Box(
                    shape.x + dx,
                    shape.y + dy,
                    shape.w,
                    shape.h,
                    shape.fill,
                    shape.stroke,
                    shape.stroke_width,
                    shape.radius,
                    shape.dashed,
                )
            )
        elif isinstance(shape, Line):
            moved.append(Line(shape.x1 + dx, shape.y1 + dy, shape.x2 + dx, shape.y2 + dy, shape.colour, shape.width))
        elif isinstance(shape, Polygon):
            moved.append(Polygon(tuple((x + dx, y + dy) for x, y in shape.points), shape.fill))
        else:
            moved.append(
                Text(
                    shape.x + dx,
                    shape.y + dy,
                    shape.text,
                    shape.size,
                    shape.bold,
                    shape.colour,
                    shape.align,
                    shape.angle,
                    shape.width,
                )
            )
    return moved


# ------------------------------------------------------------------------------------ ReportLab renderer


def draw_shapes(canvas: Canvas, shapes: Iterable[Shape], x: float, y: float, height: float) -> None:
    """Draw shapes laid out top-down in an area whose bottom-left corner is (x, y) on the canvas.

    A board has a thousand shapes or more, so colours, widths and fonts are set only when they change, and each
    run of upright text goes into one text object (a meeting pack draws the board in a fraction of its time)."""
    register_fonts()

    def px(value: float) -> float:
        return x + value

    def py(value: float) -> float:
        return y + height - value

    shapes = list(shapes)
    fill: str | None = None
    stroke: str | None = None
    line_width: float | None = None
    canvas.saveState()
    index = 0
    while index < len(shapes):
        shape = shapes[index]
        if isinstance(shape, Text) and shape.angle == 0:
            run = canvas.beginText()
            while index < len(shapes) and isinstance(shapes[index], Text) and shapes[index].angle == 0:
                item = shapes[index]
                assert isinstance(item, Text)
                if item.text:
                    run.setFont(item.font, item.size)
                    if item.colour != fill:
                        run.setFillColor(_colour(item.colour))
                        fill = item.colour
                    run.setTextOrigin(px(item.start), py(item.y))
                    run.textOut(item.text)
                index += 1
            canvas.drawText(run)
            continue
        index += 1
        if isinstance(shape, Text):  # turned a quarter: its own state
            if shape.text:
                canvas.saveState()
                canvas.setFillColor(_colour(shape.colour))
                canvas.setFont(shape.font, shape.size)
                canvas.translate(px(shape.x), py(shape.y))
                canvas.rotate(90)
                canvas.drawString(shape.start - shape.x, 0, shape.text)
                canvas.restoreState()
            continue
        if isinstance(shape, Box):
            if shape.fill and shape.fill != fill:
                canvas.setFillColor(_colour(shape.fill))
                fill = shape.fill
            if shape.stroke:
                if shape.stroke != stroke:
                    canvas.setStrokeColor(_colour(shape.stroke))
                    stroke = shape.stroke
                if shape.stroke_width != line_width:
                    canvas.setLineWidth(shape.stroke_width)
                    line_width = shape.stroke_width
                if shape.dashed:
                    canvas.setDash(2.5, 1.5)
            strokes, fills = int(bool(shape.stroke)), int(bool(shape.fill))
            if shape.radius:
                canvas.roundRect(px(shape.x), py(shape.y + shape.h), shape.w, shape.h, shape.radius, strokes, fills)
            else:
                canvas.rect(px(shape.x), py(shape.y + shape.h), shape.w, shape.h, strokes, fills)
            if shape.stroke and shape.dashed:
                canvas.setDash()
        elif isinstance(shape, Line):
            if shape.colour != stroke:
                canvas.setStrokeColor(_colour(shape.colour))
                stroke = shape.colour
            if shape.width != line_width:
                canvas.setLineWidth(shape.width)
                line_width = shape.width
            canvas.line(px(shape.x1), py(shape.y1), px(shape.x2), py(shape.y2))
        else:
            if shape.fill != fill:
                canvas.setFillColor(_colour(shape.fill))
                fill = shape.fill
            path = canvas.beginPath()
            first, *rest = shape.points
            path.moveTo(px(first[0]), py(first[1]))
            for point in rest:
                path.lineTo(px(point[0]), py(point[1]))
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@cache
def _colour(value: str) -> Color:
    return HexColor(value)


def draw_board(
    canvas: Canvas,
    x: float,
    y: float,
    width: float,
    height: float,
    data: RegisterData,
    rules: BoardRules,
    highlight_ids: Collection[str] = frozenset(),
    workstream_id: str | None = None,
    highlight_label: str = "",
) -> BoardLayout:
    """Draw the board as vector graphics in the `width` by `height` area whose bottom-left corner is
    (x, y) on a ReportLab canvas. Returns what was drawn."""
    layout = board_shapes(data, rules, width, height, highlight_ids, workstream_id, highlight_label)
    draw_shapes(canvas, layout.shapes, x, y, height)
    return layout


class BoardFlowable(Flowable):  # type: ignore[misc]
    """The board as a platypus flowable, for the meeting pack's story: of a fixed size, or (`fill=True`)
    as wide and tall as the frame has room for, `width` and `height` then being the largest it may be."""

    def __init__(
        self,
        data: RegisterData,
        rules: BoardRules,
        width: float,
        height: float,
        highlight_ids: Collection[str] = frozenset(),
        workstream_id: str | None = None,
        highlight_label: str = "",
        fill: bool = False,
    ) -> None:
        super().__init__()
        self.data, self.rules = data, rules
        self.width, self.height = width, height
        self.highlight_ids, self.workstream_id = frozenset(highlight_ids), workstream_id
        self.highlight_label, self.fill = highlight_label, fill
        self._largest = (width, height)
        self.layout: BoardLayout | None = None  # what was drawn, once drawn

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.fill:
            self.width = min(self._largest[0], available_width)
            self.height = min(self._largest[1], available_height)
        return self.width, self.height

    def draw(self) -> None:
        self.layout = draw_board(
            self.canv,
            0,
            0,
            self.width,
            self.height,
            self.data,
            self.rules,
            self.highlight_ids,
            self.workstream_id,
            self.highlight_label,
        )


# ----------------------------------------------------------------------------------------------- files


def write_board_pdf(
    path: Path,
    data: RegisterData,
    rules: BoardRules,
    workstream_id: str | None = None,
    marking: str = "OFFICIAL",
    *,
    today: date | None = None,
    highlight_ids: Collection[str] = frozenset(),
) -> BoardLayout:
    """One A4 landscape page: the board of the register (or of one workstream), titled with the register's
    name and the date, the protective marking at top and bottom; fonts embedded; written atomically."""
    marking = marking.upper()
    if marking not in MARKINGS:
        raise ValueError(f"unknown protective marking {marking!r}; use one of {', '.join(MARKINGS)}")
    register_fonts()
    today = today or date.today()
    page_w, page_h = landscape(A4)
    layout = page_shapes(
        data,
        rules,
        page_w,
        page_h,
        workstream_id=workstream_id,
        marking=marking,
        today=today,
        highlight_ids=highlight_ids,
    )
    name = data.settings.name or "Untitled register"
    workstream = data.workstreams.get(workstream_id or "")

    def fill(temp: Path) -> None:
        canvas = Canvas(str(temp), pagesize=(page_w, page_h), initialFontName=FONT_REGULAR, pageCompression=1)
        canvas.setTitle(f"{name}: effort and benefit board, {format_date(today)}")
        canvas.setAuthor(APP_NAME)
        canvas.setCreator(f"{APP_NAME} {__version__}")
        canvas.setSubject(
            f"Effort and benefit board ({workstream.name if workstream else 'all workstreams'}). {marking}"
        )
        canvas.setKeywords([marking, "effort and benefit board", name])
        draw_shapes(canvas, layout.shapes, 0, 0, page_h)
        canvas.showPage()
        canvas.save()

    write_atomically(Path(path), fill)
    return layout
