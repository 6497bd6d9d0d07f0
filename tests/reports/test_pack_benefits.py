"""The pack's benefits summary (reports/benefits_page.py) and the papers' Financial implications drafted from the
benefits register, read back with pypdf and poppler as a board member's reader would.

The sample's pack for the 15 Dec 2026 Programme Board is built once, with the change log's placement history as
the command line and the app pass it. Its benefits pages must carry the figures core.benefits computes, sit in
the contents and bookmarks after the board, use only the embedded fonts, draw vector charts (no images) and keep
every word inside the margins without words running over one another.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from bluelight_desktop import cli
from bluelight_desktop.core.benefits import (
    financial_implications,
    lines_of,
    pipeline,
    quadrant_counts_over_time,
    realisation_by_workstream,
    savings_by_year,
    year_label,
)
from bluelight_desktop.core.board import BoardRules
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.formatting import format_pounds
from bluelight_desktop.core.governance import agenda_of
from bluelight_desktop.core.model import (
    NONE_IDENTIFIED,
    BenefitKind,
    BenefitLine,
    Organisation,
    OrganisationKind,
    RegisterData,
)
from bluelight_desktop.core.quadrant import Quadrant
from bluelight_desktop.reports.benefits_page import (
    FIGURES,
    OTHERS,
    SECTION_TITLE,
    benefits_figures,
    drafted_financial_implications,
    month_label,
    nice_scale,
    summary_sentence,
)
from bluelight_desktop.reports.pack import MARGIN_X, PackOptions, Section, render_pack, write_pack
from bluelight_desktop.storage.register import open_register
from tests.reports.test_pack import (
    MEETING,
    TODAY,
    by_reference,
    ensure_agenda,
    meeting,
    needs_poppler,
    outline,
    pages_text,
    words_with_boxes,
)

A4_PORTRAIT = tuple(round(v) for v in A4)


def flat(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def sample(_sample_master: Path, tmp_path_factory: pytest.TempPathFactory):
    """The sample register (with the next Programme Board's agenda), its data and its placement history."""
    folder = tmp_path_factory.mktemp("benefits-pack")
    path = folder / "sample.bluelight"
    shutil.copyfile(_sample_master, path)
    with open_register(path) as register:
        ensure_agenda(register)
        return path, register.load(), register.placement_history()


@pytest.fixture(scope="module")
def pack(sample, tmp_path_factory: pytest.TempPathFactory):
    """The sample's Programme Board pack with the benefits summary, built once: (path, data, result, history)."""
    _path, data, history = sample
    out = tmp_path_factory.mktemp("benefits-pdf") / "pack.pdf"
    result = write_pack(out, data, meeting(data, MEETING).id, PackOptions(published=TODAY, placement_history=history))
    return out, data, result, history


def benefits_pages(result) -> list[int]:
    """The pages of the benefits summary, from its first page to the page before the next section."""
    pages = {e.key: e.page for e in result.contents}
    first = pages["benefits"]
    following = [e.page for e in result.contents if e.level == 0 and e.page and e.page > first]
    last = (min(following) - 1) if following else result.pages
    return list(range(first, last + 1))


def benefits_text(path: Path, result) -> str:
    texts = pages_text(path)
    return "\n".join(texts[page - 1] for page in benefits_pages(result))


def count_rows(page: str) -> dict[str, list[str]]:
    """Table rows of counts as poppler lays them out: the words before the first figure, and the figures."""
    rows = {}
    for line in page.splitlines():
        words = line.split()
        first = next((n for n, w in enumerate(words) if w.isdigit() or w == "–"), None)
        if first and all(w.isdigit() or w == "–" for w in words[first:]):
            rows[" ".join(words[:first])] = words[first:]
    return rows


# ------------------------------------------------------------------------------------------ the section


def test_the_summary_is_in_the_contents_and_bookmarks_after_the_board(pack) -> None:
    path, _data, result, _history = pack
    reader = PdfReader(path)
    marks = outline(reader)
    assert marks == [(e.title, e.level, e.page) for e in result.contents]
    titles = [(title, level) for title, level, _page in marks]
    start = titles.index((SECTION_TITLE, 0))
    assert titles[start - 1] == ("The effort and benefit board", 0)
    assert titles[start + 1 : start + 5] == [(title, 1) for _key, title in FIGURES]
    assert titles[start + 5] == ("Open and overdue actions", 0)
    # The contents page lists it with its page number, and each bookmark lands on a page showing its heading.
    contents_page = flat(pages_text(path)[1])
    page_of = {title: page for title, _level, page in marks}
    assert f"{SECTION_TITLE} {page_of[SECTION_TITLE]}" in contents_page
    texts = pages_text(path)
    for _key, title in FIGURES:
        assert title in flat(texts[page_of[title] - 1]), title
        assert f"{title} {page_of[title]}" in contents_page
    # Two portrait A4 pages for the sample, with the marking and "Page X of Y" footer as every other page.
    pages = benefits_pages(result)
    assert len(pages) == 2
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    for page in pages:
        assert sizes[page - 1] == A4_PORTRAIT
        lines = [line.strip() for line in texts[page - 1].splitlines() if line.strip()]
        assert lines[0] == "OFFICIAL" and lines[-1] == "OFFICIAL"
        assert lines[-2].endswith(f"Page {page} of {result.pages}")


def test_the_page_carries_the_figures_core_benefits_computes(pack) -> None:
    path, data, result, history = pack
    page = flat(benefits_text(path, result))
    # Planned against actual by financial year: 2025/26's totals, and each partner's part of it, in pounds.
    savings = savings_by_year(data)
    year = [f for f in savings if f.year == 2025]
    planned, actual = sum(f.planned for f in year), sum(f.actual for f in year)
    assert planned and actual
    planned_row = " ".join(format_pounds(f.planned) for f in year)
    actual_row = " ".join(format_pounds(f.actual) for f in year)
    assert f"2025/26 Planned {planned_row} {format_pounds(planned)}" in page
    assert f"Actual {actual_row} {format_pounds(actual)}" in page
    assert "All years Planned" in page and format_pounds(sum(f.planned for f in savings)) in page
    # The axis reads in short pounds and years as 2026/27.
    assert "£100k" in page and all(year_label(y) in page for y in {f.year for f in savings})
    # Realisation per workstream, as a percentage.
    realised = realisation_by_workstream(data, TODAY)
    assert realised
    for row in realised:
        name = data.workstreams[row.workstream_id].name
        assert row.percent is not None
        assert f"{name} {format_pounds(row.planned)} {format_pounds(row.actual)} {round(row.percent)}%" in page, name
    # The pipeline: each stage's count over all workstreams, and the register's total.
    cells = pipeline(data)
    rows = count_rows(benefits_text(path, result))
    for stage in {c.stage for c in cells}:
        assert rows[stage.label][-1] == str(sum(c.count for c in cells if c.stage is stage)), stage
    assert rows["All stages"][-1] == str(len(data.opportunities))
    # The quadrants over time, replayed from the change log: this month's counts in the table's last column.
    rules = BoardRules.from_settings(data.settings)
    now = quadrant_counts_over_time(data, history, rules.thresholds, [date(2026, 11, 1)])[0]
    for quadrant in (Quadrant.QUICK_WIN, Quadrant.MAJOR_PROJECT, Quadrant.BUSINESS_AS_USUAL, Quadrant.PARK):
        assert rows[quadrant.value][-1] == str(now.counts[quadrant]), quadrant
        assert now.counts[quadrant] == sum(1 for o in data.opportunities.values() if rules.quadrant(o) is quadrant)
    assert "Jun 2026" in page and "Nov 2026" in page  # from the first month anything was placed
    # The summary sentence: realised to date against planned, and this year's plan.
    figures = benefits_figures(data, TODAY, history)
    sentence = summary_sentence(figures)
    assert sentence in page
    ended = [f for f in savings if f.year < 2026]
    this_year = sum(f.planned for f in savings if f.year == 2026)
    assert format_pounds(sum(f.actual for f in ended)) in sentence
    assert format_pounds(sum(f.planned for f in ended)) in sentence
    assert f"{format_pounds(this_year)} is planned for this financial year, 2026/27" in sentence


def test_the_sample_figures_are_those_of_its_benefit_lines(pack) -> None:
    """The sample's own numbers, worked by hand from its benefit lines, so a double mistake (in core and in the
    page) cannot pass unseen."""
    path, _data, result, _history = pack
    page = flat(benefits_text(path, result))
    assert "2025/26 Planned £45,000 £6,000 £7,500 £102,500 £21,000 £182,000" in page
    assert "Actual £47,500 £4,750 £6,300 £100,270 £21,480 £180,300" in page
    assert "realised £519,800 of cashable savings against £522,000 planned (99.6%)" in page
    assert "Shared Support Services £858,000 £877,300 102%" in page


@needs_poppler
def test_fonts_are_embedded_dejavu_and_the_charts_are_vector(pack) -> None:
    path, _data, result, _history = pack
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), listing
    assert {row.split()[0].split("+")[-1] for row in rows} == {"DejaVuSans", "DejaVuSans-Bold"}, listing
    reader = PdfReader(path)
    for page in benefits_pages(result):
        resources = reader.pages[page - 1]["/Resources"]
        for font in resources["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()
        for xobject in resources.get("/XObject", {}).values():
            assert xobject.get_object()["/Subtype"] == "/Form"  # page numbers; never a picture of a chart
        # The charts are drawn with paths: many fill and stroke operators in the page's content.
        content = reader.pages[page - 1].get_contents().get_data()
        assert content.count(b" re") > 20 and content.count(b" l") > 20


@needs_poppler
def test_no_word_leaves_the_margins_or_runs_over_another(pack) -> None:
    path, _data, result, _history = pack
    pages = set(benefits_pages(result))
    words = [w for w in words_with_boxes(path) if w[0] in pages]
    assert len(words) > 300
    for page, width, x_min, x_max, y_min, y_max, word in words:
        assert MARGIN_X - 0.5 <= x_min and x_max <= width - MARGIN_X + 0.5, (page, word)
        assert y_min >= 15 and y_max > y_min, (page, word)
    for page in pages:
        boxes = [w for w in words if w[0] == page]
        for n, (_p, _w, ax0, ax1, ay0, ay1, a) in enumerate(boxes):
            for _p2, _w2, bx0, bx1, by0, by1, b in boxes[n + 1 :]:
                across = min(ax1, bx1) - max(ax0, bx0)
                down = min(ay1, by1) - max(ay0, by0)
                assert across <= 0.5 or down <= 0.5, (page, a, b)


def test_leaving_it_out(sample) -> None:
    _path, data, history = sample
    target = meeting(data, MEETING).id
    _pdf, full = render_pack(data, target, PackOptions(published=TODAY, placement_history=history))
    sections = frozenset(Section) - {Section.BENEFITS}
    pdf, without = render_pack(data, target, PackOptions(sections, published=TODAY, placement_history=history))
    keys = {e.key for e in without.contents}
    assert "benefits" not in keys and not any(key.startswith("benefits-") for key in keys)
    assert without.pages == full.pages - len(benefits_pages(full))
    assert "board" in keys and "actions" in keys
    assert b"Benefits summary" not in pdf  # not even in the outline


def test_the_command_line_passes_the_change_log_and_leaves_it_out(
    sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _data, _history = sample
    monkeypatch.setenv("BLUELIGHT_TODAY", "2026-11-21")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "full.pdf"
    assert cli.main(["pack", str(path), "--next", "CPB", "-o", str(out)]) == 0
    text = flat("\n".join(pages_text(out)))
    assert "from the change log" in text and "Jun 2026" in text  # months replayed, not today's counts alone
    short = tmp_path / "short.pdf"
    assert cli.main(["pack", str(path), "--next", "CPB", "-o", str(short), "--leave-out", "benefits"]) == 0
    assert "Benefits summary" not in flat("\n".join(pages_text(short)))
    assert len(PdfReader(short).pages) == len(PdfReader(out).pages) - 2
    capsys.readouterr()


# ------------------------------------------------------------------------------------------ edge cases


def test_without_the_change_log_only_todays_counts_are_shown(sample) -> None:
    _path, data, _history = sample
    figures = benefits_figures(data, TODAY, None)
    assert not figures.history_known and len(figures.quadrants) == 1
    rules = BoardRules.from_settings(data.settings)
    for quadrant, count in figures.quadrants[0].counts.items():
        assert count == sum(1 for o in data.opportunities.values() if rules.quadrant(o) is quadrant)
    pdf, result = render_pack(data, meeting(data, MEETING).id, PackOptions(published=TODAY))
    assert result.pages > 0 and b"%PDF" in pdf[:8]


def test_a_register_without_benefits_says_so_instead_of_drawing_empty_charts(sample, tmp_path: Path) -> None:
    _path, data, history = sample
    bare = copy.deepcopy(data)
    bare.benefit_lines.clear()
    bare.cost_lines.clear()
    out = tmp_path / "bare.pdf"
    result = write_pack(out, bare, meeting(bare, MEETING).id, PackOptions(published=TODAY, placement_history=history))
    page = flat(benefits_text(out, result))
    assert "The benefits register holds no cashable savings yet" in page
    assert "No cashable savings are recorded in the benefits register yet." in page
    assert "Nothing has fallen due to be realised yet" in page
    assert "All stages" in page  # the pipeline and the quadrants still chart the register


def test_many_partners_are_drawn_as_six_and_the_rest_together(sample, tmp_path: Path) -> None:
    _path, data, history = sample
    crowded = copy.deepcopy(data)
    opportunity = by_reference(crowded, "LAN-033")
    extra = [Organisation(f"Partner service {n}", f"PS{n}", OrganisationKind.OTHER) for n in range(1, 7)]
    for organisation in extra:
        crowded.organisations[organisation.id] = organisation
    for n, organisation in enumerate(extra, start=1):
        line = BenefitLine(
            opportunity.id,
            BenefitKind.CASHABLE_SAVING,
            2025,
            planned=n * 1_000_000,
            actual=n * 900_000,
            shares={organisation.id: 10_000},
        )
        crowded.benefit_lines[line.id] = line
    figures = benefits_figures(crowded, TODAY, history)
    assert len(figures.partners) == 7 and figures.partners[-1].key == OTHERS
    assert figures.partners[-1].name == "Other partners"
    # Nothing is lost by grouping: each year's total is still the sum of every line.
    by_partner = figures.by_partner(2025)
    assert sum(p for p, _a in by_partner.values()) == figures.year_totals(2025)[0]
    out = tmp_path / "crowded.pdf"
    result = write_pack(out, crowded, meeting(crowded, MEETING).id, PackOptions(published=TODAY))
    page = flat(benefits_text(out, result))
    assert "Other partners" in page or "Other partn…" in page


def test_axis_steps_are_round_and_counts_whole() -> None:
    assert nice_scale(235_500) == (250_000, 50_000)
    assert nice_scale(12, whole=True) == (15, 5)
    assert nice_scale(3, whole=True) == (3, 1)
    assert nice_scale(0) == (1.0, 1.0)
    top, step = nice_scale(129.6, 6)
    assert top >= 129.6 and top % step == 0
    assert month_label(date(2026, 6, 1), first=True) == "Jun\n2026"
    assert month_label(date(2027, 1, 1), first=False) == "Jan\n2027"
    assert month_label(date(2026, 7, 1), first=False) == "Jul"


# ------------------------------------------------------------------------------------------ papers


def test_an_empty_financial_implications_heading_prints_the_drafted_figures(sample, tmp_path: Path) -> None:
    path, _data, _history = sample
    copy_path = tmp_path / "drafted.bluelight"
    shutil.copyfile(path, copy_path)
    with open_register(copy_path) as register:
        data = register.load()
        items = agenda_of(data, meeting(data, MEETING).id)
        site = next(i for i in items if i.opportunity_id == by_reference(data, "LAN-033").id)
        written = site.financial_implications
        assert written.strip()  # the author's own words, printed as written
        emptied = copy.deepcopy(site)
        emptied.financial_implications = ""
        register.apply(Edit("Clear the heading", [RecordChange(site, emptied)]))
        data = register.load()
    site = data.agenda_items[site.id]
    opportunity = data.opportunities[site.opportunity_id]
    assert lines_of(data, opportunity.id) != ([], [])
    drafted = financial_implications(data, opportunity)
    assert drafted_financial_implications(data, site) == drafted
    out = tmp_path / "pack.pdf"
    result = write_pack(out, data, site.meeting_id, PackOptions(frozenset({Section.PAPERS}), published=TODAY))
    pages = {e.key: e.page for e in result.contents}
    texts = pages_text(out)
    start = pages[f"item-{site.id}"]
    later = [p for p in pages.values() if p and p > start]
    paper = flat(" ".join(texts[start - 1 : (min(later) - 1) if later else len(texts)]))
    heading = paper.index("Financial implications")
    section = paper[heading:]
    assert section.startswith(
        "Financial implications Drafted from the benefits register as at 21 Nov 2026: the paper's author has not "
        "written this heading."
    )
    assert not section[len("Financial implications") :].lstrip().startswith(NONE_IDENTIFIED)
    # Sensible figures: the site's savings, realised so far, the capital receipt and the 40/60 split.
    for phrase in (
        "Cashable saving: £210,000 planned",
        "£105,300 realised so far against £105,000 planned",
        "Capital receipt: £290,000 planned",
        "Recurring costs: £36,000",
        "Benefits and costs are shared LFRS 40% and NWAS 60%.",
    ):
        assert phrase in section, phrase
    assert written not in paper


def test_written_headings_and_papers_without_benefits_are_left_as_they_are(pack) -> None:
    path, data, result, _history = pack
    items = agenda_of(data, meeting(data, MEETING).id)
    assert all(drafted_financial_implications(data, i) == "" for i in items if i.financial_implications.strip())
    text = flat("\n".join(pages_text(path)))
    assert "Drafted from the benefits register" not in text
    site = next(i for i in items if i.opportunity_id == by_reference(data, "LAN-033").id)
    assert flat(site.financial_implications) in text
    # An item with no opportunity has nothing to draft from.
    plain = next(i for i in items if not i.opportunity_id)
    assert drafted_financial_implications(data, plain) == ""
    assert isinstance(data, RegisterData) and result.pages > 0


# ------------------------------------------------------------------------------------------ the app's dialog


def test_the_pack_dialog_offers_the_summary_and_passes_the_change_log(qtbot, sample_path: Path) -> None:
    from PySide6.QtCore import Qt

    from bluelight_desktop.gui.pack_dialog import PackDialog
    from bluelight_desktop.gui.session import RegisterSession

    session = RegisterSession(open_register(sample_path))
    try:
        dialog = PackDialog(session, meeting(session.data, MEETING).id)
        qtbot.addWidget(dialog)
        dialog.show()
        box = dialog.section_boxes[Section.BENEFITS]
        assert box.isChecked() and box.isEnabled() and box.accessibleName() == SECTION_TITLE
        assert box.text().startswith("Be&nefits summary")
        options = dialog.options()
        assert Section.BENEFITS in options.sections
        assert list(options.placement_history) == session.register.placement_history()
        assert options.placement_history  # the sample's change log places opportunities
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert Section.BENEFITS not in dialog.options().sections
        if shown := os.environ.get("BLUELIGHT_SHOW"):
            dialog.grab().save(shown)  # to look at it
    finally:
        session.close()
