"""Rolling backups (storage/backups.py): what a backup records about itself, when opening takes one, the
retention rule, and restoring (checked, atomic, after a backup of the register as it was). Files are read back
with sqlite3. No Qt."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bluelight_desktop.core import edits
from bluelight_desktop.paths import backup_dir
from bluelight_desktop.storage import backups as backups_module
from bluelight_desktop.storage.backups import (
    REASON_OPEN,
    BackupInfo,
    RetentionRule,
    all_backups,
    backup_on_open,
    backups_of,
    backups_to_prune,
    prune_backups,
    read_backup,
    restore_backup,
    size_text,
    take_backup,
)
from bluelight_desktop.storage.register import Register, RegisterError, create_register, open_register

NOW = datetime(2026, 11, 21, 14, 5, tzinfo=UTC)
NO_LATEST = RetentionRule(keep_latest=0)  # the time bands alone


def settings(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT key, value FROM setting").fetchall())
    finally:
        connection.close()


def titles(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT id, title FROM opportunity WHERE deleted_at IS NULL").fetchall())
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def rename_first(path: Path, title: str) -> str:
    with open_register(path) as register:
        data = register.load()
        target = sorted(data.opportunities.values(), key=lambda o: o.reference)[0]
        changed = copy.deepcopy(target)
        changed.title = title
        register.apply(edits.update(target, changed, f"Edit {target.reference}"))
        return target.id


def backdate(path: Path, when: datetime) -> None:
    """Pretend the backup at `path` was taken at `when` (its recorded time; the name keeps the real one)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(
            "UPDATE setting SET value = ? WHERE key = 'backup_taken_at'", (when.strftime("%Y-%m-%dT%H:%M:%SZ"),)
        )
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------- taking


def test_a_backup_is_a_checked_copy_that_says_what_it_is(sample_path: Path) -> None:
    source_digest = hashlib.sha256(sample_path.read_bytes()).hexdigest()
    path = take_backup(sample_path, "before import")
    assert path.parent == backup_dir()
    assert path.name.startswith("lancashire ") and path.name.endswith(" before import.bluelight")
    assert integrity(path) == "ok"
    assert titles(path) == titles(sample_path)
    recorded = settings(path)
    original = settings(sample_path)
    assert recorded["register_id"] == original["register_id"] and recorded["name"] == original["name"]
    assert recorded["backup_of"] == str(sample_path.resolve())
    assert recorded["backup_reason"] == "before import"
    assert recorded["backup_source_sha256"] == source_digest
    assert abs(datetime.fromisoformat(recorded["backup_taken_at"].replace("Z", "+00:00")) - datetime.now(UTC)) < (
        timedelta(minutes=1)
    )
    assert json.loads(recorded["backup_counts"]) == {
        "actions": 14,
        "decisions": 14,
        "meetings": 10,
        "opportunities": 36,
        "organisations": 5,
    }
    assert not any(key.startswith("backup_") for key in original)  # the register itself is only read
    info = read_backup(path)
    assert (info.reason_text, info.counts_text) == (
        "Before import",
        "36 opportunities, 10 meetings, 14 decisions, 14 actions",
    )
    assert info.problem is None and info.size == path.stat().st_size


def test_merge_import_and_upgrade_backups_go_through_the_same_path(sample_path: Path) -> None:
    from bluelight_desktop.storage.register import backup_register

    path = backup_register(sample_path, "before merge")
    assert settings(path)["backup_reason"] == "before merge"


def test_size_text() -> None:
    assert [size_text(n) for n in (10, 840 * 1024, 2_516_582, 45 * 1024 * 1024)] == [
        "1 KB",
        "840 KB",
        "2.4 MB",
        "45 MB",
    ]


# -------------------------------------------------------------------------------------------- on open


def test_opening_backs_up_only_when_the_file_changed_and_not_more_than_hourly(sample_path: Path) -> None:
    first = backup_on_open(sample_path, now=NOW)
    assert first is not None and settings(first)["backup_reason"] == REASON_OPEN
    # Opened again unchanged: no second copy, however much later.
    for later in (NOW + timedelta(minutes=1), NOW + timedelta(days=3)):
        assert backup_on_open(sample_path, now=later) is None
    rename_first(sample_path, "Changed after the first backup")
    # Changed, but a backup was taken on opening within the hour.
    assert backup_on_open(sample_path, now=datetime.now(UTC) + timedelta(minutes=30)) is None
    later = backup_on_open(sample_path, now=datetime.now(UTC) + timedelta(hours=2))
    assert later is not None and "Changed after the first backup" in titles(later).values()
    assert len(backups_of(sample_path)) == 2


def test_opening_ten_times_makes_one_copy(sample_path: Path) -> None:
    for _ in range(10):
        with open_register(sample_path):
            backup_on_open(sample_path)
    assert len(all_backups()) == 1


def test_a_backup_opened_from_the_backups_folder_is_not_backed_up_again(sample_path: Path) -> None:
    backup = take_backup(sample_path, "before merge")
    assert backup_on_open(backup) is None
    assert len(all_backups()) == 1


def test_another_register_with_the_same_file_name_gets_its_own_backups(sample_path: Path, tmp_path: Path) -> None:
    other_folder = tmp_path / "elsewhere"
    other_folder.mkdir()
    other = other_folder / sample_path.name
    create_register(other, "Another programme", "OTH").close()
    assert backup_on_open(sample_path) is not None
    assert backup_on_open(other) is not None  # same stem, different register: not 'already backed up'
    assert [b.register_name for b in backups_of(other)] == ["Another programme"]
    assert [b.register_name for b in backups_of(sample_path)] == ["Lancashire Blue Light Collaboration"]


# ------------------------------------------------------------------------------------------- retention


def info(hours_ago: float, group: str = "a", reason: str = REASON_OPEN, original: str = "/r/x.bluelight") -> BackupInfo:
    taken = NOW - timedelta(hours=hours_ago)
    return BackupInfo(
        path=Path(f"/backups/{group} {original} {hours_ago:09.3f} {reason}.bluelight"),
        taken_at=taken,
        reason=reason,
        size=1,
        register_id=group,
        original=original,
        stem="x",
    )


def kept(backups: list[BackupInfo], rule: RetentionRule = NO_LATEST) -> set[float]:
    dropped = {b.path for b in backups_to_prune(backups, NOW, rule)}
    return {round((NOW - b.taken_at).total_seconds() / 3600, 3) for b in backups if b.path not in dropped}


def test_retention_keeps_everything_from_the_last_48_hours() -> None:
    backups = [info(h) for h in (0.1, 0.2, 5, 23, 47.9)]
    assert kept(backups) == {0.1, 0.2, 5, 23, 47.9}


def test_retention_keeps_the_newest_of_each_day_for_14_days() -> None:
    # 3 and 4 days ago, three backups each (NOW is 14:05 UTC, so +0/+1/+2 hours fall on the same day).
    backups = [info(72 + extra) for extra in (0, 1, 2)] + [info(96 + extra) for extra in (0, 1, 2)]
    assert kept(backups) == {72, 96}


def test_retention_keeps_the_newest_of_each_week_for_8_weeks_then_lets_go() -> None:
    weeks = [info(24 * 7 * w + 24 * d) for w in (3, 4) for d in (0, 1, 2)]  # same ISO week each (Sat, Fri, Thu)
    old = [info(24 * 7 * 9), info(24 * 7 * 20)]
    result = kept(weeks + old)
    assert result == {24 * 7 * 3, 24 * 7 * 4}


def test_retention_always_keeps_the_latest_n_and_the_last_upgrade_backup() -> None:
    ancient = [info(24 * 400 + h) for h in range(5)]
    upgrade = [info(24 * 500, reason="before upgrade from 0002"), info(24 * 600, reason="before upgrade from 0001")]
    result = kept(ancient + upgrade, RetentionRule(keep_latest=3))
    assert result == {24 * 400, 24 * 400 + 1, 24 * 400 + 2, 24 * 500}


def test_retention_runs_per_register() -> None:
    """Two registers, and a register and a copy of it elsewhere (same id, other path), never thin each other."""
    a = [info(24 * 5 + h, group="a") for h in range(3)]
    b = [info(24 * 5 + h, group="b") for h in range(3)]
    moved = [info(24 * 5 + h, group="a", original="/elsewhere/x.bluelight") for h in range(3)]
    dropped = backups_to_prune(a + b + moved, NOW, NO_LATEST)
    assert len(dropped) == 6  # one of each day kept per set: 3 sets x (3 - 1)
    assert {d.register_id for d in dropped} == {"a", "b"} and {d.original for d in dropped} == {
        "/r/x.bluelight",
        "/elsewhere/x.bluelight",
    }


def test_pruning_deletes_only_old_backups_and_never_other_files(sample_path: Path) -> None:
    folder = backup_dir()
    newest = take_backup(sample_path, REASON_OPEN, prune=False)
    old = []
    for days in (20, 21, 100):
        path = folder / f"lancashire 2026-01-{days % 28 + 1:02d} 120000 on opening.bluelight"
        shutil.copyfile(newest, path)
        backdate(path, NOW - timedelta(days=days))
        old.append(path)
    stranger = folder / "my notes.txt"
    stranger.write_text("not a backup", encoding="utf-8")
    other_register = folder / "someone else's register.bluelight"  # not named as a backup, no backup keys
    shutil.copyfile(sample_path, other_register)
    removed = prune_backups(now=NOW, rule=RetentionRule(keep_latest=1))
    # 20 and 21 days ago share an ISO week: the newer is kept; 100 days is past 8 weeks.
    assert sorted(removed) == sorted([old[1], old[2]])
    assert newest.exists() and old[0].exists() and stranger.exists() and other_register.exists()


def test_a_legacy_backup_is_read_from_its_name(sample_path: Path) -> None:
    """Backups taken before backups described themselves: reason and time from the file name."""
    path = backup_dir() / "lancashire 2026-11-20 091500 before merge (2).bluelight"
    shutil.copyfile(sample_path, path)
    found = read_backup(path)
    assert found.reason == "before merge" and found.stem == "lancashire" and found.original == ""
    assert found.taken_at == datetime(2026, 11, 20, 9, 15).astimezone()
    assert found.register_id == settings(sample_path)["register_id"]
    assert [b.path for b in backups_of(sample_path)] == [path]


# ------------------------------------------------------------------------------------------- restoring


def test_restore_brings_the_backup_back_after_keeping_the_register_as_it_was(sample_path: Path) -> None:
    backup = take_backup(sample_path, "before merge")
    original = titles(sample_path)
    register_id = settings(sample_path)["register_id"]
    changed_id = rename_first(sample_path, "Renamed after the backup")
    result = restore_backup(sample_path, backup)
    assert titles(sample_path) == original
    assert integrity(sample_path) == "ok"
    restored = settings(sample_path)
    assert restored["register_id"] == register_id
    assert not any(key.startswith("backup_") for key in restored)  # the backup's own notes are not restored
    assert result.kept is not None and settings(result.kept)["backup_reason"] == "before restore"
    assert titles(result.kept)[changed_id] == "Renamed after the backup"  # nothing is lost by restoring
    assert "is back as it was on" in result.message() and "before restore" in result.message()
    with open_register(sample_path) as register:
        assert {o.id: o.title for o in register.load().opportunities.values()} == original
    assert not [p for p in sample_path.parent.iterdir() if p.name.endswith((".part", "-journal", ".lock"))]


def corrupt(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        del data[len(data) // 2 :]
    elif how == "zeroed":
        data[4096 * 3 : 4096 * 6] = bytes(4096 * 3)
    else:
        data[:16] = b"not a database!!"
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "zeroed", "header"])
def test_a_damaged_backup_is_refused_and_the_register_left_as_it_was(sample_path: Path, how: str) -> None:
    backup = take_backup(sample_path, "before merge")
    corrupt(backup, how)
    before = sample_path.read_bytes()
    count = len(all_backups())
    with pytest.raises(RegisterError) as caught:
        restore_backup(sample_path, backup)
    message = str(caught.value)
    assert "cannot be restored" in message and "lancashire.bluelight has not been changed" in message
    assert "\n" not in message and "Traceback" not in message
    assert sample_path.read_bytes() == before
    assert len(all_backups()) == count  # no 'before restore' copy either: nothing happened


def test_a_backup_of_another_register_is_refused(sample_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.bluelight"
    create_register(other, "Another programme", "OTH").close()
    backup = take_backup(other, "before merge")
    before = sample_path.read_bytes()
    with pytest.raises(RegisterError, match="is a backup of another register \\(Another programme\\)"):
        restore_backup(sample_path, backup)
    assert sample_path.read_bytes() == before


def test_a_damaged_register_is_kept_byte_for_byte_then_restored(sample_path: Path) -> None:
    backup = take_backup(sample_path, "before merge")
    original = titles(sample_path)
    corrupt(sample_path, "zeroed")
    damaged = sample_path.read_bytes()
    result = restore_backup(sample_path, backup)
    assert result.kept is not None and "before restore (damaged)" in result.kept.name
    assert result.kept.read_bytes() == damaged
    assert titles(sample_path) == original and integrity(sample_path) == "ok"


def test_restore_is_refused_while_another_copy_writes(sample_path: Path) -> None:
    from tests.storage.test_lock import Holder

    backup = take_backup(sample_path, "before merge")
    before = sample_path.read_bytes()
    held = Holder(sample_path)
    try:
        with pytest.raises(RegisterError, match="open in another copy of Bluelight Desktop"):
            restore_backup(sample_path, backup)
    finally:
        held.stop()
    assert sample_path.read_bytes() == before


def test_a_failed_write_leaves_the_register_as_it_was(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backup = take_backup(sample_path, "before merge")
    rename_first(sample_path, "Kept when the restore fails")
    before = sample_path.read_bytes()

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups_module, "write_atomically", disk_full)
    with pytest.raises(RegisterError, match="could not be restored \\(No space left on device\\)"):
        restore_backup(sample_path, backup)
    assert sample_path.read_bytes() == before


def test_backups_of_lists_newest_first_with_what_restore_shows(sample_path: Path) -> None:
    first = take_backup(sample_path, "before import")
    backdate(first, NOW - timedelta(hours=3))
    rename_first(sample_path, "Second state")
    second = take_backup(sample_path, "before merge")
    listed = backups_of(sample_path)
    assert [b.path for b in listed] == [second, first]
    assert listed[1].when_text == (NOW - timedelta(hours=3)).astimezone().strftime("%-d %b %Y %H:%M")
    with Register(sample_path, read_only=True) as register:
        assert register.counts()["opportunities"] == listed[0].counts["opportunities"]


# ----------------------------------------------------------------------------------------- command line


def test_the_backups_and_restore_commands(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bluelight_desktop.cli import main

    assert main(["backups", str(sample_path)]) == 0
    assert capsys.readouterr().out.strip() == "There are no backups of lancashire.bluelight yet."
    original = titles(sample_path)
    older = take_backup(sample_path, "before import")
    backdate(older, NOW - timedelta(hours=3))
    rename_first(sample_path, "Renamed")
    take_backup(sample_path, "before merge")
    assert main(["backups", str(sample_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("  1  ") and "Before merge" in lines[0] and "36 opportunities" in lines[0]
    assert lines[2].startswith("  2  ") and "Before import" in lines[2] and lines[3].strip() == str(older)
    assert main(["restore", str(sample_path), "2"]) == 0
    assert "lancashire.bluelight is back as it was on" in capsys.readouterr().out
    assert titles(sample_path) == original
    assert main(["restore", str(sample_path), "9"]) == 1
    assert "there is no backup 9 of lancashire.bluelight" in capsys.readouterr().err
    corrupt(older, "zeroed")
    before = sample_path.read_bytes()
    assert main(["restore", str(sample_path), str(older)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bluelight: The backup taken") and "has not been changed" in err and err.count("\n") == 1
    assert sample_path.read_bytes() == before
