"""A process for the crash tests (test_crash.py) to kill with SIGKILL: it does real work on a register through the
app's own code and says on stdout, one flushed line at a time, what it has finished.

    python crash_worker.py edits REGISTER COUNTER_ID RUN      a stream of edits until killed
    python crash_worker.py import REGISTER SPREADSHEET        one spreadsheet import (backup, then one Edit)
    python crash_worker.py export REGISTER DEST               one export for a partner
    python crash_worker.py pack REGISTER DEST                 one meeting pack (the first meeting that has one)

Every mode prints READY once it is about to start the work the test wants to interrupt, and DONE when it has
finished. `edits` prints, for each edit, BEGIN before Register.apply is called and ACK after it has returned:

    BEGIN create ID / ACK create ID           a new opportunity
    BEGIN batch ID,ID,... / ACK batch ...     BATCH new opportunities in one Edit (all or nothing)
    BEGIN count N / ACK count N               the counter opportunity's notes set to N
    BEGIN delete ID / ACK delete ID           an opportunity created earlier in this run, deleted
"""

from __future__ import annotations

import copy
import random
import sys
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bluelight_desktop.core.edits import Edit, RecordChange  # noqa: E402
from bluelight_desktop.core.model import Opportunity  # noqa: E402
from bluelight_desktop.storage.register import Register, open_register  # noqa: E402

BATCH = 20  # records in one edit: a transaction of many pages, so that kills land inside it


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def new_opportunity(run: str, number: int) -> Opportunity:
    return Opportunity(
        title=f"Crash trial {run} edit {number}",
        reference=f"CRS-{run}-{number}",
        summary="Written by the crash test's worker. " * 20,  # some bulk, so a transaction spans several pages
        effort=number % 101,
        benefit=(number * 7) % 101,
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"crash/{run}/{number}")),
    )


def edits(register_path: Path, counter_id: str, run: str) -> None:
    register = open_register(register_path)
    data = register.load()
    counter = data.opportunities[counter_id]
    created: list[Opportunity] = []
    choose = random.Random(run)
    say("READY")
    number = 0
    while True:
        number += 1
        roll = choose.random()
        if roll < 0.4 or (roll >= 0.85 and not created):
            record = new_opportunity(run, number)
            say(f"BEGIN create {record.id}")
            register.apply(Edit("Crash test: create", [RecordChange(None, record)]))
            created.append(record)
            say(f"ACK create {record.id}")
        elif roll < 0.6:
            records = [new_opportunity(run, number * 1000 + part) for part in range(BATCH)]
            ids = ",".join(r.id for r in records)
            say(f"BEGIN batch {ids}")
            register.apply(Edit("Crash test: batch", [RecordChange(None, r) for r in records]))
            created.extend(records)
            say(f"ACK batch {ids}")
        elif roll < 0.85:
            after = copy.deepcopy(counter)
            after.notes = str(number)
            say(f"BEGIN count {number}")
            register.apply(Edit("Crash test: count", [RecordChange(counter, after)]))
            counter = after
            say(f"ACK count {number}")
        else:
            record = created.pop(choose.randrange(len(created)))
            say(f"BEGIN delete {record.id}")
            register.apply(Edit("Crash test: delete", [RecordChange(record, None)]))
            say(f"ACK delete {record.id}")


def import_spreadsheet(register_path: Path, spreadsheet: Path) -> None:
    from bluelight_desktop.storage.spreadsheet import apply_import, plan_from_table, read_spreadsheet

    register = open_register(register_path)
    plan = plan_from_table(register, read_spreadsheet(spreadsheet))
    edit = plan.edit()
    say(f"ROWS {len(plan.ready)}")
    say("READY")
    apply_import(register, edit)
    say("DONE")


def export(register_path: Path, dest: Path) -> None:
    from bluelight_desktop.storage.export import export_register

    with Register(register_path, read_only=True) as register:
        say("READY")
        export_register(register, dest)
    say("DONE")


def pack(register_path: Path, dest: Path) -> None:
    from bluelight_desktop.reports.pack import PackOptions, pack_problem, source_date, write_pack

    with open_register(register_path, read_only=True) as register:
        data = register.load()
    meeting = next(m for m in sorted(data.meetings.values(), key=lambda m: m.date) if pack_problem(data, m.id) is None)
    say("READY")
    write_pack(dest, data, meeting.id, PackOptions(published=source_date()))
    say("DONE")


def main(argv: list[str]) -> None:
    mode, register = argv[0], Path(argv[1])
    if mode == "edits":
        edits(register, argv[2], argv[3])
    elif mode == "import":
        import_spreadsheet(register, Path(argv[2]))
    elif mode == "export":
        export(register, Path(argv[2]))
    elif mode == "pack":
        pack(register, Path(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
