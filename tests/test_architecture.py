"""Boundaries (DESIGN.md): core, storage and reports never import PySide6 or pyqtgraph.

The import-linter contract in pyproject.toml is the rule; scanning the source is a second guard that needs
no tool, and a subprocess shows the domain and storage load without Qt.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "bluelight_desktop"
QT_FREE = ("core", "storage", "reports")
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "bluelight_desktop.gui")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def _lint_imports() -> str:
    beside_python = Path(sys.executable).with_name("lint-imports")
    found = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.fail("lint-imports is not installed: pip install -e '.[test]'")
    return found


def test_import_linter_contract_holds() -> None:
    result = subprocess.run(
        [_lint_imports()], cwd=REPO_ROOT, capture_output=True, text=True, env=_env(), timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout


def _imported_modules(text: str, module_path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, relative imports resolved against its package. `module_path` is the
    file's path relative to the repository root (bluelight_desktop/storage/register.py)."""
    tree = ast.parse(text, filename=str(module_path))
    package_parts = list(module_path.with_suffix("").parts[:-1])  # the package holding the module
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return found


def _is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def test_no_qt_imports_in_core_storage_or_reports() -> None:
    sources = [p for part in QT_FREE if (PACKAGE / part).is_dir() for p in sorted((PACKAGE / part).rglob("*.py"))]
    assert any(p.parent.name == "core" for p in sources) and any(p.parent.name == "storage" for p in sources)
    offenders = [
        f"{p.relative_to(REPO_ROOT)}:{line} imports {module}"
        for p in sources
        for line, module in _imported_modules(p.read_text(encoding="utf-8"), p.relative_to(REPO_ROOT))
        if _is_forbidden(module)
    ]
    assert offenders == []


def test_the_scanner_sees_relative_and_absolute_qt_imports() -> None:
    """The second guard catches the ways a Qt import can creep in."""
    text = (
        "from PySide6.QtCore import QObject\n"
        "import pyqtgraph as pg\n"
        "from ..gui import session\n"
        "from .register import Register\n"
        "def later():\n"
        "    import importlib\n"
        "    importlib.import_module('shiboken6')\n"
    )
    modules = [m for _line, m in _imported_modules(text, Path("bluelight_desktop/storage/probe.py"))]
    assert "bluelight_desktop.storage.register" in modules
    assert [m for m in modules if _is_forbidden(m)] == [
        "PySide6.QtCore",
        "PySide6.QtCore.QObject",
        "pyqtgraph",
        "bluelight_desktop.gui",
        "bluelight_desktop.gui.session",
        "shiboken6",
    ]


def test_domain_and_storage_load_without_qt() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import bluelight_desktop.core as core, bluelight_desktop.storage as storage\n"
        "for package in (core, storage):\n"
        "    for info in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')\n"
        "             or m.startswith('bluelight_desktop.gui')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
