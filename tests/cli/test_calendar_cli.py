"""`bluelight calendar REGISTER -o OUT.ics [--board NAME] [--months N]`, run as users run it.

The file is read back with icalendar, as a calendar app reads it. Exit codes: 0 written, 1 a plain one-line
failure (no register, not a register, nowhere to write, unknown board) with the register untouched and no
calendar written, 2 wrong usage (not .ics, months outside 1 to 60).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from bluelight_desktop.core.formatting import format_date
from bluelight_desktop.core.governance import agenda_of, find_board, horizon_end, paper_deadline, start_times
from bluelight_desktop.core.model import RegisterData
from bluelight_desktop.reports.calendar_file import calendar_meetings
from bluelight_desktop.storage.register import open_register
from tests.cli.test_cli import assert_plain_failure, bluelight

BOARDS = "Collaboration Executive Board (CEB), Collaboration Programme Board (CPB)"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def load(path: Path) -> RegisterData:
    with open_register(path, read_only=True) as register:
        return register.load()


def read_calendar(path: Path) -> Calendar:
    calendar = Calendar.from_ical(path.read_bytes())
    assert isinstance(calendar, Calendar)
    return calendar


def by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(e["UID"]): e for e in calendar.events}


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_calendar_writes_every_meeting_and_paper_deadline(
    sample_path: Path, out_dir: Path, bluelight_home: Path
) -> None:
    out = out_dir / "meetings.ics"
    result = bluelight("calendar", sample_path, "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    today = date.today()
    data = load(sample_path)
    meetings = calendar_meetings(data, today)
    count = f"{len(meetings)} meetings"
    cancelled = sum(m.cancelled for m in meetings)
    if cancelled:
        count += f" ({cancelled} cancelled)"
    span = f"{format_date(today.replace(day=1))} to {format_date(horizon_end(today, 12))}"
    assert result.stdout.strip() == f"Wrote {count} and their paper deadlines, {span}, to {out}"
    assert files_in(out_dir) == ["meetings.ics"]

    calendar = read_calendar(out)
    assert str(calendar["X-WR-CALNAME"]) == data.settings.name
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    events = by_uid(calendar)
    assert len(calendar.events) == 2 * len(meetings)
    for meeting in meetings:
        event = events[f"{meeting.id}@bluelight-desktop"]
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event["DTSTART"].dt.date() == meeting.date
        assert str(event["STATUS"]) == ("CANCELLED" if meeting.cancelled else "CONFIRMED")
        papers = events[f"{meeting.id}-papers@bluelight-desktop"]
        board = data.boards[meeting.board_id]
        assert str(papers["SUMMARY"]).endswith(f"Papers due: {board.name} {format_date(meeting.date)}")
        assert papers["DTSTART"].params["VALUE"] == "DATE"
        assert papers["DTSTART"].dt == paper_deadline(data, meeting)


def test_the_description_holds_the_chairs_and_the_agenda(
    sample_path: Path, out_dir: Path, bluelight_home: Path
) -> None:
    data = load(sample_path)
    meeting = next(m for m in calendar_meetings(data, date.today()) if agenda_of(data, m.id) and not m.cancelled)
    out = out_dir / "meetings.ics"
    assert bluelight("calendar", sample_path, "-o", out, home=bluelight_home).returncode == 0
    description = str(by_uid(read_calendar(out))[f"{meeting.id}@bluelight-desktop"]["DESCRIPTION"])
    board = data.boards[meeting.board_id]
    assert "\n".join(board.chair_list) in description
    items = agenda_of(data, meeting.id)
    for number, (item, starts) in enumerate(zip(items, start_times(meeting, items), strict=True), start=1):
        assert f"\n{number}. {starts} {item.title} (" in description


def test_uids_are_stable_between_exports(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    first, second = out_dir / "november.ics", out_dir / "december.ics"
    assert bluelight("calendar", sample_path, "-o", first, home=bluelight_home).returncode == 0
    assert bluelight("calendar", sample_path, "-o", second, home=bluelight_home).returncode == 0
    one, two = by_uid(read_calendar(first)), by_uid(read_calendar(second))
    assert one.keys() == two.keys() and len(one) >= 2
    for uid, event in one.items():
        assert event["SEQUENCE"] == two[uid]["SEQUENCE"]
        assert event["DTSTART"].dt == two[uid]["DTSTART"].dt


def test_one_board_over_a_month(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "cpb.ics"
    out.write_bytes(b"last month's calendar")
    board_name = "collaboration PROGRAMME board"
    result = bluelight("calendar", sample_path, "-o", out, "--board", board_name, "--months", "1", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    data = load(sample_path)
    board = find_board(data, "CPB")
    assert board is not None
    meetings = calendar_meetings(data, date.today(), board.id, months=1)
    calendar = read_calendar(out)
    assert len(calendar.events) == 2 * len(meetings)
    meeting_ids = {str(e["UID"]).split("@")[0].removesuffix("-papers") for e in calendar.events}
    assert meeting_ids == {m.id for m in meetings}
    assert str(calendar["X-WR-CALNAME"]).endswith(": Collaboration Programme Board")
    assert files_in(out_dir) == ["cpb.ics"]


# ------------------------------------------------------------------------------------------------ failures


def assert_untouched(register: Path, before: bytes, out_dir: Path) -> None:
    assert register.read_bytes() == before
    assert files_in(out_dir) == []


def test_unknown_board_lists_the_boards(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    before = sample_path.read_bytes()
    result = bluelight("calendar", sample_path, "-o", out_dir / "m.ics", "--board", "Estates", home=bluelight_home)
    assert assert_plain_failure(result) == f"bluelight: There is no board called Estates. Boards: {BOARDS}."
    assert_untouched(sample_path, before, out_dir)


def test_missing_register(tmp_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    missing = tmp_path / "nowhere.bluelight"
    line = assert_plain_failure(bluelight("calendar", missing, "-o", out_dir / "m.ics", home=bluelight_home))
    assert line == f"bluelight: There is no file at {missing}."
    assert not missing.exists() and files_in(out_dir) == []


def test_not_a_register(tmp_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    notes = tmp_path / "notes.bluelight"
    notes.write_text("minutes of the last meeting\n")
    before = notes.read_bytes()
    line = assert_plain_failure(bluelight("calendar", notes, "-o", out_dir / "m.ics", home=bluelight_home))
    assert "notes.bluelight is not a Bluelight register" in line
    assert_untouched(notes, before, out_dir)


@pytest.fixture
def unwritable_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder no file can be created in, even by root (CI runs as root): read-only, and immutable where
    chattr allows it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    try:
        probe = folder / "probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:
            probe.unlink()
            chattr = shutil.which("chattr")
            immutable = chattr is not None and subprocess.run([chattr, "+i", str(folder)], check=False).returncode == 0
            if not immutable:
                pytest.skip("cannot make a folder unwritable here")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o755)


def test_unwritable_folder(sample_path: Path, unwritable_dir: Path, bluelight_home: Path) -> None:
    before = sample_path.read_bytes()
    out = unwritable_dir / "m.ics"
    line = assert_plain_failure(bluelight("calendar", sample_path, "-o", out, home=bluelight_home))
    assert line.startswith(f"bluelight: could not write {out}: ") and line.endswith(".")
    assert "ermission" in line or "not permitted" in line, line
    assert sample_path.read_bytes() == before
    assert os.listdir(unwritable_dir) == []


def test_missing_folder(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    out = tmp_path / "no such folder" / "m.ics"
    line = assert_plain_failure(bluelight("calendar", sample_path, "-o", out, home=bluelight_home))
    assert line == f"bluelight: the folder {out.parent} does not exist."


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "m.txt"], "must end in .ics"),
        (["-o", "m.ics", "--months", "0"], "from 1 to 60"),
        (["-o", "m.ics", "--months", "61"], "from 1 to 60"),
        (["-o", "m.ics", "--months", "a year"], "from 1 to 60"),
        ([], "-o"),
    ],
    ids=["not-ics", "months-0", "months-61", "months-words", "no-output"],
)
def test_wrong_usage_exits_2(
    args: list[str],
    says: str,
    sample_path: Path,
    out_dir: Path,
    bluelight_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(out_dir)  # a relative output would land here
    before = sample_path.read_bytes()
    result = bluelight("calendar", sample_path, *args, home=bluelight_home)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "usage:" in result.stderr and says in result.stderr and "Traceback" not in result.stderr
    assert_untouched(sample_path, before, out_dir)
