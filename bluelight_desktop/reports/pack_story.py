"""What a meeting pack says: its plan (the contents, from the register alone) and its story (ReportLab
flowables), section by section. `pack.py` lays the story out on the pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..core.board import BoardRules
from ..core.formatting import format_date, format_pounds
from ..core.governance import (
    actions_log,
    agenda_minutes,
    agenda_of,
    decisions_since_previous,
    meeting_reference,
    meeting_title,
    previous_meeting,
    start_times,
)
from ..core.model import (
    NONE_IDENTIFIED,
    PAPER_HEADINGS,
    AgendaItem,
    AttendanceStatus,
    Meeting,
    Opportunity,
    RegisterData,
)
from ..core.quadrant import Quadrant
from .board_pdf import BoardFlowable
from .board_pdf import wrap as wrap_text
from .fonts import FONT_BOLD, FONT_REGULAR, register_fonts, text_width
from .pack import LANDSCAPE, PORTRAIT, ContentsEntry, PackDocument, PackError, PackRecorder, Section, long_date

INK = colors.HexColor("#1d232b")
MUTED = colors.HexColor("#56606b")
RULE = colors.HexColor("#b7bec6")
HEAD_FILL = colors.HexColor("#e4e8ed")
STRIPE = colors.HexColor("#f5f7f9")
BOX_FILL = colors.HexColor("#f1f4f8")
BOX_EDGE = colors.HexColor("#9aa8b8")
WARNING = colors.HexColor("#b3261e")
ACCENT = colors.HexColor("#23466e")

BODY_SIZE = 9.5
TABLE_SIZE = 8.5


def _style(name: str, size: float, leading: float | None = None, **more: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=more.pop("fontName", FONT_REGULAR),
        fontSize=size,
        leading=leading or size * 1.32,
        textColor=more.pop("textColor", INK),
        bulletFontName=FONT_REGULAR,
        **more,
    )


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle = field(default_factory=lambda: _style("body", BODY_SIZE, spaceAfter=5))
    bullet: ParagraphStyle = field(
        default_factory=lambda: _style("bullet", BODY_SIZE, spaceAfter=3, leftIndent=14, bulletIndent=3)
    )
    muted: ParagraphStyle = field(default_factory=lambda: _style("muted", 8.5, textColor=MUTED, spaceAfter=4))
    label: ParagraphStyle = field(
        default_factory=lambda: _style("label", 8.5, fontName=FONT_BOLD, textColor=ACCENT, spaceAfter=2)
    )
    title: ParagraphStyle = field(
        default_factory=lambda: _style("title", 17, 21, fontName=FONT_BOLD, spaceAfter=6, keepWithNext=1)
    )
    subtitle: ParagraphStyle = field(
        default_factory=lambda: _style("subtitle", 12, 15, fontName=FONT_BOLD, spaceBefore=10, spaceAfter=5)
    )
    heading: ParagraphStyle = field(
        default_factory=lambda: _style("heading", 11, 14, fontName=FONT_BOLD, spaceBefore=9, spaceAfter=3)
    )
    cell: ParagraphStyle = field(default_factory=lambda: _style("cell", TABLE_SIZE, TABLE_SIZE * 1.25))
    cell_bold: ParagraphStyle = field(
        default_factory=lambda: _style("cell_bold", TABLE_SIZE, TABLE_SIZE * 1.25, fontName=FONT_BOLD)
    )
    cell_head: ParagraphStyle = field(
        default_factory=lambda: _style("cell_head", TABLE_SIZE, TABLE_SIZE * 1.25, fontName=FONT_BOLD)
    )
    contents: ParagraphStyle = field(default_factory=lambda: _style("contents", 10.5, 14))
    contents_top: ParagraphStyle = field(default_factory=lambda: _style("contents_top", 10.5, 14, fontName=FONT_BOLD))
    cover_register: ParagraphStyle = field(
        default_factory=lambda: _style("cover_register", 12, 15, textColor=MUTED, spaceAfter=10)
    )
    cover_board: ParagraphStyle = field(
        default_factory=lambda: _style("cover_board", 26, 31, fontName=FONT_BOLD, spaceAfter=8)
    )
    cover_kind: ParagraphStyle = field(
        default_factory=lambda: _style("cover_kind", 15, 19, textColor=ACCENT, spaceAfter=24)
    )
    cover_marking: ParagraphStyle = field(
        default_factory=lambda: _style("cover_marking", 16, 20, fontName=FONT_BOLD, alignment=TA_CENTER)
    )
    cover_note: ParagraphStyle = field(
        default_factory=lambda: _style("cover_note", 9, 12, textColor=MUTED, alignment=TA_CENTER)
    )


def text(value: str) -> str:
    """Paragraph markup for plain text: escaped, spaces kept readable."""
    return escape(" ".join(value.split()))


def paragraphs(value: str, styles: Styles) -> list[Flowable]:
    """A paper's text as paragraphs: one per line; lines starting "- ", "* " or "• " become bullets;
    empty text reads "None identified", as the seed papers do."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if not lines:
        return [Paragraph(NONE_IDENTIFIED, styles.body)]
    out: list[Flowable] = []
    for line in lines:
        if line[:2] in ("- ", "* ", "• "):
            out.append(Paragraph(text(line[2:]), styles.bullet, bulletText="•"))
        else:
            out.append(Paragraph(text(line), styles.body))
    return out


# -------------------------------------------------------------------------------------------- flowables


class Heading(Paragraph):  # type: ignore[misc]
    """A heading that is a PDF destination and outline entry (by key), and never splits across pages."""

    def __init__(self, markup: str, style: ParagraphStyle, keys: Sequence[str], recorder: PackRecorder) -> None:
        super().__init__(markup, style)
        self.keys = tuple(keys)
        self.recorder = recorder

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        for key in self.keys:
            self.recorder.mark(self.canv, key, self.height + self.style.fontSize * 0.4)
        super().draw()


class PageRef(Flowable):  # type: ignore[misc]
    """The page a destination is on, right-aligned and linked to it: a form defined once the pack is laid out."""

    def __init__(self, recorder: PackRecorder, key: str, size: float, bold: bool = False) -> None:
        super().__init__()
        self.recorder, self.key, self.size, self.bold = recorder, key, size, bold
        self.form = recorder.page_form(key, size, bold)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.size * 1.25
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(self.width, self.height - self.size)
        canvas.doForm(self.form)
        canvas.restoreState()
        canvas.linkRect("", self.key, (self.width - 30, 0, self.width, self.height), relative=1, thickness=0)


class PackBoard(BoardFlowable):  # type: ignore[misc]
    """The board as large as the page allows, with a line under it kept for a note when crowded cards overlap
    (known only once board_pdf has laid them out)."""

    NOTE = 14.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height - self.NOTE)
        return width, height + self.NOTE

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(0, self.NOTE)
        super().draw()
        canvas.restoreState()
        if self.layout is not None and self.layout.overlapping:
            canvas.setFillColor(MUTED)
            canvas.setFont(FONT_REGULAR, 7.5)
            canvas.drawString(
                0, 2, "Some cards overlap where a quadrant is crowded: the register appendix lists every opportunity."
            )


def _table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    stripes: bool = True,
    extra: Iterable[tuple[Any, ...]] = (),
) -> Table:
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
        ("LEADING", (0, 0), (-1, -1), TABLE_SIZE * 1.25),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        style += [
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ]
    if stripes:
        style.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, STRIPE]))
    style += list(extra)
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


class Lines(Flowable):  # type: ignore[misc]
    """Plain lines of text in a table cell, each in its own colour: what a Paragraph would draw for text
    without markup, at a fraction of the cost (the register appendix has a thousand cells)."""

    def __init__(self, lines: Sequence[tuple[str, str, Any]], size: float = TABLE_SIZE) -> None:
        super().__init__()
        self.lines, self.size, self.leading = list(lines), size, size * 1.25

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.leading * len(self.lines)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        baseline = self.height - self.size
        for value, font, colour in self.lines:
            canvas.setFillColor(colour)
            canvas.setFont(font, self.size)
            canvas.drawString(0, baseline, value)
            baseline -= self.leading


def _wrapped(value: str, width: float, font: str = FONT_REGULAR, colour: Any = INK) -> list[tuple[str, str, Any]]:
    """`value` broken into lines that fit `width` (an over-long word elided), as Lines wants them."""
    return [(line, font, colour) for line in wrap_text(value, font, TABLE_SIZE, width, 12)]


def _stacked(values: Sequence[str], width: float) -> Lines:
    """Several values in one cell, one under another, each wrapped to the column."""
    return Lines([line for value in values if value.strip() for line in _wrapped(value, width - 8)])


def _cell(value: str, width: float, styles: Styles, bold: bool = False) -> str | Flowable:
    """A table cell: the plain string when it fits on one line, else the lines it wraps to (no Paragraph:
    its markup parsing is most of a long table's layout time)."""
    value = " ".join(value.split())
    font = FONT_BOLD if bold else FONT_REGULAR
    if text_width(value, font, TABLE_SIZE) <= width - 8:
        return value
    return Lines(_wrapped(value, width - 8, font))


# ------------------------------------------------------------------------------------------------ plan


@dataclass
class PackPlan:
    """The contents of a pack, worked out from the register before anything is laid out."""

    data: RegisterData
    meeting: Meeting
    sections: frozenset[Section]
    published: date
    items: list[AgendaItem]
    item_sections: list[AgendaItem]  # items that get a page of their own: a paper or an opportunity
    previous: Meeting | None
    entries: list[ContentsEntry]
    notes: list[str]
    workstreams: list[tuple[str, str, list[Opportunity]]]  # key, name, opportunities
    marking: str = "OFFICIAL"
    styles: Styles = field(default_factory=Styles)
    placement_history: Sequence[Mapping[str, Any]] | None = None  # for the benefits summary's quadrants

    @property
    def rules(self) -> BoardRules:
        return BoardRules.from_settings(self.data.settings)

    def story(self, recorder: PackRecorder) -> list[Flowable]:
        story: list[Flowable] = []
        story += self._cover()
        story += [PageBreak()]
        story += self._contents(recorder)
        story += self._agenda(recorder)
        if Section.PAPERS in self.sections:
            for number, item in enumerate(self.item_sections):
                story += self._paper(item, recorder, first=number == 0)
        if Section.BOARD in self.sections:
            story += self._board(recorder)
        if Section.BENEFITS in self.sections:
            story += self._benefits(recorder)
        # Actions, decisions and minutes follow one another: the first on a new page, the others below it.
        follow = [PageBreak()]
        if Section.ACTIONS in self.sections:
            story += follow + self._actions(recorder)
            follow = [Spacer(1, 18), CondPageBreak(160)]
        if Section.DECISIONS in self.sections:
            story += follow + self._decisions(recorder)
            follow = [Spacer(1, 18), CondPageBreak(160)]
        if self._has_minutes:
            story += follow + self._minutes(recorder)
        if Section.REGISTER in self.sections:
            story += self._register(recorder)
        return story

    @property
    def _has_minutes(self) -> bool:
        return (
            Section.MINUTES in self.sections and self.previous is not None and bool(self.previous.minutes_text.strip())
        )

    # ---- cover, contents, agenda

    def _board_name(self) -> str:
        board = self.data.boards.get(self.meeting.board_id)
        return board.name if board else "Meeting"

    def _cover(self) -> list[Flowable]:
        styles, meeting, data = self.styles, self.meeting, self.data
        board = data.boards.get(meeting.board_id)
        total = max(meeting.minutes_allowed, agenda_minutes(data, meeting.id))
        when = long_date(meeting.date)
        if meeting.time:
            end = _finish(meeting, total)
            when += f", {meeting.time} to {end}" if end else f", {meeting.time}"
        chairs = board.chair_list if board else []
        details: list[tuple[str, str]] = [("Date and time", when)]
        if meeting.location:
            details.append(("Place", meeting.location))
        if chairs:
            details.append(("Joint chairs" if len(chairs) > 1 else "Chair", "\n".join(chairs)))
        details.append(("Reference", meeting_reference(data, meeting)))
        rows = [
            [
                Paragraph(f"<b>{escape(k)}</b>", styles.body),
                [Paragraph(text(line), styles.body) for line in v.split("\n")],
            ]
            for k, v in details
        ]
        detail_table = Table(rows, colWidths=[110, PackDocument.frame_size(PORTRAIT)[0] - 110], hAlign="LEFT")
        detail_table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ]
            )
        )
        marking_rows: list[list[Any]] = [[Paragraph(escape(self.marking), styles.cover_marking)]]
        marking_box = Table(marking_rows, colWidths=[220], hAlign="CENTER")
        marking_box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                    ("BOX", (0, 0), (-1, -1), 1.5, INK),
                    ("TOPPADDING", (0, 0), (-1, -1), 10),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ]
            )
        )
        out: list[Flowable] = [
            Spacer(1, 70),
            Paragraph(text(data.settings.name or ""), styles.cover_register),
            Paragraph(text(self._board_name()), styles.cover_board),
            Paragraph("Agenda and papers", styles.cover_kind),
            detail_table,
            Spacer(1, 60),
            marking_box,
        ]
        if self.marking == "OFFICIAL-SENSITIVE":
            out += [
                Spacer(1, 6),
                Paragraph(
                    "Share only with those who need to know; do not forward beyond the board.", styles.cover_note
                ),
            ]
        out += [Spacer(1, 60), Paragraph(f"Published {format_date(self.published)}", styles.cover_note)]
        return out

    def _contents(self, recorder: PackRecorder) -> list[Flowable]:
        styles = self.styles
        width = PackDocument.frame_size(PORTRAIT)[0]
        rows = []
        for entry in self.entries:
            style = styles.contents_top if entry.level == 0 else styles.contents
            indent = "&nbsp;" * 6 * entry.level
            rows.append(
                [
                    Paragraph(f'{indent}<a href="#{entry.key}">{text(entry.title)}</a>', style),
                    PageRef(recorder, entry.key, 10.5, bold=entry.level == 0),
                ]
            )
        table = Table(rows, colWidths=[width - 50, 50], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ]
            )
        )
        return [Paragraph("Contents", styles.title), Spacer(1, 4), table]

    def _agenda(self, recorder: PackRecorder) -> list[Flowable]:
        styles, meeting, data = self.styles, self.meeting, self.data
        width = PackDocument.frame_size(PORTRAIT)[0]
        widths = [30, width - 30 - 64 - 108 - 36 - 32 - 36, 64, 108, 36, 32, 36]
        times = start_times(meeting, self.items)
        with_page = {i.id for i in self.item_sections} if Section.PAPERS in self.sections else set()
        rows: list[list[Any]] = [["Item", "Title", "Purpose", "Presenter", "Start", "Mins", "Page"]]
        for item, start in zip(self.items, times, strict=True):
            title = _cell(item.title, widths[1], styles)
            page: Any = PageRef(recorder, f"item-{item.id}", TABLE_SIZE) if item.id in with_page else "Verbal"
            rows.append(
                [
                    str(item.position),
                    title,
                    item.purpose.label,
                    _cell(item.presenter, widths[3], styles),
                    start,
                    str(item.minutes),
                    page,
                ]
            )
        total = agenda_minutes(data, meeting.id)
        end = _finish(meeting, total)
        rows.append(["", "Close", "", "", end, str(total), ""])
        extra = [
            ("ALIGN", (4, 0), (6, -1), "RIGHT"),
            ("NOSPLIT", (0, -2), (-1, -1)),
            ("TEXTCOLOR", (6, 1), (6, -1), MUTED),
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
        intro = f"{self._board_name()}: {_when_and_where(meeting)}"
        return [
            PageBreak(),
            Heading("Agenda", styles.title, ["agenda"], recorder),
            Paragraph(text(f"{intro}."), styles.muted),
            Spacer(1, 4),
            _table(rows, widths, extra=extra),
            Spacer(1, 6),
            Paragraph(
                "Purpose says what the board is asked to do: decide, discuss, or note for information. Items marked "
                "Verbal have no written paper.",
                styles.muted,
            ),
        ]

    # ---- papers

    def _paper(self, item: AgendaItem, recorder: PackRecorder, first: bool) -> list[Flowable]:
        styles, data = self.styles, self.data
        keys = [f"item-{item.id}"]
        times = dict(zip((i.id for i in self.items), start_times(self.meeting, self.items), strict=True))
        meta = [f"Presented by {item.presenter}" if item.presenter.strip() else "Presenter to be confirmed"]
        minutes = "1 minute" if item.minutes == 1 else f"{item.minutes} minutes"
        meta.append(f"{times[item.id]}, {minutes}" if times.get(item.id) else minutes)
        out: list[Flowable] = [
            PageBreak(),
            Paragraph(f"AGENDA ITEM {item.position} · FOR {item.purpose.label.upper()}", styles.label),
            Heading(text(item.title), styles.title, keys, recorder),
            Paragraph(text(". ".join(meta) + "."), styles.muted),
        ]
        carried = data.agenda_items.get(item.carried_from_id or "")
        if carried is not None and carried.meeting_id in data.meetings:
            source = data.meetings[carried.meeting_id]
            verb = "Carried forward" if source.board_id == self.meeting.board_id else "Referred"
            out.append(Paragraph(text(f"{verb} from the {meeting_title(data, source)}."), styles.muted))
        opportunity = data.opportunities.get(item.opportunity_id or "")
        if opportunity is not None:
            out += [Spacer(1, 6), self._summary_box(opportunity), Spacer(1, 4)]
        if not item.has_paper:
            out.append(
                Paragraph(
                    "There is no written paper for this item: the presenter will update the board in the meeting.",
                    styles.body,
                )
            )
            return out
        from .benefits_page import drafted_financial_implications

        for name, heading in PAPER_HEADINGS:
            # Room for the heading and a few lines of its text, else both go to the next page (keepWithNext
            # would move a long first paragraph whole, leaving a gap).
            out += [CondPageBreak(54), Paragraph(escape(heading), styles.heading)]
            drafted = drafted_financial_implications(data, item) if name == "financial_implications" else ""
            if drafted:
                # An empty heading would read "None identified" while the benefits register says otherwise.
                note = (
                    f"Drafted from the benefits register as at {format_date(self.published)}: the paper's author "
                    "has not written this heading."
                )
                out += [Paragraph(text(note), styles.muted), *paragraphs(drafted, styles)]
            else:
                out += paragraphs(getattr(item, name), styles)
        return out

    def _summary_box(self, opportunity: Opportunity) -> Flowable:
        styles, data = self.styles, self.data
        width = PackDocument.frame_size(PORTRAIT)[0]
        lead = data.organisations.get(opportunity.lead_organisation_id or "")
        lead_text = lead.name if lead else "Not recorded"
        if opportunity.lead_officer.strip():
            lead_text += f" ({opportunity.lead_officer.strip()})"
        partners = [data.organisations[p].name for p in opportunity.partner_ids if p in data.organisations]
        partners = [p for p in partners if lead is None or p != lead.name]
        workstream = data.workstreams.get(opportunity.workstream_id or "")
        quadrant = self.rules.quadrant(opportunity)
        if quadrant is Quadrant.NOT_PLACED:
            place = "Not yet placed: effort and benefit not assessed"
        else:
            place = f"{quadrant.value} (effort {opportunity.effort}, benefit {opportunity.benefit}"
            place += ", illustrative)" if opportunity.placement_illustrative else ")"
        savings = []
        if opportunity.cashable_saving_pence:
            savings.append(f"{format_pounds(opportunity.cashable_saving_pence)} a year cashable (estimated)")
        if opportunity.one_off_cost_pence:
            savings.append(f"one-off cost {format_pounds(opportunity.one_off_cost_pence)}")
        facts = [
            ("Workstream", workstream.name if workstream else "None"),
            ("Lead", lead_text),
            ("Partners", ", ".join(partners) or "None"),
            ("Stage", opportunity.stage.label),
            ("Quadrant", place),
            ("Savings", _sentence_case("; ".join(savings)) if savings else "None estimated"),
        ]
        head = f"<b>{text(opportunity.reference)}</b>&nbsp;&nbsp;{text(opportunity.title)}"
        rows: list[list[Any]] = [[Paragraph(head, styles.cell_bold), ""]]
        rows += [[k, _cell(v, width - 78, styles)] for k, v in facts]
        table = Table(rows, colWidths=[78, width - 78], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
                    ("FONTNAME", (0, 1), (0, -1), FONT_BOLD),
                    ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
                    ("LEADING", (0, 0), (-1, -1), TABLE_SIZE * 1.25),
                    ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                    ("SPAN", (0, 0), (1, 0)),
                    ("BACKGROUND", (0, 0), (-1, -1), BOX_FILL),
                    ("BOX", (0, 0), (-1, -1), 0.8, BOX_EDGE),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, BOX_EDGE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("TOPPADDING", (0, 0), (-1, 0), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ]
            )
        )
        return KeepTogether([table])

    # ---- board, actions, decisions, minutes

    def _board(self, recorder: PackRecorder) -> list[Flowable]:
        styles, data = self.styles, self.data
        width, height = PackDocument.frame_size(LANDSCAPE)
        on_agenda = [
            (item, data.opportunities[item.opportunity_id])
            for item in self.items
            if item.opportunity_id and item.opportunity_id in data.opportunities
        ]
        if on_agenda:
            named = "; ".join(f"{o.reference} (item {i.position})" for i, o in on_agenda)
            intro = f"Cards outlined in orange are on this agenda: {named}."
        else:
            intro = "No item on this agenda is about a particular opportunity, so no card is outlined."
        placed = [o for o in data.opportunities.values() if self.rules.quadrant(o) is not Quadrant.NOT_PLACED]
        illustrative = [o for o in placed if o.placement_illustrative]
        if illustrative and len(illustrative) == len(placed):
            intro += " Effort and benefit placements are illustrative."
        elif illustrative:
            intro += " Cards with a dashed border have illustrative placements."
        return [
            NextPageTemplate(LANDSCAPE),
            PageBreak(),
            Heading("The effort and benefit board", styles.title, ["board"], recorder),
            Paragraph(text(intro), styles.muted),
            Spacer(1, 4),
            PackBoard(
                data,
                self.rules,
                width,
                height,
                highlight_ids={o.id for _i, o in on_agenda},
                highlight_label="On this agenda",
                fill=True,
            ),
            NextPageTemplate(PORTRAIT),
        ]

    def _benefits(self, recorder: PackRecorder) -> list[Flowable]:
        from .benefits_page import benefits_figures, benefits_story

        figures = benefits_figures(self.data, self.published, self.placement_history, self.rules)
        return benefits_story(
            self.data,
            figures,
            PackDocument.frame_size(PORTRAIT)[0],
            lambda markup, style, key: Heading(markup, style, [key], recorder),
            self.styles,
        )

    def _actions(self, recorder: PackRecorder) -> list[Flowable]:
        styles, data = self.styles, self.data
        width = PackDocument.frame_size(PORTRAIT)[0]
        rows_in = actions_log(data, self.published, board_id=self.meeting.board_id, states=("Overdue", "Open"))
        overdue = sum(1 for r in rows_in if r.state == "Overdue")
        board = self._board_name()
        summary = (
            f"Actions raised at the {board}'s meetings and still open on {format_date(self.published)}: "
            f"{len(rows_in)}, of which {overdue} {'is' if overdue == 1 else 'are'} overdue."
        )
        out: list[Flowable] = [
            Heading("Open and overdue actions", styles.title, ["actions"], recorder),
            Paragraph(text(summary), styles.muted),
            Spacer(1, 4),
        ]
        if not rows_in:
            out.append(Paragraph(f"There are no open actions from the {text(board)}'s meetings.", styles.body))
            return out
        widths = [width - 92 - 62 - 72 - 50, 92, 62, 72, 50]
        rows: list[list[Any]] = [["Action", "Owner", "Due", "Raised at", "State"]]
        extra: list[tuple[Any, ...]] = []
        for number, row in enumerate(rows_in, start=1):
            action = row.action
            raised = format_date(row.meeting.date) if row.meeting else ""
            rows.append(
                [
                    _cell(action.description, widths[0], styles),
                    _cell(action.owner or "Not set", widths[1], styles),
                    format_date(action.due) if action.due else "No date",
                    raised,
                    row.state,
                ]
            )
            if row.state == "Overdue":
                extra += [
                    ("TEXTCOLOR", (4, number), (4, number), WARNING),
                    ("FONTNAME", (4, number), (4, number), FONT_BOLD),
                ]
        out.append(_table(rows, widths, extra=extra))
        return out

    def _decisions(self, recorder: PackRecorder) -> list[Flowable]:
        styles, data = self.styles, self.data
        width = PackDocument.frame_size(PORTRAIT)[0]
        found = decisions_since_previous(data, self.meeting)
        if self.previous is not None:
            since = f"Decisions taken at the meetings of any board after the {meeting_title(data, self.previous)}"
        else:
            since = "Decisions taken at the meetings of any board"
        since += " and before this meeting."
        out: list[Flowable] = [
            Heading("Decisions since the previous meeting", styles.title, ["decisions"], recorder),
            Paragraph(text(since), styles.muted),
            Spacer(1, 4),
        ]
        if not found:
            out.append(Paragraph("None have been recorded.", styles.body))
            return out
        widths = [92, 86, width - 92 - 86 - 64, 64]
        rows: list[list[Any]] = [["Meeting", "Outcome", "Decision", "About"]]
        for meeting, decision in found:
            board = data.boards.get(meeting.board_id)
            opportunity = data.opportunities.get(decision.opportunity_id or "")
            about = [opportunity.reference] if opportunity else []
            if decision.stage_set is not None:
                about.append(f"Stage: {decision.stage_set.label}")
            rows.append(
                [
                    _stacked([format_date(meeting.date), board.label if board else ""], widths[0]),
                    _cell(decision.outcome.label, widths[1], styles, bold=True),
                    _cell(decision.text or NONE_IDENTIFIED, widths[2], styles),
                    _stacked(about, widths[3]),
                ]
            )
        out.append(_table(rows, widths, extra=[("FONTNAME", (1, 1), (1, -1), FONT_BOLD)]))
        return out

    def _minutes(self, recorder: PackRecorder) -> list[Flowable]:
        styles, data = self.styles, self.data
        previous = self.previous
        assert previous is not None
        board = data.boards.get(previous.board_id)
        out: list[Flowable] = [
            Heading(text(self._minutes_title()), styles.title, ["minutes"], recorder),
            Paragraph(text(f"{board.name if board else 'Meeting'}: {_when_and_where(previous)}."), styles.muted),
        ]
        attendance = sorted(
            (a for a in data.attendance.values() if a.meeting_id == previous.id), key=lambda a: a.name.casefold()
        )
        for status, heading in ((AttendanceStatus.PRESENT, "Present"), (AttendanceStatus.APOLOGIES, "Apologies")):
            people = [a for a in attendance if a.status is status]
            if not people:
                continue
            names = []
            for person in people:
                organisation = data.organisations.get(person.organisation_id or "")
                detail = ", ".join(x for x in (person.role, organisation.short_name if organisation else "") if x)
                names.append(f"{person.name} ({detail})" if detail else person.name)
            out.append(Paragraph(f"<b>{heading}:</b> {text('; '.join(names))}.", styles.body))
        out.append(Spacer(1, 4))
        out += paragraphs(previous.minutes_text, styles)
        return out

    def _minutes_title(self) -> str:
        assert self.previous is not None
        return f"Minutes of the meeting of {format_date(self.previous.date)}"

    # ---- the register

    def _register(self, recorder: PackRecorder) -> list[Flowable]:
        styles, data = self.styles, self.data
        width = PackDocument.frame_size(LANDSCAPE)[0]
        count = sum(len(ops) for _k, _n, ops in self.workstreams)
        total = sum(o.cashable_saving_pence for _k, _n, ops in self.workstreams for o in ops)
        groups = len(self.workstreams)
        summary = (
            f"The register as at {format_date(self.published)}: {count} "
            f"{'opportunity' if count == 1 else 'opportunities'} in {groups} "
            f"{'workstream' if groups == 1 else 'workstreams'}, with estimated cashable savings of "
            f"{format_pounds(total)} a year."
        )
        if data.settings.note.strip():
            summary += " " + " ".join(data.settings.note.split())
        out: list[Flowable] = [
            NextPageTemplate(LANDSCAPE),
            PageBreak(),
            Heading("Appendix: the register", styles.title, ["register"], recorder),
            Paragraph(text(summary), styles.muted),
        ]
        widths = [54, width - 54 - 165 - 84 - 76 - 86 - 70, 165, 84, 76, 86, 70]
        rules = self.rules
        for key, name, opportunities in self.workstreams:
            rows: list[list[Any]] = [["Reference", "Title", "Lead", "Partners", "Stage", "Quadrant", "Savings a year"]]
            for o in opportunities:
                lead = data.organisations.get(o.lead_organisation_id or "")
                lead_cell: Any = lead.short_name if lead else ""
                if o.lead_officer.strip():
                    lead_cell = Lines(
                        [(str(lead_cell), FONT_REGULAR, INK), *_wrapped(o.lead_officer, widths[2] - 8, colour=MUTED)]
                    )
                partners = [data.organisations[p].short_name for p in o.partner_ids if p in data.organisations]
                partners = [p for p in partners if lead is None or p != lead.short_name]
                rows.append(
                    [
                        o.reference,
                        _cell(o.title, widths[1], styles),
                        lead_cell,
                        _cell(", ".join(partners), widths[3], styles),
                        o.stage.label,
                        rules.quadrant(o).value,
                        format_pounds(o.cashable_saving_pence) if o.cashable_saving_pence else "–",
                    ]
                )
            subtotal = sum(o.cashable_saving_pence for o in opportunities)
            noun = "opportunity" if len(opportunities) == 1 else "opportunities"
            rows.append(["", f"Total: {len(opportunities)} {noun}", "", "", "", "", format_pounds(subtotal)])
            extra = [
                ("ALIGN", (6, 0), (6, -1), "RIGHT"),
                ("NOSPLIT", (0, -2), (-1, -1)),  # a total never starts a page alone
                ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, MUTED),
                ("BACKGROUND", (0, -1), (-1, -1), colors.white),
            ]
            out += [
                CondPageBreak(120),  # the heading, the table's header and a few rows stay together
                Heading(text(name), styles.subtitle, [key], recorder),
                _table(rows, widths, extra=extra),
            ]
        out.append(NextPageTemplate(PORTRAIT))
        return out


def _sentence_case(value: str) -> str:
    return value[:1].upper() + value[1:]


def _when_and_where(meeting: Meeting) -> str:
    """'Tuesday 15 Dec 2026 at 10:00, Lancashire Constabulary Headquarters, Hutton'."""
    said = long_date(meeting.date)
    if meeting.time:
        said += f" at {meeting.time}"
    if meeting.location:
        said += f", {meeting.location}"
    return said


def _finish(meeting: Meeting, minutes: int) -> str:
    from .pack import finish_time

    return finish_time(meeting, minutes)


def plan_pack(
    data: RegisterData,
    meeting_id: str,
    sections: frozenset[Section],
    published: date,
    marking: str = "OFFICIAL",
    placement_history: Sequence[Mapping[str, Any]] | None = None,
) -> PackPlan:
    """What the pack of a meeting holds, or PackError when it cannot have one (no such meeting, cancelled,
    no agenda). `placement_history` (Register.placement_history) feeds the benefits summary's quadrants."""
    register_fonts()
    meeting = data.meetings.get(meeting_id)
    if meeting is None:
        raise PackError("That meeting is not in the register.")
    title = meeting_title(data, meeting)
    if meeting.cancelled:
        raise PackError(f"The meeting of the {title} is cancelled, so it has no pack. Reinstate it first.")
    items = agenda_of(data, meeting.id)
    if not items:
        raise PackError(f"The meeting of the {title} has no agenda yet: add its items before building the pack.")
    item_sections = [i for i in items if i.has_paper or (i.opportunity_id and i.opportunity_id in data.opportunities)]
    previous = previous_meeting(data, meeting)
    notes = []
    verbal = [str(i.position) for i in items if not i.has_paper]
    if len(verbal) == 1:
        notes.append(f"Item {verbal[0]} has no written paper: the pack shows it as verbal.")
    elif verbal:
        notes.append(f"Items {', '.join(verbal)} have no written paper: the pack shows them as verbal.")

    entries = [ContentsEntry("agenda", "Agenda", 0)]
    if Section.PAPERS in sections and item_sections:
        entries.append(ContentsEntry("papers", "Papers", 0))
        entries += [
            ContentsEntry(f"item-{i.id}", f"{i.position}. {' '.join(i.title.split())}", 1) for i in item_sections
        ]
    if Section.BOARD in sections:
        entries.append(ContentsEntry("board", "The effort and benefit board", 0))
    if Section.BENEFITS in sections:
        from .benefits_page import FIGURES, SECTION_KEY, SECTION_TITLE

        entries.append(ContentsEntry(SECTION_KEY, SECTION_TITLE, 0))
        entries += [ContentsEntry(key, title, 1) for key, title in FIGURES]
    if Section.ACTIONS in sections:
        entries.append(ContentsEntry("actions", "Open and overdue actions", 0))
    if Section.DECISIONS in sections:
        entries.append(ContentsEntry("decisions", "Decisions since the previous meeting", 0))
    if Section.MINUTES in sections and previous is not None and previous.minutes_text.strip():
        entries.append(ContentsEntry("minutes", f"Minutes of the meeting of {format_date(previous.date)}", 0))
    elif Section.MINUTES in sections and previous is not None:
        notes.append(
            f"The minutes of the meeting of {format_date(previous.date)} are not recorded, so they are left out."
        )
    workstreams: list[tuple[str, str, list[Opportunity]]] = []
    if Section.REGISTER in sections:
        entries.append(ContentsEntry("register", "Appendix: the register", 0))
        by_workstream: dict[str, list[Opportunity]] = {}
        for opportunity in data.opportunities.values():
            known = opportunity.workstream_id if opportunity.workstream_id in data.workstreams else ""
            by_workstream.setdefault(known or "", []).append(opportunity)
        ordered = sorted((k for k in by_workstream if k), key=lambda k: data.workstreams[k].name.casefold())
        if "" in by_workstream:
            ordered.append("")
        for number, workstream_id in enumerate(ordered, start=1):
            name = data.workstreams[workstream_id].name if workstream_id else "No workstream"
            ops = sorted(by_workstream[workstream_id], key=lambda o: (o.reference, o.title))
            key = f"workstream-{number}"
            workstreams.append((key, name, ops))
            entries.append(ContentsEntry(key, name, 1))
    return PackPlan(
        *(data, meeting, sections, published, items, item_sections, previous, entries, notes, workstreams, marking),
        placement_history=placement_history,
    )
