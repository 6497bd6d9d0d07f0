"""Boards, meetings, agendas, decisions and actions: the rules, as functions that return Edits.

Nothing here touches a file or a widget: the app and the command line apply the Edits (one transaction each,
undoable), and the calendar views, the calendar file and the meeting pack read the same helpers.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .cadence import CadenceError, cadence_dates, parse_cadence
from .edits import Edit, RecordChange
from .formatting import format_date, format_pounds
from .model import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    BoardMember,
    ClosureDay,
    Decision,
    Meeting,
    MeetingStatus,
    Nation,
    Opportunity,
    Purpose,
    RegisterData,
    Stage,
)
from .quadrant import Quadrant, Thresholds, quadrant_for
from .working_days import WorkingCalendar

DEFAULT_HORIZON_MONTHS = 12
DEADLINE_WARNING_DAYS = 5  # working days before a paper deadline at which the app starts to warn


class GovernanceError(ValueError):
    """A request the rules refuse, in plain words."""


# ------------------------------------------------------------------------------------------------ naming


def meeting_reference(data: RegisterData, meeting: Meeting) -> str:
    """A meeting's short handle, e.g. CPB-2026-12-15 (used by `bluelight pack --meeting`)."""
    board = data.boards.get(meeting.board_id)
    label = (board.short_name or board.name) if board else "MEETING"
    return f"{label.replace(' ', '')}-{meeting.date.isoformat()}"


def find_meeting(data: RegisterData, reference: str) -> Meeting | None:
    wanted = reference.strip().upper()
    for meeting in data.meetings.values():
        if meeting_reference(data, meeting).upper() == wanted or meeting.id == reference.strip():
            return meeting
    return None


def find_board(data: RegisterData, name: str) -> Board | None:
    """The board whose name or short name is `name`, ignoring case and extra spaces (`--board CPB`)."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    for board in sorted(data.boards.values(), key=lambda b: (b.name.casefold(), b.id)):
        if wanted in (" ".join(board.name.split()).casefold(), " ".join(board.short_name.split()).casefold()):
            return board
    return None


def meeting_title(data: RegisterData, meeting: Meeting) -> str:
    """'Collaboration Programme Board, 15 Dec 2026'."""
    board = data.boards.get(meeting.board_id)
    return f"{board.name if board else 'Meeting'}, {format_date(meeting.date)}"


def meetings_of(data: RegisterData, board_id: str | None = None, include_cancelled: bool = True) -> list[Meeting]:
    chosen = [
        m
        for m in data.meetings.values()
        if (board_id is None or m.board_id == board_id) and (include_cancelled or not m.cancelled)
    ]
    return sorted(chosen, key=lambda m: (m.date, m.time, m.id))


def next_meeting(data: RegisterData, board_id: str, after: date, strictly_after: bool = False) -> Meeting | None:
    """The board's first meeting not cancelled on or after `after` (strictly after, if asked)."""
    for meeting in meetings_of(data, board_id, include_cancelled=False):
        if meeting.date > after or (meeting.date == after and not strictly_after):
            return meeting
    return None


def previous_meeting(data: RegisterData, meeting: Meeting) -> Meeting | None:
    held = meetings_of(data, meeting.board_id, include_cancelled=False)
    earlier = [m for m in held if (m.date, m.time) < (meeting.date, meeting.time)]
    return earlier[-1] if earlier else None


def decisions_since_previous(data: RegisterData, meeting: Meeting) -> list[tuple[Meeting, Decision]]:
    """The decisions recorded at meetings of any board held after the previous meeting of `meeting`'s board
    and before `meeting` (all earlier ones when the board has not met before), in the order they were taken:
    what a pack reports as decided since the board last met."""
    previous = previous_meeting(data, meeting)
    after = (previous.date, previous.time) if previous else None
    found = []
    for decision in data.decisions.values():
        held = data.meetings.get(decision.meeting_id)
        if held is None or (held.date, held.time) >= (meeting.date, meeting.time):
            continue
        if after is not None and (held.date, held.time) <= after:
            continue
        found.append((held, decision))

    def order(pair: tuple[Meeting, Decision]) -> tuple[date, str, int, str]:
        held, decision = pair
        item = data.agenda_items.get(decision.agenda_item_id or "")
        return held.date, held.time, item.position if item else 10_000, decision.text

    return sorted(found, key=order)


# --------------------------------------------------------------------------------------- deadlines


def working_calendar(data: RegisterData, board: Board) -> WorkingCalendar:
    return WorkingCalendar(board.nation, (c.date for c in data.closure_days.values()))


def paper_deadline(data: RegisterData, meeting: Meeting) -> date:
    board = data.boards[meeting.board_id]
    return working_calendar(data, board).paper_deadline(meeting.date, board.paper_lead_days)


@dataclass(frozen=True)
class DeadlineState:
    deadline: date
    level: str  # "passed", "today", "soon", "later"
    text: str


def deadline_state(data: RegisterData, meeting: Meeting, today: date) -> DeadlineState:
    """The paper deadline and how near it is, in words for the calendar and the meeting screen."""
    deadline = paper_deadline(data, meeting)
    shown = format_date(deadline)
    if deadline < today:
        return DeadlineState(deadline, "passed", f"Papers were due {shown}")
    if deadline == today:
        return DeadlineState(deadline, "today", f"Papers are due today, {shown}")
    board = data.boards[meeting.board_id]
    left = working_calendar(data, board).working_days_between(today, deadline)
    if left <= DEADLINE_WARNING_DAYS:
        days = "1 working day" if left == 1 else f"{left} working days"
        return DeadlineState(deadline, "soon", f"Papers due {shown}, in {days}")
    return DeadlineState(deadline, "later", f"Papers due {shown}")


# ----------------------------------------------------------------------------------------- the series


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def horizon_end(today: date, months: int = DEFAULT_HORIZON_MONTHS) -> date:
    return _add_months(today, months)


def new_meeting(board: Board, day: date, series: bool) -> Meeting:
    return Meeting(
        board_id=board.id,
        date=day,
        time=board.default_time,
        location=board.default_location,
        minutes_allowed=board.default_minutes,
        series_date=day if series else None,
    )


def generate_meetings(data: RegisterData, board_id: str, until: date, today: date) -> Edit:
    """Add the meetings the board's cadence gives from today (or the cadence's start, if later) to `until`,
    skipping any date the series already has: a moved or cancelled meeting keeps its series date, so it is
    never added again, and a day a meeting was moved to is not given a second meeting."""
    board = data.boards[board_id]
    start = max(today, board.cadence_from or today)
    ours = [m for m in data.meetings.values() if m.board_id == board_id]
    taken = {m.series_date or m.date for m in ours} | {m.date for m in ours if not m.cancelled}
    created = [
        new_meeting(board, day, series=True) for day in cadence_dates(board.cadence, start, until) if day not in taken
    ]
    plural = "meeting" if len(created) == 1 else "meetings"
    return Edit(f"Plan {len(created)} {plural} of {board.label}", [RecordChange(None, m) for m in created])


def _meeting_has_business(data: RegisterData, meeting_id: str) -> bool:
    return any(
        record.meeting_id == meeting_id
        for records in (data.agenda_items, data.decisions, data.actions, data.attendance)
        for record in records.values()
    )


def _untouched(data: RegisterData, meeting: Meeting, board: Board) -> bool:
    """A planned meeting still exactly as the board's cadence made it: on its series date, not cancelled, at the
    board's usual time, place and length, with no agenda, attendance, decisions, actions or minutes."""
    return (
        meeting.series_date == meeting.date
        and not meeting.cancelled
        and (meeting.time, meeting.location, meeting.minutes_allowed)
        == (board.default_time, board.default_location, board.default_minutes)
        and not meeting.minutes_text.strip()
        and not _meeting_has_business(data, meeting.id)
    )


def change_board(data: RegisterData, after: Board, today: date) -> Edit:
    """Save a board's details. When its cadence changes, the new one applies from today: planned meetings
    from the old cadence that are still untouched (see _untouched: not moved, not re-timed, not cancelled, no
    agenda or minutes) are replaced by the new cadence's dates over the same horizon (to the end of the month
    of the last planned meeting); meetings already held are never rewritten. An untouched meeting on a date
    the new cadence also gives stays the same record (so a calendar that imported it keeps it), with the
    board's new time, place and length; no new meeting is put on a day where a kept meeting already is."""
    before = data.boards[after.id]
    changes = []
    if after.cadence != before.cadence:
        after = replace(after, cadence_from=today)
        future = [m for m in meetings_of(data, after.id) if m.date >= today]
        untouched = [m for m in future if _untouched(data, m, before)]
        kept = [m for m in future if m not in untouched]
        # The same horizon, to the end of the month of the last planned meeting: a cadence moving from the
        # third Tuesday to the third Thursday still has a meeting in that month.
        last = max((m.date for m in future), default=None)
        until = _add_months(last.replace(day=1), 1) - timedelta(days=1) if last else horizon_end(today)
        new_dates = cadence_dates(after.cadence, today, until)
        taken = {m.series_date or m.date for m in kept} | {m.date for m in kept if not m.cancelled}
        for meeting in untouched:
            if meeting.date in new_dates and meeting.date not in taken:
                taken.add(meeting.date)
                refreshed = replace(
                    meeting,
                    time=after.default_time,
                    location=after.default_location,
                    minutes_allowed=after.default_minutes,
                )
                if refreshed != meeting:
                    changes.append(RecordChange(copy.deepcopy(meeting), refreshed))
            else:
                changes.append(RecordChange(copy.deepcopy(meeting), None))
        for day in new_dates:
            if day not in taken:
                changes.append(RecordChange(None, new_meeting(after, day, series=True)))
    changes.insert(0, RecordChange(copy.deepcopy(before), copy.deepcopy(after)))
    return Edit(f"Change {after.label}", changes)


def check_meeting_date(day: date, today: date) -> None:
    if day < today:
        raise GovernanceError(
            f"{format_date(day)} is in the past. Choose today or a later date; meetings already held keep their date."
        )


def move_meeting(data: RegisterData, meeting_id: str, day: date, time: str, today: date) -> Edit:
    before = data.meetings[meeting_id]
    check_meeting_date(day, today)
    if before.date < today:
        raise GovernanceError("A meeting that has already been held cannot be moved.")
    after = replace(before, date=day, time=time)
    return Edit(f"Move {meeting_title(data, before)} to {format_date(day)}", [RecordChange(before, after)])


def cancel_meeting(data: RegisterData, meeting_id: str, today: date) -> Edit:
    before = data.meetings[meeting_id]
    if before.date < today:
        raise GovernanceError("A meeting that has already been held cannot be cancelled.")
    after = replace(before, status=MeetingStatus.CANCELLED)
    return Edit(f"Cancel {meeting_title(data, before)}", [RecordChange(before, after)])


def reinstate_meeting(data: RegisterData, meeting_id: str) -> Edit:
    before = data.meetings[meeting_id]
    after = replace(before, status=MeetingStatus.SCHEDULED)
    return Edit(f"Reinstate {meeting_title(data, before)}", [RecordChange(before, after)])


def add_extra_meeting(data: RegisterData, board_id: str, day: date, today: date) -> tuple[Meeting, Edit]:
    check_meeting_date(day, today)
    board = data.boards[board_id]
    meeting = new_meeting(board, day, series=False)
    return meeting, Edit(f"Add a meeting of {board.label} on {format_date(day)}", [RecordChange(None, meeting)])


def meeting_clash(data: RegisterData, meeting: Meeting) -> str | None:
    """Why the meeting's day is not a working day (a bank holiday, a weekend), or None."""
    board = data.boards.get(meeting.board_id)
    if board is None:
        return None
    return working_calendar(data, board).why_closed(meeting.date)


# ------------------------------------------------------------------------------------- boards themselves

BOARD_SHORT_NAME_MAX = 20
PAPER_LEAD_DAYS_MAX = 30


def validate_board(board: Board, members: Iterable[BoardMember], other_boards: Iterable[Board]) -> list[str]:
    """What is wrong with a board's details, in plain words (empty when it can be saved)."""
    problems = []
    name, short = board.name.strip(), board.short_name.strip()
    if not name:
        problems.append("Give the board a name.")
    if len(short) > BOARD_SHORT_NAME_MAX:
        problems.append(f"The short name can be up to {BOARD_SHORT_NAME_MAX} characters; it has {len(short)}.")
    if not 0 <= board.paper_lead_days <= PAPER_LEAD_DAYS_MAX:
        problems.append(f"The paper lead time is 0 to {PAPER_LEAD_DAYS_MAX} clear working days.")
    if board.default_minutes <= 0:
        problems.append("Give the meeting a length in minutes.")
    if len(board.chair_list) > 2:
        problems.append("A board has one chair, or two who chair it jointly.")
    try:
        parse_cadence(board.cadence)
    except CadenceError as exc:
        problems.append(str(exc))
    for other in other_boards:
        if other.id == board.id:
            continue
        if name and other.name.strip().casefold() == name.casefold():
            problems.append(f"Another board is already called {other.name}.")
        if short and other.short_name.strip().casefold() == short.casefold():
            problems.append(f"The {other.name} already has the short name {other.short_name}.")
    unnamed = [str(row) for row, member in enumerate(members, start=1) if not member.name.strip()]
    if unnamed:
        rows = "row " + unnamed[0] if len(unnamed) == 1 else "rows " + ", ".join(unnamed[:-1]) + " and " + unnamed[-1]
        problems.append(f"Give every member a name ({rows} of the members list).")
    return problems


def save_board(data: RegisterData, board: Board, members: Iterable[BoardMember], today: date) -> Edit:
    """One Edit for a board's details and its members: a new board is created; an existing one goes through
    change_board (a new cadence replaces untouched planned meetings, never held ones); members are created,
    updated and deleted to match `members`. An Edit with no changes when nothing changed."""
    members = [copy.deepcopy(m) for m in members]
    changes: list[RecordChange] = []
    if board.id not in data.boards:
        if board.cadence and board.cadence_from is None:
            board = replace(board, cadence_from=today)
        changes.append(RecordChange(None, copy.deepcopy(board)))
        description = f"Add board {board.label}"
    else:
        if board != data.boards[board.id]:
            changes += change_board(data, board, today).changes
        description = f"Change {board.label}"
    stored = {m.id: m for m in data.board_members.values() if m.board_id == board.id}
    for member in members:
        member.board_id = board.id
        old = stored.pop(member.id, None)
        if old is None:
            changes.append(RecordChange(None, member))
        elif old != member:
            changes.append(RecordChange(copy.deepcopy(old), member))
    changes += [RecordChange(copy.deepcopy(old), None) for old in stored.values()]
    return Edit(description, changes)


def planned_meeting_changes(edit: Edit) -> tuple[list[Meeting], list[Meeting]]:
    """The meetings an Edit removes and those it adds, each in date order (what a cadence change replaces)."""
    removed = [c.before for c in edit.changes if isinstance(c.before, Meeting) and c.after is None]
    added = [c.after for c in edit.changes if isinstance(c.after, Meeting) and c.before is None]
    return sorted(removed, key=lambda m: m.date), sorted(added, key=lambda m: m.date)


def delete_board(data: RegisterData, board_id: str) -> Edit:
    """Delete a board and its members. A board with meetings (held, planned or cancelled) is refused: its
    meetings are the record of its business."""
    board = data.boards[board_id]
    count = len(meetings_of(data, board_id))
    if count:
        meetings = "1 meeting" if count == 1 else f"{count} meetings"
        raise GovernanceError(
            f"The {board.name} cannot be deleted: it has {meetings}. Its meetings are the record of its business."
        )
    changes = [RecordChange(copy.deepcopy(board), None)]
    changes += [RecordChange(copy.deepcopy(m), None) for m in data.board_members.values() if m.board_id == board_id]
    return Edit(f"Delete board {board.label}", changes)


def add_closure_day(data: RegisterData, day: date, name: str = "") -> Edit:
    """Add a closure day; a day already closed (a weekend, or a closure day already) is refused."""
    for closure in data.closure_days.values():
        if closure.date == day:
            called = f" ({closure.name})" if closure.name else ""
            raise GovernanceError(f"{format_date(day)} is already a closure day{called}.")
    if day.weekday() >= 5:
        raise GovernanceError(
            f"{format_date(day)} is a {day:%A}; weekends are never working days, so it is skipped already."
        )
    closure = ClosureDay(day, " ".join(name.split()))
    return Edit(f"Add closure day {format_date(day)}", [RecordChange(None, closure)])


def remove_closure_day(data: RegisterData, closure_id: str) -> Edit:
    closure = data.closure_days[closure_id]
    return Edit(f"Remove closure day {format_date(closure.date)}", [RecordChange(copy.deepcopy(closure), None)])


# ---------------------------------------------------------------------------------------------- agenda


def agenda_of(data: RegisterData, meeting_id: str) -> list[AgendaItem]:
    return sorted(
        (i for i in data.agenda_items.values() if i.meeting_id == meeting_id), key=lambda i: (i.position, i.id)
    )


def agenda_minutes(data: RegisterData, meeting_id: str) -> int:
    return sum(i.minutes for i in agenda_of(data, meeting_id))


def agenda_over_time(data: RegisterData, meeting: Meeting) -> str | None:
    total = agenda_minutes(data, meeting.id)
    if total > meeting.minutes_allowed:
        return (
            f"The agenda runs {total} minutes, {total - meeting.minutes_allowed} more than the "
            f"{meeting.minutes_allowed} minutes the meeting has."
        )
    return None


def start_times(meeting: Meeting, items: Iterable[AgendaItem]) -> list[str]:
    """Each item's start time (HH:MM) from the meeting's start; blank when the meeting has no time."""
    try:
        clock = datetime.strptime(meeting.time, "%H:%M")
    except ValueError:
        return ["" for _ in items]
    times = []
    for item in items:
        times.append(clock.strftime("%H:%M"))
        clock += timedelta(minutes=item.minutes)
    return times


def paper_from_opportunity(data: RegisterData, opportunity: Opportunity, purpose: Purpose) -> dict[str, str]:
    """Paper text pre-filled from an opportunity: what the register already knows, for the author to edit."""
    lead = data.organisations.get(opportunity.lead_organisation_id or "")
    partners = [data.organisations[p].name for p in opportunity.partner_ids if p in data.organisations]
    workstream = data.workstreams.get(opportunity.workstream_id or "")
    facts = [f"{opportunity.reference} {opportunity.title} is at the {opportunity.stage.label.lower()} stage"]
    if workstream:
        facts[0] += f" in the {workstream.name} workstream"
    if lead:
        officer = f" ({opportunity.lead_officer})" if opportunity.lead_officer else ""
        facts.append(f"It is led by {lead.name}{officer}")
    if partners:
        facts.append("Partners: " + ", ".join(partners))
    from .benefits import financial_implications  # loaded with the first paper, not at start-up

    drafted = financial_implications(data, opportunity)
    financial = [drafted] if drafted else []
    if not drafted and opportunity.cashable_saving_pence:
        financial.append(f"Cashable savings of {format_pounds(opportunity.cashable_saving_pence)} a year are planned.")
    if not drafted and opportunity.one_off_cost_pence:
        financial.append(f"One-off costs of {format_pounds(opportunity.one_off_cost_pence)} are expected.")
    decision = ""
    if purpose is Purpose.DECISION:
        decision = f"The board is asked to decide on the next step for {opportunity.title}."
    return {
        "executive_summary": opportunity.summary,
        "decision_required": decision,
        "background": ". ".join(facts) + ".",
        "business_risk": opportunity.risks,
        "financial_implications": " ".join(financial),
    }


def add_agenda_item(data: RegisterData, item: AgendaItem) -> Edit:
    """Add an item at the end of its meeting's agenda, its paper pre-filled from its opportunity where the
    author has not written that heading."""
    item = copy.deepcopy(item)
    item.position = _next_position(data, item.meeting_id)
    opportunity = data.opportunities.get(item.opportunity_id or "")
    if opportunity is not None:
        for name, text in paper_from_opportunity(data, opportunity, item.purpose).items():
            if not getattr(item, name).strip():
                setattr(item, name, text)
    return Edit(f"Add agenda item {item.title}", [RecordChange(None, item)])


def _next_position(data: RegisterData, meeting_id: str) -> int:
    """After the agenda's last item (not its count: merged copies can leave gaps, and a count would repeat a
    number already taken)."""
    return max((i.position for i in agenda_of(data, meeting_id)), default=0) + 1


def update_agenda_item(data: RegisterData, after: AgendaItem) -> Edit:
    return Edit(f"Edit agenda item {after.title}", [RecordChange(data.agenda_items[after.id], copy.deepcopy(after))])


def _renumber(ordered: list[AgendaItem], description: str, removed: AgendaItem | None = None) -> Edit:
    changes = [RecordChange(copy.deepcopy(removed), None)] if removed else []
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            changes.append(RecordChange(copy.deepcopy(item), replace(item, position=position)))
    return Edit(description, changes)


def remove_agenda_item(data: RegisterData, item_id: str) -> Edit:
    item = data.agenda_items[item_id]
    rest = [i for i in agenda_of(data, item.meeting_id) if i.id != item_id]
    return _renumber(rest, f"Remove agenda item {item.title}", removed=item)


def reorder_agenda(data: RegisterData, meeting_id: str, ordered_ids: list[str]) -> Edit:
    current = agenda_of(data, meeting_id)
    if sorted(ordered_ids) != sorted(i.id for i in current):
        raise GovernanceError("The agenda changed while it was being reordered; try again.")
    return _renumber([data.agenda_items[i] for i in ordered_ids], "Reorder the agenda")


def move_agenda_item(data: RegisterData, item_id: str, steps: int) -> Edit | None:
    """Move an item up (negative) or down the agenda; None when it is already at that end."""
    item = data.agenda_items[item_id]
    ids = [i.id for i in agenda_of(data, item.meeting_id)]
    index = ids.index(item_id)
    target = max(0, min(len(ids) - 1, index + steps))
    if target == index:
        return None
    ids.insert(target, ids.pop(index))
    edit = reorder_agenda(data, item.meeting_id, ids)
    edit.description = f"Move agenda item {item.title} {'up' if steps < 0 else 'down'}"
    return edit


def executive_board_for(data: RegisterData, board_id: str) -> Board | None:
    """The board a Programme Board refers items up to: the other board whose name says Executive (the seed
    papers' Collaboration Executive Board)."""
    for board in sorted(data.boards.values(), key=lambda b: b.name):
        if board.id != board_id and "executive" in board.name.lower():
            return board
    return None


def carry_item(data: RegisterData, item_id: str, to_board_id: str | None = None) -> tuple[Meeting, Edit]:
    """Copy an agenda item, with its paper, to the next meeting of its own board (carried forward) or of
    another board (referred). The original stays on its meeting's agenda, as the record of what was tabled."""
    item = data.agenda_items[item_id]
    meeting = data.meetings[item.meeting_id]
    board_id = to_board_id or meeting.board_id
    target = next_meeting(data, board_id, meeting.date, strictly_after=True)
    board = data.boards[board_id]
    if target is None:
        raise GovernanceError(
            f"{board.name} has no meeting planned after {format_date(meeting.date)}. Plan its meetings first."
        )
    if any(i.carried_from_id == item.id for i in agenda_of(data, target.id)):
        raise GovernanceError(f"{item.title} is already on the agenda of {meeting_title(data, target)}.")
    copied = replace(
        item,
        id=AgendaItem(meeting_id="", title="").id,
        meeting_id=target.id,
        position=_next_position(data, target.id),
        carried_from_id=item.id,
    )
    verb = "Carry" if board_id == meeting.board_id else "Refer"
    return target, Edit(f"{verb} {item.title} to {meeting_title(data, target)}", [RecordChange(None, copied)])


# ------------------------------------------------------------------------------------ in the meeting room


def record_decision(data: RegisterData, decision: Decision) -> Edit:
    """Record a decision; when it sets a stage, the opportunity moves to it in the same action, so the
    opportunity's history shows the change against the meeting. A decision on an agenda item about an
    opportunity is about that opportunity too."""
    decision = _with_item_opportunity(data, decision)
    changes = [RecordChange(None, copy.deepcopy(decision))]
    opportunity = data.opportunities.get(decision.opportunity_id or "")
    if decision.stage_set is not None:
        if opportunity is None:
            raise GovernanceError("A decision can only change the stage of an opportunity it is about.")
        if opportunity.stage is not decision.stage_set:
            changes.append(RecordChange(copy.deepcopy(opportunity), replace(opportunity, stage=decision.stage_set)))
    about = f" on {opportunity.reference}" if opportunity else ""
    return Edit(f"Record decision{about}: {decision.outcome.label.lower()}", changes)


def _with_item_opportunity(data: RegisterData, decision: Decision) -> Decision:
    """A decision on an agenda item about an opportunity is about that opportunity too."""
    item = data.agenda_items.get(decision.agenda_item_id or "")
    if decision.opportunity_id is None and item is not None and item.opportunity_id:
        return replace(decision, opportunity_id=item.opportunity_id)
    return decision


def stage_after_outcome(decision_outcome: str, current: Stage) -> Stage | None:
    """The stage a decision usually leads to, offered (not forced) in the decision form."""
    if decision_outcome in ("approved", "approved with conditions") and current in (
        Stage.IDEA,
        Stage.SCOPING,
        Stage.BUSINESS_CASE,
    ):
        return Stage.APPROVED
    if decision_outcome == "rejected":
        return Stage.PARKED
    return None


@dataclass(frozen=True)
class ActionRow:
    action: Action
    meeting: Meeting | None
    board: Board | None
    overdue: bool

    @property
    def state(self) -> str:
        if self.action.status is ActionStatus.DONE:
            return "Done"
        return "Overdue" if self.overdue else "Open"


def actions_log(
    data: RegisterData,
    today: date,
    owner: str | None = None,
    board_id: str | None = None,
    states: Iterable[str] = ("Open", "Overdue", "Done"),
) -> list[ActionRow]:
    """Actions across all meetings, overdue first, then by due date."""
    wanted = set(states)
    rows = []
    for action in data.actions.values():
        meeting = data.meetings.get(action.meeting_id)
        board = data.boards.get(meeting.board_id) if meeting else None
        if owner and action.owner.strip().lower() != owner.strip().lower():
            continue
        if board_id and (board is None or board.id != board_id):
            continue
        row = ActionRow(action, meeting, board, action.overdue(today))
        if row.state in wanted:
            rows.append(row)
    order = {"Overdue": 0, "Open": 1, "Done": 2}
    return sorted(rows, key=lambda r: (order[r.state], r.action.due or date.max, r.action.description))


def action_owners(data: RegisterData) -> list[str]:
    """The owners to filter the actions log by: one entry per owner whatever the case, as the filter ignores
    case, spelled as in their first action."""
    owners: dict[str, str] = {}
    for action in data.actions.values():
        if action.owner.strip():
            owners.setdefault(action.owner.strip().lower(), action.owner.strip())
    return sorted(owners.values(), key=str.lower)


def set_action_status(data: RegisterData, action_id: str, status: ActionStatus) -> Edit:
    before = data.actions[action_id]
    return Edit(
        f"Mark action {'done' if status is ActionStatus.DONE else 'open'}",
        [RecordChange(before, replace(before, status=status))],
    )


@dataclass(frozen=True)
class PlannedDecision:
    meeting: Meeting
    items: list[AgendaItem]


def forward_plan(data: RegisterData, today: date, board_id: str | None = None) -> list[PlannedDecision]:
    """The decisions expected at each coming meeting: its agenda items whose purpose is decision."""
    plan = []
    for meeting in meetings_of(data, board_id, include_cancelled=False):
        if meeting.date < today:
            continue
        items = [i for i in agenda_of(data, meeting.id) if i.purpose is Purpose.DECISION]
        plan.append(PlannedDecision(meeting, items))
    return plan


def quadrant_moves_at(history_rows: Iterable[dict[str, object]], data: RegisterData) -> list[str]:
    """Plain sentences for the board moves logged against a meeting (rows from Register.meeting_changes)."""
    by_action: dict[str, dict[str, object]] = {}
    for row in history_rows:
        if row["entity"] == "opportunity" and row["field"] in ("effort", "benefit"):
            by_action.setdefault(str(row["action_id"]), row)
    lines = []
    for row in by_action.values():
        opportunity = data.opportunities.get(str(row["record_id"]))
        if opportunity is not None:
            # The board names its moves "Move LAN-024 from Park to Quick win"; the line already says which.
            action = str(row["action"]).replace(f"Move {opportunity.reference} ", "Moved ", 1)
            lines.append(f"{opportunity.reference} {opportunity.title}: {action}")
    return lines


def opportunity_quadrant(data: RegisterData, opportunity: Opportunity) -> Quadrant:
    thresholds = Thresholds(data.settings.effort_threshold, data.settings.benefit_threshold)
    return quadrant_for(opportunity.effort, opportunity.benefit, thresholds)


# -------------------------------------------------------------------------------------------- calendar


def meeting_moved_from(meeting: Meeting) -> date | None:
    """The date its board's cadence gave a meeting that has since been moved, or None (not moved, or added by
    hand)."""
    if meeting.series_date is not None and meeting.series_date != meeting.date:
        return meeting.series_date
    return None


def closed_days(data: RegisterData, start: date, end: date, nations: Iterable[Nation] = ()) -> dict[date, str]:
    """The bank holidays of `nations` (England when none) and the register's closure days from `start` to `end`
    inclusive, by name: {25 Dec 2026: "Christmas Day"}. Weekends are left out. A holiday of only some of the
    nations says whose, "St Andrew's Day (Scotland)"; a closure day without a name reads "Closure day"."""
    chosen = sorted(set(nations), key=lambda n: n.value) or [Nation.ENGLAND]
    calendars = [(nation, WorkingCalendar(nation)) for nation in chosen]
    closures = {c.date: c.name.strip() or "Closure day" for c in data.closure_days.values()}
    found: dict[date, str] = {}
    day = start
    while day <= end:
        names: dict[str, list[Nation]] = {}
        for nation, calendar in calendars:
            holiday = calendar.bank_holiday(day)
            if holiday:  # the holidays package says "observed" where GOV.UK says "substitute day"
                names.setdefault(holiday.replace("(observed)", "(substitute day)"), []).append(nation)
        parts = [
            name if len(whose) == len(calendars) else f"{name} ({', '.join(n.label for n in whose)})"
            for name, whose in names.items()
        ]
        if day in closures:
            parts.append(closures[day])
        if parts:
            found[day] = "; ".join(parts)
        day += timedelta(days=1)
    return found


# ------------------------------------------------------------------------- attendance, actions and minutes


def attendance_of(data: RegisterData, meeting_id: str) -> list[Attendance]:
    return sorted(
        (a for a in data.attendance.values() if a.meeting_id == meeting_id), key=lambda a: (a.name.casefold(), a.id)
    )


def board_members_of(data: RegisterData, board_id: str) -> list[BoardMember]:
    return sorted(
        (m for m in data.board_members.values() if m.board_id == board_id), key=lambda m: (m.name.casefold(), m.id)
    )


def take_attendance(data: RegisterData, meeting_id: str) -> Edit:
    """Start the meeting's attendance from its board's members, each marked present (apologies are then marked
    one by one)."""
    meeting = data.meetings[meeting_id]
    if attendance_of(data, meeting_id):
        raise GovernanceError("Attendance has already been taken at this meeting.")
    members = board_members_of(data, meeting.board_id)
    if not members:
        board = data.boards.get(meeting.board_id)
        raise GovernanceError(f"{board.name if board else 'The board'} has no members yet. Add its members first.")
    records = [Attendance(meeting_id, m.name, AttendanceStatus.PRESENT, m.role, m.organisation_id) for m in members]
    return Edit(f"Take attendance at {meeting_title(data, meeting)}", [RecordChange(None, r) for r in records])


def set_attendance(data: RegisterData, attendance_id: str, status: AttendanceStatus) -> Edit:
    before = data.attendance[attendance_id]
    return Edit(f"Mark {before.name} as {status.label.lower()}", [RecordChange(before, replace(before, status=status))])


def action_problems(action: Action, today: date, before: Action | None = None) -> list[str]:
    """What stops an action being added, or saved over `before`, in plain words (empty when it can be). A due
    date in the past is refused only when it is being set: an overdue action being corrected keeps its date."""
    problems = []
    if not action.description.strip():
        problems.append("Say what the action is.")
    if not action.owner.strip():
        problems.append("Name the person who owns the action.")
    due_set = before is None or action.due != before.due
    if due_set and action.due is not None and action.due < today:
        problems.append(f"The due date, {format_date(action.due)}, is in the past. Choose today or a later date.")
    return problems


def add_action(data: RegisterData, action: Action, today: date) -> Edit:
    problems = action_problems(action, today)
    if problems:
        raise GovernanceError(" ".join(problems))
    meeting = data.meetings.get(action.meeting_id)
    at = f" at {meeting_title(data, meeting)}" if meeting else ""
    return Edit(f"Add action for {action.owner.strip()}{at}", [RecordChange(None, copy.deepcopy(action))])


def save_minutes(data: RegisterData, meeting_id: str, text: str) -> Edit | None:
    """Save a meeting's minutes; None when they are unchanged."""
    before = data.meetings[meeting_id]
    if before.minutes_text == text:
        return None
    after = replace(before, minutes_text=text)
    return Edit(f"Save the minutes of {meeting_title(data, before)}", [RecordChange(before, after)])


# ---------------------------------------------------------------------- correcting decisions and actions


def _decision_about(data: RegisterData, decision: Decision) -> str:
    opportunity = data.opportunities.get(decision.opportunity_id or "")
    return f" on {opportunity.reference}" if opportunity else ""


def update_decision(data: RegisterData, after: Decision) -> Edit:
    """Correct a recorded decision (an Edit with no changes when nothing changed). When the stage it sets
    changes (another stage, or a stage on another opportunity), the opportunity moves to that stage in the same
    action. Clearing or changing the stage a decision set never moves an opportunity back: it may have moved on
    since, and its history keeps the change the decision made (see stage_kept_note)."""
    before = data.decisions[after.id]
    after = _with_item_opportunity(data, after)
    opportunity = data.opportunities.get(after.opportunity_id or "")
    if after.stage_set is not None and opportunity is None:
        raise GovernanceError("A decision can only change the stage of an opportunity it is about.")
    description = f"Edit decision{_decision_about(data, after)}: {after.outcome.label.lower()}"
    if after == before:
        return Edit(description, [])
    changes = [RecordChange(copy.deepcopy(before), copy.deepcopy(after))]
    new_stage = (after.stage_set, after.opportunity_id) != (before.stage_set, before.opportunity_id)
    if new_stage and opportunity is not None and after.stage_set is not None and opportunity.stage != after.stage_set:
        changes.append(RecordChange(copy.deepcopy(opportunity), replace(opportunity, stage=after.stage_set)))
    return Edit(description, changes)


def remove_decision(data: RegisterData, decision_id: str) -> Edit:
    """Take a decision off its meeting's record. The opportunity's stage stays as it is (stage_kept_note)."""
    decision = data.decisions[decision_id]
    return Edit(
        f"Remove decision{_decision_about(data, decision)}: {decision.outcome.label.lower()}",
        [RecordChange(copy.deepcopy(decision), None)],
    )


def stage_kept_note(data: RegisterData, decision: Decision) -> str:
    """What removing or re-staging a decision that set a stage does to its opportunity, in words for the
    confirmation: nothing ('' when the decision set no stage)."""
    opportunity = data.opportunities.get(decision.opportunity_id or "")
    if decision.stage_set is None or opportunity is None:
        return ""
    return (
        f"This decision moved {opportunity.reference} to the {decision.stage_set.label.lower()} stage. "
        f"{opportunity.reference} stays at the {opportunity.stage.label.lower()} stage, and its history keeps "
        "the change: move it yourself if it should go back."
    )


def update_action(data: RegisterData, after: Action, today: date) -> Edit:
    """Correct an action (an Edit with no changes when nothing changed). Its due date may stay in the past
    (an overdue action keeps its date); a new date must be today or later."""
    before = data.actions[after.id]
    problems = action_problems(after, today, before)
    if problems:
        raise GovernanceError(" ".join(problems))
    changes = [] if after == before else [RecordChange(copy.deepcopy(before), copy.deepcopy(after))]
    return Edit(f"Edit action for {after.owner.strip()}", changes)


def remove_action(data: RegisterData, action_id: str) -> Edit:
    action = data.actions[action_id]
    meeting = data.meetings.get(action.meeting_id)
    at = f" at {meeting_title(data, meeting)}" if meeting else ""
    return Edit(f"Remove action for {action.owner.strip()}{at}", [RecordChange(copy.deepcopy(action), None)])
