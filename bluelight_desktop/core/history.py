"""The register's change log as people read it: the History view's rows, its filters and its CSV export. No Qt.

Every write logs one row per field changed (storage/register.py `Register.apply`), with the operating-system
user, the time (UTC) and the meeting in session. Here each row becomes a line of the audit: when (local time,
21 Nov 2026 14:05), who, what (the action's own words, 'Move LAN-017 from Park to Quick win'), the record
('LAN-017 Driver Training', 'Meeting: CPB 15 Dec 2026'), the field ('Stage'), from and to in the app's words
(stage labels, pounds, 15 Dec 2026, names instead of ids), and the meeting it was made at.

Records are named from the register as it is, and from the change log itself for records since deleted (a
record's creation logs every field it had), so a deleted record still reads by its reference and title.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from .formatting import format_date, format_pounds
from .model import RegisterData, Stage

COLUMNS = ("When", "Who", "What", "Record", "Field", "From", "To", "At meeting")
CSV_COLUMNS = ("When", "Who", "What", "Record", "Field", "From", "To", "At meeting", "Record id", "Change id")


class ChangeLogEntry(NamedTuple):
    """One change_log row as stored."""

    seq: int
    action_id: str
    action: str
    entity: str
    record_id: str
    field: str
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_at: str  # UTC, 2026-11-21T14:05:09Z
    meeting_id: str | None


class HistoryRow(NamedTuple):
    """One line of the History view (a tuple: a register's log runs to hundreds of thousands of rows)."""

    seq: int
    when: datetime  # local, aware
    who: str
    what: str
    record: str
    field: str
    old: str
    new: str
    meeting: str
    record_id: str
    action_id: str

    @property
    def when_text(self) -> str:
        return when_text(self.when)

    def cells(self) -> tuple[str, ...]:
        """The row's text in COLUMNS order."""
        return (self.when_text, self.who, self.what, self.record, self.field, self.old, self.new, self.meeting)


def when_text(moment: datetime) -> str:
    """'21 Nov 2026 14:05' in local time."""
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


# ----------------------------------------------------------------------------------------------- naming

ENTITY_NAMES = {
    "opportunity": "Opportunity",
    "organisation": "Organisation",
    "workstream": "Workstream",
    "board": "Board",
    "board_member": "Board member",
    "meeting": "Meeting",
    "agenda_item": "Agenda item",
    "attendance": "Attendance",
    "decision": "Decision",
    "action": "Action",
    "closure_day": "Closure day",
    "benefit_line": "Benefit line",
    "cost_line": "Cost line",
}
# RegisterData's collections and the change log's entity for each (collections a version lacks are skipped).
_COLLECTIONS = {
    "opportunities": "opportunity",
    "organisations": "organisation",
    "workstreams": "workstream",
    "boards": "board",
    "board_members": "board_member",
    "meetings": "meeting",
    "agenda_items": "agenda_item",
    "attendance": "attendance",
    "decisions": "decision",
    "actions": "action",
    "closure_days": "closure_day",
    "benefit_lines": "benefit_line",
    "cost_lines": "cost_line",
}
# The fields that name a record (taken from the register, else from the change log).
_NAMING = (
    "reference",
    "title",
    "name",
    "short_name",
    "description",
    "text",
    "date",
    "board_id",
    "opportunity_id",
    "year",
)
_NAMING_SET = frozenset(_NAMING)

FIELD_NAMES = {
    "created": "Created",
    "deleted": "Deleted",
    "restored": "Restored",
    "reference": "Reference",
    "title": "Title",
    "summary": "Summary",
    "workstream_id": "Workstream",
    "lead_organisation_id": "Lead organisation",
    "lead_officer": "Lead officer",
    "sponsor": "Sponsor",
    "stage": "Stage",
    "effort": "Effort",
    "benefit": "Benefit",
    "start_date": "Start date",
    "end_date": "End date",
    "cashable_saving_pence": "Cashable saving a year",
    "one_off_cost_pence": "One-off cost",
    "non_cashable_benefits": "Non-cashable benefits",
    "risks": "Risks",
    "notes": "Notes",
    "shareable": "Shareable",
    "placement_illustrative": "Placement illustrative",
    "partners": "Partners",
    "dependencies": "Depends on",
    "short_name": "Short name",
    "kind": "Kind",
    "area": "Area",
    "colour": "Colour",
    "remit": "Remit",
    "cadence": "Cadence",
    "chairs": "Chairs",
    "default_time": "Usual time",
    "default_minutes": "Usual length (minutes)",
    "default_location": "Usual place",
    "paper_lead_days": "Paper lead time (working days)",
    "nation": "Nation",
    "cadence_from": "Cadence from",
    "board_id": "Board",
    "organisation_id": "Organisation",
    "meeting_id": "Meeting",
    "time": "Time",
    "location": "Place",
    "minutes_allowed": "Minutes allowed",
    "status": "Status",
    "series_date": "Date in series",
    "minutes_text": "Minutes",
    "position": "Position",
    "purpose": "Purpose",
    "presenter": "Presenter",
    "minutes": "Length (minutes)",
    "opportunity_id": "Opportunity",
    "agenda_item_id": "Agenda item",
    "carried_from_id": "Carried from",
    "outcome": "Outcome",
    "stage_set": "Stage set",
    "owner": "Owner",
    "due": "Due",
    "role": "Role",
}
_EVENTS = frozenset({"created", "deleted", "restored"})
_DATE_FIELDS = frozenset({"date", "due", "start_date", "end_date", "series_date", "cadence_from"})
_ID_FIELDS = frozenset(
    {
        "workstream_id",
        "lead_organisation_id",
        "organisation_id",
        "board_id",
        "meeting_id",
        "opportunity_id",
        "agenda_item_id",
        "carried_from_id",
    }
)
_ID_LIST_FIELDS = frozenset({"partners", "dependencies"})
_YES_NO_FIELDS = frozenset({"shareable", "placement_illustrative"})
_STAGE_FIELDS = frozenset({"stage", "stage_set"})
_WORD_FIELDS = frozenset({"purpose", "outcome", "status", "kind"})
_SPECIAL_FIELDS = _STAGE_FIELDS | _DATE_FIELDS | _ID_FIELDS | _ID_LIST_FIELDS | _YES_NO_FIELDS | _WORD_FIELDS


def field_name(field: str) -> str:
    """'Lead organisation' for lead_organisation_id; an unknown column reads as words."""
    if field in FIELD_NAMES:
        return FIELD_NAMES[field]
    words = field.removesuffix("_id").removesuffix("_pence").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _short(text: str, limit: int = 80) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class Names:
    """What each record is called: from the register as loaded, and from the change log for records since
    deleted (or never loaded, as in a register from an older version)."""

    def __init__(self, data: RegisterData | None, entries: Iterable[ChangeLogEntry] = ()) -> None:
        self._values: dict[str, dict[str, str]] = {}
        self._entity: dict[str, str] = {}
        self.add(entries)
        if data is not None:
            for collection, entity in _COLLECTIONS.items():
                for record_id, record in getattr(data, collection, {}).items():
                    values = self._values.setdefault(record_id, {})
                    self._entity[record_id] = entity
                    for name in _NAMING:
                        value = getattr(record, name, None)
                        if value is not None:
                            values[name] = value.isoformat() if isinstance(value, date) else str(value)
        self._cache: dict[str, str] = {}

    def add(self, entries: Iterable[ChangeLogEntry]) -> None:
        """Learn names from more change log rows (oldest first: later values win)."""
        values = self._values
        for entry in entries:
            self._entity.setdefault(entry.record_id, entry.entity)
            if entry.field in _NAMING_SET and entry.new_value is not None:
                values.setdefault(entry.record_id, {})[entry.field] = entry.new_value
        self._cache = {}

    def label(self, record_id: str) -> str:
        """The record's own name: 'LAN-017 Driver Training', 'CPB 15 Dec 2026', 'Any other business'."""
        cached = self._cache.get(record_id)
        if cached is not None:
            return cached
        values = self._values.get(record_id, {})
        entity = self._entity.get(record_id, "")
        if entity == "opportunity":
            text = " ".join(v for v in (values.get("reference", ""), values.get("title", "")) if v)
        elif entity == "meeting":
            board = self._values.get(values.get("board_id", ""), {})
            text = " ".join(
                v for v in (board.get("short_name") or board.get("name", ""), _date_text(values.get("date"))) if v
            )
        elif entity == "closure_day":
            text = " ".join(v for v in (_date_text(values.get("date")), values.get("name", "")) if v)
        elif entity in ("benefit_line", "cost_line"):
            owner = self._values.get(values.get("opportunity_id", ""), {}).get("reference", "")
            text = " ".join(v for v in (owner, values.get("year", "")) if v)
        else:
            text = _short(
                values.get("title") or values.get("name") or values.get("description") or values.get("text") or ""
            )
        self._cache[record_id] = text
        return text

    def short(self, record_id: str) -> str:
        """A record named inside a value: an opportunity by its reference, an organisation by its short name."""
        values = self._values.get(record_id)
        if values is None:
            return "(a record not in this register)"
        entity = self._entity.get(record_id, "")
        if entity == "opportunity" and values.get("reference"):
            return values["reference"]
        if entity == "organisation" and values.get("short_name"):
            return values["short_name"]
        return self.label(record_id) or "(unnamed)"

    def record(self, entity: str, record_id: str) -> str:
        """The Record column: 'LAN-017 Driver Training', or 'Meeting: CPB 15 Dec 2026' for other kinds."""
        label = self.label(record_id)
        if entity == "opportunity":
            return label or "Opportunity (unnamed)"
        kind = ENTITY_NAMES.get(entity) or field_name(entity)
        return f"{kind}: {label}" if label else kind


def _date_text(value: str | None) -> str:
    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


def value_text(field: str, value: str | None, names: Names) -> str:
    """A logged value in the app's words: 'Quick win' stays, 'business case' reads 'Business case', pence read
    as pounds, ISO dates as 15 Dec 2026, ids as what they name, 1/0 as Yes/No. Events (created, deleted,
    restored) have no value to show."""
    if value is None or field in _EVENTS:
        return ""
    if field not in _SPECIAL_FIELDS and not field.endswith("_pence"):
        return value
    if field in _STAGE_FIELDS:
        try:
            return Stage(value).label
        except ValueError:
            return value
    if field.endswith("_pence"):
        try:
            return format_pounds(int(value))
        except ValueError:
            return value
    if field in _DATE_FIELDS:
        return _date_text(value)
    if field in _ID_FIELDS:
        return names.short(value) if value else ""
    if field in _ID_LIST_FIELDS:
        return "; ".join(names.short(part) for part in value.split(",") if part)
    if field in _YES_NO_FIELDS:
        return {"1": "Yes", "0": "No"}.get(value, value)
    if field in _WORD_FIELDS:
        return value[:1].upper() + value[1:]
    return value


# ------------------------------------------------------------------------------------------------- rows


def _local_times() -> Callable[[str], datetime]:
    cache: dict[str, datetime] = {}

    def local(stamp: str) -> datetime:
        moment = cache.get(stamp)
        if moment is None:
            try:
                moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            except ValueError:
                moment = datetime(1970, 1, 1, tzinfo=UTC)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            moment = moment.astimezone()
            cache[stamp] = moment
        return moment

    return local


def history_rows(
    entries: Sequence[ChangeLogEntry], data: RegisterData | None, names: Names | None = None
) -> list[HistoryRow]:
    """The change log as History rows, newest first. `names` (built from the whole log) names the records; by
    default it is built from `data` and these entries."""
    names = names if names is not None else Names(data, entries)
    local = _local_times()
    records: dict[str, str] = {}  # the Record column, once per record
    fields: dict[str, str] = {}
    meetings: dict[str, str] = {}
    rows = []
    append = rows.append
    for seq, action_id, action, entity, record_id, field, old, new, who, at, meeting_id in entries:
        record = records.get(record_id)
        if record is None:
            record = records[record_id] = names.record(entity, record_id)
        label = fields.get(field)
        if label is None:
            label = fields[field] = field_name(field)
        meeting = ""
        if meeting_id:
            meeting = meetings.get(meeting_id) or meetings.setdefault(meeting_id, names.label(meeting_id))
        append(
            HistoryRow(
                seq,
                local(at),
                who,
                action,
                record,
                label,
                value_text(field, old, names),
                value_text(field, new, names),
                meeting,
                record_id,
                action_id,
            )
        )
    # Newest action first; within an action, its rows in the order written (the creation before the fields).
    first: dict[str, int] = {}
    for row in rows:
        if row.seq < first.get(row.action_id, row.seq + 1):
            first[row.action_id] = row.seq
    rows.sort(key=lambda r: (-first[r.action_id], r.seq))
    return rows


# --------------------------------------------------------------------------------------------- filtering


@dataclass(frozen=True)
class HistoryFilter:
    person: str | None = None  # changed_by, exactly
    text: str = ""  # found in the record, what was done, the field or the values (any case)
    start: date | None = None  # local dates, both ends included
    end: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.person or self.text.strip() or self.start or self.end)


def filter_history(rows: Iterable[HistoryRow], wanted: HistoryFilter) -> list[HistoryRow]:
    needle = wanted.text.strip().casefold()
    chosen = []
    for row in rows:
        if wanted.person and row.who != wanted.person:
            continue
        if wanted.start or wanted.end:
            day = row.when.date()
            if (wanted.start and day < wanted.start) or (wanted.end and day > wanted.end):
                continue
        if needle and not any(
            needle in part.casefold() for part in (row.record, row.what, row.field, row.old, row.new, row.meeting)
        ):
            continue
        chosen.append(row)
    return chosen


def people(rows: Iterable[HistoryRow]) -> list[str]:
    """Everyone who changed something, in alphabetical order."""
    return sorted({row.who for row in rows}, key=str.casefold)


def count_text(shown: int, total: int) -> str:
    """'1,204 changes' or 'Showing 12 of 1,204 changes'."""
    noun = "change" if total == 1 else "changes"
    return f"{total:,} {noun}" if shown == total else f"Showing {shown:,} of {total:,} {noun}"
