"""Start the app: one QApplication, the main window, and the register to open."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_NAME, __version__
from ..paths import default_register_path, resources_dir
from .main_window import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Bluelight")
    app.setDesktopFileName("bluelight-desktop")
    resources = resources_dir()
    app.setWindowIcon(QIcon(str(resources / "icons" / "bluelight.svg")))
    app.setStyle("Fusion")
    app.setStyleSheet((resources / "style.qss").read_text(encoding="utf-8"))
    return app


def create_main_window(register: Path | None) -> MainWindow:
    """The window on the register asked for, else the default register if it exists, else the welcome."""
    window = MainWindow()
    target = register if register is not None else default_register_path()
    if register is not None or target.exists():
        window.open_path(target)
    return window


def run(register: Path | None = None) -> int:
    app = make_application()
    window = create_main_window(register)
    window.show()
    if os.environ.get("BLUELIGHT_QUIT_WHEN_SHOWN"):  # for the start-up benchmark
        QTimer.singleShot(0, app.quit)
    return app.exec()
