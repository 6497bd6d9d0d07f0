"""Exporting a 10,000-opportunity register for a partner, against a plain copy of the same file.

    python tests/bench/bench_export.py [--opportunities 10000] [--repeats 3]

What is timed (each in a fresh child process of this script, so that its peak memory is its own):

  * baselines: shutil.copyfile of the register file, as a person copying it to a USB stick would, and the same
    then fsync (every export is flushed to disk before it takes its name; a copy in the page cache is not);
  * export: export_register(register, dest), the whole register;
  * shareable only: export_register(..., shareable_only=True) (a tenth of the generated opportunities are not
    shareable: they are deleted in the copy with their links and history, then the copy is rewritten);
  * sealed: export_register(..., passphrase=...) (scrypt N=2**17, r=8, p=1, then AES-256-GCM);
  * sealed, shareable only: both;
  * open received (sealed): open_received(dest, passphrase), what a partner's merge or read-only view pays;
  * scrypt alone: deriving one key, the fixed cost inside every sealed export and every opening.

Each child imports everything first, then times the operation with time.perf_counter and reports two memory
figures: "peak RSS +" is the process's peak resident size during the operation (ru_maxrss, its count reset first
through /proc/self/clear_refs on Linux) less its resident size just before, which counts SQLite's and OpenSSL's
memory (scrypt's 128 MiB among it); "py peak" is tracemalloc's
peak of Python allocations during it (the file's bytes held in memory for sealing show there). Median and worst
of --repeats runs; the ratio column divides the median by the first baseline's median. The register is made by
make_register.py and cached in the system temporary folder (bluelight-bench/).

There is no pass or fail target in the issue for export; this prints the figures and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
CACHE_DIR = Path(tempfile.gettempdir()) / "bluelight-bench"
PASSPHRASE = "Fulwood control room 2026"
OPERATIONS = {
    "copy": "baseline: shutil.copyfile",
    "copy-fsync": "baseline: copyfile, then fsync",
    "export": "export_register",
    "shareable": "export_register, shareable only",
    "sealed": "export_register, sealed",
    "sealed-shareable": "export_register, sealed, shareable only",
    "open-sealed": "open_received (sealed export)",
    "scrypt": "scrypt key alone (N=2**17, r=8, p=1)",
}


def _peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # kilobytes on Linux


def _reset_peak_rss() -> int:
    """Start a fresh peak-RSS count where Linux allows it (clear_refs 5 resets VmHWM), and return the resident
    size now: the peak during the operation minus this is what the operation added. Elsewhere the peak cannot be
    reset, and the figure is the rise of the whole process's peak (0 when imports peaked higher)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _peak_rss_bytes()


def run_one(operation: str, register_path: Path, work: Path) -> dict[str, float]:
    """One operation in this (child) process: seconds, peak RSS rise and tracemalloc peak, in bytes."""
    from bluelight_desktop.storage import sealed
    from bluelight_desktop.storage.export import export_register, open_received
    from bluelight_desktop.storage.register import Register

    dest = work / "out.bluelight"
    register = Register(register_path, read_only=True)
    prepared = None
    if operation == "open-sealed":
        export_register(register, work / "sealed.bluelight", passphrase=PASSPHRASE)
        prepared = work / "sealed.bluelight"
    actions = {
        "copy": lambda: shutil.copyfile(register_path, dest),
        "copy-fsync": lambda: _copy_and_sync(register_path, dest),
        "export": lambda: export_register(register, dest),
        "shareable": lambda: export_register(register, dest, shareable_only=True),
        "sealed": lambda: export_register(register, dest, passphrase=PASSPHRASE),
        "sealed-shareable": lambda: export_register(register, dest, shareable_only=True, passphrase=PASSPHRASE),
        "open-sealed": lambda: open_received(prepared, PASSPHRASE).close(),  # type: ignore[arg-type]
        "scrypt": lambda: sealed.seal_parts(b"", PASSPHRASE),
    }
    action = actions[operation]
    rss_before = _reset_peak_rss()
    tracemalloc.start()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    _current, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    register.close()
    return {
        "seconds": seconds,
        "rss_rise": max(0, _peak_rss_bytes() - rss_before),
        "py_peak": py_peak,
        "size": dest.stat().st_size if dest.exists() else 0,
    }


def _copy_and_sync(source: Path, dest: Path) -> None:
    shutil.copyfile(source, dest)
    with dest.open("rb+") as handle:
        os.fsync(handle.fileno())


def bench_register_path(n_opportunities: int) -> Path:
    """The cached benchmark register, remade if this version cannot open it and brought up to date if older, so
    that no export pays for a migration."""
    from make_register import cached_register

    from bluelight_desktop.storage.register import HEAD_REVISION, RegisterError, check_file, open_register

    CACHE_DIR.mkdir(exist_ok=True)
    path = cached_register(CACHE_DIR, n_opportunities)
    try:
        revision = check_file(path).revision
    except RegisterError:
        path.unlink()
        path = cached_register(CACHE_DIR, n_opportunities)
        revision = check_file(path).revision
    if revision != HEAD_REVISION:
        open_register(path).close()  # upgrades it (after a backup in the temporary BLUELIGHT_HOME)
    return path


def child(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="bluelight-bench-export-"))
    try:
        result = run_one(args.one, Path(args.register), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Export a large register against a plain file copy.")
    parser.add_argument("--opportunities", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", choices=tuple(OPERATIONS), help=argparse.SUPPRESS)
    parser.add_argument("--register", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    home = tempfile.TemporaryDirectory(prefix="bluelight-bench-home-")
    os.environ["BLUELIGHT_HOME"] = home.name
    if args.one:
        return child(args)

    made = time.perf_counter()
    path = bench_register_path(args.opportunities)
    made = time.perf_counter() - made
    results: dict[str, list[dict[str, float]]] = {key: [] for key in OPERATIONS}
    for _ in range(args.repeats):  # interleaved, so that noise on the machine hits every operation alike
        for key in OPERATIONS:
            completed = subprocess.run(
                [sys.executable, __file__, "--one", key, "--register", str(path)],
                capture_output=True,
                text=True,
                check=False,
                env=dict(os.environ),
            )
            if completed.returncode != 0:
                print(f"{key} failed:\n{completed.stderr}", file=sys.stderr)
                return 1
            results[key].append(json.loads(completed.stdout.strip().splitlines()[-1]))

    origin = f"made in {made:.1f} s" if made > 0.5 else "cached"
    print(
        f"Register of {args.opportunities:,} opportunities ({path}, {path.stat().st_size / 1e6:.1f} MB, {origin}); "
        f"median and worst of {args.repeats}, each run in its own process"
    )
    print(
        f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f} (other work on the machine makes the figures noisy)"
    )
    print(f"\n{'':42} {'median':>8} {'worst':>8} {'x copy':>7} {'peak RSS +':>11} {'py peak':>9} {'file':>8}")
    baseline = statistics.median(r["seconds"] for r in results["copy"])
    for key, label in OPERATIONS.items():
        runs = results[key]
        median = statistics.median(r["seconds"] for r in runs)
        worst = max(r["seconds"] for r in runs)
        rss = statistics.median(r["rss_rise"] for r in runs) / 2**20
        py_peak = statistics.median(r["py_peak"] for r in runs) / 2**20
        size = statistics.median(r["size"] for r in runs) / 1e6
        ratio = f"{median / baseline:6.1f}x" if baseline > 0 else ""
        shown_size = f"{size:6.1f} MB" if size else ""
        print(
            f"  {label:40} {median:6.3f} s {worst:6.3f} s {ratio:>7} {rss:8.1f} MiB {py_peak:5.1f} MiB {shown_size:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
