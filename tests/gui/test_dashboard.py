"""The programme dashboard (issue 7) as a user drives it: the sample's figures on the charts, hover, a real click
on a bar narrowing the register (and the strip that says so and clears it), the register's filters followed,
lazy redraws, the keyboard path and what screen readers are told."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip

from bluelight_desktop.core import benefits
from bluelight_desktop.core.board import PLACED_QUADRANTS
from bluelight_desktop.core.edits import update
from bluelight_desktop.core.model import Stage
from bluelight_desktop.core.quadrant import Quadrant, Thresholds
from bluelight_desktop.core.register_view import RegisterFilter, build_rows
from bluelight_desktop.gui.app import make_application
from bluelight_desktop.gui.main_window import MainWindow

TODAY = date(2026, 11, 21)


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    make_application()
    win = MainWindow()
    win.today = lambda: TODAY
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(sample_path)
    return win


def dashboard(win: MainWindow):  # noqa: ANN201
    win.dashboard.show()
    QTest.qWait(0)
    return win.dashboard.page


def bar_items(chart):  # noqa: ANN001, ANN201
    """(middle, start, length) of every bar drawn, read back from the chart's BarGraphItem."""
    if not chart.bar_item.isVisible():
        return []
    opts = chart.bar_item.opts
    if chart.horizontal:
        drawn = zip(opts["y"], opts["x0"], opts["width"], strict=True)
    else:
        drawn = zip(opts["x"], opts["y0"], opts["height"], strict=True)
    return [(round(float(m), 3), float(s), float(n)) for m, s, n in drawn]


def shown_ids(win: MainWindow) -> set[str]:
    return {row.id for row in win.model.shown_rows}


def test_a_chart_filter_matches_only_its_opportunities(sample_path: Path) -> None:
    from bluelight_desktop.storage.register import open_register

    register = open_register(sample_path)
    data = register.load()
    register.close()
    rows = build_rows(data)
    chosen = frozenset(row.id for row in rows[:3])
    narrowed = RegisterFilter(opportunity_ids=chosen, label="2025/26 · LFRS")
    assert narrowed.active
    assert {row.id for row in rows if narrowed.matches(row)} == chosen
    assert RegisterFilter(opportunity_ids=chosen, label="other words") == narrowed  # the label is only words
    assert not RegisterFilter(label="words alone").active


def test_ctrl_6_builds_the_dashboard_once_and_keeps_the_filter_bar(window: MainWindow, qtbot) -> None:
    assert window.dashboard.tab.page is None  # nothing built (or imported) at open
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.dashboard.tab.page
    assert page is not None and window.views.currentWidget() is page
    assert window.views.tabText(window.views.currentIndex()) == "Dashboard"
    assert page.draws == 1
    assert window.filters.isVisible()  # the charts follow the register's filters, so they stay in view
    assert page.savings_chart.hasFocus()
    assert "All 36 opportunities" in page.summary.text()


def test_savings_chart_draws_the_domain_figures_by_year_and_partner(window: MainWindow) -> None:
    page = dashboard(window)
    data = window.session.data
    figures = benefits.savings_by_year(data)
    years = sorted({f.year for f in figures})
    assert page.savings_chart.categories == [benefits.year_label(y) for y in years]
    assert page.savings_chart.categories[0] == "2023/24"
    expected = Counter()
    for figure in figures:
        n = years.index(figure.year)
        expected[(round(n - 0.2, 3), float(figure.planned))] += 1
        if figure.actual:
            expected[(round(n + 0.2, 3), float(figure.actual))] += 1
    drawn = bar_items(page.savings_chart)
    assert Counter((middle, length) for middle, _start, length in drawn) == expected
    # Stacked: each year's planned (and actual) segments sit on one another from nought.
    for middle in {m for m, _s, _n in drawn}:
        column = sorted((s, n) for m, s, n in drawn if m == middle)
        assert column[0][0] == 0
        assert all(a[0] + a[1] == b[0] for a, b in zip(column, column[1:], strict=False))
    # The pounds axis reads as money.
    axis = page.savings_chart.value_axis
    assert axis.tickStrings([10_000_000, 120_000_000, 43_000_000], 1, 1) == ["£100k", "£1.2m", "£430k"]
    legend = page.savings_card.legend.text()
    assert all(name in legend for name in ("LFRS", "GMFRS", "NWAS", "LCC", "LC"))
    # The summary line in words: cashable savings to date (years ended) and what is still planned.
    ended = [f for f in figures if f.year < 2026]
    planned, actual = sum(f.planned for f in ended), sum(f.actual for f in ended)
    assert (planned, actual) == (52_200_000, 51_980_000)
    assert "£520k of cashable savings realised against £522k planned to date (99.6%" in page.summary.text()


def test_pipeline_quadrant_and_realisation_charts_draw_the_domain_figures(window: MainWindow) -> None:
    page = dashboard(window)
    data = window.session.data
    cells = benefits.pipeline(data)
    stages = list(Stage)
    drawn = bar_items(page.pipeline_chart)
    assert Counter((m, n) for m, _s, n in drawn) == Counter(
        (float(stages.index(c.stage)), float(c.count)) for c in cells
    )
    assert sum(n for _m, _s, n in drawn) == 36
    assert page.pipeline_chart.categories[:3] == ["Idea", "Scoping", "Business case"]

    rows = benefits.realisation_by_workstream(data, TODAY)
    names = [data.workstreams[r.workstream_id].name for r in rows]
    assert page.realisation_chart.categories == names
    assert [n for _m, _s, n in sorted(bar_items(page.realisation_chart))] == pytest.approx([r.percent for r in rows])
    assert [label.toPlainText() for label in page.realisation_chart.labels] == ["79%", "102%", "120%"]
    assert page.realisation_chart.reference.value() == 100 and page.realisation_chart.reference.isVisible()
    assert [label.toPlainText() for label in page.pipeline_chart.labels] == ["10", "15", "4", "1", "1", "4", "1"]

    history = window.session.register.placement_history()
    months = benefits.months_back(TODAY, 6)  # from the sample's first placement, Jun 2026
    counts = benefits.quadrant_counts_over_time(data, history, Thresholds(), months)
    assert page.quadrant_chart.categories == [f"{m:%b %Y}" for m in months]
    assert page.quadrant_chart.categories[0] == "Jun 2026"
    lines = {name: values for name, values in page.quadrant_chart.series}
    for quadrant in PLACED_QUADRANTS:
        assert lines[quadrant.value] == [c.counts[quadrant] for c in counts]
    assert lines[Quadrant.QUICK_WIN.value][-1] == 12


# Showing a tooltip raises its window, which the offscreen platform cannot do (and says so); harmless here.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_a_bar_shows_its_exact_figures(window: MainWindow) -> None:
    chart = dashboard(window).savings_chart
    index = next(n for n, t in enumerate(chart.targets) if t.tip.startswith("2025/26 · LFRS"))
    QTest.mouseMove(chart.viewport(), chart.target_point(index))
    assert chart.hover_text == "2025/26 · LFRS · planned £102,500 · actual £100,270"
    assert QToolTip.text() == chart.hover_text
    assert window.dashboard.page.savings_card.readout.text().startswith(chart.hover_text)
    future = next(n for n, t in enumerate(chart.targets) if t.tip.startswith("2027/28 · LC "))
    QTest.mouseMove(chart.viewport(), chart.target_point(future))
    assert chart.hover_text == "2027/28 · LC · planned £41,500 · actual not yet recorded"
    realisation = window.dashboard.page.realisation_chart
    QTest.mouseMove(realisation.viewport(), realisation.target_point(0))
    assert realisation.hover_text == "Response · 79% realised · actual £9,500 against £12,000 planned to date"


def test_clicking_a_bar_shows_exactly_its_opportunities_in_the_register(window: MainWindow, qtbot) -> None:
    page = dashboard(window)
    chart = page.savings_chart
    figure = next(
        f
        for f in benefits.savings_by_year(window.session.data)
        if f.year == 2025 and window.session.data.organisations[f.organisation_id].short_name == "LFRS"
    )
    # The actual bar (right of the year's middle), clicked with the mouse where it is drawn.
    index = next(n for n, t in enumerate(chart.targets) if t.tip.startswith("2025/26 · LFRS") and t.rect[0] > 2)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.target_point(index))
    assert window.views.currentWidget() is window.table
    assert shown_ids(window) == set(figure.opportunity_ids) and len(figure.opportunity_ids) == 5
    strip = window.filters.chart_strip
    assert strip.isVisible()
    assert window.filters.chart_label.text() == (
        "Showing 5 opportunities from the dashboard: 2025/26 · LFRS · cashable savings"
    )
    assert window.count_label.text().startswith("Showing 5 of 36")

    qtbot.mouseClick(window.filters.chart_clear, Qt.MouseButton.LeftButton)
    assert window.model.rowCount() == 36 and not strip.isVisible()

    # Esc clears it too, and Clear filters (Ctrl+Shift+L) clears it with the rest.
    window.dashboard.show()
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.target_point(index))
    assert window.model.rowCount() == 5
    qtbot.keyClick(window.table, Qt.Key.Key_Escape)
    assert window.model.rowCount() == 36 and not strip.isVisible()
    window.dashboard.show()
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.target_point(index))
    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.model.rowCount() == 36 and not strip.isVisible()


def test_clicking_a_pipeline_bar_narrows_the_register_and_the_board(window: MainWindow, qtbot) -> None:
    page = dashboard(window)
    chart = page.pipeline_chart
    index = next(n for n, t in enumerate(chart.targets) if t.label == "Scoping · Shared Support Services")
    behind = chart.targets[index].opportunity_ids
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.target_point(index))
    assert window.model.rowCount() == 8
    assert all(
        row.cells[5] == "Scoping" and row.cells[2] == "Shared Support Services" for row in window.model.shown_rows
    )
    window.show_board()
    assert window.filters.chart_strip.isVisible()  # the board shows under the same filter, said the same way
    assert window.board.filter.opportunity_ids == behind
    # The dashboard follows the register's filters, this one included: back on it, only that bar is left.
    window.dashboard.show()
    assert [t.opportunity_ids for t in chart.targets] == [behind]


def test_the_charts_follow_the_registers_filters(window: MainWindow, qtbot) -> None:
    page = dashboard(window)
    data = window.session.data
    filters = window.filters
    filters.workstream.setCurrentIndex(filters.workstream.findText("Response"))
    response = {o.id for o in data.opportunities.values() if data.workstreams[o.workstream_id].name == "Response"}
    assert page.draws == 2
    assert {t.label.split(" · ")[1] for t in page.pipeline_chart.targets} == {"Response"}
    assert sum(n for _m, _s, n in bar_items(page.pipeline_chart)) == len(response) == 6
    figures = benefits.savings_by_year(data, response)
    assert Counter(n for _m, _s, n in bar_items(page.savings_chart)) == Counter(
        [float(f.planned) for f in figures] + [float(f.actual) for f in figures if f.actual]
    )
    assert page.realisation_chart.categories == ["Response"]
    assert "6 of 36 opportunities, as filtered in the register" in page.summary.text()
    # A search narrows it further; clearing the filters brings everything back.
    qtbot.keyClicks(filters.search, "missing")
    assert {t.label for t in page.pipeline_chart.targets} == {"Implementation · Response"}
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert sum(n for _m, _s, n in bar_items(page.pipeline_chart)) == 36


def test_redraws_only_while_shown(window: MainWindow) -> None:
    page = dashboard(window)
    assert page.draws == 1
    window.show_table()
    data = window.session.data
    opportunity = next(o for o in data.opportunities.values() if o.stage is Stage.IDEA)
    changed = type(opportunity)(**{**opportunity.__dict__, "stage": Stage.SCOPING})
    assert window.session.apply(update(opportunity, changed, "Move on"))
    window.filters.stage.setCurrentIndex(window.filters.stage.findText("Scoping"))
    assert page.draws == 1 and page.stale  # changed and filtered while hidden: nothing drawn yet
    window.dashboard.show()
    assert page.draws == 2 and not page.stale
    assert sum(n for _m, _s, n in bar_items(page.pipeline_chart)) == 16  # 15 at scoping, and the one moved
    window.filters.reset()
    window.session.undo_stack.undo()  # shown: redrawn at once
    assert page.draws >= 3
    assert Counter(t.label.split(" · ")[0] for t in page.pipeline_chart.targets)["Idea"] == 4


def test_keyboard_moves_a_highlight_and_enter_filters_the_register(window: MainWindow, qtbot) -> None:
    page = dashboard(window)
    chart = page.savings_chart
    assert chart.hasFocus() and chart.current == 0
    assert chart._focus_mark.isVisible()  # the highlighted bar is shown, not only spoken
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.current == 1
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.current == len(chart.targets) - 1
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    qtbot.keyClick(chart, Qt.Key.Key_PageDown)  # the next year
    assert chart.targets[chart.current].tip.startswith("2024/25")
    assert page.savings_card.readout.text().startswith(chart.targets[chart.current].tip)
    assert "press Enter for its" in page.savings_card.readout.text()
    qtbot.keyClick(chart, Qt.Key.Key_PageUp)
    assert chart.targets[chart.current].tip.startswith("2023/24") and chart.current == 0
    # Tab reaches the next chart; Enter on a bar narrows the register to its opportunities.
    qtbot.keyClick(chart, Qt.Key.Key_Tab)
    pipeline = page.pipeline_chart
    assert pipeline.hasFocus()
    qtbot.keyClick(pipeline, Qt.Key.Key_Down)
    target = pipeline.targets[pipeline.current]
    qtbot.keyClick(pipeline, Qt.Key.Key_Return)
    assert window.views.currentWidget() is window.table
    assert shown_ids(window) == set(target.opportunity_ids)
    assert target.label in window.filters.chart_label.text()


def test_charts_are_named_and_described_for_screen_readers(window: MainWindow) -> None:
    page = dashboard(window)
    for chart in page.charts:
        assert chart.accessibleName()
        assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert page.savings_chart.accessibleName() == "Planned and actual cashable savings by financial year"
    savings = page.savings_chart.accessibleDescription()
    assert "2025/26: planned £182,000, actual £180,300" in savings
    assert "LFRS £102,500 planned, £100,270" in savings
    assert "Scoping 15 (" in page.pipeline_chart.accessibleDescription()
    assert "Nov 2026: Quick win 12, Major project 6" in page.quadrant_chart.accessibleDescription()
    assert "Response 79%: £9,500 realised against £12,000." in page.realisation_chart.accessibleDescription()
    assert window.filters.chart_clear.accessibleName() == "Clear the dashboard's filter"


def test_the_shortcuts_list_gives_the_dashboard_and_its_keys(window: MainWindow, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(
        "bluelight_desktop.gui.main_window.QMessageBox.information", lambda _parent, _title, text: shown.append(text)
    )
    window.show_shortcuts()
    (text,) = shown
    assert "<tr><td>Dashboard</td><td><b>Ctrl+6</b></td></tr>" in text
    assert "Clear the dashboard's filter</td><td><b>Esc" in text
    assert "show the bar's opportunities in the register</td><td><b>Enter" in text


def test_an_empty_register_says_so_rather_than_drawing_nothing(qtbot, tmp_path: Path) -> None:
    from bluelight_desktop.gui.session import RegisterSession
    from bluelight_desktop.storage.register import create_register

    make_application()
    win = MainWindow()
    win.today = lambda: TODAY
    qtbot.addWidget(win)
    win.show()
    win._attach(RegisterSession(create_register(tmp_path / "empty.bluelight", "Empty", "EMP")))
    page = dashboard(win)
    assert page.savings_chart.targets == [] and page.pipeline_chart.targets == []
    assert page.savings_chart._empty_text is not None
    assert page.summary.text() == "No opportunities in this register yet."
    assert page.quadrant_chart._empty_text is not None and page.quadrant_chart.targets  # the months, without lines
    assert page.savings_card.readout.text() == ""  # no "hover over a bar" with no bars


def test_closing_the_register_forgets_the_page(window: MainWindow, sample_path: Path) -> None:
    page = dashboard(window)
    window.close_register()
    assert window.dashboard.tab.page is None
    window.open_path(sample_path)
    rebuilt = dashboard(window)
    assert rebuilt is not page and rebuilt.draws == 1


def test_figures_are_kept_per_filter_until_the_register_changes(window: MainWindow, monkeypatch) -> None:
    from bluelight_desktop.gui.charts import dashboard as module

    worked = []
    real = module.work_out
    monkeypatch.setattr(module, "work_out", lambda *args, **kw: worked.append(args[1]) or real(*args, **kw))
    page = dashboard(window)
    filters = window.filters
    filters.workstream.setCurrentIndex(filters.workstream.findText("Response"))
    filters.workstream.setCurrentIndex(0)  # back to everything: drawn again from the figures kept
    filters.workstream.setCurrentIndex(filters.workstream.findText("Response"))
    assert page.draws == 4 and len(worked) == 2
    window.session.reload()  # the register changed: everything is worked out afresh
    assert len(worked) == 3 and page.draws == 5


def test_a_large_registers_figures_are_worked_out_off_the_ui_thread(window: MainWindow, qtbot, monkeypatch) -> None:
    import threading

    from bluelight_desktop.gui.charts import dashboard as module

    threads = []
    real = module.work_out

    def slow_work_out(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.get_ident())
        return real(*args, **kw)

    monkeypatch.setattr(module, "BACKGROUND_FROM", 0)
    monkeypatch.setattr(module, "work_out", slow_work_out)
    window.dashboard.show()
    page = window.dashboard.page
    assert page.working and page.busy.isVisibleTo(page) and page.draws == 0
    qtbot.waitUntil(lambda: not page.working, timeout=10_000)
    assert page.draws == 1 and not page.busy.isVisibleTo(page)
    assert threads and threads[0] != threading.get_ident()
    assert sum(n for _m, _s, n in bar_items(page.pipeline_chart)) == 36
    # Two filters chosen quickly: the first one's figures, if they come at all, are not drawn.
    filters = window.filters
    filters.workstream.setCurrentIndex(filters.workstream.findText("Response"))
    filters.workstream.setCurrentIndex(filters.workstream.findText("Training"))
    qtbot.waitUntil(lambda: not page.working, timeout=10_000)
    qtbot.wait(50)
    assert page.draws == 2
    assert {t.label.split(" · ")[1] for t in page.pipeline_chart.targets} == {"Training"}
    # Closing the register while figures are worked out leaves nothing running against a closed page.
    filters.workstream.setCurrentIndex(filters.workstream.findText("Response"))
    window.close_register()
    qtbot.waitUntil(lambda: not module._running, timeout=10_000)


def test_esc_in_presentation_mode_leaves_it_and_keeps_the_dashboards_filter(window: MainWindow, qtbot) -> None:
    page = dashboard(window)
    chart = page.pipeline_chart
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.target_point(0))
    shown = window.model.rowCount()
    assert window.filters.chart_strip.isVisible() and shown < 36
    window.enter_presentation()
    qtbot.keyClick(window.board.view, Qt.Key.Key_Escape)
    assert not window.presenting
    assert window.model.rowCount() == shown and window.filters.chart_strip.isVisible()
