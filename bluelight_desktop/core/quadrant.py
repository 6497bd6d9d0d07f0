"""The effort/benefit quadrants of the Lancashire paper (seeds/002).

Benefit runs across (low left, high right) and effort up (low bottom, high top). A score at or above the
threshold counts as high.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEFAULT_THRESHOLD = 50


class Quadrant(StrEnum):
    PARK = "Park"
    MAJOR_PROJECT = "Major project"
    BUSINESS_AS_USUAL = "Business as usual"
    QUICK_WIN = "Quick win"
    NOT_PLACED = "Not placed"

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    Quadrant.PARK: "High effort, low benefit: park until the benefits clearly outweigh the effort.",
    Quadrant.MAJOR_PROJECT: "High effort, high benefit: take forward with extra resources; only 1 or 2 at once.",
    Quadrant.BUSINESS_AS_USUAL: "Low effort, low benefit: departments work together and share learning.",
    Quadrant.QUICK_WIN: "Low effort, high benefit: a quick win or an expansion; prioritise and start soon.",
    Quadrant.NOT_PLACED: "Effort and benefit not yet assessed.",
}


@dataclass(frozen=True)
class Thresholds:
    effort: int = DEFAULT_THRESHOLD
    benefit: int = DEFAULT_THRESHOLD


def quadrant_for(effort: int | None, benefit: int | None, thresholds: Thresholds = Thresholds()) -> Quadrant:
    if effort is None or benefit is None:
        return Quadrant.NOT_PLACED
    high_effort = effort >= thresholds.effort
    high_benefit = benefit >= thresholds.benefit
    if high_effort:
        return Quadrant.MAJOR_PROJECT if high_benefit else Quadrant.PARK
    return Quadrant.QUICK_WIN if high_benefit else Quadrant.BUSINESS_AS_USUAL
