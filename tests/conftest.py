"""Shared fixtures. Every test gets its own data folder (BLUELIGHT_HOME) and never touches the real user
folders; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Sizes of the reliability tests (tests/reliability/conftest.py): quick by default, larger on request."""
    group = parser.getgroup("bluelight reliability")
    for name, what in (
        ("crash-trials", "SIGKILL trials of the crash tests"),
        ("fuzz-registers", "mutated register files to open"),
        ("fuzz-spreadsheets", "mutated spreadsheets to import"),
        ("fuzz-seed", "seed of the mutated files"),
    ):
        group.addoption(f"--{name}", type=int, default=None, metavar="N", help=what)


@pytest.fixture(autouse=True)
def bluelight_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "bluelight-home"
    home.mkdir()
    monkeypatch.setenv("BLUELIGHT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def _sample_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bluelight_desktop.storage.sample import write_sample

    path = tmp_path_factory.mktemp("sample") / "Lancashire sample.bluelight"
    write_sample(path).close()
    return path


@pytest.fixture
def sample_path(_sample_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample register for this test alone."""
    path = tmp_path / "lancashire.bluelight"
    shutil.copyfile(_sample_master, path)
    return path


@pytest.fixture(autouse=True)
def _delete_closed_widgets() -> Iterator[None]:
    """Run the deferred deletions a test queued (qtbot closes its widgets with deleteLater). Without this, closed
    windows pile up for the whole run and every later style change walks all of them: a GUI test file went
    from 90 s to 4 s."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
