"""Offline by design (issue 9): the app never reaches for a network.

- The whole test run has network sockets switched off (pytest-socket, `--disable-socket --allow-unix-socket` in
  pyproject's addopts): any code a test reaches that opens one fails that test. The first test here proves the
  switch is on.
- The package's source names no network module or class (socket, urllib.request, http.client, requests,
  QtNetwork, QNetworkAccessManager, ftplib, smtplib and their kin) outside ALLOWED below.
- The command line's check, pack, export, import and merge, and the main window, run in processes whose
  `socket` module refuses every network socket (a sitecustomize), and none of them tries.
"""

from __future__ import annotations

import ast
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "bluelight_desktop"

NETWORK_MODULES = {
    "socket",
    "ssl",
    "socketserver",
    "urllib.request",
    "urllib3",
    "http.client",
    "http.server",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc.client",
    "xmlrpc.server",
    "webbrowser",
    "PySide6.QtNetwork",
    "PySide6.QtWebSockets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
}
NETWORK_NAMES = (
    "QtNetwork",
    "QNetworkAccessManager",
    "QNetworkRequest",
    "QTcpSocket",
    "QUdpSocket",
    "QSslSocket",
    "QWebSocket",
    "QWebEngineView",
    "create_connection",
    "urlopen",
)
# (file, module, the only names it may use from it, why). A module here is used for something that is not the network.
ALLOWED: dict[tuple[str, str], tuple[set[str], str]] = {}


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_network_sockets_are_switched_off_for_the_whole_run() -> None:
    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9))
    left, right = socket.socketpair()  # local Unix sockets stay allowed (Qt, D-Bus)
    left.close()
    right.close()


def _imports(tree: ast.AST) -> list[tuple[str, set[str]]]:
    """(module, names taken from it) for every import; for `import x`, the attributes of x the file uses."""
    found: list[tuple[str, set[str]]] = []
    attributes: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            attributes.setdefault(node.value.id, set()).add(node.attr)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, attributes.get(alias.asname or alias.name.split(".")[0], set())))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, {alias.name for alias in node.names}))
            for alias in node.names:
                found.append((f"{node.module}.{alias.name}", set()))
    return found


def test_the_package_names_no_network_module_or_class() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 30
    problems = []
    for source in sources:
        name = source.relative_to(PACKAGE).as_posix()
        text = source.read_text(encoding="utf-8")
        for module, used in _imports(ast.parse(text, filename=name)):
            if module not in NETWORK_MODULES:
                continue
            allowed, _why = ALLOWED.get((name, module), (set(), ""))
            if not used or not used <= allowed:
                problems.append(f"{name} uses {module} ({', '.join(sorted(used - allowed)) or 'imported'})")
        for word in NETWORK_NAMES:
            if word in text:
                problems.append(f"{name} names {word}")
    assert problems == []


SITECUSTOMIZE = """
import os
import socket

_LOG = os.environ["BLUELIGHT_NETWORK_LOG"]
with open(_LOG, "a", encoding="utf-8") as log:
    log.write("guard loaded\\n")


def _refuse(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"network use: {what}\\n")
    raise OSError("this process may not use the network")


class _GuardedSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family != socket.AF_UNIX:
            _refuse(f"socket({family}, {type})")
        super().__init__(family, type, proto, fileno)


socket.socket = _GuardedSocket
socket.create_connection = lambda *args, **kwargs: _refuse(f"create_connection{args}")
socket.getaddrinfo = lambda *args, **kwargs: _refuse(f"getaddrinfo{args}")
"""

WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from bluelight_desktop.gui.app import create_main_window, make_application

app = make_application()
window = create_main_window(Path(sys.argv[1]))
window.show()
QTimer.singleShot(800, app.quit)
app.exec()
print("window shown")
"""


def test_the_commands_and_the_window_run_with_no_network_at_all(sample_path: Path, tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(guard), str(REPO_ROOT), env.get("PYTHONPATH")])),
        BLUELIGHT_NETWORK_LOG=str(log),
        BLUELIGHT_HOME=str(tmp_path / "home"),
        QT_QPA_PLATFORM="offscreen",
        BLUELIGHT_TODAY="2026-11-21",
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Title,Stage\nOffline import,Idea\n", encoding="utf-8")
    partner = tmp_path / "partner.bluelight"
    runs = [
        ["check", sample_path],
        ["pack", sample_path, "--next", "CPB", "-o", tmp_path / "pack.pdf"],
        ["export", sample_path, "-o", partner],
        ["import", sample_path, sheet, "--dry-run"],
        ["merge", sample_path, partner, "--prefer", "theirs"],
    ]
    for args in runs:
        result = subprocess.run(
            [sys.executable, "-m", "bluelight_desktop", *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, (args, result.stderr)
        if args[0] == "export":  # the partner's own register: another register id, so the merge has work to do
            connection = sqlite3.connect(partner, isolation_level=None)
            connection.execute("UPDATE setting SET value = 'partner-register' WHERE key = 'register_id'")
            connection.execute("UPDATE opportunity SET notes = 'Changed by the partner'")
            connection.close()
    window = subprocess.run(
        [sys.executable, "-c", WINDOW, str(sample_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert window.returncode == 0 and "window shown" in window.stdout, window.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines.count("guard loaded") == len(runs) + 1  # the guard was in every process
    assert [line for line in lines if line != "guard loaded"] == []
    assert (tmp_path / "pack.pdf").exists() and partner.exists()
