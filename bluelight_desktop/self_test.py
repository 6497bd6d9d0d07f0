"""`bluelight self-test`: the sample register through the app's main jobs, for IT departments after installing.

Each job runs the same code as the command users run (`cli.main` with the subcommand's arguments), in a
temporary folder with its own BLUELIGHT_HOME, so the user's registers, backups and recent list are never
touched. One line per job (OK or FAILED, the time, what it did or why it failed), then the verdict; exit 0 when
every job passed, 1 otherwise.

Jobs, in order (each uses what the earlier ones wrote):

  sample    write the Lancashire sample register (`bluelight sample`)
  open      open it in the main window, offscreen (nothing is shown), and draw the board
  check     verify the file (`bluelight check`): type, schema, integrity, every record read
  board     the effort/benefit board as a PDF page (`bluelight board -o board.pdf`)
  calendar  the boards' meetings as an iCalendar file (`bluelight calendar -o meetings.ics`)
  pack      the Programme Board's next meeting pack as a PDF (`bluelight pack --next CPB -o pack.pdf`)
  export    a sealed, shareable-only copy for a partner (`bluelight export --shareable-only --passphrase-file`)
  merge     a new partner register merges that copy (`bluelight merge --passphrase-file --report`)
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from . import APP_NAME, __version__

# The day the sample's story is set (tests/gallery.py uses it too): the calendar and the pack count from it, so
# the jobs do the same work whatever the computer's clock says.
SAMPLE_TODAY = date(2026, 11, 21)
SAMPLE_BOARD = "CPB"  # the sample's Programme Board, whose next meeting has the fullest agenda
PASSPHRASE = "self-test passphrase"


class JobFailed(Exception):
    """A job's plain reason for failing."""


@dataclass(frozen=True)
class JobResult:
    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass(frozen=True)
class Files:
    """Where the jobs write, inside the self-test's folder."""

    folder: Path

    @property
    def register(self) -> Path:
        return self.folder / "Lancashire sample.bluelight"

    @property
    def board(self) -> Path:
        return self.folder / "board.pdf"

    @property
    def calendar(self) -> Path:
        return self.folder / "meetings.ics"

    @property
    def pack(self) -> Path:
        return self.folder / "pack.pdf"

    @property
    def export(self) -> Path:
        return self.folder / "Lancashire for partner.bluelight"

    @property
    def passphrase(self) -> Path:
        return self.folder / "passphrase.txt"

    @property
    def partner(self) -> Path:
        return self.folder / "Partner.bluelight"

    @property
    def merge_report(self) -> Path:
        return self.folder / "merge report.txt"

    @property
    def home(self) -> Path:
        return self.folder / "home"


def _command(files: Files, *args: str | Path) -> str:
    """Run `bluelight ARGS` in this process as the command line does; its last printed line, or JobFailed with
    the line it printed on failure."""
    from .cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    if code != 0:
        lines = err.getvalue().strip().splitlines() or out.getvalue().strip().splitlines() or [f"exit status {code}"]
        raise JobFailed(_short(files, lines[-1]))
    lines = out.getvalue().strip().splitlines()
    return _short(files, lines[0] if lines else "done")


def _short(files: Files, text: str) -> str:
    """Paths inside the self-test's folder by their names alone."""
    return text.replace(str(files.folder) + os.sep, "").replace(str(files.folder), ".")


def _expect_file(path: Path, starts: bytes, what: str) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(starts))
    except OSError as exc:
        raise JobFailed(f"{path.name} was not written: {exc.strerror or exc}.") from exc
    if head != starts:
        raise JobFailed(f"{path.name} is not {what}.")


def _sample(files: Files) -> str:
    return _command(files, "sample", files.register)


def _open(files: Files) -> str:
    """The register in the main window on Qt's offscreen platform (so this works with no display), then the
    board: Qt's libraries, plugins, fonts and the app's stylesheet and icons are all loaded."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    messages: list[str] = []

    def keep(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and "propagateSizeHints" not in message:
            messages.append(message)

    previous = qInstallMessageHandler(keep)
    try:
        if QApplication.instance() is None:
            # -platform on the command line wins over QT_QPA_PLATFORM: nothing is shown, and no display is needed.
            QApplication(["bluelight", "-platform", "offscreen"])
        from .gui.app import make_application
        from .gui.main_window import MainWindow

        app = make_application()
        window = MainWindow()
        problems: list[str] = []
        window.show_error = lambda title, text: problems.append(f"{title}: {text}")  # type: ignore[method-assign]
        try:
            window.show()
            opened = window.open_path(files.register)
            app.processEvents()
            if not opened or window.session is None:
                raise JobFailed(_short(files, problems[0]) if problems else "the register did not open in the window.")
            rows = window.model.rowCount()
            window.show_board()
            app.processEvents()
            cards = len(window.board.scene.cards)
            if problems:
                raise JobFailed(_short(files, problems[0]))
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    except JobFailed as exc:
        raise JobFailed("; ".join([str(exc), *messages])) from exc
    finally:
        qInstallMessageHandler(previous)
    platform_name = QApplication.platformName()
    return f"main window ({platform_name}): {rows} opportunities in the table, {cards} cards on the board"


def _check(files: Files) -> str:
    return _command(files, "check", files.register)


def _board(files: Files) -> str:
    line = _command(files, "board", files.register, "-o", files.board)
    _expect_file(files.board, b"%PDF-", "a PDF")
    return line


def _calendar(files: Files) -> str:
    line = _command(files, "calendar", files.register, "-o", files.calendar)
    _expect_file(files.calendar, b"BEGIN:VCALENDAR", "an iCalendar file")
    return line


def _pack(files: Files) -> str:
    line = _command(files, "pack", files.register, "--next", SAMPLE_BOARD, "-o", files.pack)
    _expect_file(files.pack, b"%PDF-", "a PDF")
    return line


def _export(files: Files) -> str:
    files.passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    line = _command(
        files,
        "export",
        files.register,
        "-o",
        files.export,
        "--shareable-only",
        "--passphrase-file",
        files.passphrase,
    )
    if not files.export.is_file():
        raise JobFailed(f"{files.export.name} was not written.")
    return line


def _merge(files: Files) -> str:
    """A partner service's new register receives the sealed copy and merges it, as their officer would."""
    from .storage.register import Register, create_register

    create_register(files.partner, "Self-test partner service", "PTN").close()
    line = _command(
        files,
        "merge",
        files.partner,
        files.export,
        "--passphrase-file",
        files.passphrase,
        "--report",
        files.merge_report,
    )
    with Register(files.register, read_only=True) as mine:
        shareable = sum(1 for o in mine.load().opportunities.values() if o.shareable)
    with Register(files.partner, read_only=True) as partner:
        received = partner.counts()["opportunities"]
    if received != shareable:
        raise JobFailed(f"the partner's register holds {received} opportunities after the merge, not {shareable}.")
    return line


JOBS: tuple[tuple[str, Callable[[Files], str]], ...] = (
    ("sample", _sample),
    ("open", _open),
    ("check", _check),
    ("board", _board),
    ("calendar", _calendar),
    ("pack", _pack),
    ("export", _export),
    ("merge", _merge),
)


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_jobs(folder: Path, out: TextIO) -> list[JobResult]:
    """Run every job in `folder` (which must exist), printing one line for each as it ends."""
    files = Files(folder)
    files.home.mkdir(exist_ok=True)
    results: list[JobResult] = []
    with _environment(BLUELIGHT_HOME=str(files.home), BLUELIGHT_TODAY=SAMPLE_TODAY.isoformat()):
        for name, job in JOBS:
            started = time.perf_counter()
            try:
                detail, ok = job(files), True
            except JobFailed as exc:
                detail, ok = str(exc), False
            except Exception as exc:  # a job that breaks is a FAILED line, never a traceback
                detail, ok = f"{type(exc).__name__}: {exc}", False
            result = JobResult(name, ok, time.perf_counter() - started, detail)
            results.append(result)
            print(f"  {'OK' if ok else 'FAILED':6}  {name:8}  {result.seconds:6.2f} s  {detail}", file=out, flush=True)
    return results


def _versions() -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError as exc:
        qt = f"Qt not found ({exc})"
    build = "frozen build" if getattr(sys, "frozen", False) else "Python package"
    return f"Python {platform.python_version()}, {qt}, {platform.platform()}, {build}"


def run(keep: bool = False, out: TextIO | None = None) -> int:
    """The whole self-test with its report; 0 when every job passed, 1 otherwise."""
    from .paths import data_dir

    out = out or sys.stdout
    print(f"{APP_NAME} {__version__} self-test", file=out)
    print(_versions(), file=out)
    print(f"Data folder (registers and backups): {data_dir()}", file=out)
    folder = Path(tempfile.mkdtemp(prefix="bluelight-self-test-"))
    print(f"Working in {folder}, away from your registers", file=out, flush=True)
    started = time.perf_counter()
    try:
        results = run_jobs(folder, out)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    seconds = time.perf_counter() - started
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(f"FAILED: {', '.join(failed)} (see above), in {seconds:.1f} s.", file=out)
    else:
        print(f"Every job passed, in {seconds:.1f} s.", file=out)
    if keep:
        print(f"Kept what the jobs wrote in {folder}", file=out)
    # Last, in the form test runners close with, for scripts (and CI) that read it.
    print(f"self-test: {len(results) - len(failed)} passed, {len(failed)} failed", file=out)
    return 1 if failed else 0
