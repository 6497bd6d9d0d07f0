"""The meetings as an iCalendar file (reports/calendar_file), read back with icalendar as a calendar app would.

Checked: one event per meeting and one all-day event per paper deadline, from the first of this month to the
horizon; Europe/London times with a VTIMEZONE (GMT in winter, BST in summer); the chairs and the numbered
agenda with start times in the description; cancelled meetings kept with STATUS:CANCELLED; meetings without a
time all-day; UIDs stable between exports and SEQUENCE growing when a meeting moves (not when its agenda
changes); one board; the horizon; an atomic write that never leaves half a file; find_board.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from bluelight_desktop.core import governance
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.formatting import format_date
from bluelight_desktop.core.governance import GovernanceError, find_board, paper_deadline
from bluelight_desktop.core.model import AgendaItem, Meeting, Purpose, RegisterData
from bluelight_desktop.reports import calendar_file
from bluelight_desktop.reports.calendar_file import (
    PRODID,
    Revision,
    build_calendar,
    calendar_meetings,
    meeting_uid,
    papers_uid,
    revision_from_history,
    write_calendar,
)
from bluelight_desktop.storage.register import Register, open_register

TODAY = date(2026, 11, 21)
STAMP = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


@pytest.fixture
def register(sample_path: Path) -> Iterator[Register]:
    with open_register(sample_path) as opened:
        yield opened


def board_id(data: RegisterData, short_name: str) -> str:
    board = find_board(data, short_name)
    assert board is not None
    return board.id


def meeting_on(data: RegisterData, day: date) -> Meeting:
    return next(m for m in data.meetings.values() if m.date == day)


def coming_cpb(data: RegisterData, index: int) -> Meeting:
    """The Programme Board's `index`th meeting still to come after December (not cancelled)."""
    held = governance.meetings_of(data, board_id(data, "CPB"), include_cancelled=False)
    return [m for m in held if m.date > date(2026, 12, 31)][index]


def events_by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(e["UID"]): e for e in calendar.events}


def read_back(calendar: Calendar) -> Calendar:
    """What a calendar app sees: the bytes, parsed again."""
    parsed = Calendar.from_ical(calendar.to_ical())
    assert isinstance(parsed, Calendar)
    return parsed


def test_each_meeting_and_its_paper_deadline_from_the_start_of_this_month(register: Register) -> None:
    data = register.load()
    calendar = read_back(build_calendar(data, TODAY, stamp=STAMP, history=register.history))
    expected = [m for m in data.meetings.values() if date(2026, 11, 1) <= m.date <= date(2027, 11, 21)]
    assert expected and any(m.date < TODAY for m in expected)  # 17 Nov 2026 is held but still in this month
    events = events_by_uid(calendar)
    assert len(calendar.events) == 2 * len(expected)
    assert set(events) == {meeting_uid(m) for m in expected} | {papers_uid(m) for m in expected}
    assert meeting_on(data, date(2026, 10, 20)).id + "@bluelight-desktop" not in events  # last month: left out
    assert str(calendar["PRODID"]) == PRODID and str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == data.settings.name
    for event in calendar.events:
        assert event["DTSTAMP"].dt == STAMP
        assert isinstance(event["SEQUENCE"], int)


def test_a_meeting_is_in_london_time_with_its_place_chairs_and_agenda(register: Register) -> None:
    data = register.load()
    meeting = meeting_on(data, date(2026, 12, 15))
    governance_items = governance.agenda_of(data, meeting.id)
    extra = AgendaItem(
        meeting.id, "Estates: shared training ground", purpose=Purpose.DECISION, presenter="Head of Estates"
    )
    register.apply(governance.add_agenda_item(data, extra))
    data = register.load()
    items = governance.agenda_of(data, meeting.id)
    assert len(items) == len(governance_items) + 1

    calendar = read_back(build_calendar(data, TODAY, stamp=STAMP))
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    event = events_by_uid(calendar)[meeting_uid(meeting)]
    assert str(event["SUMMARY"]) == "Collaboration Programme Board"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert (start.date(), start.hour, start.minute) == (date(2026, 12, 15), 10, 0)
    assert start.utcoffset() == timedelta(0)  # December: GMT
    assert end - start == timedelta(minutes=meeting.minutes_allowed)
    assert str(event["LOCATION"]) == meeting.location
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "Chairs:\nChief Superintendent Chris Bithell, Lancashire Constabulary\nArea Manager Ben Norman, LFRS" in (
        description
    )
    lines = description.splitlines()
    agenda = lines[lines.index("Agenda:") + 1 : lines.index("Agenda:") + 1 + len(items)]
    times = governance.start_times(meeting, items)
    for number, (line, item, starts) in enumerate(zip(agenda, items, times, strict=True), start=1):
        assert line.startswith(f"{number}. {starts} {item.title} (")
    assert (
        agenda[-1] == f"{len(items)}. {times[-1]} Estates: shared training ground (Decision, Head of Estates, 10 min)"
    )
    assert f"Papers due {format_date(paper_deadline(data, meeting))}." in description


def test_summer_meetings_are_in_british_summer_time(register: Register) -> None:
    data = register.load()
    summer = Meeting(board_id(data, "CPB"), date(2027, 7, 20), time="10:00", location="Hutton")
    register.apply(Edit("Add a summer meeting", [RecordChange(None, summer)]))
    calendar = read_back(build_calendar(register.load(), TODAY, stamp=STAMP))
    start = events_by_uid(calendar)[meeting_uid(summer)]["DTSTART"].dt
    assert (start.hour, start.utcoffset()) == (10, timedelta(hours=1))
    assert start.astimezone(UTC).hour == 9
    london = calendar.timezones[0].to_ical().decode()
    assert "TZNAME:BST" in london and "TZNAME:GMT" in london


def test_the_paper_deadline_is_an_all_day_event_naming_the_meeting(register: Register) -> None:
    data = register.load()
    meeting = meeting_on(data, date(2026, 12, 15))
    event = events_by_uid(read_back(build_calendar(data, TODAY, stamp=STAMP)))[papers_uid(meeting)]
    assert str(event["SUMMARY"]) == "Papers due: Collaboration Programme Board 15 Dec 2026"
    deadline = paper_deadline(data, meeting)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event["DTSTART"].dt == deadline and not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == deadline + timedelta(days=1)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "CPB-2026-12-15" in str(event["DESCRIPTION"])


def test_a_cancelled_meeting_is_written_cancelled_not_left_out(register: Register) -> None:
    data = register.load()
    meeting = coming_cpb(data, 0)
    register.apply(governance.cancel_meeting(data, meeting.id, TODAY))
    events = events_by_uid(read_back(build_calendar(register.load(), TODAY, stamp=STAMP)))
    for uid in (meeting_uid(meeting), papers_uid(meeting)):
        assert str(events[uid]["STATUS"]) == "CANCELLED"
        assert str(events[uid]["SUMMARY"]).startswith("Cancelled: ")
    assert str(events[meeting_uid(meeting)]["DESCRIPTION"]).startswith("This meeting has been cancelled.")


def test_a_meeting_without_a_time_is_all_day(register: Register) -> None:
    data = register.load()
    meeting = coming_cpb(data, 1)
    register.apply(Edit("Clear the time", [RecordChange(meeting, replace(meeting, time=""))]))
    event = events_by_uid(read_back(build_calendar(register.load(), TODAY, stamp=STAMP)))[meeting_uid(meeting)]
    assert event["DTSTART"].dt == meeting.date and not isinstance(event["DTSTART"].dt, datetime)
    assert event["DTEND"].dt == meeting.date + timedelta(days=1)
    assert "TZID" not in event["DTSTART"].params


def test_uids_are_stable_and_sequence_grows_when_a_meeting_moves(register: Register) -> None:
    data = register.load()
    meeting = coming_cpb(data, 0)
    first = events_by_uid(read_back(build_calendar(data, TODAY, history=register.history)))
    sequence = first[meeting_uid(meeting)]["SEQUENCE"]

    register.apply(governance.move_meeting(data, meeting.id, date(2027, 1, 26), "13:30", TODAY))
    data = register.load()
    register.apply(governance.add_agenda_item(data, AgendaItem(meeting.id, "Fleet maintenance")))
    second = events_by_uid(read_back(build_calendar(register.load(), TODAY, history=register.history)))
    assert set(second) == set(first)
    moved = second[meeting_uid(meeting)]
    assert moved["SEQUENCE"] == sequence + 1  # the move; the agenda item is not a change of when or where
    assert moved["DTSTART"].dt.date() == date(2027, 1, 26) and moved["DTSTART"].dt.hour == 13
    assert moved["LAST-MODIFIED"].dt >= first[meeting_uid(meeting)]["CREATED"].dt
    assert "Fleet maintenance" in str(moved["DESCRIPTION"])
    others = [uid for uid in first if meeting.id not in uid]
    assert all(second[uid]["SEQUENCE"] == first[uid]["SEQUENCE"] for uid in others)


def test_revision_from_history_counts_changes_of_when_and_where() -> None:
    rows = [
        {"action_id": "a", "field": "created", "changed_at": "2026-09-01T08:00:00Z"},
        {"action_id": "a", "field": "date", "changed_at": "2026-09-01T08:00:00Z"},
        {"action_id": "b", "field": "date", "changed_at": "2026-10-01T08:00:00Z"},
        {"action_id": "b", "field": "time", "changed_at": "2026-10-01T08:00:00Z"},
        {"action_id": "c", "field": "minutes_text", "changed_at": "2026-11-01T08:00:00Z"},
        {"action_id": "d", "field": "status", "changed_at": "2026-10-15T08:00:00Z"},
    ]
    assert revision_from_history(rows) == Revision(
        sequence=2,
        created=datetime(2026, 9, 1, 8, tzinfo=UTC),
        last_modified=datetime(2026, 11, 1, 8, tzinfo=UTC),
    )
    assert revision_from_history([]) == Revision()


def test_one_board_and_the_horizon(register: Register) -> None:
    data = register.load()
    cpb = board_id(data, "cpb")
    calendar = read_back(build_calendar(data, TODAY, cpb, months=1, stamp=STAMP))
    meetings = calendar_meetings(data, TODAY, cpb, months=1)
    assert [m.date for m in meetings] == [date(2026, 11, 17), date(2026, 12, 15)]
    assert len(calendar.events) == 4
    assert str(calendar["X-WR-CALNAME"]) == f"{data.settings.name}: Collaboration Programme Board"
    assert all("Executive" not in str(e["SUMMARY"]) for e in calendar.events)
    for months in (0, 61):
        with pytest.raises(GovernanceError, match="between 1 and 60 months"):
            calendar_meetings(data, TODAY, months=months)


def test_find_board_by_name_or_short_name() -> None:
    from bluelight_desktop.core.model import Board, RegisterSettings

    cpb = Board("Collaboration Programme Board", "CPB")
    ceb = Board("Collaboration  Executive Board", "CEB")
    data = RegisterData(RegisterSettings(), {}, {}, {}, {cpb.id: cpb, ceb.id: ceb}, {})
    assert find_board(data, "cpb") is cpb
    assert find_board(data, "  collaboration programme BOARD ") is cpb
    assert find_board(data, "Collaboration Executive Board") is ceb
    assert find_board(data, "Estates Board") is None
    assert find_board(data, " ") is None


def test_write_calendar_is_atomic(register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = register.load()
    out = tmp_path / "meetings.ics"
    count = write_calendar(data, out, TODAY, history=register.history)
    assert count == len(calendar_meetings(data, TODAY))
    parsed = Calendar.from_ical(out.read_bytes())
    assert len(parsed.events) == 2 * count
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    before = out.read_bytes()

    def refuse(_ical: bytes) -> Calendar:  # the read-back check finds the file broken
        raise ValueError("not a calendar")

    monkeypatch.setattr(calendar_file.Calendar, "from_ical", staticmethod(refuse))
    with pytest.raises(ValueError):
        write_calendar(data, out, TODAY)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
