"""The effort/benefit quadrant rule of the Lancashire paper (seeds/002): pure domain, no Qt."""

from __future__ import annotations

import pytest

from bluelight_desktop.core.quadrant import DEFAULT_THRESHOLD, Quadrant, Thresholds, quadrant_for


@pytest.mark.parametrize(
    ("effort", "benefit", "expected"),
    [
        (90, 10, Quadrant.PARK),  # high effort, low benefit
        (90, 90, Quadrant.MAJOR_PROJECT),  # high effort, high benefit
        (10, 10, Quadrant.BUSINESS_AS_USUAL),  # low effort, low benefit
        (10, 90, Quadrant.QUICK_WIN),  # low effort, high benefit
    ],
)
def test_each_corner_of_the_board_is_its_quadrant(effort: int, benefit: int, expected: Quadrant) -> None:
    assert quadrant_for(effort, benefit) is expected


@pytest.mark.parametrize(
    ("effort", "benefit", "expected"),
    [
        (50, 50, Quadrant.MAJOR_PROJECT),  # a score at the threshold counts as high
        (49, 49, Quadrant.BUSINESS_AS_USUAL),
        (50, 49, Quadrant.PARK),
        (49, 50, Quadrant.QUICK_WIN),
        (0, 0, Quadrant.BUSINESS_AS_USUAL),
        (100, 100, Quadrant.MAJOR_PROJECT),
        (100, 0, Quadrant.PARK),
        (0, 100, Quadrant.QUICK_WIN),
    ],
)
def test_threshold_is_inclusive_and_extremes_are_placed(effort: int, benefit: int, expected: Quadrant) -> None:
    assert DEFAULT_THRESHOLD == 50
    assert quadrant_for(effort, benefit) is expected


@pytest.mark.parametrize(("effort", "benefit"), [(None, None), (None, 80), (80, None), (None, 0), (0, None)])
def test_missing_score_is_not_placed(effort: int | None, benefit: int | None) -> None:
    assert quadrant_for(effort, benefit) is Quadrant.NOT_PLACED


def test_custom_thresholds_move_the_lines_independently() -> None:
    thresholds = Thresholds(effort=70, benefit=30)
    assert quadrant_for(69, 30, thresholds) is Quadrant.QUICK_WIN
    assert quadrant_for(70, 29, thresholds) is Quadrant.PARK
    assert quadrant_for(70, 30, thresholds) is Quadrant.MAJOR_PROJECT
    assert quadrant_for(69, 29, thresholds) is Quadrant.BUSINESS_AS_USUAL
    # The default thresholds object is not changed by passing another one.
    assert Thresholds() == Thresholds(DEFAULT_THRESHOLD, DEFAULT_THRESHOLD)


def test_quadrant_names_are_the_papers_words() -> None:
    assert [str(q) for q in Quadrant] == [
        "Park",
        "Major project",
        "Business as usual",
        "Quick win",
        "Not placed",
    ]


def test_every_quadrant_has_a_plain_meaning() -> None:
    for quadrant in Quadrant:
        assert quadrant.meaning.strip().endswith(".")
    assert "1 or 2" in Quadrant.MAJOR_PROJECT.meaning
    assert "park" in Quadrant.PARK.meaning.lower()
    assert "quick win" in Quadrant.QUICK_WIN.meaning.lower()
