"""The meeting pack (reports/pack.py): read back with pypdf and poppler as a board member's reader would.

The sample register's pack is built once per module and checked page by page: the outline against the contents,
the marking at top and bottom of every page, "Page X of Y", the footer, A4 pages, embedded fonts, no word outside
the margins, the papers under the committee report headings, the board with this meeting's cards outlined and
the register appendix. Smaller registers made with Edits check the rules: decisions since the previous meeting,
minutes only when recorded, items without papers, markings, passwords, reproducible bytes, cancelling and writes
that fail.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape

from bluelight_desktop.core.board import BoardRules
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.governance import (
    add_agenda_item,
    agenda_of,
    decisions_since_previous,
    find_meeting,
    meetings_of,
    previous_meeting,
)
from bluelight_desktop.core.model import (
    NONE_IDENTIFIED,
    PAPER_HEADINGS,
    AgendaItem,
    Decision,
    Meeting,
    MeetingStatus,
    Opportunity,
    Outcome,
    Purpose,
    RegisterData,
    Stage,
)
from bluelight_desktop.core.quadrant import Quadrant
from bluelight_desktop.reports.board_pdf import HIGHLIGHT, Box, board_shapes
from bluelight_desktop.reports.pack import (
    MARGIN_X,
    PackCancelled,
    PackError,
    PackOptions,
    Section,
    pack_file_name,
    render_pack,
    write_pack,
)
from bluelight_desktop.storage.register import Register, open_register

TODAY = date(2026, 11, 21)
MEETING = "CPB-2026-12-15"
A4_PORTRAIT = tuple(round(v) for v in A4)
A4_LANDSCAPE = tuple(round(v) for v in landscape(A4))

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


# ------------------------------------------------------------------------------------------- helpers


def pages_text(path: Path, password: str | None = None) -> list[str]:
    """Each page's text as poppler reads it (layout kept), or pypdf's when poppler is missing."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", "-layout"] + (["-upw", password] if password else []) + [str(path), "-"]
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        return out.split("\f")[:-1]
    reader = PdfReader(path)
    if password:
        reader.decrypt(password)
    return [page.extract_text() or "" for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, page) of every bookmark, in order."""
    found: list[tuple[str, int, int]] = []

    def walk(entries: list, level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                found.append((entry.title, level, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return found


def words_with_boxes(path: Path) -> list[tuple[int, float, float, float, float, float, str]]:
    """(page, page width, xMin, xMax, yMin, yMax, word) for every word, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(
        re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    )
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        width = float(page.get("width", 0))
        for word in page.iter("word"):
            box = [float(word.get(k, 0)) for k in ("xMin", "xMax", "yMin", "yMax")]
            found.append((number, width, *box, word.text or ""))
    return found


def apply(path: Path, *edits: Edit) -> RegisterData:
    with open_register(path) as register:
        for edit in edits:
            register.apply(edit)
        return register.load()


def load(path: Path) -> RegisterData:
    with open_register(path, read_only=True) as register:
        return register.load()


def meeting(data: RegisterData, reference: str) -> Meeting:
    found = find_meeting(data, reference)
    assert found is not None, reference
    return found


def by_reference(data: RegisterData, reference: str) -> Opportunity:
    return next(o for o in data.opportunities.values() if o.reference == reference)


def ensure_agenda(register: Register, reference: str = MEETING) -> None:
    """The sample's next Programme Board has a full agenda; this fills one in should it be empty, so the tests
    read the same kind of pack either way."""
    data = register.load()
    target = meeting(data, reference)
    if agenda_of(data, target.id):
        return
    for title, purpose, opportunity, paper in (
        ("Apologies and declarations of interest", Purpose.INFORMATION, None, {}),
        ("Police Smartphone HFSC Referrals: business case", Purpose.DECISION, "LAN-031", {"proposal": "Pilot it."}),
        ("Duty Officer Communication", Purpose.DECISION, "LAN-023", {}),
        ("Site Sharing with North West Ambulance Service", Purpose.INFORMATION, "LAN-033", {}),
    ):
        item = AgendaItem(target.id, title, purpose=purpose, presenter="Head of Prevention, LFRS", minutes=15)
        if opportunity:
            item.opportunity_id = by_reference(data, opportunity).id
        for name, value in paper.items():
            setattr(item, name, value)
        register.apply(add_agenda_item(data, item))
        data = register.load()


@pytest.fixture(scope="module")
def sample_pack(_sample_master: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RegisterData, object]:
    """The sample register's pack for the 15 Dec 2026 Programme Board, built once for the module."""
    folder = tmp_path_factory.mktemp("sample-pack")
    register_path = folder / "sample.bluelight"
    shutil.copyfile(_sample_master, register_path)
    with open_register(register_path) as register:
        ensure_agenda(register)
        data = register.load()
    out = folder / "pack" / "pack.pdf"
    out.parent.mkdir()
    result = write_pack(out, data, meeting(data, MEETING).id, PackOptions(published=TODAY))
    return out, data, result


@pytest.fixture
def sample_data(sample_path: Path) -> RegisterData:
    with open_register(sample_path) as register:
        ensure_agenda(register)
    return load(sample_path)


# ---------------------------------------------------------------------------------- the sample's pack


def test_outline_mirrors_the_contents_page(sample_pack) -> None:
    path, data, result = sample_pack
    reader = PdfReader(path)
    marks = outline(reader)
    assert marks == [(e.title, e.level, e.page) for e in result.contents]
    titles = [title for title, _level, _page in marks]
    items = agenda_of(data, meeting(data, MEETING).id)
    with_paper = [i for i in items if i.has_paper or i.opportunity_id]
    assert titles[:2] == ["Agenda", "Papers"]
    assert titles[2 : 2 + len(with_paper)] == [f"{i.position}. {i.title}" for i in with_paper]
    assert "The effort and benefit board" in titles and "Appendix: the register" in titles
    assert "Open and overdue actions" in titles and "Decisions since the previous meeting" in titles
    # The contents page lists the same entries with the same page numbers, in order.
    contents_page = pages_text(path)[1]
    assert contents_page.split("\n")[1:3] != []  # not empty
    position = 0
    for title, _level, page in marks:
        found = re.search(re.escape(title[:40]) + r".*?\s(\d+)\s*$", contents_page[position:], re.M)
        assert found is not None, title
        assert int(found.group(1)) == page, title
        position += found.end()
    # Every bookmark lands on a page whose text has its heading; "Papers" has none: it is its first paper's page.
    texts = pages_text(path)
    assert marks[1][2] == marks[2][2]
    for title, _level, page in marks[:1] + marks[2:]:
        heading = title.split(". ", 1)[-1] if title[0].isdigit() else title
        assert " ".join(heading.split()[:4]) in " ".join(texts[page - 1].split()), (title, page)


def test_every_page_has_the_marking_page_numbers_and_footer(sample_pack) -> None:
    path, _data, result = sample_pack
    texts = pages_text(path)
    assert len(texts) == result.pages == len(PdfReader(path).pages)
    for number, page in enumerate(texts, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL" and lines[-1] == "OFFICIAL", number
        assert re.search(rf"Collaboration Programme Board · 15 Dec 2026\s+Page {number} of {result.pages}$", lines[-2])
    assert "OFFICIAL-SENSITIVE" not in "".join(texts)


def test_pages_are_a4_the_board_and_appendix_landscape(sample_pack) -> None:
    path, _data, result = sample_pack
    reader = PdfReader(path)
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    pages = {e.key: e.page for e in result.contents}
    assert set(sizes) == {A4_PORTRAIT, A4_LANDSCAPE}
    assert sizes[pages["board"] - 1] == A4_LANDSCAPE
    assert sizes[pages["register"] - 1 :] == [A4_LANDSCAPE] * (len(sizes) - pages["register"] + 1)
    assert sizes[: pages["board"] - 1] == [A4_PORTRAIT] * (pages["board"] - 1)


def test_metadata_and_embedded_fonts(sample_pack) -> None:
    path, data, _result = sample_pack
    reader = PdfReader(path)
    info = reader.metadata
    assert info.title == "Collaboration Programme Board, 15 Dec 2026: agenda and papers"
    assert info.author == data.settings.name == "Lancashire Blue Light Collaboration"
    assert info.subject.startswith("Meeting pack for the Collaboration Programme Board, Tuesday 15 Dec 2026")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), listing  # the "emb" column


@pytest.fixture(scope="module")
def executive_pack(sample_pack) -> Path:
    """The sample's 10 Dec 2026 Executive Board: decisions since September with outcomes and stages."""
    path, data, _result = sample_pack
    out = path.parent.parent / "executive.pdf"
    write_pack(out, data, meeting(data, "CEB-2026-12-10").id, PackOptions(published=TODAY))
    return out


@needs_poppler
@pytest.mark.parametrize("which", ["programme", "executive"])
def test_no_word_leaves_the_margins(sample_pack, executive_pack, which: str) -> None:
    path = sample_pack[0] if which == "programme" else executive_pack
    words = words_with_boxes(path)
    assert len(words) > 1000
    for page, width, x_min, x_max, y_min, y_max, word in words:
        assert MARGIN_X - 0.5 <= x_min and x_max <= width - MARGIN_X + 0.5, (page, word)
        assert y_min >= 15 and y_max > y_min, (page, word)


def test_papers_have_the_committee_headings_and_the_opportunity_facts(sample_pack) -> None:
    path, data, result = sample_pack
    texts = pages_text(path)
    pages = {e.key: e.page for e in result.contents}
    items = agenda_of(data, meeting(data, MEETING).id)
    rules = BoardRules.from_settings(data.settings)
    papers = [i for i in items if i.has_paper]
    assert papers
    for item in papers:
        start = pages[f"item-{item.id}"]
        following = [e.page for e in result.contents if e.page and e.page > start]
        end = min(following) if following else len(texts)
        paper = " ".join(" ".join(texts[start - 1 : max(end - 1, start)]).split())
        assert f"AGENDA ITEM {item.position} · FOR {item.purpose.label.upper()}" in paper
        last = 0
        for name, heading in PAPER_HEADINGS:  # every heading, in the seed papers' order
            found = paper.find(heading, last)
            assert found > last, (item.title, heading)
            last = found
            if not getattr(item, name).strip():
                after = paper[found + len(heading) :].lstrip()
                assert after.startswith(NONE_IDENTIFIED), (item.title, heading)
        if item.opportunity_id:
            opportunity = data.opportunities[item.opportunity_id]
            lead = data.organisations[opportunity.lead_organisation_id]
            assert f"{opportunity.reference} {opportunity.title}" in paper
            assert f"Lead {lead.name}" in paper
            assert f"Stage {opportunity.stage.label}" in paper
            assert f"Quadrant {rules.quadrant(opportunity).value}" in paper
            for partner in opportunity.partner_ids:
                if partner != lead.id:
                    assert data.organisations[partner].name in paper


def test_agenda_numbers_times_and_pages(sample_pack) -> None:
    path, data, result = sample_pack
    target = meeting(data, MEETING)
    pages = {e.key: e.page for e in result.contents}
    agenda = pages_text(path)[pages["agenda"] - 1]
    items = agenda_of(data, target.id)
    clock = 10 * 60
    for item in items:
        start = f"{clock // 60:02d}:{clock % 60:02d}"
        row = next(line for line in agenda.splitlines() if re.match(rf"\s*{item.position}\s+\S", line))
        assert start in row and item.purpose.label in row
        page = pages.get(f"item-{item.id}")
        assert row.rstrip().endswith(str(page) if page else "Verbal"), row
        clock += item.minutes
    total = sum(i.minutes for i in items)
    assert re.search(rf"Close\s+{clock // 60:02d}:{clock % 60:02d}\s+{total}", agenda)


def test_board_page_outlines_this_meetings_cards(sample_pack) -> None:
    path, data, result = sample_pack
    page = next(e.page for e in result.contents if e.key == "board")
    text = " ".join(pages_text(path)[page - 1].split())
    items = [i for i in agenda_of(data, meeting(data, MEETING).id) if i.opportunity_id]
    assert items
    for item in items:
        assert f"{data.opportunities[item.opportunity_id].reference} (item {item.position})" in text
    assert "On this agenda" in text and "Quick win" in text and "Not yet placed" in text
    # The highlight is stroked in the board's highlight colour on that page and no other.
    red, green, blue = (int(HIGHLIGHT[i : i + 2], 16) / 255 for i in (1, 3, 5))
    stroke = " ".join(f"{v:.6f}".rstrip("0").lstrip("0").rstrip(".") or "0" for v in (red, green, blue))
    stroke = f"{stroke} RG".encode()  # as ReportLab writes it: .890196 .454902 0 RG
    reader = PdfReader(path)
    hits = [n for n, p in enumerate(reader.pages, start=1) if stroke in p.get_contents().get_data()]
    assert hits == [page]


def test_board_shapes_outline_the_highlighted_cards_and_explain_them(sample_data: RegisterData) -> None:
    """The pack's board is board_pdf's layout (the screen's), with a key for the outline."""
    data = sample_data
    rules = BoardRules.from_settings(data.settings)
    wanted = {by_reference(data, "LAN-031").id, by_reference(data, "LAN-023").id}
    layout = board_shapes(data, rules, 700, 440, wanted, highlight_label="On this agenda")
    outlines = [s for s in layout.shapes if isinstance(s, Box) and s.stroke == HIGHLIGHT]
    assert len(outlines) == 3  # two cards and the key's swatch
    for card_id in wanted:
        x, y, w, h = layout.card_rects[card_id]
        assert any(abs(o.x - (x - 1)) < 0.01 and abs(o.y - (y - 1)) < 0.01 and o.w == w + 2 for o in outlines)
    assert any(getattr(s, "text", "") == "On this agenda" for s in layout.shapes)
    plain = board_shapes(data, rules, 700, 440, wanted)
    assert not any(getattr(s, "text", "") == "On this agenda" for s in plain.shapes)


def test_register_appendix_lists_every_opportunity_by_workstream(sample_pack) -> None:
    path, data, result = sample_pack
    texts = pages_text(path)
    start = next(e.page for e in result.contents if e.key == "register")
    appendix = texts[start - 1 :]
    for page in appendix:  # the table's header repeats on every page
        assert re.search(r"Reference\s+Title\s+Lead\s+Partners\s+Stage\s+Quadrant\s+Savings a year", page)
    joined = "\n".join(appendix)
    references = re.findall(r"^\s*(LAN-\d{3})\s", joined, re.M)
    assert sorted(references) == sorted(o.reference for o in data.opportunities.values())
    workstreams = sorted(data.workstreams.values(), key=lambda w: w.name.casefold())
    positions = [joined.find(f"\n{w.name}\n") for w in workstreams]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    for index, workstream in enumerate(workstreams):  # each opportunity sits under its own workstream
        end = positions[index + 1] if index + 1 < len(positions) else len(joined)
        section = joined[positions[index] : end]
        mine = sorted(o.reference for o in data.opportunities.values() if o.workstream_id == workstream.id)
        assert sorted(re.findall(r"^\s*(LAN-\d{3})\s", section, re.M)) == mine
        assert f"Total: {len(mine)} opportunit" in section
    total = sum(o.cashable_saving_pence for o in data.opportunities.values()) // 100
    assert f"estimated cashable savings of £{total:,} a year" in " ".join(joined.split())


def test_actions_in_the_pack_are_this_boards_open_ones(sample_pack) -> None:
    path, data, result = sample_pack
    page = next(e.page for e in result.contents if e.key == "actions")
    text = " ".join(" ".join(pages_text(path)[page - 1 : page + 1]).split())
    board_id = meeting(data, MEETING).board_id
    for action in data.actions.values():
        shown = action.description[:30] in text
        mine = data.meetings[action.meeting_id].board_id == board_id
        assert shown == (mine and action.status.value == "open"), action.description


def test_nothing_but_the_pack_is_left_in_the_folder(sample_pack) -> None:
    path, data, _result = sample_pack
    assert [p.name for p in path.parent.iterdir()] == ["pack.pdf"]
    assert pack_file_name(data, meeting(data, MEETING)) == "CPB-2026-12-15 meeting pack.pdf"


# ------------------------------------------------------------------------------------------ the rules


def test_decisions_since_the_previous_meeting(sample_data: RegisterData, sample_path: Path) -> None:
    data = sample_data
    target = meeting(data, MEETING)
    previous = previous_meeting(data, target)
    assert previous is not None and previous.date == date(2026, 11, 17)
    executive = meeting(data, "CEB-2026-12-10")
    later = next(m for m in meetings_of(data, target.board_id) if m.date > target.date)
    opportunity = by_reference(data, "LAN-012")
    decisions = [
        Decision(executive.id, Outcome.APPROVED, "Shared data business case approved.", opportunity_id=opportunity.id),
        Decision(previous.id, Outcome.NOTED, "Noted at the previous meeting itself."),
        Decision(later.id, Outcome.DEFERRED, "Taken after this meeting."),
    ]
    before = set(data.decisions)
    data = apply(sample_path, *(Edit("decide", [RecordChange(None, d)]) for d in decisions))
    found = [d.text for _m, d in decisions_since_previous(data, meeting(data, MEETING)) if d.id not in before]
    assert found == ["Shared data business case approved."]
    pdf, result = render_pack(data, target.id, PackOptions(published=TODAY))
    out = sample_path.parent / "decisions.pdf"
    out.write_bytes(pdf)
    page = next(e.page for e in result.contents if e.key == "decisions")
    end = next(e.page for e in result.contents if e.key == "register")
    text = " ".join(" ".join(pages_text(out)[page - 1 : end - 1]).split())
    text = text[text.find("Decisions since the previous meeting") :]
    assert re.search(r"10 Dec 2026 Approved Shared data business case approved\. LAN-012 CEB", text)
    assert "Noted at the previous meeting itself" not in text and "Taken after this meeting" not in text


def test_minutes_are_left_out_until_recorded(sample_data: RegisterData, sample_path: Path) -> None:
    data = sample_data
    target = meeting(data, MEETING)
    previous = previous_meeting(data, target)
    assert previous is not None
    cleared = replace(copy.deepcopy(previous), minutes_text="")
    data = apply(sample_path, Edit("clear minutes", [RecordChange(copy.deepcopy(previous), cleared)]))
    _pdf, result = render_pack(data, target.id, PackOptions(published=TODAY))
    assert "minutes" not in {e.key for e in result.contents}
    assert any("minutes of the meeting of 17 Nov 2026 are not recorded" in n for n in result.notes)
    recorded = replace(cleared, minutes_text="1. Apologies.\n- First point\n- Second & <last> point")
    data = apply(sample_path, Edit("record minutes", [RecordChange(cleared, recorded)]))
    pdf, result = render_pack(data, target.id, PackOptions(published=TODAY))
    out = sample_path.parent / "minutes.pdf"
    out.write_bytes(pdf)
    entry = next(e for e in result.contents if e.key == "minutes")
    assert entry.title == "Minutes of the meeting of 17 Nov 2026"
    text = pages_text(out)[entry.page - 1]
    assert "• First point" in text and "• Second & <last> point" in text


def test_items_without_a_paper_are_verbal_and_an_opportunity_item_keeps_its_facts(
    sample_data: RegisterData, sample_path: Path
) -> None:
    data = sample_data
    target = next(
        m for m in meetings_of(data) if m.date > date(2026, 12, 15) and not m.cancelled and not agenda_of(data, m.id)
    )
    opportunity = by_reference(data, "LAN-018")
    long_title = "Real Time Demand Management: " + "a very long agenda title that must wrap " * 4
    verbal = AgendaItem(target.id, "Any other business", purpose=Purpose.DISCUSSION, minutes=5)
    linked = AgendaItem(target.id, long_title, purpose=Purpose.DECISION, opportunity_id=opportunity.id, minutes=30)
    data = apply(sample_path, add_agenda_item(data, verbal))
    data = apply(sample_path, add_agenda_item(data, linked))
    items = agenda_of(data, target.id)
    # add_agenda_item pre-fills a paper from the opportunity; take it away to see a paperless item with facts.
    emptied = replace(items[1], **{name: "" for name, _h in PAPER_HEADINGS})
    data = apply(sample_path, Edit("empty the paper", [RecordChange(items[1], emptied)]))
    out = sample_path.parent / "verbal.pdf"
    result = write_pack(out, data, target.id, PackOptions(published=TODAY))
    assert result.notes[0] == "Items 1, 2 have no written paper: the pack shows them as verbal."
    texts = pages_text(out)
    agenda = texts[next(e.page for e in result.contents if e.key == "agenda") - 1]
    assert re.search(r"1\s+Any other business.*Verbal", agenda)
    item_page = next(e.page for e in result.contents if e.key == f"item-{items[1].id}")
    paper = " ".join(texts[item_page - 1].split())
    assert "There is no written paper for this item" in paper
    assert f"{opportunity.reference} {opportunity.title}" in paper and "Executive summary" not in paper
    assert "a very long agenda title that must wrap" in paper


def test_a_meeting_without_an_agenda_or_cancelled_is_refused_plainly(sample_data: RegisterData, tmp_path) -> None:
    data = sample_data
    empty = next(m for m in meetings_of(data) if not agenda_of(data, m.id) and not m.cancelled)
    with pytest.raises(PackError, match="has no agenda yet: add its items before building the pack"):
        write_pack(tmp_path / "x.pdf", data, empty.id)
    cancelled = replace(copy.deepcopy(meeting(data, MEETING)), status=MeetingStatus.CANCELLED)
    data.meetings[cancelled.id] = cancelled
    with pytest.raises(PackError, match="is cancelled"):
        write_pack(tmp_path / "x.pdf", data, cancelled.id)
    with pytest.raises(PackError, match="not in the register"):
        write_pack(tmp_path / "x.pdf", data, "no-such-meeting")
    assert list(tmp_path.glob("*.pdf")) == []


def test_marking_from_the_register_or_the_pack_never_above_official_sensitive(
    sample_data: RegisterData, sample_path: Path
) -> None:
    with open_register(sample_path) as register:
        register.set_setting("marking", "OFFICIAL-SENSITIVE")
        data = register.load()
    assert data.settings.marking == "OFFICIAL-SENSITIVE"
    target = meeting(data, MEETING)
    out = sample_path.parent / "sensitive.pdf"
    result = write_pack(out, data, target.id, PackOptions(sections=frozenset(), published=TODAY))
    texts = pages_text(out)
    assert result.marking == "OFFICIAL-SENSITIVE" and len(texts) == 3  # cover, contents, agenda
    for page in texts:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE"
    assert "Share only with those who need to know" in texts[0]
    assert PdfReader(out).metadata.subject.endswith("OFFICIAL-SENSITIVE.")
    result = write_pack(out, data, target.id, PackOptions(marking="official", published=TODAY))
    assert result.marking == "OFFICIAL" and "SENSITIVE" not in "".join(pages_text(out))
    with pytest.raises(PackError, match="not SECRET"):
        write_pack(out, data, target.id, PackOptions(marking="SECRET"))


def test_sections_can_be_left_out(sample_data: RegisterData) -> None:
    target = meeting(sample_data, MEETING)
    _pdf, everything = render_pack(sample_data, target.id, PackOptions(published=TODAY))
    _pdf, only_board = render_pack(
        sample_data, target.id, PackOptions(sections=frozenset({Section.BOARD}), published=TODAY)
    )
    assert [e.key for e in only_board.contents] == ["agenda", "board"]
    assert only_board.pages == 4 < everything.pages


def test_cover_shows_the_meeting_and_the_publication_date(sample_pack) -> None:
    path, _data, _result = sample_pack
    cover = " ".join(pages_text(path)[0].split())
    for expected in (
        "Lancashire Blue Light Collaboration",
        "Collaboration Programme Board",
        "Agenda and papers",
        "Tuesday 15 Dec 2026, 10:00 to 12:00",
        "Lancashire Constabulary Headquarters, Hutton",
        "Joint chairs Chief Superintendent Chris Bithell, Lancashire Constabulary",
        "Area Manager Ben Norman, LFRS",
        "CPB-2026-12-15",
        "Published 21 Nov 2026",
    ):
        assert expected in cover, expected


# ----------------------------------------------------------------------------- password, bytes, writing


@needs_poppler
def test_password_encrypts_with_aes_256(sample_data: RegisterData, tmp_path: Path) -> None:
    target = meeting(sample_data, MEETING)
    out = tmp_path / "locked.pdf"
    result = write_pack(out, sample_data, target.id, PackOptions(password="board pack 15/12", published=TODAY))
    assert result.encrypted
    reader = PdfReader(out)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert (encrypt["/V"], encrypt["/R"]) == (5, 6)  # AES-256, revision 6
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    refused = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True)
    assert refused.returncode != 0 and "password" in refused.stderr.lower()
    assert not reader.decrypt("wrong")
    assert reader.decrypt("board pack 15/12")
    assert len(reader.pages) == result.pages
    assert [t for t, _l, _p in outline(reader)] == [e.title for e in result.contents]
    plain = tmp_path / "plain.pdf"
    write_pack(plain, sample_data, target.id, PackOptions(published=TODAY))
    assert pages_text(out, "board pack 15/12") == pages_text(plain)


def test_reproducible_with_source_date_epoch(
    sample_data: RegisterData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = meeting(sample_data, MEETING)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 22 Nov 2026 00:00 UTC
    first, result = render_pack(sample_data, target.id)
    second, _ = render_pack(copy.deepcopy(sample_data), target.id)
    assert first == second
    out = tmp_path / "a.pdf"
    out.write_bytes(first)
    assert "Published 22 Nov 2026" in pages_text(out)[0]
    assert PdfReader(out).metadata["/CreationDate"].startswith("D:20261122000000")
    # Encrypted packs are not byte for byte the same: pypdf draws a fresh key, salts and IVs each time (as it
    # should); what they say is the same.
    locked_a, _ = render_pack(sample_data, target.id, PackOptions(password="pw"))
    locked_b, _ = render_pack(sample_data, target.id, PackOptions(password="pw"))
    assert locked_a != locked_b
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    later, _ = render_pack(sample_data, target.id, PackOptions(published=date(2026, 11, 22)))
    assert later != first  # without it the creation date and document id are those of the build


def test_a_failed_write_keeps_the_earlier_pack_and_leaves_nothing_beside_it(
    sample_data: RegisterData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = meeting(sample_data, MEETING)
    folder = tmp_path / "packs"
    folder.mkdir()
    out = folder / "pack.pdf"
    out.write_bytes(b"%PDF-1.4 the earlier pack")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("bluelight_desktop.files.os.fsync", disk_full)
    with pytest.raises(PackError, match=r"^Could not write .*pack\.pdf: No space left on device\.$"):
        write_pack(out, sample_data, target.id)
    assert out.read_bytes() == b"%PDF-1.4 the earlier pack"
    assert [p.name for p in folder.iterdir()] == ["pack.pdf"]
    with pytest.raises(PackError, match="does not exist"):
        write_pack(tmp_path / "missing" / "pack.pdf", sample_data, target.id)
    with pytest.raises(PackError, match="is a folder"):
        write_pack(folder, sample_data, target.id)


def test_unwritable_folder_is_a_plain_message(
    sample_data: RegisterData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = meeting(sample_data, MEETING)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bluelight_desktop.files.tempfile.mkstemp", refuse)
    with pytest.raises(PackError, match=r"you do not have permission to write in"):
        write_pack(tmp_path / "pack.pdf", sample_data, target.id)


def test_cancel_stops_the_build_and_writes_nothing(sample_data: RegisterData, tmp_path: Path) -> None:
    target = meeting(sample_data, MEETING)
    tmp_path = tmp_path / "packs"
    tmp_path.mkdir()
    asked: list[int] = []
    progress: list[float] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 25

    with pytest.raises(PackCancelled, match="you cancelled it"):
        write_pack(
            tmp_path / "pack.pdf", sample_data, target.id, PackOptions(), lambda f, _m: progress.append(f), cancelled
        )
    assert list(tmp_path.iterdir()) == [] and len(asked) == 26
    progress.clear()
    write_pack(tmp_path / "pack.pdf", sample_data, target.id, PackOptions(), lambda f, _m: progress.append(f))
    assert progress == sorted(progress) and progress[0] == 0.0 and progress[-1] == 1.0 and len(progress) > 5


def test_a_long_register_splits_its_table_cleanly(sample_data: RegisterData, sample_path: Path) -> None:
    data = sample_data
    workstream = next(iter(data.workstreams.values()))
    lead = next(iter(data.organisations.values()))
    many = [
        Opportunity(
            f"Extra collaboration number {n} with a title long enough to wrap onto a second line of the table",
            reference=f"LAN-{100 + n}",
            workstream_id=workstream.id,
            lead_organisation_id=lead.id,
            stage=Stage.SCOPING,
            effort=(n * 7) % 100,
            benefit=(n * 13) % 100,
            cashable_saving_pence=n * 100_000,
        )
        for n in range(90)
    ]
    data = apply(sample_path, Edit("many", [RecordChange(None, o) for o in many]))
    out = sample_path.parent / "long.pdf"
    result = write_pack(out, data, meeting(data, MEETING).id, PackOptions(published=TODAY))
    texts = pages_text(out)
    start = next(e.page for e in result.contents if e.key == "register")
    appendix = texts[start - 1 :]
    assert len(appendix) >= 5
    references = re.findall(r"^\s*(LAN-\d{3})\s", "\n".join(appendix), re.M)
    assert len(references) == len(set(references)) == len(data.opportunities)
    for page in appendix:
        assert re.search(r"Reference\s+Title\s+Lead\s+Partners\s+Stage\s+Quadrant", page)
    board = next(e.page for e in result.contents if e.key == "board")
    assert Quadrant.QUICK_WIN.value in texts[board - 1]
    with_opportunity = [o for o in data.opportunities.values() if o.reference == "LAN-189"]
    assert with_opportunity and "LAN-189" in "\n".join(appendix)


def test_decisions_since_the_previous_meeting_when_the_board_never_met() -> None:
    from bluelight_desktop.core.model import Board, RegisterSettings

    first, other = Board("Programme Board", "PB"), Board("Executive Board", "EB")
    earlier = Meeting(other.id, date(2026, 10, 1), "10:00")
    same_day_before = Meeting(other.id, date(2026, 11, 3), "09:00")
    target = Meeting(first.id, date(2026, 11, 3), "14:00")
    after = Meeting(other.id, date(2026, 11, 3), "16:00")
    data = RegisterData(
        RegisterSettings(),
        {},
        {},
        {},
        {b.id: b for b in (first, other)},
        {m.id: m for m in (earlier, same_day_before, target, after)},
    )
    decisions = [Decision(m.id, Outcome.NOTED, f"at {m.date} {m.time}") for m in (after, same_day_before, earlier)]
    data.decisions = {d.id: d for d in decisions}
    found = [d.text for _m, d in decisions_since_previous(data, target)]
    assert found == ["at 2026-10-01 10:00", "at 2026-11-03 09:00"]
