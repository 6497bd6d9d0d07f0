"""`bluelight board REGISTER -o OUT.pdf|OUT.png [--workstream NAME] [--marking M]`, run as users run it.

Exit codes: 0 written, 1 a plain one-line failure (bad register, unknown workstream, nowhere to write),
2 wrong usage (an output that is neither .pdf nor .png, a marking that does not exist).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import assert_plain_failure, bluelight

WORKSTREAMS = "Engagement and Prevention, Response, Shared Support Services, Training"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_board_writes_a_pdf(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "board.pdf"
    result = bluelight("board", sample_path, "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == f"Wrote the board of 36 opportunities to {out}"
    assert len(PdfReader(out).pages) == 1
    text = pdf_text(out)
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    assert all(name in text for name in ("Park", "Major project", "Business as usual", "Quick win"))
    assert "LAN-018" in text and "LAN-001" in text
    assert files_in(out_dir) == ["board.pdf"]


def test_board_writes_a_png(sample_path: Path, out_dir: Path, bluelight_home: Path, qapp: object) -> None:
    from PySide6.QtGui import QImage

    out = out_dir / "board.PNG"  # the extension is matched whatever its case
    result = bluelight("board", sample_path, "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote the board of 36 opportunities to {out}"
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    assert len({image.pixel(x, y) for x in range(0, 1920, 16) for y in range(0, 1080, 16)}) > 20
    assert files_in(out_dir) == ["board.PNG"]


def test_board_of_one_workstream(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "response.pdf"
    result = bluelight("board", sample_path, "-o", out, "--workstream", "response", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote the board of 6 opportunities to {out}"
    text = pdf_text(out)
    assert "LAN-018" in text and "LAN-001" not in text


def test_board_marking(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "sensitive.pdf"
    result = bluelight("board", sample_path, "-o", out, "--marking", "official-sensitive", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert pdf_text(out).count("OFFICIAL-SENSITIVE") >= 2


def test_board_replaces_an_earlier_export(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    out = out_dir / "board.pdf"
    out.write_bytes(b"last month's board")
    result = bluelight("board", sample_path, "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert files_in(out_dir) == ["board.pdf"]


def test_unknown_workstream_names_the_known_ones(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    result = bluelight("board", sample_path, "-o", out_dir / "b.pdf", "--workstream", "Estates", home=bluelight_home)
    line = assert_plain_failure(result)
    assert line == f"bluelight: There is no workstream called Estates. Workstreams: {WORKSTREAMS}."
    assert files_in(out_dir) == []


@pytest.mark.parametrize("name", ["board.svg", "board", "board.pdf.txt"])
def test_output_neither_pdf_nor_png_is_wrong_usage(
    name: str, sample_path: Path, out_dir: Path, bluelight_home: Path
) -> None:
    result = bluelight("board", sample_path, "-o", out_dir / name, home=bluelight_home)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "usage:" in result.stderr and ".pdf or .png" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(out_dir) == []


@pytest.mark.parametrize(
    "args",
    [["board"], ["board", "x.bluelight"], ["board", "x.bluelight", "-o", "b.pdf", "--marking", "SECRET"]],
    ids=["nothing", "no-output", "unknown-marking"],
)
def test_board_wrong_usage_exits_2(args: list[str], bluelight_home: Path) -> None:
    result = bluelight(*args, home=bluelight_home)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_board_refuses_what_is_not_a_register(out_dir: Path, tmp_path: Path, bluelight_home: Path) -> None:
    notes = tmp_path / "notes.bluelight"
    notes.write_text("Agenda for the Collaboration Programme Board\n")
    for register in (notes, tmp_path / "missing.bluelight"):
        line = assert_plain_failure(bluelight("board", register, "-o", out_dir / "b.pdf", home=bluelight_home))
        assert register.name in line
    assert files_in(out_dir) == []


def test_board_refuses_a_missing_folder(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    line = assert_plain_failure(
        bluelight("board", sample_path, "-o", tmp_path / "nowhere" / "b.pdf", home=bluelight_home)
    )
    assert "does not exist" in line
