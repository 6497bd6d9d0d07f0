"""Crash safety (issue 9), in the style of SQLite's own crash tests: a real process does real work on a register
through the app's code (tests/reliability/crash_worker.py) and is killed with SIGKILL at a random moment, many
times over (seeded, so a failure can be replayed). After every kill:

- the register opens with open_register, as the app opens it, and loads;
- `PRAGMA integrity_check` is ok and no foreign key dangles;
- every edit the worker acknowledged (printed after Register.apply returned) is there, an edit in flight is there
  whole or not at all, and an edit of several records is all or nothing;
- an import is all or nothing: the count of opportunities is before or before + the sheet's rows, never between;
- an export or pack is never half written under its name: the name holds nothing, the old file unchanged, or the
  whole new one; what a kill can leave beside it is a hidden temporary file named `.NAME.*.part`.

How many trials: BLUELIGHT_CRASH_TRIALS or --crash-trials (each mode's share is taken from it); the quick
default keeps the file to about half a minute. The figures of each run are printed (pytest -s shows them).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from bluelight_desktop.core.model import RegisterData
from bluelight_desktop.paths import backup_dir
from bluelight_desktop.storage.export import open_received
from bluelight_desktop.storage.register import check_file, open_register

from .conftest import reliability_size

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

WORKER = Path(__file__).with_name("crash_worker.py")
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TRIALS = 20  # edit-stream trials; the import, export and pack each get a share of it
SEED = 20261121
PART = ".part"
TEMPORARY = (PART, f"{PART}-journal")  # write_atomically's file, and SQLite's journal of it (backup, VACUUM INTO)
HOT_JOURNAL = bytes.fromhex("d9d505f920a163d7")  # a rollback journal's header, once synced


# --------------------------------------------------------------------------------------------- the worker


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    out: Path
    err: Path

    def lines(self) -> list[str]:
        text = self.out.read_text(encoding="utf-8", errors="replace")
        # A line cut short by the kill has no line end: it was not acknowledged.
        return text.split("\n")[:-1]

    def wait_for(self, word: str, timeout: float = 60.0) -> float:
        """Wait until the worker prints `word` on a line of its own; the time it was seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if word in self.lines():
                return time.monotonic()
            if self.process.poll() is not None and word not in self.lines():
                raise AssertionError(f"the worker stopped before {word}: {self.err.read_text(errors='replace')}")
            time.sleep(0.002)
        self.process.kill()
        raise AssertionError(f"the worker did not print {word} within {timeout} s")

    def kill(self) -> bool:
        """SIGKILL; True when the worker was still running (the kill interrupted it)."""
        running = self.process.poll() is None
        if running:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        return running


def start(folder: Path, home: Path, mode: str, *args: object) -> Worker:
    folder.mkdir(parents=True, exist_ok=True)
    out, err = folder / f"{mode}.out", folder / f"{mode}.err"
    scratch = folder / "tmp"  # the worker's temporary folder: what a kill leaves there is counted, not littered
    scratch.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(
        BLUELIGHT_HOME=str(home),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
        SOURCE_DATE_EPOCH="1795000000",  # a pack's bytes are the same from run to run
        TMPDIR=str(scratch),
        PYTHONDONTWRITEBYTECODE="1",
    )
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(WORKER), mode, *map(str, args)], stdout=stdout, stderr=stderr, env=env
        )
    return Worker(process, out, err)


def run_to_end(folder: Path, home: Path, mode: str, *args: object) -> tuple[Worker, float]:
    """Run a worker without killing it: the time from READY to DONE."""
    worker = start(folder, home, mode, *args)
    ready = worker.wait_for("READY")
    done = worker.wait_for("DONE")
    assert worker.process.wait(timeout=60) == 0, worker.err.read_text()
    return worker, done - ready


# --------------------------------------------------------------------------------------------- the checks


def sound(path: Path) -> RegisterData:
    """The register opens as the app opens it (recovering a write the kill interrupted), loads, and passes
    SQLite's full check and the foreign key check."""
    with open_register(path) as register:
        data = register.load()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    journal = Path(f"{path}-journal")
    if journal.exists():  # a journal whose header was never synced is cold: SQLite ignores it and reuses it
        assert not journal.read_bytes()[:8] == HOT_JOURNAL, "the interrupted write was not rolled back on opening"
    return data


def live_opportunities(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM opportunity WHERE deleted_at IS NULL").fetchone()[0])
    finally:
        connection.close()


def leftovers(folder: Path, name: str) -> list[Path]:
    """Files beside `name` other than itself; each must be a temporary file of write_atomically."""
    others = [p for p in folder.iterdir() if p.name != name]
    for other in others:
        assert other.name.startswith(f".{name}.") and other.name.endswith(TEMPORARY), f"unexpected {other.name}"
    return others


def backups_whole(home: Path) -> int:
    """Every backup under its own name passes SQLite's check; the temporary files a kill left are counted."""
    folder = backup_dir()
    assert folder.is_relative_to(home)
    parts = 0
    for backup in folder.iterdir():
        if backup.name.endswith(TEMPORARY):
            assert backup.name.startswith(".")
            parts += 1
            continue
        check_file(backup, thorough=True)
    return parts


def report(name: str, figures: Counter[str]) -> None:
    print(f"\n{name}: " + ", ".join(f"{key} {value}" for key, value in sorted(figures.items())))


# --------------------------------------------------------------------------------------------- edits


def test_acknowledged_edits_survive_sigkill_and_edits_in_flight_are_all_or_nothing(
    sample_path: Path, bluelight_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    trials = reliability_size(request, "crash_trials", DEFAULT_TRIALS)
    choose = random.Random(SEED)
    data = sound(sample_path)
    counter_id = sorted(data.opportunities)[0]
    count_value = data.opportunities[counter_id].notes
    alive: set[str] = set()  # created by a worker and not deleted since
    gone: set[str] = set()
    figures: Counter[str] = Counter()
    for trial in range(trials):
        worker = start(tmp_path / "edits", bluelight_home, "edits", sample_path, counter_id, f"{SEED}-{trial}")
        worker.wait_for("READY")
        time.sleep(choose.uniform(0.0, 0.5))
        assert worker.kill(), worker.err.read_text()
        figures["kills"] += 1
        journal = Path(f"{sample_path}-journal")
        if journal.exists() and journal.read_bytes()[:8] == HOT_JOURNAL:
            figures["kills leaving a hot journal"] += 1
        events = [line.split(" ", 2) for line in worker.lines() if line.startswith(("BEGIN ", "ACK "))]
        data = sound(sample_path)
        live = data.opportunities
        acked = [(what, value) for step, what, value in events if step == "ACK"]
        begun = [(what, value) for step, what, value in events if step == "BEGIN"]
        in_flight = begun[len(acked) :]
        assert len(in_flight) <= 1 and begun[: len(acked)] == acked
        figures["edits acknowledged"] += len(acked)
        figures["edits in flight at the kill"] += len(in_flight)
        deleted_here = {value for what, value in begun if what == "delete" and value not in live}
        for number, (what, value) in enumerate(begun):
            ids = value.split(",")
            acknowledged = number < len(acked)
            if what in ("create", "batch"):
                present = [i in live or i in deleted_here for i in ids]
                assert all(present) or not any(present), f"trial {trial}: a batch was written in part"
                assert all(present) or not acknowledged, f"trial {trial}: an acknowledged {what} is missing"
                if all(present):
                    alive.update(ids)
            elif what == "delete":
                assert value not in live or not acknowledged, f"trial {trial}: an acknowledged delete came back"
                if value not in live:
                    alive.discard(value)
                    gone.add(value)
        counts = [value for what, value in acked if what == "count"]
        allowed = {counts[-1] if counts else count_value} | {v for w, v in in_flight if w == "count"}
        count_value = live[counter_id].notes
        assert count_value in allowed, f"trial {trial}: the counter is {count_value!r}, expected one of {allowed}"
        assert alive <= set(live), f"trial {trial}: {len(alive - set(live))} records of earlier trials are missing"
        assert not gone & set(live)
    figures["records written and checked"] = len(alive)
    report("edit stream", figures)


# --------------------------------------------------------------------------------------------- import

IMPORT_ROWS = 120


def write_sheet(path: Path, rows: int, tag: str) -> Path:
    header = ["Title", "Summary", "Stage", "Effort", "Benefit", "Notes"]
    body = [
        [f"Imported {tag} row {n}", "A row of the crash test's sheet. " * 5, "Idea", n % 101, (n * 3) % 101, tag]
        for n in range(1, rows + 1)
    ]
    if path.suffix == ".xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in body:
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *body])
    return path


def kill_moment(choose: random.Random, duration: float) -> float:
    """Seconds after READY: half the kills anywhere in the work, half in its last part, where files are written
    and renamed."""
    if choose.random() < 0.5:
        return choose.uniform(0.0, duration * 1.1)
    return choose.uniform(duration * 0.7, duration * 1.05)


def test_an_import_killed_at_any_moment_is_all_or_nothing(
    sample_path: Path, bluelight_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    trials = max(3, reliability_size(request, "crash_trials", DEFAULT_TRIALS) // 2)
    choose = random.Random(SEED + 1)
    rehearsal = tmp_path / "rehearsal.bluelight"
    shutil.copyfile(sample_path, rehearsal)
    sheet = write_sheet(tmp_path / "r.csv", IMPORT_ROWS, "r")
    _worker, duration = run_to_end(tmp_path / "rehearse", bluelight_home, "import", rehearsal, sheet)
    figures: Counter[str] = Counter({"import (s)": round(duration, 3)})  # type: ignore[dict-item]
    for trial in range(trials):
        before = live_opportunities(sample_path)
        sheet = write_sheet(tmp_path / f"sheet{trial}{('.csv', '.xlsx')[trial % 2]}", IMPORT_ROWS, f"trial {trial}")
        worker = start(tmp_path / "import", bluelight_home, "import", sample_path, sheet)
        worker.wait_for("READY")
        time.sleep(choose.uniform(0.0, duration * 3))  # the import's time varies with the machine's load
        figures["kills"] += worker.kill()
        rows = next(int(line.split()[1]) for line in worker.lines() if line.startswith("ROWS "))
        assert rows == IMPORT_ROWS
        sound(sample_path)
        after = live_opportunities(sample_path)
        assert after in (before, before + rows), f"trial {trial}: {after - before} of {rows} rows imported"
        if "DONE" in worker.lines():
            assert after == before + rows
        figures["imports whole" if after > before else "imports not there"] += 1
        figures["backup temporary files left"] = backups_whole(bluelight_home)
    report("import", figures)


# --------------------------------------------------------------------------------------------- export, pack


def test_an_export_killed_at_any_moment_leaves_no_half_file_under_its_name(
    sample_path: Path, bluelight_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    trials = max(3, reliability_size(request, "crash_trials", DEFAULT_TRIALS) // 2)
    choose = random.Random(SEED + 2)
    original = sample_path.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    worker, duration = run_to_end(tmp_path / "rehearse", bluelight_home, "export", sample_path, out / "first.bluelight")
    old = (out / "first.bluelight").read_bytes()
    figures: Counter[str] = Counter()
    for trial in range(trials):
        dest = out / "partner.bluelight"
        for stale in out.iterdir():
            stale.unlink()
        replacing = trial % 2 == 1
        if replacing:
            dest.write_bytes(old)
        worker = start(tmp_path / "export", bluelight_home, "export", sample_path, dest)
        worker.wait_for("READY")
        time.sleep(kill_moment(choose, duration))
        figures["kills"] += worker.kill()
        figures["temporary files left beside"] += len(leftovers(out, dest.name))
        if not dest.exists():
            assert not replacing, f"trial {trial}: the old export was lost"
            figures["no file"] += 1
        elif replacing and dest.read_bytes() == old:
            figures["old file unchanged"] += 1
        else:
            check_file(dest, thorough=True)
            with open_received(dest) as received:
                assert len(received.load().opportunities) == 36
            figures["whole new file"] += 1
        assert sample_path.read_bytes() == original, "an export changed the register"
    figures["private snapshots left in the temporary folder"] = len(
        list((tmp_path / "export" / "tmp").glob("bluelight-export-*"))
    )
    report(f"export ({duration:.3f} s)", figures)


def test_a_pack_killed_at_any_moment_leaves_no_half_pdf_under_its_name(
    sample_path: Path, bluelight_home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from pypdf import PdfReader

    trials = max(2, reliability_size(request, "crash_trials", DEFAULT_TRIALS) // 3)
    choose = random.Random(SEED + 3)
    out = tmp_path / "out"
    out.mkdir()
    _worker, duration = run_to_end(tmp_path / "rehearse", bluelight_home, "pack", sample_path, out / "pack.pdf")
    whole = (out / "pack.pdf").read_bytes()  # SOURCE_DATE_EPOCH: every whole pack has these bytes
    pages = len(PdfReader(out / "pack.pdf").pages)
    old = b"%PDF-1.4 an older pack, kept whole until the new one is complete\n%%EOF\n"
    figures: Counter[str] = Counter()
    for trial in range(trials):
        dest = out / "pack.pdf"
        for stale in out.iterdir():
            stale.unlink()
        replacing = trial % 2 == 1
        if replacing:
            dest.write_bytes(old)
        worker = start(tmp_path / "pack", bluelight_home, "pack", sample_path, dest)
        worker.wait_for("READY")
        time.sleep(kill_moment(choose, duration))
        figures["kills"] += worker.kill()
        figures["temporary files left beside"] += len(leftovers(out, dest.name))
        if not dest.exists():
            assert not replacing, f"trial {trial}: the old pack was lost"
            figures["no file"] += 1
        elif dest.read_bytes() == old:
            figures["old file unchanged"] += 1
        else:
            assert dest.read_bytes() == whole, f"trial {trial}: a pack under its name is not the whole pack"
            assert len(PdfReader(dest).pages) == pages
            figures["whole new file"] += 1
    report(f"pack ({duration:.3f} s, {pages} pages)", figures)


def test_the_next_write_of_a_file_clears_what_a_crash_left_beside_it(tmp_path: Path) -> None:
    from bluelight_desktop.files import STALE_AFTER, write_atomically

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    long_ago = time.time() - STALE_AFTER - 60
    left = [tmp_path / ".pack.pdf.k1ll3d00.part", tmp_path / ".pack.pdf.k1ll3d00.part-journal"]
    in_progress = tmp_path / ".pack.pdf.wr1t1ng0.part"  # another copy of the app writing it now
    other = tmp_path / ".minutes.pdf.k1ll3d00.part"  # another file's: its own next write clears it
    for path in [*left, in_progress, other]:
        path.write_bytes(b"half")
    for path in [*left, other]:
        os.utime(path, (long_ago, long_ago))
    write_atomically(tmp_path / "pack.pdf", lambda temp: temp.write_bytes(b"%PDF whole"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pack.pdf", in_progress.name, other.name])
    assert (tmp_path / "pack.pdf").read_bytes() == b"%PDF whole"


def test_an_export_clears_the_private_copies_killed_exports_left_in_the_temporary_folder(
    sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed export leaves its working folder (a plain copy of the register, restricted records included) in
    the temporary folder; the next export removes those an hour old, and leaves younger ones (another export now)."""
    import tempfile

    from bluelight_desktop.storage.export import export_register
    from bluelight_desktop.storage.register import Register

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    left, running = scratch / "bluelight-export-k1ll3d00", scratch / "bluelight-export-runn1ng0"
    for folder in (left, running):
        folder.mkdir()
        (folder / "snapshot.bluelight").write_bytes(sample_path.read_bytes())
    long_ago = time.time() - 2 * 3600
    os.utime(left, (long_ago, long_ago))
    with Register(sample_path, read_only=True) as register:
        export_register(register, tmp_path / "partner.bluelight")
    assert sorted(p.name for p in scratch.iterdir()) == [running.name]
    check_file(tmp_path / "partner.bluelight", thorough=True)
