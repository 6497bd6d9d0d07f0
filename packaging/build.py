"""Build the frozen app with one command: `python packaging/build.py [--self-test] [--archive]`.

Runs PyInstaller on packaging/bluelight.spec from the repository root and writes dist/bluelight/ (Linux,
Windows) or dist/Bluelight Desktop.app (macOS), then reports the size of the build folder and how long it took.
Needs PyInstaller: `python -m pip install -e ".[packaging]"`.

  --self-test   then run `bluelight self-test` from the build (offscreen), and fail if it fails
  --archive     Linux: also write dist/bluelight-desktop-VERSION-linux-ARCH.tar.gz holding the build (app/), the
                desktop files with install.sh (linux/) and the icons (icons/), for IT to unpack and install per user

On Linux the build is also checked for a Qt plugin whose Qt libraries were left out (see the spec's exclusions).
Exit status 0 when all went well, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "bluelight.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"


def build_folder() -> Path:
    if sys.platform == "darwin":
        return DIST / "Bluelight Desktop.app"
    return DIST / "bluelight"


def executable(console: bool = False) -> Path:
    """The app's executable in the build; `console` picks Windows' console executable for the subcommands."""
    if sys.platform == "win32":
        return DIST / "bluelight" / ("bluelight-cli.exe" if console else "bluelight.exe")
    if sys.platform == "darwin":
        return build_folder() / "Contents" / "MacOS" / "bluelight"
    return DIST / "bluelight" / "bluelight"


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under `path`, symbolic links not followed."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def missing_qt_libraries(folder: Path) -> list[str]:
    """Linux: Qt plugins in the build that need a Qt library the build does not have (`ldd` says not found)."""
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join([str(internal / "PySide6" / "Qt" / "lib"), str(internal)]))
    problems = []
    for plugin in sorted((internal / "PySide6" / "Qt" / "plugins").rglob("*.so")):
        result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, env=env, check=False)
        for line in result.stdout.splitlines():
            if "not found" in line and "Qt6" in line:
                problems.append(f"{plugin.relative_to(folder)} needs {line.split()[0]}")
    return problems


def run_self_test() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    print(f"\n$ QT_QPA_PLATFORM=offscreen {executable(console=True).relative_to(ROOT)} self-test", flush=True)
    return subprocess.run([str(executable(console=True)), "self-test"], env=env, check=False).returncode


def write_archive(version: str) -> Path:
    machine = platform.machine().lower() or "unknown"
    name = f"bluelight-desktop-{version}-linux-{machine}"
    archive = DIST / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(DIST / "bluelight", arcname=f"{name}/app")
        for item in sorted((HERE / "linux").iterdir()):
            tar.add(item, arcname=f"{name}/linux/{item.name}")
        tar.add(HERE / "icons" / "hicolor", arcname=f"{name}/icons/hicolor")
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the frozen Bluelight Desktop with PyInstaller.")
    parser.add_argument("--self-test", action="store_true", help="run `bluelight self-test` from the build")
    parser.add_argument("--archive", action="store_true", help="Linux: also write a .tar.gz with install.sh")
    args = parser.parse_args(argv)
    try:
        import PyInstaller
    except ImportError:
        print('build.py: PyInstaller is not installed; run: python -m pip install -e ".[packaging]"', file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT))
    from bluelight_desktop import __version__

    print(f"Building Bluelight Desktop {__version__} with PyInstaller {PyInstaller.__version__} ...", flush=True)
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        print("build.py: PyInstaller failed (see above).", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    folder = build_folder()
    size, files = folder_size(folder)
    print(f"Built {folder.relative_to(ROOT)} in {seconds:.0f} s: {size / 1e6:.0f} MB in {files} files.")
    problems = missing_qt_libraries(folder)
    if problems:
        print("build.py: Qt plugins in the build need libraries it left out:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    if args.archive:
        if not sys.platform.startswith("linux"):
            print("build.py: --archive is for Linux; Windows uses packaging/windows/bluelight.iss.", file=sys.stderr)
            return 1
        archive = write_archive(__version__)
        print(f"Wrote {archive.relative_to(ROOT)} ({archive.stat().st_size / 1e6:.0f} MB).")
    if args.self_test:
        status = run_self_test()
        if status != 0:
            print(f"build.py: the frozen app's self-test failed (exit status {status}).", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
