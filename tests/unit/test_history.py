"""The change log as History rows (core/history.py), without Qt: names, values in the app's words, order, local
time, filters, and the CSV export read back with the csv module."""

from __future__ import annotations

import csv
import os
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bluelight_desktop.core.history import (
    CSV_COLUMNS,
    ChangeLogEntry,
    HistoryFilter,
    Names,
    count_text,
    field_name,
    filter_history,
    history_rows,
    people,
    value_text,
    when_text,
)
from bluelight_desktop.reports.history_csv import write_history_csv
from bluelight_desktop.storage.register import Register


@pytest.fixture
def london() -> Iterator[None]:
    """Local time is UK time for these tests (GMT in winter, BST in summer)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def entry(
    seq: int,
    field: str,
    old: str | None,
    new: str | None,
    *,
    record: str = "opp-1",
    entity: str = "opportunity",
    action: str = "Edit LAN-017",
    action_id: str | None = None,
    who: str = "ahughes",
    at: str = "2026-11-21T14:05:09Z",
    meeting: str | None = None,
) -> ChangeLogEntry:
    return ChangeLogEntry(seq, action_id or f"a{seq}", action, entity, record, field, old, new, who, at, meeting)


CREATION = [
    entry(
        1, "created", None, "2026-01-05T09:00:00Z", record="org-1", entity="organisation", action="Add", action_id="a0"
    ),
    entry(2, "name", None, "Lancashire Fire and Rescue Service", record="org-1", entity="organisation", action_id="a0"),
    entry(3, "short_name", None, "LFRS", record="org-1", entity="organisation", action_id="a0"),
    entry(4, "created", None, "x", record="board-1", entity="board", action="Add board", action_id="b0"),
    entry(5, "name", None, "Collaboration Programme Board", record="board-1", entity="board", action_id="b0"),
    entry(6, "short_name", None, "CPB", record="board-1", entity="board", action_id="b0"),
    entry(7, "created", None, "x", record="meet-1", entity="meeting", action="Add meeting", action_id="m0"),
    entry(8, "board_id", None, "board-1", record="meet-1", entity="meeting", action_id="m0"),
    entry(9, "date", None, "2026-12-15", record="meet-1", entity="meeting", action_id="m0"),
    entry(10, "created", None, "x", action="Add LAN-017", action_id="c0"),
    entry(11, "reference", None, "LAN-017", action_id="c0"),
    entry(12, "title", None, "Shared fleet workshop", action_id="c0"),
    entry(13, "stage", None, "idea", action_id="c0"),
]


def test_records_values_and_fields_read_in_the_apps_words(london: None) -> None:
    log = [
        *CREATION,
        entry(14, "stage", "idea", "business case", action="Move LAN-017", meeting="meet-1"),
        entry(15, "cashable_saving_pence", "0", "4300000"),
        entry(16, "lead_organisation_id", None, "org-1"),
        entry(17, "partners", "", "org-1,gone-9"),
        entry(18, "shareable", "1", "0"),
        entry(19, "end_date", None, "2027-03-31"),
        entry(20, "deleted", None, "2026-11-21T15:00:00Z", action="Delete LAN-017"),
    ]
    rows = history_rows(log, None)
    by_seq = {row.seq: row for row in rows}
    move = by_seq[14]
    assert move.cells() == (
        "21 Nov 2026 14:05",
        "ahughes",
        "Move LAN-017",
        "LAN-017 Shared fleet workshop",  # named from the log: the opportunity is deleted
        "Stage",
        "Idea",
        "Business case",
        "CPB 15 Dec 2026",
    )
    assert (by_seq[15].field, by_seq[15].old, by_seq[15].new) == ("Cashable saving a year", "£0", "£43,000")
    assert (by_seq[16].field, by_seq[16].new) == ("Lead organisation", "LFRS")
    assert by_seq[17].new == "LFRS; (a record not in this register)"
    assert (by_seq[18].old, by_seq[18].new) == ("Yes", "No")
    assert by_seq[19].new == "31 Mar 2027"
    assert (by_seq[20].field, by_seq[20].old, by_seq[20].new) == ("Deleted", "", "")
    assert by_seq[9].record == "Meeting: CPB 15 Dec 2026" and by_seq[2].record.startswith("Organisation: Lancashire")


def test_newest_action_first_and_each_actions_rows_in_the_order_written() -> None:
    rows = history_rows(CREATION, None)
    assert [r.seq for r in rows] == [10, 11, 12, 13, 7, 8, 9, 4, 5, 6, 1, 2, 3]
    assert rows[0].field == "Created"


def test_local_time_follows_summer_time(london: None) -> None:
    [row] = history_rows([entry(1, "title", "a", "b", at="2026-07-01T13:05:00Z")], None)
    assert row.when_text == "1 Jul 2026 14:05"  # BST
    assert when_text(row.when) == "1 Jul 2026 14:05"


def test_field_names() -> None:
    assert field_name("lead_organisation_id") == "Lead organisation"
    assert field_name("one_off_cost_pence") == "One-off cost"
    assert field_name("something_new_id") == "Something new"  # a column a later version adds


def test_values_that_are_not_what_they_claim_are_shown_as_stored() -> None:
    names = Names(None)
    assert value_text("stage", "no such stage", names) == "no such stage"
    assert value_text("cashable_saving_pence", "lots", names) == "lots"
    assert value_text("due", "soon", names) == "soon"
    assert value_text("outcome", "approved with conditions", names) == "Approved with conditions"


def test_filters_by_person_text_and_dates(london: None) -> None:
    log = [
        entry(1, "title", "a", "Drone hub", who="ahughes", at="2026-11-01T10:00:00Z"),
        entry(2, "title", "b", "Fleet", who="bpatel", at="2026-11-10T10:00:00Z"),
        entry(3, "title", "c", "Estates", who="ahughes", at="2026-11-20T23:30:00Z"),  # 23:30 GMT: still the 20th
    ]
    rows = history_rows(log, None)
    assert people(rows) == ["ahughes", "bpatel"]
    assert [r.seq for r in filter_history(rows, HistoryFilter(person="ahughes"))] == [3, 1]
    assert [r.seq for r in filter_history(rows, HistoryFilter(text="DRONE"))] == [1]
    assert [r.seq for r in filter_history(rows, HistoryFilter(start=date(2026, 11, 10), end=date(2026, 11, 20)))] == [
        3,
        2,
    ]
    assert filter_history(rows, HistoryFilter(person="bpatel", text="drone")) == []
    assert not HistoryFilter().active and HistoryFilter(text="x").active
    assert count_text(3, 3) == "3 changes" and count_text(1, 1204) == "Showing 1 of 1,204 changes"


def test_csv_export_reads_back_with_a_byte_order_mark_and_no_formulas(tmp_path: Path, london: None) -> None:
    log = [
        *CREATION,
        entry(14, "title", "Shared fleet workshop", '=HYPERLINK("http://x")', action="+Edit LAN-017"),
        entry(15, "notes", None, "Line one\nLine two, with a comma"),
    ]
    rows = history_rows(log, None)
    path = tmp_path / "history.csv"
    assert write_history_csv(rows, path, "OFFICIAL-SENSITIVE") == len(rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == ["OFFICIAL-SENSITIVE"] and tuple(read[1]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in read[2:]]
    assert len(body) == len(rows)
    first = body[1]  # the newest action (seq 15) is first, then 14
    assert body[0]["To"] == "Line one\nLine two, with a comma"
    assert first["To"] == '\'=HYPERLINK("http://x")' and first["What"] == "'+Edit LAN-017"
    assert first["When"] == "2026-11-21 14:05:09"
    assert first["Record"] == 'LAN-017 =HYPERLINK("http://x")'  # named as it is now; starts with text, so safe
    assert first["Record id"] == "opp-1"
    assert not list(tmp_path.glob("*.part"))


def test_the_sample_registers_log_reads_whole(sample_path: Path) -> None:
    with Register(sample_path, read_only=True) as register:
        log = register.change_log()
        data = register.load()
        assert register.change_log(after_seq=log[-1].seq) == []
    rows = history_rows(log, data)
    assert len(rows) == len(log) > 1000
    moves = [r for r in rows if r.what.startswith("Move LAN-") and r.field == "Effort"]
    assert moves and all(r.meeting for r in moves)  # the sample's quadrant moves were made at meetings
    assert all(r.record and r.field for r in rows)
    assert not any("(a record not in this register)" in (r.old + r.new) for r in rows)


def test_the_history_command_writes_the_filtered_csv(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bluelight_desktop.cli import main

    out = tmp_path / "history.csv"
    assert main(["history", str(sample_path), "-o", str(out), "--search", "lan-027"]) == 0
    printed = capsys.readouterr().out.strip()
    assert re.match(r"^Wrote \d+ changes \(of [\d,]+\) to .*history\.csv$", printed)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == ["OFFICIAL"] and tuple(read[1]) == CSV_COLUMNS
    assert len(read) > 3 and all("LAN-027" in " ".join(row) for row in read[2:])
    assert main(["history", str(sample_path), "-o", str(out), "--by", "nobody-at-all"]) == 0
    assert capsys.readouterr().out.startswith("Wrote 0 changes")
    with pytest.raises(SystemExit) as usage:
        main(["history", str(sample_path), "-o", str(tmp_path / "history.xlsx")])
    assert usage.value.code == 2
