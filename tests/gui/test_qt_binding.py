"""The Qt binding we pin must not leak: PySide6 6.12.0 on Python 3.11 dropped a reference to None on every
call of a Qt method that returns nothing, and Python aborted ("none_dealloc") after a few thousand calls,
so a long session at a board meeting would have crashed. Guard the pin."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget


def test_qt_calls_keep_none_alive(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    for size in range(500):
        widget.resize(100 + size % 50, 100)
    painter = QPainter(image)
    for _ in range(500):
        painter.save()
        painter.restore()
    painter.end()
    # A little drift comes from the interpreter itself; the bug lost one reference per call (about 1,500).
    assert sys.getrefcount(None) - before > -50
