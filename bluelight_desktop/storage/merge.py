"""Merging a partner's register into mine (issue 6; DESIGN.md, "The register file"). No Qt.

`plan_merge(register, incoming)` reads both registers' records, deleted ones included, the partner's records as
this register last received them (`exchange_base`) and mine as the partner last received them (the same table
in their file), and hands them to the pure merge in `core.merge`. `apply_merge(register, incoming, plan,
choices, prefer)` takes a backup, then writes in ONE transaction: the records (each field change in the change
log under "Merge from <partner>", with who and when), the partner's records as received as the new exchange
base, and the partner's row in `exchange_partner`. Any failure rolls the transaction back and the register file
is as it was, byte for byte.

Records match by UUID. An opportunity's partner and dependency links are merged as two set-valued fields of the
opportunity (`partners`, `dependencies`: ids of organisations and opportunities), not as link records by their
own UUIDs: each register makes its link rows independently, so two officers adding the same partner would
otherwise get it twice.

The incoming register is opened read-only by the caller (`storage.export.open_received`, which decrypts a
sealed file and brings an older one up to date in a private copy).

This module works with the register's own connection and its private record writer (`Register._write_record`,
`Register._transaction`), as a part of the storage package: the merge must share the register's transaction and
change log rather than copy them.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..core.merge import (
    MergePlan,
    MergeReport,
    Record,
    Side,
    Snapshot,
    Tombstone,
    Write,
    build_report,
    field_label,
    record_label,
    resolve,
)
from ..core.merge import plan_merge as plan_snapshots
from ..core.model import Opportunity, Organisation, OrganisationKind, Stage, Workstream
from .register import (
    _COLUMNS,
    _CONVERTERS,
    _TABLES,
    Register,
    RegisterError,
    backup_register,
    now_stamp,
    plain_reason,
)

Progress = Callable[[float, str], None]

# The tables merged, in the order they are written (a record's references come before it).
ENTITIES = (
    "organisation",
    "workstream",
    "opportunity",
    "board",
    "board_member",
    "meeting",
    "agenda_item",
    "attendance",
    "decision",
    "action",
    "closure_day",
    "benefit_line",
    "cost_line",
)
_KINDS: dict[str, type] = {table: kind for kind, table in _TABLES.items()}
# Set-valued fields of an opportunity: (link table, its column naming the other end, the table that end is in).
SET_FIELDS = {
    "partners": ("opportunity_partner", "organisation_id", "organisation"),
    "dependencies": ("opportunity_dependency", "depends_on_id", "opportunity"),
}
_MODEL_CONVERTERS: dict[type, dict[str, Callable[[Any], Any]]] = {
    Opportunity: {
        "stage": Stage,
        "start_date": lambda v: date.fromisoformat(v) if v else None,
        "end_date": lambda v: date.fromisoformat(v) if v else None,
        "shareable": bool,
        "placement_illustrative": bool,
    },
    Organisation: {"kind": OrganisationKind},
    Workstream: {},
    **_CONVERTERS,
}


class MergeCancelled(RegisterError):
    def __init__(self) -> None:
        super().__init__("Cancelled: nothing was merged.")


@dataclass(frozen=True)
class ExchangePartner:
    """A partner register merged into this one."""

    register_id: str
    name: str
    last_merged_at: str  # UTC, ISO 8601
    last_merged_by: str


# ------------------------------------------------------------------------------------------------ reading


def register_id(register: Register) -> str:
    try:
        row = register._db.execute("SELECT value FROM setting WHERE key = 'register_id'").fetchone()
    except sqlite3.DatabaseError as exc:  # a file without its settings: damaged
        raise RegisterError(f"{_file_name(register)} could not be read: {plain_reason(exc)}.") from exc
    if row is None or not row[0]:
        raise RegisterError(f"{_file_name(register)} has no register id, so it cannot be merged.")
    return str(row[0])


def read_records(register: Register, share: Snapshot | None = None) -> dict[tuple[str, str], Record]:
    """Every record of the register as stored, deleted ones as Tombstones with their last values. A record equal
    to the one at the same key in `share` is that very object, so that the records two registers have in common
    are held in memory once (the merge of two 10,000-opportunity registers holds four snapshots)."""
    db = register._db
    snapshot: dict[tuple[str, str], Record] = {}
    empty: frozenset[str] = frozenset()
    try:
        links: dict[str, dict[str, set[str]]] = {name: {} for name in SET_FIELDS}
        for name, (table, other, _target) in SET_FIELDS.items():
            for owner, target in db.execute(
                f"SELECT opportunity_id, {other} FROM {table} WHERE deleted_at IS NULL ORDER BY rowid"
            ):
                links[name].setdefault(owner, set()).add(target)
        for entity in ENTITIES:
            columns = _COLUMNS[_KINDS[entity]]
            for row in db.execute(f"SELECT id, deleted_at, {', '.join(columns)} FROM {entity}"):
                values = dict(zip(columns, row[2:], strict=True))
                if entity == "opportunity":
                    for name in SET_FIELDS:
                        found = links[name].get(row[0])
                        values[name] = frozenset(found) if found else empty
                key = (entity, row[0])
                record: Record = Tombstone(values) if row[1] else values
                snapshot[key] = _shared(record, share.get(key) if share is not None else None)
    except sqlite3.DatabaseError as exc:
        raise RegisterError(f"{_file_name(register)} could not be read: {plain_reason(exc)}.") from exc
    return snapshot


def _shared(record: Record, other: Record | None) -> Record:
    return other if other is not None and other == record else record


def state_mark(register: Register) -> str:
    """A mark of the register's records as they are now: every change to a record goes through Register.apply,
    which appends to the change log (whose rows are never deleted), so its last entry moves with any of them."""
    return str(register._db.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0])


def _decode(entity: str, values_json: str, deleted: int) -> Record:
    values: dict[str, Any] = json.loads(values_json)
    if entity == "opportunity":
        for name in SET_FIELDS:
            values[name] = frozenset(values.get(name) or ())
    return Tombstone(values) if deleted else values


def _encode(record: Record) -> tuple[str, int]:
    values = record.values if isinstance(record, Tombstone) else record
    plain = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in values.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")), int(
        isinstance(record, Tombstone)
    )


def read_base(
    register: Register, partner_register_id: str, share: Snapshot | None = None
) -> dict[tuple[str, str], Record]:
    """The partner's records as this register last received them (empty before the first merge, or in a file
    from before exchange bases)."""
    try:
        rows = register._db.execute(
            "SELECT entity, record_id, values_json, deleted FROM exchange_base WHERE partner_register_id = ?",
            (partner_register_id,),
        ).fetchall()
    except sqlite3.OperationalError:  # no such table: a register that has never been upgraded (read-only copy)
        return {}
    try:
        return {
            (entity, record_id): _shared(
                _decode(entity, text, deleted), share.get((entity, record_id)) if share is not None else None
            )
            for entity, record_id, text, deleted in rows
        }
    except (ValueError, TypeError) as exc:
        raise RegisterError(f"{_file_name(register)} is damaged: its record of past merges cannot be read.") from exc


def exchange_partners(register: Register) -> list[ExchangePartner]:
    """The partner registers merged into this one, most recent first."""
    try:
        rows = register._db.execute(
            "SELECT partner_register_id, partner_name, last_merged_at, last_merged_by FROM exchange_partner "
            "ORDER BY last_merged_at DESC"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [ExchangePartner(*row) for row in rows]


def _file_name(register: Register) -> str:
    source = getattr(register, "source", None)  # a received register is read from a private copy
    return Path(source or register.path).name


def _same_file(register: Register, incoming: Register) -> bool:
    mine = Path(register.path).resolve()
    for path in (getattr(incoming, "source", None), incoming.path):
        if path is not None and Path(path).resolve() == mine:
            return True
    return False


# ------------------------------------------------------------------------------------------------ planning


def plan_merge(register: Register, incoming: Register) -> MergePlan:
    """What merging `incoming` into `register` would do; nothing is written. Raises RegisterError with a plain
    message for a file that cannot be merged (the register itself, a copy of it, a damaged file)."""
    if _same_file(register, incoming):
        raise RegisterError("A register cannot be merged into itself: choose the file a partner sent you.")
    mine_id, partner_id = register_id(register), register_id(incoming)
    if mine_id == partner_id:
        raise RegisterError(
            f"{_file_name(incoming)} is a copy of this register, not a partner's register, so there is nothing to "
            "merge. To go back to an earlier copy, restore a backup instead."
        )
    mark = state_mark(register)
    mine = read_records(register)
    theirs = read_records(incoming, share=mine)
    base = read_base(register, partner_id, share=theirs)
    seen = read_base(incoming, mine_id, share=mine)
    plan = plan_snapshots(base, mine, theirs, seen, reference_prefix=register.settings().reference_prefix)
    plan.mark = mark
    _check_their_values(plan, _file_name(incoming))
    return plan


def _check_their_values(plan: MergePlan, name: str) -> None:
    """Every record of theirs the merge may write must make a record of ours (a stage this version knows, a
    date that is a date): refuse a damaged file before anything is written, rather than half way."""
    keys = {(n.entity, n.record_id) for n in plan.new} | {(c.entity, c.record_id) for c in plan.changed}
    keys |= {(c.entity, c.record_id) for c in plan.conflicts}
    for key in keys:
        record = plan.theirs.get(key)
        if record is not None and not isinstance(record, Tombstone):
            try:
                _to_model(key[0], key[1], record)
            except (ValueError, TypeError, KeyError) as exc:
                raise RegisterError(
                    f"{name} is damaged: {record_label(key[0], record, plan.names)} holds a value this version "
                    "cannot read. Nothing was merged."
                ) from exc


def _to_model(entity: str, record_id: str, values: Mapping[str, Any]) -> Any:
    kind = _KINDS[entity]
    converters = _MODEL_CONVERTERS[kind]
    fields = {c: converters[c](values.get(c)) if c in converters else values.get(c) for c in _COLUMNS[kind]}
    if kind is Opportunity:
        fields["partner_ids"] = sorted(values.get("partners") or ())
        fields["dependency_ids"] = sorted(values.get("dependencies") or ())
    return kind(id=record_id, **fields)


# ------------------------------------------------------------------------------------------------ applying


def apply_merge(
    register: Register,
    incoming: Register,
    plan: MergePlan,
    choices: Mapping[tuple[str, str, str], Side | str] | None = None,
    prefer: Side | str | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MergeReport:
    """Write the merge `plan` made, every conflict settled by `choices` or `prefer`: a backup first, then one
    transaction. Raises UnresolvedConflicts (nothing written, no backup) when a conflict is settled by neither,
    RegisterError when the register is read-only, changed since the plan was made, or cannot be written; the
    register is then as it was."""
    if register.read_only:
        raise RegisterError("This register is open read-only; open it normally to merge into it.")
    resolution = resolve(plan, choices or {}, prefer)  # before the backup: unresolved conflicts write nothing

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise MergeCancelled()
        if progress is not None:
            progress(fraction, message)

    if _same_file(register, incoming):
        raise RegisterError("A register cannot be merged into itself: choose the file a partner sent you.")
    partner_id = register_id(incoming)
    partner_name = incoming.settings().name
    step(0.0, "Taking a backup…")
    try:
        backup = backup_register(register.path, "before merge")
    except (OSError, sqlite3.Error) as exc:
        raise RegisterError(
            f"The backup before the merge could not be taken: {plain_reason(exc)}. Nothing was merged."
        ) from exc
    stamp = now_stamp()
    action_id = str(uuid.uuid4())
    action = f"Merge from {partner_name}"[:200]
    notes: list[str] = []
    with register._transaction():
        step(0.1, "Checking the register has not changed…")
        if state_mark(register) != plan.mark:
            raise RegisterError(
                "The register changed after the merge was previewed; preview the merge again. Nothing was merged."
            )
        writes = _complete(register, plan, resolution.writes, notes)
        total = max(len(writes), 1)
        for number, write in enumerate(writes):
            if number % 200 == 0:
                step(0.15 + 0.7 * number / total, f"Writing {number:,} of {len(writes):,} records…")
            _write(register, write, action, action_id, stamp)
        step(0.9, "Remembering what was received…")
        _store_base(register, partner_id, plan)
        register._db.execute(
            "INSERT INTO exchange_partner (partner_register_id, partner_name, last_merged_at, last_merged_by) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (partner_register_id) DO UPDATE SET partner_name = excluded.partner_name, "
            "last_merged_at = excluded.last_merged_at, last_merged_by = excluded.last_merged_by",
            (partner_id, partner_name[:200], stamp, register.user[:100]),
        )
        step(0.95, "Saving…")
    shareable = _shareable_only_note(incoming)
    if shareable:
        notes.insert(0, shareable)
    report = build_report(
        plan,
        resolution,
        register_name=register.settings().name,
        partner_name=partner_name,
        incoming=_file_name(incoming),
        merged_at=stamp,
        merged_by=register.user,
        backup=str(backup),
        notes=notes,
    )
    if progress is not None:
        progress(1.0, "Merged.")
    return report


def stopped_report(register: Register, incoming: Register, plan: MergePlan) -> MergeReport:
    """The report of a merge stopped by its conflicts: what it would do, and the conflicts to resolve."""
    return build_report(
        plan,
        None,
        register_name=register.settings().name,
        partner_name=incoming.settings().name,
        incoming=_file_name(incoming),
        merged_at=now_stamp(),
        merged_by=register.user,
    )


def _shareable_only_note(incoming: Register) -> str:
    from .export import export_details

    details = export_details(incoming)
    if details is not None and details.shareable_only:
        return (
            "Their file holds their shareable items only: what it leaves out is not treated as deleted, and stays "
            "as it was here."
        )
    return ""


def _foreign_keys(register: Register) -> dict[str, list[tuple[str, str, bool]]]:
    """Per table: (column, the table it refers to, whether it may be empty), from the register's own schema."""
    keys: dict[str, list[tuple[str, str, bool]]] = {}
    for entity in ENTITIES:
        nullable = {row[1]: not row[3] for row in register._db.execute(f"PRAGMA table_info({entity})")}
        keys[entity] = [
            (row[3], row[2], nullable.get(row[3], True))
            for row in register._db.execute(f"PRAGMA foreign_key_list({entity})")
        ]
    return keys


def _complete(register: Register, plan: MergePlan, writes: list[Write], notes: list[str]) -> list[Write]:
    """The writes in table order, with what their references need: a record of theirs they refer to that is
    deleted in their register and was never in mine comes across as deleted; a reference to a record in
    neither register is left empty (a record that cannot be without it is left out), with a note each."""
    existing = {key[1] for key in plan.mine}
    foreign = _foreign_keys(register)
    chosen: dict[tuple[str, str], Write] = {(w.entity, w.record_id): w for w in writes}
    carried: dict[tuple[str, str], Write] = {}

    def available(table: str, record_id: str) -> bool:
        key = (table, record_id)
        if record_id in existing or key in chosen or key in carried:
            return True
        their_record = plan.theirs.get(key)
        if isinstance(their_record, Tombstone):  # deleted in their register, referred to: it comes across deleted
            carried[key] = Write(table, record_id, None, their_record)
            _references(carried[key])
            return True
        return False

    def _references(write: Write) -> Write | None:
        values = dict(write.after.values if isinstance(write.after, Tombstone) else write.after)
        changed = False
        label = record_label(write.entity, values, plan.names)
        for column, table, nullable in foreign[write.entity]:
            target = values.get(column)
            if target is None or available(table, str(target)):
                continue
            if not nullable:
                notes.append(f"{label} was left out: its {field_label(write.entity, column)} is in neither register.")
                return None
            values[column] = None
            changed = True
            notes.append(f"{label}: its {field_label(write.entity, column)} is in neither register, so it is empty.")
        if write.entity == "opportunity":
            for name, (_table, _other, target_table) in SET_FIELDS.items():
                wanted = values.get(name) or frozenset()
                kept = frozenset(t for t in wanted if available(target_table, t))
                if kept != wanted:
                    values[name] = kept
                    changed = True
                    what = field_label(write.entity, name)
                    notes.append(f"{label}: {len(wanted - kept)} of its {what} are in neither register, so left off.")
        if not changed:
            return write
        after: Record = Tombstone(values) if isinstance(write.after, Tombstone) else values
        return Write(write.entity, write.record_id, write.before, after)

    completed: list[Write] = []
    for write in writes:
        done = _references(write)
        if done is not None:
            completed.append(done)
    everything = completed + list(carried.values())
    order = {entity: n for n, entity in enumerate(ENTITIES)}
    everything.sort(key=lambda w: order[w.entity])
    return everything


def _write(register: Register, write: Write, action: str, action_id: str, stamp: str) -> None:
    after = write.after
    if isinstance(after, Tombstone):
        model = _to_model(write.entity, write.record_id, after.values)
        if write.before is None:  # carried across deleted: made, then deleted, as their register has it
            _reference_free(register, write, model)
            register._write_record(None, model, action, action_id, stamp)
        register._write_record(model, None, action, action_id, stamp)
    else:
        register._write_record(None, _to_model(write.entity, write.record_id, after), action, action_id, stamp)


def _reference_free(register: Register, write: Write, model: Any) -> None:
    """A deleted opportunity carried across keeps its reference unless a record of mine holds it."""
    if write.entity != "opportunity":
        return
    taken = register._db.execute(
        "SELECT 1 FROM opportunity WHERE reference = ? AND id != ?", (model.reference, model.id)
    ).fetchone()
    if taken:
        model.reference = register.next_reference()


def _store_base(register: Register, partner_id: str, plan: MergePlan) -> None:
    """Remember the partner's records as received (those that differ from what was remembered)."""
    rows = []
    for key, record in plan.theirs.items():
        if key in plan.base and plan.base[key] == record:
            continue
        values_json, deleted = _encode(record)
        rows.append((partner_id, key[0], key[1], values_json, deleted))
    register._db.executemany(
        "INSERT INTO exchange_base (partner_register_id, entity, record_id, values_json, deleted) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (partner_register_id, entity, record_id) DO UPDATE SET "
        "values_json = excluded.values_json, deleted = excluded.deleted",
        rows,
    )


__all__ = [
    "ENTITIES",
    "ExchangePartner",
    "MergeCancelled",
    "Snapshot",
    "apply_merge",
    "exchange_partners",
    "plan_merge",
    "read_base",
    "read_records",
    "register_id",
    "stopped_report",
]
