"""The register file (DESIGN.md, "The register file"): create, open, refuse, copy, write, undo. No Qt.

Every refusal leaves the file byte-for-byte as it was; every failing edit leaves the whole file unchanged.
"""

from __future__ import annotations

import copy
import random
import sqlite3
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bluelight_desktop.core import edits
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.model import Opportunity, Organisation, OrganisationKind, Stage, Workstream
from bluelight_desktop.storage import register as register_module
from bluelight_desktop.storage.register import (
    APPLICATION_ID,
    HEAD_REVISION,
    Register,
    RegisterError,
    check_file,
    create_register,
    open_register,
)

PAGE = 4096


# ------------------------------------------------------------------------------------------------ helpers


def folder_listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def header_application_id(path: Path) -> int:
    with path.open("rb") as handle:
        return int.from_bytes(handle.read(100)[68:72], "big")


def by_title(register: Register, title: str) -> Opportunity:
    return next(o for o in register.load().opportunities.values() if o.title == title)


def rows(path: Path, sql: str, params: dict[str, object] | None = None) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return connection.execute(sql, params or {}).fetchall()
    finally:
        connection.close()


def backups(home: Path) -> list[Path]:
    folder = home / "data" / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def assert_refused(path: Path, *words: str) -> None:
    """check_file (quick and thorough) and open_register (normal and read-only) all refuse `path` with one
    plain line naming the file, and nothing in its folder changes (no journal, no backup, no byte)."""
    before = folder_listing(path.parent) if path.parent.exists() else {}
    attempts: list[Callable[[], object]] = [
        lambda: check_file(path),
        lambda: check_file(path, thorough=True),
        lambda: open_register(path),
        lambda: open_register(path, read_only=True),
    ]
    for attempt in attempts:
        with pytest.raises(RegisterError) as caught:
            attempt()
        message = str(caught.value)
        assert "\n" not in message and "Traceback" not in message
        assert path.name in message
        for word in words:
            assert word in message
    after = folder_listing(path.parent) if path.parent.exists() else {}
    assert after == before


# --------------------------------------------------------------------------------------------------- create


def test_create_register_makes_an_empty_current_register(tmp_path: Path) -> None:
    path = tmp_path / "new folder" / "Our register.bluelight"
    with create_register(path, "Cumbria Blue Light", "CUM") as register:
        settings = register.settings()
        assert settings.name == "Cumbria Blue Light"
        assert settings.reference_prefix == "CUM"
        assert register.counts() == {
            "opportunities": 0,
            "organisations": 0,
            "workstreams": 0,
            "boards": 0,
            "meetings": 0,
            "agenda items": 0,
            "decisions": 0,
            "actions": 0,
        }
        assert register.next_reference() == "CUM-001"
        data = register.load()
        assert not data.opportunities and not data.organisations
    assert header_application_id(path) == APPLICATION_ID
    assert check_file(path, thorough=True).revision == HEAD_REVISION
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]  # rollback journal, never WAL
    settings_rows = dict(rows(path, "SELECT key, value FROM setting"))
    assert len(settings_rows["register_id"]) == 36
    assert settings_rows["created_at"].endswith("Z")
    # Only the register is left in the folder: no temporary or journal files.
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_two_new_registers_have_different_ids(tmp_path: Path) -> None:
    create_register(tmp_path / "a.bluelight", "A").close()
    create_register(tmp_path / "b.bluelight", "B").close()
    ids = {
        rows(tmp_path / n, "SELECT value FROM setting WHERE key = 'register_id'")[0][0]
        for n in ("a.bluelight", "b.bluelight")
    }
    assert len(ids) == 2


def test_create_refuses_an_existing_file(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    with pytest.raises(RegisterError, match="already exists"):
        create_register(sample_path, "Overwrite me")
    assert sample_path.read_bytes() == before


# ----------------------------------------------------------------------------------------------------- open


def test_open_current_register(sample_path: Path, bluelight_home: Path) -> None:
    before = sample_path.read_bytes()
    with open_register(sample_path) as register:
        data = register.load()
        assert register.counts()["opportunities"] == len(data.opportunities) > 0
    assert sample_path.read_bytes() == before  # opening and reading writes nothing
    assert not backups(bluelight_home)  # a current file needs no upgrade, so no upgrade backup


def test_open_read_only_refuses_writes_and_leaves_file_unchanged(sample_path: Path) -> None:
    before = sample_path.read_bytes()
    with open_register(sample_path, read_only=True) as register:
        target = copy.deepcopy(by_title(register, "Driver Training"))
        target.effort = 5
        with pytest.raises(RegisterError, match="read-only"):
            register.apply(edits.update(by_title(register, "Driver Training"), target, "Move"))
        with pytest.raises(RegisterError, match="read-only"):
            register.set_setting("name", "Renamed")
        assert by_title(register, "Driver Training").effort == 48
    assert sample_path.read_bytes() == before


# ------------------------------------------------------------------------------------------------ refusals


def test_refuses_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.bluelight"
    for attempt in (lambda: check_file(path), lambda: open_register(path)):
        with pytest.raises(RegisterError, match="no file"):
            attempt()
    assert not path.exists()


def test_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "looks like a register.bluelight"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep me")
    for attempt in (lambda: check_file(folder), lambda: open_register(folder)):
        with pytest.raises(RegisterError, match="folder"):
            attempt()
    assert [p.name for p in folder.iterdir()] == ["inside.txt"]


def test_refuses_a_text_file_renamed(tmp_path: Path) -> None:
    path = tmp_path / "minutes.bluelight"
    path.write_text("Minutes of the Collaboration Programme Board\n" * 50, encoding="utf-8")
    assert_refused(path, "not a Bluelight register")


def test_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.bluelight"
    path.write_bytes(b"")
    assert_refused(path, "not a Bluelight register")


def test_refuses_a_file_shorter_than_the_header(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "stub.bluelight"
    path.write_bytes(sample_path.read_bytes()[:80])
    assert_refused(path)


def test_refuses_another_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "contacts.bluelight"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contact (name TEXT)")
    connection.execute("INSERT INTO contact VALUES ('Ben Norman')")
    connection.commit()
    connection.close()
    assert_refused(path, "a database, but not a Bluelight register")


def test_refuses_a_database_with_our_id_but_no_schema_revision(tmp_path: Path) -> None:
    path = tmp_path / "half.bluelight"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
    connection.execute("CREATE TABLE opportunity (id TEXT)")
    connection.commit()
    connection.close()
    assert_refused(path, "damaged")


def test_refuses_a_newer_revision_with_a_plain_message(sample_path: Path, bluelight_home: Path) -> None:
    connection = sqlite3.connect(sample_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()
    assert_refused(sample_path, "newer version", "has not been changed")
    assert not backups(bluelight_home)


def _truncate(size: int) -> Callable[[bytes, Path], bytes]:
    return lambda data, _path: data[:size]


def _truncate_half(data: bytes, _path: Path) -> bytes:
    return data[: len(data) // 2]


def _flip_every_page_header(data: bytes, _path: Path) -> bytes:
    """XOR the b-tree header (first 8 bytes) of every page after the first."""
    damaged = bytearray(data)
    for start in range(PAGE, len(damaged), PAGE):
        for i in range(start, start + 8):
            damaged[i] ^= 0xFF
    return bytes(damaged)


def _flip_schema_page(data: bytes, _path: Path) -> bytes:
    """Flip every byte of page 1 after the 100-byte file header: the schema table."""
    damaged = bytearray(data)
    for i in range(100, PAGE):
        damaged[i] ^= 0xFF
    return bytes(damaged)


def _scramble_opportunity_root_page(data: bytes, path: Path) -> bytes:
    (root,) = rows(path, "SELECT rootpage FROM sqlite_schema WHERE name = 'opportunity'")[0]
    assert isinstance(root, int)
    damaged = bytearray(data)
    noise = random.Random(20180319)
    start = (root - 1) * PAGE
    damaged[start : start + PAGE] = bytes(noise.randrange(256) for _ in range(PAGE))
    return bytes(damaged)


@pytest.mark.parametrize(
    "damage",
    [
        _truncate_half,
        _truncate(PAGE),
        _truncate(10 * PAGE + 123),
        _flip_every_page_header,
        _flip_schema_page,
        _scramble_opportunity_root_page,
    ],
    ids=[
        "truncated-half",
        "only-first-page",
        "cut-mid-page",
        "page-headers-flipped",
        "schema-page-flipped",
        "opportunity-page-scrambled",
    ],
)
def test_refuses_a_damaged_register(sample_path: Path, damage: Callable[[bytes, Path], bytes]) -> None:
    damaged = damage(sample_path.read_bytes(), sample_path)
    assert damaged != sample_path.read_bytes()
    sample_path.write_bytes(damaged)
    assert_refused(sample_path)


def test_flipped_text_bytes_are_reported_as_damage(sample_path: Path) -> None:
    data = bytearray(sample_path.read_bytes())
    needle = b"Recruitment and Selection"  # a title, stored in its row and in the change log
    hits = [i for i in range(len(data)) if data.startswith(needle, i)]
    assert hits
    for position in hits:
        data[position] = 0xFF  # no longer valid UTF-8; the page structure is intact
    sample_path.write_bytes(bytes(data))
    with pytest.raises(RegisterError, match="damaged"):
        with open_register(sample_path) as register:
            register.load()
    assert sample_path.read_bytes() == bytes(data)


# ------------------------------------------------------------------------------------------------ save_copy


def test_save_copy_is_a_whole_checked_register(sample_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "for partners" / "copy.bluelight"
    with open_register(sample_path) as register:
        original = register.load()
        register.save_copy(dest)
    assert header_application_id(dest) == APPLICATION_ID
    assert check_file(dest, thorough=True).revision == HEAD_REVISION
    with open_register(dest, read_only=True) as copy_register:
        assert copy_register.load() == original
    assert rows(dest, "SELECT count(*) FROM change_log") == rows(sample_path, "SELECT count(*) FROM change_log")
    assert [p.name for p in dest.parent.iterdir()] == ["copy.bluelight"]  # no temporary file left


def test_save_copy_replaces_an_older_copy_whole(sample_path: Path, tmp_path: Path) -> None:
    dest = tmp_path / "copy.bluelight"
    dest.write_text("an old, unrelated file")
    with open_register(sample_path) as register:
        register.save_copy(dest)
    assert check_file(dest, thorough=True).revision == HEAD_REVISION


def test_save_copy_refuses_to_overwrite_the_live_register(sample_path: Path) -> None:
    other_spelling = sample_path.parent / "sub" / ".." / sample_path.name
    (sample_path.parent / "sub").mkdir()
    before = sample_path.read_bytes()
    listing = sorted(p.name for p in sample_path.parent.iterdir())
    with open_register(sample_path) as register:
        for dest in (sample_path, other_spelling):
            with pytest.raises(RegisterError, match="over the register itself"):
                register.save_copy(dest)
        assert register.counts()["opportunities"] > 0
    assert sample_path.read_bytes() == before
    assert sorted(p.name for p in sample_path.parent.iterdir()) == listing  # no temporary file left


def test_save_copy_onto_a_folder_is_a_plain_error(sample_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "a folder.bluelight"
    folder.mkdir()
    with open_register(sample_path) as register, pytest.raises(RegisterError):
        register.save_copy(folder)
    assert folder.is_dir() and not list(folder.iterdir())
    assert not list(tmp_path.glob(".*.part"))


# ----------------------------------------------------------------------------------------- writing records


def test_next_reference_never_reuses_a_deleted_reference(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        data = register.load()
        prefix = data.settings.reference_prefix
        highest = max(o.reference for o in data.opportunities.values())
        number = int(highest.split("-")[1])
        assert register.next_reference() == f"{prefix}-{number + 1:03d}"

        last = next(o for o in data.opportunities.values() if o.reference == highest)
        register.apply(edits.delete_opportunity(data, last.id))
        assert highest not in {o.reference for o in register.load().opportunities.values()}
        assert register.next_reference() == f"{prefix}-{number + 1:03d}"

        new = Opportunity("Joint Fleet Workshop", reference=register.next_reference())
        register.apply(edits.create(new, "Add"))
        assert register.next_reference() == f"{prefix}-{number + 2:03d}"
        references = [r for (r,) in register._db.execute("SELECT reference FROM opportunity")]
        assert len(references) == len(set(references))


def test_create_writes_who_and_when(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(register_module, "current_user", lambda: "officer.a")
    with open_register(sample_path) as register:
        data = register.load()
        workstream = Workstream("Estates", "#336699")
        organisation = Organisation("Cumbria Fire and Rescue Service", "CFRS", OrganisationKind.FIRE, "Cumbria")
        opportunity = Opportunity(
            "Shared Fleet Workshop",
            reference=register.next_reference(),
            workstream_id=workstream.id,
            lead_organisation_id=organisation.id,
            partner_ids=[next(iter(data.organisations))],
            dependency_ids=[next(iter(data.opportunities))],
            stage=Stage.SCOPING,
            effort=30,
            benefit=70,
            start_date=date(2027, 4, 1),
            cashable_saving_pence=12_500_000,
        )
        register.apply(
            Edit(
                "Add the workshop",
                [
                    RecordChange(None, opportunity),
                    RecordChange(None, workstream),
                    RecordChange(None, organisation),
                ],
            )
        )
        loaded = register.load()
    assert loaded.opportunities[opportunity.id] == opportunity
    assert loaded.workstreams[workstream.id] == workstream
    assert loaded.organisations[organisation.id] == organisation
    for table, record_id in (
        ("opportunity", opportunity.id),
        ("workstream", workstream.id),
        ("organisation", organisation.id),
    ):
        created_at, created_by, updated_at, updated_by, deleted_at = rows(
            sample_path,
            f"SELECT created_at, created_by, updated_at, updated_by, deleted_at FROM {table} WHERE id = :id",
            {"id": record_id},
        )[0]
        assert created_by == updated_by == "officer.a"
        assert isinstance(created_at, str) and created_at == updated_at and created_at.endswith("Z")
        assert deleted_at is None
    for table in ("opportunity_partner", "opportunity_dependency"):
        assert rows(
            sample_path, f"SELECT created_by FROM {table} WHERE opportunity_id = :id", {"id": opportunity.id}
        ) == [("officer.a",)]


def test_change_log_rows_carry_who_when_and_old_and_new(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(register_module, "current_user", lambda: "deputy.chief")
    with open_register(sample_path) as register:
        before = by_title(register, "Driver Training")
        after = copy.deepcopy(before)
        after.effort, after.benefit = 20, 80
        after.stage = Stage.APPROVED
        after.end_date = date(2027, 3, 31)
        register.apply(edits.update(before, after, "Moved to Quick win at the Programme Board"))
        history = register.history(before.id)
    latest = [h for h in history if h["action"] == "Moved to Quick win at the Programme Board"]
    changes = {h["field"]: (h["old_value"], h["new_value"]) for h in latest}
    assert changes == {
        "effort": (str(before.effort), "20"),
        "benefit": (str(before.benefit), "80"),
        "stage": (before.stage.value, "approved"),
        "end_date": (before.end_date.isoformat() if before.end_date else None, "2027-03-31"),
    }
    assert {h["changed_by"] for h in latest} == {"deputy.chief"}
    assert len({h["changed_at"] for h in latest}) == 1 and latest[0]["changed_at"].endswith("Z")
    action_ids = rows(
        sample_path,
        "SELECT DISTINCT action_id FROM change_log WHERE action = :a",
        {"a": "Moved to Quick win at the Programme Board"},
    )
    assert len(action_ids) == 1  # one user action, one action id
    # The record itself says who changed it last.
    assert rows(sample_path, "SELECT updated_by FROM opportunity WHERE id = :id", {"id": before.id}) == [
        ("deputy.chief",)
    ]
    # Creation was logged too (the sample writes its records through the same path).
    assert history[0]["field"] == "created"


def test_an_edit_that_changes_nothing_logs_nothing(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        record = by_title(register, "Driver Training")
        count = rows(sample_path, "SELECT count(*) FROM change_log")
        register.apply(edits.update(record, copy.deepcopy(record), "No change"))
    assert rows(sample_path, "SELECT count(*) FROM change_log") == count


def test_delete_leaves_a_tombstone(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        data = register.load()
        target = next(o for o in data.opportunities.values() if o.title == "Shared Data, Risk and Analytical Reporting")
        dependants = {o.id for o in data.opportunities.values() if target.id in o.dependency_ids}
        assert dependants  # the sample has opportunities that depend on it
        count = register.counts()["opportunities"]
        register.apply(edits.delete_opportunity(data, target.id))
        after = register.load()
        assert target.id not in after.opportunities
        assert register.counts()["opportunities"] == count - 1
        assert all(target.id not in after.opportunities[d].dependency_ids for d in dependants)
        history = register.history(target.id)
    deleted_at, reference, title = rows(
        sample_path, "SELECT deleted_at, reference, title FROM opportunity WHERE id = :id", {"id": target.id}
    )[0]
    assert deleted_at is not None and reference == target.reference and title == target.title
    assert history[-1]["field"] == "deleted" and history[-1]["new_value"] == deleted_at
    # Dependency links onto it are tombstoned too, not removed.
    links = rows(
        sample_path,
        "SELECT deleted_at FROM opportunity_dependency WHERE depends_on_id = :id",
        {"id": target.id},
    )
    assert len(links) == len(dependants) and all(d is not None for (d,) in links)


def test_apply_then_inverse_restores_records_and_links(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        original = register.load()
        organisation_ids = list(original.organisations)

        # 1. An update that changes fields, partners and dependencies.
        before = next(o for o in original.opportunities.values() if len(o.partner_ids) >= 2)
        after = copy.deepcopy(before)
        after.title = "Renamed for the test"
        after.effort, after.benefit, after.stage = 5, 95, Stage.IMPLEMENTATION
        after.partner_ids = [
            i for i in organisation_ids if i not in before.partner_ids and i != before.lead_organisation_id
        ][:1] + before.partner_ids[1:]
        others = [o.id for o in original.opportunities.values() if o.id != before.id]
        after.dependency_ids = [others[0], others[1]]
        update = edits.update(before, after, "Change it")
        register.apply(update)
        changed = register.load()
        assert changed.opportunities[before.id].title == "Renamed for the test"
        assert sorted(changed.opportunities[before.id].partner_ids) == sorted(after.partner_ids)
        assert sorted(changed.opportunities[before.id].dependency_ids) == sorted(after.dependency_ids)
        register.apply(update.inverse())
        assert register.load() == original

        # 2. A deletion with dependants, undone.
        target = next(
            o
            for o in original.opportunities.values()
            if any(o.id in p.dependency_ids for p in original.opportunities.values())
        )
        deletion = edits.delete_opportunity(original, target.id)
        register.apply(deletion)
        assert register.load() != original
        register.apply(deletion.inverse())
        assert register.load() == original
        assert rows(sample_path, "SELECT deleted_at FROM opportunity WHERE id = :id", {"id": target.id}) == [(None,)]
        assert register.history(target.id)[-1]["field"] == "restored"

        # 3. A creation, undone (a tombstone), then redone (restored, no duplicate row).
        new = Opportunity("Joint Fleet Workshop", reference=register.next_reference(), partner_ids=organisation_ids[:2])
        creation = edits.create(new, "Add")
        register.apply(creation)
        register.apply(creation.inverse())
        assert register.load() == original
        register.apply(creation)
        redone = register.load().opportunities[new.id]
        assert sorted(redone.partner_ids) == sorted(new.partner_ids)
        redone.partner_ids = new.partner_ids
        assert redone == new
    assert rows(sample_path, "SELECT count(*) FROM opportunity WHERE id = :id", {"id": new.id}) == [(1,)]
    assert rows(sample_path, "SELECT count(*) FROM opportunity_partner WHERE opportunity_id = :id", {"id": new.id}) == [
        (2,)
    ]  # links come back rather than being duplicated


# ------------------------------------------------------------------------------------------ failing edits


def _valid_change(register: Register) -> RecordChange:
    before = by_title(register, "Driver Training")
    after = copy.deepcopy(before)
    after.effort = 1
    after.partner_ids = []
    return RecordChange(before, after)


def _organisation_without_kind(_register: Register) -> RecordChange:
    return RecordChange(None, Organisation("No kind", "NK", None))  # type: ignore[arg-type]


def _opportunity_with_unknown_workstream(register: Register) -> RecordChange:
    # A foreign key is checked at COMMIT (deferred), so this fails at the very end of the transaction.
    return RecordChange(
        None, Opportunity("Orphan", reference=register.next_reference(), workstream_id="no-such-workstream")
    )


def _opportunity_with_a_taken_reference(register: Register) -> RecordChange:
    taken = by_title(register, "Real Time Demand Management").reference
    return RecordChange(None, Opportunity("Duplicate reference", reference=taken))


@pytest.mark.parametrize(
    "failing",
    [_organisation_without_kind, _opportunity_with_unknown_workstream, _opportunity_with_a_taken_reference],
    ids=["not-null", "foreign-key-at-commit", "unique-reference"],
)
def test_a_failing_edit_rolls_back_the_whole_transaction(
    sample_path: Path, failing: Callable[[Register], RecordChange]
) -> None:
    with open_register(sample_path) as register:
        before_data = register.load()
        before_bytes = sample_path.read_bytes()
        edit = Edit("Two changes, the second one bad", [_valid_change(register), failing(register)])
        with pytest.raises(sqlite3.IntegrityError):
            register.apply(edit)
        assert sample_path.read_bytes() == before_bytes
        assert not Path(str(sample_path) + "-journal").exists()
        assert register.load() == before_data
        # The register is still usable after the failure.
        good = _valid_change(register)
        register.apply(Edit("Good", [good]))
        assert by_title(register, "Driver Training").effort == 1


def test_a_read_only_register_writes_nothing(sample_path: Path) -> None:
    before_bytes = sample_path.read_bytes()
    with Register(sample_path, read_only=True) as register:
        edit = Edit("Try", [_valid_change(register)])
        with pytest.raises(RegisterError):
            register.apply(edit)
        with pytest.raises(RegisterError):
            register.apply(edits.create(Workstream("New"), "Add"))
    assert sample_path.read_bytes() == before_bytes


class _DescendingUuids:
    """Stands in for the uuid module in storage.register: each new key sorts before the previous one."""

    def __init__(self) -> None:
        self._next = 0xFFFF_FFFF

    def uuid4(self) -> uuid.UUID:
        self._next -= 1
        return uuid.UUID(f"{self._next:08x}-0000-4000-8000-000000000000")


def test_partners_and_dependencies_keep_their_order(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(register_module, "uuid", _DescendingUuids())
    with open_register(sample_path) as register:
        data = register.load()
        organisations = list(data.organisations)[:3]
        dependencies = list(data.opportunities)[:3]
        new = Opportunity(
            "Ordered links",
            reference=register.next_reference(),
            partner_ids=organisations,
            dependency_ids=dependencies,
        )
        register.apply(edits.create(new, "Add"))
        loaded = register.load().opportunities[new.id]
    assert loaded.partner_ids == organisations
    assert loaded.dependency_ids == dependencies


def test_two_backups_in_the_same_second_are_both_kept(sample_path: Path, bluelight_home: Path) -> None:
    from bluelight_desktop.storage.register import backup_register

    first = backup_register(sample_path, "before import")
    second = backup_register(sample_path, "before import")
    assert first != second and first.exists() and second.exists()
    assert first.read_bytes()[:16] == second.read_bytes()[:16] == b"SQLite format 3\x00"
