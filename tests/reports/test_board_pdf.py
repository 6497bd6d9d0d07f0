"""The board as a PDF page and a PNG: one layout (reports/board_pdf), two renderers.

The layout is checked without any renderer (cards where BoardGeometry puts them, no overlaps in the sample,
no text overflowing its card or the page); the PDF with pypdf and poppler (one A4 landscape page, the text a
reader sees, every font embedded, metadata); the PNG with QImage; writes leave no temporary file behind.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from bluelight_desktop.core.board import BoardGeometry, BoardRules
from bluelight_desktop.core.board_layout import lay_out_cards
from bluelight_desktop.core.model import (
    Opportunity,
    Organisation,
    OrganisationKind,
    RegisterData,
    RegisterSettings,
    Stage,
    Workstream,
)
from bluelight_desktop.core.quadrant import Quadrant
from bluelight_desktop.reports.board_pdf import (
    HIGHLIGHT,
    BoardFlowable,
    BoardLayout,
    Box,
    Text,
    page_shapes,
    write_board_pdf,
)
from bluelight_desktop.reports.fonts import FONT_REGULAR
from bluelight_desktop.storage.register import open_register

TODAY = date(2026, 11, 21)
QUADRANT_NAMES = ("Park", "Major project", "Business as usual", "Quick win")


@pytest.fixture
def sample(sample_path: Path) -> tuple[RegisterData, BoardRules]:
    with open_register(sample_path, read_only=True) as register:
        data = register.load()
    return data, BoardRules.from_settings(data.settings)


def by_reference(data: RegisterData, reference: str) -> Opportunity:
    return next(o for o in data.opportunities.values() if o.reference == reference)


def workstream_id(data: RegisterData, name: str) -> str:
    return next(w.id for w in data.workstreams.values() if w.name == name)


def pdf_text(path: Path) -> str:
    """What a reader sees: poppler's pdftotext when installed, else pypdf's extraction."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder for the exports alone, to see that nothing else is left in it."""
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


# ------------------------------------------------------------------------------------------ the layout


def texts_inside(layout: BoardLayout, rect: tuple[float, float, float, float]) -> list[Text]:
    x, y, w, h = rect
    return [s for s in layout.shapes if isinstance(s, Text) and s.angle == 0 and x <= s.x <= x + w and y < s.y <= y + h]


def test_cards_are_where_the_shared_board_layout_puts_them(sample: tuple[RegisterData, BoardRules]) -> None:
    data, rules = sample
    layout = page_shapes(data, rules, *landscape(A4), today=TODAY)
    placed = [o for o in data.opportunities.values() if rules.quadrant(o) is not Quadrant.NOT_PLACED]
    assert layout.placed == len(placed) == 33 and layout.not_placed == 3
    px, py, pw, ph = layout.plot
    card_w, card_h = layout.card_size
    expected = lay_out_cards(placed, BoardGeometry(pw, ph, card_w, card_h, rules.thresholds)).positions
    assert set(layout.card_rects) == set(expected)
    for card_id, (x, y) in expected.items():
        assert layout.card_rects[card_id] == pytest.approx((px + x, py + y, card_w, card_h))
    # Each card sits in its own quadrant: its centre is on the right side of both thresholds.
    split_x = px + pw * rules.thresholds.benefit / 100
    split_y = py + ph * (1 - rules.thresholds.effort / 100)
    for opportunity in placed:
        x, y, w, h = layout.card_rects[opportunity.id]
        quadrant = rules.quadrant(opportunity)
        right = quadrant in (Quadrant.MAJOR_PROJECT, Quadrant.QUICK_WIN)
        top = quadrant in (Quadrant.PARK, Quadrant.MAJOR_PROJECT)
        assert (x + w / 2 >= split_x) is right, opportunity.reference
        assert (y + h / 2 < split_y) is top, opportunity.reference


def test_the_sample_board_has_no_overlapping_cards_and_no_overflowing_text(
    sample: tuple[RegisterData, BoardRules],
) -> None:
    data, rules = sample
    width, height = landscape(A4)
    layout = page_shapes(data, rules, width, height, today=TODAY)
    assert layout.overlapping == 0
    rects = list(layout.card_rects.values())
    for i, (ax, ay, aw, ah) in enumerate(rects):
        for bx, by, bw, bh in rects[i + 1 :]:
            assert not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah)
    card_w, card_h = layout.card_size
    assert card_w >= 70 and card_h >= 23, "cards too small to read on paper"
    for rect in rects:
        inside = texts_inside(layout, rect)
        assert len(inside) == 4  # reference, stage, title, organisations
        for shape in inside:
            assert shape.start >= rect[0] and shape.start + shape.width <= rect[0] + rect[2] + 0.01, shape
            assert shape.size >= 4.5, shape
    for shape in layout.shapes:
        if isinstance(shape, Text) and shape.angle == 0:
            assert 0 <= shape.start and shape.start + shape.width <= width, shape
            assert 0 < shape.y <= height, shape


def test_card_shows_reference_title_organisations_and_stage(sample: tuple[RegisterData, BoardRules]) -> None:
    data, rules = sample
    layout = page_shapes(data, rules, *landscape(A4), today=TODAY)
    card = by_reference(data, "LAN-018")  # Real Time Demand Management: LC with LFRS and NWAS, scoping
    words = [t.text for t in texts_inside(layout, layout.card_rects[card.id])]
    assert words[0] == "LAN-018"
    assert words[1] == "Scoping"
    assert words[2].startswith("Real Time Dem")
    assert words[3] == "LC · LFRS, NWAS"
    strip = next(
        s
        for s in layout.shapes
        if isinstance(s, Box) and (s.x, s.y) == layout.card_rects[card.id][:2] and s.fill and s.fill != "#ffffff"
    )
    assert strip.fill == data.workstreams[card.workstream_id or ""].colour.lower()


def test_highlighted_cards_are_outlined(sample: tuple[RegisterData, BoardRules]) -> None:
    data, rules = sample
    chosen = {by_reference(data, "LAN-009").id, by_reference(data, "LAN-013").id}  # one placed, one waiting
    layout = page_shapes(data, rules, *landscape(A4), today=TODAY, highlight_ids=chosen)
    outlines = [s for s in layout.shapes if isinstance(s, Box) and s.stroke == HIGHLIGHT]
    assert len(outlines) == 2
    x, y, w, h = layout.card_rects[by_reference(data, "LAN-009").id]
    assert any(o.x < x and o.y < y and o.x + o.w > x + w and o.y + o.h > y + h for o in outlines)


def test_a_crowded_or_long_winded_register_still_fits_the_page() -> None:
    organisations = {
        str(n): Organisation(f"Organisation {n}", f"ORG{n}", OrganisationKind.OTHER, id=str(n)) for n in range(6)
    }
    streams = {"w": Workstream("A workstream whose name goes on and on " * 4, "#123456", id="w")}
    opportunities = {}
    for n in range(60):
        opportunities[str(n)] = Opportunity(
            title="An opportunity with a very long title that no card could ever show in full " * 2,
            reference=f"LONGPREFIX-{n:05d}",
            workstream_id="w",
            lead_organisation_id="0",
            partner_ids=["1", "2", "3", "4", "5"],
            stage=Stage.BENEFITS_REVIEW,
            effort=None if n % 3 == 0 else (n * 37) % 101,
            benefit=None if n % 3 == 0 else (n * 53) % 101,
            id=str(n),
        )
    data = RegisterData(
        RegisterSettings(name="A register name far too long for one line " * 5),
        organisations,
        streams,
        opportunities,
        {},
        {},
    )
    width, height = landscape(A4)
    layout = page_shapes(data, BoardRules(), width, height, today=TODAY)
    for shape in layout.shapes:
        if isinstance(shape, Text) and shape.angle == 0:
            assert 0 <= shape.start and shape.start + shape.width <= width + 0.01, shape
    assert any(isinstance(s, Text) and s.text.startswith("and ") and s.text.endswith(" more") for s in layout.shapes)


# --------------------------------------------------------------------------------------------- the PDF


def test_pdf_is_one_a4_landscape_page_with_the_board(sample: tuple[RegisterData, BoardRules], out_dir: Path) -> None:
    data, rules = sample
    out = out_dir / "board.pdf"
    write_board_pdf(out, data, rules, today=TODAY)

    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(landscape(A4), abs=0.5)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Lancashire Blue Light Collaboration: effort and benefit board, 21 Nov 2026"
    assert meta.author == "Bluelight Desktop"
    assert meta.subject and "OFFICIAL" in meta.subject

    text = pdf_text(out)
    for name in QUADRANT_NAMES:
        assert name in text
    assert text.count("OFFICIAL") >= 2  # top and bottom
    assert "Lancashire Blue Light Collaboration" in text and "21 Nov 2026" in text
    assert "Benefit" in text and "Effort" in text and "Not yet placed" in text
    for opportunity in data.opportunities.values():  # every card, placed or waiting
        assert opportunity.reference in text
    assert leftovers(out_dir, {"board.pdf"}) == []


def test_pdf_embeds_every_font(sample: tuple[RegisterData, BoardRules], out_dir: Path) -> None:
    data, rules = sample
    out = out_dir / "board.pdf"
    write_board_pdf(out, data, rules, today=TODAY)
    # pypdf: every font the page uses is a TrueType font with its program inside the file.
    fonts = reader_fonts(out)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed; the pypdf check above passed")
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", listing  # emb
        assert "Helvetica" not in row and "Times" not in row, listing


def reader_fonts(path: Path) -> list[tuple[str, bool]]:
    found = []
    resources = PdfReader(path).pages[0]["/Resources"]
    for font in resources["/Font"].values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        found.append((str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    return found


def test_pdf_of_one_workstream_keeps_only_its_cards(sample: tuple[RegisterData, BoardRules], out_dir: Path) -> None:
    data, rules = sample
    out = out_dir / "response.pdf"
    write_board_pdf(out, data, rules, workstream_id(data, "Response"), today=TODAY)
    text = pdf_text(out)
    assert "LAN-018" in text and "Workstream: Response" in text
    assert "LAN-001" not in text and "LAN-013" not in text  # Shared Support Services
    assert PdfReader(out).metadata.subject.startswith("Effort and benefit board (Response)")


def test_pdf_marking_is_printed_in_capitals(sample: tuple[RegisterData, BoardRules], out_dir: Path) -> None:
    data, rules = sample
    out = out_dir / "board.pdf"
    write_board_pdf(out, data, rules, marking="official-sensitive", today=TODAY)
    assert pdf_text(out).count("OFFICIAL-SENSITIVE") >= 2
    with pytest.raises(ValueError):
        write_board_pdf(out, data, rules, marking="TOP SECRET")


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    sample: tuple[RegisterData, BoardRules], out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, rules = sample
    out = out_dir / "board.pdf"
    out.write_bytes(b"the board from last month")

    def crash(self: Canvas) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Canvas, "save", crash)
    with pytest.raises(OSError, match="disk full"):
        write_board_pdf(out, data, rules, today=TODAY)
    assert out.read_bytes() == b"the board from last month"
    assert leftovers(out_dir, {"board.pdf"}) == []


def test_an_empty_register_draws_an_empty_board(out_dir: Path) -> None:
    data = RegisterData(RegisterSettings(name="New programme"), {}, {}, {}, {}, {})
    out = out_dir / "empty.pdf"
    layout = write_board_pdf(out, data, BoardRules(), today=TODAY)
    assert layout.placed == layout.not_placed == 0
    text = pdf_text(out)
    assert "New programme" in text and "Every opportunity is on the board" in text


def test_board_flowable_goes_in_a_platypus_story(sample: tuple[RegisterData, BoardRules], out_dir: Path) -> None:
    data, rules = sample
    out = out_dir / "pack.pdf"
    width, height = 680, 420
    flowable = BoardFlowable(data, rules, width, height, highlight_ids={by_reference(data, "LAN-018").id})
    assert flowable.wrap(800, 500) == (width, height)
    document = SimpleDocTemplate(str(out), pagesize=landscape(A4), initialFontName=FONT_REGULAR)
    document.build([flowable])
    text = pdf_text(out)
    assert "LAN-018" in text and "Quick win" in text
    assert all(embedded for _name, embedded in reader_fonts(out))


# --------------------------------------------------------------------------------------------- the PNG


def test_png_has_the_asked_size_and_shows_the_board(
    sample: tuple[RegisterData, BoardRules], out_dir: Path, qapp: object
) -> None:
    from PySide6.QtGui import QImage

    from bluelight_desktop.gui.board_export import write_board_png

    data, rules = sample
    out = out_dir / "board.png"
    layout = write_board_png(out, data, rules, today=TODAY)
    assert layout.placed == 33 and layout.overlapping == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1920, 1080)
    colours = {image.pixel(x, y) for x in range(0, 1920, 12) for y in range(0, 1080, 12)}
    assert len(colours) > 20, "the image looks blank"
    # The workstream colours are on the cards.
    for workstream in data.workstreams.values():
        wanted = int(workstream.colour.lstrip("#"), 16) | 0xFF000000
        assert any(image.pixel(x, y) == wanted for x in range(0, 1920, 2) for y in range(0, 1080, 4)), workstream.name
    assert leftovers(out_dir, {"board.png"}) == []

    small = out_dir / "small.png"
    write_board_png(small, data, rules, workstream_id(data, "Response"), width=800, height=600)
    assert (QImage(str(small)).width(), QImage(str(small)).height()) == (800, 600)
