"""The pack's benefits summary: what collaboration has delivered, in the figures the dashboard shows, drawn as
vector charts with `reportlab.graphics` (no Qt), each with a title, a legend and a table of its numbers under it
so they read in print and to a screen reader.

The figures come from `core.benefits` alone, over the whole register as the rest of the pack is: cashable
savings planned and actual by financial year, stacked by partner; realisation (actual as a percentage of
planned) per workstream; the pipeline of opportunities by stage and workstream; and the quadrant counts month by
month, replayed from the change log (`Register.placement_history`, passed in through `PackOptions`).

Every piece of text is set in the embedded DejaVu fonts: ReportLab's charts default to Helvetica, which is never
embedded (DESIGN.md, traps), so every label here names its font.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil, floor, log10
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer

from ..core.benefits import (
    PipelineCell,
    QuadrantCount,
    Realisation,
    YearPartnerFigure,
    financial_implications,
    months_back,
    pipeline,
    quadrant_counts_over_time,
    realisation_by_workstream,
    savings_by_year,
    year_label,
    year_of,
)
from ..core.board import BoardRules
from ..core.formatting import format_date, format_pounds, format_pounds_short
from ..core.model import AgendaItem, RegisterData, Stage
from ..core.quadrant import Quadrant
from .board_pdf import QUADRANT_INK, UNKNOWN_WORKSTREAM, colour_or
from .fonts import FONT_BOLD, FONT_REGULAR, register_fonts, text_width
from .pack_story import INK, MUTED, PORTRAIT, TABLE_SIZE, _table, text

SECTION_KEY = "benefits"
SECTION_TITLE = "Benefits summary"
FIGURES = (  # (destination key, title): the section's figures, in the order they are printed
    ("benefits-savings", "Cashable savings by financial year"),
    ("benefits-realisation", "Realisation by workstream"),
    ("benefits-pipeline", "The pipeline by stage and workstream"),
    ("benefits-quadrants", "The quadrants over time"),
)
MONTHS = 12  # the quadrant chart looks back this many months at most
MOST_SERIES = 6  # partners or workstreams drawn one by one; the rest are drawn together as "Others"
OTHERS = "~others"
NO_WORKSTREAM = "~none"

GRID = colors.HexColor("#dde2e8")
AXIS = colors.HexColor("#8a939c")
TARGET = colors.HexColor("#b3261e")
# Partners' colours, after Okabe and Ito's palette for colour-blind readers; planned bars take a light tint of them.
PARTNER_COLOURS = ("#1f5aa6", "#d55e00", "#2e7d32", "#7b3fa0", "#b08900", "#0f7c8c")
OTHERS_COLOUR = "#8a96a8"
QUADRANT_ORDER = (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT, Quadrant.BUSINESS_AS_USUAL, Quadrant.PARK)
QUADRANT_MARKERS = {
    Quadrant.QUICK_WIN: "FilledCircle",
    Quadrant.MAJOR_PROJECT: "FilledSquare",
    Quadrant.BUSINESS_AS_USUAL: "FilledDiamond",
    Quadrant.PARK: "FilledTriangle",
}
QUADRANT_DASHES: dict[Quadrant, list[float] | None] = {
    Quadrant.QUICK_WIN: None,
    Quadrant.MAJOR_PROJECT: [4, 2],
    Quadrant.BUSINESS_AS_USUAL: None,
    Quadrant.PARK: [1.5, 1.5],
}

COMPACT = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]  # tables of figures
LABEL_SIZE = 7.5
LEGEND_SIZE = 7.5
CHART_HEIGHT = 118.0


# ------------------------------------------------------------------------------------------------ figures


@dataclass(frozen=True)
class Series:
    """One coloured series in a chart and a column of its table: a partner or a workstream, or the rest."""

    key: str
    name: str
    colour: str


@dataclass(frozen=True)
class BenefitsFigures:
    """Everything the benefits summary prints, worked out from the register once (the tests read it too)."""

    published: date
    this_year: int
    savings: list[YearPartnerFigure]
    partners: list[Series]
    realisation: list[Realisation]
    pipeline: list[PipelineCell]
    workstreams: list[Series]
    quadrants: list[QuadrantCount]
    history_known: bool

    @property
    def years(self) -> list[int]:
        return sorted({f.year for f in self.savings})

    def partner_key(self, organisation_id: str) -> str:
        keys = {s.key for s in self.partners}
        return organisation_id if organisation_id in keys else OTHERS

    def year_totals(self, year: int) -> tuple[int, int]:
        """Planned and actual cashable savings of one financial year, all partners together (pence)."""
        chosen = [f for f in self.savings if f.year == year]
        return sum(f.planned for f in chosen), sum(f.actual for f in chosen)

    def by_partner(self, year: int) -> dict[str, tuple[int, int]]:
        """Planned and actual of one year per partner series key (others summed)."""
        out: dict[str, tuple[int, int]] = {}
        for figure in self.savings:
            if figure.year == year:
                key = self.partner_key(figure.organisation_id)
                planned, actual = out.get(key, (0, 0))
                out[key] = (planned + figure.planned, actual + figure.actual)
        return out

    def to_date(self) -> tuple[int, int]:
        """Planned and actual cashable savings over the financial years that have ended."""
        ended = [f for f in self.savings if f.year < self.this_year]
        return sum(f.planned for f in ended), sum(f.actual for f in ended)

    def shows_actual(self, year: int) -> bool:
        """A year's actual is printed once the year has ended or anything is recorded for it: a past year with
        nothing recorded shows £0 (a shortfall, not a gap); this year's shows once a figure is in."""
        return year < self.this_year or self.year_totals(year)[1] > 0


def benefits_figures(
    data: RegisterData,
    published: date,
    history: Sequence[Mapping[str, Any]] | None,
    rules: BoardRules | None = None,
) -> BenefitsFigures:
    """The figures of the benefits summary for the whole register as at `published`. `history` holds the change
    log's placement rows (Register.placement_history); without them only today's quadrant counts are known."""
    rules = rules or BoardRules.from_settings(data.settings)
    savings = savings_by_year(data)
    realisation = realisation_by_workstream(data, published)
    cells = pipeline(data)

    planned_by_partner: dict[str, int] = {}
    for figure in savings:
        planned_by_partner[figure.organisation_id] = planned_by_partner.get(figure.organisation_id, 0) + max(
            figure.planned, figure.actual
        )
    partners = _series(
        planned_by_partner,
        {org_id: org.short_name or org.name for org_id, org in data.organisations.items()},
        {},
        "Other partners",
    )
    counts: dict[str, int] = {}
    for cell in cells:
        key = cell.workstream_id if cell.workstream_id in data.workstreams else NO_WORKSTREAM
        counts[key] = counts.get(key, 0) + cell.count
    workstream_names = {ws_id: ws.name for ws_id, ws in data.workstreams.items()}
    workstream_names[NO_WORKSTREAM] = "No workstream"
    workstream_colours = {ws_id: colour_or(ws.colour, UNKNOWN_WORKSTREAM) for ws_id, ws in data.workstreams.items()}
    workstreams = _series(counts, workstream_names, workstream_colours, "Other workstreams", by_name=True)

    if history is None:
        counts_now = dict.fromkeys((q for q in Quadrant if q is not Quadrant.NOT_PLACED), 0)
        for opportunity in data.opportunities.values():
            quadrant = rules.quadrant(opportunity)
            if quadrant is not Quadrant.NOT_PLACED:
                counts_now[quadrant] += 1
        quadrants = [QuadrantCount(date(published.year, published.month, 1), counts_now)]
    else:
        months = months_back(published, MONTHS)
        quadrants = quadrant_counts_over_time(data, history, rules.thresholds, months)
        while len(quadrants) > 1 and not any(quadrants[0].counts.values()):
            quadrants.pop(0)  # months before anything was placed say nothing
    return BenefitsFigures(
        published,
        year_of(published),
        savings,
        partners,
        realisation,
        cells,
        workstreams,
        quadrants,
        history is not None,
    )


def _series(
    weights: Mapping[str, int],
    names: Mapping[str, str],
    colours: Mapping[str, str],
    others: str,
    by_name: bool = False,
) -> list[Series]:
    """The series a chart draws one by one: the heaviest MOST_SERIES (all, when there are no more than that
    and one), in name order, then "Others" for the rest. Without a colour of its own, a series takes the
    palette's next."""
    ranked = sorted(weights, key=lambda key: (-weights[key], names.get(key, "~")))
    shown = ranked if len(ranked) <= MOST_SERIES + 1 else ranked[:MOST_SERIES]
    shown.sort(
        key=lambda key: (
            (key == NO_WORKSTREAM, names.get(key, "~").casefold()) if by_name else names.get(key, "~").casefold()
        )
    )
    series = []
    for number, key in enumerate(shown):
        colour = colours.get(key) or PARTNER_COLOURS[number % len(PARTNER_COLOURS)]
        if key == NO_WORKSTREAM:
            colour = UNKNOWN_WORKSTREAM
        series.append(Series(key, names.get(key, "Not recorded"), colour))
    if len(shown) < len(ranked):
        series.append(Series(OTHERS, others, OTHERS_COLOUR))
    return series


def summary_sentence(figures: BenefitsFigures) -> str:
    """One plain sentence: cashable savings realised against planned to date, and this financial year's plan."""
    if not figures.savings:
        return (
            "The benefits register holds no cashable savings yet: record them on each opportunity's benefits "
            "and this page will chart them."
        )
    planned, actual = figures.to_date()
    this_year = year_label(figures.this_year)
    ended = format_date(date(figures.this_year, 3, 31))
    if planned:
        said = (
            f"In the financial years to {ended}, collaboration has realised {format_pounds(actual)} of cashable "
            f"savings against {format_pounds(planned)} planned ({_percent(100 * actual / planned)})"
        )
    else:
        said = f"No cashable savings were planned for the financial years to {ended}"
    year_planned, year_actual = figures.year_totals(figures.this_year)
    if year_planned:
        said += f"; {format_pounds(year_planned)} is planned for this financial year, {this_year}"
        if year_actual:
            said += f", of which {format_pounds(year_actual)} is recorded so far"
    else:
        said += f"; none is planned for this financial year, {this_year}"
    later = sum(f.planned for f in figures.savings if f.year > figures.this_year)
    if later:
        said += f", and {format_pounds(later)} in the years after"
    return said + "."


def _percent(value: float) -> str:
    """Whole percentages, but never 100% for what falls short of it or goes beyond it (99.6%)."""
    if round(value) == 100 and abs(value - 100) >= 0.05:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


# ------------------------------------------------------------------------------------------------ drawing


def tint(colour: str, amount: float) -> colors.Color:
    """`colour` mixed with white: 0 is the colour, 1 is white."""
    base = colors.HexColor(colour)
    return colors.Color(*(c + (1 - c) * amount for c in (base.red, base.green, base.blue)))


def nice_scale(top: float, ticks: int = 5, whole: bool = False) -> tuple[float, float]:
    """An axis maximum at or above `top` and a round step that divides it into about `ticks` parts; `whole`
    keeps the step a whole number (for counts)."""
    if top <= 0:
        return 1.0, 1.0
    raw = top / ticks
    if whole and raw <= 1:
        return float(ceil(top)), 1.0
    magnitude = 10 ** floor(log10(raw))
    step = magnitude * 10
    for multiple in (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            step = multiple * magnitude
            break
    return ceil(top / step - 1e-9) * step, step


def _label(value: str, x: float, y: float, size: float = LABEL_SIZE, **more: Any) -> String:
    return String(
        x,
        y,
        value,
        fontName=more.pop("fontName", FONT_REGULAR),
        fontSize=size,
        fillColor=more.pop("fillColor", INK),
        **more,
    )


def _style_axis_labels(chart: Any, category_angle: float = 0) -> None:
    """Every label of a chart in the embedded font (ReportLab's default is Helvetica)."""
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels):
        labels.fontName = FONT_REGULAR
        labels.fontSize = LABEL_SIZE
        labels.fillColor = INK
    chart.categoryAxis.labels.angle = category_angle
    chart.valueAxis.strokeColor = AXIS
    chart.categoryAxis.strokeColor = AXIS
    chart.valueAxis.strokeWidth = 0.6
    chart.categoryAxis.strokeWidth = 0.6
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.5
    if hasattr(chart, "barLabels"):
        chart.barLabels.fontName = FONT_REGULAR
        chart.barLabels.fontSize = LABEL_SIZE


Swatch = tuple[str, Any]  # ("box", colour), ("pair", (light, dark)), ("line", (colour, dashes, marker))


def legend(items: Sequence[tuple[Swatch, str]], width: float) -> tuple[Group, float]:
    """A legend laid out left to right, wrapping into rows within `width`: a group whose top is at y = 0
    (drawn downwards) and its height."""
    group = Group()
    size, gap, row_height = LEGEND_SIZE, 14.0, LEGEND_SIZE * 1.9
    x, y = 0.0, -size
    for swatch, name in items:
        swatch_width = {"box": size * 1.3, "pair": size * 2.5, "line": size * 2.6}[swatch[0]]
        label = name if len(name) <= 48 else name[:47] + "…"
        needed = swatch_width + 4 + text_width(label, FONT_REGULAR, size)
        if x > 0 and x + needed > width:
            x, y = 0.0, y - row_height
        group.add(_swatch(swatch, x, y, size, swatch_width))
        group.add(_label(label, x + swatch_width + 4, y, size))
        x += needed + gap
    return group, -y + size * 0.5


def _swatch(swatch: Swatch, x: float, y: float, size: float, width: float) -> Group:
    kind, value = swatch
    shapes = Group()
    box = size * 1.1
    bottom = y - size * 0.12
    if kind == "box":
        shapes.add(Rect(x, bottom, box, box, fillColor=colors.HexColor(value), strokeColor=None))
    elif kind == "pair":
        light, dark = value
        shapes.add(Rect(x, bottom, box, box, fillColor=light, strokeColor=dark, strokeWidth=0.5))
        shapes.add(Rect(x + box + 2, bottom, box, box, fillColor=dark, strokeColor=None))
    else:
        colour, dashes, marker = value
        middle = bottom + box / 2
        shapes.add(Line(x, middle, x + width, middle, strokeColor=colour, strokeWidth=1.4, strokeDashArray=dashes))
        if marker:
            symbol = makeMarker(marker, x=x + width / 2, y=middle, size=5, fillColor=colour, strokeColor=colour)
            shapes.add(symbol)
    return shapes


def _drawing(width: float, legend_items: Sequence[tuple[Swatch, str]], plot_height: float) -> Drawing:
    """A drawing with the legend across its top and `plot_height` below the legend for the chart."""
    group, legend_height = legend(legend_items, width)
    drawing = Drawing(width, plot_height + legend_height + 8)
    # The renderer starts each drawing in its initial font, Helvetica unless told: a Tf naming a font that is
    # never embedded, even when every label names its own.
    drawing.initialFontName, drawing.initialFontSize = FONT_REGULAR, LABEL_SIZE
    group.translate(0, drawing.height)
    drawing.add(group)
    return drawing


def savings_chart(figures: BenefitsFigures, width: float) -> Drawing:
    """Planned (light, left) against actual (dark, right) cashable savings by financial year, each bar stacked
    by partner. Axis in pounds (£1.2m), years as 2026/27."""
    years = figures.years
    partners = figures.partners
    planned_rows = [[0.0] * len(years) for _ in partners]
    actual_rows = [[0.0] * len(years) for _ in partners]
    index = {series.key: n for n, series in enumerate(partners)}
    for column, year in enumerate(years):
        for key, (planned, actual) in figures.by_partner(year).items():
            planned_rows[index[key]][column] = planned / 100
            actual_rows[index[key]][column] = actual / 100
    items: list[tuple[Swatch, str]] = [
        (("pair", (colors.white, INK)), "Planned (light, left), actual (dark, right):"),
        *((("pair", (tint(s.colour, 0.62), colors.HexColor(s.colour))), s.name) for s in partners),
    ]
    plot_height = CHART_HEIGHT
    drawing = _drawing(width, items, plot_height)
    tallest = max(
        [sum(col) for col in zip(*planned_rows, strict=True)] + [sum(c) for c in zip(*actual_rows, strict=True)]
    )
    top, step = nice_scale(tallest)
    chart = VerticalBarChart()
    axis_room = max(text_width(format_pounds_short(round(top * 100)), FONT_REGULAR, LABEL_SIZE), 20) + 8
    chart.x, chart.y = axis_room, 16
    chart.width, chart.height = width - axis_room - 4, plot_height - 22
    chart.data = planned_rows + actual_rows
    chart.categoryAxis.categoryNames = [year_label(y) for y in years]
    chart.categoryAxis.style = "mixed"
    chart.seriesOrder = [list(range(len(partners))), list(range(len(partners), 2 * len(partners)))]
    chart.groupSpacing = 10
    chart.barSpacing = 2
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = lambda value: format_pounds_short(round(value * 100))
    _style_axis_labels(chart)
    chart.categoryAxis.labels.dy = -3
    for n, series in enumerate(partners):
        chart.bars[n].fillColor = tint(series.colour, 0.62)
        chart.bars[n].strokeColor = colors.HexColor(series.colour)
        chart.bars[n].strokeWidth = 0.5
        chart.bars[len(partners) + n].fillColor = colors.HexColor(series.colour)
        chart.bars[len(partners) + n].strokeColor = None
    drawing.add(chart)
    return drawing


def realisation_chart(figures: BenefitsFigures, data: RegisterData, width: float) -> Drawing:
    """Actual as a percentage of planned per workstream, one bar each in its workstream's colour, with the
    100% line dashed across."""
    rows = [r for r in figures.realisation if r.percent is not None]
    names = [_workstream_name(data, r.workstream_id) for r in rows]
    items: list[tuple[Swatch, str]] = [(("line", (TARGET, [3, 2], None)), "100%: all that was planned realised")]
    bar_room = 16.0
    plot_height = max(56.0, bar_room * len(rows) + 20)
    drawing = _drawing(width, items, plot_height)
    percents = [r.percent or 0.0 for r in rows]
    top, step = nice_scale(max([120.0, *(p * 1.08 for p in percents)]), 6)
    chart = HorizontalBarChart()
    label_room = min(160.0, max(text_width(n, FONT_REGULAR, LABEL_SIZE) for n in names) + 10)
    chart.x, chart.y = label_room, 14
    chart.width, chart.height = width - label_room - 30, plot_height - 18
    chart.data = [list(reversed(percents))]  # the first workstream at the top
    chart.categoryAxis.categoryNames = [_elide(n, label_room - 10) for n in reversed(names)]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f}%"
    chart.barWidth = 10
    chart.groupSpacing = 6
    _style_axis_labels(chart)
    chart.barLabelFormat = lambda value: _percent(value)
    chart.barLabels.nudge = 12
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = -8
    for n, row in enumerate(reversed(rows)):
        workstream = data.workstreams.get(row.workstream_id or "")
        chart.bars[(0, n)].fillColor = colors.HexColor(
            colour_or(workstream.colour if workstream else None, UNKNOWN_WORKSTREAM)
        )
        chart.bars[(0, n)].strokeColor = None

    def hundred(chart: Any, _category_scale: Any, value_scale: Any) -> Line:
        x = value_scale(100)
        return Line(
            x, chart.y - 3, x, chart.y + chart.height + 3, strokeColor=TARGET, strokeWidth=1, strokeDashArray=[3, 2]
        )

    chart.annotations = [hundred]
    drawing.add(chart)
    return drawing


def pipeline_chart(figures: BenefitsFigures, data: RegisterData, width: float) -> Drawing:
    """Opportunities at each stage (idea at the top), each bar stacked by workstream."""
    stages = list(Stage)
    workstreams = figures.workstreams
    index = {s.key: n for n, s in enumerate(workstreams)}
    rows = [[0] * len(stages) for _ in workstreams]
    for cell in figures.pipeline:
        key = _pipeline_key(figures, data, cell.workstream_id)
        rows[index[key]][stages.index(cell.stage)] += cell.count
    items: list[tuple[Swatch, str]] = [(("box", s.colour), s.name) for s in workstreams]
    plot_height = 14.0 * len(stages) + 22
    drawing = _drawing(width, items, plot_height)
    totals = [sum(column) for column in zip(*rows, strict=True)] if rows else [0] * len(stages)
    top, step = nice_scale(max([5, *totals]), 5, whole=True)
    chart = HorizontalBarChart()
    label_room = max(text_width(s.label, FONT_REGULAR, LABEL_SIZE) for s in stages) + 10
    chart.x, chart.y = label_room, 14
    chart.width, chart.height = width - label_room - 24, plot_height - 18
    chart.data = [list(reversed(row)) for row in rows] or [[0] * len(stages)]
    chart.categoryAxis.categoryNames = [s.label for s in reversed(stages)]
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f}"
    chart.barWidth = 9
    chart.groupSpacing = 5
    _style_axis_labels(chart)
    for n, series in enumerate(workstreams):
        chart.bars[n].fillColor = colors.HexColor(series.colour)
        chart.bars[n].strokeColor = colors.white
        chart.bars[n].strokeWidth = 0.4

    def totals_at_ends(chart: Any, _category_scale: Any, value_scale: Any) -> Group:
        labels = Group()
        for n, total in enumerate(reversed(totals)):
            if total:
                y = chart.categoryAxis.midScale(n) - LABEL_SIZE * 0.35
                labels.add(_label(str(total), value_scale(total) + 3, y, fillColor=MUTED))
        return labels

    chart.annotations = [totals_at_ends]
    drawing.add(chart)
    return drawing


def quadrant_chart(figures: BenefitsFigures, width: float) -> Drawing:
    """How many opportunities stood in each quadrant at the end of each month: one line per quadrant, each in
    the board's quadrant colour with its own marker and dash."""
    months = figures.quadrants
    items: list[tuple[Swatch, str]] = [
        (("line", (colors.HexColor(QUADRANT_INK[q]), QUADRANT_DASHES[q], QUADRANT_MARKERS[q])), q.value)
        for q in QUADRANT_ORDER
    ]
    plot_height = 130.0
    drawing = _drawing(width, items, plot_height)
    top, step = nice_scale(max([5, *(max(m.counts.values(), default=0) for m in months)]), 5, whole=True)
    chart = HorizontalLineChart()
    chart.x, chart.y = 24, 26
    chart.width, chart.height = width - 32, plot_height - 30
    chart.data = [[m.counts.get(q, 0) for m in months] for q in QUADRANT_ORDER]
    chart.categoryAxis.categoryNames = [month_label(m.month, n == 0) for n, m in enumerate(months)]
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f}"
    _style_axis_labels(chart)
    chart.joinedLines = 1
    for n, quadrant in enumerate(QUADRANT_ORDER):
        colour = colors.HexColor(QUADRANT_INK[quadrant])
        chart.lines[n].strokeColor = colour
        chart.lines[n].strokeWidth = 1.4
        chart.lines[n].strokeDashArray = QUADRANT_DASHES[quadrant]
        chart.lines[n].symbol = makeMarker(QUADRANT_MARKERS[quadrant], size=5, fillColor=colour, strokeColor=colour)
    drawing.add(chart)
    return drawing


def month_label(month: date, first: bool) -> str:
    """ "Jun" under a month, with its year below at January and at the first month shown."""
    return f"{month:%b}\n{month.year}" if first or month.month == 1 else f"{month:%b}"


def _workstream_name(data: RegisterData, workstream_id: str | None) -> str:
    workstream = data.workstreams.get(workstream_id or "")
    return workstream.name if workstream else "No workstream"


def _pipeline_key(figures: BenefitsFigures, data: RegisterData, workstream_id: str | None) -> str:
    """The series a pipeline cell's workstream is drawn in."""
    key = workstream_id if workstream_id in data.workstreams else NO_WORKSTREAM
    return key if key in {s.key for s in figures.workstreams} else OTHERS


def _elide(value: str, width: float) -> str:
    if text_width(value, FONT_REGULAR, LABEL_SIZE) <= width:
        return value
    while value and text_width(value + "…", FONT_REGULAR, LABEL_SIZE) > width:
        value = value[:-1]
    return value.rstrip() + "…"


# ------------------------------------------------------------------------------------------------ the page


def benefits_story(
    data: RegisterData, figures: BenefitsFigures, width: float, heading: Any, styles: Any
) -> list[Flowable]:
    """The section's flowables: its heading, the summary sentence and the four figures, each a title, a line
    saying what it shows, the chart and the table of its numbers. `heading(markup, style, key)` makes a heading
    that is a destination and bookmark (pack_story.Heading); `styles` is pack_story.Styles."""

    register_fonts()
    out: list[Flowable] = [
        NextPageTemplate(PORTRAIT),
        PageBreak(),
        heading(text(SECTION_TITLE), styles.title, SECTION_KEY),
        Paragraph(text(summary_sentence(figures)), styles.body),
        Paragraph(
            text(
                f"From the benefits register as at {format_date(figures.published)}, over every opportunity in it; "
                "financial years run April to March."
            ),
            styles.muted,
        ),
    ]
    blocks = {
        "benefits-savings": (
            "Planned against actual in each financial year, each bar stacked by partner as the lines share them.",
            lambda: savings_chart(figures, width),
            _savings_table,
        ),
        "benefits-realisation": (
            "Every benefit in pounds, actual as a percentage of planned, for the years ended and any later year "
            "already measured.",
            lambda: realisation_chart(figures, data, width),
            _realisation_table,
        ),
        "benefits-pipeline": (
            "How many opportunities stand at each stage, by workstream.",
            lambda: pipeline_chart(figures, data, width),
            _pipeline_table,
        ),
        "benefits-quadrants": (_quadrants_intro(figures), lambda: quadrant_chart(figures, width), _quadrant_table),
    }
    for key, title in FIGURES:
        intro, chart, table = blocks[key]
        empty = _empty_reason(key, figures)
        block: list[Flowable] = [
            heading(text(title), styles.subtitle, key),
            Paragraph(text(intro), styles.muted),
        ]
        if empty:
            block.append(Paragraph(text(empty), styles.body))
        else:
            block += [Spacer(1, 2), chart(), Spacer(1, 6), table(data, figures, width, styles)]
        out.append(KeepTogether(block))
    return out


def _quadrants_intro(figures: BenefitsFigures) -> str:
    if not figures.history_known:
        return "The change log was not available to this pack, so only today's counts are shown."
    return "How many opportunities stood in each quadrant of the board at the end of each month, from the change log."


def _empty_reason(key: str, figures: BenefitsFigures) -> str:
    if key == "benefits-savings" and not figures.savings:
        return "No cashable savings are recorded in the benefits register yet."
    if key == "benefits-realisation" and not any(r.percent is not None for r in figures.realisation):
        return "Nothing has fallen due to be realised yet: no year with benefits in pounds has ended."
    if key == "benefits-pipeline" and not figures.pipeline:
        return "The register holds no opportunities yet."
    if key == "benefits-quadrants" and not any(any(m.counts.values()) for m in figures.quadrants):
        return "No opportunity has been placed on the board yet."
    return ""


def _savings_table(data: RegisterData, figures: BenefitsFigures, width: float, styles: Any) -> Flowable:
    partners = figures.partners
    rows: list[list[Any]] = []
    extra: list[tuple[Any, ...]] = [("ALIGN", (2, 0), (-1, -1), "RIGHT")]
    totals = {"Planned": 0, "Actual": 0}
    for year in figures.years:
        parts = figures.by_partner(year)
        planned, actual = figures.year_totals(year)
        rows.append(
            [year_label(year), "Planned", *(_money(parts.get(s.key, (0, 0))[0]) for s in partners), _money(planned)]
        )
        totals["Planned"] += planned
        if figures.shows_actual(year):
            rows.append(["", "Actual", *(_money(parts.get(s.key, (0, 0))[1]) for s in partners), _money(actual)])
            extra.append(("TEXTCOLOR", (1, len(rows)), (1, len(rows)), MUTED))
            extra.append(("NOSPLIT", (0, len(rows) - 1), (-1, len(rows))))
            totals["Actual"] += actual
    planned_all = [sum(figures.by_partner(y).get(s.key, (0, 0))[0] for y in figures.years) for s in partners]
    actual_all = [sum(figures.by_partner(y).get(s.key, (0, 0))[1] for y in figures.years) for s in partners]
    rows.append(["All years", "Planned", *(_money(v) for v in planned_all), _money(totals["Planned"])])
    rows.append(["", "Actual", *(_money(v) for v in actual_all), _money(totals["Actual"])])
    # Columns as wide as their widest figure (set bold, as totals are), the spare room shared out; when the
    # figures cannot all fit, the table's type gets smaller rather than figures running into one another.
    fixed = [48.0, 46.0]
    size = TABLE_SIZE
    need = _column_needs(rows, size)
    while sum(need) > width - sum(fixed) and size > 6.5:
        size -= 0.25
        need = _column_needs(rows, size)
    spare = max(0.0, width - sum(fixed) - sum(need)) / len(need)
    widths = [*fixed, *(n + spare for n in need)]
    # Partners' names wrap in their column's heading (a long name is cut short only past its second line).
    right = ParagraphStyle("head_right", parent=styles.cell_head, alignment=TA_RIGHT, fontSize=size, leading=size * 1.2)
    names = [
        Paragraph(text(_elide_to(s.name, 2 * (w - 8), size)), right) for s, w in zip(partners, widths[2:], strict=False)
    ]
    extra += [
        ("FONTNAME", (0, -2), (-1, -1), FONT_BOLD),
        ("FONTNAME", (-1, 1), (-1, -1), FONT_BOLD),
        ("LINEABOVE", (0, -2), (-1, -2), 0.8, MUTED),
        ("NOSPLIT", (0, -2), (-1, -1)),
        ("TEXTCOLOR", (1, -1), (1, -1), MUTED),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size * 1.25),
    ]
    return _table([["Year", "", *names, "Total"], *rows], widths, stripes=False, extra=[*COMPACT, *extra])


def _column_needs(rows: Sequence[Sequence[str]], size: float) -> list[float]:
    """The width each figure column (after the year and Planned/Actual) needs for its widest cell."""
    columns = len(rows[0]) - 2
    return [max(text_width(row[2 + n], FONT_BOLD, size) for row in rows) + 8 for n in range(columns)]


def _realisation_table(data: RegisterData, figures: BenefitsFigures, width: float, styles: Any) -> Flowable:
    widths = [width - 3 * 90, 90, 90, 90]
    rows: list[list[Any]] = [["Workstream", "Planned to date", "Actual to date", "Realised"]]
    planned = actual = 0
    for row in figures.realisation:
        if row.percent is None:
            continue
        rows.append(
            [
                _elide_to(_workstream_name(data, row.workstream_id), widths[0] - 8),
                format_pounds(row.planned),
                format_pounds(row.actual),
                _percent(row.percent),
            ]
        )
        planned, actual = planned + row.planned, actual + row.actual
    rows.append(
        [
            "All workstreams",
            format_pounds(planned),
            format_pounds(actual),
            _percent(100 * actual / planned) if planned else "–",
        ]
    )
    extra = [
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
        ("BACKGROUND", (0, -1), (-1, -1), colors.white),
    ]
    return _table(rows, widths, stripes=False, extra=[*COMPACT, *extra])


def _pipeline_table(data: RegisterData, figures: BenefitsFigures, width: float, styles: Any) -> Flowable:
    workstreams = figures.workstreams
    first, last = 96.0, 44.0
    rest = (width - first - last) / max(1, len(workstreams))
    widths = [first, *([rest] * len(workstreams)), last]
    right = ParagraphStyle("head_right", parent=styles.cell_head, alignment=TA_RIGHT)
    header: list[Any] = ["Stage", *(Paragraph(text(s.name), right) for s in workstreams), "Total"]
    rows: list[list[Any]] = [header]
    index = {s.key: n for n, s in enumerate(workstreams)}
    by_stage: dict[Stage, list[int]] = {}
    for cell in figures.pipeline:
        counts = by_stage.setdefault(cell.stage, [0] * len(workstreams))
        counts[index[_pipeline_key(figures, data, cell.workstream_id)]] += cell.count
    for stage in Stage:
        if stage in by_stage:
            counts = by_stage[stage]
            rows.append([stage.label, *(str(c) if c else "–" for c in counts), str(sum(counts))])
    columns = [sum(c[n] for c in by_stage.values()) for n in range(len(workstreams))]
    rows.append(["All stages", *(str(c) for c in columns), str(sum(columns))])
    extra = [
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
        ("FONTNAME", (-1, 1), (-1, -1), FONT_BOLD),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
        ("BACKGROUND", (0, -1), (-1, -1), colors.white),
    ]
    return _table(rows, widths, stripes=False, extra=[*COMPACT, *extra])


def _quadrant_table(data: RegisterData, figures: BenefitsFigures, width: float, styles: Any) -> Flowable:
    months = figures.quadrants
    first = 100.0
    rest = min(58.0, (width - first) / max(1, len(months)))
    widths = [first, *([rest] * len(months))]
    one_line = text_width("Sep 2026", FONT_BOLD, TABLE_SIZE) + 8 <= rest
    right = ParagraphStyle("head_right", parent=styles.cell_head, alignment=TA_RIGHT)
    header = [f"{m.month:%b %Y}" if one_line else Paragraph(f"{m.month:%b}<br/>{m.month.year}", right) for m in months]
    rows: list[list[Any]] = [["Quadrant", *header]]
    for quadrant in QUADRANT_ORDER:
        rows.append([quadrant.value, *(str(m.counts.get(quadrant, 0)) for m in months)])
    return _table(
        rows, widths, extra=[*COMPACT, ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
    )


def _money(pence: int) -> str:
    return format_pounds(pence) if pence else "–"


def _elide_to(value: str, width: float, size: float = TABLE_SIZE) -> str:
    if text_width(value, FONT_BOLD, size) <= width:
        return value
    while value and text_width(value + "…", FONT_BOLD, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


# ------------------------------------------------------------------------------------------------ papers


def drafted_financial_implications(data: RegisterData, item: AgendaItem) -> str:
    """What a paper's Financial implications print when its author left the heading empty: the text drafted
    from its opportunity's benefit and cost lines (core.benefits.financial_implications), or "" when the
    author wrote the heading or there is nothing to draft from."""
    if item.financial_implications.strip():
        return ""
    opportunity = data.opportunities.get(item.opportunity_id or "")
    if opportunity is None:
        return ""
    return financial_implications(data, opportunity)
