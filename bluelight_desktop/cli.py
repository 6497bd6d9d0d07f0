"""The `bluelight` command: the app, and headless subcommands.

Exit codes for every subcommand: 0 success, 1 a failure explained in one plain line on stderr, 2 wrong usage;
`merge` exits 3 when conflicts stop it (the register unchanged).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from . import APP_NAME, __version__

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_CONFLICTS = 3  # merge: conflicts to resolve, nothing written
SUBCOMMANDS = (
    "sample",
    "check",
    "board",
    "calendar",
    "pack",
    "export",
    "merge",
    "import",
    "self-test",
    "backups",
    "restore",
    "history",
)
BOARD_FORMATS = (".pdf", ".png")
CALENDAR_MONTHS = (1, 60)
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
PACK_SECTIONS = ("papers", "board", "benefits", "actions", "decisions", "minutes", "register")
EXPORT_FORMATS = (".bluelight", ".xlsx", ".csv")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bluelight",
        description=f"{APP_NAME}: run a blue light collaboration programme from a register file.",
        epilog=f"Subcommands: {', '.join(SUBCOMMANDS)} (bluelight SUBCOMMAND --help).",
    )
    parser.add_argument("register", nargs="?", type=Path, help="register file to open (default: your register)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bluelight")
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="write the Lancashire sample register")
    sample.add_argument("out", type=Path, metavar="OUT.bluelight")
    sample.add_argument("--force", action="store_true", help="replace OUT if it exists")
    check = commands.add_parser("check", help="verify a register file and print a summary")
    check.add_argument("register", type=Path, metavar="REGISTER")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    board = commands.add_parser(
        "board",
        help="export the effort/benefit board as a PDF page or a PNG image",
        description="Export the effort/benefit board of a register: a vector PDF page (A4 landscape) or a "
        "1920x1080 PNG, chosen by the output's extension.",
    )
    board.add_argument("register", type=Path, metavar="REGISTER")
    board.add_argument("-o", "--out", type=_board_output, required=True, metavar="OUT.pdf|OUT.png")
    board.add_argument("--workstream", metavar="NAME", help="only this workstream's opportunities")
    board.add_argument(
        "--marking",
        type=str.upper,
        choices=MARKINGS,
        default="OFFICIAL",
        help="protective marking at the top and bottom (default OFFICIAL)",
    )
    calendar = commands.add_parser(
        "calendar",
        help="write the boards' meetings and paper deadlines as a calendar file (.ics) for Outlook",
        description="Write the boards' meetings, from the first of this month, as an iCalendar file: each "
        "meeting an event in UK time with its place, chairs and agenda, and its paper deadline an all-day "
        "event. Importing a later export updates the same events; cancelled meetings are removed.",
    )
    calendar.add_argument("register", type=Path, metavar="REGISTER")
    calendar.add_argument("-o", "--out", type=_calendar_output, required=True, metavar="OUT.ics")
    calendar.add_argument("--board", metavar="NAME", help="only this board's meetings (its name or short name)")
    calendar.add_argument(
        "--months",
        type=_calendar_months,
        default=12,
        metavar="N",
        help=f"how many months ahead, {CALENDAR_MONTHS[0]} to {CALENDAR_MONTHS[1]} (default 12)",
    )
    pack = commands.add_parser(
        "pack",
        help="build a board meeting's pack (agenda and papers) as a PDF",
        description="Build the pack for a board meeting: cover, contents and agenda, the papers, the effort and "
        "benefit board with the meeting's items outlined, a benefits summary with its charts, open actions, "
        "decisions since the last meeting, its minutes and the register as an appendix. With SOURCE_DATE_EPOCH "
        "set, the same register gives the same bytes.",
    )
    pack.add_argument("register", type=Path, metavar="REGISTER")
    which = pack.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar="REF", help="the meeting's reference, such as CPB-2026-12-15")
    which.add_argument("--next", metavar="BOARD", help="the board's next meeting from today (its name or short name)")
    pack.add_argument("-o", "--out", type=_pack_output, required=True, metavar="OUT.pdf")
    pack.add_argument(
        "--marking",
        type=str.upper,
        choices=MARKINGS,
        help="protective marking on every page (default: the register's own, OFFICIAL unless set)",
    )
    pack.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="encrypt the PDF (AES-256) with the password on the first line of FILE",
    )
    pack.add_argument(
        "--leave-out",
        action="append",
        default=[],
        choices=PACK_SECTIONS,
        metavar="SECTION",
        help=f"leave a section out ({', '.join(PACK_SECTIONS)}); repeat for more",
    )
    export = commands.add_parser(
        "export",
        help="write a copy of a register for a partner (.bluelight), or a spreadsheet (.xlsx, .csv)",
        description="Write a copy of a register for a partner service: a checked snapshot (never the live file) "
        "that opens in the app like any register, encrypted with AES-256-GCM when a passphrase is given. OUT "
        "ending .xlsx or .csv writes the opportunities as a spreadsheet instead. The register is only read.",
    )
    export.add_argument("register", type=Path, metavar="REGISTER")
    export.add_argument("-o", "--out", type=_export_output, required=True, metavar="OUT.bluelight|OUT.xlsx|OUT.csv")
    export.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="encrypt the copy with the passphrase on the first line of FILE (at least 8 characters; .bluelight only)",
    )
    export.add_argument(
        "--shareable-only",
        action="store_true",
        help="leave out the opportunities not marked as shareable, with their agenda items, decisions, actions "
        "and history",
    )
    export.add_argument("--force", action="store_true", help="replace OUT if it exists")
    merge = commands.add_parser(
        "merge",
        help="merge a partner's register into yours, field by field",
        description="Merge INCOMING, a register a partner service sent you, into REGISTER: records match by their "
        "id, and each field is compared with what the two registers last exchanged, so a change made on one side "
        "is taken and the same change on both sides is no conflict. Changes on both sides that differ are "
        "conflicts: without --prefer they stop the merge, are listed one per line, and the command exits 3 with "
        "REGISTER unchanged. A backup is taken first and the merge is written in one transaction.",
    )
    merge.add_argument("register", type=Path, metavar="REGISTER")
    merge.add_argument("incoming", type=Path, metavar="INCOMING")
    merge.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="the passphrase of an encrypted INCOMING, on the first line of FILE",
    )
    merge.add_argument(
        "--prefer",
        choices=("mine", "theirs"),
        help="settle every conflict by keeping mine or taking theirs (default: conflicts stop the merge)",
    )
    merge.add_argument(
        "--report", type=Path, metavar="OUT.txt", help="write what was new, changed, deleted and in conflict"
    )
    spreadsheet = commands.add_parser(
        "import",
        help="import opportunities from a spreadsheet (.xlsx or .csv)",
        description="Import each row of a spreadsheet (an Excel workbook or a CSV file) into REGISTER as an "
        "opportunity. Columns are matched from common header spellings (or MAP.json, a JSON object from field "
        'names to headers, such as {"title": "Project name"}); organisations and workstreams are matched by name '
        "and created when new. All or nothing: a row with a problem stops the import, lists every problem by its "
        "row number and exits 1 with REGISTER unchanged, unless --skip-bad-rows leaves those rows out. A backup is "
        "taken first and the import is one change (one Undo in the app).",
    )
    spreadsheet.add_argument("register", type=Path, metavar="REGISTER")
    spreadsheet.add_argument("file", type=Path, metavar="FILE", help="the .xlsx workbook or .csv file")
    spreadsheet.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet (default: the first whose headers name a title)"
    )
    spreadsheet.add_argument(
        "--mapping", type=Path, metavar="MAP.json", help="which column holds which field, where the headers differ"
    )
    spreadsheet.add_argument("--dry-run", action="store_true", help="say what would be imported; write nothing")
    spreadsheet.add_argument(
        "--skip-bad-rows", action="store_true", help="leave rows with problems out and import the rest"
    )
    self_test = commands.add_parser(
        "self-test",
        help="run the sample register through the main jobs and report (for IT after installing)",
        description="Write the sample register in a temporary folder and run it through the app's main jobs: open "
        "it in the main window (offscreen), check, board (PDF), calendar (.ics), pack (PDF), export and merge. "
        "Prints one line per job with OK or FAILED and its time, and the versions and data folder. Your own "
        "registers, backups and recent list are not touched. Exit status 0 when every job passed, 1 otherwise.",
    )
    self_test.add_argument("--keep", action="store_true", help="keep the temporary folder and what the jobs wrote")
    backups = commands.add_parser(
        "backups",
        help="list a register's backups, newest first",
        description="List the backups of REGISTER in the backups folder, newest first: when each was taken, why "
        "(on opening, before an import, a merge, an upgrade or a restore), its size and what it holds. The numbers "
        "are what `bluelight restore` takes.",
    )
    backups.add_argument("register", type=Path, metavar="REGISTER")
    restore = commands.add_parser(
        "restore",
        help="put a register back as it was when one of its backups was taken",
        description="Replace REGISTER with BACKUP (a number from `bluelight backups REGISTER`, 1 the newest, or a "
        "backup's path). The backup is checked first and REGISTER is backed up as it is ('before restore'), so a "
        "restore can itself be undone the same way. Refused, with REGISTER unchanged, when the backup is damaged or "
        "belongs to another register, or while the app has REGISTER open.",
    )
    restore.add_argument("register", type=Path, metavar="REGISTER")
    restore.add_argument("backup", metavar="BACKUP")
    history = commands.add_parser(
        "history",
        help="write a register's change history (who changed what, and when) as a CSV file",
        description="Write every change to REGISTER, newest first, as a CSV file for Excel (UTF-8, protective "
        "marking on the first line): when (local time), who, what, the record, the field, from, to and the meeting "
        "it was made at. The options narrow it as the History view's filters do. The register is only read.",
    )
    history.add_argument("register", type=Path, metavar="REGISTER")
    history.add_argument("-o", "--out", type=_csv_output, required=True, metavar="OUT.csv")
    history.add_argument("--by", metavar="USER", help="only the changes this user made")
    history.add_argument("--search", metavar="TEXT", help="only changes whose record, action or values hold TEXT")
    history.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="only changes on or after this day")
    history.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="only changes on or before this day")
    return parser


def _csv_output(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != ".csv":
        raise argparse.ArgumentTypeError(f"{value!r} must end in .csv")
    return path


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date such as 2026-11-21") from None


def _export_output(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in EXPORT_FORMATS:
        raise argparse.ArgumentTypeError(
            f"{value!r} must end in .bluelight (a register), .xlsx or .csv (a spreadsheet)"
        )
    return path


def _pack_output(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(f"{value!r} must end in .pdf")
    return path


def _calendar_output(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != ".ics":
        raise argparse.ArgumentTypeError(f"{value!r} must end in .ics (an iCalendar file)")
    return path


def _calendar_months(value: str) -> int:
    low, high = CALENDAR_MONTHS
    try:
        months = int(value)
    except ValueError:
        months = 0
    if not low <= months <= high:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of months from {low} to {high}")
    return months


def _board_output(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in BOARD_FORMATS:
        raise argparse.ArgumentTypeError(f"{value!r} must end in .pdf or .png (the format follows the extension)")
    return path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        args = _subcommand_parser().parse_args(argv)
        try:
            commands = {
                "sample": _sample,
                "check": _check,
                "board": _board,
                "calendar": _calendar,
                "pack": _pack,
                "export": _export,
                "merge": _merge,
                "import": _import_spreadsheet,
                "self-test": _self_test,
                "backups": _backups,
                "restore": _restore,
                "history": _history,
            }
            return commands[args.command](args)
        except KeyboardInterrupt:
            return _fail("stopped.")
        except Exception as exc:  # never a traceback: one plain line, exit 1
            return _fail(f"something went wrong that the app did not expect ({type(exc).__name__}: {exc}).")
    args = _gui_parser().parse_args(argv)
    from .gui.app import run

    return run(args.register)


def _fail(message: str) -> int:
    print(f"bluelight: {message}", file=sys.stderr)
    return EXIT_FAILURE


def _output_problem(out: Path, example: str, register: Path | None = None, what: str = "") -> str | None:
    """Why `out` cannot be written (a folder, a missing folder, the register itself), or None."""
    if out.is_dir():
        return f"{out} is a folder; give a file name such as {example}."
    if not out.parent.is_dir():
        return f"the folder {out.parent} does not exist."
    if register is not None and out.exists() and register.exists() and out.samefile(register):
        return f"{out} is the register itself; choose another name for the {what}."
    return None


def _today() -> date | None:
    """Today, or the date in BLUELIGHT_TODAY (tests, and a clerk rehearsing next month's papers, set it); None
    when that is not a date."""
    text = os.environ.get("BLUELIGHT_TODAY", "").strip()
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


_BAD_TODAY = "BLUELIGHT_TODAY is {!r}; give a date such as 2026-11-21."


def _secret_from_file(path: Path | None, word: str) -> tuple[str | None, str | None]:
    """The password or passphrase on the first line of `path` (a byte order mark and line end dropped), and
    the plain problem when it cannot be read or is empty. (None, None) when no file was given."""
    if path is None:
        return None, None
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is not a text file"
        return None, f"could not read the {word} file {path}: {reason}."
    secret = lines[0] if lines else ""
    if not secret:
        return None, f"the {word} file {path} is empty; put the {word} on its first line."
    return secret, None


def _no_such_board(data: Any, name: str) -> str:
    """The message for a board name that matches none, listing the boards there are."""
    names = sorted(
        (f"{b.name} ({b.short_name})" if b.short_name else b.name for b in data.boards.values()), key=str.casefold
    )
    known = f"Boards: {', '.join(names)}." if names else "The register has no boards."
    return f"There is no board called {name}. {known}"


def _sample(args: argparse.Namespace) -> int:
    from .storage.register import RegisterError
    from .storage.sample import write_sample

    out: Path = args.out
    if out.exists():
        if not args.force:
            return _fail(f"{out} already exists; choose another name or add --force to replace it.")
        if out.is_dir():
            return _fail(f"{out} is a folder; give a file name such as sample.bluelight.")
        out.unlink()
    try:
        with write_sample(out) as register:
            counts = register.counts()
    except RegisterError as exc:
        return _fail(str(exc))
    print(
        f"Wrote the sample register to {out}: {counts['opportunities']} opportunities, "
        f"{counts['organisations']} organisations, {counts['boards']} boards."
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .storage.register import Register, RegisterError, check_file

    path: Path = args.register
    try:
        found = check_file(path, thorough=True)
        with Register(path, read_only=True) as register:
            register.load()  # reads every record: finds damage SQLite's own checks miss (e.g. bad text)
            counts = register.counts()
            name = register.settings().name
    except RegisterError as exc:
        if args.json:
            print(json.dumps({"ok": False, "schema": None, "error": str(exc), "counts": None}))
        return _fail(str(exc))
    if args.json:
        print(json.dumps({"ok": True, "schema": found.revision, "counts": counts}))
    else:
        print(f'{path.name}: a Bluelight register, "{name}", schema {found.revision}, integrity ok.')
        print(", ".join(f"{n} {k}" for k, n in counts.items()))
    return EXIT_OK


def _board(args: argparse.Namespace) -> int:
    from .core.board import BoardRules
    from .storage.register import RegisterError, open_register

    out: Path = args.out
    if problem := _output_problem(out, f"board{out.suffix or '.pdf'}"):
        return _fail(problem)
    try:
        with open_register(args.register, read_only=True) as register:
            data = register.load()
    except RegisterError as exc:
        return _fail(str(exc))
    workstream_id = None
    if args.workstream is not None:
        wanted = " ".join(args.workstream.split()).casefold()
        found = [w for w in data.workstreams.values() if w.name.casefold() == wanted]
        if not found:
            names = sorted((w.name for w in data.workstreams.values()), key=str.casefold)
            known = f"Workstreams: {', '.join(names)}." if names else "The register has no workstreams."
            return _fail(f"There is no workstream called {args.workstream}. {known}")
        workstream_id = found[0].id
    rules = BoardRules.from_settings(data.settings)
    try:
        if out.suffix.lower() == ".png":
            from .gui.board_export import write_board_png

            write_board_png(out, data, rules, workstream_id, marking=args.marking)
        else:
            from .reports.board_pdf import write_board_pdf

            write_board_pdf(out, data, rules, workstream_id, marking=args.marking)
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}.")
    count = sum(1 for o in data.opportunities.values() if workstream_id is None or o.workstream_id == workstream_id)
    print(f"Wrote the board of {count} {'opportunity' if count == 1 else 'opportunities'} to {out}")
    return EXIT_OK


def _calendar(args: argparse.Namespace) -> int:
    from .core.formatting import format_date
    from .core.governance import find_board, horizon_end
    from .reports.calendar_file import calendar_meetings, write_calendar
    from .storage.register import RegisterError, open_register

    out: Path = args.out
    if problem := _output_problem(out, "meetings.ics", args.register, "calendar"):
        return _fail(problem)
    today = _today()
    if today is None:
        return _fail(_BAD_TODAY.format(os.environ["BLUELIGHT_TODAY"]))
    try:
        with open_register(args.register, read_only=True) as register:
            data = register.load()
            board_id = None
            if args.board is not None:
                board = find_board(data, args.board)
                if board is None:
                    return _fail(_no_such_board(data, args.board))
                board_id = board.id
            cancelled = sum(1 for m in calendar_meetings(data, today, board_id, args.months) if m.cancelled)
            count = write_calendar(data, out, today, board_id, args.months, history=register.history)
    except RegisterError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}.")
    meetings = "1 meeting" if count == 1 else f"{count} meetings"
    note = f" ({cancelled} cancelled)" if cancelled else ""
    span = f"{format_date(today.replace(day=1))} to {format_date(horizon_end(today, args.months))}"
    print(f"Wrote {meetings}{note} and their paper deadlines, {span}, to {out}")
    return EXIT_OK


def _pack(args: argparse.Namespace) -> int:
    from .core.formatting import format_date
    from .core.governance import find_board, find_meeting, meeting_reference, meeting_title, meetings_of, next_meeting
    from .reports.pack import PackError, PackOptions, Section, source_date, write_pack
    from .storage.register import RegisterError, open_register

    out: Path = args.out
    if problem := _output_problem(out, "pack.pdf", args.register, "pack"):
        return _fail(problem)
    today = _today()
    if today is None:
        return _fail(_BAD_TODAY.format(os.environ["BLUELIGHT_TODAY"]))
    password, problem = _secret_from_file(args.password_file, "password")
    if problem:
        return _fail(problem)
    try:
        with open_register(args.register, read_only=True) as register:
            data = register.load()
            history = register.placement_history()  # the benefits summary's quadrants over time
    except RegisterError as exc:
        return _fail(str(exc))
    if args.meeting is not None:
        meeting = find_meeting(data, args.meeting)
        if meeting is None:
            coming = [meeting_reference(data, m) for m in meetings_of(data, include_cancelled=False) if m.date >= today]
            known = f"Coming meetings: {', '.join(coming[:6])}." if coming else "The register has no coming meetings."
            return _fail(f"There is no meeting {args.meeting} in the register. {known}")
    else:
        board = find_board(data, args.next)
        if board is None:
            return _fail(_no_such_board(data, args.next))
        meeting = next_meeting(data, board.id, today)
        if meeting is None:
            return _fail(f"The {board.name} has no meeting planned from {format_date(today)}. Plan its meetings first.")
    options = PackOptions(
        sections=frozenset(Section) - {Section(name) for name in args.leave_out},
        marking=args.marking,
        password=password,
        published=source_date() or today,
        placement_history=history,
    )
    try:
        result = write_pack(out, data, meeting.id, options)
    except PackError as exc:
        return _fail(str(exc))
    pages = "1 page" if result.pages == 1 else f"{result.pages} pages"
    locked = ", encrypted" if result.encrypted else ""
    print(f"Wrote the pack for the {meeting_title(data, meeting)} ({pages}, {result.marking}{locked}) to {out}")
    for note in result.notes:
        print(f"Note: {note}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .storage.export import export_register, shareable_data
    from .storage.register import Register, RegisterError, check_file, open_register
    from .storage.sealed import passphrase_problem

    out: Path = args.out
    source: Path = args.register
    spreadsheet = out.suffix.lower() != ".bluelight"
    if spreadsheet and args.passphrase_file is not None:
        print("bluelight export: error: --passphrase-file applies to .bluelight exports only", file=sys.stderr)
        return EXIT_USAGE
    if out.is_dir():
        return _fail(f"{out} is a folder; give a file name such as partner{out.suffix}.")
    if not out.parent.is_dir():
        return _fail(f"the folder {out.parent} does not exist.")
    if out.resolve() == source.resolve() or (out.exists() and source.exists() and out.samefile(source)):
        return _fail(f"{out} is the register itself; choose another name for the export.")
    if out.exists() and not args.force:
        return _fail(f"{out} already exists; choose another name or add --force to replace it.")
    passphrase, problem = _secret_from_file(args.passphrase_file, "passphrase")
    if problem:
        return _fail(problem)
    if passphrase is not None and (too_short := passphrase_problem(passphrase)):
        return _fail(f"the passphrase in {args.passphrase_file} is too short. {too_short}")
    if spreadsheet:
        try:
            from .reports.spreadsheet import SpreadsheetError, write_spreadsheet
        except ImportError:
            return _fail("this version cannot write spreadsheets yet; export to a .bluelight file instead.")
        try:
            with open_register(source, read_only=True) as register:
                data = register.load()
        except RegisterError as exc:
            return _fail(str(exc))
        if args.shareable_only:
            data = shareable_data(data)
        try:
            count = write_spreadsheet(data, out, data.settings.marking)
        except SpreadsheetError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"could not write {out}: {exc.strerror or exc}.")
        print(f"Wrote {count} {'opportunity' if count == 1 else 'opportunities'} to {out}")
        return EXIT_OK
    try:
        check_file(source)  # an older register is exported at this version's schema: only its snapshot is upgraded
        with Register(source, read_only=True) as register:
            report = export_register(register, out, shareable_only=args.shareable_only, passphrase=passphrase)
    except RegisterError as exc:
        return _fail(str(exc))
    print(report.summary())
    return EXIT_OK


def _merge(args: argparse.Namespace) -> int:
    from .core.merge import MergeError, conflict_line
    from .files import write_atomically
    from .storage.export import open_received
    from .storage.merge import apply_merge, plan_merge, stopped_report
    from .storage.register import HEAD_REVISION, RegisterError, check_file, open_register

    mine: Path = args.register
    report_path: Path | None = args.report
    if mine.exists() and args.incoming.exists() and mine.resolve() == args.incoming.resolve():
        return _fail(f"{mine} cannot be merged into itself; give the file a partner sent you as INCOMING.")
    if report_path is not None:
        if report_path.is_dir():
            return _fail(f"{report_path} is a folder; give a file name such as merge-report.txt.")
        if not report_path.parent.is_dir():
            return _fail(f"the folder {report_path.parent} does not exist.")
        if any(p.exists() and report_path.resolve() == p.resolve() for p in (mine, args.incoming)):
            return _fail(f"{report_path} is one of the registers; choose another name for the report.")
    passphrase, problem = _secret_from_file(args.passphrase_file, "passphrase")
    if problem:
        return _fail(problem)

    def write_report(text: str) -> str | None:
        if report_path is None:
            return None
        try:
            write_atomically(report_path, lambda temp: temp.write_text(text, encoding="utf-8"))
        except OSError as exc:
            return f"the report could not be written to {report_path}: {exc.strerror or exc}."
        return None

    try:
        found = check_file(mine)
        with open_received(args.incoming, passphrase) as incoming:
            if found.revision != HEAD_REVISION:  # preview on an upgraded private copy: conflicts change nothing
                with open_received(mine) as preview:
                    plan = plan_merge(preview, incoming)
                    stopped = stopped_report(preview, incoming, plan) if plan.conflicts and not args.prefer else None
            else:
                stopped = None
            if stopped is None:
                with open_register(mine) as register:
                    plan = plan_merge(register, incoming)
                    if plan.conflicts and not args.prefer:
                        stopped = stopped_report(register, incoming, plan)
                    else:
                        report = apply_merge(register, incoming, plan, prefer=args.prefer)
    except (RegisterError, MergeError) as exc:
        return _fail(str(exc))
    if stopped is not None:
        for conflict in plan.conflicts:
            print(conflict_line(plan, conflict))
        problem = write_report(stopped.text())
        count = "1 conflict" if len(plan.conflicts) == 1 else f"{len(plan.conflicts)} conflicts"
        print(
            f"bluelight: {count} to resolve, so nothing was merged and {mine.name} is unchanged. Resolve them in the "
            "app (File > Merge), or run again with --prefer mine or --prefer theirs."
            + (f" Also, {problem}" if problem else ""),
            file=sys.stderr,
        )
        return EXIT_CONFLICTS
    print(report.summary())
    print(f"Backup taken first: {report.backup}")
    problem = write_report(report.text())
    if problem:
        return _fail(f"the merge was done, but {problem}")
    if report_path is not None:
        print(f"Wrote the report to {report_path}")
    return EXIT_OK


def _backups(args: argparse.Namespace) -> int:
    from .storage.backups import backups_of, backups_text
    from .storage.register import RegisterError, check_file

    try:
        check_file(args.register, integrity=False)
    except RegisterError as exc:
        return _fail(str(exc))
    found = backups_of(args.register)
    if not found:
        print(f"There are no backups of {args.register.name} yet.")
        return EXIT_OK
    for line in backups_text(found):
        print(line)
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    from .storage.backups import backups_of, restore_backup
    from .storage.register import RegisterError

    register: Path = args.register
    chosen = Path(args.backup)
    if args.backup.isdigit():
        found = backups_of(register)
        number = int(args.backup)
        if not 1 <= number <= len(found):
            listed = f"1 to {len(found)}" if found else "none yet"
            return _fail(f"there is no backup {number} of {register.name} (bluelight backups lists {listed}).")
        chosen = found[number - 1].path
    elif not chosen.is_file():
        return _fail(f"there is no backup at {chosen}; give its path or its number from `bluelight backups`.")
    try:
        result = restore_backup(register, chosen)
    except RegisterError as exc:
        return _fail(str(exc))
    print(result.message())
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    from .core.history import HistoryFilter, filter_history, history_rows
    from .reports.history_csv import write_history_csv
    from .storage.register import RegisterError, open_register

    out: Path = args.out
    if problem := _output_problem(out, "history.csv", args.register, "history"):
        return _fail(problem)
    try:
        with open_register(args.register, read_only=True) as register:
            data = register.load()
            rows = history_rows(register.change_log(), data)
    except RegisterError as exc:
        return _fail(str(exc))
    wanted = HistoryFilter(person=args.by, text=args.search or "", start=args.since, end=args.until)
    chosen = filter_history(rows, wanted) if wanted.active else rows
    try:
        count = write_history_csv(chosen, out, data.settings.marking)
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}.")
    of = f" (of {len(rows):,})" if count != len(rows) else ""
    print(f"Wrote {count:,} {'change' if count == 1 else 'changes'}{of} to {out}")
    return EXIT_OK


def _self_test(args: argparse.Namespace) -> int:
    from .self_test import run

    return run(keep=args.keep)


def _import_spreadsheet(args: argparse.Namespace) -> int:
    from .core.spreadsheet_import import ImportProblem
    from .storage.export import open_received
    from .storage.register import HEAD_REVISION, Register, RegisterError, check_file, open_register
    from .storage.spreadsheet import apply_import, load_mapping, plan_from_table, read_spreadsheet, reference_span

    target: Path = args.register
    source: Path = args.file
    if source.exists() and target.exists() and source.resolve() == target.resolve():
        return _fail(f"{source} is the register itself; give the spreadsheet to import as FILE.")
    try:
        mapping = load_mapping(args.mapping) if args.mapping is not None else None
        found = check_file(target)
        table = read_spreadsheet(source, args.sheet, mapping)
        # Plan without writing: an older register is planned on an upgraded private copy, so a dry run or a sheet
        # with problems never upgrades it.
        opened = Register(target, read_only=True) if found.revision == HEAD_REVISION else open_received(target)
        with opened as reader:
            plan = plan_from_table(reader, table)
    except (RegisterError, ImportProblem) as exc:
        return _fail(str(exc))

    def plural(count: int, word: str) -> str:
        return f"1 {word}" if count == 1 else f"{count:,} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"

    where = f"sheet {table.sheet_name}, " if not table.is_csv else ""
    print(f"Read {source.name} ({where}headers on row {table.header_row}). Columns:")
    for line in plan.mapping_text():
        print(f"  {line}")
    bad = plan.with_problems
    if not plan.rows:
        return _fail(f"{source.name} has no rows to import below its headers; nothing was imported.")
    if bad and not args.skip_bad_rows:
        for line in plan.problems():
            print(line)
        return _fail(
            f"{plural(len(bad), 'row')} {'has a problem' if len(bad) == 1 else 'have problems'}, so nothing was "
            f"imported and {target.name} is unchanged. Put them right in the sheet, or run again with "
            f"--skip-bad-rows to import the other {len(plan.ready):,}."
        )
    ready = plan.ready
    if not ready:
        for line in plan.problems():
            print(line)
        return _fail(f"every row has a problem, so nothing was imported and {target.name} is unchanged.")
    workstreams, organisations = plan.creates(args.skip_bad_rows)
    if args.dry_run:
        print(f"Dry run: nothing was written. Each row that would be imported into {target.name}:")
        for row in ready:
            print(f"  Row {row.number}: {row.opportunity.reference}  {row.opportunity.title}")
            for note in row.notes:
                print(f"    Note: {note}")
    else:
        try:
            with open_register(target) as register:  # an older register is backed up and upgraded here
                plan = plan_from_table(register, table)  # against the file as it is now
                edit = plan.edit(skip_problem_rows=args.skip_bad_rows)
                backup = apply_import(register, edit)
        except (RegisterError, ImportProblem) as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"nothing was imported: {target.name} could not be written ({exc.strerror or exc}).")
        ready = plan.ready
        workstreams, organisations = plan.creates(args.skip_bad_rows)
        for row in ready:
            for note in row.notes:
                print(f"Note: row {row.number}: {note}")
    for line in plan.problems():
        print(f"Left out: {line}")
    count = plural(len(ready), "opportunity")
    made = [
        f"{plural(len(records), f'new {kind}')} ({', '.join(r.name for r in records)})"
        for kind, records in (("organisation", organisations), ("workstream", workstreams))
        if records
    ]
    made_text = " and ".join(made)
    span = reference_span(row.opportunity.reference for row in ready)
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {count} ({span}) into {target.name}" + (f", with {made_text}." if made_text else "."))
    if not args.dry_run:
        print(f"Backup taken first: {backup}")
    return EXIT_OK
