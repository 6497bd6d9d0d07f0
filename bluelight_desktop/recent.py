"""The recent-registers list, kept as JSON in the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .paths import config_dir

MAX_RECENT = 8


def _file() -> Path:
    return config_dir() / "recent.json"


def recent_registers() -> list[Path]:
    """Most recent first; files that have gone are left out."""
    try:
        entries = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [Path(e) for e in entries if isinstance(e, str) and Path(e).is_file()]


def remember_register(path: Path) -> None:
    resolved = Path(path).resolve()
    entries = [resolved, *(p for p in recent_registers() if p.resolve() != resolved)][:MAX_RECENT]
    target = _file()
    temp = target.with_suffix(".tmp")
    try:
        temp.write_text(json.dumps([str(p) for p in entries], indent=1), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        pass  # a recent list that cannot be saved is not worth interrupting the user for
