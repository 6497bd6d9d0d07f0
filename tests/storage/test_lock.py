"""One writer per register (storage/lock.py), tested with real processes: a second process finds the register
taken and may only read it; a process killed with SIGKILL leaves no lock behind; a clean close leaves no lock
file; commands that write stop with a plain message and a non-zero exit. No Qt."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluelight_desktop.core import edits
from bluelight_desktop.storage.lock import (
    RegisterLocked,
    acquire_write_lock,
    banner_text,
    lock_holder,
    lock_path,
    read_holder,
)
from bluelight_desktop.storage.register import Register, RegisterError, create_register, open_register

HOLDER = textwrap.dedent(
    """
    import sys
    from bluelight_desktop.storage.register import open_register

    register = open_register(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    register.close()
    print("closed", flush=True)
    """
)


class Holder:
    """Another process with the register open for writing, until `close()` (clean) or `kill()` (SIGKILL)."""

    def __init__(self, register: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(register)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != "ready":
            self.process.kill()
            raise AssertionError(f"the holder did not start: {line!r} {self.process.stderr.read()}")  # type: ignore[union-attr]

    @property
    def pid(self) -> int:
        return self.process.pid

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "closed"
        assert self.process.wait(timeout=30) == 0

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def holder(sample_path: Path) -> Iterator[Holder]:
    held = Holder(sample_path)
    try:
        yield held
    finally:
        held.stop()


def test_a_writer_holds_a_lock_file_saying_who_and_removes_it_on_close(sample_path: Path) -> None:
    lock = lock_path(sample_path)
    assert lock == sample_path.with_name(".lancashire.bluelight.lock")
    with open_register(sample_path):
        info = json.loads(lock.read_text(encoding="utf-8"))
        assert info["pid"] == os.getpid() and info["host"] == socket.gethostname()
        assert info["user"] and info["since"].endswith("Z") and info["app"].startswith("Bluelight Desktop")
        assert lock_holder(sample_path) is None  # this process holds it: nobody else does
    assert not lock.exists()  # a clean close leaves nothing beside the register
    assert sorted(p.name for p in sample_path.parent.iterdir() if p.name.startswith(".")) == []


def test_reading_takes_no_lock(sample_path: Path) -> None:
    with open_register(sample_path, read_only=True), Register(sample_path, read_only=True):
        assert not lock_path(sample_path).exists()


def test_writers_in_one_process_share_the_lock_until_the_last_closes(sample_path: Path) -> None:
    """The app's session and its import/merge workers write one register from one process."""
    first = open_register(sample_path)
    second = Register(sample_path)
    first.close()
    assert lock_path(sample_path).exists()
    second.close()
    assert not lock_path(sample_path).exists()
    first.close()  # closing twice is harmless
    with open_register(sample_path):
        pass


def test_a_new_register_is_locked_while_open(tmp_path: Path) -> None:
    path = tmp_path / "new.bluelight"
    register = create_register(path, "New")
    assert lock_path(path).exists()
    register.close()
    assert not lock_path(path).exists()


def test_a_second_process_cannot_write_and_is_told_who_holds_it(sample_path: Path, holder: Holder) -> None:
    before = sample_path.read_bytes()
    with pytest.raises(RegisterLocked) as caught:
        open_register(sample_path)
    message = str(caught.value)
    assert message.startswith("lancashire.bluelight is open in another copy of Bluelight Desktop by ")
    assert f" on {socket.gethostname()} since " in message and "Close the other copy, then try again." in message
    assert caught.value.holder is not None and caught.value.holder.pid == holder.pid
    assert isinstance(caught.value, RegisterError)  # every caller that handles RegisterError handles this
    with pytest.raises(RegisterLocked):
        Register(sample_path)
    # Reading is still allowed, and nothing was written.
    with open_register(sample_path, read_only=True) as reader:
        assert reader.counts()["opportunities"] == 36
    assert sample_path.read_bytes() == before
    found = lock_holder(sample_path)
    assert found is not None and found.pid == holder.pid
    banner = banner_text(found)
    assert banner.startswith("Open in another copy of Bluelight Desktop by ") and banner.endswith(
        "— read-only. Close the other copy, then reopen to make changes."
    )
    holder.close()
    assert not lock_path(sample_path).exists()
    assert lock_holder(sample_path) is None
    with open_register(sample_path) as register:  # free again once the other copy closed
        data = register.load()
        target = next(iter(data.opportunities.values()))
        register.apply(edits.update(target, target, "No change"))


def test_a_killed_writer_leaves_no_stale_lock(sample_path: Path) -> None:
    """SIGKILL gives the process no chance to clean up: the operating system drops its lock, and the next copy
    takes the lock file over."""
    held = Holder(sample_path)
    pid = held.pid
    held.kill()
    assert read_holder(lock_path(sample_path)) is not None  # the file is left behind, saying who had it...
    assert lock_holder(sample_path) is None  # ...but holds no lock
    with open_register(sample_path) as register:
        info = read_holder(lock_path(sample_path))
        assert info is not None and info.pid == os.getpid() != pid
        assert register.counts()["opportunities"] == 36
    assert not lock_path(sample_path).exists()


def test_every_kill_releases(sample_path: Path) -> None:
    for _trial in range(3):
        Holder(sample_path).kill()
        with open_register(sample_path):
            pass


def test_commands_that_write_stop_with_a_plain_message(
    sample_path: Path, holder: Holder, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bluelight_desktop.cli import main

    sheet = tmp_path / "new.csv"
    sheet.write_text("Title,Stage\nShared estates review,idea\n", encoding="utf-8")
    before = sample_path.read_bytes()
    assert main(["import", str(sample_path), str(sheet)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("bluelight: lancashire.bluelight is open in another copy of Bluelight Desktop")
    assert "Traceback" not in err and err.count("\n") == 0
    assert sample_path.read_bytes() == before
    # Commands that only read go on working.
    assert main(["check", str(sample_path)]) == 0


def test_a_forked_child_does_not_inherit_the_claim(sample_path: Path) -> None:
    register = open_register(sample_path)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its parent's claim is not its own
        code = 0
        try:
            acquire_write_lock(sample_path)
        except RegisterLocked:
            code = 7
        finally:
            os.write(write, b"x")
            os._exit(code)
    os.read(read, 1)
    _pid, status = os.waitpid(pid, 0)
    os.close(read)
    os.close(write)
    assert os.waitstatus_to_exitcode(status) == 7
    assert lock_path(sample_path).exists()  # and the child's exit did not release the parent's lock
    register.close()
    assert not lock_path(sample_path).exists()


def test_a_folder_that_cannot_hold_a_lock_file_still_opens(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no lock file can be made (a read-only folder), the register opens as before: its writes are refused by
    the folder itself, so there is nothing for a lock to protect."""
    import bluelight_desktop.storage.lock as lock_module

    real_open = os.open

    def refuse_lock_files(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lock_module.os, "open", refuse_lock_files)
    with open_register(sample_path) as register:
        assert register.counts()["opportunities"] == 36
        assert register._lock is not None and not register._lock.locked
