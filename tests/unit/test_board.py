"""The board's rules, without Qt: geometry, moves, the major-project limit, tidying and history."""

from __future__ import annotations

import itertools

import pytest

from bluelight_desktop.core.board import (
    BoardGeometry,
    BoardRules,
    active_major_projects,
    breach_message,
    move_edit,
    move_would_breach,
    nudge,
    quadrant_by_name,
    quadrant_moves,
    scores_in_quadrant,
    tidy_edit,
)
from bluelight_desktop.core.model import Opportunity, RegisterData, RegisterSettings, Stage
from bluelight_desktop.core.quadrant import Quadrant, Thresholds, quadrant_for

RULES = BoardRules()


def register(*opportunities: Opportunity, limit: int = 2) -> RegisterData:
    settings = RegisterSettings(major_project_limit=limit)
    return RegisterData(settings, {}, {}, {o.id: o for o in opportunities}, {}, {})


def opp(reference: str, effort: int | None, benefit: int | None, stage: Stage = Stage.SCOPING) -> Opportunity:
    return Opportunity(title=reference, reference=reference, effort=effort, benefit=benefit, stage=stage)


def test_geometry_puts_high_benefit_right_and_high_effort_up() -> None:
    geometry = BoardGeometry(1000, 800, 100, 40)
    assert geometry.point(100, 0) == (0, 0)  # high effort, low benefit: top left (Park)
    assert geometry.point(0, 100) == (1000, 800)  # low effort, high benefit: bottom right (Quick win)
    assert geometry.scores(*geometry.point(37, 81)) == (37, 81)
    assert geometry.quadrant_rect(Quadrant.PARK) == (0, 0, 500, 400)
    assert geometry.quadrant_rect(Quadrant.QUICK_WIN) == (500, 400, 500, 400)
    assert geometry.scores(-50, 5000) == (0, 0)  # off the board is clamped


def test_geometry_follows_the_registers_thresholds() -> None:
    geometry = BoardGeometry(1000, 1000, 100, 40, Thresholds(effort=60, benefit=40))
    assert geometry.quadrant_rect(Quadrant.MAJOR_PROJECT) == (400, 0, 600, 400)


def test_cards_are_kept_apart_and_inside_their_quadrant() -> None:
    crowd = [opp(f"LAN-{n:03d}", 70 + n % 3, 75 + n % 2) for n in range(12)]  # all on one spot
    geometry = BoardGeometry(1200, 900, 140, 44)
    positions = geometry.card_positions(crowd)
    assert len(positions) == 12
    for (x1, y1), (x2, y2) in itertools.combinations(positions.values(), 2):
        assert abs(x1 - x2) >= 140 or abs(y1 - y2) >= 44, "two cards overlap"
    qx, qy, qw, qh = geometry.quadrant_rect(Quadrant.MAJOR_PROJECT)
    for x, y in positions.values():
        assert qx <= x and x + 140 <= qx + qw + 0.01 and qy <= y and y + 44 <= qy + qh + 0.01
    assert geometry.card_positions(crowd) == positions  # deterministic


def test_unplaced_cards_are_not_on_the_board() -> None:
    assert BoardGeometry(100, 100, 10, 5).card_positions([opp("LAN-001", None, None)]) == {}


def test_moves_are_described_as_a_board_would_say_them() -> None:
    card = opp("LAN-009", 30, 70)
    assert move_edit(card, 80, 70, RULES).description == "Move LAN-009 from Quick win to Major project"
    assert move_edit(card, 35, 75, RULES).description == "Move LAN-009 within Quick win"
    assert move_edit(card, 30, 70, RULES) is None
    assert move_edit(opp("LAN-013", None, None), 10, 10, RULES).description == "Place LAN-013 in Business as usual"
    edit = move_edit(card, 150, -3, RULES)
    assert edit.changes[0].after.effort == 100 and edit.changes[0].after.benefit == 0
    assert card.effort == 30  # the card itself is never changed


def test_keyboard_steps_stay_on_the_board() -> None:
    assert nudge(opp("A", 98, 5), d_benefit=-10, d_effort=10) == (100, 0)
    assert nudge(opp("A", None, None), 1, 0) == (50, 51)


@pytest.mark.parametrize(
    "typed, quadrant",
    [
        ("park", Quadrant.PARK),
        ("Major", Quadrant.MAJOR_PROJECT),
        ("bau", Quadrant.BUSINESS_AS_USUAL),
        ("quick win", Quadrant.QUICK_WIN),
        ("usual", Quadrant.BUSINESS_AS_USUAL),
        ("", None),
        ("nonsense", None),
    ],
)
def test_quadrants_by_name(typed: str, quadrant: Quadrant | None) -> None:
    assert quadrant_by_name(typed) is quadrant


def test_sending_to_a_quadrant_keeps_the_relative_place() -> None:
    for quadrant in (Quadrant.PARK, Quadrant.MAJOR_PROJECT, Quadrant.BUSINESS_AS_USUAL, Quadrant.QUICK_WIN):
        effort, benefit = scores_in_quadrant(opp("A", 10, 90), quadrant, RULES.thresholds)
        assert quadrant_for(effort, benefit) is quadrant
    assert scores_in_quadrant(opp("A", None, None), Quadrant.QUICK_WIN, RULES.thresholds) == (24, 75)


def test_the_major_project_limit_counts_only_active_stages() -> None:
    running = [opp(f"LAN-00{n}", 80, 80, Stage.IMPLEMENTATION) for n in range(1, 3)]
    idea = opp("LAN-009", 80, 80, Stage.IDEA)  # a major-project idea is not yet a running project
    candidate = opp("LAN-010", 20, 80, Stage.APPROVED)
    data = register(*running, idea, candidate)
    assert [o.reference for o in active_major_projects(data.opportunities.values(), RULES)] == ["LAN-001", "LAN-002"]
    assert breach_message(data, RULES) == ""
    assert move_would_breach(data, RULES, candidate.id, 80, 80)
    assert not move_would_breach(data, RULES, idea.id, 90, 90)
    assert not move_would_breach(data, RULES, running[0].id, 90, 90)  # moving within the quadrant
    candidate.effort = 80
    message = breach_message(data, RULES)
    assert "3 active major projects" in message and "allows 2" in message


def test_the_limit_and_active_stages_come_from_the_register() -> None:
    settings = RegisterSettings(major_project_limit=1, active_stages=(Stage.LIVE,))
    rules = BoardRules.from_settings(settings)
    assert rules.major_project_limit == 1 and rules.active_stages == {Stage.LIVE}
    assert BoardRules.from_settings(RegisterSettings()).active_stages == {
        Stage.BUSINESS_CASE,
        Stage.APPROVED,
        Stage.IMPLEMENTATION,
    }


def test_tidy_spreads_a_quadrant_without_leaving_it() -> None:
    cards = [opp(f"LAN-{n:03d}", 20, 70) for n in range(7)] + [opp("LAN-100", 90, 10)]
    data = register(*cards)
    edit = tidy_edit(data, Quadrant.QUICK_WIN, RULES)
    assert edit is not None and edit.description == "Tidy Quick win"
    after = [c.after for c in edit.changes]
    assert len(after) == 7 and len({(a.effort, a.benefit) for a in after}) == 7
    assert all(quadrant_for(a.effort, a.benefit) is Quadrant.QUICK_WIN for a in after)
    assert tidy_edit(data, Quadrant.MAJOR_PROJECT, RULES) is None


def _row(action_id: str, field: str, new: str | None, meeting: str | None = None) -> dict:
    return {
        "action_id": action_id,
        "action": f"action {action_id}",
        "field": field,
        "old_value": None,
        "new_value": new,
        "changed_by": "officer",
        "changed_at": f"2026-11-{10 + int(action_id):02d}T10:00:00Z",
        "meeting_id": meeting,
    }


def test_history_replays_quadrant_changes_only() -> None:
    rows = [
        _row("1", "created", "x"),
        _row("1", "title", "Joint thing"),  # created unplaced
        _row("2", "effort", "20"),
        _row("2", "benefit", "80"),  # placed: Quick win
        _row("3", "effort", "25"),  # within Quick win: not a quadrant move
        _row("4", "effort", "70", meeting="m1"),  # to Major project at a meeting
        _row("5", "stage", "approved"),
    ]
    moves = quadrant_moves(rows, RULES.thresholds)
    assert [(m.before, m.after) for m in moves] == [
        (Quadrant.NOT_PLACED, Quadrant.QUICK_WIN),
        (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT),
    ]
    assert moves[1].meeting_id == "m1" and moves[1].when.startswith("2026-11-14")


def test_tidy_keeps_the_order_people_scored() -> None:
    cards = [opp("LAN-001", 10, 95), opp("LAN-002", 45, 55), opp("LAN-003", 30, 70), opp("LAN-004", 5, 60)]
    edit = tidy_edit(register(*cards), Quadrant.QUICK_WIN, RULES)
    after = {c.after.reference: c.after for c in edit.changes}
    final = {o.reference: after.get(o.reference, o) for o in cards}
    assert final["LAN-002"].effort == max(o.effort for o in final.values())  # still among the highest effort
    assert final["LAN-004"].effort < final["LAN-002"].effort  # the lowest effort stays below it
    assert final["LAN-001"].benefit > final["LAN-004"].benefit  # higher benefit stays to the right in its row


def test_a_card_moved_by_a_person_is_no_longer_illustrative() -> None:
    card = opp("LAN-009", 30, 70)
    card.placement_illustrative = True
    assert move_edit(card, 60, 70, RULES).changes[0].after.placement_illustrative is False
