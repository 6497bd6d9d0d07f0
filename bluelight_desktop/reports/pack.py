"""The meeting pack: the printed agenda and papers of a board meeting, as one A4 PDF built with ReportLab.

A pack holds a cover, the contents and the agenda, each item's paper under the committee report headings of the
seed papers, the effort and benefit board with this meeting's items outlined (drawn by `board_pdf`, the same
layout as the board on screen), the open and overdue actions, the decisions since the board last met, the
minutes of that meeting and the register as an appendix. Every page carries the protective marking at top and
bottom, "Page X of Y" and the board and meeting date.

The document is laid out in one pass. Numbers that are only known at the end (the page a contents entry or
agenda item points to, and each page's "of Y") are PDF form XObjects drawn where they belong as the pages are
laid out and defined once the last page is done; ReportLab lets a form be used before it is defined.

No Qt here: the app runs `write_pack` on a worker thread (with `progress` and `cancelled`), the command line
runs it directly.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from .. import APP_NAME, __version__
from ..core.formatting import format_date
from ..core.governance import meeting_reference, meeting_title
from ..core.model import Meeting, RegisterData
from ..files import write_atomically
from .board_pdf import MARKINGS, elide
from .fonts import FONT_BOLD, FONT_REGULAR, register_fonts, text_width

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
MARGIN_X = 56.7  # 20 mm
MARGIN_TOP = 52.0  # room for the marking above the frame
MARGIN_BOTTOM = 66.0  # the footer line and the marking below it
INK = "#1d232b"
MUTED = "#56606b"
RULE = "#b7bec6"


class Section(StrEnum):
    """The parts of a pack a person may leave out; the cover, contents and agenda are always there."""

    PAPERS = "papers"
    BOARD = "board"
    BENEFITS = "benefits"
    ACTIONS = "actions"
    DECISIONS = "decisions"
    MINUTES = "minutes"
    REGISTER = "register"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    Section.PAPERS: "Papers for the agenda items",
    Section.BOARD: "The effort and benefit board",
    Section.BENEFITS: "Benefits summary",
    Section.ACTIONS: "Open and overdue actions",
    Section.DECISIONS: "Decisions since the previous meeting",
    Section.MINUTES: "Minutes of the previous meeting",
    Section.REGISTER: "The register (appendix)",
}


@dataclass(frozen=True)
class PackOptions:
    """What goes in a pack. `marking` None takes the register's own; `published` None is the build date
    (SOURCE_DATE_EPOCH's date when set, else today). `placement_history` is the change log's placement rows
    (Register.placement_history()), which the benefits summary replays for the quadrants over time; None
    shows only today's counts. It is the register's, not a choice, so it takes no part in comparing options."""

    sections: frozenset[Section] = frozenset(Section)
    marking: str | None = None
    password: str | None = None
    published: date | None = None
    placement_history: Sequence[Mapping[str, Any]] | None = field(default=None, compare=False, repr=False)


class PackError(Exception):
    """Why a pack could not be built or written, in plain words."""


class PackCancelled(PackError):
    """The person cancelled the build; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The pack was not built: you cancelled it.")


@dataclass(frozen=True)
class ContentsEntry:
    key: str  # the PDF destination (bookmark) name
    title: str
    level: int  # 0 a section, 1 within it
    page: int | None = None


@dataclass(frozen=True)
class PackResult:
    path: Path | None
    pages: int
    contents: tuple[ContentsEntry, ...]
    notes: tuple[str, ...]  # things a clerk should know (items without a paper), not failures
    encrypted: bool
    marking: str


Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


# ---------------------------------------------------------------------------------------------- helpers


def source_date() -> date | None:
    """SOURCE_DATE_EPOCH's date (UTC), when set: the build date of a reproducible pack."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC).date()
    except (ValueError, OverflowError, OSError):
        return None


def reproducible() -> bool:
    return source_date() is not None


def pack_marking(data: RegisterData, options: PackOptions) -> str:
    """The marking the pack carries: the option, else the register's; never above OFFICIAL-SENSITIVE."""
    marking = " ".join((options.marking or data.settings.marking or "OFFICIAL").split()).upper()
    if marking not in MARKINGS:
        raise PackError(
            f"A pack can be marked {' or '.join(MARKINGS)}, not {marking}: "
            "nothing above OFFICIAL-SENSITIVE belongs in this app."
        )
    return marking


def pack_file_name(data: RegisterData, meeting: Meeting) -> str:
    """A file name for the pack: "CPB-2026-12-15 meeting pack.pdf"."""
    return f"{meeting_reference(data, meeting)} meeting pack.pdf"


def _clock(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%H:%M")
    except ValueError:
        return None


def finish_time(meeting: Meeting, minutes: int) -> str:
    """When a meeting starting at its time and running `minutes` ends (HH:MM), or "" with no time."""
    start = _clock(meeting.time)
    return (start + timedelta(minutes=minutes)).strftime("%H:%M") if start else ""


def long_date(day: date) -> str:
    """'Tuesday 15 Dec 2026'."""
    return f"{day:%A} {format_date(day)}"


# ----------------------------------------------------------------------------------------- the document


@dataclass
class PackRecorder:
    """Shared by the flowables and the document: which page each destination landed on, the outline entries
    to add as they are reached, and the page-number forms to define at the end."""

    entries: list[ContentsEntry]
    pages_of: dict[str, int] = field(default_factory=dict)
    page_forms: dict[str, tuple[str, float, bool]] = field(default_factory=dict)  # form name: key, size, bold
    last_page: int = 0
    outlined: set[str] = field(default_factory=set)

    def mark(self, canvas: Any, key: str, top: float) -> None:
        """A heading with destination `key` is drawn here: bookmark it and add its outline entry (and any
        entry without a heading of its own that comes just before it, such as "Papers")."""
        if key in self.pages_of:
            return
        page = canvas.getPageNumber()
        self.pages_of[key] = page
        canvas.bookmarkHorizontal(key, 0, top)
        for entry in self.entries:
            if entry.key in self.outlined:
                continue
            if entry.key != key and entry.key not in self.pages_of:
                if not self._leads_to(entry, key):
                    continue
                self.pages_of[entry.key] = page
                canvas.bookmarkHorizontal(entry.key, 0, top)
            self.outlined.add(entry.key)
            canvas.addOutlineEntry(entry.title, entry.key, entry.level, closed=False)
            if entry.key == key:
                break

    def _leads_to(self, entry: ContentsEntry, key: str) -> bool:
        """True when `entry` is a parent with no heading of its own whose first child is `key`."""
        keys = [e.key for e in self.entries]
        index = keys.index(entry.key)
        return index + 1 < len(keys) and keys[index + 1] == key and self.entries[index + 1].level > entry.level

    def page_form(self, key: str, size: float, bold: bool = False) -> str:
        name = f"pageref-{key}-{size:g}-{'b' if bold else 'r'}"
        self.page_forms[name] = (key, size, bold)
        return name

    def contents(self) -> tuple[ContentsEntry, ...]:
        return tuple(
            ContentsEntry(e.key, e.title, e.level, self.pages_of.get(e.key))
            for e in self.entries
            if e.key in self.pages_of
        )


class PackDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait and landscape pages, each with the marking at top and bottom and the footer; counts
    flowables for progress and stops when cancelled."""

    def __init__(
        self,
        buffer: io.BytesIO,
        recorder: PackRecorder,
        *,
        marking: str,
        footer: str,
        total_flowables: int,
        progress: Progress | None,
        cancelled: Cancelled | None,
        **info: Any,
    ) -> None:
        register_fonts()
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            initialFontName=FONT_REGULAR,
            pageCompression=1,
            invariant=1 if reproducible() else 0,
            displayDocTitle=1,
            lang="en-GB",
            **info,
        )
        self._doSave = 0  # saved by build() once the late page numbers are defined
        self.recorder = recorder
        self.marking = marking
        self.footer = footer
        self.total_flowables = max(1, total_flowables)
        self.done_flowables = 0
        self.progress = progress
        self.cancelled = cancelled
        templates = []
        for name, size in ((PORTRAIT, A4), (LANDSCAPE, landscape(A4))):
            width, height = size
            frame = Frame(
                MARGIN_X,
                MARGIN_BOTTOM,
                width - 2 * MARGIN_X,
                height - MARGIN_TOP - MARGIN_BOTTOM,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=name,
            )
            templates.append(PageTemplate(name, [frame], onPage=self._decorate, pagesize=size))
        self.addPageTemplates(templates)

    @staticmethod
    def frame_size(orientation: str) -> tuple[float, float]:
        width, height = A4 if orientation == PORTRAIT else landscape(A4)
        return width - 2 * MARGIN_X, height - MARGIN_TOP - MARGIN_BOTTOM

    def _decorate(self, canvas: Any, _doc: Any) -> None:
        width, height = canvas._pagesize
        page = canvas.getPageNumber()
        self.recorder.last_page = max(self.recorder.last_page, page)
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawCentredString(width / 2, height - 30, self.marking)
        canvas.drawCentredString(width / 2, 20, self.marking)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, 50, width - MARGIN_X, 50)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT_REGULAR, 8)
        room = width - 2 * MARGIN_X - text_width("Page 999 of 999", FONT_REGULAR, 8) - 18
        canvas.drawString(MARGIN_X, 38, elide(self.footer, FONT_REGULAR, 8, room))
        canvas.translate(width - MARGIN_X, 38)
        canvas.doForm(f"page-of-{page}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        self.done_flowables += 1
        if self.cancelled is not None and self.cancelled():
            raise PackCancelled()

    def afterPage(self) -> None:
        if self.progress is not None:
            fraction = min(0.95, 0.95 * self.done_flowables / self.total_flowables)
            self.progress(fraction, f"Laid out page {self.canv.getPageNumber()}")

    def build(self, flowables: list[Any], filename: Any = None, canvasmaker: Any = None) -> None:  # noqa: ARG002
        from reportlab.pdfgen.canvas import Canvas

        super().build(flowables, canvasmaker=Canvas)
        self._define_late_numbers()
        self.canv.showOutline()  # readers open with the bookmarks shown
        self.canv.save()

    def _define_late_numbers(self) -> None:
        canvas = self.canv
        total = self.recorder.last_page
        for page in range(1, total + 1):
            canvas.beginForm(f"page-of-{page}", lowerx=-200, lowery=-4, upperx=2, uppery=12)
            canvas.setFillColor(MUTED)
            canvas.setFont(FONT_REGULAR, 8)
            canvas.drawRightString(0, 0, f"Page {page} of {total}")
            canvas.endForm()
        for name, (key, size, bold) in sorted(self.recorder.page_forms.items()):
            page_number = self.recorder.pages_of.get(key)
            canvas.beginForm(name, lowerx=-80, lowery=-size, upperx=2, uppery=size * 1.5)
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD if bold else FONT_REGULAR, size)
            canvas.drawRightString(0, 0, str(page_number) if page_number else "–")
            canvas.endForm()


# ------------------------------------------------------------------------------------------- building


def render_pack(
    data: RegisterData,
    meeting_id: str,
    options: PackOptions = PackOptions(),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[bytes, PackResult]:
    """The pack as PDF bytes (encrypted when the options give a password) and what it holds. Raises
    PackError with a plain message (PackCancelled when `cancelled()` turned true)."""
    from .pack_story import plan_pack

    marking = pack_marking(data, options)
    published = options.published or source_date() or date.today()
    plan = plan_pack(data, meeting_id, options.sections, published, marking, options.placement_history)
    meeting = plan.meeting
    board = data.boards.get(meeting.board_id)
    board_name = board.name if board else "Meeting"
    recorder = PackRecorder(list(plan.entries))
    buffer = io.BytesIO()
    story = plan.story(recorder)
    title = f"{meeting_title(data, meeting)}: agenda and papers"
    document = PackDocument(
        buffer,
        recorder,
        marking=marking,
        footer=f"{board_name} · {format_date(meeting.date)}",
        total_flowables=len(story),
        progress=progress,
        cancelled=cancelled,
        title=title,
        author=data.settings.name or APP_NAME,
        subject=f"Meeting pack for the {board_name}, {long_date(meeting.date)}. {marking}.",
        creator=f"{APP_NAME} {__version__}",
        keywords=[marking, board_name, meeting_reference(data, meeting), "meeting pack"],
    )
    if progress is not None:
        progress(0.0, "Laying out the pack")
    try:
        document.build(story)
    except PackCancelled:
        raise
    except LayoutError as exc:
        raise PackError(
            f"Part of the pack is too large to fit on a page, so it could not be laid out ({exc})."
        ) from exc
    pdf = buffer.getvalue()
    pages = recorder.last_page
    encrypted = bool(options.password)
    if options.password:
        if cancelled is not None and cancelled():
            raise PackCancelled()
        if progress is not None:
            progress(0.96, "Encrypting with the password")
        pdf = encrypt_pdf(pdf, options.password)
    result = PackResult(None, pages, recorder.contents(), tuple(plan.notes), encrypted, marking)
    return pdf, result


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF encrypted with AES-256 (revision 6) by pypdf: ReportLab's own 256-bit mode writes
    revision 5, which poppler and pypdf refuse (DESIGN.md, traps). The password opens it with every
    permission; its key and salts are random, so two encrypted packs never have the same bytes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import DependencyError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    try:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    except DependencyError as exc:
        raise PackError(
            "The pack could not be encrypted: AES-256 needs the cryptography package, which is not installed."
        ) from exc
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _check_pdf(pages: int, password: str | None) -> Callable[[Path], None]:
    """Before a written pack replaces anything: it opens (with its password) and has every page."""

    def check(path: Path) -> None:
        from pypdf import PdfReader

        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            raise PackError("The encrypted pack did not open with its password, so it was not saved.")
        if len(reader.pages) != pages:
            raise PackError("The pack was not written whole, so it was not saved.")

    return check


def write_pack(
    path: Path,
    data: RegisterData,
    meeting_id: str,
    options: PackOptions = PackOptions(),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PackResult:
    """Build the pack and write it to `path` atomically: a temporary file beside it, checked, flushed and
    renamed into place, so a crash or a full disk never leaves half a PDF under that name. Raises PackError
    with a plain message."""
    path = Path(path)
    if path.is_dir():
        raise PackError(
            f"{path} is a folder; give a file name such as {pack_file_name(data, _meeting(data, meeting_id))}."
        )
    if not path.parent.is_dir():
        raise PackError(f"The folder {path.parent} does not exist.")
    pdf, result = render_pack(data, meeting_id, options, progress, cancelled)
    if cancelled is not None and cancelled():
        raise PackCancelled()
    if progress is not None:
        progress(0.98, f"Writing {path.name}")
    try:
        write_atomically(path, lambda temp: temp.write_bytes(pdf), _check_pdf(result.pages, options.password))
    except PermissionError as exc:
        raise PackError(f"Could not write {path}: you do not have permission to write in {path.parent}.") from exc
    except OSError as exc:
        raise PackError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    if progress is not None:
        progress(1.0, "Done")
    return PackResult(path, result.pages, result.contents, result.notes, result.encrypted, result.marking)


def pack_problem(data: RegisterData, meeting_id: str) -> str | None:
    """Why a meeting cannot have a pack (not in the register, cancelled, no agenda), in plain words; None when
    it can. Cheap: nothing is laid out."""
    from .pack_story import plan_pack

    try:
        plan_pack(data, meeting_id, frozenset(), date.today())
    except PackError as exc:
        return str(exc)
    return None


def _meeting(data: RegisterData, meeting_id: str) -> Meeting:
    meeting = data.meetings.get(meeting_id)
    if meeting is None:
        raise PackError("That meeting is not in the register.")
    return meeting


def sections_from_names(names: Iterable[str]) -> frozenset[Section]:
    return frozenset(Section(name) for name in names)


def section_labels(sections: Sequence[Section] = tuple(Section)) -> list[tuple[Section, str]]:
    return [(s, s.label) for s in sections]
