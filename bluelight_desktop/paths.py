"""Every path the app uses, in one place.

User folders come from platformdirs; `BLUELIGHT_HOME` moves all of them under one folder (tests, portable
use). Bundled folders (`resources/`, `db/`) are found inside the package (installed wheel, frozen build) or
beside it (a source checkout).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "BluelightDesktop"
REGISTER_SUFFIX = ".bluelight"
DEFAULT_REGISTER_NAME = "register" + REGISTER_SUFFIX
SAMPLE_REGISTER_NAME = "Lancashire sample" + REGISTER_SUFFIX

_PACKAGE_DIR = Path(__file__).resolve().parent


def _home_override() -> Path | None:
    value = os.environ.get("BLUELIGHT_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Registers, backups: the user data folder."""
    home = _home_override()
    if home is not None:
        path = home / "data"
    else:
        import platformdirs  # deferred: only needed when no override is set

        path = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Preferences and the recent-files list."""
    home = _home_override()
    if home is not None:
        path = home / "config"
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_register_path() -> Path:
    return data_dir() / DEFAULT_REGISTER_NAME


def sample_register_path() -> Path:
    return data_dir() / SAMPLE_REGISTER_NAME


def _bundled(name: str) -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name]
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "bluelight_desktop" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"The application's {name} folder is missing; reinstall Bluelight Desktop.")


def resources_dir() -> Path:
    return _bundled("resources")


def migrations_dir() -> Path:
    return _bundled("db")
