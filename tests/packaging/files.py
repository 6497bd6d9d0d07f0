"""Shared helpers for the packaging tests: paths, and the spec's own helpers read out of packaging/bluelight.spec."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = PACKAGING / "icons"
SPEC = PACKAGING / "bluelight.spec"
DESKTOP_FILE = LINUX / "bluelight-desktop.desktop"
METAINFO = LINUX / "uk.bluelight.Desktop.metainfo.xml"
MIME_XML = LINUX / "bluelight-desktop-mime.xml"
INSTALL_SH = LINUX / "install.sh"
INNO = PACKAGING / "windows" / "bluelight.iss"
MIME_TYPE = "application/x-bluelight-register"
APP_ID = "uk.bluelight.Desktop"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def spec_namespace() -> dict[str, Any]:
    """The spec's constants (UPPER_CASE names), imports and functions, without running PyInstaller's Analysis:
    what the build uses to choose what goes in, so tests can check it."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    kept: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef)):
            kept.append(node)
        elif isinstance(node, ast.Assign) and all(
            isinstance(target, ast.Name) and target.id.isupper() for target in node.targets
        ):
            kept.append(node)
    module = ast.Module(body=kept, type_ignores=[])
    namespace: dict[str, Any] = {"SPECPATH": str(PACKAGING), "__name__": "bluelight_spec"}
    exec(compile(module, str(SPEC), "exec"), namespace)  # noqa: S102 (our own build file)
    return namespace


def desktop_entry(path: Path = DESKTOP_FILE) -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            entries[key] = value
    return entries
