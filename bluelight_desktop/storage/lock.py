"""One writer per register: an operating-system lock on a small file beside it. No Qt.

A register open for writing holds an advisory lock (`fcntl.flock` on Linux and macOS, `msvcrt.locking` on
Windows) on `.NAME.bluelight.lock` in the register's folder, and writes into that file who holds it (user,
computer, process, since when). A second copy of the app, or a command that writes, finds the lock taken and
opens the register read-only or stops with a plain message: never two writers that lose each other's edits.

Why a lock file rather than SQLite's own locks: SQLite locks only for the length of a transaction, and the
register keeps a rollback journal so that the file can be copied whenever nobody writes (DESIGN.md); a second
writer would read, then overwrite, the first one's edits between transactions. Why an OS lock rather than a
file's presence: the operating system drops the lock when the process ends however it ends (a crash, SIGKILL,
a power cut), so no stale lock is ever left to clear by hand. The file itself is removed on a clean close; one
left by a crash holds no lock and is simply taken over.

Within one process the lock is shared: the app's session and its import and merge workers (each with its own
SQLite connection, serialised by SQLite) write the same register; the lock is released when the last of them
closes. A forked child does not inherit the parent's claim.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from .. import APP_NAME
from ..core.formatting import format_date
from .register import RegisterError, current_user

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # msvcrt locks a byte range; lock one far past the text so others can read it
_LOCK_ATTEMPTS = 5


def lock_path(register: Path) -> Path:
    """The lock file of `register`: `.NAME.bluelight.lock` beside it (hidden on Linux and macOS)."""
    register = Path(register)
    return register.with_name(f".{register.name}{LOCK_SUFFIX}")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a register's lock, as its lock file says."""

    user: str = ""
    host: str = ""
    pid: int = 0
    since: datetime | None = None  # aware (UTC in the file)
    app: str = ""

    def since_text(self, today: date | None = None) -> str:
        """'14:05' today, '20 Nov 2026 14:05' on another day (local time); '' when unknown."""
        if self.since is None:
            return ""
        local = self.since.astimezone()
        clock = local.strftime("%H:%M")
        return clock if local.date() == (today or date.today()) else f"{format_date(local.date())} {clock}"

    def by_text(self, today: date | None = None) -> str:
        """' by alice on PC-0147 since 14:05' (each part only when known)."""
        text = ""
        if self.user:
            text += f" by {self.user}"
        if self.host:
            text += f" on {self.host}"
        if since := self.since_text(today):
            text += f" since {since}"
        return text


class RegisterLocked(RegisterError):
    """The register is open for writing in another process. `holder` says who, when the lock file tells."""

    def __init__(self, register: Path, holder: LockHolder | None) -> None:
        self.register = Path(register)
        self.holder = holder
        by = holder.by_text() if holder is not None else ""
        super().__init__(
            f"{self.register.name} is open in another copy of {APP_NAME}{by}, so it cannot be changed from here. "
            "Close the other copy, then try again."
        )


def banner_text(holder: LockHolder | None, today: date | None = None) -> str:
    """The read-only banner of a window whose register another copy holds."""
    by = holder.by_text(today) if holder is not None else ""
    return f"Open in another copy of {APP_NAME}{by} — read-only. Close the other copy, then reopen to make changes."


# ------------------------------------------------------------------------------------------- OS locking

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

    _HELD_ERRNOS = {13, 36}  # EACCES, EDEADLOCK: another process holds the byte
else:
    import errno
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass

    _HELD_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES}


def _holder_bytes() -> bytes:
    from .. import __version__

    return json.dumps(
        {
            "user": current_user(),
            "host": platform.node(),
            "pid": os.getpid(),
            "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app": f"{APP_NAME} {__version__}",
        }
    ).encode("utf-8")


def read_holder(path: Path) -> LockHolder | None:
    """What a lock file says about its holder (None when it is missing, empty or not ours)."""
    try:
        with Path(path).open("rb") as handle:
            raw = json.loads(handle.read(4096).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    since = None
    try:
        since = datetime.fromisoformat(str(raw.get("since", "")).replace("Z", "+00:00"))
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
    except ValueError:
        since = None
    try:
        pid = int(raw.get("pid", 0))
    except (TypeError, ValueError):
        pid = 0
    return LockHolder(
        user=str(raw.get("user", ""))[:100],
        host=str(raw.get("host", ""))[:100],
        pid=pid,
        since=since,
        app=str(raw.get("app", ""))[:100],
    )


def _take(register: Path, path: Path) -> int | None:
    """Open and lock `path`: its descriptor, or None when this folder cannot hold a lock file (read-only, or a
    file system without locks: the register is then opened unlocked, and a read-only folder refuses the writes
    themselves). Raises RegisterLocked when another process holds it."""
    for _attempt in range(_LOCK_ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        try:
            _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            if isinstance(exc, BlockingIOError) or exc.errno in _HELD_ERRNOS:
                raise RegisterLocked(register, read_holder(path)) from None
            return None
        # A holder closing cleanly removes the file while still holding it: a lock won on a removed file is
        # no lock at all, so open the path again.
        try:
            current = os.stat(path)
        except OSError:
            current = None
        if current is None or not os.path.samestat(os.fstat(fd), current):
            _unlock(fd)
            os.close(fd)
            continue
        try:
            info = _holder_bytes()
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, info)
            os.ftruncate(fd, len(info))
        except OSError:
            pass  # who holds it is a courtesy; the lock is what counts
        return fd
    raise RegisterLocked(register, read_holder(path))


@dataclass
class _Held:
    fd: int | None
    count: int
    path: Path


_guard = threading.Lock()
_held: dict[str, _Held] = {}


def _key(register: Path) -> str:
    return os.path.normcase(str(lock_path(Path(register).resolve())))


class WriteLock:
    """This process's claim on a register's lock; `release()` gives it up (idempotent). The lock itself is let
    go when the last claim in the process is released."""

    def __init__(self, key: str, path: Path) -> None:
        self._key = key
        self.path = path
        self._released = False

    @property
    def locked(self) -> bool:
        """False when the folder could not hold a lock file and the register is open without one."""
        held = _held.get(self._key)
        return held is not None and held.fd is not None and not self._released

    def release(self) -> None:
        with _guard:
            if self._released:
                return
            self._released = True
            held = _held.get(self._key)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _held[self._key]
            _let_go(held)

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _let_go(held: _Held) -> None:
    if held.fd is None:
        return
    if sys.platform == "win32":  # pragma: no cover - a file open elsewhere cannot be removed on Windows
        _unlock(held.fd)
        os.close(held.fd)
        try:
            held.path.unlink()
        except OSError:
            pass
        return
    try:
        held.path.unlink()  # removed while still locked, so nobody can lock this file in between
    except OSError:
        pass
    _unlock(held.fd)
    os.close(held.fd)


def acquire_write_lock(register: Path) -> WriteLock:
    """Claim the right to write `register` for this process. Raises RegisterLocked (a RegisterError, with a
    plain message naming who holds it) when another process does."""
    key = _key(register)
    with _guard:
        held = _held.get(key)
        if held is None:
            path = lock_path(Path(register).resolve())
            held = _Held(fd=_take(Path(register), path), count=0, path=path)
            _held[key] = held
        held.count += 1
        return WriteLock(key, held.path)


def lock_holder(register: Path) -> LockHolder | None:
    """Who else holds `register`'s lock now: None when nobody does, or when this process holds it."""
    key = _key(register)
    with _guard:
        if key in _held:
            return None
    path = lock_path(Path(register).resolve())
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        try:
            _try_lock(fd)
        except OSError as exc:
            if isinstance(exc, BlockingIOError) or exc.errno in _HELD_ERRNOS:
                return read_holder(path) or LockHolder()
            return None
        _unlock(fd)
        return None
    finally:
        os.close(fd)


def _forget_after_fork() -> None:
    """A forked child holds none of its parent's claims: close the inherited descriptors (the parent's lock
    stays held through its own) and start afresh."""
    global _guard
    _guard = threading.Lock()
    for held in _held.values():
        if held.fd is not None:
            try:
                os.close(held.fd)
            except OSError:
                pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
