"""The main window: welcome screen or the open register's table, menus, shortcuts, status bar."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..core import edits
from ..core.formatting import format_pounds
from ..core.model import Opportunity, Stage
from ..core.quadrant import Quadrant
from ..core.register_view import COLUMNS, RegisterFilter
from ..paths import REGISTER_SUFFIX, backup_dir, data_dir, sample_register_path
from ..recent import recent_registers, remember_register
from ..storage.lock import RegisterLocked, banner_text
from ..storage.register import Register, RegisterError, create_register, integrity_problem, open_register
from .charts.tab import CHART_KEYS, DashboardController
from .meetings import MeetingsController, _LazyTab, ask_path
from .register_model import RegisterTableModel
from .session import RegisterSession, paused_gc
from .sharing import SharingController, ask_path_to_open
from .welcome import WelcomePage

if TYPE_CHECKING:
    from .board import BoardPage

FILE_FILTER = f"Bluelight registers (*{REGISTER_SUFFIX});;All files (*)"
_ALL = "__all__"


class _IntegrityReport(QObject):
    """Carries the background integrity check's verdict back to the UI thread (a queued signal)."""

    finished = Signal(str, str)  # path, problem ("" when sound)
    backup_failed = Signal(str)  # the backup on opening could not be taken: why


class FilterBar(QWidget):
    """Search box and the four filters over the register table, and below them, when a dashboard bar has
    narrowed the register, a strip saying so with a Clear button (Esc)."""

    def __init__(self, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_change = on_change
        self._chart_ids: frozenset[str] | None = None
        self._chart_label = ""
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search every field (Ctrl+F)")
        self.search.setAccessibleName("Search the register")
        self.search.setClearButtonEnabled(True)
        self.workstream = self._combo("Workstream filter")
        self.stage = self._combo("Stage filter")
        self.quadrant = self._combo("Quadrant filter")
        self.organisation = self._combo("Partner organisation filter")
        self.organisation.setToolTip("Show opportunities this organisation leads or is a partner in")
        self.clear = QPushButton("C&lear filters")
        self.clear.setAccessibleName("Clear filters")
        self.clear.clicked.connect(self.reset)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        layout.addWidget(self.search, 3)
        for label_text, combo in (
            ("&Workstream", self.workstream),
            ("S&tage", self.stage),
            ("&Quadrant", self.quadrant),
            ("&Partner", self.organisation),
        ):
            label = QLabel(label_text)
            label.setBuddy(combo)
            layout.addWidget(label)
            layout.addWidget(combo)
        layout.addWidget(self.clear)
        self.chart_label = QLabel()
        self.chart_label.setObjectName("chartFilterLabel")
        self.chart_label.setWordWrap(True)
        self.chart_clear = QPushButton("Clear (Esc)")
        self.chart_clear.setAccessibleName("Clear the dashboard's filter")
        self.chart_clear.clicked.connect(self.clear_chart_filter)
        # Esc clears it while the strip shows (a shortcut of a hidden widget is off, so Esc is free otherwise).
        self.clear_chart_action = QAction("Clear the dashboard's filter", self.chart_clear)
        self.clear_chart_action.setShortcut(QKeySequence("Esc"))
        self.clear_chart_action.triggered.connect(lambda _checked=False: self.clear_chart_filter())
        self.chart_clear.addAction(self.clear_chart_action)
        self.chart_strip = QFrame()
        self.chart_strip.setObjectName("chartFilterStrip")
        self.chart_strip.setAccessibleName("Filter from the dashboard")
        self.chart_strip.setStyleSheet(
            "QFrame#chartFilterStrip { background: #e8f0fb; border: 1px solid #9fb9de; border-radius: 3px; }"
        )
        strip = QHBoxLayout(self.chart_strip)
        strip.setContentsMargins(8, 3, 3, 3)
        strip.addWidget(self.chart_label, 1)
        strip.addWidget(self.chart_clear)
        self.chart_strip.hide()
        outer.addWidget(self.chart_strip)

        self.search.textChanged.connect(on_change)
        for combo in (self.workstream, self.stage, self.quadrant, self.organisation):
            combo.currentIndexChanged.connect(on_change)

    @staticmethod
    def _combo(name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def set_choices(self, session: RegisterSession) -> None:
        data = session.data
        self._fill(self.workstream, "All workstreams", [(w.id, w.name) for w in data.workstreams.values()])
        self._fill(self.stage, "All stages", [(s.value, s.label) for s in Stage])
        self._fill(self.quadrant, "All quadrants", [(q.value, q.value) for q in Quadrant])
        self._fill(
            self.organisation,
            "All organisations",
            [(o.id, o.short_name) for o in sorted(data.organisations.values(), key=lambda o: o.short_name)],
        )

    @staticmethod
    def _fill(combo: QComboBox, everything: str, choices: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, _ALL)
        for key, text in choices:
            combo.addItem(text, key)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def current(self) -> RegisterFilter:
        def chosen(combo: QComboBox) -> str | None:
            value = combo.currentData()
            return None if value in (None, _ALL) else str(value)

        stage = chosen(self.stage)
        quadrant = chosen(self.quadrant)
        return RegisterFilter(
            text=self.search.text(),
            workstream_id=chosen(self.workstream),
            stage=Stage(stage) if stage else None,
            quadrant=Quadrant(quadrant) if quadrant else None,
            organisation_id=chosen(self.organisation),
            opportunity_ids=self._chart_ids,
            label=self._chart_label,
        )

    def reset(self) -> None:
        had_chart_filter = self._chart_ids is not None
        self._show_chart_filter(None, "")
        self.search.clear()
        for combo in (self.workstream, self.stage, self.quadrant, self.organisation):
            combo.setCurrentIndex(0)
        if had_chart_filter:
            self._on_change()

    def set_chart_filter(self, opportunity_ids: frozenset[str], label: str) -> None:
        """Narrow the register to the opportunities behind a dashboard bar, and say so in the strip."""
        self._show_chart_filter(frozenset(opportunity_ids), label)
        self._on_change()

    def clear_chart_filter(self) -> None:
        if self._chart_ids is not None:
            self._show_chart_filter(None, "")
            self._on_change()

    def _show_chart_filter(self, opportunity_ids: frozenset[str] | None, label: str) -> None:
        self._chart_ids = opportunity_ids
        self._chart_label = label
        if opportunity_ids is None:
            self.chart_strip.hide()
            return
        noun = "opportunity" if len(opportunity_ids) == 1 else "opportunities"
        text = f"Showing {len(opportunity_ids)} {noun} from the dashboard: {label}"
        self.chart_label.setText(text)
        self.chart_label.setAccessibleName(text)
        self.chart_strip.show()


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.session: RegisterSession | None = None
        # What "today" is for deadlines, overdue actions and the calendar; tests fix it.
        self.today: Callable[[], date] = date.today
        self.setObjectName("mainWindow")
        self._integrity = _IntegrityReport(self)
        self._integrity.finished.connect(self._on_integrity_checked)
        self.resize(1440, 860)

        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.new_register)
        self.welcome.sample_requested.connect(self.open_sample)
        self.welcome.open_requested.connect(self.open_dialog)
        self.welcome.recent_requested.connect(self.open_path)

        self.model = RegisterTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setAccessibleName("Register of opportunities")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setCornerButtonEnabled(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # Fixed widths (never ResizeToContents: it measures every row, slow at 10,000), wide enough for the
        # bold header and its sort arrow; the title takes the rest.
        metrics = header.fontMetrics()
        for column, width in enumerate((90, 300, 155, 100, 95, 110, 125, 155, 95, 100, 100)):
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal)).split("\n")
            self.table.setColumnWidth(
                column, max(width, max(metrics.horizontalAdvance(line) for line in heading) * 12 // 10 + 36)
            )
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.doubleClicked.connect(lambda _index: self.edit_opportunity())

        self.filters = FilterBar(self._apply_filters)
        self.register_banner = QLabel()
        self.register_banner.setObjectName("registerBanner")
        self.register_banner.setWordWrap(True)
        self.register_banner.hide()
        register_page = QWidget()
        register_layout = QVBoxLayout(register_page)
        register_layout.addWidget(self.register_banner)
        register_layout.addWidget(self.filters)
        # The table and the board are two views of one register under one filter bar. The board is built the
        # first time it is needed (see `board`): its module and page cost a third of start-up.
        self._board: BoardPage | None = None
        self._board_slot = QWidget()
        self._board_slot.setAccessibleName("Effort and benefit board")
        self.views = QTabWidget()
        self.views.setObjectName("registerViews")
        self.views.setAccessibleName("Register views")
        self.views.setDocumentMode(True)
        self.views.addTab(self.table, "Register")
        self.views.addTab(self._board_slot, "Board")
        self.views.setTabToolTip(0, "The register as a table (Ctrl+1)")
        self.views.setTabToolTip(1, "The effort and benefit board (Ctrl+2)")
        self.views.currentChanged.connect(self._on_view_changed)
        register_layout.addWidget(self.views, 1)
        self._presentation_state: tuple[bool, bool] | None = None  # (was maximised, was full screen)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(register_page)
        self.setCentralWidget(self.pages)

        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setAccessibleName("Opportunities shown")
        self.statusBar().addPermanentWidget(self.count_label)

        self.meetings = MeetingsController(self)
        self.dashboard = DashboardController(self)  # View > Dashboard (Ctrl+6), built when first shown
        self.sharing = SharingController(self)
        # View > History (Ctrl+7): the change log, built the first time it is shown (gui/history_view.py).
        self.history_tab = _LazyTab(self.views, "History", "Who changed what, and when (Ctrl+7)", self._build_history)
        self._integrity.backup_failed.connect(
            lambda reason: self.statusBar().showMessage(f"No backup was taken on opening: {reason}", 15000)
        )
        # A register another copy writes is shown read-only; the banner's link tries again (_reopen_for_changes).
        self.register_banner.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.register_banner.linkActivated.connect(lambda _link: self._reopen_for_changes())
        self._received_banner: str | None = None  # set for a partner's register opened to look at
        self._build_actions()
        self._show_welcome()

    # ------------------------------------------------------------------------------------------ actions

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence | str] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("&New register…", self.new_register, ["Ctrl+N"], "Start a new register")
        self.open_action = self._action("&Open…", self.open_dialog, ["Ctrl+O"], "Open a register file")
        self.open_sample_action = self._action("Open the &sample register", self.open_sample)
        self.save_copy_action = self._action(
            "Save a &copy as…",
            self.save_copy,
            ["Ctrl+Shift+S"],
            "Save a checked copy of this register under another name",
        )
        self.close_action = self._action("&Close register", self.close_register, ["Ctrl+W"])
        self.quit_action = self._action("&Quit", self.close, ["Ctrl+Q"])
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)

        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.triggered.connect(self.redo)
        self.addActions([self.undo_action, self.redo_action])
        self.add_action = self._action("&Add opportunity…", self.add_opportunity, ["Ctrl+Shift+N", "Ins"])
        self.edit_action = self._action("&Edit opportunity…", self.edit_opportunity, ["Ctrl+E"])
        self.delete_action = self._action("&Delete opportunity", self.delete_opportunity, ["Del"])
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.removeAction(self.delete_action)
        self.table.addAction(self.delete_action)
        self.open_row_action = QAction("Open the selected opportunity", self.table)
        self.open_row_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.open_row_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_row_action.triggered.connect(lambda _checked=False: self.edit_opportunity())
        self.table.addAction(self.open_row_action)
        self.find_action = self._action("&Find…", self.focus_search, ["Ctrl+F"])
        self.clear_filters_action = self._action("C&lear filters", self.filters.reset, ["Ctrl+Shift+L"])
        self.organisations_action = self._action("&Organisations…", self.manage_organisations, ["Ctrl+Shift+O"])
        self.workstreams_action = self._action("&Workstreams…", self.manage_workstreams, ["Ctrl+Shift+K"])
        self.board_rules_action = self._action(
            "&Board rules…", self.edit_board_rules, ["Ctrl+Shift+R"], "Quadrant lines and the major-project limit"
        )
        self.show_table_action = self._action("&Register table", self.show_table, ["Ctrl+1"])
        self.show_board_action = self._action("&Board", self.show_board, ["Ctrl+2"])
        self.show_history_action = self._action(
            "&History", self.show_history, ["Ctrl+7"], "Who changed what, and when: the register's change log"
        )
        self.restore_action = self._action(
            "Res&tore from backup…",
            self.restore_from_backup,
            tip="Put the register back as it was when one of its backups was taken",
        )
        self.presentation_action = self._action(
            "&Presentation mode", self.toggle_presentation, ["F11"], "Full screen board for the meeting room"
        )
        self.leave_presentation_action = self._action("Leave presentation mode", self.leave_presentation, ["Esc"])
        self.leave_presentation_action.setEnabled(False)
        self.send_to_quadrant_action = self._action(
            "Send to &quadrant…", self.send_to_quadrant, ["Ctrl+M"], "Send the selected opportunity to a quadrant"
        )
        self.take_off_board_action = self._action(
            "Take &off the board", self.take_off_board, tip="Clear effort and benefit: back to the tray"
        )
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, ["F1"])
        self.about_action = self._action(f"&About {APP_NAME}", self.show_about)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.open_sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.save_copy_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addActions([self.sharing.export_action, self.sharing.open_partner_action, self.sharing.merge_action])
        file_menu.addSeparator()
        file_menu.addActions([self.sharing.import_action, self.sharing.export_sheet_action])
        file_menu.addSeparator()
        file_menu.addActions([self.close_action, self.quit_action])
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.add_action, self.edit_action, self.delete_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.find_action, self.clear_filters_action])
        view_menu = menus.addMenu("&View")
        view_menu.addActions([self.show_table_action, self.show_board_action])
        view_menu.addAction(self.dashboard.show_action)
        view_menu.addAction(self.show_history_action)
        view_menu.addSeparator()
        view_menu.addAction(self.presentation_action)
        self.board_menu = menus.addMenu("&Board")
        self.board_menu.addAction(self.send_to_quadrant_action)
        self.board_menu.addAction(self.take_off_board_action)
        self.board_menu.aboutToShow.connect(lambda: self.board)  # its Tidy submenu comes with the board
        menus.addMenu(self.meetings.menu)
        register_menu = menus.addMenu("&Register")
        register_menu.addActions([self.organisations_action, self.workstreams_action, self.board_rules_action])
        # The register's protective marking: printed on packs and board exports unless a pack overrides it.
        self.marking_menu = register_menu.addMenu("Protective &marking")
        self.marking_actions: dict[str, QAction] = {}
        for marking in ("OFFICIAL", "OFFICIAL-SENSITIVE"):
            action = self.marking_menu.addAction(marking)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, m=marking: self.set_marking(m))
            self.marking_actions[marking] = action
        self.marking_menu.aboutToShow.connect(self._show_marking)
        help_menu = menus.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])

        self.register_actions = [
            self.save_copy_action,
            self.close_action,
            self.add_action,
            self.edit_action,
            self.delete_action,
            self.find_action,
            self.clear_filters_action,
            self.organisations_action,
            self.workstreams_action,
            self.board_rules_action,
            self.show_table_action,
            self.show_board_action,
            self.dashboard.show_action,
            self.show_history_action,
            self.presentation_action,
            self.send_to_quadrant_action,
            self.take_off_board_action,
        ]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent_registers()
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if not paths:
            self.recent_menu.addAction("No recent registers").setEnabled(False)

    # ------------------------------------------------------------------------------------ page switching

    def _show_welcome(self) -> None:
        self.welcome.set_recent(recent_registers())
        self.pages.setCurrentWidget(self.welcome)
        self.setWindowTitle(APP_NAME)
        self.count_label.clear()
        self._update_actions()
        self.welcome.new_button.setFocus()

    def _update_actions(self) -> None:
        has_register = self.session is not None
        writable = has_register and not self.session.read_only  # type: ignore[union-attr]
        for action in self.register_actions:
            action.setEnabled(has_register)
        for action in (
            self.add_action,
            self.edit_action,
            self.delete_action,
            self.organisations_action,
            self.workstreams_action,
            self.board_rules_action,
            self.send_to_quadrant_action,
            self.take_off_board_action,
        ):
            action.setEnabled(writable)
        if self._board is not None:
            self._board.tidy_menu.setEnabled(writable)
        self.meetings.update_actions(has_register, writable)
        self.sharing.update_actions(has_register, writable)
        self.restore_action.setEnabled(writable)
        stack = self.session.undo_stack if self.session else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")

    # --------------------------------------------------------------------------------------- open/close

    def open_path(self, path: Path, read_only: bool = False) -> bool:
        if not self.meetings.ready_to_leave():  # minutes typed but not saved, and the user chose to stay
            return False
        locked_banner = None
        try:
            with paused_gc():
                try:
                    register = open_register(Path(path), read_only=read_only, verify=False)
                except RegisterLocked as locked:  # another copy writes it: look, read-only, with a banner saying so
                    register = open_register(Path(path), read_only=True, verify=False)
                    locked_banner = banner_text(locked.holder, self.today())
        except RegisterError as exc:
            self.show_error("The register could not be opened", str(exc))
            return False
        except OSError as exc:
            self.show_error("The register could not be opened", f"{Path(path).name}: {exc.strerror or exc}.")
            return False
        try:
            with paused_gc():
                session = RegisterSession(register)
                self._attach(session, locked_banner=locked_banner)
        except RegisterError as exc:
            register.close()
            self.show_error("The register could not be opened", str(exc))
            return False
        self._check_integrity_in_background(register.path, backup=not register.read_only)
        return True

    def show_received(self, register: Register, banner: str) -> None:
        """Show a partner's register, already open read-only (storage.export.open_received), with a banner
        saying whose it is and when it was exported."""
        with paused_gc():
            self._attach(RegisterSession(register), received_banner=banner)

    def _check_integrity_in_background(self, path: Path, backup: bool = False) -> None:
        """SQLite's page-by-page check, off the UI thread so a large register opens at once. Damage it finds
        closes the register before more is written to a damaged file. A sound register opened for writing is then
        backed up if it has changed since its last backup (storage/backups.backup_on_open)."""
        report = self._integrity
        from ..storage.backups import backup_on_open

        folder = backup_dir()  # now, on this thread: the folder of this session, whatever happens later

        def check() -> None:
            problem = integrity_problem(path) or ""
            if backup and not problem:
                try:
                    backup_on_open(path, folder)
                except Exception as exc:  # a full disk, a folder gone: say so, and let the work go on
                    try:
                        report.backup_failed.emit(str(getattr(exc, "strerror", None) or exc))
                    except RuntimeError:
                        pass
            try:
                report.finished.emit(str(path), problem)
            except RuntimeError:  # the window closed while the check ran: nobody is left to tell
                pass

        thread = threading.Thread(target=check, name="bluelight-integrity-check", daemon=True)
        thread.start()

    def _on_integrity_checked(self, path: str, problem: str) -> None:
        if not problem or self.session is None or str(self.session.register.path) != path:
            return
        self.close_register()
        self.show_error("The register could not be opened", problem)

    def _attach(
        self, session: RegisterSession, received_banner: str | None = None, locked_banner: str | None = None
    ) -> None:
        self._detach()
        self._received_banner = received_banner
        self.session = session
        session.changed.connect(self._on_register_changed)
        session.failed.connect(lambda message: self.show_error("Not saved", message))
        session.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        if self._received_banner is None:  # a partner's file, opened from a private copy, is not a recent register
            remember_register(session.register.path)
        self.filters.set_choices(session)
        self.model.set_register(session.data, session.rows)
        if self._board is not None:
            self._board.set_session(session)
            self._board.set_filter(self.filters.current())
        settings = session.data.settings
        read_only = " [read-only]" if session.read_only else ""
        self.setWindowTitle(f"{settings.name} ({session.register.path.name}){read_only} — {APP_NAME}")
        if self._received_banner is not None:
            self.register_banner.setText(
                f"A partner's register, open read-only to look at. {self._received_banner}. "
                "To take its changes into your own, use File > Merge a partner's register."
            )
            self.register_banner.show()
        elif locked_banner is not None:
            self.register_banner.setText(f'{html.escape(locked_banner)} <a href="reopen">Reopen now</a>')
            self.register_banner.show()
        elif session.read_only:
            self.register_banner.setText("This register is open read-only: you can look, but changes cannot be saved.")
            self.register_banner.show()
        else:
            self.register_banner.hide()
        self.pages.setCurrentWidget(self.pages.widget(1))
        self._update_counts()
        self._update_actions()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.setFocus()

    def _detach(self) -> None:
        self.leave_presentation()
        self.meetings.register_closed()
        self.dashboard.register_closed()
        self.history_tab.reset()
        if self._board is not None:
            self._board.set_session(None)
        if self.session is not None:
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self.model.set_register(None)

    def close_register(self) -> None:
        if not self.meetings.ready_to_leave():
            return
        self._detach()
        self.filters.reset()
        self._show_welcome()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if not self.meetings.ready_to_leave():
            event.ignore()
            return
        self._detach()
        super().closeEvent(event)

    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.open_path(path)

    def open_sample(self) -> None:
        """Open the sample register, writing it first if this is the first time."""
        path = sample_register_path()
        if not path.exists():
            from ..storage.sample import write_sample

            try:
                write_sample(path).close()
            except (RegisterError, OSError) as exc:
                self.show_error("The sample register could not be made", str(exc))
                return
        self.open_path(path)

    def new_register(self) -> None:
        from .new_register_dialog import NewRegisterDialog

        dialog = NewRegisterDialog(self)
        if not self.run_dialog(dialog):
            return
        try:
            register = create_register(dialog.path(), dialog.name(), dialog.prefix())
        except RegisterError as exc:
            self.show_error("The register could not be created", str(exc))
            return
        self._attach(RegisterSession(register))

    def save_copy(self) -> None:
        if self.session is None:
            return
        suggestion = self.session.register.path.with_name(self.session.register.path.stem + " copy" + REGISTER_SUFFIX)
        path = self.ask_save_path("Save a copy of the register as", suggestion)
        if path is None:
            return
        try:
            self.session.register.save_copy(path)
        except RegisterError as exc:
            self.show_error("The copy was not saved", str(exc))
            return
        self.statusBar().showMessage(f"Saved a copy as {path}", 8000)

    # -------------------------------------------------------------------------------------------- edits

    def selected_opportunity(self) -> Opportunity | None:
        """The opportunity the user has chosen: the board's selected card when the board is showing, else the
        table's selected row."""
        if self.session is None:
            return None
        if self._board is not None and self.views.currentWidget() is self._board:
            return self.session.data.opportunities.get(self._board.selected_id() or "")
        rows = self.table.selectionModel().selectedRows()
        opportunity_id = self.model.opportunity_id(rows[0].row()) if rows else None
        return self.session.data.opportunities.get(opportunity_id or "")

    def add_opportunity(self) -> None:
        if self.session is None or self.session.read_only:
            return
        from .opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(self.session.data, None, self.session.register.next_reference(), self)
        if self.run_dialog(dialog):
            created = dialog.opportunity()
            if self.session.apply(edits.create(created, f"Add {created.reference}")):
                self.select_opportunity(created.id)

    def edit_opportunity(self, opportunity_id: str | None = None) -> None:
        current = (
            self.session.data.opportunities.get(opportunity_id)
            if self.session is not None and opportunity_id
            else self.selected_opportunity()
        )
        if self.session is None or current is None or self.session.read_only:
            return
        from .opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(
            self.session.data, current, current.reference, self, session=self.session, today=self.today
        )
        if self.run_dialog(dialog):
            changed = dialog.opportunity()
            if changed != current and self.session.apply(edits.update(current, changed, f"Edit {current.reference}")):
                self.select_opportunity(current.id)

    def delete_opportunity(self) -> None:
        current = self.selected_opportunity()
        if self.session is None or current is None or self.session.read_only:
            return
        if not self.confirm(
            "Delete opportunity",
            f"Delete {current.reference} {current.title}?\n\nYou can bring it back with Undo (Ctrl+Z).",
        ):
            return
        row = self.table.currentIndex().row()
        if self.session.apply(edits.delete_opportunity(self.session.data, current.id)):
            if self.model.rowCount():
                self.table.selectRow(min(row, self.model.rowCount() - 1))
            self.statusBar().showMessage(f"Deleted {current.reference}. Undo with Ctrl+Z.", 8000)

    def undo(self) -> None:
        if self.session is not None and self.session.undo_stack.canUndo():
            selected = self.selected_opportunity()
            self.session.undo_stack.undo()
            if selected is not None:
                self.select_opportunity(selected.id)

    def redo(self) -> None:
        if self.session is not None and self.session.undo_stack.canRedo():
            selected = self.selected_opportunity()
            self.session.undo_stack.redo()
            if selected is not None:
                self.select_opportunity(selected.id)

    def manage_organisations(self) -> None:
        if self.session is not None and not self.session.read_only:
            from .reference_dialogs import OrganisationsDialog

            self.run_dialog(OrganisationsDialog(self.session, self))

    def manage_workstreams(self) -> None:
        if self.session is not None and not self.session.read_only:
            from .reference_dialogs import WorkstreamsDialog

            self.run_dialog(WorkstreamsDialog(self.session, self))

    def edit_board_rules(self) -> None:
        if self.session is None or self.session.read_only:
            return
        from ..core.board import BoardRules
        from .board_rules_dialog import BoardRulesDialog

        dialog = BoardRulesDialog(BoardRules.from_settings(self.session.data.settings), self)
        if not self.run_dialog(dialog):
            return
        try:
            self.session.register.set_board_rules(
                dialog.effort_spin.value(),
                dialog.benefit_spin.value(),
                dialog.limit_spin.value(),
                dialog.active_stages(),
            )
        except (RegisterError, OSError) as exc:
            self.show_error("The board rules were not saved", str(exc))
            return
        self.session.reload()

    def _show_marking(self) -> None:
        current = self.session.data.settings.marking if self.session else ""
        for marking, action in self.marking_actions.items():
            action.setChecked(marking == current)
            action.setEnabled(self.session is not None and not self.session.read_only)

    def set_marking(self, marking: str) -> None:
        if self.session is None or self.session.read_only or marking not in self.marking_actions:
            return
        try:
            self.session.register.set_setting("marking", marking)
        except (RegisterError, OSError) as exc:
            self.show_error("The marking was not saved", str(exc))
            return
        self.session.reload()
        self.statusBar().showMessage(f"Packs from this register are now marked {marking}.", 6000)

    def _on_register_changed(self) -> None:
        if self.session is None:
            return
        selected = self.selected_opportunity()
        self.filters.set_choices(self.session)
        with paused_gc():
            self.model.set_register(self.session.data, self.session.rows)
        self._update_counts()
        self._update_actions()
        if selected is not None:
            self.select_opportunity(selected.id)

    def select_opportunity(self, opportunity_id: str) -> None:
        row = self.model.row_of(opportunity_id)
        if row < 0:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    # ------------------------------------------------------------------------------------------ filters

    def focus_search(self) -> None:
        if self.history_tab.page is not None and self.views.currentWidget() is self.history_tab.page:
            self.history_tab.page.focus_search()  # type: ignore[attr-defined]
            return
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def _apply_filters(self) -> None:
        self.model.set_filter(self.filters.current())
        if self._board is not None:
            self._board.set_filter(self.filters.current())
        self.dashboard.set_filter(self.filters.current())
        self._update_counts()

    # -------------------------------------------------------------------------------------------- board

    @property
    def board(self) -> BoardPage:
        """The board page, built on first use and put in its tab."""
        if self._board is None:
            from .board import BoardPage

            board = BoardPage(self)
            board.open_requested.connect(self.edit_opportunity)
            board.presentation_requested.connect(self.toggle_presentation)
            board.selection_changed.connect(self._on_board_selection)
            index = self.views.indexOf(self._board_slot)
            showing = self.views.currentIndex() == index
            self.views.blockSignals(True)
            self.views.removeTab(index)
            self.views.insertTab(index, board, "Board")
            self.views.setTabToolTip(index, "The effort and benefit board (Ctrl+2)")
            self.views.setCurrentIndex(index if showing else 0)
            self.views.blockSignals(False)
            self._board_slot.deleteLater()
            self.board_menu.insertMenu(self.take_off_board_action, board.tidy_menu)
            self._board = board
            board.set_session(self.session)
            board.set_filter(self.filters.current())
            self._update_actions()
        return self._board

    def show_table(self) -> None:
        if self.session is not None:
            self.leave_presentation()
            self.views.setCurrentWidget(self.table)
            self.table.setFocus()

    def show_board(self) -> None:
        if self.session is not None:
            self.views.setCurrentWidget(self.board)
            self.board.view.setFocus()

    def _on_view_changed(self, _index: int) -> None:
        # One selection across both views: the card of the table's row, the row of the board's card.
        if self.session is None:
            return
        # The search and filters belong to the register's two views, not to the calendar's.
        governance_tab = self.meetings.on_tab_shown(self.views.currentWidget()) or self._history_tab_shown()
        self.filters.setVisible(not governance_tab)
        if governance_tab or self.dashboard.on_tab_shown(self.views.currentWidget()):
            return
        if self.views.currentWidget() is self._board_slot:
            self.views.setCurrentWidget(self.board)  # builds the board; this handler runs again for it
            return
        if self.views.currentWidget() is self.board:
            rows = self.table.selectionModel().selectedRows()
            if rows and self.board.selected_id() is None:
                self.board.select(self.model.opportunity_id(rows[0].row()))
        elif self._board is not None and self._board.selected_id():
            self.select_opportunity(self._board.selected_id() or "")

    def _on_board_selection(self, opportunity_id: str) -> None:
        if opportunity_id and self.session is not None:
            self.select_opportunity(opportunity_id)

    # ------------------------------------------------------------------------------------- history, backups

    def _build_history(self) -> QWidget:
        from .history_view import HistoryPage

        assert self.session is not None
        page = HistoryPage(self.session, today=self.today)
        page.status.connect(lambda message: self.statusBar().showMessage(message, 8000))
        page.failed.connect(lambda message: self.show_error("The history was not exported", message))
        return page

    @property
    def history(self) -> QWidget:
        """The History page, built on first use."""
        return self.history_tab.ensure()

    def _history_tab_shown(self) -> bool:
        widget = self.views.currentWidget()
        if widget is self.history_tab.slot:
            if self.session is not None:
                self.history_tab.ensure()
            return True
        return widget is self.history_tab.page

    def show_history(self) -> None:
        if self.session is not None:
            self.leave_presentation()
            self.views.setCurrentWidget(self.history)
            self.history.setFocus()

    def restore_from_backup(self) -> None:
        from .restore_dialog import restore_from_backup

        restore_from_backup(self)

    def _reopen_for_changes(self) -> None:
        """The read-only banner's link: open the register again, for writing if the other copy has closed."""
        if self.session is not None and self.session.read_only and self._received_banner is None:
            self.open_path(self.session.register.path)

    def send_to_quadrant(self) -> None:
        current = self.selected_opportunity()
        if current is not None:
            self.board.send_to_quadrant(current.id)

    def take_off_board(self) -> None:
        current = self.selected_opportunity()
        if current is not None:
            self.board.take_off_board(current.id)

    @property
    def presenting(self) -> bool:
        return self._presentation_state is not None

    def toggle_presentation(self) -> None:
        if self.presenting:
            self.leave_presentation()
        elif self.session is not None:
            self.enter_presentation()

    def enter_presentation(self) -> None:
        """The board alone, full screen, in large type: for the projector in the meeting room."""
        if self.session is None or self.presenting:
            return
        self._presentation_state = (self.isMaximized(), self.isFullScreen())
        self._page_margins = self.pages.widget(1).layout().contentsMargins()
        self.views.setCurrentWidget(self.board)
        for widget in (self.menuBar(), self.statusBar(), self.filters, self.register_banner, self.views.tabBar()):
            widget.hide()
        self.pages.widget(1).layout().setContentsMargins(0, 0, 0, 0)
        self.board.set_presentation(True)
        self.leave_presentation_action.setEnabled(True)
        self.showFullScreen()

    def leave_presentation(self) -> None:
        if not self.presenting:
            return
        assert self._presentation_state is not None
        was_maximised, was_full_screen = self._presentation_state
        self._presentation_state = None
        self.leave_presentation_action.setEnabled(False)
        self.board.set_presentation(False)
        self.pages.widget(1).layout().setContentsMargins(self._page_margins)
        for widget in (self.menuBar(), self.statusBar(), self.filters, self.views.tabBar()):
            widget.show()
        self.register_banner.setVisible(bool(self.session and self.session.read_only))
        if was_full_screen:
            self.showFullScreen()
        elif was_maximised:
            self.showMaximized()
        else:
            self.showNormal()

    def _update_counts(self) -> None:
        if self.session is None:
            self.count_label.clear()
            return
        shown = self.model.shown_rows
        total = self.model.total_count
        saving = sum(row.cashable_saving_pence for row in shown)
        noun = "opportunity" if total == 1 else "opportunities"
        text = f"Showing {len(shown)} of {total} {noun}" if len(shown) != total else f"{total} {noun}"
        if saving:
            text += f" · {format_pounds(saving)} a year estimated cashable savings"
        self.count_label.setText(text)

    # ------------------------------------------------------------------------------ prompts (overridable)

    def run_dialog(self, dialog: QWidget) -> bool:
        """Show a modal dialog. Tests replace this to drive dialogs without blocking."""
        accepted = bool(dialog.exec())  # type: ignore[attr-defined]
        dialog.deleteLater()  # after the caller has read its fields: deletion waits for the event loop
        return accepted

    def ask_open_path(self) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a register", str(data_dir()), FILE_FILTER)
        return Path(chosen) if chosen else None

    def ask_save_path(self, title: str, suggestion: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(suggestion), FILE_FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(REGISTER_SUFFIX)

    def ask_path_to_open(self, title: str, file_filter: str) -> Path | None:
        return ask_path_to_open(self, title, file_filter)

    def ask_path_to_write(self, title: str, suggestion: Path, file_filter: str, suffix: str) -> Path | None:
        return ask_path(self, title, suggestion, file_filter, suffix)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def show_shortcuts(self) -> None:
        lines = []
        for action in (
            self.new_action,
            self.open_action,
            self.save_copy_action,
            self.close_action,
            self.quit_action,
            self.undo_action,
            self.redo_action,
            self.add_action,
            self.edit_action,
            self.delete_action,
            self.open_row_action,
            self.find_action,
            self.clear_filters_action,
            self.filters.clear_chart_action,
            self.show_table_action,
            self.show_board_action,
            self.dashboard.show_action,
            self.show_history_action,
            self.presentation_action,
            self.send_to_quadrant_action,
            self.organisations_action,
            self.workstreams_action,
            self.board_rules_action,
            *self.meetings.all_actions,
            self.shortcuts_action,
        ):
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            name = (
                action.text().replace("&", "").split(" ", 1)[0]
                if action in (self.undo_action, self.redo_action)
                else action.text().replace("&", "")
            )
            lines.append(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>")
        lines.extend(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>" for name, keys in CHART_KEYS)
        QMessageBox.information(self, "Keyboard shortcuts", "<table cellpadding=3>" + "".join(lines) + "</table>")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Collaboration registers for police, fire and ambulance "
            "services. Works entirely offline.</p>",
        )


__all__ = ["MainWindow", "COLUMNS"]
