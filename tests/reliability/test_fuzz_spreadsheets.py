"""Bad input (issue 9): mutated spreadsheets (tests/reliability/mutants.py: workbooks cut short, bits flipped,
parts of the zip removed or their XML broken, huge shared strings, formulas, odd cells; CSV in odd encodings,
with NUL bytes, unbalanced quotes, huge cells, thousands of columns; binary junk, PDFs and databases under
spreadsheet names), each imported through the app's own paths:

- storage.spreadsheet.read_spreadsheet, plan_from_table and apply_import (skipping rows with problems) into a
  real register: refused with an ImportProblem in plain words and the register byte for byte as it was, or
  imported whole (the count of opportunities goes up by exactly the rows imported) with every value loaded of
  the kind the model declares;
- the command line `bluelight import --dry-run` (in-process): exit 0, or 1 with one plain line; the register
  unchanged either way.

How many files: --fuzz-spreadsheets N or BLUELIGHT_FUZZ_SPREADSHEETS (default 111, three of each kind).
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from bluelight_desktop import cli
from bluelight_desktop.core.spreadsheet_import import ImportProblem
from bluelight_desktop.storage.register import RegisterError, open_register
from bluelight_desktop.storage.spreadsheet import apply_import, plan_from_table, read_spreadsheet

from .conftest import plain, reliability_size
from .mutants import spreadsheet_mutants
from .test_fuzz_registers import badly_typed

DEFAULT_FILES = 111
DEFAULT_SEED = 9


def live_opportunities(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM opportunity WHERE deleted_at IS NULL").fetchone()[0])
    finally:
        connection.close()


def import_through_storage(sheet: Path, register_path: Path, original: bytes) -> tuple[str, str | None]:
    """('refused' | 'imported N', problem or None)."""
    before = live_opportunities(register_path)
    try:
        table = read_spreadsheet(sheet)
        with open_register(register_path) as register:
            plan = plan_from_table(register, table)
            ready = len(plan.ready)
            if not ready:
                return "nothing to import", None if register_path.read_bytes() == original else "register changed"
            apply_import(register, plan.edit(skip_problem_rows=True))
    except (ImportProblem, RegisterError) as exc:
        problem = plain(str(exc))
        if problem is None and register_path.read_bytes() != original:
            problem = "the register changed although the import was refused"
        return "refused", problem
    after = live_opportunities(register_path)
    if after != before + ready:
        return f"imported {ready}", f"{after - before} opportunities added for {ready} rows"
    with open_register(register_path) as register:
        wrong = badly_typed(register.load())
    return f"imported {ready}", f"imported values of the wrong kind: {wrong[:3]}" if wrong else None


def dry_run_through_cli(sheet: Path, register_path: Path, original: bytes) -> tuple[str, str | None]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["import", "--dry-run", str(register_path), str(sheet)])
    lines = err.getvalue().splitlines()
    if register_path.read_bytes() != original:
        return "changed", "a dry run changed the register"
    if code == 0 and not lines:
        return "would import", None
    if code != 1 or len(lines) != 1 or not lines[0].startswith("bluelight: "):
        return "broken", f"exit {code}, stderr {err.getvalue()[:300]!r}"
    if "did not expect" in lines[0]:
        return "broken", lines[0][:300]
    return "refused", plain(lines[0].removeprefix("bluelight: "))


def test_every_mutated_spreadsheet_is_refused_in_plain_words_or_imported_whole(
    sample_path: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    count = reliability_size(request, "fuzz_spreadsheets", DEFAULT_FILES)
    seed = reliability_size(request, "fuzz_seed", DEFAULT_SEED)
    original = sample_path.read_bytes()
    failures: list[str] = []
    figures: Counter[str] = Counter()
    started = time.perf_counter()
    for label, suffix, data in spreadsheet_mutants(seed, count):
        figures["files"] += 1
        sheet = tmp_path / f"sheet{suffix}"
        sheet.write_bytes(data)
        for door, run in (("import", import_through_storage), ("bluelight import --dry-run", dry_run_through_cli)):
            try:
                outcome, problem = run(sheet, sample_path, original)
            except Exception as exc:  # the point of the test: never anything but a plain refusal
                failures.append(f"{label}: {door} raised {type(exc).__name__}: {exc}"[:400])
                outcome, problem = "raised", None
            figures[f"{door} {outcome.split()[0]}"] += 1
            if problem:
                failures.append(f"{label}: {door}: {problem}"[:400])
            if sample_path.read_bytes() != original:
                sample_path.write_bytes(original)
    elapsed = time.perf_counter() - started
    shown = ", ".join(f"{key} {value}" for key, value in sorted(figures.items()))
    print(f"\nspreadsheet corpus (seed {seed}): {elapsed:.1f} s; {shown}")
    assert figures["files"] == count
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


@pytest.mark.parametrize("cell", ["9" * 400, 1e308, "£2,000,000,000,000,000"])
def test_a_figure_too_large_for_money_or_a_score_is_refused_in_words(cell: object) -> None:
    """Found by the corpus: Decimal could not round such a cell and the import stopped with InvalidOperation."""
    from bluelight_desktop.core.spreadsheet_import import parse_money, parse_score

    with pytest.raises(ValueError, match="far too large for an amount of money"):
        parse_money(cell)
    with pytest.raises(ValueError, match="is not a number from 0 to 100"):
        parse_score(cell)
