"""The Dashboard tab of the main window (Ctrl+6), built the first time it is shown as the calendar and meeting
tabs are (gui/meetings.py): pyqtgraph and numpy cost start-up nothing until then.

A bar clicked on the dashboard narrows the register to the opportunities behind it: the filter bar shows the
chart's filter in words with a Clear button (Esc), and the register table comes to the front.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ..meetings import _LazyTab

if TYPE_CHECKING:
    from ..main_window import MainWindow

# The keys of a chart, for the keyboard shortcuts list (they are not actions: the chart with the focus reads them).
CHART_KEYS = (
    ("Dashboard chart: next or previous bar", "Arrow keys"),
    ("Dashboard chart: next or previous year or stage", "Page Down, Page Up"),
    ("Dashboard chart: first or last bar", "Home, End"),
    ("Dashboard chart: show the bar's opportunities in the register", "Enter"),
)


class DashboardController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tab = _LazyTab(
            window.views,
            "Dashboard",
            "The programme dashboard: savings, pipeline, quadrants and realisation (Ctrl+6)",
            self._build,
        )
        self.show_action = QAction("&Dashboard", window)
        self.show_action.setShortcut(QKeySequence("Ctrl+6"))
        self.show_action.setStatusTip("Savings, the pipeline, the quadrants over time and realisation, as charts")
        self.show_action.triggered.connect(lambda _checked=False: self.show())
        window.addAction(self.show_action)

    def _build(self) -> QWidget:
        from .dashboard import DashboardPage

        assert self.window.session is not None
        page = DashboardPage(self.window.session, today=self.window.today)
        page.set_filter(self.window.filters.current())
        page.bar_activated.connect(self.show_in_register)
        return page

    @property
    def page(self) -> Any:
        """The dashboard page, built on first use."""
        return self.tab.ensure()

    def show(self) -> None:
        if self.window.session is None:
            return
        self.window.leave_presentation()
        self.window.views.setCurrentWidget(self.page)
        self.page.setFocus()

    def on_tab_shown(self, widget: QWidget) -> bool:
        """Build the page when its tab is first shown; True if the widget is the dashboard's."""
        if widget is self.tab.slot:
            if self.window.session is not None:
                self.tab.ensure()
            return True
        return self.tab.page is not None and widget is self.tab.page

    def set_filter(self, register_filter: Any) -> None:
        if self.tab.page is not None:
            self.tab.page.set_filter(register_filter)  # type: ignore[attr-defined]

    def show_in_register(self, opportunity_ids: frozenset[str], label: str) -> None:
        """Narrow the register to a bar's opportunities and bring the table to the front."""
        self.window.filters.set_chart_filter(opportunity_ids, label)
        self.window.show_table()

    def register_closed(self) -> None:
        if self.tab.page is not None:
            self.tab.page.cancel()  # type: ignore[attr-defined]  # figures still being worked out: not wanted
        self.tab.reset()
