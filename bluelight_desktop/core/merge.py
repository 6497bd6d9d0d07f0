"""Merging a partner's register into mine, field by field (DESIGN.md, "The register file"; issue 6). Pure: no Qt,
no SQL. `storage.merge` reads the registers into snapshots and writes the result.

A snapshot maps (entity, record id) to the record's stored values ({field: value}: text, numbers, None, and
frozensets of ids for a set-valued field such as an opportunity's partners) or to a `Tombstone` for a deleted
record. A record missing from a snapshot is not known to it (a shareable-only export leaves records out): that
never reads as a deletion.

Two ancestors, not one. Each register remembers, per partner register, the partner's records as it last received
them (`base`); and a file from the partner carries what the partner last received from me (`seen`). When a
field differs between mine and theirs:

- theirs equals `base` or `seen` (they have not changed it since they last knew it): keep mine;
- mine equals `base` or `seen` (I have not changed it since I last knew theirs): take theirs;
- both, or neither: a conflict that a person resolves.

With `seen` equal to `base` this is the usual three-way merge against one common ancestor. Storing the partner's
records as received (rather than the merged result) matters: the partner does not have my merged result until I
send it, so their next file still holds the values I chose not to take, and against a merged-result base those
would read as fresh changes of theirs and silently undo my choices. `seen` lets a round trip (they send, I merge
and change, I send, they merge) come back without false conflicts.

A set-valued field merges element by element with the same rule (I add one partner, they add another: both).
Deletion is decided for the record as a whole: a record deleted on one side and unchanged on the other is
deleted (or stays deleted); deleted on one side and changed on the other is a keep-or-delete conflict (field
`DELETED`). With no ancestor at all (the first exchange), every difference is a conflict: nothing is overwritten
silently.

A new opportunity (or a changed reference) from the partner that would take a reference another record of mine
holds, deleted ones included (references are never reused), is given my next free reference: the partner's
record is kept, under a new number, and the plan and the report say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .cadence import describe_cadence
from .formatting import format_date, format_pounds
from .model import PAPER_HEADINGS, Nation, Stage

Value = Any  # str | int | float | None | frozenset[str]
Key = tuple[str, str]  # (entity, record id)
ConflictKey = tuple[str, str, str]  # (entity, record id, field)


@dataclass(frozen=True)
class Tombstone:
    """A deleted record; `values` are its last values (for labels and references), not compared."""

    values: Mapping[str, Value] = field(default_factory=dict)


Record = Mapping[str, Value] | Tombstone
Snapshot = Mapping[Key, Record]

DELETED = "deleted"  # the field of a keep-or-delete conflict
_MISSING: Any = object()


class Side(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"

    @property
    def label(self) -> str:
        return "Mine" if self is Side.MINE else "Theirs"


class MergeError(Exception):
    """A merge that cannot go ahead, in plain words."""


class UnresolvedConflicts(MergeError):
    def __init__(self, conflicts: list[Conflict]) -> None:
        count = "1 conflict has" if len(conflicts) == 1 else f"{len(conflicts)} conflicts have"
        super().__init__(f"{count} not been resolved; nothing was merged.")
        self.conflicts = conflicts


# ------------------------------------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed differently (or, for field DELETED, a record one side deleted and the other
    changed: `mine`/`theirs` are then True for deleted, False for kept)."""

    entity: str
    record_id: str
    field: str
    base: Value  # the last known common value (_MISSING-free: None when there is none)
    mine: Value
    theirs: Value
    label: str  # "LAN-017 Joint Procurement: stage"
    has_base: bool = True
    note: str = ""  # for a keep-or-delete conflict: what the side that kept it changed

    @property
    def key(self) -> ConflictKey:
        return (self.entity, self.record_id, self.field)


@dataclass(frozen=True)
class NewRecord:
    entity: str
    record_id: str
    label: str


@dataclass(frozen=True)
class ChangedRecord:
    """A record of mine that takes the partner's values for `fields` (or comes back: `restored`)."""

    entity: str
    record_id: str
    label: str
    fields: tuple[str, ...]
    restored: bool = False


@dataclass(frozen=True)
class DeletedRecord:
    entity: str
    record_id: str
    label: str


@dataclass(frozen=True)
class Renumbered:
    """A partner's opportunity given my next free reference because theirs is taken here."""

    record_id: str
    theirs: str
    given: str
    taken_by: str  # the label of my record holding the reference

    def sentence(self) -> str:
        """ "Numbered LAN-038 here: LAN-037 is already Joint Buying Hub in this register." """
        return f"Numbered {self.given} here: {self.theirs} is already {self._holder()} in this register."

    def note(self) -> str:
        """ "Numbered LAN-038 here (LAN-037 is Joint Buying Hub)" """
        return f"Numbered {self.given} here ({self.theirs} is {self._holder()})"

    def _holder(self) -> str:
        return self.taken_by.removeprefix(f"{self.theirs} ").strip() or self.taken_by


@dataclass
class MergePlan:
    """What merging would do, before anything is written. `merged` holds the automatic result for every record
    that changes or is in conflict (conflicting fields still hold my value); `resolve` finishes it."""

    base: Snapshot
    mine: Snapshot
    theirs: Snapshot
    merged: dict[Key, Record]
    new: list[NewRecord]
    changed: list[ChangedRecord]
    deleted: list[DeletedRecord]
    conflicts: list[Conflict]
    renumbered: list[Renumbered]
    reference_prefix: str
    names: dict[str, str]
    first_exchange: bool = False
    mark: str = ""  # storage's mark of mine's state when the plan was made: applying checks it is unchanged

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.deleted or self.conflicts)

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "deleted": len(self.deleted),
            "conflicts": len(self.conflicts),
        }

    def words(self, entity: str, field_name: str, value: Value) -> str:
        return value_words(entity, field_name, value, self.names)

    def before_after(self, change: ChangedRecord, field_name: str) -> tuple[str, str]:
        """A changed field's value in words, mine now and after the merge."""
        key = (change.entity, change.record_id)
        before, after = _values(self.mine.get(key)), _values(self.merged.get(key))
        return (
            self.words(change.entity, field_name, before.get(field_name)),
            self.words(change.entity, field_name, after.get(field_name)),
        )


@dataclass(frozen=True)
class Write:
    """One record to write: `before` is mine as it is (None: new to me), `after` the merged record."""

    entity: str
    record_id: str
    before: Record | None
    after: Record


@dataclass
class Resolution:
    writes: list[Write]
    choices: dict[ConflictKey, Side]
    renumbered: list[Renumbered]


def _alive(record: Record | None) -> bool:
    return record is not None and not isinstance(record, Tombstone)


def _values(record: Record | None) -> Mapping[str, Value]:
    if record is None:
        return {}
    return record.values if isinstance(record, Tombstone) else record


def _same_record(a: Record | None, b: Record | None) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, Tombstone) or isinstance(b, Tombstone):
        return isinstance(a, Tombstone) and isinstance(b, Tombstone)
    return dict(a) == dict(b)


def _winner(mine_known: bool, theirs_known: bool) -> Side | None:
    """`theirs_known`: theirs equals what I last knew of it (so mine wins); `mine_known`: mine equals what was
    last known of it (so theirs wins). Both or neither: no winner."""
    if theirs_known and not mine_known:
        return Side.MINE
    if mine_known and not theirs_known:
        return Side.THEIRS
    return None


def _field_winner(mine: Value, theirs: Value, base: Value, seen: Value) -> Side | None:
    ancestors = [a for a in (base, seen) if a is not _MISSING]
    return _winner(any(mine == a for a in ancestors), any(theirs == a for a in ancestors))


def _merge_set(mine: frozenset[str], theirs: frozenset[str], base: Value, seen: Value) -> frozenset[str] | None:
    """Element by element; None when an element cannot be decided (or nothing is known to decide by)."""
    ancestors = [a for a in (base, seen) if isinstance(a, frozenset)]
    if not ancestors:
        return None
    result = set(mine & theirs)
    for element in mine ^ theirs:
        in_mine, in_theirs = element in mine, element in theirs
        side = _winner(
            any(in_mine == (element in a) for a in ancestors), any(in_theirs == (element in a) for a in ancestors)
        )
        if side is None:
            return None
        if in_mine if side is Side.MINE else in_theirs:
            result.add(element)
    return frozenset(result)


def plan_merge(
    base: Snapshot,
    mine: Snapshot,
    theirs: Snapshot,
    seen: Snapshot | None = None,
    reference_prefix: str = "REF",
) -> MergePlan:
    """Compare the partner's records (`theirs`) with mine. `base`: the partner's records as I last received them
    (empty on a first exchange); `seen`: mine as the partner last received them (from their file; None or empty
    when they have not merged mine)."""
    seen = seen or {}
    names = record_names(mine, theirs)
    merged: dict[Key, Record] = {}
    new: list[NewRecord] = []
    changed: list[ChangedRecord] = []
    deleted: list[DeletedRecord] = []
    conflicts: list[Conflict] = []

    for key, their_record in theirs.items():
        entity, record_id = key
        my_record = mine.get(key)
        if my_record is None:
            if _alive(their_record):
                merged[key] = their_record
                new.append(NewRecord(entity, record_id, record_label(entity, _values(their_record), names)))
            continue
        if isinstance(my_record, Tombstone) and isinstance(their_record, Tombstone):
            continue
        if _same_record(my_record, their_record):
            continue
        base_record, seen_record = base.get(key), seen.get(key)
        label = record_label(entity, _values(my_record if _alive(my_record) else their_record), names)
        if _alive(my_record) and _alive(their_record):
            assert not isinstance(my_record, Tombstone) and not isinstance(their_record, Tombstone)
            result, taken, record_conflicts = _merge_fields(
                entity, record_id, label, my_record, their_record, base_record, seen_record
            )
            if taken:
                merged[key] = result
                changed.append(ChangedRecord(entity, record_id, label, tuple(taken)))
            if record_conflicts:
                merged[key] = result
                conflicts.extend(record_conflicts)
            continue
        # Deleted on one side only: decided for the record as a whole.
        side = _winner(
            _same_record(my_record, base_record) or _same_record(my_record, seen_record),
            _same_record(their_record, base_record) or _same_record(their_record, seen_record),
        )
        mine_deleted = isinstance(my_record, Tombstone)
        if side is Side.MINE:
            continue
        if side is Side.THEIRS:
            if mine_deleted:  # they kept it knowing I had deleted it, or changed it after both deleted it
                merged[key] = their_record
                fields = tuple(f for f, v in _values(their_record).items() if _values(my_record).get(f) != v)
                changed.append(ChangedRecord(entity, record_id, label, fields, restored=True))
            else:
                merged[key] = Tombstone(_values(my_record))
                deleted.append(DeletedRecord(entity, record_id, label))
            continue
        kept = their_record if mine_deleted else my_record
        known = base_record if _alive(base_record) else seen_record if _alive(seen_record) else None
        note = ""
        if known is not None:
            differing = [f for f, v in _values(kept).items() if _values(known).get(f) != v]
            if differing:
                note = "changed: " + ", ".join(field_label(entity, f) for f in differing)
        merged[key] = my_record
        conflicts.append(
            Conflict(
                entity,
                record_id,
                DELETED,
                base=False if known is not None else None,
                mine=mine_deleted,
                theirs=not mine_deleted,
                label=f"{label}: deleted or kept",
                has_base=known is not None,
                note=note,
            )
        )

    plan = MergePlan(
        base=base,
        mine=mine,
        theirs=theirs,
        merged=merged,
        new=new,
        changed=changed,
        deleted=deleted,
        conflicts=conflicts,
        renumbered=[],
        reference_prefix=reference_prefix,
        names=names,
        first_exchange=not base and not seen,
    )
    plan.renumbered = _renumber(plan, _result(plan, {c.key: Side.MINE for c in conflicts}))[1]
    return plan


def _merge_fields(
    entity: str,
    record_id: str,
    label: str,
    mine: Mapping[str, Value],
    theirs: Mapping[str, Value],
    base: Record | None,
    seen: Record | None,
) -> tuple[dict[str, Value], list[str], list[Conflict]]:
    base_values = base if base is not None and not isinstance(base, Tombstone) else None
    seen_values = seen if seen is not None and not isinstance(seen, Tombstone) else None
    result = dict(mine)
    taken: list[str] = []
    conflicts: list[Conflict] = []
    for name in dict.fromkeys([*mine, *theirs]):
        my_value, their_value = mine.get(name), theirs.get(name)
        if my_value == their_value:
            continue
        base_value = base_values.get(name, _MISSING) if base_values is not None else _MISSING
        seen_value = seen_values.get(name, _MISSING) if seen_values is not None else _MISSING
        if isinstance(my_value, frozenset) and isinstance(their_value, frozenset):
            merged_set = _merge_set(my_value, their_value, base_value, seen_value)
            if merged_set is not None:
                if merged_set != my_value:
                    result[name] = merged_set
                    taken.append(name)
                continue
        else:
            side = _field_winner(my_value, their_value, base_value, seen_value)
            if side is Side.MINE:
                continue
            if side is Side.THEIRS:
                result[name] = their_value
                taken.append(name)
                continue
        known = base_value if base_value is not _MISSING else seen_value
        conflicts.append(
            Conflict(
                entity,
                record_id,
                name,
                base=None if known is _MISSING else known,
                mine=my_value,
                theirs=their_value,
                label=f"{label}: {field_label(entity, name)}",
                has_base=known is not _MISSING,
            )
        )
    return result, taken, conflicts


# ------------------------------------------------------------------------------------------------ resolving


def resolve(plan: MergePlan, choices: Mapping[ConflictKey, Side | str], prefer: Side | str | None = None) -> Resolution:
    """The records to write, with every conflict settled by `choices` (conflict key -> mine or theirs) or else by
    `prefer`. Raises UnresolvedConflicts when a conflict is settled by neither."""
    settled: dict[ConflictKey, Side] = {}
    missing: list[Conflict] = []
    for conflict in plan.conflicts:
        choice = choices.get(conflict.key, prefer)
        if choice is None:
            missing.append(conflict)
        else:
            settled[conflict.key] = Side(choice)
    if missing:
        raise UnresolvedConflicts(missing)
    result = _result(plan, settled)
    final, renumbered = _renumber(plan, result)
    writes = [
        Write(entity, record_id, plan.mine.get((entity, record_id)), record)
        for (entity, record_id), record in final.items()
        if not _same_record(record, plan.mine.get((entity, record_id)))
    ]
    return Resolution(writes=writes, choices=settled, renumbered=renumbered)


def _result(plan: MergePlan, settled: Mapping[ConflictKey, Side]) -> dict[Key, Record]:
    result = dict(plan.merged)
    for conflict in plan.conflicts:
        if settled.get(conflict.key) is not Side.THEIRS:
            continue
        key = (conflict.entity, conflict.record_id)
        if conflict.field == DELETED:
            their_record = plan.theirs[key]
            result[key] = (
                Tombstone(_values(plan.mine.get(key))) if isinstance(their_record, Tombstone) else their_record
            )
        else:
            record = dict(_values(result[key]))
            record[conflict.field] = conflict.theirs
            result[key] = record
    return result


_REFERENCE = re.compile(r"^(.*)-(\d+)$")


def _renumber(plan: MergePlan, result: dict[Key, Record]) -> tuple[dict[Key, Record], list[Renumbered]]:
    """Give my next free reference to an opportunity whose reference another record of mine holds."""
    holders: dict[str, str] = {}  # reference -> record id, mine (deleted ones included), then as given
    for (entity, record_id), record in plan.mine.items():
        if entity == "opportunity":
            reference = _values(record).get("reference")
            if reference:
                holders.setdefault(str(reference), record_id)
    prefix = plan.reference_prefix
    highest = 0
    for reference in holders:
        match = _REFERENCE.match(reference)
        if match and match.group(1) == prefix:
            highest = max(highest, int(match.group(2)))
    renumbered: list[Renumbered] = []
    final = dict(result)
    for key in sorted(k for k in result if k[0] == "opportunity"):
        record = result[key]
        if not _alive(record):
            continue
        assert not isinstance(record, Tombstone)
        reference = str(record.get("reference") or "")
        holder = holders.get(reference)
        if not reference or holder is None or holder == key[1]:
            if reference:
                holders[reference] = key[1]
            continue
        own = str(_values(plan.mine.get(key)).get("reference") or "")
        if own and holders.get(own) == key[1]:
            given = own  # a record I hold already keeps its reference here
        else:
            highest += 1
            given = f"{prefix}-{highest:03d}"
            while given in holders:
                highest += 1
                given = f"{prefix}-{highest:03d}"
        holders[given] = key[1]
        final[key] = {**record, "reference": given}
        renumbered.append(Renumbered(key[1], reference, given, plan.names.get(holder, "another record")))
    return final, renumbered


# ------------------------------------------------------------------------------------------------ words

# How each entity reads in a sentence, and the fields whose words need more than the default.
ENTITY_LABELS = {
    "organisation": "Organisation",
    "workstream": "Workstream",
    "opportunity": "Opportunity",
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
ENTITY_PLURALS = {
    "organisation": "organisations",
    "workstream": "workstreams",
    "opportunity": "opportunities",
    "board": "boards",
    "board_member": "board members",
    "meeting": "meetings",
    "agenda_item": "agenda items",
    "attendance": "attendance records",
    "decision": "decisions",
    "action": "actions",
    "closure_day": "closure days",
    "benefit_line": "benefit lines",
    "cost_line": "cost lines",
}
_FIELD_LABELS = {
    "cashable_saving_pence": "cashable saving",
    "one_off_cost_pence": "one-off cost",
    "lead_organisation_id": "lead organisation",
    "organisation_id": "organisation",
    "workstream_id": "workstream",
    "board_id": "board",
    "meeting_id": "meeting",
    "opportunity_id": "opportunity",
    "agenda_item_id": "agenda item",
    "carried_from_id": "carried from",
    "dependencies": "depends on",
    "non_cashable_benefits": "non-cashable benefits",
    "placement_illustrative": "placement illustrative",
    "stage_set": "stage set by the decision",
    "minutes_text": "minutes",
    "minutes_allowed": "length",
    "default_minutes": "meeting length",
    "default_time": "usual time",
    "default_location": "usual place",
    "paper_lead_days": "paper lead time",
    "cadence_from": "cadence applies from",
    "series_date": "date in the series",
    "short_name": "short name",
    "lead_officer": "lead officer",
    "start_date": "start date",
    "end_date": "end date",
    "due": "due date",
    "position": "position on the agenda",
    DELETED: "deleted or kept",
    **{name: heading.lower() for name, heading in PAPER_HEADINGS},
}
DATE_FIELDS = frozenset({"start_date", "end_date", "date", "due", "series_date", "cadence_from"})
BOOL_FIELDS = frozenset({"shareable", "placement_illustrative"})
MINUTE_FIELDS = frozenset({"minutes", "minutes_allowed", "default_minutes"})
_TEXT_LIMIT = 160


def field_label(entity: str, name: str) -> str:
    if entity == "meeting" and name == "minutes_text":
        return "minutes"
    return _FIELD_LABELS.get(name, name.removesuffix("_id").replace("_", " "))


def value_words(entity: str, name: str, value: Value, names: Mapping[str, str] | None = None) -> str:
    """A stored value as a person reads it: 21 Nov 2026, £430,000, Business case, the organisation's name."""
    names = names or {}
    if name == DELETED:
        return "Deleted" if value else "Kept"
    if entity in ("benefit_line", "cost_line"):
        words = _line_value_words(entity, name, value, names)
        if words is not None:
            return words
    if isinstance(value, frozenset):
        shown = sorted(names.get(v, "a record in neither register") for v in value)
        return ", ".join(shown) if shown else "None"
    if value is None or value == "":
        return "Not set"
    try:
        if name in DATE_FIELDS:
            return format_date(date.fromisoformat(str(value)))
        if name.endswith("_pence"):
            return format_pounds(int(value))
        if name in ("stage", "stage_set"):
            return Stage(value).label
        if name == "nation":
            return Nation(value).label
        if name == "cadence":
            return describe_cadence(str(value))
    except ValueError:
        return str(value)
    if name in BOOL_FIELDS:
        return "Yes" if value else "No"
    if name in MINUTE_FIELDS and isinstance(value, int):
        return "1 minute" if value == 1 else f"{value} minutes"
    if name == "paper_lead_days" and isinstance(value, int):
        return "1 clear working day" if value == 1 else f"{value} clear working days"
    if name.endswith("_id"):
        return names.get(str(value), "a record in neither register")
    if name in ("status", "purpose", "outcome", "kind"):
        text = str(value)
        return "Police and crime commissioner" if text == "PCC" else text.capitalize()
    if name == "effort" or name == "benefit":
        return f"{value} out of 100"
    return _shorten(str(value))


def _line_value_words(entity: str, name: str, value: Value, names: Mapping[str, str]) -> str | None:
    """Benefit and cost lines' own fields: a year as 2026/27, shares as percentages, a cost in pounds."""
    import json

    if name == "year" and isinstance(value, int):
        return f"{value}/{(value + 1) % 100:02d}"
    if name == "shares":
        try:
            shares = json.loads(str(value or "{}"))
        except ValueError:
            return None
        if not shares:
            return "Equal shares"
        return ", ".join(f"{names.get(org, 'a partner')} {int(share) / 100:g}%" for org, share in shares.items())
    if name in ("planned", "actual"):
        if value is None:
            return "Not yet measured" if name == "actual" else "Not set"
        if entity == "cost_line":
            return format_pounds(int(value))  # type: ignore[arg-type]
        return f"{int(value) / 100:,g}"  # type: ignore[arg-type]  # in the line's own unit
    return None


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _TEXT_LIMIT else flat[: _TEXT_LIMIT - 1].rstrip() + "…"


def record_names(*snapshots: Snapshot) -> dict[str, str]:
    """A short name for every record id in the snapshots (the first snapshot's wins), for labels and ids."""
    names: dict[str, str] = {}
    boards: dict[str, str] = {}
    meetings: dict[str, Mapping[str, Value]] = {}
    for snapshot in snapshots:
        for (entity, record_id), record in snapshot.items():
            values = _values(record)
            if entity == "board":
                boards.setdefault(record_id, str(values.get("short_name") or values.get("name") or "Board"))
            elif entity == "meeting":
                meetings.setdefault(record_id, values)
    for snapshot in snapshots:
        for (entity, record_id), record in snapshot.items():
            if record_id not in names:
                names[record_id] = _short_name(entity, _values(record), boards)
    for record_id, values in meetings.items():
        names[record_id] = _meeting_name(values, boards)
    return names


def _short_name(entity: str, values: Mapping[str, Value], boards: Mapping[str, str]) -> str:
    if entity == "opportunity":
        return f"{values.get('reference') or ''} {values.get('title') or ''}".strip()
    if entity == "organisation":
        return str(values.get("short_name") or values.get("name") or "Organisation")
    if entity == "meeting":
        return _meeting_name(values, boards)
    if entity == "closure_day":
        return f"Closure day {value_words(entity, 'date', values.get('date'))}"
    for key in ("name", "title", "description", "text"):
        if values.get(key):
            return _shorten(str(values[key]))[:60]
    return ENTITY_LABELS.get(entity, entity)


def _meeting_name(values: Mapping[str, Value], boards: Mapping[str, str]) -> str:
    board = boards.get(str(values.get("board_id")), "Board")
    return f"{board} meeting of {value_words('meeting', 'date', values.get('date'))}"


def record_label(entity: str, values: Mapping[str, Value], names: Mapping[str, str]) -> str:
    """How a record is named in the preview and the report: "LAN-017 Joint Procurement", "Agenda item Fleet
    review (CPB meeting of 15 Dec 2026)"."""
    if entity == "opportunity":
        return f"{values.get('reference') or ''} {values.get('title') or ''}".strip() or "An opportunity"
    if entity in ("organisation", "workstream", "board"):
        return f"{ENTITY_LABELS[entity]} {values.get('name') or ''}".strip()
    if entity == "meeting":
        board = names.get(str(values.get("board_id")), "a board")
        return f"Meeting of {board} on {value_words(entity, 'date', values.get('date'))}"
    if entity == "closure_day":
        return f"Closure day {value_words(entity, 'date', values.get('date'))}"
    if entity in ("benefit_line", "cost_line"):
        kind = str(values.get("kind") or "").capitalize() or ENTITY_LABELS[entity]
        year = value_words(entity, "year", values.get("year"))
        owner = names.get(str(values.get("opportunity_id")), "an opportunity")
        return f"{'Benefit' if entity == 'benefit_line' else 'Cost'}: {kind} {year} ({owner})"
    if entity == "board_member":
        return f"Board member {values.get('name') or ''} ({names.get(str(values.get('board_id')), 'a board')})"
    what = {
        "agenda_item": ("Agenda item", "title"),
        "attendance": ("Attendance of", "name"),
        "decision": ("Decision", "text"),
        "action": ("Action", "description"),
    }.get(entity)
    if what is None:
        return ENTITY_LABELS.get(entity, entity)
    heading, key = what
    text = " ".join(str(values.get(key) or "").split())
    if len(text) > 50:
        text = text[:49].rstrip() + "…"
    meeting = names.get(str(values.get("meeting_id")), "")
    return f"{heading} “{text}”" + (f" ({meeting})" if meeting else "")


# ------------------------------------------------------------------------------------------------ the report


@dataclass(frozen=True)
class MergeReport:
    """What a merge did, in words: the CLI prints `summary()` and writes `text()`; the app shows both."""

    register_name: str
    partner_name: str
    incoming: str  # the file merged, as the person named it
    merged_at: str  # UTC, ISO 8601
    merged_by: str
    backup: str  # the backup taken first ("" when nothing was written)
    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    written: bool = True
    mine_chosen: int = 0
    theirs_chosen: int = 0

    def summary(self) -> str:
        if not self.written:
            conflicts = _count(len(self.conflicts), "conflict")
            return f"Nothing was merged from {self.partner_name}: {conflicts} to resolve."
        parts = [
            f"{_count(len(self.new), 'new record')}",
            f"{_count(len(self.changed), 'changed record')}",
            f"{_count(len(self.deleted), 'deleted record')}",
        ]
        resolved = len(self.conflicts)
        if resolved:
            how = f"{self.mine_chosen} kept mine, {self.theirs_chosen} took theirs"
            parts.append(f"{_count(resolved, 'conflict')} resolved ({how})")
        else:
            parts.append("no conflicts")
        return f"Merged {self.partner_name} into {self.register_name}: {_join(parts)}."

    def text(self) -> str:
        lines = [
            f"Merge of {self.partner_name} into {self.register_name}",
            "",
            f"File merged: {self.incoming}",
            f"When: {_when(self.merged_at)}, by {self.merged_by}",
        ]
        if self.backup:
            lines.append(f"Backup taken first: {self.backup}")
        if not self.written:
            lines.append("Nothing was written: the conflicts below must be resolved first.")
        lines += ["", self.summary()]
        sections = (
            ("New", self.new),
            ("Changed", self.changed),
            ("Deleted", self.deleted),
            ("Conflicts" if not self.written else "Conflicts and how they were resolved", self.conflicts),
            ("Notes", self.notes),
        )
        for heading, items in sections:
            lines += ["", f"{heading} ({len(items)})"]
            lines += [f"- {item}" for item in items] if items else ["- none"]
        return "\n".join(lines) + "\n"


def _when(stamp: str) -> str:
    """21 Nov 2026 at 13:56 UTC, from a UTC stamp such as 2026-11-21T13:56:53Z."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return f"{format_date(moment.date())} at {moment:%H:%M} UTC"


def _count(count: int, word: str) -> str:
    return f"1 {word}" if count == 1 else f"{count:,} {word}s"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def side_words(plan: MergePlan, conflict: Conflict, side: Side) -> str:
    """One side of a conflict in words: "Business case", or for a keep-or-delete conflict "Deleted" or "Kept,
    changed: stage, notes"."""
    value = conflict.mine if side is Side.MINE else conflict.theirs
    if conflict.field == DELETED:
        if value:
            return "Deleted"
        return f"Kept, {conflict.note}" if conflict.note else "Kept"
    return plan.words(conflict.entity, conflict.field, value)


def base_words(plan: MergePlan, conflict: Conflict) -> str:
    """The last value both sides knew, or "" when there is none (a first exchange)."""
    if not conflict.has_base or conflict.field == DELETED:
        return ""
    words = plan.words(conflict.entity, conflict.field, conflict.base)
    return "not set" if words == "Not set" else words


def conflict_line(plan: MergePlan, conflict: Conflict, choice: Side | None = None) -> str:
    """One line for a conflict: "LAN-017 Joint Procurement: stage: mine Scoping, theirs Business case (was
    Idea)"; with a choice, how it was resolved."""
    mine, theirs = side_words(plan, conflict, Side.MINE), side_words(plan, conflict, Side.THEIRS)
    base = base_words(plan, conflict)
    was = f" (was {base})" if base else ""
    if choice is None:
        return f"{conflict.label}: mine {mine}, theirs {theirs}{was}"
    taken = mine if choice is Side.MINE else theirs
    other = theirs if choice is Side.MINE else mine
    verb = "kept mine" if choice is Side.MINE else "took theirs"
    return f"{conflict.label}: {verb}, {taken} (the other was {other}){was}"


def entity_line(entity: str, label: str) -> str:
    """A record's label with what it is, where the label does not say: "Opportunity LAN-040 Shared Drones"."""
    return f"Opportunity {label}" if entity == "opportunity" else label


def change_line(plan: MergePlan, change: ChangedRecord) -> str:
    if change.restored:
        return f"{change.label}: restored with their values"
    parts = []
    for name in change.fields:
        before, after = plan.before_after(change, name)
        parts.append(f"{field_label(change.entity, name)} {before} → {after}")
    return f"{change.label}: {'; '.join(parts)}"


def build_report(
    plan: MergePlan,
    resolution: Resolution | None,
    *,
    register_name: str,
    partner_name: str,
    incoming: str,
    merged_at: str,
    merged_by: str,
    backup: str = "",
    notes: Iterable[str] = (),
) -> MergeReport:
    """The report of a merge done (`resolution` given) or stopped by conflicts (None)."""
    renumbered = {r.record_id: r for r in (resolution.renumbered if resolution else plan.renumbered)}
    new = []
    for record in plan.new:
        line = entity_line(record.entity, record.label)
        if record.record_id in renumbered:
            line += f" ({renumbered[record.record_id].sentence()})"
        new.append(line)
    changed = [change_line(plan, change) for change in plan.changed]
    new_ids = {n.record_id for n in plan.new}
    changed += [
        f"{entity_line('opportunity', plan.names.get(r.record_id, r.theirs))}: {r.sentence()}"
        for r in renumbered.values()
        if r.record_id not in new_ids
    ]
    deleted = [entity_line(d.entity, d.label) for d in plan.deleted]
    if resolution is None:
        conflicts = [conflict_line(plan, c) for c in plan.conflicts]
    else:
        conflicts = [conflict_line(plan, c, resolution.choices[c.key]) for c in plan.conflicts]
    chosen = list(resolution.choices.values()) if resolution else []
    return MergeReport(
        register_name=register_name,
        partner_name=partner_name,
        incoming=incoming,
        merged_at=merged_at,
        merged_by=merged_by,
        backup=backup,
        new=tuple(new),
        changed=tuple(changed),
        deleted=tuple(deleted),
        conflicts=tuple(conflicts),
        notes=tuple(notes),
        written=resolution is not None,
        mine_chosen=sum(1 for c in chosen if c is Side.MINE),
        theirs_chosen=sum(1 for c in chosen if c is Side.THEIRS),
    )
