"""The programme dashboard: what collaboration has delivered, at a glance, for the board.

Four charts drawn from core.benefits for the opportunities the register's filters show: planned against actual
cashable savings by financial year (stacked by partner organisation), the pipeline (opportunities by stage and
workstream), the quadrants over time (replayed from the change log), and realisation by workstream (actual as
a percentage of planned so far). A summary line says the headline figures in words.

Hover shows a bar's exact figures; a click (or Enter on the highlighted bar) emits `bar_activated` with the
opportunities behind it, and the main window narrows the register to them. The page redraws when the register
or its filters change, but only while it is shown: a change made elsewhere marks it stale and it redraws when
next shown.

Drawing is cheap; working the figures out is not, for a large register (the exact sums of 50,000 benefit lines
take most of a second). So the figures (`Figures`, from `work_out`: core.benefits and nothing else) are kept
for each filter until the register changes, and for a large register they are worked out off the UI thread,
the charts keeping their last figures with "Working out the figures…" beside the title until the new ones come.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core import benefits
from ...core.board import PLACED_QUADRANTS
from ...core.formatting import format_pounds, format_pounds_short
from ...core.model import RegisterData, Stage
from ...core.quadrant import Thresholds
from ...core.register_view import RegisterFilter
from ...storage.register import Register, RegisterError
from ..session import RegisterSession
from ..worker import CallWorker
from .theme import MUTED, NO_COLOUR, PAGE, QUADRANT_COLOURS, QUADRANT_SYMBOLS, TEXT, partner_colours, tint
from .widgets import Bar, BarChart, ChartCard, LineChart, ValueAxis, count_tick, percent_tick, pounds_tick

__all__ = ["DashboardPage", "Figures", "percent_text", "work_out"]

MAX_MONTHS = 24  # the quadrant chart's reach back from today
MIN_MONTHS = 6
PLANNED_TINT = 0.55
PAIR_OFFSET = 0.2  # planned left of the year's middle, actual right of it
PAIR_THICKNESS = 0.36
QUADRANT_ORDER = sorted(PLACED_QUADRANTS, key=lambda q: list(QUADRANT_COLOURS).index(q))
# From this many benefit lines and opportunities together, the figures are worked out off the UI thread (the
# sums of ~5,000 lines take a frame or two; 50,000 most of a second).
BACKGROUND_FROM = 5_000
CACHED_FILTERS = 8  # figures kept per load of the register: one per filter, the latest few

PAGE_STYLE = f"""
QWidget#dashboardPage, QWidget#dashboardBody {{ background: {PAGE}; }}
QLabel#dashboardTitle {{ font-size: 15pt; font-weight: 600; color: #123a6b; }}
QLabel#dashboardSummary {{ font-size: 10.5pt; color: {TEXT}; }}
QLabel#dashboardBusy {{ color: {MUTED}; font-style: italic; }}
"""


class Cancelled(Exception):
    """Figures no longer wanted (the register or the filter changed while they were worked out)."""


@dataclass(frozen=True)
class Figures:
    """Everything the four charts and the summary show, for one set of opportunities."""

    savings: list[benefits.YearPartnerFigure]
    pipeline: list[benefits.PipelineCell]
    realisation: list[benefits.Realisation]
    months: list[date]
    quadrants: list[benefits.QuadrantCount]


def work_out(
    data: RegisterData,
    ids: frozenset[str] | None,
    history: Sequence[dict[str, Any]],
    today: date,
    cancelled: Callable[[], bool] = lambda: False,
) -> Figures:
    """The charts' figures from core.benefits, for the opportunities `ids` (None: all). No Qt: it runs on a
    worker thread for a large register, reading `data` (a load of the register, never changed in place).
    Raises Cancelled between the sums once `cancelled()` is true."""

    def check() -> None:
        if cancelled():
            raise Cancelled

    savings = benefits.savings_by_year(data, ids)
    check()
    pipeline = benefits.pipeline(data, ids)
    realisation = benefits.realisation_by_workstream(data, today, ids)
    check()
    months = benefits.months_back(today, months_to_show(history, today))
    thresholds = Thresholds(data.settings.effort_threshold, data.settings.benefit_threshold)
    quadrants = benefits.quadrant_counts_over_time(data, history, thresholds, months, ids)
    return Figures(savings, pipeline, realisation, months, quadrants)


def read_placement_history(path: Path) -> list[dict[str, Any]]:
    """The placements in the change log, read through a read-only connection of this thread's own (the
    session's belongs to the UI thread): at 10,000 opportunities the read scans the whole log."""
    reader = Register(path, read_only=True)
    try:
        return reader.placement_history()
    finally:
        reader.close()


def months_to_show(history: Sequence[dict[str, Any]], today: date) -> int:
    """From the month of the first placement (at most two years back), and never fewer than six months."""
    if not history:
        return 12
    first = str(history[0]["changed_at"])[:7]
    try:
        year, month = int(first[:4]), int(first[5:7])
    except ValueError:
        return 12
    span = (today.year - year) * 12 + today.month - month + 1
    return max(MIN_MONTHS, min(MAX_MONTHS, span))


# Workers still running: kept here (they have no parent) so a page deleted mid-sum cannot take a running
# thread with it; the app waits for them when it quits.
_running: set[CallWorker] = set()
_quit_hooked = False


def _release(worker: CallWorker) -> None:
    if worker in _running:
        _running.discard(worker)
        worker.deleteLater()


def _finish_running_workers() -> None:
    for worker in list(_running):
        worker.cancel()
        worker.wait(5000)


def percent_text(percent: float | None) -> str:
    """92%, or 99.6% rather than a 100% that was not quite reached."""
    if percent is None:
        return "no plan to date"
    whole = f"{percent:.0f}%"
    if whole == "100%" and abs(percent - 100) >= 0.05:
        return f"{percent:.1f}%"
    return whole


def _plural(count: int, noun: str, nouns: str) -> str:
    return f"{count} {noun if count == 1 else nouns}"


class DashboardPage(QWidget):
    """The Dashboard tab. `bar_activated(opportunity_ids, label)` when a bar is clicked or chosen with Enter."""

    bar_activated = Signal(object, str)

    def __init__(
        self, session: RegisterSession, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.filter = RegisterFilter()
        self.stale = True
        self.draws = 0  # how many times the charts were drawn (tests check the page stays lazy)
        self._history: list[dict[str, Any]] | None = None
        self._history_of: RegisterData | None = None
        self._figures: dict[tuple[frozenset[str] | None, date], Figures] = {}
        self._figures_of: RegisterData | None = None
        self._worker: CallWorker | None = None
        self._wanted: tuple[RegisterData, frozenset[str] | None, date] | None = None
        self.setObjectName("dashboardPage")
        self.setAccessibleName("Programme dashboard")
        self.setStyleSheet(PAGE_STYLE)

        self.title = QLabel("Programme dashboard")
        self.title.setObjectName("dashboardTitle")
        self.busy = QLabel("Working out the figures…")
        self.busy.setObjectName("dashboardBusy")
        self.busy.hide()
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary of savings")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.savings_chart = BarChart(
            "Planned and actual cashable savings by financial year",
            ValueAxis("left", pounds_tick),
            "Cashable savings",
            "Financial year (April to March)",
        )
        self.pipeline_chart = BarChart(
            "Pipeline: opportunities by stage and workstream",
            ValueAxis("bottom", count_tick, whole=True),
            "Opportunities",
            "Stage",
            horizontal=True,
        )
        self.quadrant_chart = LineChart(
            "Quadrants over time",
            ValueAxis("left", count_tick, whole=True),
            "Opportunities",
            "Month (as it stood at the month's end)",
        )
        self.realisation_chart = BarChart(
            "Realisation by workstream",
            ValueAxis("bottom", percent_tick),
            "Realised as a percentage of planned",
            "Workstream",
            horizontal=True,
        )
        self.savings_card = ChartCard("Cashable savings by financial year: planned and actual", self.savings_chart)
        self.pipeline_card = ChartCard("Pipeline: opportunities by stage and workstream", self.pipeline_chart)
        self.quadrant_card = ChartCard("The quadrants over time", self.quadrant_chart)
        self.realisation_card = ChartCard(
            "Realisation: actual as a percentage of planned, by workstream", self.realisation_chart
        )
        self.charts = (self.savings_chart, self.pipeline_chart, self.quadrant_chart, self.realisation_chart)
        for chart in self.charts:
            chart.activated.connect(self.bar_activated)

        body = QWidget()
        body.setObjectName("dashboardBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        grid.addWidget(self.savings_card, 0, 0)
        grid.addWidget(self.pipeline_card, 0, 1)
        grid.addWidget(self.quadrant_card, 1, 0)
        grid.addWidget(self.realisation_card, 1, 1)
        for n in range(2):
            grid.setColumnStretch(n, 1)
            grid.setRowStretch(n, 1)
        for card in (self.savings_card, self.pipeline_card, self.quadrant_card, self.realisation_card):
            card.setMinimumSize(420, 300)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        layout.addLayout(heading)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.setTabOrder(self.savings_chart, self.pipeline_chart)
        self.setTabOrder(self.pipeline_chart, self.quadrant_chart)
        self.setTabOrder(self.quadrant_chart, self.realisation_chart)
        session.changed.connect(self.refresh)

    # ---------------------------------------------------------------------------------------- drawing

    def set_filter(self, register_filter: RegisterFilter) -> None:
        """Follow the register's filters (search, workstream, stage, quadrant, organisation, a chart's bar)."""
        if register_filter != self.filter:
            self.filter = register_filter
            self.refresh()

    def refresh(self) -> None:
        """Redraw now if the page is shown, else when it is next shown."""
        self.stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.redraw()

    def setFocus(self) -> None:  # type: ignore[override]  # noqa: N802
        self.savings_chart.setFocus()

    def chosen_ids(self) -> frozenset[str] | None:
        """The opportunities the register's filters show (None: all of them)."""
        if not self.filter.active:
            return None
        return frozenset(row.id for row in self.session.rows if self.filter.matches(row))

    def redraw(self) -> None:
        """Draw the figures for the register and filters as they are now: at once when they are known or quick
        to work out, else when a worker has worked them out."""
        self.stale = False
        data = self.session.data
        ids = self.chosen_ids()
        today = self.today()
        if self._figures_of is not data:
            self._figures = {}
            self._figures_of = data
        known = self._figures.get((ids, today))
        if known is not None:
            self._cancel_worker()
            self._draw(data, ids, today, known)
            return
        if len(data.benefit_lines) + len(data.opportunities) < BACKGROUND_FROM:
            self._cancel_worker()
            self._keep(data, ids, today, work_out(data, ids, self._placement_history(), today))
            return
        history = self._history if self._history_of is data else None  # else the worker reads it
        self._work_out_in_background(data, ids, today, history)

    @property
    def working(self) -> bool:
        """True while a worker works figures out that the page is waiting for."""
        return self._wanted is not None

    def _work_out_in_background(
        self, data: RegisterData, ids: frozenset[str] | None, today: date, history: list[dict[str, Any]] | None
    ) -> None:
        global _quit_hooked
        self._cancel_worker()
        wanted = (data, ids, today)
        path = self.session.register.path

        def call(_progress: object, cancelled: Callable[[], bool]) -> object:
            placements = history if history is not None else read_placement_history(path)
            return wanted, placements, work_out(data, ids, placements, today, cancelled)

        worker = CallWorker(call, None, cancelled_by=(Cancelled,), plain=(RegisterError, OSError))
        worker.succeeded.connect(self._on_worked_out)
        worker.failed.connect(self._on_work_failed)
        _running.add(worker)
        worker.finished.connect(lambda: _release(worker))
        app = QCoreApplication.instance()
        if not _quit_hooked and app is not None:
            app.aboutToQuit.connect(_finish_running_workers)
            _quit_hooked = True
        self._worker = worker
        self._wanted = wanted
        self.busy.show()
        worker.start()

    def _cancel_worker(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None
        self._wanted = None
        self.busy.hide()

    def cancel(self) -> None:
        """Stop working figures out (the register is closing)."""
        self._cancel_worker()

    def _on_worked_out(self, result: tuple[Any, list[dict[str, Any]], Figures]) -> None:
        wanted, history, figures = result
        if wanted[0] is self.session.data and self._history_of is not wanted[0]:
            self._history, self._history_of = history, wanted[0]  # kept for the next filter
        if wanted is not self._wanted:  # a register or filter since replaced: the worker's figures are kept unused
            return
        self._worker = None
        self._wanted = None
        self.busy.hide()
        data, ids, today = wanted
        if data is self.session.data:
            self._keep(data, ids, today, figures)

    def _on_work_failed(self, message: str) -> None:
        self._cancel_worker()
        self.summary.setText(f"The figures could not be worked out: {message}")

    def _keep(self, data: RegisterData, ids: frozenset[str] | None, today: date, figures: Figures) -> None:
        if len(self._figures) >= CACHED_FILTERS:
            self._figures.pop(next(iter(self._figures)))
        self._figures[(ids, today)] = figures
        self._draw(data, ids, today, figures)

    def _draw(self, data: RegisterData, ids: frozenset[str] | None, today: date, figures: Figures) -> None:
        self.draws += 1
        names = {org_id: org.short_name or org.name for org_id, org in data.organisations.items()}
        self._draw_savings(data, figures.savings, names, today)
        self._draw_pipeline(data, figures.pipeline)
        self._draw_quadrants(figures.months, figures.quadrants)
        self._draw_realisation(data, figures.realisation)
        self._write_summary(data, ids, figures.savings, today)

    def _write_summary(
        self,
        data: RegisterData,
        ids: frozenset[str] | None,
        figures: Sequence[benefits.YearPartnerFigure],
        today: date,
    ) -> None:
        total = len(data.opportunities)
        shown = total if ids is None else len(ids)
        scope = (
            "No opportunities in this register yet."
            if total == 0
            else f"All {_plural(total, 'opportunity', 'opportunities')}."
            if ids is None
            else f"{shown} of {_plural(total, 'opportunity', 'opportunities')}, as filtered in the register."
        )
        this_year = benefits.year_of(today)
        ended = [f for f in figures if f.year < this_year]
        coming = [f for f in figures if f.year >= this_year]
        parts = [scope]
        if ended:
            planned = sum(f.planned for f in ended)
            actual = sum(f.actual for f in ended)
            percent = percent_text(100 * actual / planned if planned else None)
            parts.append(
                f"{format_pounds_short(actual)} of cashable savings realised against {format_pounds_short(planned)} "
                f"planned to date ({percent}, {benefits.year_label(min(f.year for f in ended))} to "
                f"{benefits.year_label(this_year - 1)})."
            )
        if coming:
            planned = sum(f.planned for f in coming)
            last = benefits.year_label(max(f.year for f in coming))
            more = "more " if ended else ""
            parts.append(
                f"{format_pounds_short(planned)} {more}planned from {benefits.year_label(this_year)} to {last}."
            )
        if not figures and shown:
            parts.append("No cashable savings are recorded for these opportunities yet.")
        self.summary.setText(" ".join(parts))

    def _draw_savings(
        self,
        data: RegisterData,
        figures: Sequence[benefits.YearPartnerFigure],
        names: dict[str, str],
        today: date,
    ) -> None:
        this_year = benefits.year_of(today)
        years = list(range(min(f.year for f in figures), max(f.year for f in figures) + 1)) if figures else []
        totals: dict[str, int] = {}
        for figure in figures:
            totals[figure.organisation_id] = totals.get(figure.organisation_id, 0) + figure.planned
        partners = sorted(totals, key=lambda org: (-totals[org], names.get(org, "~")))  # largest at the bottom
        colours = partner_colours(names.items())
        by_key = {(f.year, f.organisation_id): f for f in figures}
        bars: list[Bar] = []
        words: list[str] = []
        for category, year in enumerate(years):
            label = benefits.year_label(year)
            planned_base = actual_base = 0
            parts: list[str] = []
            for org in partners:
                figure = by_key.get((year, org))
                if figure is None:
                    continue
                colour = colours.get(org, NO_COLOUR)
                name = names.get(org, "Unknown organisation")
                recorded = figure.actual or year < this_year
                actual = format_pounds(figure.actual) if recorded else "not yet recorded"
                tip = f"{label} · {name} · planned {format_pounds(figure.planned)} · actual {actual}"
                what = f"{label} · {name} · cashable savings"
                common = {"tip": tip, "label": what, "opportunity_ids": figure.opportunity_ids}
                bars.append(
                    Bar(
                        category,
                        planned_base,
                        figure.planned,
                        tint(colour, PLANNED_TINT),
                        colour,
                        offset=-PAIR_OFFSET,
                        thickness=PAIR_THICKNESS,
                        **common,
                    )
                )
                bars.append(
                    Bar(
                        category,
                        actual_base,
                        figure.actual,
                        colour,
                        "#ffffff",
                        offset=PAIR_OFFSET,
                        thickness=PAIR_THICKNESS,
                        **common,
                    )
                )
                planned_base += figure.planned
                actual_base += figure.actual
                parts.append(f"{name} {format_pounds(figure.planned)} planned, {actual}")
            year_actual = format_pounds(actual_base) if actual_base or year < this_year else "none recorded yet"
            words.append(f"{label}: planned {format_pounds(planned_base)}, actual {year_actual} ({'; '.join(parts)}).")
        self.savings_chart.set_bars(
            [benefits.year_label(year) for year in years],
            bars,
            empty="No cashable savings recorded yet",
            empty_top=10_000_000,  # £100k
        )
        self.savings_card.set_legend(
            [(colours.get(org, NO_COLOUR), names.get(org, "Unknown organisation")) for org in partners],
            "Left bar planned (light), right bar actual (solid).",
        )
        self.savings_chart.setAccessibleDescription(
            "Cashable savings by financial year, planned against actual, shared among partner organisations. "
            + (" ".join(words) if words else "None recorded yet.")
        )

    def _draw_pipeline(self, data: RegisterData, cells: Sequence[benefits.PipelineCell]) -> None:
        stages = list(Stage)
        index = {stage: n for n, stage in enumerate(stages)}
        workstreams = data.workstreams
        bars: list[Bar] = []
        bases = dict.fromkeys(stages, 0)
        parts: dict[Stage, list[str]] = {stage: [] for stage in stages}
        present: dict[str | None, str] = {}
        for cell in cells:
            workstream = workstreams.get(cell.workstream_id or "")
            name = workstream.name if workstream else "No workstream"
            colour = workstream.colour if workstream else NO_COLOUR
            present[cell.workstream_id] = colour
            count = _plural(cell.count, "opportunity", "opportunities")
            bars.append(
                Bar(
                    index[cell.stage],
                    bases[cell.stage],
                    cell.count,
                    colour,
                    "#ffffff",
                    tip=f"{cell.stage.label} · {name} · {count}",
                    label=f"{cell.stage.label} · {name}",
                    opportunity_ids=cell.opportunity_ids,
                )
            )
            bases[cell.stage] += cell.count
            parts[cell.stage].append(f"{name} {cell.count}")
        self.pipeline_chart.set_bars([stage.label for stage in stages], bars, empty="No opportunities")
        top = max(bases.values(), default=0)
        pad = max(top * 1.1, 1) * 0.012
        self.pipeline_chart.set_labels(
            [(total + pad, index[stage], str(total)) for stage, total in bases.items() if total]
        )
        ordered = sorted(present, key=lambda ws: (ws is None, workstreams[ws].name if ws in workstreams else ""))
        self.pipeline_card.set_legend(
            [(present[ws], workstreams[ws].name if ws in workstreams else "No workstream") for ws in ordered]
        )
        words = [f"{stage.label} {bases[stage]} ({', '.join(parts[stage])})" for stage in stages if bases[stage]]
        self.pipeline_chart.setAccessibleDescription(
            "Opportunities by stage and workstream: " + ("; ".join(words) or "none") + "."
        )

    def _placement_history(self) -> list[dict[str, Any]]:
        """The change log's placements, read once per load of the register."""
        if self._history is None or self._history_of is not self.session.data:
            self._history = self.session.register.placement_history()
            self._history_of = self.session.data
        return self._history

    def _draw_quadrants(self, months: Sequence[date], counts: Sequence[benefits.QuadrantCount]) -> None:
        labels = [f"{month:%b %Y}" for month in months]
        lines = [
            (q.value, QUADRANT_COLOURS[q], QUADRANT_SYMBOLS[q][0], [c.counts.get(q, 0) for c in counts])
            for q in QUADRANT_ORDER
        ]
        tips = [
            f"{label} · " + " · ".join(f"{q.value} {count.counts.get(q, 0)}" for q in QUADRANT_ORDER)
            for label, count in zip(labels, counts, strict=True)
        ]
        placed_ever = any(sum(c.counts.values()) for c in counts)
        if not placed_ever:
            lines = []  # no lines along nought under the message
        self.quadrant_chart.set_lines(
            labels, lines, tips, empty="" if placed_ever else "Nothing placed on the board yet"
        )
        self.quadrant_card.set_legend(
            [(QUADRANT_COLOURS[q], q.value) for q in QUADRANT_ORDER],
            "From the change log.",
            glyphs=[QUADRANT_SYMBOLS[q][1] for q in QUADRANT_ORDER],
        )
        self.quadrant_chart.setAccessibleDescription(
            f"Opportunities in each quadrant at the end of each month, {labels[0]} to {labels[-1]}. "
            + " ".join(tip.replace(" · ", ": ", 1).replace(" · ", ", ") + "." for tip in tips)
        )

    def _draw_realisation(self, data: RegisterData, rows: Sequence[benefits.Realisation]) -> None:
        workstreams = data.workstreams
        names = [workstreams[r.workstream_id].name if r.workstream_id in workstreams else "No workstream" for r in rows]
        bars: list[Bar] = []
        words: list[str] = []
        for category, (row, name) in enumerate(zip(rows, names, strict=True)):
            workstream = workstreams.get(row.workstream_id or "")
            colour = workstream.colour if workstream else NO_COLOUR
            percent = percent_text(row.percent)
            tip = (
                f"{name} · {percent} realised · actual {format_pounds(row.actual)} against "
                f"{format_pounds(row.planned)} planned to date"
            )
            words.append(
                f"{name} {percent}: {format_pounds(row.actual)} realised against {format_pounds(row.planned)}."
            )
            bars.append(
                Bar(
                    category,
                    0,
                    row.percent or 0,
                    colour,
                    colour,
                    tip=tip,
                    label=f"{name} · benefits realised to date",
                    opportunity_ids=row.opportunity_ids,
                    thickness=0.6,
                )
            )
        top = max((row.percent or 0 for row in rows), default=0)
        high = max(125.0, top * 1.18)
        self.realisation_chart.set_bars(
            names,
            bars,
            value_range=(0, high),
            empty="No benefits due so far: nothing to realise yet",
            headroom=0.3,
        )
        self.realisation_chart.set_reference(100 if rows else None, "100% of plan")
        self.realisation_chart.set_labels(
            [((row.percent or 0) + high * 0.012, n, percent_text(row.percent)) for n, row in enumerate(rows)],
            colour=TEXT,
            bold=True,
        )
        self.realisation_card.set_legend(
            [],
            "Benefits in pounds, over the years ended and any later year with an actual recorded.",
        )
        self.realisation_chart.setAccessibleDescription(
            "Benefits realised as a percentage of planned, by workstream. " + (" ".join(words) or "None due yet.")
        )
