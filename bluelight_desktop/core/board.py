"""The effort/benefit board: geometry, moves, the major-project rule, tidying and a card's quadrant history.

No Qt: the board on screen (gui/board) and the board in a PDF (reports/board_pdf) are two renderers of what
this module works out, so they always agree.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .edits import Edit, RecordChange
from .model import Opportunity, RegisterData, RegisterSettings, Stage
from .quadrant import Quadrant, Thresholds, quadrant_for

SCORE_MIN, SCORE_MAX = 0, 100
DEFAULT_ACTIVE_STAGES = frozenset({Stage.BUSINESS_CASE, Stage.APPROVED, Stage.IMPLEMENTATION})
PLACED_QUADRANTS = (Quadrant.PARK, Quadrant.MAJOR_PROJECT, Quadrant.BUSINESS_AS_USUAL, Quadrant.QUICK_WIN)


@dataclass(frozen=True)
class BoardRules:
    thresholds: Thresholds = Thresholds()
    major_project_limit: int = 2
    active_stages: frozenset[Stage] = DEFAULT_ACTIVE_STAGES

    @classmethod
    def from_settings(cls, settings: RegisterSettings) -> BoardRules:
        return cls(
            Thresholds(settings.effort_threshold, settings.benefit_threshold),
            settings.major_project_limit,
            frozenset(settings.active_stages) if settings.active_stages is not None else DEFAULT_ACTIVE_STAGES,
        )

    def quadrant(self, opportunity: Opportunity) -> Quadrant:
        return quadrant_for(opportunity.effort, opportunity.benefit, self.thresholds)


# ------------------------------------------------------------------------------------------------ moves


def clamp_score(value: float) -> int:
    return int(max(SCORE_MIN, min(SCORE_MAX, round(value))))


def quadrant_ranges(quadrant: Quadrant, thresholds: Thresholds) -> tuple[tuple[int, int], tuple[int, int]]:
    """(benefit range, effort range), inclusive, of a quadrant's scores."""
    low_benefit, high_benefit = (SCORE_MIN, thresholds.benefit - 1), (thresholds.benefit, SCORE_MAX)
    low_effort, high_effort = (SCORE_MIN, thresholds.effort - 1), (thresholds.effort, SCORE_MAX)
    return {
        Quadrant.PARK: (low_benefit, high_effort),
        Quadrant.MAJOR_PROJECT: (high_benefit, high_effort),
        Quadrant.BUSINESS_AS_USUAL: (low_benefit, low_effort),
        Quadrant.QUICK_WIN: (high_benefit, low_effort),
    }[quadrant]


def quadrant_by_name(name: str) -> Quadrant | None:
    """A quadrant from what a person types: "quick", "major", "park", "bau", "business as usual"…"""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    aliases = {"bau": Quadrant.BUSINESS_AS_USUAL, "qw": Quadrant.QUICK_WIN, "mp": Quadrant.MAJOR_PROJECT}
    if wanted in aliases:
        return aliases[wanted]
    for quadrant in PLACED_QUADRANTS:
        if quadrant.value.casefold().startswith(wanted) or wanted in quadrant.value.casefold():
            return quadrant
    return None


def scores_in_quadrant(opportunity: Opportunity, quadrant: Quadrant, thresholds: Thresholds) -> tuple[int, int]:
    """Where a card sent to `quadrant` lands: its relative place kept if it has one, else the centre."""
    (b_low, b_high), (e_low, e_high) = quadrant_ranges(quadrant, thresholds)
    if opportunity.effort is None or opportunity.benefit is None:
        return (e_low + e_high) // 2, (b_low + b_high) // 2
    here = quadrant_for(opportunity.effort, opportunity.benefit, thresholds)
    if here is quadrant:
        return opportunity.effort, opportunity.benefit
    (hb_low, hb_high), (he_low, he_high) = quadrant_ranges(here, thresholds)
    fraction_b = (opportunity.benefit - hb_low) / max(1, hb_high - hb_low)
    fraction_e = (opportunity.effort - he_low) / max(1, he_high - he_low)
    return (
        clamp_score(e_low + fraction_e * (e_high - e_low)),
        clamp_score(b_low + fraction_b * (b_high - b_low)),
    )


def move_edit(opportunity: Opportunity, effort: int | None, benefit: int | None, rules: BoardRules) -> Edit | None:
    """The edit that puts a card at (effort, benefit), described as a board would say it; None if it would
    not move."""
    if effort is not None:
        effort, benefit = clamp_score(effort), clamp_score(benefit if benefit is not None else 0)
    if (effort, benefit) == (opportunity.effort, opportunity.benefit):
        return None
    before = rules.quadrant(opportunity)
    after = quadrant_for(effort, benefit, rules.thresholds)
    moved = copy.deepcopy(opportunity)
    moved.effort, moved.benefit = effort, benefit
    moved.placement_illustrative = False  # a person placed it: it is no longer the sample's illustration
    if before is Quadrant.NOT_PLACED:
        description = f"Place {opportunity.reference} in {after.value}"
    elif after is Quadrant.NOT_PLACED:
        description = f"Take {opportunity.reference} off the board"
    elif before is after:
        description = f"Move {opportunity.reference} within {after.value}"
    else:
        description = f"Move {opportunity.reference} from {before.value} to {after.value}"
    return Edit(description, [RecordChange(copy.deepcopy(opportunity), moved)])


def nudge(opportunity: Opportunity, d_benefit: int, d_effort: int) -> tuple[int, int]:
    """The keyboard's step: (effort, benefit) after moving by the given steps, kept within 0 to 100."""
    effort = opportunity.effort if opportunity.effort is not None else 50
    benefit = opportunity.benefit if opportunity.benefit is not None else 50
    return clamp_score(effort + d_effort), clamp_score(benefit + d_benefit)


# --------------------------------------------------------------------------------- the major-project rule


def active_major_projects(
    opportunities: Iterable[Opportunity], rules: BoardRules, override: Mapping[str, tuple[int | None, int | None]] = {}
) -> list[Opportunity]:
    """Active opportunities in the Major project quadrant; `override` gives trial scores for a pending move."""
    found = []
    for opp in opportunities:
        effort, benefit = override.get(opp.id, (opp.effort, opp.benefit))
        if (
            opp.stage in rules.active_stages
            and quadrant_for(effort, benefit, rules.thresholds) is Quadrant.MAJOR_PROJECT
        ):
            found.append(opp)
    return sorted(found, key=lambda o: o.reference)


def breach_message(data: RegisterData, rules: BoardRules) -> str:
    """Plain words when more active major projects run than the register allows; "" when within it."""
    running = active_major_projects(data.opportunities.values(), rules)
    if len(running) <= rules.major_project_limit:
        return ""
    return (
        f"{len(running)} active major projects ({', '.join(o.reference for o in running)}): the programme allows "
        f"{rules.major_project_limit}. Only 1 or 2 major projects should run at any one time."
    )


def move_would_breach(data: RegisterData, rules: BoardRules, opportunity_id: str, effort: int, benefit: int) -> bool:
    """True when the move takes the active major projects over the limit (and was not already there)."""
    now = active_major_projects(data.opportunities.values(), rules)
    after = active_major_projects(data.opportunities.values(), rules, {opportunity_id: (effort, benefit)})
    return len(after) > rules.major_project_limit and len(after) > len(now)


# ---------------------------------------------------------------------------------------- tidying


def tidy_edit(data: RegisterData, quadrant: Quadrant, rules: BoardRules) -> Edit | None:
    """Spread a quadrant's cards on an even grid inside it, in reference order, without leaving it."""
    cards = sorted((o for o in data.opportunities.values() if rules.quadrant(o) is quadrant), key=lambda o: o.reference)
    if not cards:
        return None
    (b_low, b_high), (e_low, e_high) = quadrant_ranges(quadrant, rules.thresholds)
    columns = max(1, math.ceil(math.sqrt(len(cards) * 1.6)))
    rows = math.ceil(len(cards) / columns)
    # Keep the order people scored: the highest effort goes to the top row, and within a row the lowest
    # benefit to the left, so tidying spreads the cards without reversing any judgement.
    by_effort = sorted(cards, key=lambda o: (-(o.effort or 0), o.benefit or 0, o.reference))
    changes = []
    for row in range(rows):
        in_row = sorted(by_effort[row * columns : (row + 1) * columns], key=lambda o: (o.benefit or 0, o.reference))
        for column, opp in enumerate(in_row):
            benefit = clamp_score(b_low + (column + 0.5) * (b_high - b_low) / columns)
            effort = clamp_score(e_high - (row + 0.5) * (e_high - e_low) / rows)
            if (effort, benefit) != (opp.effort, opp.benefit):
                moved = copy.deepcopy(opp)
                moved.effort, moved.benefit = effort, benefit
                moved.placement_illustrative = False
                changes.append(RecordChange(copy.deepcopy(opp), moved))
    return Edit(f"Tidy {quadrant.value}", changes) if changes else None


# ------------------------------------------------------------------------------------------ geometry


@dataclass(frozen=True)
class BoardGeometry:
    """Where things go on a board of a given size (any unit: pixels on screen, points in a PDF). y grows
    downwards, as on screen; high effort is at the top."""

    width: float
    height: float
    card_width: float
    card_height: float
    thresholds: Thresholds = Thresholds()

    def point(self, effort: float, benefit: float) -> tuple[float, float]:
        return benefit / SCORE_MAX * self.width, (1 - effort / SCORE_MAX) * self.height

    def scores(self, x: float, y: float) -> tuple[int, int]:
        """(effort, benefit) at a point."""
        return clamp_score((1 - y / self.height) * SCORE_MAX), clamp_score(x / self.width * SCORE_MAX)

    def quadrant_rect(self, quadrant: Quadrant) -> tuple[float, float, float, float]:
        """(x, y, width, height) of a quadrant."""
        split_x = self.thresholds.benefit / SCORE_MAX * self.width
        split_y = (1 - self.thresholds.effort / SCORE_MAX) * self.height
        left, right = (0.0, split_x), (split_x, self.width - split_x)
        top, bottom = (0.0, split_y), (split_y, self.height - split_y)
        x, w = right if quadrant in (Quadrant.MAJOR_PROJECT, Quadrant.QUICK_WIN) else left
        y, h = top if quadrant in (Quadrant.PARK, Quadrant.MAJOR_PROJECT) else bottom
        return x, y, w, h

    def card_positions(self, cards: Sequence[Any], spread_limit: int = 150) -> dict[str, tuple[float, float]]:
        """Top-left corner of each placed card (objects with id, effort, benefit and, for a stable order,
        reference), so that none hides another where there is room, each kept inside its own quadrant.

        Cards are placed in reference order at their own point; one that would cover a card already placed
        goes to the nearest free spot around its point (rings of half-card steps), never across a quadrant
        line. Where a quadrant is full, or past `spread_limit` cards, a card keeps its point and the view
        stacks what overlaps. Deterministic: the same cards give the same layout on screen and on paper.
        """
        gap = 4.0
        cell_w, cell_h = self.card_width + gap, self.card_height + gap
        step_x, step_y = cell_w / 2, cell_h / 2
        occupied: dict[tuple[int, int], list[tuple[float, float]]] = {}
        placed: dict[str, tuple[float, float]] = {}

        def free(cx: float, cy: float) -> bool:
            i, j = int(cx // cell_w), int(cy // cell_h)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for ox, oy in occupied.get((i + di, j + dj), ()):
                        if abs(ox - cx) < cell_w and abs(oy - cy) < cell_h:
                            return False
            return True

        ordered = sorted(
            (c for c in cards if c.effort is not None and c.benefit is not None),
            key=lambda c: (getattr(c, "reference", ""), c.id),
        )
        spread = len(ordered) <= spread_limit
        half_w, half_h = self.card_width / 2, self.card_height / 2
        for card in ordered:
            qx, qy, qw, qh = self.quadrant_rect(quadrant_for(card.effort, card.benefit, self.thresholds))
            low_x, high_x = qx + half_w, max(qx + half_w, qx + qw - half_w)
            low_y, high_y = qy + half_h, max(qy + half_h, qy + qh - half_h)
            x, y = self.point(card.effort, card.benefit)
            x, y = min(max(x, low_x), high_x), min(max(y, low_y), high_y)
            chosen = (x, y)
            if spread and not free(x, y):
                # Look nearby only: a card far from its point misleads more than a stacked one.
                rings = min(int(max(qw / step_x, qh / step_y)) + 1, 8)
                for ring in range(1, rings + 1):
                    candidates = [
                        (x + i * step_x, y + j * step_y)
                        for i in range(-ring, ring + 1)
                        for j in range(-ring, ring + 1)
                        if max(abs(i), abs(j)) == ring
                    ]
                    candidates = [
                        (cx, cy)
                        for cx, cy in candidates
                        if low_x <= cx <= high_x and low_y <= cy <= high_y and free(cx, cy)
                    ]
                    if candidates:
                        chosen = min(candidates, key=lambda c: ((c[0] - x) / cell_w) ** 2 + ((c[1] - y) / cell_h) ** 2)
                        break
            occupied.setdefault((int(chosen[0] // cell_w), int(chosen[1] // cell_h)), []).append(chosen)
            placed[card.id] = (chosen[0] - half_w, chosen[1] - half_h)
        return placed


# ------------------------------------------------------------------------------------------- history


@dataclass(frozen=True)
class QuadrantMove:
    when: str  # ISO timestamp, UTC
    by: str
    before: Quadrant
    after: Quadrant
    effort: int | None
    benefit: int | None
    meeting_id: str | None
    action: str


def quadrant_moves(history: Sequence[Mapping[str, Any]], thresholds: Thresholds) -> list[QuadrantMove]:
    """Every change of quadrant in a record's change log (rows as Register.history gives them, oldest
    first), replayed field by field."""
    effort: int | None = None
    benefit: int | None = None
    moves: list[QuadrantMove] = []
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in history:
        groups.setdefault(row["action_id"], []).append(row)
    for rows in groups.values():
        before = quadrant_for(effort, benefit, thresholds)
        touched = False
        for row in rows:
            if row["field"] == "effort":
                effort = int(row["new_value"]) if row["new_value"] is not None else None
                touched = True
            elif row["field"] == "benefit":
                benefit = int(row["new_value"]) if row["new_value"] is not None else None
                touched = True
        after = quadrant_for(effort, benefit, thresholds)
        if touched and after is not before:
            first = rows[0]
            moves.append(
                QuadrantMove(
                    first["changed_at"],
                    first["changed_by"],
                    before,
                    after,
                    effort,
                    benefit,
                    first["meeting_id"],
                    first["action"],
                )
            )
    return moves
