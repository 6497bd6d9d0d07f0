"""The boards' meetings as an iCalendar file (RFC 5545) for Outlook and other calendars. No Qt.

Each meeting is one event (Europe/London time, its location, chairs and numbered agenda in the description),
and its paper deadline a separate all-day event naming the meeting. UIDs come from the meeting's id, so
importing a later export updates the events already in a calendar instead of adding them again, and a
cancelled meeting is written with STATUS:CANCELLED (rather than left out) so that the calendar drops it.

Versions of an event: DTSTAMP is the moment of export, so a later export wins over an earlier one when the
SEQUENCE is equal (RFC 5546). SEQUENCE counts the saved edits that changed when, where or whether the meeting
happens (date, time, length, location, status), read from the register's change log when the caller passes
`history` (Register.history); it only ever grows, so it never goes backwards between two exports.
LAST-MODIFIED and CREATED come from the same log. Without `history` every SEQUENCE is 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..core.formatting import format_date
from ..core.governance import (
    GovernanceError,
    agenda_of,
    horizon_end,
    meeting_reference,
    meetings_of,
    paper_deadline,
    start_times,
)
from ..core.model import Meeting, RegisterData
from ..files import write_atomically

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Bluelight Desktop//EN"
UID_DOMAIN = "bluelight-desktop"
MIN_MONTHS, MAX_MONTHS = 1, 60
# The meeting fields whose change moves the event in a calendar (RFC 5546 bumps SEQUENCE for these).
SIGNIFICANT_FIELDS = frozenset({"date", "time", "minutes_allowed", "location", "status", "deleted", "restored"})

History = Callable[[str], Sequence[Mapping[str, Any]]]

__all__ = [
    "PRODID",
    "Revision",
    "build_calendar",
    "calendar_bytes",
    "calendar_meetings",
    "meeting_uid",
    "papers_uid",
    "revision_from_history",
    "write_calendar",
]


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.id}@{UID_DOMAIN}"


def papers_uid(meeting: Meeting) -> str:
    return f"{meeting.id}-papers@{UID_DOMAIN}"


@dataclass(frozen=True)
class Revision:
    """How far a meeting record has been revised, from its change log."""

    sequence: int = 0
    created: datetime | None = None
    last_modified: datetime | None = None


def _stamp(text: object) -> datetime | None:
    try:
        return datetime.strptime(str(text), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def revision_from_history(rows: Sequence[Mapping[str, Any]]) -> Revision:
    """SEQUENCE, CREATED and LAST-MODIFIED from a meeting's change log rows (Register.history)."""
    created_action = next((row["action_id"] for row in rows if row.get("field") == "created"), None)
    significant = {
        row["action_id"]
        for row in rows
        if row.get("field") in SIGNIFICANT_FIELDS and row["action_id"] != created_action
    }
    stamps = [s for s in (_stamp(row.get("changed_at")) for row in rows) if s is not None]
    created = next((_stamp(row.get("changed_at")) for row in rows if row.get("field") == "created"), None)
    return Revision(len(significant), created, max(stamps, default=None))


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def calendar_meetings(data: RegisterData, today: date, board_id: str | None = None, months: int = 12) -> list[Meeting]:
    """The meetings a calendar export holds: from the first of today's month (so this month's meetings
    already held keep their minutes' context) to `months` months ahead, cancelled ones included."""
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise GovernanceError(f"Choose between {MIN_MONTHS} and {MAX_MONTHS} months ahead, not {months}.")
    if board_id is not None and board_id not in data.boards:
        raise GovernanceError("That board is not in the register.")
    start, end = _first_of_month(today), horizon_end(today, months)
    return [m for m in meetings_of(data, board_id) if start <= m.date <= end and m.board_id in data.boards]


def _start_time(meeting: Meeting) -> time | None:
    try:
        return datetime.strptime(meeting.time.strip(), "%H:%M").time()
    except ValueError:
        return None


def _description(data: RegisterData, meeting: Meeting, location: str) -> str:
    board = data.boards[meeting.board_id]
    when = format_date(meeting.date)
    start = _start_time(meeting)
    if start is not None:
        finish = (datetime.combine(meeting.date, start) + timedelta(minutes=meeting.minutes_allowed)).time()
        when += f", {start:%H:%M} to {finish:%H:%M}"
    lines = []
    if meeting.cancelled:
        lines += ["This meeting has been cancelled.", ""]
    lines.append(f"{board.name}, {when}")
    if location:
        lines.append(location)
    chairs = board.chair_list
    if chairs:
        lines += ["", "Chair:" if len(chairs) == 1 else "Chairs:", *chairs]
    items = agenda_of(data, meeting.id)
    lines += ["", "Agenda:"]
    if items:
        for number, (item, starts) in enumerate(zip(items, start_times(meeting, items), strict=True), start=1):
            details = [item.purpose.label, *([item.presenter] if item.presenter.strip() else [])]
            details.append(f"{item.minutes} min")
            lines.append(f"{number}. {starts + ' ' if starts else ''}{item.title} ({', '.join(details)})")
    else:
        lines.append("Not yet set.")
    lines += [
        "",
        f"Papers due {format_date(paper_deadline(data, meeting))}.",
        f"Reference: {meeting_reference(data, meeting)}",
    ]
    return "\n".join(lines)


def _common(event: Event, stamp: datetime, revision: Revision) -> None:
    event.add("dtstamp", stamp)
    event.add("sequence", revision.sequence)
    if revision.created is not None:
        event.add("created", revision.created)
    if revision.last_modified is not None:
        event.add("last-modified", revision.last_modified)


def _meeting_event(data: RegisterData, meeting: Meeting, stamp: datetime, revision: Revision) -> Event:
    board = data.boards[meeting.board_id]
    location = meeting.location.strip() or board.default_location.strip()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    _common(event, stamp, revision)
    # Outlook and Google show STATUS:CANCELLED differently (Google keeps a struck-out event), so the title
    # says it too, as Outlook's own cancellations do.
    event.add("summary", f"Cancelled: {board.name}" if meeting.cancelled else board.name)
    start = _start_time(meeting)
    if start is None:  # no time yet: an all-day event on the day
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + timedelta(days=1))
    else:
        begins = datetime.combine(meeting.date, start, tzinfo=LONDON)
        event.add("dtstart", begins)
        event.add("dtend", begins + timedelta(minutes=max(meeting.minutes_allowed, 1)))
    if location:
        event.add("location", location)
    event.add("description", _description(data, meeting, location))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    return event


def _papers_event(data: RegisterData, meeting: Meeting, stamp: datetime, revision: Revision) -> Event:
    board = data.boards[meeting.board_id]
    deadline = paper_deadline(data, meeting)
    event = Event()
    event.add("uid", papers_uid(meeting))
    _common(event, stamp, revision)
    cancelled = "Cancelled: " if meeting.cancelled else ""
    event.add("summary", f"{cancelled}Papers due: {board.name} {format_date(meeting.date)}")
    event.add("dtstart", deadline)
    event.add("dtend", deadline + timedelta(days=1))
    days = "1 clear working day" if board.paper_lead_days == 1 else f"{board.paper_lead_days} clear working days"
    lines = [
        f"Papers for the {board.name} on {format_date(meeting.date)} are due today, to leave {days} "
        "before the meeting.",
        f"Reference: {meeting_reference(data, meeting)}",
    ]
    if meeting.cancelled:
        lines.insert(0, "The meeting has been cancelled, so no papers are needed.")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a deadline, not time taken: the day stays free
    event.add("x-microsoft-cdo-busystatus", "FREE")
    return event


def build_calendar(
    data: RegisterData,
    today: date,
    board_id: str | None = None,
    months: int = 12,
    *,
    stamp: datetime | None = None,
    history: History | None = None,
) -> Calendar:
    """The calendar of the meetings from the first of today's month to `months` ahead (one board's, or
    all), each with its paper deadline. `stamp` is the export's moment (DTSTAMP; now if not given)."""
    meetings = calendar_meetings(data, today, board_id, months)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = data.settings.name
    if board_id is not None:
        name = f"{name}: {data.boards[board_id].name}"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        revision = revision_from_history(history(meeting.id)) if history is not None else Revision()
        calendar.add_component(_meeting_event(data, meeting, stamp, revision))
        calendar.add_component(_papers_event(data, meeting, stamp, revision))
    # VTIMEZONE for Europe/London (RFC 5545 requires one for each TZID), with the clock changes of the
    # years the events fall in and a year either side, rather than every change since 1970.
    first = _first_of_month(today)
    calendar.add_missing_timezones(date(first.year - 1, 1, 1), date(horizon_end(today, months).year + 2, 1, 1))
    return calendar


def calendar_bytes(calendar: Calendar) -> bytes:
    return bytes(calendar.to_ical())


def _check(expected_events: int) -> Callable[[Path], None]:
    def check(temp: Path) -> None:
        parsed = Calendar.from_ical(temp.read_bytes())
        if not isinstance(parsed, Calendar) or len(parsed.events) != expected_events:
            raise OSError("the calendar file did not read back whole; nothing was written")
        if parsed.get_missing_tzids():
            raise OSError("the calendar file lacks a time zone it uses; nothing was written")

    return check


def write_calendar(
    data: RegisterData,
    path: Path,
    today: date,
    board_id: str | None = None,
    months: int = 12,
    *,
    stamp: datetime | None = None,
    history: History | None = None,
) -> int:
    """Write the calendar to `path` atomically (built beside it, read back with icalendar, then renamed
    into place) and return how many meetings it holds, cancelled ones included."""
    calendar = build_calendar(data, today, board_id, months, stamp=stamp, history=history)
    content = calendar_bytes(calendar)
    events = len(calendar.events)
    write_atomically(Path(path), lambda temp: temp.write_bytes(content), check=_check(events))
    return events // 2  # each meeting is written as two events: itself and its paper deadline
