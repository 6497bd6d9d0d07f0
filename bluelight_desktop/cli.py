"""The `bluelight` command: the app, and headless subcommands.

Exit codes for every subcommand: 0 success, 1 a failure explained in one plain line on stderr, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import APP_NAME, __version__

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
SUBCOMMANDS = ("sample", "check")


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
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        args = _subcommand_parser().parse_args(argv)
        try:
            return {"sample": _sample, "check": _check}[args.command](args)
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
