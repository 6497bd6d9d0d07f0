"""Merging two 10,000-opportunity registers with 1,000 changes on each side, against reading both registers.

    python tests/bench/bench_merge.py [--opportunities 10000] [--changes 1000] [--repeats 3]

The registers: make_register.py's synthetic register (cached in the system temporary folder, bluelight-bench/),
copied twice; the second copy is given its own register id (the partner). A first merge records the exchange
base, as two registers that have exchanged before would have. Then, each side in one Register.apply:

  * theirs: 1,000 changes: 85% of them changed opportunities (stage and cashable saving), 10% new opportunities,
    5% deleted;
  * mine: 1,000 changed opportunities (notes), a tenth of them the same opportunities theirs changed, whose stage
    I also changed differently: those are the conflicts (settled with prefer=mine).

What is timed (each in a fresh child process of this script, so its memory is its own; files copied fresh first,
untimed):

  * baseline: open_register + Register.load() of both registers, what opening them in the app costs;
  * first exchange: plan_merge + apply_merge of the two registers before any change (no base yet: every record of
    theirs is remembered as the new base);
  * preview: open both + plan_merge (what the Merge dialog reads before showing anything);
  * merge: open both + plan_merge + apply_merge(prefer=mine): the backup, the one transaction with its change log,
    the new exchange base.

Seconds are timed without tracemalloc; a second run of each measures "py peak", tracemalloc's peak of Python
allocations, and "peak RSS +", the process's peak resident size during the operation less its size before
(/proc/self/clear_refs resets the peak on Linux), which counts SQLite's own memory. Median and worst of --repeats
runs; the ratio columns divide by the baseline's medians, measured in the same run.

Targets: the merge in under 5 seconds and under 10 times the baseline; its Python peak under 4 times the
baseline's. Exits 0 when all are met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
CACHE_DIR = Path(tempfile.gettempdir()) / "bluelight-bench"
OPERATIONS = {
    "load": "baseline: open and load both registers",
    "first": "first exchange (no base yet)",
    "preview": "preview: plan_merge",
    "merge": "merge: plan_merge + apply_merge",
}
TARGET_SECONDS = 5.0
TARGET_TIME_RATIO = 10.0
TARGET_MEMORY_RATIO = 4.0


def _peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _reset_peak_rss() -> int:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _peak_rss_bytes()


def run_one(operation: str, mine: Path, theirs: Path, memory: bool) -> dict[str, float]:
    """One operation in this (child) process."""
    from bluelight_desktop.core.merge import Side
    from bluelight_desktop.storage.merge import apply_merge, plan_merge
    from bluelight_desktop.storage.register import open_register

    def load() -> None:
        with open_register(mine) as a, open_register(theirs, read_only=True) as b:
            a.load()
            b.load()

    def preview() -> None:
        with open_register(mine) as a, open_register(theirs, read_only=True) as b:
            plan_merge(a, b)

    def merge() -> None:
        with open_register(mine) as a, open_register(theirs, read_only=True) as b:
            apply_merge(a, b, plan_merge(a, b), prefer=Side.MINE)

    action = {"load": load, "first": merge, "preview": preview, "merge": merge}[operation]
    rss_before = _reset_peak_rss()
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    py_peak = tracemalloc.get_traced_memory()[1] if memory else 0
    if memory:
        tracemalloc.stop()
    return {"seconds": seconds, "py_peak": py_peak, "rss_rise": max(0, _peak_rss_bytes() - rss_before)}


def prepare(work: Path, n_opportunities: int, changes: int) -> dict[str, tuple[Path, Path]]:
    """The register pairs: "first" (copies before any exchange) and "changed" (after a first exchange and the
    changes on each side). Returns {"first": (mine, theirs), "changed": (mine, theirs)}."""
    from make_register import cached_register

    from bluelight_desktop.core.edits import Edit, RecordChange, update
    from bluelight_desktop.core.model import Opportunity, Stage
    from bluelight_desktop.storage.merge import apply_merge, plan_merge
    from bluelight_desktop.storage.register import HEAD_REVISION, RegisterError, check_file, open_register

    CACHE_DIR.mkdir(exist_ok=True)
    source = cached_register(CACHE_DIR, n_opportunities)
    try:
        revision = check_file(source).revision
    except RegisterError:
        source.unlink()
        source = cached_register(CACHE_DIR, n_opportunities)
        revision = check_file(source).revision
    if revision != HEAD_REVISION:
        open_register(source).close()
    mine, theirs = work / "mine-first.bluelight", work / "theirs-first.bluelight"
    shutil.copyfile(source, mine)
    shutil.copyfile(source, theirs)
    connection = sqlite3.connect(theirs)
    connection.execute("UPDATE setting SET value = ? WHERE key = 'register_id'", (str(uuid.uuid4()),))
    connection.execute("UPDATE setting SET value = 'Partner benchmark register' WHERE key = 'name'")
    connection.commit()
    connection.close()
    mine2, theirs2 = work / "mine.bluelight", work / "theirs.bluelight"
    shutil.copyfile(mine, mine2)
    shutil.copyfile(theirs, theirs2)
    with open_register(mine2) as a, open_register(theirs2, read_only=True) as b:
        apply_merge(a, b, plan_merge(a, b))

    rng = random.Random(6)
    with open_register(theirs2) as partner:
        data = partner.load()
        ids = sorted(data.opportunities)
        rng.shuffle(ids)
        n_changed, n_new = changes * 85 // 100, changes * 10 // 100
        n_deleted = changes - n_changed - n_new
        theirs_changed, theirs_deleted = ids[:n_changed], ids[n_changed : n_changed + n_deleted]
        stages = list(Stage)
        edit = Edit("Partner changes")
        for record_id in theirs_changed:
            before = data.opportunities[record_id]
            after = update(before, before, "").changes[0].after
            assert isinstance(after, Opportunity)
            after.stage = rng.choice([s for s in stages if s is not before.stage])
            after.cashable_saving_pence = rng.randrange(1, 2000) * 100_000
            edit.changes.append(RecordChange(before, after))
        for record_id in theirs_deleted:
            edit.changes.append(RecordChange(data.opportunities[record_id], None))
        for number in range(n_new):
            new = Opportunity(f"Partner opportunity {number}", reference=f"PTN-{number + 1:04d}", stage=Stage.IDEA)
            edit.changes.append(RecordChange(None, new))
        partner.apply(edit)
    with open_register(mine2) as register:
        data = register.load()
        overlap = theirs_changed[: changes // 10]  # both change the stage: conflicts
        others = [i for i in ids[n_changed + n_deleted :]][: changes - len(overlap)]
        edit = Edit("My changes")
        for record_id in [*overlap, *others]:
            before = data.opportunities[record_id]
            after = update(before, before, "").changes[0].after
            assert isinstance(after, Opportunity)
            after.notes = f"Reviewed by the programme office ({record_id[:8]})."
            if record_id in overlap:
                after.stage = Stage.PARKED if before.stage is not Stage.PARKED else Stage.CLOSED
            edit.changes.append(RecordChange(before, after))
        register.apply(edit)
    return {"first": (mine, theirs), "changed": (mine2, theirs2)}


def measure(operation: str, pairs: dict[str, tuple[Path, Path]], work: Path, memory: bool) -> dict[str, float]:
    mine, theirs = pairs["first" if operation == "first" else "changed"]
    run_mine, run_theirs = work / "run-mine.bluelight", work / "run-theirs.bluelight"
    shutil.copyfile(mine, run_mine)
    shutil.copyfile(theirs, run_theirs)
    result = subprocess.run(
        [sys.executable, __file__, "--child", operation, str(run_mine), str(run_theirs)]
        + (["--memory"] if memory else []),
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("OPERATION", "MINE", "THEIRS"), help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        operation, mine, theirs = args.child
        print(json.dumps(run_one(operation, Path(mine), Path(theirs), args.memory)))
        return 0

    os.environ["BLUELIGHT_HOME"] = tempfile.mkdtemp(prefix="bluelight-bench-merge-")
    work = Path(tempfile.mkdtemp(prefix="bluelight-bench-merge-work-"))
    try:
        started = time.perf_counter()
        pairs = prepare(work, args.opportunities, args.changes)
        print(
            f"Prepared two {args.opportunities:,}-opportunity registers, {args.changes:,} changes on each side, "
            f"in {time.perf_counter() - started:.1f} s; load average {os.getloadavg()[0]:.2f}"
        )
        figures: dict[str, dict[str, list[float]]] = {}
        for _ in range(args.repeats):
            for operation in OPERATIONS:  # interleaved, so that noise hits each alike
                timed = measure(operation, pairs, work, memory=False)
                sized = measure(operation, pairs, work, memory=True)
                entry = figures.setdefault(operation, {"seconds": [], "py_peak": [], "rss_rise": []})
                entry["seconds"].append(timed["seconds"])
                entry["py_peak"].append(sized["py_peak"])
                entry["rss_rise"].append(timed["rss_rise"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    base_seconds = statistics.median(figures["load"]["seconds"])
    base_memory = statistics.median(figures["load"]["py_peak"])
    print(f"{'operation':44} {'median s':>9} {'worst s':>8} {'x base':>7} {'py peak':>9} {'x base':>7} {'RSS +':>8}")
    for operation, label in OPERATIONS.items():
        entry = figures[operation]
        seconds, peak = statistics.median(entry["seconds"]), statistics.median(entry["py_peak"])
        print(
            f"{label:44} {seconds:9.2f} {max(entry['seconds']):8.2f} {seconds / base_seconds:7.1f} "
            f"{peak / 1e6:7.0f} MB {peak / base_memory:7.1f} {statistics.median(entry['rss_rise']) / 1e6:5.0f} MB"
        )
    merge_seconds = statistics.median(figures["merge"]["seconds"])
    merge_memory = statistics.median(figures["merge"]["py_peak"])
    passed = (
        merge_seconds < TARGET_SECONDS
        and merge_seconds / base_seconds < TARGET_TIME_RATIO
        and merge_memory / base_memory < TARGET_MEMORY_RATIO
    )
    print(
        "PASS" if passed else "FAIL",
        f"(merge under {TARGET_SECONDS:.0f} s and {TARGET_TIME_RATIO:.0f}x the baseline; Python peak under "
        f"{TARGET_MEMORY_RATIO:.0f}x)",
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
