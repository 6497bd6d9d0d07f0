"""Bad input (issue 9): a corpus of mutated register files (tests/reliability/mutants.py: truncated, bits flipped,
pages zeroed, header fields mangled, changed through SQL, other SQLite files, other kinds of file renamed
.bluelight), made from the sample register by a seeded generator, each opened through every door the app has:

- storage.register.open_register(verify=True), then load(): the app's File > Open;
- storage.export.open_received, then load(): File > Open a partner's register;
- storage.merge.plan_merge against a real register (and, for some, apply_merge with every conflict taken from the
  file): File > Merge a partner's register; the receiving register must be byte for byte as it was unless the
  merge was applied;
- the command line `bluelight check` (in-process).

Each file is refused with a RegisterError (or the command line's one line) in plain words, with no traceback, no
sqlite3 or exception names, and left as it was; or it opens, loads, and every value loaded is of the kind the
model says (a text where a number belongs would break a screen later). Never any other exception.

How many files: --fuzz-registers N or BLUELIGHT_FUZZ_REGISTERS (default 1,000); the seed: --fuzz-seed or
BLUELIGHT_FUZZ_SEED. The figures are printed (pytest -s).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import shutil
import sqlite3
import time
import types
import typing
import uuid
from collections import Counter
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from bluelight_desktop import cli
from bluelight_desktop.core.model import RegisterData
from bluelight_desktop.storage.export import open_received
from bluelight_desktop.storage.merge import apply_merge, plan_merge
from bluelight_desktop.storage.register import RegisterError, open_register

from .conftest import plain, reliability_size
from .mutants import register_mutants, table_pages

DEFAULT_FILES = 1000
DEFAULT_SEED = 9
APPLY_EVERY = 20  # every SQL-changed file whose merge can be planned is merged for real, and every so many others

# ------------------------------------------------------------------------------------------------ loaded values


def _kind_problem(value: Any, hint: Any) -> bool:
    """True when `value` is not of the type `hint` (the model's annotations: str, int, bool, date, enums, lists,
    optionals)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return all(_kind_problem(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is not None
    if origin is list:
        (item,) = typing.get_args(hint)
        return not isinstance(value, list) or any(_kind_problem(v, item) for v in value)
    if origin is tuple:
        return not isinstance(value, tuple)
    if hint is bool:
        return not isinstance(value, bool)
    if hint is int:
        return not isinstance(value, int) or isinstance(value, bool)
    if hint is float:
        return not isinstance(value, int | float)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return not isinstance(value, hint)
    if hint is date:
        return not isinstance(value, date)
    if hint is str:
        return not isinstance(value, str)
    return False  # anything else the model holds is not checked here


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def badly_typed(data: RegisterData) -> list[str]:
    """The loaded values that are not of the kind the model declares."""
    problems: list[str] = []
    for holder in dataclasses.fields(data):
        records = getattr(data, holder.name)
        if not isinstance(records, dict):
            records = {"settings": records}
        for key, record in records.items():
            hints = _hints(type(record))
            for field in dataclasses.fields(record):
                value = getattr(record, field.name)
                if _kind_problem(value, hints[field.name]):
                    problems.append(f"{holder.name} {key}: {field.name} = {value!r:.60}")
    return problems


# ------------------------------------------------------------------------------------------------ the doors


@dataclasses.dataclass
class Outcome:
    door: str
    opened: bool
    problem: str | None = None


def _refused(door: str, exc: BaseException, path: Path, original: bytes) -> Outcome:
    problem = plain(str(exc))
    if problem is None and path.read_bytes() != original:
        problem = "the refused file was changed"
    return Outcome(door, False, problem)


def through_open_register(path: Path, original: bytes) -> Outcome:
    try:
        with open_register(path, verify=True) as register:
            data = register.load()
    except RegisterError as exc:
        return _refused("open_register", exc, path, original)
    wrong = badly_typed(data)
    return Outcome("open_register", True, f"loaded values of the wrong kind: {wrong[:3]}" if wrong else None)


def through_open_received(path: Path, original: bytes) -> Outcome:
    try:
        with open_received(path) as received:
            data = received.load()
    except RegisterError as exc:
        return _refused("open_received", exc, path, original)
    if path.read_bytes() != original:
        return Outcome("open_received", True, "the received file was changed")
    wrong = badly_typed(data)
    return Outcome("open_received", True, f"loaded values of the wrong kind: {wrong[:3]}" if wrong else None)


def through_merge(path: Path, original: bytes, receiver: Path, apply: bool) -> Outcome:
    before = receiver.read_bytes()
    try:
        with open_received(path) as incoming, open_register(receiver) as register:
            plan = plan_merge(register, incoming)
            if apply:
                apply_merge(register, incoming, plan, prefer="theirs")
    except RegisterError as exc:
        outcome = _refused("merge", exc, path, original)
        if outcome.problem is None and receiver.read_bytes() != before:
            outcome.problem = "the receiving register changed although the merge was refused"
        return outcome
    if not apply and receiver.read_bytes() != before:
        return Outcome("merge", True, "planning a merge changed the receiving register")
    if apply:
        with open_register(receiver) as register:
            wrong = badly_typed(register.load())
        connection = sqlite3.connect(receiver)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return Outcome("merge", True, "the merged register fails integrity_check")
            if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
                return Outcome("merge", True, "the merged register has dangling references")
        finally:
            connection.close()
        if wrong:
            return Outcome("merge", True, f"the merge wrote values of the wrong kind: {wrong[:3]}")
    return Outcome("merge", True)


def through_cli_check(path: Path, original: bytes) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check", str(path)])
    lines = err.getvalue().splitlines()
    if code == 0:
        return Outcome("bluelight check", True, None if not lines else f"printed on stderr: {lines[:2]}")
    if code != 1 or len(lines) != 1 or not lines[0].startswith("bluelight: "):
        return Outcome("bluelight check", False, f"exit {code}, stderr {err.getvalue()[:300]!r}")
    if "did not expect" in lines[0]:
        return Outcome("bluelight check", False, lines[0][:300])
    problem = plain(lines[0].removeprefix("bluelight: "))
    if problem is None and path.read_bytes() != original:
        problem = "the refused file was changed"
    return Outcome("bluelight check", False, problem)


# ------------------------------------------------------------------------------------------------ the test


@pytest.fixture(scope="module")
def fuzz_base(_sample_master: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, list[int]]]:
    return _sample_master.read_bytes(), table_pages(_sample_master)


def partner_of(sample: Path, folder: Path) -> Path:
    """The sample register under another register id: a partner's register with the same records."""
    receiver = folder / "receiver.bluelight"
    shutil.copyfile(sample, receiver)
    connection = sqlite3.connect(receiver, isolation_level=None)
    try:
        connection.execute("UPDATE setting SET value = ? WHERE key = 'register_id'", (str(uuid.uuid4()),))
    finally:
        connection.close()
    return receiver


def test_every_mutated_register_is_refused_in_plain_words_or_opens_and_loads(
    fuzz_base: tuple[bytes, dict[str, list[int]]],
    _sample_master: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    count = reliability_size(request, "fuzz_registers", DEFAULT_FILES)
    seed = reliability_size(request, "fuzz_seed", DEFAULT_SEED)
    base, pages = fuzz_base
    receiver = partner_of(_sample_master, tmp_path)
    receiver_bytes = receiver.read_bytes()
    mutant = tmp_path / "mutant.bluelight"
    failures: list[str] = []
    figures: Counter[str] = Counter()
    planned = 0
    started = time.perf_counter()
    for label, data in register_mutants(base, pages, seed, count):
        figures["files"] += 1
        for door in ("open_register", "open_received", "merge", "bluelight check"):
            mutant.write_bytes(data)
            for leftover in (Path(f"{mutant}-journal"), Path(f"{mutant}-wal"), Path(f"{mutant}-shm")):
                leftover.unlink(missing_ok=True)
            try:
                if door == "open_register":
                    outcome = through_open_register(mutant, data)
                elif door == "open_received":
                    outcome = through_open_received(mutant, data)
                elif door == "merge":
                    apply = " sql: " in label or planned % APPLY_EVERY == APPLY_EVERY - 1
                    outcome = through_merge(mutant, data, receiver, apply)
                    planned += outcome.opened
                    if apply and outcome.opened:
                        figures["merges applied"] += 1
                    if receiver.read_bytes() != receiver_bytes:
                        receiver.write_bytes(receiver_bytes)
                else:
                    outcome = through_cli_check(mutant, data)
            except Exception as exc:  # the point of the test: never anything but a plain refusal
                failures.append(f"{label}: {door} raised {type(exc).__name__}: {exc}"[:400])
                continue
            figures[f"{door} {'opened' if outcome.opened else 'refused'}"] += 1
            if outcome.problem:
                failures.append(f"{label}: {door}: {outcome.problem}"[:400])
    elapsed = time.perf_counter() - started
    shown = ", ".join(f"{key} {value}" for key, value in sorted(figures.items()))
    print(f"\nregister corpus (seed {seed}): {elapsed:.1f} s; {shown}")
    assert figures["files"] == count
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])
