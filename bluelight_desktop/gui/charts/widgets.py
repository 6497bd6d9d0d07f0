"""Chart widgets on pyqtgraph: bars (stacked or paired, upright or lying down) and lines over months.

Every chart works the same way for the mouse and the keyboard. Each bar (or month) is a `Target`: a rectangle
in data coordinates with its figures in words and the opportunities behind it. Hovering shows the words as a
tooltip; clicking emits `activated(opportunity_ids, label)`. The chart takes the focus (Tab), the arrow keys
move a highlight from bar to bar (Page Up and Page Down jump a whole year or stage, Home and End to the ends),
and Enter or Space emits `activated` for the highlighted bar. What is under the pointer or the highlight is
also written in the card's read-out line below the chart, and announced to screen readers.

Bars are drawn with one BarGraphItem per colour (numpy arrays), never an item per bar, so a chart of a
10,000-opportunity register draws as fast as one of ten.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPen
from PySide6.QtWidgets import QFrame, QGraphicsRectItem, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from ...core.formatting import format_pounds_short
from ..checked_dialog import announce
from .theme import ACCENT, AXIS, BACKGROUND, CARD_BORDER, GRID, HOVER, MUTED, TEXT, configure_pyqtgraph

TICK_POINT_SIZE = 9


# ---------------------------------------------------------------------------------------------------- axes


class ValueAxis(pg.AxisItem):
    """An axis whose tick labels are written by `formatter` (£1.2m, 92%, 12); `whole` keeps ticks on whole
    numbers (counts of opportunities are never 2.5)."""

    def __init__(self, orientation: str, formatter: Callable[[float], str], whole: bool = False) -> None:
        super().__init__(orientation)
        self.formatter = formatter
        self.whole = whole

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self.formatter(value * scale) for value in values]

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, float]]:  # noqa: N802, N803
        levels = super().tickSpacing(minVal, maxVal, size)
        if not self.whole:
            return levels
        whole = []
        for spacing, offset in levels:
            spacing = max(1.0, round(spacing))
            if all(spacing != s for s, _ in whole):
                whole.append((spacing, offset))
        return whole


def pounds_tick(pence: float) -> str:
    """£1.2m, £430k: a tick is a round figure, so £1.20m loses its last nought."""
    text = format_pounds_short(round(pence))
    return text.replace("0m", "m") if text.endswith("0m") and "." in text else text


def percent_tick(value: float) -> str:
    return f"{value:.0f}%"


def count_tick(value: float) -> str:
    return f"{value:.0f}"


def _style_axis(axis: pg.AxisItem, label: str) -> None:
    font = QFont()
    font.setPointSizeF(TICK_POINT_SIZE)
    axis.setTickFont(font)
    axis.setTextPen(pg.mkPen(TEXT))
    axis.setPen(pg.mkPen(AXIS))
    axis.setLabel(label, color=MUTED, **{"font-size": f"{TICK_POINT_SIZE}pt"})
    axis.setStyle(maxTickLevel=0)  # major ticks only: minor grid lines crowd a small chart
    axis.enableAutoSIPrefix(False)  # never "(x0.001)" after a label


# ---------------------------------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Target:
    """A bar or a month: its rectangle in data coordinates (x0, y0, x1, y1), its figures in words, what it
    is called when the register is narrowed to it, and the opportunities behind it (none: nothing to show)."""

    rect: tuple[float, float, float, float]
    tip: str
    label: str = ""
    opportunity_ids: frozenset[str] = frozenset()
    group: int = 0  # the year, stage or workstream it belongs to: Page Up and Page Down jump between them

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.rect
        return min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1)

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.rect
        return (x0 + x1) / 2, (y0 + y1) / 2


_CHART_STYLE = f"""
QGraphicsView {{ border: 1px solid transparent; border-radius: 3px; background: {BACKGROUND}; }}
QGraphicsView:focus {{ border: 2px solid {ACCENT}; }}
"""


class Chart(pg.PlotWidget):
    """A plot that is looked at, not panned: no mouse zoom, no context menu, a focus ring when it has the
    keyboard, and targets under the pointer and the keyboard."""

    activated = Signal(object, str)  # frozenset of opportunity ids, what they are
    readout_changed = Signal(str)

    def __init__(
        self,
        name: str,
        bottom: pg.AxisItem | None = None,
        left: pg.AxisItem | None = None,
        parent: QWidget | None = None,
    ) -> None:
        configure_pyqtgraph()
        axes = {"bottom": bottom or pg.AxisItem("bottom"), "left": left or pg.AxisItem("left")}
        super().__init__(parent, background=BACKGROUND, axisItems=axes)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(_CHART_STYLE)
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.layout.setContentsMargins(4, 8, 12, 4)
        self.view_box = plot.getViewBox()
        self.view_box.setMouseEnabled(x=False, y=False)
        self.view_box.enableAutoRange(enable=False)
        self.view_box.setDefaultPadding(0)
        self.targets: list[Target] = []
        self.current: int | None = None  # the keyboard's target
        self.hovered: int | None = None
        self.hover_text = ""  # the tooltip shown now ("" when none)
        self.hint = "Hover over a bar for its figures; click it, or press Enter, to show its opportunities."
        self._empty_text: pg.TextItem | None = None
        self._focus_mark = self._mark(pg.mkPen(ACCENT, width=3), QBrush(Qt.BrushStyle.NoBrush))
        self._hover_mark = self._mark(pg.mkPen(HOVER, width=2), QBrush(Qt.BrushStyle.NoBrush))
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    def sizeHint(self) -> QSize:  # noqa: N802
        # pyqtgraph asks for ~600 x 500, which would make the dashboard scroll in a laptop's window.
        return QSize(480, 220)

    def _mark(self, pen: QPen, brush: QBrush) -> QGraphicsRectItem:
        mark = QGraphicsRectItem()
        pen.setCosmetic(True)
        mark.setPen(pen)
        mark.setBrush(brush)
        mark.setZValue(50)
        mark.hide()
        self.view_box.addItem(mark, ignoreBounds=True)
        return mark

    # ---------------------------------------------------------------------------------------- contents

    def set_targets(self, targets: Sequence[Target]) -> None:
        self.targets = list(targets)
        self.hovered = None
        if self.current is not None and self.current >= len(self.targets):
            self.current = len(self.targets) - 1 if self.targets else None
        self._hover_mark.hide()
        self._show_focus_mark()
        self.readout_changed.emit(self.readout(self.current if self.hasFocus() else None))

    def set_empty(self, message: str) -> None:
        """A message in the middle of the plot when there is nothing to draw ("" removes it)."""
        if self._empty_text is not None:
            self.view_box.removeItem(self._empty_text)
            self._empty_text = None
        if message:
            self._empty_text = pg.TextItem(message, color=MUTED, anchor=(0.5, 0.5))
            self.view_box.addItem(self._empty_text, ignoreBounds=True)
            (x0, x1), (y0, y1) = self.view_box.viewRange()
            self._empty_text.setPos((x0 + x1) / 2, (y0 + y1) / 2)

    def fit_left_axis(self, texts: Iterable[str]) -> None:
        """Make the left axis wide enough for its widest label and its title. pyqtgraph widens an axis only
        after a paint has measured its labels, and drops the labels that did not fit until then."""
        axis = self.getPlotItem().getAxis("left")
        metrics = QFontMetrics(axis.style["tickFont"] or self.font())
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        title = metrics.height() + 6 if axis.label.isVisible() else 0
        axis.setWidth(widest + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"]) + title + 8)

    def target_point(self, index: int) -> QPoint:
        """Where target `index` is on the viewport (for tests and tours): the middle of its rectangle."""
        x, y = self.targets[index].centre
        scene = self.view_box.mapViewToScene(QPointF(x, y))
        return self.mapFromScene(scene)

    def target_at(self, scene_pos: QPointF) -> int | None:
        if not self.view_box.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view_box.mapSceneToView(scene_pos)
        for index, target in enumerate(self.targets):
            if target.contains(point.x(), point.y()):
                return index
        return None

    def readout(self, index: int | None) -> str:
        """The words for a target, with what Enter or a click will do."""
        if index is None or not 0 <= index < len(self.targets):
            return self.hint if self.targets else ""
        target = self.targets[index]
        count = len(target.opportunity_ids)
        if not count:
            return target.tip
        noun = "opportunity" if count == 1 else "opportunities"
        return f"{target.tip} — click or press Enter for its {count} {noun}."

    # ---------------------------------------------------------------------------------------- the mouse

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        # Read here rather than from the scene's sigMouseMoved, which drops moves closer than 10 ms apart.
        super().mouseMoveEvent(event)
        self._hover(self.mapToScene(event.position().toPoint()))

    def _hover(self, scene_pos: QPointF) -> None:
        index = self.target_at(scene_pos)
        if index == self.hovered:
            return
        self.hovered = index
        if index is None:
            self._hover_mark.hide()
            self.hover_text = ""
            QToolTip.hideText()
            self.readout_changed.emit(self.readout(self.current if self.hasFocus() else None))
            return
        self._place_mark(self._hover_mark, self.targets[index])
        self.hover_text = self.targets[index].tip
        where = self.mapToGlobal(self.mapFromScene(scene_pos)) + QPoint(14, 18)
        QToolTip.showText(where, self.hover_text, self)
        self.readout_changed.emit(self.readout(index))

    def _on_mouse_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        index = self.target_at(event.scenePos())  # type: ignore[attr-defined]
        if index is not None:
            self.current = index
            self._show_focus_mark()
            self.activate(index)

    def leaveEvent(self, event: object) -> None:  # noqa: N802
        self.hovered = None
        self.hover_text = ""
        self._hover_mark.hide()
        super().leaveEvent(event)

    def activate(self, index: int) -> None:
        """Narrow the register to the opportunities behind target `index` (if there are any)."""
        target = self.targets[index]
        if target.opportunity_ids:
            self.activated.emit(target.opportunity_ids, target.label)

    # ---------------------------------------------------------------------------------------- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if not self.targets or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        last = len(self.targets) - 1
        now = self.current if self.current is not None else -1
        moves = {
            Qt.Key.Key_Right: now + 1,
            Qt.Key.Key_Down: now + 1,
            Qt.Key.Key_Left: now - 1 if now >= 0 else 0,
            Qt.Key.Key_Up: now - 1 if now >= 0 else 0,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: last,
        }
        if key in moves:
            self.set_current(max(0, min(last, moves[Qt.Key(key)])))
        elif key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.set_current(self._next_group(now, forward=key == Qt.Key.Key_PageDown))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.current is None:
                self.set_current(0)
            else:
                self.activate(self.current)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _next_group(self, now: int, forward: bool) -> int:
        if now < 0:
            return 0
        group = self.targets[now].group
        if forward:
            later = [n for n in range(now + 1, len(self.targets)) if self.targets[n].group != group]
            return later[0] if later else now
        earlier = [n for n in range(now) if self.targets[n].group != group]
        if not earlier:
            return 0
        wanted = self.targets[earlier[-1]].group
        return next(n for n in range(len(self.targets)) if self.targets[n].group == wanted)

    def set_current(self, index: int | None) -> None:
        """Move the keyboard's highlight to target `index`, show its figures and tell screen readers."""
        self.current = index if index is not None and 0 <= index < len(self.targets) else None
        self._show_focus_mark()
        text = self.readout(self.current)
        self.readout_changed.emit(text)
        if self.current is not None and self.hasFocus():
            announce(self, text)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        if self.targets:
            self.set_current(self.current if self.current is not None else 0)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self._focus_mark.hide()
        QToolTip.hideText()
        self.readout_changed.emit(self.readout(None))

    def _show_focus_mark(self) -> None:
        if self.current is None or not self.hasFocus():
            self._focus_mark.hide()
            return
        self._place_mark(self._focus_mark, self.targets[self.current])

    def _place_mark(self, mark: QGraphicsRectItem, target: Target) -> None:
        x0, y0, x1, y1 = target.rect
        mark.setRect(QRectF(QPointF(min(x0, x1), min(y0, y1)), QPointF(max(x0, x1), max(y0, y1))))
        mark.show()


@dataclass(frozen=True)
class Bar:
    """One bar segment: on category `category` (a year, a stage), moved `offset` from its middle (paired
    bars), from `start` to `start + length` along the value axis."""

    category: int
    start: float
    length: float
    fill: str
    edge: str
    tip: str
    label: str = ""
    opportunity_ids: frozenset[str] = frozenset()
    offset: float = 0.0
    thickness: float = 0.7


class BarChart(Chart):
    """Bars on categories. Upright bars have the categories along the bottom; lying bars (`horizontal`) list
    them down the left, first at the top, which reads better for long names such as workstreams.

    Its graphics items are made once and updated in place on every draw: one BarGraphItem holding every bar
    (numpy arrays, a brush and pen per bar), value labels from a pool, and one reference line."""

    def __init__(
        self,
        name: str,
        value_axis: ValueAxis,
        value_label: str,
        category_label: str,
        horizontal: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        self.horizontal = horizontal
        value_axis_side = "bottom" if horizontal else "left"
        category_axis = pg.AxisItem("left" if horizontal else "bottom")
        axes = (
            {"bottom": value_axis, "left": category_axis}
            if horizontal
            else {"bottom": category_axis, "left": value_axis}
        )
        super().__init__(name, bottom=axes["bottom"], left=axes["left"], parent=parent)
        assert value_axis.orientation == value_axis_side
        self.value_axis = value_axis
        self.category_axis = category_axis
        _style_axis(value_axis, value_label)
        _style_axis(category_axis, category_label)
        category_axis.setStyle(tickLength=0)
        plot = self.getPlotItem()
        plot.showGrid(x=horizontal, y=not horizontal, alpha=0.35)
        if horizontal:
            self.view_box.invertY(True)
        self.bars: list[Bar] = []
        self.categories: list[str] = []
        self.bar_item = pg.BarGraphItem(x0=[0.0], y0=[0.0], width=[0.0], height=[0.0])
        self.bar_item.hide()
        self.view_box.addItem(self.bar_item)
        self.labels: list[pg.TextItem] = []  # value labels in use (the first `len(labels)` of the pool)
        self._label_pool: list[pg.TextItem] = []
        self.reference: pg.InfiniteLine | None = None

    def set_bars(
        self,
        categories: Sequence[str],
        bars: Sequence[Bar],
        value_range: tuple[float, float] | None = None,
        empty: str = "",
        empty_top: float = 5.0,
        headroom: float = 0.0,
    ) -> None:
        """Draw `bars` (segments of zero length are left out) on `categories`, and make them targets. With no
        bars, the value axis runs to `empty_top` and `empty` is written in the middle. `headroom` adds room
        before the first category (a reference line's label goes there)."""
        self.categories = list(categories)
        self.bars = [bar for bar in bars if bar.length > 0]
        self.category_axis.setTicks([list(enumerate(self.categories)), []])
        if self.bars:
            middle = np.array([bar.category + bar.offset for bar in self.bars], dtype=float)
            start = np.array([bar.start for bar in self.bars], dtype=float)
            length = np.array([bar.length for bar in self.bars], dtype=float)
            thickness = np.array([bar.thickness for bar in self.bars], dtype=float)
            brushes = [_brush(bar.fill) for bar in self.bars]
            pens = [_pen(bar.edge) for bar in self.bars]
            if self.horizontal:
                self.bar_item.setOpts(x0=start, y=middle, width=length, height=thickness, brushes=brushes, pens=pens)
            else:
                self.bar_item.setOpts(x=middle, y0=start, width=thickness, height=length, brushes=brushes, pens=pens)
            self.bar_item.show()
        else:
            self.bar_item.hide()
        top = max((bar.start + bar.length for bar in self.bars), default=0.0)
        low, high = value_range if value_range is not None else (0.0, _nice_top(top) if top else empty_top)
        span = (-0.6 - headroom, max(len(self.categories), 1) - 0.4)
        if self.horizontal:
            self.view_box.setRange(xRange=(low, high), yRange=span, padding=0)
            self.fit_left_axis(self.categories)
        else:
            self.view_box.setRange(xRange=span, yRange=(low, high), padding=0)
            self.fit_left_axis(self.value_axis.formatter(high * part) for part in (0.25, 0.5, 0.75, 1))
        self.set_targets([self._target(bar) for bar in self.bars])
        self.set_empty(empty if not self.bars else "")

    def _target(self, bar: Bar) -> Target:
        middle = bar.category + bar.offset
        half = bar.thickness / 2
        if self.horizontal:
            rect = (bar.start, middle - half, bar.start + bar.length, middle + half)
        else:
            rect = (middle - half, bar.start, middle + half, bar.start + bar.length)
        return Target(rect, bar.tip, bar.label, bar.opportunity_ids, bar.category)

    def set_labels(self, labels: Sequence[tuple[float, float, str]], colour: str = MUTED, bold: bool = False) -> None:
        """Words at points of the plot (x, y, text), left-aligned and centred on the point: bars' totals."""
        while len(self._label_pool) < len(labels):
            item = pg.TextItem("", anchor=(0, 0.5))
            self.view_box.addItem(item, ignoreBounds=True)
            self._label_pool.append(item)
        font = QFont()
        font.setPointSizeF(TICK_POINT_SIZE)
        font.setBold(bold)
        for item, (x, y, text) in zip(self._label_pool, labels, strict=False):
            item.setText(text, color=colour)
            item.setFont(font)
            item.setPos(x, y)
            item.show()
        for item in self._label_pool[len(labels) :]:
            item.hide()
        self.labels = self._label_pool[: len(labels)]

    def set_reference(self, value: float | None, text: str = "") -> None:
        """A dashed line across the values at `value` (None: none), labelled above the first category."""
        if value is None:
            if self.reference is not None:
                self.reference.hide()
            return
        if self.reference is None:
            self.reference = pg.InfiniteLine(
                angle=90 if self.horizontal else 0,
                pen=pg.mkPen(TEXT, width=1.5, style=Qt.PenStyle.DashLine),
                label=text,
                # Before the line, by the first category: clear of the bars' labels and of the card's edge.
                labelOpts={"position": 0.03, "color": TEXT, "anchors": [(1, 0), (1, 0)]},
            )
            self.view_box.addItem(self.reference, ignoreBounds=True)
        self.reference.setPos(value)
        self.reference.label.setFormat(text)
        self.reference.show()


_brushes: dict[str, QBrush] = {}
_pens: dict[str, QPen] = {}


def _brush(colour: str) -> QBrush:
    if colour not in _brushes:
        _brushes[colour] = pg.mkBrush(colour)
    return _brushes[colour]


def _pen(colour: str) -> QPen:
    if colour not in _pens:
        _pens[colour] = pg.mkPen(colour, width=1)
    return _pens[colour]


class LineChart(Chart):
    """Lines over categories (months): each category is one target, its figures for every line in words. The
    lines are made once and their data replaced on every draw."""

    def __init__(
        self,
        name: str,
        value_axis: ValueAxis,
        value_label: str,
        category_label: str,
        parent: QWidget | None = None,
    ) -> None:
        category_axis = pg.AxisItem("bottom")
        super().__init__(name, bottom=category_axis, left=value_axis, parent=parent)
        self.value_axis = value_axis
        self.category_axis = category_axis
        _style_axis(value_axis, value_label)
        _style_axis(category_axis, category_label)
        self.getPlotItem().showGrid(y=True, alpha=0.35)
        self.hint = "Hover over a month for its counts; arrow keys move from month to month."
        self.categories: list[str] = []
        self.series: list[tuple[str, list[float]]] = []
        self.lines: dict[str, pg.PlotDataItem] = {}
        # The month under the pointer or the keyboard is a light band rather than a box.
        self._focus_mark.setBrush(QBrush(QColor(31, 90, 166, 28)))
        self._hover_mark.setBrush(QBrush(QColor(18, 58, 107, 18)))
        self._hover_mark.setPen(QPen(Qt.PenStyle.NoPen))

    def set_lines(
        self,
        categories: Sequence[str],
        lines: Sequence[tuple[str, str, str, Sequence[float]]],
        tips: Sequence[str],
        empty: str = "",
    ) -> None:
        """`lines` are (name, colour, symbol, values per category); `tips` the words for each category."""
        self.categories = list(categories)
        self.series = [(name, list(values)) for name, _colour, _symbol, values in lines]
        step = 1 if len(self.categories) <= 8 else 2 if len(self.categories) <= 16 else 3
        major = [(n, text) for n, text in enumerate(self.categories) if (len(self.categories) - 1 - n) % step == 0]
        minor = [(n, "") for n in range(len(self.categories)) if (len(self.categories) - 1 - n) % step]
        self.category_axis.setTicks([major, minor])
        x = np.arange(len(self.categories), dtype=float)
        for name, colour, symbol, values in lines:
            item = self.lines.get(name)
            if item is None:
                item = pg.PlotDataItem(
                    name=name,
                    pen=pg.mkPen(colour, width=2.5),
                    symbol=symbol,
                    symbolSize=8,
                    symbolBrush=colour,
                    symbolPen=pg.mkPen(BACKGROUND, width=1),
                )
                self.view_box.addItem(item)
                self.lines[name] = item
            item.setData(x, np.array(values, dtype=float))
            item.show()
        drawn = {name for name, *_rest in lines}
        for name, item in self.lines.items():
            if name not in drawn:
                item.hide()
        top = max((max(values, default=0) for _n, _c, _s, values in lines), default=0)
        high = _nice_top(top, whole=True)
        # A little room beyond the first and last months, so their labels are not dropped at the axis' ends.
        self.view_box.setRange(xRange=(-0.6, max(len(self.categories), 1) - 0.4), yRange=(0, high), padding=0)
        self.fit_left_axis([self.value_axis.formatter(high)])
        self.set_targets(
            [Target((n - 0.5, 0, n + 0.5, high), tip, group=n) for n, tip in enumerate(tips) if n < len(categories)]
        )
        self.set_empty(empty)


def _nice_top(value: float, whole: bool = False) -> float:
    """A little above the tallest bar, so the top tick and any label above a bar have room."""
    if value <= 0:
        return 1.0 if not whole else 5.0
    top = value * 1.1
    if whole:
        return float(max(5, math.ceil(top)))
    return top


# ---------------------------------------------------------------------------------------------------- card


CARD_STYLE = f"""
QFrame#chartCard {{ background: {BACKGROUND}; border: 1px solid {CARD_BORDER}; border-radius: 6px; }}
QLabel#chartTitle {{ font-size: 11pt; font-weight: 600; color: #123a6b; }}
QLabel#chartLegend {{ color: {TEXT}; font-size: 9pt; }}
QLabel#chartReadout {{ color: {MUTED}; font-size: 9pt; }}
"""


class ChartCard(QFrame):
    """A chart with its title above, its legend and a read-out line below, on a white card."""

    def __init__(self, title: str, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setStyleSheet(CARD_STYLE)
        self.chart = chart
        self.title = QLabel(title)
        self.title.setObjectName("chartTitle")
        self.title.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setObjectName("chartLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.readout = QLabel(chart.hint)
        self.readout.setObjectName("chartReadout")
        self.readout.setWordWrap(True)
        self.readout.setAccessibleName(f"{title}: figures of the highlighted bar")
        chart.readout_changed.connect(self.readout.setText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(chart, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.readout)

    def set_legend(
        self, entries: Sequence[tuple[str, str]], note: str = "", glyphs: Sequence[str] | None = None
    ) -> None:
        """Swatches and names: (colour, name) pairs (squares, or the lines' own marker `glyphs`), then a note."""
        marks = glyphs or ["■"] * len(entries)
        swatches = "&nbsp;&nbsp; ".join(
            f"<span style='color:{colour}; font-size:12pt'>{mark}</span>&nbsp;"
            + html.escape(name).replace(" ", "&nbsp;")  # an entry never breaks across lines
            for (colour, name), mark in zip(entries, marks, strict=True)
        )
        gap = "&nbsp;&nbsp;&nbsp; " if entries else ""
        tail = f"{gap}<span style='color:{MUTED}'>{html.escape(note)}</span>" if note else ""
        self.legend.setText(swatches + tail)
        self.legend.setAccessibleName("Legend: " + ", ".join(name for _colour, name in entries))


__all__ = [
    "Bar",
    "BarChart",
    "Chart",
    "ChartCard",
    "GRID",
    "LineChart",
    "Target",
    "ValueAxis",
    "count_tick",
    "percent_tick",
    "pounds_tick",
]
