"""Rolling backups of registers: take, list, prune, restore. No Qt.

Backups live in the user data folder's `backups/` (paths.backup_dir), one whole, checked register file each,
named `STEM YYYY-MM-DD HHMMSS REASON.bluelight` (local time). Each records in its own `setting` table what it
is a backup of, so that a backup explains itself wherever it is copied and no side file can go astray:

    backup_of             the register's full path when the backup was taken
    backup_reason         on opening, before import, before merge, before upgrade from 0002, before restore
    backup_taken_at       UTC, 2026-11-21T14:05:09Z
    backup_taken_by       the operating-system user
    backup_source_sha256  the register file's bytes when copied (under SQLite's read lock, so they match the
                          copy): opening again unchanged takes no new backup
    backup_counts         JSON: opportunities, meetings, decisions, actions ... as shown by Restore

with the register's own `register_id` and `name` beside them. Restoring removes these keys again.

When backups are taken: before every upgrade, import, merge and restore (storage/register.py, merge.py,
spreadsheet.py, here), and when the app opens a register for writing (`backup_on_open`, after the background
integrity check passes): only if the file has changed since the newest backup of it, and at most once an hour,
so that opening a register ten times makes one copy, not ten.

Retention (`backups_to_prune`), per register (its register_id and its path, so two registers with the same file
name, or a register and a copy of it, never prune each other): everything from the last 48 hours, then the
newest of each day for 14 days, the newest of each week for 8 weeks, and always the newest 10 and the newest
taken before an upgrade (the one way back to the older version). Files in the folder that are not backups are
never touched. Pruning runs after each backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core.formatting import format_date
from ..files import write_atomically
from ..paths import REGISTER_SUFFIX, backup_dir
from .lock import acquire_write_lock
from .register import (
    RegisterError,
    _backup_into,
    _check_integrity,
    _readonly_connection,
    _write_atomically,
    check_file,
    current_user,
)

REASON_OPEN = "on opening"
REASON_RESTORE = "before restore"
OPEN_BACKUP_INTERVAL = timedelta(hours=1)
_META = (
    "backup_of",
    "backup_reason",
    "backup_taken_at",
    "backup_taken_by",
    "backup_source_sha256",
    "backup_counts",
)
_STAMP_FORMAT = "%Y-%m-%d %H%M%S"
_NAME = re.compile(r"^(?P<stem>.+) (?P<stamp>\d{4}-\d{2}-\d{2} \d{6}) (?P<reason>.+?)(?: \((?P<number>\d+)\))?$")
# What Restore shows of a backup's contents, in this order (counted from the copy when it is taken).
COUNTED = (
    ("opportunities", "opportunity", "opportunity"),
    ("meetings", "meeting", "meeting"),
    ("decisions", "decision", "decision"),
    ("actions", "action", "action"),
    ("organisations", "organisation", "organisation"),
)


@dataclass(frozen=True)
class RetentionRule:
    keep_all_for: timedelta = timedelta(hours=48)
    daily_for: timedelta = timedelta(days=14)
    weekly_for: timedelta = timedelta(weeks=8)
    keep_latest: int = 10


RETENTION = RetentionRule()


@dataclass(frozen=True)
class BackupInfo:
    """One file in the backups folder, as far as it can be read. `problem` is a plain message when the file is
    damaged or not a register (it cannot be restored)."""

    path: Path
    taken_at: datetime  # aware
    reason: str
    size: int
    register_id: str = ""
    register_name: str = ""
    original: str = ""  # the register's path when backed up; "" for backups from before this was recorded
    stem: str = ""  # the register's file name without .bluelight, from the backup's own name
    source_sha256: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    ours: bool = True  # named as the app names backups, or carrying its keys: pruning may remove it

    @property
    def group(self) -> tuple[str, str]:
        """Which register's rolling set this backup belongs to (retention runs within a group)."""
        if self.original:
            return (self.register_id, os.path.normcase(self.original))
        return (self.register_id, "stem:" + self.stem.casefold())

    @property
    def when_text(self) -> str:
        """'21 Nov 2026 14:05', local time."""
        local = self.taken_at.astimezone()
        return f"{format_date(local.date())} {local:%H:%M}"

    @property
    def reason_text(self) -> str:
        return self.reason[:1].upper() + self.reason[1:] if self.reason else "Unknown"

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def counts_text(self) -> str:
        """'36 opportunities, 12 meetings, 14 decisions, 14 actions' ('' when not recorded)."""
        parts = []
        for key, singular, _table in COUNTED[:4]:
            if key in self.counts:
                number = self.counts[key]
                parts.append(f"{number:,} {singular if number == 1 else key}")
        return ", ".join(parts)


def size_text(size: int) -> str:
    """1,024 bytes and up in KB, a million and up in MB (one decimal below 10 MB): '840 KB', '2.4 MB'."""
    if size < 1000 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f} MB" if megabytes < 10 else f"{round(megabytes):,} MB"


# ------------------------------------------------------------------------------------------------ taking


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, _singular, table in COUNTED:
        try:
            counts[key] = connection.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
        except sqlite3.Error:  # a table an older revision does not have
            pass
    return counts


def _record(temp: Path, register: Path, reason: str, digest: str, taken_at: datetime) -> None:
    """Write what the backup is into its own settings."""
    connection = sqlite3.connect(temp, isolation_level=None)
    try:
        values = {
            "backup_of": str(register.resolve()),
            "backup_reason": reason,
            "backup_taken_at": taken_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "backup_taken_by": current_user(),
            "backup_source_sha256": digest,
            "backup_counts": json.dumps(_counts(connection), sort_keys=True),
        }
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )
        connection.execute("COMMIT")
    finally:
        connection.close()


def _free_name(folder: Path, stem: str, stamp: str, reason: str, suffix: str) -> Path:
    dest = folder / f"{stem} {stamp} {reason}{suffix}"
    number = 2
    while dest.exists():  # two backups in one second (an import straight after opening) keep both
        dest = folder / f"{stem} {stamp} {reason} ({number}){suffix}"
        number += 1
    return dest


def take_backup(register: Path, reason: str, folder: Path | None = None, prune: bool = True) -> Path:
    """Copy `register` into the backups folder (a checked, whole file, written atomically) and prune the older
    backups; return the copy's path. Raises RegisterError, sqlite3.Error or OSError when the copy cannot be
    made (the register is only read)."""
    register = Path(register)
    folder = Path(folder) if folder is not None else backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    taken_at = datetime.now(UTC)
    dest = _free_name(folder, register.stem, taken_at.astimezone().strftime(_STAMP_FORMAT), reason, register.suffix)
    source = _readonly_connection(register)

    def fill(temp: Path) -> None:
        # One read transaction for the digest and the copy: no write can come between them.
        source.execute("BEGIN")
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            digest = file_digest(register)
            _backup_into(source, temp)
        finally:
            source.execute("COMMIT")
        _record(temp, register, reason, digest, taken_at)

    try:
        _write_atomically(dest, fill)
    finally:
        source.close()
    if prune:
        try:
            prune_backups(folder)
        except (OSError, sqlite3.Error):
            pass  # a backup that could not be pruned away is no reason to fail the one just taken
    return dest


# ----------------------------------------------------------------------------------------------- reading


def _parse_name(path: Path) -> tuple[str, datetime | None, str]:
    """(register stem, local time taken, reason) from a backup's file name; a None time when not ours."""
    match = _NAME.match(path.stem) if path.suffix == REGISTER_SUFFIX else None
    if match is None:
        return path.stem, None, ""
    try:
        taken = datetime.strptime(match["stamp"], _STAMP_FORMAT).astimezone()
    except ValueError:
        return path.stem, None, ""
    return match["stem"], taken, match["reason"]


def read_backup(path: Path) -> BackupInfo:
    """What the backup at `path` is, without changing it; never raises for a damaged file (see `problem`)."""
    path = Path(path)
    stem, named_at, named_reason = _parse_name(path)
    try:
        stat = path.stat()
    except OSError:
        size, modified = 0, datetime.now(UTC)
    else:
        size, modified = stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC)
    settings: dict[str, str] = {}
    problem = None
    try:
        check_file(path, integrity=False)  # ours, not encrypted, a revision we know
        connection = _readonly_connection(path)
        try:
            settings = {
                str(k): str(v)
                for k, v in connection.execute(
                    "SELECT key, value FROM setting WHERE key IN ('register_id', 'name') OR key LIKE 'backup\\_%' "
                    "ESCAPE '\\'"
                )
            }
        finally:
            connection.close()
    except (RegisterError, sqlite3.Error, OSError) as exc:
        problem = f"This backup cannot be read: {exc}" if not isinstance(exc, RegisterError) else str(exc)
    taken_at = named_at or modified
    if "backup_taken_at" in settings:
        try:
            taken_at = datetime.fromisoformat(settings["backup_taken_at"].replace("Z", "+00:00"))
        except ValueError:
            pass
    counts: dict[str, int] = {}
    try:
        loaded = json.loads(settings.get("backup_counts", "{}"))
        counts = {str(k): int(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
    except (ValueError, TypeError, AttributeError):
        counts = {}
    return BackupInfo(
        path=path,
        taken_at=taken_at,
        reason=settings.get("backup_reason") or named_reason,
        size=size,
        register_id=settings.get("register_id", ""),
        register_name=settings.get("name", ""),
        original=settings.get("backup_of", ""),
        stem=Path(settings["backup_of"]).stem if settings.get("backup_of") else stem,
        source_sha256=settings.get("backup_source_sha256", ""),
        counts=counts,
        problem=problem,
        ours=named_at is not None or "backup_of" in settings,
    )


def all_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Every register file in the backups folder, newest first (temporary files being written are left out)."""
    folder = Path(folder) if folder is not None else backup_dir()
    if not folder.is_dir():
        return []
    found = [
        read_backup(path)
        for path in folder.iterdir()
        if path.suffix == REGISTER_SUFFIX and not path.name.startswith(".") and path.is_file()
    ]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def register_id_of(register: Path) -> str:
    """The register's id from its settings ('' when it has none or cannot be read)."""
    try:
        connection = _readonly_connection(Path(register))
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = 'register_id'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row and row[0] else ""


def backups_of(register: Path, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of `register`, newest first: those with its register id (taken from this file or, after a
    move or rename, from an earlier path of it), and damaged ones named after it."""
    register = Path(register)
    wanted = register_id_of(register)
    return [
        backup
        for backup in all_backups(folder)
        if (wanted and backup.register_id == wanted)
        or (backup.problem is not None and backup.stem.casefold() == register.stem.casefold())
    ]


def _group_of(register: Path) -> tuple[str, str]:
    return (register_id_of(register), os.path.normcase(str(Path(register).resolve())))


# ---------------------------------------------------------------------------------------------- on open


def backup_on_open(
    register: Path, folder: Path | None = None, now: datetime | None = None, interval: timedelta = OPEN_BACKUP_INTERVAL
) -> Path | None:
    """Back up a register just opened for writing, unless the newest backups already hold it: None when the file
    is byte for byte one a backup was taken of, or when a backup was taken on opening it within `interval`.
    A file inside the backups folder itself (a backup opened to look at) is never backed up."""
    register = Path(register)
    folder = Path(folder) if folder is not None else backup_dir()
    try:
        if register.resolve().parent == folder.resolve():
            return None
    except OSError:
        return None
    now = now or datetime.now(UTC)
    group = _group_of(register)
    mine = [b for b in all_backups(folder) if b.group == group and b.problem is None]
    digest = file_digest(register)
    if any(b.source_sha256 == digest for b in mine):
        return None
    if any(b.reason == REASON_OPEN and timedelta(0) <= now - b.taken_at < interval for b in mine):
        return None
    return take_backup(register, REASON_OPEN, folder)


# ---------------------------------------------------------------------------------------------- retention


def backups_to_prune(backups: Iterable[BackupInfo], now: datetime, rule: RetentionRule = RETENTION) -> list[BackupInfo]:
    """The backups the retention rule lets go (pure: nothing is deleted here). Only files that are ours; each
    register's set is thinned on its own."""
    groups: dict[tuple[str, str], list[BackupInfo]] = {}
    for backup in backups:
        if backup.ours:
            groups.setdefault(backup.group, []).append(backup)
    dropped: list[BackupInfo] = []
    for members in groups.values():
        ordered = sorted(members, key=lambda b: (b.taken_at, b.path.name), reverse=True)
        keep = {b.path for b in ordered[: rule.keep_latest]}
        upgrades = [b for b in ordered if b.reason.startswith("before upgrade")]
        if upgrades:
            keep.add(upgrades[0].path)
        days: set[object] = set()
        weeks: set[object] = set()
        for backup in ordered:
            age = now - backup.taken_at
            local = backup.taken_at.astimezone()
            day, week = local.date(), local.isocalendar()[:2]
            if age <= rule.keep_all_for:
                keep.add(backup.path)
            elif age <= rule.daily_for:
                if day not in days:
                    keep.add(backup.path)
            elif age <= rule.weekly_for:
                if week not in weeks:
                    keep.add(backup.path)
            if backup.path in keep:
                days.add(day)
                weeks.add(week)
        dropped.extend(b for b in ordered if b.path not in keep)
    return dropped


def prune_backups(
    folder: Path | None = None, now: datetime | None = None, rule: RetentionRule = RETENTION
) -> list[Path]:
    """Delete the backups the retention rule lets go; return their paths."""
    folder = Path(folder) if folder is not None else backup_dir()
    removed: list[Path] = []
    for backup in backups_to_prune(all_backups(folder), now or datetime.now(UTC), rule):
        try:
            backup.path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            continue  # in use (Windows) or not ours to remove: try again after the next backup
        removed.append(backup.path)
    return removed


# ----------------------------------------------------------------------------------------------- restoring


@dataclass(frozen=True)
class RestoreResult:
    register: Path
    restored: BackupInfo
    kept: Path | None  # the backup of the register as it was ('before restore'); None when there was no file

    def message(self) -> str:
        kept = f" The register as it was is kept as a backup ({self.kept.name})." if self.kept else ""
        return (
            f"{self.register.name} is back as it was on {self.restored.when_text} "
            f"({self.restored.reason_text.lower()}).{kept} Undo history starts afresh."
        )


def _settle_journal(register: Path) -> None:
    """A journal left beside the register by a crash is rolled back into it (SQLite does that on the first
    read), so that it can be neither lost from the backup taken next nor played into the restored file."""
    journal = Path(f"{register}-journal")
    if not journal.exists():
        return
    connection = sqlite3.connect(register, isolation_level=None)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def _keep_current(register: Path, folder: Path) -> Path | None:
    """Back up the register before it is replaced. A damaged register (the usual reason to restore) cannot pass
    the checked backup, so its bytes are kept as they are instead."""
    if not register.exists():
        return None
    try:
        return take_backup(register, REASON_RESTORE, folder, prune=False)
    except (RegisterError, sqlite3.Error):
        pass
    stamp = datetime.now().strftime(_STAMP_FORMAT)
    dest = _free_name(folder, register.stem, stamp, REASON_RESTORE + " (damaged)", register.suffix)
    write_atomically(dest, lambda temp: shutil.copyfile(register, temp), make_folder=True)
    return dest


def restore_backup(register: Path, backup: Path, folder: Path | None = None) -> RestoreResult:
    """Replace `register` with the backup at `backup`: check the backup (SQLite's integrity check and a full
    read), back the register up as it is ('before restore'), then write the backup's copy beside the register
    and rename it into place. Raises RegisterError with a plain message, the register unchanged, when the backup
    is damaged, belongs to another register, or the register is open in another copy of the app.

    The caller closes its own connections to the register first (the app closes the register, restores, and
    opens it again)."""
    register = Path(register)
    backup = Path(backup)
    folder = Path(folder) if folder is not None else backup_dir()
    info = read_backup(backup)
    unchanged = f"{register.name} has not been changed."
    if info.problem is not None:
        if "newer version" in info.problem:
            raise RegisterError(f"{info.problem.rstrip('.')}; {unchanged}")
        raise RegisterError(
            f"The backup {backup.name} is damaged or is not a register, so it cannot be restored. {unchanged} "
            "Choose another backup."
        )
    with acquire_write_lock(register):
        try:
            check_file(backup, thorough=True)
            from .register import Register

            with Register(backup, read_only=True) as reader:
                reader.load()  # finds damage SQLite's checks cannot see (text that is not UTF-8, unknown values)
        except RegisterError as exc:
            raise RegisterError(
                f"The backup taken {info.when_text} ({backup.name}) is damaged, so it cannot be restored. "
                f"{unchanged} Choose another backup."
            ) from exc
        if register.exists():
            current = register_id_of(register)
            if current and info.register_id and current != info.register_id:
                name = f" ({info.register_name})" if info.register_name else ""
                raise RegisterError(
                    f"{backup.name} is a backup of another register{name}, not of {register.name}. {unchanged}"
                )
            try:
                _settle_journal(register)
            except sqlite3.Error:
                pass  # a damaged register: its bytes are kept as they are
        try:
            kept = _keep_current(register, folder)
        except OSError as exc:
            raise RegisterError(
                f"A backup of {register.name} as it is could not be taken ({exc.strerror or exc}), so nothing was "
                f"restored. {unchanged}"
            ) from exc

        def fill(temp: Path) -> None:
            source = _readonly_connection(backup)
            try:
                _backup_into(source, temp)
            finally:
                source.close()
            connection = sqlite3.connect(temp, isolation_level=None)
            try:
                connection.execute("DELETE FROM setting WHERE key LIKE 'backup\\_%' ESCAPE '\\'")
            finally:
                connection.close()

        def check(temp: Path) -> None:
            _check_integrity(temp)
            check_file(temp, integrity=False)

        try:
            write_atomically(register, fill, check=check)
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise RegisterError(f"The backup could not be restored ({reason}). {unchanged}") from exc
    try:
        prune_backups(folder)
    except (OSError, sqlite3.Error):
        pass
    return RestoreResult(register=register, restored=info, kept=kept)


def backups_text(backups: Sequence[BackupInfo]) -> list[str]:
    """One line per backup for the command line: when, why, size, what it holds."""
    lines = []
    for number, backup in enumerate(backups, start=1):
        holds = backup.problem and "damaged: cannot be restored" or backup.counts_text
        lines.append(f"{number:>3}  {backup.when_text:<17}  {backup.reason_text:<28}  {backup.size_text:>8}  {holds}")
        lines.append(f"     {backup.path}")
    return lines
