"""`bluelight pack REGISTER (--meeting REF | --next BOARD) -o OUT.pdf [--marking M] [--password-file FILE]
[--leave-out SECTION]`, run as users run it.

Exit codes: 0 written, 1 a plain one-line failure (unknown meeting or board, no agenda, unreadable password file,
nowhere to write, not a register), 2 wrong usage (both or neither of --meeting and --next, an output that is not
.pdf, a marking that does not exist). BLUELIGHT_TODAY says what today is for --next.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import assert_plain_failure, bluelight

PACK_MESSAGE = "Wrote the pack for the Collaboration Programme Board, 15 Dec 2026 ({pages} pages, {marking}) to {out}"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLUELIGHT_TODAY", "2026-11-21")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def pdf_text(path: Path, password: str | None = None) -> str:
    if shutil.which("pdftotext"):
        args = ["pdftotext"] + (["-upw", password] if password else []) + [str(path), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout
    reader = PdfReader(path)
    if password:
        reader.decrypt(password)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def titles(reader: PdfReader) -> list[str]:
    found: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.append(entry.title)

    walk(reader.outline)
    return found


def test_pack_of_a_meeting_by_reference(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "pack.pdf"
    out.write_bytes(b"an earlier pack")
    result = bluelight("pack", sample_path, "--meeting", "cpb-2026-12-15", "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    reader = PdfReader(out)
    lines = result.stdout.splitlines()
    assert lines[0] == PACK_MESSAGE.format(pages=len(reader.pages), marking="OFFICIAL", out=out)
    assert all(line.startswith("Note: ") for line in lines[1:])
    assert titles(reader)[:2] == ["Agenda", "Papers"] and "Appendix: the register" in titles(reader)
    text = pdf_text(out)
    assert (
        "Published 21 Nov 2026" in text and text.count("OFFICIAL") == 2 * len(reader.pages) + 1
    )  # and the cover's box
    assert sorted(p.name for p in out_dir.iterdir()) == ["pack.pdf"]


def test_next_meeting_of_a_board_from_today(
    sample_path: Path, out_dir: Path, bluelight_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = out_dir / "next.pdf"
    result = bluelight("pack", sample_path, "--next", "Collaboration  programme board", "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote the pack for the Collaboration Programme Board, 15 Dec 2026 (")
    monkeypatch.setenv("BLUELIGHT_TODAY", "2026-12-16")  # the next one has no agenda yet
    line = assert_plain_failure(bluelight("pack", sample_path, "--next", "CPB", "-o", out, home=bluelight_home))
    assert "has no agenda yet: add its items before building the pack." in line
    monkeypatch.setenv("BLUELIGHT_TODAY", "2031-01-01")
    line = assert_plain_failure(bluelight("pack", sample_path, "--next", "CPB", "-o", out, home=bluelight_home))
    assert line.endswith(
        "The Collaboration Programme Board has no meeting planned from 1 Jan 2031. Plan its meetings first."
    )
    monkeypatch.setenv("BLUELIGHT_TODAY", "21/11/2026")
    line = assert_plain_failure(bluelight("pack", sample_path, "--next", "CPB", "-o", out, home=bluelight_home))
    assert "give a date such as 2026-11-21" in line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_password_file_encrypts_the_pack(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    secret = out_dir.parent / "password.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    out = out_dir / "locked.pdf"
    result = bluelight(
        "pack", sample_path, "--meeting", "CPB-2026-12-15", "-o", out, "--password-file", secret, home=bluelight_home
    )
    assert result.returncode == 0, result.stderr
    assert ", OFFICIAL, encrypted) to " in result.stdout.splitlines()[0]
    refused = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True)
    assert refused.returncode != 0
    assert "Collaboration Programme Board" in pdf_text(out, "correct horse battery")
    assert PdfReader(out).trailer["/Encrypt"]["/R"] == 6
    secret.write_text("\n", encoding="utf-8")
    line = assert_plain_failure(
        bluelight(
            "pack",
            sample_path,
            "--meeting",
            "CPB-2026-12-15",
            "-o",
            out,
            "--password-file",
            secret,
            home=bluelight_home,
        )
    )
    assert "is empty; put the password on its first line" in line
    line = assert_plain_failure(
        bluelight(
            "pack",
            sample_path,
            "--meeting",
            "CPB-2026-12-15",
            "-o",
            out,
            "--password-file",
            out_dir / "none.txt",
            home=bluelight_home,
        )
    )
    assert "could not read the password file" in line and "No such file" in line


def test_marking_and_sections(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "sensitive.pdf"
    result = bluelight(
        "pack",
        sample_path,
        "--meeting",
        "CPB-2026-12-15",
        "-o",
        out,
        "--marking",
        "official-sensitive",
        "--leave-out",
        "register",
        "--leave-out",
        "board",
        home=bluelight_home,
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert pdf_text(out).count("OFFICIAL-SENSITIVE") == 2 * len(reader.pages) + 1
    names = titles(reader)
    assert "Appendix: the register" not in names and "The effort and benefit board" not in names
    assert "Open and overdue actions" in names


def test_same_bytes_with_source_date_epoch(
    sample_path: Path, out_dir: Path, bluelight_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")
    first, second = out_dir / "first.pdf", out_dir / "second.pdf"
    for out in (first, second):
        result = bluelight("pack", sample_path, "--meeting", "CPB-2026-12-15", "-o", out, home=bluelight_home)
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert "Published 22 Nov 2026" in pdf_text(first)


def test_unknown_meeting_or_board_and_bad_places_are_plain_failures(
    sample_path: Path, out_dir: Path, bluelight_home: Path, tmp_path: Path
) -> None:
    out = out_dir / "pack.pdf"
    line = assert_plain_failure(
        bluelight("pack", sample_path, "--meeting", "CPB-2026-12-16", "-o", out, home=bluelight_home)
    )
    assert line.startswith(
        "bluelight: There is no meeting CPB-2026-12-16 in the register. Coming meetings: CEB-2026-12-10"
    )
    line = assert_plain_failure(bluelight("pack", sample_path, "--next", "Fire board", "-o", out, home=bluelight_home))
    assert line == (
        "bluelight: There is no board called Fire board. Boards: Collaboration Executive Board (CEB), "
        "Collaboration Programme Board (CPB)."
    )
    line = assert_plain_failure(
        bluelight(
            "pack",
            sample_path,
            "--meeting",
            "CPB-2026-12-15",
            "-o",
            tmp_path / "nowhere" / "p.pdf",
            home=bluelight_home,
        )
    )
    assert line.endswith("does not exist.")
    not_register = tmp_path / "notes.bluelight"
    not_register.write_text("minutes", encoding="utf-8")
    assert_plain_failure(bluelight("pack", not_register, "--meeting", "CPB-2026-12-15", "-o", out, home=bluelight_home))
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize(
    "arguments",
    [
        ["--meeting", "CPB-2026-12-15", "--next", "CPB", "-o", "x.pdf"],
        ["-o", "x.pdf"],
        ["--meeting", "CPB-2026-12-15", "-o", "x.docx"],
        ["--meeting", "CPB-2026-12-15", "-o", "x.pdf", "--marking", "SECRET"],
        ["--meeting", "CPB-2026-12-15", "-o", "x.pdf", "--leave-out", "cover"],
    ],
)
def test_wrong_usage_exits_2(sample_path: Path, bluelight_home: Path, arguments: list[str]) -> None:
    result = bluelight("pack", sample_path, *arguments, home=bluelight_home)
    assert result.returncode == 2, result.stderr
    assert "usage: bluelight pack" in result.stderr and "Traceback" not in result.stderr
