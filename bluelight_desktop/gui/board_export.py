"""The board as a PNG: the shapes `reports.board_pdf` lays out for the PDF, painted with QPainter.

One layout, two renderers: the PNG shows what the PDF page shows (same geometry, same fonts, text measured
and elided once), at the image's own proportions. Works without a window system (offscreen Qt), so the
`bluelight board` command can write a PNG on a server.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterable
from datetime import date
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPen, QPolygonF

from ..core.board import BoardRules
from ..core.model import RegisterData
from ..files import write_atomically
from ..reports.board_pdf import MARKINGS, BoardLayout, Box, Line, Polygon, Shape, page_shapes
from ..reports.fonts import FONT_BOLD, FONT_REGULAR, font_path

PAGE_HEIGHT = 595.0  # an A4 landscape page's height in points: the image shows type at the page's proportions
PAGE_WIDTH = 842.0
_DOTS_PER_METRE_72DPI = round(72 / 0.0254)  # at 72 dpi a point is a pixel, so layout points map 1:1
_DOTS_PER_METRE_96DPI = round(96 / 0.0254)

_TEXT_SIZE = 96.0

_app: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when there is no display, e.g. the command line
    on a server)."""
    global _app
    existing = QGuiApplication.instance()
    if existing is not None:
        assert isinstance(existing, QGuiApplication)
        return existing
    no_display = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    if no_display and sys.platform not in ("win32", "darwin"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    return _app


@cache
def _families() -> dict[str, str]:
    """Qt family names of the PDF's fonts, loaded from resources/fonts/ so the PNG uses the same faces."""
    families = {}
    for name in (FONT_REGULAR, FONT_BOLD):
        font_id = QFontDatabase.addApplicationFont(str(font_path(name)))
        found = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        families[name] = found[0] if found else "DejaVu Sans"
    return families


@cache
def _font(name: str, size: float, bold: bool) -> QFont:
    font = QFont(_families()[name])
    font.setPointSizeF(size)
    font.setBold(bold)
    # Advances as ReportLab measures them: no hinting, no kerning, so elided text fits exactly as on paper.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    return font


def paint_shapes(painter: QPainter, shapes: Iterable[Shape]) -> None:
    """Paint laid-out shapes (points, origin top left, y down) with the painter's current transform.
    The paint device must be at 72 dpi so that a font's point is a unit."""
    for shape in shapes:
        painter.save()
        if isinstance(shape, Box):
            if shape.stroke:
                pen = QPen(QColor(shape.stroke), shape.stroke_width)
                if shape.dashed:
                    width = max(shape.stroke_width, 0.01)
                    pen.setDashPattern([2.5 / width, 1.5 / width])
                painter.setPen(pen)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(shape.fill) if shape.fill else Qt.BrushStyle.NoBrush)
            rect = QRectF(shape.x, shape.y, shape.w, shape.h)
            if shape.radius:
                painter.drawRoundedRect(rect, shape.radius, shape.radius)
            else:
                painter.drawRect(rect)
        elif isinstance(shape, Line):
            painter.setPen(QPen(QColor(shape.colour), shape.width))
            painter.drawLine(QPointF(shape.x1, shape.y1), QPointF(shape.x2, shape.y2))
        elif isinstance(shape, Polygon):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(shape.fill))
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in shape.points]))
        elif shape.text:
            # Qt rounds a font's size to whole pixels (a 5.6 pt label would be set at 6), so text is set at
            # _TEXT_SIZE and scaled down to its size: widths then match ReportLab's to a fraction of a percent.
            painter.setPen(QColor(shape.colour))
            painter.setFont(_font(shape.font, _TEXT_SIZE, shape.bold))
            factor = shape.size / _TEXT_SIZE
            painter.translate(shape.x, shape.y)
            if shape.angle == 90:
                painter.rotate(-90)
            painter.scale(factor, factor)
            painter.drawText(QPointF((shape.start - shape.x) / factor, 0), shape.text)
        painter.restore()


def render_board_image(
    data: RegisterData,
    rules: BoardRules,
    width: int = 1920,
    height: int = 1080,
    *,
    workstream_id: str | None = None,
    marking: str | None = "OFFICIAL",
    today: date | None = None,
    highlight_ids: Collection[str] = frozenset(),
) -> tuple[QImage, BoardLayout]:
    """The board page painted on a `width` by `height` image, and the layout (in points) it was drawn from.
    Type is sized as on an A4 landscape page scaled to the image (a 1920x1080 image reads like the page)."""
    if width < 200 or height < 150:
        raise ValueError(f"an image of {width}x{height} is too small for the board; use at least 200x150")
    scale = min(width / PAGE_WIDTH, height / PAGE_HEIGHT)
    layout = page_shapes(
        data,
        rules,
        width / scale,
        height / scale,
        workstream_id=workstream_id,
        marking=marking,
        today=today,
        highlight_ids=highlight_ids,
    )
    image = _paint_page(width, height, layout, scale)
    return image, layout


def _paint_page(width: int, height: int, layout: BoardLayout, scale: float) -> QImage:
    ensure_gui_application()
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(_DOTS_PER_METRE_72DPI)
    image.setDotsPerMeterY(_DOTS_PER_METRE_72DPI)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        paint_shapes(painter, layout.shapes)
    finally:
        painter.end()
    image.setDotsPerMeterX(_DOTS_PER_METRE_96DPI)  # an ordinary screen image once painted
    image.setDotsPerMeterY(_DOTS_PER_METRE_96DPI)
    return image


def write_board_png(
    path: Path,
    data: RegisterData,
    rules: BoardRules,
    workstream_id: str | None = None,
    width: int = 1920,
    height: int = 1080,
    *,
    marking: str | None = "OFFICIAL",
    today: date | None = None,
    highlight_ids: Collection[str] = frozenset(),
) -> BoardLayout:
    """Write the board (of the register, or of one workstream) as a PNG, built beside `path` and renamed
    into place. The protective marking shows at top and bottom, as on the PDF."""
    if marking is not None and marking.upper() not in MARKINGS:
        raise ValueError(f"unknown protective marking {marking!r}; use one of {', '.join(MARKINGS)}")
    image, layout = render_board_image(
        data,
        rules,
        width,
        height,
        workstream_id=workstream_id,
        marking=marking,
        today=today,
        highlight_ids=highlight_ids,
    )

    def fill(temp: Path) -> None:
        if not image.save(str(temp), "PNG"):
            raise OSError(f"Qt could not write a PNG to {temp}")

    write_atomically(Path(path), fill)
    return layout
