"""`bluelight import REGISTER FILE [--sheet NAME] [--mapping MAP.json] [--dry-run] [--skip-bad-rows]`, run as users
run it (a subprocess). Exit 0 on success; 1 with one plain line on stderr for a failure, the problem rows listed
on stdout by row number, and the register unchanged on disk byte for byte; 2 for wrong usage."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from bluelight_desktop.storage.register import HEAD_REVISION
from tests.cli.test_cli import assert_plain_failure, bluelight
from tests.fixtures.spreadsheets.office import BAD_ROWS, CLEAN_TITLES, write_office_csv, write_office_workbook

OLD_REGISTER = Path(__file__).resolve().parents[1] / "storage" / "fixtures" / "register-0001.bluelight"


def titles(register: Path) -> dict[str, str]:
    connection = sqlite3.connect(register)
    try:
        rows = connection.execute("SELECT title, reference FROM opportunity WHERE deleted_at IS NULL").fetchall()
    finally:
        connection.close()
    return dict(rows)


def backups(home: Path) -> list[str]:
    folder = home / "data" / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_import_a_workbook(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    workbook = write_office_workbook(tmp_path / "office.xlsx")
    before = titles(sample_path)
    result = bluelight("import", sample_path, workbook, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Read office.xlsx (sheet Register, headers on row 4). Columns:"
    assert "  Title: column B, 'Project title'" in lines
    assert "Note: row 11: Reference LAN-001 is already in the register: given LAN-105." in lines
    assert lines[-2] == (
        "Imported 8 opportunities (LAN-100 to LAN-107) into lancashire.bluelight, with 1 new organisation "
        "(Cumbria Constabulary) and 1 new workstream (Estates and Assets)."
    )
    assert lines[-1].startswith("Backup taken first: ") and lines[-1].endswith(" before import.bluelight")
    assert Path(lines[-1].removeprefix("Backup taken first: ")).exists()
    after = titles(sample_path)
    assert len(after) == len(before) + 8
    assert after["Drone Pilots Training"] == "LAN-100" and after["Joint Estates Review"] == "LAN-101"
    check = bluelight("check", sample_path, home=bluelight_home)
    assert check.returncode == 0 and "integrity ok" in check.stdout


def test_a_windows_csv_imports(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    sheet = write_office_csv(tmp_path / "office.csv", encoding="cp1252", newline="\r\n")
    result = bluelight("import", sample_path, sheet, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Read office.csv (headers on row 4). Columns:")
    assert set(CLEAN_TITLES) <= set(titles(sample_path))


def test_rows_with_problems_import_nothing_and_are_listed(
    sample_path: Path, tmp_path: Path, bluelight_home: Path
) -> None:
    workbook = write_office_workbook(tmp_path / "bad.xlsx", bad=True)
    before = sample_path.read_bytes()
    result = bluelight("import", sample_path, workbook, home=bluelight_home)
    line = assert_plain_failure(result)
    assert line == (
        "bluelight: 5 rows have problems, so nothing was imported and lancashire.bluelight is unchanged. Put them "
        "right in the sheet, or run again with --skip-bad-rows to import the other 8."
    )
    problems = [line for line in result.stdout.splitlines() if line.startswith("Row ")]
    assert len(problems) == len(BAD_ROWS)
    assert problems[0] == "Row 14: Effort 'high' is not a number from 0 to 100."
    assert problems[-1] == "Row 18: This looks like a totals row, not an opportunity: leave it out."
    assert sample_path.read_bytes() == before
    assert backups(bluelight_home) == []


def test_skip_bad_rows_imports_the_rest(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    workbook = write_office_workbook(tmp_path / "bad.xlsx", bad=True)
    count = len(titles(sample_path))
    result = bluelight("import", sample_path, workbook, "--skip-bad-rows", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("Left out: Row ")) == len(BAD_ROWS)
    assert len(titles(sample_path)) == count + 8


def test_dry_run_writes_nothing(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    workbook = write_office_workbook(tmp_path / "office.xlsx")
    before = sample_path.read_bytes()
    result = bluelight("import", sample_path, workbook, "--dry-run", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Dry run: nothing was written. Each row that would be imported into lancashire.bluelight:" in lines
    assert "  Row 7: LAN-100  Drone Pilots Training" in lines
    assert "    Note: New workstream Estates and Assets." in lines
    assert lines[-1].startswith("Would import 8 opportunities (LAN-100 to LAN-107) into lancashire.bluelight")
    assert sample_path.read_bytes() == before and backups(bluelight_home) == []


def test_a_mapping_file_names_the_columns(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    sheet = tmp_path / "own words.csv"
    sheet.write_text("Proposal,Money,Who\r\nShared dog section,£250k,LC\r\n", encoding="utf-8-sig")
    no_mapping = bluelight("import", sample_path, sheet, home=bluelight_home)
    assert "has no columns this app recognises" in assert_plain_failure(no_mapping)
    mapping = tmp_path / "map.json"
    mapping.write_text('{"title": "Proposal", "cashable_saving": "Money", "lead_organisation": "Who"}')
    result = bluelight("import", sample_path, sheet, "--mapping", mapping, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(sample_path)
    try:
        row = connection.execute(
            "SELECT o.cashable_saving_pence, g.short_name FROM opportunity o JOIN organisation g "
            "ON g.id = o.lead_organisation_id WHERE o.title = 'Shared dog section'"
        ).fetchone()
    finally:
        connection.close()
    assert row == (25_000_000, "LC")


def test_a_sheet_is_chosen_by_name(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    workbook = write_office_workbook(tmp_path / "office.xlsx")
    result = bluelight("import", sample_path, workbook, "--sheet", "register", "--dry-run", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    missing = bluelight("import", sample_path, workbook, "--sheet", "Budget", home=bluelight_home)
    assert assert_plain_failure(missing) == (
        "bluelight: office.xlsx has no sheet called Budget. Its sheets: Read me, Register, Lookups."
    )


def big_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["Title", "Saving", "Stage"])
        writer.writerows([f"Scheme {n}", "£1,000", "Idea"] for n in range(rows))
    return path


BAD_INPUT = {
    "not a spreadsheet": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad.csv is not a spreadsheet"),
    "encrypted workbook": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "is protected with a password"),
    "corrupt workbook": (b"PK\x03\x04" + bytes(300), "is not an Excel workbook that can be read"),
    "no recognisable columns": (b"Colour,Shape\r\nRed,Square\r\n", "has no columns this app recognises"),
    "header only": (b"Title,Saving\r\n\r\n", "has no rows to import below its headers"),
    "empty": (b"", "bad.csv is empty"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_one_plain_line_and_changes_nothing(
    sample_path: Path, tmp_path: Path, bluelight_home: Path, case: str
) -> None:
    content, message = BAD_INPUT[case]
    path = tmp_path / ("bad.xlsx" if "workbook" in case else "bad.csv")
    path.write_bytes(content)
    before = sample_path.read_bytes()
    line = assert_plain_failure(bluelight("import", sample_path, path, home=bluelight_home))
    assert message in line
    assert sample_path.read_bytes() == before and backups(bluelight_home) == []


def test_100000_rows_are_refused_with_the_register_unchanged(
    sample_path: Path, tmp_path: Path, bluelight_home: Path
) -> None:
    sheet = big_csv(tmp_path / "everything.csv", 100_000)
    before = sample_path.read_bytes()
    line = assert_plain_failure(bluelight("import", sample_path, sheet, home=bluelight_home))
    assert line.startswith("bluelight: everything.csv has more than 20,000 rows of data.")
    assert sample_path.read_bytes() == before


def test_bad_registers_and_mapping_files(sample_path: Path, tmp_path: Path, bluelight_home: Path) -> None:
    sheet = write_office_csv(tmp_path / "office.csv")
    not_register = tmp_path / "notes.bluelight"
    not_register.write_text("just some notes")
    line = assert_plain_failure(bluelight("import", not_register, sheet, home=bluelight_home))
    assert "is not a Bluelight register" in line
    mapping = tmp_path / "map.json"
    mapping.write_text('{"title": "Project", ')
    before = sample_path.read_bytes()
    line = assert_plain_failure(bluelight("import", sample_path, sheet, "--mapping", mapping, home=bluelight_home))
    assert "map.json is not valid JSON" in line
    mapping.write_text('{"budget": "Money"}')
    line = assert_plain_failure(bluelight("import", sample_path, sheet, "--mapping", mapping, home=bluelight_home))
    assert "names a field 'budget' that an opportunity does not have" in line
    line = assert_plain_failure(bluelight("import", sample_path, sample_path, home=bluelight_home))
    assert "is the register itself" in line
    assert sample_path.read_bytes() == before


def test_an_older_register_is_upgraded_only_when_the_import_is_written(tmp_path: Path, bluelight_home: Path) -> None:
    register = tmp_path / "old.bluelight"
    shutil.copyfile(OLD_REGISTER, register)
    before = register.read_bytes()
    workbook = write_office_workbook(tmp_path / "office.xlsx")
    dry = bluelight("import", register, workbook, "--dry-run", home=bluelight_home)
    assert dry.returncode == 0, dry.stderr
    assert register.read_bytes() == before  # planned on a private upgraded copy
    bad = write_office_workbook(tmp_path / "bad.xlsx", bad=True)
    assert_plain_failure(bluelight("import", register, bad, home=bluelight_home))
    assert register.read_bytes() == before
    result = bluelight("import", register, workbook, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(register)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()
    assert revision == HEAD_REVISION and "Drone Pilots Training" in titles(register)
    names = backups(bluelight_home)
    assert any("before upgrade" in n for n in names) and any("before import" in n for n in names)


def test_usage_errors_exit_2(sample_path: Path, bluelight_home: Path) -> None:
    result = bluelight("import", sample_path, home=bluelight_home)
    assert result.returncode == 2 and "FILE" in result.stderr
    helped = bluelight("import", "--help", home=bluelight_home)
    assert helped.returncode == 0
    for option in ("--sheet NAME", "--mapping MAP.json", "--dry-run", "--skip-bad-rows"):
        assert option in helped.stdout
