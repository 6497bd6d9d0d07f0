"""Writing files so that a crash at any moment leaves either no file or a whole one (DESIGN.md): registers,
copies, backups, PDFs and pictures all go through `write_atomically`. No Qt."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STALE_AFTER = 3600  # seconds: a temporary file this old beside its target was left by a crash, not being written


def _remove_stale_parts(path: Path) -> None:
    """Remove what a crash (the app killed, power lost) left beside `path` while writing it: the hidden temporary
    file `.NAME.XXXXXXXX.part` and SQLite's journal of it, when older than STALE_AFTER. Younger ones may belong to
    a write in progress in another copy of the app, and are left alone."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith((".part", ".part-journal")):
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER and entry.is_file():
                    os.unlink(entry.path)
            except OSError:
                pass  # not ours to remove after all (permissions): harmless


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomically(
    path: Path,
    fill: Callable[[Path], Any],
    check: Callable[[Path], None] | None = None,
    make_folder: bool = False,
) -> None:
    """Build the file beside `path` with `fill(temp_path)`, let `check(temp_path)` refuse it by raising,
    flush it to disk, then rename it over `path`. On any failure the temporary file is removed and `path` is
    as it was."""
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        fill(temp)
        if check is not None:
            check(temp)
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes files private; these are ordinary documents
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
