"""Merging a partner's register into mine through real register files (storage/merge.py): two registers made
from the sample, the partner's given its own register id, both edited with Register.apply as the app edits them.

Covers the exchange base (a second exchange uses it: no false conflicts), round trips both ways, tombstones,
partners merged one by one, reference clashes, the backup, the change log, all-or-nothing writes (bytes
unchanged after a failure), refusals, and files received sealed, shareable-only or from an older version.
"""

from __future__ import annotations

import copy
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bluelight_desktop.core.edits import Edit, RecordChange, update
from bluelight_desktop.core.merge import DELETED, Side, UnresolvedConflicts
from bluelight_desktop.core.model import Opportunity, Organisation, OrganisationKind, Stage, Workstream
from bluelight_desktop.storage import register as register_module
from bluelight_desktop.storage.export import export_register, open_received
from bluelight_desktop.storage.merge import (
    apply_merge,
    exchange_partners,
    plan_merge,
    read_base,
    register_id,
)
from bluelight_desktop.storage.register import Register, RegisterError, check_file, open_register

PARTNER_NAME = "Cumbria Blue Light Collaboration"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# ------------------------------------------------------------------------------------------------ helpers


def make_partner(source: Path, dest: Path, name: str = PARTNER_NAME) -> Path:
    """A partner's register: a copy of `source` (the same records, so the same UUIDs) with its own register id
    and name, standing for a partner service that started from the same records."""
    with open_register(source, read_only=True) as register:
        register.save_copy(dest)
    connection = sqlite3.connect(dest)
    try:
        connection.execute("UPDATE setting SET value = ? WHERE key = 'register_id'", (str(uuid.uuid4()),))
        connection.execute("UPDATE setting SET value = ? WHERE key = 'name'", (name,))
        connection.commit()
    finally:
        connection.close()
    return dest


@pytest.fixture
def partner_path(sample_path: Path, tmp_path: Path) -> Path:
    return make_partner(sample_path, tmp_path / "cumbria.bluelight")


def by_title(register: Register, title: str) -> Opportunity:
    return next(o for o in register.load().opportunities.values() if o.title == title)


def edit(path: Path, title: str, **changes: Any) -> None:
    """Change fields of the opportunity called `title` in the register at `path`, as the app would."""
    with open_register(path) as register:
        before = by_title(register, title)
        after = copy.deepcopy(before)
        for name, value in changes.items():
            setattr(after, name, value)
        register.apply(update(before, after, f"Edit {before.reference}"))


def delete(path: Path, title: str) -> None:
    with open_register(path) as register:
        register.apply(Edit("Delete", [RecordChange(by_title(register, title), None)]))


@contextmanager
def opened(mine: Path, theirs: Path) -> Iterator[tuple[Register, Register]]:
    with open_register(mine) as register, open_register(theirs, read_only=True) as incoming:
        yield register, incoming


def merge(mine: Path, theirs: Path, choices: dict | None = None, prefer: Side | None = None) -> Any:
    with opened(mine, theirs) as (register, incoming):
        plan = plan_merge(register, incoming)
        return apply_merge(register, incoming, plan, choices or {}, prefer)


def plan_of(mine: Path, theirs: Path) -> Any:
    with opened(mine, theirs) as (register, incoming):
        return plan_merge(register, incoming)


def backups(home: Path) -> list[Path]:
    folder = home / "data" / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def rows(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


DEMAND = "Real Time Demand Management"
RECRUITMENT = "Recruitment and Selection"


# ------------------------------------------------------------------------------------------------ exchanges


def test_a_first_exchange_of_identical_registers_changes_nothing_and_remembers_the_partner(
    sample_path: Path, partner_path: Path, bluelight_home: Path
) -> None:
    before = Register(sample_path, read_only=True)
    data = before.load()
    before.close()
    report = merge(sample_path, partner_path)
    assert report.summary() == (
        f"Merged {PARTNER_NAME} into Lancashire Blue Light Collaboration: 0 new records, 0 changed records, "
        "0 deleted records and no conflicts."
    )
    with open_register(sample_path, read_only=True) as register:
        assert register.load() == data
        [partner] = exchange_partners(register)
        with open_register(partner_path, read_only=True) as incoming:
            assert partner.register_id == register_id(incoming)
            base = read_base(register, partner.register_id)
    assert partner.name == PARTNER_NAME and partner.last_merged_by == register.user
    assert len([k for k in base if k[0] == "opportunity"]) == 36  # their records as received: the next base


def test_a_second_exchange_takes_one_sided_changes_new_and_deleted_records_and_logs_them(
    sample_path: Path, partner_path: Path, bluelight_home: Path
) -> None:
    merge(sample_path, partner_path)  # the first exchange: from now on there is a base
    edit(partner_path, DEMAND, stage=Stage.LIVE, cashable_saving_pence=170_000_000)
    delete(partner_path, RECRUITMENT)
    with open_register(partner_path) as partner:
        new = Opportunity("Shared Fell Rescue Drones", reference="CUM-001", stage=Stage.SCOPING)
        partner.apply(Edit("Add", [RecordChange(None, new)]))
    edit(sample_path, "Wellbeing", notes="Mine only")  # a change of mine the partner does not have

    plan = plan_of(sample_path, partner_path)
    assert plan.conflicts == []
    assert [n.label for n in plan.new] == ["CUM-001 Shared Fell Rescue Drones"]
    assert [(c.label.split(" ", 1)[1], c.fields) for c in plan.changed] == [
        (DEMAND, ("stage", "cashable_saving_pence"))
    ]
    assert [d.label for d in plan.deleted] == ["LAN-001 Recruitment and Selection"]

    report = merge(sample_path, partner_path)
    assert "1 new record, 1 changed record, 1 deleted record and no conflicts" in report.summary()
    backup = Path(report.backup)
    assert backup.parent == bluelight_home / "data" / "backups" and "before merge" in backup.name
    with Register(backup, read_only=True) as copy_before:  # the backup holds the register as it was
        assert by_title(copy_before, DEMAND).stage is not Stage.LIVE

    with open_register(sample_path, read_only=True) as register:
        data = register.load()
        demand = by_title(register, DEMAND)
        assert (demand.stage, demand.cashable_saving_pence) == (Stage.LIVE, 170_000_000)
        assert by_title(register, "Wellbeing").notes == "Mine only"
        assert RECRUITMENT not in {o.title for o in data.opportunities.values()}
        assert by_title(register, "Shared Fell Rescue Drones").reference == "CUM-001"
        history = register.history(demand.id)
    merged = [h for h in history if h["action"] == f"Merge from {PARTNER_NAME}"]
    assert {(h["field"], h["new_value"]) for h in merged} == {("stage", "live"), ("cashable_saving_pence", "170000000")}
    assert all(h["changed_by"] == register.user for h in merged)
    deleted_row = rows(sample_path, "SELECT deleted_at FROM opportunity WHERE title = ?", (RECRUITMENT,))
    assert deleted_row[0][0] is not None  # a tombstone, not a hard delete


def test_a_change_of_mine_the_partner_does_not_have_is_never_undone_by_their_next_file(
    sample_path: Path, partner_path: Path
) -> None:
    merge(sample_path, partner_path)
    edit(sample_path, DEMAND, stage=Stage.APPROVED)
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    plan = plan_of(sample_path, partner_path)
    [conflict] = plan.conflicts
    assert (conflict.field, conflict.mine, conflict.theirs) == ("stage", "approved", "live")
    merge(sample_path, partner_path, {conflict.key: Side.MINE})
    # Their file still says live (they have not had my result): the second exchange uses what I received as its
    # base, so there is nothing to merge, and my choice stands. No false conflict either.
    assert plan_of(sample_path, partner_path).is_empty
    edit(partner_path, DEMAND, notes="Theirs, later")
    plan = plan_of(sample_path, partner_path)
    assert plan.conflicts == [] and [c.fields for c in plan.changed] == [("notes",)]
    merge(sample_path, partner_path)
    with open_register(sample_path, read_only=True) as register:
        demand = by_title(register, DEMAND)
    assert (demand.stage, demand.notes) == (Stage.APPROVED, "Theirs, later")


def test_a_round_trip_both_ways_has_no_false_conflicts(sample_path: Path, partner_path: Path, tmp_path: Path) -> None:
    merge(sample_path, partner_path)
    merge(partner_path, sample_path)  # each has had the other's file once
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    merge(sample_path, partner_path)  # I take their live...
    edit(sample_path, DEMAND, stage=Stage.BENEFITS_REVIEW)  # ...and move it on
    plan = plan_of(partner_path, sample_path)  # they merge mine
    assert plan.conflicts == [], [c.label for c in plan.conflicts]
    merge(partner_path, sample_path)
    with open_register(partner_path, read_only=True) as register:
        assert by_title(register, DEMAND).stage is Stage.BENEFITS_REVIEW


def test_a_first_exchange_without_a_base_makes_every_difference_a_conflict(
    sample_path: Path, partner_path: Path
) -> None:
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    edit(sample_path, "Wellbeing", notes="Mine")
    plan = plan_of(sample_path, partner_path)
    assert plan.first_exchange
    assert sorted(c.label for c in plan.conflicts) == [
        "LAN-006 Wellbeing: notes",
        f"{by_reference_label(sample_path, DEMAND)}: stage",
    ]
    assert plan.changed == [] and plan.new == [] and plan.deleted == []


def by_reference_label(path: Path, title: str) -> str:
    with open_register(path, read_only=True) as register:
        return f"{by_title(register, title).reference} {title}"


def test_deleted_on_one_side_and_changed_on_the_other_is_a_keep_or_delete_conflict(
    sample_path: Path, partner_path: Path
) -> None:
    merge(sample_path, partner_path)
    delete(partner_path, DEMAND)
    edit(sample_path, DEMAND, notes="Still needed")
    plan = plan_of(sample_path, partner_path)
    [conflict] = plan.conflicts
    assert conflict.field == DELETED and (conflict.mine, conflict.theirs) == (False, True)
    assert conflict.note == "changed: notes"
    merge(sample_path, partner_path, {conflict.key: Side.THEIRS})
    with open_register(sample_path, read_only=True) as register:
        assert DEMAND not in {o.title for o in register.load().opportunities.values()}


def test_a_record_i_deleted_that_they_changed_comes_back_when_i_choose_theirs(
    sample_path: Path, partner_path: Path
) -> None:
    merge(sample_path, partner_path)
    delete(sample_path, DEMAND)
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    plan = plan_of(sample_path, partner_path)
    [conflict] = plan.conflicts
    merge(sample_path, partner_path, {conflict.key: Side.THEIRS})
    with open_register(sample_path, read_only=True) as register:
        demand = by_title(register, DEMAND)
        assert demand.stage is Stage.LIVE
        assert [h["field"] for h in register.history(demand.id)][-2:] == ["restored", "stage"]


def test_partners_added_on_each_side_are_both_kept(sample_path: Path, partner_path: Path) -> None:
    merge(sample_path, partner_path)
    with open_register(sample_path, read_only=True) as register:
        data = register.load()
    by_short = {o.short_name: o.id for o in data.organisations.values()}
    recruitment = next(o for o in data.opportunities.values() if o.title == RECRUITMENT)
    unused = [i for i in by_short.values() if i not in recruitment.partner_ids]
    edit(sample_path, RECRUITMENT, partner_ids=[*recruitment.partner_ids, unused[0]])
    edit(partner_path, RECRUITMENT, partner_ids=[*recruitment.partner_ids[1:], unused[1]])  # and one removed
    plan = plan_of(sample_path, partner_path)
    assert plan.conflicts == []
    merge(sample_path, partner_path)
    with open_register(sample_path, read_only=True) as register:
        merged = by_title(register, RECRUITMENT)
    assert set(merged.partner_ids) == {*recruitment.partner_ids[1:], unused[0], unused[1]}
    assert len(merged.partner_ids) == len(set(merged.partner_ids))  # never a partner twice


def test_a_new_opportunity_whose_reference_i_hold_gets_my_next_free_reference(
    sample_path: Path, partner_path: Path
) -> None:
    merge(sample_path, partner_path)
    with open_register(partner_path) as partner:
        theirs = Opportunity("Shared Drones", reference=partner.next_reference(), stage=Stage.IDEA)  # LAN-037
        partner.apply(Edit("Add", [RecordChange(None, theirs)]))
    with open_register(sample_path) as register:
        mine = Opportunity("Joint Buying Hub", reference=register.next_reference(), stage=Stage.IDEA)  # LAN-037
        register.apply(Edit("Add", [RecordChange(None, mine)]))
    plan = plan_of(sample_path, partner_path)
    [renumbered] = plan.renumbered
    assert (renumbered.theirs, renumbered.given, renumbered.taken_by) == (
        "LAN-037",
        "LAN-038",
        "LAN-037 Joint Buying Hub",
    )
    report = merge(sample_path, partner_path)
    assert report.new == (
        "Opportunity LAN-037 Shared Drones (Numbered LAN-038 here: LAN-037 is already Joint Buying Hub in this "
        "register.)",
    )
    with open_register(sample_path, read_only=True) as register:
        assert (by_title(register, "Shared Drones").reference, by_title(register, "Joint Buying Hub").reference) == (
            "LAN-038",
            "LAN-037",
        )
        assert register.next_reference() == "LAN-039"


def test_a_reference_to_a_record_they_deleted_brings_that_record_across_deleted(
    sample_path: Path, partner_path: Path
) -> None:
    merge(sample_path, partner_path)
    with open_register(partner_path) as partner:
        workstream = Workstream("Air support", "#336699")
        lead = Organisation("Cumbria Fire and Rescue Service", "CFRS", OrganisationKind.FIRE)
        drone = Opportunity(
            "Fell Drones", reference="CUM-002", workstream_id=workstream.id, lead_organisation_id=lead.id
        )
        partner.apply(
            Edit("Add", [RecordChange(None, workstream), RecordChange(None, lead), RecordChange(None, drone)])
        )
        partner.apply(Edit("Delete workstream", [RecordChange(workstream, None)]))
    report = merge(sample_path, partner_path)
    assert report.new == ("Organisation Cumbria Fire and Rescue Service", "Opportunity CUM-002 Fell Drones")
    assert rows(sample_path, "SELECT name, deleted_at IS NOT NULL FROM workstream WHERE id = ?", (workstream.id,)) == [
        ("Air support", 1)
    ]
    assert rows(sample_path, "PRAGMA foreign_key_check") == []
    with open_register(sample_path, read_only=True) as register:
        assert by_title(register, "Fell Drones").workstream_id == workstream.id


# ------------------------------------------------------------------------------------------------ all or nothing


def test_a_failure_half_way_leaves_the_register_byte_for_byte_as_it_was(
    sample_path: Path, partner_path: Path, monkeypatch: pytest.MonkeyPatch, bluelight_home: Path
) -> None:
    merge(sample_path, partner_path)
    for title in (DEMAND, RECRUITMENT, "Wellbeing"):
        edit(partner_path, title, notes=f"Theirs: {title}")
    with open_register(partner_path) as partner:
        partner.apply(Edit("Add", [RecordChange(None, Opportunity("New one", reference="CUM-009"))]))
    original = sample_path.read_bytes()
    writes: list[object] = []
    real = register_module.Register._write_record

    def failing(self: Register, *args: Any) -> None:
        writes.append(args)
        if len(writes) == 3:
            raise OSError(28, "No space left on device")
        real(self, *args)

    monkeypatch.setattr(register_module.Register, "_write_record", failing)
    with opened(sample_path, partner_path) as (register, incoming):
        plan = plan_merge(register, incoming)
        with pytest.raises(OSError, match="No space"):
            apply_merge(register, incoming, plan)
        assert len(writes) == 3  # two records were written inside the transaction before the failure
    assert sample_path.read_bytes() == original
    assert not Path(f"{sample_path}-journal").exists()
    assert "before merge" in backups(bluelight_home)[-1].name  # the backup came first
    monkeypatch.setattr(register_module.Register, "_write_record", real)
    merge(sample_path, partner_path)  # and the merge can simply be run again
    with open_register(sample_path, read_only=True) as register:
        assert by_title(register, DEMAND).notes == f"Theirs: {DEMAND}"


def test_unresolved_conflicts_write_nothing_and_take_no_backup(
    sample_path: Path, partner_path: Path, bluelight_home: Path
) -> None:
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    original = sample_path.read_bytes()
    with opened(sample_path, partner_path) as (register, incoming):
        plan = plan_merge(register, incoming)
        with pytest.raises(UnresolvedConflicts, match="1 conflict has not been resolved"):
            apply_merge(register, incoming, plan)
    assert sample_path.read_bytes() == original and backups(bluelight_home) == []


def test_a_register_changed_after_the_preview_is_not_merged(sample_path: Path, partner_path: Path) -> None:
    merge(sample_path, partner_path)
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    with opened(sample_path, partner_path) as (register, incoming):
        plan = plan_merge(register, incoming)
        edit(sample_path, RECRUITMENT, notes="Changed meanwhile")
        changed = sample_path.read_bytes()
        with pytest.raises(RegisterError, match="changed after the merge was previewed"):
            apply_merge(register, incoming, plan)
    assert sample_path.read_bytes() == changed


# ------------------------------------------------------------------------------------------------ refusals


def test_a_register_is_not_merged_into_itself_or_a_copy_of_itself(sample_path: Path, tmp_path: Path) -> None:
    with open_register(sample_path) as register, open_register(sample_path, read_only=True) as same:
        with pytest.raises(RegisterError, match="cannot be merged into itself"):
            plan_merge(register, same)
        register.save_copy(tmp_path / "copy.bluelight")
    with opened(sample_path, tmp_path / "copy.bluelight") as (register, incoming):
        with pytest.raises(RegisterError, match="copy.bluelight is a copy of this register"):
            plan_merge(register, incoming)


def test_a_read_only_register_cannot_be_merged_into(sample_path: Path, partner_path: Path) -> None:
    with open_register(sample_path, read_only=True) as register, open_register(partner_path, read_only=True) as p:
        plan = plan_merge(register, p)
        with pytest.raises(RegisterError, match="read-only"):
            apply_merge(register, p, plan)


def test_a_damaged_value_in_their_file_is_refused_before_anything_is_written(
    sample_path: Path, partner_path: Path
) -> None:
    merge(sample_path, partner_path)
    connection = sqlite3.connect(partner_path)
    connection.execute("UPDATE opportunity SET stage = 'nonsense' WHERE title = ?", (DEMAND,))
    connection.commit()
    connection.close()
    with opened(sample_path, partner_path) as (register, incoming):
        with pytest.raises(RegisterError, match="is damaged: .* holds a value this version cannot read"):
            plan_merge(register, incoming)


# ------------------------------------------------------------------------------------------------ received files


@pytest.fixture
def quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    from bluelight_desktop.storage import sealed as sealed_module

    monkeypatch.setattr(sealed_module, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(sealed_module, "LOG2_N_RANGE", (10, 20))


def test_a_sealed_export_merges_once_opened_with_its_passphrase(
    sample_path: Path, partner_path: Path, tmp_path: Path, quick_scrypt: None
) -> None:
    merge(sample_path, partner_path)
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    sent = tmp_path / "sent" / "cumbria.bluelight"
    sent.parent.mkdir()
    with open_register(partner_path, read_only=True) as partner:
        export_register(partner, sent, passphrase="correct horse battery")
    with open_register(sample_path) as register, open_received(sent, "correct horse battery") as incoming:
        plan = plan_merge(register, incoming)
        report = apply_merge(register, incoming, plan)
    assert report.incoming == "cumbria.bluelight" and len(report.changed) == 1
    with open_register(sample_path, read_only=True) as register:
        assert by_title(register, DEMAND).stage is Stage.LIVE


def test_a_shareable_only_export_leaves_out_records_without_deleting_them(
    sample_path: Path, partner_path: Path, tmp_path: Path
) -> None:
    merge(sample_path, partner_path)
    edit(partner_path, RECRUITMENT, shareable=False)
    edit(sample_path, RECRUITMENT, shareable=False)
    edit(partner_path, DEMAND, notes="Shared note")
    sent = tmp_path / "shared.bluelight"
    with open_register(partner_path, read_only=True) as partner:
        export_register(partner, sent, shareable_only=True)
    with open_register(sample_path) as register, open_received(sent) as incoming:
        plan = plan_merge(register, incoming)
        assert plan.deleted == [] and plan.conflicts == []
        report = apply_merge(register, incoming, plan)
    assert report.notes[0].startswith("Their file holds their shareable items only")
    with open_register(sample_path, read_only=True) as register:
        assert RECRUITMENT in {o.title for o in register.load().opportunities.values()}
        assert by_title(register, DEMAND).notes == "Shared note"


def test_a_file_from_an_older_version_merges_after_its_private_copy_is_upgraded(
    sample_path: Path, tmp_path: Path
) -> None:
    """The 0002 fixture was made by another run of the sample, so its records have their own UUIDs: all of them
    are new here, and its opportunities' references (LAN-001 to LAN-036) are all taken, so each gets the next."""
    old = tmp_path / "old.bluelight"
    shutil.copyfile(FIXTURES / "register-0002.bluelight", old)
    original = old.read_bytes()
    with open_register(sample_path) as register, open_received(old) as incoming:
        plan = plan_merge(register, incoming)
        assert plan.conflicts == [] and len([n for n in plan.new if n.entity == "opportunity"]) == 36
        report = apply_merge(register, incoming, plan)
        assert len(report.new) == len(plan.new)
    assert old.read_bytes() == original and check_file(old).revision == "0002"  # their file is only read
    with open_register(sample_path, read_only=True) as register:
        references = sorted(o.reference for o in register.load().opportunities.values())
    assert references == [f"LAN-{n:03d}" for n in range(1, 73)]


def test_progress_is_reported_and_cancel_stops_the_merge(sample_path: Path, partner_path: Path) -> None:
    merge(sample_path, partner_path)
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    original = sample_path.read_bytes()
    steps: list[str] = []
    stop: Callable[[], bool] = lambda: len(steps) >= 2  # noqa: E731
    with opened(sample_path, partner_path) as (register, incoming):
        plan = plan_merge(register, incoming)
        with pytest.raises(RegisterError, match="Cancelled: nothing was merged"):
            apply_merge(register, incoming, plan, progress=lambda _f, message: steps.append(message), cancelled=stop)
    assert sample_path.read_bytes() == original
