"""The sample register: the Lancashire programme from the seed papers (resources/sample/lancashire.json).

Everything is written through `Register.apply`, meeting by meeting in date order, so the change log reads as the
programme's history: what each board decided, and the stage and board moves it made at which meeting."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..core.board import BoardRules, move_edit
from ..core.edits import Edit, Record, RecordChange
from ..core.formatting import format_date
from ..core.model import (
    PAPER_FIELDS,
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BenefitKind,
    BenefitLine,
    Board,
    BoardMember,
    ClosureDay,
    CostKind,
    CostLine,
    Decision,
    Meeting,
    MeetingStatus,
    Nation,
    Opportunity,
    Organisation,
    OrganisationKind,
    Outcome,
    Purpose,
    Stage,
    Unit,
    Workstream,
)
from ..paths import resources_dir
from .register import Register, create_register

MeetingKey = tuple[str, str]  # (board key, date as the source writes it: the meeting's series date)


def sample_source() -> dict[str, Any]:
    with (resources_dir() / "sample" / "lancashire.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def write_sample(path: Path) -> Register:
    """Create the sample register at `path` (which must not exist) and return it open."""
    source = sample_source()
    info = source["register"]
    register = create_register(path, info["name"], info["reference_prefix"])
    try:
        register.set_setting("note", info.get("note", ""))
        _SampleWriter(register, source).write()
    except BaseException:
        register.close()
        Path(path).unlink(missing_ok=True)
        raise
    return register


class _SampleWriter:
    """Writes the source into an empty register, keeping the records it made so later ones can refer to them."""

    def __init__(self, register: Register, source: dict[str, Any]) -> None:
        self.register = register
        self.source = source
        self.organisations: dict[str, Organisation] = {}
        self.opportunities: dict[str, Opportunity] = {}  # by title, always as last written
        self.boards: dict[str, Board] = {}
        self.members: dict[tuple[str, str], BoardMember] = {}  # by (board key, member key)
        self.meetings: dict[MeetingKey, Meeting] = {}
        self.agenda: dict[tuple[MeetingKey, int], AgendaItem] = {}  # by (meeting, position)

    def write(self) -> None:
        self._write_programme()
        self._write_benefits()
        self._write_boards()
        self._write_meetings()
        rules = BoardRules.from_settings(self.register.settings())
        for item in self._meetings_by_date():
            self._write_business(_meeting_key(item), item, rules)
        self._write_closure_days()
        self._check_history_ends_where_the_source_is()
        self._date_the_programme_start()

    # ---- the programme: organisations, workstreams, opportunities

    def _write_programme(self) -> None:
        source = self.source
        prefix = source["register"]["reference_prefix"]
        self.organisations = {
            o["key"]: Organisation(o["name"], o["short_name"], OrganisationKind(o["kind"]), o.get("area", ""))
            for o in source["organisations"]
        }
        workstreams = {w["key"]: Workstream(w["name"], w["colour"]) for w in source["workstreams"]}
        for number, item in enumerate(source["opportunities"], start=1):
            self.opportunities[item["title"]] = Opportunity(
                title=item["title"],
                reference=f"{prefix}-{number:03d}",
                summary=item.get("summary", ""),
                workstream_id=workstreams[item["workstream"]].id,
                lead_organisation_id=self.organisations[item["lead_organisation"]].id,
                lead_officer=item.get("lead_officer", ""),
                sponsor=item.get("sponsor", ""),
                partner_ids=[self.organisations[k].id for k in item.get("partners", [])],
                stage=Stage(item["stage"]),
                effort=item.get("effort"),
                benefit=item.get("benefit"),
                start_date=_date(item.get("start_date")),
                end_date=_date(item.get("end_date")),
                cashable_saving_pence=int(item.get("cashable_saving_per_year", 0)) * 100,
                one_off_cost_pence=int(item.get("one_off_cost", 0)) * 100,
                non_cashable_benefits=item.get("non_cashable_benefits", ""),
                risks=item.get("risks", ""),
                notes=item.get("notes", ""),
                shareable=bool(item.get("shareable", True)),
                placement_illustrative=bool(item.get("placement_illustrative", False)),
            )
        for item in source["opportunities"]:
            self.opportunities[item["title"]].dependency_ids = [
                self.opportunities[title].id for title in item.get("dependencies", [])
            ]
        # The source gives where each opportunity is now; a board move (one per opportunity) or a stage decision
        # at a past meeting starts it where it was before, so its history shows how the boards changed it.
        for move in self.source.get("board_moves", []):
            moved = self.opportunities[move["title"]]
            moved.effort, moved.benefit = move["earlier"]["effort"], move["earlier"]["benefit"]
        stage_decisions = [d for m in self._meetings_by_date() for d in m.get("decisions", []) if d.get("stage_set")]
        for decision in reversed(stage_decisions):  # the earliest decision's starting stage is the one kept
            self.opportunities[decision["opportunity"]].stage = Stage(decision["earlier_stage"])
        records: list[Record] = [*self.organisations.values(), *workstreams.values(), *self.opportunities.values()]
        self._create("Create the sample register", records)

    def _write_benefits(self) -> None:
        """Benefit and cost lines: `years` maps a financial year's first calendar year to [planned, actual] in
        whole units (pounds, hours, a count); `shares` maps organisation keys to whole percentages."""
        source = self.source.get("benefits", {})
        records: list[Record] = []
        for item in source.get("lines", []):
            kind = BenefitKind(item["kind"])
            for year, (planned, actual) in item["years"].items():
                records.append(
                    BenefitLine(
                        self.opportunities[item["opportunity"]].id,
                        kind,
                        int(year),
                        Unit(item.get("unit", kind.usual_unit.value)),
                        planned * 100,
                        actual * 100 if actual is not None else None,
                        item.get("evidence", ""),
                        item.get("owner", ""),
                        self._shares(item),
                    )
                )
        for item in source.get("costs", []):
            for year, (planned, actual) in item["years"].items():
                records.append(
                    CostLine(
                        self.opportunities[item["opportunity"]].id,
                        CostKind(item["kind"]),
                        int(year),
                        planned * 100,
                        actual * 100 if actual is not None else None,
                        item.get("note", ""),
                        item.get("owner", ""),
                        self._shares(item),
                    )
                )
        self._create("Add the benefits register", records)

    def _shares(self, item: dict[str, Any]) -> dict[str, int]:
        return {self.organisations[key].id: percent * 100 for key, percent in item.get("shares", {}).items()}

    def _date_the_programme_start(self) -> None:
        """The programme and its benefits were recorded when it began, not on the day the sample was written:
        the dashboard's quadrants over time start there (meetings' moves count from their meetings' days)."""
        start = self.source.get("benefits", {}).get("history_from")
        if not start:
            return
        db = sqlite3.connect(self.register.path, isolation_level=None)
        try:
            db.execute(
                "UPDATE change_log SET changed_at = :start WHERE action IN "
                "('Create the sample register', 'Add the benefits register')",
                {"start": f"{start}T09:00:00Z"},
            )
        finally:
            db.close()

    # ---- boards and their meetings

    def _write_boards(self) -> None:
        for item in self.source["boards"]:
            board = Board(
                item["name"],
                item.get("short_name", ""),
                item.get("remit", ""),
                item.get("cadence", ""),
                "\n".join(item.get("chairs", [])),
                default_time=item.get("default_time", "10:00"),
                default_minutes=item.get("default_minutes", 120),
                default_location=item.get("default_location", ""),
                paper_lead_days=item.get("paper_lead_days", 5),
                nation=Nation(item.get("nation", Nation.ENGLAND.value)),
                cadence_from=_date(item.get("cadence_from")),
            )
            self.boards[item["key"]] = board
            self.register.add_board(board)
            members = {
                (item["key"], m["key"]): BoardMember(
                    board.id, m["name"], m.get("role", ""), self._organisation_id(m.get("organisation"))
                )
                for m in item.get("members", [])
            }
            self.members.update(members)
            self._create(f"Add the members of {board.label}", list(members.values()))

    def _write_meetings(self) -> None:
        for item in self.source["meetings"]:
            board = self.boards[item["board"]]
            meeting = Meeting(
                board.id,
                date.fromisoformat(item["date"]),
                item.get("time", board.default_time),
                item.get("location", board.default_location),
                minutes_allowed=item.get("minutes_allowed", board.default_minutes),
                status=MeetingStatus(item.get("status", MeetingStatus.SCHEDULED.value)),
                series_date=_date(item.get("series_date")),
                minutes_text=item.get("minutes_text", ""),
            )
            self.meetings[_meeting_key(item)] = meeting
            self.register.add_meeting(meeting)

    # ---- what each meeting had and did

    def _write_business(self, key: MeetingKey, item: dict[str, Any], rules: BoardRules) -> None:
        meeting = self.meetings[key]
        title = f"{self.boards[key[0]].label} {format_date(meeting.date)}"
        agenda = [self._agenda_item(key, position, i) for position, i in enumerate(item.get("agenda", []), start=1)]
        self._create(f"Agenda for {title}", agenda)
        self.agenda.update({(key, a.position): a for a in agenda})
        # What happened at the meeting is recorded against it.
        attendance = [self._attendance(key, meeting, i) for i in item.get("attendance", [])]
        self._create(f"Attendance at {title}", attendance, meeting)
        for decision in item.get("decisions", []):
            self._decide(key, meeting, decision)
        for move in self.source.get("board_moves", []):
            if _meeting_key(move["meeting"]) == key:
                self._move(move, meeting, rules)
        actions = [self._action(key, meeting, i) for i in item.get("actions", [])]
        self._create(f"Actions of {title}", actions, meeting)

    def _agenda_item(self, key: MeetingKey, position: int, item: dict[str, Any]) -> AgendaItem:
        paper = item.get("paper", {})
        unknown = set(paper) - set(PAPER_FIELDS)
        if unknown:
            raise ValueError(f"Unknown paper headings in {item['title']!r}: {sorted(unknown)}")
        carried = item.get("carried_from")
        return AgendaItem(
            self.meetings[key].id,
            item["title"],
            position,
            Purpose(item["purpose"]),
            item.get("presenter", ""),
            item.get("minutes", 10),
            self._opportunity_id(item.get("opportunity")),
            carried_from_id=self.agenda[(_meeting_key(carried), carried["item"])].id if carried else None,
            **paper,
        )

    def _attendance(self, key: MeetingKey, meeting: Meeting, item: dict[str, Any]) -> Attendance:
        status = AttendanceStatus(item.get("status", AttendanceStatus.PRESENT.value))
        if "member" in item:
            member = self.members[(key[0], item["member"])]
            return Attendance(meeting.id, member.name, status, member.role, member.organisation_id)
        return Attendance(
            meeting.id, item["name"], status, item.get("role", ""), self._organisation_id(item.get("organisation"))
        )

    def _decide(self, key: MeetingKey, meeting: Meeting, item: dict[str, Any]) -> None:
        """One decision, with the stage it sets on its opportunity in the same edit."""
        opportunity = self.opportunities[item["opportunity"]] if "opportunity" in item else None
        stage = Stage(item["stage_set"]) if item.get("stage_set") else None
        decision = Decision(
            meeting.id,
            Outcome(item["outcome"]),
            item["text"],
            self._agenda_item_id(key, item.get("item")),
            opportunity.id if opportunity else None,
            stage,
        )
        changes = [RecordChange(None, decision)]
        description = f"Record decision ({decision.outcome.value})"
        if stage is not None:
            assert opportunity is not None, item
            description = f"{description}: {opportunity.reference} to {stage.label}"
            changed = copy.deepcopy(opportunity)
            changed.stage = stage
            changes.append(self._changed(changed))
        self.register.apply(Edit(description, changes), meeting_id=meeting.id)

    def _move(self, move: dict[str, Any], meeting: Meeting, rules: BoardRules) -> None:
        opportunity = self.opportunities[move["title"]]
        final = next(o for o in self.source["opportunities"] if o["title"] == move["title"])
        edit = move_edit(opportunity, final.get("effort"), final.get("benefit"), rules)
        if edit is not None:
            after = edit.changes[0].after
            assert isinstance(after, Opportunity)
            after.placement_illustrative = True  # the sample's moves are illustrations too
            edit.changes[0] = self._changed(after)
            self.register.apply(edit, meeting_id=meeting.id)

    def _action(self, key: MeetingKey, meeting: Meeting, item: dict[str, Any]) -> Action:
        return Action(
            meeting.id,
            item["description"],
            item.get("owner", ""),
            _date(item.get("due")),
            ActionStatus(item.get("status", ActionStatus.OPEN.value)),
            self._agenda_item_id(key, item.get("item")),
            self._opportunity_id(item.get("opportunity")),
        )

    def _write_closure_days(self) -> None:
        days = [
            ClosureDay(day, item.get("name", ""))
            for item in self.source.get("closure_days", [])
            for day in _days(date.fromisoformat(item["first"]), date.fromisoformat(item.get("last", item["first"])))
        ]
        self._create("Add closure days", days)

    def _check_history_ends_where_the_source_is(self) -> None:
        for item in self.source["opportunities"]:
            now = self.opportunities[item["title"]]
            if (now.stage, now.effort, now.benefit) != (Stage(item["stage"]), item.get("effort"), item.get("benefit")):
                raise ValueError(f"The sample's moves and decisions do not end where {item['title']!r} is now")

    # ---- helpers

    def _meetings_by_date(self) -> list[dict[str, Any]]:
        return sorted(self.source["meetings"], key=lambda m: m["date"])

    def _create(self, description: str, records: list[Record], meeting: Meeting | None = None) -> None:
        if records:
            changes = [RecordChange(None, record) for record in records]
            self.register.apply(Edit(description, changes), meeting_id=meeting.id if meeting else None)

    def _changed(self, after: Opportunity) -> RecordChange:
        """The change from the opportunity as last written to `after`, which becomes the one last written."""
        before = self.opportunities[after.title]
        self.opportunities[after.title] = after
        return RecordChange(before, after)

    def _organisation_id(self, key: str | None) -> str | None:
        return self.organisations[key].id if key else None

    def _opportunity_id(self, title: str | None) -> str | None:
        return self.opportunities[title].id if title else None

    def _agenda_item_id(self, key: MeetingKey, position: int | None) -> str | None:
        return self.agenda[(key, position)].id if position else None


def _meeting_key(item: dict[str, Any]) -> MeetingKey:
    """A meeting as the source names it: its board and its date in the series (a moved meeting keeps it)."""
    return item["board"], item.get("series_date", item["date"])


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
