"""I/O faults (issue 9), in the style of SQLite's I/O error tests: a full disk, a read-only folder, a register
removed or replaced while it is open. Each gives a plain message (RegisterError, PackError, or the app's
`failed(str)` signal) and nothing is lost: the register is byte for byte as it was, or holds the edit whole.

A real full disk and a real read-only folder are small tmpfs mounts (root only: skipped elsewhere). SQLite's own
`max_page_count` and a failing write stand in for a full disk everywhere else.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.model import Opportunity
from bluelight_desktop.storage.export import export_register
from bluelight_desktop.storage.register import Register, RegisterError, open_register

from .conftest import plain


def opportunity(number: int) -> Opportunity:
    return Opportunity(
        title=f"Fault test {number}",
        reference=f"FLT-{number:03d}",
        summary="Words to take room on the disk. " * 40,
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"fault/{number}")),
    )


def create(number: int) -> Edit:
    return Edit(f"Add fault test {number}", [RecordChange(None, opportunity(number))])


def sound(path: Path) -> set[str]:
    """The ids of the live opportunities of a register that passes SQLite's checks."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    with open_register(path, read_only=True) as register:
        return set(register.load().opportunities)


def assert_plain(message: str) -> None:
    assert plain(message) is None, message


def folder_holds(folder: Path, *names: str) -> None:
    """Nothing but `names` in `folder`: no half-written file and no temporary file left behind."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


# ------------------------------------------------------------------------------------------------ small disks


@contextmanager
def small_disk(where: Path, size: int) -> Iterator[Path]:
    """A tmpfs of `size` bytes mounted at `where` (skips the test when this user cannot mount)."""
    where.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("a tmpfs needs root on Linux")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


def fill_up(folder: Path) -> Path:
    """Fill the rest of the disk with one file (deleting it frees the room again)."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(handle, bytes(4096))
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(handle)
    return filler


@pytest.fixture
def full_disk(tmp_path: Path, sample_path: Path) -> Iterator[Path]:
    """The sample register alone on a disk with room for it and little more."""
    size = sample_path.stat().st_size
    with small_disk(tmp_path / "disk", size + 512 * 1024) as disk:
        shutil.copyfile(sample_path, disk / sample_path.name)
        (disk / "ballast").write_bytes(bytes(256 * 1024))  # another file, deleted to make room again
        yield disk


def test_edits_on_a_full_disk_fail_in_words_and_every_saved_edit_is_kept(full_disk: Path) -> None:
    path = full_disk / "lancashire.bluelight"
    saved: set[str] = set()
    message = ""
    with open_register(path) as register:
        for number in range(1, 2000):
            try:
                register.apply(create(number))
            except RegisterError as exc:
                message = str(exc)
                failed = opportunity(number).id
                break
            saved.add(opportunity(number).id)
        else:
            pytest.fail("the disk never filled up")
    assert message.startswith("The disk is full. lancashire.bluelight is as it was before this change"), message
    assert_plain(message)
    live = sound(path)
    assert saved <= live and failed not in live
    assert not Path(f"{path}-journal").exists()
    # Room again (another file removed): the register takes edits as before.
    (full_disk / "ballast").unlink()
    with open_register(path) as register:
        register.apply(create(9999))
    assert opportunity(9999).id in sound(path)


def test_the_app_says_the_disk_is_full_and_keeps_the_register_as_it_was(full_disk: Path, qtbot: object) -> None:
    from bluelight_desktop.gui.session import RegisterSession

    path = full_disk / "lancashire.bluelight"
    register = open_register(path)
    session = RegisterSession(register)
    messages: list[str] = []
    session.failed.connect(messages.append)
    fill_up(full_disk)
    before = path.read_bytes()
    shown = set(session.data.opportunities)
    big = opportunity(1)
    big.notes = "n" * 600_000  # more than the few pages a full disk may still find free
    assert session.apply(Edit("Add a big one", [RecordChange(None, big)])) is False
    assert messages and messages[0].startswith("The change could not be saved: The disk is full."), messages
    assert_plain(messages[0])
    assert session.undo_stack.count() == 0  # a change that was not saved cannot be undone
    assert set(session.data.opportunities) == shown
    session.close()
    assert path.read_bytes() == before
    assert sound(path) == shown


def test_an_export_or_pack_to_a_full_disk_fails_in_words_and_leaves_nothing(sample_path: Path, tmp_path: Path) -> None:
    from bluelight_desktop.reports.pack import PackError, PackOptions, pack_problem, write_pack

    with small_disk(tmp_path / "stick", 64 * 1024) as stick:
        with Register(sample_path, read_only=True) as register:
            with pytest.raises(RegisterError) as refused:
                export_register(register, stick / "partner.bluelight")
            data = register.load()
        assert_plain(str(refused.value))
        assert "the disk is full" in str(refused.value) or "No space left" in str(refused.value), refused.value
        meeting = next(m for m in data.meetings.values() if pack_problem(data, m.id) is None)
        with pytest.raises(PackError) as pack_refused:
            write_pack(stick / "pack.pdf", data, meeting.id, PackOptions())
        assert_plain(str(pack_refused.value))
        folder_holds(stick)


# ------------------------------------------------------------------------------------------------ read-only


@pytest.fixture
def read_only_folder(tmp_path: Path, sample_path: Path) -> Iterator[Path]:
    """A folder (a write-protected USB stick) holding a copy of the sample register, that cannot be written."""
    with small_disk(tmp_path / "stick", 8 * 1024 * 1024) as stick:
        shutil.copyfile(sample_path, stick / sample_path.name)
        read_only(stick)
        yield stick


def test_a_register_in_a_read_only_folder_refuses_edits_in_words(read_only_folder: Path, qtbot: object) -> None:
    from bluelight_desktop.gui.session import RegisterSession

    path = read_only_folder / "lancashire.bluelight"
    before = path.read_bytes()
    try:
        register = open_register(path)
    except RegisterError as exc:  # refusing to open it for writing, in words, is as good
        assert_plain(str(exc))
        register = open_register(path, read_only=True)
    session = RegisterSession(register)
    messages: list[str] = []
    session.failed.connect(messages.append)
    assert session.apply(create(1)) is False
    assert len(messages) == 1 and messages[0].startswith("The change could not be saved: "), messages
    assert_plain(messages[0])
    session.close()
    assert path.read_bytes() == before
    folder_holds(read_only_folder, "lancashire.bluelight")


def test_export_pack_copy_and_backup_into_a_read_only_folder_fail_in_words(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bluelight_desktop.core.spreadsheet_import import ImportProblem
    from bluelight_desktop.reports.pack import PackError, PackOptions, pack_problem, write_pack
    from bluelight_desktop.storage.spreadsheet import apply_import

    before = sample_path.read_bytes()
    with small_disk(tmp_path / "stick", 1024 * 1024) as stick:
        read_only(stick)
        with Register(sample_path, read_only=True) as register:
            with pytest.raises(RegisterError) as export_refused:
                export_register(register, stick / "partner.bluelight")
            data = register.load()
            with pytest.raises(RegisterError) as copy_refused:
                register.save_copy(stick / "copy.bluelight")
        meeting = next(m for m in data.meetings.values() if pack_problem(data, m.id) is None)
        with pytest.raises(PackError) as pack_refused:
            write_pack(stick / "pack.pdf", data, meeting.id, PackOptions())
        # Backups go to the data folder: there too a read-only folder stops the import before anything is written.
        monkeypatch.setenv("BLUELIGHT_HOME", str(stick / "home"))
        with open_register(sample_path) as register, pytest.raises((RegisterError, ImportProblem)) as import_refused:
            apply_import(register, create(1))
        for refused in (export_refused, copy_refused, pack_refused, import_refused):
            assert_plain(str(refused.value))
        folder_holds(stick)
    assert sample_path.read_bytes() == before


# ------------------------------------------------------------------------------------------------ removed, replaced


def test_a_register_removed_while_open_refuses_the_next_edit_in_words(sample_path: Path, qtbot: object) -> None:
    from bluelight_desktop.gui.session import RegisterSession

    session = RegisterSession(open_register(sample_path))
    messages: list[str] = []
    session.failed.connect(messages.append)
    assert session.apply(create(1))
    kept = sample_path.read_bytes()
    moved = sample_path.with_name("moved.bluelight")
    sample_path.rename(moved)  # moved away by a file manager or a sync tool while the app has it open
    assert session.apply(create(2)) is False
    assert messages and "moved, renamed or deleted" in messages[0], messages
    assert_plain(messages[0])
    session.close()
    assert moved.read_bytes() == kept  # the edit saved before the move is in the file, the later one nowhere
    assert opportunity(1).id in sound(moved) and opportunity(2).id not in sound(moved)
    assert not sample_path.exists()


def test_a_register_replaced_while_open_is_not_written_over(sample_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.bluelight"
    shutil.copyfile(sample_path, other)
    with open_register(other) as editor:
        editor.apply(create(7))  # the copy that takes the register's place holds an edit of its own
    replacement = other.read_bytes()
    with open_register(sample_path) as register:
        os.replace(other, sample_path)  # a restore or a sync puts another file under the name
        with pytest.raises(RegisterError) as refused:
            register.apply(create(8))
    assert_plain(str(refused.value))
    assert "moved, renamed or deleted" in str(refused.value)
    assert sample_path.read_bytes() == replacement
    live = sound(sample_path)
    assert opportunity(7).id in live and opportunity(8).id not in live


# ------------------------------------------------------------------------------------------------ anywhere


def test_a_full_register_stands_in_for_a_full_disk_anywhere(sample_path: Path) -> None:
    """SQLite's max_page_count fails a write exactly as a full disk does (SQLITE_FULL), with no mount needed."""
    original = sound(sample_path)
    with open_register(sample_path) as register:
        pages = register._db.execute("PRAGMA page_count").fetchone()[0]
        register._db.execute(f"PRAGMA max_page_count = {pages + 2}")
        saved: set[str] = set()
        with pytest.raises(RegisterError, match=r"^The disk is full\. lancashire\.bluelight is as it was") as refused:
            for number in range(1, 200):
                register.apply(create(number))
                saved.add(opportunity(number).id)
        assert_plain(str(refused.value))
    assert sound(sample_path) == original | saved  # every saved edit, and nothing of the one refused


def test_a_pack_whose_write_fails_for_want_of_room_leaves_no_file(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bluelight_desktop.reports.pack import PackError, PackOptions, pack_problem, write_pack

    with open_register(sample_path, read_only=True) as register:
        data = register.load()
    meeting = next(m for m in data.meetings.values() if pack_problem(data, m.id) is None)
    out = tmp_path / "out"
    out.mkdir()
    old = b"%PDF-1.4 last month's pack\n%%EOF\n"
    (out / "pack.pdf").write_bytes(old)

    def no_room(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", no_room)
    with pytest.raises(PackError, match="No space left on device") as refused:
        write_pack(out / "pack.pdf", data, meeting.id, PackOptions())
    monkeypatch.undo()
    assert_plain(str(refused.value))
    assert (out / "pack.pdf").read_bytes() == old
    folder_holds(out, "pack.pdf")
