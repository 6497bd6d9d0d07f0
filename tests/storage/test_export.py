"""Exporting a register for a partner and opening one received (storage/export.py). No Qt.

An export is a checked snapshot, never the live file: it opens with sqlite3 and open_register, has nothing beside
it, keeps the register's id and says who exported it and when. Shareable-only leaves the restricted opportunities
and everything about them out of the bytes themselves. Opening a received file works on a private copy, and every
bad file (not a register, damaged, cut short, from a newer version, sealed with another passphrase) gets one plain
sentence and leaves the file as it was.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluelight_desktop.core import edits
from bluelight_desktop.storage import export as export_module
from bluelight_desktop.storage import sealed as sealed_module
from bluelight_desktop.storage.export import (
    ExportCancelled,
    ReceivedRegister,
    export_details,
    export_register,
    open_received,
    receive,
    received_banner,
    restricted_preview,
    shareable_data,
)
from bluelight_desktop.storage.register import APPLICATION_ID, Register, RegisterError, open_register
from bluelight_desktop.storage.sealed import SealedError, is_sealed, seal

FIXTURES = Path(__file__).parent / "fixtures"
PASSPHRASE = "Fulwood control room 2026"
# Restricted in the sample and named nowhere else in it (LAN-005 and LAN-008 are named in other records' text:
# see test_shareable_only_warns_where_a_left_out_opportunity_is_still_named).
RESTRICTED_UNNAMED = ("LAN-001", "Recruitment and Selection", "LAN-004", "HR Support Services")


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed_module, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(sealed_module, "LOG2_N_RANGE", (10, 20))


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temporary folder for this test alone, so a test can see that nothing is left in it."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def register(sample_path: Path) -> Iterator[Register]:
    opened = open_register(sample_path)
    yield opened
    opened.close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "USB stick"
    folder.mkdir()
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def restricted_ids(register: Register) -> list[str]:
    return [o.id for o in register.load().opportunities.values() if not o.shareable]


def plain_refusal(action, *words: str) -> RegisterError:  # type: ignore[no-untyped-def]
    with pytest.raises(RegisterError) as caught:
        action()
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, message
    return caught.value


# ------------------------------------------------------------------------------------------------- export


def test_export_is_a_checked_register_with_nothing_beside_it(
    register: Register, sample_path: Path, out_dir: Path, private_temp: Path
) -> None:
    before = digest(sample_path)
    dest = out_dir / "for Cumbria.bluelight"
    report = export_register(register, dest)

    assert [p.name for p in out_dir.iterdir()] == [dest.name]  # no -journal, -wal or .part beside it
    assert not list(private_temp.iterdir())  # the working folder is gone too
    assert digest(sample_path) == before  # the live register is untouched
    with dest.open("rb") as handle:
        header = handle.read(100)
    assert header.startswith(b"SQLite format 3\x00")
    assert int.from_bytes(header[68:72], "big") == APPLICATION_ID
    assert header[18:20] == b"\x01\x01"  # a rollback-journal file, not WAL
    assert rows(dest, "PRAGMA integrity_check") == [("ok",)]
    assert rows(dest, "PRAGMA journal_mode") == [("delete",)]

    with open_register(dest) as exported:
        assert exported.counts() == register.counts() == report.exported
        assert exported.load().opportunities.keys() == register.load().opportunities.keys()
    assert [p.name for p in out_dir.iterdir()] == [dest.name]
    assert report.path == dest and report.size == dest.stat().st_size
    assert not report.sealed and not report.shareable_only and report.left_out == {}
    assert report.restricted == 4
    assert "including 4 opportunities not marked as shareable" in report.summary()


def test_export_keeps_the_register_id_and_records_who_exported_it(register: Register, out_dir: Path) -> None:
    dest = out_dir / "partner.bluelight"
    started = time.time()
    export_register(register, dest)
    live = dict(rows(register.path, "SELECT key, value FROM setting"))
    copied = dict(rows(dest, "SELECT key, value FROM setting"))
    assert copied["register_id"] == live["register_id"]
    assert copied["exported_from_name"] == live["name"] == "Lancashire Blue Light Collaboration"
    assert copied["exported_by"] == register.user
    assert copied["exported_shareable_only"] == "0"
    assert copied["exported_at"].endswith("Z")
    details = export_details(Register(dest, read_only=True))
    assert details is not None and details.exported_at is not None
    assert abs(details.exported_at.timestamp() - started) < 60
    assert not any(key.startswith("exported_") for key in live)  # the live register records nothing


def test_what_we_exchanged_with_other_partners_stays_at_home(register: Register, out_dir: Path) -> None:
    """The merge base for partner C is ours: a copy sent to partner A must not carry it."""
    with sqlite3.connect(register.path) as db:
        db.execute(
            "INSERT INTO exchange_base (partner_register_id, entity, record_id, values_json, deleted) "
            "VALUES ('partner-c', 'opportunity', 'x', '{\"title\": \"Partner C private note\"}', 0)"
        )
        db.execute(
            "INSERT INTO exchange_partner (partner_register_id, partner_name, last_merged_at, last_merged_by) "
            "VALUES ('partner-c', 'Cumbria Blue Light', '2026-11-01T10:00:00Z', 'clerk')"
        )
    db.close()
    dest = out_dir / "partner-a.bluelight"
    export_register(register, dest)
    assert rows(dest, "SELECT count(*) FROM exchange_base") == [(0,)]
    assert rows(dest, "SELECT count(*) FROM exchange_partner") == [(0,)]
    assert b"Partner C private note" not in dest.read_bytes() and b"Cumbria Blue Light" not in dest.read_bytes()
    assert rows(register.path, "SELECT count(*) FROM exchange_base") == [(1,)]  # kept at home


def test_export_holds_the_register_history_and_tombstones(register: Register, out_dir: Path) -> None:
    data = register.load()
    driver = next(o for o in data.opportunities.values() if o.title == "Driver Training")
    register.apply(edits.delete_opportunity(data, driver.id))
    dest = out_dir / "partner.bluelight"
    export_register(register, dest)
    assert rows(dest, f"SELECT deleted_at IS NOT NULL FROM opportunity WHERE id = '{driver.id}'") == [(1,)]
    live_log = rows(register.path, "SELECT count(*) FROM change_log")
    assert rows(dest, "SELECT count(*) FROM change_log") == live_log


def test_shareable_only_leaves_restricted_records_out_of_the_bytes(register: Register, out_dir: Path) -> None:
    data = register.load()
    gone = restricted_ids(register)
    assert len(gone) == 4
    # A restricted opportunity deleted earlier goes too, tombstone and all.
    extra = copy.deepcopy(next(o for o in data.opportunities.values() if o.shareable))
    extra.id, extra.reference, extra.title, extra.shareable = "d" * 36, "LAN-900", "Secret merger talks", False
    register.apply(edits.create(extra, "Add"))
    register.apply(edits.delete_opportunity(register.load(), extra.id))
    preview = restricted_preview(register.load())

    dest = out_dir / "shareable.bluelight"
    report = export_register(register, dest, shareable_only=True)

    raw = dest.read_bytes()
    for text in (*RESTRICTED_UNNAMED, "Secret merger talks", "LAN-900", *gone, extra.id):
        assert text.encode() not in raw, text
    with open_register(dest) as exported:
        kept = exported.load()
    assert not set(gone) & kept.opportunities.keys()
    assert all(o.shareable for o in kept.opportunities.values())
    assert len(kept.opportunities) == len(data.opportunities) - 4
    assert not any(i.opportunity_id in gone for i in kept.agenda_items.values())
    assert not any(d.opportunity_id in gone for d in kept.decisions.values())
    assert not any(a.opportunity_id in gone for a in kept.actions.values())
    assert not any(set(o.dependency_ids) & set(gone) for o in kept.opportunities.values())
    for table in ("opportunity_partner", "opportunity_dependency"):
        assert rows(dest, f"SELECT count(*) FROM {table} WHERE opportunity_id IN ({_quoted(gone)})") == [(0,)]
    assert rows(dest, "PRAGMA foreign_key_check") == []
    assert rows(dest, "SELECT value FROM setting WHERE key = 'exported_shareable_only'") == [("1",)]

    # The report counts what the dialog's preview promised, and what went.
    assert {k: v for k, v in report.left_out.items() if k != "history entries"} == preview
    assert preview == {
        "opportunities": 4,
        "agenda items": 2,
        "decisions": 2,
        "actions": 2,
        "partner links": 4,
        "dependency links": 1,
        "benefit lines": 3,
        "cost lines": 2,
    }
    for table in ("benefit_line", "cost_line"):
        assert rows(dest, f"SELECT count(*) FROM {table} WHERE opportunity_id IN ({_quoted(gone)})") == [(0,)]
    assert len(kept.benefit_lines) == len(data.benefit_lines) - 3
    assert report.left_out["history entries"] > 0
    assert report.exported["opportunities"] == len(kept.opportunities)
    summary = report.summary()
    assert "Left out 4 opportunities not marked as shareable, with 2 agenda items, 2 decisions and 2 actions" in summary


def test_shareable_data_follows_the_same_rule(register: Register, out_dir: Path) -> None:
    data = register.load()
    trimmed = shareable_data(data)
    export_register(register, out_dir / "shareable.bluelight", shareable_only=True)
    with open_register(out_dir / "shareable.bluelight") as exported:
        kept = exported.load()
    assert trimmed.opportunities == kept.opportunities
    for name in ("agenda_items", "decisions", "actions", "benefit_lines", "cost_lines"):
        assert getattr(trimmed, name).keys() == getattr(kept, name).keys(), name
    # LAN-007 (shareable) depends on LAN-008 (restricted): the link goes, LAN-007 stays, in both.
    by_reference = {o.reference: o for o in data.opportunities.values()}
    lan_007, lan_008 = by_reference["LAN-007"], by_reference["LAN-008"]
    assert data.opportunities[lan_007.id].dependency_ids == [lan_008.id]  # the data given is not changed
    assert trimmed.opportunities[lan_007.id].dependency_ids == kept.opportunities[lan_007.id].dependency_ids == []
    assert len(data.opportunities) == 36


def _quoted(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def test_shareable_only_warns_where_a_left_out_opportunity_is_still_named(register: Register, out_dir: Path) -> None:
    report = export_register(register, out_dir / "shareable.bluelight", shareable_only=True)
    named = "\n".join(report.still_named)
    # People's own words are not rewritten: the attendance role and a paper still name two restricted items,
    # and the export says where, so the officer can decide before sending.
    assert "LAN-008 LFRS Relocation of Service HQ is named in the attendance of" in named
    assert "LAN-005 Occupational Health Services is named in an agenda item of the Collaboration Executive Board" in (
        named
    )
    assert "Check before sending" in report.summary()


def test_shareable_only_with_everything_shareable_leaves_nothing_out(register: Register, out_dir: Path) -> None:
    data = register.load()
    for opportunity_id in restricted_ids(register):
        after = copy.deepcopy(data.opportunities[opportunity_id])
        after.shareable = True
        register.apply(edits.update(data.opportunities[opportunity_id], after, "Share"))
    report = export_register(register, out_dir / "all.bluelight", shareable_only=True)
    assert report.left_out["opportunities"] == 0 and report.restricted == 0
    assert "nothing was left out" in report.summary()


def test_an_export_can_be_taken_from_a_read_only_register(sample_path: Path, out_dir: Path) -> None:
    with open_register(sample_path, read_only=True) as read_only:
        export_register(read_only, out_dir / "partner.bluelight", shareable_only=True)
    assert open_register(out_dir / "partner.bluelight").counts()["opportunities"] == 32


def test_export_replaces_an_older_export(register: Register, out_dir: Path) -> None:
    dest = out_dir / "partner.bluelight"
    dest.write_bytes(b"last week's export")
    export_register(register, dest)
    assert dest.read_bytes().startswith(b"SQLite format 3\x00")


# ---------------------------------------------------------------------------------------- export refusals


def test_export_refuses_to_replace_the_register_itself(register: Register, sample_path: Path) -> None:
    before = digest(sample_path)
    plain_refusal(lambda: export_register(register, sample_path), "cannot replace the register itself")
    link = sample_path.parent / "link.bluelight"
    link.symlink_to(sample_path)
    plain_refusal(lambda: export_register(register, link), "cannot replace the register itself")
    assert digest(sample_path) == before


def test_export_refuses_a_folder_or_a_missing_folder(register: Register, out_dir: Path) -> None:
    plain_refusal(lambda: export_register(register, out_dir), "is a folder")
    plain_refusal(lambda: export_register(register, out_dir / "no such" / "x.bluelight"), "does not exist")
    assert not list(out_dir.iterdir())


def test_a_short_passphrase_is_refused_before_anything_is_written(register: Register, out_dir: Path) -> None:
    error = plain_refusal(lambda: export_register(register, out_dir / "x.bluelight", passphrase="short"), "at least 8")
    assert isinstance(error, SealedError)
    plain_refusal(lambda: export_register(register, out_dir / "x.bluelight", passphrase=""), "Type a passphrase")
    assert not list(out_dir.iterdir())


@pytest.mark.parametrize("when", [0.0, 0.2, 0.5, 0.75, 0.8])
def test_cancel_at_any_step_writes_nothing_and_keeps_the_old_file(
    register: Register, out_dir: Path, private_temp: Path, when: float
) -> None:
    dest = out_dir / "partner.bluelight"
    dest.write_bytes(b"last week's export")
    steps: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        steps.append(fraction)

    with pytest.raises(ExportCancelled, match="nothing was exported"):
        export_register(
            register, dest, shareable_only=True, passphrase=PASSPHRASE, progress=progress,
            cancelled=lambda: bool(steps) and steps[-1] >= when,
        )  # fmt: skip
    assert dest.read_bytes() == b"last week's export"
    assert [p.name for p in out_dir.iterdir()] == [dest.name]
    assert not list(private_temp.iterdir())


def test_a_copy_that_fails_its_check_is_never_renamed_into_place(
    register: Register, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = out_dir / "partner.bluelight"
    dest.write_bytes(b"last week's export")

    def failing_check(path: Path) -> None:
        raise RegisterError("The exported copy did not pass its integrity check; nothing was written.")

    monkeypatch.setattr(export_module, "_check_export", failing_check)
    plain_refusal(lambda: export_register(register, dest), "nothing was written")
    assert dest.read_bytes() == b"last week's export"
    assert [p.name for p in out_dir.iterdir()] == [dest.name]


def test_a_destination_that_cannot_be_written_is_refused_plainly(
    register: Register, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # a read-only stick (root ignores folder permissions)
    plain_refusal(
        lambda: export_register(register, out_dir / "x.bluelight"),
        "could not be written to",
        "Permission denied. Nothing was written.",
    )


def test_the_sealed_copy_is_read_back_before_it_takes_its_name(tmp_path: Path) -> None:
    path = tmp_path / "written"
    path.write_bytes(b"header" + b"x" * 3_000_000)
    assert export_module._holds(path, (b"header", b"x" * 3_000_000))
    assert not export_module._holds(path, (b"header", b"x" * 2_999_999 + b"y"))
    assert not export_module._holds(path, (b"header", b"x" * 2_999_999))  # the file is longer
    assert not export_module._holds(path, (b"header", b"x" * 3_000_001))  # the file is shorter


# ---------------------------------------------------------------------------------------------- sealed


def test_sealed_export_round_trip(register: Register, out_dir: Path, private_temp: Path) -> None:
    dest = out_dir / "partner.bluelight"
    report = export_register(register, dest, shareable_only=True, passphrase=PASSPHRASE)
    assert report.sealed and dest.suffix == ".bluelight"
    assert is_sealed(dest)
    assert [p.name for p in out_dir.iterdir()] == [dest.name]
    assert not list(private_temp.iterdir())  # the unencrypted working copy is gone
    raw = dest.read_bytes()
    assert b"SQLite format 3" not in raw and b"Lancashire" not in raw
    plain_refusal(lambda: open_register(dest), "encrypted register")

    received = open_received(dest, PASSPHRASE)
    try:
        assert isinstance(received, ReceivedRegister) and received.sealed and received.read_only
        assert received.source == dest
        assert received.counts() == report.exported
        assert received.settings().name == "Lancashire Blue Light Collaboration"
        assert received_banner(received).endswith("; shareable items only")
        with pytest.raises(RegisterError, match="read-only"):
            received.set_setting("name", "Ours now")
        private = received.path
        assert private.exists() and private.parent.parent == private_temp
    finally:
        received.close()
    assert not private.parent.exists()
    assert dest.read_bytes() == raw


def test_a_sealed_export_opened_with_the_wrong_passphrase(register: Register, out_dir: Path) -> None:
    dest = out_dir / "partner.bluelight"
    export_register(register, dest, passphrase=PASSPHRASE)
    error = plain_refusal(
        lambda: open_received(dest, "Fulwood control room 2025"),
        "partner.bluelight cannot be opened. The passphrase is not right, or the file has been changed since it "
        "was sealed.",
    )
    assert isinstance(error, SealedError) and error.kind == "passphrase"
    assert plain_refusal(lambda: open_received(dest, None), "passphrase").kind == "needs passphrase"  # type: ignore[attr-defined]


# -------------------------------------------------------------------------------------------- receiving


def test_open_received_plain_export_reads_a_private_copy(register: Register, out_dir: Path) -> None:
    dest = out_dir / "partner.bluelight"
    export_register(register, dest)
    before = digest(dest)
    with open_received(dest) as received:
        assert not received.sealed
        assert received.path != dest and received.path.name == dest.name
        assert received.load().opportunities.keys() == register.load().opportunities.keys()
        assert received_banner(received).endswith("; the whole register")
    assert digest(dest) == before
    assert [p.name for p in out_dir.iterdir()] == [dest.name]  # nothing written beside the sender's file


def test_banner_reads_in_uk_time(register: Register, out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dest = out_dir / "partner.bluelight"
    export_register(register, dest, shareable_only=True)
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        for stamp, shown in (
            ("2026-11-21T14:05:09Z", "21 Nov 2026 at 14:05"),
            ("2026-07-01T13:05:00Z", "1 Jul 2026 at 14:05"),
        ):
            connection = sqlite3.connect(dest)
            connection.execute("UPDATE setting SET value = ? WHERE key = 'exported_at'", (stamp,))
            connection.execute("UPDATE setting SET value = 'jsmith' WHERE key = 'exported_by'")
            connection.commit()
            connection.close()
            with open_received(dest) as received:
                assert received_banner(received) == (
                    f"Exported by jsmith from Lancashire Blue Light Collaboration on {shown}; shareable items only"
                )
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_banner_for_a_copy_that_was_not_exported(sample_path: Path) -> None:
    with open_received(sample_path) as received:
        banner = received_banner(received)
    assert banner.startswith("Lancashire Blue Light Collaboration: a copy of a register, not an export")


def test_an_older_register_is_brought_up_to_date_in_the_private_copy(tmp_path: Path) -> None:
    old = tmp_path / "register-0001.bluelight"
    shutil.copyfile(FIXTURES / "register-0001.bluelight", old)
    before = digest(old)
    copy_ = receive(old)
    assert copy_.revision == "0001"
    with copy_.open() as received:
        assert received.counts()["opportunities"] == 36
        assert received.load().boards
    assert digest(old) == before


def test_receive_runs_on_one_thread_and_opens_on_another(register: Register, out_dir: Path) -> None:
    import threading

    dest = out_dir / "partner.bluelight"
    export_register(register, dest, passphrase=PASSPHRASE)
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(receive(dest, PASSPHRASE)))
    worker.start()
    worker.join()
    (copy_,) = found
    with copy_.open() as received:  # type: ignore[attr-defined]
        assert received.counts()["opportunities"] == 36


def _not_a_register(path: Path) -> None:
    path.write_text("Minutes of the Collaboration Programme Board\n" * 50, encoding="utf-8")


def _newer(path: Path, source: Path) -> None:
    shutil.copyfile(source, path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


def _with_trigger(path: Path, source: Path) -> None:
    shutil.copyfile(source, path)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TRIGGER t AFTER INSERT ON setting BEGIN DELETE FROM opportunity; END")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    "case, words",
    [
        ("missing", ("There is no file",)),
        ("folder", ("is a folder",)),
        ("text", ("not a Bluelight register",)),
        ("truncated", ("partner.bluelight",)),
        ("newer", ("newer version", "has not been changed")),
        ("trigger", ("triggers or views",)),
        ("sealed text", ("not a Bluelight register",)),
        ("sealed newer", ("newer version",)),
        ("sealed flipped", ("cannot be opened. The passphrase is not right, or the file has been changed",)),
        ("sealed truncated", ("cannot be opened. The file is incomplete",)),
        ("sealed newer format", ("encrypted by a newer version",)),
    ],
)
def test_bad_received_files_are_refused_plainly_and_left_as_they_were(
    case: str, words: tuple[str, ...], sample_path: Path, out_dir: Path, private_temp: Path
) -> None:
    path = out_dir / "partner.bluelight"
    plain = out_dir.parent / "plain.bluelight"
    if case == "folder":
        path.mkdir()
    elif case == "text":
        _not_a_register(path)
    elif case == "truncated":
        path.write_bytes(sample_path.read_bytes()[: 4096 * 3])
    elif case == "newer":
        _newer(path, sample_path)
    elif case == "trigger":
        _with_trigger(path, sample_path)
    elif case == "sealed text":
        _not_a_register(plain)
        path.write_bytes(seal(plain.read_bytes(), PASSPHRASE))
    elif case == "sealed newer":
        _newer(plain, sample_path)
        path.write_bytes(seal(plain.read_bytes(), PASSPHRASE))
    elif case.startswith("sealed"):
        sealed = bytearray(seal(sample_path.read_bytes(), PASSPHRASE))
        if case == "sealed flipped":
            sealed[len(sealed) // 2] ^= 0x01
        elif case == "sealed truncated":
            sealed = sealed[: len(sealed) - 4096]
        else:
            sealed[16] = 9
        path.write_bytes(bytes(sealed))
    listing = sorted(p.name for p in out_dir.iterdir())
    before = digest(path) if path.is_file() else None
    plain_refusal(lambda: open_received(path, PASSPHRASE), *words)
    assert sorted(p.name for p in out_dir.iterdir()) == listing
    if before is not None:
        assert digest(path) == before
    assert not list(private_temp.iterdir())  # no private copy left behind
