"""Register files: check, create, open, upgrade, read, write, copy.

A register is one SQLite file (DESIGN.md, "The register file"): our application_id in the header, a
rollback journal with synchronous=FULL so the file is whole whenever we are not writing, one transaction per
user action. Opening a current file uses only the standard library's sqlite3; Alembic is imported only to
create or upgrade a file.
"""

from __future__ import annotations

import atexit
import getpass
import json
import shutil
import sqlite3
import tempfile
import types
import typing
import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.edits import Edit, Record, RecordChange
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
    RegisterData,
    RegisterSettings,
    Stage,
    Unit,
    Workstream,
)
from ..files import write_atomically

if TYPE_CHECKING:
    from ..core.history import ChangeLogEntry

APPLICATION_ID = 0x424C444B  # "BLDK": marks the file as a Bluelight register in the SQLite header
# Schema revisions this version understands, oldest first (db/versions; a test keeps the two in step).
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
HEAD_REVISION = KNOWN_REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
SEALED_MAGIC = b"BLUELIGHT-SEALED"  # how an encrypted register starts (storage/sealed.py)
_HOT_JOURNAL = bytes.fromhex("d9d505f920a163d7")  # a rollback journal's header once SQLite has synced it


class RegisterError(Exception):
    """A problem with a register file, in words a deputy chief understands."""


@dataclass(frozen=True)
class FileCheck:
    revision: str
    integrity: str  # "ok" or SQLite's first complaint


# --------------------------------------------------------------------------------------------- checking


def _readonly_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    connection.execute("PRAGMA trusted_schema=OFF")
    return connection


def check_file(path: Path, thorough: bool = False, integrity: bool = True) -> FileCheck:
    """Check that `path` is a register this version can open, without changing a byte of it (except that a
    write cut short by a crash is first undone, as SQLite does on opening: `_finish_interrupted_write`).

    Raises RegisterError with a plain message when it is not. `thorough` runs SQLite's full
    integrity_check instead of the quicker quick_check; `integrity=False` skips both (the app runs
    `integrity_problem` in the background instead, as quick_check alone takes ~60 ms on a 10,000 register).
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise RegisterError(f"There is no file at {path}.")
    if path.is_dir():
        raise RegisterError(f"{path} is a folder, not a register file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise RegisterError(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    if header.startswith(SEALED_MAGIC):
        raise RegisterError(
            f"{name} is an encrypted register: open it with File > Open a partner's register…, which asks for "
            "its passphrase."
        )
    if not header.startswith(SQLITE_HEADER):
        raise RegisterError(f"{name} is not a Bluelight register (it is not a register file at all).")
    if len(header) < 100 or int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise RegisterError(f"{name} is a database, but not a Bluelight register.")
    _finish_interrupted_write(path)
    try:
        connection = _readonly_connection(path)
        try:
            verdict = "not checked"
            if integrity:
                pragma = "integrity_check" if thorough else "quick_check"
                verdict = connection.execute(f"PRAGMA {pragma}(1)").fetchone()[0]
                if verdict != "ok":
                    raise RegisterError(_damaged(name))
            try:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                row = None
            # A register never holds triggers or views: one in a file would run on the user's own edits.
            foreign = connection.execute("SELECT 1 FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchone()
        finally:
            connection.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # SQLite's complaint may quote damaged bytes
        raise RegisterError(_damaged(name)) from exc
    if row is None:
        raise RegisterError(_damaged(name))
    if foreign is not None:
        raise RegisterError(
            f"{name} holds things a Bluelight register never does (triggers or views), so it was not opened. The "
            "file has not been changed."
        )
    revision = str(row[0])
    if revision not in KNOWN_REVISIONS:
        raise RegisterError(
            f"{name} was saved by a newer version of Bluelight Desktop. Install the latest version to open "
            "it. The file has not been changed."
        )
    return FileCheck(revision=revision, integrity=verdict)


def _finish_interrupted_write(path: Path) -> None:
    """Put back a register whose last write was cut short (the app killed, the laptop losing power mid-save).

    Such a write leaves a hot rollback journal beside the file. SQLite undoes the unfinished write from it the
    next time the file is opened for writing, which brings back the register as last saved, every saved change
    kept; but a read-only connection cannot, and reads the file as damaged. So a register with a hot journal is
    opened for writing once, only to let SQLite do that (crash_worker.py and test_crash.py kill a writer at
    random moments to prove it)."""
    try:
        with open(f"{path}-journal", "rb") as journal:
            hot = journal.read(8) == _HOT_JOURNAL
    except OSError:
        return
    if not hot:  # no journal, or one whose header was never synced: nothing was written to the register
        return
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA trusted_schema=OFF")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls it back
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise RegisterError(
            f"{path.name} was being saved when the app or the computer stopped, and that unfinished change must be "
            f"undone before it can be opened. That needs the folder {path.parent} to be writable: open it from a "
            "folder you can save in (copy it with its -journal file beside it). The file has not been changed."
        ) from exc


def integrity_problem(path: Path) -> str | None:
    """SQLite's quick_check on its own read-only connection (safe from any thread): None when the file is
    sound, else the plain message to show."""
    try:
        connection = _readonly_connection(Path(path))
        try:
            verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            connection.close()
    except (sqlite3.Error, UnicodeDecodeError):
        verdict = "unreadable"
    return None if verdict == "ok" else _damaged(Path(path).name)


def _damaged(name: str) -> str:
    return (
        f"{name} is damaged and cannot be opened safely. Open one of your backups, or ask whoever sent it "
        "for a fresh copy. The file has not been changed."
    )


# What SQLite's result codes mean, in words (sqlite.org/rescode.html); the first that starts the code's name.
_SQLITE_REASONS = (
    ("SQLITE_FULL", "the disk is full"),
    ("SQLITE_READONLY_DBMOVED", "the file was moved, renamed or deleted while it was open"),
    ("SQLITE_READONLY", "the file or its folder cannot be written"),
    ("SQLITE_PERM", "permission to write the file was refused"),
    ("SQLITE_AUTH", "permission to write the file was refused"),
    ("SQLITE_CANTOPEN", "the file cannot be opened (it may have been moved, or its folder removed)"),
    ("SQLITE_IOERR", "the disk could not be read or written (it may have been removed, or be failing)"),
    ("SQLITE_CORRUPT", "the file is damaged"),
    ("SQLITE_NOTADB", "the file is damaged"),
    ("SQLITE_BUSY", "another program is using the file"),
    ("SQLITE_LOCKED", "another program is using the file"),
    ("SQLITE_CONSTRAINT", "a record would break the register's rules"),
    ("SQLITE_NOMEM", "the computer ran out of memory"),
)


def plain_reason(exc: BaseException) -> str:
    """Why an operation on a file failed, in words a deputy chief understands (no exception names, no SQL):
    an OSError's own description, or what SQLite's result code means. Starts in lower case, no full stop."""
    if isinstance(exc, RegisterError):
        return str(exc).rstrip(".")
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    name = getattr(exc, "sqlite_errorname", "") or ""
    for code, reason in _SQLITE_REASONS:
        if name.startswith(code):
            return reason
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError | sqlite3.Error):
        return plain_reason(cause)
    if isinstance(exc, sqlite3.DatabaseError):
        return "the file is damaged, or not as this version expects"
    return "of a problem the app did not expect"


# ------------------------------------------------------------------------------------- create / backup


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some services, containers)
        return "unknown"


@cache
def _empty_template() -> Path:
    """A freshly migrated empty register, made once per process and copied for each new register."""
    from .migrate import upgrade_to_head

    folder = Path(tempfile.mkdtemp(prefix="bluelight-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # each process used to leave one in the temp folder
    template = folder / "empty.bluelight"
    upgrade_to_head(template)
    connection = sqlite3.connect(template, isolation_level=None)
    connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
    connection.close()
    return template


def _check_integrity(temp: Path) -> None:
    connection = sqlite3.connect(temp, isolation_level=None)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RegisterError("The copy did not pass its integrity check; nothing was written.")
    finally:
        connection.close()


def _write_atomically(dest: Path, fill: Any) -> None:
    """A register file written whole or not at all, and checked by SQLite before it takes its name."""
    write_atomically(dest, fill, check=_check_integrity, make_folder=True)


def create_register(path: Path, name: str, reference_prefix: str = "REF") -> Register:
    """Create a new, empty register at `path` (which must not exist) and open it."""
    path = Path(path)
    if path.exists():
        raise RegisterError(f"{path.name} already exists; choose another name.")

    def fill(temp: Path) -> None:
        shutil.copyfile(_empty_template(), temp)
        connection = sqlite3.connect(temp, isolation_level=None)
        try:
            settings = {
                "register_id": str(uuid.uuid4()),
                "name": name,
                "reference_prefix": reference_prefix,
                "created_at": now_stamp(),
                "created_by": current_user(),
            }
            connection.executemany(
                "INSERT INTO setting (key, value) VALUES (:key, :value)",
                [{"key": k, "value": v} for k, v in settings.items()],
            )
        finally:
            connection.close()

    try:
        _write_atomically(path, fill)
    except OSError as exc:
        raise RegisterError(f"The register could not be created at {path}: {exc.strerror or exc}.") from exc
    return Register(path)


def backup_register(path: Path, reason: str) -> Path:
    """Copy the register into the backups folder with a timestamp, recording what it is a backup of, and prune
    the older backups (storage/backups.py); return the copy's path."""
    from .backups import take_backup

    return take_backup(Path(path), reason)


def _backup_into(source: sqlite3.Connection, temp: Path) -> None:
    target = sqlite3.connect(temp)
    try:
        source.backup(target)
    finally:
        target.close()


def open_register(path: Path, read_only: bool = False, verify: bool = True) -> Register:
    """Open a register for use: check it, upgrade an older one after a backup, and connect.

    `verify=False` skips SQLite's page-by-page check, for a caller that runs `integrity_problem` itself in
    the background (the app, so that a large register opens at once)."""
    path = Path(path)
    found = check_file(path, integrity=verify)
    if read_only:
        if found.revision != HEAD_REVISION:
            raise RegisterError(
                f"{path.name} was saved by an older version and must be upgraded before it can be viewed; "
                "open it normally to upgrade it."
            )
        return Register(path, read_only=True)
    from .lock import acquire_write_lock

    with acquire_write_lock(path):  # RegisterLocked when another copy writes it: never upgrade under it either
        if found.revision != HEAD_REVISION:
            if not verify:
                check_file(path)  # never upgrade a file that has not passed SQLite's check
            backup = backup_register(path, f"before upgrade from {found.revision}")
            from .migrate import upgrade_to_head

            try:
                upgrade_to_head(path)
            except Exception as exc:  # the migration ran in one transaction, so the file is as it was
                raise RegisterError(
                    f"{path.name} could not be upgraded to this version of Bluelight Desktop: {plain_reason(exc)}. "
                    f"It has not been changed; a backup is at {backup}."
                ) from exc
        return Register(path)


# ---------------------------------------------------------------------------------------- reading/writing

_TABLES: dict[type, str] = {
    Opportunity: "opportunity",
    Organisation: "organisation",
    Workstream: "workstream",
    Board: "board",
    BoardMember: "board_member",
    Meeting: "meeting",
    AgendaItem: "agenda_item",
    Attendance: "attendance",
    Decision: "decision",
    Action: "action",
    ClosureDay: "closure_day",
    BenefitLine: "benefit_line",
    CostLine: "cost_line",
}
_OPPORTUNITY_COLUMNS = (
    "reference title summary workstream_id lead_organisation_id lead_officer sponsor stage effort benefit "
    "start_date end_date cashable_saving_pence one_off_cost_pence non_cashable_benefits risks notes "
    "shareable placement_illustrative"
).split()
_COLUMNS: dict[type, list[str]] = {
    Opportunity: _OPPORTUNITY_COLUMNS,
    Organisation: ["name", "short_name", "kind", "area"],
    Workstream: ["name", "colour"],
    Board: (
        "name short_name remit cadence chairs default_time default_minutes default_location paper_lead_days "
        "nation cadence_from"
    ).split(),
    BoardMember: ["board_id", "name", "role", "organisation_id"],
    Meeting: "board_id date time location minutes_allowed status series_date minutes_text".split(),
    AgendaItem: [
        "meeting_id",
        "position",
        "title",
        "purpose",
        "presenter",
        "minutes",
        "opportunity_id",
        *PAPER_FIELDS,
        "carried_from_id",
    ],
    Attendance: ["meeting_id", "name", "status", "role", "organisation_id"],
    Decision: ["meeting_id", "outcome", "text", "agenda_item_id", "opportunity_id", "stage_set"],
    Action: ["meeting_id", "description", "owner", "due", "status", "agenda_item_id", "opportunity_id"],
    ClosureDay: ["date", "name"],
    BenefitLine: "opportunity_id kind unit year planned actual evidence owner shares".split(),
    CostLine: "opportunity_id kind year planned actual note owner shares".split(),
}


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _shares(value: str | None) -> dict[str, int]:
    """A line's partner shares as stored (JSON of organisation id to hundredths of a percent)."""
    loaded = json.loads(value) if value else {}
    if not isinstance(loaded, dict):
        raise ValueError("shares are not a mapping")
    return {str(key): int(share) for key, share in loaded.items()}


# How a column's stored text becomes the model's value, for the governance records (loaded generically: they are
# few, unlike opportunities, whose loading is hand-unrolled for speed).
_CONVERTERS: dict[type, dict[str, Any]] = {
    Board: {"nation": Nation, "cadence_from": _date_or_none},
    BoardMember: {},
    Meeting: {"date": date.fromisoformat, "status": MeetingStatus, "series_date": _date_or_none},
    AgendaItem: {"purpose": Purpose},
    Attendance: {"status": AttendanceStatus},
    Decision: {"outcome": Outcome, "stage_set": lambda v: Stage(v) if v else None},
    Action: {"due": _date_or_none, "status": ActionStatus},
    ClosureDay: {"date": date.fromisoformat},
    BenefitLine: {"kind": BenefitKind, "unit": Unit, "shares": _shares},
    CostLine: {"kind": CostKind, "shares": _shares},
}
_ORDER: dict[type, str] = {
    Board: "name",
    BoardMember: "rowid",
    Meeting: "date, time",
    AgendaItem: "meeting_id, position, rowid",
    Attendance: "rowid",
    Decision: "rowid",
    Action: "due IS NULL, due, rowid",
    ClosureDay: "date",
    BenefitLine: "opportunity_id, year, rowid",
    CostLine: "opportunity_id, year, rowid",
}
_LINKS = (
    # (attribute on Opportunity, table, column naming the other end)
    ("partner_ids", "opportunity_partner", "organisation_id"),
    ("dependency_ids", "opportunity_dependency", "depends_on_id"),
)
_LINK_FIELD_NAMES = {"partner_ids": "partners", "dependency_ids": "dependencies"}


def _to_column(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, dict):  # a line's partner shares
        return json.dumps(value, sort_keys=True)
    return value


def _log_text(value: Any) -> str | None:
    value = _to_column(value)
    return None if value is None else str(value)


def _storage_classes(hint: Any) -> tuple[str, ...] | None:
    """The SQLite storage classes (typeof) a column may hold for a model field of type `hint`; None: not checked."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        arms = [_storage_classes(arm) for arm in typing.get_args(hint)]
        return None if any(arm is None for arm in arms) else tuple(c for arm in arms for c in arm or ())
    if hint is type(None):
        return ("null",)
    if hint in (int, bool):
        return ("integer",)
    if hint is float:
        return ("integer", "real")
    if hint in (str, date) or (isinstance(hint, type) and issubclass(hint, Enum)):
        return ("text",)
    return None


@cache
def _wrong_kind_test(kind: type) -> str:
    """An SQL expression, true for a record of `kind` that holds a value of another kind than the model declares
    (a text where a number belongs, a blob for a title, a fraction for a score)."""
    hints = typing.get_type_hints(kind)
    tests = []
    for column in _COLUMNS[kind]:
        allowed = _storage_classes(hints[column])
        if allowed:
            tests.append(f"typeof({column}) NOT IN ({', '.join(repr(c) for c in allowed)})")
    return f"({' OR '.join(tests)})" if tests else "0"


def wrong_kind(db: sqlite3.Connection, skip: tuple[type, ...] = ()) -> str | None:
    """The table of the first live record holding a value of another kind than the model's, or None. SQLite's
    checks pass such a file, and it loads, but a screen would fail on the value later: it is damaged. One scan per
    table; `load` checks the opportunities in its own read of them instead (+5% rather than +40% at 10,000)."""
    for kind, table in _TABLES.items():
        test = _wrong_kind_test(kind)
        if kind in skip or test == "0":
            continue
        if db.execute(f"SELECT 1 FROM {table} WHERE deleted_at IS NULL AND {test} LIMIT 1").fetchone() is not None:
            return table
    return None


def refuse_wrong_kinds(path: Path, name: str | None = None) -> None:
    """Raise RegisterError (damaged) when the register at `path` holds a value of the wrong kind (`wrong_kind`)."""
    path = Path(path)
    try:
        connection = _readonly_connection(path)
        try:
            table = wrong_kind(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise RegisterError(_damaged(name or path.name)) from exc
    if table is not None:
        raise RegisterError(_damaged(name or path.name))


class Register:
    """An open register file. Every write is one transaction, committed at once."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock: Any = None
        if read_only:
            self._db = _readonly_connection(self.path)
        else:
            # One writing process per register (storage/lock.py): RegisterLocked when another copy has it.
            from .lock import acquire_write_lock

            self._lock = acquire_write_lock(self.path)
            weakref.finalize(self, self._lock.release)  # a register dropped without close() lets go too
            try:
                self._db = sqlite3.connect(self.path, isolation_level=None)
            except BaseException:
                self._lock.release()
                raise
            self._db.execute("PRAGMA journal_mode=DELETE")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA trusted_schema=OFF")
        self._db.execute("PRAGMA foreign_keys=ON")
        self.user = current_user()

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- reading

    def settings(self) -> RegisterSettings:
        try:
            return self._settings()
        except (sqlite3.DatabaseError, ValueError, TypeError, AttributeError) as exc:  # a threshold that is no number
            raise RegisterError(_damaged(self.path.name)) from exc

    def _settings(self) -> RegisterSettings:
        values = dict(self._db.execute("SELECT key, value FROM setting").fetchall())
        defaults = RegisterSettings()
        return RegisterSettings(
            name=values.get("name", defaults.name),
            reference_prefix=values.get("reference_prefix", defaults.reference_prefix),
            effort_threshold=int(values.get("effort_threshold", defaults.effort_threshold)),
            benefit_threshold=int(values.get("benefit_threshold", defaults.benefit_threshold)),
            major_project_limit=int(values.get("major_project_limit", defaults.major_project_limit)),
            active_stages=tuple(Stage(v) for v in values["active_stages"].split(",") if v)
            if "active_stages" in values
            else None,
            note=values.get("note", defaults.note),
            marking=values.get("marking", defaults.marking),
        )

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT INTO setting (key, value) VALUES (:key, :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {"key": key, "value": value},
            )

    def set_board_rules(
        self, effort_threshold: int, benefit_threshold: int, major_project_limit: int, active_stages: list[Stage]
    ) -> None:
        """The board's rules, saved together in one transaction."""
        values = {
            "effort_threshold": str(effort_threshold),
            "benefit_threshold": str(benefit_threshold),
            "major_project_limit": str(major_project_limit),
            "active_stages": ",".join(stage.value for stage in active_stages),
        }
        with self._transaction():
            self._db.executemany(
                "INSERT INTO setting (key, value) VALUES (:key, :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [{"key": k, "value": v} for k, v in values.items()],
            )

    def load(self) -> RegisterData:
        try:
            return self._load()
        except (sqlite3.DatabaseError, ValueError, TypeError, KeyError) as exc:
            # Damage that SQLite's checks cannot see: text that is not UTF-8, a value of the wrong kind, a stage
            # this version does not know (KeyError).
            raise RegisterError(_damaged(self.path.name)) from exc

    def _load(self) -> RegisterData:
        db = self._db
        if (table := wrong_kind(db, skip=(Opportunity,))) is not None:
            raise ValueError(f"a record of {table} holds a value of the wrong kind")
        organisations = {
            row[0]: Organisation(id=row[0], name=row[1], short_name=row[2], kind=OrganisationKind(row[3]), area=row[4])
            for row in db.execute(
                "SELECT id, name, short_name, kind, area FROM organisation WHERE deleted_at IS NULL ORDER BY name"
            )
        }
        workstreams = {
            row[0]: Workstream(id=row[0], name=row[1], colour=row[2])
            for row in db.execute("SELECT id, name, colour FROM workstream WHERE deleted_at IS NULL ORDER BY name")
        }
        columns = ", ".join(_OPPORTUNITY_COLUMNS)
        opportunities: dict[str, Opportunity] = {}
        stages = Stage._value2member_map_  # a dict lookup: Stage(value) costs ~10x more, 10,000 times
        to_date = date.fromisoformat
        # Unpacked by position (the SELECT's order) rather than through a dict: load is on the start-up path.
        for (
            id_,
            reference,
            title,
            summary,
            workstream_id,
            lead_organisation_id,
            lead_officer,
            sponsor,
            stage,
            effort,
            benefit,
            start_date,
            end_date,
            cashable,
            one_off,
            non_cashable,
            risks,
            notes,
            shareable,
            illustrative,
            wrong,
        ) in db.execute(
            f"SELECT id, {columns}, {_wrong_kind_test(Opportunity)} FROM opportunity WHERE deleted_at IS NULL "
            "ORDER BY reference"
        ):
            if wrong:
                raise ValueError(f"opportunity {reference} holds a value of the wrong kind")
            opportunities[id_] = Opportunity(
                title=title,
                reference=reference,
                summary=summary,
                workstream_id=workstream_id,
                lead_organisation_id=lead_organisation_id,
                lead_officer=lead_officer,
                sponsor=sponsor,
                partner_ids=[],
                stage=stages[stage],  # type: ignore[arg-type]
                effort=effort,
                benefit=benefit,
                start_date=to_date(start_date) if start_date else None,
                end_date=to_date(end_date) if end_date else None,
                cashable_saving_pence=cashable,
                one_off_cost_pence=one_off,
                non_cashable_benefits=non_cashable,
                risks=risks,
                dependency_ids=[],
                notes=notes,
                shareable=bool(shareable),
                placement_illustrative=bool(illustrative),
                id=id_,
            )
        for attribute, table, other in _LINKS:
            for owner, target in db.execute(
                f"SELECT l.opportunity_id, l.{other} FROM {table} l WHERE l.deleted_at IS NULL ORDER BY l.rowid"
            ):
                opportunity = opportunities.get(owner)
                # Links to deleted records are ignored: the deletion wins.
                if opportunity is not None and (target in organisations or target in opportunities):
                    getattr(opportunity, attribute).append(target)
        governance = {kind: self._load_records(kind) for kind in _CONVERTERS}
        for kind in (BenefitLine, CostLine):  # lines of a deleted opportunity go with it
            governance[kind] = {k: v for k, v in governance[kind].items() if v.opportunity_id in opportunities}
        return RegisterData(
            self.settings(),
            organisations,
            workstreams,
            opportunities,
            boards=governance[Board],
            meetings=governance[Meeting],
            board_members=governance[BoardMember],
            agenda_items=governance[AgendaItem],
            attendance=governance[Attendance],
            decisions=governance[Decision],
            actions=governance[Action],
            closure_days=governance[ClosureDay],
            benefit_lines=governance[BenefitLine],
            cost_lines=governance[CostLine],
        )

    def _load_records(self, kind: type) -> dict[str, Any]:
        columns = _COLUMNS[kind]
        converters = _CONVERTERS[kind]
        records: dict[str, Any] = {}
        for row in self._db.execute(
            f"SELECT id, {', '.join(columns)} FROM {_TABLES[kind]} WHERE deleted_at IS NULL ORDER BY {_ORDER[kind]}"
        ):
            values = {c: converters[c](v) if c in converters else v for c, v in zip(columns, row[1:], strict=True)}
            records[row[0]] = kind(id=row[0], **values)
        return records

    def counts(self) -> dict[str, int]:
        return {
            key: self._db.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
            for key, table in (
                ("opportunities", "opportunity"),
                ("organisations", "organisation"),
                ("workstreams", "workstream"),
                ("boards", "board"),
                ("meetings", "meeting"),
                ("agenda items", "agenda_item"),
                ("decisions", "decision"),
                ("actions", "action"),
            )
        }

    def next_reference(self) -> str:
        """The next free reference (LAN-037). Deleted records keep theirs, so a reference is never reused."""
        prefix = self.settings().reference_prefix
        highest = 0
        for (reference,) in self._db.execute(
            "SELECT reference FROM opportunity WHERE substr(reference, 1, :length) = :start",
            {"length": len(prefix) + 1, "start": f"{prefix}-"},
        ):
            tail = reference[len(prefix) + 1 :]
            if tail.isdigit():
                highest = max(highest, int(tail))
        return f"{prefix}-{highest + 1:03d}"

    def history(self, record_id: str) -> list[dict[str, Any]]:
        cursor = self._db.execute(
            "SELECT action_id, action, field, old_value, new_value, changed_by, changed_at, meeting_id FROM change_log "
            "WHERE record_id = :id ORDER BY seq",
            {"id": record_id},
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def change_log(self, after_seq: int = 0) -> list[ChangeLogEntry]:
        """The change log's rows after `after_seq`, oldest first: the History view and its export
        (core/history.py) read it whole, then only what is new."""
        from ..core.history import ChangeLogEntry

        return [
            ChangeLogEntry._make(row)
            for row in self._db.execute(
                "SELECT seq, action_id, action, entity, record_id, field, old_value, new_value, changed_by, "
                "changed_at, meeting_id FROM change_log WHERE seq > :after ORDER BY seq",
                {"after": after_seq},
            )
        ]

    # ---- writing

    def _transaction(self) -> _Transaction:
        if self.read_only:
            raise RegisterError("This register is open read-only; changes cannot be saved.")
        return _Transaction(self._db)

    def apply(self, edit: Edit, meeting_id: str | None = None) -> None:
        """Write an edit in one transaction, logging every field it changes (and the meeting it was made at,
        when one is in session)."""
        stamp = now_stamp()
        action_id = str(uuid.uuid4())
        try:
            with self._transaction():
                first_log = self._db.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]
                for change in edit.changes:
                    self._write_record(change.before, change.after, edit.description, action_id, stamp)
                if meeting_id is not None:
                    self._db.execute(
                        "UPDATE change_log SET meeting_id = :meeting WHERE seq > :first",
                        {"meeting": meeting_id, "first": first_log},
                    )
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise  # a record against the register's rules: a mistake of the app's own, for its tests to find
        except sqlite3.Error as exc:  # a full disk, a read-only folder, a file removed under us: rolled back
            reason = plain_reason(exc)
            raise RegisterError(
                f"{reason[:1].upper()}{reason[1:]}. {self.path.name} is as it was before this change."
            ) from exc

    def _write_record(
        self, before: Record | None, after: Record | None, action: str, action_id: str, stamp: str
    ) -> None:
        record = after if after is not None else before
        assert record is not None
        kind = type(record)
        table = _TABLES[kind]
        columns = _COLUMNS[kind]
        log: list[tuple[str, Any, Any]] = []
        meta = {"id": record.id, "stamp": stamp, "user": self.user}
        current = self._db.execute(
            f"SELECT deleted_at, {', '.join(columns)} FROM {table} WHERE id = :id", {"id": record.id}
        ).fetchone()
        if after is None:
            if current is not None and current[0] is None:
                self._db.execute(
                    f"UPDATE {table} SET deleted_at = :stamp, updated_at = :stamp, updated_by = :user WHERE id = :id",
                    meta,
                )
                log.append(("deleted", None, stamp))
        else:
            values = {c: _to_column(getattr(after, c)) for c in columns}
            if current is None:
                self._db.execute(
                    f"INSERT INTO {table} (id, created_at, created_by, updated_at, updated_by, "
                    f"{', '.join(columns)}) VALUES (:id, :stamp, :user, :stamp, :user, "
                    f"{', '.join(':' + c for c in columns)})",
                    {**meta, **values},
                )
                log.append(("created", None, stamp))
                log.extend((c, None, v) for c, v in values.items() if v is not None and v != "")
            else:
                changed = {c: v for c, v, old in zip(columns, values.values(), current[1:], strict=True) if v != old}
                old_values = dict(zip(columns, current[1:], strict=True))
                restoring = current[0] is not None
                if changed or restoring:
                    assignments = ", ".join(f"{c} = :{c}" for c in changed)
                    self._db.execute(
                        f"UPDATE {table} SET {assignments + ', ' if assignments else ''}deleted_at = NULL, "
                        "updated_at = :stamp, updated_by = :user WHERE id = :id",
                        {**meta, **changed},
                    )
                if restoring:
                    log.append(("restored", current[0], None))
                log.extend((c, old_values[c], v) for c, v in changed.items())
            if isinstance(after, Opportunity):
                for attribute, link_table, other in _LINKS:
                    old_ids, new_ids = self._sync_links(after.id, getattr(after, attribute), link_table, other, stamp)
                    if old_ids != new_ids:
                        log.append((_LINK_FIELD_NAMES[attribute], ",".join(old_ids), ",".join(new_ids)))
        self._db.executemany(
            "INSERT INTO change_log (action_id, action, entity, record_id, field, old_value, new_value, "
            "changed_by, changed_at) VALUES (:action_id, :action, :entity, :record_id, :field, :old, :new, "
            ":user, :stamp)",
            [
                {
                    "action_id": action_id,
                    "action": action,
                    "entity": table,
                    "record_id": record.id,
                    "field": field,
                    "old": _log_text(old),
                    "new": _log_text(new),
                    "user": self.user,
                    "stamp": stamp,
                }
                for field, old, new in log
            ],
        )

    def _sync_links(
        self, owner_id: str, wanted: Iterable[str], table: str, other: str, stamp: str
    ) -> tuple[list[str], list[str]]:
        rows = self._db.execute(
            f"SELECT id, {other}, deleted_at FROM {table} WHERE opportunity_id = :owner ORDER BY created_at, rowid",
            {"owner": owner_id},
        ).fetchall()
        active = [target for _id, target, deleted in rows if deleted is None]
        wanted = list(dict.fromkeys(wanted))
        by_target = {target: (link_id, deleted) for link_id, target, deleted in rows}
        meta = {"stamp": stamp, "user": self.user}
        for target in wanted:
            if target in active:
                continue
            if target in by_target:  # a tombstoned link comes back rather than a duplicate being made
                self._db.execute(
                    f"UPDATE {table} SET deleted_at = NULL, updated_at = :stamp, updated_by = :user WHERE id = :id",
                    {**meta, "id": by_target[target][0]},
                )
            else:
                self._db.execute(
                    f"INSERT INTO {table} (id, created_at, created_by, updated_at, updated_by, opportunity_id, "
                    f"{other}) VALUES (:id, :stamp, :user, :stamp, :user, :owner, :target)",
                    {**meta, "id": str(uuid.uuid4()), "owner": owner_id, "target": target},
                )
        for target in active:
            if target not in wanted:
                self._db.execute(
                    f"UPDATE {table} SET deleted_at = :stamp, updated_at = :stamp, updated_by = :user WHERE id = :id",
                    {**meta, "id": by_target[target][0]},
                )
        return sorted(active), sorted(wanted)

    def placement_history(self) -> list[dict[str, Any]]:
        """The change log rows that place, move, delete or restore opportunities, oldest first: what the
        dashboard replays to count the quadrants month by month (core.benefits.quadrant_counts_over_time).
        A move made at a meeting counts from the meeting's day, however late its minutes were typed up."""
        cursor = self._db.execute(
            "SELECT c.record_id, c.field, c.new_value, "
            "coalesce(m.date || 'T12:00:00Z', c.changed_at) AS changed_at "
            "FROM change_log c LEFT JOIN meeting m ON m.id = c.meeting_id "
            "WHERE c.entity = 'opportunity' AND c.field IN ('effort', 'benefit', 'deleted', 'restored') "
            "ORDER BY 4, c.seq"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def meeting_changes(self, meeting_id: str) -> list[dict[str, Any]]:
        """The change log rows of edits made while the meeting was in session (quadrant moves among them)."""
        cursor = self._db.execute(
            "SELECT action_id, action, entity, record_id, field, old_value, new_value, changed_by, changed_at "
            "FROM change_log WHERE meeting_id = :id ORDER BY seq",
            {"id": meeting_id},
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def add_board(self, board: Board) -> None:
        self.apply(Edit(f"Add board {board.name}", [RecordChange(None, board)]))

    def add_meeting(self, meeting: Meeting) -> None:
        self.apply(Edit("Add meeting", [RecordChange(None, meeting)]))

    def save_copy(self, dest: Path) -> None:
        """Write a consistent, checked copy of the register to `dest` (never the live file)."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise RegisterError("A copy cannot be saved over the register itself; choose another name.")
        try:
            _write_atomically(dest, lambda temp: _backup_into(self._db, temp))
        except OSError as exc:
            raise RegisterError(f"The copy could not be saved to {dest}: {exc.strerror or exc}.") from exc


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: each user action is all or nothing."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        # Records of one action may refer to each other in any order; check the keys at commit.
        self._db.execute("PRAGMA defer_foreign_keys=ON")

    def __exit__(self, exc_type: object, *_rest: object) -> None:
        if exc_type is None:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error:
                self._db.execute("ROLLBACK")
                raise
        else:
            self._db.execute("ROLLBACK")
