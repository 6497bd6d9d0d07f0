"""The `bluelight` command, run as users run it (`python -m bluelight_desktop ...` in a subprocess).

Exit codes: 0 success, 1 a failure explained in one plain line on stderr (never a traceback), 2 wrong usage.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bluelight_desktop import APP_NAME, __version__
from bluelight_desktop.storage.register import HEAD_REVISION
from bluelight_desktop.storage.sample import sample_source

REPO_ROOT = Path(__file__).resolve().parents[2]
COUNT_KEYS = {"opportunities", "organisations", "workstreams", "boards", "meetings"}


def bluelight(*args: str | Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["BLUELIGHT_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "bluelight_desktop", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_plain_failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bluelight: ")
    return lines[0]


def expected_counts() -> dict[str, int]:
    source = sample_source()
    counts = {key: len(source[key]) for key in COUNT_KEYS}
    # Each meeting in the sample source lists its own agenda, decisions and actions.
    for key, listed in (("agenda items", "agenda"), ("decisions", "decisions"), ("actions", "actions")):
        counts[key] = sum(len(meeting.get(listed, [])) for meeting in source["meetings"])
    return counts


@pytest.fixture(scope="module")
def written_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`bluelight sample` run once for the module; tests copy the file before changing anything."""
    folder = tmp_path_factory.mktemp("cli-sample")
    out = folder / "Lancashire.bluelight"
    result = bluelight("sample", out, home=folder / "home")
    return out, result


# ----------------------------------------------------------------------------------------------- success


def test_version(bluelight_home: Path) -> None:
    result = bluelight("--version", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_sample_writes_a_register_that_check_reports_ok(
    written_sample: tuple[Path, subprocess.CompletedProcess[str]], bluelight_home: Path
) -> None:
    out, written = written_sample
    assert written.returncode == 0, written.stderr
    assert written.stderr == ""
    assert out.name in written.stdout
    assert out.is_file()

    result = bluelight("check", out, "--json", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"ok": True, "schema": HEAD_REVISION, "counts": expected_counts()}
    assert "error" not in report

    plain = bluelight("check", out, home=bluelight_home)
    assert plain.returncode == 0, plain.stderr
    assert "integrity ok" in plain.stdout and sample_source()["register"]["name"] in plain.stdout


def test_sample_refuses_an_existing_file_unless_forced(bluelight_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.bluelight"
    out.write_text("my notes, not to be lost")
    line = assert_plain_failure(bluelight("sample", out, home=bluelight_home))
    assert "already exists" in line and "--force" in line
    assert out.read_text() == "my notes, not to be lost"

    forced = bluelight("sample", out, "--force", home=bluelight_home)
    assert forced.returncode == 0, forced.stderr
    report = json.loads(bluelight("check", out, "--json", home=bluelight_home).stdout)
    assert report["ok"] is True and report["counts"] == expected_counts()


def test_sample_refuses_a_folder_even_when_forced(bluelight_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder.bluelight"
    folder.mkdir()
    assert_plain_failure(bluelight("sample", folder, "--force", home=bluelight_home))
    assert folder.is_dir()


# ------------------------------------------------------------------------------------------- check refuses


def _text_file(folder: Path, _sample: Path) -> Path:
    path = folder / "notes.bluelight"
    path.write_text("Agenda for the Collaboration Programme Board\n")
    return path


def _missing_file(folder: Path, _sample: Path) -> Path:
    return folder / "not here.bluelight"


def _empty_file(folder: Path, _sample: Path) -> Path:
    path = folder / "empty.bluelight"
    path.write_bytes(b"")
    return path


def _folder(folder: Path, _sample: Path) -> Path:
    path = folder / "a folder.bluelight"
    path.mkdir()
    return path


def _truncated_register(folder: Path, sample: Path) -> Path:
    path = folder / "cut.bluelight"
    data = sample.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _flipped_register(folder: Path, sample: Path) -> Path:
    path = folder / "flipped.bluelight"
    data = bytearray(sample.read_bytes())
    for start in range(4096, len(data), 4096):  # every page's b-tree header
        for i in range(start, start + 8):
            data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _other_database(folder: Path, _sample: Path) -> Path:
    path = folder / "other.bluelight"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    return path


def _newer_register(folder: Path, sample: Path) -> Path:
    path = folder / "newer.bluelight"
    path.write_bytes(sample.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(
    "make",
    [
        _text_file,
        _missing_file,
        _empty_file,
        _folder,
        _truncated_register,
        _flipped_register,
        _other_database,
        _newer_register,
    ],
    ids=["text-file", "missing", "empty", "folder", "truncated", "flipped-bytes", "other-database", "newer"],
)
@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_check_refuses_with_one_plain_line(
    make: Callable[[Path, Path], Path],
    as_json: bool,
    written_sample: tuple[Path, subprocess.CompletedProcess[str]],
    bluelight_home: Path,
    tmp_path: Path,
) -> None:
    path = make(tmp_path, written_sample[0])
    before = path.read_bytes() if path.is_file() else None
    result = bluelight("check", path, *(["--json"] if as_json else []), home=bluelight_home)
    line = assert_plain_failure(result)
    if as_json:
        report = json.loads(result.stdout)
        assert report["ok"] is False
        assert isinstance(report["error"], str) and report["error"]
        assert report["error"] in line
    else:
        assert result.stdout == ""
    if before is not None:
        assert path.read_bytes() == before


# ----------------------------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "x.bluelight", "--bogus"], ["sample"], ["--bogus"], ["check", "a", "b"]],
    ids=[
        "check-without-register",
        "unknown-option",
        "sample-without-out",
        "unknown-top-option",
        "too-many-arguments",
    ],
)
def test_wrong_usage_exits_2(args: list[str], bluelight_home: Path) -> None:
    result = bluelight(*args, home=bluelight_home)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr
