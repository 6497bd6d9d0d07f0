"""The register as a spreadsheet (.xlsx and .csv), read back with openpyxl and the csv module: the protective
marking heads the sheet, then the header; money is numbers with a £ format and dates real dates in the workbook,
plain numbers and ISO dates in the CSV (UTF-8 with a byte order mark, CRLF); text a spreadsheet would run as a
formula is neutralised in both; the file is written whole or not at all."""

from __future__ import annotations

import codecs
import copy
import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bluelight_desktop.core.model import RegisterData
from bluelight_desktop.reports.spreadsheet import (
    DATE_FORMAT,
    HEADERS,
    POUNDS_FORMAT,
    SpreadsheetError,
    neutralise,
    write_spreadsheet,
)
from bluelight_desktop.storage.register import open_register

DANGEROUS = ['=HYPERLINK("http://evil.invalid","Click")', "+44 1772 862545", "-2 days", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own, to see that nothing but the file is left in it."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def data(sample_path: Path) -> RegisterData:
    with open_register(sample_path, read_only=True) as register:
        return register.load()


def dangerous_data(data: RegisterData) -> RegisterData:
    changed = copy.deepcopy(data)
    opportunities = sorted(changed.opportunities.values(), key=lambda o: o.reference)
    for opp, text in zip(opportunities, DANGEROUS, strict=False):
        opp.title = text
    opportunities[0].lead_officer = "=1+1"
    next(iter(changed.organisations.values())).name = "=cmd|' /C calc'!A0"
    return changed


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_the_workbook_reads_back(data: RegisterData, tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    assert write_spreadsheet(data, path, "official") == len(data.opportunities)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet["A1"].value == "OFFICIAL" and sheet["A1"].font.bold  # the marking heads the sheet, in capitals
    assert sheet.oddHeader.center.text == "OFFICIAL" and sheet.oddFooter.center.text == "OFFICIAL"
    assert tuple(c.value for c in sheet[2]) == HEADERS
    assert sheet.max_row == len(data.opportunities) + 2
    assert sheet.freeze_panes == "C3" and sheet.auto_filter.ref == f"A2:O{sheet.max_row}"
    first = min(data.opportunities.values(), key=lambda o: o.reference)
    row = {header: cell for header, cell in zip(HEADERS, sheet[3], strict=True)}
    assert row["Reference"].value == first.reference
    assert row["Title"].value == first.title
    saving = row["Cashable saving a year (£)"]
    assert saving.value == first.cashable_saving_pence / 100 and saving.number_format == POUNDS_FORMAT
    assert isinstance(saving.value, int)  # a number, not text
    start = row["Start date"]
    assert isinstance(start.value, datetime) and start.value.date() == first.start_date
    assert start.number_format == DATE_FORMAT  # shown as 01/06/2026
    assert row["Lead organisation"].value == data.organisations[first.lead_organisation_id or ""].name
    assert row["Partners"].value == "; ".join(data.organisations[p].name for p in first.partner_ids)
    assert row["Stage"].value == first.stage.label
    assert row["Effort"].value == first.effort and row["Shareable"].value in ("Yes", "No")
    quadrants = {c.value for c in sheet["G"][2:]}
    assert {"Quick win", "Major project"} <= quadrants
    references = [c.value for c in sheet["A"][2:]]
    assert references == sorted(references, key=lambda r: int(r.split("-")[1]))


def test_the_csv_reads_back(data: RegisterData, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    assert write_spreadsheet(data, path, "OFFICIAL-SENSITIVE") == len(data.opportunities)
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8 + b"OFFICIAL-SENSITIVE\r\n")  # so Excel reads the £ in the headers
    assert raw.count(b"\r\n") >= len(data.opportunities) + 2 and b"\n" not in raw.replace(b"\r\n", b"")
    rows = read_csv(path)
    assert rows[0] == ["OFFICIAL-SENSITIVE"] and tuple(rows[1]) == HEADERS
    assert len(rows) == len(data.opportunities) + 2
    first = min(data.opportunities.values(), key=lambda o: o.reference)
    row = dict(zip(HEADERS, rows[2], strict=True))
    assert row["Reference"] == first.reference
    assert row["Start date"] == (first.start_date.isoformat() if first.start_date else "")
    assert row["Cashable saving a year (£)"] == str(first.cashable_saving_pence // 100)
    assert date.fromisoformat(row["End date"]) == first.end_date


def test_formulas_are_neutralised_in_both_formats(data: RegisterData, tmp_path: Path) -> None:
    risky = dangerous_data(data)
    write_spreadsheet(risky, tmp_path / "risky.xlsx", "OFFICIAL")
    write_spreadsheet(risky, tmp_path / "risky.csv", "OFFICIAL")
    sheet = load_workbook(tmp_path / "risky.xlsx").active
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert all(c.data_type != "f" for c in cells)  # no cell is a formula
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for text in DANGEROUS:
        assert "'" + text.replace("\r", "\n") in texts  # XML reads a carriage return as a line end
    assert "'=1+1" in texts and any(t.startswith("'=cmd|") for t in texts)
    csv_texts = [cell for row in read_csv(tmp_path / "risky.csv")[2:] for cell in row]
    assert not [t for t in csv_texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for text in DANGEROUS:
        assert "'" + text in csv_texts


def test_neutralise_leaves_ordinary_values_alone() -> None:
    assert neutralise("Joint Estates Review") == "Joint Estates Review"
    assert neutralise("=A1") == "'=A1"
    assert neutralise(-5) == -5  # numbers are numbers
    assert neutralise(None) is None


def test_only_xlsx_and_csv(data: RegisterData, out: Path) -> None:
    with pytest.raises(SpreadsheetError, match="must end in .xlsx or .csv"):
        write_spreadsheet(data, out / "register.ods", "OFFICIAL")
    assert list(out.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_whole(data: RegisterData, out: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = out / "register.xlsx"
    write_spreadsheet(data, path, "OFFICIAL")
    before = path.read_bytes()
    from bluelight_desktop.reports import spreadsheet

    def broken(temp: Path, rows: list, marking: str) -> None:  # type: ignore[type-arg]
        temp.write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(spreadsheet, "_fill_xlsx", broken)
    with pytest.raises(OSError, match="disk full"):
        write_spreadsheet(data, path, "OFFICIAL")
    assert path.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["register.xlsx"]  # no temporary file left behind


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_file_that_does_not_read_back_is_not_saved(data: RegisterData, out: Path, monkeypatch, suffix: str) -> None:  # type: ignore[no-untyped-def]
    from bluelight_desktop.reports import spreadsheet

    name = "_fill_xlsx" if suffix == ".xlsx" else "_fill_csv"
    real = getattr(spreadsheet, name)

    def short(temp: Path, rows: list, marking: str) -> None:  # type: ignore[type-arg]
        real(temp, rows[:-1], marking)  # one row lost on the way

    monkeypatch.setattr(spreadsheet, name, short)
    with pytest.raises(OSError, match="did not read back"):
        write_spreadsheet(data, out / f"register{suffix}", "OFFICIAL")
    assert list(out.iterdir()) == []


def test_an_empty_register_writes_the_marking_and_header(data: RegisterData, tmp_path: Path) -> None:
    empty = copy.deepcopy(data)
    empty.opportunities = {}
    assert write_spreadsheet(empty, tmp_path / "empty.csv", "OFFICIAL") == 0
    assert read_csv(tmp_path / "empty.csv") == [["OFFICIAL"], list(HEADERS)]
