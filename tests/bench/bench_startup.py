"""Start-up benchmark: the app to its main window on a 1,000-opportunity register, against a bare PySide6
window started in the same run.

    python tests/bench/bench_startup.py [--runs 10] [--warmup 2] [--opportunities 1000] [--importtime]

Target (the issue): start-up to the main window shown with a 1,000-opportunity register in under 1.5 times
the bare window. Both are whole processes timed from spawn to exit, offscreen (QT_QPA_PLATFORM=offscreen)
with BLUELIGHT_HOME in a temporary folder, runs interleaved so that machine noise hits both alike:

  bare  python -c: import PySide6.QtWidgets, QApplication, QMainWindow holding a QTableView, show, quit
        from a zero timer in app.exec()
  app   python -m bluelight_desktop REGISTER with BLUELIGHT_QUIT_WHEN_SHOWN=1 (quits from a zero timer
        once the window is shown)

Both run from compiled bytecode in a private cache folder (PYTHONPYCACHEPREFIX), as an installed app
would; --no-bytecode-cache keeps the environment's own setting instead.

Exit status 0 when the ratio of medians is under the target, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_register import cached_register  # noqa: E402

TARGET_RATIO = 1.5

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1440, 860)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def _env(home: Path, pycache: Path | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", BLUELIGHT_HOME=str(home), **extra)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if pycache is not None:
        # Compiled bytecode, as an installed wheel or a frozen build has. An editable checkout run with
        # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module of the app on every start, which
        # the bare window (all of it precompiled in site-packages) never pays. The cache is a private
        # folder so the source tree is never written to; the warm-up runs fill it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def import_times(command: list[str], env: dict[str, str], top: int = 10) -> list[tuple[int, int, str]]:
    """(cumulative us, self us, module) of the slowest imports of one run under `python -X importtime`."""
    result = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (.*)$", line)
        if match:
            rows.append((int(match[2]), int(match[1]), match[3]))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up of the app against a bare PySide6 window.")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each first (default 2)")
    parser.add_argument("--opportunities", type=int, default=1000, help="size of the register (default 1000)")
    parser.add_argument("--importtime", action="store_true", help="also list the app's 10 slowest imports")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep this environment's bytecode settings (PYTHONDONTWRITEBYTECODE) instead of "
        "running both from a private, warmed bytecode cache",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bluelight-bench-") as temp:
        temp_path = Path(temp)
        home = temp_path / "home"
        home.mkdir()
        register = cached_register(temp_path, args.opportunities)
        bare_command = [sys.executable, "-c", BARE_WINDOW]
        app_command = [sys.executable, "-m", "bluelight_desktop", str(register)]
        pycache = None if args.no_bytecode_cache else temp_path / "pycache"
        bare_env = _env(home, pycache)
        app_env = _env(home, pycache, BLUELIGHT_QUIT_WHEN_SHOWN="1")

        for _ in range(max(args.warmup, 0 if pycache is None else 1)):
            _time(bare_command, bare_env)
            _time(app_command, app_env)
        bare: list[float] = []
        app: list[float] = []
        for number in range(args.runs):
            # Alternate which goes first, so neither always follows the other.
            order = [(bare_command, bare_env, bare), (app_command, app_env, app)]
            for command, env, times in order if number % 2 == 0 else reversed(order):
                times.append(_time(command, env))

        ratio = statistics.median(app) / statistics.median(bare)
        print(
            f"Start-up to the main window shown, {args.runs} runs each after {args.warmup} warm-up, "
            f"{args.opportunities} opportunities, offscreen"
        )
        print(
            f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.2f} (other work on the machine makes the figures noisy), bytecode "
            f"{'as this environment has it' if pycache is None else 'cached (as installed)'}"
        )
        print(f"{'':28} {'median':>9} {'min':>9} {'max':>9}")
        for label, times in (("bare PySide6 window", bare), ("Bluelight Desktop", app)):
            print(
                f"{label:28} {statistics.median(times) * 1000:7.0f} ms {min(times) * 1000:6.0f} ms "
                f"{max(times) * 1000:6.0f} ms"
            )
        print(f"{'extra over bare':28} {(statistics.median(app) - statistics.median(bare)) * 1000:7.0f} ms")
        verdict = "PASS" if ratio < TARGET_RATIO else "FAIL"
        print(f"ratio of medians {ratio:.2f} (target < {TARGET_RATIO}): {verdict}")

        if args.importtime:
            print("\nSlowest imports of one app run (python -X importtime, cumulative):")
            print(f"{'cumulative':>11} {'self':>9}  module")
            for cumulative, own, module in import_times(app_command, app_env):
                print(f"{cumulative / 1000:8.1f} ms {own / 1000:6.1f} ms  {module}")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
