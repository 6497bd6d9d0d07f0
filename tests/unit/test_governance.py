"""Governance rules (core/governance.py), applied through a real Register so that every test also proves the
Edits persist. No Qt.

Today is Sat 21 Nov 2026. Dates used below, from the calendar:
    third Tuesdays:   20 Oct 2026, 17 Nov 2026, 15 Dec 2026, 19 Jan 2027, 16 Feb 2027, 16 Mar 2027, 20 Apr 2027,
                      18 May 2027, 15 Jun 2027
    second Thursdays: 10 Dec 2026, 14 Jan 2027, 11 Feb 2027, 11 Mar 2027, 8 Apr 2027 (quarterly: Dec, Mar, Jun)
    third Thursday of December 2026: 17 Dec
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bluelight_desktop.core import governance as gov
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.governance import GovernanceError
from bluelight_desktop.core.model import (
    Action,
    ActionStatus,
    AgendaItem,
    Board,
    ClosureDay,
    Decision,
    Meeting,
    MeetingStatus,
    Nation,
    Opportunity,
    Organisation,
    OrganisationKind,
    Outcome,
    Purpose,
    RegisterData,
    Stage,
    Workstream,
)
from bluelight_desktop.core.quadrant import Quadrant
from bluelight_desktop.storage.register import Register, create_register

TODAY = date(2026, 11, 21)
THIRD_TUESDAY = "FREQ=MONTHLY;BYDAY=+3TU"


class Reg:
    """A real register in tmp_path with the data as loaded back after each applied Edit."""

    def __init__(self, path: Path) -> None:
        self.register: Register = create_register(path, "Governance test", "TST")
        self.data: RegisterData = self.register.load()

    def apply(self, edit: Edit, meeting_id: str | None = None) -> RegisterData:
        self.register.apply(edit, meeting_id=meeting_id)
        self.data = self.register.load()
        return self.data

    def add(self, *records: object) -> RegisterData:
        return self.apply(Edit("Set up", [RecordChange(None, r) for r in records]))  # type: ignore[arg-type]

    def meetings(self, board_id: str) -> list[Meeting]:
        return gov.meetings_of(self.data, board_id)

    def dates(self, board_id: str) -> list[date]:
        return [m.date for m in self.meetings(board_id)]

    def meeting_on(self, board_id: str, day: date) -> Meeting:
        (meeting,) = [m for m in self.meetings(board_id) if m.date == day]
        return meeting


@pytest.fixture
def reg(tmp_path: Path) -> Reg:
    reg = Reg(tmp_path / "governance.bluelight")
    lfrs = Organisation("Lancashire Fire and Rescue Service", "LFRS", OrganisationKind.FIRE, id="lfrs")
    lc = Organisation("Lancashire Constabulary", "LC", OrganisationKind.POLICE, id="lc")
    sss = Workstream("Shared Support Services", id="sss")
    occupational_health = Opportunity(
        "Occupational Health Services",
        "TST-001",
        summary="One occupational health service for both workforces.",
        workstream_id="sss",
        lead_organisation_id="lc",
        lead_officer="Head of Occupational Health",
        partner_ids=["lfrs"],
        stage=Stage.SCOPING,
        cashable_saving_pence=4_000_000,
        one_off_cost_pence=1_500_000,
        risks="Medical records systems differ.",
        id="oh",
    )
    driver_training = Opportunity("Driver Training", "TST-002", stage=Stage.IDEA, id="dt")
    programme = Board(
        "Collaboration Programme Board",
        "CPB",
        cadence=THIRD_TUESDAY,
        default_time="10:00",
        default_minutes=120,
        default_location="Fulwood",
        paper_lead_days=5,
        cadence_from=date(2026, 9, 1),
        id="cpb",
    )
    executive = Board(
        "Collaboration Executive Board",
        "CEB",
        cadence="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=+2TH",
        default_time="14:00",
        default_minutes=150,
        default_location="Hutton",
        paper_lead_days=10,
        cadence_from=date(2026, 9, 1),
        id="ceb",
    )
    reg.add(lfrs, lc, sss, occupational_health, driver_training, programme, executive)
    return reg


def held(reg: Reg, board_id: str, day: date, **kwargs: object) -> Meeting:
    """A meeting of the series on `day` (in the past, for meetings already held), added directly."""
    board = reg.data.boards[board_id]
    meeting = replace(gov.new_meeting(board, day, series=True), **kwargs)  # type: ignore[arg-type]
    reg.add(meeting)
    return reg.data.meetings[meeting.id]


def plan(reg: Reg, board_id: str, until: date) -> list[Meeting]:
    reg.apply(gov.generate_meetings(reg.data, board_id, until, TODAY))
    return reg.meetings(board_id)


# ------------------------------------------------------------------------------------------------ naming


def test_reference_title_and_find(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    assert gov.meeting_reference(reg.data, meeting) == "CPB-2026-12-15"
    assert gov.meeting_title(reg.data, meeting) == "Collaboration Programme Board, 15 Dec 2026"
    assert gov.find_meeting(reg.data, "cpb-2026-12-15") == meeting
    assert gov.find_meeting(reg.data, meeting.id) == meeting
    assert gov.find_meeting(reg.data, "CPB-2026-12-16") is None


def test_next_and_previous_meeting_skip_cancelled(reg: Reg) -> None:
    november = held(reg, "cpb", date(2026, 11, 17))
    december = held(reg, "cpb", date(2026, 12, 15), status=MeetingStatus.CANCELLED)
    january = held(reg, "cpb", date(2027, 1, 19))
    assert gov.next_meeting(reg.data, "cpb", TODAY) == january
    assert gov.next_meeting(reg.data, "cpb", date(2026, 11, 17)) == november
    assert gov.next_meeting(reg.data, "cpb", date(2026, 11, 17), strictly_after=True) == january
    assert gov.next_meeting(reg.data, "cpb", date(2027, 1, 20)) is None
    assert gov.previous_meeting(reg.data, january) == november
    assert gov.previous_meeting(reg.data, november) is None
    assert gov.meetings_of(reg.data, "cpb", include_cancelled=False) == [november, january]
    assert december in gov.meetings_of(reg.data, "cpb")


# ------------------------------------------------------------------------------------------- deadlines


def test_paper_deadline_follows_the_board(reg: Reg) -> None:
    programme = held(reg, "cpb", date(2026, 12, 15))
    executive = held(reg, "ceb", date(2026, 12, 10))
    # CPB, 5 clear days before Tue 15 Dec: 14, 11, 10, 9, 8 -> Mon 7 Dec.
    assert gov.paper_deadline(reg.data, programme) == date(2026, 12, 7)
    # CEB, 10 clear days before Thu 10 Dec: 9, 8, 7, 4, 3, 2, 1 Dec, 30, 27, 26 Nov -> Wed 25 Nov.
    assert gov.paper_deadline(reg.data, executive) == date(2026, 11, 25)


def test_paper_deadline_skips_the_registers_closure_days(reg: Reg) -> None:
    meeting, edit = gov.add_extra_meeting(reg.data, "cpb", date(2027, 1, 5), TODAY)
    reg.apply(edit)
    # Tue 5 Jan 2027, England: Wed 23 Dec 2026 without closures.
    assert gov.paper_deadline(reg.data, reg.data.meetings[meeting.id]) == date(2026, 12, 23)
    reg.add(*(ClosureDay(date(2026, 12, d), "Shared services shutdown") for d in (29, 30, 31)))
    # With the shutdown, clear Mon 4 Jan, Thu 24, Wed 23, Tue 22, Mon 21 Dec -> Fri 18 Dec 2026.
    assert gov.paper_deadline(reg.data, reg.data.meetings[meeting.id]) == date(2026, 12, 18)


def test_paper_deadline_follows_the_boards_nation(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2027, 1, 5))  # not a third Tuesday: fine for a deadline
    assert gov.paper_deadline(reg.data, meeting) == date(2026, 12, 23)
    reg.apply(gov.change_board(reg.data, replace(reg.data.boards["cpb"], nation=Nation.SCOTLAND), TODAY))
    # Scotland also closes Mon 4 Jan 2027 -> Tue 22 Dec 2026.
    assert gov.paper_deadline(reg.data, reg.data.meetings[meeting.id]) == date(2026, 12, 22)


@pytest.mark.parametrize(
    ("today", "level", "text"),
    [
        # Deadline Mon 7 Dec 2026. From Sat 21 Nov, 11 working days: 23-27, 30 Nov, 1-4, 7 Dec.
        (TODAY, "later", "Papers due 7 Dec 2026"),
        # From Mon 30 Nov: 1, 2, 3, 4, 7 Dec = 5, the first day of the warning.
        (date(2026, 11, 30), "soon", "Papers due 7 Dec 2026, in 5 working days"),
        (date(2026, 11, 27), "later", "Papers due 7 Dec 2026"),  # 6 working days
        (date(2026, 12, 4), "soon", "Papers due 7 Dec 2026, in 1 working day"),
        (date(2026, 12, 5), "soon", "Papers due 7 Dec 2026, in 1 working day"),  # a Saturday
        (date(2026, 12, 7), "today", "Papers are due today, 7 Dec 2026"),
        (date(2026, 12, 8), "passed", "Papers were due 7 Dec 2026"),
    ],
)
def test_deadline_state(reg: Reg, today: date, level: str, text: str) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    state = gov.deadline_state(reg.data, meeting, today)
    assert (state.deadline, state.level, state.text) == (date(2026, 12, 7), level, text)


def test_meeting_clash_names_the_holiday(reg: Reg) -> None:
    last_friday = Board("Working Group", cadence="FREQ=MONTHLY;BYDAY=-1FR", id="wg")
    reg.add(last_friday)
    plan(reg, "wg", date(2027, 1, 31))
    assert reg.dates("wg") == [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)]
    clashes = [gov.meeting_clash(reg.data, m) for m in reg.meetings("wg")]
    assert clashes == [None, "Christmas Day", None]


# ----------------------------------------------------------------------------------------- the series


def test_generate_meetings_from_today(reg: Reg) -> None:
    edit = gov.generate_meetings(reg.data, "cpb", date(2027, 4, 30), TODAY)
    assert edit.description == "Plan 5 meetings of CPB"
    reg.apply(edit)
    meetings = reg.meetings("cpb")
    # 17 Nov has gone; the rest of the third Tuesdays up to the end of April.
    assert [m.date for m in meetings] == [
        date(2026, 12, 15),
        date(2027, 1, 19),
        date(2027, 2, 16),
        date(2027, 3, 16),
        date(2027, 4, 20),
    ]
    for meeting in meetings:
        assert meeting.series_date == meeting.date
        assert (meeting.time, meeting.location, meeting.minutes_allowed) == ("10:00", "Fulwood", 120)
        assert meeting.status is MeetingStatus.SCHEDULED
    # Nothing more to plan over the same horizon.
    again = gov.generate_meetings(reg.data, "cpb", date(2027, 4, 30), TODAY)
    assert again.changes == [] and again.description == "Plan 0 meetings of CPB"
    one = gov.generate_meetings(reg.data, "cpb", date(2027, 5, 31), TODAY)
    assert one.description == "Plan 1 meeting of CPB"


def test_generate_meetings_skips_moved_and_cancelled_series_dates(reg: Reg) -> None:
    plan(reg, "cpb", date(2027, 3, 31))
    january = reg.meeting_on("cpb", date(2027, 1, 19))
    february = reg.meeting_on("cpb", date(2027, 2, 16))
    reg.apply(gov.move_meeting(reg.data, january.id, date(2027, 1, 21), "14:00", TODAY))
    reg.apply(gov.cancel_meeting(reg.data, february.id, TODAY))
    reg.apply(gov.add_extra_meeting(reg.data, "cpb", date(2027, 2, 2), TODAY)[1])
    meetings = plan(reg, "cpb", date(2027, 6, 30))
    assert [(m.date, m.series_date, m.status) for m in meetings] == [
        (date(2026, 12, 15), date(2026, 12, 15), MeetingStatus.SCHEDULED),
        (date(2027, 1, 21), date(2027, 1, 19), MeetingStatus.SCHEDULED),  # moved, not planned again
        (date(2027, 2, 2), None, MeetingStatus.SCHEDULED),  # added by hand
        (date(2027, 2, 16), date(2027, 2, 16), MeetingStatus.CANCELLED),  # cancelled, not planned again
        (date(2027, 3, 16), date(2027, 3, 16), MeetingStatus.SCHEDULED),
        (date(2027, 4, 20), date(2027, 4, 20), MeetingStatus.SCHEDULED),
        (date(2027, 5, 18), date(2027, 5, 18), MeetingStatus.SCHEDULED),
        (date(2027, 6, 15), date(2027, 6, 15), MeetingStatus.SCHEDULED),
    ]
    assert reg.data.meetings[january.id].time == "14:00"


def test_generate_meetings_does_not_double_a_day_a_meeting_was_moved_to(reg: Reg) -> None:
    # March's meeting is put back a month, onto April's date, before April is planned: planning April must not
    # put a second meeting of the board on 20 Apr.
    plan(reg, "cpb", date(2027, 3, 31))
    march = reg.meeting_on("cpb", date(2027, 3, 16))
    reg.apply(gov.move_meeting(reg.data, march.id, date(2027, 4, 20), "10:00", TODAY))
    plan(reg, "cpb", date(2027, 5, 31))
    assert reg.dates("cpb") == [
        date(2026, 12, 15),
        date(2027, 1, 19),
        date(2027, 2, 16),
        date(2027, 4, 20),
        date(2027, 5, 18),
    ]


def test_generate_meetings_starts_at_the_cadences_start(reg: Reg) -> None:
    reg.add(Board("Later Board", cadence=THIRD_TUESDAY, cadence_from=date(2027, 2, 1), id="later"))
    assert [m.date for m in plan(reg, "later", date(2027, 3, 31))] == [date(2027, 2, 16), date(2027, 3, 16)]


def test_generate_meetings_without_a_cadence_plans_nothing(reg: Reg) -> None:
    reg.add(Board("Ad hoc group", cadence="", id="adhoc"), Board("Old board", cadence="monthly", id="old"))
    assert gov.generate_meetings(reg.data, "adhoc", date(2027, 11, 21), TODAY).changes == []
    assert gov.generate_meetings(reg.data, "old", date(2027, 11, 21), TODAY).changes == []


def test_horizon_end() -> None:
    assert gov.horizon_end(TODAY) == date(2027, 11, 21)
    assert gov.horizon_end(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert gov.horizon_end(date(2027, 12, 31), 2) == date(2028, 2, 29)


# -------------------------------------------------------------------------------- changing the cadence


def replaced(edit: Edit) -> tuple[list[Meeting], list[Meeting]]:
    """The meetings an Edit deletes and those it creates, in date order."""
    removed = [c.before for c in edit.changes if isinstance(c.before, Meeting) and c.after is None]
    added = [c.after for c in edit.changes if isinstance(c.after, Meeting) and c.before is None]
    return sorted(removed, key=lambda m: m.date), sorted(added, key=lambda m: m.date)


def test_change_board_replaces_only_untouched_future_meetings(reg: Reg) -> None:
    october = held(reg, "cpb", date(2026, 10, 20))  # held, no business recorded
    november = held(reg, "cpb", date(2026, 11, 17))
    reg.add(AgendaItem(november.id, "Minutes", position=1))
    plan(reg, "cpb", date(2027, 4, 30))
    december = reg.meeting_on("cpb", date(2026, 12, 15))  # untouched
    january = reg.meeting_on("cpb", date(2027, 1, 19))
    february = reg.meeting_on("cpb", date(2027, 2, 16))
    march = reg.meeting_on("cpb", date(2027, 3, 16))
    april = reg.meeting_on("cpb", date(2027, 4, 20))
    reg.apply(gov.move_meeting(reg.data, january.id, date(2027, 1, 21), "10:00", TODAY))  # moved
    reg.apply(gov.cancel_meeting(reg.data, february.id, TODAY))  # cancelled
    reg.add(AgendaItem(march.id, "Business case", position=1))  # has an agenda
    reg.apply(gov.move_meeting(reg.data, april.id, april.date, "14:00", TODAY))  # same day, a later start
    before = reg.data.meetings.copy()

    after = replace(reg.data.boards["cpb"], cadence="FREQ=MONTHLY;BYDAY=+2TH")
    edit = gov.change_board(reg.data, after, TODAY)
    assert edit.description == "Change CPB"
    reg.apply(edit)

    assert reg.data.boards["cpb"].cadence == "FREQ=MONTHLY;BYDAY=+2TH"
    assert reg.data.boards["cpb"].cadence_from == TODAY
    # Held meetings are never rewritten, even one with no business recorded.
    assert reg.data.meetings[october.id] == before[october.id]
    assert reg.data.meetings[november.id] == before[november.id]
    # The untouched December meeting gives way to the new cadence; the touched ones stay as they were.
    assert december.id not in reg.data.meetings
    for kept in (january, february, march, april):
        assert reg.data.meetings[kept.id] == before[kept.id]
    # Second Thursdays from today to the last planned meeting (20 Apr).
    new = [m for m in reg.meetings("cpb") if m.id not in before]
    assert [m.date for m in new] == [
        date(2026, 12, 10),
        date(2027, 1, 14),
        date(2027, 2, 11),
        date(2027, 3, 11),
        date(2027, 4, 8),
    ]
    assert all(m.series_date == m.date and m.time == "10:00" for m in new)
    removed, added = replaced(edit)
    assert [m.date for m in removed] == [date(2026, 12, 15)]
    assert len(added) == 5


def test_change_board_keeps_meetings_the_new_cadence_still_gives(reg: Reg) -> None:
    # Monthly to quarterly on the same weekday: December and March stay the same records (a calendar that
    # imported them keeps them), and take the board's new start time; the others go.
    plan(reg, "cpb", date(2027, 4, 30))
    december = reg.meeting_on("cpb", date(2026, 12, 15))
    march = reg.meeting_on("cpb", date(2027, 3, 16))
    after = replace(reg.data.boards["cpb"], cadence="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=+3TU", default_time="09:30")
    edit = gov.change_board(reg.data, after, TODAY)
    reg.apply(edit)
    assert [(m.id, m.date, m.time) for m in reg.meetings("cpb")] == [
        (december.id, date(2026, 12, 15), "09:30"),
        (march.id, date(2027, 3, 16), "09:30"),
    ]
    removed, added = replaced(edit)
    assert [m.date for m in removed] == [date(2027, 1, 19), date(2027, 2, 16), date(2027, 4, 20)]
    assert added == []


def test_change_board_does_not_double_a_day_a_meeting_was_moved_to(reg: Reg) -> None:
    plan(reg, "cpb", date(2027, 1, 31))
    december = reg.meeting_on("cpb", date(2026, 12, 15))
    reg.apply(gov.move_meeting(reg.data, december.id, date(2026, 12, 17), "10:00", TODAY))
    # The third Thursday of December is the 17th, where the moved meeting already is.
    reg.apply(gov.change_board(reg.data, replace(reg.data.boards["cpb"], cadence="FREQ=MONTHLY;BYDAY=+3TH"), TODAY))
    assert reg.dates("cpb") == [date(2026, 12, 17), date(2027, 1, 21)]
    assert reg.meeting_on("cpb", date(2026, 12, 17)).id == december.id


def test_change_board_without_a_cadence_change_touches_no_meeting(reg: Reg) -> None:
    plan(reg, "cpb", date(2027, 4, 30))
    before = reg.data.meetings.copy()
    edit = gov.change_board(reg.data, replace(reg.data.boards["cpb"], remit="Tracks projects."), TODAY)
    assert [type(c.record) for c in edit.changes] == [Board]
    reg.apply(edit)
    assert reg.data.meetings == before
    assert reg.data.boards["cpb"].remit == "Tracks projects."
    assert reg.data.boards["cpb"].cadence_from == date(2026, 9, 1)


def test_change_board_with_no_planned_meetings_plans_a_year(reg: Reg) -> None:
    reg.apply(gov.change_board(reg.data, replace(reg.data.boards["cpb"], cadence="FREQ=MONTHLY;BYDAY=+2TH"), TODAY))
    dates = reg.dates("cpb")
    assert dates[0] == date(2026, 12, 10) and len(dates) == 12  # Dec 2026 to Nov 2027
    assert dates[-1] == date(2027, 11, 11)


# ------------------------------------------------------------------------------- moving and cancelling


def test_move_meeting(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2027, 1, 19))
    edit = gov.move_meeting(reg.data, meeting.id, date(2027, 1, 21), "14:00", TODAY)
    assert edit.description == "Move Collaboration Programme Board, 19 Jan 2027 to 21 Jan 2027"
    reg.apply(edit)
    moved = reg.data.meetings[meeting.id]
    assert (moved.date, moved.time, moved.series_date) == (date(2027, 1, 21), "14:00", date(2027, 1, 19))
    # Moved papers are due 5 clear days before the new date: Thu 21 Jan -> Wed 13 Jan.
    assert gov.paper_deadline(reg.data, moved) == date(2027, 1, 13)
    history = reg.register.history(meeting.id)
    assert {(r["field"], r["old_value"], r["new_value"]) for r in history if r["action"] == edit.description} == {
        ("date", "2027-01-19", "2027-01-21"),
        ("time", "10:00", "14:00"),
    }


def test_a_meeting_can_be_moved_to_today(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    reg.apply(gov.move_meeting(reg.data, meeting.id, TODAY, "10:00", TODAY))
    assert reg.data.meetings[meeting.id].date == TODAY


def test_move_refuses_a_past_date(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    with pytest.raises(GovernanceError) as caught:
        gov.move_meeting(reg.data, meeting.id, date(2026, 11, 20), "10:00", TODAY)
    assert str(caught.value) == (
        "20 Nov 2026 is in the past. Choose today or a later date; meetings already held keep their date."
    )


def test_a_held_meeting_cannot_be_moved_or_cancelled(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    with pytest.raises(GovernanceError, match="already been held cannot be moved"):
        gov.move_meeting(reg.data, meeting.id, date(2026, 12, 1), "10:00", TODAY)
    with pytest.raises(GovernanceError, match="already been held cannot be cancelled"):
        gov.cancel_meeting(reg.data, meeting.id, TODAY)
    assert reg.data.meetings[meeting.id] == meeting


def test_governance_error_is_plain_words() -> None:
    assert issubclass(GovernanceError, ValueError)
    assert str(GovernanceError("A plain message.")) == "A plain message."


def test_cancel_and_reinstate(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    edit = gov.cancel_meeting(reg.data, meeting.id, TODAY)
    assert edit.description == "Cancel Collaboration Programme Board, 15 Dec 2026"
    reg.apply(edit)
    assert reg.data.meetings[meeting.id].cancelled
    assert gov.next_meeting(reg.data, "cpb", TODAY) is None
    reg.apply(gov.reinstate_meeting(reg.data, meeting.id))
    assert reg.data.meetings[meeting.id].status is MeetingStatus.SCHEDULED
    assert gov.next_meeting(reg.data, "cpb", TODAY) == reg.data.meetings[meeting.id]


def test_add_extra_meeting(reg: Reg) -> None:
    meeting, edit = gov.add_extra_meeting(reg.data, "cpb", date(2027, 2, 2), TODAY)
    assert edit.description == "Add a meeting of CPB on 2 Feb 2027"
    reg.apply(edit)
    stored = reg.data.meetings[meeting.id]
    assert (stored.date, stored.series_date, stored.time, stored.location) == (
        date(2027, 2, 2),
        None,
        "10:00",
        "Fulwood",
    )
    with pytest.raises(GovernanceError, match="in the past"):
        gov.add_extra_meeting(reg.data, "cpb", date(2026, 11, 1), TODAY)


# ---------------------------------------------------------------------------------------------- agenda


def add_item(reg: Reg, meeting: Meeting, title: str, **kwargs: object) -> AgendaItem:
    item = AgendaItem(meeting.id, title, **kwargs)  # type: ignore[arg-type]
    reg.apply(gov.add_agenda_item(reg.data, item))
    return reg.data.agenda_items[item.id]


def titles(reg: Reg, meeting: Meeting) -> list[tuple[int, str]]:
    return [(i.position, i.title) for i in gov.agenda_of(reg.data, meeting.id)]


def test_agenda_numbering_after_add_remove_reorder_and_move(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    apologies = add_item(reg, meeting, "Apologies")
    minutes = add_item(reg, meeting, "Minutes")
    actions = add_item(reg, meeting, "Actions log")
    other = add_item(reg, meeting, "Any other business")
    assert titles(reg, meeting) == [(1, "Apologies"), (2, "Minutes"), (3, "Actions log"), (4, "Any other business")]

    reg.apply(gov.remove_agenda_item(reg.data, minutes.id))
    assert titles(reg, meeting) == [(1, "Apologies"), (2, "Actions log"), (3, "Any other business")]
    assert minutes.id not in reg.data.agenda_items

    reg.apply(gov.reorder_agenda(reg.data, meeting.id, [actions.id, apologies.id, other.id]))
    assert titles(reg, meeting) == [(1, "Actions log"), (2, "Apologies"), (3, "Any other business")]

    edit = gov.move_agenda_item(reg.data, other.id, -1)
    assert edit is not None and edit.description == "Move agenda item Any other business up"
    reg.apply(edit)
    assert titles(reg, meeting) == [(1, "Actions log"), (2, "Any other business"), (3, "Apologies")]

    edit = gov.move_agenda_item(reg.data, actions.id, 5)  # beyond the end: to the end
    assert edit is not None and edit.description == "Move agenda item Actions log down"
    reg.apply(edit)
    assert titles(reg, meeting) == [(1, "Any other business"), (2, "Apologies"), (3, "Actions log")]

    assert gov.move_agenda_item(reg.data, other.id, -1) is None  # already first
    assert gov.move_agenda_item(reg.data, actions.id, 1) is None  # already last

    # Removing the first item renumbers everything after it, and only what changed is written.
    edit = gov.remove_agenda_item(reg.data, other.id)
    assert len(edit.changes) == 3
    reg.apply(edit)
    assert titles(reg, meeting) == [(1, "Apologies"), (2, "Actions log")]


def test_reorder_refuses_an_agenda_that_changed(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    first = add_item(reg, meeting, "First")
    add_item(reg, meeting, "Second")
    with pytest.raises(GovernanceError, match="agenda changed"):
        gov.reorder_agenda(reg.data, meeting.id, [first.id])
    with pytest.raises(GovernanceError, match="agenda changed"):
        gov.reorder_agenda(reg.data, meeting.id, [first.id, first.id])


def test_an_added_item_goes_after_the_last_even_with_gaps(reg: Reg) -> None:
    # Positions 1 and 3 (as two merged copies may leave them): a new item is 4th, not a second 3rd.
    meeting = held(reg, "cpb", date(2026, 12, 15))
    reg.add(AgendaItem(meeting.id, "One", position=1), AgendaItem(meeting.id, "Three", position=3))
    add_item(reg, meeting, "Four")
    assert titles(reg, meeting) == [(1, "One"), (3, "Three"), (4, "Four")]


def test_the_agenda_is_per_meeting(reg: Reg) -> None:
    december = held(reg, "cpb", date(2026, 12, 15))
    january = held(reg, "cpb", date(2027, 1, 19))
    add_item(reg, december, "December item")
    january_item = add_item(reg, january, "January item")
    assert january_item.position == 1
    assert titles(reg, december) == [(1, "December item")]


def test_start_times(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    items = [AgendaItem(meeting.id, t, minutes=m) for t, m in (("A", 5), ("B", 10), ("C", 20), ("D", 45))]
    assert gov.start_times(meeting, items) == ["10:00", "10:05", "10:15", "10:35"]
    assert gov.start_times(replace(meeting, time="9:30"), items[:2]) == ["09:30", "09:35"]
    assert gov.start_times(replace(meeting, time=""), items) == ["", "", "", ""]
    assert gov.start_times(replace(meeting, time="ten"), iter(items)) == ["", "", "", ""]
    assert gov.start_times(meeting, []) == []


def test_agenda_over_time(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))  # 120 minutes
    add_item(reg, meeting, "Business case", minutes=60)
    add_item(reg, meeting, "Highlight report", minutes=60)
    assert gov.agenda_minutes(reg.data, meeting.id) == 120
    assert gov.agenda_over_time(reg.data, meeting) is None  # exactly full is not over
    add_item(reg, meeting, "Any other business", minutes=15)
    assert gov.agenda_over_time(reg.data, meeting) == (
        "The agenda runs 135 minutes, 15 more than the 120 minutes the meeting has."
    )


def test_add_agenda_item_prefills_the_paper_from_the_opportunity(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    item = add_item(reg, meeting, "Occupational Health: business case", purpose=Purpose.DECISION, opportunity_id="oh")
    assert item.executive_summary == "One occupational health service for both workforces."
    assert item.decision_required == "The board is asked to decide on the next step for Occupational Health Services."
    assert item.background == (
        "TST-001 Occupational Health Services is at the scoping stage in the Shared Support Services workstream. "
        "It is led by Lancashire Constabulary (Head of Occupational Health). "
        "Partners: Lancashire Fire and Rescue Service."
    )
    assert item.business_risk == "Medical records systems differ."
    assert item.financial_implications == (
        "Cashable savings of £40,000 a year are planned. One-off costs of £15,000 are expected."
    )
    # Headings the register knows nothing about stay for the author.
    assert item.proposal == item.hr_implications == item.background_papers == ""
    assert item.has_paper


def test_add_agenda_item_keeps_what_the_author_wrote(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    item = add_item(
        reg,
        meeting,
        "Occupational Health",
        purpose=Purpose.DECISION,
        opportunity_id="oh",
        executive_summary="The author's own summary.",
        decision_required="Approve the business case.",
        business_risk="  ",  # blank: filled
    )
    assert item.executive_summary == "The author's own summary."
    assert item.decision_required == "Approve the business case."
    assert item.business_risk == "Medical records systems differ."
    assert item.background.startswith("TST-001 Occupational Health Services is at the scoping stage")


def test_add_agenda_item_for_discussion_or_without_an_opportunity(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 12, 15))
    discussion = add_item(reg, meeting, "Driver Training", purpose=Purpose.DISCUSSION, opportunity_id="dt")
    assert discussion.decision_required == ""
    # Driver Training has no workstream, lead, partners, money or risks: only what is known is said.
    assert discussion.background == "TST-002 Driver Training is at the idea stage."
    assert discussion.financial_implications == discussion.business_risk == discussion.executive_summary == ""
    plain = add_item(reg, meeting, "Any other business")
    assert not plain.has_paper


# ------------------------------------------------------------------------------------- carry and refer


def test_carry_item_to_the_next_meeting_of_its_board(reg: Reg) -> None:
    november = held(reg, "cpb", date(2026, 11, 17))
    held(reg, "cpb", date(2026, 12, 15), status=MeetingStatus.CANCELLED)
    january = held(reg, "cpb", date(2027, 1, 19))
    add_item(reg, january, "Minutes")
    item = add_item(reg, november, "Duty Officer Communication", purpose=Purpose.DECISION, opportunity_id="oh")
    target, edit = gov.carry_item(reg.data, item.id)
    assert target == january  # the cancelled December meeting is passed over
    assert edit.description == "Carry Duty Officer Communication to Collaboration Programme Board, 19 Jan 2027"
    reg.apply(edit)
    (copied,) = [i for i in gov.agenda_of(reg.data, january.id) if i.carried_from_id == item.id]
    assert copied.id != item.id
    assert copied.position == 2
    assert (copied.title, copied.purpose, copied.opportunity_id) == (item.title, item.purpose, "oh")
    assert copied.background == item.background and copied.executive_summary == item.executive_summary
    # The original stays on November's agenda as the record of what was tabled.
    assert reg.data.agenda_items[item.id] == item


def test_carry_item_twice_to_the_same_meeting_is_refused(reg: Reg) -> None:
    november = held(reg, "cpb", date(2026, 11, 17))
    held(reg, "cpb", date(2026, 12, 15))
    item = add_item(reg, november, "Duty Officer Communication")
    reg.apply(gov.carry_item(reg.data, item.id)[1])
    with pytest.raises(GovernanceError, match="already on the agenda"):
        gov.carry_item(reg.data, item.id)


def test_refer_item_to_the_executive_board(reg: Reg) -> None:
    assert gov.executive_board_for(reg.data, "cpb") == reg.data.boards["ceb"]
    assert gov.executive_board_for(reg.data, "ceb") is None
    november = held(reg, "cpb", date(2026, 11, 17))
    december = held(reg, "ceb", date(2026, 12, 10))
    item = add_item(reg, november, "Occupational Health: business case", opportunity_id="oh")
    target, edit = gov.carry_item(reg.data, item.id, to_board_id="ceb")
    assert target == december
    assert edit.description == "Refer Occupational Health: business case to Collaboration Executive Board, 10 Dec 2026"
    reg.apply(edit)
    (referred,) = gov.agenda_of(reg.data, december.id)
    assert (referred.carried_from_id, referred.position, referred.title) == (item.id, 1, item.title)


def test_carry_item_without_a_next_meeting(reg: Reg) -> None:
    november = held(reg, "cpb", date(2026, 11, 17))
    item = add_item(reg, november, "Duty Officer Communication")
    with pytest.raises(GovernanceError) as caught:
        gov.carry_item(reg.data, item.id)
    assert str(caught.value) == (
        "Collaboration Programme Board has no meeting planned after 17 Nov 2026. Plan its meetings first."
    )
    # The Executive Board's only meeting is before the Programme Board's: nothing to refer to either.
    held(reg, "ceb", date(2026, 9, 10))
    with pytest.raises(GovernanceError, match="Collaboration Executive Board has no meeting planned after"):
        gov.carry_item(reg.data, item.id, to_board_id="ceb")


# ------------------------------------------------------------------------------------------- decisions


def test_record_decision_sets_the_stage_in_the_same_edit(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    item = add_item(reg, meeting, "Occupational Health", purpose=Purpose.DECISION, opportunity_id="oh")
    decision = Decision(
        meeting.id, Outcome.APPROVED, "Approved.", agenda_item_id=item.id, opportunity_id="oh", stage_set=Stage.APPROVED
    )
    edit = gov.record_decision(reg.data, decision)
    assert edit.description == "Record decision on TST-001: approved"
    assert [type(c.record) for c in edit.changes] == [Decision, Opportunity]
    reg.apply(edit, meeting_id=meeting.id)
    assert reg.data.opportunities["oh"].stage is Stage.APPROVED
    assert reg.data.decisions[decision.id].stage_set is Stage.APPROVED
    # The opportunity's history shows the move against the meeting it was made at.
    (row,) = [r for r in reg.register.history("oh") if r["field"] == "stage" and r["old_value"] is not None]
    assert (row["old_value"], row["new_value"], row["meeting_id"], row["action"]) == (
        "scoping",
        "approved",
        meeting.id,
        "Record decision on TST-001: approved",
    )
    assert any(r["entity"] == "opportunity" and r["field"] == "stage" for r in reg.register.meeting_changes(meeting.id))


def test_record_decision_applied_outside_a_meeting_logs_no_meeting(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    reg.apply(gov.record_decision(reg.data, Decision(meeting.id, Outcome.REJECTED, "No.", None, "dt", Stage.PARKED)))
    (row,) = [r for r in reg.register.history("dt") if r["field"] == "stage" and r["old_value"] is not None]
    assert (row["new_value"], row["meeting_id"]) == ("parked", None)


def test_record_decision_without_a_stage_change(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    noted = gov.record_decision(reg.data, Decision(meeting.id, Outcome.NOTED, "Noted.", opportunity_id="oh"))
    assert [type(c.record) for c in noted.changes] == [Decision]
    # A stage the opportunity already has changes nothing on it.
    same = gov.record_decision(reg.data, Decision(meeting.id, Outcome.DEFERRED, "Later.", None, "oh", Stage.SCOPING))
    assert [type(c.record) for c in same.changes] == [Decision]
    general = gov.record_decision(reg.data, Decision(meeting.id, Outcome.APPROVED, "Template approved."))
    assert general.description == "Record decision: approved"
    reg.apply(general)
    assert reg.data.opportunities["oh"].stage is Stage.SCOPING


def test_record_decision_takes_the_opportunity_of_its_agenda_item(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    item = add_item(reg, meeting, "Occupational Health", purpose=Purpose.DECISION, opportunity_id="oh")
    decision = Decision(meeting.id, Outcome.APPROVED, "Approved.", agenda_item_id=item.id, stage_set=Stage.APPROVED)
    reg.apply(gov.record_decision(reg.data, decision), meeting_id=meeting.id)
    assert reg.data.opportunities["oh"].stage is Stage.APPROVED
    assert reg.data.decisions[decision.id].opportunity_id == "oh"


def test_a_stage_needs_an_opportunity(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    item = add_item(reg, meeting, "Minutes")
    with pytest.raises(GovernanceError, match="only change the stage of an opportunity it is about"):
        gov.record_decision(reg.data, Decision(meeting.id, Outcome.APPROVED, "Yes.", stage_set=Stage.APPROVED))
    with pytest.raises(GovernanceError, match="only change the stage"):
        gov.record_decision(
            reg.data, Decision(meeting.id, Outcome.APPROVED, "Yes.", agenda_item_id=item.id, stage_set=Stage.APPROVED)
        )


@pytest.mark.parametrize(
    ("outcome", "current", "expected"),
    [
        (Outcome.APPROVED, Stage.IDEA, Stage.APPROVED),
        (Outcome.APPROVED, Stage.SCOPING, Stage.APPROVED),
        (Outcome.APPROVED_WITH_CONDITIONS, Stage.BUSINESS_CASE, Stage.APPROVED),
        (Outcome.APPROVED, Stage.IMPLEMENTATION, None),  # already past approval
        (Outcome.REJECTED, Stage.SCOPING, Stage.PARKED),
        (Outcome.DEFERRED, Stage.SCOPING, None),
        (Outcome.NOTED, Stage.LIVE, None),
    ],
)
def test_stage_after_outcome(outcome: Outcome, current: Stage, expected: Stage | None) -> None:
    assert gov.stage_after_outcome(outcome, current) is expected


# --------------------------------------------------------------------------------------------- actions


@pytest.fixture
def actions(reg: Reg) -> dict[str, Action]:
    programme = held(reg, "cpb", date(2026, 11, 17))
    executive = held(reg, "ceb", date(2026, 9, 10))
    records = {
        "late": Action(programme.id, "Map contract end dates", "Head of Procurement", date(2026, 11, 13)),
        "later": Action(programme.id, "Confirm rostering dates", "Area Manager", date(2026, 11, 6)),
        "today": Action(programme.id, "Circulate minutes", "Project Support Officer", TODAY),
        "open": Action(executive.id, "Bring back the appraisal", "Head of Procurement", date(2026, 12, 4)),
        "undated": Action(executive.id, "Brief the boards", "head of procurement"),
        "done": Action(programme.id, "Send the template", "Area Manager", date(2026, 9, 25), ActionStatus.DONE),
    }
    reg.add(*records.values())
    return records


def ids(rows: list[gov.ActionRow], records: dict[str, Action]) -> list[str]:
    names = {a.id: key for key, a in records.items()}
    return [names[r.action.id] for r in rows]


def test_actions_log_states_and_order(reg: Reg, actions: dict[str, Action]) -> None:
    rows = gov.actions_log(reg.data, TODAY)
    # Overdue first (earliest due first), then open by due date (undated last), then done.
    assert ids(rows, actions) == ["later", "late", "today", "open", "undated", "done"]
    assert [r.state for r in rows] == ["Overdue", "Overdue", "Open", "Open", "Open", "Done"]
    first = rows[0]
    assert first.overdue and first.board == reg.data.boards["cpb"] and first.meeting is not None
    assert first.meeting.date == date(2026, 11, 17)
    # Due today is not overdue until tomorrow.
    tomorrow = gov.actions_log(reg.data, date(2026, 11, 22), states=["Overdue"])
    assert ids(tomorrow, actions) == ["later", "late", "today"]


def test_actions_log_filters(reg: Reg, actions: dict[str, Action]) -> None:
    assert ids(gov.actions_log(reg.data, TODAY, states=["Overdue"]), actions) == ["later", "late"]
    assert ids(gov.actions_log(reg.data, TODAY, states=["Open", "Done"]), actions) == [
        "today",
        "open",
        "undated",
        "done",
    ]
    # Owner matches whatever the case and spacing at the ends.
    assert ids(gov.actions_log(reg.data, TODAY, owner=" HEAD OF PROCUREMENT "), actions) == ["late", "open", "undated"]
    assert ids(gov.actions_log(reg.data, TODAY, board_id="ceb"), actions) == ["open", "undated"]
    assert ids(gov.actions_log(reg.data, TODAY, owner="Area Manager", board_id="cpb"), actions) == ["later", "done"]
    assert gov.actions_log(reg.data, TODAY, owner="Nobody") == []


def test_action_owners(reg: Reg, actions: dict[str, Action]) -> None:
    # One entry per owner whatever the case (the filter ignores case), spelled as in their first action.
    assert gov.action_owners(reg.data) == ["Area Manager", "Head of Procurement", "Project Support Officer"]


def test_set_action_status(reg: Reg, actions: dict[str, Action]) -> None:
    edit = gov.set_action_status(reg.data, actions["late"].id, ActionStatus.DONE)
    assert edit.description == "Mark action done"
    reg.apply(edit)
    assert reg.data.actions[actions["late"].id].status is ActionStatus.DONE
    assert ids(gov.actions_log(reg.data, TODAY, states=["Overdue"]), actions) == ["later"]
    reg.apply(gov.set_action_status(reg.data, actions["late"].id, ActionStatus.OPEN))
    assert ids(gov.actions_log(reg.data, TODAY, states=["Overdue"]), actions) == ["later", "late"]


# ------------------------------------------------------------------------------------------ forward plan


def test_forward_plan(reg: Reg) -> None:
    november = held(reg, "cpb", date(2026, 11, 17))  # held: not in the plan
    add_item(reg, november, "Old decision", purpose=Purpose.DECISION)
    plan(reg, "cpb", date(2027, 2, 28))
    held(reg, "ceb", date(2026, 12, 10))
    december = reg.meeting_on("cpb", date(2026, 12, 15))
    february = reg.meeting_on("cpb", date(2027, 2, 16))
    reg.apply(gov.cancel_meeting(reg.data, february.id, TODAY))
    add_item(reg, december, "Apologies", purpose=Purpose.INFORMATION)
    decide = add_item(reg, december, "Business case", purpose=Purpose.DECISION)
    add_item(reg, december, "Highlight report", purpose=Purpose.DISCUSSION)
    minutes = add_item(reg, december, "Minutes", purpose=Purpose.DECISION)

    coming = gov.forward_plan(reg.data, TODAY)
    assert [(p.meeting.board_id, p.meeting.date) for p in coming] == [
        ("ceb", date(2026, 12, 10)),
        ("cpb", date(2026, 12, 15)),
        ("cpb", date(2027, 1, 19)),  # February is cancelled
    ]
    assert [i.id for i in coming[1].items] == [decide.id, minutes.id]  # decisions only, in agenda order
    assert coming[0].items == [] and coming[2].items == []

    programme_only = gov.forward_plan(reg.data, TODAY, board_id="cpb")
    assert [p.meeting.date for p in programme_only] == [date(2026, 12, 15), date(2027, 1, 19)]
    # A meeting today is still coming.
    assert gov.forward_plan(reg.data, date(2026, 12, 15), board_id="cpb")[0].meeting == december


# ------------------------------------------------------------------------------------- quadrant moves


def test_quadrant_moves_at_a_meeting(reg: Reg) -> None:
    meeting = held(reg, "cpb", date(2026, 11, 17))
    before = reg.data.opportunities["dt"]
    moved = replace(before, effort=20, benefit=80)
    reg.apply(Edit("Moved from Park to Quick win", [RecordChange(before, moved)]), meeting_id=meeting.id)
    reg.apply(
        Edit("Add a note", [RecordChange(moved, replace(moved, notes="Shared instructors."))]), meeting_id=meeting.id
    )
    lines = gov.quadrant_moves_at(reg.register.meeting_changes(meeting.id), reg.data)
    assert lines == ["TST-002 Driver Training: Moved from Park to Quick win"]
    assert gov.opportunity_quadrant(reg.data, reg.data.opportunities["dt"]) is Quadrant.QUICK_WIN
    again = reg.data.opportunities["dt"]
    reg.apply(
        Edit("Move TST-002 from Quick win to Major project", [RecordChange(again, replace(again, effort=70))]),
        meeting_id=meeting.id,
    )
    lines = gov.quadrant_moves_at(reg.register.meeting_changes(meeting.id), reg.data)
    assert lines[-1] == "TST-002 Driver Training: Moved from Quick win to Major project"
    assert gov.opportunity_quadrant(reg.data, reg.data.opportunities["dt"]) is Quadrant.MAJOR_PROJECT
