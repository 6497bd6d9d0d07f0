"""Start-up of the frozen app (PyInstaller one-folder build) against the app installed from its wheel, and a bare
PySide6 window, in the same run.

    python packaging/build.py            # first: the frozen build in dist/bluelight
    python tests/bench/bench_frozen_startup.py [--runs 10] [--warmup 2] [--opportunities 1000] [--build DIR]

Each is a whole process timed from spawn to exit, offscreen, with BLUELIGHT_HOME in a temporary folder, on the same
1,000-opportunity register, runs interleaved so that machine noise hits all alike:

  bare    python -c: a QMainWindow holding a QTableView, shown, quit from a zero timer (as bench_startup.py)
  wheel   the `bluelight` command of the wheel built from this checkout and installed (no dependencies: those of
          this environment) into a private virtual environment, bytecode compiled at install as pip does
  frozen  dist/bluelight/bluelight (the build's executable)

The app quits from a zero timer once its main window is shown (BLUELIGHT_QUIT_WHEN_SHOWN=1).

Target: the frozen app starts in under 1.25 times the wheel's time (a frozen app should start about as fast as
an installed one: it imports compiled modules from one archive instead of many files, but unpacks nothing).
Exit status 0 when it does, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from bench_startup import BARE_WINDOW  # noqa: E402
from make_register import cached_register  # noqa: E402

TARGET_RATIO = 1.25


def frozen_executable(build: Path) -> Path:
    if sys.platform == "win32":
        return build / "bluelight.exe"
    if sys.platform == "darwin" and build.suffix == ".app":
        return build / "Contents" / "MacOS" / "bluelight"
    return build / "bluelight"


def install_wheel(folder: Path) -> Path:
    """The wheel of this checkout installed in a new virtual environment that sees this environment's packages
    for the dependencies; returns its `bluelight` command."""
    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    [wheel] = wheels.glob("bluelight_desktop-*.whl")
    environment = folder / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(environment)
    python = environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)], check=True
    )
    command = environment / ("Scripts/bluelight.exe" if sys.platform == "win32" else "bin/bluelight")
    where = subprocess.run(
        [str(python), "-c", "import bluelight_desktop; print(bluelight_desktop.__file__)"],
        capture_output=True,
        text=True,
        cwd=folder,
        env=clean_environment(),
        check=True,
    ).stdout.strip()
    if not Path(where).is_relative_to(environment):
        raise SystemExit(f"the virtual environment imports bluelight_desktop from {where}, not from the wheel")
    return command


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without what would make Python import the app from the checkout or recompile it."""
    env = dict(os.environ, **extra)
    for name in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"):
        env.pop(name, None)
    return env


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up of the frozen app against the installed wheel.")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each first (default 2)")
    parser.add_argument("--opportunities", type=int, default=1000, help="size of the register (default 1000)")
    parser.add_argument("--build", type=Path, default=ROOT / "dist" / "bluelight", help="the frozen build folder")
    args = parser.parse_args(argv)

    frozen = frozen_executable(args.build)
    if not frozen.is_file():
        raise SystemExit(f"no frozen build at {args.build}; make it first with: python packaging/build.py")
    with tempfile.TemporaryDirectory(prefix="bluelight-bench-") as temp:
        folder = Path(temp)
        home = folder / "home"
        home.mkdir()
        register = cached_register(folder, args.opportunities)
        wheel = install_wheel(folder)
        env = clean_environment(QT_QPA_PLATFORM="offscreen", BLUELIGHT_HOME=str(home), BLUELIGHT_QUIT_WHEN_SHOWN="1")
        commands = {
            "bare PySide6 window": [sys.executable, "-c", BARE_WINDOW],
            "installed wheel": [str(wheel), str(register)],
            "frozen build": [str(frozen), str(register)],
        }
        for _ in range(args.warmup):
            for command in commands.values():
                timed(command, env, folder)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for number in range(args.runs):
            order = list(commands.items())
            for name, command in order[number % len(order) :] + order[: number % len(order)]:
                times[name].append(timed(command, env, folder))

    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["frozen build"] / medians["installed wheel"]
    print(
        f"Start-up to the main window shown, {args.runs} runs each after {args.warmup} warm-up, "
        f"{args.opportunities} opportunities, offscreen"
    )
    print(
        f"Python {sys.version.split()[0]}, {sys.platform}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f} (other work on the machine makes the figures noisy)"
    )
    print(f"{'':22} {'median':>9} {'min':>9} {'max':>9}")
    for name, values in times.items():
        print(f"{name:22} {medians[name] * 1000:7.0f} ms {min(values) * 1000:6.0f} ms {max(values) * 1000:6.0f} ms")
    verdict = "PASS" if ratio < TARGET_RATIO else "FAIL"
    print(f"frozen / wheel, ratio of medians {ratio:.2f} (target < {TARGET_RATIO}): {verdict}")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
