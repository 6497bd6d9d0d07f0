"""`bluelight export REGISTER -o OUT [--passphrase-file FILE] [--shareable-only] [--force]`.

OUT ending .bluelight writes a checked copy of the register for a partner (encrypted with a passphrase file);
.xlsx or .csv writes a spreadsheet. Exit codes: 0 written, 1 a plain one-line failure, 2 wrong usage. The
register is never changed, whatever happens.

The main paths run as users run them (`python -m bluelight_desktop` in a subprocess); the many refusals call
`cli.main` in this process (the same code, a second faster each) and check the same exit code and single line.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from bluelight_desktop import cli
from bluelight_desktop.storage.export import open_received, received_banner
from bluelight_desktop.storage.register import HEAD_REVISION, check_file, open_register
from bluelight_desktop.storage.sealed import is_sealed
from tests.cli.test_cli import assert_plain_failure, bluelight

PASSPHRASE = "Fulwood control room 2026"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "USB stick"
    folder.mkdir()
    return folder


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\r\n", encoding="utf-8")  # typed in Notepad: CRLF after the passphrase
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_here(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_plain_line(code: int, err: str) -> str:
    assert code == 1, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bluelight: ") and "Traceback" not in err, err
    return lines[0]


# ----------------------------------------------------------------------------------------- as users run it


def test_export_writes_a_register_the_app_opens(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    before = digest(sample_path)
    out = out_dir / "for Cumbria.bluelight"
    result = bluelight("export", sample_path, "-o", out, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"Exported Lancashire Blue Light Collaboration to {out}: 36 opportunities, 5 organisations, 2 boards and "
        "10 meetings.",
        "The whole register went, including 4 opportunities not marked as shareable.",
    ]
    assert digest(sample_path) == before
    assert [p.name for p in out_dir.iterdir()] == [out.name]
    connection = sqlite3.connect(out)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    with open_register(out) as exported:
        assert exported.counts()["opportunities"] == 36


def test_shareable_only_with_a_passphrase_file(
    sample_path: Path, out_dir: Path, passphrase_file: Path, bluelight_home: Path
) -> None:
    before = digest(sample_path)
    out = out_dir / "partner.bluelight"
    result = bluelight(
        "export", sample_path, "-o", out, "--shareable-only", "--passphrase-file", passphrase_file, home=bluelight_home
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Exported Lancashire Blue Light Collaboration to {out}, encrypted with a passphrase:")
    assert lines[1].startswith("Left out 4 opportunities not marked as shareable, with 2 agenda items, 2 decisions")
    assert lines[2].startswith("Check before sending: ")
    assert digest(sample_path) == before
    assert is_sealed(out) and b"Recruitment and Selection" not in out.read_bytes()
    with open_received(out, PASSPHRASE) as received:
        assert received.counts()["opportunities"] == 32
        assert received_banner(received).endswith("; shareable items only")
    line = assert_plain_failure(bluelight("check", out, home=bluelight_home))
    assert "is an encrypted register" in line


def test_refusals_run_as_users_run_them(sample_path: Path, out_dir: Path, bluelight_home: Path) -> None:
    before = digest(sample_path)
    line = assert_plain_failure(bluelight("export", sample_path, "-o", sample_path, home=bluelight_home))
    assert line.endswith("is the register itself; choose another name for the export.")
    usage = bluelight("export", sample_path, "-o", out_dir / "partner.pdf", home=bluelight_home)
    assert usage.returncode == 2 and "must end in .bluelight (a register), .xlsx or .csv" in usage.stderr
    assert "Traceback" not in usage.stderr
    assert digest(sample_path) == before
    assert not list(out_dir.iterdir())


# ---------------------------------------------------------------------------------------------- refusals


def test_an_existing_file_is_replaced_only_with_force(
    sample_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = out_dir / "partner.bluelight"
    out.write_bytes(b"someone's register")
    code, _out, err = run_here(capsys, "export", sample_path, "-o", out)
    assert one_plain_line(code, err).endswith("already exists; choose another name or add --force to replace it.")
    assert out.read_bytes() == b"someone's register"
    code, printed, err = run_here(capsys, "export", sample_path, "-o", out, "--force")
    assert code == 0, err
    assert printed.startswith("Exported ")
    assert out.read_bytes().startswith(b"SQLite format 3\x00")


def _newer(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    "case, expected",
    [
        ("missing register", "There is no file at"),
        ("text register", "is not a Bluelight register"),
        ("newer register", "was saved by a newer version of Bluelight Desktop"),
        ("damaged register", "is damaged and cannot be opened safely"),
        ("out folder", "is a folder; give a file name such as partner"),
        ("no such folder", "does not exist."),
        ("symlink to register", "is the register itself"),
        ("empty passphrase", "is empty; put the passphrase on its first line."),
        ("blank first line", "is empty; put the passphrase on its first line."),
        ("short passphrase", "is too short. The passphrase must be at least 8 characters long"),
        ("missing passphrase file", "could not read the passphrase file"),
        ("binary passphrase file", "it is not a text file"),
    ],
)
def test_failures_say_one_plain_line_and_change_nothing(
    case: str, expected: str, sample_path: Path, out_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register = sample_path
    out = out_dir / "partner.bluelight"
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    if case == "missing register":
        register = tmp_path / "nowhere.bluelight"
    elif case == "text register":
        register.write_text("Minutes\n" * 100, encoding="utf-8")
    elif case == "newer register":
        _newer(register)
    elif case == "damaged register":
        data = bytearray(register.read_bytes())
        data[4096 * 2 : 4096 * 2 + 16] = b"\xff" * 16
        register.write_bytes(bytes(data))
    elif case == "out folder":
        out = out_dir / "partner.bluelight"
        out.mkdir()
    elif case == "no such folder":
        out = out_dir / "missing" / "partner.bluelight"
    elif case == "symlink to register":
        out = out_dir / "link.bluelight"
        out.symlink_to(register)
    elif case == "empty passphrase":
        secret.write_text("", encoding="utf-8")
    elif case == "blank first line":
        secret.write_text("\n" + PASSPHRASE + "\n", encoding="utf-8")
    elif case == "short passphrase":
        secret.write_text("seven77\n", encoding="utf-8")
    elif case == "missing passphrase file":
        secret = tmp_path / "nowhere.txt"
    elif case == "binary passphrase file":
        secret.write_bytes(b"\xff\xfe\x00\x81" * 10)
    before = digest(register) if register.exists() else None
    listing = sorted(p.name for p in out_dir.iterdir())
    code, printed, err = run_here(capsys, "export", register, "-o", out, "--passphrase-file", secret)
    assert expected in one_plain_line(code, err)
    assert printed == ""
    if before is not None:
        assert digest(register) == before
    assert sorted(p.name for p in out_dir.iterdir()) == listing


def test_passphrase_file_with_a_spreadsheet_is_wrong_usage(
    sample_path: Path, out_dir: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_here(
        capsys, "export", sample_path, "-o", out_dir / "r.xlsx", "--passphrase-file", passphrase_file
    )
    assert code == 2
    assert err.splitlines() == ["bluelight export: error: --passphrase-file applies to .bluelight exports only"]
    assert not list(out_dir.iterdir())


def test_an_older_register_exports_as_it_is(tmp_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "register-0001.bluelight"
    shutil.copyfile(Path(__file__).parents[1] / "storage" / "fixtures" / "register-0001.bluelight", old)
    before = digest(old)
    code, printed, err = run_here(capsys, "export", old, "-o", out_dir / "partner.bluelight")
    assert code == 0, err
    assert digest(old) == before  # never upgraded in place: only the copy is brought up to date
    assert printed.startswith("Exported Lancashire Blue Light Collaboration to ")
    exported = out_dir / "partner.bluelight"
    assert check_file(exported, thorough=True).revision == HEAD_REVISION
    with open_received(exported) as received:
        assert received.counts()["opportunities"] == 36


# ------------------------------------------------------------------------------------------- spreadsheets


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_spreadsheet_branch(suffix: str, sample_path: Path, out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("bluelight_desktop.reports.spreadsheet")
    before = digest(sample_path)
    out = out_dir / f"register{suffix}"
    code, printed, err = run_here(capsys, "export", sample_path, "-o", out, "--shareable-only")
    assert code == 0, err
    assert printed == f"Wrote 32 opportunities to {out}\n"
    assert out.exists() and out.stat().st_size > 0
    assert digest(sample_path) == before
