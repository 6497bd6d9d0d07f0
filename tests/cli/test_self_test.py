"""`bluelight self-test [--keep]`: the sample register through open, check, board, calendar, pack, export and merge
in a temporary folder, one report line per job, exit 0 when all pass and 1 otherwise.

What the jobs wrote is read back with real readers (pypdf, icalendar, sqlite3); the user's own data folder and
recent list are left alone.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from bluelight_desktop import APP_NAME, __version__, self_test
from bluelight_desktop.cli import main
from bluelight_desktop.storage.register import APPLICATION_ID
from bluelight_desktop.storage.sample import sample_source
from tests.cli.test_cli import REPO_ROOT

JOB_LINE = re.compile(r"^  (OK|FAILED) +(\w[\w-]*) +(\d+\.\d\d) s  (.+)$")
JOB_NAMES = [name for name, _job in self_test.JOBS]


def run_self_test(*args: str, home: Path, temp: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(BLUELIGHT_HOME=str(home), TMPDIR=str(temp))
    env.pop("QT_QPA_PLATFORM", None)  # the self-test needs no display and chooses offscreen itself
    env.pop("BLUELIGHT_TODAY", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "bluelight_desktop", "self-test", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def job_lines(report: str) -> dict[str, tuple[str, float, str]]:
    found = {}
    for line in report.splitlines():
        if match := JOB_LINE.match(line):
            found[match[2]] = (match[1], float(match[3]), match[4])
    return found


def assert_user_folders_untouched(home: Path) -> None:
    assert not (home / "config" / "recent.json").exists()
    left = [p for p in home.rglob("*") if p.is_file()]
    assert left == [], left


def test_self_test_reports_every_job_ok_and_keeps_what_it_wrote(tmp_path: Path, bluelight_home: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    result = run_self_test("--keep", home=bluelight_home, temp=temp)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{APP_NAME} {__version__} self-test"
    assert re.match(r"Python \d+\.\d+\.\d+, Qt 6\.\d+\.\d+ \(PySide6 6\.\d+\.\d+\), .+, Python package$", lines[1])
    assert lines[2] == f"Data folder (registers and backups): {bluelight_home / 'data'}"
    jobs = job_lines(result.stdout)
    assert list(jobs) == JOB_NAMES == ["sample", "open", "check", "board", "calendar", "pack", "export", "merge"]
    assert all(status == "OK" for status, _seconds, _detail in jobs.values()), result.stdout
    assert "main window (offscreen): 36 opportunities in the table" in jobs["open"][2]
    assert "integrity ok" in jobs["check"][2]
    assert re.match(r"Every job passed, in \d+\.\d s\.$", lines[-3])
    assert lines[-1] == "self-test: 8 passed, 0 failed"
    kept = Path(lines[-2].removeprefix("Kept what the jobs wrote in "))
    assert kept.parent == temp and kept.is_dir()

    # The sample register: ours, and whole.
    register = kept / "Lancashire sample.bluelight"
    with sqlite3.connect(f"file:{register}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM opportunity").fetchone()[0] == len(sample_source()["opportunities"])

    # The board: one vector page naming the quadrants.
    board = PdfReader(kept / "board.pdf")
    assert len(board.pages) == 1
    board_text = board.pages[0].extract_text()
    assert "Quick win" in board_text and "Major project" in board_text

    # The calendar: the sample's meetings from Nov 2026, each with its paper deadline.
    calendar = icalendar.Calendar.from_ical((kept / "meetings.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any("Programme Board" in s for s in summaries)
    assert any("paper" in s.casefold() for s in summaries)

    # The pack: the Programme Board of 15 Dec 2026, many pages.
    pack = PdfReader(kept / "pack.pdf")
    assert len(pack.pages) > 5
    assert "15 Dec 2026" in pack.pages[0].extract_text()

    # The export is sealed (not a plain SQLite file); the partner's register holds only shareable opportunities.
    assert not (kept / "Lancashire for partner.bluelight").read_bytes().startswith(b"SQLite format 3")
    source = sample_source()["opportunities"]
    shareable = {o["title"] for o in source if o.get("shareable", True)}
    restricted = {o["title"] for o in source} - shareable
    with sqlite3.connect(f"file:{kept / 'Partner.bluelight'}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        titles = {t for (t,) in db.execute("SELECT title FROM opportunity WHERE deleted_at IS NULL")}
    assert titles == shareable and restricted and not titles & restricted
    report = (kept / "merge report.txt").read_text(encoding="utf-8")
    assert "Conflicts and how they were resolved (0)" in report

    assert_user_folders_untouched(bluelight_home)


def test_a_broken_job_is_failed_the_rest_still_run_and_the_exit_status_is_1(
    tmp_path: Path, bluelight_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bluelight_desktop.reports.board_pdf as board_pdf

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the PDF library is missing")

    monkeypatch.setattr(board_pdf, "write_board_pdf", broken)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["self-test"]) == 1
    report = out.getvalue()
    jobs = job_lines(report)
    assert list(jobs) == JOB_NAMES
    status, _seconds, detail = jobs["board"]
    assert status == "FAILED"
    assert "RuntimeError: the PDF library is missing" in detail
    assert all(jobs[name][0] == "OK" for name in JOB_NAMES if name != "board"), report
    assert report.splitlines()[-2].startswith("FAILED: board (see above), in ")
    assert report.splitlines()[-1] == "self-test: 7 passed, 1 failed"
    assert list(temp.glob("bluelight-self-test-*")) == []  # without --keep the folder goes
    assert os.environ["BLUELIGHT_HOME"] == str(bluelight_home)  # restored for the rest of the process
    assert_user_folders_untouched(bluelight_home)


def test_a_job_that_cannot_write_its_file_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = self_test.Files(tmp_path)
    with pytest.raises(self_test.JobFailed, match=r"^board\.pdf was not written: "):
        self_test._expect_file(files.board, b"%PDF-", "a PDF")
    files.board.write_bytes(b"<html>")
    with pytest.raises(self_test.JobFailed, match=r"^board\.pdf is not a PDF\.$"):
        self_test._expect_file(files.board, b"%PDF-", "a PDF")
