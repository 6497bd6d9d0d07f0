"""The last step of placing cards, after BoardGeometry.card_positions: the board on screen and the board on
paper both lay their cards out with `lay_out_cards`, so they agree. No Qt.

card_positions looks for a free spot near each card's point; in a busy quadrant it can leave a card over
another although the quadrant still has room elsewhere. Here, in turn:

1. such a card takes the free spot in its own quadrant nearest to its point;
2. if some card of a quadrant still finds none, the quadrant's cards go into the slots of an even grid that
   fills the quadrant, each card to the slot nearest its point (so the order of the cards still reads);
3. only when there are more cards than slots do the rest join a fan under the card in the slot nearest
   their point: a small offset each, and the front card shows "+N".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .board import BoardGeometry
from .quadrant import Quadrant, quadrant_for

GAP = 4.0
FAN_STEP = 6.0
FAN_DEPTH = 3  # deeper cards of a fan sit exactly under the third
SEARCH_LIMIT = 150  # past this many cards the search costs more than it shows: fan at once


@dataclass
class Layout:
    positions: dict[str, tuple[float, float]]  # top-left corners
    fans: dict[str, list[str]] = field(default_factory=dict)  # front card -> cards beneath, in order


class _Occupied:
    """Placed cards in a grid of card-sized cells, for quick overlap tests."""

    def __init__(self, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}

    def add(self, x: float, y: float, card_id: str) -> None:
        self.cells.setdefault((int(x // self.w), int(y // self.h)), []).append((x, y, card_id))

    def hit(self, x: float, y: float) -> str | None:
        """The card a card at (x, y) would cover (keeping GAP between cards), if any."""
        i, j = int(x // self.w), int(y // self.h)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for ox, oy, card_id in self.cells.get((i + di, j + dj), ()):
                    if abs(ox - x) < self.w + GAP - 0.5 and abs(oy - y) < self.h + GAP - 0.5:
                        return card_id
        return None


def lay_out_cards(cards: Sequence[object], geometry: BoardGeometry) -> Layout:
    """Top-left corners (and fans) of the placed cards among `cards`."""
    return settle(cards, geometry.card_positions(cards), geometry)


def settle(
    cards: Sequence[object],
    positions: Mapping[str, tuple[float, float]],
    geometry: BoardGeometry,
) -> Layout:
    """Final top-left corners for cards (objects with id, reference, effort, benefit) that card_positions
    placed at `positions`."""
    w, h = geometry.card_width, geometry.card_height
    ordered = sorted(
        (c for c in cards if c.id in positions),  # type: ignore[attr-defined]
        key=lambda c: (getattr(c, "reference", ""), c.id),  # type: ignore[attr-defined]
    )
    search = len(ordered) <= SEARCH_LIMIT
    occupied = _Occupied(w, h)
    result: dict[str, tuple[float, float]] = {}
    crowded: set[Quadrant] = set()
    for card in ordered:
        card_id: str = card.id  # type: ignore[attr-defined]
        x, y = positions[card_id]
        if occupied.hit(x, y) is None:
            occupied.add(x, y, card_id)
            result[card_id] = (x, y)
            continue
        spot = _free_spot(card, x, y, geometry, occupied) if search else None
        if spot is None:
            crowded.add(_quadrant(geometry, card))
            spot = (x, y)
        occupied.add(spot[0], spot[1], card_id)
        result[card_id] = spot

    fans: dict[str, list[str]] = {}
    for quadrant in crowded:
        members = [c for c in ordered if _quadrant(geometry, c) is quadrant]
        slots = _grid_slots(geometry, quadrant)
        if not slots:
            continue
        chosen = _assign(members, slots, geometry)
        result.update(chosen)
        # More cards than slots: each of the rest goes under the card in the slot nearest its point.
        fronts = {spot: card_id for card_id, spot in chosen.items()}
        qx, qy, qw, qh = geometry.quadrant_rect(quadrant)
        for card in members:
            card_id = card.id  # type: ignore[attr-defined]
            if card_id in chosen:
                continue
            px, py = _top_left_of_point(card, geometry)
            slot = min(fronts, key=lambda s: ((s[0] - px) / w) ** 2 + ((s[1] - py) / h) ** 2)
            beneath = fans.setdefault(fronts[slot], [])
            beneath.append(card_id)
            step = min(len(beneath), FAN_DEPTH) * FAN_STEP
            result[card_id] = (min(slot[0] + step, qx + qw - w), min(slot[1] + step, qy + qh - h))
    return Layout(result, fans)


def _top_left_of_point(card: object, geometry: BoardGeometry) -> tuple[float, float]:
    x, y = geometry.point(card.effort, card.benefit)  # type: ignore[attr-defined]
    return x - geometry.card_width / 2, y - geometry.card_height / 2


def _quadrant(geometry: BoardGeometry, card: object) -> Quadrant:
    return quadrant_for(card.effort, card.benefit, geometry.thresholds)  # type: ignore[attr-defined]


def _grid_slots(geometry: BoardGeometry, quadrant: Quadrant) -> list[tuple[float, float]]:
    """Top-left corners of the densest even grid of cards (GAP apart) inside a quadrant."""
    w, h = geometry.card_width, geometry.card_height
    qx, qy, qw, qh = geometry.quadrant_rect(quadrant)
    columns = int((qw - GAP) // (w + GAP))
    rows = int((qh - GAP) // (h + GAP))
    if columns < 1 or rows < 1:
        return []
    spare_x = (qw - columns * w) / (columns + 1)
    spare_y = (qh - rows * h) / (rows + 1)
    return [
        (qx + spare_x + column * (w + spare_x), qy + spare_y + row * (h + spare_y))
        for row in range(rows)
        for column in range(columns)
    ]


def _assign(
    cards: Sequence[object], slots: list[tuple[float, float]], geometry: BoardGeometry
) -> dict[str, tuple[float, float]]:
    """Each card to a slot, nearest pairs first (distance from the card's own point, in card sizes)."""
    w, h = geometry.card_width, geometry.card_height
    pairs = []
    for card in cards:
        px, py = _top_left_of_point(card, geometry)
        for number, (sx, sy) in enumerate(slots):
            pairs.append((((sx - px) / w) ** 2 + ((sy - py) / h) ** 2, getattr(card, "reference", ""), card.id, number))  # type: ignore[attr-defined]
    pairs.sort()
    taken: set[int] = set()
    chosen: dict[str, tuple[float, float]] = {}
    for _distance, _reference, card_id, number in pairs:
        if card_id in chosen or number in taken:
            continue
        chosen[card_id] = slots[number]
        taken.add(number)
    return chosen


def _free_spot(
    card: object, x: float, y: float, geometry: BoardGeometry, occupied: _Occupied
) -> tuple[float, float] | None:
    """The free top-left corner in the card's quadrant nearest to (x, y), on a quarter-card lattice."""
    w, h = geometry.card_width, geometry.card_height
    qx, qy, qw, qh = geometry.quadrant_rect(quadrant_for(card.effort, card.benefit, geometry.thresholds))  # type: ignore[attr-defined]
    low_x, high_x = qx, qx + qw - w
    low_y, high_y = qy, qy + qh - h
    if high_x < low_x or high_y < low_y:
        return None
    step_x, step_y = (w + GAP) / 4, (h + GAP) / 4
    xs = _lattice(low_x, high_x, x, step_x)
    ys = _lattice(low_y, high_y, y, step_y)
    candidates = sorted(
        ((cx, cy) for cx in xs for cy in ys),
        key=lambda c: ((c[0] - x) / w) ** 2 + ((c[1] - y) / h) ** 2,
    )
    for cx, cy in candidates:
        if occupied.hit(cx, cy) is None:
            return cx, cy
    return None


def _lattice(low: float, high: float, through: float, step: float) -> list[float]:
    """Points from low to high (both included) a step apart, passing through `through` where it can."""
    anchor = min(max(through, low), high)
    below = int(math.floor((anchor - low) / step))
    above = int(math.floor((high - anchor) / step))
    points = {anchor + k * step for k in range(-below, above + 1)}
    points.update((low, high))
    return sorted(points)
