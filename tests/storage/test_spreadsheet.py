"""Importing spreadsheets into a register: real office files (a cover sheet, a marking above the header, blank
rows, trailing spaces; CSV in UTF-8 with and without a byte order mark, UTF-16, Windows-1252, CRLF and LF, commas
and semicolons), the import written as one Edit after a backup and read back with sqlite3 and Register.load, all
or nothing, and bad input (not a spreadsheet, protected or damaged workbooks, no recognisable columns, bad rows,
100,000 rows): one plain message each, the register unchanged on disk byte for byte."""

from __future__ import annotations

import codecs
import csv
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bluelight_desktop.core.model import OrganisationKind, Stage
from bluelight_desktop.core.spreadsheet_import import MAX_ROWS, ImportProblem
from bluelight_desktop.reports.spreadsheet import write_spreadsheet
from bluelight_desktop.storage.register import create_register, open_register
from bluelight_desktop.storage.spreadsheet import (
    apply_import,
    load_mapping,
    plan_from_table,
    read_spreadsheet,
    reference_span,
    taken_references,
)
from tests.fixtures.spreadsheets.office import (
    BAD_PROBLEMS,
    BAD_ROWS,
    CLEAN_TITLES,
    HEADER_ROW,
    row_number,
    write_office_csv,
    write_office_workbook,
)


def import_file(register_path: Path, spreadsheet: Path, **read: object) -> tuple[object, Path]:
    with open_register(register_path) as register:
        table = read_spreadsheet(spreadsheet, **read)  # type: ignore[arg-type]
        plan = plan_from_table(register, table)
        backup = apply_import(register, plan.edit())
    return plan, backup


# -------------------------------------------------------------------------------------------- office files


def test_an_office_workbook_is_read_past_its_cover_sheet_and_marking(tmp_path: Path) -> None:
    table = read_spreadsheet(write_office_workbook(tmp_path / "Register 2018.xlsx"))
    assert table.sheet_name == "Register"  # the cover sheet "Read me" has no title column
    assert table.sheet_names == ["Read me", "Register", "Lookups"]
    assert table.header_row == HEADER_ROW
    assert not table.is_csv
    assert [n for n, _cells in table.rows] == [row_number(t) for t in CLEAN_TITLES]  # blank rows passed over
    assert table.columns["title"] == 1 and table.columns["shareable"] == 16


def test_the_office_workbook_imports_and_reads_back(sample_path: Path, tmp_path: Path) -> None:
    before = open_register(sample_path)
    existing = before.load()
    before.close()
    plan, backup = import_file(sample_path, write_office_workbook(tmp_path / "office.xlsx"))
    assert backup.exists() and "before import" in backup.name

    with open_register(sample_path, read_only=True) as register:
        data = register.load()
    assert len(data.opportunities) == len(existing.opportunities) + len(CLEAN_TITLES)
    by_title = {o.title: o for o in data.opportunities.values()}
    orgs = {o.short_name: o for o in data.organisations.values()}
    estates = by_title["Joint Estates Review"]  # a trailing space in the sheet
    assert estates.reference == "LAN-101"  # LAN-100 is kept for the row that asks for it; new ones follow
    assert estates.cashable_saving_pence == 170_000_000 and estates.one_off_cost_pence == 25_000_000
    assert estates.stage is Stage.BUSINESS_CASE and (estates.effort, estates.benefit) == (70, 80)
    assert estates.start_date == date(2018, 3, 1) and estates.end_date == date(2020, 3, 31)
    assert estates.lead_organisation_id == orgs["LFRS"].id
    assert estates.partner_ids == [orgs["LC"].id, orgs["NWAS"].id]
    assert estates.shareable is True
    control = by_title["Shared Control Room"]
    assert control.cashable_saving_pence == 43_000_000 and control.one_off_cost_pence == 105_800_000
    assert control.start_date == date(2018, 3, 19) and control.end_date == date(2020, 12, 31)
    assert control.lead_organisation_id == orgs["LC"].id
    drones = by_title["Drone Pilots Training"]
    assert drones.reference == "LAN-100" and drones.shareable is False
    assert drones.start_date == date(2018, 4, 1) and drones.cashable_saving_pence == 105_800_000
    hub = by_title["Community Safety Hub"]
    assert (hub.start_date, hub.end_date) == (date(2015, 1, 1), date(2017, 3, 31))
    cumbria = next(o for o in data.organisations.values() if o.name == "Cumbria Constabulary")
    assert cumbria.kind is OrganisationKind.POLICE and hub.partner_ids == [cumbria.id, orgs["LC"].id]
    assert by_title["Fleet Maintenance"].stage is Stage.LIVE
    assert by_title["Mental Health Triage"].reference == "LAN-105"  # LAN-001 was taken
    assert by_title["Mental Health Triage"].cashable_saving_pence == 0  # "TBC"
    fire = by_title["Joint Fire Investigation"]
    assert fire.stage is Stage.PARKED
    assert data.workstreams[fire.workstream_id or ""].name == "Estates and Assets"  # made, as the preview said
    assert '=HYPERLINK("http://example.invalid")' in by_title  # text, kept as text: nothing runs it here

    # One transaction, one entry in the change log, read with sqlite3 itself.
    connection = sqlite3.connect(sample_path)
    try:
        actions = connection.execute(
            "SELECT DISTINCT action_id, action FROM change_log WHERE action LIKE 'Import %'"
        ).fetchall()
        imported = connection.execute(
            "SELECT count(*) FROM opportunity WHERE reference BETWEEN 'LAN-100' AND 'LAN-107'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert actions and len(actions) == 1 and actions[0][1] == "Import 8 opportunities from office.xlsx"
    assert imported == 8
    assert reference_span(r.opportunity.reference for r in plan.rows) == "LAN-100 to LAN-107"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("encoding", "newline", "found"),
    [
        ("utf-8-sig", "\r\n", "UTF-8 with BOM"),
        ("utf-8", "\r\n", "UTF-8"),
        ("utf-8", "\n", "UTF-8"),
        ("cp1252", "\r\n", "Windows-1252"),
        ("utf-16", "\r\n", "UTF-16"),
    ],
)
def test_csv_in_the_encodings_and_line_ends_office_software_writes(
    sample_path: Path, tmp_path: Path, encoding: str, newline: str, found: str
) -> None:
    path = write_office_csv(tmp_path / "office.csv", encoding=encoding, newline=newline)
    raw = path.read_bytes()
    if encoding == "cp1252":
        assert b"\xa3" in raw and b"\xc2\xa3" not in raw  # the pound sign as Windows-1252 writes it
    if encoding == "utf-8-sig":
        assert raw.startswith(codecs.BOM_UTF8)
    assert (b"\r\n" in raw) == (newline == "\r\n") or encoding == "utf-16"
    table = read_spreadsheet(path)
    assert table.encoding == found and table.is_csv and table.header_row == HEADER_ROW
    assert table.headers[11] == "Cashable saving (£)"
    plan, _backup = import_file(sample_path, path)
    with open_register(sample_path, read_only=True) as register:
        titles = {o.title: o for o in register.load().opportunities.values()}
    assert set(CLEAN_TITLES) <= set(titles)
    assert titles["Joint Estates Review"].cashable_saving_pence == 170_000_000
    assert titles["Drone Pilots Training"].start_date == date(2018, 4, 1)  # "01/04/2018", day first


def test_csv_with_semicolons_and_excels_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "semicolons.csv"
    path.write_text('sep=;\r\nTitle;Saving;Partners\r\n"Shared HQ";"£1,5m";"LC, NWAS"\r\nDrones;430000;\r\n')
    table = read_spreadsheet(path)
    assert table.header_row == 1
    assert [cells for _n, cells in table.rows] == [["Shared HQ", "£1,5m", "LC, NWAS"], ["Drones", "430000", ""]]
    path.write_text("Title\tSaving\nDrones\t£5k\n", encoding="utf-8")
    assert read_spreadsheet(path).rows == [(2, ["Drones", "£5k"])]


def test_a_chosen_sheet_is_read_and_a_missing_one_named(tmp_path: Path) -> None:
    path = write_office_workbook(tmp_path / "office.xlsx")
    assert read_spreadsheet(path, "register").sheet_name == "Register"
    with pytest.raises(ImportProblem, match="has no sheet called Budget. Its sheets: Read me, Register, Lookups."):
        read_spreadsheet(path, "Budget")
    with pytest.raises(ImportProblem, match=r"office.xlsx \(sheet Read me\) has no columns this app recognises"):
        read_spreadsheet(path, "Read me")


def test_a_mapping_file_chooses_columns(tmp_path: Path) -> None:
    path = tmp_path / "own words.csv"
    path.write_text("Proposal,Money,Who\r\nDrones,£5k,LC\r\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="no columns this app recognises"):
        read_spreadsheet(path)
    mapping_path = tmp_path / "map.json"
    mapping_path.write_text('{"title": "Proposal", "cashable_saving": "Money", "lead_organisation": "Who"}')
    table = read_spreadsheet(path, mapping=load_mapping(mapping_path))
    assert table.columns == {"title": 0, "cashable_saving": 1, "lead_organisation": 2}
    mapping_path.write_text("{title: Proposal}")
    with pytest.raises(ImportProblem, match=r"map.json is not valid JSON \(line 1"):
        load_mapping(mapping_path)


def test_an_export_imports_into_an_empty_register(sample_path: Path, tmp_path: Path) -> None:
    with open_register(sample_path, read_only=True) as register:
        source = register.load()
    for suffix in (".xlsx", ".csv"):
        exported = tmp_path / f"export{suffix}"
        write_spreadsheet(source, exported, "OFFICIAL")
        target = tmp_path / f"empty{suffix}.bluelight"
        create_register(target, "Partner", "PAR").close()
        plan, _backup = import_file(target, exported)
        with open_register(target, read_only=True) as register:
            data = register.load()
        assert len(data.opportunities) == len(source.opportunities), suffix
        theirs = {o.reference: o for o in source.opportunities.values()}
        for opp in data.opportunities.values():
            original = theirs[opp.reference]  # references kept: none was taken in the new register
            for name in ("title", "stage", "effort", "benefit", "lead_officer", "start_date", "end_date",
                         "cashable_saving_pence", "one_off_cost_pence", "shareable"):  # fmt: skip
                assert getattr(opp, name) == getattr(original, name), (suffix, opp.reference, name)
            assert [data.organisations[i].name for i in opp.partner_ids] == [
                source.organisations[i].name for i in original.partner_ids
            ]
        assert {w.name for w in data.workstreams.values()} == {w.name for w in source.workstreams.values()}
        assert {o.short_name for o in data.organisations.values()} <= {
            o.short_name for o in source.organisations.values()
        } | {"LFRS", "LC", "NWAS", "LCC", "GMFRS"}


# ------------------------------------------------------------------------------------ all or nothing, bad input


def unchanged(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before and not path.with_name(path.name + "-journal").exists()


def test_bad_rows_import_nothing_and_leave_the_register_as_it_was(sample_path: Path, tmp_path: Path) -> None:
    before = sample_path.read_bytes()
    path = write_office_workbook(tmp_path / "bad.xlsx", bad=True)
    with open_register(sample_path) as register:
        plan = plan_from_table(register, read_spreadsheet(path))
        assert len(plan.ready) == len(CLEAN_TITLES) and len(plan.with_problems) == len(BAD_ROWS)
        for bad, expected in zip(plan.with_problems, BAD_PROBLEMS, strict=True):
            assert any(expected in problem for problem in bad.problems), (bad.number, bad.problems)
        assert plan.problems()[0].startswith(f"Row {row_number('Shared Occupational Health', bad=True)}: ")
        with pytest.raises(ImportProblem, match="5 rows have problems; nothing was imported"):
            plan.edit()
    assert unchanged(sample_path, before)


def test_a_failed_write_rolls_back_whole(sample_path: Path, tmp_path: Path) -> None:
    """A record that cannot be written half way through (an organisation id that is not there) leaves nothing."""
    path = write_office_workbook(tmp_path / "office.xlsx")
    with open_register(sample_path) as register:
        plan = plan_from_table(register, read_spreadsheet(path))
        edit = plan.edit()
        edit.changes[-1].record.lead_organisation_id = "no-such-organisation"  # type: ignore[union-attr]
        count = register.counts()["opportunities"]
        with pytest.raises(sqlite3.IntegrityError):
            apply_import(register, edit)
        assert register.counts()["opportunities"] == count


BAD_FILES = {
    "not a spreadsheet": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\x00\x00", "is not a spreadsheet"),
    "encrypted workbook": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "is protected with a password, or is an old Excel 97-2003 workbook",
    ),
    "corrupt workbook": (b"PK\x03\x04" + b"\x14\x00garbage" * 40, "is not an Excel workbook that can be read"),
    "register": (b"SQLite format 3\x00" + b"\x00" * 84, "is a database (perhaps a register), not a spreadsheet"),
    "empty file": (b"", "is empty"),
    "no recognisable columns": (b"Colour,Shape\r\nRed,Square\r\n", "has no columns this app recognises"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_get_one_plain_message_and_change_nothing(sample_path: Path, tmp_path: Path, case: str) -> None:
    content, message = BAD_FILES[case]
    path = tmp_path / ("bad.xlsx" if case.endswith("workbook") else "bad.csv")
    path.write_bytes(content)
    before = sample_path.read_bytes()
    with pytest.raises(ImportProblem) as raised:
        read_spreadsheet(path)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value) and "Traceback" not in str(raised.value)
    assert unchanged(sample_path, before)


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    whole = write_office_workbook(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportProblem, match="cut.xlsx is not an Excel workbook that can be read"):
        read_spreadsheet(cut)


def test_a_workbook_with_a_damaged_sheet_is_refused(tmp_path: Path) -> None:
    whole = write_office_workbook(tmp_path / "whole.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # the XML stops half way
            target.writestr(item, data)
    with pytest.raises(ImportProblem, match="damaged"):
        read_spreadsheet(damaged)


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(ImportProblem, match="There is no file at"):
        read_spreadsheet(tmp_path / "nowhere.xlsx")
    with pytest.raises(ImportProblem, match="is a folder, not a spreadsheet"):
        read_spreadsheet(tmp_path)


def test_a_sheet_of_100000_rows_is_refused_quickly_with_a_plain_message(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Title", "Saving"])
        writer.writerows([f"Scheme {n}", "£1,000"] for n in range(100_000))
    before = sample_path.read_bytes()
    with pytest.raises(ImportProblem) as raised:
        read_spreadsheet(path)
    assert str(raised.value).startswith(f"huge.csv has more than {MAX_ROWS:,} rows of data.")
    assert unchanged(sample_path, before)
    # The limit itself is inclusive: exactly MAX_ROWS rows are read.
    assert len(read_spreadsheet(path, max_rows=100_000).rows) == 100_000


def test_taken_references_include_deleted_ones(sample_path: Path) -> None:
    from bluelight_desktop.core import edits

    with open_register(sample_path) as register:
        data = register.load()
        first = min(data.opportunities.values(), key=lambda o: o.reference)
        register.apply(edits.delete_opportunity(data, first.id))
        assert first.reference in taken_references(register)
        assert first.reference not in {o.reference for o in register.load().opportunities.values()}


def test_openpyxl_is_left_as_it_was_after_a_read(tmp_path: Path) -> None:
    """The read skips openpyxl's whole-sheet search for a missing <dimension> only while it loads the workbook."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    original = ReadOnlyWorksheet._get_size
    workbook = Workbook(write_only=True)  # writes no <dimension>, as our exports
    sheet = workbook.create_sheet("Register")
    for row in (["OFFICIAL"], ["Title", "Saving"], ["Drones", 5000], ["Fleet", "£1.7m"]):
        sheet.append(row)
    workbook.save(tmp_path / "written.xlsx")
    table = read_spreadsheet(tmp_path / "written.xlsx")
    assert [cells for _n, cells in table.rows] == [("Drones", 5000), ("Fleet", "£1.7m")]
    assert ReadOnlyWorksheet._get_size is original
    sized = write_office_workbook(tmp_path / "sized.xlsx")  # written whole: it has its <dimension>
    opened = load_workbook(sized, read_only=True)
    assert opened["Register"].max_row > 10  # others still get openpyxl's own sizes
    opened.close()
