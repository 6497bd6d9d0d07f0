"""A meeting pack for a 200-opportunity register with 12 agenda items, against a bare ReportLab document.

    python tests/bench/bench_pack.py [--opportunities 200] [--items 12] [--repeats 5] [--profile]

Targets (issue 5): the pack in under 3 seconds, and under 2 times a bare ReportLab document of the same page
count built in the same run: SimpleDocTemplate, plain paragraphs in the same embedded TrueType fonts, no page
decoration, one pass. Both are built to bytes in memory (the pack with `render_pack`, as the app's worker does
before writing), so the disk is not timed. The register is made by make_register.py (cached), then a board,
its previous and next meetings, an agenda of papers on the register's opportunities, actions and decisions are
added with Edits, as the app would.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ["BLUELIGHT_HOME"] = tempfile.mkdtemp(prefix="bluelight-bench-pack-")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_register import cached_register  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from bluelight_desktop.core.edits import Edit, RecordChange  # noqa: E402
from bluelight_desktop.core.governance import add_agenda_item  # noqa: E402
from bluelight_desktop.core.model import (  # noqa: E402
    PAPER_FIELDS,
    Action,
    AgendaItem,
    Board,
    Decision,
    Meeting,
    Outcome,
    Purpose,
    RegisterData,
)
from bluelight_desktop.reports.fonts import FONT_BOLD, FONT_REGULAR, register_fonts  # noqa: E402
from bluelight_desktop.reports.pack import PackOptions, render_pack  # noqa: E402
from bluelight_desktop.storage.register import open_register  # noqa: E402

TARGET_SECONDS = 3.0
TARGET_RATIO = 2.0
TODAY = date(2026, 11, 21)
WORDS = (
    "the board is asked to note the progress of the joint programme and agree the next steps for each partner "
    "service including estates fleet control rooms training and prevention with savings shared equally between "
    "police fire and ambulance colleagues across the county subject to the business case and consultation"
).split()


def sentences(rng: random.Random, count: int) -> str:
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize() + "." for _ in range(count)
    )


def pack_register(folder: Path, opportunities: int, items: int) -> tuple[RegisterData, str]:
    """A copy of the cached synthetic register with a board, its meetings, an agenda of `items` papers, and the
    actions and decisions a pack reports. Returns the data and the meeting's id."""
    source = cached_register(folder, opportunities)
    path = folder / f"pack-{opportunities}-{items}.bluelight"
    shutil.copyfile(source, path)
    rng = random.Random(5)
    with open_register(path) as register:
        data = register.load()
        board = Board("Joint Programme Board", "JPB", chairs="Deputy Chief Constable\nDeputy Chief Fire Officer")
        previous = Meeting(board.id, TODAY - timedelta(days=28), "10:00", "Police Headquarters, Riverton")
        previous.minutes_text = "\n".join(f"{n}. {sentences(rng, 3)}" for n in range(1, 9))
        meeting = Meeting(board.id, TODAY + timedelta(days=24), "10:00", "Fire Service Headquarters, Northshire")
        register.apply(Edit("Board and meetings", [RecordChange(None, r) for r in (board, previous, meeting)]))
        data = register.load()
        chosen = rng.sample(sorted(data.opportunities.values(), key=lambda o: o.reference), items)
        for number, opportunity in enumerate(chosen):
            item = AgendaItem(
                meeting.id,
                f"{opportunity.title}: {rng.choice(('business case', 'highlight report', 'benefits review'))}",
                purpose=list(Purpose)[number % 3],
                presenter=opportunity.lead_officer,
                minutes=10,
                opportunity_id=opportunity.id,
            )
            for name in PAPER_FIELDS:
                if rng.random() < 0.8:
                    setattr(item, name, sentences(rng, rng.randint(2, 7)))
            register.apply(add_agenda_item(data, item))
            data = register.load()
        records: list = []
        for number in range(25):
            records.append(
                Action(
                    previous.id,
                    sentences(rng, 1),
                    owner=f"Officer {number}",
                    due=TODAY + timedelta(days=rng.randint(-30, 30)),
                )
            )
        for opportunity in chosen[:6]:
            records.append(Decision(previous.id, Outcome.APPROVED, sentences(rng, 2), opportunity_id=opportunity.id))
        register.apply(Edit("Business", [RecordChange(None, r) for r in records]))
        return register.load(), meeting.id


def bare_document(paragraphs: int) -> tuple[bytes, int]:
    """A plain ReportLab document: `paragraphs` paragraphs of text in the same embedded fonts."""
    register_fonts()
    rng = random.Random(1)
    style = ParagraphStyle("body", fontName=FONT_REGULAR, fontSize=9.5, leading=12.5, spaceAfter=5)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=6)
    story = []
    for number in range(paragraphs):
        if number % 6 == 0:
            story.append(Paragraph(f"Heading {number // 6 + 1}", heading))
        story.append(Paragraph(sentences(rng, 3), style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT_REGULAR, pageCompression=1).build(story)
    data = buffer.getvalue()
    return data, len(PdfReader(io.BytesIO(data)).pages)


def paragraphs_for(pages: int) -> int:
    """How many paragraphs make the bare document exactly `pages` long (found untimed)."""
    _data, got = bare_document(60)
    count = max(1, round(60 * pages / got))
    for _ in range(40):
        _data, got = bare_document(count)
        if got == pages:
            return count
        count += max(1, abs(pages - got) * 60 // max(1, got)) * (1 if got < pages else -1)
    raise SystemExit(f"could not make a bare document of {pages} pages")


def timed(build, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        build()
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=200)
    parser.add_argument("--items", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions for one pack")
    args = parser.parse_args(argv)

    folder = Path(tempfile.gettempdir()) / "bluelight-bench"
    folder.mkdir(exist_ok=True)
    data, meeting_id = pack_register(folder, args.opportunities, args.items)
    options = PackOptions(published=TODAY)
    pdf, result = render_pack(data, meeting_id, options)  # warm-up: fonts registered, modules imported
    pages = result.pages
    assert len(PdfReader(io.BytesIO(pdf)).pages) == pages
    count = paragraphs_for(pages)

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        render_pack(data, meeting_id, options)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)

    # Interleaved so that noise on a shared machine hits both alike.
    pack_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(args.repeats):
        pack_times += timed(lambda: render_pack(data, meeting_id, options), 1)
        bare_times += timed(lambda: bare_document(count), 1)
    locked = timed(lambda: render_pack(data, meeting_id, PackOptions(published=TODAY, password="pw")), 1)[0]

    pack_median, bare_median = statistics.median(pack_times), statistics.median(bare_times)
    ratio = pack_median / bare_median
    print(
        f"Meeting pack: {len(data.opportunities)} opportunities, {args.items} agenda items, {pages} pages "
        f"({len(pdf) / 1e6:.2f} MB); load average {os.getloadavg()[0]:.2f}"
    )
    print(f"{'':46} {'median':>8} {'min':>8} {'max':>8}")
    print(
        f"  {f'baseline: bare ReportLab document, {pages} pages':44} {bare_median:7.2f}s "
        f"{min(bare_times):7.2f}s {max(bare_times):7.2f}s"
    )
    print(f"  {'the pack (render_pack)':44} {pack_median:7.2f}s {min(pack_times):7.2f}s {max(pack_times):7.2f}s")
    print(f"  {'the pack with a password (AES-256), once':44} {locked:7.2f}s")
    print(f"Ratio to the baseline: {ratio:.2f} (target under {TARGET_RATIO:.0f}); target under {TARGET_SECONDS:.0f} s")
    passed = ratio < TARGET_RATIO and pack_median < TARGET_SECONDS
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
