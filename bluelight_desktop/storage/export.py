"""Sending a register to a partner service, and opening one a partner sent (issue 6; DESIGN.md, "The register
file"). No Qt.

Exporting (`export_register`) never hands out the live file. SQLite's backup API takes a consistent snapshot
into a private working folder on this computer; there the copy is trimmed (with `shareable_only`) and marked
with who exported it, when and from which register; `VACUUM INTO` then writes a compact, fresh file, so nothing
left out survives in free pages. The result is checked (integrity_check, foreign keys, our application_id, a
rollback-journal header) and renamed into place through `files.write_atomically`: a crash at any moment leaves
either no file or a whole one, and no -journal or -wal beside it. With a passphrase the checked bytes are sealed
(`storage.sealed`) and the sealed file is checked by decrypting it again before it takes its name. Building in
a private folder rather than beside the destination means that neither the restricted records nor an
unencrypted copy are ever written to the USB stick or share the export goes to, even for a moment.

The copy keeps the register's `register_id`, which identifies the partner register when it is merged. It
records in its `setting` table: `exported_at` (UTC, ISO 8601), `exported_by` (the OS user),
`exported_from_name` (the register's name), `exported_shareable_only` ("1" or "0") and `exported_app_version`.

Receiving (`receive`, `open_received`): a received file is untrusted. It is read once, decrypted when sealed,
written into a private temporary folder under its own name, checked in full (`check_file(thorough=True)`),
refused if it holds triggers or views (a register never does), brought up to date there if an older version
wrote it, and opened read-only with trusted_schema=OFF. The sender's file is never opened or changed; the
private copy goes when the register is closed.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.formatting import format_date
from ..core.model import PAPER_FIELDS, RegisterData
from ..files import write_atomically
from .register import (
    APPLICATION_ID,
    HEAD_REVISION,
    Register,
    RegisterError,
    check_file,
    current_user,
    now_stamp,
    plain_reason,
    refuse_wrong_kinds,
)
from .sealed import MAGIC, SealedError, passphrase_problem, seal_parts, unseal

Progress = Callable[[float, str], None]

# What the counts are called, in the order they are shown (the keys of Register.counts()).
COUNTED = (
    ("opportunities", "opportunity"),
    ("organisations", "organisation"),
    ("workstreams", "workstream"),
    ("boards", "board"),
    ("meetings", "meeting"),
    ("agenda items", "agenda_item"),
    ("decisions", "decision"),
    ("actions", "action"),
)
# What shareable_only leaves out, by table: the restricted opportunities and every record about them.
LEFT_OUT = (
    ("opportunities", "opportunity"),
    ("agenda items", "agenda_item"),
    ("decisions", "decision"),
    ("actions", "action"),
    ("partner links", "opportunity_partner"),
    ("dependency links", "opportunity_dependency"),
    ("benefit lines", "benefit_line"),
    ("cost lines", "cost_line"),
)
# change_log fields whose values are record ids (one, or several joined by commas).
_ID_FIELDS = ("opportunity_id", "agenda_item_id", "depends_on_id", "carried_from_id", "dependencies")
_MAX_STILL_NAMED = 12


class ExportCancelled(RegisterError):
    """The person cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Cancelled: nothing was exported.")


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote. `exported` counts the live records in the file (Register.counts() keys);
    `left_out` counts the live records that shareable_only left out, by LEFT_OUT name, plus "history entries"
    (change log rows, all of them); `restricted` is how many opportunities are not marked as shareable in the
    register (left out or not); `still_named` lists places in the meetings' records that name a left-out
    opportunity by title or reference, for the person to check before sending."""

    path: Path
    register_name: str
    shareable_only: bool
    sealed: bool
    exported: dict[str, int]
    left_out: dict[str, int]
    restricted: int
    size: int
    still_named: tuple[str, ...] = ()

    def summary(self, with_checks: bool = True) -> str:
        """A few plain sentences: where it went, what went, what was left out, and (`with_checks`) where a
        left-out opportunity is still named."""
        locked = ", encrypted with a passphrase" if self.sealed else ""
        went = _count_phrase(self.exported, ("opportunities", "organisations", "boards", "meetings"))
        lines = [f"Exported {self.register_name} to {self.path}{locked}: {went}."]
        if self.shareable_only:
            opportunities = self.left_out.get("opportunities", 0)
            if opportunities:
                about = _count_phrase(self.left_out, ("agenda items", "decisions", "actions"))
                history = self.left_out.get("history entries", 0)
                extra = [f"{about} about them"] if about else []
                if history:
                    extra.append(_plural(history, "history entry"))
                tail = f", with {', and '.join(extra)}" if extra else ""
                lines.append(f"Left out {_plural(opportunities, 'opportunity')} not marked as shareable{tail}.")
            else:
                lines.append("Every opportunity is marked as shareable, so nothing was left out.")
        elif self.restricted:
            lines.append(
                f"The whole register went, including {_plural(self.restricted, 'opportunity')} not marked as shareable."
            )
        if self.still_named and with_checks:
            lines.append("Check before sending: " + "; ".join(self.still_named) + ".")
        return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ the rule


def restricted_preview(data: RegisterData) -> dict[str, int]:
    """What `export_register(shareable_only=True)` would leave out of the register `data` holds, counted as the
    report counts it (live records; history entries are not counted here). The same rule as the export's SQL:
    the opportunities not marked as shareable, the agenda items about them, the decisions and actions about them
    or made on those agenda items, and their partner and dependency links (a shareable opportunity's dependency
    on a restricted one included)."""
    gone = {o.id for o in data.opportunities.values() if not o.shareable}
    items = {i.id for i in data.agenda_items.values() if i.opportunity_id in gone}
    decisions = sum(1 for d in data.decisions.values() if d.opportunity_id in gone or d.agenda_item_id in items)
    actions = sum(1 for a in data.actions.values() if a.opportunity_id in gone or a.agenda_item_id in items)
    partners = sum(len(data.opportunities[i].partner_ids) for i in gone)
    dependencies = sum(
        sum(1 for d in o.dependency_ids if o.id in gone or d in gone) for o in data.opportunities.values()
    )
    benefit_lines = sum(1 for line in data.benefit_lines.values() if line.opportunity_id in gone)
    cost_lines = sum(1 for line in data.cost_lines.values() if line.opportunity_id in gone)
    return {
        "opportunities": len(gone),
        "agenda items": len(items),
        "decisions": decisions,
        "actions": actions,
        "partner links": partners,
        "dependency links": dependencies,
        "benefit lines": benefit_lines,
        "cost lines": cost_lines,
    }


def shareable_data(data: RegisterData) -> RegisterData:
    """`data` without what a shareable-only export leaves out (restricted_preview's rule), for writing a
    spreadsheet of the shareable items. `data` itself is not changed."""
    gone = {o.id for o in data.opportunities.values() if not o.shareable}
    items = {i.id for i in data.agenda_items.values() if i.opportunity_id in gone}

    def about(record: Any) -> bool:
        return record.opportunity_id in gone or record.agenda_item_id in items

    opportunities = {}
    for key, opportunity in data.opportunities.items():
        if key in gone:
            continue
        if set(opportunity.dependency_ids) & gone:
            opportunity = replace(opportunity, dependency_ids=[d for d in opportunity.dependency_ids if d not in gone])
        opportunities[key] = opportunity
    return replace(
        data,
        opportunities=opportunities,
        agenda_items={k: v for k, v in data.agenda_items.items() if k not in items},
        decisions={k: v for k, v in data.decisions.items() if not about(v)},
        actions={k: v for k, v in data.actions.items() if not about(v)},
        benefit_lines={k: v for k, v in data.benefit_lines.items() if v.opportunity_id not in gone},
        cost_lines={k: v for k, v in data.cost_lines.items() if v.opportunity_id not in gone},
    )


# ------------------------------------------------------------------------------------------------- export


def export_register(
    register: Register,
    dest: Path,
    shareable_only: bool = False,
    passphrase: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Write a checked copy of `register` to `dest` for a partner; see the module's docstring.

    Reads the register through its own read-only connection (never the register's), so it may run on a worker
    thread while the register stays open on the UI thread. `progress(fraction, message)` is called between
    steps and `cancelled()` checked there (ExportCancelled: nothing written). Raises RegisterError (SealedError
    for a passphrase too short to use) with a plain message; the register and any file already at `dest` are
    unchanged on every failure."""
    dest = Path(dest)
    source_path = Path(register.path)
    _refuse_destination(dest, source_path)
    if passphrase is not None:
        problem = passphrase_problem(passphrase)
        if problem:
            raise SealedError(problem, "weak passphrase")

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None:
            progress(fraction, message)

    step(0.0, "Taking a snapshot of the register…")
    _remove_stale_work()
    work = Path(tempfile.mkdtemp(prefix=_WORK_PREFIX))
    try:
        snapshot = work / "snapshot.bluelight"
        _snapshot(source_path, snapshot)
        _bring_up_to_date(snapshot, source_path.name)
        db = sqlite3.connect(snapshot, isolation_level=None)
        try:
            db.execute("PRAGMA trusted_schema=OFF")
            db.execute("PRAGMA journal_mode=OFF")  # a private scratch copy: its journal would only slow it down
            db.execute("PRAGMA synchronous=OFF")
            name = _setting(db, "name") or "Untitled register"
            restricted = _live_count(db, "opportunity", "NOT shareable")
            left_out: dict[str, int] = {}
            still_named: tuple[str, ...] = ()
            if shareable_only:
                step(0.2, "Leaving out the opportunities not marked as shareable…")
                db.execute("BEGIN")
                left_out, named = _leave_out_restricted(db)
                _mark_export(db, name, shareable_only)
                db.execute("COMMIT")
                still_named = tuple(_still_named(db, named))
            else:
                _mark_export(db, name, shareable_only)
            exported = {key: _live_count(db, table) for key, table in COUNTED}
            step(0.5, "Writing a compact copy…")

            def build(target: Path) -> None:
                db.execute("VACUUM INTO ?", (str(target),))
                step(0.75, "Checking the copy…")
                _check_export(target)

            if passphrase is None:
                _write(dest, build)
            else:
                plain_path = work / "export.bluelight"
                build(plain_path)
                plain = plain_path.read_bytes()
                step(0.8, "Encrypting…")
                header, ciphertext = seal_parts(plain, passphrase)
                del plain
                step(0.95, "Saving…")

                def fill(temp: Path) -> None:
                    with temp.open("wb") as handle:
                        handle.write(header)
                        handle.write(ciphertext)

                def check(temp: Path) -> None:
                    if not _holds(temp, (header, ciphertext)):
                        raise RegisterError("The encrypted copy did not read back as written; nothing was written.")

                _write(dest, fill, check)
        finally:
            db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if progress is not None:
        progress(1.0, "Exported.")
    return ExportReport(
        path=dest,
        register_name=name,
        shareable_only=shareable_only,
        sealed=passphrase is not None,
        exported=exported,
        left_out=left_out,
        restricted=restricted,
        size=dest.stat().st_size,
        still_named=still_named,
    )


_WORK_PREFIX = "bluelight-export-"
_STALE_WORK_AFTER = 3600  # seconds: an export takes seconds, so an older working folder was left by a crash


def _remove_stale_work() -> None:
    """Remove the private working folders of exports that a crash (the app killed, power lost) left in this
    computer's temporary folder: each holds a plain copy of a register, restricted records included."""
    folder = Path(tempfile.gettempdir())
    try:
        entries = list(folder.glob(f"{_WORK_PREFIX}*"))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir() and not entry.is_symlink() and time.time() - entry.stat().st_mtime > _STALE_WORK_AFTER:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass  # another user's, or gone already


def _holds(path: Path, parts: tuple[bytes, ...]) -> bool:
    """Whether the file at `path` holds exactly `parts`, one after another (read back a megabyte at a time)."""
    chunk = 1 << 20
    with path.open("rb") as handle:
        for part in parts:
            view = memoryview(part)
            for start in range(0, len(view), chunk):
                piece = view[start : start + chunk]
                if handle.read(len(piece)) != piece:
                    return False
        return handle.read(1) == b""


def _refuse_destination(dest: Path, source: Path) -> None:
    if dest.resolve() == source.resolve() or (dest.exists() and _same_file(dest, source)):
        raise RegisterError("An export cannot replace the register itself; choose another name.")
    if dest.is_dir():
        raise RegisterError(f"{dest} is a folder; give a file name such as partner.bluelight.")
    if not dest.parent.is_dir():
        raise RegisterError(f"The folder {dest.parent} does not exist.")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write(dest: Path, fill: Callable[[Path], object], check: Callable[[Path], None] | None = None) -> None:
    try:
        write_atomically(dest, fill, check)
    except sqlite3.Error as exc:
        raise RegisterError(
            f"The export could not be written to {dest}: {plain_reason(exc)}. Nothing was written."
        ) from exc
    except OSError as exc:
        raise RegisterError(
            f"The export could not be written to {dest}: {exc.strerror or exc}. Nothing was written."
        ) from exc


def _snapshot(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, in one step (one read transaction)."""
    try:
        reader = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            writer = sqlite3.connect(target)
            try:
                reader.backup(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.Error as exc:
        raise RegisterError(
            f"{source.name} could not be read for the export: {plain_reason(exc)}. Nothing was written."
        ) from exc


def _bring_up_to_date(snapshot: Path, name: str) -> None:
    """A register an older version wrote is exported at this version's schema: its snapshot is upgraded, never
    the register itself."""
    try:
        revision = check_file(snapshot, integrity=False).revision
    except RegisterError as exc:
        raise RegisterError(f"{name} could not be exported: {exc}") from exc
    if revision == HEAD_REVISION:
        return
    from .migrate import upgrade_to_head

    try:
        upgrade_to_head(snapshot)
    except Exception as exc:
        raise RegisterError(
            f"{name} was saved by an older version and its copy could not be brought up to date for the export: "
            f"{plain_reason(exc)}. Nothing was written."
        ) from exc


def _setting(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _live_count(db: sqlite3.Connection, table: str, where: str = "1") -> int:
    return int(db.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL AND ({where})").fetchone()[0])


def _mark_export(db: sqlite3.Connection, name: str, shareable_only: bool) -> None:
    values = {
        "exported_at": now_stamp(),
        "exported_by": current_user(),
        "exported_from_name": name,
        "exported_shareable_only": "1" if shareable_only else "0",
        "exported_app_version": __version__,
    }
    db.executemany(
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )
    # What this register last exchanged with each partner stays at home: a recipient merges against its own
    # record of us, and one partner's data is not ours to pass on to another.
    for table in ("exchange_base", "exchange_partner"):
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
            db.execute(f"DELETE FROM {table}")


def _leave_out_restricted(db: sqlite3.Connection) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Hard-delete, in the scratch copy, the opportunities not marked as shareable and every record about them
    (tombstoned ones too), with their change log rows. Returns the live counts left out (LEFT_OUT names plus
    "history entries") and the (reference, title) of the live opportunities left out."""
    db.execute("CREATE TEMP TABLE gone (id TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (kind, id))")
    db.execute("INSERT INTO gone SELECT id, 'opportunity' FROM opportunity WHERE NOT shareable")
    opportunities = "(SELECT id FROM gone WHERE kind = 'opportunity')"
    db.execute(f"INSERT INTO gone SELECT id, 'agenda_item' FROM agenda_item WHERE opportunity_id IN {opportunities}")
    items = "(SELECT id FROM gone WHERE kind = 'agenda_item')"
    for table in ("decision", "action"):
        db.execute(
            f"INSERT INTO gone SELECT id, '{table}' FROM {table} "
            f"WHERE opportunity_id IN {opportunities} OR agenda_item_id IN {items}"
        )
    db.execute(
        f"INSERT INTO gone SELECT id, 'opportunity_partner' FROM opportunity_partner "
        f"WHERE opportunity_id IN {opportunities}"
    )
    db.execute(
        f"INSERT INTO gone SELECT id, 'opportunity_dependency' FROM opportunity_dependency "
        f"WHERE opportunity_id IN {opportunities} OR depends_on_id IN {opportunities}"
    )
    for table in ("benefit_line", "cost_line"):
        db.execute(f"INSERT INTO gone SELECT id, '{table}' FROM {table} WHERE opportunity_id IN {opportunities}")
    named = [
        (str(reference), str(title))
        for reference, title in db.execute(
            f"SELECT reference, title FROM opportunity WHERE deleted_at IS NULL AND id IN {opportunities} "
            "ORDER BY reference"
        )
    ]
    # Counted as the person sees them (and as restricted_preview counts them): live records about live
    # restricted opportunities. Tombstoned ones go too, uncounted.
    db.execute("CREATE TEMP TABLE shown AS SELECT id FROM opportunity WHERE NOT shareable AND deleted_at IS NULL")
    live_items = "(SELECT id FROM agenda_item WHERE deleted_at IS NULL AND opportunity_id IN (SELECT id FROM shown))"
    live_opportunity = "(SELECT id FROM opportunity WHERE deleted_at IS NULL)"
    about = f"deleted_at IS NULL AND (opportunity_id IN (SELECT id FROM shown) OR agenda_item_id IN {live_items})"
    counted = {
        "opportunities": ("opportunity", "id IN (SELECT id FROM shown)"),
        "agenda items": ("agenda_item", f"id IN {live_items}"),
        "decisions": ("decision", about),
        "actions": ("action", about),
        "partner links": (
            "opportunity_partner",
            "opportunity_id IN (SELECT id FROM shown) "
            "AND organisation_id IN (SELECT id FROM organisation WHERE deleted_at IS NULL)",
        ),
        "dependency links": (
            "opportunity_dependency",
            f"opportunity_id IN {live_opportunity} AND depends_on_id IN {live_opportunity} "
            "AND (opportunity_id IN (SELECT id FROM shown) OR depends_on_id IN (SELECT id FROM shown))",
        ),
        "benefit lines": ("benefit_line", "deleted_at IS NULL AND opportunity_id IN (SELECT id FROM shown)"),
        "cost lines": ("cost_line", "deleted_at IS NULL AND opportunity_id IN (SELECT id FROM shown)"),
    }
    counts = {key: _live_count(db, table, where) for key, (table, where) in counted.items()}
    counts["history entries"] = int(
        db.execute("SELECT count(*) FROM change_log WHERE record_id IN (SELECT id FROM gone)").fetchone()[0]
    )
    for _key, table in LEFT_OUT:
        db.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM gone WHERE kind = '{table}')")
    db.execute("DELETE FROM change_log WHERE record_id IN (SELECT id FROM gone)")
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'exchange_base'").fetchone():
        # What a partner last sent, kept for merging (storage/merge.py): a left-out record's entry goes as well.
        db.execute("DELETE FROM exchange_base WHERE record_id IN (SELECT id FROM gone)")
    db.execute(f"UPDATE agenda_item SET carried_from_id = NULL WHERE carried_from_id IN {items}")
    # The history of the records that stay may still carry a left-out record's id (a dependency list, an item's
    # opportunity before it was changed): drop those ids from it.
    gone_ids = {row[0] for row in db.execute("SELECT id FROM gone")}
    marks = ", ".join("?" * len(_ID_FIELDS))
    rewrites = []
    for seq, old, new in db.execute(
        f"SELECT seq, old_value, new_value FROM change_log WHERE field IN ({marks})", _ID_FIELDS
    ).fetchall():
        clean_old, clean_new = _without(old, gone_ids), _without(new, gone_ids)
        if (clean_old, clean_new) != (old, new):
            rewrites.append((clean_old, clean_new, seq))
    db.executemany("UPDATE change_log SET old_value = ?, new_value = ? WHERE seq = ?", rewrites)
    db.execute("DROP TABLE gone")
    db.execute("DROP TABLE shown")
    if db.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise RegisterError(
            "The opportunities not marked as shareable could not be left out cleanly: other records still refer "
            "to them. Nothing was written."
        )
    return counts, named


def _without(value: str | None, gone: set[str]) -> str | None:
    if not value:
        return value
    parts = value.split(",")
    kept = [part for part in parts if part not in gone]
    if len(kept) == len(parts):
        return value
    return ",".join(kept) or None


def _still_named(db: sqlite3.Connection, named: list[tuple[str, str]]) -> list[str]:
    """Where the meetings' records that stay name a left-out opportunity by its reference or title."""
    if not named:
        return []
    needles = [
        (
            re.compile(rf"(?<![\w-]){re.escape(reference.casefold())}(?!\w)") if reference else None,
            title.casefold().strip(),
            f"{reference} {title}".strip(),
        )
        for reference, title in named
    ]
    paper = " || char(10) || ".join(f"r.{name}" for name in PAPER_FIELDS)
    places = (
        # (where, the text searched, a label for the record, its table; the meeting itself when table is None)
        ("the minutes of", "m.minutes_text", "''", None),
        ("an agenda item of", f"r.title || char(10) || {paper}", "r.title", "agenda_item"),
        ("a decision of", "r.text", "''", "decision"),
        ("an action of", "r.description", "r.description", "action"),
        ("the attendance of", "r.role", "r.name", "attendance"),
    )
    found: list[str] = []
    for where, text_sql, label_sql, table in places:
        record = f"JOIN {table} r ON r.meeting_id = m.id AND r.deleted_at IS NULL" if table else ""
        rows = db.execute(
            f"SELECT {text_sql}, {label_sql}, b.name, m.date FROM meeting m {record} "
            "JOIN board b ON b.id = m.board_id WHERE m.deleted_at IS NULL ORDER BY m.date"
        )
        for text, label, board, day in rows:
            folded = (text or "").casefold()
            if not folded:
                continue
            for pattern, title, shown in needles:
                if (title and title in folded) or (pattern is not None and pattern.search(folded)):
                    what = f" (“{label}”)" if label else ""
                    found.append(
                        f"{shown} is named in {where} the {board} of {format_date(date.fromisoformat(day))}{what}"
                    )
    if len(found) > _MAX_STILL_NAMED:
        found = [*found[: _MAX_STILL_NAMED - 1], f"and {len(found) - _MAX_STILL_NAMED + 1} more places"]
    return found


def _check_export(path: Path) -> None:
    """The written copy is whole, ours, uses a rollback journal, and its links all resolve."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID or header[18:20] != b"\x01\x01":
        raise RegisterError("The exported copy did not come out as a register file; nothing was written.")
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        db.execute("PRAGMA trusted_schema=OFF")
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        dangling = db.execute("PRAGMA foreign_key_check").fetchone()
    finally:
        db.close()
    if verdict != "ok" or dangling is not None:
        raise RegisterError("The exported copy did not pass its integrity check; nothing was written.")


# ------------------------------------------------------------------------------------------------ receive


@dataclass(frozen=True)
class ExportDetails:
    """Who exported a register, when and from which register (None fields when the file does not say)."""

    exported_at: datetime | None
    exported_by: str
    from_name: str
    shareable_only: bool
    app_version: str


def export_details(register: Register) -> ExportDetails | None:
    """What the register's file says about its export, or None for a file that was not made by Export."""
    try:
        db = sqlite3.connect(Path(register.path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            values = dict(db.execute("SELECT key, value FROM setting WHERE key LIKE 'exported\\_%' ESCAPE '\\'"))
        finally:
            db.close()
    except sqlite3.Error:
        return None
    if not values.get("exported_at"):
        return None
    try:
        when: datetime | None = datetime.fromisoformat(values["exported_at"].replace("Z", "+00:00"))
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
    except ValueError:
        when = None
    return ExportDetails(
        exported_at=when,
        exported_by=values.get("exported_by", ""),
        from_name=values.get("exported_from_name", ""),
        shareable_only=values.get("exported_shareable_only") == "1",
        app_version=values.get("exported_app_version", ""),
    )


def received_banner(register: Register) -> str:
    """One line for the top of a received register's window, such as "Exported by jsmith from Lancashire Blue
    Light Collaboration on 21 Nov 2026 at 14:05; shareable items only". Times are in this computer's local
    time."""
    details = export_details(register)
    if details is None:
        name = register.settings().name
        return f"{name}: a copy of a register, not an export, so who sent it and when is not recorded; read-only"
    parts = ["Exported"]
    if details.exported_by:
        parts.append(f"by {details.exported_by}")
    parts.append(f"from {details.from_name or register.settings().name}")
    if details.exported_at is not None:
        local = details.exported_at.astimezone()
        parts.append(f"on {format_date(local.date())} at {local:%H:%M}")
    scope = "shareable items only" if details.shareable_only else "the whole register"
    return f"{' '.join(parts)}; {scope}"


class ReceivedRegister(Register):
    """A partner's register opened read-only from a private copy. `source` is the file received; `sealed` says
    whether it was encrypted. Closing it deletes the private copy (so does the end of the process)."""

    def __init__(self, copy: Path, source: Path, sealed: bool, folder: Path) -> None:
        super().__init__(copy, read_only=True)
        self.source = source
        self.sealed = sealed
        self._remove = weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)

    def close(self) -> None:
        super().close()
        self._remove()


@dataclass
class ReceivedCopy:
    """A received file decrypted and checked into a private folder: `path` is the copy, ready to open.
    `open()` hands the folder to the register it opens; `discard()` removes it unopened."""

    path: Path
    source: Path
    sealed: bool
    folder: Path
    revision: str = HEAD_REVISION
    _done: bool = field(default=False, repr=False)

    def open(self) -> ReceivedRegister:
        """Open the copy read-only on the calling thread (SQLite connections stay on the thread that made them)."""
        if self._done:
            raise RegisterError("This received copy has already been opened or discarded.")
        try:
            register = ReceivedRegister(self.path, self.source, self.sealed, self.folder)
        except sqlite3.Error as exc:
            self.discard()
            raise RegisterError(f"{self.source.name} could not be opened: {plain_reason(exc)}.") from exc
        except BaseException:
            self.discard()
            raise
        self._done = True
        return register

    def discard(self) -> None:
        self._done = True
        shutil.rmtree(self.folder, ignore_errors=True)


def receive(path: Path, passphrase: str | None = None) -> ReceivedCopy:
    """Read a file a partner sent, decrypt it if it is sealed, and check it, in a private temporary folder.

    Slow parts only (reading, scrypt, SQLite's full integrity check), and no connection is kept, so it may run
    on a worker thread; open the result with `.open()` on the thread that will use it. Raises RegisterError
    (SealedError for a sealed file: no or wrong passphrase, changed, cut short, from a newer version) with one
    plain sentence naming the file. The received file is only read."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise RegisterError(f"There is no file at {path}.")
    if path.is_dir():
        raise RegisterError(f"{path} is a folder, not a register file.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    sealed = data.startswith(MAGIC)
    if sealed:
        try:
            data = unseal(data, passphrase)
        except SealedError as exc:
            raise SealedError(f"{name} cannot be opened. {exc}", exc.kind) from None
    folder = Path(tempfile.mkdtemp(prefix="bluelight-received-"))
    try:
        copy = folder / name  # the same name, so check_file's messages name the file the person chose
        copy.write_bytes(data)
        del data
        found = check_file(copy, thorough=True)
        _refuse_foreign_schema(copy, name)
        if found.revision != HEAD_REVISION:
            from .migrate import upgrade_to_head

            try:
                upgrade_to_head(copy)
            except Exception as exc:
                raise RegisterError(
                    f"{name} was saved by an older version of Bluelight Desktop and could not be brought up to "
                    f"date: {plain_reason(exc)}. The file has not been changed."
                ) from exc
            check_file(copy)
        refuse_wrong_kinds(copy, name)  # a value of the wrong kind would otherwise reach my register in a merge
        return ReceivedCopy(path=copy, source=path, sealed=sealed, folder=folder, revision=found.revision)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def open_received(path: Path, passphrase: str | None = None) -> ReceivedRegister:
    """Open a partner's register file read-only, decrypting it first when it is sealed: `receive(...).open()`.

    The register reads like any other (load, settings, counts, history); `received_banner` says whose it is.
    Close it when done: that removes the private copy."""
    return receive(path, passphrase).open()


def _refuse_foreign_schema(path: Path, name: str) -> None:
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        db.execute("PRAGMA trusted_schema=OFF")
        extra = db.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchone()[0]
    finally:
        db.close()
    if extra:
        raise RegisterError(
            f"{name} holds things a Bluelight register never does (triggers or views), so it was not opened."
        )


# ------------------------------------------------------------------------------------------------- words


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    plural = word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else word + "s"
    return f"{count:,} {plural}"


_SINGULAR = {
    "opportunities": "opportunity",
    "organisations": "organisation",
    "workstreams": "workstream",
    "boards": "board",
    "meetings": "meeting",
    "agenda items": "agenda item",
    "decisions": "decision",
    "actions": "action",
}


def _count_phrase(counts: dict[str, int], keys: tuple[str, ...]) -> str:
    return _join([_plural(counts.get(key, 0), _SINGULAR[key]) for key in keys if counts.get(key, 0)])


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
